/**
 * Golden section `layer_norm`: PyTorch's `nn.LayerNorm(D)` on a batch `[B][D]`, its output
 * and the gradient of sum(output · upstream) with respect to the input.
 */
import { layerNorm, layerNormBackward } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case, as PyTorch wrote it. */
interface LayerNormCase {
  input: number[][];
  weight: number[];
  bias: number[];
  eps: number;
  output: number[][];
  upstream: number[][];
  grad_input: number[][];
}

/** Recomputes the forward and backward passes. */
export const evaluate: Evaluate = (data: LayerNormCase, name, tolerance) => {
  const options = { weight: data.weight, bias: data.bias, eps: data.eps };
  return [
    ...compare(layerNorm(data.input, options), data.output, `${name}.output`, tolerance),
    ...compare(
      layerNormBackward(data.input, data.upstream, options).input,
      data.grad_input,
      `${name}.grad_input`,
      tolerance,
    ),
  ];
};
