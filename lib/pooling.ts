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
 * The common mistakes are declared beside each pool (`commonMistakes`): the mean where the
 * maximum was asked or the other way round, padding read as zeros in a max pool, padded
 * zeros counted in the divisor or not, and a stride of 1 where the pool's stride defaults
 * to its window.
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

import {
  entries,
  finiteResult,
  guard,
  nonNegativeInteger,
  options as readOptions,
  pair,
  positiveInteger,
  show,
  work,
} from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import { poolOutputSize, samePadding } from "./shapes.ts";
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
   * integer or `[ph, pw]`. Padded positions count as $-\infty$. `"same"` is TensorFlow's
   * rule: $\lceil n/s \rceil$ windows per axis, the padding split with the odd one at the end.
   * @default {0}
   */
  padding?: number | readonly [number, number] | "same";
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
   * non-negative integer or `[ph, pw]`. `"same"` is TensorFlow's rule ($\lceil n/s \rceil$
   * windows, the odd padding at the end), where padded positions never count in the divisor.
   * @default {0}
   */
  padding?: number | readonly [number, number] | "same";
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

/** The windows of a pooling call; any error while reading the arguments names `fn`. */
function windows(
  fn: string,
  input: TensorLike,
  given: MaxPool2dOptions & { dilation?: number | readonly [number, number] },
): Windows {
  return guard(fn, () => readWindows(fn, input, given));
}

function readWindows(
  fn: string,
  input: TensorLike,
  given: MaxPool2dOptions & { dilation?: number | readonly [number, number] },
): Windows {
  const options = readOptions(fn, given);
  const x = expectRank(fn, "input", input, [2, 3]);
  const [channels, height, width] = x.rank === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
  if (options.kernel === undefined) {
    throw new TypeError(`${fn}: options.kernel is required (the window size), got undefined`);
  }
  const [kh, kw] = pair(fn, "kernel", options.kernel, positiveInteger);
  const [sh, sw] = pair(fn, "stride", options.stride ?? [kh, kw], positiveInteger);
  const [dh, dw] = pair(fn, "dilation", options.dilation ?? 1, positiveInteger);
  let ph: number, pw: number, oh: number, ow: number;
  if (options.padding === "same") {
    // TensorFlow's 'same': the windows start `before` entries early; positions past the
    // input on either side are skipped by the kernels, like any padding
    const h = samePadding(height, { kernel: kh, stride: sh, dilation: dh, fn, axis: "height" });
    const w = samePadding(width, { kernel: kw, stride: sw, dilation: dw, fn, axis: "width" });
    [ph, pw, oh, ow] = [h.before, w.before, h.output, w.output];
  } else {
    [ph, pw] = pair(fn, "padding", options.padding ?? 0, nonNegativeInteger);
    const ceilMode = options.ceilMode ?? false;
    const size = (n: number, k: number, s: number, p: number, d: number, axis: string) =>
      poolOutputSize(n, { kernel: k, stride: s, padding: p, dilation: d, ceilMode, fn, axis });
    oh = size(height, kh, sh, ph, dh, "height");
    ow = size(width, kw, sw, pw, dw, "width");
  }
  // Checked before the kernels allocate or loop: the output's size and the window reads.
  entries(fn, "the output", channels * oh * ow);
  work(fn, "the pooling", channels * oh * ow * kh * kw);
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

/**
 * The taps $t$ of a window on one axis with $0 \le \text{start} + t d < n$, as a half-open
 * range `[lo, hi)` of $[0, k)$ (empty when all fall in the padding).
 */
function taps(start: number, d: number, k: number, n: number): [number, number] {
  const lo = Math.min(k, start >= 0 ? 0 : Math.ceil(-start / d));
  const hi = start > n - 1 ? 0 : Math.min(k, Math.floor((n - 1 - start) / d) + 1);
  return [lo, Math.max(lo, hi)];
}

function shaped(w: Windows, data: Float64Array): Tensor {
  return new Tensor(w.rank === 2 ? [w.oh, w.ow] : [w.channels, w.oh, w.ow], data);
}

/**
 * Each window's summary `reduce(inside, padded)`, from the entries of the input under its
 * taps and the number of its taps that fall in the padding (taps past the padded input, a
 * ceil-mode overhang, are in neither). The mistakes of the pools are written with it.
 */
function eachWindow(w: Windows, reduce: (inside: number[], padded: number) => number): Tensor {
  const out = new Float64Array(w.channels * w.oh * w.ow);
  for (let c = 0; c < w.channels; c++) {
    for (let i = 0; i < w.oh; i++) {
      for (let j = 0; j < w.ow; j++) {
        const inside: number[] = [];
        let padded = 0;
        for (let u = 0; u < w.kh; u++) {
          const r = i * w.sh - w.ph + u * w.dh;
          if (r >= w.height + w.ph) continue;
          for (let v = 0; v < w.kw; v++) {
            const q = j * w.sw - w.pw + v * w.dw;
            if (q >= w.width + w.pw) continue;
            if (r < 0 || r >= w.height || q < 0 || q >= w.width) padded++;
            else inside.push(w.data[(c * w.height + r) * w.width + q]);
          }
        }
        out[(c * w.oh + i) * w.ow + j] = reduce(inside, padded);
      }
    }
  }
  return shaped(w, out);
}

/** The sum of some numbers. */
const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A 3x3 ramp 1..9, for the examples of the mistakes. */
const RAMP = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];

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
  // the taps of each window that land inside the input, one range per output row and
  // column (instead of a test per tap)
  const vlo = new Int32Array(w.ow), vhi = new Int32Array(w.ow);
  for (let j = 0; j < w.ow; j++) [vlo[j], vhi[j]] = taps(j * w.sw - w.pw, w.dw, w.kw, w.width);
  for (let c = 0; c < w.channels; c++) {
    for (let i = 0; i < w.oh; i++) {
      const top = i * w.sh - w.ph;
      const [u0, u1] = taps(top, w.dh, w.kh, w.height);
      for (let j = 0; j < w.ow; j++) {
        const left = j * w.sw - w.pw, v0 = vlo[j], v1 = vhi[j];
        // the input was checked finite, so a plain `>` is the maximum
        let best = -Infinity;
        for (let u = u0; u < u1; u++) {
          const row = (c * w.height + top + u * w.dh) * w.width + left;
          for (let v = v0; v < v1; v++) {
            const value = w.data[row + v * w.dw];
            if (value > best) best = value;
          }
        }
        out[(c * w.oh + i) * w.ow + j] = best;
      }
    }
  }
  return shaped(w, out);
}

commonMistakes(maxPool2d, [{
  id: "average-instead-of-max",
  name: "the window's mean instead of its maximum",
  why: "Max and average pooling are taught together and drawn alike, and a sheet that says " +
    'only "pooling" invites the other one.',
  variant: (input, options) => {
    maxPool2d(input, options); // the checks of the function itself
    return eachWindow(
      windows("maxPool2d", input, options),
      (inside, padded) => total(inside) / (inside.length + padded),
    );
  },
  example: { args: [[[4, 8], [12, 16]], { kernel: 2 }], result: new Tensor([1, 1], [10]) },
}, {
  id: "padding-as-zero",
  name: "padding read as zeros, which beat negative entries",
  why: "Padding means zeros in a convolution, but a max pool pads with minus infinity so " +
    "that the padding never wins.",
  variant: (input, options) => {
    maxPool2d(input, options);
    return eachWindow(
      windows("maxPool2d", input, options),
      (inside, padded) => Math.max(...inside, padded > 0 ? 0 : -Infinity),
    );
  },
  example: {
    args: [[[-4, -8], [-12, -16]], { kernel: 2, padding: 1 }],
    result: new Tensor([2, 2], [0, 0, 0, 0]),
  },
}, {
  id: "stride-one-by-default",
  name: "stride taken as 1 when none is given (the pool's default is the window)",
  why: "A convolution's stride defaults to 1, and the same default is assumed for a pool, " +
    "whose stride defaults to its window.",
  variant: (input, options) => {
    maxPool2d(input, options);
    return maxPool2d(input, { ...options, stride: options.stride ?? 1 });
  },
  example: { args: [RAMP, { kernel: 2 }], result: new Tensor([2, 2], [5, 6, 8, 9]) },
}]);

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
    const row = (c * w.height + r) * w.width;
    if (divisor === 1) { for (let q = q0; q < q1; q++) sum += w.data[row + q]; }
    else for (let q = q0; q < q1; q++) sum += w.data[row + q] / divisor;
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
  const fn = "avgPool2d";
  const opts = readOptions(fn, options);
  if (opts.padding === "same" && opts.countIncludePad === true) {
    throw new TypeError(
      `${fn}: countIncludePad must not be true with padding "same" (TensorFlow never counts its padding)`,
    );
  }
  const w = windows(fn, input, { ...opts, dilation: 1 });
  const includePad = opts.padding === "same" ? false : opts.countIncludePad ?? true;
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

commonMistakes(avgPool2d, [{
  id: "count-include-pad-flipped",
  name: "padded zeros counted in the divisor or not, the other way round",
  why: "PyTorch counts the padded zeros in the divisor by default and TensorFlow does not, " +
    "so either choice is someone's default.",
  variant: (input, options) => {
    avgPool2d(input, options); // the checks of the function itself
    return avgPool2d(input, { ...options, countIncludePad: !(options.countIncludePad ?? true) });
  },
  // each 3x3 window holds all four entries and five padded zeros: 40/4, where 40/9 counts them
  example: {
    args: [[[4, 8], [12, 16]], { kernel: 3, stride: 1, padding: 1 }],
    result: new Tensor([2, 2], [10, 10, 10, 10]),
  },
}, {
  id: "max-instead-of-average",
  name: "the window's maximum instead of its mean",
  why: "Max pooling is the pool most networks use, and its rule is applied where the " +
    "average was asked.",
  variant: (input, options) => {
    avgPool2d(input, options);
    return maxPool2d(input, options);
  },
  example: { args: [[[4, 8], [12, 16]], { kernel: 2 }], result: new Tensor([1, 1], [16]) },
}, {
  id: "stride-one-by-default",
  name: "stride taken as 1 when none is given (the pool's default is the window)",
  why: "A convolution's stride defaults to 1, and the same default is assumed for a pool, " +
    "whose stride defaults to its window.",
  variant: (input, options) => {
    avgPool2d(input, options);
    return avgPool2d(input, { ...options, stride: options.stride ?? 1 });
  },
  // (1 + 2 + 4 + 5)/4 = 3, (2 + 3 + 5 + 6)/4 = 4, (4 + 5 + 7 + 8)/4 = 6, (5 + 6 + 8 + 9)/4 = 7
  example: { args: [RAMP, { kernel: 2 }], result: new Tensor([2, 2], [3, 4, 6, 7]) },
}]);

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

commonMistakes(globalAvgPool2d, [{
  id: "sum-not-mean",
  name: "the channel's sum instead of its mean",
  why: "Global pooling is described as collapsing each map to one number, and the division " +
    "by H W is forgotten.",
  variant: (input) => {
    const means = globalAvgPool2d(input); // the checks of the function itself
    const x = expectRank("globalAvgPool2d", "input", input, [2, 3]);
    const plane = x.shape[x.rank - 2] * x.shape[x.rank - 1];
    return new Tensor(means.shape, means.data.map((m) => m * plane));
  },
  example: {
    args: [[[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]]],
    result: new Tensor([1], [9]),
  },
}]);
/**
 * Global max pooling: the largest entry of each channel,
 *
 * $$ y_c = \max_{i, j} x_{c,i,j} , $$
 *
 * where $x$ is `input`. Like {@linkcode globalAvgPool2d} it turns `[C][H][W]` maps into `C`
 * features with no parameters; its derivative sends each channel's upstream gradient to
 * the entry that won (the first one, on a tie).
 *
 * @param input The maps, `[C][H][W]`, or one map `[H][W]`; finite numbers, no empty axis.
 * @returns The channel maxima, shape `[C]` (`[1]` for a single map).
 * @throws {TypeError} If the input is ragged or not of rank 2 or 3.
 * @throws {RangeError} If an entry is NaN or infinite, or an axis is empty.
 *
 * @example The document's M has maximum 2
 * ```ts
 * import { globalMaxPool2d } from "./pooling.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * deepStrictEqual(globalMaxPool2d(M).toArray(), [2]);
 * ```
 */
export function globalMaxPool2d(input: TensorLike): Tensor {
  const x = expectRank("globalMaxPool2d", "input", input, [2, 3]);
  const [channels, height, width] = x.rank === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
  const plane = height * width;
  const out = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let best = -Infinity;
    for (let k = 0; k < plane; k++) best = Math.max(best, x.data[c * plane + k]);
    out[c] = best;
  }
  return new Tensor([channels], out);
}

/** Zeros per side for {@linkcode zeroPad2d}: one number, `[ph, pw]`, or each side. */
export type ZeroPadding =
  | number
  | readonly [number, number]
  | {
    readonly top: number;
    readonly bottom: number;
    readonly left: number;
    readonly right: number;
  };

/**
 * Zero padding (Keras's `ZeroPadding2D`, PyTorch's `ZeroPad2d`): the map framed by rows and
 * columns of zeros, each channel alike,
 *
 * $$ y_{c,\,i + p_\text{top},\,j + p_\text{left}} = x_{c,i,j}, \qquad y = 0 \text{ elsewhere}, $$
 *
 * an $H \times W$ map becoming $(H + p_\text{top} + p_\text{bottom}) \times
 * (W + p_\text{left} + p_\text{right})$. MobileNet pads one row and one column at the bottom
 * and right before each strided depthwise convolution. The derivative crops the upstream
 * gradient back to the input's window.
 *
 * @param input The map, `[H][W]` or `[C][H][W]`; finite numbers, no empty axis.
 * @param padding Zeros on all sides (a number), `[ph, pw]`, or `{ top, bottom, left, right }`;
 *   non-negative integers.
 * @returns The padded map, same rank.
 * @throws {TypeError} If the input is ragged or of the wrong rank, or `padding` has another form.
 * @throws {RangeError} If an entry is not finite or a padding is not a non-negative integer.
 *
 * @example One zero column on the left, one zero row at the bottom
 * ```ts
 * import { zeroPad2d } from "./pooling.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(
 *   zeroPad2d([[1, 2], [3, 4]], { top: 0, bottom: 1, left: 1, right: 0 }).toArray(),
 *   [[0, 1, 2], [0, 3, 4], [0, 0, 0]],
 * );
 * ```
 */
export function zeroPad2d(input: TensorLike, padding: ZeroPadding): Tensor {
  return guard("zeroPad2d", () => {
    const fn = "zeroPad2d";
    const x = expectRank(fn, "input", input, [2, 3]);
    const [channels, height, width] = x.rank === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
    let top: number, bottom: number, left: number, right: number;
    if (typeof padding === "number" || Array.isArray(padding)) {
      const [ph, pw] = pair(
        fn,
        "padding",
        padding as number | [number, number],
        nonNegativeInteger,
      );
      [top, bottom, left, right] = [ph, ph, pw, pw];
    } else if (padding !== null && typeof padding === "object") {
      const p = padding as { top: number; bottom: number; left: number; right: number };
      top = nonNegativeInteger(fn, "padding.top", p.top);
      bottom = nonNegativeInteger(fn, "padding.bottom", p.bottom);
      left = nonNegativeInteger(fn, "padding.left", p.left);
      right = nonNegativeInteger(fn, "padding.right", p.right);
    } else {
      throw new TypeError(
        `${fn}: padding must be a number, [ph, pw] or { top, bottom, left, right }, got ${
          show(padding)
        }`,
      );
    }
    const oh = height + top + bottom, ow = width + left + right;
    entries(fn, "the padded map", channels * oh * ow); // checked before allocating
    const out = new Float64Array(channels * oh * ow);
    for (let c = 0; c < channels; c++) {
      for (let r = 0; r < height; r++) {
        for (let q = 0; q < width; q++) {
          out[(c * oh + r + top) * ow + q + left] = x.data[(c * height + r) * width + q];
        }
      }
    }
    return new Tensor(x.rank === 2 ? [oh, ow] : [channels, oh, ow], out);
  });
}
