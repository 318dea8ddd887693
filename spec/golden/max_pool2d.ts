/**
 * Golden section `max_pool2d`: PyTorch's `torch.nn.functional.max_pool2d` on float64 maps
 * `[C][H][W]` with per-axis kernel, stride and padding, with and without `ceil_mode`;
 * nnspec's {@linkcode maxPool2d} must give the same maps.
 */
import { maxPool2d } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case of the section, as PyTorch wrote it. */
interface MaxPool2dCase {
  input: number[][][];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  ceil_mode: boolean;
  output: number[][][];
}

/** Recomputes one case with the same window, stride, padding and rounding. */
export const evaluate: Evaluate = (data: MaxPool2dCase, name, tolerance) => {
  const actual = maxPool2d(data.input, {
    kernel: data.kernel,
    stride: data.stride,
    padding: data.padding,
    ceilMode: data.ceil_mode,
  });
  return compare(actual.toArray(), data.output, `${name}.output`, tolerance);
};
