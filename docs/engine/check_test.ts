/**
 * The in-page engine's checks (docs/engine/check.ts), without a browser: what an answer box
 * says for right, coarse, mistaken, slipped and unreadable answers, and what the sheet page
 * gets for a pasted sheet. The browser side is docs/engine.browser.ts.
 */
import { deepEqual, doesNotMatch, equal, match, ok, rejects, throws } from "node:assert/strict";
import {
  auditPastedSheet,
  checkAnswer,
  MAX_PAGE_SHEET_BYTES,
  parseClaimLine,
  roundingSlip,
  tidyAnswer,
} from "./check.ts";

const DENSE = "dense.ex1: denseParameterCount({inFeatures: 160, outFeatures: 10}) = 1610";
// σ(−0.8) = 1 / (1 + e^0.8) = 1 / 3.2255409 = 0.3100255 (by hand, e^0.8 = 2.2255409).
const SIGMOID = "act.ex1: sigmoid(-0.8) = 0.31003";
// σ(0.25) = 1 / (1 + e^−0.25) = 1 / 1.7788008 = 0.5621765.
const NEURON = 'neuron.ex2: neuron([1, -1], [0.5, 0.25], 0, {activation: "sigmoid"}) = 0.56218';

Deno.test("parseClaimLine splits id, expression and stated answer, and refuses the rest", () => {
  deepEqual(parseClaimLine(DENSE), {
    id: "dense.ex1",
    expression: "denseParameterCount({inFeatures: 160, outFeatures: 10})",
    stated: "1610",
  });
  throws(() => parseClaimLine("dense.ex1: 1610"), TypeError);
  throws(() => parseClaimLine(`${DENSE}\nx: 1 = 1`), /one line/);
  throws(() => parseClaimLine(42 as unknown as string), TypeError);
});

Deno.test("tidyAnswer reads numbers as people write them", () => {
  equal(tidyAnswer(" 1,610. "), "1610");
  equal(tidyAnswer("1 610"), "1610");
  equal(tidyAnswer("\u22120.25"), "-0.25");
  equal(tidyAnswer("0.5,1"), "0.5,1"); // not a thousands separator: left for the engine to refuse
  equal(tidyAnswer("   "), null);
});

Deno.test("1600 for the dense layer names the omitted bias; 1610 is right", async () => {
  const v = await checkAnswer(DENSE, "1600");
  equal(v.verdict, "mistake");
  if (v.verdict !== "mistake") return;
  deepEqual(v.mistakes.map((m) => [m.function, m.id]), [["denseParameterCount", "bias-omitted"]]);
  equal((await checkAnswer(DENSE, "1610")).verdict, "right");
  equal((await checkAnswer(DENSE, "1,610")).verdict, "right");
  equal((await checkAnswer(DENSE, "(160 + 1) * 10")).verdict, "right");
  equal((await checkAnswer(DENSE, "1620")).verdict, "wrong");
});

Deno.test("a right answer to fewer decimals is coarse, not wrong; more decimals are right", async () => {
  const coarse = await checkAnswer(SIGMOID, "0.31");
  deepEqual(
    coarse.verdict === "coarse" ? [coarse.decimals, coarse.wanted] : coarse,
    [2, 5],
  );
  equal((await checkAnswer(SIGMOID, "0.31003")).verdict, "right");
  equal((await checkAnswer(SIGMOID, "0.3100255")).verdict, "right");
  equal((await checkAnswer(SIGMOID, "0.3")).verdict, "coarse");
  // 0 decimals is an integer, compared exactly: 0 is not σ(−0.8).
  equal((await checkAnswer(SIGMOID, "0")).verdict, "wrong");
});

Deno.test("the sign dropped in the sigmoid is named", async () => {
  const v = await checkAnswer(SIGMOID, "0.68997");
  equal(v.verdict, "mistake");
  if (v.verdict === "mistake") deepEqual(v.mistakes.map((m) => m.id), ["exponent-sign"]);
});

Deno.test("a last decimal cut instead of rounded is a slip; other near misses are not", async () => {
  // 0.5621765 cut at 5 decimals is 0.56217, at 4 decimals 0.5621 (rounded: 0.56218, 0.5622).
  deepEqual(roundingSlip("sigmoid(0.25)", "0.56217"), { slip: "cut", decimals: 5 });
  deepEqual(roundingSlip("sigmoid(0.25)", "0.5621"), { slip: "cut", decimals: 4 });
  equal(roundingSlip("sigmoid(0.25)", "0.56219"), null);
  equal(roundingSlip("sigmoid(0.25)", "0.563"), null);
  // −σ(0.8) = −0.6899745: cut toward zero, −0.68997, is also its rounding (not a slip).
  equal(roundingSlip("-sigmoid(0.8)", "-0.68998"), null);
  equal(roundingSlip("1610", "1611"), null); // integers are exact
  equal((await checkAnswer(NEURON, "0.56217")).verdict, "slip");
  equal((await checkAnswer(NEURON, "0.56219")).verdict, "wrong");
  equal((await checkAnswer(SIGMOID, "0.32")).verdict, "wrong");
});

Deno.test("an exercise whose answer is a formula takes a formula in its own variables", async () => {
  const slope = "act.ex3: sigmoidDerivative(x) = sigmoid(x) * (1 - sigmoid(x))";
  equal((await checkAnswer(slope, "sigmoid(x)*(1-sigmoid(x))")).verdict, "right");
  const itself = await checkAnswer(slope, "sigmoid(x)");
  deepEqual(
    itself.verdict === "mistake" ? itself.mistakes.map((m) => m.function) : itself,
    ["sigmoidDerivative"],
  );
  equal((await checkAnswer(slope, "x")).verdict, "wrong");
  match((await checkAnswer(slope, "sigmoid(y)")).reason, /formula in x; y is not one of them/);
  match((await checkAnswer(slope, "0.25")).reason, /asks for a formula in x/);
});

Deno.test("what is not a value is unreadable, with a reason", async () => {
  for (const typed of ["", "x = 1610", "about a thousand", "abc", "1610`\n```"]) {
    equal((await checkAnswer(DENSE, typed)).verdict, "unreadable", typed);
  }
  const deep = await checkAnswer(DENSE, "[".repeat(900) + "1" + "]".repeat(900));
  match(deep.reason, /nested more deeply than \d+ levels/);
  const long = await checkAnswer(DENSE, "1".repeat(3000));
  match(long.reason, /up to 2000/);
  await rejects(() => checkAnswer("not a claim", "1"), TypeError);
});

Deno.test("a pasted sheet gets the CLI's Markdown report, rendered with its HTML escaped", async () => {
  const quiz = await Deno.readTextFile(new URL("../../examples/quiz.md", import.meta.url));
  const audit = await auditPastedSheet(quiz, "quiz.md");
  deepEqual([audit.report.summary.claims, audit.report.summary.disagrees], [16, 6]);
  match(audit.markdown, /^## 6 disagreements, 6 distinct mistakes$/m);
  match(audit.html, /<h2>6 disagreements, 6 distinct mistakes<\/h2>/);
  equal(audit.experiments, null);
  const hostile = "## Question 1\n\n> <img src=x onerror=alert(1)>\n\n```claims\n" +
    "1a: sigmoid(0) = 0.7\n  statement: <script>alert(1)</script>\n```\n";
  const escaped = await auditPastedSheet(hostile);
  ok(!/<img|<script/.test(escaped.html), escaped.html);
  match(escaped.html, /&lt;script&gt;/);
});

Deno.test("a sheet over 1 MiB is refused; one naming experiments says so", async () => {
  await rejects(
    () => auditPastedSheet("x".repeat(MAX_PAGE_SHEET_BYTES + 1)),
    (e: Error) => e instanceof RangeError && /up to 1 MiB/.test(e.message),
  );
  const sheet = await Deno.readTextFile(
    new URL("../testdata/sheet-experiments.md", import.meta.url),
  );
  const audit = await auditPastedSheet(sheet);
  equal(audit.experiments, "./my_experiments.ts");
  equal(audit.report.claims.find((c) => c.id === "1a")?.verdict, "agrees");
  match(audit.report.errors.map((e) => e.message).join("\n"), /experiments module/);
});

Deno.test("checkAnswer: one number typed for a vector or matrix answer says how to type the answer, in a student's words", async () => {
  // A dense layer's two outputs (5.5, -1): typing one number is not a wrong value, it is the
  // wrong kind of answer; the sheet engine's message ("pick one, e.g. ….toArray()[0]") is for authors.
  const vector = await checkAnswer(
    "dense.ex1: dense([3, 1], [[1, 2], [0, -1]], [0.5, 0]) = [5.5, -1]",
    "1600",
  );
  equal(vector.verdict, "unreadable");
  match(vector.reason, /2 entries: type them all in brackets/);
  doesNotMatch(vector.reason, /toArray/);
  const matrix = await checkAnswer(
    "c.ex1: conv2d([[1, 2], [3, 4]], [[1]]) = [[1, 2], [3, 4]]",
    "4",
  );
  match(matrix.reason, /matrix of 2 rows/);
  const one = await checkAnswer(
    "d.ex2: denseParameterCount({inFeatures: 160, outFeatures: 10}) = 1610",
    "[1600, 10]",
  );
  match(one.reason, /one number, not a list/);
  // the right answer in brackets is still right
  equal(
    (await checkAnswer(
      "dense.ex1: dense([3, 1], [[1, 2], [0, -1]], [0.5, 0]) = [5.5, -1]",
      "[5.5, -1]",
    )).verdict,
    "right",
  );
});
