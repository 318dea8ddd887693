/**
 * Specs for lib/gradcheck.ts: it accepts correct gradients, it can fail (a planted wrong
 * gradient is caught and located), its numeric estimate is as accurate as the analysis of
 * central differences says, and bad input throws typed errors.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { gradcheck } from "../mod.ts";

/** A small dyadic number: an integer in [-16, 16] divided by 8. */
const dyadic = fc.integer({ min: -16, max: 16 }).map((n) => n / 8);

/** Coefficients a_i, b_i and a point x of one random length (1 to 6). */
const polynomial = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    a: fc.array(dyadic, { minLength: n, maxLength: n }),
    b: fc.array(dyadic, { minLength: n, maxLength: n }),
    x: fc.array(dyadic, { minLength: n, maxLength: n }),
  })
);

/** f(x) = sum_i a_i x_i^3 + b_i x_i, with gradient 3 a_i x_i^2 + b_i. */
const cubic = (a: number[], b: number[]) => (x: Float64Array) =>
  x.reduce((s, xi, i) => s + a[i] * xi ** 3 + b[i] * xi, 0);
const cubicGradient = (a: number[], b: number[], x: number[]) =>
  x.map((xi, i) => 3 * a[i] * xi * xi + b[i]);

Deno.test("gradcheck accepts the exact gradient of a random cubic", () => {
  fc.assert(fc.property(polynomial, ({ a, b, x }) => {
    const report = gradcheck(cubic(a, b), x, { gradient: cubicGradient(a, b, x) });
    ok(report.ok, `worst ${JSON.stringify(report.worst)}`);
  }));
});

Deno.test("gradcheck's estimate of a cubic is off by a_i eps^2 plus rounding, as Taylor says", () => {
  // ((x+e)^3 - (x-e)^3) / (2e) = 3x^2 + e^2 exactly, so the numeric derivative of a_i x_i^3
  // exceeds the analytic one by a_i e^2 = a_i 1e-12 (|a_i| <= 2). Rounding adds at most a
  // few u |f| / e with u = 1.1e-16 and |f| <= 6 * (2 * 8 + 2 * 2) = 120: with ten roundings
  // per evaluation, 10 * 1.1e-16 * 120 / 1e-6 = 1.4e-7.
  fc.assert(fc.property(polynomial, ({ a, b, x }) => {
    const report = gradcheck(cubic(a, b), x, { gradient: cubicGradient(a, b, x) });
    ok(report.maxAbsError <= 2e-12 + 1.4e-7, `maxAbsError ${report.maxAbsError}`);
  }));
});

Deno.test("gradcheck detects a planted error in any coordinate and names that coordinate", () => {
  // The planted error 1/8 or more exceeds atol + rtol |n| = 1e-5 + 1e-3 * 26 (|n| <= 3*2*4+2)
  // by far, while every other coordinate is within 1.4e-7 (previous test).
  fc.assert(fc.property(
    polynomial.chain((p) =>
      fc.record({
        p: fc.constant(p),
        k: fc.integer({ min: 0, max: p.x.length - 1 }),
        error: fc.integer({ min: 1, max: 16 }).chain((n) => fc.constantFrom(n / 8, -n / 8)),
      })
    ),
    ({ p: { a, b, x }, k, error }) => {
      const wrong = cubicGradient(a, b, x);
      wrong[k] += error;
      const report = gradcheck(cubic(a, b), x, { gradient: wrong });
      strictEqual(report.ok, false);
      strictEqual(report.worst.index, k);
      ok(Math.abs(report.worst.absError - Math.abs(error)) < 2e-7);
    },
  ));
});

Deno.test("gradcheck catches the document's slip of evaluating sigmoid' at the wrong point", () => {
  // f(w) = sigmoid(w x) for x = 2, w = 1/2; the true derivative is sigmoid'(w x) x, the slip
  // uses sigmoid'(w) x. sigmoid'(1) = 0.19661, sigmoid'(1/2) = 0.23500: they differ by 0.077.
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const ds = (z: number) => s(z) * (1 - s(z));
  const f = (w: Float64Array) => s(w[0] * 2);
  ok(gradcheck(f, [0.5], { gradient: [ds(1) * 2] }).ok);
  ok(!gradcheck(f, [0.5], { gradient: [ds(0.5) * 2] }).ok);
});

Deno.test("gradcheck reports positions in the shape of x and takes a gradient function", () => {
  // f(X) = X[1][0] * X[0][1]: gradient 0 except d/dX[1][0] = X[0][1] = 3, d/dX[0][1] = X[1][0] = 5.
  const f = (x: Float64Array) => x[2] * x[1];
  const X = [[1, 3], [5, 7]];
  const report = gradcheck(f, X, { gradient: (x) => [[0, x[2]], [x[1] + 1, 0]] }); // 4 is wrong
  strictEqual(report.ok, false);
  deepStrictEqual(report.worst.position, [1, 0]);
  deepStrictEqual(report.numeric.shape, [2, 2]);
});

Deno.test("gradcheck rejects bad options and bad functions with typed errors", () => {
  const f = (x: Float64Array) => x[0] * x[0];
  throws(() => gradcheck(f, [1], { gradient: [2], eps: 0 }), {
    name: "RangeError",
    message: /gradcheck: eps must be a finite number > 0, got 0/,
  });
  throws(() => gradcheck(f, [1], { gradient: [2], atol: -1 }), {
    name: "RangeError",
    message: /atol must be a finite number >= 0, got -1/,
  });
  throws(() => gradcheck(f, [1], { gradient: [2], rtol: NaN }), {
    name: "RangeError",
    message: /rtol must be a finite number, got NaN/,
  });
  throws(() => gradcheck(f, [1, 2], { gradient: [2] }), {
    name: "TypeError",
    message: /gradient has shape \[1\] but x has shape \[2\]/,
  });
  throws(() => gradcheck(() => NaN, [1], { gradient: [0] }), {
    name: "RangeError",
    message: /f returned NaN/,
  });
  throws(() => gradcheck(f, [], { gradient: [] }), { name: "RangeError", message: /x is empty/ });
  // deno-lint-ignore no-explicit-any
  throws(() => gradcheck(f, [1], {} as any), {
    name: "TypeError",
    message: /options.gradient/,
  });
});
