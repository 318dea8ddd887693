/**
 * Specs for issue 21's library additions: the course topics a sheet could not say
 * (`convOutputSize` with `"same"`, `receptiveField`, `mlpBackprop`), each checked against an
 * independent computation, and the catalogue's conventions (kind `depends`).
 *
 * @module
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  allMistakes,
  conv2d,
  convOutputSize,
  gradcheck,
  mlpBackprop,
  receptiveField,
  samePadding,
} from "../mod.ts";

Deno.test('convOutputSize takes padding "same" and "valid" as conv2d does', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom("same", "valid"),
    (n, kernel, stride, padding) => {
      if (padding === "valid" && kernel > n) return true; // "valid" cannot fit it
      const input = Array.from({ length: n }, () => new Array(n).fill(1));
      const kernelMap = Array.from({ length: kernel }, () => new Array(kernel).fill(1));
      const out = conv2d(input, kernelMap, { stride, padding });
      const size = convOutputSize(n, { kernel, stride, padding });
      return out.shape[out.shape.length - 1] === size &&
        (padding === "valid" || size === Math.ceil(n / stride));
    },
  ));
  // MNIST's 28 x 28 through a 5 x 5 "same" convolution of stride 2: ceil(28 / 2) = 14
  strictEqual(convOutputSize(28, { kernel: 5, stride: 2, padding: "same" }), 14);
  strictEqual(samePadding(28, { kernel: 5, stride: 2 }).total, 3);
  throws(() => convOutputSize(4, { kernel: 3, padding: "full" as never }), RangeError);
});

/**
 * The receptive field by another route: the interval of input positions one output position
 * depends on, carried down the stack. Output positions [a, b] of a layer read its input
 * positions [a s, b s + d(k - 1)].
 */
function fieldByIntervals(layers: { kernel: number; stride?: number; dilation?: number }[]) {
  let a = 0, b = 0;
  for (const l of [...layers].reverse()) {
    const s = l.stride ?? 1, d = l.dilation ?? 1;
    [a, b] = [a * s, b * s + d * (l.kernel - 1)];
  }
  return b - a + 1;
}

Deno.test("receptiveField equals the input interval one output position reads", () => {
  const layer = fc.record({
    kernel: fc.integer({ min: 1, max: 7 }),
    stride: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    dilation: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  });
  fc.assert(
    fc.property(
      fc.array(layer, { minLength: 1, maxLength: 8 }),
      (layers) => receptiveField(layers) === fieldByIntervals(layers),
    ),
  );
  // VGG's first block twice: conv3 conv3 pool2/2 conv3 conv3 pool2/2 sees 16 positions
  // (1 + 2 + 2 + 1, then jump 2: + 4 + 4 + 2, i.e. 6 + 10 = 16)
  const conv = { kernel: 3 }, pool = { kernel: 2, stride: 2 };
  strictEqual(receptiveField([conv, conv, pool, conv, conv, pool]), 16);
});

Deno.test("receptiveField rejects a bad stack with its name, the layer and the value", () => {
  throws(() => receptiveField([]), {
    name: "RangeError",
    message: "receptiveField: layers must hold 1 to 100000 layers, got 0",
  });
  throws(() => receptiveField([{ kernel: 3 }, { kernel: 2.5 }]), {
    name: "RangeError",
    message: /^receptiveField: layers\[1\]\.kernel must be a positive integer/,
  });
  throws(() => receptiveField("3x3" as never), TypeError);
  throws(() => receptiveField([null as never]), TypeError);
  // a field past 2^53: 60 layers of stride 2 after a wide first kernel
  const deep = Array.from({ length: 60 }, () => ({ kernel: 3, stride: 2 }));
  throws(() => receptiveField(deep), /beyond 2\^53 - 1/);
});

/** The parameters of a two-layer perceptron flattened in the order w1, b1, w2, b2. */
function flat(p: { w1: number[][]; b1: number[]; w2: number[][]; b2: number[] }): number[] {
  return [...p.w1.flat(), ...p.b1, ...p.w2.flat(), ...p.b2];
}

const dyadic = fc.integer({ min: -8, max: 8 }).map((n) => n / 4);
const vec = (n: number) => fc.array(dyadic, { minLength: n, maxLength: n });
const mat = (r: number, c: number) => fc.array(vec(c), { minLength: r, maxLength: r });

Deno.test("mlpBackprop's gradients match central finite differences (gradcheck)", () => {
  const problem = fc.record({
    n: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 3 }),
    m: fc.integer({ min: 1, max: 3 }),
  }).chain(({ n, h, m }) =>
    fc.record({
      x: vec(n),
      y: vec(m),
      t: fc.integer({ min: 0, max: m - 1 }),
      w1: mat(h, n),
      b1: vec(h),
      w2: mat(m, h),
      b2: vec(m),
      activation: fc.constantFrom("sigmoid" as const, "tanh" as const),
      loss: fc.constantFrom("squared" as const, "softmax-cross-entropy" as const),
    })
  );
  fc.assert(
    fc.property(problem, (p) => {
      const sample = { x: p.x, y: p.loss === "squared" ? p.y : p.t };
      const options = { activation: p.activation, loss: p.loss };
      const shapes = [p.w1.length * p.x.length, p.b1.length, p.w2.length * p.b1.length];
      const unflat = (v: Float64Array) => {
        const [a, b, c] = [shapes[0], shapes[0] + shapes[1], shapes[0] + shapes[1] + shapes[2]];
        const rows = (from: number, r: number, cols: number) =>
          Array.from(
            { length: r },
            (_, i) => Array.from(v.slice(from + i * cols, from + (i + 1) * cols)),
          );
        return {
          w1: rows(0, p.w1.length, p.x.length),
          b1: Array.from(v.slice(a, b)),
          w2: rows(b, p.w2.length, p.b1.length),
          b2: Array.from(v.slice(c)),
        };
      };
      const r = mlpBackprop(sample, p, options);
      const analytic = [...r.dW1.flat(), ...r.db1, ...r.dW2.flat(), ...r.db2];
      const report = gradcheck((v) => mlpBackprop(sample, unflat(v), options).loss, flat(p), {
        gradient: analytic,
      });
      return report.ok;
    }),
    { numRuns: 100 },
  );
});

Deno.test("mlpBackprop's backward pass, by hand, with a softmax output", () => {
  // x = 1, w1 = b1 = 0: z1 = 0, h = 1/2 (sigmoid); w2 = [[2], [0]]: z2 = (1, 0), class 0.
  // softmax(z2) = (e/(e+1), 1/(e+1)); delta2 = softmax - e_0 = (-1/(e+1), 1/(e+1));
  // dE/dh = 2 * (-1/(e+1)) + 0 = -2/(e+1); delta1 = dE/dh * sigma'(0) = -1/(2(e+1)).
  const e = Math.E;
  const r = mlpBackprop(
    { x: [1], y: 0 },
    { w1: [[0]], b1: [0], w2: [[2], [0]], b2: [0, 0] },
    { loss: "softmax-cross-entropy" },
  );
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-15;
  ok(near(r.loss, Math.log(e + 1) - 1), `${r.loss}`); // -ln(e/(e+1))
  ok(near(r.dLdz2[0], -1 / (e + 1)) && near(r.dLdz2[1], 1 / (e + 1)));
  ok(near(r.dW2[0][0], -0.5 / (e + 1)));
  ok(near(r.dLdz1[0], -1 / (2 * (e + 1))));
  ok(near(r.dW1[0][0], -1 / (2 * (e + 1))));
});

Deno.test("mlpBackprop rejects shapes that do not fit, naming the parameter", () => {
  throws(() => mlpBackprop({ x: [1, 2], y: [1] }, { w1: [[1]], b1: [0], w2: [[1]], b2: [0] }), {
    name: "TypeError",
    message: /^mlpBackprop: params\.w1 must have shape \[1\]\[2\] \(one column per input\)/,
  });
  throws(
    () =>
      mlpBackprop({ x: [1], y: 3 }, { w1: [[1]], b1: [0], w2: [[1]], b2: [0] }, {
        loss: "softmax-cross-entropy",
      }),
    { name: "RangeError", message: /sample\.y must be a class index, an integer in \[0, 0\]/ },
  );
  throws(
    () =>
      mlpBackprop({ x: [1], y: [1] }, { w1: [[1]], b1: [0], w2: [[1]], b2: [0] }, {
        activation: "gelu" as never,
      }),
    { name: "RangeError", message: /activation must be "sigmoid", "tanh" or "relu"/ },
  );
  throws(
    () => mlpBackprop({ x: [1e300], y: [0] }, { w1: [[1e300]], b1: [0], w2: [[1]], b2: [0] }),
    RangeError,
  );
});

Deno.test("the conventions of momentum and dropout are kind depends, every other entry an error", () => {
  const depends = allMistakes().filter((e) => e.mistake.kind === "depends")
    .map((e) => `${e.function}/${e.mistake.id}`).sort();
  for (
    const id of [
      "dropout/no-inverted-scaling",
      "sgdStep/momentum-as-average",
      "recurrentParameterCount/one-bias-in-pytorch",
    ]
  ) {
    ok(depends.includes(id), id);
  }
});

import { auditSheet } from "../audit/sheet/sheet.ts";

/** A sheet of one question whose claims block holds `lines`. */
const sheetOf = (...lines: string[]) =>
  `# Quiz\n\n## Question 1\n\n\`\`\`claims\n${lines.join("\n")}\n\`\`\`\n`;

Deno.test("a sheet names issue 21's new catalogue entries, and a convention is kind depends", async () => {
  const report = await auditSheet(
    sheetOf(
      "1a: sgdStep([0], [1], { learningRate: 0.1, momentum: 0.9 }).parameters = [-0.01]",
      "1b: binaryCrossEntropy(0.9, 0) = 0.10536",
      "1c: conv2dParameterCount({ inChannels: 32, outChannels: 32, kernel: 3, groups: 32 }) = 9248",
      "1d: softmaxCrossEntropy([0, 0], 1) = 1",
      '1e: convOutputSize(28, { kernel: 5, stride: 2, padding: "same" }) = 14',
      "1f: receptiveField([{ kernel: 3 }, { kernel: 3 }]) = 6",
      "1g: dropout([2, 4, 6, 8], { p: 0.5, training: false }).output = [1, 2, 3, 4]",
      "1h: softmaxCrossEntropy([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0) = 1",
    ),
    "test.md",
  );
  strictEqual(report.errors.length, 0, JSON.stringify(report.errors));
  const by = Object.fromEntries(report.claims.map((c) => [c.id, c]));
  const named = (id: string) => by[id].mistakes.map((m) => `${m.function}/${m.id}`).join("; ");
  strictEqual(named("1a"), "sgdStep/momentum-as-average");
  strictEqual(by["1a"].kind, "depends");
  ok(/a convention, so both are right/.test(by["1a"].reason), by["1a"].reason);
  strictEqual(named("1b"), "binaryCrossEntropy/target-flipped");
  strictEqual(by["1b"].kind, "error");
  strictEqual(named("1c"), "conv2dParameterCount/groups-ignored");
  strictEqual(named("1d"), "softmaxCrossEntropy/log-base-2");
  strictEqual(by["1e"].verdict, "agrees");
  strictEqual(named("1f"), "receptiveField/kernels-added");
  strictEqual(named("1g"), "dropout/no-inverted-scaling");
  strictEqual(by["1g"].kind, "depends");
  strictEqual(named("1h"), "softmaxCrossEntropy/log-base-10");
});

/** The report of a one-question sheet of `lines`. */
const auditLines = (...lines: string[]) => auditSheet(sheetOf(...lines), "test.md");

Deno.test("comparisons: a one-element array or shape is its number; integers compare exactly", async () => {
  const r = await auditLines(
    "1a: flatten(zeros([64, 7, 7])).shape = 3136",
    "1b: [3136] = 3136",
    "1c: 3136 = [3136]",
    "1d: 2^50 + 1000 = 1125899906842624",
    "1e: 2^50 + 1000 = 1125899906843624",
    "1f: 0.1 * 30 = 3",
  );
  strictEqual(r.errors.length, 0, JSON.stringify(r.errors));
  const verdicts = r.claims.map((c) => `${c.id} ${c.verdict}`);
  strictEqual(
    verdicts.join(", "),
    "1a agrees, 1b agrees, 1c agrees, 1d disagrees, 1e agrees, 1f agrees",
  );
});

Deno.test("comparisons: arrays of expressions compare by value, not as text", async () => {
  const r = await auditLines("1a: [0.1 + 0.2] = [3/10]", "1b: [0.1 + 0.2, 1] = [1/3, 1]");
  strictEqual(r.claims.map((c) => c.verdict).join(" "), "agrees disagrees");
});

Deno.test("comparisons: a record or several entries against one number is an error of the line", async () => {
  const r = await auditLines(
    "1a: batchNormParameterCount(64) = 128",
    "1b: conv2d(ones([3, 3]), ones([2, 2])) = 4",
    "1c: batchNormParameterCount(64).trainable = 128",
  );
  strictEqual(r.claims.map((c) => c.id).join(), "1c");
  strictEqual(r.errors.length, 2);
  ok(
    /record with the fields trainable, nonTrainable.*"batchNormParameterCount\(64\)\.trainable = …"/
      .test(r.errors[0].message),
    r.errors[0].message,
  );
  ok(
    /Tensor of shape 2×2.*\.toArray\(\)\[0\]\[0\] = …"/.test(r.errors[1].message),
    r.errors[1].message,
  );
});

Deno.test("comparisons: a vector formula is compared entry by entry at random points", async () => {
  const r = await auditLines(
    "1a: softmaxCrossEntropyGradient([x, y, 0], 0) = softmax([x, y, 0]) - [1, 0, 0]",
    "1b: softmaxCrossEntropyGradient([x, y, 0], 0) = [1, 0, 0] - softmax([x, y, 0])",
    "1c: softmaxCrossEntropyGradient([x, y, 0], 0) = [1, 0] - softmax([x, y])",
  );
  const [a, b] = r.claims;
  strictEqual(a.verdict, "agrees");
  ok(/entry by entry \(3 entries\)/.test(a.computed), a.computed);
  strictEqual(b.verdict, "disagrees");
  strictEqual(b.mistakes.map((m) => m.id).join(), "sign-flipped");
  ok(b.counterexample !== null);
  strictEqual(r.errors.length, 1);
  ok(/3 entries and the stated formula 2 entries/.test(r.errors[0].message), r.errors[0].message);
});

Deno.test("comparisons: the correct value shows the digits that differ from the stated one", async () => {
  const r = await auditLines("1a: 1 / 2.4 = 0.45", "1b: [1 / 2.4, 2] = [0.45, 2]");
  ok(r.claims[0].computed.startsWith("0.416667"), r.claims[0].computed);
  strictEqual(r.groups[1].correct, "[0.416667, 2]");
  ok(/entry \[0\] is 0\.416667, not 0\.45/.test(r.claims[1].reason), r.claims[1].reason);
});

import { plainTex, summaryLine } from "../audit/report/format.ts";

Deno.test("messages: each usage slip says what is wrong and how to write the line", async () => {
  const r = await auditLines(
    "1a: max([1, 2]) = 2",
    "1b: sigmoid'(0.5) = 0.2350",
    "1c: 1024 * 1026 = 1,050,624",
    "1d: max(1, 2) = 2",
  );
  const messages = r.errors.map((e) => e.message);
  strictEqual(messages.length, 3, messages.join("\n"));
  ok(
    /max takes numbers, but it was given an array of 2; .*max\(1, 2\)/.test(messages[0]),
    messages[0],
  );
  ok(!/non-finite|division by zero/.test(messages[0]), messages[0]);
  ok(
    /prime in sigmoid'.*write the derivative as sigmoidDerivative\(…\)/.test(messages[1]),
    messages[1],
  );
  ok(
    /groups its digits with commas; write it without them, 1050624/.test(messages[2]),
    messages[2],
  );
  // 4 claim lines: 1 checked, 3 errors that kept 3 claims from being checked
  strictEqual(summaryLine(r), "1 claim: 1 agree, 0 disagree; 3 errors (3 claims not checked)");
});

Deno.test("messages: no catalogue entry quotes the seed sheet in another instructor's report", () => {
  for (const { function: name, mistake } of allMistakes()) {
    const text = `${mistake.name} ${mistake.why}`;
    ok(
      !/\bdocument\b|\bseed\b|question \d|the sheet's/i.test(text),
      `${name}/${mistake.id}: ${text}`,
    );
  }
});

Deno.test("messages: the terminal report shows a sheet's TeX as plain symbols", () => {
  strictEqual(
    plainTex("$\\sigma'$ is evaluated at $c\\,w^f$, not $n = w \\cdot \\text{input} + b$"),
    "σ' is evaluated at c w^f, not n = w · input + b",
  );
  strictEqual(plainTex("$\\frac{1}{N}\\sum_{i} x_{i}$"), "(1)/(N)Σ_i x_i");
  strictEqual(plainTex("no TeX here: 5 $"), "no TeX here: 5 $");
});

Deno.test("messages: deno task site --report with a file that is not JSON stops with a sentence", async () => {
  const file = "spec/fixtures/not_a_report.txt"; // the text report, not its JSON
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "docs/build.ts", "--report", file],
    cwd: new URL("../", import.meta.url),
    stdout: "null",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(stderr);
  strictEqual(code, 2, err);
  ok(
    /it is not JSON; give the report of `deno task audit --format json > report\.json`/.test(err),
    err,
  );
  ok(!/SyntaxError|at .*\.ts:\d+/.test(err), err);
});

Deno.test("carried errors: one slip carried through later answers is one mistake with its consequences", async () => {
  const path = new URL("./fixtures/carried_sheet.md", import.meta.url);
  const r = await auditSheet(await Deno.readTextFile(path), "carried_sheet.md");
  strictEqual(r.errors.length, 0, JSON.stringify(r.errors));
  deepStrictEqual(r.summary, { claims: 8, agrees: 2, disagrees: 6, errors: 0 });
  // 1c (log base 2), 1d (the slip) and 1h (bias omitted): 3 distinct mistakes, not 6
  deepStrictEqual(r.groups.map((g) => g.claims), [["1c"], ["1d"], ["1h"]]);
  deepStrictEqual(r.groups[1].consequences, ["1e", "1f", "1g"]);
  const by = Object.fromEntries(r.claims.map((c) => [c.id, c]));
  strictEqual(by["1e"].consequenceOf, "1d"); // found by its call's value, -1.44933
  strictEqual(by["1f"].consequenceOf, "1e"); // through @1e, itself carried from 1d
  ok(
    /a consequence of claim 1d: with its stated -1\.4439 in place of the correct -1\.44933/.test(
      by["1e"].reason,
    ),
    by["1e"].reason,
  );
  strictEqual(by["1c"].consequenceOf, undefined);
});

Deno.test("carried errors: @ID uses an earlier claim's value; a right step on a wrong value is not a mistake", async () => {
  const r = await auditLines(
    "1a: 2 * 3 = 6",
    "1b: @1a + 1 = 7",
    "1c: 0.5 * 3 = 1.4",
    "1d: @1c * 2 = 2.8",
    "1e: @1c * 2 = 5",
    "1f: @9z + 1 = 2",
    "1g: @1h + 1 = 2",
    "1h: 1 = 1",
  );
  const by = Object.fromEntries(r.claims.map((c) => [c.id, c]));
  strictEqual(by["1b"].verdict, "agrees");
  strictEqual(by["1d"].verdict, "disagrees"); // the correct 1.5 * 2 = 3
  strictEqual(by["1d"].consequenceOf, "1c");
  strictEqual(by["1e"].consequenceOf, undefined); // 5 follows from neither value
  strictEqual(r.groups.length, 2);
  const messages = r.errors.map((e) => e.message);
  ok(/@9z: no claim 9z above this line/.test(messages[0]), messages[0]);
  ok(/@1h: no claim 1h above this line/.test(messages[1]), messages[1]);
});

/**
 * The newcomer's sheet (spec/fixtures/newcomer_sheet.md): 41 claims over the whole course,
 * twelve wrong on purpose. Each planted answer and the mistake that gives it, by hand:
 * 1e σ(1) = 0.73106 for σ'(1); 2b −ln 0.8 for a target of 0 (the loss is −ln 0.2 = 1.60944);
 * 2d 0.41703 / ln 2 = 0.60165; 3d (9 · 32 + 1) · 32 = 9248 for a depthwise layer of 320;
 * 3h 1 + 2 + 1 + 2 = 6 where the stride-2 pool makes the last layer add 2 · 2 (8); 3k a 3 × 3
 * output of stride 1 where stride 2 gives 2 × 2; 4b the average form of momentum, 0.1 · 0.1
 * (depends); 4f 2λw = (0.6, −0.8) for λw = (0.3, −0.4); 5c Keras's one bias per gate, 6272
 * for PyTorch's 6400 (a convention: depends); 5e 630000 for 5000 · 128 = 640000 (an
 * arithmetic slip no catalogue entry explains); 5g σ(1) = 0.73106 from unscaled scores, where
 * 1/√2 gives σ(0.70711) = 0.66976; 6b δ¹ without the ReLU slope, dW1 = [[2, 4], [1, 2]] for
 * [[2, 4], [0, 0]].
 */
Deno.test("a newcomer's 41-claim sheet over the course: every verdict right, every covered mistake named", async () => {
  const path = new URL("./fixtures/newcomer_sheet.md", import.meta.url);
  const r = await auditSheet(await Deno.readTextFile(path), "newcomer_sheet.md");
  strictEqual(r.errors.length, 0, JSON.stringify(r.errors));
  strictEqual(r.claims.length, 41);
  const named = Object.fromEntries(
    r.claims.filter((c) => c.verdict === "disagrees").map((c) => [
      c.id,
      c.mistakes.map((m) => `${m.function}/${m.id}`).join("; ") || "none",
    ]),
  );
  deepStrictEqual(named, {
    "1e": "sigmoidDerivative/sigma-alone",
    "2b": "binaryCrossEntropy/target-flipped",
    "2d": "softmaxCrossEntropy/log-base-2",
    "3d": "conv2dParameterCount/groups-ignored",
    "3h": "receptiveField/strides-ignored",
    "3k": "conv2d/stride-ignored",
    "4b": "sgdStep/momentum-as-average",
    "4f": "l2PenaltyGradient/factor-two",
    "5c": "recurrentParameterCount/one-bias-in-pytorch",
    "5e": "none",
    "5g": "scaledDotProductAttention/no-scaling",
    "6b": "mlpBackprop/activation-slope-missing",
  });
  // momentum as an average and Keras's bias count are conventions: depends, not errors
  for (const id of ["4b", "5c"]) strictEqual(r.claims.find((c) => c.id === id)!.kind, "depends");
  strictEqual(r.groups.length, 12);
});
