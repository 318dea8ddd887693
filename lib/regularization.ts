/**
 * # Regularization: dropout and weight decay
 *
 * A network with many parameters can memorise its training set. Regularization makes
 * memorising harder, in one of two ways: by adding noise during training, so that no unit
 * can rely on one particular other unit (dropout), or by penalising large weights, so that
 * the network prefers simple functions (the L2 penalty, also called weight decay).
 *
 * **Dropout** (Srivastava et al., 2014) zeroes each activation with probability $p$ during
 * training. To keep the expected value of every unit unchanged, the survivors are divided by
 * $1 - p$; this is *inverted* dropout, and it is what PyTorch and Keras do. At evaluation time
 * the layer is then simply the identity. Work it by hand with $p = 0.5$ on the activations
 * $(2, 4, 6, 8)$: if the random draws drop the second and third, the output is
 * $(2/0.5, 0, 0, 8/0.5) = (4, 0, 0, 16)$, whose mean 5 equals the input's mean 5 on average
 * over all draws. The gradient flows through the same mask: a kept unit passes
 * $1/(1-p)$ times the upstream gradient, a dropped unit passes nothing.
 *
 * Forgetting the scaling (keeping survivors at their value during training) makes the
 * network see activations $1 - p$ times smaller in training than at test time; the classic
 * original paper instead scaled the *weights* by $1 - p$ at test time, which is equivalent.
 *
 * **The L2 penalty** adds $\frac{\lambda}{2}\lVert w \rVert^2$ to the loss. Its gradient is
 * $\lambda w$, so each gradient-descent step first shrinks the weights by the factor
 * $1 - \alpha\lambda$ ("decays" them) and then follows the data's gradient. With
 * $\lambda = 0.1$ and $w = (3, -4)$ the penalty is $0.05 \cdot 25 = 1.25$ and its gradient
 * $(0.3, -0.4)$. PyTorch's `weight_decay` option adds exactly this $\lambda w$ to the gradient
 * ({@linkcode sgdStep}, {@linkcode adamStep}); AdamW applies the shrinking directly instead.
 *
 * ## Summary
 *
 * - Dropout zeroes each unit with probability $p$ in training and scales the survivors by
 *   $1/(1 - p)$, so the expected activation is unchanged; in evaluation it is the identity.
 * - Its derivative passes the upstream gradient through the same mask.
 * - The L2 penalty $\tfrac{\lambda}{2}\lVert w \rVert^2$ adds $\lambda w$ to the gradient:
 *   weight decay.
 *
 * @example Dropout with p = 0.5 keeps the mean on average and is the identity in evaluation
 * ```ts
 * import { dropout } from "./regularization.ts";
 * import { deepStrictEqual, ok } from "node:assert/strict";
 *
 * const { output, mask } = dropout([2, 4, 6, 8], { p: 0.5, seed: 3 });
 * ok(mask.every((m) => m === 0 || m === 2));
 * deepStrictEqual(output, [2, 4, 6, 8].map((x, i) => x * mask[i]));
 * deepStrictEqual(dropout([2, 4, 6, 8], { p: 0.5, training: false }).output, [2, 4, 6, 8]);
 * ```
 *
 * @module
 */
import { vectorOf } from "./_arrays.ts";
import { finiteNumber, finiteResult, integer, show } from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import { mulberry32, type Random } from "./random.ts";
import type { TensorLike } from "./tensor.ts";

/** Options of {@linkcode dropout}. */
export interface DropoutOptions {
  /** The probability $p$ of dropping each entry, in $[0, 1)$. */
  p: number;
  /**
   * `true`: drop and rescale. `false` (evaluation): return the input unchanged.
   * @default {true}
   */
  training?: boolean;
  /**
   * The seed of the `mulberry32` generator that draws the mask (ignored if `random` is given).
   * @default {0}
   */
  seed?: number;
  /**
   * A generator of uniform numbers in $[0, 1)$ to draw the mask from, advanced once per entry.
   * @default {mulberry32(seed)}
   */
  random?: Random;
  /**
   * A fixed choice of the kept entries instead of random draws: one entry per input, $1$
   * for kept and $0$ for dropped (a worked example's mask). Kept entries are still scaled
   * by $1/(1-p)$. Not given with `seed` or `random`.
   */
  mask?: readonly number[];
}

/** What {@linkcode dropout} returns. */
export interface DropoutResult {
  /** $y = m \odot x$. */
  output: number[];
  /** The mask $m$: $0$ for a dropped entry, $1/(1-p)$ for a kept one (all 1 in evaluation). */
  mask: number[];
}

/**
 * Inverted dropout of a vector of activations: each entry is dropped when its uniform draw
 * $u_i$ is below $p$, and kept and scaled otherwise,
 *
 * $$ y_i = m_i x_i, \qquad m_i = \begin{cases} 0 & u_i < p \\ \frac{1}{1 - p} & u_i \ge p
 * \end{cases}, \qquad \mathbb{E}[y_i] = x_i ; $$
 *
 * the derivative is the mask itself, $\partial y_i/\partial x_i = m_i$ (see
 * {@linkcode dropoutBackward}). In evaluation, $m_i = 1$.
 *
 * @param input The activations $x$, a vector.
 * @param options $p$, the mode, and the seed, the generator or a fixed 0/1 mask of kept entries.
 * @returns The output and the mask.
 * @throws {TypeError} If the input is not a vector, `random` is not a function, `mask` is
 * not a vector as long as the input, or `mask` is given with `seed` or `random`.
 * @throws {RangeError} If $p$ is outside $[0, 1)$, an entry is not finite, the seed is not
 * an integer or a mask entry is not 0 or 1.
 *
 * @example The worked example: p = 0.5 on 2, 4, 6, 8
 * ```ts
 * import { dropout } from "./regularization.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * // draws 0.7, 0.1, 0.3, 0.9: the second and third are below 0.5 and dropped
 * const draws = [0.7, 0.1, 0.3, 0.9];
 * const { output } = dropout([2, 4, 6, 8], { p: 0.5, random: () => draws.shift()! });
 * deepStrictEqual(output, [4, 0, 0, 16]);
 * // the same drops given as a fixed mask: 1 keeps (scaled by 1/(1 - 0.5) = 2), 0 drops
 * deepStrictEqual(dropout([2, 4, 6, 8], { p: 0.5, mask: [1, 0, 0, 1] }).output, [4, 0, 0, 16]);
 * throws(() => dropout([1], { p: 1 }), {
 *   name: "RangeError",
 *   message: "dropout: p must be in [0, 1), got 1",
 * });
 * ```
 */
export function dropout(input: TensorLike, options: DropoutOptions): DropoutResult {
  const fn = "dropout";
  const x = vectorOf(fn, "input", input);
  const p = finiteNumber(fn, "p", options?.p);
  if (p < 0 || p >= 1) throw new RangeError(`${fn}: p must be in [0, 1), got ${show(p)}`);
  if (options.training === false) return { output: [...x], mask: x.map(() => 1) };
  if (options.mask !== undefined) return fixedMask(x, p, options);
  if (options.random !== undefined && typeof options.random !== "function") {
    throw new TypeError(`${fn}: random must be a function, got ${show(options.random)}`);
  }
  const random = options.random ?? mulberry32(integer(fn, "seed", options.seed ?? 0));
  const mask = x.map(() => (random() < p ? 0 : 1 / (1 - p)));
  return { output: x.map((xi, i) => xi * mask[i]), mask };
}

/** Dropout with the kept entries given (`options.mask`, 0 or 1 each), scaled by 1/(1 − p). */
function fixedMask(x: number[], p: number, options: DropoutOptions): DropoutResult {
  const fn = "dropout";
  if (options.seed !== undefined || options.random !== undefined) {
    throw new TypeError(`${fn}: give mask, or seed or random to draw one, not both`);
  }
  const given = vectorOf(fn, "mask", options.mask as TensorLike);
  if (given.length !== x.length) {
    throw new TypeError(
      `${fn}: mask must have one entry per input (${x.length}), got ${given.length}`,
    );
  }
  const bad = given.find((m) => m !== 0 && m !== 1);
  if (bad !== undefined) {
    throw new RangeError(`${fn}: mask entries must be 0 (dropped) or 1 (kept), got ${show(bad)}`);
  }
  const mask = given.map((m) => m / (1 - p));
  return { output: x.map((xi, i) => xi * mask[i]), mask };
}

commonMistakes(dropout, [{
  id: "no-inverted-scaling",
  name: "classic dropout: survivors unscaled in training, outputs times 1 − p in evaluation",
  why: "The original dropout paper keeps the survivors as they are and scales by the keep " +
    "probability 1 − p at test time, while PyTorch's inverted dropout divides by 1 − p in " +
    "training, so both answers are right for their own convention.",
  kind: "depends",
  variant: (input, options) => {
    const r = dropout(input, options);
    const x = vectorOf("dropout", "input", input);
    if (options.training === false) {
      const keep = 1 - options.p;
      return { output: x.map((xi) => xi * keep), mask: x.map(() => keep) };
    }
    const mask = r.mask.map((m) => (m === 0 ? 0 : 1));
    return { output: x.map((xi, i) => xi * mask[i]), mask };
  },
  example: {
    // every draw 0.7 >= p keeps every entry: 2, 4, 6, 8 instead of 4, 8, 12, 16
    args: [[2, 4, 6, 8], { p: 0.5, random: () => 0.7 }],
    result: { output: [2, 4, 6, 8], mask: [1, 1, 1, 1] },
  },
}, {
  id: "times-keep-probability",
  name: "survivors multiplied by the keep probability 1 − p in training, not divided",
  why: "Classic dropout's test-time factor 1 − p is remembered and applied to the survivors " +
    "in training, where inverted dropout divides by it.",
  variant: (input, options) => {
    const r = dropout(input, options);
    if (options.training === false) return r;
    const mask = r.mask.map((m) => (m === 0 ? 0 : 1 - options.p));
    return { output: vectorOf("dropout", "input", input).map((x, i) => x * mask[i]), mask };
  },
  example: {
    // p = 0.5, every entry kept: 2 * 0.5 = 1, ..., where inverted dropout gives 4, 8, 12, 16
    args: [[2, 4, 6, 8], { p: 0.5, random: () => 0.7 }],
    result: { output: [1, 2, 3, 4], mask: [0.5, 0.5, 0.5, 0.5] },
  },
}]);

/**
 * The backward pass of {@linkcode dropout}: the upstream gradient through the same mask,
 *
 * $$ \frac{\partial E}{\partial x_i} = m_i \frac{\partial E}{\partial y_i} . $$
 *
 * @param upstream $\partial E/\partial y$, a vector.
 * @param mask The mask the forward pass returned, as long as `upstream`.
 * @returns $\partial E/\partial x$.
 * @throws {TypeError} If the lengths differ or an argument is not a vector.
 * @throws {RangeError} If an entry is not finite or a component of the gradient overflows float64.
 *
 * @example A dropped entry passes no gradient, a kept one twice it (p = 0.5)
 * ```ts
 * import { dropoutBackward } from "./regularization.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(dropoutBackward([1, 1, 1, 1], [2, 0, 0, 2]), [2, 0, 0, 2]);
 * ```
 */
export function dropoutBackward(upstream: TensorLike, mask: TensorLike): number[] {
  const fn = "dropoutBackward";
  const g = vectorOf(fn, "upstream", upstream);
  const m = vectorOf(fn, "mask", mask);
  if (m.length !== g.length) {
    throw new TypeError(`${fn}: mask must have length ${g.length} (upstream's), got ${m.length}`);
  }
  const gradient = g.map((gi, i) => gi * m[i]);
  finiteResult(fn, "the gradient", Float64Array.from(gradient));
  return gradient;
}

commonMistakes(dropoutBackward, [{
  id: "mask-unscaled",
  name: "the gradient passed through a 0/1 mask, without the 1/(1 − p) scale",
  why: "The backward pass is pictured as letting the kept units through, and the scale the " +
    "forward pass multiplied them by is forgotten.",
  variant: (upstream, mask) =>
    dropoutBackward(upstream, mask).map((g, i) =>
      g === 0 ? 0 : g / vectorOf("dropoutBackward", "mask", mask)[i]
    ),
  // mask (2, 0, 0, 2) of p = 0.5: (1, 0, 0, 1), where it is (2, 0, 0, 2)
  example: { args: [[1, 1, 1, 1], [2, 0, 0, 2]], result: [1, 0, 0, 1] },
}]);

function decay(fn: string, lambda: unknown): number {
  const l = finiteNumber(fn, "lambda", lambda);
  if (l < 0) throw new RangeError(`${fn}: lambda must be a finite number >= 0, got ${show(l)}`);
  return l;
}

/**
 * The L2 penalty (weight decay) of a weight vector,
 *
 * $$ R(w) = \frac{\lambda}{2} \lVert w \rVert^2 = \frac{\lambda}{2} \sum_i w_i^2 , $$
 *
 * where $w$ is `weights` and $\lambda$ is `lambda`; its gradient is
 * {@linkcode l2PenaltyGradient}, $\lambda w$.
 *
 * @param weights $w$, a vector.
 * @param lambda $\lambda \ge 0$.
 * @returns The penalty.
 * @throws {TypeError} If `weights` is not a vector.
 * @throws {RangeError} If an entry is not finite, $\lambda$ is negative, or the penalty overflows
 *   float64.
 *
 * @example λ = 0.1, w = (3, -4): 0.05 · 25 = 1.25
 * ```ts
 * import { l2Penalty } from "./regularization.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(l2Penalty([3, -4], 0.1) - 1.25) < 1e-15);
 * ```
 */
export function l2Penalty(weights: TensorLike, lambda: number): number {
  const fn = "l2Penalty";
  const w = vectorOf(fn, "weights", weights);
  const l = decay(fn, lambda);
  const direct = l / 2 * w.reduce((a, b) => a + b * b, 0);
  if (Number.isFinite(direct)) return direct;
  // w_i² overflowed (|w_i| ≳ 1e154): scaled by m = max |w_i|, λ/2 · m² · Σ (w_i/m)², which is
  // finite when the penalty is (λ = 1e-300, w = [1e300] gives 5e299), else a RangeError
  const m = w.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  const s = w.reduce((a, b) => a + (b / m) ** 2, 0);
  return finiteResult(fn, "the penalty", l / 2 * m * (m * s));
}

commonMistakes(l2Penalty, [{
  id: "no-half",
  name: "the penalty without the factor 1/2",
  why:
    "Some texts write λ‖w‖² and others λ/2·‖w‖²; only the second has the gradient λw that weight decay adds.",
  variant: (weights, lambda) => 2 * l2Penalty(weights, lambda),
  example: { args: [[3, -4], 0.1], result: 2.5 },
}]);

/**
 * The gradient of {@linkcode l2Penalty}, what PyTorch's `weight_decay` adds to the gradient:
 *
 * $$ \nabla R(w) = \lambda w . $$
 *
 * @param weights $w$, a vector.
 * @param lambda $\lambda \ge 0$.
 * @returns $\lambda w$.
 * @throws {TypeError} If `weights` is not a vector.
 * @throws {RangeError} If an entry is not finite, $\lambda$ is negative, or a component
 *   overflows float64.
 *
 * @example λ = 0.1, w = (3, -4): (0.3, -0.4)
 * ```ts
 * import { l2PenaltyGradient } from "./regularization.ts";
 * import { ok } from "node:assert/strict";
 *
 * const g = l2PenaltyGradient([3, -4], 0.1);
 * ok(Math.abs(g[0] - 0.3) < 1e-15 && Math.abs(g[1] + 0.4) < 1e-15);
 * ```
 */
export function l2PenaltyGradient(weights: TensorLike, lambda: number): number[] {
  const fn = "l2PenaltyGradient";
  const w = vectorOf(fn, "weights", weights);
  const l = decay(fn, lambda);
  const gradient = w.map((wi) => l * wi);
  finiteResult(fn, "the gradient", Float64Array.from(gradient));
  return gradient;
}

commonMistakes(l2PenaltyGradient, [{
  id: "factor-two",
  name: "2λw: the derivative of w² taken without the penalty's 1/2",
  why: "The 2 of d(w²)/dw = 2w is written down, and the 1/2 of the penalty (λ/2)‖w‖² that " +
    "cancels it is overlooked.",
  variant: (weights, lambda) => l2PenaltyGradient(weights, lambda).map((g) => 2 * g),
  example: { args: [[3, -4], 0.1], result: [0.6000000000000001, -0.8] },
}]);
