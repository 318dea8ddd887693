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
 * with two filters the maps stack (part c: two copies of $O$ when the filters read $M$ alone;
 * on part b's two channels each map would be $O + O$, so the audit marks the sheet's answer
 * as depending on the question).
 *
 * The output size comes from {@linkcode conv2dGeometry} in `shapes.ts`; this file only
 * does the arithmetic.
 *
 * The common mistakes are declared beside each function (`commonMistakes`): the kernel
 * flipped where frameworks do not flip it (or not flipped for a true convolution), the
 * padding or the stride ignored, the bias left out.
 *
 * **How the sum is computed: a matrix product.** The formula above reads, for each output
 * entry, one patch of the input against one filter. Lay every patch out as a row of a
 * matrix $P$, one row per output position $p = (i, j)$ and one column per tap
 * $t = (c, u, v)$, with $P_{p,t} = x_{c,\; i s_h - p_\text{top} + u d_h,\; j s_w - p_\text{left} + v d_w}$
 * (0 over the padding): this is im2col (`im2col` in `matmul.ts`, which defines $P$ the same
 * way), and each row is the patch {@linkcode conv2dCell} prints for one cell. Lay each
 * filter out as a row of $W$, $W_{o,t} = w_{o,c,u,v}$. The triple sum over $c, u, v$ is
 * then a single sum over $t$,
 *
 * $$ y_{o,p} = b_o + \sum_t W_{o,t}\, P_{p,t} , \qquad Y = W P^\top + b , $$
 *
 * the product of a $C_\text{out} \times C k_h k_w$ matrix and the transpose of a
 * $H_\text{out} W_\text{out} \times C k_h k_w$ one. For question 2, $P$ has 9 rows (the
 * cells) and 4 columns (the taps of K); row $(1, 2)$ is $(0, 1, 1, 2)$, and the row
 * $W = (0, 0, 1, 1)$ dotted with it gives $O_{12} = 3$. The numbers and the products are the
 * definition's; only the loop order changes, into the order a processor runs fastest
 * (`matmul.ts` explains the blocked product). Grouped convolution is one such product per
 * group: group $g$'s filters times the columns of $P$ for group $g$'s channels. A transposed
 * convolution runs the same steps backwards: a product gives, for every input position, the
 * patch it scatters, and col2im adds each patch into the output. The textbook loops, one
 * line per symbol of the formula, are kept in the specs as the reference these kernels must
 * agree with.
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
  entries,
  finiteNumber,
  finiteResult,
  guard,
  nonNegativeInteger,
  options as readOptions,
  pair,
  positiveInteger,
  show,
  work,
} from "./_validate.ts";
import type { Conv2dGeometry, Conv2dPadding, Sides } from "./shapes.ts";
import { commonMistakes } from "./mistakes.ts";
import { conv2dGeometry, convTransposeOutputSize } from "./shapes.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";
import {
  col2imInto,
  gemmNN,
  gemmNT,
  im2colByTapInto,
  type PatchGrid,
  scratch,
  stripRows,
} from "./_gemm.ts";

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
  /**
   * The number of groups $G$: the input channels and the filters are split into $G$ equal
   * groups, and filter group $g$ sees only channel group $g$. The kernel then has
   * $C_\text{in}/G$ channels, `[C_out][C_in/G][kH][kW]`. $G = C_\text{in}$ is a depthwise
   * convolution (each filter reads one channel); a $1 \times 1$ kernel with $G = 1$ is a
   * pointwise one. Must divide both $C_\text{in}$ and $C_\text{out}$.
   * @default {1}
   */
  groups?: number;
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

/** Reads and checks the arguments shared by conv2d, convolve2d and conv2dCell; errors name `fn`. */
function prepare(
  fn: string,
  input: TensorLike,
  kernel: TensorLike,
  given: Conv2dOptions,
  whole = true,
) {
  return guard(fn, () => readArguments(fn, input, kernel, given, whole));
}

function readArguments(
  fn: string,
  input: TensorLike,
  kernel: TensorLike,
  given: Conv2dOptions,
  whole: boolean,
) {
  const options = readOptions(fn, given);
  const x = readImage(fn, "input", input);
  const w = readWeight(fn, kernel, "outer");
  const groups = positiveInteger(fn, "groups", options.groups ?? 1);
  if (x.channels % groups !== 0) {
    throw new RangeError(
      `${fn}: groups must divide the input channels (${x.channels}), got ${groups}`,
    );
  }
  if (w.outer % groups !== 0) {
    throw new RangeError(
      `${fn}: groups must divide the filters (${w.outer}, kernel shape ${
        show([...w.shape])
      }), got ${groups}`,
    );
  }
  if (w.inner * groups !== x.channels) {
    if (groups === 1) throw channelMismatch(fn, w.inner, x, w);
    throw new TypeError(
      `${fn}: with groups ${groups} the kernel must have ${x.channels / groups} input ` +
        `channel(s) (input channels ${x.channels} / groups), got ${w.inner} (shape ${
          show([...w.shape])
        })`,
    );
  }
  const geometry = conv2dGeometry({ height: x.height, width: x.width }, {
    kernel: [w.height, w.width],
    stride: options.stride,
    padding: options.padding,
    dilation: options.dilation,
    fn,
  });
  const bias = readBias(fn, options.bias, w.outer);
  // Checked before the kernel allocates or loops: the output's size and the multiply-adds.
  if (whole) {
    const { height, width } = geometry.output;
    const outputs = entries(fn, "the output", w.outer * height * width);
    work(fn, "the convolution", outputs * x.channels * w.height * w.width);
  }
  return { x, w, geometry, bias, groups };
}

/**
 * About how many patch-matrix entries conv2d makes and uses at a time (32768, 256 KB): a
 * strip of output rows small enough that its patches are still in the cache when the matrix
 * product reads them, and at least 64 output positions wide (one panel of the product).
 */
const TILE = 32768;

/** The most im2col entries one strip of conv2d holds (2^22, 32 MB), however wide a row is. */
const STRIP_CAP = 2 ** 22;

/** The patch geometry of a convolution over `x` (see `matmul.ts`). */
function patchGrid(x: Image, w: Weight, g: Conv2dGeometry): PatchGrid {
  return {
    channels: x.channels,
    height: x.height,
    width: x.width,
    rows: g.output.height,
    cols: g.output.width,
    kh: w.height,
    kw: w.width,
    sh: g.stride.height,
    sw: g.stride.width,
    top: g.padding.top,
    left: g.padding.left,
    dh: g.dilation.height,
    dw: g.dilation.width,
  };
}

/**
 * The cross-correlation $y_{o,i,j} = b_o + \sum_{c,u,v} w_{o,c,u,v} x_{c, \dots}$ as a
 * matrix product (module text): the patch matrix of a strip of output rows, then, per
 * group, the group's filters times the group's columns of the patches.
 */
function correlate(
  x: Image,
  w: Weight,
  g: Conv2dGeometry,
  bias: Float64Array,
  groups: number,
): Float64Array {
  const grid = patchGrid(x, w, g);
  const P = grid.rows * grid.cols;
  const taps = w.height * w.width;
  const K = x.channels * taps; // a patch row: every channel's taps
  const Kg = w.inner * taps; // the part of it one group reads
  const filters = w.outer / groups;
  const out = new Float64Array(w.outer * P);
  // one output row's patches must fit the entry limit (a kernel almost as large as its input
  // makes K huge while the output stays small); a strip never exceeds 2^22 entries
  const perRow = entries("conv2d", "one output row's patches (the im2col scratch)", grid.cols * K);
  const strip = Math.min(
    grid.rows,
    Math.max(Math.ceil(64 / grid.cols), Math.floor(TILE / perRow)),
    Math.max(1, Math.floor(STRIP_CAP / perRow)),
  );
  // reused buffers: the tap-major im2col writes every entry, zeros included; the strip's
  // outputs are summed in a small contiguous tile (rows of a whole map lie a power of two
  // apart in memory and would evict one another from the cache), then copied out
  const cols = scratch(strip * grid.cols * K, 0);
  // one strip covers the whole map: sum straight into the output
  const tile = strip === grid.rows ? out : scratch(w.outer * strip * grid.cols, 1);
  for (let i0 = 0; i0 < grid.rows; i0 += strip) {
    const i1 = Math.min(grid.rows, i0 + strip);
    // the patches of output rows i0..i1, stored tap by tap: cols[t][p]
    im2colByTapInto(x.data, grid, cols, i0, i1);
    const n = (i1 - i0) * grid.cols;
    for (let o = 0; o < w.outer; o++) tile.fill(bias[o], o * n, (o + 1) * n);
    for (let group = 0; group < groups; group++) {
      // tile[o][p] += sum_t w[o][t] cols[t][p] over this group's filters o and taps t
      gemmNN(
        filters,
        n,
        Kg,
        w.data,
        group * filters * Kg,
        Kg,
        cols,
        group * Kg * n,
        n,
        tile,
        group * filters * n,
        n,
      );
    }
    if (tile === out) continue;
    for (let o = 0; o < w.outer; o++) {
      const from = o * n, to = o * P + i0 * grid.cols;
      for (let p = 0; p < n; p++) out[to + p] = tile[from + p];
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
  const { x, w, geometry, bias, groups } = prepare(fn, input, kernel, options);
  const data = finiteResult(
    fn,
    "the output",
    correlate(x, flip ? flipped(w) : w, geometry, bias, groups),
  );
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
 *   channels as the input (`[C_out][C/G][kH][kW]` with `groups` $G$).
 * @param options Bias, stride, padding, dilation and groups.
 * @returns The output maps, `[H_out][W_out]` or `[C_out][H_out][W_out]`.
 * @throws {TypeError} If an array is ragged, a rank is wrong, the kernel's channels differ
 *   from the input's (divided by `groups`), the bias has the wrong length, or the padding
 *   has an unknown form.
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, the stride,
 *   dilation or groups is not a positive integer, `groups` does not divide the input
 *   channels or the filters, a padding is negative or fractional, the dilated kernel is
 *   larger than the padded input, or an output overflows float64.
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
 *
 * @example Depthwise (groups = channels): each channel meets only its own filter
 * ```ts
 * import { conv2d } from "./convolution.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
 * const K = [[0, 0], [1, 1]];
 * const top = [[1, 1], [0, 0]];
 * // channel 0 with K gives the document's O; channel 1 with the flipped K
 * const y = conv2d([M, M], [[K], [top]], { groups: 2 });
 * deepStrictEqual(y.toArray(), [
 *   [[1, 1, 1], [0, 1, 3], [0, 0, 1]],
 *   [[1, 0, 2], [1, 1, 1], [0, 1, 3]],
 * ]);
 * throws(() => conv2d([M, M], [[K], [top]], { groups: 3 }), {
 *   name: "RangeError",
 *   message: "conv2d: groups must divide the input channels (2), got 3",
 * });
 * ```
 */
export function conv2d(input: TensorLike, kernel: TensorLike, options: Conv2dOptions = {}): Tensor {
  return run("conv2d", input, kernel, options, false);
}

/** The document's M and K and its 3x3 answer O, for the examples of the mistakes. */
const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const K = [[0, 0], [1, 1]];
const O = new Tensor([3, 3], [1, 1, 1, 0, 1, 3, 0, 0, 1]);

commonMistakes(conv2d, [{
  id: "kernel-flipped",
  name: "kernel flipped (true convolution where frameworks cross-correlate)",
  why: "Mathematics and signal processing define convolution with the kernel turned by 180 " +
    "degrees, and deep-learning frameworks do not turn it.",
  variant: (input, kernel, options = {}) => {
    conv2d(input, kernel, options); // the checks of the function itself
    return run("conv2d", input, kernel, options, true);
  },
  // each entry sums the top row of its 2x2 patch (K turned is [[1, 1], [0, 0]])
  example: { args: [M, K], result: new Tensor([3, 3], [1, 0, 2, 1, 1, 1, 0, 1, 3]) },
}, {
  id: "padding-ignored",
  name: "padding ignored (the valid convolution)",
  why: "The first convolutions worked by hand have no padding, and the zeros around the " +
    "border are not in the picture of the input.",
  variant: (input, kernel, options = {}) => {
    conv2d(input, kernel, options);
    return conv2d(input, kernel, { ...options, padding: "valid" });
  },
  example: {
    args: [[[1, 1, 1], [1, 1, 1], [1, 1, 1]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]], {
      padding: "same",
    }],
    result: new Tensor([1, 1], [9]),
  },
}, {
  id: "stride-ignored",
  name: "stride ignored (the kernel moved one step at a time)",
  why: "Sliding the kernel one position at a time is how convolution is first drawn, and " +
    "the stride is then forgotten.",
  variant: (input, kernel, options = {}) => {
    conv2d(input, kernel, options);
    return conv2d(input, kernel, { ...options, stride: 1 });
  },
  example: { args: [M, K, { stride: 2 }], result: O },
}, {
  id: "bias-omitted",
  name: "bias omitted",
  why: "The worked products and their sum are the visible part of each cell, and the bias " +
    "added at the end is easily left out.",
  variant: (input, kernel, options = {}) => {
    conv2d(input, kernel, options);
    return conv2d(input, kernel, { ...options, bias: 0 });
  },
  example: { args: [M, K, { bias: 1 }], result: O },
}]);

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

commonMistakes(convolve2d, [{
  id: "kernel-not-flipped",
  name: "kernel not flipped (cross-correlation where convolution was asked)",
  why: "Deep-learning frameworks call cross-correlation convolution, so the 180-degree turn " +
    "of the mathematical definition is skipped.",
  variant: (input, kernel, options = {}) => {
    convolve2d(input, kernel, options);
    return run("convolve2d", input, kernel, options, false);
  },
  example: { args: [M, K], result: O },
}]);

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
   * `[kH][kW]` for a 2-D input and kernel, otherwise `[C][kH][kW]` (`[C/G][kH][kW]`, the
   * filter's own channel group, with `groups` $G$).
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
  const cell = readOptions(fn, options);
  // one cell: only its patch is allocated, so the whole output's size is not checked
  const { x, w, geometry: g, bias, groups } = prepare(fn, input, kernel, cell, false);
  const o = nonNegativeInteger(fn, "filter", cell.filter ?? 0);
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
  const shape = x.rank === 2 && w.rank === 2 ? [w.height, w.width] : [w.inner, w.height, w.width];
  // filter o reads the channels of its group: c0 <= c < c0 + w.inner
  const c0 = Math.floor(o / (w.outer / groups)) * w.inner;
  const patch = new Tensor(shape);
  const weights = new Tensor(shape);
  const products = new Tensor(shape);
  let sum = 0;
  let k = 0;
  for (let c = 0; c < w.inner; c++) {
    for (let u = 0; u < w.height; u++) {
      const r = row * g.stride.height - g.padding.top + u * g.dilation.height;
      for (let v = 0; v < w.width; v++, k++) {
        const q = col * g.stride.width - g.padding.left + v * g.dilation.width;
        const inside = r >= 0 && r < x.height && q >= 0 && q < x.width;
        patch.data[k] = inside ? x.data[((c0 + c) * x.height + r) * x.width + q] : 0;
        weights.data[k] = w.data[((o * w.inner + c) * w.height + u) * w.width + v];
        products.data[k] = patch.data[k] * weights.data[k];
        sum += products.data[k];
      }
    }
  }
  finiteResult(fn, "the output", sum + bias[o]);
  return { patch, weights, products, sum, bias: bias[o], output: sum + bias[o] };
}

commonMistakes(conv2dCell, [{
  id: "kernel-flipped",
  name: "kernel flipped before the products (true convolution)",
  why: "Mathematics and signal processing define convolution with the kernel turned by 180 " +
    "degrees, and deep-learning frameworks do not turn it.",
  variant: (input, kernel, row, col, options = {}) => {
    conv2dCell(input, kernel, row, col, options); // the checks of the function itself
    const w = readWeight("conv2dCell", kernel, "outer");
    return conv2dCell(input, new Tensor(w.shape, flipped(w).data), row, col, options);
  },
  // the patch [[0, 1], [1, 2]] times K turned, [[1, 1], [0, 0]]: 0 + 1 + 0 + 0 = 1
  example: {
    args: [M, K, 1, 2],
    result: {
      patch: new Tensor([2, 2], [0, 1, 1, 2]),
      weights: new Tensor([2, 2], [1, 1, 0, 0]),
      products: new Tensor([2, 2], [0, 1, 0, 0]),
      sum: 1,
      bias: 0,
      output: 1,
    },
  },
}, {
  id: "bias-omitted",
  name: "bias omitted (the cell is the sum of products alone)",
  why: "The worked products and their sum are the visible part of each cell, and the bias " +
    "added at the end is easily left out.",
  variant: (input, kernel, row, col, options = {}) => {
    conv2dCell(input, kernel, row, col, options);
    return conv2dCell(input, kernel, row, col, { ...options, bias: 0 });
  },
  example: {
    args: [M, K, 1, 2, { bias: 1 }],
    result: {
      patch: new Tensor([2, 2], [0, 1, 1, 2]),
      weights: new Tensor([2, 2], [0, 0, 1, 1]),
      products: new Tensor([2, 2], [0, 0, 1, 2]),
      sum: 3,
      bias: 0,
      output: 3,
    },
  },
}]);

/** Reads convTranspose2d's padding: a number, `[ph, pw]` or `{ top, bottom, left, right }`. */
function transposePadding(fn: string, padding: unknown): Sides {
  if (typeof padding === "object" && padding !== null && !Array.isArray(padding)) {
    const sides = padding as Sides;
    return {
      top: nonNegativeInteger(fn, "padding.top", sides.top),
      bottom: nonNegativeInteger(fn, "padding.bottom", sides.bottom),
      left: nonNegativeInteger(fn, "padding.left", sides.left),
      right: nonNegativeInteger(fn, "padding.right", sides.right),
    };
  }
  const [ph, pw] = pair(fn, "padding", padding as number | [number, number], nonNegativeInteger);
  return { top: ph, bottom: ph, left: pw, right: pw };
}

/**
 * The output size on one axis, $(n-1)s - p_\text{before} - p_\text{after} + d(k-1) + a + 1$:
 * {@linkcode convTransposeOutputSize} for equal padding, with the two ends cropped apart
 * otherwise.
 */
function transposeSize(
  fn: string,
  axis: "height" | "width",
  n: number,
  kernel: number,
  stride: number,
  dilation: number,
  outputPadding: number,
  before: number,
  after: number,
): number {
  const symmetric = before === after;
  const full = convTransposeOutputSize(n, {
    kernel,
    stride,
    padding: symmetric ? before : 0,
    outputPadding,
    dilation,
    fn,
    axis,
  });
  if (symmetric) return full;
  const o = full - before - after;
  if (o < 1) {
    throw new RangeError(
      `${fn}: padding ${before} + ${after} leaves no output ${axis} (computed ${o}) for input ${axis} ${n}`,
    );
  }
  return o;
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
   * The padding $p$ of the convolution being transposed, cropped from the ends of the
   * output: a non-negative integer (all four sides), `[ph, pw]` (both ends of each axis), or
   * `{ top, bottom, left, right }` for each side on its own (asymmetric padding, as when
   * transposing a convolution with padding `"same"`).
   * @default {0}
   */
  padding?: number | readonly [number, number] | Readonly<Sides>;
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
 * $a$ the `outputPadding`; padding `{ top, bottom, left, right }` crops each side on its
 * own, $(n-1)s - p_\text{before} - p_\text{after} + d(k-1) + a + 1$. It is the adjoint of {@linkcode conv2d}: for the same settings,
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
 *
 * @example Asymmetric padding crops each side on its own: here only the top row
 * ```ts
 * import { convTranspose2d } from "./convolution.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const padding = { top: 1, bottom: 0, left: 0, right: 0 };
 * const y = convTranspose2d([[1, 2], [3, 4]], [[0, 0], [1, 1]], { stride: 2, padding });
 * deepStrictEqual(y.toArray(), [
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
  // The prologue, guarded: any error while reading the arguments names convTranspose2d.
  const { x, w, sh, sw, dh, dw, pad, oh, ow, outChannels, bias } = guard(fn, () => {
    const o = readOptions(fn, options);
    const x = readImage(fn, "input", input);
    const w = readWeight(fn, kernel, "inner");
    if (w.outer !== x.channels) throw channelMismatch(fn, w.outer, x, w);
    const [sh, sw] = pair(fn, "stride", o.stride ?? 1, positiveInteger);
    const [dh, dw] = pair(fn, "dilation", o.dilation ?? 1, positiveInteger);
    const pad = transposePadding(fn, o.padding ?? 0);
    const [ah, aw] = pair(fn, "outputPadding", o.outputPadding ?? 0, nonNegativeInteger);
    const oh = transposeSize(fn, "height", x.height, w.height, sh, dh, ah, pad.top, pad.bottom);
    const ow = transposeSize(fn, "width", x.width, w.width, sw, dw, aw, pad.left, pad.right);
    const outChannels = w.inner;
    const bias = readBias(fn, o.bias, outChannels);
    entries(fn, "the output", outChannels * oh * ow);
    work(fn, "the transposed convolution", x.data.length * outChannels * w.height * w.width);
    return { x, w, sh, sw, dh, dw, pad, oh, ow, outChannels, bias };
  });
  const out = new Float64Array(outChannels * oh * ow);
  for (let o = 0; o < outChannels; o++) out.fill(bias[o], o * oh * ow, (o + 1) * oh * ow);
  // Every input position (i, j) contributes the patch cols[(i, j)][(o, u, v)] =
  // sum_c x[c][i][j] w[c][o][u][v] (a matrix product over c), which col2im then adds into
  // output rows i s - p_top + u d and columns j s - p_left + v d: the conv2d patches, read
  // backwards (module text of matmul.ts).
  const grid: PatchGrid = {
    channels: outChannels,
    height: oh,
    width: ow,
    rows: x.height,
    cols: x.width,
    kh: w.height,
    kw: w.width,
    sh,
    sw,
    top: pad.top,
    left: pad.left,
    dh,
    dw,
  };
  const plane = x.height * x.width;
  const K = outChannels * w.height * w.width;
  const xt = new Float64Array(plane * x.channels); // x as [H W][C_in]
  for (let c = 0; c < x.channels; c++) {
    for (let p = 0; p < plane; p++) xt[p * x.channels + c] = x.data[c * plane + p];
  }
  const wt = new Float64Array(K * x.channels); // w as [C_out kH kW][C_in]
  for (let c = 0; c < x.channels; c++) {
    for (let t = 0; t < K; t++) wt[t * x.channels + c] = w.data[c * K + t];
  }
  const strip = stripRows(grid.cols, K, grid.rows);
  const cols = new Float64Array(strip * grid.cols * K);
  for (let i0 = 0; i0 < grid.rows; i0 += strip) {
    const i1 = Math.min(grid.rows, i0 + strip);
    if (i0 > 0) cols.fill(0);
    const n = (i1 - i0) * grid.cols;
    gemmNT(
      n,
      K,
      x.channels,
      xt,
      i0 * grid.cols * x.channels,
      x.channels,
      wt,
      0,
      x.channels,
      cols,
      0,
      K,
    );
    col2imInto(cols, grid, out, i0, i1);
  }
  const keep2d = x.rank === 2 && w.rank === 2;
  return new Tensor(
    keep2d ? [oh, ow] : [outChannels, oh, ow],
    finiteResult(fn, "the output", out),
  );
}

commonMistakes(convTranspose2d, [{
  id: "padding-not-cropped",
  name: "padding not cropped (the output of padding 0)",
  why: "In a convolution the padding adds zeros, so in the transposed one it is expected to " +
    "add, or at least not to remove, entries, though it crops p from each end.",
  variant: (input, kernel, options = {}) => {
    convTranspose2d(input, kernel, options); // the checks of the function itself
    return convTranspose2d(input, kernel, { ...options, padding: 0 });
  },
  example: {
    args: [[[1, 2], [3, 4]], [[0, 0], [1, 1]], { stride: 2, padding: 1 }],
    result: new Tensor([4, 4], [0, 0, 0, 0, 1, 1, 2, 2, 0, 0, 0, 0, 3, 3, 4, 4]),
  },
}]);
