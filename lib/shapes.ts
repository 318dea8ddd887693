/**
 * # Shape arithmetic: how big is the output, and how many weights are there?
 *
 * Every layer of a convolutional network slides a window over its input. How many
 * positions the window takes along one axis depends only on five integers: the input
 * size $n$, the kernel size $k$, the stride $s$, the padding $p$ and the dilation $d$.
 * Dumoulin and Visin's guide to convolution arithmetic gives the relationship. A
 * dilated kernel covers $d(k-1)+1$ input positions; after padding, the input has
 * $n + p_\text{before} + p_\text{after}$ positions; the window starts at $0, s, 2s,
 * \dots$ while it still fits, so
 *
 * $$ o = \left\lfloor \frac{n + p_\text{before} + p_\text{after} - d(k-1) - 1}{s} \right\rfloor + 1 . $$
 *
 * The document's question 2 convolves a $4 \times 4$ matrix with a $2 \times 2$ kernel at
 * stride 1 without padding: $o = \lfloor (4 - 1 - 1)/1 \rfloor + 1 = 3$, a $3 \times 3$
 * map. Question 3 takes a $21 \times 21 \times 3$ image through six $5 \times 5$ filters
 * at stride 2: $o = \lfloor (21 - 4 - 1)/2 \rfloor + 1 = 9$, so $9 \times 9 \times 6$,
 * with $(5 \cdot 5 \cdot 3 + 1) \cdot 6 = 456$ trainable parameters.
 *
 * This module is the one place in nnspec that knows these formulas. The kernels
 * (`conv2d`, `convTranspose2d`, the pools), `summary` and the property tests all call it,
 * so a mistake here could not hide behind a second copy elsewhere.
 *
 * ## Summary
 *
 * - One formula gives every output size:
 *   $o = \lfloor (n + p_\text{before} + p_\text{after} - d(k-1) - 1)/s \rfloor + 1$.
 * - Question 3's first layer maps $21 \times 21 \times 3$ to $9 \times 9 \times 6$ with
 *   $(5 \cdot 5 \cdot 3 + 1) \cdot 6 = 456$ parameters.
 * - 'same' padding keeps the size at stride 1; an odd total padding puts the extra row or
 *   column at the end.
 * - Each filter has $k_h k_w C_\text{in}$ weights and one bias.
 *
 * @example The document's two output sizes and its first parameter count
 * ```ts
 * import { conv2dParameterCount, convOutputSize } from "./shapes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(convOutputSize(4, { kernel: 2 }), 3);
 * strictEqual(convOutputSize(21, { kernel: 5, stride: 2 }), 9);
 * strictEqual(conv2dParameterCount({ inChannels: 3, outChannels: 6, kernel: 5 }), 456);
 * ```
 *
 * Each function here declares its common mistakes beside it (`commonMistakes`): the padding
 * counted once instead of $2p$, the dilation or the stride ignored, ceil for floor, the
 * forgotten $+1$, and in the parameter counts the bias omitted (the document's $160 \times 10
 * = 1600$ for a layer of $1610$), one bias per input channel, the input channels forgotten.
 *
 * @module
 */

import {
  exactCount,
  flag,
  guard,
  nameIn,
  nonNegativeInteger,
  options as readOptions,
  pair,
  positiveInteger,
  show,
} from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";

/** The two paddings of a validated `padding` option: `[before, after]`. */
function sidesOf(padding: number | readonly [number, number] | undefined): [number, number] {
  return typeof padding === "number" ? [padding, padding] : [padding?.[0] ?? 0, padding?.[1] ?? 0];
}

/** Names used in error messages by the functions of this module. */
export interface ShapeMessageOptions {
  /**
   * The function named at the start of an error message (a kernel passes its own name).
   * @default {the function called}
   */
  fn?: string;
  /**
   * The axis named in an error message: `"height"`, `"width"` or `"size"`.
   * @default {"size"}
   */
  axis?: string;
}

/** Options of {@linkcode convOutputSize}. */
export interface ConvOutputOptions extends ShapeMessageOptions {
  /** The kernel size $k$ along this axis; a positive integer. */
  kernel: number;
  /**
   * The stride $s$; a positive integer.
   * @default {1}
   */
  stride?: number;
  /**
   * Zero padding: one number for both ends, or `[before, after]`, non-negative integers;
   * or `"valid"` (none) or `"same"` (TensorFlow's split, {@linkcode samePadding}), as
   * {@linkcode conv2d} takes them.
   * @default {0}
   */
  padding?: number | readonly [number, number] | "same" | "valid";
  /**
   * The dilation $d$ (gap between kernel taps is $d - 1$); a positive integer.
   * @default {1}
   */
  dilation?: number;
}

/**
 * The two paddings `[before, after]` of {@linkcode convOutputSize}'s options, `"same"` and
 * `"valid"` resolved (the sizes must already be validated).
 */
function convSides(inputSize: number, options: ConvOutputOptions): [number, number] {
  const padding = options.padding;
  if (padding === "valid") return [0, 0];
  if (padding === "same") {
    const { before, after } = samePadding(inputSize, {
      kernel: options.kernel,
      stride: options.stride,
      dilation: options.dilation,
      fn: options.fn ?? "convOutputSize",
      axis: options.axis,
    });
    return [before, after];
  }
  return sidesOf(padding);
}

/**
 * The extent a dilated kernel covers along one axis:
 *
 * $$ k_\text{eff} = d(k - 1) + 1 $$
 *
 * where $k$ is `kernel` (the number of taps) and $d$ is `dilation` (taps sit $d$ apart).
 *
 * @param kernel The number of taps $k$; a positive integer.
 * @param dilation The spacing $d$ between taps; a positive integer.
 * @returns The covered extent $k_\text{eff}$.
 * @throws {RangeError} If an argument is not a positive integer or the extent passes 2^53 - 1.
 *
 * @example A 3-tap kernel with dilation 2 covers 5 positions
 * ```ts
 * import { effectiveKernelSize } from "./shapes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(effectiveKernelSize(3, 2), 5);
 * strictEqual(effectiveKernelSize(3), 3);
 * ```
 */
export function effectiveKernelSize(kernel: number, dilation = 1): number {
  return guard("effectiveKernelSize", () => {
    positiveInteger("effectiveKernelSize", "kernel", kernel);
    positiveInteger("effectiveKernelSize", "dilation", dilation);
    return exactCount("effectiveKernelSize", "the dilated extent", dilation * (kernel - 1) + 1);
  });
}

commonMistakes(effectiveKernelSize, [{
  id: "d-times-k",
  name: "the dilated extent taken as d times k",
  why: "Spreading k taps d apart sounds like d k positions, but the d - 1 gaps sit only " +
    "between the taps.",
  variant: (kernel, dilation = 1) => {
    effectiveKernelSize(kernel, dilation); // the checks of the function itself
    return kernel * dilation;
  },
  // 3 taps with dilation 2: 6, where they cover 2(3 - 1) + 1 = 5
  example: { args: [3, 2], result: 6 },
}]);

/** Throws the "kernel exceeds padded input" RangeError shared by convolution and pooling. */
function kernelTooLarge(
  fn: string,
  axis: string,
  kernel: number,
  dilation: number,
  padded: number,
): RangeError {
  const effective = dilation * (kernel - 1) + 1;
  const note = dilation > 1 ? ` (kernel ${kernel} dilated by ${dilation})` : "";
  return new RangeError(
    `${fn}: kernel ${axis} ${effective} exceeds padded input ${axis} ${padded}${note}`,
  );
}

/**
 * The output size of a convolution along one axis (Dumoulin and Visin):
 *
 * $$ o = \left\lfloor \frac{n + p_\text{before} + p_\text{after} - d(k-1) - 1}{s} \right\rfloor + 1 $$
 *
 * where $n$ is `inputSize`, $k$ is `kernel`, $s$ is `stride`, $p$ is `padding` and $d$
 * is `dilation`. The same formula gives a pooling window's positions without ceil mode.
 *
 * @param inputSize The input size $n$ along the axis; a positive integer.
 * @param options The kernel size, stride, padding and dilation.
 * @returns The number of window positions $o \ge 1$.
 * @throws {RangeError} If a size is not a positive integer, the padding is negative or
 *   fractional, or the dilated kernel is larger than the padded input.
 *
 * @example The document's question 2 and question 3 sizes
 * ```ts
 * import { convOutputSize } from "./shapes.ts";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * strictEqual(convOutputSize(4, { kernel: 2 }), 3); // (4 - 2)/1 + 1
 * strictEqual(convOutputSize(21, { kernel: 5, stride: 2 }), 9); // (21 - 5)/2 + 1
 * strictEqual(convOutputSize(9, { kernel: 3, stride: 2 }), 4); // the max pool
 * strictEqual(convOutputSize(4, { kernel: 3, padding: 1 }), 4); // the "same" conv
 * strictEqual(convOutputSize(4, { kernel: 3, padding: "same" }), 4); // as conv2d takes it
 * strictEqual(convOutputSize(28, { kernel: 5, stride: 2, padding: "same" }), 14); // ceil(28/2)
 * throws(() => convOutputSize(4, { kernel: 5 }), RangeError);
 * ```
 */
export function convOutputSize(inputSize: number, options: ConvOutputOptions): number {
  return guard(nameIn(options, "convOutputSize"), () => {
    options = readOptions("convOutputSize", options);
    const fn = options.fn ?? "convOutputSize";
    const axis = options.axis ?? "size";
    positiveInteger(fn, `input ${axis}`, inputSize);
    const k = positiveInteger(fn, `kernel ${axis}`, options.kernel);
    const s = positiveInteger(fn, "stride", options.stride ?? 1);
    const d = positiveInteger(fn, "dilation", options.dilation ?? 1);
    const padding = options.padding ?? 0;
    if (typeof padding === "string" && padding !== "same" && padding !== "valid") {
      throw new RangeError(
        `${fn}: padding must be a number, [before, after], "same" or "valid", got ${show(padding)}`,
      );
    }
    const [before, after] = padding === "same" || padding === "valid"
      ? convSides(inputSize, options)
      : pair(fn, "padding", padding, nonNegativeInteger);
    const padded = inputSize + before + after;
    const span = padded - d * (k - 1) - 1;
    if (span < 0) throw kernelTooLarge(fn, axis, k, d, padded);
    return exactCount(fn, `the output ${axis}`, Math.floor(span / s) + 1);
  });
}

commonMistakes(convOutputSize, [{
  id: "padding-once",
  name: "padding added on one side only (p instead of 2p)",
  why: "The padding p is a single number in the layer's settings, so it is easy to add it " +
    "once, though it pads both ends of the axis.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    const [before] = convSides(inputSize, options);
    const d = options.dilation ?? 1;
    return Math.floor((inputSize + before - d * (options.kernel - 1) - 1) / (options.stride ?? 1)) +
      1;
  },
  // (5 + 2 - 2 - 1)/1 + 1 = 5, where both ends padded give 7
  example: { args: [5, { kernel: 3, padding: 2 }], result: 5 },
}, {
  id: "dilation-ignored",
  name: "dilation ignored (the kernel's own size used for its extent)",
  why: "A dilated 3x3 kernel still has nine weights, so its size looks like 3 though it " +
    "covers d(k - 1) + 1 positions.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    return convOutputSize(inputSize, { ...options, dilation: 1 });
  },
  example: { args: [7, { kernel: 3, dilation: 2 }], result: 5 },
}, {
  id: "dilated-extent-dk",
  name: "dilated extent taken as d times k instead of d(k - 1) + 1",
  why: "Spreading k taps d apart sounds like d k positions, but the gaps sit only between " +
    "the taps.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    const [before, after] = convSides(inputSize, options);
    const d = options.dilation ?? 1;
    return Math.floor((inputSize + before + after - d * options.kernel) / (options.stride ?? 1)) +
      1;
  },
  // (10 - 9)/1 + 1 = 2, where the extent 3(3 - 1) + 1 = 7 gives 4
  example: { args: [10, { kernel: 3, dilation: 3 }], result: 2 },
}, {
  id: "ceil-instead-of-floor",
  name: "ceil instead of floor",
  why: "Rounding up counts a last window that hangs past the padded input, as pooling's " +
    "ceil mode does, but a convolution drops it.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    const [before, after] = convSides(inputSize, options);
    const d = options.dilation ?? 1;
    const span = inputSize + before + after - d * (options.kernel - 1) - 1;
    return Math.ceil(span / (options.stride ?? 1)) + 1;
  },
  example: { args: [8, { kernel: 3, stride: 2 }], result: 4 },
}, {
  id: "stride-ignored",
  name: "stride ignored (the window moved one step at a time)",
  why: "The stride-1 formula n - k + 1 is the one learnt first and is reused by habit.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    return convOutputSize(inputSize, { ...options, stride: 1 });
  },
  example: { args: [21, { kernel: 5, stride: 2 }], result: 17 },
}, {
  id: "missing-plus-one",
  name: "the + 1 forgotten: (n + 2p - k)/s",
  why: "The + 1 counts the window's first position, which the quotient (n + 2p - k)/s " +
    "leaves out, and it is dropped when the formula is written from memory.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    const [before, after] = convSides(inputSize, options);
    const extent = (options.dilation ?? 1) * (options.kernel - 1) + 1;
    return Math.floor((inputSize + before + after - extent) / (options.stride ?? 1));
  },
  example: { args: [4, { kernel: 2 }], result: 2 },
}, {
  id: "not-floored",
  name: "the quotient (n + 2p - k)/s + 1 left as a fraction, not floored",
  why: "The formula is learnt on sizes where the stride divides evenly, and the floor that " +
    "drops a last window hanging past the input is forgotten when it does not.",
  variant: (inputSize, options) => {
    convOutputSize(inputSize, options);
    const [before, after] = convSides(inputSize, options);
    const extent = (options.dilation ?? 1) * (options.kernel - 1) + 1;
    return (inputSize + before + after - extent) / (options.stride ?? 1) + 1;
  },
  // (10 - 3)/2 + 1 = 4.5, where the floor gives 3 + 1 = 4
  example: { args: [10, { kernel: 3, stride: 2 }], result: 4.5 },
}]);

/** Options of {@linkcode convTransposeOutputSize}. */
export interface ConvTransposeOutputOptions extends ShapeMessageOptions {
  /** The kernel size $k$; a positive integer. */
  kernel: number;
  /**
   * The stride $s$ of the convolution being transposed; a positive integer.
   * @default {1}
   */
  stride?: number;
  /**
   * The padding $p$ of the convolution being transposed (removed from both ends).
   * @default {0}
   */
  padding?: number;
  /**
   * Extra rows or columns added at the end, $a$; smaller than `stride` or `dilation`.
   * @default {0}
   */
  outputPadding?: number;
  /**
   * The dilation $d$; a positive integer.
   * @default {1}
   */
  dilation?: number;
}

/**
 * The output size of a transposed convolution along one axis, as PyTorch defines it:
 *
 * $$ o = (n - 1)s - 2p + d(k - 1) + a + 1 $$
 *
 * where $n$ is `inputSize`, $s$ is `stride`, $p$ is `padding`, $d$ is `dilation`, $k$ is
 * `kernel` and $a$ is `outputPadding`. It inverts {@linkcode convOutputSize}: a
 * convolution with the same settings maps a size-$o$ input back to $n$. Because that
 * convolution rounds down, several $o$ map to the same $n$; `outputPadding` picks one.
 *
 * @param inputSize The input size $n$; a positive integer.
 * @param options The kernel, stride, padding, output padding and dilation.
 * @returns The output size $o \ge 1$.
 * @throws {RangeError} If a size is not a positive integer, the padding is negative,
 *   `outputPadding` is not smaller than `stride` or `dilation`, or the output would be empty.
 *
 * @example A stride-2 transposed convolution doubles a 3-wide map (less the padding)
 * ```ts
 * import { convOutputSize, convTransposeOutputSize } from "./shapes.ts";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * const o = convTransposeOutputSize(3, { kernel: 3, stride: 2, padding: 1, outputPadding: 1 });
 * strictEqual(o, 6); // (3 - 1)2 - 2 + 2 + 1 + 1
 * strictEqual(convOutputSize(o, { kernel: 3, stride: 2, padding: 1 }), 3);
 * throws(() => convTransposeOutputSize(3, { kernel: 3, stride: 2, outputPadding: 2 }), RangeError);
 * ```
 */
export function convTransposeOutputSize(
  inputSize: number,
  options: ConvTransposeOutputOptions,
): number {
  return guard(nameIn(options, "convTransposeOutputSize"), () => {
    options = readOptions("convTransposeOutputSize", options);
    const fn = options.fn ?? "convTransposeOutputSize";
    const axis = options.axis ?? "size";
    positiveInteger(fn, `input ${axis}`, inputSize);
    const k = positiveInteger(fn, `kernel ${axis}`, options.kernel);
    const s = positiveInteger(fn, "stride", options.stride ?? 1);
    const d = positiveInteger(fn, "dilation", options.dilation ?? 1);
    const p = nonNegativeInteger(fn, "padding", options.padding ?? 0);
    const a = nonNegativeInteger(fn, "outputPadding", options.outputPadding ?? 0);
    if (a >= s && a >= d) {
      throw new RangeError(
        `${fn}: outputPadding must be smaller than stride ${s} or dilation ${d}, got ${show(a)}`,
      );
    }
    const o = (inputSize - 1) * s - 2 * p + d * (k - 1) + a + 1;
    if (o < 1) {
      throw new RangeError(
        `${fn}: padding ${p} leaves no output ${axis} (computed ${o}) for input ${axis} ${inputSize}`,
      );
    }
    return o;
  });
}

commonMistakes(convTransposeOutputSize, [{
  id: "padding-once",
  name: "padding removed from one end only (p instead of 2p)",
  why: "The padding is one number in the layer's settings, so it is subtracted once, " +
    "though the transposed convolution crops it from both ends.",
  variant: (inputSize, options) =>
    convTransposeOutputSize(inputSize, options) + (options.padding ?? 0),
  // (3 - 1)1 - 1 + 2 + 1 = 4, where 2p = 2 gives 3
  example: { args: [3, { kernel: 3, padding: 1 }], result: 4 },
}, {
  id: "output-padding-ignored",
  name: "output padding ignored",
  why: "The output padding only picks one of several sizes that the forward convolution " +
    "maps to the same input, so it is easily overlooked.",
  variant: (inputSize, options) => {
    convTransposeOutputSize(inputSize, options);
    return convTransposeOutputSize(inputSize, { ...options, outputPadding: 0 });
  },
  example: { args: [3, { kernel: 3, stride: 2, padding: 1, outputPadding: 1 }], result: 5 },
}, {
  id: "size-times-stride",
  name: "output taken as the input size times the stride",
  why: "A stride-2 transposed convolution is described as doubling the map, which is " +
    "exact only for particular kernel, padding and output padding.",
  variant: (inputSize, options) => {
    convTransposeOutputSize(inputSize, options);
    return inputSize * (options.stride ?? 1);
  },
  example: { args: [3, { kernel: 3, stride: 2 }], result: 6 },
}]);

/** Options of {@linkcode poolOutputSize}. */
export interface PoolOutputOptions extends ShapeMessageOptions {
  /** The window size $k$; a positive integer. */
  kernel: number;
  /**
   * The stride $s$; a positive integer.
   * @default {kernel}
   */
  stride?: number;
  /**
   * Implicit padding $p$ on both ends; at most half the window, $p \le \lfloor k/2 \rfloor$.
   * @default {0}
   */
  padding?: number;
  /**
   * The dilation $d$; a positive integer.
   * @default {1}
   */
  dilation?: number;
  /**
   * Round the window count up instead of down (PyTorch's `ceil_mode`).
   * @default {false}
   */
  ceilMode?: boolean;
}

/**
 * The output size of a pooling layer along one axis, with PyTorch's rules:
 *
 * $$ o = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1
 * \quad\text{or, with ceil mode,}\quad
 * o = \left\lceil \frac{n + 2p - d(k-1) - 1}{s} \right\rceil + 1 $$
 *
 * where $n$ is `inputSize`, $k$ is `kernel`, $s$ is `stride`, $p$ is `padding` and $d$ is
 * `dilation`. In ceil mode the last window may run past the padded input, but it must
 * start inside the input or the left padding: if $(o-1)s \ge n + p$, $o$ drops by one.
 * The padding may be at most half the window, $p \le \lfloor k/2 \rfloor$, so that every
 * window sees at least one real entry.
 *
 * @param inputSize The input size $n$; a positive integer.
 * @param options The window, stride (default: the window), padding, dilation, ceil mode.
 * @returns The number of windows $o \ge 1$.
 * @throws {RangeError} If a size is not a positive integer, the padding is negative or
 *   larger than half the window, or the window is larger than the padded input.
 *
 * @example The document's 3x3 max pool at stride 2 on a 9x9 map gives 4x4
 * ```ts
 * import { poolOutputSize } from "./shapes.ts";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * strictEqual(poolOutputSize(9, { kernel: 3, stride: 2 }), 4); // (9 - 3)/2 + 1
 * strictEqual(poolOutputSize(10, { kernel: 3, stride: 2 }), 4); // floor(7/2) + 1
 * strictEqual(poolOutputSize(10, { kernel: 3, stride: 2, ceilMode: true }), 5); // ceil(7/2) + 1
 * throws(() => poolOutputSize(9, { kernel: 3, padding: 2 }), RangeError);
 * ```
 */
export function poolOutputSize(inputSize: number, options: PoolOutputOptions): number {
  return guard(nameIn(options, "poolOutputSize"), () => {
    options = readOptions("poolOutputSize", options);
    const fn = options.fn ?? "poolOutputSize";
    const axis = options.axis ?? "size";
    positiveInteger(fn, `input ${axis}`, inputSize);
    const k = positiveInteger(fn, `kernel ${axis}`, options.kernel);
    const s = positiveInteger(fn, "stride", options.stride ?? k);
    const d = positiveInteger(fn, "dilation", options.dilation ?? 1);
    const p = nonNegativeInteger(fn, "padding", options.padding ?? 0);
    if (p > Math.floor(k / 2)) {
      throw new RangeError(
        `${fn}: padding must be at most half the kernel ${axis} ${k} (${
          Math.floor(k / 2)
        }), got ${p}`,
      );
    }
    const span = inputSize + 2 * p - d * (k - 1) - 1;
    let o = Math.floor((span + (options.ceilMode ? s - 1 : 0)) / s) + 1;
    if (options.ceilMode && (o - 1) * s >= inputSize + p) o -= 1;
    if (o < 1) throw kernelTooLarge(fn, axis, k, d, inputSize + 2 * p);
    return o;
  });
}

commonMistakes(poolOutputSize, [{
  id: "ceil-mode-flipped",
  name: "rounded the other way (ceil instead of floor, or floor in ceil mode)",
  why: "Caffe rounds a pool's window count up and PyTorch rounds it down by default, and a " +
    "sheet that does not say which it means invites the other.",
  variant: (inputSize, options) => {
    poolOutputSize(inputSize, options);
    return poolOutputSize(inputSize, { ...options, ceilMode: !options.ceilMode });
  },
  example: { args: [10, { kernel: 3, stride: 2 }], result: 5 },
}, {
  id: "stride-one-by-default",
  name: "stride taken as 1 when none is given (the pool's default is the window)",
  why: "A convolution's stride defaults to 1, and the same default is assumed for a pool, " +
    "whose stride defaults to its window.",
  variant: (inputSize, options) => {
    poolOutputSize(inputSize, options);
    return poolOutputSize(inputSize, { ...options, stride: options.stride ?? 1 });
  },
  example: { args: [4, { kernel: 2 }], result: 3 },
}, {
  id: "missing-plus-one",
  name: "the + 1 forgotten: (n + 2p - k)/s",
  why: "The + 1 counts the first window, which the quotient (n + 2p - k)/s leaves out, and " +
    "it is dropped when the formula is written from memory.",
  variant: (inputSize, options) => poolOutputSize(inputSize, options) - 1,
  example: { args: [9, { kernel: 3, stride: 2 }], result: 3 },
}, {
  id: "not-floored",
  name: "the quotient (n + 2p - k)/s + 1 left as a fraction, not rounded",
  why: "The formula is learnt on sizes where the stride divides evenly, and the rounding " +
    "that decides a last window hanging past the input is forgotten when it does not.",
  variant: (inputSize, options) => {
    poolOutputSize(inputSize, options);
    const k = options.kernel, p = options.padding ?? 0;
    const extent = (options.dilation ?? 1) * (k - 1) + 1;
    return (inputSize + 2 * p - extent) / (options.stride ?? k) + 1;
  },
  // (10 - 3)/2 + 1 = 4.5, where the floor gives 4 (and ceil mode 5)
  example: { args: [10, { kernel: 3, stride: 2 }], result: 4.5 },
}]);

/** Options of {@linkcode samePadding}. */
export interface SamePaddingOptions extends ShapeMessageOptions {
  /** The kernel size $k$; a positive integer. */
  kernel: number;
  /**
   * The stride $s$; a positive integer.
   * @default {1}
   */
  stride?: number;
  /**
   * The dilation $d$; a positive integer.
   * @default {1}
   */
  dilation?: number;
}

/** The padding that TensorFlow's `"same"` adds along one axis, and the size it gives. */
export interface SamePadding {
  /** Zeros added before the first entry (top or left). */
  before: number;
  /** Zeros added after the last entry (bottom or right); `after - before` is 0 or 1. */
  after: number;
  /** `before + after`. */
  total: number;
  /** The output size, $\lceil n / s \rceil$. */
  output: number;
}

/**
 * TensorFlow's `"same"` padding along one axis: the output keeps $\lceil n/s \rceil$
 * positions, and just enough zeros are added to fit them:
 *
 * $$ o = \left\lceil \frac{n}{s} \right\rceil, \qquad
 * p_\text{total} = \max\bigl((o - 1)s + d(k-1) + 1 - n,\ 0\bigr), $$
 *
 * $$ p_\text{before} = \left\lfloor p_\text{total} / 2 \right\rfloor, \qquad
 * p_\text{after} = p_\text{total} - p_\text{before} , $$
 *
 * where $n$ is `inputSize`, $k$ is `kernel`, $s$ is `stride` and $d$ is `dilation`. An odd
 * total puts the extra zero at the end (bottom or right). The document's second
 * convolution (3x3 kernel, stride 1, on a 4x4 map) adds one zero on each side.
 *
 * @param inputSize The input size $n$; a positive integer.
 * @param options The kernel size, stride and dilation.
 * @returns The zeros before and after, their total, and the output size.
 * @throws {RangeError} If a size is not a positive integer.
 *
 * @example The document's "same" convolution, and an odd split
 * ```ts
 * import { samePadding } from "./shapes.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(samePadding(4, { kernel: 3 }), { before: 1, after: 1, total: 2, output: 4 });
 * // 5 inputs, kernel 2, stride 2: 3 outputs need (3 - 1)2 + 2 = 6 positions, one zero, at the end
 * deepStrictEqual(samePadding(5, { kernel: 2, stride: 2 }), {
 *   before: 0,
 *   after: 1,
 *   total: 1,
 *   output: 3,
 * });
 * ```
 */
export function samePadding(inputSize: number, options: SamePaddingOptions): SamePadding {
  return guard(nameIn(options, "samePadding"), () => {
    options = readOptions("samePadding", options);
    const fn = options.fn ?? "samePadding";
    const axis = options.axis ?? "size";
    positiveInteger(fn, `input ${axis}`, inputSize);
    const k = positiveInteger(fn, `kernel ${axis}`, options.kernel);
    const s = positiveInteger(fn, "stride", options.stride ?? 1);
    const d = positiveInteger(fn, "dilation", options.dilation ?? 1);
    const output = Math.ceil(inputSize / s);
    const total = Math.max((output - 1) * s + d * (k - 1) + 1 - inputSize, 0);
    const before = Math.floor(total / 2);
    return { before, after: total - before, total, output };
  });
}

commonMistakes(samePadding, [{
  id: "extra-zero-first",
  name: "the odd zero put before (top or left) instead of after",
  why: "ONNX's SAME_LOWER puts an odd zero first where TensorFlow's \"same\" (ONNX's " +
    "SAME_UPPER) puts it last, and a sheet rarely says which split it uses.",
  variant: (inputSize, options) => {
    const { total, output } = samePadding(inputSize, options);
    const before = Math.ceil(total / 2);
    return { before, after: total - before, total, output };
  },
  example: {
    args: [5, { kernel: 2, stride: 2 }],
    result: { before: 1, after: 0, total: 1, output: 3 },
  },
}, {
  id: "stride-ignored",
  name: "the stride-1 padding d(k - 1) used at every stride",
  why: '"Same" padding is taught as (k - 1)/2 on each side, which keeps the size only at ' +
    "stride 1.",
  variant: (inputSize, options) => {
    const { output } = samePadding(inputSize, options);
    const total = (options.dilation ?? 1) * (options.kernel - 1);
    const before = Math.floor(total / 2);
    return { before, after: total - before, total, output };
  },
  example: {
    args: [4, { kernel: 3, stride: 2 }],
    result: { before: 1, after: 1, total: 2, output: 2 },
  },
}]);

/** Zero padding on each side of a 2-D map. */
export interface Sides {
  /** Rows of zeros above. */
  top: number;
  /** Rows of zeros below. */
  bottom: number;
  /** Columns of zeros on the left. */
  left: number;
  /** Columns of zeros on the right. */
  right: number;
}

/**
 * How a 2-D convolution pads its input:
 * - `"valid"`: no padding;
 * - `"same"`: TensorFlow's split (see {@linkcode samePadding}), output $\lceil n/s \rceil$;
 * - a number $p$: $p$ zeros on all four sides;
 * - `[ph, pw]`: $p_h$ rows above and below, $p_w$ columns left and right (PyTorch's form);
 * - `{ top, bottom, left, right }`: each side explicitly.
 */
export type Conv2dPadding =
  | "valid"
  | "same"
  | number
  | readonly [number, number]
  | Readonly<Sides>;

/** A height and a width. */
export interface Size2d {
  /** Rows. */
  height: number;
  /** Columns. */
  width: number;
}

/** Options of {@linkcode conv2dGeometry}. */
export interface Conv2dGeometryOptions {
  /** The kernel size: one number for a square kernel, or `[kh, kw]`; positive integers. */
  kernel: number | readonly [number, number];
  /**
   * The stride: one number for both axes, or `[sh, sw]`; positive integers.
   * @default {1}
   */
  stride?: number | readonly [number, number];
  /**
   * The padding; see {@linkcode Conv2dPadding}.
   * @default {"valid"}
   */
  padding?: Conv2dPadding;
  /**
   * The dilation: one number for both axes, or `[dh, dw]`; positive integers.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
  /**
   * The function named in error messages.
   * @default {"conv2dGeometry"}
   */
  fn?: string;
}

/** Everything a 2-D convolution needs to know about its shapes, resolved to integers. */
export interface Conv2dGeometry {
  /** The input's height and width. */
  input: Size2d;
  /** The kernel's height and width (number of taps). */
  kernel: Size2d;
  /** The stride along each axis. */
  stride: Size2d;
  /** The dilation along each axis. */
  dilation: Size2d;
  /** The extent the dilated kernel covers, $d(k-1)+1$ on each axis. */
  effectiveKernel: Size2d;
  /** Zeros added on each side. */
  padding: Sides;
  /** The output's height and width. */
  output: Size2d;
}

/** Reads a {@linkcode Conv2dPadding} into four sides (the "same" case needs the shapes). */
function resolvePadding(
  fn: string,
  padding: Conv2dPadding,
  input: Size2d,
  kernel: Size2d,
  stride: Size2d,
  dilation: Size2d,
): Sides {
  if (padding === "valid") return { top: 0, bottom: 0, left: 0, right: 0 };
  if (padding === "same") {
    const h = samePadding(input.height, {
      kernel: kernel.height,
      stride: stride.height,
      dilation: dilation.height,
      fn,
      axis: "height",
    });
    const w = samePadding(input.width, {
      kernel: kernel.width,
      stride: stride.width,
      dilation: dilation.width,
      fn,
      axis: "width",
    });
    return { top: h.before, bottom: h.after, left: w.before, right: w.after };
  }
  if (typeof padding === "number" || Array.isArray(padding)) {
    const [ph, pw] = pair(fn, "padding", padding as number | [number, number], nonNegativeInteger);
    return { top: ph, bottom: ph, left: pw, right: pw };
  }
  if (typeof padding === "object" && padding !== null) {
    const sides = padding as Sides;
    return {
      top: nonNegativeInteger(fn, "padding.top", sides.top),
      bottom: nonNegativeInteger(fn, "padding.bottom", sides.bottom),
      left: nonNegativeInteger(fn, "padding.left", sides.left),
      right: nonNegativeInteger(fn, "padding.right", sides.right),
    };
  }
  throw new TypeError(
    `${fn}: padding must be "valid", "same", a number, [ph, pw] or ` +
      `{ top, bottom, left, right }, got ${show(padding)}`,
  );
}

/**
 * Resolves a 2-D convolution's settings into integers: the padding on each side, the
 * effective (dilated) kernel and the output size, applying {@linkcode convOutputSize}
 * to each axis:
 *
 * $$ H_\text{out} = \left\lfloor \frac{H + p_\text{top} + p_\text{bottom} - d_h(k_h-1) - 1}{s_h} \right\rfloor + 1,
 * \qquad
 * W_\text{out} = \left\lfloor \frac{W + p_\text{left} + p_\text{right} - d_w(k_w-1) - 1}{s_w} \right\rfloor + 1 . $$
 *
 * `conv2d`, `convolve2d`, `conv2dCell` and `summary` all read their shapes from this record.
 *
 * @param input The input's height $H$ and width $W$; positive integers.
 * @param options The kernel size, stride, padding and dilation.
 * @returns The resolved geometry.
 * @throws {TypeError} If the padding has an unknown form.
 * @throws {RangeError} If a size, stride or dilation is not a positive integer, a padding is
 *   negative or fractional, or the dilated kernel is larger than the padded input.
 *
 * @example The document's two convolutions
 * ```ts
 * import { conv2dGeometry } from "./shapes.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const q2 = conv2dGeometry({ height: 4, width: 4 }, { kernel: 2 });
 * deepStrictEqual(q2.output, { height: 3, width: 3 });
 * const q3 = conv2dGeometry({ height: 4, width: 4 }, { kernel: 3, padding: "same" });
 * deepStrictEqual(q3.padding, { top: 1, bottom: 1, left: 1, right: 1 });
 * deepStrictEqual(q3.output, { height: 4, width: 4 });
 * ```
 */
export function conv2dGeometry(input: Size2d, options: Conv2dGeometryOptions): Conv2dGeometry {
  return guard(nameIn(options, "conv2dGeometry"), () => {
    options = readOptions("conv2dGeometry", options);
    const fn = options.fn ?? "conv2dGeometry";
    positiveInteger(fn, "input height", input.height);
    positiveInteger(fn, "input width", input.width);
    const [kh, kw] = pair(fn, "kernel", options.kernel, positiveInteger);
    const [sh, sw] = pair(fn, "stride", options.stride ?? 1, positiveInteger);
    const [dh, dw] = pair(fn, "dilation", options.dilation ?? 1, positiveInteger);
    const kernel = { height: kh, width: kw };
    const stride = { height: sh, width: sw };
    const dilation = { height: dh, width: dw };
    const padding = resolvePadding(
      fn,
      options.padding ?? "valid",
      input,
      kernel,
      stride,
      dilation,
    );
    const output = {
      height: convOutputSize(input.height, {
        kernel: kh,
        stride: sh,
        dilation: dh,
        padding: [padding.top, padding.bottom],
        fn,
        axis: "height",
      }),
      width: convOutputSize(input.width, {
        kernel: kw,
        stride: sw,
        dilation: dw,
        padding: [padding.left, padding.right],
        fn,
        axis: "width",
      }),
    };
    return {
      input: { height: input.height, width: input.width },
      kernel,
      stride,
      dilation,
      effectiveKernel: { height: dh * (kh - 1) + 1, width: dw * (kw - 1) + 1 },
      padding,
      output,
    };
  });
}

/** Options of {@linkcode conv2dParameterCount}. */
export interface Conv2dParameterOptions {
  /** Input channels $C_\text{in}$; a positive integer. */
  inChannels: number;
  /** Output channels (filters) $C_\text{out}$; a positive integer. */
  outChannels: number;
  /** The kernel size: a number for a square kernel, or `[kh, kw]`. */
  kernel: number | readonly [number, number];
  /**
   * Whether each filter has a bias.
   * @default {true}
   */
  bias?: boolean;
  /**
   * Channel groups $g$ (PyTorch's `groups`): each filter sees only $C_\text{in}/g$ input
   * channels. $g = C_\text{in}$ is a depthwise convolution; both channel counts must be
   * divisible by $g$.
   * @default {1}
   */
  groups?: number;
}

/**
 * The number of trainable parameters of a 2-D convolution layer: each of the
 * $C_\text{out}$ filters has $k_h k_w C_\text{in}$ weights and one bias,
 *
 * $$ P = (k_h k_w C_\text{in} + 1)\, C_\text{out} \quad\text{(or } k_h k_w C_\text{in} C_\text{out}
 * \text{ without bias)}, $$
 *
 * where $k_h, k_w$ come from `kernel`, $C_\text{in}$ is `inChannels` and $C_\text{out}$
 * is `outChannels`. The count does not depend on the input's height and width: the same
 * filter slides over every position.
 *
 * A grouped convolution splits the channels into $g$ groups (`groups`) and connects each
 * filter to the $C_\text{in}/g$ channels of its own group only, so the weights shrink by $g$:
 *
 * $$ P = \left(k_h k_w \frac{C_\text{in}}{g} + 1\right) C_\text{out} . $$
 *
 * A depthwise convolution is the case $g = C_\text{in}$: a $3 \times 3$ depthwise layer on 32
 * channels has $(9 \cdot 1 + 1) \cdot 32 = 320$ parameters, where a full one has
 * $(9 \cdot 32 + 1) \cdot 32 = 9248$. A pointwise convolution is the ordinary $1 \times 1$
 * case, $g = 1$. The same count holds for a transposed convolution, whose weight
 * $[C_\text{in}][C_\text{out}/g][k_h][k_w]$ has as many entries.
 *
 * @param options The channel counts, kernel size, groups and whether there is a bias.
 * @returns The parameter count.
 * @throws {RangeError} If a count or kernel size is not a positive integer, or a channel
 *   count is not divisible by `groups`.
 *
 * @example The document's two convolution layers: 456 and 550
 * ```ts
 * import { conv2dParameterCount } from "./shapes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(conv2dParameterCount({ inChannels: 3, outChannels: 6, kernel: 5 }), 456);
 * strictEqual(conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: 3 }), 550);
 * strictEqual(
 *   conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: 3, bias: false }),
 *   540,
 * );
 * ```
 *
 * @example Grouped and depthwise: 1184 and 320 (PyTorch's counts)
 * ```ts
 * import { conv2dParameterCount } from "./shapes.ts";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * // Conv2d(16, 32, 3, groups=4): (3·3·4 + 1)·32
 * strictEqual(conv2dParameterCount({ inChannels: 16, outChannels: 32, kernel: 3, groups: 4 }), 1184);
 * // Conv2d(32, 32, 3, groups=32): (3·3·1 + 1)·32
 * strictEqual(conv2dParameterCount({ inChannels: 32, outChannels: 32, kernel: 3, groups: 32 }), 320);
 * throws(
 *   () => conv2dParameterCount({ inChannels: 6, outChannels: 8, kernel: 3, groups: 4 }),
 *   /conv2dParameterCount: inChannels 6 must be divisible by groups 4/,
 * );
 * ```
 */
export function conv2dParameterCount(options: Conv2dParameterOptions): number {
  return guard("conv2dParameterCount", () => {
    options = readOptions("conv2dParameterCount", options);
    const fn = "conv2dParameterCount";
    const cin = positiveInteger(fn, "inChannels", options.inChannels);
    const cout = positiveInteger(fn, "outChannels", options.outChannels);
    const [kh, kw] = pair(fn, "kernel", options.kernel, positiveInteger);
    const g = groupCount(fn, cin, cout, options.groups ?? 1);
    return exactCount(
      "conv2dParameterCount",
      "the parameter count",
      (kh * kw * (cin / g) + (flag(fn, "bias", options.bias, true) ? 1 : 0)) * cout,
    );
  });
}

/** Checks `groups` against both channel counts; returns it. */
function groupCount(fn: string, cin: number, cout: number, groups: unknown): number {
  const g = positiveInteger(fn, "groups", groups);
  if (cin % g !== 0) {
    throw new RangeError(`${fn}: inChannels ${cin} must be divisible by groups ${g}`);
  }
  if (cout % g !== 0) {
    throw new RangeError(`${fn}: outChannels ${cout} must be divisible by groups ${g}`);
  }
  return g;
}

commonMistakes(conv2dParameterCount, [{
  id: "bias-omitted",
  name: "bias omitted (weights only)",
  why: "The weights are what the kernel picture shows, and the one bias per filter is easy " +
    "to forget.",
  variant: (options) => conv2dParameterCount({ ...options, bias: false }),
  example: { args: [{ inChannels: 3, outChannels: 6, kernel: 5 }], result: 450 },
}, {
  id: "bias-per-channel",
  name: "one bias per input channel of each filter",
  why: "Drawing a filter as one 2-D kernel per input channel suggests a bias for each, " +
    "though the channels are summed and get one bias together.",
  variant: (options) => {
    conv2dParameterCount(options);
    const [kh, kw] = pair("conv2dParameterCount", "kernel", options.kernel, positiveInteger);
    return (kh * kw + (options.bias ?? true ? 1 : 0)) * options.inChannels * options.outChannels;
  },
  example: { args: [{ inChannels: 3, outChannels: 6, kernel: 5 }], result: 468 },
}, {
  id: "input-channels-forgotten",
  name: "input channels forgotten (k x k weights per filter)",
  why: "A kernel is drawn as a flat k x k grid, though it extends through every input channel.",
  variant: (options) => {
    conv2dParameterCount(options); // the checks of the function itself
    return conv2dParameterCount({ ...options, inChannels: 1, groups: 1 });
  },
  example: { args: [{ inChannels: 3, outChannels: 6, kernel: 5 }], result: 156 },
}, {
  id: "channels-swapped",
  name: "input and output channels swapped",
  why: "The weight tensor's two channel axes are easy to exchange, which moves the bias " +
    "count from the filters to the inputs.",
  variant: (options) => {
    conv2dParameterCount(options);
    return conv2dParameterCount({
      ...options,
      inChannels: options.outChannels,
      outChannels: options.inChannels,
    });
  },
  example: { args: [{ inChannels: 3, outChannels: 6, kernel: 5 }], result: 453 },
}, {
  id: "groups-ignored",
  name: "a grouped or depthwise convolution counted as a full one (groups ignored)",
  why: "Each filter of a grouped convolution sees only C_in/g input channels, and counting " +
    "k x k x C_in weights per filter, as for an ordinary layer, multiplies them by g.",
  variant: (options) => {
    conv2dParameterCount(options); // the checks of the function itself
    return conv2dParameterCount({ ...options, groups: 1 });
  },
  // a 3x3 depthwise layer on 32 channels: (9 * 32 + 1) * 32 = 9248, where it has 320
  example: {
    args: [{ inChannels: 32, outChannels: 32, kernel: 3, groups: 32 }],
    result: 9248,
  },
}]);

/** Options of {@linkcode denseParameterCount}. */
export interface DenseParameterOptions {
  /** Inputs $n_\text{in}$; a positive integer. */
  inFeatures: number;
  /** Outputs (units) $n_\text{out}$; a positive integer. */
  outFeatures: number;
  /**
   * Whether each unit has a bias.
   * @default {true}
   */
  bias?: boolean;
}

/**
 * The number of trainable parameters of a dense (fully connected) layer: a weight for
 * every input–output pair plus one bias per output,
 *
 * $$ P = (n_\text{in} + 1)\, n_\text{out} \quad\text{(or } n_\text{in} n_\text{out}
 * \text{ without bias)}, $$
 *
 * where $n_\text{in}$ is `inFeatures` and $n_\text{out}$ is `outFeatures`.
 *
 * @param options The input and output counts and whether there is a bias.
 * @returns The parameter count.
 * @throws {RangeError} If a count is not a positive integer.
 *
 * @example The document's dense layer, 160 inputs to 10 units
 * ```ts
 * import { denseParameterCount } from "./shapes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(denseParameterCount({ inFeatures: 160, outFeatures: 10 }), 1610);
 * strictEqual(denseParameterCount({ inFeatures: 160, outFeatures: 10, bias: false }), 1600);
 * ```
 */
export function denseParameterCount(options: DenseParameterOptions): number {
  return guard("denseParameterCount", () => {
    options = readOptions("denseParameterCount", options);
    const fn = "denseParameterCount";
    const nin = positiveInteger(fn, "inFeatures", options.inFeatures);
    const nout = positiveInteger(fn, "outFeatures", options.outFeatures);
    return exactCount(
      "denseParameterCount",
      "the parameter count",
      (nin + (flag(fn, "bias", options.bias, true) ? 1 : 0)) * nout,
    );
  });
}

commonMistakes(denseParameterCount, [{
  id: "bias-omitted",
  name: "bias omitted (weights only)",
  why: "The weight matrix is n_in x n_out, and the one bias per unit, which multiplies no " +
    "input, is easy to leave out of the count.",
  variant: (options) => denseParameterCount({ ...options, bias: false }),
  // 160 x 10 = 1600, where the ten biases make it 1610
  example: { args: [{ inFeatures: 160, outFeatures: 10 }], result: 1600 },
}, {
  id: "bias-per-input",
  name: "one bias per input instead of per unit",
  why: "Swapping the matrix's two sides keeps the weights right but gives each input a bias.",
  variant: (options) => {
    denseParameterCount(options); // the checks of the function itself
    return denseParameterCount({
      ...options,
      inFeatures: options.outFeatures,
      outFeatures: options.inFeatures,
    });
  },
  example: { args: [{ inFeatures: 160, outFeatures: 10 }], result: 1760 },
}, {
  id: "single-bias",
  name: "one bias for the whole layer",
  why: "A perceptron has one bias, and a layer is pictured as one neuron repeated.",
  variant: (options) =>
    denseParameterCount({ ...options, bias: false }) + (options.bias ?? true ? 1 : 0),
  example: { args: [{ inFeatures: 160, outFeatures: 10 }], result: 1601 },
}]);
/** Options of {@linkcode embeddingParameterCount}. */
export interface EmbeddingParameterOptions {
  /** The vocabulary size $V$ (number of rows); a positive integer. */
  numEmbeddings: number;
  /** The vector length $d$ of each row; a positive integer. */
  embeddingDim: number;
}

/**
 * The number of trainable parameters of an embedding table: one learned vector of
 * length $d$ for each of the $V$ tokens, and no bias (looking up row $i$ is a dense layer
 * without bias applied to a one-hot vector),
 *
 * $$ P = V d , $$
 *
 * where $V$ is `numEmbeddings` and $d$ is `embeddingDim`.
 *
 * @param options The vocabulary size and the vector length.
 * @returns The parameter count.
 * @throws {RangeError} If a size is not a positive integer.
 *
 * @example PyTorch's Embedding(1000, 64) has 64000 parameters
 * ```ts
 * import { embeddingParameterCount } from "./shapes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(embeddingParameterCount({ numEmbeddings: 1000, embeddingDim: 64 }), 64000);
 * ```
 */
export function embeddingParameterCount(options: EmbeddingParameterOptions): number {
  return guard("embeddingParameterCount", () => {
    const fn = "embeddingParameterCount";
    return exactCount(
      fn,
      "the parameter count",
      positiveInteger(fn, "numEmbeddings", options.numEmbeddings) *
        positiveInteger(fn, "embeddingDim", options.embeddingDim),
    );
  });
}

commonMistakes(embeddingParameterCount, [{
  id: "bias-added",
  name: "a bias per dimension added, as for a dense layer",
  why: "An embedding is a dense layer applied to a one-hot vector, and the dense layer's " +
    "count (inputs + 1) x outputs is carried over, though the lookup has no bias.",
  variant: (options) =>
    embeddingParameterCount(options) +
    positiveInteger("embeddingParameterCount", "embeddingDim", options.embeddingDim),
  // Embedding(1000, 64): 1000 * 64 + 64 = 64064, where it has 64000
  example: { args: [{ numEmbeddings: 1000, embeddingDim: 64 }], result: 64064 },
}]);

/** One layer of a stack, as {@linkcode receptiveField} reads it. */
export interface ReceptiveFieldLayer {
  /** The kernel (or pooling window) size $k$ along the axis; a positive integer. */
  kernel: number;
  /**
   * The stride $s$; a positive integer.
   * @default {1}
   */
  stride?: number;
  /**
   * The dilation $d$; a positive integer.
   * @default {1}
   */
  dilation?: number;
}

/** The most layers {@linkcode receptiveField} reads (a stack far deeper than any course's). */
const MAX_STACK = 100_000;

/** Reads the stack: an array of at most {@link MAX_STACK} layers, each validated. */
function stackOf(fn: string, layers: unknown): Required<ReceptiveFieldLayer>[] {
  if (!Array.isArray(layers)) {
    throw new TypeError(
      `${fn}: layers must be an array of { kernel, stride, dilation }, got ${show(layers)}`,
    );
  }
  if (layers.length === 0 || layers.length > MAX_STACK) {
    throw new RangeError(
      `${fn}: layers must hold 1 to ${MAX_STACK} layers, got ${layers.length}`,
    );
  }
  return layers.map((layer: unknown, i: number) => {
    if (layer === null || typeof layer !== "object") {
      throw new TypeError(
        `${fn}: layers[${i}] must be { kernel, stride, dilation }, got ${show(layer)}`,
      );
    }
    const l = layer as ReceptiveFieldLayer;
    return {
      kernel: positiveInteger(fn, `layers[${i}].kernel`, l.kernel),
      stride: positiveInteger(fn, `layers[${i}].stride`, l.stride ?? 1),
      dilation: positiveInteger(fn, `layers[${i}].dilation`, l.dilation ?? 1),
    };
  });
}

/**
 * The receptive field of a stack of convolution and pooling layers along one axis: how many
 * input positions one output position sees,
 *
 * $$ r_L = 1 + \sum_{l=1}^{L} d_l (k_l - 1) \prod_{i=1}^{l-1} s_i , $$
 *
 * where layer $l$ has kernel $k_l$, dilation $d_l$ and stride $s_l$. Each layer widens the
 * field by its extent minus one, $d_l(k_l - 1)$, counted in the input positions one step of
 * its own input spans: the product of the strides *before* it (its jump). Padding does not
 * change the field.
 *
 * @param layers The layers from the input up, each `{ kernel, stride, dilation }`.
 * @returns The receptive field $r_L \ge 1$.
 * @throws {TypeError} If `layers` is not an array of objects.
 * @throws {RangeError} If it is empty or longer than 100000, a size is not a positive
 *   integer, or the field passes $2^{53}$.
 *
 * @example Three 3x3 convolutions see 7 x 7; a 2x2 pool between them widens the next step
 * ```ts
 * import { receptiveField } from "./shapes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * // 1 + 2 + 2 + 2
 * strictEqual(receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }]), 7);
 * // conv 3, conv 3, pool 2/2, conv 3: 1 + 2 + 2 + 1 + 2 * 2 = 10
 * strictEqual(
 *   receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 2, stride: 2 }, { kernel: 3 }]),
 *   10,
 * );
 * ```
 */
export function receptiveField(layers: readonly ReceptiveFieldLayer[]): number {
  return guard("receptiveField", () => {
    const fn = "receptiveField";
    let field = 1, jump = 1; // jump: input positions between neighbours of this layer's input
    for (const { kernel, stride, dilation } of stackOf(fn, layers)) {
      field = exactCount(fn, "the receptive field", field + dilation * (kernel - 1) * jump);
      jump = exactCount(fn, "the product of the strides", jump * stride);
    }
    return field;
  });
}

commonMistakes(receptiveField, [{
  id: "strides-ignored",
  name: "the strides ignored: 1 + the sum of k - 1",
  why: "Adding k - 1 per layer is right for a stack of stride-1 layers, the case drawn " +
    "first, and is kept after a strided layer, whose outputs sit s inputs apart.",
  variant: (layers) => {
    receptiveField(layers); // the checks of the function itself
    return 1 + stackOf("receptiveField", layers).reduce(
      (r, l) => r + l.dilation * (l.kernel - 1),
      0,
    );
  },
  // conv 3, pool 2/2, conv 3: 1 + 2 + 1 + 2 = 6, where the last layer adds 2 * 2 and gives 8
  example: { args: [[{ kernel: 3 }, { kernel: 2, stride: 2 }, { kernel: 3 }]], result: 6 },
}, {
  id: "own-stride-included",
  name: "each layer's own stride included in its jump",
  why: "The jump of a layer is the product of the strides before it, and the layer's own " +
    "stride, which spaces its outputs rather than its inputs, is multiplied in too.",
  variant: (layers) => {
    receptiveField(layers);
    let field = 1, jump = 1;
    for (const l of stackOf("receptiveField", layers)) {
      jump *= l.stride;
      field += l.dilation * (l.kernel - 1) * jump;
    }
    return field;
  },
  // conv 3, pool 2/2, conv 3: 1 + 2 + 1 * 2 + 2 * 2 = 9, where it is 8
  example: { args: [[{ kernel: 3 }, { kernel: 2, stride: 2 }, { kernel: 3 }]], result: 9 },
}, {
  id: "kernels-added",
  name: "the kernel sizes added: the sum of k",
  why: "Stacking two 3-wide windows looks like covering 3 + 3 positions, though neighbouring " +
    "windows overlap in all but one.",
  variant: (layers) => {
    receptiveField(layers);
    let field = 0, jump = 1;
    for (const l of stackOf("receptiveField", layers)) {
      field += (l.dilation * (l.kernel - 1) + 1) * jump;
      jump *= l.stride;
    }
    return field;
  },
  // two 3x3 convolutions: 3 + 3 = 6, where they see 5
  example: { args: [[{ kernel: 3 }, { kernel: 3 }]], result: 6 },
}, {
  id: "dilation-ignored",
  name: "dilation ignored (each kernel counted at its own size)",
  why: "A dilated kernel has k taps but spans d(k - 1) + 1 positions, and its tap count is " +
    "what the layer's settings show.",
  variant: (layers) => {
    receptiveField(layers);
    return receptiveField(stackOf("receptiveField", layers).map((l) => ({ ...l, dilation: 1 })));
  },
  // 3x3 with dilation 2, then 3x3: 1 + 2 + 2 = 5, where the dilated one adds 4 and gives 7
  example: { args: [[{ kernel: 3, dilation: 2 }, { kernel: 3 }]], result: 5 },
}]);
