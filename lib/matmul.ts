/**
 * # Convolution as a matrix product: im2col, col2im and a blocked product
 *
 * Every output entry of a convolution is a dot product: the filter's weights against the
 * patch of input under it ({@linkcode conv2dCell} shows one). Write each patch out as one
 * row of a matrix, the patch matrix $P$ ("image to columns", im2col):
 *
 * $$ P_{(i,j),\,(c,u,v)} = x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w} $$
 *
 * (zero where the position falls in the padding), one row per output position $(i, j)$ and
 * one column per tap $(c, u, v)$. Read the weights $w_{o,c,u,v}$ as a matrix $W$ with one row
 * per filter. Then the convolution's definition
 * $y_{o,i,j} = b_o + \sum_{c,u,v} w_{o,c,u,v}\, x_{c,\dots}$ is a matrix product,
 *
 * $$ y_{o,(i,j)} = b_o + \sum_{t} W_{o,t}\, P_{(i,j),t} = b_o + (W P^\top)_{o,(i,j)} . $$
 *
 * Nothing about the arithmetic changes; only the order of the loops does. The product is
 * the one loop nest computers are best at, so the whole convolution runs as fast as a
 * matrix product can.
 *
 * The way back, col2im, adds each row of such a matrix into the patch it came from:
 *
 * $$ x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w}
 *   \mathrel{+}= P_{(i,j),\,(c,u,v)} . $$
 *
 * It is the adjoint of im2col, and a transposed convolution is a matrix product followed by
 * col2im.
 *
 * **The blocked product.** For $C = A B^\top$ with $A$ of shape $m \times k$ and $B$ of shape
 * $n \times k$, each entry $C_{ij} = \sum_p A_{ip} B_{jp}$ reads two rows that are contiguous
 * in memory. Computing a $4 \times 4$ block of $C$ at once loads four entries of $A$ and four
 * of $B$ per step of $p$ and does sixteen multiply-adds with them, into sixteen independent
 * running sums: eight loads feed sixteen products, and the sixteen sums do not wait for one
 * another, so the processor can overlap them. The columns are taken in panels small enough to
 * stay in the cache while every block of rows passes over them. Each entry is still the plain
 * sum $\sum_p A_{ip} B_{jp}$ taken in the order $p = 0, 1, \dots, k-1$. (The loops are in
 * `_gemm.ts`, beside this file; conv2d, convTranspose2d and dense call them directly.)
 *
 * ## Summary
 *
 * - im2col lays every input patch out as one row, so a convolution becomes one matrix product
 *   with the flattened filters.
 * - col2im adds patches back into an image: the transposed convolution, and the gradient of
 *   im2col.
 * - The product is blocked: it computes a 4 × 4 block of outputs at a time with independent
 *   sums, reading memory in order.
 * - The numbers are the definition's; only the order of the multiply-adds changes.
 *
 * @example The document's question 2 as a matrix product
 * ```ts
 * import { im2col, matmul } from "./matmul.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * const P = im2col(M, { kernel: 2 }); // 9 patches of 4 taps
 * deepStrictEqual(P.shape, [9, 4]);
 * // row 5 is the patch of O_12 (row 1, column 2)
 * deepStrictEqual([...P.data.subarray(20, 24)], [0, 1, 1, 2]);
 * // K = [[0, 0], [1, 1]] as one row, times the patches: the nine entries of O
 * const K = [[0], [0], [1], [1]];
 * deepStrictEqual([...matmul(P, K).data], [1, 1, 1, 0, 1, 3, 0, 0, 1]);
 * ```
 *
 * @module
 */

import { col2imInto, gemmNT, im2colInto, type PatchGrid } from "./_gemm.ts";
import { entries, finiteResult, guard, positiveInteger, show } from "./_validate.ts";
import type { Conv2dPadding } from "./shapes.ts";
import { conv2dGeometry } from "./shapes.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";

/**
 * The matrix product
 *
 * $$ C_{ij} = \sum_{p=0}^{k-1} A_{ip} B_{pj} , $$
 *
 * where $A$ is `a` ($m \times k$) and $B$ is `b` ($k \times n$), computed by the blocked
 * product of the module text: $B$ is transposed once so that both factors are read along
 * contiguous rows, then $4 \times 4$ blocks of $C$ are summed at a time.
 *
 * @param a The left factor, `[m][k]`; finite numbers, no empty axis.
 * @param b The right factor, `[k][n]`, with as many rows as `a` has columns.
 * @returns The product, `[m][n]`.
 * @throws {TypeError} If an array is ragged, a factor is not a matrix, or the inner sizes
 *   differ.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, or an entry of the
 *   product overflows float64.
 *
 * @example A 2x3 times a 3x2, by hand: 1·1 + 2·0 + 3·2 = 7
 * ```ts
 * import { matmul } from "./matmul.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const A = [[1, 2, 3], [4, 5, 6]];
 * const B = [[1, 0], [0, 1], [2, -1]];
 * deepStrictEqual(matmul(A, B).toArray(), [[7, -1], [16, -1]]);
 * throws(() => matmul(A, A), TypeError);
 * ```
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  return guard("matmul", () => {
    const fn = "matmul";
    const A = expectRank(fn, "a", a, [2]);
    const B = expectRank(fn, "b", b, [2]);
    const [m, k] = A.shape;
    const [kb, n] = B.shape;
    if (kb !== k) {
      throw new TypeError(
        `${fn}: a ${show([...A.shape])} has ${k} columns but b ${
          show([...B.shape])
        } has ${kb} rows`,
      );
    }
    const bt = new Float64Array(n * k);
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < n; j++) bt[j * k + p] = B.data[p * n + j];
    }
    const out = new Float64Array(m * n);
    gemmNT(m, n, k, A.data, 0, k, bt, 0, k, out, 0, n);
    return new Tensor([m, n], finiteResult(fn, "the product", out));
  });
}

/** Options of {@linkcode im2col}: the convolution whose patches are wanted. */
export interface Im2colOptions {
  /** The kernel size: a positive integer or `[kh, kw]`. */
  kernel: number | readonly [number, number];
  /**
   * The stride: a positive integer or `[sh, sw]`.
   * @default {1}
   */
  stride?: number | readonly [number, number];
  /**
   * The padding, as for {@linkcode conv2d}.
   * @default {"valid"}
   */
  padding?: Conv2dPadding;
  /**
   * The dilation: a positive integer or `[dh, dw]`.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
}

/** Options of {@linkcode col2im}: the image's shape and the convolution's settings. */
export interface Col2imOptions extends Im2colOptions {
  /**
   * The image's channels $C$.
   * @default {1}
   */
  channels?: number;
  /** The image's height $H$. */
  height: number;
  /** The image's width $W$. */
  width: number;
}

function grid(
  fn: string,
  channels: number,
  height: number,
  width: number,
  options: Im2colOptions,
): PatchGrid {
  if (options === null || typeof options !== "object" || options.kernel === undefined) {
    throw new TypeError(`${fn}: options.kernel is required (the kernel size), got undefined`);
  }
  const g = conv2dGeometry({ height, width }, { ...options, fn });
  return {
    channels,
    height,
    width,
    rows: g.output.height,
    cols: g.output.width,
    kh: g.kernel.height,
    kw: g.kernel.width,
    sh: g.stride.height,
    sw: g.stride.width,
    top: g.padding.top,
    left: g.padding.left,
    dh: g.dilation.height,
    dw: g.dilation.width,
  };
}

/**
 * The patch matrix of a convolution (im2col): one row per output position $(i, j)$, one
 * column per tap $(c, u, v)$,
 *
 * $$ P_{(i,j),\,(c,u,v)} = x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w} , $$
 *
 * where $x$ is `input` and $s$, $p$, $d$ are `options`' stride, padding and dilation;
 * positions in the padding give 0. Row $iW_\text{out} + j$ is the patch that
 * {@linkcode conv2dCell} shows for cell $(i, j)$, flattened.
 *
 * @param input The image, `[H][W]` or `[C][H][W]`; finite numbers, no empty axis.
 * @param options The kernel size (required), stride, padding and dilation.
 * @returns The patches, `[H_out W_out][C kH kW]`.
 * @throws {TypeError} If the input is ragged or of the wrong rank, `kernel` is missing, or
 *   the padding has an unknown form.
 * @throws {RangeError} If an entry is not finite, an axis is empty, a size is not a positive
 *   integer, or the dilated kernel is larger than the padded input.
 *
 * @example With padding 1 the first patch hangs over the corner
 * ```ts
 * import { im2col } from "./matmul.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const P = im2col([[1, 2], [3, 4]], { kernel: 2, padding: 1 });
 * deepStrictEqual(P.shape, [9, 4]);
 * deepStrictEqual([...P.data.subarray(0, 4)], [0, 0, 0, 1]);
 * deepStrictEqual([...P.data.subarray(16, 20)], [1, 2, 3, 4]);
 * ```
 */
export function im2col(input: TensorLike, options: Im2colOptions): Tensor {
  return guard("im2col", () => {
    const fn = "im2col";
    const x = expectRank(fn, "input", input, [2, 3]);
    const [channels, height, width] = x.rank === 2 ? [1, x.shape[0], x.shape[1]] : x.shape;
    const g = grid(fn, channels, height, width, options);
    const K = channels * g.kh * g.kw;
    const out = new Float64Array(entries(fn, "the patch matrix", g.rows * g.cols * K));
    im2colInto(x.data, g, out);
    return new Tensor([g.rows * g.cols, K], out);
  });
}

/**
 * Adds the rows of a patch matrix back into the image they were read from (col2im), the
 * adjoint of {@linkcode im2col}:
 *
 * $$ x_{c,r,q} = \sum_{\substack{(i,j),(u,v):\ i s_h - p_\text{top} + u d_h = r,\\
 *   j s_w - p_\text{left} + v d_w = q}} P_{(i,j),\,(c,u,v)} , $$
 *
 * where $P$ is `columns`; taps over the padding are dropped. An entry covered by several
 * patches receives the sum of their values, so
 * $\langle \operatorname{im2col}(x), P \rangle = \langle x, \operatorname{col2im}(P) \rangle$.
 *
 * @param columns The patch matrix, `[H_out W_out][C kH kW]`.
 * @param options The image's `channels`, `height` and `width` (required), and the kernel
 *   size (required), stride, padding and dilation of the convolution.
 * @returns The image, `[C][H][W]`.
 * @throws {TypeError} If `columns` is ragged, not a matrix, or not of the shape the
 *   options give; or `kernel` is missing.
 * @throws {RangeError} If an entry is not finite, a size is not a positive integer, the
 *   dilated kernel is larger than the padded image, or a sum overflows float64.
 *
 * @example Overlapping 2x2 patches at stride 1 count the centre four times
 * ```ts
 * import { col2im, im2col } from "./matmul.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const ones = im2col([[1, 1, 1], [1, 1, 1], [1, 1, 1]], { kernel: 2 }); // 4 patches
 * const x = col2im(ones, { height: 3, width: 3, kernel: 2 });
 * deepStrictEqual(x.toArray(), [[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]);
 * ```
 */
export function col2im(columns: TensorLike, options: Col2imOptions): Tensor {
  return guard("col2im", () => {
    const fn = "col2im";
    const P = expectRank(fn, "columns", columns, [2]);
    if (options === null || typeof options !== "object") {
      throw new TypeError(
        `${fn}: options must be { height, width, kernel, ... }, got ${show(options)}`,
      );
    }
    const channels = positiveInteger(fn, "channels", options.channels ?? 1);
    const g = grid(fn, channels, options.height, options.width, options);
    const K = channels * g.kh * g.kw;
    if (P.shape[0] !== g.rows * g.cols || P.shape[1] !== K) {
      throw new TypeError(
        `${fn}: columns must have shape ${show([g.rows * g.cols, K])} for these options, got ${
          show([...P.shape])
        }`,
      );
    }
    const out = new Float64Array(channels * options.height * options.width);
    col2imInto(P.data, g, out);
    return new Tensor(
      [channels, options.height, options.width],
      finiteResult(fn, "the image", out),
    );
  });
}
