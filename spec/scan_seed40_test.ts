/**
 * Issue 17's seed goal (40 steps checked) by four general readers of audit/scan/meaning/:
 * words naming a course quantity on a step's left (worded.ts, pool_params.ts, a convolution's
 * filter count from the output shape the sheet wrote), gradient-descent updates written with
 * `=` (update.ts), and a sum written out (sum.ts). The fixture spec/fixtures/scan/seed40.md is
 * our own writing; every expected value below is worked out by hand in its comment.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { scanText } from "../audit/scan/mod.ts";
import type { ClaimReport, Report } from "../audit/model.ts";

const root = new URL("../", import.meta.url);
const fixture = Deno.readTextFileSync(new URL("spec/fixtures/scan/seed40.md", root));
const seedText = Deno.readTextFileSync(new URL("audit/sheets/seed.txt", root));

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  ok(i >= 0, `no line contains ${needle}`);
  return i + 1;
}

/** The one claim on the line holding `needle` that was read for its meaning. */
function claimAt(report: Report, text: string, needle: string): ClaimReport {
  const line = lineOf(text, needle);
  const claims = report.claims.filter((c) => c.line === line && /, read as /.test(c.statement));
  strictEqual(claims.length, 1, `one reading on line ${line} (${needle})`);
  return claims[0];
}

const ids = (c: ClaimReport) => c.mistakes.map((m) => `${m.function}/${m.id}`).sort();

const report = scanText(fixture, { source: "seed40.md" });

Deno.test("words naming a layer's output size on the left: the right side's spatial factor is judged", () => {
  // (32 − 3)/1 + 1 = 30 = convOutputSize(32, {kernel: 3, stride: 1, padding: 0}).
  const conv = claimAt(report, fixture, "\\frac{32-3}{1}");
  strictEqual(conv.verdict, "agrees");
  strictEqual(conv.computed, "30");
  // (30 − 2)/2 + 1 = 15 = poolOutputSize(30, {kernel: 2, stride: 2}): the pool's prose is nearer.
  const pool = claimAt(report, fixture, "\\frac{30-2}{2}");
  strictEqual(pool.verdict, "agrees");
  ok(/pooling layer's output size from input 30, window 2, stride 2/.test(pool.statement));
  // (15 − 5)/2 = 5, but ⌊(15 − 5)/2⌋ + 1 = 6: the catalogue's "+ 1 forgotten".
  const slip = claimAt(
    report,
    fixture,
    "\\text{Dimension of output neurons} = \\left(\\frac{15-5}{2}\\right)",
  );
  strictEqual(slip.verdict, "disagrees");
  strictEqual(slip.computed, "6");
  deepStrictEqual(ids(slip), ["convOutputSize/missing-plus-one"]);
});

Deno.test("words naming a layer's parameters on the left: counted by the library from the layer's prose", () => {
  // (3·3·3 + 1)·8 = 224: the 8 filters are the depth of the output shape written above.
  const conv = claimAt(report, fixture, "(3 \\times 3 \\times 3 + 1) \\times 8");
  strictEqual(conv.verdict, "agrees");
  strictEqual(conv.computed, "224");
  // (5·5 + 1)·4 = 104 forgets the 8 input channels: (5·5·8 + 1)·4 = 804.
  const slip = claimAt(report, fixture, "(5 \\times 5 + 1) \\times 4");
  strictEqual(slip.verdict, "disagrees");
  strictEqual(slip.computed, "804");
  deepStrictEqual(ids(slip), ["conv2dParameterCount/input-channels-forgotten"]);
  // A pooling layer has no weights: 0 agrees, 9 (its window's size) disagrees, with no diagnosis.
  const lines = fixture.split("\n");
  const zero = lineOf(fixture, "\\text{Number of trainable parameters} = 0");
  const nine = lineOf(fixture, "\\text{Number of trainable parameters} = 9");
  ok(lines[zero - 1] && lines[nine - 1]);
  const at = (line: number) => report.claims.find((c) => c.line === line)!;
  strictEqual(at(zero).verdict, "agrees");
  strictEqual(at(nine).verdict, "disagrees");
  strictEqual(at(nine).computed, "0");
  strictEqual(at(nine).diagnosis, "none");
});

Deno.test("a gradient-descent update written with =: the library's form θ − α ∂E/∂θ decides", () => {
  strictEqual(claimAt(report, fixture, "v_k = v_k - \\eta").verdict, "agrees");
  // θ + η ∂L/∂θ: the catalogue's ascent; θ − ∂L/∂θ: the learning rate forgotten.
  const plus = claimAt(report, fixture, "u = u + \\eta");
  strictEqual(plus.verdict, "disagrees");
  deepStrictEqual(ids(plus), ["descentStep/ascent"]);
  const full = claimAt(report, fixture, "q_j = q_j -");
  strictEqual(full.verdict, "disagrees");
  deepStrictEqual(ids(full), ["descentStep/learning-rate-forgotten"]);
  // r updated by ∂L/∂s: a partial by another symbol, said as such, no catalogue name.
  const other = claimAt(report, fixture, "r = r - \\eta");
  strictEqual(other.verdict, "disagrees");
  ok(/∂L\/∂s, a partial by another symbol/.test(other.reason));
  deepStrictEqual(ids(other), []);
});

Deno.test("a sum written out: N is the largest index written, and the terms must match", () => {
  // σ(a_1 v_1 + a_2 v_2 + a_3 v_3 + c) is the sum with M = 3 inside the same σ.
  const sum = claimAt(report, fixture, "\\sum_{k=1}^M");
  strictEqual(sum.verdict, "agrees");
  ok(/M = 3/.test(sum.reason));
  // p_3 q_2 where the sum's third term is p_3 q_3.
  const wrong = claimAt(report, fixture, "\\sum_{j=1}^{M}");
  strictEqual(wrong.verdict, "disagrees");
});

Deno.test("a squared error's slope as a formula: by the prediction, the label's reading listed beside", () => {
  // J = Σ (t_k − t̂_k)^2: ∂J/∂t̂_k = −2(t_k − t̂_k), squaredErrorGradient(t̂, t).
  const slope = claimAt(report, fixture, "\\frac{\\partial J}{\\partial \\hat{t}_k} = -2");
  strictEqual(slope.verdict, "agrees");
  deepStrictEqual(slope.alternatives, []);
  // dJ/dt with the label's letter: read by the prediction (agrees), the label's reading listed.
  const either = claimAt(report, fixture, "\\frac{dJ}{dt}");
  strictEqual(either.verdict, "agrees");
  strictEqual(either.alternatives.length, 1);
  ok(/by the label t_k/.test(either.alternatives[0].reading));
  strictEqual(either.alternatives[0].reproduces, false);
  // +2(t − t̂) by the prediction: the catalogue's sign flip.
  const flipped = claimAt(report, fixture, "\\frac{\\partial J}{\\partial \\hat{t}_k} = 2");
  strictEqual(flipped.verdict, "disagrees");
  strictEqual(flipped.mistakes.length, 1);
  strictEqual(flipped.mistakes[0].function, "squaredErrorGradient");
});

Deno.test("the seed: 40 steps checked, its 23 earlier agreements and 7 disagreements kept", () => {
  const seed = scanText(seedText, { source: "seed.txt" });
  const scan = seed.scan!;
  strictEqual(scan.checked, 40);
  strictEqual(scan.agrees, 33);
  strictEqual(scan.disagrees, 7);
  // The nine new readings, each an agreement (hand-checked against the seed's numbers:
  // (21−5)/2+1 = 9, (5·5·3+1)·6 = 456, (9−3)/2+1 = 4, a pool's 0 weights, four updates θ − α∂E/∂θ,
  // the sum with N = 2 terms, and dE/dy = −2(y_i − ŷ_i) by the prediction ŷ_i).
  const fresh = [
    "\\text{(c) Predicted output}",
    "\\text{Dimension of output neurons} = \\left(\\frac{21-5}{2}",
    "\\text{Number of trainable parameters} = (5",
    "\\text{Dimension of output neurons} = \\left(\\frac{9-3}{2}",
    "\\text{Number of trainable parameters} = 0",
    "w_i^f &= w_i^f",
    "b_i^f &= b_i^f",
    "w_i^c &= w_i^c",
    "b_i^c = b_i^c",
    "\\frac{dE}{dy}",
  ];
  for (const needle of fresh) {
    const line = lineOf(seedText, needle);
    const read = seed.claims.filter((c) =>
      c.line === line &&
      /, read as (?:a sum|one gradient|a \d|a convolution|a pooling|∂E\/∂yhat_i of E)/.test(
        c.statement,
      )
    );
    strictEqual(read.length, 1, needle);
    strictEqual(read[0].verdict, "agrees", needle);
  }
});
