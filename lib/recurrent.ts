/**
 * # Recurrent networks: RNN, LSTM and GRU over a sequence
 *
 * A recurrent layer reads a sequence $x_1, \dots, x_T$ one step at a time and carries a
 * hidden state $h_t$ from step to step, so that the same weights handle a sequence of any
 * length. The simplest cell (Elman's RNN, Keras's `SimpleRNN`) mixes the new input with the
 * previous state and squashes the result:
 *
 * $$ h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}) . $$
 *
 * Work it by hand with one input feature and one hidden unit: $W_{ih} = 0.5$,
 * $W_{hh} = 1$, no biases, $h_0 = 0$ and the sequence $x = (2, 0)$. The first step gives
 * $h_1 = \tanh(0.5 \cdot 2) = \tanh 1 = 0.76159$; the second step sees no new input, yet
 * $h_2 = \tanh(0.76159) = 0.64201$ still remembers the first.
 *
 * Through $T$ steps the gradient is multiplied by $\partial h_t/\partial h_{t-1} =
 * \operatorname{diag}(1 - h_t^2)\, W_{hh}$ again and again, and it vanishes or explodes. The
 * LSTM (Hochreiter and Schmidhuber, 1997) adds a cell state $c_t$ that is updated by
 * addition, gated by an input gate $i$, a forget gate $f$ and an output gate $o$, with a
 * candidate $g$; the GRU (Cho et al., 2014) does the same with two gates, reset $r$ and update
 * $z$, and no separate cell. PyTorch stores the gate weights stacked in one matrix, in the
 * order $i, f, g, o$ for the LSTM and $r, z, n$ for the GRU; this module reads them that way.
 *
 * **Counting parameters.** Each gate is a small dense layer on $x_t$ and on $h_{t-1}$. With
 * $I$ inputs, $H$ hidden units and $G$ gates ($G = 1$ for the RNN, 4 for the LSTM, 3 for the
 * GRU), PyTorch gives each gate *two* bias vectors, $b_{ih}$ and $b_{hh}$:
 *
 * $$ P_\text{PyTorch} = G\,(H I + H H + 2H) . $$
 *
 * An LSTM from 16 inputs to 32 units has $4(512 + 1024 + 64) = 6400$. Keras gives each gate one
 * bias, $G(HI + HH + H) = 6272$ for the same LSTM, except that its GRU with `reset_after=True`
 * (the default since TensorFlow 2) keeps two, like PyTorch. Forgetting the second bias when
 * reproducing PyTorch's count is a common slip.
 *
 * Each cell's backward pass sits beside it ({@linkcode rnnBackward}, {@linkcode lstmBackward},
 * {@linkcode gruBackward}): backpropagation through time walks the sequence in reverse and
 * adds up, for every weight, its contribution at every step.
 *
 * ## Summary
 *
 * - A recurrent cell applies the same weights at every step, $h_t = f(W x_t + U h_{t-1} + b)$.
 * - An LSTM adds four gates and a cell state, a GRU three gates; each gate has its own input and
 *   recurrent weights.
 * - Counted PyTorch's way a layer has two bias vectors per gate ($b_{ih}$ and $b_{hh}$), Keras's
 *   way one (GRU with reset_after: two).
 * - Backpropagation through time walks the sequence backwards and adds every step's contribution
 *   to each weight.
 *
 * @example The worked RNN: tanh(1) = 0.76159, then tanh(0.76159) = 0.64201
 * ```ts
 * import { rnn } from "./recurrent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const { output } = rnn([[2], [0]], { weightIh: [[0.5]], weightHh: [[1]] });
 * ok(Math.abs(output[0][0] - 0.76159) < 5e-6);
 * ok(Math.abs(output[1][0] - 0.64201) < 5e-6);
 * ```
 *
 * @module
 */
import { add, expectLength, expectShape, matrixOf, matVec, vectorOf } from "./_arrays.ts";
import { exactCount, guard, positiveInteger, show } from "./_validate.ts";
import { sigmoid, tanh } from "./activations.ts";
import { commonMistakes } from "./mistakes.ts";
import type { TensorLike } from "./tensor.ts";

/** The weights of one recurrent layer, as PyTorch stores them. */
export interface RecurrentWeights {
  /** $W_{ih}$, shape $[G H][I]$: the gates' input weights stacked. */
  weightIh: TensorLike;
  /** $W_{hh}$, shape $[G H][H]$: the gates' recurrent weights stacked. */
  weightHh: TensorLike;
  /**
   * $b_{ih}$, $G H$ entries.
   * @default {zeros}
   */
  biasIh?: TensorLike;
  /**
   * $b_{hh}$, $G H$ entries.
   * @default {zeros}
   */
  biasHh?: TensorLike;
  /**
   * The initial hidden state $h_0$, $H$ entries.
   * @default {zeros}
   */
  h0?: TensorLike;
}

/** Options of {@linkcode rnn}. */
export interface RnnOptions extends RecurrentWeights {
  /**
   * The squashing function (PyTorch's `nonlinearity`).
   * @default {"tanh"}
   */
  nonlinearity?: "tanh" | "relu";
}

/** Options of {@linkcode lstm}. */
export interface LstmOptions extends RecurrentWeights {
  /**
   * The initial cell state $c_0$, $H$ entries.
   * @default {zeros}
   */
  c0?: TensorLike;
}

/** What a recurrent layer returns after reading the sequence. */
export interface RecurrentResult {
  /** $h_1, \dots, h_T$, shape $[T][H]$. */
  output: number[][];
  /** The last hidden state $h_T$. */
  hN: number[];
}

/** What {@linkcode lstm} returns. */
export interface LstmResult extends RecurrentResult {
  /** The last cell state $c_T$. */
  cN: number[];
}

/** The checked weights of a layer with `gates` gates. */
interface Cell {
  xs: number[][];
  wih: number[][];
  whh: number[][];
  bih: number[];
  bhh: number[];
  h: number[];
  hidden: number;
}

function readCell(fn: string, input: TensorLike, w: RecurrentWeights, gates: number): Cell {
  const xs = matrixOf(fn, "input", input);
  if (w === null || typeof w !== "object") {
    throw new TypeError(`${fn}: options must hold weightIh and weightHh, got ${show(w)}`);
  }
  const wih = matrixOf(fn, "weightIh", w.weightIh);
  const whh = matrixOf(fn, "weightHh", w.weightHh);
  if (wih.length % gates !== 0) {
    throw new TypeError(
      `${fn}: weightIh must have ${gates}·H rows (the gates stacked), got ${wih.length}`,
    );
  }
  const hidden = wih.length / gates;
  const width = xs[0].length;
  expectShape(
    fn,
    "weightIh",
    wih,
    gates * hidden,
    width,
    "gates·H rows, one column per input feature",
  );
  expectShape(fn, "weightHh", whh, gates * hidden, hidden, "gates·H rows, H columns");
  const vec = (name: string, v: TensorLike | undefined, n: number) => {
    if (v === undefined) return new Array(n).fill(0);
    const a = vectorOf(fn, name, v);
    expectLength(fn, name, a.length, n, name.startsWith("bias") ? "gates·H" : "H");
    return a;
  };
  return {
    xs,
    wih,
    whh,
    bih: vec("biasIh", w.biasIh, gates * hidden),
    bhh: vec("biasHh", w.biasHh, gates * hidden),
    h: vec("h0", w.h0, hidden),
    hidden,
  };
}

/** Gate `k`'s slice of a stacked vector. */
function gate(v: number[], k: number, hidden: number): number[] {
  return v.slice(k * hidden, (k + 1) * hidden);
}

/**
 * An Elman RNN layer (PyTorch's `nn.RNN`, Keras's `SimpleRNN`) over one sequence:
 *
 * $$ h_t = \phi(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}), \qquad \phi = \tanh
 * \text{ or } \operatorname{ReLU} . $$
 *
 * Its gradient, by backpropagation through time, is {@linkcode rnnBackward}; the factor it
 * multiplies in at each step is {@linkcode rnnStepJacobian}.
 *
 * @param input The sequence, shape $[T][I]$.
 * @param options The weights (see {@linkcode RecurrentWeights}), $h_0$ and the nonlinearity.
 * @returns Every hidden state and the last one.
 * @throws {TypeError} If the input is not a matrix or a weight's shape does not match the
 *   input's width and the hidden size.
 * @throws {RangeError} If an entry is not finite.
 *
 * @example One unit remembering an input: 0.76159, then 0.64201
 * ```ts
 * import { rnn } from "./recurrent.ts";
 * import { ok, throws } from "node:assert/strict";
 *
 * const run = rnn([[2], [0]], { weightIh: [[0.5]], weightHh: [[1]] });
 * ok(Math.abs(run.hN[0] - Math.tanh(Math.tanh(1))) < 1e-15);
 * throws(
 *   () => rnn([[2, 1]], { weightIh: [[0.5]], weightHh: [[1]] }),
 *   /rnn: weightIh must have shape \[1\]\[2\]/,
 * );
 * ```
 */
export function rnn(input: TensorLike, options: RnnOptions): RecurrentResult {
  return guard("rnn", () => {
    const fn = "rnn";
    const c = readCell(fn, input, options, 1);
    const phi = (options.nonlinearity ?? "tanh") === "tanh" ? tanh : (z: number) => Math.max(0, z);
    if (options.nonlinearity !== undefined && !["tanh", "relu"].includes(options.nonlinearity)) {
      throw new TypeError(
        `${fn}: nonlinearity must be "tanh" or "relu", got ${show(options.nonlinearity)}`,
      );
    }
    let h = c.h;
    const output = c.xs.map((x) => {
      h = add(matVec(c.wih, x), c.bih, matVec(c.whh, h), c.bhh).map(phi);
      return h;
    });
    return { output, hN: h };
  });
}

/**
 * The Jacobian of one tanh RNN step with respect to the previous state, the factor
 * backpropagation through time multiplies in once per step:
 *
 * $$ \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}(1 - h_t^2)\, W_{hh}, $$
 *
 * where $h_t$ is `hidden` (the state the step produced) and $W_{hh}$ is `weightHh`.
 *
 * @param hidden The new state $h_t$, $H$ entries.
 * @param weightHh $W_{hh}$, shape $[H][H]$.
 * @returns The $H \times H$ Jacobian, row $i$ holding $\partial h_{t,i}/\partial h_{t-1,j}$.
 * @throws {TypeError} If the shapes do not match.
 * @throws {RangeError} If an entry is not finite.
 *
 * @example The worked RNN's second step: 1 - 0.64201² = 0.58782
 * ```ts
 * import { rnnStepJacobian } from "./recurrent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const h2 = Math.tanh(Math.tanh(1));
 * const J = rnnStepJacobian([h2], [[1]]);
 * ok(Math.abs(J[0][0] - 0.58782) < 5e-6);
 * ```
 */
export function rnnStepJacobian(hidden: TensorLike, weightHh: TensorLike): number[][] {
  const fn = "rnnStepJacobian";
  const h = vectorOf(fn, "hidden", hidden);
  const w = matrixOf(fn, "weightHh", weightHh);
  expectShape(fn, "weightHh", w, h.length, h.length, "H×H for the H entries of hidden");
  return w.map((row, i) => row.map((wij) => (1 - h[i] * h[i]) * wij));
}

/** Options of {@linkcode rnnBackward}: the forward pass's weights and the upstream gradient. */
export interface RnnBackwardOptions extends RnnOptions {
  /** $\partial E/\partial h_t$ for every step, shape $[T][H]$ (the gradient of `output`). */
  upstream: TensorLike;
}

/** The gradients {@linkcode rnnBackward}, {@linkcode lstmBackward} and {@linkcode gruBackward} return. */
export interface RecurrentGradients {
  /** $\partial E/\partial x_t$, shape $[T][I]$. */
  input: number[][];
  /** $\partial E/\partial W_{ih}$. */
  weightIh: number[][];
  /** $\partial E/\partial W_{hh}$. */
  weightHh: number[][];
  /** $\partial E/\partial b_{ih}$. */
  biasIh: number[];
  /** $\partial E/\partial b_{hh}$ (equal to the one of $b_{ih}$: both enter the sum alike). */
  biasHh: number[];
  /** $\partial E/\partial h_0$. */
  h0: number[];
}

/**
 * Backpropagation through time for {@linkcode rnn}: walking the sequence backwards, the
 * gradient reaching $h_t$ is the upstream one plus what flows back from step $t + 1$,
 *
 * $$ \delta_t = \Big(g_t + W_{hh}^\top \delta_{t+1}\Big) \odot \phi'(a_t), \qquad
 * \frac{\partial E}{\partial W_{ih}} = \sum_t \delta_t x_t^\top, \quad
 * \frac{\partial E}{\partial W_{hh}} = \sum_t \delta_t h_{t-1}^\top, \quad
 * \frac{\partial E}{\partial b} = \sum_t \delta_t , $$
 *
 * with $\phi'(a_t) = 1 - h_t^2$ for tanh (and $[h_t > 0]$ for ReLU), $\partial E/\partial x_t =
 * W_{ih}^\top \delta_t$ and $\partial E/\partial h_0 = W_{hh}^\top \delta_1$. Each step back
 * multiplies by {@linkcode rnnStepJacobian}'s transpose, which is why the gradient of an early
 * input vanishes or explodes over a long sequence.
 *
 * @param input The sequence, shape $[T][I]$.
 * @param options The forward pass's weights, $h_0$ and nonlinearity, and `upstream`.
 * @returns The gradients of the input, the weights, both biases and $h_0$.
 * @throws {TypeError} If a shape does not match (`upstream` must be $[T][H]$).
 * @throws {RangeError} If an entry is not finite.
 *
 * @example The worked RNN: the gradient of h₂ reaches x₁ through tanh twice
 * ```ts
 * import { rnnBackward } from "./recurrent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const h1 = Math.tanh(1), h2 = Math.tanh(h1);
 * const g = rnnBackward([[2], [0]], { weightIh: [[0.5]], weightHh: [[1]], upstream: [[0], [1]] });
 * // ∂h₂/∂x₁ = (1 - h₂²)·1·(1 - h₁²)·0.5 = 0.58782 · 0.41997 · 0.5
 * ok(Math.abs(g.input[0][0] - (1 - h2 * h2) * (1 - h1 * h1) * 0.5) < 1e-15);
 * ok(Math.abs(g.input[0][0] - 0.12343) < 5e-6);
 * ```
 */
export function rnnBackward(input: TensorLike, options: RnnBackwardOptions): RecurrentGradients {
  return guard("rnnBackward", () => {
    const fn = "rnnBackward";
    const c = readCell(fn, input, options, 1);
    const up = matrixOf(fn, "upstream", options.upstream);
    expectShape(fn, "upstream", up, c.xs.length, c.hidden, "one row per step, H columns");
    const relu = options.nonlinearity === "relu";
    const { output } = rnn(input, options);
    const I = c.xs[0].length, H = c.hidden;
    const dWih = Array.from({ length: H }, () => new Array(I).fill(0));
    const dWhh = Array.from({ length: H }, () => new Array(H).fill(0));
    const db = new Array(H).fill(0);
    const dx: number[][] = new Array(c.xs.length);
    let carry = new Array(H).fill(0);
    for (let t = c.xs.length - 1; t >= 0; t--) {
      const h = output[t];
      const prev = t === 0 ? c.h : output[t - 1];
      const delta = h.map((hj, j) =>
        (up[t][j] + carry[j]) * (relu ? (hj > 0 ? 1 : 0) : 1 - hj * hj)
      );
      for (let j = 0; j < H; j++) {
        db[j] += delta[j];
        for (let i = 0; i < I; i++) dWih[j][i] += delta[j] * c.xs[t][i];
        for (let i = 0; i < H; i++) dWhh[j][i] += delta[j] * prev[i];
      }
      dx[t] = c.xs[t].map((_, i) => delta.reduce((s, d, j) => s + d * c.wih[j][i], 0));
      carry = prev.map((_, i) => delta.reduce((s, d, j) => s + d * c.whh[j][i], 0));
    }
    return { input: dx, weightIh: dWih, weightHh: dWhh, biasIh: db, biasHh: [...db], h0: carry };
  });
}

/**
 * An LSTM layer (PyTorch's `nn.LSTM`, one layer, one direction) over one sequence. With
 * $a = W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}$ split into four blocks of $H$ in the
 * order $i, f, g, o$:
 *
 * $$ i = \sigma(a_i),\; f = \sigma(a_f),\; g = \tanh(a_g),\; o = \sigma(a_o), \qquad
 * c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t) . $$
 *
 * @param input The sequence, shape $[T][I]$.
 * @param options The stacked weights ($4H$ rows), $h_0$ and $c_0$.
 * @returns Every hidden state, the last hidden state and the last cell state.
 * @throws {TypeError} If a shape does not match the input's width and the hidden size.
 * @throws {RangeError} If an entry is not finite.
 *
 * @example Zero weights and a candidate bias of 1: c = 0.5·tanh(1) = 0.38080
 * ```ts
 * import { lstm } from "./recurrent.ts";
 * import { ok } from "node:assert/strict";
 *
 * // weights 0 and a bias of 1 on the candidate g only: i = f = o = 0.5, g = tanh(1)
 * const run = lstm([[0]], {
 *   weightIh: [[0], [0], [0], [0]],
 *   weightHh: [[0], [0], [0], [0]],
 *   biasIh: [0, 0, 1, 0],
 * });
 * const c = 0.5 * Math.tanh(1);
 * ok(Math.abs(c - 0.38080) < 5e-6);
 * ok(Math.abs(run.cN[0] - c) < 1e-15);
 * ok(Math.abs(run.hN[0] - 0.5 * Math.tanh(c)) < 1e-15);
 * ```
 */
export function lstm(input: TensorLike, options: LstmOptions): LstmResult {
  return guard("lstm", () => {
    const fn = "lstm";
    const k = readCell(fn, input, options, 4);
    let c = new Array(k.hidden).fill(0);
    if (options.c0 !== undefined) {
      c = vectorOf(fn, "c0", options.c0);
      expectLength(fn, "c0", c.length, k.hidden, "H");
    }
    let h = k.h;
    const output = k.xs.map((x) => {
      const a = add(matVec(k.wih, x), k.bih, matVec(k.whh, h), k.bhh);
      const i = gate(a, 0, k.hidden).map(sigmoid);
      const f = gate(a, 1, k.hidden).map(sigmoid);
      const g = gate(a, 2, k.hidden).map(tanh);
      const o = gate(a, 3, k.hidden).map(sigmoid);
      c = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      h = c.map((cj, j) => o[j] * tanh(cj));
      return h;
    });
    return { output, hN: h, cN: c };
  });
}

/**
 * A GRU layer (PyTorch's `nn.GRU`, which is Keras's `GRU` with `reset_after=True`) over one
 * sequence. With the blocks $r, z, n$ of the stacked weights:
 *
 * $$ r = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}), \qquad
 * z = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}), $$
 * $$ n = \tanh\big(W_{in} x_t + b_{in} + r \odot (W_{hn} h_{t-1} + b_{hn})\big), \qquad
 * h_t = (1 - z) \odot n + z \odot h_{t-1} . $$
 *
 * The reset gate multiplies $W_{hn} h_{t-1} + b_{hn}$ *after* the matrix product, which is
 * why $b_{hn}$ cannot be merged into $b_{in}$ and the layer keeps two bias vectors.
 *
 * @param input The sequence, shape $[T][I]$.
 * @param options The stacked weights ($3H$ rows) and $h_0$.
 * @returns Every hidden state and the last one.
 * @throws {TypeError} If a shape does not match the input's width and the hidden size.
 * @throws {RangeError} If an entry is not finite.
 *
 * @example Zero weights: z = 0.5, n = 0, so each step halves the state
 * ```ts
 * import { gru } from "./recurrent.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const zero = [[0], [0], [0]];
 * const run = gru([[1], [1]], { weightIh: zero, weightHh: zero, h0: [0.8] });
 * deepStrictEqual(run.output, [[0.4], [0.2]]);
 * ```
 */
export function gru(input: TensorLike, options: RecurrentWeights): RecurrentResult {
  return guard("gru", () => {
    const fn = "gru";
    const k = readCell(fn, input, options, 3);
    let h = k.h;
    const output = k.xs.map((x) => {
      const gi = add(matVec(k.wih, x), k.bih);
      const gh = add(matVec(k.whh, h), k.bhh);
      const r = add(gate(gi, 0, k.hidden), gate(gh, 0, k.hidden)).map(sigmoid);
      const z = add(gate(gi, 1, k.hidden), gate(gh, 1, k.hidden)).map(sigmoid);
      const hn = gate(gh, 2, k.hidden);
      const n = gate(gi, 2, k.hidden).map((v, j) => tanh(v + r[j] * hn[j]));
      const prev = h;
      h = n.map((nj, j) => (1 - z[j]) * nj + z[j] * prev[j]);
      return h;
    });
    return { output, hN: h };
  });
}

/** Zero gradients of a layer's weights, to accumulate over the steps. */
function zeroGradients(c: Cell) {
  const rows = c.wih.length, I = c.xs[0].length, H = c.hidden;
  return {
    dWih: Array.from({ length: rows }, () => new Array(I).fill(0)),
    dWhh: Array.from({ length: rows }, () => new Array(H).fill(0)),
    dbih: new Array(rows).fill(0),
    dbhh: new Array(rows).fill(0),
  };
}

/** Adds $\delta x^\top$ to `dw` and $\delta$ to `db`. */
function accumulate(dw: number[][], db: number[], delta: number[], x: number[]): void {
  delta.forEach((d, j) => {
    db[j] += d;
    x.forEach((xi, i) => dw[j][i] += d * xi);
  });
}

/** $W^\top \delta$. */
function transposeTimes(w: number[][], delta: number[]): number[] {
  return w[0].map((_, i) => delta.reduce((s, d, j) => s + d * w[j][i], 0));
}

function readUpstream(fn: string, value: TensorLike, c: Cell): number[][] {
  const up = matrixOf(fn, "upstream", value);
  expectShape(fn, "upstream", up, c.xs.length, c.hidden, "one row per step, H columns");
  return up;
}

/** Options of {@linkcode lstmBackward}. */
export interface LstmBackwardOptions extends LstmOptions {
  /** $\partial E/\partial h_t$ for every step, shape $[T][H]$ (the gradient of `output`). */
  upstream: TensorLike;
}

/** The gradients {@linkcode lstmBackward} returns. */
export interface LstmGradients extends RecurrentGradients {
  /** $\partial E/\partial c_0$. */
  c0: number[];
}

/**
 * Backpropagation through time for {@linkcode lstm}. At each step, walking backwards, the
 * gradients reaching $h_t$ and $c_t$ are split among the gates:
 *
 * $$ \bar c = \bar c_{t+1} + \bar h \odot o \odot (1 - \tanh^2 c_t), \quad
 * \bar o = \bar h \odot \tanh c_t, \quad \bar i = \bar c \odot g, \quad
 * \bar g = \bar c \odot i, \quad \bar f = \bar c \odot c_{t-1}, $$
 *
 * then through the gate functions ($\sigma' = \sigma(1-\sigma)$, $\tanh' = 1 - \tanh^2$) to
 * the stacked pre-activation $a$, whose gradient $\delta$ gives $\partial E/\partial W_{ih} =
 * \sum_t \delta_t x_t^\top$, $\partial E/\partial W_{hh} = \sum_t \delta_t h_{t-1}^\top$, the
 * biases $\sum_t \delta_t$, and passes $W_{hh}^\top\delta_t$ to $h_{t-1}$ and $\bar c \odot f$
 * to $c_{t-1}$. The cell path $\bar c \odot f$ has no weight matrix in it, which is how the
 * LSTM keeps gradients alive over long sequences.
 *
 * @param input The sequence, shape $[T][I]$.
 * @param options The forward pass's weights and states, and `upstream`.
 * @returns The gradients of the input, the weights, both biases, $h_0$ and $c_0$.
 * @throws {TypeError} If a shape does not match (`upstream` must be $[T][H]$).
 * @throws {RangeError} If an entry is not finite.
 *
 * @example Zero weights, candidate bias 1: the output gate's bias gets tanh(c)·o(1 - o)
 * ```ts
 * import { lstmBackward } from "./recurrent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const zero = [[0], [0], [0], [0]];
 * const g = lstmBackward([[0]], { weightIh: zero, weightHh: zero, biasIh: [0, 0, 1, 0], upstream: [[1]] });
 * const c = 0.5 * Math.tanh(1); // 0.38080
 * ok(Math.abs(g.biasIh[3] - Math.tanh(c) * 0.25) < 1e-15);
 * ok(Math.abs(g.biasIh[3] - 0.09085) < 5e-6);
 * ```
 */
export function lstmBackward(input: TensorLike, options: LstmBackwardOptions): LstmGradients {
  return guard("lstmBackward", () => {
    const fn = "lstmBackward";
    const k = readCell(fn, input, options, 4);
    const up = readUpstream(fn, options.upstream, k);
    const H = k.hidden;
    let c = new Array(H).fill(0);
    if (options.c0 !== undefined) {
      c = vectorOf(fn, "c0", options.c0);
      expectLength(fn, "c0", c.length, H, "H");
    }
    // forward, keeping each step's gates and states
    const steps: {
      i: number[];
      f: number[];
      g: number[];
      o: number[];
      c: number[];
      cPrev: number[];
      hPrev: number[];
    }[] = [];
    let h = k.h;
    for (const x of k.xs) {
      const a = add(matVec(k.wih, x), k.bih, matVec(k.whh, h), k.bhh);
      const i = gate(a, 0, H).map(sigmoid), f = gate(a, 1, H).map(sigmoid);
      const g = gate(a, 2, H).map(tanh), o = gate(a, 3, H).map(sigmoid);
      const cNew = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      steps.push({ i, f, g, o, c: cNew, cPrev: c, hPrev: h });
      c = cNew;
      h = cNew.map((cj, j) => o[j] * tanh(cj));
    }
    const { dWih, dWhh, dbih, dbhh } = zeroGradients(k);
    const dx: number[][] = new Array(k.xs.length);
    let dhNext = new Array(H).fill(0), dcNext = new Array(H).fill(0);
    for (let t = k.xs.length - 1; t >= 0; t--) {
      const s = steps[t];
      const dh = up[t].map((u, j) => u + dhNext[j]);
      const tc = s.c.map(tanh);
      const dc = dcNext.map((d, j) => d + dh[j] * s.o[j] * (1 - tc[j] * tc[j]));
      const delta = [
        ...dc.map((d, j) => d * s.g[j] * s.i[j] * (1 - s.i[j])),
        ...dc.map((d, j) => d * s.cPrev[j] * s.f[j] * (1 - s.f[j])),
        ...dc.map((d, j) => d * s.i[j] * (1 - s.g[j] * s.g[j])),
        ...dh.map((d, j) => d * tc[j] * s.o[j] * (1 - s.o[j])),
      ];
      accumulate(dWih, dbih, delta, k.xs[t]);
      accumulate(dWhh, dbhh, delta, s.hPrev);
      dx[t] = transposeTimes(k.wih, delta);
      dhNext = transposeTimes(k.whh, delta);
      dcNext = dc.map((d, j) => d * s.f[j]);
    }
    return {
      input: dx,
      weightIh: dWih,
      weightHh: dWhh,
      biasIh: dbih,
      biasHh: dbhh,
      h0: dhNext,
      c0: dcNext,
    };
  });
}

/** Options of {@linkcode gruBackward}. */
export interface GruBackwardOptions extends RecurrentWeights {
  /** $\partial E/\partial h_t$ for every step, shape $[T][H]$ (the gradient of `output`). */
  upstream: TensorLike;
}

/**
 * Backpropagation through time for {@linkcode gru}. With $\bar h$ the gradient reaching
 * $h_t$ (upstream plus what step $t + 1$ sends back):
 *
 * $$ \bar n = \bar h \odot (1 - z), \quad \bar z = \bar h \odot (h_{t-1} - n), \quad
 * \bar a_n = \bar n \odot (1 - n^2), \quad \bar r = \bar a_n \odot (W_{hn} h_{t-1} + b_{hn}), $$
 *
 * then $\bar a_r = \bar r\, r(1-r)$ and $\bar a_z = \bar z\, z(1-z)$. The input side receives
 * $(\bar a_r, \bar a_z, \bar a_n)$; the recurrent side $(\bar a_r, \bar a_z, \bar a_n \odot r)$,
 * since the reset gate multiplies $W_{hn}h_{t-1} + b_{hn}$. $h_{t-1}$ gets $\bar h \odot z$ plus
 * $W_{hh}^\top$ times the recurrent side.
 *
 * @param input The sequence, shape $[T][I]$.
 * @param options The forward pass's weights and $h_0$, and `upstream`.
 * @returns The gradients of the input, the weights, both biases and $h_0$.
 * @throws {TypeError} If a shape does not match (`upstream` must be $[T][H]$).
 * @throws {RangeError} If an entry is not finite.
 *
 * @example Zero weights: h₁ = h₀/2, so the gradient of h₀ is half the upstream one
 * ```ts
 * import { gruBackward } from "./recurrent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const zero = [[0], [0], [0]];
 * const g = gruBackward([[1]], { weightIh: zero, weightHh: zero, h0: [0.8], upstream: [[1]] });
 * ok(Math.abs(g.h0[0] - 0.5) < 1e-15);
 * // z's bias: (h0 - n)·z(1 - z) = 0.8 · 0.25
 * ok(Math.abs(g.biasIh[1] - 0.2) < 1e-15);
 * ```
 */
export function gruBackward(input: TensorLike, options: GruBackwardOptions): RecurrentGradients {
  return guard("gruBackward", () => {
    const fn = "gruBackward";
    const k = readCell(fn, input, options, 3);
    const up = readUpstream(fn, options.upstream, k);
    const H = k.hidden;
    const steps: { r: number[]; z: number[]; n: number[]; hn: number[]; hPrev: number[] }[] = [];
    let h = k.h;
    for (const x of k.xs) {
      const gi = add(matVec(k.wih, x), k.bih);
      const gh = add(matVec(k.whh, h), k.bhh);
      const r = add(gate(gi, 0, H), gate(gh, 0, H)).map(sigmoid);
      const z = add(gate(gi, 1, H), gate(gh, 1, H)).map(sigmoid);
      const hn = gate(gh, 2, H);
      const n = gate(gi, 2, H).map((v, j) => tanh(v + r[j] * hn[j]));
      steps.push({ r, z, n, hn, hPrev: h });
      const prev = h;
      h = n.map((nj, j) => (1 - z[j]) * nj + z[j] * prev[j]);
    }
    const { dWih, dWhh, dbih, dbhh } = zeroGradients(k);
    const dx: number[][] = new Array(k.xs.length);
    let dhNext = new Array(H).fill(0);
    for (let t = k.xs.length - 1; t >= 0; t--) {
      const s = steps[t];
      const dh = up[t].map((u, j) => u + dhNext[j]);
      const dan = dh.map((d, j) => d * (1 - s.z[j]) * (1 - s.n[j] * s.n[j]));
      const dar = dan.map((d, j) => d * s.hn[j] * s.r[j] * (1 - s.r[j]));
      const daz = dh.map((d, j) => d * (s.hPrev[j] - s.n[j]) * s.z[j] * (1 - s.z[j]));
      const inputSide = [...dar, ...daz, ...dan];
      const hiddenSide = [...dar, ...daz, ...dan.map((d, j) => d * s.r[j])];
      accumulate(dWih, dbih, inputSide, k.xs[t]);
      accumulate(dWhh, dbhh, hiddenSide, s.hPrev);
      dx[t] = transposeTimes(k.wih, inputSide);
      const back = transposeTimes(k.whh, hiddenSide);
      dhNext = dh.map((d, j) => d * s.z[j] + back[j]);
    }
    return { input: dx, weightIh: dWih, weightHh: dWhh, biasIh: dbih, biasHh: dbhh, h0: dhNext };
  });
}

/** Options of {@linkcode recurrentParameterCount}. */
export interface RecurrentParameterOptions {
  /** The cell: `"rnn"` (SimpleRNN), `"lstm"` or `"gru"`. */
  cell: "rnn" | "lstm" | "gru";
  /** Input features $I$; a positive integer. */
  inputSize: number;
  /** Hidden units $H$; a positive integer. */
  hiddenSize: number;
  /**
   * `"pytorch"`: two bias vectors per gate. `"keras"`: one, except a GRU with `resetAfter`.
   * @default {"pytorch"}
   */
  convention?: "pytorch" | "keras";
  /**
   * Keras's GRU `reset_after` (ignored otherwise): `true` keeps a second bias.
   * @default {true}
   */
  resetAfter?: boolean;
  /**
   * Stacked layers (PyTorch's `num_layers`); layer 2 onwards reads the $H$ (or $2H$) outputs
   * of the layer below.
   * @default {1}
   */
  numLayers?: number;
  /**
   * Two directions per layer, each with its own weights.
   * @default {false}
   */
  bidirectional?: boolean;
}

const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

/**
 * The trainable parameters of a recurrent layer. With $G$ gates (1, 4, 3 for the RNN, LSTM,
 * GRU), $I$ inputs, $H$ units and $B$ bias vectors per gate,
 *
 * $$ P = G\,(H I + H H + B H), $$
 *
 * where $B = 2$ in PyTorch (and for Keras's GRU with `reset_after=True`) and $B = 1$ in Keras
 * otherwise. Stacked layers add the same with $I$ replaced by $H$ (times 2 when
 * bidirectional); a bidirectional layer counts twice.
 *
 * @param options The cell, sizes, convention and stacking.
 * @returns The parameter count.
 * @throws {TypeError} If `cell` or `convention` is unknown.
 * @throws {RangeError} If a size is not a positive integer.
 *
 * @example PyTorch's RNN(16, 32), LSTM(16, 32), GRU(16, 32): 1600, 6400, 4800
 * ```ts
 * import { recurrentParameterCount } from "./recurrent.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const sizes = { inputSize: 16, hiddenSize: 32 };
 * strictEqual(recurrentParameterCount({ cell: "rnn", ...sizes }), 1600);
 * strictEqual(recurrentParameterCount({ cell: "lstm", ...sizes }), 6400);
 * strictEqual(recurrentParameterCount({ cell: "gru", ...sizes }), 4800);
 * // Keras: one bias per gate, 4·(512 + 1024 + 32)
 * strictEqual(recurrentParameterCount({ cell: "lstm", ...sizes, convention: "keras" }), 6272);
 * strictEqual(
 *   recurrentParameterCount({ cell: "gru", ...sizes, convention: "keras", resetAfter: false }),
 *   4704,
 * );
 * // LSTM(10, 20, num_layers=2): 2560 + 3360
 * strictEqual(
 *   recurrentParameterCount({ cell: "lstm", inputSize: 10, hiddenSize: 20, numLayers: 2 }),
 *   5920,
 * );
 * ```
 */
export function recurrentParameterCount(options: RecurrentParameterOptions): number {
  return guard("recurrentParameterCount", () => {
    const fn = "recurrentParameterCount";
    const g = GATES[options.cell];
    if (g === undefined) {
      throw new TypeError(`${fn}: cell must be "rnn", "lstm" or "gru", got ${show(options.cell)}`);
    }
    const convention = options.convention ?? "pytorch";
    if (convention !== "pytorch" && convention !== "keras") {
      throw new TypeError(
        `${fn}: convention must be "pytorch" or "keras", got ${show(options.convention)}`,
      );
    }
    const input = positiveInteger(fn, "inputSize", options.inputSize);
    const h = positiveInteger(fn, "hiddenSize", options.hiddenSize);
    const layers = positiveInteger(fn, "numLayers", options.numLayers ?? 1);
    const directions = options.bidirectional ? 2 : 1;
    const biases =
      convention === "pytorch" || (options.cell === "gru" && (options.resetAfter ?? true)) ? 2 : 1;
    let total = 0;
    for (let l = 0; l < layers; l++) {
      const width = l === 0 ? input : h * directions;
      total += directions * g * (h * width + h * h + biases * h);
    }
    // every term is positive, so an exact total means every product was exact too
    return exactCount(fn, "the parameter count", total);
  });
}

commonMistakes(recurrentParameterCount, [{
  id: "one-bias-in-pytorch",
  name: "one bias vector per gate (Keras's convention) where PyTorch keeps two",
  why: "A dense layer has one bias, and Keras's LSTM has one, while PyTorch keeps b_ih and " +
    "b_hh separately, so both counts are right for their own framework.",
  kind: "depends",
  variant: (options) =>
    recurrentParameterCount({ ...options, convention: "keras", resetAfter: false }),
  example: {
    args: [{ cell: "lstm", inputSize: 16, hiddenSize: 32 }],
    result: 6272,
  },
}, {
  id: "gates-forgotten",
  name: "the gates forgotten: an LSTM counted like a single RNN cell",
  why:
    "The formula h = tanh(Wx + Uh + b) is learned first, and the four gates each have their own W, U and b.",
  variant: (options) => recurrentParameterCount({ ...options, cell: "rnn" }),
  example: { args: [{ cell: "lstm", inputSize: 16, hiddenSize: 32 }], result: 1600 },
}, {
  id: "recurrent-weights-forgotten",
  name: "the hidden-to-hidden weights U forgotten, as in a dense layer",
  why: "A recurrent cell is pictured as a dense layer from x to h, and the square matrix that " +
    "feeds h back into each gate is left out.",
  variant: (options) => {
    const total = recurrentParameterCount(options); // the checks and the count
    const h = options.hiddenSize, g = { rnn: 1, lstm: 4, gru: 3 }[options.cell];
    const layers = options.numLayers ?? 1, directions = options.bidirectional ? 2 : 1;
    return total - layers * directions * g * h * h;
  },
  // LSTM 16 -> 32: 6400 - 4 * 32 * 32 = 2304, where PyTorch counts 6400
  example: { args: [{ cell: "lstm", inputSize: 16, hiddenSize: 32 }], result: 2304 },
}]);
