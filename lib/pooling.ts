/**
 * # Pooling: summarise each window, with no weights to learn
 *
 * A pooling layer slides a window over each channel, like a convolution, but instead of
 * a weighted sum it reports the window's largest entry (max pooling) or its mean
 * (average pooling). It has no parameters, works on each channel separately (the
 * channel count is unchanged), and shrinks the map by the stride. The output size per
 * axis is the convolution formula, with PyTorch's optional rounding up
 * ({@linkcode poolOutputSize}):
 *
 * $$ o = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1 . $$
 *
 * The document's question 3 max-pools a $9 \times 9 \times 6$ map with a $3 \times 3$
 * window at stride 2: $(9 - 3)/2 + 1 = 4$, so $4 \times 4 \times 6$, with 0 trainable
 * parameters.
 *
 * Padding in max pooling counts as $-\infty$ (it can never win); in average pooling it
 * counts as zeros, and whether those zeros are in the divisor is `countIncludePad`.
 *
 * ## Summary
 *
 * - Pooling summarises each window by its maximum or its mean and has no parameters.
 * - It keeps the number of channels and shrinks each map by the stride: question 3's $9
 *   \times 9 \times 6$ becomes $4 \times 4 \times 6$.
 * - Padding never wins a max (it counts as $-\infty$); in an average it counts as zeros.
 *
 * @example A 4x4 map, 2x2 windows at stride 2
 * ```ts
 * import { avgPool2d, maxPool2d } from "./pooling.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * deepStrictEqual(maxPool2d(M, { kernel: 2 }).toArray(), [[1, 2], [0, 2]]);
 * deepStrictEqual(avgPool2d(M, { kernel: 2 }).toArray(), [[0.5, 0.75], [0, 1]]);
 * ```
 *
 * @module
 */

import { finiteResult, nonNegativeInteger, pair, positiveInteger } from "./_validate.ts";
import { poolOutputSize } from "./shapes.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";

/** Options of {@linkcode maxPool2d}. */
export interface MaxPool2dOptions {
  /** The window size: a positive integer for a square window, or `[kh, kw]`. */
  kernel: number | readonly [number, number];
  /**
   * The stride: a positive integer or `[sh, sw]`.
   * @default {kernel}
   */
  stride?: number | readonly [number, number];
  /**
   * Implicit padding on both ends of each axis, at most half the window: a non-negative
   * integer or `[ph, pw]`. Padded positions count as $-\infty$.
   * @default {0}
   */
  padding?: number | readonly [number, number];
  /**
   * Spacing between window taps: a positive integer or `[dh, dw]`.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
  /**
   * Round the window count up (PyTorch's `ceil_mode`); the last window may then hang past
   * the padded input, and the part outside is ignored.
   * @default {false}
   */
  ceilMode?: boolean;
}

/** Options of {@linkcode avgPool2d}. */
export interface AvgPool2dOptions {
  /** The window size: a positive integer for a square window, or `[kh, kw]`. */
  kernel: number | readonly [number, number];
  /**
   * The stride: a positive integer or `[sh, sw]`.
   * @default {kernel}
   */
  stride?: number | readonly [number, number];
  /**
   * Implicit zero padding on both ends of each axis, at most half the window: a
   * non-negative integer or `[ph, pw]`.
   * @default {0}
   */
  padding?: number | readonly [number, number];
  /**
   * Round the window count up (PyTorch's `ceil_mode`).
   * @default {false}
   */
  ceilMode?: boolean;
  /**
   * Whether padded zeros count in the divisor (PyTorch's `count_include_pad`). Either way,
   * the part of a ceil-mode window that hangs past the padded input never counts.
   * @default {true}
   */
  countIncludePad?: boolean;
}

/** The resolved window geometry of a pooling call. */
interface Windows {
  channels: number;
  height: number;
  width: number;
  rank: number;
  data: Float64Array;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  oh: number;
  ow: number;
}

function windows(
  fn: string,
  input: TensorLike,
  options: MaxPool2dOptions & { dilation?: number | readonly [number, number] },
): Windows {
  const x = expectRank(fn, "input", input, [2, 3]);
  const [channels, height, width] = x.rank === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
  if (options === undefined || options.kernel === undefined) {
    throw new TypeError(`${fn}: options.kernel is required (the window size), got undefined`);
  }
  const [kh, kw] = pair(fn, "kernel", options.kernel, positiveInteger);
  const [sh, sw] = pair(fn, "stride", options.stride ?? [kh, kw], positiveInteger);
  const [ph, pw] = pair(fn, "padding", options.padding ?? 0, nonNegativeInteger);
  const [dh, dw] = pair(fn, "dilation", options.dilation ?? 1, positiveInteger);
  const ceilMode = options.ceilMode ?? false;
  const oh = poolOutputSize(height, {
    kernel: kh,
    stride: sh,
    padding: ph,
    dilation: dh,
    ceilMode,
    fn,
    axis: "height",
  });
  const ow = poolOutputSize(width, {
    kernel: kw,
    stride: sw,
    padding: pw,
    dilation: dw,
    ceilMode,
    fn,
    axis: "width",
  });
  return {
    channels,
    height,
    width,
    rank: x.rank,
    data: x.data,
    kh,
    kw,
    sh,
    sw,
    ph,
    pw,
    dh,
    dw,
    oh,
    ow,
  };
}

function shaped(w: Windows, data: Float64Array): Tensor {
  return new Tensor(w.rank === 2 ? [w.oh, w.ow] : [w.channels, w.oh, w.ow], data);
}

/**
 * Max pooling: each output entry is the largest input entry in its window,
 *
 * $$ y_{c,i,j} = \max_{0 \le u < k_h,\ 0 \le v < k_w}
 * x_{c,\; i s_h - p_h + u d_h,\; j s_w - p_w + v d_w} , $$
 *
 * where $x$ is `input`, $k$ is `kernel`, $s$ is `stride`, $p$ is `padding` and $d$ is
 * `dilation`; positions outside the input are $-\infty$. Each channel is pooled on its
 * own. Without dilation every window holds a real entry; a dilated window whose taps all
 * fall in the padding gives $-\infty$, as PyTorch's does. The output size per axis is {@linkcode poolOutputSize}. Its derivative routes the
 * upstream gradient to the entry that won each window (the first one, on a tie).
 *
 * @param input The map, `[H][W]` or `[C][H][W]`; finite numbers, no empty axis.
 * @param options The window (required), stride, padding, dilation and ceil mode.
 * @returns The pooled map, `[H_out][W_out]` or `[C][H_out][W_out]` (rank follows the input).
 * @throws {TypeError} If the input is ragged or of the wrong rank, or `kernel` is missing.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, a size is not a
 *   positive integer, the padding is negative or more than half the window, or the window
 *   is larger than the padded input.
 *
 * @example The document's pool shape (9x9 to 4x4, window 3, stride 2) on a ramp
 * ```ts
 * import { maxPool2d } from "./pooling.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * // entry (r, c) = 9r + c: each window's maximum sits at its bottom-right corner
 * const ramp = Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (_, c) => 9 * r + c));
 * const y = maxPool2d([ramp], { kernel: 3, stride: 2 });
 * deepStrictEqual(y.shape, [1, 4, 4]);
 * deepStrictEqual(y.toArray(), [[
 *   [20, 22, 24, 26],
 *   [38, 40, 42, 44],
 *   [56, 58, 60, 62],
 *   [74, 76, 78, 80],
 * ]]);
 * ```
 */
export function maxPool2d(input: TensorLike, options: MaxPool2dOptions): Tensor {
  const w = windows("maxPool2d", input, options);
  const out = new Float64Array(w.channels * w.oh * w.ow);
  for (let c = 0; c < w.channels; c++) {
    for (let i = 0; i < w.oh; i++) {
      for (let j = 0; j < w.ow; j++) {
        let best = -Infinity;
        for (let u = 0; u < w.kh; u++) {
          const r = i * w.sh - w.ph + u * w.dh;
          if (r < 0 || r >= w.height) continue;
          for (let v = 0; v < w.kw; v++) {
            const q = j * w.sw - w.pw + v * w.dw;
            if (q < 0 || q >= w.width) continue;
            best = Math.max(best, w.data[(c * w.height + r) * w.width + q]);
          }
        }
        out[(c * w.oh + i) * w.ow + j] = best;
      }
    }
  }
  return shaped(w, out);
}

/**
 * The sum of `x / divisor` over rows `r0 <= r < r1` and columns `q0 <= q < q1` of channel
 * `c`. With divisor 1 it is the plain sum; a mean divides first only when that sum
 * overflows float64, since the mean of finite numbers lies between them.
 */
function windowSum(
  w: Windows,
  c: number,
  r0: number,
  r1: number,
  q0: number,
  q1: number,
  divisor: number,
): number {
  let sum = 0;
  for (let r = r0; r < r1; r++) {
    for (let q = q0; q < q1; q++) sum += w.data[(c * w.height + r) * w.width + q] / divisor;
  }
  return sum;
}

/**
 * Average pooling with PyTorch's semantics: each output entry is the sum of its window
 * divided by the window's size,
 *
 * $$ y_{c,i,j} = \frac{1}{N_{i,j}} \sum_{(r, q) \in \text{window}(i,j)} x_{c,r,q} , $$
 *
 * where the window of output $(i, j)$ spans rows $i s_h - p_h$ to
 * $\min(i s_h - p_h + k_h, H + p_h) - 1$ (and likewise columns), $x$ is `input`, $k$ is
 * `kernel`, $s$ is `stride` and $p$ is `padding`. Padded positions add zero. With
 * `countIncludePad` the divisor $N_{i,j}$ is the window's area within the padded input;
 * without it, only the area within the input itself. A ceil-mode window is clipped to the
 * padded input first, so its overhang never counts.
 *
 * Each window is summed and then divided, in PyTorch's order. If the sum overflows float64
 * (two entries of $10^{308}$ already do), each entry is divided by $N_{i,j}$ before adding:
 * the mean of finite numbers lies between them, so it is usually representable even when
 * their sum is not.
 *
 * @param input The map, `[H][W]` or `[C][H][W]`; finite numbers, no empty axis.
 * @param options The window (required), stride, padding, ceil mode and divisor rule.
 * @returns The pooled map, `[H_out][W_out]` or `[C][H_out][W_out]`.
 * @throws {TypeError} If the input is ragged or of the wrong rank, or `kernel` is missing.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, a size is not a
 *   positive integer, the padding is negative or more than half the window, the window
 *   is larger than the padded input, or a mean so close to the largest double that even
 *   the divided entries round past it (three entries of `Number.MAX_VALUE`).
 *
 * @example Padding zeros in the divisor, or not
 * ```ts
 * import { avgPool2d } from "./pooling.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const x = [[4, 8], [12, 16]];
 * // window 2, stride 2, padding 1: each window holds one real entry and three zeros
 * deepStrictEqual(avgPool2d(x, { kernel: 2, padding: 1 }).toArray(), [[1, 2], [3, 4]]);
 * deepStrictEqual(
 *   avgPool2d(x, { kernel: 2, padding: 1, countIncludePad: false }).toArray(),
 *   [[4, 8], [12, 16]],
 * );
 * ```
 */
export function avgPool2d(input: TensorLike, options: AvgPool2dOptions): Tensor {
  const w = windows("avgPool2d", input, { ...options, dilation: 1 });
  const includePad = options.countIncludePad ?? true;
  const out = new Float64Array(w.channels * w.oh * w.ow);
  for (let c = 0; c < w.channels; c++) {
    for (let i = 0; i < w.oh; i++) {
      const top = i * w.sh - w.ph;
      const bottom = Math.min(top + w.kh, w.height + w.ph);
      const r0 = Math.max(top, 0), r1 = Math.min(bottom, w.height);
      for (let j = 0; j < w.ow; j++) {
        const left = j * w.sw - w.pw;
        const right = Math.min(left + w.kw, w.width + w.pw);
        const q0 = Math.max(left, 0), q1 = Math.min(right, w.width);
        const count = includePad ? (bottom - top) * (right - left) : (r1 - r0) * (q1 - q0);
        // sum, then divide (PyTorch's order); if the sum overflows, divide each entry first
        const sum = windowSum(w, c, r0, r1, q0, q1, 1);
        out[(c * w.oh + i) * w.ow + j] = Number.isFinite(sum)
          ? sum / count
          : windowSum(w, c, r0, r1, q0, q1, count);
      }
    }
  }
  return shaped(w, finiteResult("avgPool2d", "the output", out));
}

/**
 * Global average pooling: each channel's mean over all positions,
 *
 * $$ y_c = \frac{1}{HW} \sum_{r=0}^{H-1} \sum_{q=0}^{W-1} x_{c,r,q} , $$
 *
 * where $x$ is `input`. It turns a `[C][H][W]` stack of maps into a vector of `C`
 * features with no parameters, a common replacement for flatten plus a large dense layer.
 * As in {@linkcode avgPool2d}, a sum that overflows float64 is redone dividing first, so
 * the mean of $10^{308}, 10^{308}, -10^{308}, -10^{308}$ is $0$, not Infinity.
 *
 * @param input The maps, `[C][H][W]`, or one map `[H][W]`; finite numbers, no empty axis.
 * @returns The channel means, shape `[C]` (`[1]` for a single map).
 * @throws {TypeError} If the input is ragged or not of rank 2 or 3.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, or a mean is so
 *   close to the largest double that even the divided entries round past it.
 *
 * @example The document's M has mean 9/16
 * ```ts
 * import { globalAvgPool2d } from "./pooling.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * deepStrictEqual(globalAvgPool2d(M).toArray(), [9 / 16]);
 * const fours = [[4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4]];
 * deepStrictEqual(globalAvgPool2d([M, fours]).toArray(), [9 / 16, 4]);
 * ```
 */
export function globalAvgPool2d(input: TensorLike): Tensor {
  const x = expectRank("globalAvgPool2d", "input", input, [2, 3]);
  const [channels, height, width] = x.rank === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
  const plane = height * width;
  const out = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    // sum, then divide; if the sum overflows, divide each entry first (see avgPool2d)
    let sum = 0;
    for (let k = 0; k < plane; k++) sum += x.data[c * plane + k];
    if (Number.isFinite(sum)) {
      out[c] = sum / plane;
    } else {
      for (let k = 0; k < plane; k++) out[c] += x.data[c * plane + k] / plane;
    }
  }
  return new Tensor([channels], finiteResult("globalAvgPool2d", "the output", out));
}
