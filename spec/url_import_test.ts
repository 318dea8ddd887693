/**
 * nnspec must work when a script imports it by URL, with no permissions and no
 * dependencies. This test serves the repository on 127.0.0.1, then runs a script in a
 * separate Deno process that may import from that address and do nothing else: no file
 * access, no network beyond the import, no environment, no config file or import map.
 */
import { strictEqual } from "node:assert/strict";
import { withServedRepo } from "./_serve.ts";

Deno.test("a script imports mod.ts by URL with only --allow-import and reproduces the document", async () => {
  await withServedRepo(async (origin, port, requested) => {
    const script = `
      import { binaryCrossEntropy, conv2d, neuron } from "${origin}/mod.ts";
      const y = neuron([2, 1], [0.2, 0.3], 0.1, { activation: "sigmoid" });
      const out = conv2d([[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]], [[0, 0], [1, 1]]);
      console.log(JSON.stringify({
        y: y.toFixed(5),
        bits: binaryCrossEntropy(y, 1, { base: 2 }).toFixed(5),
        conv: out.toArray(),
      }));
    `;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-config",
        "--no-lock",
        `--allow-import=127.0.0.1:${port}`,
        `--reload=${origin}`,
        "-",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(script));
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    strictEqual(code, 0, new TextDecoder().decode(stderr));
    strictEqual(
      new TextDecoder().decode(stdout).trim(),
      JSON.stringify({ y: "0.68997", bits: "0.53539", conv: [[1, 1, 1], [0, 1, 3], [0, 0, 1]] }),
    );
    // Everything the library needed came from lib/ (no npm, no other host).
    strictEqual(requested.every((p) => p === "/mod.ts" || p.startsWith("/lib/")), true);
  });
});
