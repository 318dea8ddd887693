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
  integer,
  positiveInteger,
  show,
  step,
  trainingProblemSize,
} from "./_validate.ts";
import { binaryCrossEntropyWithLogits, binaryCrossEntropyWithLogitsGradient } from "./losses.ts";
import { convSigmoidDenseBackprop, type ConvSigmoidDenseParameters } from "./network.ts";
import { mulberry32, permutation } from "./random.ts";
import { expectRank, Tensor, type TensorLike, vector } from "./tensor.ts";

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
}

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
 * @param options The learning rate (required), batch size, epochs and optional shuffle seed.
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
 * const sgd = gradientDescent(p, { learningRate: 0.1, epochs: 3, batchSize: 1 });
 * strictEqual(batch.updates, 3);
 * strictEqual(sgd.updates, 12);
 * strictEqual(batch.gradientEvaluations, sgd.gradientEvaluations); // 12 each
 * ```
 */
export function gradientDescent(problem: TrainingProblem, options: DescentOptions): DescentRun {
  const fn = "gradientDescent";
  const N = trainingProblemSize(fn, "problem", problem);
  const alpha = learningRate(fn, options?.learningRate);
  const batchSize = options.batchSize ?? N;
  positiveInteger(fn, "batchSize", batchSize);
  if (batchSize > N) {
    throw new RangeError(
      `${fn}: batchSize must be an integer in [1, ${N}] (the number of samples), got ${batchSize}`,
    );
  }
  const epochs = positiveInteger(fn, "epochs", options.epochs ?? 1);
  const random = options.seed === undefined ? null : mulberry32(integer(fn, "seed", options.seed));

  const theta = Float64Array.from(problem.parameters);
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
    const order = random === null ? Array.from({ length: N }, (_, i) => i) : permutation(N, random);
    orders.push(order);
    for (let start = 0; start < N; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const where = `epoch ${epoch + 1}, update ${updates + 1}`;
      const { loss, evaluations } = training(alpha, where, () => {
        const mean = meanOver(fn, problem, theta, batch);
        for (let k = 0; k < theta.length; k++) {
          theta[k] -= alpha * mean.gradient[k];
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
}

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
  const problem = logisticRegression(data, options);
  const run = gradientDescent(problem, options);
  return { ...run, ...problem.unpack(run.parameters) };
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
  const problem = convSigmoidDenseProblem(samples, options?.start);
  const run = gradientDescent(problem, options);
  return { ...run, trained: problem.unpack(run.parameters) };
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
