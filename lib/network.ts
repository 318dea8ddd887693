/**
 * # Backpropagation through the network of question 5
 *
 * Question 5 of the worked solution sheet trains a small network on one labelled sample
 * $(x, y)$: a convolution with weights $w^c$ and bias $b^c$, a sigmoid, a dense layer with
 * weights $w^f$ and bias $b^f$, another sigmoid, and the squared error. Generalised to an
 * $H \times W$ input, one $k_h \times k_w$ kernel (valid padding, stride 1) and $m$ outputs:
 *
 * $$n^c = x \star w^c + b^c, \quad c = \sigma(n^c), \quad
 *   n^f = W^f \operatorname{vec}(c) + b^f, \quad o = \sigma(n^f), \quad
 *   E = \sum_{i=1}^{m} (y_i - o_i)^2,$$
 *
 * where $\star$ is the valid cross-correlation ({@linkcode conv2d}) and
 * $\operatorname{vec}$ reads the map row by row ({@linkcode flatten}).
 *
 * **Backward pass.** Each factor of the chain rule has a name, and each gradient is a
 * product of named factors:
 *
 * $$\frac{\partial E}{\partial o_i} = -2(y_i - o_i), \qquad
 *   \frac{\partial o_i}{\partial n^f_i} = \sigma'(n^f_i), \qquad
 *   \delta^f_i = \frac{\partial E}{\partial n^f_i}
 *     = \frac{\partial E}{\partial o_i}\,\sigma'(n^f_i),$$
 * $$\frac{\partial E}{\partial W^f_{ij}} = \delta^f_i \operatorname{vec}(c)_j, \qquad
 *   \frac{\partial E}{\partial b^f_i} = \delta^f_i,$$
 * $$\frac{\partial E}{\partial c} = \operatorname{vec}^{-1}\!\bigl((W^f)^\top \delta^f\bigr),
 *   \qquad \frac{\partial c}{\partial n^c} = \sigma'(n^c), \qquad
 *   \delta^c = \frac{\partial E}{\partial c} \odot \sigma'(n^c),$$
 * $$\frac{\partial E}{\partial w^c_{ab}} = \sum_{r,q} \delta^c_{rq}\, x_{r+a,\,q+b}
 *   = (x \star \delta^c)_{ab}, \qquad
 *   \frac{\partial E}{\partial b^c} = \sum_{r,q} \delta^c_{rq}.$$
 *
 * The kernel's gradient is itself a valid cross-correlation: of the input with the map of
 * deltas. Every sigmoid slope is taken at the sigmoid's own input ($n^f$ for the output
 * layer, $n^c$ for the convolutional layer), and the convolutional layer's error arrives
 * through the output weights $W^f$.
 *
 * **The document's single-weight form** is the case $H = W = k_h = k_w = m = 1$: one input
 * $x$, one conv weight $w^c$ and bias $b^c$, one output weight $w^f$ and bias $b^f$
 * ({@linkcode scalarNetBackprop}). There
 *
 * $$\frac{\partial E}{\partial w^f} = -2(y - o)\,\sigma'(n^f)\, c, \qquad
 *   \frac{\partial E}{\partial w^c} = -2(y - o)\,\sigma'(n^f)\, w^f\, \sigma'(n^c)\, x,$$
 *
 * with $n^f = w^f c + b^f$ and $n^c = w^c x + b^c$.
 *
 * The seed sheet's slips in these gradients are declared beside {@linkcode scalarNetBackprop}
 * as its common mistakes (`commonMistakes`): $\sigma'$ taken without the bias, at $b$ alone
 * for the bias's gradient, or at the output; $c(x)$ in place of $w^f$ when the error is sent
 * back to $c$; $\partial E / \partial o$ without its factor 2.
 *
 * **A worked example.** Take the sample $x = 1$, $y = 1$ and the parameters $w^c = 0$,
 * $b^c = 0$, $w^f = 2$, $b^f = -1$. Forward: $n^c = 0$, so $c = \sigma(0) = 1/2$; then
 * $n^f = 2 \cdot 1/2 - 1 = 0$ and $o = 1/2$, and the loss is $(1 - 1/2)^2 = 1/4$. Backward,
 * one factor at a time: $\partial E / \partial o = -2(1 - 1/2) = -1$; the output sigmoid's
 * slope at its input $n^f = 0$ is $1/4$, so $\delta^f = -1/4$ and
 * $\partial E / \partial w^f = \delta^f c = -1/8$. Going on to the hidden node multiplies
 * by $w^f = 2$, giving $\partial E / \partial c = -1/2$; its sigmoid's slope at $n^c = 0$
 * is again $1/4$, so $\delta^c = -1/8$ and $\partial E / \partial w^c = \delta^c x = -1/8$.
 * The chapter's figure draws this graph with the same numbers. The sheet's answers to 5(a)
 * and (b) take the output slope at $c\,w^f = 1$, leaving out $b^f$: $\sigma'(1) = 0.19661$
 * instead of $\sigma'(0) = 1/4$, which would make $\partial E / \partial w^f$ equal to
 * $-1 \cdot 0.19661 \cdot 1/2 = -0.09831$ instead of $-0.125$.
 *
 * ## Summary
 *
 * - Backpropagation multiplies named chain-rule factors from the loss back to each
 *   parameter.
 * - Each sigmoid's slope is taken at that sigmoid's whole input, bias included:
 *   $\sigma'(n^f)$ and $\sigma'(n^c)$.
 * - The error reaches the convolutional layer through the output weights, $\partial n^f /
 *   \partial c = w^f$.
 * - The kernel's gradient is itself a cross-correlation, of the input with the map of
 *   deltas.
 *
 * @example A 1x1 network agrees with the single-weight form
 * ```ts
 * import { convSigmoidDenseBackprop, scalarNetBackprop } from "./network.ts";
 * import { ok } from "node:assert/strict";
 *
 * const general = convSigmoidDenseBackprop({ x: [[0.5]], y: [1] },
 *   { wc: [[2]], bc: -0.25, Wf: [[1.5]], bf: [0.125] });
 * const scalar = scalarNetBackprop({ x: 0.5, y: 1 }, { wc: 2, bc: -0.25, wf: 1.5, bf: 0.125 });
 * ok(Math.abs(general.gradients.wc.get(0, 0) - scalar.gradients.wc) < 1e-16);
 * ok(Math.abs(general.gradients.Wf.get(0, 0) - scalar.gradients.wf) < 1e-16);
 * ```
 *
 * @module
 */

import { finiteNumber, finiteResult, guard, show, step } from "./_validate.ts";
import { sigmoid, sigmoidDerivative, softmax } from "./activations.ts";
import { add, expectLength, expectShape, matrixOf, matVec, vectorOf } from "./_arrays.ts";
import { conv2d } from "./convolution.ts";
import { dense, flatten } from "./dense.ts";
import { softmaxCrossEntropy, squaredError, squaredErrorGradient } from "./losses.ts";
import { commonMistakes } from "./mistakes.ts";
import { expectRank, Tensor, type TensorLike, vector } from "./tensor.ts";

/** The parameters of the question-5 network (see the module overview). */
export interface ConvSigmoidDenseParameters {
  /** The kernel $w^c$: shape $[k_h][k_w]$, no larger than the input. */
  wc: TensorLike;
  /** The convolution's bias $b^c$ (one number: one filter). */
  bc: number;
  /** The dense weights $W^f$: shape $[m][P]$ with $P$ the size of the map $c$. */
  Wf: TensorLike;
  /** The dense biases $b^f$: $m$ numbers. */
  bf: TensorLike;
}

/** The forward quantities of {@linkcode convSigmoidDense}. */
export interface ConvSigmoidDenseForward {
  /** $n^c = x \star w^c + b^c$, the convolution's pre-activation, shape $[H - k_h + 1][W - k_w + 1]$. */
  nc: Tensor;
  /** $c = \sigma(n^c)$, same shape. */
  c: Tensor;
  /** $\operatorname{vec}(c)$, the flattened map ($P$ numbers). */
  flat: Tensor;
  /** $n^f = W^f \operatorname{vec}(c) + b^f$, the output pre-activation ($m$ numbers). */
  nf: Tensor;
  /** $o = \sigma(n^f)$, the output ($m$ numbers). */
  o: Tensor;
}

/** The gradients of $E$ with respect to each parameter, shaped like the parameter. */
export interface ConvSigmoidDenseGradients {
  /** $\partial E / \partial w^c$, shape $[k_h][k_w]$. */
  wc: Tensor;
  /** $\partial E / \partial b^c$. */
  bc: number;
  /** $\partial E / \partial W^f$, shape $[m][P]$. */
  Wf: Tensor;
  /** $\partial E / \partial b^f$, $m$ numbers. */
  bf: Tensor;
}

/** Forward and backward quantities of {@linkcode convSigmoidDenseBackprop}, every factor named. */
export interface ConvSigmoidDenseBackprop extends ConvSigmoidDenseForward {
  /** $E = \sum_i (y_i - o_i)^2$. */
  loss: number;
  /** $\partial E / \partial o = -2(y - o)$. */
  dE_do: Tensor;
  /** $\partial o / \partial n^f = \sigma'(n^f)$. */
  do_dnf: Tensor;
  /** $\delta^f = \partial E / \partial n^f = (\partial E / \partial o) \odot \sigma'(n^f)$. */
  deltaF: Tensor;
  /** $\partial E / \partial c = \operatorname{vec}^{-1}((W^f)^\top \delta^f)$, shaped like $c$. */
  dE_dc: Tensor;
  /** $\partial c / \partial n^c = \sigma'(n^c)$, shaped like $c$. */
  dc_dnc: Tensor;
  /** $\delta^c = \partial E / \partial n^c = (\partial E / \partial c) \odot \sigma'(n^c)$. */
  deltaC: Tensor;
  /** The gradients of $E$ for $w^c$, $b^c$, $W^f$, $b^f$. */
  gradients: ConvSigmoidDenseGradients;
}

/** The checked parameters, with their sizes. */
interface Read {
  x: Tensor;
  wc: Tensor;
  bc: number;
  Wf: Tensor;
  bf: Float64Array;
  mapShape: [number, number];
}

function read(fn: string, x: TensorLike, params: ConvSigmoidDenseParameters): Read {
  if (params === null || typeof params !== "object") {
    throw new TypeError(`${fn}: params must be { wc, bc, Wf, bf }, got ${show(params)}`);
  }
  const input = expectRank(fn, "x", x, [2]);
  const wc = expectRank(fn, "wc", params.wc, [2]);
  const [H, W] = input.shape;
  const [kh, kw] = wc.shape;
  if (kh > H || kw > W) {
    throw new RangeError(
      `${fn}: kernel wc of shape ${show([kh, kw])} exceeds input x of shape ${show([H, W])}`,
    );
  }
  const bc = finiteNumber(fn, "bc", params.bc);
  const mapShape: [number, number] = [H - kh + 1, W - kw + 1];
  const P = mapShape[0] * mapShape[1];
  const Wf = expectRank(fn, "Wf", params.Wf, [2]);
  if (Wf.shape[1] !== P) {
    throw new TypeError(
      `${fn}: Wf must have ${P} columns (the ${mapShape[0]}x${mapShape[1]} map c), got shape ${
        show([...Wf.shape])
      }`,
    );
  }
  const bf = vector(fn, "bf", params.bf);
  if (bf.length !== Wf.shape[0]) {
    throw new TypeError(`${fn}: bf has ${bf.length} entries but Wf has ${Wf.shape[0]} rows`);
  }
  return { x: input, wc, bc, Wf, bf, mapShape };
}

/** The forward pass; a number that leaves float64 is a `RangeError` naming `fn` and the layer. */
function forward(fn: string, r: Read): ConvSigmoidDenseForward {
  const nc = step(
    fn,
    "the convolution n^c = conv2d(x, wc) + bc",
    () => conv2d(r.x, r.wc, { bias: r.bc }),
  );
  const c = new Tensor(nc.shape, nc.data.map(sigmoid));
  const flat = flatten(c);
  const nf = step(
    fn,
    "the dense layer n^f = dense(vec c, Wf, bf)",
    () => dense(flat, r.Wf, new Tensor([r.bf.length], r.bf)),
  );
  const o = new Tensor(nf.shape, nf.data.map(sigmoid));
  return { nc, c, flat, nf, o };
}

/**
 * The forward pass of the question-5 network:
 *
 * $$n^c = x \star w^c + b^c, \quad c = \sigma(n^c), \quad
 *   n^f = W^f \operatorname{vec}(c) + b^f, \quad o = \sigma(n^f)$$
 *
 * where $x$ is `x` and $w^c, b^c, W^f, b^f$ are the fields of `params`.
 *
 * @param x The input $x$: shape $[H][W]$, finite.
 * @param params $w^c$ ($[k_h][k_w]$, $k_h \le H$, $k_w \le W$), $b^c$, $W^f$ ($[m][P]$ with
 *   $P = (H - k_h + 1)(W - k_w + 1)$) and $b^f$ ($m$ numbers).
 * @returns $n^c$, $c$, $\operatorname{vec}(c)$, $n^f$ and $o$.
 * @throws {TypeError} If a shape is wrong or the shapes do not fit together.
 * @throws {RangeError} If an entry is not finite, the kernel is larger than the input, or
 *   $n^c$ or $n^f$ leaves float64 (the message names the layer).
 *
 * @example A 2x2 input with a 1x2 kernel gives a 2x1 map
 * ```ts
 * import { convSigmoidDense } from "./network.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * // n^c = [[1 - 1], [0 + 0]] = [[0], [0]], so c = [[0.5], [0.5]];
 * // n^f = 2 * 0.5 - 2 * 0.5 + 0 = 0, so o = 0.5.
 * const f = convSigmoidDense([[1, 1], [0, 0]], { wc: [[1, -1]], bc: 0, Wf: [[2, -2]], bf: [0] });
 * deepStrictEqual(f.c.toArray(), [[0.5], [0.5]]);
 * strictEqual(f.o.get(0), 0.5);
 * ```
 */
export function convSigmoidDense(
  x: TensorLike,
  params: ConvSigmoidDenseParameters,
): ConvSigmoidDenseForward {
  return guard("convSigmoidDense", () => {
    return forward("convSigmoidDense", read("convSigmoidDense", x, params));
  });
}

/**
 * The forward pass, the squared error and its hand-derived gradients for every parameter
 * of the question-5 network, with each chain-rule factor returned by name.
 *
 * $$\delta^f = -2(y - o) \odot \sigma'(n^f), \qquad
 *   \delta^c = \operatorname{vec}^{-1}\bigl((W^f)^\top \delta^f\bigr) \odot \sigma'(n^c),$$
 * $$\nabla_{W^f} E = \delta^f \operatorname{vec}(c)^\top, \quad \nabla_{b^f} E = \delta^f,
 *   \quad \nabla_{w^c} E = x \star \delta^c, \quad \nabla_{b^c} E = \textstyle\sum \delta^c$$
 *
 * where $x$ and $y$ are `sample.x` and `sample.y`, and the parameters are the fields of
 * `params`.
 *
 * @param sample The input `x` ($[H][W]$) and the target `y` ($m$ numbers).
 * @param params $w^c$, $b^c$, $W^f$, $b^f$, as for {@linkcode convSigmoidDense}.
 * @returns The forward quantities, the loss, the named factors and the gradients.
 * @throws {TypeError} If a shape is wrong, the shapes do not fit together, or `y` does
 *   not have one target per output.
 * @throws {RangeError} If an entry is not finite, the kernel is larger than the input, or
 *   a quantity of the forward or backward pass leaves float64 (the message names it).
 *
 * @example One output from a 2x2 input and a 2x2 kernel, by hand
 * ```ts
 * import { convSigmoidDenseBackprop } from "./network.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * // Kernel 0: n^c = 0, c = 1/2; n^f = 2 * 1/2 - 1 = 0, o = 1/2. With y = 1:
 * // dE/do = -2(1 - 1/2) = -1, delta^f = -1 * sigma'(0) = -1/4, dE/dWf = -1/4 * 1/2 = -1/8;
 * // dE/dc = Wf delta^f = -1/2, delta^c = -1/2 * 1/4 = -1/8, dE/dwc = delta^c x.
 * const r = convSigmoidDenseBackprop({ x: [[1, 2], [3, 4]], y: [1] },
 *   { wc: [[0, 0], [0, 0]], bc: 0, Wf: [[2]], bf: [-1] });
 * strictEqual(r.loss, 0.25);
 * strictEqual(r.deltaF.get(0), -0.25);
 * strictEqual(r.gradients.Wf.get(0, 0), -0.125);
 * strictEqual(r.deltaC.get(0, 0), -0.125);
 * deepStrictEqual(r.gradients.wc.toArray(), [[-0.125, -0.25], [-0.375, -0.5]]);
 * strictEqual(r.gradients.bc, -0.125);
 * ```
 */
export function convSigmoidDenseBackprop(
  sample: { x: TensorLike; y: TensorLike },
  params: ConvSigmoidDenseParameters,
): ConvSigmoidDenseBackprop {
  return guard("convSigmoidDenseBackprop", () => {
    const fn = "convSigmoidDenseBackprop";
    if (sample === null || typeof sample !== "object") {
      throw new TypeError(`${fn}: sample must be { x, y }, got ${show(sample)}`);
    }
    const r = read(fn, sample.x, params);
    const y = vector(fn, "y", sample.y);
    const m = r.bf.length;
    if (y.length !== m) {
      throw new TypeError(`${fn}: y has ${y.length} targets but the network has ${m} outputs`);
    }
    const f = forward(fn, r);
    const P = f.flat.size;

    // Output layer: dE/do = -2(y - o), do/dn^f = sigma'(n^f), delta^f = their product.
    const target = new Tensor([m], y);
    const loss = step(fn, "the loss E = sum (y - o)^2", () => squaredError(f.o, target));
    const dE_do = step(fn, "dE/do = -2(y - o)", () => squaredErrorGradient(f.o, target));
    const do_dnf = new Tensor([m], f.nf.data.map(sigmoidDerivative));
    const deltaF = new Tensor([m], dE_do.data.map((g, i) => g * do_dnf.data[i]));
    // dE/dW^f_ij = delta^f_i * vec(c)_j (dn^f_i / dW^f_ij = vec(c)_j), dE/db^f_i = delta^f_i.
    const gradWf = new Tensor([m, P]);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < P; j++) gradWf.data[i * P + j] = deltaF.data[i] * f.flat.data[j];
    }

    // Convolutional layer: dE/dc = (W^f)^T delta^f (dn^f_i / dc_j = W^f_ij), shaped like c.
    // Summed row by row of W^f (dE/dc += delta^f_i W^f_i), so W^f is read in storage order.
    const dE_dc = new Tensor(f.c.shape);
    for (let i = 0; i < m; i++) {
      const d = deltaF.data[i], row = i * P;
      for (let j = 0; j < P; j++) dE_dc.data[j] += r.Wf.data[row + j] * d;
    }
    finiteResult(fn, "dE/dc = (Wf)^T delta^f", dE_dc.data); // a huge Wf times delta^f
    const dc_dnc = new Tensor(f.c.shape, f.nc.data.map(sigmoidDerivative));
    const deltaC = new Tensor(f.c.shape, dE_dc.data.map((g, j) => g * dc_dnc.data[j]));
    // dn^c_rq / dw^c_ab = x_{r+a, q+b}: the kernel's gradient is x cross-correlated with delta^c.
    const gradWc = step(fn, "dE/dwc = conv2d(x, delta^c)", () => conv2d(r.x, deltaC));
    // dn^c_rq / db^c = 1
    const gradBc = finiteResult(fn, "dE/dbc = sum delta^c", deltaC.data.reduce((a, b) => a + b, 0));

    return {
      ...f,
      loss,
      dE_do,
      do_dnf,
      deltaF,
      dE_dc,
      dc_dnc,
      deltaC,
      gradients: { wc: gradWc, bc: gradBc, Wf: gradWf, bf: new Tensor([m], deltaF.data.slice()) },
    };
  });
}

/** The parameters of the single-weight network the document writes in question 5. */
export interface ScalarNetParameters {
  /** The conv weight $w^c$. */
  wc: number;
  /** The conv bias $b^c$. */
  bc: number;
  /** The output weight $w^f$. */
  wf: number;
  /** The output bias $b^f$. */
  bf: number;
}

/** Every quantity of {@linkcode scalarNetBackprop}, each chain-rule factor by name. */
export interface ScalarNetBackprop {
  /** $n^c = w^c x + b^c$. */
  nc: number;
  /** $c = \sigma(n^c)$. */
  c: number;
  /** $n^f = w^f c + b^f$. */
  nf: number;
  /** $o = \sigma(n^f)$. */
  o: number;
  /** $E = (y - o)^2$. */
  loss: number;
  /** $\partial E / \partial o = -2(y - o)$. */
  dE_do: number;
  /** $\partial o / \partial n^f = \sigma'(n^f)$. */
  do_dnf: number;
  /** $\delta^f = \partial E / \partial n^f = -2(y - o)\,\sigma'(n^f)$. */
  deltaF: number;
  /** $\partial n^f / \partial w^f = c$. */
  dnf_dwf: number;
  /** $\partial n^f / \partial c = w^f$. */
  dnf_dc: number;
  /** $\partial E / \partial c = \delta^f w^f$. */
  dE_dc: number;
  /** $\partial c / \partial n^c = \sigma'(n^c)$. */
  dc_dnc: number;
  /** $\delta^c = \partial E / \partial n^c = \delta^f w^f \sigma'(n^c)$. */
  deltaC: number;
  /** $\partial n^c / \partial w^c = x$. */
  dnc_dwc: number;
  /** $\partial E / \partial w^c = \delta^c x$, $\partial E / \partial b^c = \delta^c$,
   * $\partial E / \partial w^f = \delta^f c$, $\partial E / \partial b^f = \delta^f$. */
  gradients: ScalarNetParameters;
}

/**
 * The document's single-weight network of question 5, forward and backward, with every
 * chain-rule factor named:
 *
 * $$n^c = w^c x + b^c,\ c = \sigma(n^c),\ n^f = w^f c + b^f,\ o = \sigma(n^f),\
 *   E = (y - o)^2,$$
 * $$\frac{\partial E}{\partial w^f} = \underbrace{-2(y - o)\,\sigma'(n^f)}_{\delta^f} c,
 *   \quad \frac{\partial E}{\partial b^f} = \delta^f,
 *   \quad \frac{\partial E}{\partial w^c} = \underbrace{\delta^f w^f \sigma'(n^c)}_{\delta^c} x,
 *   \quad \frac{\partial E}{\partial b^c} = \delta^c$$
 *
 * where $x$, $y$ are `sample.x`, `sample.y` and $w^c, b^c, w^f, b^f$ are the fields of
 * `params`. It is {@linkcode convSigmoidDenseBackprop} with a $1 \times 1$ input, kernel
 * and output, written with plain numbers.
 *
 * @param sample The input `x` and target `y`, finite numbers.
 * @param params $w^c$, $b^c$, $w^f$, $b^f$, finite numbers.
 * @returns The forward values, the loss, each named factor and the four gradients.
 * @throws {RangeError} If a number is NaN or infinite, or a quantity of the forward or
 *   backward pass leaves float64 (the message names it, for example $n^c = w^c x + b^c$).
 * @throws {TypeError} If a value is not a number.
 *
 * @example x = 1, y = 1, w^c = b^c = 0, w^f = 2, b^f = -1, by hand
 * ```ts
 * import { scalarNetBackprop } from "./network.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * // n^c = 0, c = 1/2, n^f = 2 * 1/2 - 1 = 0, o = 1/2, E = 1/4; dE/do = -1,
 * // sigma'(0) = 1/4, delta^f = -1/4, dE/dw^f = delta^f c = -1/8;
 * // dE/dc = delta^f w^f = -1/2, delta^c = -1/2 * 1/4 = -1/8, dE/dw^c = delta^c x = -1/8.
 * const r = scalarNetBackprop({ x: 1, y: 1 }, { wc: 0, bc: 0, wf: 2, bf: -1 });
 * strictEqual(r.loss, 0.25);
 * strictEqual(r.dE_dc, -0.5);
 * deepStrictEqual(r.gradients, { wc: -0.125, bc: -0.125, wf: -0.125, bf: -0.25 });
 * ```
 */
export function scalarNetBackprop(
  sample: { x: number; y: number },
  params: ScalarNetParameters,
): ScalarNetBackprop {
  return guard("scalarNetBackprop", () => scalarNet(sample, params, CHAIN_RULE));
}

/**
 * How {@linkcode scalarNet} takes the chain rule's factors: the slope of a layer's sigmoid
 * used in the gradient of its weight (`w`) or bias (`b`), and $\partial n^f / \partial c$.
 * The true rule takes every slope at the whole weighted input $n$; the mistakes of
 * {@linkcode scalarNetBackprop} change one factor.
 */
interface ChainRule {
  /**
   * $\sigma'$ as used for `parameter` of a layer whose weighted input is
   * $n = \text{term} + \text{bias}$ (term: $w^f c$ or $w^c x$) and output $\sigma(n)$.
   */
  slope(parameter: "w" | "b", n: number, term: number, bias: number): number;
  /** $\partial n^f / \partial c$, given $w^f$ and $c$. */
  back(wf: number, c: number): number;
  /** $\partial E / \partial o$, given $o$ and $y$. */
  dEdo(o: number, y: number): number;
}

const CHAIN_RULE: ChainRule = {
  slope: (_parameter, n) => sigmoidDerivative(n),
  back: (wf) => wf,
  dEdo: (o, y) => squaredErrorGradient(o, y),
};

/** The single-weight network, forward and backward, with the factors of `rule`. */
function scalarNet(
  sample: { x: number; y: number },
  params: ScalarNetParameters,
  rule: ChainRule,
): ScalarNetBackprop {
  const fn = "scalarNetBackprop";
  if (sample === null || typeof sample !== "object") {
    throw new TypeError(`${fn}: sample must be { x, y }, got ${show(sample)}`);
  }
  if (params === null || typeof params !== "object") {
    throw new TypeError(`${fn}: params must be { wc, bc, wf, bf }, got ${show(params)}`);
  }
  const x = finiteNumber(fn, "x", sample.x);
  const y = finiteNumber(fn, "y", sample.y);
  const wc = finiteNumber(fn, "wc", params.wc);
  const bc = finiteNumber(fn, "bc", params.bc);
  const wf = finiteNumber(fn, "wf", params.wf);
  const bf = finiteNumber(fn, "bf", params.bf);

  // Each quantity that can leave float64 for finite inputs is checked where it is made.
  const nc = finiteResult(fn, "the pre-activation n^c = wc x + bc", wc * x + bc);
  const c = sigmoid(nc);
  const nf = finiteResult(fn, "the pre-activation n^f = wf c + bf", wf * c + bf);
  const o = sigmoid(nf);
  const loss = step(fn, "the loss E = (y - o)^2", () => squaredError(o, y));

  const dE_do = step(fn, "dE/do = -2(y - o)", () => rule.dEdo(o, y));
  const do_dnf = rule.slope("w", nf, wf * c, bf);
  const deltaF = dE_do * do_dnf;
  const dnf_dwf = c;
  const dnf_dc = rule.back(wf, c);
  const dE_dc = finiteResult(fn, "dE/dc = delta^f wf", deltaF * dnf_dc);
  const dc_dnc = rule.slope("w", nc, wc * x, bc);
  const deltaC = dE_dc * dc_dnc;
  const dnc_dwc = x;
  finiteResult(fn, "dE/dwc = delta^c x", deltaC * dnc_dwc);
  // the bias gradients: the same, unless a mistake takes the slope elsewhere for a bias
  const deltaFb = dE_do * rule.slope("b", nf, wf * c, bf);
  const deltaCb = dE_dc * rule.slope("b", nc, wc * x, bc);
  return {
    nc,
    c,
    nf,
    o,
    loss,
    dE_do,
    do_dnf,
    deltaF,
    dnf_dwf,
    dnf_dc,
    dE_dc,
    dc_dnc,
    deltaC,
    dnc_dwc,
    gradients: { wc: deltaC * dnc_dwc, bc: deltaCb, wf: deltaF * dnf_dwf, bf: deltaFb },
  };
}

/** sigma' at the weighted input without its bias, for the mistakes below. */
const slopeWithoutBias: ChainRule["slope"] = (_parameter, _n, term) => sigmoidDerivative(term);

/** sigma' at the parameter's own term of the weighted input: w c for w, b for b. */
const slopeAtOwnTerm: ChainRule["slope"] = (parameter, _n, term, bias) =>
  sigmoidDerivative(parameter === "w" ? term : bias);

/**
 * The examples' network: x = 1, y = 1, w^c = ln 7, b^c = ln(3/7), w^f = 4 ln 3, b^f = -ln 3.
 * Every weighted input is then a logarithm ln r, where sigma(ln r) = r/(1 + r) and
 * sigma'(ln r) = r/(1 + r)^2 are fractions: n^c = ln 3, c = 3/4, n^f = 3 ln 3 - ln 3 = ln 9,
 * o = 9/10, E = (1 - 9/10)^2 = 1/100, dE/do = -2(1 - 9/10) = -1/5.
 */
const SAMPLE = { x: 1, y: 1 };
const PARAMS = { wc: Math.log(7), bc: Math.log(3 / 7), wf: 4 * Math.log(3), bf: -Math.log(3) };

/**
 * The record the examples' network gives for hand-chosen chain-rule factors: the forward
 * values above, and every product of the factors as {@linkcode scalarNetBackprop} names it
 * (`do_dnf_b` and `dc_dnc_b` are the slopes used for the biases).
 */
function byFactors(f: {
  dE_do: number;
  do_dnf: number;
  do_dnf_b: number;
  dnf_dc: number;
  dc_dnc: number;
  dc_dnc_b: number;
}): ScalarNetBackprop {
  const c = 3 / 4, x = 1;
  const deltaF = f.dE_do * f.do_dnf;
  const dE_dc = deltaF * f.dnf_dc;
  const deltaC = dE_dc * f.dc_dnc;
  return {
    nc: Math.log(3),
    c,
    nf: Math.log(9),
    o: 9 / 10,
    loss: 1 / 100,
    dE_do: f.dE_do,
    do_dnf: f.do_dnf,
    deltaF,
    dnf_dwf: c,
    dnf_dc: f.dnf_dc,
    dE_dc,
    dc_dnc: f.dc_dnc,
    deltaC,
    dnc_dwc: x,
    gradients: {
      wc: deltaC * x,
      bc: dE_dc * f.dc_dnc_b,
      wf: deltaF * c,
      bf: f.dE_do * f.do_dnf_b,
    },
  };
}

/** The document's form of the slope, e^{-z}/(1 + e^{-z})^2, for the examples. */
const slopeByExp = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;

// The true factors: sigma'(n^f) = sigma'(ln 9) = 9/100, sigma'(n^c) = sigma'(ln 3) = 3/16.
const TRUE_FACTORS = {
  dE_do: -1 / 5,
  do_dnf: 9 / 100,
  do_dnf_b: 9 / 100,
  dnf_dc: 4 * Math.log(3),
  dc_dnc: 3 / 16,
  dc_dnc_b: 3 / 16,
};

commonMistakes(scalarNetBackprop, [{
  id: "slope-without-bias",
  name: "sigma' taken at w c (or w x) without the bias",
  why: "The weighted input is written w c in the derivation, and its bias b is dropped " +
    "when sigma' is evaluated.",
  variant: (sample, params) => {
    scalarNetBackprop(sample, params); // the checks of the function itself
    return scalarNet(sample, params, { ...CHAIN_RULE, slope: slopeWithoutBias });
  },
  // sigma'(w^f c) = sigma'(3 ln 3) = sigma'(ln 27) = 27/784, sigma'(w^c x) = sigma'(ln 7) = 7/64
  example: {
    args: [SAMPLE, PARAMS],
    result: byFactors({
      ...TRUE_FACTORS,
      do_dnf: 27 / 784,
      do_dnf_b: 27 / 784,
      dc_dnc: 7 / 64,
      dc_dnc_b: 7 / 64,
    }),
  },
}, {
  id: "slope-at-own-term",
  name: "sigma' at the parameter's own term: sigma'(c w^f) for w^f, sigma'(b^f) for b^f",
  why: "Differentiating n = c w + b by one parameter keeps only that parameter's term, and " +
    "the sigmoid's slope is then evaluated at the term instead of at the whole n.",
  variant: (sample, params) => {
    scalarNetBackprop(sample, params);
    return scalarNet(sample, params, { ...CHAIN_RULE, slope: slopeAtOwnTerm });
  },
  // weights as without the bias; biases: sigma'(-ln 3) = 3/16, sigma'(ln(3/7)) = 21/100
  example: {
    args: [SAMPLE, PARAMS],
    result: byFactors({
      ...TRUE_FACTORS,
      do_dnf: 27 / 784,
      do_dnf_b: 3 / 16,
      dc_dnc: 7 / 64,
      dc_dnc_b: 21 / 100,
    }),
  },
}, {
  id: "c-for-wf",
  name: "c(x) in place of w^f when the error is sent back to c",
  why: "The factor after delta^f is c(x) in the gradient of w^f, and that gradient is " +
    "reused as the error at c, where the chain rule needs dn^f/dc = w^f.",
  variant: (sample, params) => {
    scalarNetBackprop(sample, params);
    return scalarNet(sample, params, { ...CHAIN_RULE, back: (_wf, c) => c });
  },
  example: { args: [SAMPLE, PARAMS], result: byFactors({ ...TRUE_FACTORS, dnf_dc: 3 / 4 }) },
}, {
  id: "seed-question-5",
  name: "sigma' at each parameter's own term and c(x) for w^f, both at once",
  why:
    "The two slips are made together in the gradients of w^c and b^c, so the pair is declared as one mistake that reproduces them.",
  variant: (sample, params) => {
    scalarNetBackprop(sample, params);
    return scalarNet(sample, params, { ...CHAIN_RULE, slope: slopeAtOwnTerm, back: (_wf, c) => c });
  },
  example: {
    args: [SAMPLE, PARAMS],
    result: byFactors({
      ...TRUE_FACTORS,
      do_dnf: 27 / 784,
      do_dnf_b: 3 / 16,
      dnf_dc: 3 / 4,
      dc_dnc: 7 / 64,
      dc_dnc_b: 21 / 100,
    }),
  },
}, {
  id: "slope-at-output",
  name: "sigma' evaluated at the output sigma(n) instead of n",
  why: "The slope is stored as a(1 - a) for the activation a, and calling sigma' on a " +
    "instead of n applies the sigmoid twice.",
  variant: (sample, params) => {
    scalarNetBackprop(sample, params);
    return scalarNet(sample, params, {
      ...CHAIN_RULE,
      slope: (_parameter, n) => sigmoidDerivative(sigmoid(n)),
    });
  },
  // sigma' at o = 9/10 and at c = 3/4
  example: {
    args: [SAMPLE, PARAMS],
    result: byFactors({
      ...TRUE_FACTORS,
      do_dnf: slopeByExp(9 / 10),
      do_dnf_b: slopeByExp(9 / 10),
      dc_dnc: slopeByExp(3 / 4),
      dc_dnc_b: slopeByExp(3 / 4),
    }),
  },
}, {
  id: "factor-two-missing",
  name: "dE/do = -(y - o), the factor 2 missing",
  why: "With the textbook's (1/2)(y - o)^2 the 2 cancels, and that slope is used for the " +
    "squared error (y - o)^2 without the 1/2.",
  variant: (sample, params) => {
    scalarNetBackprop(sample, params);
    return scalarNet(sample, params, { ...CHAIN_RULE, dEdo: (o, y) => o - y });
  },
  example: { args: [SAMPLE, PARAMS], result: byFactors({ ...TRUE_FACTORS, dE_do: -1 / 10 }) },
}]);

/** The weights of a two-layer perceptron: $W^1$ `[hidden][in]`, $b^1$, $W^2$ `[out][hidden]`, $b^2$. */
export interface MlpParameters {
  /** $W^1$, `[hidden][in]`. */
  w1: TensorLike;
  /** $b^1$, one entry per hidden unit. */
  b1: TensorLike;
  /** $W^2$, `[out][hidden]`. */
  w2: TensorLike;
  /** $b^2$, one entry per output. */
  b2: TensorLike;
}

/** Options of {@linkcode mlpBackprop}. */
export interface MlpOptions {
  /**
   * The hidden layer's activation $\varphi$.
   * @default {"sigmoid"}
   */
  activation?: "sigmoid" | "tanh" | "relu";
  /**
   * `"squared"`: linear outputs and $E = \sum_k (\hat y_k - y_k)^2$ (the library's
   * {@linkcode squaredError}), `y` a vector. `"softmax-cross-entropy"`: $\hat y =
   * \operatorname{softmax}(z^2)$ and $E = -\ln \hat y_t$, `y` the class index $t$.
   * @default {"squared"}
   */
  loss?: "squared" | "softmax-cross-entropy";
}

/** Every quantity of {@linkcode mlpBackprop}: the forward values, then each gradient. */
export interface MlpBackprop {
  /** $z^1 = W^1 x + b^1$. */
  z1: number[];
  /** $h = \varphi(z^1)$. */
  h: number[];
  /** $z^2 = W^2 h + b^2$. */
  z2: number[];
  /** $\hat y$: $z^2$, or $\operatorname{softmax}(z^2)$ for cross-entropy. */
  output: number[];
  /** $E$. */
  loss: number;
  /** $\delta^2 = \partial E / \partial z^2$. */
  dLdz2: number[];
  /** $\partial E / \partial W^2 = \delta^2 h^\top$, `[out][hidden]`. */
  dW2: number[][];
  /** $\partial E / \partial b^2 = \delta^2$. */
  db2: number[];
  /** $\partial E / \partial h = (W^2)^\top \delta^2$. */
  dLdh: number[];
  /** $\delta^1 = \partial E / \partial z^1 = (W^2)^\top \delta^2 \odot \varphi'(z^1)$. */
  dLdz1: number[];
  /** $\partial E / \partial W^1 = \delta^1 x^\top$, `[hidden][in]`. */
  dW1: number[][];
  /** $\partial E / \partial b^1 = \delta^1$. */
  db1: number[];
}

/** How {@linkcode mlp} takes the chain rule's steps; the mistakes change one. */
interface MlpRule {
  /** $\delta^2$ from the outputs and the target. */
  delta2(output: number[], y: number[], loss: "squared" | "softmax-cross-entropy"): number[];
  /** The slope $\varphi'$ multiplied into $\delta^1$, given $z^1$ and $h$. */
  slope(df: (x: number) => number, f: (x: number) => number, z: number, h: number): number;
  /** A weight's gradient from a layer's $\delta$ and its input. */
  outer(delta: number[], input: number[]): number[][];
}

const MLP_RULE: MlpRule = {
  delta2: (output, y, loss) =>
    loss === "squared" ? output.map((o, k) => 2 * (o - y[k])) : output.map((o, k) => o - y[k]),
  slope: (df, _f, z) => df(z),
  outer: (delta, input) => delta.map((d) => input.map((v) => d * v)),
};

const MLP_ACTIVATIONS = {
  sigmoid: { f: sigmoid, df: sigmoidDerivative },
  tanh: { f: Math.tanh, df: (x: number) => 1 - Math.tanh(x) ** 2 },
  relu: { f: (x: number) => Math.max(0, x), df: (x: number) => (x > 0 ? 1 : 0) },
} as const;

/** Reads and checks the shapes of {@linkcode mlpBackprop}'s arguments. */
function readMlp(
  sample: { x: TensorLike; y: TensorLike | number },
  params: MlpParameters,
  options: MlpOptions,
) {
  const fn = "mlpBackprop";
  if (sample === null || typeof sample !== "object") {
    throw new TypeError(`${fn}: sample must be { x, y }, got ${show(sample)}`);
  }
  if (params === null || typeof params !== "object") {
    throw new TypeError(`${fn}: params must be { w1, b1, w2, b2 }, got ${show(params)}`);
  }
  const x = vectorOf(fn, "sample.x", sample.x);
  const w1 = matrixOf(fn, "params.w1", params.w1);
  expectShape(fn, "params.w1", w1, w1.length, x.length, "one column per input");
  const b1 = vectorOf(fn, "params.b1", params.b1);
  expectLength(fn, "params.b1", b1.length, w1.length, "one entry per row of w1");
  const w2 = matrixOf(fn, "params.w2", params.w2);
  expectShape(fn, "params.w2", w2, w2.length, w1.length, "one column per hidden unit");
  const b2 = vectorOf(fn, "params.b2", params.b2);
  expectLength(fn, "params.b2", b2.length, w2.length, "one entry per row of w2");
  const name = options.activation ?? "sigmoid";
  if (!Object.hasOwn(MLP_ACTIVATIONS, name)) {
    throw new RangeError(
      `${fn}: activation must be "sigmoid", "tanh" or "relu", got ${show(name)}`,
    );
  }
  const loss = options.loss ?? "squared";
  if (loss !== "squared" && loss !== "softmax-cross-entropy") {
    throw new RangeError(
      `${fn}: loss must be "squared" or "softmax-cross-entropy", got ${show(loss)}`,
    );
  }
  const y = loss === "squared"
    ? vectorOf(fn, "sample.y", sample.y as TensorLike)
    : oneHot(fn, sample.y, w2.length);
  expectLength(fn, "sample.y", y.length, w2.length, "one target per output");
  return { x, w1, b1, w2, b2, y, loss, act: MLP_ACTIVATIONS[name] };
}

/** The one-hot vector of class `t` among `n`, or a RangeError naming `sample.y`. */
function oneHot(fn: string, t: unknown, n: number): number[] {
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t >= n) {
    throw new RangeError(
      `${fn}: sample.y must be a class index, an integer in [0, ${n - 1}], got ${show(t)}`,
    );
  }
  return Array.from({ length: n }, (_, k) => (k === t ? 1 : 0));
}

/** The forward and backward pass of {@linkcode mlpBackprop} under a chain rule. */
function mlp(
  sample: { x: TensorLike; y: TensorLike | number },
  params: MlpParameters,
  options: MlpOptions,
  rule: MlpRule,
): MlpBackprop {
  const { x, w1, b1, w2, b2, y, loss, act } = readMlp(sample, params, options ?? {});
  const z1 = add(matVec(w1, x), b1);
  const h = z1.map(act.f);
  const z2 = add(matVec(w2, h), b2);
  const output = loss === "squared" ? z2 : Array.from(softmax(z2).data);
  const E = loss === "squared" ? squaredError(output, y) : softmaxCrossEntropy(z2, y.indexOf(1));
  const dLdz2 = rule.delta2(output, y, loss);
  const dLdh = h.map((_, j) => w2.reduce((a, row, k) => a + row[j] * dLdz2[k], 0));
  const dLdz1 = dLdh.map((g, j) => g * rule.slope(act.df, act.f, z1[j], h[j]));
  const result = {
    z1,
    h,
    z2,
    output,
    loss: E,
    dLdz2,
    dW2: rule.outer(dLdz2, h),
    db2: dLdz2,
    dLdh,
    dLdz1,
    dW1: rule.outer(dLdz1, x),
    db1: dLdz1,
  };
  for (const [name, value] of Object.entries(result)) {
    finiteResult("mlpBackprop", name, Float64Array.from([value].flat(2) as number[]));
  }
  return result;
}

/**
 * Backpropagation through a two-layer perceptron (dense, activation, dense, loss) for one
 * sample, every forward value and every gradient by name:
 *
 * $$ z^1 = W^1 x + b^1, \quad h = \varphi(z^1), \quad z^2 = W^2 h + b^2, \quad
 *   E = \textstyle\sum_k (z^2_k - y_k)^2 \ \text{or}\ -\ln \operatorname{softmax}(z^2)_t , $$
 *
 * $$ \delta^2 = \frac{\partial E}{\partial z^2} = 2(z^2 - y) \ \text{or}\
 *   \operatorname{softmax}(z^2) - e_t, \quad
 *   \frac{\partial E}{\partial W^2} = \delta^2 h^\top, \quad
 *   \frac{\partial E}{\partial b^2} = \delta^2 , $$
 *
 * $$ \delta^1 = \bigl((W^2)^\top \delta^2\bigr) \odot \varphi'(z^1), \quad
 *   \frac{\partial E}{\partial W^1} = \delta^1 x^\top, \quad
 *   \frac{\partial E}{\partial b^1} = \delta^1 , $$
 *
 * where $x$, $y$ are `sample.x`, `sample.y` and $W^1, b^1, W^2, b^2$ the fields of `params`.
 * With one input, one hidden unit and one output, a sigmoid output layer aside, it is
 * {@linkcode scalarNetBackprop}'s network.
 *
 * @param sample The input vector `x` and the target: a vector `y` for the squared error, a
 *   class index for softmax cross-entropy.
 * @param params $W^1$ `[hidden][in]`, $b^1$, $W^2$ `[out][hidden]`, $b^2$.
 * @param options The hidden activation and the loss.
 * @returns The forward values, the loss and every gradient.
 * @throws {TypeError} If a shape does not fit (`w1` needs one column per input, `w2` one per
 *   hidden unit, each bias one entry per row).
 * @throws {RangeError} If an entry is not finite, the activation or loss is unknown, the
 *   class index is out of range, or a value leaves float64.
 *
 * @example Two inputs, two ReLU units, one output, by hand
 * ```ts
 * import { mlpBackprop } from "./network.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * // z1 = (1, -2), h = (1, 0), z2 = 2 * 1 + 1 * 0 + 0.5 = 2.5, E = (2.5 - 2)^2 = 0.25;
 * // delta2 = 2(2.5 - 2) = 1, dW2 = delta2 h = [1, 0]; dE/dh = W2^T delta2 = (2, 1);
 * // delta1 = (2, 1) * relu'(1, -2) = (2, 0), dW1 = delta1 x^T = [[2, 4], [0, 0]].
 * const r = mlpBackprop(
 *   { x: [1, 2], y: [2] },
 *   { w1: [[1, 0], [0, -1]], b1: [0, 0], w2: [[2, 1]], b2: [0.5] },
 *   { activation: "relu" },
 * );
 * strictEqual(r.loss, 0.25);
 * deepStrictEqual(r.dW2, [[1, 0]]);
 * deepStrictEqual(r.dLdh, [2, 1]);
 * deepStrictEqual(r.dW1, [[2, 4], [0, 0]]);
 * deepStrictEqual(r.db1, [2, 0]);
 * ```
 */
export function mlpBackprop(
  sample: { x: TensorLike; y: TensorLike | number },
  params: MlpParameters,
  options: MlpOptions = {},
): MlpBackprop {
  return guard("mlpBackprop", () => mlp(sample, params, options, MLP_RULE));
}

/**
 * The worked example of {@linkcode mlpBackprop}'s mistakes (its doc example, by hand):
 * x = (1, 2), two ReLU units, one output, target 2. The true pass gives z1 = (1, -2),
 * h = (1, 0), z2 = 2.5, E = 0.25, delta2 = 1, dE/dh = (2, 1), delta1 = (2, 0).
 */
const MLP_SAMPLE = { x: [1, 2], y: [2] };
const MLP_PARAMS = { w1: [[1, 0], [0, -1]], b1: [0, 0], w2: [[2, 1]], b2: [0.5] };
const MLP_RELU = { activation: "relu" } as const;
const MLP_FORWARD = { z1: [1, -2], h: [1, 0], z2: [2.5], output: [2.5], loss: 0.25 };

/** The hand-derived result of the worked example: the true gradients, then `changes`. */
function mlpExample(changes: Partial<MlpBackprop>): MlpBackprop {
  return {
    ...MLP_FORWARD,
    dLdz2: [1],
    dW2: [[1, 0]],
    db2: [1],
    dLdh: [2, 1],
    dLdz1: [2, 0],
    dW1: [[2, 4], [0, 0]],
    db1: [2, 0],
    ...changes,
  };
}

commonMistakes(mlpBackprop, [{
  id: "activation-slope-missing",
  name: "δ¹ = (W²)ᵀδ² without the activation's slope φ'(z¹)",
  why: "The error is carried back through the weights, and the step back through the hidden " +
    "activation, a factor of its own in the chain rule, is skipped.",
  variant: (sample, params, options = {}) => {
    mlpBackprop(sample, params, options);
    return mlp(sample, params, options, { ...MLP_RULE, slope: () => 1 });
  },
  // delta1 = (2, 1) with no ReLU slope, so dW1 = delta1 x^T = [[2, 4], [1, 2]]
  example: {
    args: [MLP_SAMPLE, MLP_PARAMS, MLP_RELU],
    result: mlpExample({ dLdz1: [2, 1], dW1: [[2, 4], [1, 2]], db1: [2, 1] }),
  },
}, {
  id: "slope-at-activation",
  name: "the slope taken at the activation h instead of at z¹",
  why: "The sigmoid's slope is written σ(1 − σ) with σ = h, and then σ'(h) = σ(h)(1 − σ(h)) is " +
    "computed, the sigmoid applied twice.",
  variant: (sample, params, options = {}) => {
    mlpBackprop(sample, params, options);
    return mlp(sample, params, options, { ...MLP_RULE, slope: (df, _f, _z, h) => df(h) });
  },
  // x = 1, w1 = b1 = 0: z1 = 0, h = 1/2; w2 = 2, y = 0: z2 = 1, E = 1, delta2 = 2, dE/dh = 4;
  // the true delta1 = 4 sigma'(0) = 1, the mistake's 4 sigma(1/2)(1 - sigma(1/2)) = 0.94001
  example: {
    args: [{ x: [1], y: [0] }, { w1: [[0]], b1: [0], w2: [[2]], b2: [0] }],
    result: {
      z1: [0],
      h: [0.5],
      z2: [1],
      output: [1],
      loss: 1,
      dLdz2: [2],
      dW2: [[1]],
      db2: [2],
      dLdh: [4],
      dLdz1: [4 * sigmoid(0.5) * (1 - sigmoid(0.5))],
      dW1: [[4 * sigmoid(0.5) * (1 - sigmoid(0.5))]],
      db1: [4 * sigmoid(0.5) * (1 - sigmoid(0.5))],
    },
  },
}, {
  id: "gradient-transposed",
  name: "a weight's gradient laid out as x δᵀ, the transpose of the weight",
  why: "Written with row vectors the product is x δᵀ, which has the shape [in][out] of the " +
    "transposed weight, not the weight's [out][in].",
  variant: (sample, params, options = {}) => {
    mlpBackprop(sample, params, options);
    const outer = (delta: number[], input: number[]) => input.map((v) => delta.map((d) => d * v));
    return mlp(sample, params, options, { ...MLP_RULE, outer });
  },
  // dW2 = h delta2^T = [[1], [0]] and dW1 = x delta1^T = [[2, 0], [4, 0]]
  example: {
    args: [MLP_SAMPLE, MLP_PARAMS, MLP_RELU],
    result: mlpExample({ dW2: [[1], [0]], dW1: [[2, 0], [4, 0]] }),
  },
}, {
  id: "factor-two-missing",
  name: "δ² = ŷ − y for the squared error, the factor 2 missing",
  why: "With the textbook's (1/2) sum (y - y-hat)^2 the 2 cancels, and that output error is " +
    "used for the library's sum (y - y-hat)^2.",
  variant: (sample, params, options = {}) => {
    mlpBackprop(sample, params, options);
    const delta2 = (o: number[], y: number[]) => o.map((v, k) => v - y[k]);
    return mlp(sample, params, options, { ...MLP_RULE, delta2 });
  },
  // delta2 = 2.5 - 2 = 0.5: every gradient is half the true one
  example: {
    args: [MLP_SAMPLE, MLP_PARAMS, MLP_RELU],
    result: mlpExample({
      dLdz2: [0.5],
      dW2: [[0.5, 0]],
      db2: [0.5],
      dLdh: [1, 0.5],
      dLdz1: [1, 0],
      dW1: [[1, 2], [0, 0]],
      db1: [1, 0],
    }),
  },
}, {
  id: "sign-flipped",
  name: "the output error taken as y − ŷ (every gradient's sign flipped)",
  why: "The error is often written target minus output, and the chain rule's minus sign " +
    "from differentiating it is lost.",
  variant: (sample, params, options = {}) => {
    mlpBackprop(sample, params, options);
    const delta2 = (o: number[], y: number[], loss: "squared" | "softmax-cross-entropy") =>
      MLP_RULE.delta2(o, y, loss).map((d) => -d);
    return mlp(sample, params, options, { ...MLP_RULE, delta2 });
  },
  // every gradient negated
  example: {
    args: [MLP_SAMPLE, MLP_PARAMS, MLP_RELU],
    result: mlpExample({
      dLdz2: [-1],
      dW2: [[-1, 0]],
      db2: [-1],
      dLdh: [-2, -1],
      dLdz1: [-2, 0],
      dW1: [[-2, -4], [0, 0]],
      db1: [-2, 0],
    }),
  },
}]);
