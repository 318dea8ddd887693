/**
 * Golden section `seed_document`: the document's own worked numbers, recomputed by
 * PyTorch in float64. Each key names one result of the worked solution sheet:
 * question 1's sigmoid perceptron and its binary cross-entropy in three log bases,
 * question 2's convolution of M with K (one map, two input channels, two filters), and
 * question 3's layer shapes and parameter counts.
 */
import { binaryCrossEntropy, conv2d, neuron, sigmoid, summary } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** Question 2's input matrix M and kernel K, as the document writes them. */
const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const K = [[0, 0], [1, 1]];

/** Question 3's network on a 21x21x3 image, each layer as the document describes it. */
function question3() {
  return summary([
    { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
    { type: "maxPool2d", pool: 3, stride: 2, padding: "valid" },
    { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
    { type: "flatten" },
    { type: "dense", units: 10, bias: true },
  ], { height: 21, width: 21, channels: 3 });
}

/** How nnspec computes each key (question 1: x = [2, 1], w = [0.2, 0.3], b = 0.1, y = 1). */
const RECOMPUTE: Record<string, () => unknown> = {
  "sigmoid_0.8": () => sigmoid(0.8),
  perceptron_output: () => neuron([2, 1], [0.2, 0.3], 0.1, { activation: "sigmoid" }),
  bce_natural_log: () => binaryCrossEntropy(neuron([2, 1], [0.2, 0.3], 0.1), 1),
  bce_log2: () => binaryCrossEntropy(neuron([2, 1], [0.2, 0.3], 0.1), 1, { base: 2 }),
  bce_log10: () => binaryCrossEntropy(neuron([2, 1], [0.2, 0.3], 0.1), 1, { base: 10 }),
  conv_M_K_valid: () => conv2d(M, K, { stride: 1, padding: "valid" }).toArray(),
  // (b): two input channels, both M, and one filter with two channels, both K; the
  // reference writes the single output map without its channel axis.
  conv_two_channels_same_kernel: () => (conv2d([M, M], [K, K]).toArray() as number[][][])[0],
  // (c): one input channel, two filters, both K.
  conv_two_filters: () => conv2d(M, [[K], [K]]).toArray(),
  cnn_q3_shapes_chw: () => question3().rows.map((r) => r.outputShapeCHW),
  cnn_q3_params_with_bias: () => question3().rows.map((r) => r.params),
};

/** Recomputes the one key this case names (`seed_document.<key>`). */
export const evaluate: Evaluate = (data: unknown, name, tolerance) => {
  const key = name.slice("seed_document.".length);
  const recompute = RECOMPUTE[key];
  if (recompute === undefined) {
    throw new Error(`seed_document: no recomputation for key ${JSON.stringify(key)}`);
  }
  return compare(recompute(), data, name, tolerance);
};
