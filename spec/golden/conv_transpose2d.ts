/**
 * Golden section `conv_transpose2d`: PyTorch's `torch.nn.functional.conv_transpose2d`
 * on float64 inputs `[C_in][H][W]` with weights `[C_in][C_out][kH][kW]`, a bias, and
 * per-axis stride, padding and output padding; nnspec's {@linkcode convTranspose2d} must
 * give the same maps.
 */
import { convTranspose2d } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case of the section, as PyTorch wrote it. */
interface ConvTranspose2dCase {
  input: number[][][];
  weight: number[][][][];
  bias: number[];
  stride: [number, number];
  padding: [number, number];
  output_padding: [number, number];
  output: number[][][];
}

/** Recomputes one case with the same stride, padding and output padding. */
export const evaluate: Evaluate = (data: ConvTranspose2dCase, name, tolerance) => {
  const actual = convTranspose2d(data.input, data.weight, {
    bias: data.bias,
    stride: data.stride,
    padding: data.padding,
    outputPadding: data.output_padding,
  });
  return compare(actual.toArray(), data.output, `${name}.output`, tolerance);
};
