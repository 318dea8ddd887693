/**
 * # The learning rate: too small, just right, too large
 *
 * Question 4(a) of the worked solution sheet says that a good learning rate converges
 * fairly quickly, one that is too small takes too long, and one that is too large may fail
 * to converge and diverge. On a quadratic this can be proved, not just observed. Take
 *
 * $$f(w) = \tfrac{L}{2} w^2, \qquad f'(w) = L w, \qquad
 *   w_{k+1} = w_k - \alpha f'(w_k) = (1 - \alpha L)\, w_k ,$$
 *
 * so $w_k = (1 - \alpha L)^k w_0$. The iterates go to the minimum $w^* = 0$ exactly when
 * $|1 - \alpha L| < 1$, that is
 *
 * $$0 < \alpha < \frac{2}{L}.$$
 *
 * At $\alpha = 1/L$ the factor is $0$ and one step lands on the minimum. For
 * $1/L < \alpha < 2/L$ the factor is negative: the iterate jumps across the minimum each
 * step (it overshoots) but still converges. At $\alpha = 2/L$ it bounces between $w_0$ and
 * $-w_0$ for ever, and above $2/L$ it diverges. For very small $\alpha$ the factor is
 * close to $1$ and reaching a tolerance $\tau$ takes $\log \tau / \log(1 - \alpha L)
 * \approx -\ln \tau / (\alpha L)$ steps: "too long".
 *
 * With several curvatures, $f(w) = \frac12 \sum_i L_i w_i^2$, each coordinate has its own
 * factor $1 - \alpha L_i$: the rate must stay below $2 / L_{\max}$, and then the flattest
 * direction converges with factor $1 - \alpha L_{\min} \ge 1 - 2 L_{\min} / L_{\max}$, slowly
 * when the condition number $L_{\max} / L_{\min}$ is large. For example with curvatures
 * $1$ and $100$ the rate must be below $0.02$, and even then the flat direction shrinks by
 * at best $0.98$ per step.
 *
 * {@linkcode classifyLearningRate} runs full-batch gradient descent on any
 * {@linkcode Objective} (a quadratic here, logistic regression from `descent.ts`) and
 * files the rate under one of four verdicts, with the iteration count.
 *
 * ## Summary
 *
 * - On $f(w) = \tfrac{L}{2} w^2$ each gradient step multiplies $w$ by $1 - \alpha L$.
 * - The steps converge exactly when $0 < \alpha < 2/L$; they overshoot and zigzag between
 *   $1/L$ and $2/L$, and diverge above.
 * - A very small rate converges, but in about $-\ln \tau / (\alpha L)$ steps: too slowly.
 * - With several curvatures the largest sets the limit and the smallest sets the speed.
 *
 * @example The document's three regimes on f(w) = w^2 (L = 2, so 2/L = 1)
 * ```ts
 * import { classifyLearningRate, quadratic } from "./learning_rate.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const f = quadratic(2);
 * strictEqual(classifyLearningRate(f, { learningRate: 0.5 }).iterations, 1); // 1/L: one step
 * strictEqual(classifyLearningRate(f, { learningRate: 0.5 }).verdict, "converges quickly");
 * strictEqual(classifyLearningRate(f, { learningRate: 0.001 }).verdict, "converges slowly");
 * strictEqual(classifyLearningRate(f, { learningRate: 1 }).verdict, "oscillates"); // 2/L
 * strictEqual(classifyLearningRate(f, { learningRate: 1.5 }).verdict, "diverges");
 * ```
 *
 * @module
 */

import {
  as,
  entries,
  finiteNumber,
  finiteResult,
  guard,
  iterations,
  options as readOptions,
  positiveInteger,
  positiveNumber,
  show,
  trainingProblemSize,
  work,
} from "./_validate.ts";
import { batchGradient, fullLoss, type TrainingProblem } from "./descent.ts";
import { tensor, type TensorLike, vector } from "./tensor.ts";

/**
 * A differentiable function to minimise, with its gradient and a starting point. The
 * point is a flat vector of parameters.
 */
export interface Objective {
  /** The starting point $w_0$ (at least one coordinate). */
  start: readonly number[];
  /** $f(w)$. */
  value(w: Float64Array): number;
  /** $\nabla f(w)$, as many numbers as $w$. */
  gradient(w: Float64Array): Float64Array;
}

/** The quadratic $f(w) = \frac12 \sum_i L_i w_i^2$ as an {@linkcode Objective}. */
export interface Quadratic extends Objective {
  /** The curvatures $L_i$ (the eigenvalues of the Hessian). */
  curvatures: readonly number[];
}

/** Options of {@linkcode quadratic}. */
export interface QuadraticOptions {
  /**
   * The starting point $w_0$, one coordinate per curvature.
   * @default {all ones}
   */
  start?: TensorLike;
}

/**
 * The quadratic bowl $f(w) = \frac12 \sum_i L_i w_i^2$, with gradient
 * $\nabla f(w)_i = L_i w_i$ and minimum $0$ at $w = 0$.
 *
 * @param curvatures $L$ (one number: $f(w) = \frac{L}{2} w^2$) or the list $L_1, \dots, L_d$;
 *   each a finite number > 0.
 * @param options The starting point.
 * @returns The objective, with its curvatures.
 * @throws {RangeError} If a curvature is not a finite number > 0, or the start is not finite.
 * @throws {TypeError} If the start does not have one coordinate per curvature.
 *
 * @example An ill-conditioned bowl: curvatures 1 and 100
 * ```ts
 * import { quadratic } from "./learning_rate.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const f = quadratic([1, 100]);
 * strictEqual(f.value(new Float64Array([1, 1])), 50.5); // (1 + 100) / 2
 * deepStrictEqual([...f.gradient(new Float64Array([1, 1]))], [1, 100]);
 * ```
 */
export function quadratic(
  curvatures: number | readonly number[],
  options: QuadraticOptions = {},
): Quadratic {
  return guard("quadratic", () => {
    options = readOptions("quadratic", options);
    const fn = "quadratic";
    const list = typeof curvatures === "number" ? [curvatures] : [...curvatures];
    if (!Array.isArray(list) || list.length === 0) {
      throw new TypeError(
        `${fn}: curvatures must be a number or a non-empty list, got ${show(list)}`,
      );
    }
    list.forEach((L, i) => positiveNumber(fn, `curvatures[${i}]`, L));
    const start = options.start === undefined
      ? list.map(() => 1)
      : [...vector(fn, "start", options.start)];
    if (start.length !== list.length) {
      throw new TypeError(
        `${fn}: start has ${start.length} coordinates but there are ${list.length} curvatures`,
      );
    }
    return {
      curvatures: list,
      start,
      value: (w) => list.reduce((sum, L, i) => sum + 0.5 * L * w[i] * w[i], 0),
      gradient: (w) => Float64Array.from(list, (L, i) => L * w[i]),
    };
  });
}

/**
 * A training problem's full-data mean loss as an {@linkcode Objective}, so that a
 * learning-rate study can run batch gradient descent on it (for example logistic
 * regression from `logisticRegression` in `descent.ts`):
 *
 * $$f(\theta) = \frac{1}{N} \sum_{i=1}^{N} \ell_i(\theta), \qquad
 *   \nabla f(\theta) = \frac{1}{N} \sum_{i=1}^{N} \nabla \ell_i(\theta),$$
 *
 * starting from the problem's parameters.
 *
 * @param problem The problem (see `descent.ts`): at least one sample, and $\theta$ of the
 *   length its `sample` expects.
 * @returns The objective, starting at the problem's parameters $\theta_0$.
 * @throws {TypeError} If `problem` is not a training problem; the returned `value` and
 *   `gradient` throw as {@linkcode fullLoss} and {@linkcode batchGradient} do, for a
 *   $\theta$ of the wrong length.
 * @throws {RangeError} If the problem has no samples (`problem.size` is not a positive
 *   integer), so the mean loss would be $0/0$.
 *
 * @example Logistic regression: at w = b = 0 the mean loss is ln 2
 * ```ts
 * import { problemObjective } from "./learning_rate.ts";
 * import { logisticRegression } from "./descent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const f = problemObjective(
 *   logisticRegression({ X: [[1], [-1]], y: [1, 0] }, { w0: [0], b0: 0 }),
 * );
 * ok(Math.abs(f.value(new Float64Array([0, 0])) - Math.LN2) < 1e-15);
 * ```
 */
export function problemObjective(problem: TrainingProblem): Objective {
  return guard("problemObjective", () => {
    trainingProblemSize("problemObjective", "problem", problem);
    return {
      start: [...problem.parameters],
      value: (w) => fullLoss(problem, [...w]),
      gradient: (w) => batchGradient(problem, { parameters: [...w] }).gradient,
    };
  });
}

/** The four verdicts of {@linkcode classifyLearningRate}. */
export type LearningRateVerdict =
  | "converges quickly"
  | "converges slowly"
  | "oscillates"
  | "diverges";

/** Options of {@linkcode classifyLearningRate} and {@linkcode learningRateStudy}. */
export interface ClassifyOptions {
  /**
   * The stopping tolerance, relative: converged when
   * $\lVert \nabla f(w_k) \rVert \le \tau \lVert \nabla f(w_0) \rVert$. A finite number > 0.
   * @default {1e-6}
   */
  tolerance?: number;
  /**
   * The iteration budget; a positive integer.
   * @default {10000}
   */
  maxIterations?: number;
  /**
   * Converging within this many iterations is "quickly"; a positive integer.
   * @default {100}
   */
  quickIterations?: number;
  /**
   * Diverged as soon as $\lVert \nabla f(w_k) \rVert$ exceeds this multiple of
   * $\lVert \nabla f(w_0) \rVert$ (or anything becomes non-finite); a finite number > 1.
   * @default {1e8}
   */
  divergenceFactor?: number;
}

/** What {@linkcode classifyLearningRate} found for one rate. */
export interface LearningRateResult {
  /** The rate $\alpha$. */
  learningRate: number;
  /**
   * - `"converges quickly"`: reached the tolerance within `quickIterations`;
   * - `"converges slowly"`: reached it later, or not within the budget while steadily
   *   decreasing without overshooting;
   * - `"oscillates"`: did not reach it, did not grow, and kept jumping back and forth;
   * - `"diverges"`: the gradient grew past `divergenceFactor`, or ended larger than it
   *   started, or became non-finite.
   */
  verdict: LearningRateVerdict;
  /** The iterations taken to reach the tolerance, or `null` if it was not reached. */
  iterations: number | null;
  /**
   * Whether the last two steps pointed in opposite directions
   * ($\langle w_{k+1} - w_k, w_k - w_{k-1} \rangle < 0$): the iterate jumps across the
   * valley. A converging run can overshoot too (for a quadratic, when $1/L < \alpha < 2/L$).
   */
  overshoots: boolean;
  /** $f(w_0), f(w_1), \dots$: the value after each iteration, starting point first. */
  values: number[];
  /** The final point. */
  point: number[];
}

/** The objective's starting point as float64, checked: an objective with value, gradient and a non-empty start. */
function objectiveStart(fn: string, objective: Objective): Float64Array {
  if (
    objective === null || typeof objective !== "object" ||
    typeof objective.value !== "function" || typeof objective.gradient !== "function"
  ) {
    throw new TypeError(
      `${fn}: objective must be an object with value, gradient and start, got ${show(objective)}`,
    );
  }
  const w = tensor(objective.start, { fn, name: "objective.start" });
  if (w.rank !== 1 || w.size === 0) {
    throw new TypeError(
      `${fn}: objective.start must be a non-empty vector, got shape ${show([...w.shape])}`,
    );
  }
  return Float64Array.from(w.data);
}

/**
 * Runs full-batch gradient descent $w_{k+1} = w_k - \alpha \nabla f(w_k)$ from the
 * objective's start and classifies the rate $\alpha$ (see
 * {@linkcode LearningRateResult.verdict}).
 *
 * $$w_{k+1} = w_k - \alpha \nabla f(w_k), \qquad
 *   \text{stop when } \lVert \nabla f(w_k) \rVert \le \tau \lVert \nabla f(w_0) \rVert$$
 *
 * where $\alpha$ is `options.learningRate` and $\tau$ is `options.tolerance`.
 *
 * @param objective The function to minimise, with its gradient and start.
 * @param options The rate $\alpha$ (required, a finite number > 0), and the tolerance,
 *   budget and thresholds of the verdicts.
 * @returns The verdict, the iterations to the tolerance, whether it overshoots, the value
 *   history and the final point.
 * @throws {RangeError} If the learning rate is not a finite number > 0, or an option is
 *   out of range.
 * @throws {TypeError} If the objective's start is empty or the gradient has the wrong length.
 * @throws {RangeError} If the objective's value or gradient is not finite at its start
 *   (there is nothing to descend from; later non-finite values mean "diverges").
 *
 * @example Above 1/L the quadratic converges while jumping across the minimum
 * ```ts
 * import { classifyLearningRate, quadratic } from "./learning_rate.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * // L = 4: factor 1 - 0.375 * 4 = -0.5, so w halves and flips sign each step.
 * const run = classifyLearningRate(quadratic(4), { learningRate: 0.375 });
 * strictEqual(run.verdict, "converges quickly");
 * ok(run.overshoots);
 * strictEqual(run.values[1], run.values[0] / 4); // f scales with w^2
 * ```
 */
export function classifyLearningRate(
  objective: Objective,
  options: ClassifyOptions & { learningRate: number },
): LearningRateResult {
  return guard("classifyLearningRate", () => {
    const fn = "classifyLearningRate";
    const o = readOptions(fn, options);
    const alpha = learningRateOf(fn, o.learningRate);
    const tolerance = positiveNumber(fn, "tolerance", o.tolerance ?? 1e-6);
    const maxIterations = positiveInteger(fn, "maxIterations", o.maxIterations ?? 10000);
    const quickIterations = positiveInteger(fn, "quickIterations", o.quickIterations ?? 100);
    const divergenceFactor = finiteNumber(fn, "divergenceFactor", o.divergenceFactor ?? 1e8);
    if (divergenceFactor <= 1) {
      throw new RangeError(`${fn}: divergenceFactor must be > 1, got ${show(divergenceFactor)}`);
    }
    const w = objectiveStart(fn, objective);
    // Checked before iterating: the values kept (one per iteration) and the coordinate updates.
    iterations(fn, "descent (maxIterations)", maxIterations);
    work(fn, "descent", maxIterations * (w.length + 1));
    const norm = (g: Float64Array) => Math.sqrt(g.reduce((s, v) => s + v * v, 0));
    const gradientAt = (point: Float64Array) => {
      const g = objective.gradient(point);
      if (g.length !== point.length) {
        throw new TypeError(
          `${fn}: objective.gradient returned ${g.length} numbers for ${point.length} parameters`,
        );
      }
      return g;
    };

    const values = [objective.value(w)];
    let g = gradientAt(w);
    const g0 = norm(g);
    if (!Number.isFinite(values[0]) || !Number.isFinite(g0)) {
      throw new RangeError(
        `${fn}: objective must be finite at its start, got value ${
          show(values[0])
        } and gradient norm ${show(g0)}`,
      );
    }
    const result = (
      verdict: LearningRateVerdict,
      iterations: number | null,
      overshoots: boolean,
    ) => ({
      learningRate: alpha,
      verdict,
      iterations,
      overshoots,
      values,
      point: [...w],
    });
    if (g0 === 0) return result("converges quickly", 0, false);

    let previousStep: Float64Array | null = null;
    let overshoots = false;
    for (let k = 1; k <= maxIterations; k++) {
      const step = g.map((v) => -alpha * v);
      for (let i = 0; i < w.length; i++) w[i] += step[i];
      if (previousStep !== null) {
        let dot = 0;
        for (let i = 0; i < w.length; i++) dot += step[i] * previousStep[i];
        overshoots = dot < 0;
      }
      previousStep = step;
      values.push(objective.value(w));
      g = gradientAt(w);
      const size = norm(g);
      if (!Number.isFinite(size) || !Number.isFinite(values[k]) || size > divergenceFactor * g0) {
        return result("diverges", null, overshoots);
      }
      if (size <= tolerance * g0) {
        return result(
          k <= quickIterations ? "converges quickly" : "converges slowly",
          k,
          overshoots,
        );
      }
    }
    if (norm(g) > g0) return result("diverges", null, overshoots);
    return result(overshoots ? "oscillates" : "converges slowly", null, overshoots);
  });
}

/**
 * Classifies each of several learning rates on the same objective
 * (see {@linkcode classifyLearningRate}): the table of question 4(a). Each rate $\alpha$
 * (an entry of `learningRates`) runs its own gradient descent from the objective's start,
 *
 * $$w_{k+1} = w_k - \alpha \nabla f(w_k),$$
 *
 * where $f$ is `objective`; on the quadratic $f(w) = \tfrac{L}{2} w^2$ this converges
 * exactly when $0 < \alpha < 2/L$, which the example shows for $L = 1$.
 *
 * @param objective The function to minimise.
 * @param learningRates The rates to try, each a finite number > 0.
 * @param options The tolerance, budget and thresholds, shared by every rate.
 * @returns One result per rate, in the given order.
 * @throws {RangeError} If a rate is not a finite number > 0, or an option is out of range.
 * @throws {TypeError} If `learningRates` is not a non-empty list.
 *
 * @example The 1-D quadratic with L = 1: small, good, too large
 * ```ts
 * import { learningRateStudy, quadratic } from "./learning_rate.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const rows = learningRateStudy(quadratic(1), [0.01, 1, 1.5, 2, 2.5]);
 * deepStrictEqual(rows.map((r) => r.verdict), [
 *   "converges slowly", "converges quickly", "converges quickly", "oscillates", "diverges",
 * ]);
 * ```
 */
export function learningRateStudy(
  objective: Objective,
  learningRates: readonly number[],
  options: ClassifyOptions = {},
): LearningRateResult[] {
  return guard("learningRateStudy", () => {
    if (!Array.isArray(learningRates) || learningRates.length === 0) {
      throw new TypeError(
        `learningRateStudy: learningRates must be a non-empty list, got ${show(learningRates)}`,
      );
    }
    const fn = "learningRateStudy";
    learningRates.forEach((rate, i) => learningRateOf(fn, rate, `[${i}]`));
    const shared = readOptions(fn, options);
    const dimension = objectiveStart(fn, objective).length;
    const maxIterations = shared.maxIterations ?? 10000;
    if (typeof maxIterations === "number") {
      iterations(
        fn,
        "the study (learning rates × maxIterations)",
        learningRates.length * maxIterations,
      );
      iterations(
        fn,
        "the study (learning rates × maxIterations)",
        learningRates.length * maxIterations,
      );
      work(fn, "the study", learningRates.length * maxIterations * (dimension + 1));
    }
    return as(
      fn,
      "classifyLearningRate",
      () =>
        learningRates.map((learningRate) =>
          classifyLearningRate(objective, { ...shared, learningRate })
        ),
    );
  });
}

/**
 * What theory says about gradient descent on $f(w) = \frac12 \sum_i L_i w_i^2$ with rate
 * $\alpha$: each coordinate is multiplied by $1 - \alpha L_i$ per step, so it converges iff
 * $\max_i |1 - \alpha L_i| < 1$, i.e. $0 < \alpha < 2 / L_{\max}$.
 *
 * @param curvatures $L$ or $L_1, \dots, L_d$, each a finite number > 0.
 * @param learningRate $\alpha$, a finite number > 0.
 * @returns The per-step factors $1 - \alpha L_i$, the largest $|1 - \alpha L_i|$
 *   (the contraction), whether it converges, and the bound $2 / L_{\max}$.
 * @throws {RangeError} If a curvature or the rate is not a finite number > 0.
 *
 * @example Curvatures 1 and 100: the bound is 2/100
 * ```ts
 * import { quadraticTheory } from "./learning_rate.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const t = quadraticTheory([1, 100], 0.01);
 * strictEqual(t.bound, 0.02);
 * strictEqual(t.converges, true);
 * strictEqual(t.contraction, 0.99); // the flat direction: 1 - 0.01 * 1
 * ```
 */
export function quadraticTheory(
  curvatures: number | readonly number[],
  learningRate: number,
): { factors: number[]; contraction: number; converges: boolean; bound: number } {
  return guard("quadraticTheory", () => {
    const fn = "quadraticTheory";
    const list = typeof curvatures === "number" ? [curvatures] : [...curvatures];
    if (list.length === 0) throw new TypeError(`${fn}: curvatures must not be empty`);
    entries(fn, "curvatures", list.length);
    list.forEach((L, i) => positiveNumber(fn, `curvatures[${i}]`, L));
    const alpha = learningRateOf(fn, learningRate);
    const factors = list.map((L) => 1 - alpha * L);
    const contraction = Math.max(...factors.map(Math.abs));
    const bound = 2 / Math.max(...list);
    finiteResult(fn, "the contraction factor", contraction);
    finiteResult(fn, "the stability bound 2 / max curvature", bound);
    factors.forEach((f) => finiteResult(fn, "a contraction factor", f));
    return { factors, contraction, converges: contraction < 1, bound };
  });
}

function learningRateOf(fn: string, value: unknown, suffix = ""): number {
  const name = `learningRate${suffix}`;
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}
