/**
 * nnspec's kernels next to TensorFlow.js's CPU backend, one `deno bench` group per
 * operation, both measured in the same run. nnspec is each group's baseline, so `deno bench`
 * prints how many times slower TF.js is: the ratio of issue 13, TF.js time / nnspec time.
 * Every group first checks that the two compute the same numbers (TF.js to float32
 * precision). GFLOP/s across sizes: bench/scaling.ts.
 *
 * Run: deno task bench
 */
import {
  avgPool2d,
  conv2d,
  convSigmoidDenseBackprop,
  convTranspose2d,
  dense,
  maxPool2d,
  Tensor,
  tensor,
} from "../mod.ts";
import { agree, pair, tf, toHwio, toNhwc, uniform } from "./_peer.ts";

/** tensor() on nested arrays, then on a Tensor of the same numbers (for bench/ratios.ts). */
export const NESTED: (() => unknown)[] = [];

/** Registers the nnspec and TF.js rows of conv2d on C x H x H -> F filters K x K. */
function convGroup(
  C: number,
  H: number,
  F: number,
  K: number,
  stride: number,
  padding: "same" | "valid",
) {
  const what = `${C}x${H}x${H} -> ${F}, ${K}x${K}${
    stride > 1 ? ` stride ${stride}` : ""
  } ${padding}`;
  const x = uniform([C, H, H]), w = uniform([F, C, K, K]);
  const tx = toNhwc(x), tw = toHwio(w);
  const ours = () => conv2d(x, w, { stride, padding });
  const theirs = () => tf.conv2d(tx, tw, stride, padding);
  const y = theirs();
  agree(what, ours(), y);
  y.dispose();
  pair(`conv2d ${what}`, [`conv2d ${what}`, ours], [`conv2d ${what}`, theirs], 2);
}

convGroup(3, 32, 8, 3, 1, "same");
convGroup(16, 64, 32, 3, 1, "same");
convGroup(64, 28, 64, 5, 1, "valid");
convGroup(3, 224, 64, 7, 2, "same");

// convTranspose2d 32x32x32 -> 16, 4x4, stride 2, padding 1: a 64x64 output. TF.js's "same"
// for this output crops the same (one row and one column at each end).
{
  const x = uniform([32, 32, 32]);
  const w = uniform([32, 16, 4, 4]); // [C_in][C_out][kH][kW]
  const tx = toNhwc(x), tw = toHwio(w); // [kH][kW][C_out][C_in]
  const ours = () => convTranspose2d(x, w, { stride: 2, padding: 1 });
  const theirs = () => tf.conv2dTranspose(tx, tw, [1, 64, 64, 16], 2, "same");
  const y = theirs();
  agree("convTranspose2d", ours(), y);
  y.dispose();
  pair(
    "convTranspose2d 32x32x32 -> 16, 4x4 stride 2 pad 1",
    ["convTranspose2d 4x4 stride 2 pad 1", ours],
    ["conv2dTranspose, same shapes", theirs],
  );
}

// pools: 3x3 windows at stride 2 on 64x112x112, no padding (55x55 out)
{
  const x = uniform([64, 112, 112]);
  const tx = toNhwc(x);
  const pools = [
    [
      "maxPool2d",
      () => maxPool2d(x, { kernel: 3, stride: 2 }),
      "maxPool",
      () => tf.maxPool(tx, 3, 2, "valid"),
    ],
    [
      "avgPool2d",
      () => avgPool2d(x, { kernel: 3, stride: 2 }),
      "avgPool",
      () => tf.avgPool(tx, 3, 2, "valid"),
    ],
  ] as const;
  for (const [op, ours, peerOp, theirs] of pools) {
    const y = theirs();
    agree(op, ours(), y);
    y.dispose();
    pair(`${op} 64x112x112, 3x3 stride 2`, [`${op} 3x3 stride 2`, ours], [
      `${peerOp}, same shapes`,
      theirs,
    ]);
  }
}

// dense 1024 -> 1024 with a bias, at batch 1 and 64
for (const batch of [1, 64]) {
  const x = uniform([batch, 1024]);
  const w = uniform([1024, 1024]); // [n_out][n_in]
  const b = uniform([1024]);
  const tx = tf.tensor2d(Float32Array.from(x.data), [batch, 1024]);
  const tw = tf.tensor2d(Float32Array.from(w.data), [1024, 1024]);
  const tb = tf.tensor1d(Float32Array.from(b.data));
  const ours = () => dense(x, w, b);
  const theirs = () => tf.tidy(() => tf.add(tf.matMul(tx, tw, false, true), tb));
  const y = theirs();
  agree(`dense batch ${batch}`, ours(), y);
  y.dispose();
  pair(
    `dense 1024 -> 1024, batch ${batch}`,
    [`dense batch ${batch}`, ours],
    [`matMul + add, batch ${batch}`, theirs],
  );
}

// The question-5 network's backward pass on a 28x28 input, a 5x5 kernel and 10 outputs. The
// peer runs the same chain rule with TF.js's kernels (tfjs-core's node build registers no
// automatic gradients): forward, delta^f, dE/dWf, dE/dc = Wf^T delta^f, delta^c, and
// dE/dwc = x cross-correlated with delta^c.
{
  const x = uniform([28, 28]);
  const wc = uniform([5, 5]);
  const Wf = new Tensor([10, 576], uniform([10, 576]).data.map((v) => v / 24));
  const bf = uniform([10]);
  const y = uniform([10]).data.map((v) => (v + 1) / 2);
  const tx = tf.tensor4d(Float32Array.from(x.data), [1, 28, 28, 1]);
  const ty = tf.tensor2d(Float32Array.from(y), [1, 10]);
  const twc = tf.tensor4d(Float32Array.from(wc.data), [5, 5, 1, 1]);
  const tWf = tf.tensor2d(Float32Array.from(Wf.data), [10, 576]);
  const tbf = tf.tensor2d(Float32Array.from(bf.data), [1, 10]);
  const ours = () =>
    convSigmoidDenseBackprop({ x, y: new Tensor([10], y) }, { wc, bc: 0.125, Wf, bf });
  const theirs = () =>
    tf.tidy(() => {
      const nc = tf.add(tf.conv2d(tx, twc, 1, "valid"), 0.125); // [1][24][24][1]
      const c = tf.sigmoid(nc);
      const flat = tf.reshape(c, [1, 576]);
      const o = tf.sigmoid(tf.add(tf.matMul(flat, tWf, false, true), tbf)); // [1][10]
      const deltaF = tf.mul(tf.mul(tf.sub(o, ty), 2), tf.mul(o, tf.sub(1, o)));
      const gradWf = tf.matMul(deltaF, flat, true, false); // [10][576]
      const dE_dc = tf.matMul(deltaF, tWf); // [1][576]
      const deltaC = tf.mul(tf.reshape(dE_dc, [1, 24, 24, 1]), tf.mul(c, tf.sub(1, c)));
      const gradWc = tf.conv2d(tx, tf.reshape(deltaC, [24, 24, 1, 1]) as tf.Tensor4D, 1, "valid");
      return [gradWc, tf.sum(deltaC), gradWf, deltaF];
    });
  const g = theirs();
  agree("question-5 dE/dwc", ours().gradients.wc, g[0], 1e-4);
  agree("question-5 dE/dWf", ours().gradients.Wf, g[2], 1e-4);
  tf.dispose(g);
  pair(
    "question-5 backward pass, 28x28 input, 5x5 kernel, 10 outputs",
    ["convSigmoidDenseBackprop", ours],
    ["the same chain rule in TF.js ops", theirs],
  );
}

// tensor(): reading a 3x224x224 image typed as nested arrays against validating a Tensor
// (issue 13 asks for at most 2x; tensor() itself is issue 10's), with TF.js's tf.tensor on
// the same nested arrays as the peer.
{
  const t = uniform([3, 224, 224]);
  const nested = t.toArray();
  pair(
    "tensor() 3x224x224: nested arrays",
    ["tensor(nested arrays)", () => tensor(nested)],
    ["tf.tensor(nested arrays)", () => tf.tensor(nested as number[][][])],
    null,
  );
  Deno.bench({
    name: "nnspec tensor(Tensor): the finiteness scan",
    group: "tensor() 3x224x224: nested arrays",
  }, () => {
    tensor(t);
  });
  // issue 13: nested arrays should cost at most 2x a Tensor's validation
  NESTED.push(() => tensor(nested), () => tensor(t));
}
