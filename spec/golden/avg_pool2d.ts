/**
 * Golden section `avg_pool2d_count_include_pad`: PyTorch's
 * `torch.nn.functional.avg_pool2d` with `count_include_pad=True` (its default) on float64
 * maps `[C][H][W]`, with and without `ceil_mode`; nnspec's {@linkcode avgPool2d} must give
 * the same maps, including the divisors of windows clipped by ceil mode.
 */
import { avgPool2d } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case of the section, as PyTorch wrote it. */
interface AvgPool2dCase {
  input: number[][][];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  ceil_mode: boolean;
  output: number[][][];
}

/** Recomputes one case with padded zeros counted in the divisor. */
export const evaluate: Evaluate = (data: AvgPool2dCase, name, tolerance) => {
  const actual = avgPool2d(data.input, {
    kernel: data.kernel,
    stride: data.stride,
    padding: data.padding,
    ceilMode: data.ceil_mode,
    countIncludePad: true,
  });
  return compare(actual.toArray(), data.output, `${name}.output`, tolerance);
};
