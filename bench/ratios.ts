/**
 * The ratios of issue 13 measured robustly on a shared machine: for every group of
 * bench/kernels_bench.ts, nnspec's call and TF.js's call alternate (nnspec, TF.js, nnspec,
 * ...) for about `--ms` milliseconds (default 2000), so a burst of load from other processes
 * hits both alike, and each side's median time is reported with the ratio
 * TF.js / nnspec against its target. `deno bench` reports the same groups' means.
 *
 * Run: deno task bench:ratios [--ms N]
 */
import { CASES } from "./_peer.ts";
import { NESTED } from "./kernels_bench.ts";

const msArg = Deno.args.indexOf("--ms");
const budget = msArg >= 0 ? Number(Deno.args[msArg + 1]) : 2000;

/** Median times (ms) of `a` and `b` called alternately for about `ms` milliseconds. */
function alternate(a: () => unknown, b: () => unknown, ms: number): [number, number] {
  for (let i = 0; i < 3; i++) a(), b();
  const ta: number[] = [], tb: number[] = [];
  const start = performance.now();
  while (performance.now() - start < ms || ta.length < 7) {
    let t = performance.now();
    a();
    ta.push(performance.now() - t);
    t = performance.now();
    b();
    tb.push(performance.now() - t);
  }
  const median = (v: number[]) => v.sort((x, y) => x - y)[v.length >> 1];
  return [median(ta), median(tb)];
}

const ms = (t: number) => (t < 1 ? t.toFixed(3) : t.toFixed(1));
console.log(`Alternating medians, about ${budget} ms per group`);
console.log("| group | nnspec ms | TF.js ms | TF.js / nnspec | target | met |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
for (const c of CASES) {
  const [ours, theirs] = alternate(c.ours, c.theirs, budget);
  const ratio = theirs / ours;
  const target = c.target === null ? "none" : `≥ ${c.target}×`;
  const met = c.target === null ? "" : ratio >= c.target ? "yes" : "**no**";
  console.log(
    `| ${c.group} | ${ms(ours)} | ${ms(theirs)} | ${ratio.toFixed(2)}× | ${target} | ${met} |`,
  );
}
const [nested, flat] = alternate(NESTED[0], NESTED[1], budget);
console.log(
  `tensor() on nested arrays: ${ms(nested)} ms, on a Tensor: ${ms(flat)} ms, ratio ${
    (nested / flat).toFixed(1)
  }× (issue 13 asks for at most 2×; tensor() is issue 10's)`,
);
