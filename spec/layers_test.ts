/**
 * Specs for the issue-11 modules beyond the golden comparisons: backward passes against
 * central finite differences, the optimizers inside gradientDescent against a hand-written
 * loop, dropout's statistics and seeding, and the typed errors each module promises
 * (function, parameter and value named).
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  adamStep,
  batchGradient,
  batchNorm,
  batchNormBackward,
  conv2dParameterCount,
  dropout,
  gradientDescent,
  gru,
  gruBackward,
  layerNorm,
  layerNormBackward,
  logisticRegression,
  lstm,
  lstmBackward,
  multiHeadAttentionParameterCount,
  type NestedArray,
  recurrentParameterCount,
  rmspropStep,
  rnn,
  rnnBackward,
  scaledDotProductAttention,
  scaledDotProductAttentionBackward,
  sgdStep,
} from "../mod.ts";

const flat = (x: NestedArray): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

/** Rebuilds a nested array of `like`'s shape from flat numbers. */
function shaped(like: NestedArray, values: number[]): NestedArray {
  let k = 0;
  const build = (x: NestedArray): NestedArray => (Array.isArray(x) ? x.map(build) : values[k++]);
  return build(like);
}

/** Central differences of E(x) = sum(f(x) · upstream), step h. */
function numericGradient(
  f: (x: NestedArray) => NestedArray,
  x: NestedArray,
  upstream: NestedArray,
  h = 1e-6,
): number[] {
  const xs = flat(x), up = flat(upstream);
  const energy = (v: number[]) => flat(f(shaped(x, v))).reduce((a, y, i) => a + y * up[i], 0);
  return xs.map((_, i) => {
    const plus = [...xs], minus = [...xs];
    plus[i] += h;
    minus[i] -= h;
    return (energy(plus) - energy(minus)) / (2 * h);
  });
}

// Central differences with h = 1e-6 on functions with O(1) third derivatives are exact to
// about h² ≈ 1e-12 plus rounding ε/h ≈ 1e-10: 1e-7 is far above both and far below a wrong term.
const FD_TOLERANCE = 1e-7;

Deno.test("batchNormBackward() agrees with finite differences of batchNorm()", () => {
  const x = [[[[0.5, -1]], [[2, 0.25]]], [[[1.5, 0]], [[-0.75, 1]]]]; // [2][2][1][2]
  const up = [[[[0.3, -0.2]], [[1, 0.5]]], [[[-0.4, 0.1]], [[0.25, -1]]]];
  const options = { weight: [1.5, -0.5], bias: [0.1, 0.2], eps: 1e-3 };
  const analytic = batchNormBackward(x, up, options);
  const numeric = numericGradient((v) => batchNorm(v, options).output, x, up);
  flat(analytic.input).forEach((g, i) => ok(Math.abs(g - numeric[i]) < FD_TOLERANCE, `${i}`));
});

Deno.test("layerNormBackward() agrees with finite differences of layerNorm()", () => {
  const x = [[0.5, -1, 2], [1, 1.25, -0.5]];
  const up = [[0.3, -0.2, 1], [0.5, -0.4, 0.1]];
  const options = { weight: [1.5, -0.5, 2], bias: [0, 0.1, 0.2], eps: 1e-5 };
  const analytic = layerNormBackward(x, up, options);
  const numeric = numericGradient((v) => layerNorm(v, options), x, up);
  flat(analytic.input).forEach((g, i) => ok(Math.abs(g - numeric[i]) < FD_TOLERANCE, `${i}`));
});

Deno.test("batchNorm() in evaluation leaves the running statistics alone", () => {
  const r = batchNorm([[1], [3]], { runningMean: [2], runningVar: [4], eps: 0, training: false });
  deepStrictEqual(r.output, [[-0.5], [0.5]]);
  deepStrictEqual([r.runningMean, r.runningVar], [[2], [4]]);
});

Deno.test("normalization rejects bad input with typed errors naming function, parameter, value", () => {
  throws(() => batchNorm([[1, 2]], {}), {
    name: "RangeError",
    message: /^batchNorm: training needs more than one value per channel .* got n = 1$/,
  });
  throws(() => batchNorm([[1, 2], [3, 4]], { weight: [1] }), {
    name: "TypeError",
    message: "batchNorm: weight must have length 2 (one entry per channel of input), got 1",
  });
  throws(() => batchNorm([[1], [2]], { momentum: 1.5 }), {
    name: "RangeError",
    message: "batchNorm: momentum must be in [0, 1], got 1.5",
  });
  throws(() => layerNorm([1, 2], { eps: -1 }), {
    name: "RangeError",
    message: "layerNorm: eps must be a finite number >= 0, got -1",
  });
  throws(() => layerNorm([2, 2], { eps: 0 }), { name: "RangeError", message: /layerNorm: row 0/ });
});

Deno.test("recurrent layers reject a sequence whose width does not match weightIh", () => {
  const w = { weightIh: [[1, 0], [0, 1], [1, 1]], weightHh: [[0], [0], [0]] };
  throws(() => gru([[1, 2, 3]], w), {
    name: "TypeError",
    message: /^gru: weightIh must have shape \[3\]\[3\] .* got \[3,2\]$/,
  });
  throws(() => lstm([[1]], { weightIh: [[1], [1], [1]], weightHh: [[1], [1], [1]] }), {
    name: "TypeError",
    message: "lstm: weightIh must have 4·H rows (the gates stacked), got 3",
  });
  throws(() => rnn([[1]], { weightIh: [[1]], weightHh: [[1]], h0: [0, 0] }), {
    name: "TypeError",
    message: "rnn: h0 must have length 1 (H), got 2",
  });
  throws(() => recurrentParameterCount({ cell: "lstm", inputSize: 0, hiddenSize: 4 }), {
    name: "RangeError",
    message: "recurrentParameterCount: inputSize must be a positive integer, got 0",
  });
});

Deno.test("recurrentParameterCount() in Keras's convention: SimpleRNN, LSTM and both GRUs", () => {
  // Keras's documented counts for 16 inputs, 32 units: 32·(16 + 32 + 1) per gate
  const k = { inputSize: 16, hiddenSize: 32, convention: "keras" } as const;
  strictEqual(recurrentParameterCount({ cell: "rnn", ...k }), 1568);
  strictEqual(recurrentParameterCount({ cell: "lstm", ...k }), 6272);
  strictEqual(recurrentParameterCount({ cell: "gru", ...k }), 4800); // reset_after: 2 biases
  strictEqual(recurrentParameterCount({ cell: "gru", ...k, resetAfter: false }), 4704);
});

Deno.test("attention's rows sum to 1, and a causal row ignores later keys entirely", () => {
  const q = [[0.5, -1], [1, 0.25], [-0.5, 2]];
  const v = [[1, 0], [0, 1], [5, 5]];
  const { weights } = scaledDotProductAttention(q, { key: q, value: v, causal: true });
  weights.forEach((row) => ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-15));
  const changed = scaledDotProductAttention(q, {
    key: [q[0], q[1], [9, 9]],
    value: [v[0], v[1], [-7, 3]],
    causal: true,
  });
  deepStrictEqual(
    changed.output.slice(0, 2),
    scaledDotProductAttention(q, {
      key: q,
      value: v,
      causal: true,
    }).output.slice(0, 2),
  );
  throws(() => scaledDotProductAttention(q, { key: q, value: [[1]] }), {
    name: "TypeError",
    message: "scaledDotProductAttention: value must have 3 rows (one per key), got 1",
  });
  throws(() => multiHeadAttentionParameterCount({ embedDim: 10, heads: 3 }), RangeError);
});

Deno.test("conv2dParameterCount() rejects out-channels not divisible by groups", () => {
  throws(() => conv2dParameterCount({ inChannels: 8, outChannels: 6, kernel: 3, groups: 4 }), {
    name: "RangeError",
    message: "conv2dParameterCount: outChannels 6 must be divisible by groups 4",
  });
});

Deno.test("dropout() is reproducible from its seed and keeps the mean on average", () => {
  const x = new Array(20000).fill(1);
  const a = dropout(x, { p: 0.3, seed: 7 }), b = dropout(x, { p: 0.3, seed: 7 });
  deepStrictEqual(a.output, b.output);
  const mean = a.output.reduce((s, y) => s + y, 0) / x.length;
  // the mean of 20000 draws of 0 or 1/0.7 has standard deviation sqrt(0.3/0.7/20000) ≈ 0.0046
  ok(Math.abs(mean - 1) < 0.025, `${mean}`);
  const dropped = a.mask.filter((m) => m === 0).length / x.length;
  ok(Math.abs(dropped - 0.3) < 0.02, `${dropped}`);
  throws(() => dropout([1], { p: -0.1 }), {
    name: "RangeError",
    message: "dropout: p must be in [0, 1), got -0.1",
  });
});

Deno.test("optimizers reject a non-positive rate and mismatched lengths", () => {
  throws(() => adamStep([1], [1], { learningRate: -1 }), {
    name: "RangeError",
    message: "adamStep: learningRate must be a finite number > 0, got -1",
  });
  throws(() => rmspropStep([1, 2], [1], { learningRate: 0.1 }), {
    name: "TypeError",
    message: "rmspropStep: gradient must have length 2 (one entry per parameter), got 1",
  });
  throws(() => sgdStep([1], [1], { learningRate: 0.1, nesterov: true }), {
    name: "TypeError",
    message: /sgdStep: nesterov needs momentum > 0 and dampening 0/,
  });
});

Deno.test("gradientDescent() with an optimizer equals the optimizer's own loop over batches", () => {
  const problem = logisticRegression({ X: [[1], [2], [-1], [0.5]], y: [1, 0, 1, 0] }, {
    w0: [0.25],
    b0: -0.5,
  });
  const run = gradientDescent(problem, {
    learningRate: 0.05,
    batchSize: 2,
    epochs: 3,
    optimizer: { kind: "adam", amsgrad: true },
  });
  let theta = [...problem.parameters];
  // deno-lint-ignore no-explicit-any
  let state: any;
  for (let epoch = 0; epoch < 3; epoch++) {
    for (const indices of [[0, 1], [2, 3]]) {
      const g = batchGradient(problem, { parameters: theta, indices }).gradient;
      ({ parameters: theta, state } = adamStep(theta, [...g], {
        learningRate: 0.05,
        amsgrad: true,
        state,
      }));
    }
  }
  deepStrictEqual(run.parameters, theta);
  throws(
    () => gradientDescent(problem, { learningRate: 0.1, optimizer: { kind: "sgd", momentum: 1 } }),
    {
      name: "RangeError",
      message:
        "gradientDescent: options.optimizer is invalid: optimizerStep: sgdStep: momentum must be in [0, 1), got 1",
    },
  );
});

Deno.test("scaledDotProductAttentionBackward() agrees with finite differences, causal or not", () => {
  const q = [[0.5, -1], [1, 0.25], [-0.5, 2]];
  const k = [[0.25, 0.5], [-1, 1], [0.75, -0.25]];
  const v = [[1, 0], [0, 1], [2, -1]];
  const up = [[0.3, -0.2], [1, 0.5], [-0.4, 0.1]];
  for (const causal of [false, true]) {
    const g = scaledDotProductAttentionBackward(q, { key: k, value: v, upstream: up, causal });
    const out = (qq: NestedArray, kk: NestedArray, vv: NestedArray) =>
      scaledDotProductAttention(qq, { key: kk, value: vv, causal }).output;
    const checks: [number[][], number[]][] = [
      [g.query, numericGradient((x) => out(x, k, v), q, up)],
      [g.key, numericGradient((x) => out(q, x, v), k, up)],
      [g.value, numericGradient((x) => out(q, k, x), v, up)],
    ];
    for (const [analytic, numeric] of checks) {
      flat(analytic).forEach((a, i) =>
        ok(Math.abs(a - numeric[i]) < FD_TOLERANCE, `${causal} ${i}`)
      );
    }
  }
});

Deno.test("rnnBackward() agrees with finite differences for tanh and ReLU", () => {
  const x = [[0.5, -1], [1, 0.25], [-0.5, 2], [0.75, 0.5]];
  const w = {
    weightIh: [[0.5, -0.25], [0.75, 0.5], [-0.5, 0.25]],
    weightHh: [[0.25, -0.5, 0.125], [0.5, 0.25, -0.25], [-0.125, 0.375, 0.5]],
    biasIh: [0.1, -0.2, 0.3],
    biasHh: [0.05, 0.1, -0.1],
    h0: [0.2, -0.1, 0.4],
  };
  const up = [[0.3, -0.2, 1], [1, 0.5, -0.5], [-0.4, 0.1, 0.2], [0.25, -1, 0.5]];
  for (const nonlinearity of ["tanh", "relu"] as const) {
    const g = rnnBackward(x, { ...w, nonlinearity, upstream: up });
    const out = (patch: Partial<typeof w>, input: NestedArray = x) =>
      rnn(input, { ...w, ...patch, nonlinearity }).output;
    const checks: [NestedArray, number[]][] = [
      [g.input, numericGradient((v) => out({}, v), x, up)],
      [g.weightIh, numericGradient((v) => out({ weightIh: v as number[][] }), w.weightIh, up)],
      [g.weightHh, numericGradient((v) => out({ weightHh: v as number[][] }), w.weightHh, up)],
      [g.biasHh, numericGradient((v) => out({ biasHh: v as number[] }), w.biasHh, up)],
      [g.h0, numericGradient((v) => out({ h0: v as number[] }), w.h0, up)],
    ];
    for (const [analytic, numeric] of checks) {
      flat(analytic).forEach((a, i) =>
        ok(Math.abs(a - numeric[i]) < FD_TOLERANCE, `${nonlinearity} ${i}`)
      );
    }
  }
});

/** Stacked weights of `gates` gates for 2 inputs and 2 hidden units, small dyadic numbers. */
function gateWeights(gates: number) {
  const row = (k: number, n: number) =>
    Array.from({ length: n }, (_, j) => ((k * 5 + j * 3) % 7 - 3) / 8);
  return {
    weightIh: Array.from({ length: 2 * gates }, (_, k) => row(k, 2)),
    weightHh: Array.from({ length: 2 * gates }, (_, k) => row(k + 11, 2)),
    biasIh: Array.from({ length: 2 * gates }, (_, k) => ((k % 5) - 2) / 8),
    biasHh: Array.from({ length: 2 * gates }, (_, k) => ((k % 3) - 1) / 4),
    h0: [0.25, -0.5],
  };
}

Deno.test("lstmBackward() and gruBackward() agree with finite differences", () => {
  const x = [[0.5, -1], [1, 0.25], [-0.5, 2]];
  const up = [[0.3, -0.2], [1, 0.5], [-0.4, 0.1]];
  const lw = { ...gateWeights(4), c0: [0.5, -0.25] };
  const lg = lstmBackward(x, { ...lw, upstream: up });
  const lout = (patch: Partial<typeof lw>, input: NestedArray = x) =>
    lstm(input, { ...lw, ...patch }).output;
  const gw = gateWeights(3);
  const gg = gruBackward(x, { ...gw, upstream: up });
  const gout = (patch: Partial<typeof gw>, input: NestedArray = x) =>
    gru(input, { ...gw, ...patch }).output;
  const checks: [string, NestedArray, number[]][] = [
    ["lstm input", lg.input, numericGradient((v) => lout({}, v), x, up)],
    [
      "lstm weightIh",
      lg.weightIh,
      numericGradient((v) => lout({ weightIh: v as number[][] }), lw.weightIh, up),
    ],
    [
      "lstm weightHh",
      lg.weightHh,
      numericGradient((v) => lout({ weightHh: v as number[][] }), lw.weightHh, up),
    ],
    [
      "lstm biasHh",
      lg.biasHh,
      numericGradient((v) => lout({ biasHh: v as number[] }), lw.biasHh, up),
    ],
    ["lstm h0", lg.h0, numericGradient((v) => lout({ h0: v as number[] }), lw.h0, up)],
    ["lstm c0", lg.c0, numericGradient((v) => lout({ c0: v as number[] }), lw.c0, up)],
    ["gru input", gg.input, numericGradient((v) => gout({}, v), x, up)],
    [
      "gru weightIh",
      gg.weightIh,
      numericGradient((v) => gout({ weightIh: v as number[][] }), gw.weightIh, up),
    ],
    [
      "gru weightHh",
      gg.weightHh,
      numericGradient((v) => gout({ weightHh: v as number[][] }), gw.weightHh, up),
    ],
    [
      "gru biasIh",
      gg.biasIh,
      numericGradient((v) => gout({ biasIh: v as number[] }), gw.biasIh, up),
    ],
    [
      "gru biasHh",
      gg.biasHh,
      numericGradient((v) => gout({ biasHh: v as number[] }), gw.biasHh, up),
    ],
    ["gru h0", gg.h0, numericGradient((v) => gout({ h0: v as number[] }), gw.h0, up)],
  ];
  for (const [what, analytic, numeric] of checks) {
    flat(analytic).forEach((a, i) =>
      ok(Math.abs(a - numeric[i]) < FD_TOLERANCE, `${what} ${i}: ${a} vs ${numeric[i]}`)
    );
  }
});

Deno.test("SGD with momentum equals the velocity form v ← μv − αg for every gradient sequence", () => {
  // dyadic gradients, momentum and rate: both forms then round alike and agree to 1e-12
  const dyadic = fc.integer({ min: -16, max: 16 }).map((n) => n / 8);
  fc.assert(fc.property(
    fc.array(fc.tuple(dyadic, dyadic), { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 0, max: 7 }).map((n) => n / 8),
    fc.integer({ min: 1, max: 8 }).map((n) => n / 16),
    (grads, mu, lr) => {
      let theta = [0.5, -0.25], classic = [0.5, -0.25], v = [0, 0];
      // deno-lint-ignore no-explicit-any
      let state: any;
      for (const g of grads) {
        ({ parameters: theta, state } = sgdStep(theta, g, {
          learningRate: lr,
          momentum: mu,
          state,
        }));
        v = v.map((vi, i) => mu * vi - lr * g[i]);
        classic = classic.map((c, i) => c + v[i]);
      }
      theta.forEach((t, i) => ok(Math.abs(t - classic[i]) <= 1e-12 * (1 + Math.abs(t))));
    },
  ));
});
