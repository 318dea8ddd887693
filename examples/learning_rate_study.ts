/**
 * Question 4(a) of the worked solution sheet: a good learning rate converges fairly
 * quickly, a too small one takes too long, a too large one may not converge and diverge.
 *
 * Prints, for several rates, the verdict of full-batch gradient descent (converges quickly /
 * converges slowly / oscillates / diverges) and the iterations needed to shrink the gradient
 * norm by 1e-6, on three objectives:
 *   1. f(w) = (L/2) w^2 with L = 2, where theory says: converges iff 0 < alpha < 2/L = 1,
 *      in one step at alpha = 1/L = 0.5;
 *   2. the ill-conditioned bowl f(w) = (w1^2 + 100 w2^2) / 2, limited to alpha < 2/100;
 *   3. logistic regression on a small dataset that no line separates.
 *
 * Run: deno run examples/learning_rate_study.ts
 */
import { strictEqual } from "node:assert/strict";
import {
  type LearningRateResult,
  learningRateStudy,
  logisticRegression,
  problemObjective,
  quadratic,
  quadraticTheory,
} from "../mod.ts";

function table(title: string, rows: LearningRateResult[]): void {
  console.log(`\n${title}`);
  console.log("learning rate  verdict             iterations  overshoots");
  for (const r of rows) {
    console.log(
      `${String(Number(r.learningRate.toPrecision(4))).padEnd(13)}  ${r.verdict.padEnd(18)}  ${
        String(r.iterations ?? "-").padStart(10)
      }  ${r.overshoots ? "yes" : "no"}`,
    );
  }
}

// 1. The 1-D quadratic, L = 2.
const L = 2;
const rates1 = [0.001, 0.01, 0.1, 0.5, 0.75, 0.99, 1, 1.01, 1.5];
const q = learningRateStudy(quadratic(L), rates1);
table(`f(w) = (L/2) w^2, L = ${L}: converges iff 0 < alpha < 2/L = ${2 / L}`, q);
const verdictOf = (rows: LearningRateResult[], rate: number) =>
  rows.find((r) => r.learningRate === rate)!;
strictEqual(verdictOf(q, 0.5).iterations, 1); // alpha = 1/L: one step
strictEqual(verdictOf(q, 0.001).verdict, "converges slowly"); // too small
strictEqual(verdictOf(q, 0.1).verdict, "converges quickly"); // 0.8^k <= 1e-6: 62 steps
strictEqual(verdictOf(q, 1).verdict, "oscillates"); // alpha = 2/L: w0, -w0, w0, ...
strictEqual(verdictOf(q, 1.01).verdict, "diverges"); // too large
for (const r of q) {
  const converged = r.verdict.startsWith("converges");
  strictEqual(converged, quadraticTheory(L, r.learningRate).converges);
}

// 2. The ill-conditioned bowl, curvatures 1 and 100.
const bowl = learningRateStudy(quadratic([1, 100]), [0.001, 0.005, 0.01, 2 / 101, 0.02, 0.021]);
table("f(w) = (w1^2 + 100 w2^2) / 2: converges iff alpha < 2/100; best rate 2/101", bowl);
strictEqual(bowl[3].iterations, 691); // (99/101)^k <= 1e-6 first at k = 691
strictEqual(bowl[4].verdict, "oscillates");
strictEqual(bowl[5].verdict, "diverges");

// 3. Logistic regression; x = 0 and x = 1 carry both labels, so the minimum is finite.
const problem = logisticRegression(
  { X: [[-1], [0], [0], [1], [1], [2]], y: [0, 0, 1, 1, 0, 1] },
  { w0: [0], b0: 0 },
);
const logistic = learningRateStudy(problemObjective(problem), [0.001, 0.1, 1, 4, 8, 32]);
table("logistic regression, mean binary cross-entropy (curvature at most 0.40)", logistic);
strictEqual(logistic[0].verdict, "converges slowly");
strictEqual(logistic[3].verdict, "converges quickly");
strictEqual(logistic[5].verdict, "diverges");
