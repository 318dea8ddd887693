/**
 * # Loss functions and their gradients
 *
 * A loss measures how far a prediction $\hat{y}$ is from the target $y$; training moves
 * the weights down its gradient. The worked solution sheet uses two losses.
 *
 * **Binary cross-entropy** (question 1), for a prediction that is a probability:
 *
 * $$E = -\frac{1}{N} \sum_{i=1}^{N} \Bigl( y_i \log \hat{y}_i + (1 - y_i) \log(1 - \hat{y}_i) \Bigr).$$
 *
 * For the sheet's perceptron, $\hat{y} = 0.68997$ and $y = 1$, so only the first term is
 * left: $E = -\log(0.68997)$. The sheet's answer $0.53539$ is this logarithm taken in
 * **base 2** ($-\ln(0.68997) / \ln 2 = 0.371107\ldots / 0.693147\ldots = 0.53539$). With the natural
 * logarithm, which PyTorch, TensorFlow and every textbook derivation of the gradient use,
 * the loss is $0.37110$. nnspec defaults to the natural logarithm and takes the base as
 * an option, so both numbers can be reproduced.
 *
 * Its derivative for one sample, as the sheet writes it, is
 *
 * $$\frac{\partial E}{\partial \hat{y}_i} = -\frac{y_i}{\hat{y}_i} + \frac{1 - y_i}{1 - \hat{y}_i}
 *   = \frac{\hat{y}_i - y_i}{\hat{y}_i (1 - \hat{y}_i)},$$
 *
 * divided by $N$ for the mean. Fed from a sigmoid, $\hat{y} = \sigma(z)$, the chain rule
 * cancels the denominator against $\sigma'(z) = \hat{y}(1 - \hat{y})$ and leaves
 * $\partial E / \partial z = \sigma(z) - y$: see {@linkcode binaryCrossEntropyWithLogits}.
 *
 * **Squared error** (question 5), for a prediction that is any number:
 *
 * $$E = \sum_i (y_i - \hat{y}_i)^2, \qquad \frac{\partial E}{\partial \hat{y}_i} = -2(y_i - \hat{y}_i).$$
 *
 * Also here: the mean squared error and softmax cross-entropy for one sample of several
 * classes.
 *
 * **Conventions.** A prediction and a target are each either a number (one sample) or a
 * 1-D vector (one entry per sample, or per output); the two must have the same length.
 * Losses return a number. Gradients have the form of the prediction (or the logits): a
 * number for a number, a 1-D {@linkcode Tensor} for a vector.
 *
 * **Common mistakes**, declared beside each loss (`commonMistakes`): the logarithm in base
 * 2 (the sheet's $0.53539$) or 10, the mean's $1/N$ missing from a loss or its gradient
 * (the sheet's per-sample $-y/\hat{y} + (1 - y)/(1 - \hat{y})$ read as the mean's slope),
 * the minus sign lost, and the squared error's slope without its $2$, with the $1/2$
 * convention, or as $2(y - \hat{y})$ with the wrong sign.
 *
 * ## Summary
 *
 * - Binary cross-entropy scores a predicted probability: $E = -(y \ln \hat y +
 *   (1-y)\ln(1-\hat y))$.
 * - The logarithm's base matters: the sheet's $0.53539$ is in bits, the natural-log value is
 *   $0.37110$.
 * - Fed from a sigmoid, the gradient on the logit simplifies to $\sigma(z) - y$.
 * - Squared error $(y - \hat y)^2$ has gradient $-2(y - \hat y)$; the mean versions divide
 *   by $N$.
 *
 * @example The document's loss, in base 2 and in the natural logarithm
 * ```ts
 * import { binaryCrossEntropy } from "./losses.ts";
 * import { sigmoid } from "./activations.ts";
 * import { ok } from "node:assert/strict";
 *
 * const yHat = sigmoid(0.8); // the perceptron's output, 0.68997 to five places
 * ok(Math.abs(binaryCrossEntropy(yHat, 1, { base: 2 }) - 0.53539) < 5e-6);
 * ok(Math.abs(binaryCrossEntropy(yHat, 1) - 0.37110) < 5e-6);
 * ```
 *
 * @module
 */

import { sigmoid, sigmoidDerivative, softmax } from "./activations.ts";
import { finiteNumber, finiteResult, guard, options as readOptions, show } from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import { expectRank, Tensor, type TensorLike } from "./tensor.ts";

/** Reads a loss argument: a number (or 0-D tensor) or a 1-D vector, non-empty, finite. */
function readTensorLike(fn: string, name: string, value: TensorLike): Tensor {
  return expectRank(fn, name, value, [0, 1]);
}

/** Reads prediction and target (or logits and target) and checks that their lengths match. */
function readPair(
  fn: string,
  names: [string, string],
  a: TensorLike,
  b: TensorLike,
): [Tensor, Tensor] {
  const x = readTensorLike(fn, names[0], a);
  const y = readTensorLike(fn, names[1], b);
  if (x.size !== y.size) {
    throw new TypeError(
      `${fn}: ${names[0]} has length ${x.size} but ${names[1]} has length ${y.size}; ` +
        `they must match`,
    );
  }
  return [x, y];
}

/** Checks that every entry is a probability, naming the first that is not. */
function probabilities(fn: string, name: string, values: Tensor): void {
  for (let i = 0; i < values.size; i++) {
    const v = values.data[i];
    if (!(v >= 0 && v <= 1)) {
      const where = values.rank === 0 ? name : `${name}[${i}]`;
      throw new RangeError(`${fn}: ${where} must be in [0, 1], got ${show(v)}`);
    }
  }
}

/** A gradient times a constant, in the same form (a number or a tensor). */
function scaled(gradient: number | Tensor, factor: number): number | Tensor {
  if (typeof gradient === "number") return gradient * factor;
  return new Tensor(gradient.shape, gradient.data.map((v) => v * factor));
}

/**
 * Returns a gradient in the form of the argument it differentiates by: a number for a
 * plain number, otherwise a tensor of the argument's shape.
 */
function like(source: TensorLike, read: Tensor, values: Float64Array): number | Tensor {
  return typeof source === "number" ? values[0] : new Tensor(read.shape, values);
}

/**
 * The mean of `term(0), ..., term(n - 1)` for the function `fn`: summed, then divided by
 * $n$ (PyTorch's order). If that sum overflows float64, each term is divided by $n$ before
 * adding, since the mean of finite terms lies between them and may still be a double; a
 * result that is still not finite (a term is infinite, or the mean is within rounding of
 * `Number.MAX_VALUE`) is a `RangeError` naming `fn`.
 */
function meanOf(fn: string, n: number, term: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += term(i);
  if (Number.isFinite(sum)) return sum / n;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += term(i) / n;
  return finiteResult(fn, "the loss", mean);
}

/** Reads `options.base`: a finite number > 0 other than 1; returns ln(base). */
function logOfBase(fn: string, base: unknown): number {
  finiteNumber(fn, "base", base);
  if ((base as number) <= 0 || base === 1) {
    throw new RangeError(`${fn}: base must be a finite number > 0 other than 1, got ${show(base)}`);
  }
  return base === Math.E ? 1 : Math.log(base as number);
}

/** Reads `options.reduction`. */
function readReduction(fn: string, reduction: unknown): Reduction {
  if (reduction !== "mean" && reduction !== "none") {
    throw new RangeError(`${fn}: reduction must be "mean" or "none", got ${show(reduction)}`);
  }
  return reduction;
}

/**
 * How a gradient is reduced over samples: `"mean"` differentiates the mean loss (each
 * entry divided by $N$, as PyTorch's gradient of a mean-reduced loss); `"none"` gives each
 * sample's own derivative (the document's formula).
 */
export type Reduction = "mean" | "none";

/** PyTorch clamps each natural-log term of binary cross-entropy at this floor. */
const LOG_FLOOR = -100;

/** PyTorch's floor for the denominator p(1 - p) of the binary cross-entropy gradient. */
const GRADIENT_EPSILON = 1e-12;

/** Options of {@linkcode binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions {
  /**
   * The base of the logarithm: `Math.E` (nats, as PyTorch), `2` (bits, the document's
   * 0.53539) or `10`. Any finite number > 0 other than 1.
   * @default {Math.E}
   */
  base?: number;
}

/**
 * Binary cross-entropy, the mean over samples:
 *
 * $$E = -\frac{1}{N} \sum_{i=1}^{N} \Bigl( y_i \log_b \hat{y}_i + (1 - y_i) \log_b(1 - \hat{y}_i) \Bigr),$$
 *
 * where $\hat{y}$ is `prediction`, $y$ is `target`, $N$ their length and $b$ is
 * `options.base` ($\log_b u = \ln u / \ln b$).
 *
 * **Predictions of exactly 0 or 1.** $\ln 0 = -\infty$, so a confident wrong prediction
 * would give an infinite loss (and $0 \cdot \ln 0$ would give NaN). nnspec follows PyTorch's
 * `binary_cross_entropy`: each natural logarithm is clamped at $-100$ before it is
 * multiplied by its weight, so the loss is always finite (at most $100 / \ln b$ per sample)
 * and a term whose weight is 0 contributes exactly 0. Predictions or targets outside
 * $[0, 1]$ are not probabilities and are rejected.
 *
 * @param prediction The predicted probabilities $\hat{y}$: a number or a non-empty 1-D vector,
 *   each entry in $[0, 1]$.
 * @param target The targets $y$: the same form and length, each entry in $[0, 1]$ (usually
 *   0 or 1; soft labels are allowed).
 * @param options `base`: the base of the logarithm, default $e$.
 * @returns The mean loss $E \ge 0$, in units set by the base (nats, bits, ...).
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If an entry is outside $[0, 1]$, NaN or infinite, an argument is
 *   empty, or `base` is not a finite number > 0 other than 1.
 *
 * @example The document: E = -(1) log(0.68997) = 0.53539 in base 2, 0.37110 in nats
 * ```ts
 * import { binaryCrossEntropy } from "./losses.ts";
 * import { sigmoid } from "./activations.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * // Use the unrounded sigma(0.8): from the rounded 0.68997 the natural log is 0.371107,
 * // which differs from the exact 0.371101 in the sixth place.
 * const yHat = sigmoid(0.8);
 * ok(Math.abs(binaryCrossEntropy(yHat, 1, { base: 2 }) - 0.53539) < 5e-6);
 * ok(Math.abs(binaryCrossEntropy(yHat, 1) - 0.37110) < 5e-6);
 * // -log10(0.68997) = 0.37110 / ln 10 = 0.37110 / 2.30259 = 0.16117
 * ok(Math.abs(binaryCrossEntropy(yHat, 1, { base: 10 }) - 0.16117) < 5e-6);
 * // A certain, wrong prediction costs 100 nats (PyTorch's clamp), not Infinity.
 * strictEqual(binaryCrossEntropy([0, 1], [1, 1]), 50);
 * ```
 */
export function binaryCrossEntropy(
  prediction: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyOptions = {},
): number {
  return guard("binaryCrossEntropy", () => {
    options = readOptions("binaryCrossEntropy", options);
    const fn = "binaryCrossEntropy";
    const [P, Y] = readPair(fn, ["prediction", "target"], prediction, target);
    probabilities(fn, "prediction", P);
    probabilities(fn, "target", Y);
    const lnBase = logOfBase(fn, options.base ?? Math.E);
    const p = P.data, y = Y.data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const logP = Math.max(Math.log(p[i]), LOG_FLOOR); // ln p, clamped
      const logQ = Math.max(Math.log1p(-p[i]), LOG_FLOOR); // ln(1 - p), clamped
      sum += y[i] * logP + (1 - y[i]) * logQ;
    }
    return (0 - sum) / p.length / lnBase; // 0 - sum: a perfect prediction gives 0, not -0
  });
}

commonMistakes(binaryCrossEntropy, [{
  id: "log-base-2",
  name: "logarithm in base 2 instead of the natural log",
  why: "Information theory measures cross-entropy in bits, and a calculator's or a " +
    "textbook's bare log may mean base 2; machine learning's loss uses ln.",
  variant: (prediction, target, options = {}) =>
    binaryCrossEntropy(prediction, target, { ...options, base: 2 }),
  example: { args: [0.5, 1], result: 1 },
}, {
  id: "log-base-10",
  name: "logarithm in base 10 instead of the natural log",
  why: "A calculator's log key is base 10.",
  variant: (prediction, target, options = {}) =>
    binaryCrossEntropy(prediction, target, { ...options, base: 10 }),
  example: { args: [0.1, 1], result: 1 },
}, {
  id: "sum-not-mean",
  name: "summed over the samples, the 1/N of the mean missing",
  why: "The per-sample loss is what the formula shows, and the factor 1/N is dropped when " +
    "the samples' losses are added up.",
  variant: (prediction, target, options = {}) => {
    const [P] = readPair("binaryCrossEntropy", ["prediction", "target"], prediction, target);
    return binaryCrossEntropy(prediction, target, options) * P.size;
  },
  // -ln(1/2) - ln(1/2) = 2 ln 2, where the mean is ln 2
  example: { args: [[0.5, 0.5], [1, 0]], result: 2 * Math.LN2 },
}, {
  id: "minus-sign-missing",
  name: "the leading minus sign missing (a negative loss)",
  why: "The minus in front of the sum is easy to lose, and the logarithms of probabilities " +
    "are negative, so the loss comes out negative.",
  variant: (prediction, target, options = {}) =>
    0 - binaryCrossEntropy(prediction, target, options),
  example: { args: [0.5, 1], result: -Math.LN2 },
}, {
  id: "negative-class-dropped",
  name: "the (1 - y) log(1 - y-hat) term dropped",
  why: "For a target of 1 only the first term y log(y-hat) is left, and that shortened form " +
    "is then used for a target of 0 too.",
  variant: (prediction, target, options = {}) => {
    const [P, Y] = readPair("binaryCrossEntropy", ["prediction", "target"], prediction, target);
    binaryCrossEntropy(prediction, target, options); // the checks of the function itself
    // -y log(y-hat) alone: y times the loss of y-hat for a target of 1
    let sum = 0;
    for (let i = 0; i < P.size; i++) sum += Y.data[i] * binaryCrossEntropy(P.data[i], 1, options);
    return sum / P.size;
  },
  // target 0: the kept term is 0 log(1/4) = 0, where the loss is -ln(3/4)
  example: { args: [0.25, 0], result: 0 },
}, {
  id: "target-flipped",
  name: "the target flipped: y-hat read as the probability of the other class",
  why: "The prediction is the probability of class 1, and reading it as the probability of " +
    "the sample's own class puts -ln(y-hat) on a target of 0.",
  variant: (prediction, target, options = {}) => {
    const [, Y] = readPair("binaryCrossEntropy", ["prediction", "target"], prediction, target);
    binaryCrossEntropy(prediction, target, options); // the checks of the function itself
    const flipped = Y.data.length === 1 && typeof target === "number"
      ? 1 - target
      : Array.from(Y.data, (y) => 1 - y);
    return binaryCrossEntropy(prediction, flipped, options);
  },
  // y-hat 0.9, target 0: -ln 0.9 = 0.10536, where the loss is -ln(1 - 0.9) = -ln 0.1 = 2.30259
  example: { args: [0.9, 0], result: -Math.log(0.9) },
}]);

/** Options of {@linkcode binaryCrossEntropyGradient}. */
export interface BinaryCrossEntropyGradientOptions extends BinaryCrossEntropyOptions {
  /**
   * `"mean"`: the gradient of the mean loss, each entry divided by $N$. `"none"`: each
   * sample's own derivative, the document's $-y/\hat{y} + (1 - y)/(1 - \hat{y})$.
   * @default {"mean"}
   */
  reduction?: Reduction;
}

/**
 * The derivative of binary cross-entropy with respect to the prediction:
 *
 * $$\frac{\partial E_i}{\partial \hat{y}_i} = \frac{1}{\ln b}\Bigl(-\frac{y_i}{\hat{y}_i} + \frac{1 - y_i}{1 - \hat{y}_i}\Bigr)
 *   = \frac{1}{\ln b} \cdot \frac{\hat{y}_i - y_i}{\hat{y}_i (1 - \hat{y}_i)},$$
 *
 * per sample (`reduction: "none"`), or that divided by $N$, the gradient of the mean
 * loss (`reduction: "mean"`, the default, as PyTorch's backward of the mean loss). The
 * factor $1 / \ln b$ is $1$ for the natural logarithm.
 *
 * It is computed in the right-hand form, as PyTorch does, with the denominator
 * $\hat{y}(1 - \hat{y})$ floored at $10^{-12}$, so a prediction of exactly 0 or 1 gives a
 * large finite slope rather than a division by zero.
 *
 * @param prediction The predicted probabilities $\hat{y}$: a number or a non-empty 1-D vector,
 *   each entry in $[0, 1]$.
 * @param target The targets $y$: the same form and length, each entry in $[0, 1]$.
 * @param options `base` (default $e$) and `reduction` (`"mean"` or `"none"`, default `"mean"`).
 * @returns $\partial E / \partial \hat{y}$: a number if `prediction` is a number, otherwise a
 *   1-D tensor of the same length.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If an entry is outside $[0, 1]$, NaN or infinite, an argument is
 *   empty, `base` is not a finite number > 0 other than 1, or `reduction` is unknown.
 *
 * @example The document's slope at y = 1, y-hat = 0.68997: -1 / 0.68997 = -1.44934
 * ```ts
 * import { binaryCrossEntropyGradient } from "./losses.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(binaryCrossEntropyGradient(0.68997, 1) - -1.44934) < 5e-6);
 * // For two samples the mean halves each sample's slope.
 * const mean = binaryCrossEntropyGradient([0.5, 0.5], [1, 0]);
 * const none = binaryCrossEntropyGradient([0.5, 0.5], [1, 0], { reduction: "none" });
 * ok(mean.get(0) === -1 && none.get(0) === -2); // -1 / 0.5 = -2, halved
 * ```
 */
export function binaryCrossEntropyGradient(
  prediction: number,
  target: TensorLike,
  options?: BinaryCrossEntropyGradientOptions,
): number;
/** The same for a vector of samples: a 1-D tensor of the prediction's length. */
export function binaryCrossEntropyGradient(
  prediction: TensorLike,
  target: TensorLike,
  options?: BinaryCrossEntropyGradientOptions,
): Tensor;
export function binaryCrossEntropyGradient(
  prediction: TensorLike,
  target: TensorLike,
  options: BinaryCrossEntropyGradientOptions = {},
): number | Tensor {
  return guard("binaryCrossEntropyGradient", () => {
    options = readOptions("binaryCrossEntropyGradient", options);
    const fn = "binaryCrossEntropyGradient";
    const [P, Y] = readPair(fn, ["prediction", "target"], prediction, target);
    probabilities(fn, "prediction", P);
    probabilities(fn, "target", Y);
    const lnBase = logOfBase(fn, options.base ?? Math.E);
    const p = P.data, y = Y.data;
    const scale = readReduction(fn, options.reduction ?? "mean") === "mean" ? p.length : 1;
    const g = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      // -y/p + (1-y)/(1-p), over a common denominator
      g[i] = (p[i] - y[i]) / Math.max(p[i] * (1 - p[i]), GRADIENT_EPSILON) / scale / lnBase;
    }
    return like(prediction, P, g);
  });
}

commonMistakes(binaryCrossEntropyGradient, [{
  id: "mean-factor-missing",
  name: "the 1/N of the mean missing (each sample's own slope)",
  why: "The per-sample derivative -y/y-hat + (1 - y)/(1 - y-hat) is the formula on the page, " +
    "and the mean's 1/N is forgotten when it is used as the gradient of the mean loss.",
  variant: (prediction, target, options = {}) =>
    binaryCrossEntropyGradient(prediction, target, { ...options, reduction: "none" }),
  example: { args: [[0.5, 0.5], [1, 0]], result: new Tensor([2], [-2, 2]) },
}, {
  id: "sign-flipped",
  name: "sign flipped: (y - y-hat)/(y-hat(1 - y-hat))",
  why: "Differentiating the minus in front of the loss twice, or writing y - y-hat as in the " +
    "squared error, turns the slope around.",
  variant: (prediction, target, options = {}) => {
    return scaled(binaryCrossEntropyGradient(prediction, target, options), -1) as Tensor;
  },
  example: { args: [[0.5, 0.5], [1, 0]], result: new Tensor([2], [1, -1]) },
}, {
  id: "logit-gradient",
  name: "y-hat - y, the gradient by the logit, used for the gradient by y-hat",
  why: "Through a sigmoid the slope by the logit is the tidy y-hat - y, and it is quoted for " +
    "the slope by the prediction, which keeps the denominator y-hat(1 - y-hat).",
  variant: (prediction, target, options = {}) => {
    const fn = "binaryCrossEntropyGradient";
    binaryCrossEntropyGradient(prediction, target, options); // the checks of the function itself
    const [P, Y] = readPair(fn, ["prediction", "target"], prediction, target);
    const lnBase = logOfBase(fn, options.base ?? Math.E);
    const n = options.reduction === "none" ? 1 : P.size;
    return like(prediction, P, P.data.map((p, i) => (p - Y.data[i]) / n / lnBase)) as Tensor;
  },
  // (1/4 - 1)/2 and (1/4 - 0)/2, where the true slopes are -2 and 2/3
  example: { args: [[0.25, 0.25], [1, 0]], result: new Tensor([2], [-0.375, 0.125]) },
}]);

/**
 * Binary cross-entropy of the sigmoid of a logit, in one numerically stable step:
 *
 * $$E = \frac{1}{N} \sum_{i=1}^{N} \Bigl( \max(z_i, 0) - z_i y_i + \ln\bigl(1 + e^{-|z_i|}\bigr) \Bigr),$$
 *
 * where $z$ is `logits` and $y$ is `target`. This equals
 * `binaryCrossEntropy(sigmoid(z), y)` (natural logarithm): for $z \ge 0$,
 * $-\ln \sigma(z) = \ln(1 + e^{-z})$ and $-\ln(1 - \sigma(z)) = z + \ln(1 + e^{-z})$, and
 * the case $z < 0$ is symmetric. Written this way no exponential overflows and no
 * probability is rounded to exactly 0 or 1, so no clamp is needed: a logit of $-200$ with
 * target 1 costs exactly its $200$ nats, where the probability route would stop at 100.
 * Each sample's loss is at most $|z_i| + \ln 2$; if their sum overflows float64 (logits
 * near $10^{308}$), each is divided by $N$ before adding, so the mean is still returned.
 *
 * @param logits The logits $z$ (inputs of the sigmoid): a number or a non-empty 1-D vector
 *   of finite numbers.
 * @param target The targets $y$: the same form and length, each entry in $[0, 1]$.
 * @returns The mean loss in nats, $\ge 0$.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If a target is outside $[0, 1]$, an entry is NaN or infinite, an
 *   argument is empty, or the mean is so close to `Number.MAX_VALUE` that it rounds past it.
 *
 * @example The document's perceptron from its weighted sum 0.8: -ln sigma(0.8) = 0.37110
 * ```ts
 * import { binaryCrossEntropyWithLogits } from "./losses.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * // max(0.8, 0) - 0.8 * 1 + ln(1 + e^{-0.8}) = ln(1.44933) = 0.37110
 * ok(Math.abs(binaryCrossEntropyWithLogits(0.8, 1) - 0.37110) < 5e-6);
 * strictEqual(binaryCrossEntropyWithLogits(-200, 1), 200); // 0 + 200 + ln(1 + e^{-200})
 * ```
 */
export function binaryCrossEntropyWithLogits(logits: TensorLike, target: TensorLike): number {
  return guard("binaryCrossEntropyWithLogits", () => {
    const fn = "binaryCrossEntropyWithLogits";
    const [Z, Y] = readPair(fn, ["logits", "target"], logits, target);
    probabilities(fn, "target", Y);
    const z = Z.data, y = Y.data;
    // each sample's loss is at most |z_i| + ln 2, so only the sum over samples can overflow
    return meanOf(
      fn,
      z.length,
      (i) => Math.max(z[i], 0) - z[i] * y[i] + Math.log1p(Math.exp(-Math.abs(z[i]))),
    );
  });
}

/** Options of {@linkcode binaryCrossEntropyWithLogitsGradient} and the squared-error gradients. */
export interface ReductionOptions {
  /**
   * `"mean"`: the gradient of the mean loss. `"none"`: each sample's own derivative.
   * @default {"mean"}
   */
  reduction?: Reduction;
}

/**
 * The derivative of binary cross-entropy with logits with respect to each logit:
 *
 * $$\frac{\partial E}{\partial z_i} = \frac{\sigma(z_i) - y_i}{N}$$
 *
 * (without the $1/N$ for `reduction: "none"`). This is the chain rule through the
 * sigmoid: $\frac{\partial E_i}{\partial \hat{y}_i} \cdot \sigma'(z_i)
 * = \frac{\hat{y}_i - y_i}{\hat{y}_i(1 - \hat{y}_i)} \cdot \hat{y}_i(1 - \hat{y}_i)
 * = \hat{y}_i - y_i$: the sigmoid's slope cancels, so the gradient never vanishes
 * while the prediction is wrong.
 *
 * @param logits The logits $z$: a number or a non-empty 1-D vector of finite numbers.
 * @param target The targets $y$: the same form and length, each entry in $[0, 1]$.
 * @param options `reduction`: `"mean"` (default) or `"none"`.
 * @returns $\partial E / \partial z$: a number if `logits` is a number, otherwise a 1-D tensor.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If a target is outside $[0, 1]$, an entry is NaN or infinite, an
 *   argument is empty, or `reduction` is unknown.
 *
 * @example The document's perceptron: sigma(0.8) - 1 = 0.68997 - 1 = -0.31003
 * ```ts
 * import { binaryCrossEntropyWithLogitsGradient } from "./losses.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(binaryCrossEntropyWithLogitsGradient(0.8, 1) - -0.31003) < 5e-6);
 * ```
 */
export function binaryCrossEntropyWithLogitsGradient(
  logits: number,
  target: TensorLike,
  options?: ReductionOptions,
): number;
/** The same for a vector of samples: a 1-D tensor of the logits' length. */
export function binaryCrossEntropyWithLogitsGradient(
  logits: TensorLike,
  target: TensorLike,
  options?: ReductionOptions,
): Tensor;
export function binaryCrossEntropyWithLogitsGradient(
  logits: TensorLike,
  target: TensorLike,
  options: ReductionOptions = {},
): number | Tensor {
  return guard("binaryCrossEntropyWithLogitsGradient", () => {
    options = readOptions("binaryCrossEntropyWithLogitsGradient", options);
    const fn = "binaryCrossEntropyWithLogitsGradient";
    const [Z, Y] = readPair(fn, ["logits", "target"], logits, target);
    probabilities(fn, "target", Y);
    const scale = readReduction(fn, options.reduction ?? "mean") === "mean" ? Z.size : 1;
    const y = Y.data;
    return like(logits, Z, Z.data.map((zi, i) => (sigmoid(zi) - y[i]) / scale));
  });
}

commonMistakes(binaryCrossEntropyWithLogitsGradient, [{
  id: "mean-factor-missing",
  name: "the 1/N of the mean missing (each sample's own slope)",
  why: "The per-sample slope sigma(z) - y is the formula on the page, and the mean's 1/N is " +
    "forgotten when it is used as the gradient of the mean loss.",
  variant: (logits, target, options = {}) =>
    binaryCrossEntropyWithLogitsGradient(logits, target, { ...options, reduction: "none" }),
  example: { args: [[0, 0], [1, 0]], result: new Tensor([2], [-0.5, 0.5]) },
}, {
  id: "sign-flipped",
  name: "sign flipped: y - sigma(z)",
  why: "The error is often written target minus output, y - sigma(z), as in the squared " +
    "error's y - y-hat, which turns the slope around.",
  variant: (logits, target, options = {}) => {
    return scaled(binaryCrossEntropyWithLogitsGradient(logits, target, options), -1) as Tensor;
  },
  example: { args: [[0, 0], [1, 0]], result: new Tensor([2], [0.25, -0.25]) },
}, {
  id: "sigma-prime-kept",
  name: "an extra factor sigma'(z): (sigma(z) - y) sigma(z)(1 - sigma(z))",
  why: "The chain rule multiplies by the sigmoid's slope, and with the prediction's slope " +
    "already simplified to y-hat - y the factor is applied a second time.",
  variant: (logits, target, options = {}) => {
    const g = binaryCrossEntropyWithLogitsGradient(logits, target, options);
    const Z = readTensorLike("binaryCrossEntropyWithLogitsGradient", "logits", logits);
    const values = Z.data.map((z, i) =>
      (typeof g === "number" ? g : g.data[i]) * sigmoidDerivative(z)
    );
    return like(logits, Z, values) as Tensor;
  },
  // (1/2 - 1)/2 * 1/4 and (1/2 - 0)/2 * 1/4
  example: { args: [[0, 0], [1, 0]], result: new Tensor([2], [-0.0625, 0.0625]) },
}]);

/**
 * The squared error of question 5, a sum (not a mean) over the outputs:
 *
 * $$E = \sum_{i} (y_i - \hat{y}_i)^2,$$
 *
 * where $\hat{y}$ is `prediction` and $y$ is `target`.
 *
 * @param prediction The outputs $\hat{y}$: a number or a non-empty 1-D vector of finite numbers.
 * @param target The targets $y$: the same form and length, finite numbers.
 * @returns $E \ge 0$.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If an entry is NaN or infinite, an argument is empty, or the sum
 *   overflows float64 (a difference of $10^{200}$ squares to $10^{400}$).
 *
 * @example Two outputs: (1 - 0.5)^2 + (0 - 0.25)^2 = 0.25 + 0.0625 = 0.3125
 * ```ts
 * import { squaredError } from "./losses.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(squaredError([0.5, 0.25], [1, 0]), 0.3125);
 * ```
 */
export function squaredError(prediction: TensorLike, target: TensorLike): number {
  return guard("squaredError", () => {
    const fn = "squaredError";
    const [P, Y] = readPair(fn, ["prediction", "target"], prediction, target);
    const p = P.data, y = Y.data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) sum += (y[i] - p[i]) ** 2;
    return finiteResult(fn, "the loss", sum); // (1e200)^2 has no float64
  });
}

commonMistakes(squaredError, [{
  id: "half-convention",
  name: "with the factor 1/2 of the textbook convention",
  why: "Many textbooks define the squared error as (1/2) sum (y - y-hat)^2 so that its " +
    "derivative has no 2, and the two definitions are mixed up.",
  variant: (prediction, target) => squaredError(prediction, target) / 2,
  // (1 - 0.5)^2 / 2
  example: { args: [0.5, 1], result: 0.125 },
}, {
  id: "mean-not-sum",
  name: "the mean instead of the sum",
  why: "The mean squared error is the loss most libraries call by that name, and its 1/N " +
    "is carried over to the plain sum.",
  variant: (prediction, target) => {
    const sum = squaredError(prediction, target);
    return sum / readPair("squaredError", ["prediction", "target"], prediction, target)[0].size;
  },
  // (0.25 + 0.0625 + 0 + 0) / 4
  example: { args: [[0.5, 0.25, 0, 0], [1, 0, 0, 0]], result: 0.078125 },
}]);

/**
 * The derivative of the squared error with respect to each prediction, the document's
 *
 * $$\frac{\partial E}{\partial \hat{y}_i} = -2\,(y_i - \hat{y}_i).$$
 *
 * @param prediction The outputs $\hat{y}$: a number or a non-empty 1-D vector of finite numbers.
 * @param target The targets $y$: the same form and length, finite numbers.
 * @returns $\partial E / \partial \hat{y}$: a number if `prediction` is a number, otherwise a
 *   1-D tensor.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If an entry is NaN or infinite, an argument is empty, or a slope
 *   overflows float64 ($2(10^{308} + 10^{308})$).
 *
 * @example -2(1 - 0.5) = -1 and -2(0 - 0.25) = 0.5
 * ```ts
 * import { squaredErrorGradient } from "./losses.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(squaredErrorGradient([0.5, 0.25], [1, 0]).toFlatArray(), [-1, 0.5]);
 * ```
 */
export function squaredErrorGradient(prediction: number, target: TensorLike): number;
/** The same for a vector of outputs: a 1-D tensor of the prediction's length. */
export function squaredErrorGradient(prediction: TensorLike, target: TensorLike): Tensor;
export function squaredErrorGradient(prediction: TensorLike, target: TensorLike): number | Tensor {
  return guard("squaredErrorGradient", () => {
    const fn = "squaredErrorGradient";
    const [P, Y] = readPair(fn, ["prediction", "target"], prediction, target);
    const y = Y.data;
    const g = P.data.map((pi, i) => 2 * (pi - y[i])); // -2(y - p), without -0
    return like(prediction, P, finiteResult(fn, "the gradient", g));
  });
}

commonMistakes(squaredErrorGradient, [{
  id: "factor-two-missing",
  name: "the factor 2 missing: y-hat - y",
  why: "With the textbook's (1/2)(y - y-hat)^2 the 2 cancels, and that slope is quoted for " +
    "the loss without the 1/2.",
  variant: (prediction, target) => scaled(squaredErrorGradient(prediction, target), 0.5) as Tensor,
  example: { args: [[0.5], [1]], result: new Tensor([1], [-0.5]) },
}, {
  id: "sign-flipped",
  name: "sign flipped: 2(y - y-hat)",
  why: "The inner derivative of (y - y-hat) by y-hat is -1, and the chain rule's minus sign " +
    "is lost.",
  variant: (prediction, target) => scaled(squaredErrorGradient(prediction, target), -1) as Tensor,
  example: { args: [[0.5, 0.25], [1, 0]], result: new Tensor([2], [1, -0.5]) },
}, {
  id: "divided-by-n",
  name: "divided by N, as for the mean squared error",
  why: "The mean squared error's slope has a 1/N, and it is carried over to the plain sum.",
  variant: (prediction, target) => {
    squaredErrorGradient(prediction, target); // the checks of the function itself
    return meanSquaredErrorGradient(prediction, target);
  },
  // -2(1 - 0.5)/4 and -2(0 - 0.25)/4, zeros elsewhere
  example: {
    args: [[0.5, 0.25, 0, 0], [1, 0, 0, 0]],
    result: new Tensor([4], [-0.25, 0.125, 0, 0]),
  },
}]);

/**
 * The mean squared error, the squared error divided by the number of entries:
 *
 * $$E = \frac{1}{N} \sum_{i=1}^{N} (y_i - \hat{y}_i)^2 .$$
 *
 * @param prediction The outputs $\hat{y}$: a number or a non-empty 1-D vector of finite numbers.
 * @param target The targets $y$: the same form and length, finite numbers.
 * @returns $E \ge 0$.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If an entry is NaN or infinite, an argument is empty, or the mean
 *   overflows float64 (a square does, or the mean rounds past `Number.MAX_VALUE`).
 *
 * @example (0.25 + 0.0625) / 2 = 0.15625
 * ```ts
 * import { meanSquaredError } from "./losses.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(meanSquaredError([0.5, 0.25], [1, 0]), 0.15625);
 * ```
 */
export function meanSquaredError(prediction: TensorLike, target: TensorLike): number {
  return guard("meanSquaredError", () => {
    const [P, Y] = readPair("meanSquaredError", ["prediction", "target"], prediction, target);
    const p = P.data, y = Y.data;
    return meanOf("meanSquaredError", p.length, (i) => (y[i] - p[i]) ** 2);
  });
}

commonMistakes(meanSquaredError, [{
  id: "mean-factor-missing",
  name: "the 1/N of the mean missing (the plain sum)",
  why: "The squared error of a single output has no 1/N, and the sum is kept when there " +
    "are several.",
  variant: (prediction, target) => {
    meanSquaredError(prediction, target); // the checks of the function itself
    return squaredError(prediction, target);
  },
  example: { args: [[0.5, 0.25], [1, 0]], result: 0.3125 },
}, {
  id: "half-convention",
  name: "with the factor 1/2 of the textbook convention",
  why: "Many textbooks put a 1/2 in front of the squared error so that its derivative has " +
    "no 2, and the convention is carried over to the mean.",
  variant: (prediction, target) => meanSquaredError(prediction, target) / 2,
  // (0.25 + 0.0625 + 0 + 0) / 4 / 2
  example: { args: [[0.5, 0.25, 0, 0], [1, 0, 0, 0]], result: 0.0390625 },
}]);

/**
 * The derivative of the mean squared error with respect to each prediction:
 *
 * $$\frac{\partial E}{\partial \hat{y}_i} = -\frac{2}{N}\,(y_i - \hat{y}_i).$$
 *
 * @param prediction The outputs $\hat{y}$: a number or a non-empty 1-D vector of finite numbers.
 * @param target The targets $y$: the same form and length, finite numbers.
 * @returns $\partial E / \partial \hat{y}$: a number if `prediction` is a number, otherwise a
 *   1-D tensor.
 * @throws {TypeError} If an argument is not a number or 1-D vector, or the lengths differ.
 * @throws {RangeError} If an entry is NaN or infinite, an argument is empty, or a slope
 *   exceeds float64 ($2(10^{308} + 10^{308}) / N$ for $N \le 2$; for larger $N$ the
 *   difference is divided by $N$ first, so the slope is returned).
 *
 * @example Half of the squared-error slopes for two entries: [-0.5, 0.25]
 * ```ts
 * import { meanSquaredErrorGradient } from "./losses.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(meanSquaredErrorGradient([0.5, 0.25], [1, 0]).toFlatArray(), [-0.5, 0.25]);
 * ```
 */
export function meanSquaredErrorGradient(prediction: number, target: TensorLike): number;
/** The same for a vector of outputs: a 1-D tensor of the prediction's length. */
export function meanSquaredErrorGradient(prediction: TensorLike, target: TensorLike): Tensor;
export function meanSquaredErrorGradient(
  prediction: TensorLike,
  target: TensorLike,
): number | Tensor {
  return guard("meanSquaredErrorGradient", () => {
    const fn = "meanSquaredErrorGradient";
    const [P, Y] = readPair(fn, ["prediction", "target"], prediction, target);
    const y = Y.data, n = P.size;
    const g = P.data.map((pi, i) => {
      const gi = (2 * (pi - y[i])) / n; // -2(y - p) / N
      return Number.isFinite(gi) ? gi : 2 * (pi / n - y[i] / n); // p - y overflowed: divide first
    });
    return like(prediction, P, finiteResult(fn, "the gradient", g));
  });
}

commonMistakes(meanSquaredErrorGradient, [{
  id: "mean-factor-missing",
  name: "the 1/N of the mean missing: -2(y - y-hat)",
  why: "The slope of one squared term is -2(y - y-hat), and the mean's 1/N is forgotten " +
    "when the terms are averaged.",
  variant: (prediction, target) => {
    meanSquaredErrorGradient(prediction, target); // the checks of the function itself
    return squaredErrorGradient(prediction, target);
  },
  example: { args: [[0.5, 0.25], [1, 0]], result: new Tensor([2], [-1, 0.5]) },
}, {
  id: "factor-two-missing",
  name: "the factor 2 missing: (y-hat - y)/N",
  why: "With the textbook's 1/2 in front of the squared error the 2 cancels, and that slope " +
    "is quoted for the mean without the 1/2.",
  variant: (prediction, target) =>
    scaled(meanSquaredErrorGradient(prediction, target), 0.5) as Tensor,
  // (0.5 - 1)/4 and (0.25 - 0)/4, zeros elsewhere
  example: {
    args: [[0.5, 0.25, 0, 0], [1, 0, 0, 0]],
    result: new Tensor([4], [-0.125, 0.0625, 0, 0]),
  },
}, {
  id: "sign-flipped",
  name: "sign flipped: 2(y - y-hat)/N",
  why: "The inner derivative of (y - y-hat) by y-hat is -1, and the chain rule's minus sign " +
    "is lost.",
  variant: (prediction, target) =>
    scaled(meanSquaredErrorGradient(prediction, target), -1) as Tensor,
  example: { args: [[0.5, 0.25], [1, 0]], result: new Tensor([2], [0.5, -0.25]) },
}]);

/** Reads a class index: an integer in [0, n). */
function readClass(fn: string, targetClass: unknown, n: number): number {
  if (typeof targetClass !== "number") {
    throw new TypeError(`${fn}: targetClass must be an integer, got ${show(targetClass)}`);
  }
  if (!Number.isInteger(targetClass) || targetClass < 0 || targetClass >= n) {
    throw new RangeError(
      `${fn}: targetClass must be an integer in [0, ${n - 1}] (one per logit), got ${
        show(targetClass)
      }`,
    );
  }
  return targetClass;
}

/**
 * Softmax cross-entropy (categorical cross-entropy) for one sample whose true class is
 * `targetClass`:
 *
 * $$E = -\ln \operatorname{softmax}(z)_t = -z_t + \ln \sum_j e^{z_j},$$
 *
 * where $z$ is `logits` and $t$ is `targetClass`. It is computed with the log-sum-exp
 * trick, $\ln \sum_j e^{z_j} = m + \ln \sum_j e^{z_j - m}$ with $m = \max_j z_j$ (as in
 * {@linkcode logSoftmax}), so it stays finite even when the softmax probability of the true
 * class underflows to 0. With two classes and $z = (0, s)$ it is binary cross-entropy with
 * logit $s$. The loss is at most $m - z_t + \ln n$, which float64 cannot hold once $m - z_t$
 * passes `Number.MAX_VALUE` (logits $10^{308}$ and $-10^{308}$): that is a `RangeError`.
 *
 * @param logits The class scores $z$: a non-empty 1-D vector of finite numbers, length $n$.
 * @param targetClass The true class $t$: an integer in $[0, n - 1]$.
 * @returns The loss in nats, $\ge 0$.
 * @throws {TypeError} If `logits` is not a 1-D vector or `targetClass` is not a number.
 * @throws {RangeError} If `logits` is empty or holds NaN or an infinity, `targetClass` is
 *   not an integer in range, or the loss exceeds float64.
 *
 * @example Three equal scores: -ln(1/3) = ln 3 = 1.09861
 * ```ts
 * import { softmaxCrossEntropy } from "./losses.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(softmaxCrossEntropy([0.5, 0.5, 0.5], 2) - Math.log(3)) < 1e-15);
 * ok(softmaxCrossEntropy([0, 1000], 0) === 1000); // softmax(z)_0 underflows; the loss does not
 * ```
 */
export function softmaxCrossEntropy(logits: TensorLike, targetClass: number): number {
  return guard("softmaxCrossEntropy", () => {
    const fn = "softmaxCrossEntropy";
    const z = expectRank(fn, "logits", logits, [1]).data;
    const t = readClass(fn, targetClass, z.length);
    let m = z[0];
    for (let j = 1; j < z.length; j++) if (z[j] > m) m = z[j];
    let sum = 0;
    for (let j = 0; j < z.length; j++) sum += Math.exp(z[j] - m); // the largest term is 1
    const logSum = m + Math.log(sum); // ln sum_j e^{z_j}
    return finiteResult(fn, "the loss", logSum - z[t]); // -z_t + ln sum_j e^{z_j}
  });
}

commonMistakes(softmaxCrossEntropy, [{
  id: "log-base-2",
  name: "logarithm in base 2 instead of the natural log",
  why: "Information theory measures cross-entropy in bits, and a bare log in a formula sheet " +
    "may be read as base 2, though the loss of machine learning uses ln.",
  variant: (logits, targetClass) => softmaxCrossEntropy(logits, targetClass) / Math.LN2,
  // two equal scores: -log2(1/2) = 1, where -ln(1/2) = 0.69315
  example: { args: [[0, 0], 0], result: 1 },
}, {
  id: "log-base-10",
  name: "logarithm in base 10 instead of the natural log",
  why: "A calculator's log key is base 10, so -log(0.7) typed in gives the loss divided by " +
    "ln 10.",
  variant: (logits, targetClass) => softmaxCrossEntropy(logits, targetClass) / Math.LN10,
  // ten equal scores: -log10(1/10) = 1, where -ln(1/10) = 2.30259
  example: { args: [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3], result: 1 },
}]);

/**
 * The derivative of softmax cross-entropy with respect to the logits:
 *
 * $$\frac{\partial E}{\partial z_j} = \operatorname{softmax}(z)_j - [j = t],$$
 *
 * the predicted probabilities minus the one-hot encoding of the true class $t$. It
 * follows from $E = -z_t + \ln \sum_j e^{z_j}$: the first term gives $-1$ at $j = t$, the
 * second gives $e^{z_j} / \sum_k e^{z_k}$. The entries sum to $0$.
 *
 * @param logits The class scores $z$: a non-empty 1-D vector of finite numbers, length $n$.
 * @param targetClass The true class $t$: an integer in $[0, n - 1]$.
 * @returns A 1-D tensor of length $n$.
 * @throws {TypeError} If `logits` is not a 1-D vector or `targetClass` is not a number.
 * @throws {RangeError} If `logits` is empty or holds NaN or an infinity, or `targetClass`
 *   is not an integer in range.
 *
 * @example Three equal scores, class 2: (1/3, 1/3, 1/3 - 1)
 * ```ts
 * import { softmaxCrossEntropyGradient } from "./losses.ts";
 * import { ok } from "node:assert/strict";
 *
 * const g = softmaxCrossEntropyGradient([0.5, 0.5, 0.5], 2).toFlatArray();
 * const expected = [1 / 3, 1 / 3, -2 / 3];
 * ok(g.every((v, j) => Math.abs(v - expected[j]) < 1e-15));
 * ```
 */
export function softmaxCrossEntropyGradient(logits: TensorLike, targetClass: number): Tensor {
  return guard("softmaxCrossEntropyGradient", () => {
    const fn = "softmaxCrossEntropyGradient";
    const z = expectRank(fn, "logits", logits, [1]);
    const t = readClass(fn, targetClass, z.size);
    const g = softmax(z).clone();
    g.data[t] -= 1; // minus the one-hot vector
    return g;
  });
}

commonMistakes(softmaxCrossEntropyGradient, [{
  id: "one-hot-not-subtracted",
  name: "the softmax alone, the one-hot target not subtracted",
  why: "The gradient is softmax(z) minus the one-hot target, and the second term, the " +
    "derivative of -z_t, is forgotten.",
  variant: (logits, targetClass) => {
    softmaxCrossEntropyGradient(logits, targetClass); // the checks of the function itself
    return softmax(logits);
  },
  example: { args: [[0, 0], 1], result: new Tensor([2], [0.5, 0.5]) },
}, {
  id: "sign-flipped",
  name: "sign flipped: one-hot minus softmax",
  why: "The error is often written target minus output, as in y - y-hat, which turns the " +
    "gradient around.",
  variant: (logits, targetClass) =>
    scaled(softmaxCrossEntropyGradient(logits, targetClass), -1) as Tensor,
  example: { args: [[0, 0], 1], result: new Tensor([2], [-0.5, 0.5]) },
}]);
