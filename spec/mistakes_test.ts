/**
 * Specs for the mistake catalogue (lib/mistakes.ts and the `commonMistakes` declarations
 * beside each function): every declared mistake's documented example reproduces and differs
 * from the true function, and over random valid arguments (one fast-check arbitrary per
 * function, below) the variant disagrees with the function somewhere. The catalogue is read
 * with `allMistakes()` after importing mod.ts, so a newly declared mistake is covered
 * without editing this file; a new function with mistakes needs an arbitrary in
 * {@link ARGUMENTS}, and the spec says so when it has none.
 *
 * @module
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import * as nnspec from "../mod.ts";
import { allMistakes, conv2dGeometry, logisticRegression, Tensor } from "../mod.ts";

/** Relative tolerance for numbers: the variants are float64 arithmetic like the functions. */
const RELATIVE = 1e-12;

/**
 * Whether two results agree: numbers at a relative 1e-12, tensors by shape and entry,
 * arrays and typed arrays entry by entry, records field by field, anything else by `===`.
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    if (a === b) return true;
    return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
  }
  if (a instanceof Tensor || b instanceof Tensor) {
    if (!(a instanceof Tensor && b instanceof Tensor)) return false;
    return same([...a.shape], [...b.shape]) && same(a.data, b.data);
  }
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    if (!(ArrayBuffer.isView(b) || Array.isArray(b))) return false;
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
    return true;
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (!same(ka, kb)) return false;
    const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
    return ka.every((k) => same(ra[k], rb[k]));
  }
  return a === b;
}

Deno.test("same() compares numbers relatively and structures entry by entry", () => {
  ok(same(1, 1 + 1e-13));
  ok(!same(1, 1 + 1e-9));
  ok(same(new Tensor([2], [1, 2]), new Tensor([2], [1, 2])));
  ok(!same(new Tensor([2], [1, 2]), new Tensor([1, 2], [1, 2])));
  ok(same({ a: [1, 2], b: 3 }, { b: 3, a: [1, 2] }));
  ok(!same({ a: 1 }, { a: 1, b: 2 }));
  ok(!same([1, 2], [1, 2, 3]));
});

/** Small dyadic numbers (integers over 4) in [-max, max]: exact in float64, easy to read. */
const dyadic = (max = 4) => fc.integer({ min: -4 * max, max: 4 * max }).map((n) => n / 4);

/** A probability on the grid 0, 1/8, ..., 1 (ends included: a target is often 0 or 1). */
const probability = fc.integer({ min: 0, max: 8 }).map((n) => n / 8);

/** A prediction strictly inside (0, 1), where every loss and slope is finite. */
const openProbability = fc.integer({ min: 1, max: 7 }).map((n) => n / 8);

/** A vector of `n` values from `entry`. */
const vectorOf = <T>(entry: fc.Arbitrary<T>, n: number) =>
  fc.array(entry, { minLength: n, maxLength: n });

/** Two vectors of one length (1 to 4): prediction and target. */
const pairOf = <A, B>(a: fc.Arbitrary<A>, b: fc.Arbitrary<B>) =>
  fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(vectorOf(a, n), vectorOf(b, n)));

/** Convolution settings along one axis with an input that always fits the dilated kernel. */
const convAxis = fc.record({
  kernel: fc.integer({ min: 1, max: 5 }),
  stride: fc.integer({ min: 1, max: 3 }),
  dilation: fc.integer({ min: 1, max: 3 }),
  padding: fc.integer({ min: 0, max: 2 }),
  extra: fc.integer({ min: 0, max: 8 }),
}).map((a) => {
  const effective = a.dilation * (a.kernel - 1) + 1;
  return { ...a, n: Math.max(1, effective - 2 * a.padding) + a.extra };
});

/** Pooling settings: padding at most half the window, stride given or left to default. */
const poolAxis = fc.record({
  kernel: fc.integer({ min: 1, max: 5 }),
  stride: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  half: fc.integer({ min: 0, max: 2 }),
  ceilMode: fc.boolean(),
  extra: fc.integer({ min: 0, max: 8 }),
}).map((a) => {
  const padding = Math.min(a.half, Math.floor(a.kernel / 2));
  return {
    n: Math.max(1, a.kernel - 2 * padding) + a.extra,
    options: { kernel: a.kernel, stride: a.stride, padding, ceilMode: a.ceilMode },
  };
});

/**
 * Channel counts and a square or rectangular kernel, with the bias sometimes switched off
 * and sometimes groups (1 to 4; the channel counts are multiples of it by construction).
 */
const convLayer = fc.record({
  perGroupIn: fc.integer({ min: 1, max: 4 }),
  perGroupOut: fc.integer({ min: 1, max: 4 }),
  groups: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  kernel: fc.oneof(
    fc.integer({ min: 1, max: 5 }),
    fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
  ),
  bias: fc.option(fc.boolean(), { nil: undefined }),
}).map(({ perGroupIn, perGroupOut, groups, kernel, bias }) => ({
  inChannels: perGroupIn * (groups ?? 1),
  outChannels: perGroupOut * (groups ?? 1),
  kernel,
  bias,
  ...(groups === undefined ? {} : { groups }),
}));

/** A `rows` x `cols` matrix of small dyadic numbers. */
const matrix = (rows: number, cols: number) => vectorOf(vectorOf(dyadic(2), cols), rows);

/**
 * A 2-D input, a kernel that fits inside it (so "valid" is legal too), and a stride,
 * padding and bias.
 */
const convCall = fc.record({
  kh: fc.integer({ min: 1, max: 3 }),
  kw: fc.integer({ min: 1, max: 3 }),
  extraH: fc.integer({ min: 0, max: 3 }),
  extraW: fc.integer({ min: 0, max: 3 }),
  stride: fc.integer({ min: 1, max: 2 }),
  padding: fc.integer({ min: 0, max: 1 }),
  bias: dyadic(),
}).chain((a) =>
  fc.tuple(matrix(a.kh + a.extraH, a.kw + a.extraW), matrix(a.kh, a.kw)).map(([x, k]) => ({
    x,
    k,
    options: { stride: a.stride, padding: a.padding, bias: a.bias },
  }))
);

/** A conv2dCell call: a convCall and a cell inside its output. */
const cellCall = convCall.chain(({ x, k, options }) => {
  const { output } = conv2dGeometry({ height: x.length, width: x[0].length }, {
    kernel: [k.length, k[0].length],
    ...options,
  });
  return fc.tuple(
    fc.constant(x),
    fc.constant(k),
    fc.integer({ min: 0, max: output.height - 1 }),
    fc.integer({ min: 0, max: output.width - 1 }),
    fc.constant(options),
  );
});

/** A transposed convolution whose padding never empties the output. */
const transposeCall = fc.record({
  h: fc.integer({ min: 1, max: 3 }),
  w: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 3 }),
  kw: fc.integer({ min: 1, max: 3 }),
  stride: fc.integer({ min: 1, max: 2 }),
  padding: fc.integer({ min: 0, max: 1 }),
}).chain((a) => {
  const most = (n: number, k: number) => Math.floor(((n - 1) * a.stride + k - 1) / 2);
  const padding = [Math.min(a.padding, most(a.h, a.kh)), Math.min(a.padding, most(a.w, a.kw))];
  return fc.tuple(matrix(a.h, a.w), matrix(a.kh, a.kw), fc.constant({ stride: a.stride, padding }));
});

/** A pooling call: a 2-D map and a window that fits it, stride sometimes left to default. */
const poolCall = fc.record({
  kernel: fc.integer({ min: 1, max: 3 }),
  extraH: fc.integer({ min: 0, max: 3 }),
  extraW: fc.integer({ min: 0, max: 3 }),
  stride: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  half: fc.integer({ min: 0, max: 1 }),
  ceilMode: fc.boolean(),
  countIncludePad: fc.option(fc.boolean(), { nil: undefined }),
}).chain((a) =>
  matrix(a.kernel + a.extraH, a.kernel + a.extraW).map((x) => [x, {
    kernel: a.kernel,
    stride: a.stride,
    padding: Math.min(a.half, Math.floor(a.kernel / 2)),
    ceilMode: a.ceilMode,
    countIncludePad: a.countIncludePad,
  }])
);

/** A small logistic-regression problem (1 to 4 samples, 1 or 2 features) from dyadic start. */
const logisticProblem = fc.record({
  n: fc.integer({ min: 1, max: 4 }),
  d: fc.integer({ min: 1, max: 2 }),
}).chain(({ n, d }) =>
  fc.record({
    X: matrix(n, d),
    y: vectorOf(fc.constantFrom(0, 1), n),
    w0: vectorOf(dyadic(1), d),
    b0: dyadic(1),
  })
).map(({ X, y, w0, b0 }) => logisticRegression({ X, y }, { w0, b0 }));

/**
 * Valid arguments for each function that declares mistakes, as the tuple the function
 * takes. Bounds keep every call legal (kernels fit their inputs, probabilities stay in
 * [0, 1]) by construction, not by filtering.
 */
const ARGUMENTS: Record<string, fc.Arbitrary<unknown[]>> = {
  convOutputSize: convAxis.map((a) => [a.n, {
    kernel: a.kernel,
    stride: a.stride,
    dilation: a.dilation,
    padding: a.padding,
  }]),
  convTransposeOutputSize: fc.record({
    n: fc.integer({ min: 1, max: 8 }),
    kernel: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    outputPadding: fc.integer({ min: 0, max: 2 }),
  }).map((a) => {
    const outputPadding = Math.min(a.outputPadding, Math.max(a.stride, a.dilation) - 1);
    // padding 0 to 1, but never so much that the output is empty
    const padding = (a.n - 1) * a.stride + a.dilation * (a.kernel - 1) >= 2 ? 1 : 0;
    return [a.n, {
      kernel: a.kernel,
      stride: a.stride,
      dilation: a.dilation,
      padding,
      outputPadding,
    }];
  }),
  poolOutputSize: poolAxis.map((a) => [a.n, a.options]),
  samePadding: fc.record({
    n: fc.integer({ min: 1, max: 12 }),
    kernel: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }),
    dilation: fc.integer({ min: 1, max: 2 }),
  }).map((a) => [a.n, { kernel: a.kernel, stride: a.stride, dilation: a.dilation }]),
  conv2dParameterCount: convLayer.map((o) => [o]),
  denseParameterCount: fc.record({
    inFeatures: fc.integer({ min: 1, max: 200 }),
    outFeatures: fc.integer({ min: 1, max: 20 }),
    bias: fc.option(fc.boolean(), { nil: undefined }),
  }).map((o) => [o]),
  conv2d: convCall.map((c) => [c.x, c.k, c.options]),
  convolve2d: convCall.map((c) => [c.x, c.k, c.options]),
  conv2dCell: cellCall,
  convTranspose2d: transposeCall,
  maxPool2d: poolCall.map(([x, o]) => [x, { ...(o as object), countIncludePad: undefined }]),
  avgPool2d: poolCall,
  globalAvgPool2d: fc.record({
    c: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 3 }),
    w: fc.integer({ min: 1, max: 3 }),
  }).chain((a) => vectorOf(matrix(a.h, a.w), a.c)).map((x) => [x]),
  descentStep: pairOf(dyadic(), dyadic()).chain(([theta, g]) =>
    fc.tuple(
      fc.constant(theta),
      fc.constant(g),
      fc.record({ learningRate: fc.integer({ min: 1, max: 8 }).map((n) => n / 8) }),
    )
  ),
  batchGradient: logisticProblem.map((p) => [p]),
  gradientDescent: fc.tuple(
    logisticProblem,
    fc.record({
      learningRate: fc.integer({ min: 1, max: 8 }).map((n) => n / 8),
      epochs: fc.integer({ min: 1, max: 2 }),
    }),
  ),
  scalarNetBackprop: fc.tuple(
    fc.record({ x: dyadic(2), y: dyadic(1) }),
    fc.record({ wc: dyadic(2), bc: dyadic(2), wf: dyadic(2), bf: dyadic(2) }),
  ),
  weightedSum: pairOf(dyadic(), dyadic()).chain(([x, w]) =>
    fc.tuple(fc.constant(x), fc.constant(w), dyadic())
  ),
  neuron: pairOf(dyadic(), dyadic()).chain(([x, w]) =>
    fc.tuple(
      fc.constant(x),
      fc.constant(w),
      dyadic(),
      fc.record({ activation: fc.constantFrom("sigmoid", "tanh", "relu", "identity") }),
    )
  ),
  binaryCrossEntropy: pairOf(openProbability, probability),
  binaryCrossEntropyGradient: pairOf(openProbability, probability),
  binaryCrossEntropyWithLogitsGradient: pairOf(dyadic(), probability),
  squaredError: pairOf(dyadic(), dyadic()),
  squaredErrorGradient: pairOf(dyadic(), dyadic()),
  meanSquaredError: pairOf(dyadic(), dyadic()),
  meanSquaredErrorGradient: pairOf(dyadic(), dyadic()),
  softmaxCrossEntropyGradient: fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.tuple(vectorOf(dyadic(), n), fc.integer({ min: 0, max: n - 1 }))
  ),
  softmaxCrossEntropy: fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.tuple(vectorOf(dyadic(), n), fc.integer({ min: 0, max: n - 1 }))
  ),
  receptiveField: fc.array(
    fc.record({
      kernel: fc.integer({ min: 1, max: 5 }),
      stride: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      dilation: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 5 },
  ).map((layers) => [layers]),
  mlpBackprop: fc.record({
    inputs: fc.integer({ min: 1, max: 3 }),
    hidden: fc.integer({ min: 1, max: 3 }),
    outputs: fc.integer({ min: 1, max: 3 }),
  }).chain(({ inputs, hidden, outputs }) =>
    fc.tuple(
      fc.record({ x: vectorOf(dyadic(), inputs), y: vectorOf(dyadic(), outputs) }),
      fc.record({
        w1: matrix(hidden, inputs),
        b1: vectorOf(dyadic(), hidden),
        w2: matrix(outputs, hidden),
        b2: vectorOf(dyadic(), outputs),
      }),
      fc.record({ activation: fc.constantFrom("sigmoid", "tanh") }),
    )
  ),
  sigmoid: dyadic().map((x) => [x]),
  sigmoidDerivative: dyadic().map((x) => [x]),
  sigmoidDerivativeExp: dyadic().map((x) => [x]),
  tanhDerivative: dyadic().map((x) => [x]),
  reluDerivative: dyadic().map((x) => [x]),
  // The rest of the course (issue 11).
  sgdStep: fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(
      vectorOf(dyadic(), n),
      vectorOf(dyadic(), n),
      fc.record({
        learningRate: fc.integer({ min: 1, max: 8 }).map((k) => k / 8),
        momentum: fc.integer({ min: 0, max: 7 }).map((k) => k / 8),
        dampening: fc.integer({ min: 0, max: 7 }).map((k) => k / 8),
      }),
    )
  ),
  adamStep: fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(
      vectorOf(dyadic(), n),
      vectorOf(dyadic(), n),
      fc.record({ learningRate: fc.integer({ min: 1, max: 8 }).map((k) => k / 8) }),
    )
  ),
  adagradStep: fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(
      vectorOf(dyadic(), n),
      vectorOf(dyadic(), n),
      fc.record({ learningRate: fc.integer({ min: 1, max: 8 }).map((k) => k / 8) }),
    )
  ),
  rmspropStep: fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(
      vectorOf(dyadic(), n),
      vectorOf(dyadic(), n),
      fc.record({ learningRate: fc.integer({ min: 1, max: 8 }).map((k) => k / 8) }),
    )
  ),
  adamwStep: fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(
      vectorOf(dyadic(), n),
      vectorOf(dyadic(), n),
      fc.record({
        learningRate: fc.integer({ min: 1, max: 8 }).map((k) => k / 8),
        weightDecay: fc.integer({ min: 1, max: 8 }).map((k) => k / 8),
      }),
    )
  ),
  layerNorm: fc.record({ b: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 2, max: 4 }) })
    .chain(({ b, d }) => fc.tuple(matrix(b, d))),
  layerNormParameterCount: fc.tuple(fc.integer({ min: 1, max: 64 })),
  dropoutBackward: fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.tuple(vectorOf(dyadic(), n), vectorOf(fc.constantFrom(0, 2, 4), n))
  ),
  l2PenaltyGradient: fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.tuple(vectorOf(dyadic(), n), fc.integer({ min: 0, max: 8 }).map((k) => k / 8))
  ),
  scaledDotProductAttention: fc.record({
    lq: fc.integer({ min: 1, max: 2 }),
    lk: fc.integer({ min: 1, max: 3 }),
    d: fc.integer({ min: 2, max: 3 }),
    dv: fc.integer({ min: 1, max: 2 }),
  }).chain(({ lq, lk, d, dv }) =>
    fc.tuple(matrix(lq, d), fc.record({ key: matrix(lk, d), value: matrix(lk, dv) }))
  ),
  embeddingParameterCount: fc.tuple(fc.record({
    numEmbeddings: fc.integer({ min: 1, max: 1000 }),
    embeddingDim: fc.integer({ min: 1, max: 64 }),
  })),
  effectiveKernelSize: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 })),
  batchNorm: fc.record({ n: fc.integer({ min: 2, max: 4 }), c: fc.integer({ min: 1, max: 2 }) })
    .chain(({ n, c }) => fc.tuple(matrix(n, c))),
  batchNormParameterCount: fc.tuple(fc.integer({ min: 1, max: 64 })),
  recurrentParameterCount: fc.tuple(fc.record({
    cell: fc.constantFrom("rnn", "lstm", "gru"),
    inputSize: fc.integer({ min: 1, max: 16 }),
    hiddenSize: fc.integer({ min: 1, max: 16 }),
  })),
  multiHeadAttentionParameterCount: fc.record({
    heads: fc.integer({ min: 1, max: 4 }),
    perHead: fc.integer({ min: 1, max: 8 }),
  }).map(({ heads, perHead }) => [{ embedDim: heads * perHead, heads }]),
  dropout: fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.tuple(
      vectorOf(fc.integer({ min: 1, max: 8 }).map((k) => k / 4), n),
      fc.record({
        p: fc.integer({ min: 0, max: 7 }).map((k) => k / 8),
        seed: fc.integer({ min: 0, max: 100 }),
      }),
    )
  ),
  l2Penalty: fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.tuple(vectorOf(dyadic(), n), fc.integer({ min: 0, max: 8 }).map((k) => k / 8))
  ),
};

const catalogue = allMistakes();

/** The library function a catalogue entry names, looked up among mod.ts's exports. */
function functionOf(name: string): (...args: unknown[]) => unknown {
  const fn = (nnspec as Record<string, unknown>)[name];
  if (typeof fn !== "function") throw new TypeError(`${name} is not an exported function`);
  return fn as (...args: unknown[]) => unknown;
}

for (const { function: name, mistake } of catalogue) {
  const variant = mistake.variant as (...args: unknown[]) => unknown;
  const args = mistake.example.args as unknown[];

  Deno.test(`${name} mistake ${mistake.id}: its documented example reproduces and differs`, () => {
    const truth = functionOf(name);
    const got = variant(...args);
    ok(
      same(got, mistake.example.result),
      `${name}/${mistake.id}: variant gives ${Deno.inspect(got)}, documented ${
        Deno.inspect(mistake.example.result)
      }`,
    );
    ok(
      !same(truth(...args), mistake.example.result),
      `${name}/${mistake.id}: the true function also gives the documented result`,
    );
  });

  Deno.test(`${name} mistake ${mistake.id}: differs from ${name} for some valid arguments`, () => {
    const truth = functionOf(name);
    const arbitrary = ARGUMENTS[name];
    ok(arbitrary !== undefined, `spec/mistakes_test.ts has no arbitrary for ${name}`);
    const thrown: unknown[] = [];
    const agreesEverywhere = fc.property(arbitrary, (xs) => {
      let expected: unknown, got: unknown;
      try {
        expected = truth(...xs);
        got = variant(...xs);
      } catch (error) {
        thrown.push({ args: xs, error }); // an invalid draw: fail the spec below, not here
        return true;
      }
      return same(got, expected);
    });
    const result = fc.check(agreesEverywhere, { numRuns: 200 });
    deepStrictEqual(thrown.slice(0, 1), [], `${name}/${mistake.id}: a valid draw threw`);
    ok(
      result.failed,
      `${name}/${mistake.id}: the variant agreed with ${name} on ${result.numRuns} random arguments`,
    );
  });
}

Deno.test("mistake ids are kebab-case and unique per function, each why is one sentence", () => {
  const seen = new Set<string>();
  for (const { function: name, mistake } of catalogue) {
    ok(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(mistake.id), `${name}/${mistake.id} is not kebab-case`);
    const key = `${name}/${mistake.id}`;
    ok(!seen.has(key), `${key} is declared twice`);
    seen.add(key);
    ok(mistake.name.length > 0 && !mistake.name.endsWith("."), `${key}: name is a phrase`);
    const why = mistake.why.trim();
    ok(/^[A-Z"]/.test(why) && why.endsWith("."), `${key}: why is a sentence: ${why}`);
    strictEqual(why.match(/[.!?]\s+\S/g), null, `${key}: why is more than one sentence: ${why}`);
  }
});

/** The families the issue asks the catalogue to cover, by the functions that belong to each. */
const FAMILIES: Record<string, string[]> = {
  shapes: ["convOutputSize", "poolOutputSize", "samePadding", "convTransposeOutputSize"],
  "parameter counts": ["conv2dParameterCount", "denseParameterCount"],
  convolution: ["conv2d", "convolve2d", "conv2dCell", "convTranspose2d"],
  pooling: ["maxPool2d", "avgPool2d", "globalAvgPool2d"],
  "activations and their derivatives": [
    "sigmoid",
    "sigmoidDerivative",
    "sigmoidDerivativeExp",
    "tanhDerivative",
    "reluDerivative",
  ],
  "losses and their gradients": [
    "binaryCrossEntropy",
    "binaryCrossEntropyGradient",
    "binaryCrossEntropyWithLogitsGradient",
    "squaredError",
    "squaredErrorGradient",
    "meanSquaredError",
    "meanSquaredErrorGradient",
    "softmaxCrossEntropyGradient",
  ],
  "gradient-descent steps": ["descentStep", "batchGradient", "gradientDescent"],
  "backpropagation (question 5)": ["scalarNetBackprop"],
};

Deno.test("the catalogue has at least 40 mistakes and at least 3 in each family", () => {
  ok(catalogue.length >= 40, `only ${catalogue.length} mistakes`);
  for (const [family, functions] of Object.entries(FAMILIES)) {
    const count = catalogue.filter((e) => functions.includes(e.function)).length;
    ok(count >= 3, `${family}: ${count} mistakes`);
  }
});

/** The mistake `id` of the function `name`, or a failed assertion naming it. */
function mistake(name: string, id: string) {
  const entry = catalogue.find((e) => e.function === name && e.mistake.id === id);
  ok(entry !== undefined, `${name}/${id} is not in the catalogue`);
  return entry.mistake.variant as (...args: unknown[]) => unknown;
}

Deno.test("the seed's loss 0.53539 is binaryCrossEntropy's log-base-2 mistake", () => {
  const bits = mistake("binaryCrossEntropy", "log-base-2")(nnspec.sigmoid(0.8), 1) as number;
  ok(Math.abs(bits - 0.53539) < 5e-6, `${bits}`); // the sheet's five places
});

Deno.test("the seed's dense count 160 x 10 = 1600 is denseParameterCount's bias-omitted", () => {
  strictEqual(
    mistake("denseParameterCount", "bias-omitted")({ inFeatures: 160, outFeatures: 10 }),
    1600,
  );
});

Deno.test("the seed's slope -y/y-hat + (1 - y)/(1 - y-hat) is the gradient missing its 1/N", () => {
  const variant = mistake("binaryCrossEntropyGradient", "mean-factor-missing");
  fc.assert(fc.property(pairOf(openProbability, probability), ([p, y]) => {
    const got = (variant(p, y) as Tensor).toFlatArray();
    // the sheet's per-sample formula, written as the sheet writes it
    const sheet = p.map((pi, i) => -y[i] / pi + (1 - y[i]) / (1 - pi));
    return same(got, sheet) || got.every((g, i) => Math.abs(g - sheet[i]) < 1e-12);
  }));
});

Deno.test("the seed's question-5 gradients are scalarNetBackprop's seed-question-5 mistake", () => {
  const variant = mistake("scalarNetBackprop", "seed-question-5");
  /** The sheet's sigma'(z) = e^{-z}/(1 + e^{-z})^2. */
  const dphi = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;
  fc.assert(fc.property(ARGUMENTS.scalarNetBackprop, (args) => {
    const [{ x, y }, { wc, bc, wf, bf }] = args as [
      { x: number; y: number },
      { wc: number; bc: number; wf: number; bf: number },
    ];
    const { o, c } = nnspec.scalarNetBackprop({ x, y }, { wc, bc, wf, bf });
    const g = (variant({ x, y }, { wc, bc, wf, bf }) as nnspec.ScalarNetBackprop).gradients;
    // the sheet's (a) to (d) as it writes them (audit/sheets/seed.md)
    const sheet = {
      wf: -2 * (y - o) * dphi(c * wf) * c,
      bf: -2 * (y - o) * dphi(bf) * 1,
      wc: -2 * (y - o) * dphi(c * wf) * c * dphi(x * wc) * x,
      bc: -2 * (y - o) * dphi(c * wf) * c * dphi(bc) * 1,
    };
    for (const k of ["wf", "bf", "wc", "bc"] as const) {
      if (Math.abs(g[k] - sheet[k]) > 1e-12 * Math.max(1, Math.abs(sheet[k]))) return false;
    }
    return true;
  }));
});

Deno.test("each mistake's example is reproduced by no other mistake of its function", () => {
  // so that the documented example, audited as a claim, names exactly its own mistake
  for (const { function: name, mistake } of catalogue) {
    for (const other of catalogue) {
      if (other.function !== name || other.mistake === mistake) continue;
      const variant = other.mistake.variant as (...args: unknown[]) => unknown;
      ok(
        !same(variant(...(mistake.example.args as unknown[])), mistake.example.result),
        `${name}: the example of ${mistake.id} is also reproduced by ${other.mistake.id}`,
      );
    }
  }
});

/**
 * One invalid call of each function with mistakes: a variant must reject it as the function
 * does, with the same error class and message (it validates like the function).
 */
const BAD_ARGUMENTS: Record<string, unknown[]> = {
  convOutputSize: [0, { kernel: 3 }],
  convTransposeOutputSize: [3, { kernel: 3, stride: 2, outputPadding: 2 }],
  poolOutputSize: [9, { kernel: 3, padding: 2 }],
  samePadding: [4, { kernel: 3, stride: 0 }],
  conv2dParameterCount: [{ inChannels: 0, outChannels: 1, kernel: 3 }],
  denseParameterCount: [{ inFeatures: 1.5, outFeatures: 10 }],
  conv2d: [[[1, 2]], [[1, 2, 3]]],
  convolve2d: [[[1, 2]], [[1], [2]]],
  conv2dCell: [[[1, 2], [3, 4]], [[1]], 5, 0],
  convTranspose2d: [[[1]], [[1]], { stride: 0 }],
  maxPool2d: [[[1, 2], [3, 4]], { kernel: 3 }],
  avgPool2d: [[[1, 2], [3, 4]], { kernel: 2, padding: 2 }],
  globalAvgPool2d: [[[1, 2], [3]]],
  sigmoid: [Number.NaN],
  sigmoidDerivative: [Infinity],
  sigmoidDerivativeExp: [Number.NaN],
  tanhDerivative: ["1"],
  reluDerivative: [Number.NaN],
  weightedSum: [[1, 2], [1], 0],
  neuron: [[1, 2], [1, 2], Number.NaN],
  binaryCrossEntropy: [1.5, 1],
  binaryCrossEntropyGradient: [[0.5], [2]],
  binaryCrossEntropyWithLogitsGradient: [[0], [2]],
  squaredError: [[1, 2], [1]],
  squaredErrorGradient: [[1, Number.NaN], [1, 2]],
  meanSquaredError: [[], []],
  meanSquaredErrorGradient: [[1, 2], [1]],
  softmaxCrossEntropyGradient: [[0, 0], 2],
  softmaxCrossEntropy: [[0, 0], 2],
  receptiveField: [[{ kernel: 3 }, { kernel: 0 }]],
  mlpBackprop: [{ x: [1, 2], y: [1] }, { w1: [[1]], b1: [0], w2: [[1]], b2: [0] }],
  descentStep: [1, 1, { learningRate: 0 }],
  batchGradient: [logisticRegression({ X: [[1]], y: [1] }, { w0: [0], b0: 0 }), { indices: [] }],
  gradientDescent: [
    logisticRegression({ X: [[1]], y: [1] }, { w0: [0], b0: 0 }),
    { learningRate: -1 },
  ],
  scalarNetBackprop: [{ x: Number.NaN, y: 1 }, { wc: 0, bc: 0, wf: 0, bf: 0 }],
  sgdStep: [[1], [1], { learningRate: 0 }],
  adamStep: [[1], [1], { learningRate: -1 }],
  batchNorm: [[[1, 2], [3]]],
  batchNormParameterCount: [0],
  recurrentParameterCount: [{ cell: "lstm", inputSize: 0, hiddenSize: 2 }],
  multiHeadAttentionParameterCount: [{ embedDim: 6, heads: 4 }],
  dropout: [[1, 2], { p: 1 }],
  adagradStep: [[1], [1], { learningRate: 0 }],
  rmspropStep: [[1], [1], { learningRate: 0 }],
  adamwStep: [[1], [1], { learningRate: -1 }],
  layerNorm: [[[1, 2], [3]]],
  layerNormParameterCount: [0],
  dropoutBackward: [[1, 2], [1]],
  l2PenaltyGradient: [[1], -1],
  scaledDotProductAttention: [[[1, 2]], { key: [[1]], value: [[1]] }],
  embeddingParameterCount: [{ numEmbeddings: 0, embeddingDim: 2 }],
  effectiveKernelSize: [0, 1],
  l2Penalty: [[1], -1],
};

/** The error `call` throws, or a failed assertion that it did not throw. */
function thrownBy(call: () => unknown, what: string): Error {
  try {
    call();
  } catch (error) {
    ok(error instanceof Error, `${what} threw a non-Error`);
    return error;
  }
  throw new Error(`${what} did not throw`);
}

for (const { function: name, mistake } of catalogue) {
  Deno.test(`${name} mistake ${mistake.id}: rejects bad input as ${name} does`, () => {
    const args = BAD_ARGUMENTS[name];
    ok(args !== undefined, `spec/mistakes_test.ts has no bad arguments for ${name}`);
    const expected = thrownBy(() => functionOf(name)(...args), name);
    const got = thrownBy(
      () => (mistake.variant as (...a: unknown[]) => unknown)(...args),
      mistake.id,
    );
    strictEqual(got.constructor, expected.constructor, got.message);
    strictEqual(got.message, expected.message);
    ok(got.message.startsWith(`${name}:`), got.message);
  });
}
