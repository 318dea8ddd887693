/**
 * # Optimizers: SGD with momentum, AdaGrad, RMSProp, Adam and AdamW
 *
 * Plain gradient descent moves the parameters against the gradient, $\theta \leftarrow
 * \theta - \alpha g$, with the same step size for every parameter and no memory of earlier
 * steps. The optimizers of this chapter add one of two ideas. *Momentum* keeps a running
 * sum of past gradients, so that steps along a consistent direction grow and zig-zags
 * cancel. *Adaptive* methods keep a running size of each parameter's gradient and divide by
 * it, so that each parameter gets its own step size.
 *
 * Work momentum by hand. With $\alpha = 0.1$, momentum $\mu = 0.9$ and the gradient $g = 1$ at
 * every step, PyTorch keeps a buffer $b$: the first step sets $b = g = 1$ and moves
 * $\theta$ by $-0.1$; the second sets $b = 0.9 \cdot 1 + 1 = 1.9$ and moves by $-0.19$; the
 * third $b = 2.71$, a move of $-0.271$. The steps approach $\alpha g/(1 - \mu) = 1$, ten times
 * plain descent's.
 *
 * Textbooks often write momentum as a velocity instead: $v \leftarrow \beta v - \alpha g$,
 * $\theta \leftarrow \theta + v$. This is the same method: with a constant $\alpha$, the
 * velocity is $v = -\alpha b$, so $\beta = \mu$ and the two produce the same parameters step
 * after step. They differ only when the learning rate changes during training (PyTorch's
 * form applies the new rate to the whole buffer at once).
 *
 * Adam (Kingma and Ba, 2015) keeps both a running mean $m$ of the gradient and a running
 * mean $v$ of its square, and steps by $\alpha\, \hat m/(\sqrt{\hat v} + \varepsilon)$. Because
 * $m$ and $v$ start at zero, their early values are too small; dividing by $1 - \beta^t$ (the
 * *bias correction*) removes that. At the first step $\hat m = g$ and $\hat v = g^2$, so Adam's
 * first move is $\alpha$ times the gradient's sign (nearly): with $\alpha = 0.01$ and
 * $g = -0.5$, $\theta$ grows by $0.01$. Forgetting the correction makes that first move
 * $0.1 \cdot 0.5 / \sqrt{0.001 \cdot 0.25} = 3.16$ times larger.
 *
 * Weight decay is where Adam and AdamW differ. Adam with `weightDecay` adds $\lambda\theta$ to
 * the gradient (the L2 penalty's gradient, see {@linkcode l2PenaltyGradient}), which is then
 * divided by the adaptive scale like the rest; AdamW (Loshchilov and Hutter, 2019) instead
 * shrinks $\theta$ by $\alpha\lambda\theta$ directly, *decoupled* from the gradient.
 *
 * Each optimizer is a pure one-step function: it takes the parameters, the gradient and the
 * state of the previous step, and returns the new parameters and the new state, never
 * changing its arguments. {@linkcode gradientDescent} runs any of them over a training
 * problem through its `optimizer` option.
 *
 * ## Summary
 *
 * - Every optimizer is the step $\theta \leftarrow \theta - \alpha \cdot (\text{a direction})$;
 *   they differ in the direction.
 * - Momentum follows a running sum of gradients, $b \leftarrow \mu b + g$; the classic velocity
 *   form $v \leftarrow \beta v - \alpha g$ gives the same steps for a fixed rate.
 * - AdaGrad and RMSProp divide by the square root of the gradients' squares (summed, or
 *   averaged); Adam does both and corrects the early averages for their start at 0.
 * - Weight decay added to the gradient (L2) and weight decay applied to the parameters (AdamW)
 *   are the same for SGD and differ for Adam.
 *
 * @example Momentum by hand: moves of 0.1, 0.19, 0.271
 * ```ts
 * import { sgdStep, type SgdState } from "./optimizers.ts";
 * import { ok } from "node:assert/strict";
 *
 * let theta = [0];
 * let state: SgdState | undefined;
 * const moves: number[] = [];
 * for (let t = 0; t < 3; t++) {
 *   const next = sgdStep(theta, [1], { learningRate: 0.1, momentum: 0.9, state });
 *   moves.push(theta[0] - next.parameters[0]);
 *   theta = next.parameters;
 *   state = next.state;
 * }
 * [0.1, 0.19, 0.271].forEach((m, t) => ok(Math.abs(moves[t] - m) < 1e-15));
 * ```
 *
 * @module
 */
import { expectLength, vectorOf } from "./_arrays.ts";
import { finiteNumber, finiteResult, guard, positiveNumber, show } from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import type { TensorLike } from "./tensor.ts";

/** The result of one optimizer step. */
export interface OptimizerStep<S> {
  /** The parameters after the step. */
  parameters: number[];
  /** The optimizer's state after the step, to pass to the next one. */
  state: S;
}

/** The state {@linkcode sgdStep} carries between steps. */
export interface SgdState {
  /** Steps taken so far. */
  step: number;
  /** PyTorch's momentum buffer $b$ (null until momentum is used). */
  momentumBuffer: number[] | null;
}

/** Options of {@linkcode sgdStep} (PyTorch's `torch.optim.SGD`). */
export interface SgdOptions {
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
  /**
   * Momentum $\mu$, in $[0, 1)$.
   * @default {0}
   */
  momentum?: number;
  /**
   * Dampening $\tau$ of the gradient added to the buffer, in $[0, 1]$.
   * @default {0}
   */
  dampening?: number;
  /**
   * L2 weight decay $\lambda \ge 0$, added to the gradient as $\lambda\theta$.
   * @default {0}
   */
  weightDecay?: number;
  /**
   * Nesterov momentum (needs momentum > 0 and dampening 0).
   * @default {false}
   */
  nesterov?: boolean;
  /**
   * The state returned by the previous step; omitted for the first step.
   * @default {undefined}
   */
  state?: SgdState;
}

/** Reads parameters and gradient, which must have the same length. */
function vectors(fn: string, parameters: TensorLike, gradient: TensorLike): [number[], number[]] {
  const p = vectorOf(fn, "parameters", parameters);
  const g = vectorOf(fn, "gradient", gradient);
  expectLength(fn, "gradient", g.length, p.length, "one entry per parameter");
  return [p, g];
}

function rate(fn: string, value: unknown): number {
  return positiveNumber(fn, "learningRate", value);
}

function inRange(
  fn: string,
  name: string,
  value: unknown,
  low: number,
  high: number,
  open: boolean,
) {
  const v = finiteNumber(fn, name, value);
  if (v < low || (open ? v >= high : v > high)) {
    throw new RangeError(
      `${fn}: ${name} must be in [${low}, ${high}${open ? ")" : "]"}, got ${show(v)}`,
    );
  }
  return v;
}

function nonNegative(fn: string, name: string, value: unknown): number {
  const v = finiteNumber(fn, name, value);
  if (v < 0) throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${show(v)}`);
  return v;
}

function stateVector(fn: string, name: string, value: unknown, n: number): number[] {
  const v = vectorOf(fn, name, value as TensorLike);
  expectLength(fn, name, v.length, n, "one entry per parameter");
  return v;
}

function finish(fn: string, theta: number[]): number[] {
  finiteResult(fn, "the updated parameters", Float64Array.from(theta));
  return theta;
}

/**
 * A step taken uphill, for the catalogue's "ascent" mistakes: the update added instead of
 * subtracted, $\theta + (\theta - \theta')$ for the step's new parameters $\theta'$.
 */
function ascent<S>(fn: string, parameters: TensorLike, step: OptimizerStep<S>): OptimizerStep<S> {
  const theta = vectorOf(fn, "parameters", parameters);
  return { ...step, parameters: finish(fn, theta.map((t, i) => t + (t - step.parameters[i]))) };
}

/**
 * Throws `RangeError` when an accumulated squared gradient is not finite: past about
 * $|g| \approx 1.3 \cdot 10^{154}$, $g^2$ overflows float64, the state becomes Infinity and the
 * step silently 0. Returns `values`.
 */
function squaresFinite(fn: string, name: string, values: number[]): number[] {
  const i = values.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) {
    throw new RangeError(
      `${fn}: ${name}[${i}] overflows float64 (a gradient entry of magnitude about 1e154 or more, squared); rescale the gradient`,
    );
  }
  return values;
}

/**
 * One step of stochastic gradient descent in PyTorch's form, with weight decay $\lambda$,
 * momentum $\mu$, dampening $\tau$ and optional Nesterov momentum:
 *
 * $$ g \leftarrow g + \lambda\theta, \qquad
 * b \leftarrow \begin{cases} g & \text{first step} \\ \mu b + (1 - \tau) g & \text{after} \end{cases},
 * \qquad \theta \leftarrow \theta - \alpha \begin{cases} g + \mu b & \text{Nesterov} \\ b &
 * \text{otherwise} \end{cases} $$
 *
 * (with $\mu = 0$, simply $\theta \leftarrow \theta - \alpha g$). The classic velocity form
 * $v \leftarrow \mu v - \alpha g$, $\theta \leftarrow \theta + v$ gives the same parameters for
 * a constant $\alpha$, with $v = -\alpha b$. The derivative of the update with respect to
 * $\theta$ is $1 - \alpha\lambda$ per parameter, times the loss's own curvature.
 *
 * @param parameters $\theta$.
 * @param gradient $g = \nabla\mathcal{L}(\theta)$, one entry per parameter.
 * @param options $\alpha$, $\mu$, $\tau$, $\lambda$, Nesterov and the previous state.
 * @returns The new parameters and state.
 * @throws {TypeError} If the lengths differ, or Nesterov is asked without momentum or with dampening.
 * @throws {RangeError} If the learning rate is not > 0, a hyper-parameter is out of range,
 *   or the update overflows.
 *
 * @example Plain SGD, and the velocity form giving the same parameters as PyTorch's
 * ```ts
 * import { sgdStep, type SgdState } from "./optimizers.ts";
 * import { deepStrictEqual, ok, throws } from "node:assert/strict";
 *
 * deepStrictEqual(sgdStep([1, 2], [0.5, -1], { learningRate: 0.1 }).parameters, [0.95, 2.1]);
 *
 * // v ← 0.9v − 0.1g, θ ← θ + v, for the gradients 1, 3, -2
 * let theta = [0], v = 0, classic = 0;
 * let state: SgdState | undefined;
 * for (const g of [1, 3, -2]) {
 *   ({ parameters: theta, state } = sgdStep(theta, [g], { learningRate: 0.1, momentum: 0.9, state }));
 *   v = 0.9 * v - 0.1 * g;
 *   classic += v;
 *   ok(Math.abs(theta[0] - classic) < 1e-15);
 * }
 * throws(() => sgdStep([1], [1], { learningRate: 0 }), {
 *   name: "RangeError",
 *   message: "sgdStep: learningRate must be a finite number > 0, got 0",
 * });
 * ```
 */
export function sgdStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: SgdOptions,
): OptimizerStep<SgdState> {
  const fn = "sgdStep";
  const [theta, grad] = vectors(fn, parameters, gradient);
  const lr = rate(fn, options?.learningRate);
  const mu = inRange(fn, "momentum", options.momentum ?? 0, 0, 1, true);
  const tau = inRange(fn, "dampening", options.dampening ?? 0, 0, 1, false);
  const wd = nonNegative(fn, "weightDecay", options.weightDecay ?? 0);
  const nesterov = options.nesterov ?? false;
  if (nesterov && (mu === 0 || tau !== 0)) {
    throw new TypeError(
      `${fn}: nesterov needs momentum > 0 and dampening 0, got momentum ${show(mu)} and dampening ${
        show(tau)
      }`,
    );
  }
  const prior = options.state?.momentumBuffer ?? null;
  const g = grad.map((gi, i) => gi + wd * theta[i]);
  let buffer: number[] | null = prior;
  let direction = g;
  if (mu !== 0) {
    buffer = prior === null
      ? [...g]
      : stateVector(fn, "state.momentumBuffer", prior, theta.length).map((b, i) =>
        mu * b + (1 - tau) * g[i]
      );
    const b = buffer;
    direction = nesterov ? g.map((gi, i) => gi + mu * b[i]) : b;
  }
  return {
    parameters: finish(fn, theta.map((t, i) => t - lr * direction[i])),
    state: { step: (options.state?.step ?? 0) + 1, momentumBuffer: buffer },
  };
}

commonMistakes(sgdStep, [{
  id: "dampened-first-step",
  name: "the momentum buffer starts at zero and the first gradient is dampened",
  why:
    "The running-average formula b = μb + (1 − τ)g looks complete on its own; PyTorch sets b = g on the first step.",
  variant: (parameters, gradient, options) => {
    const n = vectorOf("sgdStep", "parameters", parameters).length;
    const state = options.state ?? { step: 0, momentumBuffer: new Array(n).fill(0) };
    return sgdStep(parameters, gradient, { ...options, state });
  },
  example: {
    args: [[0], [1], { learningRate: 0.1, momentum: 0.9, dampening: 0.5 }],
    result: { parameters: [-0.05], state: { step: 1, momentumBuffer: [0.5] } },
  },
}, {
  id: "momentum-as-average",
  name: "momentum written as an average, v = βv + (1 − β)g from v = 0",
  why: "Many courses teach momentum as an exponentially weighted average of the gradients, " +
    "a convention whose steps are 1 − β times PyTorch's, so both answers are right for " +
    "their own definition.",
  kind: "depends",
  variant: (parameters, gradient, options) => {
    sgdStep(parameters, gradient, options); // the checks of the function itself
    const beta = options.momentum ?? 0;
    const n = vectorOf("sgdStep", "parameters", parameters).length;
    const state = options.state ?? { step: 0, momentumBuffer: new Array(n).fill(0) };
    return sgdStep(parameters, gradient, { ...options, dampening: beta, state });
  },
  // v = 0.9 * 0 + 0.1 * 1 = 0.1, θ = 0 - 0.1 * 0.1 = -0.01, where PyTorch's b = g gives -0.1
  example: {
    args: [[0], [1], { learningRate: 0.1, momentum: 0.9 }],
    result: { parameters: [-0.01], state: { step: 1, momentumBuffer: [0.1] } },
  },
}, {
  id: "ascent",
  name: "the step added instead of subtracted (gradient ascent)",
  why: "The gradient points uphill, and the update is written θ + αg as if the step " +
    "followed it.",
  variant: (parameters, gradient, options) =>
    ascent("sgdStep", parameters, sgdStep(parameters, gradient, options)),
  // θ = 2, g = 4, α = 1/4: 2 + 1 = 3, where descent gives 2 - 1 = 1
  example: {
    args: [[2], [4], { learningRate: 0.25 }],
    result: { parameters: [3], state: { step: 1, momentumBuffer: null } },
  },
}]);

/** The state {@linkcode adagradStep} carries. */
export interface AdagradState {
  /** Steps taken so far. */
  step: number;
  /** The sum of squared gradients per parameter. */
  sum: number[];
}

/** Options of {@linkcode adagradStep} (PyTorch's `torch.optim.Adagrad`). */
export interface AdagradOptions {
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
  /**
   * Learning-rate decay $\eta \ge 0$: step $t$ uses $\alpha/(1 + (t-1)\eta)$.
   * @default {0}
   */
  lrDecay?: number;
  /**
   * $\varepsilon > 0$ added to the root.
   * @default {1e-10}
   */
  eps?: number;
  /**
   * L2 weight decay $\lambda \ge 0$.
   * @default {0}
   */
  weightDecay?: number;
  /**
   * The starting value of the sum.
   * @default {0}
   */
  initialAccumulatorValue?: number;
  /**
   * The previous state; omitted for the first step.
   * @default {undefined}
   */
  state?: AdagradState;
}

/**
 * One AdaGrad step: each parameter's step shrinks with the sum of its squared gradients,
 *
 * $$ g \leftarrow g + \lambda\theta, \qquad s \leftarrow s + g^2, \qquad
 * \theta \leftarrow \theta - \frac{\alpha}{1 + (t-1)\eta} \cdot \frac{g}{\sqrt{s} + \varepsilon} . $$
 *
 * @param parameters $\theta$.
 * @param gradient $g$.
 * @param options $\alpha$, $\eta$, $\varepsilon$, $\lambda$, the starting sum and the previous state.
 * @returns The new parameters and state.
 * @throws {TypeError} If the lengths differ.
 * @throws {RangeError} If the learning rate is not > 0 or another value is out of range.
 *
 * @example The first step moves each parameter by about the learning rate
 * ```ts
 * import { adagradStep } from "./optimizers.ts";
 * import { ok } from "node:assert/strict";
 *
 * const { parameters, state } = adagradStep([1, 1], [4, -0.5], { learningRate: 0.1 });
 * ok(Math.abs(parameters[0] - 0.9) < 1e-9 && Math.abs(parameters[1] - 1.1) < 1e-9);
 * ok(state.sum[0] === 16 && state.sum[1] === 0.25);
 * ```
 */
export function adagradStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: AdagradOptions,
): OptimizerStep<AdagradState> {
  const fn = "adagradStep";
  const [theta, grad] = vectors(fn, parameters, gradient);
  const lr = rate(fn, options?.learningRate);
  const decay = nonNegative(fn, "lrDecay", options.lrDecay ?? 0);
  const eps = positiveNumber(fn, "eps", options.eps ?? 1e-10);
  const wd = nonNegative(fn, "weightDecay", options.weightDecay ?? 0);
  const init = nonNegative(fn, "initialAccumulatorValue", options.initialAccumulatorValue ?? 0);
  const t = (options.state?.step ?? 0) + 1;
  const prior = options.state
    ? stateVector(fn, "state.sum", options.state.sum, theta.length)
    : theta.map(() => init);
  const g = grad.map((gi, i) => gi + wd * theta[i]);
  const sum = squaresFinite(fn, "state.sum", prior.map((s, i) => s + g[i] * g[i]));
  const clr = lr / (1 + (t - 1) * decay);
  return {
    parameters: finish(fn, theta.map((p, i) => p - clr * g[i] / (Math.sqrt(sum[i]) + eps))),
    state: { step: t, sum },
  };
}

commonMistakes(adagradStep, [{
  id: "square-root-missing",
  name: "the step divided by the sum of squared gradients, not its square root",
  why: "The accumulator G is a sum of squares, and dividing by G itself instead of by its " +
    "square root makes the step shrink like 1/g instead of staying near the learning rate.",
  variant: (parameters, gradient, options) => {
    const r = adagradStep(parameters, gradient, options); // the checks and the state
    const [theta, grad] = vectors("adagradStep", parameters, gradient);
    const wd = options.weightDecay ?? 0, eps = options.eps ?? 1e-10;
    const clr = options.learningRate / (1 + (r.state.step - 1) * (options.lrDecay ?? 0));
    return {
      parameters: theta.map((p, i) => p - clr * (grad[i] + wd * p) / (r.state.sum[i] + eps)),
      state: r.state,
    };
  },
  // g = 2, G = 4: 1 - 0.1 * 2 / 4 = 0.95, where 1 - 0.1 * 2 / sqrt(4) = 0.9
  example: {
    args: [[1], [2], { learningRate: 0.1 }],
    result: { parameters: [1 - 0.1 * 2 / (4 + 1e-10)], state: { step: 1, sum: [4] } },
  },
}, {
  id: "ascent",
  name: "the step added instead of subtracted (gradient ascent)",
  why: "The gradient points uphill, and the update is written θ + α g/(√G + ε) as if the " +
    "step followed it.",
  variant: (parameters, gradient, options) =>
    ascent("adagradStep", parameters, adagradStep(parameters, gradient, options)),
  // g = 2, G = 4: 1 + 0.1 * 2 / 2 = 1.1, where descent gives 0.9
  example: {
    args: [[1], [2], { learningRate: 0.1 }],
    result: { parameters: [1 + 0.1 * 2 / (2 + 1e-10)], state: { step: 1, sum: [4] } },
  },
}]);

/** The state {@linkcode rmspropStep} carries. */
export interface RmspropState {
  /** Steps taken so far. */
  step: number;
  /** The running mean of squared gradients $v$. */
  squareAvg: number[];
  /** The running mean of gradients $\bar g$ (centered only; else null). */
  gradAvg: number[] | null;
  /** The momentum buffer (momentum > 0 only; else null). */
  momentumBuffer: number[] | null;
}

/** Options of {@linkcode rmspropStep} (PyTorch's `torch.optim.RMSprop`). */
export interface RmspropOptions {
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
  /**
   * The smoothing constant $\rho$ of the running means, in $[0, 1)$.
   * @default {0.99}
   */
  alpha?: number;
  /**
   * $\varepsilon > 0$, added to the root.
   * @default {1e-8}
   */
  eps?: number;
  /**
   * L2 weight decay $\lambda \ge 0$.
   * @default {0}
   */
  weightDecay?: number;
  /**
   * Momentum $\mu$ in $[0, 1)$ on the scaled step.
   * @default {0}
   */
  momentum?: number;
  /**
   * Divide by the gradient's running standard deviation instead of its root mean square.
   * @default {false}
   */
  centered?: boolean;
  /**
   * The previous state; omitted for the first step.
   * @default {undefined}
   */
  state?: RmspropState;
}

/**
 * One RMSProp step: divide the gradient by the root of a running mean of its square,
 *
 * $$ v \leftarrow \rho v + (1 - \rho) g^2, \qquad
 * d = \sqrt{v - \bar g^2} + \varepsilon \text{ (centered, with } \bar g \leftarrow \rho\bar g +
 * (1-\rho) g) \text{ or } \sqrt{v} + \varepsilon, $$
 * $$ \theta \leftarrow \theta - \alpha\, b, \quad b \leftarrow \mu b + g/d
 * \quad (\text{or } \theta \leftarrow \theta - \alpha g / d \text{ without momentum}), $$
 *
 * after $g \leftarrow g + \lambda\theta$.
 *
 * @param parameters $\theta$.
 * @param gradient $g$.
 * @param options $\alpha$, $\rho$, $\varepsilon$, $\lambda$, $\mu$, centering and the previous state.
 * @returns The new parameters and state.
 * @throws {TypeError} If the lengths differ.
 * @throws {RangeError} If the learning rate is not > 0 or another value is out of range.
 *
 * @example The first step divides by sqrt(0.01·g²) = 0.1|g|: a move of 10α
 * ```ts
 * import { rmspropStep } from "./optimizers.ts";
 * import { ok } from "node:assert/strict";
 *
 * const { parameters } = rmspropStep([0], [2], { learningRate: 0.01 });
 * ok(Math.abs(parameters[0] + 0.1) < 1e-8);
 * ```
 */
export function rmspropStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: RmspropOptions,
): OptimizerStep<RmspropState> {
  const fn = "rmspropStep";
  const [theta, grad] = vectors(fn, parameters, gradient);
  const lr = rate(fn, options?.learningRate);
  const rho = inRange(fn, "alpha", options.alpha ?? 0.99, 0, 1, true);
  const eps = positiveNumber(fn, "eps", options.eps ?? 1e-8);
  const wd = nonNegative(fn, "weightDecay", options.weightDecay ?? 0);
  const mu = inRange(fn, "momentum", options.momentum ?? 0, 0, 1, true);
  const centered = options.centered ?? false;
  const n = theta.length;
  const st = options.state;
  const zeros = () => new Array(n).fill(0);
  const g = grad.map((gi, i) => gi + wd * theta[i]);
  const squareAvg = squaresFinite(
    fn,
    "state.squareAvg",
    (st ? stateVector(fn, "state.squareAvg", st.squareAvg, n) : zeros())
      .map((v, i) => rho * v + (1 - rho) * g[i] * g[i]),
  );
  let gradAvg: number[] | null = null;
  let denom = squareAvg.map((v) => Math.sqrt(v) + eps);
  if (centered) {
    const prior = st?.gradAvg ? stateVector(fn, "state.gradAvg", st.gradAvg, n) : zeros();
    const avg = prior.map((a, i) => rho * a + (1 - rho) * g[i]);
    gradAvg = avg;
    denom = squareAvg.map((v, i) => Math.sqrt(v - avg[i] * avg[i]) + eps);
  }
  let momentumBuffer: number[] | null = null;
  let next: number[];
  if (mu > 0) {
    const prior = st?.momentumBuffer
      ? stateVector(fn, "state.momentumBuffer", st.momentumBuffer, n)
      : zeros();
    const buf = prior.map((b, i) => mu * b + g[i] / denom[i]);
    momentumBuffer = buf;
    next = theta.map((p, i) => p - lr * buf[i]);
  } else {
    next = theta.map((p, i) => p - lr * g[i] / denom[i]);
  }
  return {
    parameters: finish(fn, next),
    state: { step: (st?.step ?? 0) + 1, squareAvg, gradAvg, momentumBuffer },
  };
}

commonMistakes(rmspropStep, [{
  id: "decay-swapped",
  name: "the running mean's weights swapped: ρ g² + (1 − ρ) v",
  why: "The decay ρ = 0.99 is read as the weight of the new squared gradient, where it is " +
    "the weight of the running mean v kept from before.",
  variant: (parameters, gradient, options) => {
    rmspropStep(parameters, gradient, options); // the checks of the function itself
    const rho = options.alpha ?? 0.99;
    return rmspropStep(parameters, gradient, { ...options, alpha: 1 - rho });
  },
  // g = 1, α = 0.99 swapped: v = 0.99, θ = 0 - 0.01 / (sqrt(0.99) + 1e-8), where v = 0.01 gives -0.1
  example: {
    args: [[0], [1], { learningRate: 0.01 }],
    result: {
      parameters: [-0.01 / (Math.sqrt(0.99) + 1e-8)],
      state: { step: 1, squareAvg: [0.99], gradAvg: null, momentumBuffer: null },
    },
  },
}, {
  id: "ascent",
  name: "the step added instead of subtracted (gradient ascent)",
  why: "The gradient points uphill, and the update is written θ + α g/(√v + ε) as if the " +
    "step followed it.",
  variant: (parameters, gradient, options) =>
    ascent("rmspropStep", parameters, rmspropStep(parameters, gradient, options)),
  // g = 1: v = 0.01 g² = 0.01, θ = 0 + 0.01 / (0.1 + 1e-8) ≈ 0.1, where descent gives -0.1
  example: {
    args: [[0], [1], { learningRate: 0.01 }],
    result: {
      parameters: [0.01 / (0.1 + 1e-8)],
      state: { step: 1, squareAvg: [0.01], gradAvg: null, momentumBuffer: null },
    },
  },
}]);

/** The state {@linkcode adamStep} and {@linkcode adamwStep} carry. */
export interface AdamState {
  /** Steps taken so far, $t$. */
  step: number;
  /** The running mean of gradients $m$. */
  expAvg: number[];
  /** The running mean of squared gradients $v$. */
  expAvgSq: number[];
  /** The largest $v$ seen so far (AMSGrad only; else null). */
  maxExpAvgSq: number[] | null;
}

/** Options of {@linkcode adamStep} and {@linkcode adamwStep}. */
export interface AdamOptions {
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
  /**
   * $(\beta_1, \beta_2)$, each in $[0, 1)$.
   * @default {[0.9, 0.999]}
   */
  betas?: readonly [number, number];
  /**
   * $\varepsilon > 0$, added to the root.
   * @default {1e-8}
   */
  eps?: number;
  /**
   * Weight decay $\lambda \ge 0$: added to the gradient by Adam, applied to $\theta$ directly
   * by AdamW.
   * @default {0 for Adam, 0.01 for AdamW}
   */
  weightDecay?: number;
  /**
   * AMSGrad: divide by the largest $\hat v$ so far, so steps never grow back.
   * @default {false}
   */
  amsgrad?: boolean;
  /**
   * The previous state; omitted for the first step.
   * @default {undefined}
   */
  state?: AdamState;
}

function adam(
  fn: string,
  parameters: TensorLike,
  gradient: TensorLike,
  options: AdamOptions,
  decoupled: boolean,
  correct: boolean,
): OptimizerStep<AdamState> {
  const [theta, grad] = vectors(fn, parameters, gradient);
  const lr = rate(fn, options?.learningRate);
  const [b1, b2] = options.betas ?? [0.9, 0.999];
  inRange(fn, "betas[0]", b1, 0, 1, true);
  inRange(fn, "betas[1]", b2, 0, 1, true);
  const eps = positiveNumber(fn, "eps", options.eps ?? 1e-8);
  const wd = nonNegative(fn, "weightDecay", options.weightDecay ?? (decoupled ? 0.01 : 0));
  const amsgrad = options.amsgrad ?? false;
  const n = theta.length;
  const st = options.state;
  const t = (st?.step ?? 0) + 1;
  const zeros = () => new Array(n).fill(0);
  const start = decoupled ? theta.map((p) => p * (1 - lr * wd)) : theta;
  const g = decoupled ? grad : grad.map((gi, i) => gi + wd * theta[i]);
  const m = (st ? stateVector(fn, "state.expAvg", st.expAvg, n) : zeros())
    .map((mi, i) => b1 * mi + (1 - b1) * g[i]);
  const v = squaresFinite(
    fn,
    "state.expAvgSq",
    (st ? stateVector(fn, "state.expAvgSq", st.expAvgSq, n) : zeros())
      .map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]),
  );
  let maxExpAvgSq: number[] | null = null;
  let root = v;
  if (amsgrad) {
    const prior = st?.maxExpAvgSq
      ? stateVector(fn, "state.maxExpAvgSq", st.maxExpAvgSq, n)
      : zeros();
    maxExpAvgSq = prior.map((x, i) => Math.max(x, v[i]));
    root = maxExpAvgSq;
  }
  const bc1 = correct ? 1 - b1 ** t : 1;
  const bc2 = correct ? 1 - b2 ** t : 1;
  const next = start.map((p, i) =>
    p - (lr / bc1) * m[i] / (Math.sqrt(root[i]) / Math.sqrt(bc2) + eps)
  );
  return {
    parameters: finish(fn, next),
    state: { step: t, expAvg: m, expAvgSq: v, maxExpAvgSq },
  };
}

/**
 * One Adam step (PyTorch's `torch.optim.Adam`), with L2 weight decay added to the gradient
 * and optional AMSGrad:
 *
 * $$ g \leftarrow g + \lambda\theta, \quad m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad
 * v \leftarrow \beta_2 v + (1 - \beta_2) g^2, $$
 * $$ \theta \leftarrow \theta - \frac{\alpha}{1 - \beta_1^t} \cdot
 * \frac{m}{\sqrt{\tilde v}/\sqrt{1 - \beta_2^t} + \varepsilon}, \qquad
 * \tilde v = v \text{ or, with AMSGrad, } \max(\tilde v_\text{prev}, v) . $$
 *
 * @param parameters $\theta$.
 * @param gradient $g$.
 * @param options $\alpha$, $(\beta_1, \beta_2)$, $\varepsilon$, $\lambda$, AMSGrad and the previous state.
 * @returns The new parameters and state.
 * @throws {TypeError} If the lengths differ.
 * @throws {RangeError} If the learning rate is not > 0 or another value is out of range.
 *
 * @example The first step: θ grows by about α = 0.01 for g = -0.5
 * ```ts
 * import { adamStep } from "./optimizers.ts";
 * import { ok } from "node:assert/strict";
 *
 * const { parameters, state } = adamStep([0], [-0.5], { learningRate: 0.01 });
 * ok(Math.abs(parameters[0] - 0.01) < 1e-9);
 * ok(state.step === 1 && Math.abs(state.expAvg[0] + 0.05) < 1e-15);
 * ```
 */
export function adamStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: AdamOptions,
): OptimizerStep<AdamState> {
  return adam("adamStep", parameters, gradient, options, false, true);
}

commonMistakes(adamStep, [{
  id: "no-bias-correction",
  name: "Adam without bias correction",
  why:
    "The running means m and v look like the quantities to use; they start at zero and are too small for the first steps until divided by 1 − β^t.",
  variant: (parameters, gradient, options) =>
    adam("adamStep", parameters, gradient, options, false, false),
  example: {
    args: [[0], [-0.5], { learningRate: 0.01 }],
    result: {
      parameters: [0.01 * 0.05 / (Math.sqrt(0.001 * 0.25) + 1e-8)],
      state: { step: 1, expAvg: [-0.05], expAvgSq: [0.001 * 0.25], maxExpAvgSq: null },
    },
  },
}, {
  id: "ascent",
  name: "the step added instead of subtracted (gradient ascent)",
  why: "The gradient points uphill, and the update is written θ + α m̂/(√v̂ + ε) as if the " +
    "step followed it.",
  variant: (parameters, gradient, options) =>
    ascent("adamStep", parameters, adamStep(parameters, gradient, options)),
  // m̂ = -0.05/0.1 = -0.5, v̂ = 0.00025/0.001 = 0.25: the step is 0.01 * 0.5/(0.5 + 1e-8), and
  // θ = 0 moves down by it, where Adam moves it up
  example: {
    args: [[0], [-0.5], { learningRate: 0.01 }],
    result: {
      parameters: [-0.01 * 0.5 / (0.5 + 1e-8)],
      state: { step: 1, expAvg: [-0.05], expAvgSq: [0.001 * 0.25], maxExpAvgSq: null },
    },
  },
}]);

/**
 * One AdamW step (PyTorch's `torch.optim.AdamW`): Adam with *decoupled* weight decay, which
 * shrinks the parameters before the Adam update instead of adding $\lambda\theta$ to the
 * gradient:
 *
 * $$ \theta \leftarrow \theta (1 - \alpha\lambda), \quad\text{then Adam's update with }
 * \lambda = 0 . $$
 *
 * @param parameters $\theta$.
 * @param gradient $g$.
 * @param options As for {@linkcode adamStep}; `weightDecay` defaults to 0.01.
 * @returns The new parameters and state.
 * @throws {TypeError} If the lengths differ.
 * @throws {RangeError} If the learning rate is not > 0 or another value is out of range.
 *
 * @example With a zero gradient AdamW still shrinks θ by αλθ; Adam with L2 does not move
 * ```ts
 * import { adamStep, adamwStep } from "./optimizers.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(adamwStep([2], [0], { learningRate: 0.1, weightDecay: 0.5 }).parameters, [1.9]);
 * // Adam adds λθ = 1 to the gradient and divides by its size: a move of about α
 * const l2 = adamStep([2], [0], { learningRate: 0.1, weightDecay: 0.5 }).parameters[0];
 * deepStrictEqual(Math.round(l2 * 1e6) / 1e6, 1.9);
 * ```
 */
export function adamwStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: AdamOptions,
): OptimizerStep<AdamState> {
  return adam("adamwStep", parameters, gradient, options, true, true);
}

commonMistakes(adamwStep, [{
  id: "decay-in-gradient",
  name: "weight decay added to the gradient (Adam's L2) instead of decoupled",
  why: "Adam and AdamW both take a weight decay, and adding λθ to the gradient, as Adam does, " +
    "lets the adaptive denominator rescale the decay that AdamW applies to θ directly.",
  variant: (parameters, gradient, options) => {
    adamwStep(parameters, gradient, options); // the checks of the function itself
    return adam("adamwStep", parameters, gradient, options, false, true);
  },
  // θ = 1, g = 0, λ = 0.1, α = 0.1: the gradient becomes 0.1, m̂ = 0.1, v̂ = 0.01, so the step
  // is 0.1 * 0.1 / (0.1 + 1e-8) ≈ 0.1 and θ = 0.9; AdamW gives 1 * (1 - 0.1 * 0.1) = 0.99
  example: {
    args: [[1], [0], { learningRate: 0.1, weightDecay: 0.1 }],
    result: {
      parameters: [
        1 - (0.1 / 0.1) * 0.010000000000000002 / (Math.sqrt(0.00001) / Math.sqrt(0.001) + 1e-8),
      ],
      state: { step: 1, expAvg: [0.010000000000000002], expAvgSq: [0.00001], maxExpAvgSq: null },
    },
  },
}]);

/**
 * An optimizer for {@linkcode gradientDescent}'s `optimizer` option: its kind and its
 * hyper-parameters (the learning rate is the run's own `learningRate`).
 */
export type OptimizerSpec =
  | ({ kind: "sgd" } & Omit<SgdOptions, "learningRate" | "state">)
  | ({ kind: "adagrad" } & Omit<AdagradOptions, "learningRate" | "state">)
  | ({ kind: "rmsprop" } & Omit<RmspropOptions, "learningRate" | "state">)
  | ({ kind: "adam" | "adamw" } & Omit<AdamOptions, "learningRate" | "state">);

/** The state of any optimizer, as {@linkcode optimizerStep} passes it along. */
export type OptimizerState = SgdState | AdagradState | RmspropState | AdamState;

/** Options of {@linkcode optimizerStep}. */
export interface OptimizerStepOptions {
  /** Which optimizer, and its hyper-parameters. */
  optimizer: OptimizerSpec;
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
  /**
   * The previous step's state; omitted for the first step.
   * @default {undefined}
   */
  state?: OptimizerState;
}

/**
 * One step of the optimizer named by `options.optimizer.kind`: {@linkcode sgdStep},
 * {@linkcode adagradStep}, {@linkcode rmspropStep}, {@linkcode adamStep} or
 * {@linkcode adamwStep}, each moving $\theta$ to $\theta - \alpha\, u(g, \text{state})$ by
 * its own rule $u$.
 *
 * @param parameters $\theta$.
 * @param gradient $g$.
 * @param options The optimizer, the learning rate and the previous state.
 * @returns The new parameters and state.
 * @throws {TypeError} If the kind is unknown or the lengths differ.
 * @throws {RangeError} If a hyper-parameter is out of range.
 *
 * @example The same step as sgdStep
 * ```ts
 * import { optimizerStep, sgdStep } from "./optimizers.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(
 *   optimizerStep([1], [2], { optimizer: { kind: "sgd", momentum: 0.5 }, learningRate: 0.1 }),
 *   sgdStep([1], [2], { learningRate: 0.1, momentum: 0.5 }),
 * );
 * ```
 */
export function optimizerStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: OptimizerStepOptions,
): OptimizerStep<OptimizerState> {
  return guard("optimizerStep", () => {
    const { optimizer, learningRate, state } = options;
    const kind = optimizer?.kind;
    const { kind: _, ...hyper } = optimizer ?? {};
    const common = { ...hyper, learningRate };
    switch (kind) {
      case "sgd":
        return sgdStep(parameters, gradient, { ...common, state: state as SgdState });
      case "adagrad":
        return adagradStep(parameters, gradient, { ...common, state: state as AdagradState });
      case "rmsprop":
        return rmspropStep(parameters, gradient, { ...common, state: state as RmspropState });
      case "adam":
        return adamStep(parameters, gradient, { ...common, state: state as AdamState });
      case "adamw":
        return adamwStep(parameters, gradient, { ...common, state: state as AdamState });
    }
    throw new TypeError(
      `optimizerStep: optimizer.kind must be "sgd", "adagrad", "rmsprop", "adam" or "adamw", got ${
        show(kind)
      }`,
    );
  });
}
