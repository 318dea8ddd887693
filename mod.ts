/**
 * # nnspec
 *
 * An executable companion to a neural-networks course: every formula of the worked
 * solution sheet (a sigmoid perceptron with binary cross-entropy, 2-D convolution by
 * hand, CNN shapes and parameter counts, gradient descent, backpropagation) implemented
 * once, explained beside its code, and checked against PyTorch.
 *
 * Import it by URL or path; it has no runtime dependencies and needs no permissions.
 *
 * @example The document's perceptron: 2(0.2) + 1(0.3) + 0.1 = 0.8, and sigmoid(0.8) = 0.68997
 * ```ts
 * import { neuron, weightedSum } from "./mod.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(weightedSum([2, 1], [0.2, 0.3], 0.1) - 0.8) < 1e-15);
 * const y = neuron([2, 1], [0.2, 0.3], 0.1, { activation: "sigmoid" });
 * ok(Math.abs(y - 0.68997) < 5e-6);
 * ```
 *
 * @module
 */

export * from "./lib/tensor.ts";
export * from "./lib/activations.ts";
export * from "./lib/neuron.ts";
export * from "./lib/random.ts";
export * from "./lib/gradcheck.ts";
export * from "./lib/depth.ts";
export * from "./lib/shapes.ts";
export * from "./lib/convolution.ts";
export * from "./lib/matmul.ts";
export * from "./lib/losses.ts";
export * from "./lib/pooling.ts";
export * from "./lib/descent.ts";
export * from "./lib/dense.ts";
export * from "./lib/summary.ts";
export * from "./lib/network.ts";
export * from "./lib/learning_rate.ts";
export * from "./lib/mistakes.ts";
export * from "./lib/normalization.ts";
export * from "./lib/recurrent.ts";
export * from "./lib/attention.ts";
export * from "./lib/optimizers.ts";
export * from "./lib/regularization.ts";
