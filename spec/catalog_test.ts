/**
 * Specs for the catalogue gaps found when students' wrong answers were typed into the book's
 * answer boxes (docs/guide/browser.md), and for the sheet-language gaps lesson writers hit.
 * Each wrong answer is audited as a sheet line and must be named by its mistake; the right
 * answer to the same question must agree and name nothing. The expected values are worked
 * by hand in the comments.
 *
 * @module
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { allMistakes } from "../mod.ts";
import { auditSheet } from "../audit/sheet/sheet.ts";
import { checkAnswer } from "../docs/engine/check.ts";

/** The report of a one-question sheet whose claims block holds `lines`. */
const auditLines = (...lines: string[]) =>
  auditSheet(`# Quiz\n\n## Question 1\n\n\`\`\`claims\n${lines.join("\n")}\n\`\`\`\n`, "test.md");

/**
 * Pairs of a wrong answer and the right one to the same question: [expression, wrong,
 * right, the mistake the wrong one must be named by].
 */
const PAIRS: [string, string, string, string][] = [
  // tanh(0.5) = (e - 1)/(e + 1) = 0.46212; the slope 1 - 0.46212^2 = 0.78645
  ["tanhDerivative(0.5)", "0.46212", "0.78645", "tanhDerivative/tanh-itself"],
  // sigma(2) = 1/(1 + e^-2) = 0.8808; the slope 0.8808 * 0.1192 = 0.1050
  ["sigmoidDerivative(2)", "0.8808", "0.1050", "sigmoidDerivative/sigma-alone"],
  ["sigmoidDerivativeExp(2)", "0.8808", "0.1050", "sigmoidDerivativeExp/sigma-alone"],
  // target 0: -ln(1 - 0.2) = 0.22314; the y = 1 branch -ln 0.2 = 1.60944
  ["binaryCrossEntropy(0.2, 0)", "1.60944", "0.22314", "binaryCrossEntropy/target-flipped"],
  // (10 - 3)/2 + 1 = 4.5, floored to 4
  ["convOutputSize(10, {kernel: 3, stride: 2})", "4.5", "4", "convOutputSize/not-floored"],
  // (12 - 3)/2 + 1 = 5.5, floored to 5 (ceil mode would give 6)
  ["poolOutputSize(12, {kernel: 3, stride: 2})", "5.5", "5", "poolOutputSize/not-floored"],
  // rounded up instead: 4.5 to 5, and the pool's 5.5 to 6
  ["convOutputSize(10, {kernel: 3, stride: 2})", "5", "4", "convOutputSize/ceil-instead-of-floor"],
  ["poolOutputSize(12, {kernel: 3, stride: 2})", "6", "5", "poolOutputSize/ceil-mode-flipped"],
  // 2 - 0.25 * 4 = 1; adding the step gives 2 + 1 = 3
  ["sgdStep([2], [4], {learningRate: 0.25}).parameters[0]", "3", "1", "sgdStep/ascent"],
  // 3 - 0.1 * 6 = 2.4; ascent 3.6
  ["descentStep(3, 6, {learningRate: 0.1})", "3.6", "2.4", "descentStep/ascent"],
  // first Adam step: m-hat = -0.5, v-hat = 0.25, so theta moves by 0.01 * 0.5/0.5 = +0.01
  ["adamStep([0], [-0.5], {learningRate: 0.01}).parameters[0]", "-0.01", "0.01", "adamStep/ascent"],
  // G = 2^2 = 4: 1 - 0.1 * 2/2 = 0.9; ascent 1.1
  ["adagradStep([1], [2], {learningRate: 0.1}).parameters[0]", "1.1", "0.9", "adagradStep/ascent"],
  // v = 0.01 * 1^2: 0 - 0.01 * 1/0.1 = -0.1; ascent 0.1
  [
    "rmspropStep([0], [1], {learningRate: 0.01}).parameters[0]",
    "0.1",
    "-0.1",
    "rmspropStep/ascent",
  ],
  // 4 * 512^2 = 1048576 weights; + 4 * 512 biases = 1050624
  [
    "multiHeadAttentionParameterCount({embedDim: 512, heads: 8})",
    "1048576",
    "1050624",
    "multiHeadAttentionParameterCount/bias-omitted",
  ],
  // n = 1(0.5) - 1(0.25) + 0 = 0.25; sigma(0.25) = 1/(1 + e^-0.25) = 0.56218
  [
    'neuron([1, -1], [0.5, 0.25], 0, {activation: "sigmoid"})',
    "0.25",
    "0.56218",
    "neuron/activation-omitted",
  ],
  // 160 * 10 = 1600 weights, + 10 biases = 1610
  [
    "denseParameterCount({inFeatures: 160, outFeatures: 10})",
    "1600",
    "1610",
    "denseParameterCount/bias-omitted",
  ],
];

Deno.test("each wrong answer from the answer-box trial is named by its mistake, the right one by none", async () => {
  // each question in its own sheet, so no claim is read as carried from another
  for (const [expression, wrong, right, expected] of PAIRS) {
    const r = await auditLines(`1a: ${expression} = ${wrong}`, `1b: ${expression} = ${right}`);
    strictEqual(r.errors.length, 0, JSON.stringify(r.errors));
    const [bad, good] = r.claims;
    strictEqual(bad.verdict, "disagrees", expression);
    strictEqual(bad.kind, "error", expression);
    strictEqual(
      bad.mistakes.map((m) => `${m.function}/${m.id}`).join("; "),
      expected,
      `${expression} = ${wrong}`,
    );
    strictEqual(good.verdict, "agrees", `${expression} = ${right}: ${good.reason}`);
    deepStrictEqual(good.mistakes, [], `${expression} = ${right}`);
  }
});

Deno.test("no catalogue entry quotes the seed sheet's numbers or calls it the sheet or the document", () => {
  // the whys are shown under every exercise and every instructor's sheet
  const seedNumbers = /\b(1600|1610|0\.53539|0\.68997|0\.37110|0\.21391)\b/;
  const seedWords = /\bseed\b|\bthe sheet\b|\bthe document\b|\bdocument's\b/i;
  for (const { function: name, mistake } of allMistakes()) {
    const text = `${mistake.name} ${mistake.why}`;
    ok(!seedNumbers.test(text), `${name}/${mistake.id} quotes a number of the seed: ${text}`);
    ok(!seedWords.test(text), `${name}/${mistake.id} speaks of one sheet: ${text}`);
  }
});

Deno.test("sheet language: a Float64Array field is indexed and passed on as an array", async () => {
  // one sample x = 1, y = 1 at w = b = 0: p = 1/2, dE/dw = dE/db = p - y = -1/2
  const problem = "logisticRegression({X: [[1]], y: [1]}, {w0: [0], b0: 0})";
  const r = await auditLines(
    `1a: batchGradient(${problem}).gradient[0] = -0.5`,
    `1b: batchGradient(${problem}).gradient.length = 2`,
    // [1, 0] - 0.1 * [-0.5, -0.5] = [1.05, 0.05]
    `1c: descentStep([1, 0], batchGradient(${problem}).gradient, {learningRate: 0.1}) = [1.05, 0.05]`,
    `1d: batchGradient(${problem}).gradient[2] = 0`,
  );
  strictEqual(
    r.claims.map((c) => `${c.id} ${c.verdict}`).join(", "),
    "1a agrees, 1b agrees, 1c agrees",
  );
  strictEqual(r.errors.length, 1);
  ok(
    /index 2 is outside batchGradient\(…\)\.gradient \(length 2\)/.test(r.errors[0].message),
    r.errors[0].message,
  );
});

Deno.test("sheet language: an array of Float64Arrays or Tensors compares with a nested stated array", async () => {
  // deepSigmoidChain([2], [[[0]]]): h0 = x = 2, h1 = sigma(0 * 2) = 1/2;
  // dJ/dW = sigma'(0) * h0 = 1/4 * 2 = 1/2, one 1 x 1 Tensor
  const chain = "deepSigmoidChain([2], [[[0]]])";
  const r = await auditLines(
    `1a: ${chain}.activations = [[2], [0.5]]`,
    `1b: ${chain}.activations = [[2], [0.6]]`,
    `1c: ${chain}.gradients = [[[0.5]]]`,
    `1d: ${chain}.activations[1][0] = 0.5`,
    `1e: ${chain}.activations = [[2], [1/3]]`,
  );
  strictEqual(r.errors.length, 0, JSON.stringify(r.errors));
  strictEqual(
    r.claims.map((c) => `${c.id} ${c.verdict}`).join(", "),
    "1a agrees, 1b disagrees, 1c agrees, 1d agrees, 1e disagrees",
  );
  ok(/entry \[1\]\[0\] is 0\.5, not 0\.6/.test(r.claims[1].reason), r.claims[1].reason);
  // the values are shown as numbers, not as a typed array's {"0": …} fields
  strictEqual(r.claims[4].computed, "[[2],[0.5]]");
});

Deno.test("sheet language: × − · inside a quoted string are text, outside it operators", async () => {
  // 7 wide, 2 x 2 pool with "same": ceil(7/2) = 4, so 4×4×10 (the summary's own notation)
  const pool = 'summary([{ type: "maxPool2d", pool: 2, padding: "same" }], ' +
    "{ height: 7, width: 7, channels: 10 }).rows[0].outputShape";
  const r = await auditLines(
    `1a: ${pool} = "4×4×10"`,
    `1b: ${pool} = "4×4×11"`,
    `1c: ${pool} = "4*4*10"`,
    '1d: "2 − 1" = "2 − 1"',
    "1e: 2 × 3 − 1 · 2 = 4",
    // an escaped quote does not end the string: the × after it is still text
    '1f: "a\\"×b" = "a\\"*b"',
  );
  strictEqual(r.errors.length, 0, JSON.stringify(r.errors));
  strictEqual(
    r.claims.map((c) => `${c.id} ${c.verdict}`).join(", "),
    "1a agrees, 1b disagrees, 1c disagrees, 1d agrees, 1e agrees, 1f disagrees",
  );
  strictEqual(r.claims[1].reason.split(";")[0], '"4×4×10" is not "4×4×11"');
});

/** The claim line `id: …` of a book exercise, read from docs/exercises/<module>.md. */
async function exerciseLine(id: string): Promise<string> {
  const module = id.split(".")[0];
  const text = await Deno.readTextFile(new URL(`../docs/exercises/${module}.md`, import.meta.url));
  const line = text.split("\n").find((l) => l.startsWith(`${id}: `));
  ok(line !== undefined, `docs/exercises/${module}.md has no claim ${id}`);
  return line;
}

Deno.test("the answer-box trial again, through the page's engine: each gap now names its mistake", async () => {
  // [exercise, typed wrong answer, the mistake the box must name]; the worked answers are the
  // exercises' own stated values (tanh'(0.5) = 0.78645, -ln 0.8 = 0.22314, (10 - 3)/2 + 1
  // floored = 4, 2 - 0.25 * 4 = 1, 4 * 512^2 + 4 * 512 = 1050624)
  const trial: [string, string, string][] = [
    ["activations.ex4", "0.46212", "tanhDerivative/tanh-itself"],
    ["losses.ex3", "1.60944", "binaryCrossEntropy/target-flipped"],
    ["shapes.ex3", "4.5", "convOutputSize/not-floored"],
    ["optimizers.ex1", "3", "sgdStep/ascent"],
    ["attention.ex5", "1048576", "multiHeadAttentionParameterCount/bias-omitted"],
    ["dense.ex3", "1600", "denseParameterCount/bias-omitted"],
  ];
  for (const [id, typed, expected] of trial) {
    const line = await exerciseLine(id);
    const v = await checkAnswer(line, typed);
    ok(v.verdict === "mistake", `${id} answered ${typed}: ${JSON.stringify(v)}`);
    strictEqual(v.mistakes.map((m) => `${m.function}/${m.id}`).join("; "), expected, id);
    const right = line.slice(line.lastIndexOf("=") + 1).trim();
    strictEqual((await checkAnswer(line, right)).verdict, "right", `${id} answered ${right}`);
  }
  // the neuron of docs/testdata/exercises.html: n = 0.5 - 0.25 = 0.25, sigma(0.25) = 0.56218
  const neuron = 'neuron.ex2: neuron([1, -1], [0.5, 0.25], 0, {activation: "sigmoid"}) = 0.56218';
  const v = await checkAnswer(neuron, "0.25");
  ok(v.verdict === "mistake", JSON.stringify(v));
  strictEqual(v.mistakes.map((m) => `${m.function}/${m.id}`).join(), "neuron/activation-omitted");
});
