/**
 * The higher anchor: nnspec beside TensorFlow.js's WebAssembly backend (float32, compiled
 * kernels with SIMD where the runtime has it), for the four conv2d shapes and dense at
 * batch 64. No target is set against it; it shows how far plain float64 TypeScript is from
 * compiled code. This file runs in its own worker, so the CPU groups of
 * bench/kernels_bench.ts keep TF.js's CPU backend.
 *
 * Run: deno task bench
 */
import { conv2d, dense } from "../mod.ts";
import { agree, pair, tf, toHwio, toNhwc, uniform, useWasm } from "./_peer.ts";

await useWasm();

for (
  const [C, H, F, K, stride, padding] of [
    [3, 32, 8, 3, 1, "same"],
    [16, 64, 32, 3, 1, "same"],
    [64, 28, 64, 5, 1, "valid"],
    [3, 224, 64, 7, 2, "same"],
  ] as const
) {
  const what = `${C}x${H}x${H} -> ${F}, ${K}x${K}${
    stride > 1 ? ` stride ${stride}` : ""
  } ${padding}`;
  const x = uniform([C, H, H]), w = uniform([F, C, K, K]);
  const tx = toNhwc(x), tw = toHwio(w);
  const ours = () => conv2d(x, w, { stride, padding });
  const theirs = () => tf.conv2d(tx, tw, stride, padding);
  const y = theirs();
  agree(`wasm ${what}`, ours(), y);
  y.dispose();
  pair(`conv2d ${what} (TF.js wasm)`, [`conv2d ${what}`, ours], [`conv2d ${what}`, theirs], null);
}

{
  const x = uniform([64, 1024]), w = uniform([1024, 1024]), b = uniform([1024]);
  const tx = tf.tensor2d(Float32Array.from(x.data), [64, 1024]);
  const tw = tf.tensor2d(Float32Array.from(w.data), [1024, 1024]);
  const tb = tf.tensor1d(Float32Array.from(b.data));
  const ours = () => dense(x, w, b);
  const theirs = () => tf.tidy(() => tf.add(tf.matMul(tx, tw, false, true), tb));
  const y = theirs();
  agree("wasm dense", ours(), y);
  y.dispose();
  pair("dense 1024 -> 1024, batch 64 (TF.js wasm)", ["dense batch 64", ours], [
    "matMul + add, batch 64",
    theirs,
  ], null);
}
