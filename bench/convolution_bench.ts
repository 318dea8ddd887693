/**
 * conv2d on a CIFAR-sized input (3 channels, 32x32, eight 3x3 filters, padding "same",
 * stride 1) next to TensorFlow.js's CPU backend in the same run. `deno bench` prints
 * TF.js's time relative to nnspec's (the baseline).
 *
 * No pass/fail target is set: nnspec's conv2d is a plain loop written to be read next to
 * its formula, while TF.js's CPU kernel is tuned for speed; the numbers say how much
 * readability costs on this machine, not whether a change is acceptable.
 *
 * Both compute the same numbers: the setup checks that they agree to 1e-4 (TF.js computes
 * in float32; the entries are sums of 27 products of numbers in [-1, 1]) before timing.
 *
 * Run: deno task bench
 */
// The peer is pinned here rather than in deno.json's imports: only this benchmark uses it,
// and the library itself must never import it.
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
import { conv2d, mulberry32, Tensor } from "../mod.ts";

const [C, H, W, F, K] = [3, 32, 32, 8, 3];
const random = mulberry32(7);
const uniform = (n: number) => Array.from({ length: n }, () => 2 * random() - 1);

// nnspec: channels-first input [C][H][W], weight [F][C][K][K]
const input = new Tensor([C, H, W], uniform(C * H * W));
const weight = new Tensor([F, C, K, K], uniform(F * C * K * K));

// TF.js: channels-last input [1][H][W][C], filter [K][K][C][F], the same numbers moved
await tf.setBackend("cpu");
const hwc = new Float32Array(H * W * C);
for (let c = 0; c < C; c++) {
  for (let r = 0; r < H * W; r++) hwc[r * C + c] = input.data[c * H * W + r];
}
const kkcf = new Float32Array(K * K * C * F);
for (let f = 0; f < F; f++) {
  for (let c = 0; c < C; c++) {
    for (let u = 0; u < K * K; u++) {
      kkcf[(u * C + c) * F + f] = weight.data[(f * C + c) * K * K + u];
    }
  }
}
const tfInput = tf.tensor4d(hwc, [1, H, W, C]);
const tfFilter = tf.tensor4d(kkcf, [K, K, C, F]);

// agree before timing: TF.js output [1][H][W][F] against nnspec's [F][H][W]
const ours = conv2d(input, weight, { padding: "same" });
const theirs = tf.conv2d(tfInput, tfFilter, 1, "same").dataSync();
for (let f = 0; f < F; f++) {
  for (let r = 0; r < H * W; r++) {
    const difference = Math.abs(ours.data[f * H * W + r] - theirs[r * F + f]);
    if (difference > 1e-4) throw new Error(`bench setup: outputs differ by ${difference}`);
  }
}

Deno.bench({
  name: "nnspec conv2d 3x32x32, 8 filters 3x3, same",
  group: "conv2d",
  baseline: true,
}, () => {
  conv2d(input, weight, { padding: "same" });
});

Deno.bench({
  name: "TF.js (CPU backend) conv2d, same shapes",
  group: "conv2d",
}, () => {
  const y = tf.conv2d(tfInput, tfFilter, 1, "same");
  y.dataSync();
  y.dispose();
});
