/** Specs for lib/activations.ts: each activation, its derivative, softmax, and bad input. */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  activation,
  activationNames,
  gradcheck,
  identity,
  identityDerivative,
  logSoftmax,
  relu,
  reluDerivative,
  sigmoid,
  sigmoidDerivative,
  sigmoidDerivativeExp,
  softmax,
  softmaxJacobian,
  tanh,
  tanhDerivative,
} from "../mod.ts";
import golden from "./golden/torch-public.json" with { type: "json" };

const EPS = Number.EPSILON; // 2^-52, the spacing of float64 numbers just above 1

/** A dyadic number k/8 with |k| <= 8 * max: exact in float64, easy to check by hand. */
const dyadic = (max: number) => fc.integer({ min: -8 * max, max: 8 * max }).map((k) => k / 8);

/** Like `dyadic`, but never 0 (the rectifier's corner). */
const dyadicNonZero = (max: number) =>
  fc.integer({ min: 1, max: 8 * max }).chain((k) => fc.constantFrom(k / 8, -k / 8));

/** A vector of 1 to 6 dyadic numbers in [-max, max]. */
const dyadicVector = (max: number) => fc.array(dyadic(max), { minLength: 1, maxLength: 6 });

// ---------------------------------------------------------------------------------------
// The library's gradcheck (central finite differences) is the independent check of every
// derivative below, with its step and tolerance derived here instead of PyTorch's defaults.
//
// (f(x + h) - f(x - h)) / (2h) differs from f'(x) by the truncation error h^2/6 |f'''(xi)|
// (Taylor's theorem), plus the rounding error of the two evaluations: if each carries a
// relative error of at most c * EPS on values of size at most F, the quotient is off by at
// most c * EPS * F / h. The step h = 2^-17 (about 7.6e-6, passed as gradcheck's eps) keeps
// x +- h exact for our dyadic x and balances the two terms; c = 16 is generous for the
// handful of roundings in exp, log and a short sum. The sum of the two bounds is passed as
// gradcheck's atol, with rtol 0.
// ---------------------------------------------------------------------------------------

const H = 2 ** -17;

/**
 * The absolute tolerance for gradcheck with step H: the truncation bound for
 * |f'''| <= m3 plus the rounding bound for |f| <= size near x.
 */
function differenceTolerance(m3: number, size: number): number {
  return (H * H / 6) * m3 + (16 * EPS * size) / H;
}

// --------------------------------- the document's numbers ---------------------------------

Deno.test("sigmoid(0.8) is the document's 0.68997 and PyTorch's value", () => {
  ok(Math.abs(sigmoid(0.8) - 0.68997) < 5e-6); // the document rounds to five places
  const expected = golden.seed_document["sigmoid_0.8"]; // torch.sigmoid in float64
  ok(Math.abs(sigmoid(0.8) - expected) <= 1e-12 * expected);
});

Deno.test("sigmoid'(0) is 1/4 in both of the document's forms", () => {
  // sigma(0) = 1/2, so sigma(1 - sigma) = 1/4; e^0 / (1 + e^0)^2 = 1/4. Both are exact.
  strictEqual(sigmoidDerivative(0), 0.25);
  strictEqual(sigmoidDerivativeExp(0), 0.25);
});

// ------------------------------------- properties -------------------------------------

Deno.test("sigmoid is strictly between 0 and 1 for inputs in [-16, 16]", () => {
  // Beyond |x| = 37 float64 rounds sigma(x) to exactly 1, so the open bound needs a range.
  fc.assert(fc.property(dyadic(16), (x) => {
    const s = sigmoid(x);
    ok(s > 0 && s < 1, `sigmoid(${x}) = ${s}`);
  }));
});

Deno.test("sigmoid(x) + sigmoid(-x) = 1", () => {
  // Each value is correctly rounded to within a couple of ulps; the sum is off by at most 2 EPS.
  fc.assert(fc.property(dyadic(64), (x) => {
    ok(Math.abs(sigmoid(x) + sigmoid(-x) - 1) <= 2 * EPS, `x = ${x}`);
  }));
});

Deno.test("sigmoid and both derivative forms are finite probabilities for every finite double", () => {
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
    const s = sigmoid(x);
    ok(s >= 0 && s <= 1, `sigmoid(${x}) = ${s}`);
    for (const d of [sigmoidDerivative(x), sigmoidDerivativeExp(x)]) {
      ok(d >= 0 && d <= 0.25, `derivative at ${x} = ${d}`);
    }
  }));
});

Deno.test("both sigmoid derivative forms agree", () => {
  // sigma(x) sigma(-x) and t / (1 + t)^2 each take about five roundings, so they agree to a
  // relative 16 EPS (3.6e-15); |x| <= 64 keeps the values far above the subnormal range.
  fc.assert(fc.property(dyadic(64), (x) => {
    const a = sigmoidDerivative(x);
    const b = sigmoidDerivativeExp(x);
    ok(Math.abs(a - b) <= 16 * EPS * a, `x = ${x}: ${a} vs ${b}`);
  }));
});

Deno.test("the sigmoid's slope is at most 1/4, reached at 0", () => {
  fc.assert(fc.property(dyadicNonZero(32), (x) => {
    ok(sigmoidDerivative(x) < 0.25, `x = ${x}`);
  }));
});

Deno.test("tanh(x) = 2 sigmoid(2x) - 1", () => {
  // Both sides are within a few ulps of a number of size <= 1: absolute 4 EPS.
  fc.assert(fc.property(dyadic(16), (x) => {
    ok(Math.abs(tanh(x) - (2 * sigmoid(2 * x) - 1)) <= 4 * EPS, `x = ${x}`);
  }));
});

Deno.test("each activation's derivative agrees with gradcheck", () => {
  // Third-derivative bounds: |sigma'''| <= 1/8, |tanh'''| <= 2; relu and identity are
  // linear on each side of 0 (third derivative 0). All values are at most 8 in size.
  const cases = [
    { f: sigmoid, df: sigmoidDerivative, m3: 1 / 8 },
    { f: sigmoid, df: sigmoidDerivativeExp, m3: 1 / 8 },
    { f: tanh, df: tanhDerivative, m3: 2 },
    { f: relu, df: reluDerivative, m3: 0 },
    { f: identity, df: identityDerivative, m3: 0 },
  ];
  // Non-zero dyadic x has |x| >= 1/8 > H, so x +- H never straddles the rectifier's corner.
  fc.assert(fc.property(dyadicNonZero(8), fc.constantFrom(...cases), (x, { f, df, m3 }) => {
    const report = gradcheck((v) => f(v[0]), [x], {
      gradient: [df(x)],
      eps: H,
      atol: differenceTolerance(m3, 8),
      rtol: 0,
    });
    ok(report.ok, `${df.name}(${x}): ${JSON.stringify(report.worst)}`);
  }));
});

Deno.test("the rectifier's derivative at the corner 0 is 0, as in PyTorch", () => {
  strictEqual(reluDerivative(0), 0);
  strictEqual(relu(0), 0);
});

Deno.test("softmax is a probability vector: entries in [0, 1] summing to 1", () => {
  // n <= 6 entries, each rounded once in the division: the sum is off by at most 8 EPS.
  fc.assert(fc.property(dyadicVector(16), (z) => {
    const p = softmax(z).toFlatArray();
    ok(p.every((v) => v >= 0 && v <= 1));
    ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) <= 8 * EPS, `sum of softmax(${z})`);
  }));
});

Deno.test("softmax is invariant to adding the same constant to every logit", () => {
  // For dyadic logits and shifts, z_i + c and (z_i + c) - max(z + c) are exact in float64,
  // so after subtracting the maximum both computations see the same numbers: equality is
  // exact, even for shifts that would overflow e^{z}.
  fc.assert(fc.property(dyadicVector(16), dyadic(1000), (z, c) => {
    deepStrictEqual(softmax(z.map((v) => v + c)).toFlatArray(), softmax(z).toFlatArray());
  }));
});

Deno.test("logSoftmax is the logarithm of softmax", () => {
  // Logits within 16 of each other keep every probability above e^{-32}, far from
  // underflow; both sides are within a few ulps of numbers of size <= 33.
  fc.assert(fc.property(dyadicVector(8), (z) => {
    const a = logSoftmax(z).toFlatArray();
    const b = softmax(z).toFlatArray().map(Math.log);
    ok(a.every((v, i) => Math.abs(v - b[i]) <= 64 * EPS * 33), `logits ${z}`);
  }));
});

Deno.test("logSoftmax reports a log-probability below -MAX_VALUE as a RangeError, never -Infinity", () => {
  // log softmax([1e308, -1e308])_1 = -1e308 - 1e308 - ln(1 + e^{-2e308}) = -2e308
  throws(() => logSoftmax([1e308, -1e308]), {
    name: "RangeError",
    message: /^logSoftmax: the output overflows float64 \(got -Infinity at offset 1\)/,
  });
  // -1e307 - 1e308 = -1.1e308 is still a double
  strictEqual(logSoftmax([1e308, -1e307]).get(1), -1e307 - 1e308);
});

Deno.test("each row of softmaxJacobian is the gradient of that softmax entry, as gradcheck finds", () => {
  // Each softmax entry has |third derivative| <= 1 along a coordinate and size <= 1.
  fc.assert(fc.property(dyadicVector(4), (z) => {
    const J = softmaxJacobian(z);
    for (let i = 0; i < z.length; i++) {
      const report = gradcheck((v) => softmax([...v]).get(i), z, {
        gradient: z.map((_, j) => J.get(i, j)), // row i: d s_i / d z_j for every j
        eps: H,
        atol: differenceTolerance(1, 1),
        rtol: 0,
      });
      ok(report.ok, `d s_${i} / dz: ${JSON.stringify(report.worst)}`);
    }
  }));
});

Deno.test("activation(name) returns the module's function and derivative", () => {
  deepStrictEqual(activation("sigmoid"), { f: sigmoid, df: sigmoidDerivative });
  deepStrictEqual(activation("tanh"), { f: tanh, df: tanhDerivative });
  deepStrictEqual(activation("relu"), { f: relu, df: reluDerivative });
  deepStrictEqual(activation("identity"), { f: identity, df: identityDerivative });
  deepStrictEqual([...activationNames], ["sigmoid", "tanh", "relu", "identity"]);
});

// -------------------------------------- bad input --------------------------------------

Deno.test("scalar activations reject NaN and infinities with a RangeError naming x", () => {
  const functions = [
    sigmoid,
    sigmoidDerivative,
    sigmoidDerivativeExp,
    tanh,
    tanhDerivative,
    relu,
    reluDerivative,
    identity,
    identityDerivative,
  ];
  for (const f of functions) {
    for (const bad of [NaN, Infinity, -Infinity]) {
      throws(() => f(bad), {
        name: "RangeError",
        message: `${f.name}: x must be a finite number, got ${bad}`,
      });
    }
  }
});

Deno.test("scalar activations reject a non-number with a TypeError", () => {
  throws(() => sigmoid("0.8" as unknown as number), {
    name: "TypeError",
    message: 'sigmoid: x must be a finite number, got "0.8"',
  });
});

Deno.test("softmax rejects an empty vector, a matrix and NaN, naming logits", () => {
  throws(() => softmax([]), { name: "RangeError", message: /softmax: logits is empty/ });
  throws(() => softmax([[1, 2]]), {
    name: "TypeError",
    message: /softmax: logits must have rank 1/,
  });
  throws(() => softmax([1, NaN]), {
    name: "RangeError",
    message: "softmax: logits[1] must be a finite number, got NaN",
  });
  throws(() => logSoftmax([1, Infinity]), {
    name: "RangeError",
    message: /logSoftmax: logits\[1\]/,
  });
  throws(() => softmaxJacobian([]), { name: "RangeError", message: /softmaxJacobian: logits/ });
});

Deno.test("activation() rejects an unknown name with a RangeError listing the known ones", () => {
  throws(() => activation("softplus" as "relu"), {
    name: "RangeError",
    message:
      /activation: name must be one of "sigmoid", "tanh", "relu", "identity", got "softplus"/,
  });
  throws(() => activation(1 as unknown as "relu"), {
    name: "TypeError",
    message: "activation: name must be a string, got 1",
  });
});
