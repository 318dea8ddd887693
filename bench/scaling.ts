/**
 * GFLOP/s of conv2d across four sizes spanning 64 times the work (16 channels to 16
 * filters, 3x3, padding "same", on 16x16 up to 128x128), nnspec and TF.js's CPU backend
 * measured in the same process, round robin (every size and library once per round) for
 * about `--ms` milliseconds per size (default 1500), reporting each one's median: that
 * resists the bursts of a shared machine better than the mean. Issue 13 asks that nnspec's GFLOP/s stay
 * within ±30% across the sizes (the spread is printed).
 *
 * Run: deno task bench:scaling (also the last step of deno task bench)
 */
import { conv2d } from "../mod.ts";
import { agree, tf, toHwio, toNhwc, uniform } from "./_peer.ts";

const msArg = Deno.args.indexOf("--ms");
const budget = msArg >= 0 ? Number(Deno.args[msArg + 1]) : 1500;

const [C, F, K] = [16, 16, 3];
const sizes = [16, 32, 64, 128];
const calls = sizes.map((size) => {
  const x = uniform([C, size, size]), w = uniform([F, C, K, K]);
  const tx = toNhwc(x), tw = toHwio(w);
  const y = tf.conv2d(tx, tw, 1, "same");
  agree(`scaling ${size}`, conv2d(x, w, { padding: "same" }), y);
  y.dispose();
  return {
    size,
    flop: 2 * F * size * size * C * K * K,
    ours: () => conv2d(x, w, { padding: "same" }),
    theirs: () => {
      const t = tf.conv2d(tx, tw, 1, "same");
      t.dataSync();
      t.dispose();
    },
    oursTimes: [] as number[],
    theirsTimes: [] as number[],
  };
});

// Round robin: every round calls every size once with each library, so a burst of load
// from other processes falls on all sizes alike; the warm-up rounds are not counted.
const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
for (let round = 0; round < 2; round++) for (const c of calls) c.ours(), c.theirs();
const start = performance.now();
while (performance.now() - start < budget * sizes.length || calls[3].oursTimes.length < 5) {
  for (const c of calls) {
    c.oursTimes.push(time(c.ours));
    c.theirsTimes.push(time(c.theirs));
  }
}
const median = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
const rows = calls.map((c) => ({
  size: c.size,
  flop: c.flop,
  ours: median(c.oursTimes),
  theirs: median(c.theirsTimes),
}));

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
