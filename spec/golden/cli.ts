/**
 * `deno task golden [FILE]`: compares nnspec with a PyTorch reference file
 * (default: spec/golden/torch-public.json) and exits 1 on any disagreement.
 */
import { formatGolden, runGolden } from "./run.ts";

const file = Deno.args[0] ?? new URL("./torch-public.json", import.meta.url);
let reference: Record<string, unknown>;
try {
  reference = JSON.parse(await Deno.readTextFile(file));
} catch (error) {
  console.error(`golden: cannot read ${String(file)}: ${(error as Error).message}`);
  Deno.exit(2);
}
const results = runGolden(reference);
console.log(formatGolden(results));
const failed = results.some((r) => r.failures.length > 0);
Deno.exit(failed ? 1 : 0);
