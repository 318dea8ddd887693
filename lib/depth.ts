/**
 * # Depth and vanishing gradients: plain, residual, and auxiliary losses
 *
 * Question 4(d) of the worked solution sheet says that very deep networks suffer from
 * vanishing gradients, that GoogLeNet counters it by injecting the loss at intermediate
 * layers (auxiliary classifiers), and ResNet by skip connections. This module measures
 * all three on the simplest deep network: a chain of $L$ sigmoid layers of width $n$,
 *
 * $$\text{plain:} \quad h_{l} = \sigma(W_l h_{l-1}), \qquad
 *   \text{residual:} \quad h_{l} = h_{l-1} + \sigma(W_l h_{l-1}),$$
 *
 * for $l = 1, \dots, L$, starting from $h_0 = x$, with the objective
 * $J = \sum_j (h_L)_j$, the sum of the final activations (the same as the PyTorch
 * reference). The auxiliary variant is the plain chain with the loss injected again at a
 * middle layer $m$: $J = \sum_j (h_L)_j + \lambda \sum_j (h_m)_j$.
 *
 * **Backpropagation.** Write $z_l = W_l h_{l-1}$ and $g_l = \partial J / \partial h_l$,
 * starting from $g_L = \mathbf{1}$. Each layer multiplies by the sigmoid's slope:
 *
 * $$\delta_l = g_l \odot \sigma'(z_l), \qquad
 *   \frac{\partial J}{\partial W_l} = \delta_l \, h_{l-1}^{\top}, \qquad
 *   g_{l-1} = W_l^{\top} \delta_l \;\; (\text{plain}), \quad
 *   g_{l-1} = g_l + W_l^{\top} \delta_l \;\; (\text{residual}).$$
 *
 * In the plain chain $g$ is multiplied at every layer by $\sigma' \le 1/4$ and by a weight
 * matrix; with weights of order one, each layer shrinks the gradient by a factor of
 * about $1/4$ or less, so the first layer's gradient is roughly $4^{-L}$ times the last's.
 * The residual chain adds the identity path $g_l$ to $g_{l-1}$: the gradient reaches the
 * first layer undiminished by the product. The auxiliary loss adds $\lambda \mathbf{1}$ to
 * $g_m$, so layers below $m$ see a gradient that has passed through only $m$ layers
 * instead of $L$.
 *
 * The reported number per layer is the Frobenius norm
 * $\lVert \partial J / \partial W_l \rVert_F = \sqrt{\sum_{ij} (\partial J / \partial W_{l,ij})^2}$.
 *
 * ## Summary
 *
 * - In a chain of sigmoid layers every layer multiplies the gradient by a slope of at most
 *   $1/4$ and a weight.
 * - The first layer's gradient then shrinks roughly like $4^{-L}$ with depth $L$: it
 *   vanishes.
 * - A residual connection adds an identity path that carries the gradient past the product.
 * - An auxiliary loss injects gradient at a middle layer, so the lower layers see a shorter
 *   chain.
 *
 * @example A 12-layer plain chain loses orders of magnitude; the residual chain does not
 * ```ts
 * import { deepSigmoidChain, randomChainWeights } from "./depth.ts";
 * import { ok } from "node:assert/strict";
 *
 * const weights = randomChainWeights(12, 3, { seed: 1 });
 * const x = [0.5, -0.25, 0.75];
 * const plain = deepSigmoidChain(x, weights).gradNorms;
 * const residual = deepSigmoidChain(x, weights, { architecture: "residual" }).gradNorms;
 * ok(plain[0] < 1e-5 * plain[11]);
 * ok(residual[0] > 1e-2 * residual[11]);
 * ```
 *
 * @module
 */

import {
  entries,
  finiteNumber,
  finiteResult,
  guard,
  integer,
  options as readOptions,
  positiveInteger,
  show,
} from "./_validate.ts";
import { sigmoid, sigmoidDerivative } from "./activations.ts";
import { mulberry32, uniform } from "./random.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";

/** How the layers of the chain are connected (see the module overview). */
export type ChainArchitecture = "plain" | "residual" | "auxiliary";

/** Options of {@linkcode deepSigmoidChain}. */
export interface DeepChainOptions {
  /**
   * `"plain"`: $h_l = \sigma(W_l h_{l-1})$; `"residual"`: $h_l = h_{l-1} + \sigma(W_l h_{l-1})$;
   * `"auxiliary"`: plain, with $\lambda \sum_j (h_m)_j$ added to the objective.
   * @default {"plain"}
   */
  architecture?: ChainArchitecture;
  /**
   * For `"auxiliary"`: the layer $m$ whose output also enters the objective, an integer in
   * $[1, L]$. The default is the middle layer $\lfloor L/2 \rfloor$ (at least 1).
   * @default {Math.max(1, Math.floor(L / 2))}
   */
  auxiliaryLayer?: number;
  /**
   * For `"auxiliary"`: the weight $\lambda$ of the injected loss, a finite number.
   * GoogLeNet used 0.3 for each of its auxiliary classifiers.
   * @default {1}
   */
  auxiliaryWeight?: number;
}

/** Everything {@linkcode deepSigmoidChain} computes, forward and backward. */
export interface DeepChainResult {
  /** The architecture used. */
  architecture: ChainArchitecture;
  /** $h_0 = x, h_1, \dots, h_L$: the input and each layer's output ($L + 1$ vectors). */
  activations: Float64Array[];
  /** $z_1, \dots, z_L$ with $z_l = W_l h_{l-1}$ ($L$ vectors; index $l - 1$ holds $z_l$). */
  preActivations: Float64Array[];
  /** The objective $J$ (including the auxiliary term for `"auxiliary"`). */
  objective: number;
  /** $g_0, \dots, g_L$ with $g_l = \partial J / \partial h_l$; $g_L = \mathbf{1}$. */
  upstream: Float64Array[];
  /** $\delta_1, \dots, \delta_L$ with $\delta_l = g_l \odot \sigma'(z_l) = \partial J / \partial z_l$. */
  deltas: Float64Array[];
  /** $\partial J / \partial W_l = \delta_l h_{l-1}^\top$ for $l = 1, \dots, L$, each $n \times n$. */
  gradients: Tensor[];
  /** $\lVert \partial J / \partial W_l \rVert_F$ for $l = 1, \dots, L$ (first layer first). */
  gradNorms: number[];
}

/**
 * Runs a deep sigmoid chain forward and backward and returns each layer's weight gradient
 * and its Frobenius norm.
 *
 * $$h_l = \sigma(W_l h_{l-1}) \ \text{or} \ h_{l-1} + \sigma(W_l h_{l-1}), \qquad
 *   J = \sum_j (h_L)_j \,\bigl[+ \lambda \textstyle\sum_j (h_m)_j\bigr], \qquad
 *   \frac{\partial J}{\partial W_l} = \bigl(g_l \odot \sigma'(z_l)\bigr) h_{l-1}^\top$$
 *
 * where $x = h_0$ is `x`, $W_l$ is `weights[l - 1]`, and $m$, $\lambda$ are
 * `options.auxiliaryLayer`, `options.auxiliaryWeight`.
 *
 * @param x The input $h_0$: a vector of length $n \ge 1$, finite.
 * @param weights The matrices $W_1, \dots, W_L$: shape $[L][n][n]$ with $L \ge 1$, finite.
 * @param options The architecture, and for `"auxiliary"` the layer and weight of the
 *   injected loss.
 * @returns The forward values, the named backward factors, the gradients and their norms.
 * @throws {TypeError} If `x` is not a vector, `weights` is not $[L][n][n]$ with the same
 *   $n$ as `x`, or the architecture is unknown.
 * @throws {RangeError} If an entry is not finite, `auxiliaryLayer` is not an integer in
 *   $[1, L]$, `auxiliaryWeight` is not finite, or a pre-activation, the objective, a
 *   gradient or an upstream gradient leaves float64 (the message names it and its layer).
 *
 * @example One layer of width one, by hand
 * ```ts
 * import { deepSigmoidChain } from "./depth.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * // z = 0 * 2 = 0, h = sigma(0) = 1/2, J = 1/2; dJ/dW = sigma'(0) * x = 1/4 * 2 = 1/2.
 * const r = deepSigmoidChain([2], [[[0]]]);
 * strictEqual(r.objective, 0.5);
 * strictEqual(r.gradNorms[0], 0.5);
 * // Residual: h = 2 + 1/2, the same gradient for the single weight.
 * const res = deepSigmoidChain([2], [[[0]]], { architecture: "residual" });
 * strictEqual(res.objective, 2.5);
 * ok(Math.abs(res.gradNorms[0] - 0.5) < 1e-15);
 * ```
 */
export function deepSigmoidChain(
  x: TensorLike,
  weights: TensorLike,
  options: DeepChainOptions = {},
): DeepChainResult {
  return guard("deepSigmoidChain", () => {
    options = readOptions("deepSigmoidChain", options);
    const fn = "deepSigmoidChain";
    const h0 = expectRank(fn, "x", x, [1]).data;
    const W = expectRank(fn, "weights", weights, [3]);
    const [L, rows, cols] = W.shape;
    const n = h0.length;
    if (rows !== n || cols !== n) {
      throw new TypeError(
        `${fn}: weights must have shape [L][${n}][${n}] to match x of length ${n}, got ${
          show([...W.shape])
        }`,
      );
    }
    const architecture = options.architecture ?? "plain";
    if (!["plain", "residual", "auxiliary"].includes(architecture)) {
      throw new TypeError(
        `${fn}: architecture must be "plain", "residual" or "auxiliary", got ${show(architecture)}`,
      );
    }
    const auxiliaryLayer = options.auxiliaryLayer ?? Math.max(1, Math.floor(L / 2));
    if (!Number.isInteger(auxiliaryLayer) || auxiliaryLayer < 1 || auxiliaryLayer > L) {
      throw new RangeError(
        `${fn}: auxiliaryLayer must be an integer in [1, ${L}], got ${show(auxiliaryLayer)}`,
      );
    }
    const auxiliaryWeight = finiteNumber(fn, "auxiliaryWeight", options.auxiliaryWeight ?? 1);
    const residual = architecture === "residual";
    const auxiliary = architecture === "auxiliary";
    const w = (l: number, i: number, j: number) => W.data[(l * n + i) * n + j];

    // Forward: z_l = W_l h_{l-1}, h_l = sigma(z_l) (+ h_{l-1} for residual).
    const activations: Float64Array[] = [h0.slice()];
    const preActivations: Float64Array[] = [];
    for (let l = 0; l < L; l++) {
      const previous = activations[l];
      const z = new Float64Array(n);
      const h = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += w(l, i, j) * previous[j];
        z[i] = finiteResult(fn, `the pre-activation z_${l + 1}[${i}]`, sum);
        h[i] = (residual ? previous[i] : 0) + sigmoid(sum);
      }
      preActivations.push(z);
      activations.push(h);
    }
    const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
    const objective = finiteResult(
      fn,
      "the objective J",
      sum(activations[L]) + (auxiliary ? auxiliaryWeight * sum(activations[auxiliaryLayer]) : 0),
    );

    // Backward: g_L = 1; delta_l = g_l * sigma'(z_l); dJ/dW_l = delta_l h_{l-1}^T;
    // g_{l-1} = W_l^T delta_l (+ g_l for residual) (+ lambda 1 where the auxiliary loss enters).
    const upstream: Float64Array[] = new Array(L + 1);
    const deltas: Float64Array[] = new Array(L);
    const gradients: Tensor[] = new Array(L);
    const gradNorms: number[] = new Array(L);
    upstream[L] = new Float64Array(n).fill(1);
    if (auxiliary && auxiliaryLayer === L) {
      upstream[L] = upstream[L].map((g) => g + auxiliaryWeight);
    }
    for (let l = L - 1; l >= 0; l--) {
      const g = upstream[l + 1];
      const z = preActivations[l];
      const input = activations[l];
      const delta = new Float64Array(n);
      for (let i = 0; i < n; i++) delta[i] = g[i] * sigmoidDerivative(z[i]);
      const grad = new Float64Array(n * n);
      let squares = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const v = delta[i] * input[j];
          grad[i * n + j] = v;
          squares += v * v;
        }
      }
      const below = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let s = residual ? g[j] : 0;
        for (let i = 0; i < n; i++) s += w(l, i, j) * delta[i];
        below[j] = s;
      }
      if (auxiliary && l === auxiliaryLayer) {
        for (let j = 0; j < n; j++) below[j] += auxiliaryWeight;
      }
      deltas[l] = delta;
      gradients[l] = new Tensor([n, n], finiteResult(fn, `the gradient dJ/dW_${l + 1}`, grad));
      gradNorms[l] = Number.isFinite(squares) ? Math.sqrt(squares) : scaledNorm(grad);
      upstream[l] = finiteResult(fn, `the upstream gradient g_${l}`, below);
    }
    return {
      architecture,
      activations,
      preActivations,
      objective,
      upstream,
      deltas,
      gradients,
      gradNorms,
    };
  });
}

/**
 * The Euclidean norm of finite numbers whose squares overflow float64:
 * $\lVert v \rVert = m \sqrt{\sum_i (v_i / m)^2}$ with $m = \max_i |v_i|$, every
 * $(v_i / m)^2 \le 1$.
 */
function scaledNorm(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  let squares = 0;
  for (const x of v) squares += (x / m) ** 2;
  return m * Math.sqrt(squares);
}

/** Options of {@linkcode randomChainWeights}. */
export interface RandomChainOptions {
  /**
   * The seed of the {@linkcode mulberry32} generator, an integer; the same seed gives the
   * same weights.
   * @default {0}
   */
  seed?: number;
  /**
   * Each weight is drawn uniformly from $[-\text{scale}, \text{scale})$; a finite number > 0.
   * @default {1}
   */
  scale?: number;
}

/**
 * Seeded random weights for a chain of `depth` layers of width `width`, each entry uniform
 * in $[-s, s)$ with $s$ = `options.scale`, drawn row by row, layer by layer.
 *
 * @param depth The number of layers $L$, a positive integer.
 * @param width The width $n$, a positive integer.
 * @param options The seed and the scale.
 * @returns Nested arrays of shape $[L][n][n]$, ready for {@linkcode deepSigmoidChain}.
 * @throws {RangeError} If `depth` or `width` is not a positive integer, `scale` is not a
 *   finite number > 0, or `seed` is not an integer.
 * @throws {TypeError} If `seed` is not a number.
 *
 * @example Same seed, same weights
 * ```ts
 * import { randomChainWeights } from "./depth.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const a = randomChainWeights(20, 4, { seed: 7 });
 * deepStrictEqual(a, randomChainWeights(20, 4, { seed: 7 }));
 * strictEqual(a.length, 20);
 * ```
 */
export function randomChainWeights(
  depth: number,
  width: number,
  options: RandomChainOptions = {},
): number[][][] {
  return guard("randomChainWeights", () => {
    const fn = "randomChainWeights";
    positiveInteger(fn, "depth", depth);
    positiveInteger(fn, "width", width);
    entries(fn, "the weights (depth × width × width)", depth * width * width);
    options = readOptions(fn, options);
    const scale = finiteNumber(fn, "scale", options.scale ?? 1);
    if (scale <= 0) throw new RangeError(`${fn}: scale must be a finite number > 0, got ${scale}`);
    const random = mulberry32(integer(fn, "seed", options.seed ?? 0));
    return Array.from(
      { length: depth },
      () =>
        Array.from(
          { length: width },
          () => Array.from({ length: width }, () => uniform(random, { low: -scale, high: scale })),
        ),
    );
  });
}
