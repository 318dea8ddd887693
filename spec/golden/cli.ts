/**
 * `deno task golden [FILE]`: compares nnspec with a PyTorch reference file
 * (default: spec/golden/torch-public.json; `-` reads standard input) and exits 1 on any
 * disagreement, 2 when the file cannot be read or holds no section nnspec knows.
 */
import { formatGolden, runGolden, unknownSections } from "./run.ts";

const file = Deno.args[0] ?? new URL("./torch-public.json", import.meta.url);
let reference: Record<string, unknown>;
try {
  const text = file === "-"
    ? await new Response(Deno.stdin.readable).text()
    : await Deno.readTextFile(file);
  reference = JSON.parse(text);
} catch (error) {
  console.error(`golden: cannot read ${String(file)}: ${(error as Error).message}`);
  Deno.exit(2);
}
const results = runGolden(reference);
console.log(formatGolden(results));
for (const key of unknownSections(reference)) {
  console.log(`${key}: not a section nnspec knows (skipped)`);
}
if (results.length === 0) {
  console.error(`golden: ${String(file)} holds no section nnspec knows; nothing was compared`);
  Deno.exit(2);
}
const failed = results.some((r) => r.failures.length > 0);
Deno.exit(failed ? 1 : 0);
