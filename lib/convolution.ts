/**
 * # Convolution: one small filter slid over an image
 *
 * A convolutional layer does not connect every input to every output. It keeps one
 * small grid of weights, the kernel, lays it over a patch of the input, multiplies
 * entry by entry, adds the products, and moves on. What deep-learning frameworks call
 * "convolution" is, strictly, cross-correlation: the kernel is not flipped. For an input
 * $x$ with channels $c$, a weight $w$ with filters $o$, stride $s$, padding $p$ and
 * dilation $d$, output entry $(i, j)$ of map $o$ is
 *
 * $$ y_{o,i,j} = b_o + \sum_{c} \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1}
 * w_{o,c,u,v}\; x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w} , $$
 *
 * where positions outside the input read as zero (that is the padding).
 *
 * The document's question 2 takes
 *
 * $$ M = \begin{bmatrix} 1&0&0&2\\ 0&1&0&1\\ 0&0&1&2\\ 0&0&0&1 \end{bmatrix}, \qquad
 * K = \begin{bmatrix} 0&0\\ 1&1 \end{bmatrix}, $$
 *
 * stride 1, no padding, no bias. The top-left patch is
 * $\begin{bmatrix}1&0\\0&1\end{bmatrix}$, and
 * $1 \cdot 0 + 0 \cdot 0 + 0 \cdot 1 + 1 \cdot 1 = 1$. The patch at row 1, column 2 is
 * $\begin{bmatrix}0&1\\1&2\end{bmatrix}$: $0 + 0 + 1 + 2 = 3$. All nine positions give
 *
 * $$ O = \begin{bmatrix} 1&1&1\\ 0&1&3\\ 0&0&1 \end{bmatrix}. $$
 *
 * With two input channels the per-channel maps add up (part b: every entry doubles);
 * with two filters the maps stack (part c: two copies of $O$).
 *
 * The output size comes from {@linkcode conv2dGeometry} in `shapes.ts`; this file only
 * does the arithmetic.
 *
 * ## Summary
 *
 * - A convolution slides one small kernel over the input and takes a sum of products at each
 *   position.
 * - Question 2's kernel over $M$ gives $O = [[1,1,1],[0,1,3],[0,0,1]]$; the cell $O_{12}$
 *   reads the patch $[[0,1],[1,2]]$ and gives 3.
 * - Channels add up inside one output map; filters stack as separate maps.
 * - Stride skips positions, padding reads zeros outside the input, and the output size comes
 *   from the shape formula.
 *
 * @example The document's question 2 (a): the 3x3 output
 * ```ts
 * import { conv2d } from "./convolution.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * const K = [[0, 0], [1, 1]];
 * deepStrictEqual(conv2d(M, K).toArray(), [[1, 1, 1], [0, 1, 3], [0, 0, 1]]);
 * ```
 *
 * @module
 */

import {
  finiteNumber,
  finiteResult,
  nonNegativeInteger,
  pair,
  positiveInteger,
  show,
} from "./_validate.ts";
import type { Conv2dGeometry, Conv2dPadding } from "./shapes.ts";
import { conv2dGeometry, convTransposeOutputSize } from "./shapes.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";

/** Options of {@linkcode conv2d} and {@linkcode convolve2d}. */
export interface Conv2dOptions {
  /**
   * The bias $b$: a number added to every output map, or a vector with one entry per
   * filter ($C_\text{out}$ entries).
   * @default {0}
   */
  bias?: number | TensorLike;
  /**
   * The stride: one positive integer for both axes, or `[sh, sw]`.
   * @default {1}
   */
  stride?: number | readonly [number, number];
  /**
   * The padding: `"valid"` (none), `"same"` (TensorFlow's split, the extra row and column
   * at the bottom and right), a number (all four sides), `[ph, pw]` (PyTorch's form) or
   * `{ top, bottom, left, right }`. See {@linkcode Conv2dPadding}.
   * @default {"valid"}
   */
  padding?: Conv2dPadding;
  /**
   * The dilation: one positive integer for both axes, or `[dh, dw]`.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
}

/** An image read as channels-first numbers. */
interface Image {
  channels: number;
  height: number;
  width: number;
  data: Float64Array;
  rank: number;
}

/** A weight read as `[A][B][kH][kW]` (for conv2d A = filters, B = channels). */
interface Weight {
  outer: number;
  inner: number;
  height: number;
  width: number;
  data: Float64Array;
  rank: number;
  shape: readonly number[];
}

function readImage(fn: string, name: string, value: TensorLike): Image {
  const t = expectRank(fn, name, value, [2, 3]);
  const [channels, height, width] = t.rank === 2 ? [1, t.shape[0], t.shape[1]] : t.shape;
  return { channels, height, width, data: t.data, rank: t.rank };
}

/** Reads a weight; `missing` says which leading axis a 3-D weight lacks. */
function readWeight(
  fn: string,
  value: TensorLike,
  missing: "outer" | "inner",
): Weight {
  const t = expectRank(fn, "kernel", value, [2, 3, 4]);
  const s = t.shape;
  let outer = 1, inner = 1;
  if (t.rank === 4) [outer, inner] = s;
  else if (t.rank === 3 && missing === "outer") inner = s[0];
  else if (t.rank === 3) outer = s[0];
  return {
    outer,
    inner,
    height: s[t.rank - 2],
    width: s[t.rank - 1],
    data: t.data,
    rank: t.rank,
    shape: s,
  };
}

function channelMismatch(fn: string, kernelChannels: number, input: Image, kernel: Weight) {
  return new TypeError(
    `${fn}: kernel has ${kernelChannels} input channel(s) (shape ${
      show([...kernel.shape])
    }) but input has ${input.channels} (shape ${
      show(
        input.rank === 2 ? [input.height, input.width] : [
          input.channels,
          input.height,
          input.width,
        ],
      )
    })`,
  );
}

function readBias(fn: string, bias: number | TensorLike | undefined, filters: number) {
  const out = new Float64Array(filters);
  if (bias === undefined) return out;
  if (typeof bias === "number") return out.fill(finiteNumber(fn, "bias", bias));
  const b = expectRank(fn, "bias", bias, [1]);
  if (b.size !== filters) {
    throw new TypeError(
      `${fn}: bias must have one entry per filter (${filters}), got ${b.size}`,
    );
  }
  return Float64Array.from(b.data);
}

/** A copy of the weight with each kernel turned by 180 degrees (rows and columns reversed). */
function flipped(w: Weight): Weight {
  const data = new Float64Array(w.data.length);
  const plane = w.height * w.width;
  for (let base = 0; base < data.length; base += plane) {
    for (let u = 0; u < w.height; u++) {
      for (let v = 0; v < w.width; v++) {
        data[base + u * w.width + v] =
          w.data[base + (w.height - 1 - u) * w.width + (w.width - 1 - v)];
      }
    }
  }
  return { ...w, data };
}

/** Reads and checks the arguments shared by conv2d, convolve2d and conv2dCell. */
function prepare(fn: string, input: TensorLike, kernel: TensorLike, options: Conv2dOptions) {
  const x = readImage(fn, "input", input);
  const w = readWeight(fn, kernel, "outer");
  if (w.inner !== x.channels) throw channelMismatch(fn, w.inner, x, w);
  const geometry = conv2dGeometry({ height: x.height, width: x.width }, {
    kernel: [w.height, w.width],
    stride: options.stride,
    padding: options.padding,
    dilation: options.dilation,
    fn,
  });
  const bias = readBias(fn, options.bias, w.outer);
  return { x, w, geometry, bias };
}

/** The cross-correlation loop: $y_{o,i,j} = b_o + \sum_{c,u,v} w_{o,c,u,v} x_{c, \dots}$. */
function correlate(x: Image, w: Weight, g: Conv2dGeometry, bias: Float64Array): Float64Array {
  const { height: oh, width: ow } = g.output;
  const out = new Float64Array(w.outer * oh * ow);
  const plane = x.height * x.width;
  const kplane = w.height * w.width;
  for (let o = 0; o < w.outer; o++) {
    for (let i = 0; i < oh; i++) {
      const top = i * g.stride.height - g.padding.top;
      for (let j = 0; j < ow; j++) {
        const left = j * g.stride.width - g.padding.left;
        let sum = bias[o];
        for (let c = 0; c < x.channels; c++) {
          const xBase = c * plane;
          const wBase = (o * w.inner + c) * kplane;
          for (let u = 0; u < w.height; u++) {
            const r = top + u * g.dilation.height;
            if (r < 0 || r >= x.height) continue;
            for (let v = 0; v < w.width; v++) {
              const col = left + v * g.dilation.width;
              if (col < 0 || col >= x.width) continue;
              sum += w.data[wBase + u * w.width + v] * x.data[xBase + r * x.width + col];
            }
          }
        }
        out[(o * oh + i) * ow + j] = sum;
      }
    }
  }
  return out;
}

function run(
  fn: string,
  input: TensorLike,
  kernel: TensorLike,
  options: Conv2dOptions,
  flip: boolean,
): Tensor {
  const { x, w, geometry, bias } = prepare(fn, input, kernel, options);
  const data = finiteResult(fn, "the output", correlate(x, flip ? flipped(w) : w, geometry, bias));
  const { height, width } = geometry.output;
  const keep2d = x.rank === 2 && w.rank === 2;
  return new Tensor(keep2d ? [height, width] : [w.outer, height, width], data);
}

/**
 * 2-D convolution as deep-learning frameworks define it (cross-correlation, the kernel
 * not flipped):
 *
 * $$ y_{o,i,j} = b_o + \sum_{c=0}^{C_\text{in}-1} \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1}
 * w_{o,c,u,v}\; x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w} $$
 *
 * where $x$ is `input`, $w$ is `kernel`, $b$ is `bias`, $s$ is `stride`, $p$ is the
 * padding and $d$ is `dilation`; entries outside the input count as zero. The output
 * size is $\lfloor (n + p_\text{before} + p_\text{after} - d(k-1) - 1)/s \rfloor + 1$ per
 * axis ({@linkcode conv2dGeometry}).
 *
 * Shapes (channels-first): `input` is `[H][W]` (one channel) or `[C][H][W]`; `kernel`
 * is `[kH][kW]` (one filter on one channel), `[C][kH][kW]` (one filter over all channels)
 * or `[C_out][C][kH][kW]`. A 2-D input with a 2-D kernel gives a 2-D map `[H_out][W_out]`;
 * every other combination gives `[C_out][H_out][W_out]`. Channels are summed; filters stack.
 *
 * @param input The image, `[H][W]` or `[C][H][W]`; finite numbers, no empty axis.
 * @param kernel The weights, `[kH][kW]`, `[C][kH][kW]` or `[C_out][C][kH][kW]`, with as many
 *   channels as the input.
 * @param options Bias, stride, padding and dilation.
 * @returns The output maps, `[H_out][W_out]` or `[C_out][H_out][W_out]`.
 * @throws {TypeError} If an array is ragged, a rank is wrong, the kernel's channels differ
 *   from the input's, the bias has the wrong length, or the padding has an unknown form.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, the stride or
 *   dilation is not a positive integer, a padding is negative or fractional, the dilated
 *   kernel is larger than the padded input, or an output overflows float64.
 *
 * @example The document's question 2: (a) one map, (b) two channels add, (c) two filters stack
 * ```ts
 * import { conv2d } from "./convolution.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * const K = [[0, 0], [1, 1]];
 * const O = [[1, 1, 1], [0, 1, 3], [0, 0, 1]];
 * deepStrictEqual(conv2d(M, K).toArray(), O);
 * // (b) input with two channels, both M; one filter with two channels, both K
 * deepStrictEqual(conv2d([M, M], [K, K]).toArray(), [[[2, 2, 2], [0, 2, 6], [0, 0, 2]]]);
 * // (c) one channel, two filters: two copies of O
 * deepStrictEqual(conv2d(M, [[K], [K]]).toArray(), [O, O]);
 * ```
 *
 * @example Padding "same" keeps ceil(n / stride); a bias shifts every entry
 * ```ts
 * import { conv2d } from "./convolution.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const ones = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
 * // a 3x3 box filter sums each neighbourhood; zeros pad the border
 * deepStrictEqual(conv2d(ones, ones, { padding: "same", bias: 1 }).toArray(), [
 *   [5, 7, 5],
 *   [7, 10, 7],
 *   [5, 7, 5],
 * ]);
 * throws(() => conv2d(ones, ones, { stride: 0 }), RangeError);
 * ```
 */
export function conv2d(input: TensorLike, kernel: TensorLike, options: Conv2dOptions = {}): Tensor {
  return run("conv2d", input, kernel, options, false);
}

/**
 * 2-D convolution in the mathematical sense: the kernel is turned by 180 degrees before
 * it slides, so
 *
 * $$ y_{o,i,j} = b_o + \sum_{c,u,v} w_{o,c,\,k_h-1-u,\,k_w-1-v}\;
 * x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w} , $$
 *
 * which is {@linkcode conv2d} with a flipped kernel. Shapes, options and errors are
 * those of {@linkcode conv2d}. For the document's K the two differ: flipped, K becomes
 * $\begin{bmatrix}1&1\\0&0\end{bmatrix}$ and reads the top row of each patch instead.
 *
 * @param input The image, `[H][W]` or `[C][H][W]`.
 * @param kernel The weights, `[kH][kW]`, `[C][kH][kW]` or `[C_out][C][kH][kW]`.
 * @param options Bias, stride, padding and dilation, as for {@linkcode conv2d}.
 * @returns The output maps, shaped as {@linkcode conv2d}'s.
 * @throws {TypeError} As {@linkcode conv2d}.
 * @throws {RangeError} As {@linkcode conv2d}.
 *
 * @example The document's M with the flipped reading of K
 * ```ts
 * import { conv2d, convolve2d } from "./convolution.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * // each entry is the sum of the top row of the 2x2 patch
 * deepStrictEqual(convolve2d(M, [[0, 0], [1, 1]]).toArray(), [[1, 0, 2], [1, 1, 1], [0, 1, 3]]);
 * deepStrictEqual(
 *   convolve2d(M, [[0, 0], [1, 1]]).toArray(),
 *   conv2d(M, [[1, 1], [0, 0]]).toArray(),
 * );
 * ```
 */
export function convolve2d(
  input: TensorLike,
  kernel: TensorLike,
  options: Conv2dOptions = {},
): Tensor {
  return run("convolve2d", input, kernel, options, true);
}

/** Options of {@linkcode conv2dCell}: those of {@linkcode conv2d} plus the filter to read. */
export interface Conv2dCellOptions extends Conv2dOptions {
  /**
   * Which filter (output map) to explain, for a kernel with several.
   * @default {0}
   */
  filter?: number;
}

/** One output entry of a convolution, taken apart. */
export interface Conv2dCell {
  /**
   * The input entries under the kernel (zeros where the kernel hangs over the padding),
   * `[kH][kW]` for a 2-D input and kernel, otherwise `[C][kH][kW]`.
   */
  patch: Tensor;
  /** The kernel's weights for the chosen filter, shaped like `patch`. */
  weights: Tensor;
  /** `patch` times `weights`, entry by entry. */
  products: Tensor;
  /** The sum of `products`. */
  sum: number;
  /** The chosen filter's bias. */
  bias: number;
  /** `sum + bias`: the entry of {@linkcode conv2d}'s output. */
  output: number;
}

/**
 * Takes one output entry of {@linkcode conv2d} apart: the patch of the input under the
 * kernel, the entry-by-entry products, and their sum,
 *
 * $$ y_{o,i,j} = b_o + \sum_{c,u,v} \underbrace{x_{c,\; i s_h - p_\text{top} + u d_h,\;
 * j s_w - p_\text{left} + v d_w}}_{\text{patch}_{c,u,v}}\, w_{o,c,u,v} , $$
 *
 * where $i$ is `row`, $j$ is `col` and $o$ is `options.filter`. This is what the document
 * writes for each of its nine cells, e.g.
 * $O_{12} = \begin{bmatrix}0&1\\1&2\end{bmatrix} \otimes \begin{bmatrix}0&0\\1&1\end{bmatrix} = 3$.
 *
 * @param input The image, `[H][W]` or `[C][H][W]`.
 * @param kernel The weights, as for {@linkcode conv2d}.
 * @param row The output row $i$; an integer in $[0, H_\text{out})$.
 * @param col The output column $j$; an integer in $[0, W_\text{out})$.
 * @param options As for {@linkcode conv2d}, plus `filter`.
 * @returns The patch, the weights, the products, their sum, the bias and the output entry.
 * @throws {TypeError} As {@linkcode conv2d}.
 * @throws {RangeError} As {@linkcode conv2d}, and if `row`, `col` or `filter` is outside
 *   the output.
 *
 * @example The document's cell O_12 = 3
 * ```ts
 * import { conv2dCell } from "./convolution.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * const cell = conv2dCell(M, [[0, 0], [1, 1]], 1, 2);
 * deepStrictEqual(cell.patch.toArray(), [[0, 1], [1, 2]]);
 * deepStrictEqual(cell.products.toArray(), [[0, 0], [1, 2]]);
 * strictEqual(cell.sum, 3);
 * strictEqual(cell.output, 3);
 * ```
 */
export function conv2dCell(
  input: TensorLike,
  kernel: TensorLike,
  row: number,
  col: number,
  options: Conv2dCellOptions = {},
): Conv2dCell {
  const fn = "conv2dCell";
  const { x, w, geometry: g, bias } = prepare(fn, input, kernel, options);
  const o = nonNegativeInteger(fn, "filter", options.filter ?? 0);
  nonNegativeInteger(fn, "row", row);
  nonNegativeInteger(fn, "col", col);
  if (o >= w.outer) {
    throw new RangeError(`${fn}: filter must be below ${w.outer}, got ${o}`);
  }
  if (row >= g.output.height || col >= g.output.width) {
    throw new RangeError(
      `${fn}: cell (${row}, ${col}) is outside the ${g.output.height}x${g.output.width} output`,
    );
  }
  const shape = x.rank === 2 && w.rank === 2
    ? [w.height, w.width]
    : [x.channels, w.height, w.width];
  const patch = new Tensor(shape);
  const weights = new Tensor(shape);
  const products = new Tensor(shape);
  let sum = 0;
  let k = 0;
  for (let c = 0; c < x.channels; c++) {
    for (let u = 0; u < w.height; u++) {
      const r = row * g.stride.height - g.padding.top + u * g.dilation.height;
      for (let v = 0; v < w.width; v++, k++) {
        const q = col * g.stride.width - g.padding.left + v * g.dilation.width;
        const inside = r >= 0 && r < x.height && q >= 0 && q < x.width;
        patch.data[k] = inside ? x.data[(c * x.height + r) * x.width + q] : 0;
        weights.data[k] = w.data[((o * w.inner + c) * w.height + u) * w.width + v];
        products.data[k] = patch.data[k] * weights.data[k];
        sum += products.data[k];
      }
    }
  }
  finiteResult(fn, "the output", sum + bias[o]);
  return { patch, weights, products, sum, bias: bias[o], output: sum + bias[o] };
}

/** Options of {@linkcode convTranspose2d}. */
export interface ConvTranspose2dOptions {
  /**
   * The bias: a number added to every output map, or one entry per output channel.
   * @default {0}
   */
  bias?: number | TensorLike;
  /**
   * The stride $s$ (how far apart the input entries land): a positive integer or `[sh, sw]`.
   * @default {1}
   */
  stride?: number | readonly [number, number];
  /**
   * The padding $p$ of the convolution being transposed, cropped from both ends of the
   * output: a non-negative integer or `[ph, pw]`.
   * @default {0}
   */
  padding?: number | readonly [number, number];
  /**
   * Extra rows and columns $a$ at the bottom and right: smaller than the stride or the
   * dilation, a non-negative integer or `[ah, aw]`.
   * @default {0}
   */
  outputPadding?: number | readonly [number, number];
  /**
   * The dilation $d$: a positive integer or `[dh, dw]`.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
}

/**
 * 2-D transposed convolution (PyTorch's `conv_transpose2d`): every input entry scatters
 * a scaled copy of the kernel into the output, the copies $s$ apart,
 *
 * $$ y_{o,\; i s_h - p_h + u d_h,\; j s_w - p_w + v d_w} \mathrel{+}= x_{c,i,j}\, w_{c,o,u,v} ,
 * \qquad y_{o,\cdot,\cdot} \text{ starts at } b_o , $$
 *
 * where $x$ is `input`, $w$ is `kernel`, $b$ is `bias`, $s$ is `stride`, $p$ is `padding`
 * and $d$ is `dilation`; writes that land outside the output are dropped. The output size
 * is $(n-1)s - 2p + d(k-1) + a + 1$ per axis ({@linkcode convTransposeOutputSize}), with
 * $a$ the `outputPadding`. It is the adjoint of {@linkcode conv2d}: for the same settings,
 * $\langle \text{conv2d}(z, w), x \rangle = \langle z, \text{convTranspose2d}(x, w) \rangle$.
 *
 * Shapes: `input` is `[H][W]` or `[C_in][H][W]`; `kernel` is `[kH][kW]` (one channel in,
 * one out), `[C_in][kH][kW]` (one output channel) or `[C_in][C_out][kH][kW]` (PyTorch's
 * layout). A 2-D input with a 2-D kernel gives a 2-D output; otherwise `[C_out][H'][W']`.
 *
 * @param input The input, `[H][W]` or `[C_in][H][W]`.
 * @param kernel The weights, `[kH][kW]`, `[C_in][kH][kW]` or `[C_in][C_out][kH][kW]`.
 * @param options Bias, stride, padding, output padding and dilation.
 * @returns The output, `[H'][W']` or `[C_out][H'][W']`.
 * @throws {TypeError} If an array is ragged, a rank is wrong, the kernel's input channels
 *   differ from the input's, or the bias has the wrong length.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, the stride or
 *   dilation is not a positive integer, a padding is negative, the output padding is not
 *   smaller than the stride or dilation, the padding leaves no output, or an output
 *   overflows float64.
 *
 * @example A 2x2 input and a 2x2 kernel at stride 2 tile four copies of the kernel
 * ```ts
 * import { convTranspose2d } from "./convolution.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const y = convTranspose2d([[1, 2], [3, 4]], [[0, 0], [1, 1]], { stride: 2 });
 * deepStrictEqual(y.toArray(), [
 *   [0, 0, 0, 0],
 *   [1, 1, 2, 2],
 *   [0, 0, 0, 0],
 *   [3, 3, 4, 4],
 * ]);
 * ```
 */
export function convTranspose2d(
  input: TensorLike,
  kernel: TensorLike,
  options: ConvTranspose2dOptions = {},
): Tensor {
  const fn = "convTranspose2d";
  const x = readImage(fn, "input", input);
  const w = readWeight(fn, kernel, "inner");
  if (w.outer !== x.channels) throw channelMismatch(fn, w.outer, x, w);
  const [sh, sw] = pair(fn, "stride", options.stride ?? 1, positiveInteger);
  const [dh, dw] = pair(fn, "dilation", options.dilation ?? 1, positiveInteger);
  const [ph, pw] = pair(fn, "padding", options.padding ?? 0, nonNegativeInteger);
  const [ah, aw] = pair(fn, "outputPadding", options.outputPadding ?? 0, nonNegativeInteger);
  const oh = convTransposeOutputSize(x.height, {
    kernel: w.height,
    stride: sh,
    padding: ph,
    outputPadding: ah,
    dilation: dh,
    fn,
    axis: "height",
  });
  const ow = convTransposeOutputSize(x.width, {
    kernel: w.width,
    stride: sw,
    padding: pw,
    outputPadding: aw,
    dilation: dw,
    fn,
    axis: "width",
  });
  const outChannels = w.inner;
  const bias = readBias(fn, options.bias, outChannels);
  const out = new Float64Array(outChannels * oh * ow);
  for (let o = 0; o < outChannels; o++) out.fill(bias[o], o * oh * ow, (o + 1) * oh * ow);
  for (let c = 0; c < x.channels; c++) {
    for (let i = 0; i < x.height; i++) {
      for (let j = 0; j < x.width; j++) {
        const value = x.data[(c * x.height + i) * x.width + j];
        for (let o = 0; o < outChannels; o++) {
          const wBase = (c * outChannels + o) * w.height * w.width;
          for (let u = 0; u < w.height; u++) {
            const r = i * sh - ph + u * dh;
            if (r < 0 || r >= oh) continue;
            for (let v = 0; v < w.width; v++) {
              const q = j * sw - pw + v * dw;
              if (q < 0 || q >= ow) continue;
              out[(o * oh + r) * ow + q] += value * w.data[wBase + u * w.width + v];
            }
          }
        }
      }
    }
  }
  const keep2d = x.rank === 2 && w.rank === 2;
  return new Tensor(keep2d ? [oh, ow] : [outChannels, oh, ow], finiteResult(fn, "the output", out));
}
