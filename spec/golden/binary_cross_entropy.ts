/**
 * Golden section `binary_cross_entropy`: PyTorch's `binary_cross_entropy` and
 * `binary_cross_entropy_with_logits` (mean reduction, float64) and their gradients.
 *
 * Each case holds `prediction`, `target` and `logits`, and PyTorch's `mean_loss`,
 * `grad_prediction` (d mean_loss / d prediction), `mean_loss_with_logits` and
 * `grad_logits` (d mean_loss_with_logits / d logits).
 */
import {
  binaryCrossEntropy,
  binaryCrossEntropyGradient,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
} from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** Recomputes every field of one case with nnspec (natural log, mean over samples). */
export const evaluate: Evaluate = (data, name, tolerance) => {
  const prediction: number[] = data.prediction;
  const target: number[] = data.target;
  const logits: number[] = data.logits;
  return [
    ...compare(
      binaryCrossEntropy(prediction, target),
      data.mean_loss,
      `${name}.mean_loss`,
      tolerance,
    ),
    ...compare(
      binaryCrossEntropyGradient(prediction, target, { reduction: "mean" }).toArray(),
      data.grad_prediction,
      `${name}.grad_prediction`,
      tolerance,
    ),
    ...compare(
      binaryCrossEntropyWithLogits(logits, target),
      data.mean_loss_with_logits,
      `${name}.mean_loss_with_logits`,
      tolerance,
    ),
    ...compare(
      binaryCrossEntropyWithLogitsGradient(logits, target, { reduction: "mean" })
        .toArray(),
      data.grad_logits,
      `${name}.grad_logits`,
      tolerance,
    ),
  ];
};
