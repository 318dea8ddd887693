/**
 * # One neuron: a weighted sum, then an activation
 *
 * A single artificial neuron (a perceptron with a smooth activation) multiplies each
 * input $x_i$ by its weight $w_i$, adds the products and a bias $b$, and passes the
 * total through an activation function $\varphi$:
 *
 * $$\hat{y} = \varphi\Bigl(\sum_{i=1}^{N} x_i w_i + b\Bigr).$$
 *
 * The worked solution sheet's question 1 has two inputs $x = (2, 1)$, weights
 * $w = (0.2, 0.3)$ and bias $b = 0.1$, so the weighted sum is
 * $(2)(0.2) + (1)(0.3) + 0.1 = 0.4 + 0.3 + 0.1 = 0.8$, and with the sigmoid the
 * predicted output is $\sigma(0.8) = 1 / (1 + e^{-0.8}) = 0.68997$.
 *
 * The bias shifts the activation along the input axis: without it, a neuron whose inputs
 * are all zero would always output $\varphi(0)$ (one half for the sigmoid), whatever it
 * was trained on.
 *
 * The derivatives of the output with respect to the weights, the bias and the inputs,
 * which training needs, follow from the chain rule and are in {@linkcode neuronGradient}.
 * The bias left out of the sum is declared as a common mistake of {@linkcode weightedSum}.
 *
 * ## Summary
 *
 * - A neuron computes a weighted sum $n = \sum_i x_i w_i + b$ and passes it through an
 *   activation: $\hat y = \varphi(n)$.
 * - For the sheet's inputs the sum is $0.8$ and the sigmoid gives $0.68997$.
 * - The bias moves the point where the activation switches; it does not make $\varphi(0)$
 *   zero.
 * - The gradient with respect to each weight is the input times the activation's slope,
 *   $x_i\,\varphi'(n)$.
 *
 * @example The document's perceptron
 * ```ts
 * import { neuron, weightedSum } from "./neuron.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(weightedSum([2, 1], [0.2, 0.3], 0.1) - 0.8) < 1e-15);
 * ok(Math.abs(neuron([2, 1], [0.2, 0.3], 0.1) - 0.68997) < 5e-6);
 * ```
 *
 * @module
 */

import {
  type Activation,
  activation as lookup,
  type ActivationName,
  activationNames,
} from "./activations.ts";
import { finiteNumber, finiteResult, guard, options as readOptions, show } from "./_validate.ts";
import { Tensor, type TensorLike, vector } from "./tensor.ts";
import { commonMistakes } from "./mistakes.ts";

/** Reads inputs and weights as equally long vectors, and the bias as a finite number. */
function readNeuron(
  fn: string,
  inputs: TensorLike,
  weights: TensorLike,
  bias: number,
): { x: Float64Array; w: Float64Array; b: number } {
  const x = vector(fn, "inputs", inputs);
  const w = vector(fn, "weights", weights);
  if (x.length !== w.length) {
    throw new TypeError(
      `${fn}: inputs has length ${x.length} but weights has length ${w.length}; they must match`,
    );
  }
  return { x, w, b: finiteNumber(fn, "bias", bias) };
}

/** Reads `options.activation`, naming the calling function if it is not a known name. */
function readActivation(fn: string, name: unknown): Activation {
  if (typeof name !== "string" || !activationNames.includes(name as ActivationName)) {
    const known = activationNames.map((k) => JSON.stringify(k)).join(", ");
    const message = `${fn}: activation must be one of ${known}, got ${show(name)}`;
    throw typeof name === "string" ? new RangeError(message) : new TypeError(message);
  }
  return lookup(name as ActivationName);
}

/**
 * The weighted sum of a neuron, its input to the activation:
 *
 * $$n = \sum_{i=1}^{N} x_i w_i + b,$$
 *
 * where $x$ is `inputs`, $w$ is `weights` and $b$ is `bias`.
 *
 * @param inputs The inputs $x$: a non-empty 1-D vector of finite numbers, length $N$.
 * @param weights The weights $w$: a 1-D vector of finite numbers, the same length $N$.
 * @param bias The bias $b$: a finite number.
 * @returns The weighted sum $n$.
 * @throws {TypeError} If `inputs` or `weights` is not a 1-D vector, or their lengths differ.
 * @throws {RangeError} If a vector is empty, a number is NaN or infinite, or the sum
 *   overflows float64.
 *
 * @example The document's 2(0.2) + 1(0.3) + 0.1 = 0.8
 * ```ts
 * import { weightedSum } from "./neuron.ts";
 * import { ok, throws } from "node:assert/strict";
 *
 * ok(Math.abs(weightedSum([2, 1], [0.2, 0.3], 0.1) - 0.8) < 1e-15);
 * throws(() => weightedSum([2, 1], [0.2], 0.1), { name: "TypeError", message: /length 2.*length 1/ });
 * ```
 */
export function weightedSum(inputs: TensorLike, weights: TensorLike, bias: number): number {
  return guard("weightedSum", () => {
    const { x, w, b } = readNeuron("weightedSum", inputs, weights, bias);
    return finiteResult("weightedSum", "the weighted sum", dot(x, w) + b);
  });
}

commonMistakes(weightedSum, [{
  id: "bias-omitted",
  name: "bias omitted (the dot product alone)",
  why: "The products of inputs and weights are the visible part of the sum, and the bias, " +
    "which multiplies no input, is easily left out.",
  variant: (inputs, weights, bias) => {
    const { x, w } = readNeuron("weightedSum", inputs, weights, bias);
    return finiteResult("weightedSum", "the weighted sum", dot(x, w));
  },
  // 2(0.2) + 1(0.3) = 0.7, where the bias 0.1 makes it 0.8
  example: { args: [[2, 1], [0.2, 0.3], 0.1], result: 0.7 },
}]);

/** The dot product of two equally long vectors, summed left to right. */
function dot(x: Float64Array, w: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) n += x[i] * w[i];
  return n;
}

/** Options of {@linkcode neuron} and {@linkcode neuronGradient}. */
export interface NeuronOptions {
  /**
   * The activation $\varphi$ applied to the weighted sum, by name.
   * @default {"sigmoid"}
   */
  activation?: ActivationName;
}

/**
 * The output of one neuron:
 *
 * $$\hat{y} = \varphi\Bigl(\sum_{i=1}^{N} x_i w_i + b\Bigr),$$
 *
 * where $x$ is `inputs`, $w$ is `weights`, $b$ is `bias` and $\varphi$ is the activation
 * named by `options.activation` (see {@linkcode weightedSum} for the sum).
 *
 * @param inputs The inputs $x$: a non-empty 1-D vector of finite numbers, length $N$.
 * @param weights The weights $w$: a 1-D vector of finite numbers, the same length $N$.
 * @param bias The bias $b$: a finite number.
 * @param options `activation`: `"sigmoid"` (the default), `"tanh"`, `"relu"` or `"identity"`.
 * @returns The neuron's output $\hat{y}$.
 * @throws {TypeError} If `inputs` or `weights` is not a 1-D vector, their lengths differ,
 *   or `options.activation` is not a string.
 * @throws {RangeError} If a vector is empty, a number is NaN or infinite, the activation
 *   name is unknown, or the weighted sum overflows float64.
 *
 * @example The document's perceptron: sigmoid(0.8) = 0.68997
 * ```ts
 * import { neuron } from "./neuron.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(Math.abs(neuron([2, 1], [0.2, 0.3], 0.1, { activation: "sigmoid" }) - 0.68997) < 5e-6);
 * // With a linear activation the output is the weighted sum itself.
 * ok(Math.abs(neuron([2, 1], [0.2, 0.3], 0.1, { activation: "identity" }) - 0.8) < 1e-15);
 * ```
 */
export function neuron(
  inputs: TensorLike,
  weights: TensorLike,
  bias: number,
  options: NeuronOptions = {},
): number {
  return guard("neuron", () => {
    options = readOptions("neuron", options);
    const { x, w, b } = readNeuron("neuron", inputs, weights, bias);
    const { f } = readActivation("neuron", options.activation ?? "sigmoid");
    return f(finiteResult("neuron", "the weighted sum", dot(x, w) + b)); // phi(n), n as in weightedSum
  });
}

commonMistakes(neuron, [{
  id: "activation-omitted",
  name: "the weighted sum given as the output, the activation not applied",
  why: "The weighted sum is the long computation and feels like the answer, and the " +
    "activation applied to it afterwards is forgotten.",
  variant: (inputs, weights, bias, options = {}) => {
    neuron(inputs, weights, bias, options); // the checks of the function itself
    return neuron(inputs, weights, bias, { ...options, activation: "identity" });
  },
  // 2(0.2) + 1(0.3) + 0.1 = 0.8, where the sigmoid gives sigma(0.8) = 0.68997
  example: { args: [[2, 1], [0.2, 0.3], 0.1], result: 0.8 },
}]);

/** The partial derivatives of a neuron's output, as returned by {@linkcode neuronGradient}. */
export interface NeuronGradient {
  /** The output $\hat{y} = \varphi(n)$. */
  output: number;
  /** The weighted sum $n$. */
  sum: number;
  /** $\partial \hat{y} / \partial w_i = \varphi'(n)\, x_i$, one entry per weight. */
  weights: Tensor;
  /** $\partial \hat{y} / \partial b = \varphi'(n)$. */
  bias: number;
  /** $\partial \hat{y} / \partial x_i = \varphi'(n)\, w_i$, one entry per input. */
  inputs: Tensor;
}

/**
 * The derivative of one neuron's output with respect to its weights, bias and inputs.
 * With $n = \sum_i x_i w_i + b$ and $\hat{y} = \varphi(n)$, the chain rule gives
 *
 * $$\frac{\partial \hat{y}}{\partial w_i} = \varphi'(n)\, x_i, \qquad
 *   \frac{\partial \hat{y}}{\partial b} = \varphi'(n), \qquad
 *   \frac{\partial \hat{y}}{\partial x_i} = \varphi'(n)\, w_i,$$
 *
 * because $\partial n / \partial w_i = x_i$, $\partial n / \partial b = 1$ and
 * $\partial n / \partial x_i = w_i$. Multiply by $\partial E / \partial \hat{y}$ (a loss
 * gradient) to get the loss's gradient.
 *
 * @param inputs The inputs $x$: a non-empty 1-D vector of finite numbers, length $N$.
 * @param weights The weights $w$: a 1-D vector of finite numbers, the same length $N$.
 * @param bias The bias $b$: a finite number.
 * @param options `activation`: `"sigmoid"` (the default), `"tanh"`, `"relu"` or `"identity"`.
 * @returns The output, the weighted sum, and the three partial derivatives (vectors of
 *   length $N$ for the weights and the inputs).
 * @throws {TypeError} If `inputs` or `weights` is not a 1-D vector, their lengths differ,
 *   or `options.activation` is not a string.
 * @throws {RangeError} If a vector is empty, a number is NaN or infinite, the activation
 *   name is unknown, or the weighted sum overflows float64.
 *
 * @example The document's perceptron: sigma'(0.8) = 0.68997 * 0.31003 = 0.21391
 * ```ts
 * import { neuronGradient } from "./neuron.ts";
 * import { ok } from "node:assert/strict";
 *
 * const g = neuronGradient([2, 1], [0.2, 0.3], 0.1);
 * ok(Math.abs(g.bias - 0.21391) < 5e-6);
 * ok(Math.abs(g.weights.get(0) - 2 * g.bias) < 1e-15); // x_1 = 2
 * ok(Math.abs(g.inputs.get(1) - 0.3 * g.bias) < 1e-15); // w_2 = 0.3
 * ```
 */
export function neuronGradient(
  inputs: TensorLike,
  weights: TensorLike,
  bias: number,
  options: NeuronOptions = {},
): NeuronGradient {
  return guard("neuronGradient", () => {
    options = readOptions("neuronGradient", options);
    const { x, w, b } = readNeuron("neuronGradient", inputs, weights, bias);
    const { f, df } = readActivation("neuronGradient", options.activation ?? "sigmoid");
    const sum = finiteResult("neuronGradient", "the weighted sum", dot(x, w) + b); // n, as in weightedSum
    const slope = df(sum); // phi'(n), the factor every partial derivative shares
    return {
      output: f(sum),
      sum,
      weights: new Tensor([x.length], x.map((xi) => slope * xi)), // phi'(n) * dn/dw_i
      bias: slope, // phi'(n) * dn/db, and dn/db = 1
      inputs: new Tensor([w.length], w.map((wi) => slope * wi)), // phi'(n) * dn/dx_i
    };
  });
}
