/**
 * The peer of the benchmarks, TensorFlow.js with its CPU backend (float32, JavaScript
 * kernels), and the layout moves between nnspec (channels-first, float64) and TF.js
 * (channels-last, float32). Only bench/ uses it; the library never imports it.
 */
// The peer is pinned here rather than in deno.json's imports: only the benchmarks use it.
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
import { mulberry32, Tensor } from "../mod.ts";

export { tf };
await tf.setBackend("cpu");

/** The peer's name in row names: TF.js with the backend in use. */
let peerName = "TF.js (CPU)";

/**
 * Switches this process's TF.js to its WebAssembly backend (the higher anchor; each bench
 * file runs in its own worker, so the CPU groups of the other files are unaffected).
 */
export async function useWasm(): Promise<void> {
  // deno-lint-ignore no-import-prefix
  await import("npm:@tensorflow/tfjs-backend-wasm@4.22.0");
  if (!(await tf.setBackend("wasm"))) throw new Error("bench: TF.js's wasm backend did not start");
  peerName = "TF.js (wasm)";
}

const random = mulberry32(13);

/** A tensor of the given shape with entries uniform in [-1, 1]. */
export function uniform(shape: number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(shape, Array.from({ length: size }, () => 2 * random() - 1));
}

/** `[C][H][W]` as TF.js's `[1][H][W][C]`. */
export function toNhwc(x: Tensor): tf.Tensor4D {
  const [C, H, W] = x.shape;
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) {
    for (let p = 0; p < H * W; p++) out[p * C + c] = x.data[c * H * W + p];
  }
  return tf.tensor4d(out, [1, H, W, C]);
}

/**
 * `[A][B][kH][kW]` as TF.js's `[kH][kW][B][A]`: for conv2d A = filters, B = channels; for
 * a transposed convolution A = input channels, B = output channels.
 */
export function toHwio(w: Tensor): tf.Tensor4D {
  const [A, B, kh, kw] = w.shape;
  const out = new Float32Array(A * B * kh * kw);
  for (let a = 0; a < A; a++) {
    for (let b = 0; b < B; b++) {
      for (let u = 0; u < kh * kw; u++) {
        out[(u * B + b) * A + a] = w.data[(a * B + b) * kh * kw + u];
      }
    }
  }
  return tf.tensor4d(out, [kh, kw, B, A]);
}

/**
 * Throws unless nnspec's output (`[C][H][W]`, or any shape read flat) and TF.js's
 * (`[1][H][W][C]`, or the same flat order) agree within `tolerance`: TF.js computes in
 * float32, so only to about 1e-6 of the sums' scale.
 */
export function agree(what: string, ours: Tensor, theirs: tf.Tensor, tolerance = 1e-3): void {
  const image = ours.shape.length === 3;
  const [C, H, W] = image ? ours.shape : [1, 1, ours.size];
  const t = theirs.dataSync();
  if (t.length !== ours.size) {
    throw new Error(`bench setup ${what}: sizes ${ours.size} vs ${t.length}`);
  }
  for (let c = 0; c < C; c++) {
    for (let p = 0; p < H * W; p++) {
      const gap = Math.abs(ours.data[c * H * W + p] - t[image ? p * C + c : p]);
      if (!(gap <= tolerance)) throw new Error(`bench setup ${what}: outputs differ by ${gap}`);
    }
  }
}

/** One group: nnspec's call, TF.js's call, and issue 13's target for their ratio. */
export interface Case {
  group: string;
  ours: () => unknown;
  theirs: () => unknown;
  /** The least TF.js time / nnspec time issue 13 asks for; null when it sets none. */
  target: number | null;
}

/** Every group registered by {@linkcode pair}, in order (bench/ratios.ts reads them). */
export const CASES: Case[] = [];

/**
 * Registers an nnspec row (the group's baseline) and a TF.js row in one group, and records
 * the group in {@linkcode CASES}. (`Deno.bench` does nothing under `deno run`.)
 */
export function pair(
  group: string,
  ours: [string, () => unknown],
  theirs: [string, () => tf.Tensor | tf.Tensor[]],
  target: number | null = 1.5,
): void {
  const peer = () => {
    const t = theirs[1]();
    for (const r of Array.isArray(t) ? t : [t]) r.dataSync();
    tf.dispose(t);
  };
  CASES.push({ group, ours: ours[1], theirs: peer, target });
  Deno.bench({ name: `nnspec ${ours[0]}`, group, baseline: true }, () => {
    ours[1]();
  });
  Deno.bench({ name: `${peerName} ${theirs[0]}`, group }, peer);
}
