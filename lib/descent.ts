/**
 * # Gradient descent: batch, mini-batch and stochastic
 *
 * Training minimises the mean loss over a dataset of $N$ samples,
 *
 * $$\mathcal{L}(\theta) = \frac{1}{N} \sum_{i=1}^{N} \ell_i(\theta), \qquad
 *   \nabla \mathcal{L}(\theta) = \frac{1}{N} \sum_{i=1}^{N} \nabla \ell_i(\theta).$$
 *
 * Question 4(b, c) of the worked solution sheet contrasts three ways to step downhill.
 * Each cuts an epoch (one pass over the data) into batches $B$ of size $b$ and, for each
 * batch, takes the step
 *
 * $$\theta \leftarrow \theta - \alpha \, \frac{1}{|B|} \sum_{i \in B} \nabla \ell_i(\theta).$$
 *
 * - **Batch** gradient descent: $b = N$, one exact step per epoch, costing $N$
 *   per-sample gradients.
 * - **Stochastic** gradient descent: $b = 1$, $N$ cheap, noisy steps per epoch.
 * - **Mini-batch**: $1 < b < N$, $\lceil N / b \rceil$ steps per epoch (the last batch
 *   may be smaller).
 *
 * Every variant evaluates each sample's gradient once per epoch, so an epoch costs $N$
 * per-sample gradient evaluations whatever $b$ is; what changes is how many parameter
 * updates those evaluations buy, and how noisy each one is. A mini-batch gradient is an
 * unbiased estimate of the full one: over any partition of the data into batches, the
 * size-weighted average $\sum_B \frac{|B|}{N} \nabla \mathcal{L}_B$ is exactly
 * $\nabla \mathcal{L}$. {@linkcode gradientDescent} counts updates and per-sample gradient
 * evaluations and records the loss, so the sheet's claim "SGD takes cheap steps but
 * many of them" can be measured instead of asserted.
 *
 * The samples are visited in data order, or, given a `seed`, in a fresh random order each
 * epoch drawn from {@linkcode mulberry32}: the same seed gives the same run.
 *
 * The worked model is **logistic regression**, $p = \sigma(w^\top x + b)$ with the
 * binary cross-entropy on the logit $z = w^\top x + b$, whose per-sample gradient is
 *
 * $$\frac{\partial \ell_i}{\partial w} = (\sigma(z_i) - y_i)\, x_i, \qquad
 *   \frac{\partial \ell_i}{\partial b} = \sigma(z_i) - y_i .$$
 *
 * The common mistakes of a step are declared beside {@linkcode descentStep},
 * {@linkcode batchGradient} and {@linkcode gradientDescent} (`commonMistakes`): adding the
 * gradient (ascent), forgetting the learning rate, and summing a batch's gradients
 * instead of averaging them, which scales the step by the batch size.
 *
 * ## Summary
 *
 * - Batch, mini-batch and stochastic descent differ only in the batch size $b$ of each step.
 * - Every variant evaluates $N$ per-sample gradients per epoch; a smaller batch buys more,
 *   noisier updates with them.
 * - A mini-batch gradient is an unbiased estimate of the full one.
 * - Counted in updates stochastic descent takes the most steps; counted in gradient
 *   evaluations it is often the cheapest.
 *
 * @example Four updates per epoch for 10 samples in batches of 3 (3 + 3 + 3 + 1)
 * ```ts
 * import { trainLogisticRegression } from "./descent.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const data = { X: [[-2], [-1], [-0.5], [0], [0.5], [1], [2], [3], [-3], [1.5]],
 *   y: [0, 0, 1, 0, 1, 1, 1, 1, 0, 0] };
 * const run = trainLogisticRegression(data, { w0: [0], b0: 0, learningRate: 0.5,
 *   batchSize: 3, epochs: 2 });
 * strictEqual(run.updates, 8);
 * strictEqual(run.gradientEvaluations, 20);
 * ok(run.epochLosses[1] < run.initialLoss);
 * ```
 *
 * @module
 */

import {
  finiteNumber,
  finiteResult,
  guard,
  integer,
  iterations,
  options as readOptions,
  positiveInteger,
  show,
  step,
  trainingProblemSize,
  work,
} from "./_validate.ts";
import { binaryCrossEntropyWithLogits, binaryCrossEntropyWithLogitsGradient } from "./losses.ts";
import { convSigmoidDenseBackprop, type ConvSigmoidDenseParameters } from "./network.ts";
import { commonMistakes } from "./mistakes.ts";
import { type OptimizerSpec, type OptimizerState, optimizerStep } from "./optimizers.ts";
import { mulberry32, permutation } from "./random.ts";
import { expectRank, Tensor, type TensorLike, vector } from "./tensor.ts";

/** Options of {@linkcode descentStep}. */
export interface DescentStepOptions {
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
}

/**
 * One gradient-descent step: the parameters move against the gradient, scaled by the
 * learning rate,
 *
 * $$\theta \leftarrow \theta - \alpha\, \nabla E(\theta),$$
 *
 * where $\theta$ is `parameters`, $\nabla E(\theta)$ is `gradient` and $\alpha$ is
 * `options.learningRate`. This is the update the document writes in question 5,
 * $w = w - \alpha\, \partial E / \partial w$, for one parameter or several at once.
 *
 * @param parameters $\theta$: a number or a non-empty 1-D vector of finite numbers.
 * @param gradient $\nabla E(\theta)$: the same form and length, finite numbers.
 * @param options `learningRate`, the step size $\alpha$.
 * @returns The new parameters: a number for a number, otherwise a 1-D tensor.
 * @throws {TypeError} If an argument is not a number or 1-D vector, the lengths differ, or
 *   the learning rate is not a number.
 * @throws {RangeError} If an entry is NaN or infinite, a vector is empty, the learning
 *   rate is not a finite number > 0, or a new parameter leaves float64.
 *
 * @example w = 1 with slope 0.5 and rate 0.5: 1 - 0.5 * 0.5 = 0.75
 * ```ts
 * import { descentStep } from "./descent.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * strictEqual(descentStep(1, 0.5, { learningRate: 0.5 }), 0.75);
 * deepStrictEqual(
 *   descentStep([1, 2], [0.5, -1], { learningRate: 0.5 }).toFlatArray(),
 *   [0.75, 2.5],
 * );
 * ```
 */
export function descentStep(
  parameters: number,
  gradient: number,
  options: DescentStepOptions,
): number;
/** The same for a vector of parameters: a 1-D tensor of their length. */
export function descentStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: DescentStepOptions,
): Tensor;
export function descentStep(
  parameters: TensorLike,
  gradient: TensorLike,
  options: DescentStepOptions,
): number | Tensor {
  return guard("descentStep", () => {
    return stepWith("descentStep", parameters, gradient, options, (t, a, g) => t - a * g);
  });
}

/**
 * A step `update(theta_k, alpha, g_k)` of each parameter, for {@linkcode descentStep} and
 * its mistakes: the arguments are checked, and the result has the form of `parameters`.
 */
function stepWith(
  fn: string,
  parameters: TensorLike,
  gradient: TensorLike,
  options: DescentStepOptions,
  update: (theta: number, alpha: number, gradient: number) => number,
): number | Tensor {
  const theta = expectRank(fn, "parameters", parameters, [0, 1]);
  const g = expectRank(fn, "gradient", gradient, [0, 1]);
  if (theta.size !== g.size) {
    throw new TypeError(
      `${fn}: parameters has ${theta.size} numbers but gradient has ${g.size}; they must match`,
    );
  }
  const alpha = learningRate(fn, options?.learningRate);
  const next = finiteResult(
    fn,
    "the new parameters",
    theta.data.map((t, k) => update(t, alpha, g.data[k])),
  );
  return typeof parameters === "number" ? next[0] : new Tensor([theta.size], next);
}

commonMistakes(descentStep, [{
  id: "ascent",
  name: "gradient added instead of subtracted (ascent)",
  why: "The gradient points uphill, and the update is written theta + alpha g as if the " +
    "step followed it.",
  variant: (parameters, gradient, options) =>
    stepWith("descentStep", parameters, gradient, options, (t, a, g) => t + a * g) as Tensor,
  example: {
    args: [[1, 2], [0.5, -1], { learningRate: 0.5 }],
    result: new Tensor([2], [1.25, 1.5]),
  },
}, {
  id: "learning-rate-forgotten",
  name: "learning rate forgotten (a full gradient step)",
  why: 'The update is remembered as "subtract the gradient", and the factor alpha goes ' +
    "missing.",
  variant: (parameters, gradient, options) =>
    stepWith("descentStep", parameters, gradient, options, (t, _a, g) => t - g) as Tensor,
  example: {
    args: [[1, 2], [0.5, -1], { learningRate: 0.5 }],
    result: new Tensor([2], [0.5, 3]),
  },
}]);

/** One sample's loss and gradient, as a {@linkcode TrainingProblem} returns them. */
export interface SampleGradient {
  /** $\ell_i(\theta)$. */
  loss: number;
  /** $\nabla \ell_i(\theta)$, as many numbers as $\theta$. */
  gradient: Float64Array;
}

/**
 * A dataset and a model, seen by gradient descent as $N$ per-sample losses of one flat
 * parameter vector $\theta$.
 */
export interface TrainingProblem {
  /** $N$, the number of samples (at least 1). */
  size: number;
  /** The starting parameters $\theta_0$, flattened. */
  parameters: readonly number[];
  /** $\ell_i(\theta)$ and $\nabla \ell_i(\theta)$ for sample `i` (one gradient evaluation). */
  sample(theta: Float64Array, i: number): SampleGradient;
  /** $\ell_i(\theta)$ alone, for monitoring (not counted as a gradient evaluation). */
  loss(theta: Float64Array, i: number): number;
}

/** Options of {@linkcode gradientDescent}. */
export interface DescentOptions {
  /** The learning rate $\alpha$, a finite number > 0. */
  learningRate: number;
  /**
   * The batch size $b$, an integer in $[1, N]$: $N$ is batch gradient descent, $1$ is
   * stochastic gradient descent, anything between is mini-batch.
   * @default {N}
   */
  batchSize?: number;
  /**
   * The number of passes over the data, a positive integer.
   * @default {1}
   */
  epochs?: number;
  /**
   * Omitted: samples are visited in data order. Given: each epoch visits them in a
   * random order drawn from `mulberry32(seed)`; the same seed gives the same run.
   * @default {undefined}
   */
  seed?: number;
  /**
   * Omitted: the plain step $\theta \leftarrow \theta - \alpha g$. Given: each batch's mean
   * gradient is handed to that optimizer ({@linkcode optimizerStep}: SGD with momentum,
   * AdaGrad, RMSProp, Adam, AdamW) with `learningRate` as its $\alpha$, its state carried
   * from update to update.
   * @default {undefined}
   */
  optimizer?: OptimizerSpec;
}

/** What one run of {@linkcode gradientDescent} did. */
export interface DescentRun {
  /** The final parameters $\theta$, flattened. */
  parameters: number[];
  /** The number of parameter updates: $\lceil N / b \rceil$ per epoch. */
  updates: number;
  /** The number of per-sample gradients computed: $N$ per epoch. */
  gradientEvaluations: number;
  /** The full-data mean loss $\mathcal{L}(\theta_0)$ before training. */
  initialLoss: number;
  /** The full-data mean loss after each epoch. */
  epochLosses: number[];
  /** The mean loss of each batch, at the parameters before that batch's update (one per update). */
  batchLosses: number[];
  /** The order in which each epoch visited the samples. */
  orders: number[][];
}

/**
 * The mean loss and mean gradient of a problem over some of its samples,
 * $\frac{1}{|B|} \sum_{i \in B} \nabla \ell_i(\theta)$.
 *
 * @param problem The problem.
 * @param options `parameters` ($\theta$, default the problem's start) and `indices` ($B$,
 *   default every sample; a non-empty list of sample indices).
 * @returns The mean loss and gradient over $B$, and the number of gradient evaluations ($|B|$).
 * @throws {RangeError} If `indices` is empty or holds an index outside $[0, N)$, the
 *   problem has no samples (`problem.size` is not a positive integer), or the loss or
 *   gradient leaves float64 (the message names `batchGradient` and gives the model's reason).
 * @throws {TypeError} If `parameters` has the wrong length, or `problem` is not a training
 *   problem.
 *
 * @example The full gradient is the size-weighted average of two batch gradients
 * ```ts
 * import { batchGradient, logisticRegression } from "./descent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const p = logisticRegression({ X: [[1], [2], [-1]], y: [1, 0, 1] }, { w0: [0.5], b0: 0 });
 * const all = batchGradient(p).gradient;
 * const a = batchGradient(p, { indices: [0, 1] }).gradient;
 * const b = batchGradient(p, { indices: [2] }).gradient;
 * ok(Math.abs((2 * a[0] + 1 * b[0]) / 3 - all[0]) < 1e-15);
 * ```
 */
export function batchGradient(
  problem: TrainingProblem,
  options: { parameters?: TensorLike; indices?: readonly number[] } = {},
): { loss: number; gradient: Float64Array; evaluations: number } {
  return guard("batchGradient", () => {
    options = readOptions("batchGradient", options);
    const fn = "batchGradient";
    trainingProblemSize(fn, "problem", problem);
    const theta = options.parameters === undefined
      ? Float64Array.from(problem.parameters)
      : vector(fn, "parameters", options.parameters).slice();
    if (theta.length !== problem.parameters.length) {
      throw new TypeError(
        `${fn}: parameters has ${theta.length} numbers but the problem has ${problem.parameters.length}`,
      );
    }
    const indices = options.indices ?? Array.from({ length: problem.size }, (_, i) => i);
    if (indices.length === 0) throw new RangeError(`${fn}: indices is empty`);
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= problem.size) {
        throw new RangeError(
          `${fn}: indices must hold integers in [0, ${problem.size}), got ${show(i)}`,
        );
      }
    }
    return step(fn, "the loss and gradient", () => meanOver(fn, problem, theta, indices));
  });
}

commonMistakes(batchGradient, [{
  id: "sum-not-mean",
  name: "the batch's losses and gradients summed instead of averaged",
  why: "Each sample adds its gradient, and the division by the batch size is forgotten, " +
    "which scales the step by the batch size.",
  variant: (problem, options = {}) => {
    const mean = batchGradient(problem, options);
    const n = mean.evaluations;
    return { loss: mean.loss * n, gradient: mean.gradient.map((g) => g * n), evaluations: n };
  },
  // the two samples' gradients [-1, -0.5] and [2, 0.5] (see logisticRegression), each loss ln 2
  example: {
    args: [logisticRegression({ X: [[2], [4]], y: [1, 0] }, { w0: [0], b0: 0 })],
    result: { loss: 2 * Math.LN2, gradient: new Float64Array([1, 0]), evaluations: 2 },
  },
}]);

/**
 * The mean loss and gradient over `indices`. A sum that leaves float64 (a model whose
 * numbers grew too large) is a `RangeError` naming `fn`, never an infinite mean.
 */
function meanOver(
  fn: string,
  problem: TrainingProblem,
  theta: Float64Array,
  indices: readonly number[],
): { loss: number; gradient: Float64Array; evaluations: number } {
  const gradient = new Float64Array(theta.length);
  let loss = 0;
  for (const i of indices) {
    const s = problem.sample(theta, i);
    loss += s.loss;
    for (let k = 0; k < gradient.length; k++) gradient[k] += s.gradient[k];
  }
  for (let k = 0; k < gradient.length; k++) gradient[k] /= indices.length;
  return {
    loss: finiteResult(fn, "the mean loss", loss / indices.length),
    gradient: finiteResult(fn, "the mean gradient", gradient),
    evaluations: indices.length,
  };
}

/**
 * The full-data mean loss $\mathcal{L}(\theta) = \frac1N \sum_i \ell_i(\theta)$.
 *
 * @param problem The problem.
 * @param parameters $\theta$, default the problem's start.
 * @returns The mean loss.
 * @throws {TypeError} If `parameters` has the wrong length, or `problem` is not a training
 *   problem.
 * @throws {RangeError} If the problem has no samples ($N = 0$ would make the mean
 *   $0/0$), `parameters` holds NaN or an infinity, or the loss leaves float64 (the message
 *   names `fullLoss` and gives the model's reason).
 *
 * @example At w = 0, b = 0 every logistic-regression sample costs ln 2
 * ```ts
 * import { fullLoss, logisticRegression } from "./descent.ts";
 * import { ok } from "node:assert/strict";
 *
 * const p = logisticRegression({ X: [[1], [2]], y: [1, 0] }, { w0: [0], b0: 0 });
 * ok(Math.abs(fullLoss(p) - Math.LN2) < 1e-15);
 * ```
 */
export function fullLoss(problem: TrainingProblem, parameters?: TensorLike): number {
  return guard("fullLoss", () => {
    trainingProblemSize("fullLoss", "problem", problem);
    const theta = parameters === undefined
      ? Float64Array.from(problem.parameters)
      : vector("fullLoss", "parameters", parameters);
    if (theta.length !== problem.parameters.length) {
      throw new TypeError(
        `fullLoss: parameters has ${theta.length} numbers but the problem has ${problem.parameters.length}`,
      );
    }
    return step("fullLoss", "the loss", () => meanLoss("fullLoss", problem, theta));
  });
}

/** The full-data mean loss; one that leaves float64 is a `RangeError` naming `fn`. */
function meanLoss(fn: string, problem: TrainingProblem, theta: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < problem.size; i++) sum += problem.loss(theta, i);
  return finiteResult(fn, "the mean loss", sum / problem.size);
}

/**
 * Runs one step of a training run. The start was finite, so a `RangeError` from the model
 * or a number that left float64 means the run diverged: the error names `gradientDescent`,
 * where it happened and the learning rate, with the model's own message as the reason.
 */
function training<T>(alpha: number, where: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const reason = error.message.replace(/^gradientDescent: /, "");
    throw new RangeError(
      `gradientDescent: training diverged at ${where} (learning rate ${alpha} too large?): ${reason}`,
      { cause: error },
    );
  }
}

/**
 * Batch, mini-batch or stochastic gradient descent on a {@linkcode TrainingProblem}.
 *
 * $$\theta \leftarrow \theta - \alpha \, \frac{1}{|B|} \sum_{i \in B} \nabla \ell_i(\theta)
 *   \quad \text{for each batch } B \text{ of each epoch}$$
 *
 * where $\alpha$ is `options.learningRate` and the batches are consecutive runs of
 * `options.batchSize` samples in the epoch's order (the last one may be shorter).
 *
 * @param problem The samples, model and starting parameters.
 * @param options The learning rate (required), batch size, epochs, optional shuffle seed and
 *   optional optimizer (see {@linkcode OptimizerSpec}; omitted, the plain step).
 * @returns The final parameters, the counts of updates and of per-sample gradient
 *   evaluations, and the loss history.
 * @throws {RangeError} If the learning rate is not a finite number > 0, the batch size is
 *   not an integer in $[1, N]$, the epochs are not a positive integer, the seed is not an
 *   integer, the problem has no samples (`problem.size` is not a positive integer), the
 *   loss at the start is not finite, or the run diverges: a parameter, loss or gradient
 *   leaves float64. That message names the epoch and update, the learning rate, and the
 *   model's reason, for example `gradientDescent: training diverged at epoch 1, update 1
 *   (learning rate 1e+200 too large?): parameter 0 became Infinity`.
 * @throws {TypeError} If an option has the wrong type, or `problem` is not a training
 *   problem.
 *
 * @example Batch size N is one update per epoch; batch size 1 is N updates; same cost
 * ```ts
 * import { gradientDescent, logisticRegression } from "./descent.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const p = logisticRegression({ X: [[1], [2], [-1], [0]], y: [1, 0, 1, 0] },
 *   { w0: [0], b0: 0 });
 * const batch = gradientDescent(p, { learningRate: 0.1, epochs: 3 });
 * const adam = gradientDescent(p, { learningRate: 0.1, epochs: 3, optimizer: { kind: "adam" } });
 * strictEqual(adam.updates, 3);
 * const sgd = gradientDescent(p, { learningRate: 0.1, epochs: 3, batchSize: 1 });
 * strictEqual(batch.updates, 3);
 * strictEqual(sgd.updates, 12);
 * strictEqual(batch.gradientEvaluations, sgd.gradientEvaluations); // 12 each
 * ```
 */
export function gradientDescent(problem: TrainingProblem, options: DescentOptions): DescentRun {
  return descend(problem, options, (theta, alpha, gradient) => theta - alpha * gradient);
}

/**
 * The loop of {@linkcode gradientDescent}, each parameter updated by
 * `update(theta_k, alpha, g_k, |B|)` with `g_k` the batch's mean gradient: the true rule,
 * or one of its mistakes.
 */
function descend(
  problem: TrainingProblem,
  options: DescentOptions,
  update: (theta: number, alpha: number, gradient: number, batchSize: number) => number,
): DescentRun {
  return guard("gradientDescent", () => {
    const fn = "gradientDescent";
    const N = trainingProblemSize(fn, "problem", problem);
    const o = readOptions(fn, options);
    const alpha = learningRate(fn, o.learningRate);
    const batchSize = o.batchSize ?? N;
    positiveInteger(fn, "batchSize", batchSize);
    if (batchSize > N) {
      throw new RangeError(
        `${fn}: batchSize must be an integer in [1, ${N}] (the number of samples), got ${batchSize}`,
      );
    }
    const epochs = positiveInteger(fn, "epochs", o.epochs ?? 1);
    // Checked before training: the orders kept (one index per sample per epoch) and the
    // per-sample gradient evaluations times the parameters they update.
    iterations(fn, "training (epochs × samples gradient evaluations)", epochs * N);
    work(fn, "training", epochs * N * (problem.parameters.length + 1));
    const random = o.seed === undefined ? null : mulberry32(integer(fn, "seed", o.seed));

    const theta = Float64Array.from(problem.parameters);
    const optimizer = o.optimizer;
    let optimizerState: OptimizerState | undefined;
    if (optimizer !== undefined) checkOptimizer(fn, optimizer, theta, alpha);
    const initialLoss = step(
      fn,
      "the loss at the starting parameters",
      () => meanLoss(fn, problem, theta),
    );
    const epochLosses: number[] = [];
    const batchLosses: number[] = [];
    const orders: number[][] = [];
    let updates = 0;
    let gradientEvaluations = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = random === null
        ? Array.from({ length: N }, (_, i) => i)
        : permutation(N, random);
      orders.push(order);
      for (let start = 0; start < N; start += batchSize) {
        const batch = order.slice(start, start + batchSize);
        const where = `epoch ${epoch + 1}, update ${updates + 1}`;
        const { loss, evaluations } = training(alpha, where, () => {
          const mean = meanOver(fn, problem, theta, batch);
          if (optimizer !== undefined) {
            const next = optimizerStep([...theta], [...mean.gradient], {
              optimizer,
              learningRate: alpha,
              state: optimizerState,
            });
            optimizerState = next.state;
            theta.set(next.parameters);
            return mean;
          }
          for (let k = 0; k < theta.length; k++) {
            theta[k] = update(theta[k], alpha, mean.gradient[k], batch.length);
            if (!Number.isFinite(theta[k])) {
              throw new RangeError(`parameter ${k} became ${show(theta[k])}`);
            }
          }
          return mean;
        });
        batchLosses.push(loss);
        gradientEvaluations += evaluations;
        updates++;
      }
      epochLosses.push(
        training(alpha, `the end of epoch ${epoch + 1}`, () => meanLoss(fn, problem, theta)),
      );
    }
    return {
      parameters: [...theta],
      updates,
      gradientEvaluations,
      initialLoss,
      epochLosses,
      batchLosses,
      orders,
    };
  });
}

/** The document's two-sample logistic regression, X = [[2], [4]], y = [1, 0], from 0. */
const twoSamples = () => logisticRegression({ X: [[2], [4]], y: [1, 0] }, { w0: [0], b0: 0 });

/**
 * The mean logistic loss of {@linkcode twoSamples} at w, b = 0, by hand:
 * $\frac12 [\ln(1 + e^{-2w}) + 4w + \ln(1 + e^{-4w})]$ for $w > 0$ (the second sample's
 * $z = 4w$ with target 0 costs $z + \ln(1 + e^{-z})$), and
 * $\frac12 [-2w + \ln(1 + e^{2w}) + \ln(1 + e^{4w})]$ for $w < 0$.
 */
function twoSampleLoss(w: number): number {
  return w > 0
    ? (Math.log1p(Math.exp(-2 * w)) + 4 * w + Math.log1p(Math.exp(-4 * w))) / 2
    : (-2 * w + Math.log1p(Math.exp(2 * w)) + Math.log1p(Math.exp(4 * w))) / 2;
}

/** One batch step of {@linkcode twoSamples} that ends at (w, 0), as a {@linkcode DescentRun}. */
const oneStepTo = (w: number): DescentRun => ({
  parameters: [w, 0],
  updates: 1,
  gradientEvaluations: 2,
  initialLoss: Math.LN2,
  epochLosses: [twoSampleLoss(w)],
  batchLosses: [Math.LN2],
  orders: [[0, 1]],
});

commonMistakes(gradientDescent, [{
  id: "ascent",
  name: "gradient added instead of subtracted (ascent)",
  why: "The gradient points uphill, and the update is written theta + alpha g as if the " +
    "step followed it.",
  variant: (problem, options) => descend(problem, options, (t, a, g) => t + a * g),
  // the mean gradient at 0 is [0.5, 0]: w = 0 + 1 * 0.5
  example: { args: [twoSamples(), { learningRate: 1 }], result: oneStepTo(0.5) },
}, {
  id: "learning-rate-forgotten",
  name: "learning rate forgotten (a full gradient step)",
  why: 'The update is remembered as "subtract the gradient", and the factor alpha goes ' +
    "missing.",
  variant: (problem, options) => descend(problem, options, (t, _a, g) => t - g),
  // w = 0 - 0.5, where the rate 0.25 would give 0 - 0.25 * 0.5
  example: { args: [twoSamples(), { learningRate: 0.25 }], result: oneStepTo(-0.5) },
}, {
  id: "sum-not-mean",
  name: "the batch's gradients summed instead of averaged",
  why: "Each sample adds its gradient, and the division by the batch size is forgotten, " +
    "which scales the step by the batch size.",
  variant: (problem, options) => descend(problem, options, (t, a, g, b) => t - a * g * b),
  // the summed gradient is [1, 0]: w = 0 - 0.25 * 1, where the mean gives 0 - 0.25 * 0.5
  example: { args: [twoSamples(), { learningRate: 0.25 }], result: oneStepTo(-0.25) },
}]);

/** A labelled dataset for logistic regression. */
export interface LogisticData {
  /** The inputs, one row per sample: shape $[N][d]$, finite. */
  X: TensorLike;
  /** The targets, one per sample, each in $[0, 1]$ (usually 0 or 1). */
  y: TensorLike;
}

/** Starting weights for logistic regression. */
export interface LogisticStart {
  /** The weights $w_0$, one per feature ($d$ numbers). */
  w0: TensorLike;
  /** The bias $b_0$. */
  b0: number;
}

/**
 * Logistic regression as a {@linkcode TrainingProblem}: $\theta = (w_1, \dots, w_d, b)$,
 * per-sample loss the binary cross-entropy on the logit $z_i = w^\top x_i + b$,
 *
 * $$\ell_i = \max(z_i, 0) - z_i y_i + \ln(1 + e^{-|z_i|}), \qquad
 *   \nabla_w \ell_i = (\sigma(z_i) - y_i)\, x_i, \qquad \partial_b \ell_i = \sigma(z_i) - y_i .$$
 *
 * @param data `X` ($[N][d]$) and `y` ($N$ targets in $[0, 1]$).
 * @param start `w0` ($d$ weights) and `b0`.
 * @returns The problem; `unpack(theta)` splits a parameter vector into `{ w, b }`.
 * @throws {RangeError} If the dataset is empty, an entry is not finite, or a target is
 *   outside $[0, 1]$; later, from the problem's `loss` and `sample`, if a logit $z_i$
 *   leaves float64.
 * @throws {TypeError} If `X` is not a matrix, `y` does not have one target per row, or
 *   `w0` does not have one weight per column of `X`.
 *
 * @example The gradient at w = 0, b = 0 is the mean of (1/2 - y) [x, 1]
 * ```ts
 * import { batchGradient, logisticRegression } from "./descent.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const p = logisticRegression({ X: [[2], [4]], y: [1, 0] }, { w0: [0], b0: 0 });
 * // sample 0: (0.5 - 1) [2, 1] = [-1, -0.5]; sample 1: (0.5 - 0) [4, 1] = [2, 0.5]
 * deepStrictEqual([...batchGradient(p).gradient], [0.5, 0]);
 * ```
 */
export function logisticRegression(
  data: LogisticData,
  start: LogisticStart,
): TrainingProblem & { unpack(theta: ArrayLike<number>): { w: number[]; b: number } } {
  return guard("logisticRegression", () => {
    const fn = "logisticRegression";
    if (data === null || typeof data !== "object") {
      throw new TypeError(`${fn}: data must be { X, y }, got ${show(data)}`);
    }
    if (Array.isArray(data.X) && data.X.length === 0) {
      throw new RangeError(`${fn}: X is empty: the dataset needs at least one sample`);
    }
    const X = expectRank(fn, "X", data.X, [2]);
    const [N, d] = X.shape;
    const y = expectRank(fn, "y", data.y, [1]).data;
    if (y.length !== N) {
      throw new TypeError(`${fn}: y has ${y.length} targets but X has ${N} rows`);
    }
    y.forEach((v, i) => {
      if (v < 0 || v > 1) throw new RangeError(`${fn}: y[${i}] must be in [0, 1], got ${show(v)}`);
    });
    const w0 = expectRank(fn, "w0", start?.w0, [1]).data;
    if (w0.length !== d) {
      throw new TypeError(`${fn}: w0 has ${w0.length} weights but X has ${d} columns`);
    }
    if (typeof start.b0 !== "number" || !Number.isFinite(start.b0)) {
      throw new RangeError(`${fn}: b0 must be a finite number, got ${show(start.b0)}`);
    }
    const logit = (theta: Float64Array, i: number) => {
      let z = theta[d];
      for (let j = 0; j < d; j++) z += theta[j] * X.data[i * d + j];
      return finiteResult(fn, `the logit of sample ${i}`, z); // large weights: z leaves float64
    };
    return {
      size: N,
      parameters: [...w0, start.b0],
      loss: (theta, i) => binaryCrossEntropyWithLogits(logit(theta, i), y[i]),
      sample: (theta, i) => {
        const z = logit(theta, i);
        const dz = binaryCrossEntropyWithLogitsGradient(z, y[i]); // sigma(z) - y
        const gradient = new Float64Array(d + 1);
        for (let j = 0; j < d; j++) gradient[j] = dz * X.data[i * d + j];
        gradient[d] = dz;
        return { loss: binaryCrossEntropyWithLogits(z, y[i]), gradient };
      },
      unpack: (theta) => ({ w: Array.from(theta).slice(0, d), b: theta[d] }),
    };
  });
}

/** A logistic-regression run: {@linkcode DescentRun} with the parameters split. */
export interface LogisticRun extends DescentRun {
  /** The final weights. */
  w: number[];
  /** The final bias. */
  b: number;
}

/**
 * Trains logistic regression with batch, mini-batch or stochastic gradient descent: the
 * composition of {@linkcode logisticRegression} and {@linkcode gradientDescent}.
 *
 * @param data `X` ($[N][d]$) and `y` ($N$ targets in $[0, 1]$).
 * @param options The start (`w0`, `b0`) and the descent options (learning rate, batch
 *   size, epochs, seed).
 * @returns The run, with the final `w` and `b`.
 * @throws {RangeError} As {@linkcode logisticRegression} and {@linkcode gradientDescent}.
 * @throws {TypeError} As {@linkcode logisticRegression}.
 *
 * @example One batch step by hand: X = [[2], [4]], y = [1, 0], from w = b = 0
 * ```ts
 * import { trainLogisticRegression } from "./descent.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * // The mean gradient is [0.5, 0] (see logisticRegression), so w = 0 - 1 * 0.5.
 * const run = trainLogisticRegression({ X: [[2], [4]], y: [1, 0] },
 *   { w0: [0], b0: 0, learningRate: 1 });
 * deepStrictEqual(run.w, [-0.5]);
 * strictEqual(run.b, 0);
 * ```
 */
export function trainLogisticRegression(
  data: LogisticData,
  options: LogisticStart & DescentOptions,
): LogisticRun {
  return guard("trainLogisticRegression", () => {
    options = readOptions("trainLogisticRegression", options);
    const problem = logisticRegression(data, options);
    const run = gradientDescent(problem, options);
    return { ...run, ...problem.unpack(run.parameters) };
  });
}

/** One labelled sample of the question-5 network. */
export interface ConvSigmoidDenseSample {
  /** The input $x$, shape $[H][W]$. */
  x: TensorLike;
  /** The target $y$, $m$ numbers. */
  y: TensorLike;
}

/** The question-5 network's parameters as tensors, as {@linkcode convSigmoidDenseProblem} unpacks them. */
export interface ConvSigmoidDenseTensors {
  /** $w^c$, shape $[k_h][k_w]$. */
  wc: Tensor;
  /** $b^c$. */
  bc: number;
  /** $W^f$, shape $[m][P]$. */
  Wf: Tensor;
  /** $b^f$, $m$ numbers. */
  bf: Tensor;
}

/**
 * The question-5 network on a dataset as a {@linkcode TrainingProblem}: per-sample loss
 * $E = \sum_i (y_i - o_i)^2$ and its gradient from {@linkcode convSigmoidDenseBackprop},
 * with the parameters flattened as $\theta = (\operatorname{vec} w^c, b^c, \operatorname{vec} W^f, b^f)$.
 *
 * @param samples The labelled samples, at least one; every `x` of the same shape $[H][W]$,
 *   every `y` with $m$ numbers.
 * @param start The starting parameters $w^c$, $b^c$, $W^f$, $b^f$ (shapes as for
 *   {@linkcode convSigmoidDenseBackprop}).
 * @returns The problem; `unpack(theta)` turns a parameter vector back into tensors.
 * @throws {RangeError} If `samples` is empty, or an entry is not finite.
 * @throws {TypeError} If `samples` is not an array, or a sample's shapes do not fit the
 *   parameters.
 *
 * @example Two samples, one mean gradient
 * ```ts
 * import { batchGradient, convSigmoidDenseProblem } from "./descent.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const p = convSigmoidDenseProblem(
 *   [{ x: [[1, 2], [3, 4]], y: [1] }, { x: [[0, 1], [1, 0]], y: [0] }],
 *   { wc: [[0.5, 0], [0, 0.5]], bc: 0, Wf: [[1]], bf: [0] },
 * );
 * strictEqual(p.parameters.length, 4 + 1 + 1 + 1);
 * strictEqual(batchGradient(p).evaluations, 2);
 * ```
 */
export function convSigmoidDenseProblem(
  samples: readonly ConvSigmoidDenseSample[],
  start: ConvSigmoidDenseParameters,
): TrainingProblem & { unpack(theta: ArrayLike<number>): ConvSigmoidDenseTensors } {
  return guard("convSigmoidDenseProblem", () => {
    const fn = "convSigmoidDenseProblem";
    if (!Array.isArray(samples)) {
      throw new TypeError(`${fn}: samples must be an array of { x, y }, got ${show(samples)}`);
    }
    if (samples.length === 0) {
      throw new RangeError(`${fn}: samples is empty: the dataset needs at least one sample`);
    }
    if (start === null || typeof start !== "object") {
      throw new TypeError(`${fn}: start must be { wc, bc, Wf, bf }, got ${show(start)}`);
    }
    const wc0 = expectRank(fn, "wc", start.wc, [2]);
    const Wf0 = expectRank(fn, "Wf", start.Wf, [2]);
    const bf0 = vector(fn, "bf", start.bf);
    finiteNumber(fn, "bc", start.bc);
    // Validate every sample against the starting parameters (shapes and finiteness).
    samples.forEach((s, i) => {
      try {
        convSigmoidDenseBackprop(s, start);
      } catch (error) {
        const E = error instanceof RangeError ? RangeError : TypeError;
        throw new E(`${fn}: samples[${i}]: ${(error as Error).message}`);
      }
    });
    const [kh, kw] = wc0.shape;
    const [m, P] = Wf0.shape;
    const unpack = (theta: ArrayLike<number>): ConvSigmoidDenseTensors => {
      const t = Array.from(theta);
      let at = 0;
      const take = (n: number) => t.slice(at, at += n);
      const wc = new Tensor([kh, kw], take(kh * kw));
      const bc = take(1)[0];
      const Wf = new Tensor([m, P], take(m * P));
      const bf = new Tensor([m], take(m));
      return { wc, bc, Wf, bf };
    };
    const run = (theta: Float64Array, i: number) =>
      convSigmoidDenseBackprop(samples[i], unpack(theta));
    return {
      size: samples.length,
      parameters: [...wc0.data, start.bc, ...Wf0.data, ...bf0],
      loss: (theta, i) => run(theta, i).loss,
      sample: (theta, i) => {
        const r = run(theta, i);
        const g = r.gradients;
        return {
          loss: r.loss,
          gradient: Float64Array.from([...g.wc.data, g.bc, ...g.Wf.data, ...g.bf.data]),
        };
      },
      unpack,
    };
  });
}

/** A question-5 network run: {@linkcode DescentRun} with the parameters unpacked. */
export interface ConvSigmoidDenseRun extends DescentRun {
  /** The trained parameters. */
  trained: ConvSigmoidDenseTensors;
}

/**
 * Trains the question-5 network with batch, mini-batch or stochastic gradient descent on
 * the squared error: {@linkcode convSigmoidDenseProblem} followed by
 * {@linkcode gradientDescent}. With one sample and batch size 1 each update is exactly the
 * document's rule $w \leftarrow w - \alpha \, \partial E / \partial w$ for every weight.
 *
 * @param samples The labelled samples (see {@linkcode convSigmoidDenseProblem}).
 * @param options `start` (the initial parameters) and the descent options.
 * @returns The run and the trained parameters.
 * @throws {RangeError} As {@linkcode convSigmoidDenseProblem} and {@linkcode gradientDescent}.
 * @throws {TypeError} As {@linkcode convSigmoidDenseProblem}.
 *
 * @example Training on one sample lowers its loss
 * ```ts
 * import { trainConvSigmoidDense } from "./descent.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const run = trainConvSigmoidDense([{ x: [[1, 0], [0, 1]], y: [1] }], {
 *   start: { wc: [[0.25, 0.25], [0.25, 0.25]], bc: 0, Wf: [[0.5]], bf: [0] },
 *   learningRate: 1,
 *   epochs: 20,
 * });
 * strictEqual(run.updates, 20);
 * ok(run.epochLosses[19] < run.initialLoss);
 * ```
 */
export function trainConvSigmoidDense(
  samples: readonly ConvSigmoidDenseSample[],
  options: DescentOptions & { start: ConvSigmoidDenseParameters },
): ConvSigmoidDenseRun {
  return guard("trainConvSigmoidDense", () => {
    options = readOptions("trainConvSigmoidDense", options);
    const problem = convSigmoidDenseProblem(samples, options?.start);
    const run = gradientDescent(problem, options);
    return { ...run, trained: problem.unpack(run.parameters) };
  });
}

/**
 * Checks an optimizer's kind and hyper-parameters before training by taking one step with a
 * zero gradient; an error names `fn` and the option, with the optimizer's own message.
 */
function checkOptimizer(
  fn: string,
  optimizer: OptimizerSpec,
  theta: Float64Array,
  alpha: number,
): void {
  try {
    optimizerStep([...theta], new Array(theta.length).fill(0), { optimizer, learningRate: alpha });
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    const Kind = error instanceof RangeError ? RangeError : TypeError;
    throw new Kind(`${fn}: options.optimizer is invalid: ${error.message}`, { cause: error });
  }
}

function learningRate(fn: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: learningRate must be a finite number > 0, got ${show(value)}`);
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: learningRate must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}
