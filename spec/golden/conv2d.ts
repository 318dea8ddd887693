/**
 * Golden section `conv2d`: PyTorch's `torch.nn.functional.conv2d` on float64 inputs
 * `[C][H][W]` with weights `[C_out][C_in][kH][kW]`, a bias, and per-axis stride, padding
 * and dilation; nnspec's {@linkcode conv2d} must give the same maps.
 */
import { conv2d } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case of the section, as PyTorch wrote it. */
interface Conv2dCase {
  input: number[][][];
  weight: number[][][][];
  bias: number[];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  output: number[][][];
}

/** Recomputes one case with the same stride, padding (`[ph, pw]`, PyTorch's form) and dilation. */
export const evaluate: Evaluate = (data: Conv2dCase, name, tolerance) => {
  const actual = conv2d(data.input, data.weight, {
    bias: data.bias,
    stride: data.stride,
    padding: data.padding,
    dilation: data.dilation,
  });
  return compare(actual.toArray(), data.output, `${name}.output`, tolerance);
};
