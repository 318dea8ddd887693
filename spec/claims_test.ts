/**
 * The seed document's audit, claim by claim, from its answer sheet `audit/sheets/seed.md`
 * (and the question-4 experiments it names): each claim's verdict, and for each
 * disagreement how it is diagnosed (the catalogue mistakes, or the sheet's own reading,
 * that reproduce the stated answer), its kind and its group.
 *
 * The expected verdicts were worked out by hand from the document (the comment on each
 * line says why); the audit computes them independently, so a change in the library or in
 * a claim that flips a verdict fails here, naming the claim.
 */
import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert/strict";
import katex from "katex";
import { auditSheet, parseSheet } from "../audit/sheet/sheet.ts";
import { runAudit } from "../audit/engine.ts";
import { summaryLine } from "../audit/report/format.ts";

/**
 * Expected verdict, and for a disagreement what reproduces the stated answer: the ids of
 * the catalogue mistakes (`function/id`), or a pattern of the sheet's reading, or nothing.
 */
type Expected =
  | { verdict: "agrees" }
  | { verdict: "disagrees"; kind: string; by: string[] | RegExp | null };
const AGREES: Expected = { verdict: "agrees" };
const no = (kind: string, by: string[] | RegExp | null): Expected => ({
  verdict: "disagrees",
  kind,
  by,
});

const EXPECTED: Record<string, Expected> = {
  // Q1. 2(0.2) + 1(0.3) + 0.1 = 0.8; 1/(1 + e^-0.8) = 0.689974.
  "1c.sum": AGREES,
  "1c.output": AGREES,
  "1.sigmoid": AGREES,
  "1.bce.definition": AGREES,
  // -y log p + (1 - y) log(1 - p): at y = 0 the second term has the wrong sign; y = 1 hides it.
  // The catalogue has no "minus sign not distributed" mistake: nothing reproduces it.
  "1b.bce.sign": no("slip", null),
  // -ln(0.689974) = 0.37110 (golden bce_natural_log); -log2 = 0.53539 (golden bce_log2).
  "1b.bce.value": no("error", ["binaryCrossEntropy/log-base-2"]),
  // d/dp of -(y ln p + (1 - y) ln(1 - p)) is -y/p + (1 - y)/(1 - p), per sample; for the
  // mean loss it would be divided by N (recorded as a reading, see the test below).
  "1.bce.derivative": AGREES,
  // The value needs log base 2, the derivative is the natural-log one: no base fits both.
  "1.consistency.log-base": no("error", null),
  // σ(t + b) is σ(t) shifted by -b.
  "1c.bias.shift": AGREES,
  // σ(0) = 1/2 and σ(b) > 0 for every b; tanh(0) = 0 would fit.
  "1c.bias.zero": no("error", /tanh/),
  // Q2. (4 - 2)/1 + 1 = 3; every written window and sum checked by hand against M and K.
  "2a.size": AGREES,
  "2a.O00.patch": AGREES,
  "2a.O00.sum": AGREES,
  "2a.O01.patch": AGREES,
  "2a.O01.sum": AGREES,
  "2a.O02.patch": AGREES,
  "2a.O02.sum": AGREES,
  "2a.O10.patch": AGREES,
  "2a.O10.sum": AGREES,
  "2a.O11.patch": AGREES,
  "2a.O11.sum": AGREES,
  "2a.O12.patch": AGREES,
  "2a.O12.sum": AGREES,
  "2a.O20.patch": AGREES,
  "2a.O20.sum": AGREES,
  "2a.O21.patch": AGREES,
  "2a.O21.sum": AGREES,
  "2a.O22.patch": AGREES,
  "2a.O22.sum": AGREES,
  "2a.output": AGREES,
  // Golden conv_two_channels_same_kernel and conv_two_filters.
  "2b.two-channels": AGREES,
  // Two filters on (b)'s two-channel input give [O + O, O + O]; the stated [O, O] is
  // two filters on the single-channel M: the question decides (the reading reproduces it).
  "2c.two-filters": no("depends", /single-channel M/),
  // Q3. Golden cnn_q3_shapes_chw and cnn_q3_params_with_bias = [456, 0, 550, 0, 1610].
  "3.conv1.shape": AGREES,
  "3.conv1.params": AGREES,
  "3.pool.shape": AGREES,
  "3.pool.params": AGREES,
  // A 1x3 kernel gives (1·3·6 + 1)·10 = 190, not the 550 the layer's own formula gives.
  "3.conv2.kernel": no("slip", /3 × 3 kernel/),
  "3.conv2.padding": AGREES,
  "3.conv2.shape": AGREES,
  "3.conv2.params": AGREES,
  "3.flatten.shape": AGREES,
  "3.flatten.params": AGREES,
  "3.dense.shape": AGREES,
  // (160 + 1)·10 = 1610; 160·10 = 1600 counts the weights only.
  "3.dense.params": no("error", ["denseParameterCount/bias-omitted"]),
  // Q4. Decided by the studies (see audit/claims/seed/experiments.ts for each experiment).
  "4a.optimal": AGREES,
  "4a.small": AGREES,
  "4a.large": AGREES,
  "4b.sgd.cheap-steps": AGREES,
  "4b.sgd.many-steps": AGREES,
  // Every variant costs N passes per epoch; SGD is costlier in sequential updates, the
  // sheet's own reason (each update waits for a forward and a backward pass): a marker
  // accepts it (the compute reading is recorded as an alternative).
  "4b.sgd.cost": AGREES,
  "4b.sgd.noisy": AGREES,
  "4b.minibatch.middle": AGREES,
  "4b.minibatch.aligned": AGREES,
  "4c.sgd.definition": AGREES,
  "4c.minibatch.definition": AGREES,
  // Updating after each sample is SGD; batch descent makes one update from the mean.
  "4c.batch.definition": no("slip", /compute every derivative, then one update from their mean/),
  "4c.batch.accurate": AGREES,
  "4c.sgd.inaccurate": AGREES,
  "4c.sgd.more-steps": AGREES,
  "4c.minibatch.approximation": AGREES,
  "4c.minibatch.parallel": AGREES,
  "4d.vanishing": AGREES,
  "4d.auxiliary": AGREES,
  "4d.skip": AGREES,
  // Q5. The true gradients: δf = -2(y - o)σ'(wf c + bf); ∂E/∂wf = δf c, ∂E/∂bf = δf,
  // ∂E/∂wc = δf wf σ'(wc x + bc) x, ∂E/∂bc = δf wf σ'(wc x + bc).
  "5.dEdy": AGREES,
  "5.sigmoid-derivative": AGREES,
  "5a.chain": AGREES,
  // σ'(c wf) drops bf: the catalogue's three question-5 slips coincide for ∂E/∂w^f.
  "5a.gradient": no("error", [
    "scalarNetBackprop/slope-without-bias",
    "scalarNetBackprop/slope-at-own-term",
    "scalarNetBackprop/seed-question-5",
  ]),
  "5b.chain": AGREES,
  // σ'(bf) drops c wf.
  "5b.gradient": no("error", [
    "scalarNetBackprop/slope-at-own-term",
    "scalarNetBackprop/seed-question-5",
  ]),
  // The sheet's δ_o is ∂E/∂w^f (its next line expands it so), ending in c; sending the
  // error back to c needs ∂E/∂c, ending in w^f.
  "5c.chain": no("error", ["scalarNetBackprop/c-for-wf"]),
  "5c.intermediate": no("error", null), // σ'(x wc) drops bc, and δ_o as in 5c.chain
  "5c.gradient": no("error", ["scalarNetBackprop/seed-question-5"]), // c for wf, biases dropped
  "5d.chain": no("error", ["scalarNetBackprop/c-for-wf"]),
  "5d.intermediate": no("error", null), // σ'(bc) drops x wc, and δ_o as in 5d.chain
  "5d.gradient": no("error", ["scalarNetBackprop/seed-question-5"]),
  "5a.update": AGREES,
  "5b.update": AGREES,
  "5c.update": AGREES,
  "5d.update": AGREES,
};

const sheetUrl = new URL("../audit/sheets/seed.md", import.meta.url);
const text = await Deno.readTextFile(sheetUrl);
const report = await auditSheet(text, "audit/sheets/seed.md", {
  loadExperiments: async (specifier) => {
    const loaded = await import(new URL(specifier, sheetUrl).href);
    return { report: runAudit(loaded, specifier) };
  },
});
const byId = new Map(report.claims.map((c) => [c.id, c]));
const ids = parseSheet(text, "seed.md").lines.map((l) => l.id);

Deno.test("the audit reports every claim of the sheet, with no errors", () => {
  deepStrictEqual(report.errors, []);
  deepStrictEqual(report.claims.map((c) => c.id), ids);
  strictEqual(report.summary.claims, 80);
});

Deno.test("every claim of the sheet has an expected verdict here, and nothing else does", () => {
  deepStrictEqual(Object.keys(EXPECTED).sort(), [...ids].sort());
});

Deno.test("at least 70% of the seed's claims are sheet lines, the rest experiments", () => {
  const lines = parseSheet(text, "seed.md").lines;
  const experiments = lines.filter((l) => l.experiment).length;
  ok((lines.length - experiments) / lines.length >= 0.7, `${experiments} experiments`);
});

for (const [id, expected] of Object.entries(EXPECTED)) {
  Deno.test(`claim ${id} ${expected.verdict}`, () => {
    const claim = byId.get(id);
    ok(claim, `claim ${id} was not reported`);
    strictEqual(claim.verdict, expected.verdict, `${id}: ${claim.reason}`);
    ok(claim.reason.length > 0);
    if (expected.verdict === "agrees") {
      strictEqual(claim.kind, null);
      return;
    }
    strictEqual(claim.kind, expected.kind, id);
    const found = claim.mistakes.map((m) => `${m.function}/${m.id}`);
    if (expected.by === null) {
      strictEqual(claim.reproducedBy, null, `${id}: reproduced by ${claim.reproducedBy}`);
      strictEqual(claim.diagnosis, "none");
      match(claim.reason, /no known mistake reproduces it/);
    } else if (Array.isArray(expected.by)) {
      deepStrictEqual(found, expected.by, id);
      strictEqual(claim.diagnosis, expected.by.length === 1 ? "reproduced" : "ambiguous");
    } else {
      deepStrictEqual(found, [], id);
      ok(
        claim.reproducedBy !== null && expected.by.test(claim.reproducedBy),
        `${id}: reproduced by ${claim.reproducedBy}, expected ${expected.by}`,
      );
    }
  });
}

Deno.test("the 16 disagreements share 9 distinct mistakes, each counted once", () => {
  strictEqual(report.summary.disagrees, 16);
  deepStrictEqual(report.groups.map((g) => [g.key, g.claims]), [
    ["bce-sign", ["1b.bce.sign"]],
    ["bce-log-base", ["1b.bce.value", "1.consistency.log-base"]],
    ["bias-zero", ["1c.bias.zero"]],
    ["2c-input", ["2c.two-filters"]],
    ["conv2-kernel", ["3.conv2.kernel"]],
    ["dense-bias", ["3.dense.params"]],
    ["batch-wording", ["4c.batch.definition"]],
    ["sigma-prime-argument", ["5a.gradient", "5b.gradient", "5c.intermediate", "5d.intermediate"]],
    ["delta-o", ["5c.chain", "5c.gradient", "5d.chain", "5d.gradient"]],
  ]);
});

Deno.test("every formula disagreement carries a counterexample and its seed", () => {
  const formulas = report.claims.filter((c) => c.verdict === "disagrees" && c.seed !== null);
  ok(formulas.length >= 8);
  for (const c of formulas) {
    ok(c.counterexample, `${c.id} has no counterexample`);
    ok(Math.abs(c.counterexample.stated - c.counterexample.expected) > 1e-9, c.id);
  }
});

Deno.test("1.bce.derivative agrees per sample and says the mean loss's 1/N would be missing", () => {
  const claim = byId.get("1.bce.derivative")!;
  strictEqual(claim.verdict, "agrees");
  ok(claim.assumptions.some((a) => /per-sample .* lack the factor 1\/N/.test(a)));
});

Deno.test("1b.bce.sign is a notation slip, found at y = 0 where the wrong sign shows", () => {
  const claim = byId.get("1b.bce.sign")!;
  strictEqual(claim.kind, "slip");
  // As written, -y ln p + (1 - y) ln(1 - p) at y = 0 is ln(1 - p); the loss is -ln(1 - p).
  const { p, y } = claim.counterexample!.values;
  strictEqual(y, 0);
  strictEqual(claim.counterexample!.stated, Math.log(1 - p));
  strictEqual(claim.counterexample!.expected, -Math.log(1 - p));
  match(report.groups.find((g) => g.key === "bce-sign")!.why, /not distributed over the bracket/);
});

Deno.test("4c.batch.definition is a wording slip whose intended meaning is batch descent", () => {
  const claim = byId.get("4c.batch.definition")!;
  match(claim.reason, /wording as written .* describes an update per sample, which is stochastic/);
  match(claim.reason, /intended meaning/);
  const intended = claim.alternatives.find((a) => a.reproduces);
  ok(intended, "no reading reproduces batch descent");
  match(intended.reading, /^compute every derivative, then one update from their mean/);
});

Deno.test("2a.size's reason reads as one sentence: 3 × 3, as stated", () => {
  strictEqual(byId.get("2a.size")!.reason, "the shape is 3 × 3, as stated");
});

Deno.test("the counterexample of 5a.gradient is small dyadic numbers a person can recompute", () => {
  const ce = byId.get("5a.gradient")!.counterexample!;
  for (const v of Object.values(ce.values)) strictEqual(v * 8, Math.round(v * 8));
  // Recomputed here by the chain rule: ∂E/∂w^f = -2(y - o) σ'(w^f c + b^f) c, with
  // c = σ(w^c x + b^c), o = σ(w^f c + b^f); the sheet's formula drops b^f inside σ'.
  const { x, y, wc, bc, wf, bf } = ce.values;
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const c = s(wc * x + bc), o = s(wf * c + bf);
  const slope = (z: number) => s(z) * (1 - s(z));
  ok(Math.abs(ce.expected - -2 * (y - o) * slope(wf * c + bf) * c) < 1e-12);
  ok(Math.abs(ce.stated - -2 * (y - o) * slope(wf * c) * c) < 1e-12);
  ok(Math.abs(ce.stated - ce.expected) > 1e-4);
});

/**
 * The claims whose stated answer is a formula or contains math, outside question 5 (every
 * claim of question 5 is one): they carry the document's expression as LaTeX for the site.
 */
const TEX_IDS = [
  "1c.sum",
  "1c.output",
  "1.sigmoid",
  "1.bce.definition",
  "1b.bce.sign",
  "1b.bce.value",
  "1.bce.derivative",
  "1.consistency.log-base",
  "1c.bias.zero",
  "2a.size",
  "2a.output",
  "2b.two-channels",
  "2c.two-filters",
  "3.conv1.shape",
  "3.conv1.params",
  "3.pool.shape",
  "3.conv2.kernel",
  "3.conv2.padding",
  "3.conv2.shape",
  "3.conv2.params",
  "3.flatten.shape",
  "3.dense.shape",
  "3.dense.params",
];

/** KaTeX as the site runs it, but strict: a Unicode letter in math (ŷ for \hat{y}) fails too. */
const typeset = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: "error" });

Deno.test("every claim of question 5 carries its formula as LaTeX, passed through to the report", () => {
  const q5 = report.claims.filter((c) => c.question === "5");
  // dE/dy and σ' (2), the chain rule of (a)-(d) (4), their gradients (4), the intermediate
  // lines of (c) and (d) (2) and the four updates (4): 16 formulas.
  strictEqual(q5.length, 16);
  for (const c of q5) ok(c.statedTex, `${c.id} has no statedTex`);
});

Deno.test("the other formula claims of the seed carry LaTeX too", () => {
  const missing = TEX_IDS.filter((id) => !byId.get(id)?.statedTex);
  deepStrictEqual(missing, []);
});

Deno.test("every statedTex of the seed typesets with KaTeX (strict, throwing on errors)", () => {
  // The check can fail: KaTeX throws on a malformed formula and, strict, on a Unicode letter.
  throws(() => typeset(String.raw`\frac{1}`), { name: "ParseError" });
  throws(() => typeset("E = −log(ŷ)"), { name: "ParseError" });
  const withTex = report.claims.filter((c) => c.statedTex !== null);
  ok(withTex.length >= TEX_IDS.length + 16);
  for (const c of withTex) {
    let html = "";
    try {
      html = typeset(c.statedTex!);
    } catch (error) {
      throw new Error(`${c.id}: ${(error as Error).message}`);
    }
    match(html, /class="katex"/, c.id);
  }
});

Deno.test("question 5's LaTeX keeps the document's notation", () => {
  // The sheet's own symbols: w_i^f, c_i(x), n_i^f(x), x_i ⊗ w_i^c, δ_{o_i}, and in (d) its
  // capital C_i(x).
  const tex = (id: string) => byId.get(id)!.statedTex ?? "";
  match(tex("5a.gradient"), /e\^\{-c_i\(x\)w_i\^f\}/);
  match(tex("5a.chain"), /n_i\^f\(x\)/);
  match(tex("5c.intermediate"), /x_i \\otimes w_i\^c/);
  match(tex("5c.chain"), /\\delta_\{o_i\}/);
  match(tex("5d.gradient"), /C_i\(x\)/);
  match(tex("5d.update"), /^b_i\^c = b_i\^c - \\alpha \\frac\{\\partial E\}\{\\partial b_i\^c\}$/);
});

Deno.test("the guide's counts and disagreement table match the audit", async () => {
  const guide = await Deno.readTextFile(new URL("../docs/guide/audit.md", import.meta.url));
  const audit = guide.slice(0, guide.indexOf("## Options"));
  ok(audit.includes(`\n${summaryLine(report)}\n`), `the guide lacks "${summaryLine(report)}"`);
  match(audit, new RegExp(`${report.summary.claims} claims\\s+over the five questions`));
  // The table lists every disagreement and nothing else (ids in backquotes, first column).
  const rows = audit.split("\n").filter((line) => /^\| `/.test(line));
  const listed = rows.flatMap((row) =>
    [...row.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])
  );
  const disagreeing = report.claims.filter((c) => c.verdict === "disagrees").map((c) => c.id);
  deepStrictEqual(listed.sort(), disagreeing.sort());
});
