/**
 * Golden section `grouped_conv2d` (in torch-course-public.json): PyTorch's
 * `torch.nn.functional.conv2d` with `groups` on float64 inputs `[C][H][W]`, weights
 * `[C_out][C_in/groups][kH][kW]`, a bias, and per-axis stride, padding and dilation;
 * nnspec's {@linkcode conv2d} with the same `groups` must give the same maps. (The case's
 * `params`, the layer's parameter count, is checked by the parameter-count code, not here.)
 */
import { conv2d } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case of the section, as PyTorch wrote it. */
interface GroupedConv2dCase {
  input: number[][][];
  weight: number[][][][];
  bias: number[];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
  output: number[][][];
}

/** Recomputes one case with the same groups, stride, padding (`[ph, pw]`) and dilation. */
export const evaluate: Evaluate = (data: GroupedConv2dCase, name, tolerance) => {
  const actual = conv2d(data.input, data.weight, {
    bias: data.bias,
    stride: data.stride,
    padding: data.padding,
    dilation: data.dilation,
    groups: data.groups,
  });
  return compare(actual.toArray(), data.output, `${name}.output`, tolerance);
};
