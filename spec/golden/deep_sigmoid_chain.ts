/**
 * Golden section deep_sigmoid_chain: per-layer gradient norms of a deep sigmoid chain,
 * plain h <- sigmoid(W h) and residual h <- h + sigmoid(W h), objective = sum of the final
 * activations. Each norm is the Frobenius norm of dJ/dW_l, first layer first.
 */
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";
import { deepSigmoidChain } from "../../mod.ts";

export const evaluate: Evaluate = (data, name, tolerance) => {
  if (data.objective !== "sum of final activations") {
    return [{ path: `${name}.objective`, expected: data.objective, actual: "not supported" }];
  }
  const plain = deepSigmoidChain(data.x, data.weights, { architecture: "plain" });
  const residual = deepSigmoidChain(data.x, data.weights, { architecture: "residual" });
  return [
    ...compare(
      plain.gradNorms,
      data.grad_norm_per_layer_plain,
      `${name}.grad_norm_per_layer_plain`,
      tolerance,
    ),
    ...compare(
      residual.gradNorms,
      data.grad_norm_per_layer_residual,
      `${name}.grad_norm_per_layer_residual`,
      tolerance,
    ),
  ];
};
