/**
 * Smoke tests for examples/: every script a reader copies from must still run and exit 0,
 * so none can rot. Each example asserts its own results, so "exit 0" means "still right".
 */
import { ok, strictEqual } from "node:assert/strict";

const dir = new URL("../examples/", import.meta.url);
const scripts: string[] = [];
for await (const entry of Deno.readDir(dir)) {
  if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.startsWith("_")) {
    scripts.push(entry.name);
  }
}
scripts.sort();

Deno.test("examples/ holds at least one script", () => {
  ok(scripts.length > 0);
});

for (const name of scripts) {
  Deno.test(`examples/${name} runs and exits 0`, async () => {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", new URL(name, dir).pathname],
      stdout: "null",
      stderr: "piped",
    }).output();
    strictEqual(code, 0, new TextDecoder().decode(stderr));
  });
}
