/**
 * The seed document's audit, claim by claim: each claim's verdict, and for each
 * disagreement the alternative reading that reproduces the stated answer (or none).
 *
 * The expected verdicts were worked out by hand from the document (the comment on each
 * line says why); the audit computes them independently, so a change in the library or in
 * a claim that flips a verdict fails here, naming the claim.
 */
import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert/strict";
import katex from "katex";
import { claims } from "../audit/claims/seed.ts";
import { runAudit } from "../audit/engine.ts";
import { summaryLine } from "../audit/format.ts";

/** Expected verdict, and for a disagreement the reading that reproduces the stated answer. */
type Expected = { verdict: "agrees" } | { verdict: "disagrees"; reproducedBy: RegExp | null };
const AGREES: Expected = { verdict: "agrees" };
const no = (reproducedBy: RegExp | null): Expected => ({ verdict: "disagrees", reproducedBy });

const EXPECTED: Record<string, Expected> = {
  // Q1. 2(0.2) + 1(0.3) + 0.1 = 0.8; 1/(1 + e^-0.8) = 0.689974.
  "1c.sum": AGREES,
  "1c.output": AGREES,
  "1.sigmoid": AGREES,
  "1.bce.definition": AGREES,
  // -y log p + (1 - y) log(1 - p): at y = 0 the second term has the wrong sign; y = 1 hides it.
  "1b.bce.sign": no(/y = 1/),
  // -ln(0.689974) = 0.37110 (golden bce_natural_log); -log2 = 0.53539 (golden bce_log2).
  "1b.bce.value": no(/base 2/),
  // d/dp of -(y ln p + (1 - y) ln(1 - p)) is -y/p + (1 - y)/(1 - p), per sample; for the
  // mean loss it would be divided by N (recorded as a reading, see the test below).
  "1.bce.derivative": AGREES,
  // The value needs log base 2, the derivative is the natural-log one: no base fits both.
  "1.consistency.log-base": no(null),
  // σ(t + b) is σ(t) shifted by -b.
  "1c.bias.shift": AGREES,
  // σ(0) = 1/2 and σ(b) > 0 for every b; tanh(0) = 0 would fit.
  "1c.bias.zero": no(/tanh/),
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
  "2c.two-filters": AGREES,
  // Q3. Golden cnn_q3_shapes_chw and cnn_q3_params_with_bias = [456, 0, 550, 0, 1610].
  "3.conv1.shape": AGREES,
  "3.conv1.params": AGREES,
  "3.pool.shape": AGREES,
  "3.pool.params": AGREES,
  // A 1x3 kernel gives (1·3·6 + 1)·10 = 190, not the 550 the layer's own formula gives.
  "3.conv2.kernel": no(/3 × 3 kernel/),
  "3.conv2.padding": AGREES,
  "3.conv2.shape": AGREES,
  "3.conv2.params": AGREES,
  "3.flatten.shape": AGREES,
  "3.flatten.params": AGREES,
  "3.dense.shape": AGREES,
  // (160 + 1)·10 = 1610; 160·10 = 1600 counts the weights only.
  "3.dense.params": no(/without bias/),
  // Q4. Decided by the studies (see audit/claims/seed/q4.ts for each experiment).
  "4a.optimal": AGREES,
  "4a.small": AGREES,
  "4a.large": AGREES,
  "4b.sgd.cheap-steps": AGREES,
  "4b.sgd.many-steps": AGREES,
  // Every variant costs N passes per epoch; SGD is costlier only in sequential updates.
  "4b.sgd.cost": no(/sequential updates/),
  "4b.sgd.noisy": AGREES,
  "4b.minibatch.middle": AGREES,
  "4b.minibatch.aligned": AGREES,
  "4c.sgd.definition": AGREES,
  "4c.minibatch.definition": AGREES,
  // Updating after each sample is SGD; batch descent makes one update from the mean.
  "4c.batch.definition": no(/compute every derivative, then one update from their mean/),
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
  "5a.gradient": no(/b\^f is 0/), // σ'(c wf) drops bf
  "5b.chain": AGREES,
  "5b.gradient": no(/w\^f is 0/), // σ'(bf) drops c wf
  "5c.chain": AGREES,
  "5c.intermediate": no(/b\^c is 0/), // σ'(x wc) drops bc
  "5c.gradient": no(/stands for w\^f/), // c where wf belongs, and both biases dropped
  "5d.chain": AGREES,
  "5d.intermediate": no(/w\^c is 0/), // σ'(bc) drops x wc
  "5d.gradient": no(/stands for w\^f/),
  "5a.update": AGREES,
  "5b.update": AGREES,
  "5c.update": AGREES,
  "5d.update": AGREES,
};

const report = runAudit({ document: "seed", claims }, "audit/claims/seed.ts");
const byId = new Map(report.claims.map((c) => [c.id, c]));

Deno.test("the audit reports every claim it defines, with no errors", () => {
  deepStrictEqual(report.errors, []);
  strictEqual(report.summary.claims, claims.length);
  deepStrictEqual(report.claims.map((c) => c.id), claims.map((c) => c.id));
});

Deno.test("every defined claim has an expected verdict here, and nothing else does", () => {
  deepStrictEqual(Object.keys(EXPECTED).sort(), claims.map((c) => c.id).sort());
});

for (const [id, expected] of Object.entries(EXPECTED)) {
  Deno.test(`claim ${id} ${expected.verdict}`, () => {
    const claim = byId.get(id);
    ok(claim, `claim ${id} was not reported`);
    strictEqual(claim.verdict, expected.verdict, `${id}: ${claim.reason}`);
    ok(claim.reason.length > 0);
    if (expected.verdict === "disagrees") {
      if (expected.reproducedBy === null) {
        strictEqual(claim.reproducedBy, null, `${id} should have no reproducing reading`);
      } else {
        ok(
          claim.reproducedBy !== null && expected.reproducedBy.test(claim.reproducedBy),
          `${id}: reproduced by ${claim.reproducedBy}, expected ${expected.reproducedBy}`,
        );
      }
    }
  });
}

Deno.test("every formula disagreement carries a counterexample and its seed", () => {
  const formulas = report.claims.filter((c) => c.verdict === "disagrees" && c.seed !== null);
  ok(formulas.length >= 8);
  for (const c of formulas) {
    ok(c.counterexample, `${c.id} has no counterexample`);
    ok(Math.abs(c.counterexample.stated - c.counterexample.expected) > 1e-9, c.id);
  }
});

Deno.test("1.bce.derivative agrees per sample and records that the mean loss's 1/N is missing", () => {
  const claim = byId.get("1.bce.derivative")!;
  strictEqual(claim.verdict, "agrees");
  match(claim.reason, /1\/N/);
  const [mean, single] = claim.alternatives;
  // As ∂E/∂ŷ_i of E = −(1/N) Σ (…) the expression is N times too large: it does not reproduce.
  match(mean.reading, /mean loss/);
  strictEqual(mean.reproduces, false);
  match(mean.computed, /lacks the mean's factor 1\/N/);
  // The shrunk case has N = 2 and shows the two samples of the loss, not the unused third.
  // By hand at y1 = 0, p1 = 1/2: −0/0.5 + 1/0.5 = 2 per sample, and 2/N = 1 for the mean.
  match(mean.computed, /n = 2, y1 = [^,]+, p1 = [^,]+, y2 = [^,]+, p2 = [^,]+ the formula/);
  ok(!/y3|p3/.test(mean.computed), mean.computed);
  // With a single sample the two readings coincide.
  match(single.reading, /N = 1/);
  strictEqual(single.reproduces, true);
});

Deno.test("1b.bce.sign is called a notation slip that does not change the value because y = 1", () => {
  const claim = byId.get("1b.bce.sign")!;
  match(claim.reason, /notation slip/);
  match(claim.reason, /minus sign is not distributed over the bracket/);
  match(claim.reason, /does not change the value here because y = 1/);
  // The shrunk case is y = 0, p = 1/2: as written −0·ln(1/2) + 1·ln(1/2) = −ln 2, the loss +ln 2.
  deepStrictEqual(claim.counterexample!.values, { y: 0, p: 0.5 });
  strictEqual(claim.counterexample!.stated, Math.log(0.5));
  strictEqual(claim.counterexample!.expected, -Math.log(0.5));
});

Deno.test("4b.sgd.cost and 4c.minibatch.parallel state the two different cost models they use", () => {
  const cost = byId.get("4b.sgd.cost")!;
  const parallel = byId.get("4c.minibatch.parallel")!;
  const compute = cost.assumptions.find((a) => /^cost model \(compute\)/.test(a));
  const wallClock = parallel.assumptions.find((a) => /^cost model \(wall-clock/.test(a));
  ok(compute, "4b.sgd.cost does not state its cost model");
  ok(wallClock, "4c.minibatch.parallel does not state its cost model");
  match(compute, /per-sample gradient evaluations/);
  match(wallClock, /whole batch in the time of one sample/);
  ok(!parallel.assumptions.includes(compute), "4c.minibatch.parallel assumes the compute model");
  ok(!cost.assumptions.includes(wallClock), "4b.sgd.cost assumes the wall-clock model");
  // The reason names both models, with the measured counts, and points at 4c.minibatch.parallel.
  match(cost.reason, /counted in per-sample gradient evaluations \(compute\), SGD is cheaper/);
  const [, sgdEvaluations, batchEvaluations] = cost.reason.match(
    /SGD needs (\d+) evaluations against batch descent's (\d+)/,
  )!;
  ok(Number(sgdEvaluations) < Number(batchEvaluations));
  match(
    cost.reason,
    /counted in sequential updates \(wall-clock on hardware that computes a whole batch in the time of one sample, the model claim 4c\.minibatch\.parallel states\), the sheet's conclusion holds/i,
  );
});

Deno.test("4c.batch.definition disagrees with the wording as written and names the intended meaning", () => {
  const claim = byId.get("4c.batch.definition")!;
  match(claim.reason, /wording as written .* describes an update per sample, which is stochastic/);
  match(
    claim.reason,
    /next sentence \('gradient descent computes the gradient using the whole dataset'\)/,
  );
  match(claim.reason, /intended meaning/);
  const intended = claim.alternatives.find((a) => a.reproduces);
  ok(intended, "no reading reproduces batch descent");
  match(intended.reading, /^compute every derivative, then one update from their mean/);
});

Deno.test("2a.size's reason reads as one sentence: (4 − 2)/1 + 1 = 3 per side, 3 × 3 as stated", () => {
  const reason = byId.get("2a.size")!.reason;
  match(reason, /^⌊\(4 − 2\)\/1⌋ \+ 1 = 3 per side, so the output is 3 × 3, as stated \(/);
  // The old wording said "… is 3 × 3 is 3 × 3, as stated".
  ok(!/is 3 × 3 is/.test(reason), reason);
});

Deno.test("the counterexample of 5a.gradient is small dyadic numbers a person can recompute", () => {
  const ce = byId.get("5a.gradient")!.counterexample!;
  for (const v of Object.values(ce.values)) strictEqual(v * 4, Math.round(v * 4));
  // Finite differences agree with the true value, not with the stated formula.
  ok(Math.abs(ce.reference! - ce.expected) < 1e-6);
  ok(Math.abs(ce.reference! - ce.stated) > 1e-4);
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
  const q5 = claims.filter((c) => c.question === "5");
  // dE/dy and σ' (2), the chain rule of (a)-(d) (4), their gradients (4), the intermediate
  // lines of (c) and (d) (2) and the four updates (4): 16 formulas.
  strictEqual(q5.length, 16);
  for (const c of q5) {
    ok(c.statedTex, `${c.id} has no statedTex`);
    strictEqual(byId.get(c.id)!.statedTex, c.statedTex, `${c.id}: statedTex not in the report`);
  }
});

Deno.test("the other formula claims of the seed carry LaTeX too", () => {
  const missing = TEX_IDS.filter((id) => !claims.find((c) => c.id === id)?.statedTex);
  deepStrictEqual(missing, []);
});

Deno.test("every statedTex of the seed typesets with KaTeX (strict, throwing on errors)", () => {
  // The check can fail: KaTeX throws on a malformed formula and, strict, on a Unicode letter.
  throws(() => typeset(String.raw`\frac{1}`), { name: "ParseError" });
  throws(() => typeset("E = −log(ŷ)"), { name: "ParseError" });
  const withTex = claims.filter((c) => c.statedTex !== undefined);
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

Deno.test("the README's counts and disagreement table match the audit", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const audit = readme.slice(readme.indexOf("## The audit"), readme.indexOf("### Options"));
  ok(audit.includes(`\n${summaryLine(report)}\n`), `README lacks "${summaryLine(report)}"`);
  match(audit, new RegExp(`${report.summary.claims} claims\\s+over the five questions`));
  // The table lists every disagreement and nothing else (ids in backquotes, first column).
  const rows = audit.split("\n").filter((line) => /^\| `/.test(line));
  const listed = rows.flatMap((row) =>
    [...row.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])
  );
  const disagreeing = report.claims.filter((c) => c.verdict === "disagrees").map((c) => c.id);
  deepStrictEqual(listed.sort(), disagreeing.sort());
});
