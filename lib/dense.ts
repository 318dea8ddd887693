/**
 * # Flatten and dense: from feature maps to a vector, and a vector to scores
 *
 * After the convolutions and pools, a network reads its feature maps as one long vector
 * (flatten) and connects every entry of it to every output unit (a dense, or fully
 * connected, layer). Flatten has no parameters; it only changes how the numbers are
 * indexed. nnspec keeps maps channels-first, `[C][H][W]`, so the vector lists channel 0
 * row by row, then channel 1, and so on: entry $(c, r, q)$ lands at $cHW + rW + q$.
 *
 * A dense layer computes
 *
 * $$ \mathbf{y} = W\mathbf{x} + \mathbf{b}, \qquad y_o = b_o + \sum_{i} W_{o,i}\, x_i , $$
 *
 * with one weight per input–output pair and one bias per output: $(n_\text{in} + 1)
 * n_\text{out}$ parameters. Its derivatives are as simple: $\partial y_o / \partial W_{o,i}
 * = x_i$, $\partial y_o / \partial b_o = 1$ and $\partial y_o / \partial x_i = W_{o,i}$.
 *
 * In the document's question 3 the last map is $4 \times 4 \times 10$; flattened it is a
 * vector of $4 \cdot 4 \cdot 10 = 160$ entries, and a dense layer to 10 units has
 * $160 \cdot 10 = 1600$ weights, plus 10 biases when it has them: 1610.
 *
 * ## Summary
 *
 * - Flatten reads a feature map as one vector, channel by channel and row by row; it has no
 *   parameters.
 * - A dense layer computes $W x + b$: one weight per input–output pair and one bias per
 *   output.
 * - Question 3's dense layer from 160 inputs to 10 outputs has $160 \cdot 10 + 10 = 1610$
 *   parameters, not the sheet's 1600.
 *
 * @example Flatten two 2x2 maps, then a dense layer that sums each channel
 * ```ts
 * import { dense, flatten } from "./dense.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const v = flatten([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
 * deepStrictEqual(v.toArray(), [1, 2, 3, 4, 5, 6, 7, 8]);
 * const W = [[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1]];
 * deepStrictEqual(dense(v, W).toArray(), [10, 26]);
 * ```
 *
 * @module
 */

import { entries, finiteResult, show, work } from "./_validate.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";
import { gemmNT } from "./_gemm.ts";

/**
 * Reads a tensor of any rank as a vector, in row-major (channels-first) order:
 *
 * $$ v_{c H W + r W + q} = x_{c,r,q} $$
 *
 * for an input $x$ of shape `[C][H][W]` (and likewise for other ranks).
 *
 * @param input A tensor or nested arrays of rank 1 to 4; finite numbers, no empty axis.
 * @returns A 1-D tensor with all the entries, shape `[size]`.
 * @throws {TypeError} If the input is ragged or of rank 0 or above 4.
 * @throws {RangeError} If an entry is NaN or infinite, or an axis is empty.
 *
 * @example The document's 4x4x10 map flattens to 160 entries
 * ```ts
 * import { flatten } from "./dense.ts";
 * import { Tensor } from "./tensor.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(flatten(new Tensor([10, 4, 4])).shape, [160]);
 * deepStrictEqual(flatten([[1, 0], [0, 1]]).toArray(), [1, 0, 0, 1]);
 * ```
 */
export function flatten(input: TensorLike): Tensor {
  const x = expectRank("flatten", "input", input, [1, 2, 3, 4]);
  return new Tensor([x.size], x.data.slice());
}

/**
 * A dense (fully connected) layer:
 *
 * $$ y_o = b_o + \sum_{i=0}^{n_\text{in}-1} W_{o,i}\, x_i , $$
 *
 * where $x$ is `input`, $W$ is `weights` (one row per output unit) and $b$ is `bias`.
 * A 2-D `input` is a batch, one sample per row, and each row goes through the layer.
 *
 * @param input The vector `[n_in]`, or a batch `[N][n_in]`; finite numbers.
 * @param weights The weights `[n_out][n_in]`.
 * @param bias The biases `[n_out]`; omitted, no bias.
 * @returns The outputs `[n_out]`, or `[N][n_out]` for a batch.
 * @throws {TypeError} If an array is ragged, a rank is wrong, or the sizes disagree
 *   (`weights` columns against the input, `bias` against `weights` rows).
 * @throws {RangeError} If an entry is NaN or infinite, an axis is empty, or an output
 *   overflows float64.
 *
 * @example The document's neuron is a dense layer with one unit: 2(0.2) + 1(0.3) + 0.1
 * ```ts
 * import { dense } from "./dense.ts";
 * import { ok, throws } from "node:assert/strict";
 *
 * const y = dense([2, 1], [[0.2, 0.3]], [0.1]);
 * ok(Math.abs(y.get(0) - 0.8) < 1e-15);
 * throws(() => dense([2, 1, 0], [[0.2, 0.3]]), TypeError);
 * ```
 */
export function dense(input: TensorLike, weights: TensorLike, bias?: TensorLike): Tensor {
  const fn = "dense";
  const x = expectRank(fn, "input", input, [1, 2]);
  const w = expectRank(fn, "weights", weights, [2]);
  const [nout, nin] = w.shape;
  const features = x.shape[x.rank - 1];
  if (features !== nin) {
    throw new TypeError(
      `${fn}: weights ${show([...w.shape])} expect ${nin} inputs, but input ${
        show([...x.shape])
      } has ${features}`,
    );
  }
  let b: Float64Array | undefined;
  if (bias !== undefined) {
    b = expectRank(fn, "bias", bias, [1]).data;
    if (b.length !== nout) {
      throw new TypeError(
        `${fn}: bias must have one entry per output (${nout}), got ${b.length}`,
      );
    }
  }
  const batch = x.rank === 2 ? x.shape[0] : 1;
  entries(fn, "the output", batch * nout);
  work(fn, "the product", batch * nout * nin);
  const out = new Float64Array(batch * nout);
  if (b) { for (let n = 0; n < batch; n++) out.set(b, n * nout); }
  // out[n][o] += sum_i x[n][i] W[o][i]: both factors read along their rows, blocks of
  // samples against blocks of units, so each weight is loaded once per four samples
  gemmNT(batch, nout, nin, x.data, 0, nin, w.data, 0, nin, out, 0, nout);
  return new Tensor(x.rank === 2 ? [batch, nout] : [nout], finiteResult(fn, "the output", out));
}
