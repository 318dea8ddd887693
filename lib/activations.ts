/**
 * # Activation functions and their derivatives
 *
 * A neuron first adds up its weighted inputs, $n = \sum_i x_i w_i + b$, and then bends
 * the sum with an activation function $\varphi$. The worked solution sheet uses the
 * logistic sigmoid
 *
 * $$\varphi(x) = \sigma(x) = \frac{1}{1 + e^{-x}},$$
 *
 * which squeezes any real number into $(0, 1)$, so the output can be read as a
 * probability. For its perceptron the weighted sum is $0.8$, and
 * $\sigma(0.8) = 1 / (1 + e^{-0.8}) = 1 / 1.44933 = 0.68997$.
 *
 * Backpropagation needs the slope of each activation. The sheet writes the sigmoid's
 * slope as
 *
 * $$\sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(x)\,\bigl(1 - \sigma(x)\bigr),$$
 *
 * and both forms are here ({@linkcode sigmoidDerivativeExp} and
 * {@linkcode sigmoidDerivative}). The slope is at most $1/4$ (at $x = 0$), which is why a
 * long chain of sigmoids multiplies many factors below $1/4$ and its gradient vanishes.
 *
 * Beside the sigmoid: $\tanh$, the rectifier $\max(0, x)$, the identity (the sheet's
 * "linear activation" of question 2), and softmax, which turns a vector of scores into
 * a probability distribution. Each scalar function comes with its derivative, and
 * {@linkcode activation} looks up a pair by name so that a neuron or a network can be
 * told `{ activation: "tanh" }`.
 *
 * Every function here is written so that no finite input overflows or yields NaN.
 *
 * The common mistakes in these slopes are declared beside them (`commonMistakes`): the
 * sigmoid's slope written as $\sigma(x)$ alone or evaluated at its output $\sigma(x)$
 * instead of its input $x$, $\tanh' = 1 - \tanh$, a slope of 1 for the rectifier at 0.
 *
 * ## Summary
 *
 * - An activation bends the weighted sum; the sigmoid maps it into $(0, 1)$ and can be read
 *   as a probability.
 * - Its slope has two equal forms, $e^{-x}/(1+e^{-x})^2 = \sigma(x)(1-\sigma(x))$, and never
 *   exceeds $1/4$.
 * - $\tanh$, the rectifier and the identity are the other common choices; softmax turns a
 *   vector of scores into probabilities.
 * - Every activation here comes with its derivative, which backpropagation multiplies in.
 *
 * @example The document's sigmoid(0.8) = 0.68997 and both forms of its slope
 * ```ts
 * import { sigmoid, sigmoidDerivative, sigmoidDerivativeExp } from "./activations.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(sigmoid(0.8) - 0.68997) < 5e-6);
 * // sigma(0.8) (1 - sigma(0.8)) = 0.68997 * 0.31003 = 0.21391
 * ok(Math.abs(sigmoidDerivative(0.8) - 0.21391) < 5e-6);
 * ok(Math.abs(sigmoidDerivativeExp(0.8) - sigmoidDerivative(0.8)) < 1e-15);
 * ```
 *
 * @module
 */

import { finiteNumber, finiteResult, guard, show } from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import { Tensor, type TensorLike, vector } from "./tensor.ts";

/**
 * The logistic sigmoid, the document's activation $\varphi$:
 *
 * $$\sigma(x) = \frac{1}{1 + e^{-x}} .$$
 *
 * Computed without overflow: for $x \ge 0$ as $1 / (1 + e^{-x})$, and for $x < 0$ as the
 * equal $e^{x} / (1 + e^{x})$, so the exponential is never of a large positive number.
 * The result lies in $(0, 1)$ mathematically; in float64 it rounds to exactly $1$ for
 * $x > 37$ and underflows towards $0$ for $x < -745$.
 *
 * @param x The input $x$ (the neuron's weighted sum); any finite number.
 * @returns $\sigma(x)$, in $[0, 1]$ after rounding.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example The document's perceptron: sigmoid(0.8) = 0.68997
 * ```ts
 * import { sigmoid } from "./activations.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * ok(Math.abs(sigmoid(0.8) - 0.68997) < 5e-6);
 * strictEqual(sigmoid(0), 0.5);
 * // No overflow: e^{1000} would be Infinity, but the result is still a probability.
 * strictEqual(sigmoid(-1000), 0);
 * strictEqual(sigmoid(1000), 1);
 * ```
 */
export function sigmoid(x: number): number {
  finiteNumber("sigmoid", "x", x);
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x); // e^{x} < 1 here
  return e / (1 + e);
}

commonMistakes(sigmoid, [{
  id: "exponent-sign",
  name: "exponent's sign dropped: 1/(1 + e^x)",
  why: "The minus sign in e^(-x) is small on the page and the result still looks like a " +
    "probability, but it is the sigmoid of -x.",
  variant: (x) => {
    sigmoid(x);
    return sigmoid(-x);
  },
  example: { args: [Math.log(3)], result: 0.25 },
}]);

/**
 * The derivative of the sigmoid in the form $\sigma(1 - \sigma)$:
 *
 * $$\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr).$$
 *
 * Since $1 - \sigma(x) = \sigma(-x)$, it is computed as $\sigma(x)\,\sigma(-x)$: the same
 * number mathematically, but without the cancellation in $1 - \sigma(x)$ when $\sigma(x)$
 * is close to $1$ (for $x = 30$ the naive form loses three significant digits).
 *
 * @param x The input $x$ of the sigmoid (not its output); any finite number.
 * @returns $\sigma'(x)$, in $[0, 1/4]$, largest at $x = 0$.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example The slope at 0 is 1/4, the largest it gets
 * ```ts
 * import { sigmoidDerivative } from "./activations.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * strictEqual(sigmoidDerivative(0), 0.25); // 0.5 * (1 - 0.5)
 * ok(sigmoidDerivative(4) < 0.018); // sigma(4) = 0.98201, 0.98201 * 0.01799 = 0.017663
 * ```
 */
export function sigmoidDerivative(x: number): number {
  finiteNumber("sigmoidDerivative", "x", x);
  return sigmoid(x) * sigmoid(-x); // sigma(x) (1 - sigma(x))
}

commonMistakes(sigmoidDerivative, [{
  id: "sigma-alone",
  name: "the sigmoid itself, sigma(x), for its slope",
  why: "The slope sigma(x)(1 - sigma(x)) is built from sigma, and the factor 1 - sigma(x) " +
    "is dropped when it is written from memory.",
  variant: (x) => {
    sigmoidDerivative(x);
    return sigmoid(x);
  },
  example: { args: [Math.log(3)], result: 0.75 },
}, {
  id: "at-output",
  name: "slope evaluated at the output sigma(x) instead of the input x",
  why: "Backpropagation code stores the activation a = sigma(z) and writes the slope as " +
    "a(1 - a), and calling sigma' on a instead of z applies the sigmoid twice.",
  variant: (x) => {
    sigmoidDerivative(x);
    return sigmoidDerivative(sigmoid(x));
  },
  // sigma(0) = 1/2, and sigma'(1/2) = e^{-1/2} / (1 + e^{-1/2})^2
  example: { args: [0], result: Math.exp(-0.5) / (1 + Math.exp(-0.5)) ** 2 },
}, {
  id: "input-for-output",
  name: "x(1 - x): the input put where sigma(x) belongs",
  why: "The slope is taught as a(1 - a) for the activation a, and the input x is put in " +
    "for a.",
  variant: (x) => {
    sigmoidDerivative(x);
    return x * (1 - x);
  },
  example: { args: [2], result: -2 },
}]);

/**
 * The derivative of the sigmoid in the form the document writes in question 5:
 *
 * $$\frac{d\varphi}{dx} = \frac{e^{-x}}{(1 + e^{-x})^2} .$$
 *
 * Written literally, $e^{-x}$ overflows to infinity for $x < -709$ and the quotient becomes
 * $\infty / \infty = \text{NaN}$. The expression is even in $x$ (multiply numerator and
 * denominator by $e^{2x}$ to get $e^{x} / (1 + e^{x})^2$), so it is evaluated as
 * $t / (1 + t)^2$ with $t = e^{-|x|} \le 1$: the same value, finite for every finite $x$.
 * Close to $x = 0$ the rounded quotient can land one unit in the last place above $1/4$,
 * the true maximum, so the result is capped at $1/4$. It equals
 * {@linkcode sigmoidDerivative} up to rounding.
 *
 * @param x The input $x$ of the sigmoid; any finite number.
 * @returns $e^{-x} / (1 + e^{-x})^2$, in $[0, 1/4]$.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example The document's form agrees with sigma(1 - sigma), even far from 0
 * ```ts
 * import { sigmoidDerivative, sigmoidDerivativeExp } from "./activations.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * // At 0.8: e^{-0.8} / (1 + e^{-0.8})^2 = 0.44933 / 2.10056 = 0.21391
 * ok(Math.abs(sigmoidDerivativeExp(0.8) - 0.21391) < 5e-6);
 * ok(Math.abs(sigmoidDerivativeExp(-3) - sigmoidDerivative(-3)) < 1e-16);
 * strictEqual(sigmoidDerivativeExp(-1000), 0); // the literal formula gives NaN here
 * ```
 */
export function sigmoidDerivativeExp(x: number): number {
  finiteNumber("sigmoidDerivativeExp", "x", x);
  const t = Math.exp(-Math.abs(x)); // e^{-x} for x >= 0, e^{x} for x < 0
  // Near x = 0 rounding can lift the quotient one ulp above its true maximum 1/4.
  return Math.min(t / ((1 + t) * (1 + t)), 0.25);
}

commonMistakes(sigmoidDerivativeExp, [{
  id: "square-dropped",
  name: "denominator not squared: e^(-x)/(1 + e^(-x))",
  why: "Differentiating 1/(1 + e^(-x)) by the quotient rule squares the denominator, and " +
    "the square is lost when the rule is applied in one's head.",
  variant: (x) => {
    sigmoidDerivativeExp(x);
    return sigmoid(-x); // e^{-x} / (1 + e^{-x}) = 1 - sigma(x)
  },
  example: { args: [Math.log(3)], result: 0.25 },
}, {
  id: "sigma-alone",
  name: "the sigmoid itself, sigma(x), for its slope",
  why: "The quotient is the derivative of sigma, and sigma's own value 1/(1 + e^(-x)) is " +
    "written in its place when the two are confused.",
  variant: (x) => {
    sigmoidDerivativeExp(x);
    return sigmoid(x);
  },
  // sigma(ln 3) = 1/(1 + 1/3) = 3/4, where the slope is (1/3)/(4/3)^2 = 3/16
  example: { args: [Math.log(3)], result: 0.75 },
}]);

/**
 * The hyperbolic tangent, a sigmoid rescaled to $(-1, 1)$:
 *
 * $$\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1 .$$
 *
 * @param x The input $x$; any finite number.
 * @returns $\tanh(x)$, in $[-1, 1]$ after rounding.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example tanh is odd and bounded
 * ```ts
 * import { tanh } from "./activations.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(tanh(0), 0);
 * strictEqual(tanh(-0.5), -tanh(0.5));
 * strictEqual(tanh(1000), 1);
 * ```
 */
export function tanh(x: number): number {
  finiteNumber("tanh", "x", x);
  return Math.tanh(x);
}

/**
 * The derivative of $\tanh$:
 *
 * $$\tanh'(x) = 1 - \tanh^2(x) = \frac{1}{\cosh^2(x)} .$$
 *
 * Computed as $1 / \cosh^2(x)$, which keeps full relative accuracy where $\tanh(x)$ is
 * close to $\pm 1$ (and gives exactly $0$ once $\cosh^2$ overflows, where the true value
 * is below the smallest float64 anyway).
 *
 * @param x The input $x$ of $\tanh$; any finite number.
 * @returns $\tanh'(x)$, in $[0, 1]$, equal to $1$ at $x = 0$.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example The slope of tanh at 0 is 1, four times the sigmoid's
 * ```ts
 * import { tanhDerivative } from "./activations.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * strictEqual(tanhDerivative(0), 1);
 * // 1 - tanh(1)^2 = 1 - 0.761594^2 = 0.419974
 * ok(Math.abs(tanhDerivative(1) - 0.419974) < 1e-6);
 * ```
 */
export function tanhDerivative(x: number): number {
  finiteNumber("tanhDerivative", "x", x);
  const c = Math.cosh(x);
  return 1 / (c * c); // 1 - tanh^2(x)
}

commonMistakes(tanhDerivative, [{
  id: "one-minus-tanh",
  name: "1 - tanh(x), the square forgotten",
  why: "The sigmoid's slope has a factor 1 - sigma, and by analogy tanh's is written 1 - tanh.",
  variant: (x) => {
    tanhDerivative(x);
    return 1 - Math.tanh(x);
  },
  // tanh(ln 2) = (4 - 1)/(4 + 1) = 3/5 (at tanh = 1/2, 1 - tanh would equal tanh itself)
  example: { args: [Math.log(2)], result: 0.4 },
}, {
  id: "at-output",
  name: "slope evaluated at the output tanh(x) instead of the input x",
  why: "The slope is stored as 1 - a^2 for the activation a, and calling tanh' on a " +
    "instead of the input applies tanh twice.",
  variant: (x) => {
    tanhDerivative(x);
    return tanhDerivative(Math.tanh(x));
  },
  // tanh(ln(3)/2) = 1/2, and 1 - tanh^2(1/2) with tanh(1/2) = (e - 1)/(e + 1)
  example: { args: [Math.log(3) / 2], result: 1 - ((Math.E - 1) / (Math.E + 1)) ** 2 },
}, {
  id: "input-for-output",
  name: "1 - x^2: the input put where tanh(x) belongs",
  why: "The slope is taught as 1 - a^2 for the activation a, and the input x is put in for a.",
  variant: (x) => {
    tanhDerivative(x);
    return 1 - x * x;
  },
  example: { args: [2], result: -3 },
}, {
  id: "tanh-itself",
  name: "tanh(x) itself for its slope",
  why: "The slope 1 - tanh^2(x) is built from tanh, and the function is written where its " +
    "derivative belongs when the rule is not at hand.",
  variant: (x) => {
    tanhDerivative(x);
    return Math.tanh(x);
  },
  // tanh(ln 2) = (4 - 1)/(4 + 1) = 3/5, where the slope is 1 - 9/25 = 16/25
  example: { args: [Math.log(2)], result: 0.6 },
}]);

/**
 * The rectified linear unit:
 *
 * $$\operatorname{relu}(x) = \max(0, x) .$$
 *
 * @param x The input $x$; any finite number.
 * @returns $x$ if $x > 0$, otherwise $0$.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example Negative inputs are cut to 0
 * ```ts
 * import { relu } from "./activations.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(relu(0.8), 0.8);
 * strictEqual(relu(-0.8), 0);
 * ```
 */
export function relu(x: number): number {
  finiteNumber("relu", "x", x);
  return x > 0 ? x : 0;
}

/**
 * The derivative of the rectifier:
 *
 * $$\operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}$$
 *
 * At $x = 0$ the rectifier has a corner and no derivative; any value in $[0, 1]$ is a
 * valid subgradient. nnspec takes $0$ there, as PyTorch's autograd does, so gradients
 * computed here match PyTorch's at the corner too.
 *
 * @param x The input $x$ of the rectifier; any finite number.
 * @returns $1$ for $x > 0$, $0$ for $x \le 0$.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example The slope is a step, with 0 at the corner
 * ```ts
 * import { reluDerivative } from "./activations.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(reluDerivative(2), 1);
 * strictEqual(reluDerivative(0), 0);
 * strictEqual(reluDerivative(-2), 0);
 * ```
 */
export function reluDerivative(x: number): number {
  finiteNumber("reluDerivative", "x", x);
  return x > 0 ? 1 : 0;
}

commonMistakes(reluDerivative, [{
  id: "one-at-zero",
  name: "slope 1 at the corner x = 0",
  why: "The step is often written 1 for x >= 0, and although any value in [0, 1] is a " +
    "subgradient there, PyTorch and this library take 0.",
  variant: (x) => {
    reluDerivative(x);
    return x >= 0 ? 1 : 0;
  },
  example: { args: [0], result: 1 },
}, {
  id: "function-for-slope",
  name: "the rectifier max(0, x) for its slope",
  why: "The rectifier is the identity for positive inputs, and the identity's value is " +
    "confused with its slope 1.",
  variant: (x) => {
    reluDerivative(x);
    return relu(x);
  },
  example: { args: [2], result: 2 },
}]);

/**
 * The identity, the document's "linear activation" (question 2 assumes one, so a
 * convolution's output is just its weighted sums):
 *
 * $$\varphi(x) = x .$$
 *
 * @param x The input $x$; any finite number.
 * @returns `x` unchanged.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example A linear activation leaves the weighted sum as it is
 * ```ts
 * import { identity } from "./activations.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(identity(0.8), 0.8);
 * ```
 */
export function identity(x: number): number {
  finiteNumber("identity", "x", x);
  return x;
}

/**
 * The derivative of the identity:
 *
 * $$\varphi'(x) = 1 .$$
 *
 * @param x The input $x$; any finite number (checked, though the slope does not depend on it).
 * @returns $1$.
 * @throws {RangeError} If `x` is NaN or infinite.
 * @throws {TypeError} If `x` is not a number.
 *
 * @example The slope of a linear activation is 1 everywhere
 * ```ts
 * import { identityDerivative } from "./activations.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(identityDerivative(-3), 1);
 * ```
 */
export function identityDerivative(x: number): number {
  finiteNumber("identityDerivative", "x", x);
  return 1;
}

/**
 * Softmax: turns a vector of scores (logits) into probabilities that sum to $1$:
 *
 * $$\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
 *   = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}, \qquad m = \max_j z_j .$$
 *
 * Subtracting the largest score $m$ changes nothing mathematically (the factor $e^{-m}$
 * cancels) but keeps every exponent $\le 0$, so nothing overflows and the largest term is
 * exactly $1$, so the sum is never $0$.
 *
 * @param logits The scores $z$: a non-empty 1-D vector of finite numbers.
 * @returns A 1-D tensor of the same length, entries in $[0, 1]$ summing to $1$.
 * @throws {TypeError} If `logits` is not a 1-D vector (ragged, wrong rank, not numbers).
 * @throws {RangeError} If `logits` is empty or holds NaN or an infinity.
 *
 * @example Scores 1, 2, 3 and the same scores shifted by 1000
 * ```ts
 * import { softmax } from "./activations.ts";
 * import { ok } from "node:assert/strict";
 *
 * // e^0 : e^1 : e^2 = 1 : 2.71828 : 7.38906, divided by their sum 11.10734
 * const p = softmax([1, 2, 3]).toFlatArray();
 * ok(Math.abs(p[0] - 0.090031) < 1e-6 && Math.abs(p[2] - 0.665241) < 1e-6);
 * const q = softmax([1001, 1002, 1003]).toFlatArray(); // e^{1003} alone would overflow
 * ok(q.every((v, i) => Math.abs(v - p[i]) < 1e-15));
 * ```
 */
export function softmax(logits: TensorLike): Tensor {
  return guard("softmax", () => {
    const z = vector("softmax", "logits", logits);
    const m = largest(z);
    const out = new Float64Array(z.length);
    let sum = 0;
    for (let i = 0; i < z.length; i++) {
      out[i] = Math.exp(z[i] - m);
      sum += out[i];
    }
    for (let i = 0; i < z.length; i++) out[i] /= sum;
    return new Tensor([z.length], out);
  });
}

/** The largest entry of a non-empty vector (a loop: spreading a long array overflows the stack). */
function largest(z: Float64Array): number {
  let m = z[0];
  for (let i = 1; i < z.length; i++) if (z[i] > m) m = z[i];
  return m;
}

/**
 * The logarithm of softmax, computed directly with the log-sum-exp trick:
 *
 * $$\log \operatorname{softmax}(z)_i = z_i - m - \log \sum_j e^{z_j - m},
 *   \qquad m = \max_j z_j .$$
 *
 * Taking $\log$ of {@linkcode softmax} would give $-\infty$ once a probability underflows
 * to $0$; this form stays finite (for example $-1000$ where softmax rounds to $0$).
 * Softmax cross-entropy is the negative of one entry. An entry is at least
 * $z_i - m - \ln n$; below $-$`Number.MAX_VALUE` (logits $10^{308}$ and $-10^{308}$)
 * float64 cannot hold it, and that is a `RangeError` rather than $-\infty$.
 *
 * @param logits The scores $z$: a non-empty 1-D vector of finite numbers.
 * @returns A 1-D tensor of the same length, entries $\le 0$.
 * @throws {TypeError} If `logits` is not a 1-D vector.
 * @throws {RangeError} If `logits` is empty or holds NaN or an infinity, or an entry is
 *   below $-$`Number.MAX_VALUE`.
 *
 * @example Log-probabilities stay finite where probabilities underflow
 * ```ts
 * import { logSoftmax } from "./activations.ts";
 * import { ok } from "node:assert/strict";
 *
 * // log(1/2) for two equal scores
 * ok(Math.abs(logSoftmax([3, 3]).get(0) - Math.log(0.5)) < 1e-15);
 * // 0 - 1000 - log(1 + e^{-1000}) = -1000
 * ok(logSoftmax([0, 1000]).get(0) === -1000);
 * ```
 */
export function logSoftmax(logits: TensorLike): Tensor {
  return guard("logSoftmax", () => {
    const z = vector("logSoftmax", "logits", logits);
    const m = largest(z);
    let sum = 0;
    for (let i = 0; i < z.length; i++) sum += Math.exp(z[i] - m);
    const logSum = m + Math.log(sum); // log sum_j e^{z_j}
    return new Tensor(
      [z.length],
      finiteResult("logSoftmax", "the output", z.map((zi) => zi - logSum)),
    );
  });
}

/**
 * The derivative of softmax, its Jacobian matrix:
 *
 * $$\frac{\partial\, \operatorname{softmax}(z)_i}{\partial z_j} = s_i\,(\delta_{ij} - s_j),
 *   \qquad s = \operatorname{softmax}(z),$$
 *
 * that is $\operatorname{diag}(s) - s s^{\top}$, where $\delta_{ij}$ is $1$ when $i = j$
 * and $0$ otherwise. Each row sums to $0$, because the probabilities always sum to $1$.
 *
 * @param logits The scores $z$: a non-empty 1-D vector of finite numbers, length $n$.
 * @returns An $n \times n$ tensor whose entry $(i, j)$ is $\partial s_i / \partial z_j$.
 * @throws {TypeError} If `logits` is not a 1-D vector.
 * @throws {RangeError} If `logits` is empty or holds NaN or an infinity.
 *
 * @example Two equal scores: s = (1/2, 1/2), so the Jacobian is [[1/4, -1/4], [-1/4, 1/4]]
 * ```ts
 * import { softmaxJacobian } from "./activations.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(softmaxJacobian([0, 0]).toArray(), [[0.25, -0.25], [-0.25, 0.25]]);
 * ```
 */
export function softmaxJacobian(logits: TensorLike): Tensor {
  return guard("softmaxJacobian", () => {
    vector("softmaxJacobian", "logits", logits);
    const s = softmax(logits).data;
    const n = s.length;
    const out = new Tensor([n, n]);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        out.data[i * n + j] = s[i] * ((i === j ? 1 : 0) - s[j]);
      }
    }
    return out;
  });
}

/** The names {@linkcode activation} knows: the scalar activations of this module. */
export type ActivationName = "sigmoid" | "tanh" | "relu" | "identity";

/** A scalar activation $\varphi$ and its derivative $\varphi'$, both taking the input $x$. */
export interface Activation {
  /** The activation $\varphi(x)$. */
  f: (x: number) => number;
  /** Its derivative $\varphi'(x)$, taking the same input $x$ (not $\varphi(x)$). */
  df: (x: number) => number;
}

/**
 * Every {@linkcode ActivationName}, in a fixed order, for checking an option or listing
 * the choices.
 *
 * @example Four activations are known by name
 * ```ts
 * import { activationNames } from "./activations.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual([...activationNames], ["sigmoid", "tanh", "relu", "identity"]);
 * ```
 */
export const activationNames: readonly ActivationName[] = Object.freeze([
  "sigmoid",
  "tanh",
  "relu",
  "identity",
]);

const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = Object.freeze({
  sigmoid: Object.freeze({ f: sigmoid, df: sigmoidDerivative }),
  tanh: Object.freeze({ f: tanh, df: tanhDerivative }),
  relu: Object.freeze({ f: relu, df: reluDerivative }),
  identity: Object.freeze({ f: identity, df: identityDerivative }),
});

/**
 * Looks up an activation and its derivative by name, so that a neuron or a network can
 * be configured with a string.
 *
 * | name | $\varphi(x)$ | $\varphi'(x)$ |
 * | --- | --- | --- |
 * | `"sigmoid"` | $1 / (1 + e^{-x})$ | $\sigma(x)(1 - \sigma(x))$ |
 * | `"tanh"` | $\tanh(x)$ | $1 - \tanh^2(x)$ |
 * | `"relu"` | $\max(0, x)$ | $1$ if $x > 0$, else $0$ |
 * | `"identity"` | $x$ | $1$ |
 *
 * @param name One of `"sigmoid"`, `"tanh"`, `"relu"`, `"identity"`.
 * @returns `{ f, df }`: the activation and its derivative, both functions of the input $x$.
 * @throws {TypeError} If `name` is not a string.
 * @throws {RangeError} If `name` is not one of the known names.
 *
 * @example Pick the sigmoid by name
 * ```ts
 * import { activation } from "./activations.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const { f, df } = activation("sigmoid");
 * ok(Math.abs(f(0.8) - 0.68997) < 5e-6);
 * strictEqual(df(0), 0.25);
 * ```
 */
export function activation(name: ActivationName): Activation {
  return guard("activation", () => {
    if (typeof name !== "string") {
      throw new TypeError(`activation: name must be a string, got ${show(name)}`);
    }
    if (!activationNames.includes(name)) {
      throw new RangeError(
        `activation: name must be one of ${
          activationNames.map((k) => JSON.stringify(k)).join(", ")
        }, got ${show(name)}`,
      );
    }
    return ACTIVATIONS[name];
  });
}
