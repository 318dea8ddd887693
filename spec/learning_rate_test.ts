/**
 * Specs for lib/learning_rate.ts: on a quadratic, gradient descent converges exactly when
 * 0 < alpha < 2/L and in one step at alpha = 1/L; the ill-conditioned bowl is limited by its
 * largest curvature and slowed by its smallest; bad input throws typed errors.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  classifyLearningRate,
  learningRateStudy,
  logisticRegression,
  problemObjective,
  quadratic,
  quadraticTheory,
} from "../mod.ts";

/** A curvature L = 2^j, j in [-3, 3]: powers of two keep alpha L exact in float64. */
const curvature = fc.integer({ min: -3, max: 3 }).map((j) => 2 ** j);

Deno.test("on f(w) = (L/2) w^2 gradient descent converges iff 0 < alpha < 2/L", () => {
  // alpha = k / (8L) for k = 1..24 makes the factor 1 - alpha L = 1 - k/8 exact: it converges
  // for k < 16 (|1 - k/8| < 1), bounces for k = 16 (factor -1) and diverges for k > 16. The
  // slowest converging case, k = 1 (factor 7/8), needs log(1e-6) / log(7/8) = 104 steps,
  // well inside the default budget of 10000. (alpha <= 0 is rejected; see the last test.)
  fc.assert(fc.property(
    curvature,
    fc.integer({ min: 1, max: 24 }),
    dyadicStart(),
    (L, k, w0) => {
      const alpha = k / (8 * L);
      const run = classifyLearningRate(quadratic(L, { start: [w0] }), { learningRate: alpha });
      const converged = run.verdict === "converges quickly" || run.verdict === "converges slowly";
      strictEqual(converged, alpha < 2 / L, `alpha ${alpha}, L ${L}: ${run.verdict}`);
      strictEqual(converged, quadraticTheory(L, alpha).converges);
      if (k === 16) strictEqual(run.verdict, "oscillates");
      if (k > 16) strictEqual(run.verdict, "diverges");
    },
  ));
});

function dyadicStart() {
  return fc.integer({ min: 1, max: 16 }).chain((n) => fc.constantFrom(n / 8, -n / 8));
}

Deno.test("a rate just above 2/L is called diverging even when it grows little within the budget", () => {
  // alpha = 2 + 2^-20 on L = 1: the factor is -(1 + 2^-20), so after the 10000 steps of the
  // budget |w| has grown only by (1 + 2^-20)^10000 = 1.0096, far from the divergence factor
  // 1e8; it must still be told apart from alpha = 2, which bounces with constant size.
  const run = classifyLearningRate(quadratic(1), { learningRate: 2 + 2 ** -20 });
  strictEqual(run.verdict, "diverges");
  strictEqual(classifyLearningRate(quadratic(1), { learningRate: 2 }).verdict, "oscillates");
});

Deno.test("at alpha = 1/L one step lands on the minimum", () => {
  fc.assert(fc.property(curvature, dyadicStart(), (L, w0) => {
    const run = classifyLearningRate(quadratic(L, { start: [w0] }), { learningRate: 1 / L });
    strictEqual(run.iterations, 1);
    deepStrictEqual(run.point, [0]);
  }));
});

Deno.test("the iterate after k steps is (1 - alpha L)^k w0", () => {
  // f(w_k) = (L/2) (1 - alpha L)^{2k} with w0 = 1. The factor is j/8 with |j| <= 7 and L is a
  // power of two, so every step is exact while 7^{2k} < 2^53, i.e. for k <= 9: compare
  // exactly over the first ten values.
  fc.assert(fc.property(curvature, fc.integer({ min: 1, max: 15 }), (L, k) => {
    const alpha = k / (8 * L);
    const run = classifyLearningRate(quadratic(L), { learningRate: alpha });
    const factor = 1 - k / 8;
    run.values.slice(0, 10).forEach((v, step) => {
      strictEqual(v, (L / 2) * factor ** (2 * step));
    });
  }));
});

Deno.test("the ill-conditioned bowl (curvatures 1 and 100) needs alpha < 2/100 and converges slowly even then", () => {
  const f = quadratic([1, 100]);
  const rows = learningRateStudy(f, [0.001, 0.01, 2 / 101, 0.02, 0.021]);
  deepStrictEqual(rows.map((r) => r.verdict), [
    "converges slowly", // factor 0.999 on the flat axis: 0.999^k <= 1e-4 takes about 9200 steps
    "converges slowly", // 1/L_max: the steep axis in one step, the flat one by 0.99 per step
    "converges slowly", // the best rate 2/(1 + 100): both factors +-99/101
    "oscillates", // 2/L_max: the steep axis bounces between +1 and -1
    "diverges",
  ]);
  // Iterations to 1e-6 at the best rate: (99/101)^k <= 1e-6 (relative gradient), k = 691;
  // the relative gradient norm is slightly larger than each coordinate's factor, so >=.
  const best = rows[2].iterations!;
  ok(best >= 690 && best <= 700, `best rate took ${best}`);
  ok(rows[2].overshoots, "the steep axis jumps across the valley at the best rate");
});

Deno.test("logistic regression: a tiny rate converges slowly, one below the curvature bound quickly", () => {
  // Not separable, even in the limit (x = 0 and x = 1 each carry both labels), so the loss
  // has a finite minimum. Its curvature is at most sigma' <= 1/4 times the largest eigenvalue
  // of the mean of [x, 1][x, 1]^T = [[7/6, 1/2], [1/2, 1]], which is 13/12 + sqrt(1/144 + 1/4)
  // = 1.59: at most 0.40, so any alpha below 2/0.40 = 5 converges; alpha = 4 does so well
  // within 100 steps, alpha = 0.001 does not reach the tolerance in 10000.
  const problem = logisticRegression(
    { X: [[-1], [0], [0], [1], [1], [2]], y: [0, 0, 1, 1, 0, 1] },
    { w0: [0], b0: 0 },
  );
  const rows = learningRateStudy(problemObjective(problem), [0.001, 4]);
  deepStrictEqual(rows.map((r) => r.verdict), ["converges slowly", "converges quickly"]);
  strictEqual(rows[0].iterations, null);
});

Deno.test("learning-rate functions reject a rate that is not a finite number > 0, naming it", () => {
  for (const learningRate of [0, -1, NaN, Infinity]) {
    throws(() => classifyLearningRate(quadratic(1), { learningRate }), {
      name: "RangeError",
      message: /classifyLearningRate: learningRate must be a finite number > 0/,
    });
  }
  throws(() => learningRateStudy(quadratic(1), [0.5, -0.5]), {
    name: "RangeError",
    message: /learningRateStudy: learningRate\[1\] must be a finite number > 0, got -0.5/,
  });
  throws(() => learningRateStudy(quadratic(1), []), {
    name: "TypeError",
    message: /learningRates must be a non-empty list/,
  });
  throws(() => quadratic([1, 0]), {
    name: "RangeError",
    message: /quadratic: curvatures\[1\] must be a finite number > 0, got 0/,
  });
  throws(() => quadratic([1, 2], { start: [1] }), {
    name: "TypeError",
    message: /start has 1 coordinates but there are 2 curvatures/,
  });
});

Deno.test("problemObjective() rejects a problem with no samples instead of returning a NaN objective", () => {
  const empty = {
    size: 0,
    parameters: [0],
    sample: () => ({ loss: 0, gradient: new Float64Array(1) }),
    loss: () => 0,
  };
  throws(() => problemObjective(empty), {
    name: "RangeError",
    message:
      "problemObjective: problem.size must be a positive integer (the number of samples), got 0",
  });
  throws(() => problemObjective(null as never), {
    name: "TypeError",
    message: /problemObjective: problem must be a training problem/,
  });
});

Deno.test("classifyLearningRate() rejects an objective that is not finite at its start instead of calling it diverging", () => {
  const broken = { start: [1], value: () => NaN, gradient: () => new Float64Array([NaN]) };
  throws(() => classifyLearningRate(broken, { learningRate: 0.1 }), {
    name: "RangeError",
    message:
      "classifyLearningRate: objective must be finite at its start, got value NaN and gradient norm NaN",
  });
});
