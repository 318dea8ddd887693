/**
 * `deno task audit --scan` on the seed sheet, warm (the module loaded and the parser's
 * dictionaries built by a first scan before timing), next to its peer: the Compute Engine
 * parsing every math fragment of the seed once, the part of the work no scanner can avoid.
 * The difference is the scanner's own cost (finding chains, substituting, evaluating under
 * three log readings, writing the report).
 *
 * The target is under 1 s warm; the README states the time measured here. No test
 * asserts a wall-clock time.
 *
 * Run: deno task bench bench/scan_bench.ts
 */
import { ComputeEngine } from "../audit/_compute_engine.ts";
import { scanText } from "../audit/scan.ts";
import { findFragments } from "../audit/_scan_tex.ts";

const seed = Deno.readTextFileSync(new URL("../audit/sheets/seed.txt", import.meta.url));
const first = scanText(seed, { source: "seed.txt" });
if (first.summary.claims < 20) throw new Error("the seed scan should check at least 20 steps");
const bodies = findFragments(seed, 10_000).map((f) => f.body);
const engine = new ComputeEngine();
for (const b of bodies) engine.parse(b, { form: "raw" });

Deno.bench("scanText(seed): the whole scan, warm", { group: "seed", baseline: true }, () => {
  scanText(seed, { source: "seed.txt" });
});

Deno.bench("peer: Compute Engine parse of the seed's math fragments", { group: "seed" }, () => {
  for (const b of bodies) engine.parse(b, { form: "raw" });
});
