/**
 * # Attention: weighting values by how well keys match a query
 *
 * Attention lets each position of a sequence look at every other position and take a
 * weighted average of what it finds. Each query $q$ is compared with every key $k_j$ by a
 * dot product; the scores are scaled by $1/\sqrt{d}$ (so they do not grow with the vector
 * length $d$ and saturate the softmax), turned into weights by a softmax, and used to
 * average the values $v_j$:
 *
 * $$ \operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}}\right) V . $$
 *
 * Work it by hand with $d = 4$, one query $q = (1, 1, 1, 1)$ and two keys $k_1 = (1, 1, 1, 1)$,
 * $k_2 = (0, 0, 0, 0)$. The scores are $4/\sqrt 4 = 2$ and $0$; the softmax gives weights
 * $e^2/(e^2 + 1) = 0.88080$ and $0.11920$; with values $v_1 = 10$ and $v_2 = 0$ the output is
 * $8.8080$.
 *
 * A *causal* mask forbids a position from looking ahead: query $i$ may only attend to keys
 * $j \le i$ (the score of a later key is set to $-\infty$ before the softmax, so its weight is
 * 0). This is how a language model is trained to predict the next token.
 *
 * Multi-head attention runs $h$ such attentions side by side on learned projections of an
 * embedding of width $E$, each head on $E/h$ dimensions, and mixes the results with an output
 * projection. Splitting into heads does not change the parameter count: the query, key, value
 * and output projections are each $E \times E$ with a bias of $E$, so
 * $P = 4E^2 + 4E$ whatever $h$ is; counting a full $E \times E$ projection per head is a common
 * mistake.
 *
 * The gradient of attention, {@linkcode scaledDotProductAttentionBackward}, is the softmax's
 * Jacobian chained with two matrix products, and it needs only the weights of the forward pass.
 *
 * ## Summary
 *
 * - Scaled dot-product attention weights the values by $\operatorname{softmax}(q k^\top /
 *   \sqrt{d})$, one row of weights per query.
 * - A causal mask keeps each query from attending to later keys.
 * - Multi-head attention splits $E$ into $h$ heads of $E/h$; its parameter count $4E^2 + 4E$
 *   does not depend on $h$.
 *
 * @example The worked query: weights 0.88080 and 0.11920, output 8.8080
 * ```ts
 * import { scaledDotProductAttention } from "./attention.ts";
 * import { ok } from "node:assert/strict";
 *
 * const { output, weights } = scaledDotProductAttention([[1, 1, 1, 1]], {
 *   key: [[1, 1, 1, 1], [0, 0, 0, 0]],
 *   value: [[10], [0]],
 * });
 * ok(Math.abs(weights[0][0] - 0.88080) < 5e-6);
 * ok(Math.abs(output[0][0] - 8.8080) < 5e-5);
 * ```
 *
 * @module
 */
import { matrixOf } from "./_arrays.ts";
import { exactCount, finiteResult, flag, guard, positiveInteger, show } from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import type { TensorLike } from "./tensor.ts";

/** Options of {@linkcode scaledDotProductAttention}: the keys and values, and the mask. */
export interface AttentionOptions {
  /** $K$, shape $[L_k][d]$: one key per position attended to. */
  key: TensorLike;
  /** $V$, shape $[L_k][d_v]$: one value per key. */
  value: TensorLike;
  /**
   * Query $i$ attends only to keys $j \le i$ (PyTorch's `is_causal`, aligned at the top left).
   * @default {false}
   */
  causal?: boolean;
  /**
   * The scale of the scores.
   * @default {1/sqrt(d)}
   */
  scale?: number;
}

/** What {@linkcode scaledDotProductAttention} returns. */
export interface AttentionResult {
  /** $\operatorname{softmax}(QK^\top/\sqrt d)\,V$, shape $[L_q][d_v]$. */
  output: number[][];
  /** The attention weights, shape $[L_q][L_k]$; each row sums to 1. */
  weights: number[][];
}

/**
 * Scaled dot-product attention of queries `[Lq][d]` over keys `[Lk][d]` and values
 * `[Lk][dv]`:
 *
 * $$ A = \operatorname{softmax}_\text{rows}\!\left(\frac{Q K^\top}{\sqrt d} + M\right), \qquad
 * \text{output} = A V, $$
 *
 * where the mask $M$ is 0, or, when causal, $-\infty$ above the diagonal ($j > i$).
 *
 * @param query $Q$, shape $[L_q][d]$.
 * @param options The keys $K$ `[Lk][d]`, the values $V$ `[Lk][dv]`, the mask and the scale.
 * @returns The output and the attention weights.
 * @throws {TypeError} If the widths or lengths do not match.
 * @throws {RangeError} If an entry is not finite, `scale` is not a finite number > 0, or a score
 *   overflows float64.
 *
 * @example A causal mask: the first query sees only the first key
 * ```ts
 * import { scaledDotProductAttention } from "./attention.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const x = [[1, 0], [0, 1]];
 * const { weights, output } = scaledDotProductAttention(x, { key: x, value: [[1], [3]], causal: true });
 * deepStrictEqual(weights[0], [1, 0]);
 * deepStrictEqual(output[0], [1]);
 * throws(() => scaledDotProductAttention([[1, 0]], { key: [[1, 0, 0]], value: [[1]] }), {
 *   name: "TypeError",
 *   message: "scaledDotProductAttention: key must have width 2 (the query's width), got 3",
 * });
 * ```
 */
export function scaledDotProductAttention(
  query: TensorLike,
  options: AttentionOptions,
): AttentionResult {
  return guard("scaledDotProductAttention", () => {
    const fn = "scaledDotProductAttention";
    if (options === null || typeof options !== "object") {
      throw new TypeError(`${fn}: options must hold key and value, got ${show(options)}`);
    }
    const q = matrixOf(fn, "query", query);
    const k = matrixOf(fn, "key", options.key);
    const v = matrixOf(fn, "value", options.value);
    const d = q[0].length;
    if (k[0].length !== d) {
      throw new TypeError(
        `${fn}: key must have width ${d} (the query's width), got ${k[0].length}`,
      );
    }
    if (v.length !== k.length) {
      throw new TypeError(
        `${fn}: value must have ${k.length} rows (one per key), got ${v.length}`,
      );
    }
    const scale = options.scale ?? 1 / Math.sqrt(d);
    if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
      throw new RangeError(`${fn}: scale must be a finite number > 0, got ${show(scale)}`);
    }
    const causal = options.causal ?? false;
    const weights = q.map((qi, i) => {
      const scores = k.map((kj, j) =>
        causal && j > i ? -Infinity : finiteResult(
          fn,
          `the score of query row ${i} and key row ${j}`,
          scale * qi.reduce((a, x, t) => a + x * kj[t], 0),
        )
      );
      const top = Math.max(...scores);
      const e = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - top)));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / z);
    });
    const output = weights.map((row) =>
      v[0].map((_, c) => row.reduce((a, w, j) => a + w * v[j][c], 0))
    );
    return { output, weights };
  });
}

commonMistakes(scaledDotProductAttention, [{
  id: "no-scaling",
  name: "the scores QKᵀ not divided by √d",
  why: "Attention is first shown as softmax(QKᵀ)V, and the 1/√d that keeps the scores' " +
    "spread independent of the width d is left out.",
  variant: (query, options) => {
    scaledDotProductAttention(query, options); // the checks of the function itself
    return scaledDotProductAttention(query, { ...options, scale: options.scale ?? 1 });
  },
  // q = (2, 0), keys (1, 0) and (0, 0): scores (2, 0), weights (σ(2), 1 - σ(2)), where the
  // scores (2/√2, 0) give σ(√2)
  example: {
    args: [[[2, 0]], { key: [[1, 0], [0, 0]], value: [[1], [0]] }],
    result: {
      output: [[1 / (1 + Math.exp(-2))]],
      weights: [[1 / (1 + Math.exp(-2)), 1 - 1 / (1 + Math.exp(-2))]],
    },
  },
}, {
  id: "scaled-by-d",
  name: "the scores divided by d instead of √d",
  why: "The scale is remembered as dividing by the key width, and its square root, which " +
    "comes from the variance of a sum of d products, is dropped.",
  variant: (query, options) => {
    scaledDotProductAttention(query, options);
    const d = matrixOf("scaledDotProductAttention", "query", query)[0].length;
    return scaledDotProductAttention(query, { ...options, scale: options.scale ?? 1 / d });
  },
  // the same scores divided by 2: (1, 0), weights (σ(1), 1 - σ(1))
  example: {
    args: [[[2, 0]], { key: [[1, 0], [0, 0]], value: [[1], [0]] }],
    result: {
      output: [[1 / (1 + Math.exp(-1))]],
      weights: [[1 / (1 + Math.exp(-1)), 1 - 1 / (1 + Math.exp(-1))]],
    },
  },
}]);

/** Options of {@linkcode multiHeadAttentionParameterCount}. */
export interface MultiHeadAttentionOptions {
  /** The embedding width $E$; a positive integer divisible by `heads`. */
  embedDim: number;
  /** The number of heads $h$; a positive integer. */
  heads: number;
  /**
   * Whether the four projections have biases.
   * @default {true}
   */
  bias?: boolean;
}

/**
 * The trainable parameters of multi-head attention (PyTorch's `nn.MultiheadAttention`
 * with equal query, key and value widths): four $E \times E$ projections (query, key,
 * value, output), each with a bias of $E$,
 *
 * $$ P = 4E^2 + 4E, $$
 *
 * independent of the number of heads $h$: the heads split the $E$ dimensions, they do not
 * multiply them.
 *
 * @param options $E$, $h$ and whether there are biases.
 * @returns The parameter count.
 * @throws {RangeError} If a size is not a positive integer or $h$ does not divide $E$.
 *
 * @example MultiheadAttention(64, 8): 4·64² + 4·64 = 16640
 * ```ts
 * import { multiHeadAttentionParameterCount } from "./attention.ts";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * strictEqual(multiHeadAttentionParameterCount({ embedDim: 64, heads: 8 }), 16640);
 * strictEqual(multiHeadAttentionParameterCount({ embedDim: 64, heads: 1 }), 16640);
 * throws(() => multiHeadAttentionParameterCount({ embedDim: 64, heads: 5 }), {
 *   name: "RangeError",
 *   message: "multiHeadAttentionParameterCount: embedDim 64 must be divisible by heads 5",
 * });
 * ```
 */
export function multiHeadAttentionParameterCount(options: MultiHeadAttentionOptions): number {
  return guard("multiHeadAttentionParameterCount", () => {
    const fn = "multiHeadAttentionParameterCount";
    const e = positiveInteger(fn, "embedDim", options.embedDim);
    const h = positiveInteger(fn, "heads", options.heads);
    if (e % h !== 0) throw new RangeError(`${fn}: embedDim ${e} must be divisible by heads ${h}`);
    return exactCount(
      fn,
      "the parameter count",
      4 * e * e + (flag(fn, "bias", options.bias, true) ? 4 * e : 0),
    );
  });
}

commonMistakes(multiHeadAttentionParameterCount, [{
  id: "projection-per-head",
  name: "a full E×E projection per head",
  why:
    "Each head has its own query, key and value projections, so it seems each must map E to E; each maps E to E/h.",
  variant: (options) => {
    multiHeadAttentionParameterCount(options); // the checks of the function itself
    const e = options.embedDim, b = options.bias ?? true ? e : 0;
    return options.heads * 3 * (e ** 2 + b) + e ** 2 + b;
  },
  example: { args: [{ embedDim: 64, heads: 8 }], result: 104000 },
}, {
  id: "output-projection-forgotten",
  name: "the output projection W_O forgotten: 3(E² + E)",
  why: "The query, key and value projections are drawn in every picture of attention, and the " +
    "projection that mixes the concatenated heads afterwards is easy to leave out.",
  variant: (options) => {
    const total = multiHeadAttentionParameterCount(options); // the checks and the count
    return (total * 3) / 4;
  },
  // E = 512: 3 (512² + 512) = 787968, where the four projections give 1050624
  example: { args: [{ embedDim: 512, heads: 8 }], result: 787968 },
}, {
  id: "bias-omitted",
  name: "biases omitted (weights only): 4E²",
  why: "The four projections are written as matrices W_Q, W_K, W_V and W_O, and the bias of " +
    "E that each adds is left out of the count.",
  variant: (options) => {
    multiHeadAttentionParameterCount(options); // the checks of the function itself
    return multiHeadAttentionParameterCount({ ...options, bias: false });
  },
  // E = 512: 4 · 512² = 1048576, where the biases add 4 · 512 to give 1050624
  example: { args: [{ embedDim: 512, heads: 8 }], result: 1048576 },
}]);

/** Options of {@linkcode scaledDotProductAttentionBackward}. */
export interface AttentionBackwardOptions extends AttentionOptions {
  /** $\partial E/\partial \text{output}$, shape $[L_q][d_v]$. */
  upstream: TensorLike;
}

/** The gradients {@linkcode scaledDotProductAttentionBackward} returns. */
export interface AttentionGradients {
  /** $\partial E/\partial Q$, shape $[L_q][d]$. */
  query: number[][];
  /** $\partial E/\partial K$, shape $[L_k][d]$. */
  key: number[][];
  /** $\partial E/\partial V$, shape $[L_k][d_v]$. */
  value: number[][];
}

/**
 * The backward pass of {@linkcode scaledDotProductAttention}. With the weights $A$, the
 * scale $c = 1/\sqrt d$ and the upstream gradient $G = \partial E/\partial O$:
 *
 * $$ \frac{\partial E}{\partial V} = A^\top G, \qquad
 * \frac{\partial E}{\partial A} = G V^\top, \qquad
 * \frac{\partial E}{\partial S_{ij}} = A_{ij}\Big(\frac{\partial E}{\partial A_{ij}} -
 * \sum_k A_{ik} \frac{\partial E}{\partial A_{ik}}\Big), $$
 * $$ \frac{\partial E}{\partial Q} = c\, \frac{\partial E}{\partial S} K, \qquad
 * \frac{\partial E}{\partial K} = c \left(\frac{\partial E}{\partial S}\right)^{\!\top} Q , $$
 *
 * the middle step being the softmax's Jacobian ({@linkcode softmaxJacobian}) applied row by
 * row; a masked score has weight 0 and so receives no gradient.
 *
 * @param query $Q$, shape $[L_q][d]$.
 * @param options The keys, values, mask and scale of the forward pass, and `upstream`.
 * @returns The gradients of the queries, keys and values.
 * @throws {TypeError} If the shapes do not match (as in the forward pass, and `upstream`
 *   must be $[L_q][d_v]$).
 * @throws {RangeError} If an entry is not finite, `scale` is not > 0, or a gradient overflows
 *   float64.
 *
 * @example One query over two equal keys: the value gradient splits in half
 * ```ts
 * import { scaledDotProductAttentionBackward } from "./attention.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const g = scaledDotProductAttentionBackward([[1, 0]], {
 *   key: [[0, 1], [0, 1]],
 *   value: [[2], [4]],
 *   upstream: [[1]],
 * });
 * deepStrictEqual(g.value, [[0.5], [0.5]]);
 * deepStrictEqual(g.query, [[0, 0]]); // equal scores: moving them together changes nothing
 * ```
 */
export function scaledDotProductAttentionBackward(
  query: TensorLike,
  options: AttentionBackwardOptions,
): AttentionGradients {
  return guard("scaledDotProductAttentionBackward", () => {
    const fn = "scaledDotProductAttentionBackward";
    if (options === null || typeof options !== "object") {
      throw new TypeError(`${fn}: options must hold key, value and upstream, got ${show(options)}`);
    }
    const q = matrixOf(fn, "query", query);
    const k = matrixOf(fn, "key", options.key);
    const v = matrixOf(fn, "value", options.value);
    const g = matrixOf(fn, "upstream", options.upstream);
    if (g.length !== q.length || g[0].length !== v[0].length) {
      throw new TypeError(
        `${fn}: upstream must have shape [${q.length}][${v[0].length}] (the output's), got ${
          show([g.length, g[0].length])
        }`,
      );
    }
    const { weights: a } = scaledDotProductAttention(q, options);
    const c = options.scale ?? 1 / Math.sqrt(q[0].length);
    const value = k.map((_, j) =>
      v[0].map((_, t) => a.reduce((s, row, i) => s + row[j] * g[i][t], 0))
    );
    const dS = a.map((row, i) => {
      const dA = row.map((_, j) => g[i].reduce((s, gi, t) => s + gi * v[j][t], 0));
      const dot = row.reduce((s, aij, j) => s + aij * dA[j], 0);
      return row.map((aij, j) => aij * (dA[j] - dot));
    });
    const dq = dS.map((row) => q[0].map((_, t) => c * row.reduce((s, x, j) => s + x * k[j][t], 0)));
    const dk = k.map((_, j) =>
      q[0].map((_, t) => c * dS.reduce((s, row, i) => s + row[j] * q[i][t], 0))
    );
    // the products of values and upstream can overflow where the forward pass did not
    for (const [name, m] of [["query", dq], ["key", dk], ["value", value]] as const) {
      for (const row of m) finiteResult(fn, `the gradient of ${name}`, Float64Array.from(row));
    }
    return { query: dq, key: dk, value };
  });
}
