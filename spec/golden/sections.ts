/**
 * The sections of the reference file and the code that recomputes each one.
 *
 * Each section module under spec/golden/ exports `evaluate`: given one case (and its
 * name), it recomputes the case with nnspec and returns the mismatches (an empty list
 * when everything agrees). A section whose module exports `evaluate = null` is reported
 * as "not evaluated".
 */
import type { Mismatch, Tolerance } from "./_compare.ts";
import { TOLERANCE } from "./_compare.ts";
import * as seedDocument from "./seed_document.ts";
import * as conv2d from "./conv2d.ts";
import * as convTranspose2d from "./conv_transpose2d.ts";
import * as maxPool2d from "./max_pool2d.ts";
import * as avgPool2d from "./avg_pool2d.ts";
import * as binaryCrossEntropy from "./binary_cross_entropy.ts";
import * as softmaxCrossEntropy from "./softmax_cross_entropy.ts";
import * as layerShapes from "./layer_shapes.ts";
import * as convSigmoidDenseNet from "./conv_sigmoid_dense_net.ts";
import * as gradientDescent from "./gradient_descent.ts";
import * as deepSigmoidChain from "./deep_sigmoid_chain.ts";
import * as batchNorm2d from "./batch_norm2d.ts";
import * as layerNorm from "./layer_norm.ts";
import * as recurrent from "./recurrent.ts";
import * as attention from "./attention.ts";
import * as optimizers from "./optimizers.ts";
import * as moduleParameterCounts from "./module_parameter_counts.ts";
import * as groupedConv2d from "./grouped_conv2d.ts";

/** Recomputes one case; returns what disagrees. */
// deno-lint-ignore no-explicit-any
export type Evaluate = (data: any, name: string, tolerance: Tolerance) => Mismatch[];

/** A section of the reference file. */
export interface Section {
  key: string;
  evaluate: Evaluate | null;
  tolerance: Tolerance;
}

/** Trajectories (many dependent steps) get a looser relative tolerance. */
const TRAJECTORY: Tolerance = { rel: 1e-10, abs: 1e-12 };

/**
 * The deep chain's gradient norms are as small as 1e-11 and are the very numbers that
 * show vanishing gradients, so an absolute floor of 1e-12 would let a 1% error through:
 * they are compared relatively only (none of them is zero).
 */
const RELATIVE_ONLY: Tolerance = { rel: 1e-12, abs: 0 };

/** Every section, in the order of the reference files (torch-public.json, then torch-course-public.json). */
export const SECTIONS: Section[] = [
  { key: "seed_document", evaluate: seedDocument.evaluate, tolerance: TOLERANCE },
  { key: "conv2d", evaluate: conv2d.evaluate, tolerance: TOLERANCE },
  { key: "conv_transpose2d", evaluate: convTranspose2d.evaluate, tolerance: TOLERANCE },
  { key: "max_pool2d", evaluate: maxPool2d.evaluate, tolerance: TOLERANCE },
  { key: "avg_pool2d_count_include_pad", evaluate: avgPool2d.evaluate, tolerance: TOLERANCE },
  { key: "binary_cross_entropy", evaluate: binaryCrossEntropy.evaluate, tolerance: TOLERANCE },
  { key: "softmax_cross_entropy", evaluate: softmaxCrossEntropy.evaluate, tolerance: TOLERANCE },
  { key: "conv_sigmoid_dense_net", evaluate: convSigmoidDenseNet.evaluate, tolerance: TOLERANCE },
  { key: "gradient_descent", evaluate: gradientDescent.evaluate, tolerance: TRAJECTORY },
  { key: "layer_shapes", evaluate: layerShapes.evaluate, tolerance: TOLERANCE },
  { key: "deep_sigmoid_chain", evaluate: deepSigmoidChain.evaluate, tolerance: RELATIVE_ONLY },
  // torch-course-public.json
  { key: "batch_norm2d", evaluate: batchNorm2d.evaluate, tolerance: TOLERANCE },
  { key: "layer_norm", evaluate: layerNorm.evaluate, tolerance: TOLERANCE },
  { key: "rnn", evaluate: recurrent.evaluateRnn, tolerance: TOLERANCE },
  { key: "lstm", evaluate: recurrent.evaluateLstm, tolerance: TOLERANCE },
  { key: "gru", evaluate: recurrent.evaluateGru, tolerance: TOLERANCE },
  { key: "optimizers", evaluate: optimizers.evaluate, tolerance: TOLERANCE },
  { key: "scaled_dot_product_attention", evaluate: attention.evaluate, tolerance: TOLERANCE },
  {
    key: "module_parameter_counts",
    evaluate: moduleParameterCounts.evaluate,
    tolerance: { rel: 0, abs: 0 },
  },
  { key: "grouped_conv2d", evaluate: groupedConv2d.evaluate, tolerance: TOLERANCE },
];
