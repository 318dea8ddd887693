/**
 * Specs for lib/descent.ts (and the seeded generator of lib/random.ts it uses): logistic
 * regression's gradient agrees with central differences; mini-batch gradients average to
 * the full gradient; batch size N is batch gradient descent and batch size 1 is SGD; the
 * counts of updates and gradient evaluations; the same seed gives the same run; bad input
 * throws typed errors naming the parameter.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  batchGradient,
  convSigmoidDenseProblem,
  fullLoss,
  gradcheck,
  gradientDescent,
  logisticRegression,
  mulberry32,
  permutation,
  trainConvSigmoidDense,
  trainLogisticRegression,
} from "../mod.ts";

/** A small dyadic number: an integer in [-16, 16] divided by 8, so in [-2, 2]. */
const dyadic = fc.integer({ min: -16, max: 16 }).map((n) => n / 8);

/** A logistic-regression dataset: N in [1, 12] samples of d in [1, 3] features, and a start. */
const dataset = fc.record({
  N: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 3 }),
}).chain(({ N, d }) =>
  fc.record({
    X: fc.array(fc.array(dyadic, { minLength: d, maxLength: d }), { minLength: N, maxLength: N }),
    y: fc.array(fc.constantFrom(0, 1), { minLength: N, maxLength: N }),
    w0: fc.array(dyadic, { minLength: d, maxLength: d }),
    b0: dyadic,
  })
);

/** Agreement of two vectors up to summation-order rounding (values here are below 100). */
function near(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-13): void {
  strictEqual(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    ok(Math.abs(actual[i] - expected[i]) <= tol, `[${i}] ${actual[i]} vs ${expected[i]}`);
  }
}

Deno.test("logistic regression's per-sample gradients average to a mean-loss gradient that agrees with gradcheck", () => {
  fc.assert(fc.property(dataset, ({ X, y, w0, b0 }) => {
    const problem = logisticRegression({ X, y }, { w0, b0 });
    const theta = [...w0, b0];
    const mean = (t: Float64Array) => {
      let s = 0;
      for (let i = 0; i < problem.size; i++) s += problem.loss(t, i);
      return s / problem.size;
    };
    // Central differences with eps = 1e-6: rounding about u * |loss| / eps with loss <= 15
    // (|z| <= 2*2*3 + 2 = 14), 1.7e-9; atol 1e-8 is a tight bound above that.
    const report = gradcheck(mean, theta, {
      gradient: batchGradient(problem).gradient,
      atol: 1e-8,
      rtol: 1e-6,
    });
    ok(report.ok, `worst ${JSON.stringify(report.worst)}`);
  }));
});

Deno.test("the size-weighted average of mini-batch gradients over a partition equals the full-batch gradient", () => {
  fc.assert(fc.property(
    dataset.chain((data) =>
      fc.record({
        data: fc.constant(data),
        order: fc.shuffledSubarray([...data.X.keys()], {
          minLength: data.X.length,
          maxLength: data.X.length,
        }),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, data.X.length - 1) }), {
          maxLength: data.X.length - 1,
        }),
      })
    ),
    ({ data, order, cuts }) => {
      const problem = logisticRegression(data, data);
      const N = problem.size;
      const bounds = [0, ...cuts.filter((c) => c < N).sort((a, b) => a - b), N];
      const average = new Float64Array(problem.parameters.length);
      for (let k = 0; k + 1 < bounds.length; k++) {
        const batch = order.slice(bounds[k], bounds[k + 1]);
        if (batch.length === 0) continue;
        const g = batchGradient(problem, { indices: batch }).gradient;
        g.forEach((v, j) => average[j] += (batch.length / N) * v);
      }
      near(average, batchGradient(problem).gradient);
    },
  ));
});

const descentCase = dataset.chain((data) =>
  fc.record({
    data: fc.constant(data),
    learningRate: fc.integer({ min: 1, max: 16 }).map((n) => n / 8),
    epochs: fc.integer({ min: 1, max: 3 }),
  })
);

Deno.test("batch size N is batch gradient descent: one full-gradient step per epoch", () => {
  fc.assert(fc.property(descentCase, ({ data, learningRate, epochs }) => {
    const problem = logisticRegression(data, data);
    const run = gradientDescent(problem, { learningRate, epochs, batchSize: problem.size });
    let theta = [...problem.parameters];
    for (let e = 0; e < epochs; e++) {
      const g = batchGradient(problem, { parameters: theta }).gradient;
      theta = theta.map((t, j) => t - learningRate * g[j]);
    }
    near(run.parameters, theta);
    strictEqual(run.updates, epochs);
  }));
});

Deno.test("batch size 1 is stochastic gradient descent: one step per sample, in data order", () => {
  fc.assert(fc.property(descentCase, ({ data, learningRate, epochs }) => {
    const problem = logisticRegression(data, data);
    const run = gradientDescent(problem, { learningRate, epochs, batchSize: 1 });
    const theta = Float64Array.from(problem.parameters);
    for (let e = 0; e < epochs; e++) {
      for (let i = 0; i < problem.size; i++) {
        const g = problem.sample(theta, i).gradient;
        for (let j = 0; j < theta.length; j++) theta[j] -= learningRate * g[j];
      }
    }
    near(run.parameters, theta);
    strictEqual(run.updates, epochs * problem.size);
  }));
});

Deno.test("every epoch costs N gradient evaluations and ceil(N / b) updates, whatever b is", () => {
  fc.assert(fc.property(
    descentCase.chain((c) =>
      fc.record({ c: fc.constant(c), b: fc.integer({ min: 1, max: c.data.X.length }) })
    ),
    ({ c: { data, learningRate, epochs }, b }) => {
      const run = trainLogisticRegression(data, { ...data, learningRate, epochs, batchSize: b });
      const N = data.X.length;
      strictEqual(run.gradientEvaluations, epochs * N);
      strictEqual(run.updates, epochs * Math.ceil(N / b));
      strictEqual(run.batchLosses.length, run.updates);
      strictEqual(run.epochLosses.length, epochs);
    },
  ));
});

Deno.test("the same seed gives the same run, and each epoch visits every sample once", () => {
  fc.assert(fc.property(
    descentCase,
    fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    fc.integer({ min: 1, max: 4 }),
    ({ data, learningRate, epochs }, seed, batchSize) => {
      const options = {
        learningRate,
        epochs,
        seed,
        batchSize: Math.min(batchSize, data.X.length),
      };
      const a = gradientDescent(logisticRegression(data, data), options);
      const b = gradientDescent(logisticRegression(data, data), options);
      deepStrictEqual(a, b);
      for (const order of a.orders) {
        deepStrictEqual([...order].sort((p, q) => p - q), [...data.X.keys()]);
      }
    },
  ));
});

Deno.test("a seeded run visits samples in the order permutation() draws from mulberry32(seed)", () => {
  const data = { X: [[1], [2], [3], [4], [5]], y: [1, 0, 1, 0, 1] };
  const run = trainLogisticRegression(data, {
    w0: [0],
    b0: 0,
    learningRate: 0.5,
    epochs: 2,
    batchSize: 1,
    seed: 9,
  });
  const random = mulberry32(9);
  deepStrictEqual(run.orders, [permutation(5, random), permutation(5, random)]);
});

Deno.test("SGD on one sample of the question-5 network is the document's rule w <- w - alpha dE/dw", () => {
  const sample = { x: [[0.5, -0.25], [0.75, 1]], y: [0.25] };
  const start = { wc: [[0.5, -0.5], [0.25, 0]], bc: 0.125, Wf: [[1.5]], bf: [-0.25] };
  const problem = convSigmoidDenseProblem([sample], start);
  const g = problem.sample(Float64Array.from(problem.parameters), 0).gradient;
  const run = trainConvSigmoidDense([sample], { start, learningRate: 0.5, batchSize: 1 });
  near(run.parameters, problem.parameters.map((t, j) => t - 0.5 * g[j]), 0);
  deepStrictEqual(run.trained.Wf.shape, [1, 1]);
});

Deno.test("gradient descent rejects a bad learning rate, batch size or dataset, naming the parameter", () => {
  const data = { X: [[1], [2], [3]], y: [1, 0, 1] };
  const start = { w0: [0], b0: 0 };
  for (const learningRate of [0, -0.5, NaN, Infinity]) {
    throws(() => trainLogisticRegression(data, { ...start, learningRate }), {
      name: "RangeError",
      message: new RegExp(`gradientDescent: learningRate must be a finite number > 0, got`),
    });
  }
  throws(() => trainLogisticRegression(data, { ...start, learningRate: 0.1, batchSize: 0 }), {
    name: "RangeError",
    message: /gradientDescent: batchSize must be a positive integer, got 0/,
  });
  throws(() => trainLogisticRegression(data, { ...start, learningRate: 0.1, batchSize: 4 }), {
    name: "RangeError",
    message: /gradientDescent: batchSize must be an integer in \[1, 3\] .*got 4/,
  });
  throws(() => trainLogisticRegression({ X: [], y: [] }, { ...start, learningRate: 0.1 }), {
    name: "RangeError",
    message: /logisticRegression: X is empty/,
  });
  throws(() => trainLogisticRegression(data, { w0: [0, 0], b0: 0, learningRate: 0.1 }), {
    name: "TypeError",
    message: /logisticRegression: w0 has 2 weights but X has 1 columns/,
  });
  throws(() => trainLogisticRegression({ X: data.X, y: [1, 0] }, { ...start, learningRate: 0.1 }), {
    name: "TypeError",
    message: /logisticRegression: y has 2 targets but X has 3 rows/,
  });
  throws(
    () =>
      trainConvSigmoidDense([], {
        start: { wc: [[1]], bc: 0, Wf: [[1]], bf: [0] },
        learningRate: 1,
      }),
    {
      name: "RangeError",
      message: /convSigmoidDenseProblem: samples is empty/,
    },
  );
  throws(
    () =>
      trainConvSigmoidDense([{ x: [[1, 2]], y: [1] }], {
        start: { wc: [[1]], bc: 0, Wf: [[1]], bf: [0] },
        learningRate: 1,
      }),
    { name: "TypeError", message: /samples\[0\]: .*Wf must have 2 columns/ },
  );
});

Deno.test("a problem with no samples is a RangeError, never a NaN mean loss", () => {
  // A hand-made problem with N = 0: the mean loss would be 0/0 = NaN without the check.
  const empty = {
    size: 0,
    parameters: [0],
    sample: () => ({ loss: 0, gradient: new Float64Array(1) }),
    loss: () => 0,
  };
  for (
    const [fn, call] of [
      ["fullLoss", () => fullLoss(empty)],
      ["batchGradient", () => batchGradient(empty)],
      ["gradientDescent", () => gradientDescent(empty, { learningRate: 0.1 })],
    ] as const
  ) {
    throws(call, {
      name: "RangeError",
      message: `${fn}: problem.size must be a positive integer (the number of samples), got 0`,
    });
  }
  throws(() => fullLoss({ ...empty, size: 2.5 }), { name: "RangeError", message: /got 2.5/ });
});

Deno.test("something that is not a training problem is a TypeError naming the part that is wrong", () => {
  throws(() => fullLoss(undefined as never), {
    name: "TypeError",
    message: /fullLoss: problem must be a training problem \{ size, parameters, sample, loss \}/,
  });
  throws(() => batchGradient({ size: 1, parameters: [0], loss: () => 0 } as never), {
    name: "TypeError",
    message: "batchGradient: problem.sample must be a function, got undefined",
  });
});

Deno.test("a seed that is NaN or fractional is a RangeError naming gradientDescent and seed", () => {
  const p = logisticRegression({ X: [[1], [2]], y: [1, 0] }, { w0: [0], b0: 0 });
  throws(() => gradientDescent(p, { learningRate: 0.1, seed: NaN }), {
    name: "RangeError",
    message: "gradientDescent: seed must be a finite number, got NaN",
  });
  throws(
    () =>
      trainLogisticRegression({ X: [[1]], y: [1] }, {
        w0: [0],
        b0: 0,
        learningRate: 0.1,
        seed: 1.5,
      }),
    {
      // the function the caller called comes first, then the step that rejected it
      name: "RangeError",
      message: "trainLogisticRegression: gradientDescent: seed must be an integer, got 1.5",
    },
  );
});

Deno.test("a run whose parameters overflow float64 is a RangeError naming gradientDescent, the update and the learning rate", () => {
  // x = 1e200, y = 1, from w = b = 0: the gradient for w is (1/2 - 1) 1e200 = -5e199, so the
  // first update sets w = 0 + 1e200 * 5e199 = Infinity
  const p = logisticRegression({ X: [[1e200]], y: [1] }, { w0: [0], b0: 0 });
  throws(() => gradientDescent(p, { learningRate: 1e200 }), {
    name: "RangeError",
    message:
      "gradientDescent: training diverged at epoch 1, update 1 (learning rate 1e+200 too large?): parameter 0 became Infinity",
  });
});

Deno.test("a run whose loss overflows float64 is a RangeError naming gradientDescent, with the model's reason", () => {
  // the same sample with learning rate 1e108: w = 1e108 * 5e199 = 5e307 is finite, but the
  // logit 5e307 * 1e200 is not, when the epoch's loss is computed
  const p = logisticRegression({ X: [[1e200]], y: [1] }, { w0: [0], b0: 0 });
  throws(() => gradientDescent(p, { learningRate: 1e108 }), {
    name: "RangeError",
    message: new RegExp(
      "^gradientDescent: training diverged at the end of epoch 1 \\(learning rate 1e\\+108 too large\\?\\): " +
        "logisticRegression: the logit of sample 0 overflows float64 \\(got Infinity\\)",
    ),
  });
  // fullLoss at those parameters names fullLoss, not the loss inside the model
  throws(() => fullLoss(p, [5e307, 0]), {
    name: "RangeError",
    message: /^fullLoss: the loss failed: logisticRegression: the logit of sample 0 overflows/,
  });
});
