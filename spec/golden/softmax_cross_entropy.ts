/**
 * Golden section `softmax_cross_entropy`: PyTorch's `softmax` and `cross_entropy` for one
 * sample (float64) and the gradient of the loss with respect to the logits.
 *
 * Each case holds `logits` and `target_class`, and PyTorch's `softmax`, `loss` and
 * `grad_logits`.
 */
import { softmax, softmaxCrossEntropy, softmaxCrossEntropyGradient } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** Recomputes every field of one case with nnspec. */
export const evaluate: Evaluate = (data, name, tolerance) => [
  ...compare(softmax(data.logits).toArray(), data.softmax, `${name}.softmax`, tolerance),
  ...compare(
    softmaxCrossEntropy(data.logits, data.target_class),
    data.loss,
    `${name}.loss`,
    tolerance,
  ),
  ...compare(
    softmaxCrossEntropyGradient(data.logits, data.target_class).toArray(),
    data.grad_logits,
    `${name}.grad_logits`,
    tolerance,
  ),
];
