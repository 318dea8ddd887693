/** Specs for lib/neuron.ts: the document's perceptron, the neuron's gradient, bad input. */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  activation,
  type ActivationName,
  activationNames,
  gradcheck,
  neuron,
  neuronGradient,
  weightedSum,
} from "../mod.ts";
import golden from "./golden/torch-public.json" with { type: "json" };

const EPS = Number.EPSILON;

/** A dyadic number k/8 in [-max, max]. */
const dyadic = (max: number) => fc.integer({ min: -8 * max, max: 8 * max }).map((k) => k / 8);

/** Inputs and weights of one neuron (1 to 6 of each, equally many) and a bias, all dyadic. */
const neuronArgs = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    inputs: fc.array(dyadic(2), { minLength: n, maxLength: n }),
    weights: fc.array(dyadic(2), { minLength: n, maxLength: n }),
    bias: dyadic(2),
  })
);

// The neuron's gradient is checked with the library's gradcheck (central finite
// differences), as in activations_test.ts: the step h = 2^-17 (gradcheck's eps) keeps the
// perturbed dyadic numbers exact; the estimate's error is at most h^2/6 |f'''| + 16 EPS |f| / h.
// Along one weight, bias or input the neuron's third derivative is phi'''(n) times a factor
// of at most 2^3 = 8 (inputs and weights are at most 2); |phi'''| <= 2 for all four
// activations (relu and identity: 0 away from the corner), and |f| <= 2 * 2 * 6 + 2 = 26.
// That bound is gradcheck's atol, with rtol 0.
const H = 2 ** -17;
const TOLERANCE = (H * H / 6) * 2 * 8 + (16 * EPS * 26) / H;

// --------------------------------- the document's numbers ---------------------------------

Deno.test("the document's perceptron: weighted sum 0.8, output 0.68997", () => {
  // 2(0.2) + 1(0.3) + 0.1 = 0.8 (to float64 rounding of 0.2, 0.3 and 0.1)
  ok(Math.abs(weightedSum([2, 1], [0.2, 0.3], 0.1) - 0.8) <= 2 * EPS);
  const y = neuron([2, 1], [0.2, 0.3], 0.1, { activation: "sigmoid" });
  ok(Math.abs(y - 0.68997) < 5e-6); // the document's five places
  const torch = golden.seed_document.perceptron_output; // PyTorch, float64
  ok(Math.abs(y - torch) <= 1e-12 * torch);
});

Deno.test("a neuron with a linear activation outputs its weighted sum", () => {
  // 1(0.5) + (-2)(0.25) + 0.125 = 0.125, exact in float64
  strictEqual(neuron([1, -2], [0.5, 0.25], 0.125, { activation: "identity" }), 0.125);
});

// ------------------------------------- properties -------------------------------------

Deno.test("the weighted sum does not depend on the order of the inputs", () => {
  // Products and sums of these dyadic numbers are exact, so reordering changes nothing.
  fc.assert(fc.property(neuronArgs, ({ inputs, weights, bias }) => {
    strictEqual(
      weightedSum([...inputs].reverse(), [...weights].reverse(), bias),
      weightedSum(inputs, weights, bias),
    );
  }));
});

Deno.test("with all weights zero the weighted sum is the bias", () => {
  fc.assert(fc.property(neuronArgs, ({ inputs, bias }) => {
    strictEqual(weightedSum(inputs, inputs.map(() => 0), bias), bias);
  }));
});

Deno.test("a neuron applies the named activation to its weighted sum", () => {
  fc.assert(
    fc.property(neuronArgs, fc.constantFrom(...activationNames), (args, name) => {
      const { inputs, weights, bias } = args;
      strictEqual(
        neuron(inputs, weights, bias, { activation: name }),
        activation(name).f(weightedSum(inputs, weights, bias)),
      );
    }),
  );
});

Deno.test("the default activation is the sigmoid", () => {
  fc.assert(fc.property(neuronArgs, ({ inputs, weights, bias }) => {
    strictEqual(
      neuron(inputs, weights, bias),
      neuron(inputs, weights, bias, { activation: "sigmoid" }),
    );
  }));
});

Deno.test("neuronGradient agrees with gradcheck in every weight, bias and input", () => {
  fc.assert(
    fc.property(neuronArgs, fc.constantFrom(...activationNames), (args, name) => {
      const { inputs, weights } = args;
      // The weighted sum is a multiple of 1/64, so unless it is exactly 0 it is farther
      // than H from the rectifier's corner; move it off 0 by shifting the bias.
      const bias = weightedSum(inputs, weights, args.bias) === 0 ? args.bias + 1 / 8 : args.bias;
      const options = { activation: name as ActivationName };
      const g = neuronGradient(inputs, weights, bias, options);
      // One point theta = (w_1..w_n, b, x_1..x_n), so every partial derivative is checked.
      const n = inputs.length;
      const output = (theta: Float64Array) =>
        neuron([...theta.subarray(n + 1)], [...theta.subarray(0, n)], theta[n], options);
      const report = gradcheck(output, [...weights, bias, ...inputs], {
        gradient: [...g.weights.data, g.bias, ...g.inputs.data],
        eps: H,
        atol: TOLERANCE,
        rtol: 0,
      });
      ok(report.ok, `${name}: ${JSON.stringify(report.worst)}`);
    }),
  );
});

Deno.test("neuronGradient reports the output and weighted sum it differentiated at", () => {
  const g = neuronGradient([2, 1], [0.2, 0.3], 0.1);
  strictEqual(g.sum, weightedSum([2, 1], [0.2, 0.3], 0.1));
  strictEqual(g.output, neuron([2, 1], [0.2, 0.3], 0.1));
  deepStrictEqual(g.weights.shape, [2]);
  deepStrictEqual(g.inputs.shape, [2]);
});

// -------------------------------------- bad input --------------------------------------

Deno.test("inputs and weights of different lengths are a TypeError naming both lengths", () => {
  for (const f of [weightedSum, neuron, neuronGradient]) {
    throws(() => f([2, 1], [0.2, 0.3, 0.4], 0.1), {
      name: "TypeError",
      message: `${f.name}: inputs has length 2 but weights has length 3; they must match`,
    });
  }
});

Deno.test("a non-finite bias or input is a RangeError naming the parameter", () => {
  throws(() => neuron([2, 1], [0.2, 0.3], NaN), {
    name: "RangeError",
    message: "neuron: bias must be a finite number, got NaN",
  });
  throws(() => weightedSum([2, Infinity], [0.2, 0.3], 0.1), {
    name: "RangeError",
    message: "weightedSum: inputs[1] must be a finite number, got Infinity",
  });
});

Deno.test("empty or matrix-shaped inputs are rejected, naming the parameter", () => {
  throws(() => weightedSum([], [], 0), {
    name: "RangeError",
    message: /weightedSum: inputs is empty/,
  });
  throws(() => neuron([[2, 1]], [0.2, 0.3], 0.1), {
    name: "TypeError",
    message: /neuron: inputs must have rank 1/,
  });
});

Deno.test("an unknown activation name is a RangeError naming the function and the name", () => {
  throws(() => neuron([2, 1], [0.2, 0.3], 0.1, { activation: "softsign" as ActivationName }), {
    name: "RangeError",
    message: /^neuron: activation must be one of "sigmoid", .*got "softsign"$/,
  });
  throws(
    () => neuronGradient([2, 1], [0.2, 0.3], 0.1, { activation: 3 as unknown as ActivationName }),
    { name: "TypeError", message: /^neuronGradient: activation must be one of .*got 3$/ },
  );
});

Deno.test("a weighted sum that overflows float64 is a RangeError naming the neuron function, never NaN", () => {
  // 1e308·10 = Infinity and 1e308·(-10) = -Infinity, so the sum is Infinity - Infinity = NaN.
  const x = [1e308, 1e308];
  const w = [10, -10];
  for (
    const [fn, call] of [
      ["weightedSum", () => weightedSum(x, w, 0)],
      ["neuron", () => neuron(x, w, 0)],
      ["neuronGradient", () => neuronGradient(x, w, 0)],
    ] as const
  ) {
    throws(call, {
      name: "RangeError",
      message: new RegExp(`^${fn}: the weighted sum overflows float64 \\(got NaN\\)`),
    });
  }
  // the same with an identity activation: 1e308·10 + 1e308·10 = Infinity, not NaN, still an error
  throws(() => neuron(x, [10, 10], 0, { activation: "identity" }), {
    name: "RangeError",
    message: /^neuron: the weighted sum overflows float64 \(got Infinity\)/,
  });
});
