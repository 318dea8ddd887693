/**
 * GFLOP/s of conv2d across four sizes spanning 64 times the work (16 channels to 16
 * filters, 3x3, padding "same", on 16x16 up to 128x128), nnspec and TF.js's CPU backend
 * measured alternately in the same process. Each size runs for about `--ms` milliseconds
 * per library (default 1500) and reports the median of its rounds, which resists the
 * bursts of a shared machine better than the mean. Issue 13 asks that nnspec's GFLOP/s stay
 * within ±30% across the sizes (the spread is printed).
 *
 * Run: deno task bench:scaling (also the last step of deno task bench)
 */
import { conv2d } from "../mod.ts";
import { agree, tf, toHwio, toNhwc, uniform } from "./_peer.ts";

const msArg = Deno.args.indexOf("--ms");
const budget = msArg >= 0 ? Number(Deno.args[msArg + 1]) : 1500;

/** Median milliseconds per call of `f`, over rounds filling about `ms` (after a warm-up). */
function median(f: () => void, ms: number): number {
  for (let i = 0; i < 3; i++) f();
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < ms || times.length < 5) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const [C, F, K] = [16, 16, 3];
const rows: { size: number; flop: number; ours: number; theirs: number }[] = [];
for (const size of [16, 32, 64, 128]) {
  const x = uniform([C, size, size]), w = uniform([F, C, K, K]);
  const tx = toNhwc(x), tw = toHwio(w);
  const y = tf.conv2d(tx, tw, 1, "same");
  agree(`scaling ${size}`, conv2d(x, w, { padding: "same" }), y);
  y.dispose();
  const flop = 2 * F * size * size * C * K * K;
  const ours = median(() => conv2d(x, w, { padding: "same" }), budget);
  const theirs = median(() => {
    const t = tf.conv2d(tx, tw, 1, "same");
    t.dataSync();
    t.dispose();
  }, budget);
  rows.push({ size, flop, ours, theirs });
}

const gflops = (flop: number, ms: number) => flop / ms / 1e6;
console.log("conv2d 16 -> 16 channels, 3x3 same: median time per call, GFLOP/s, ratio");
console.log(
  "| input | MFLOP | nnspec ms | nnspec GFLOP/s | TF.js ms | TF.js GFLOP/s | TF.js / nnspec |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| 16x${r.size}x${r.size} | ${(r.flop / 1e6).toFixed(1)} | ${r.ours.toFixed(3)} | ${
      gflops(r.flop, r.ours).toFixed(2)
    } | ${r.theirs.toFixed(3)} | ${gflops(r.flop, r.theirs).toFixed(2)} | ${
      (r.theirs / r.ours).toFixed(2)
    } |`,
  );
}
const rates = rows.map((r) => gflops(r.flop, r.ours));
const mid = (Math.max(...rates) + Math.min(...rates)) / 2;
console.log(
  `nnspec GFLOP/s from ${Math.min(...rates).toFixed(2)} to ${Math.max(...rates).toFixed(2)}: ` +
    `${mid.toFixed(2)} ± ${(100 * (Math.max(...rates) - mid) / mid).toFixed(0)}% (target ±30%)`,
);
