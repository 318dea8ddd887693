/** Specs for lib/losses.ts: the document's numbers, each loss and its gradient, bad input. */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  binaryCrossEntropy,
  binaryCrossEntropyGradient,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
  gradcheck,
  meanSquaredError,
  meanSquaredErrorGradient,
  sigmoid,
  sigmoidDerivative,
  softmax,
  softmaxCrossEntropy,
  softmaxCrossEntropyGradient,
  squaredError,
  squaredErrorGradient,
  Tensor,
} from "../mod.ts";
import golden from "./golden/torch-public.json" with { type: "json" };

const EPS = Number.EPSILON;

/** A dyadic number k/8 in [-max, max]. */
const dyadic = (max: number) => fc.integer({ min: -8 * max, max: 8 * max }).map((k) => k / 8);

/** A probability k/8 in [lo/8, hi/8]. */
const eighths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => k / 8);

/** Two equally long vectors (1 to 6 entries) drawn from the given arbitraries. */
function pairOf(a: fc.Arbitrary<number>, b: fc.Arbitrary<number>) {
  return fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.tuple(
      fc.array(a, { minLength: n, maxLength: n }),
      fc.array(b, { minLength: n, maxLength: n }),
    )
  );
}

/** |actual - expected| <= rel |expected| + abs. */
function close(actual: number, expected: number, rel: number, abs = 0): boolean {
  return Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
}

// Every gradient is checked with the library's gradcheck (central finite differences), as
// in activations_test.ts: the step h = 2^-17 (gradcheck's eps) keeps dyadic arguments
// exact, and the estimate's error is at most h^2/6 |f'''| (truncation) + 16 EPS |f| / h
// (rounding); that sum is passed as gradcheck's atol, with rtol 0.
const H = 2 ** -17;

/** gradcheck's atol for step H, |f'''| <= m3 and |f| <= size near the point. */
function differenceTolerance(m3: number, size: number): number {
  return (H * H / 6) * m3 + (16 * EPS * size) / H;
}

/** gradcheck's options: step H, absolute tolerance `atol`, no relative part. */
const within = (atol: number) => ({ eps: H, atol, rtol: 0 });

// --------------------------------- the document's numbers ---------------------------------

Deno.test("the document's loss: 0.53539 in base 2, 0.37110 in nats, as PyTorch computes", () => {
  const yHat = sigmoid(0.8); // the perceptron's output
  ok(Math.abs(binaryCrossEntropy(yHat, 1, { base: 2 }) - 0.53539) < 5e-6);
  ok(Math.abs(binaryCrossEntropy(yHat, 1) - 0.37110) < 5e-6);
  const doc = golden.seed_document; // PyTorch float64 (log2 and log10 by change of base)
  ok(close(binaryCrossEntropy(yHat, 1), doc.bce_natural_log, 1e-12));
  ok(close(binaryCrossEntropy(yHat, 1, { base: 2 }), doc.bce_log2, 1e-12));
  ok(close(binaryCrossEntropy(yHat, 1, { base: 10 }), doc.bce_log10, 1e-12));
});

Deno.test("the document's per-sample slope -y/y-hat + (1 - y)/(1 - y-hat) at its perceptron", () => {
  // y = 1 leaves -1 / sigma(0.8) = -(1 + e^{-0.8}) = -(1 + 0.449329) = -1.449329
  const g = binaryCrossEntropyGradient(sigmoid(0.8), 1, { reduction: "none" });
  ok(Math.abs(g - -1.449329) < 5e-7);
});

Deno.test("predictions of exactly 0 or 1 give PyTorch's clamped, finite loss", () => {
  // Wrong and certain: -max(ln 0, -100) = 100 per sample. Right and certain: 0, with the
  // 0 * ln 0 term taken as 0 (no NaN). Mean over [wrong, right, wrong, right] = 200 / 4.
  strictEqual(binaryCrossEntropy([0, 1, 1, 0], [1, 1, 0, 0]), 50);
  strictEqual(binaryCrossEntropy(1, 1), 0);
  // In bits the cap is 100 nats / ln 2 = 144.27 bits per sample.
  ok(close(binaryCrossEntropy(0, 1, { base: 2 }), 100 / Math.LN2, 2 * EPS));
});

Deno.test("at predictions of exactly 0 or 1 the gradient is PyTorch's finite (p - y) / 1e-12", () => {
  // p(1 - p) = 0 is floored at 1e-12: (0 - 1) / 1e-12 = -1e12, (1 - 0) / 1e-12 = 1e12.
  deepStrictEqual(
    binaryCrossEntropyGradient([0, 1], [1, 0], { reduction: "none" }).toFlatArray(),
    [-1e12, 1e12],
  );
  strictEqual(binaryCrossEntropyGradient(1, 1), 0);
});

// ------------------------------- binary cross-entropy -------------------------------

Deno.test("binary cross-entropy is non-negative for every prediction and target in [0, 1]", () => {
  fc.assert(fc.property(pairOf(eighths(0, 8), eighths(0, 8)), ([p, y]) => {
    ok(binaryCrossEntropy(p, y) >= 0, `BCE(${p}, ${y})`);
  }));
});

Deno.test("binary cross-entropy is smallest where the prediction equals the target", () => {
  // For a target y in (0, 1), BCE(p, y) - BCE(y, y) is the Kullback-Leibler divergence
  // KL(y || p) > 0 for p != y; with p and y at least 1/8 apart it exceeds 1e-3, far
  // above rounding.
  fc.assert(fc.property(eighths(1, 7), eighths(0, 8), (y, p) => {
    if (p === y) return; // equal: nothing to compare (1 case in 9)
    ok(binaryCrossEntropy(p, y) > binaryCrossEntropy(y, y), `p = ${p}, y = ${y}`);
  }));
});

Deno.test("the binary cross-entropy gradient agrees with gradcheck", () => {
  // Per sample, |d^3 E / dp^3| = |2y/p^3 - 2(1-y)/(1-p)^3| <= 2 * 8^3 = 1024 for p in
  // [1/8, 7/8]; the mean loss is at most ln 8 < 3 (in bits, ln 8 / ln 2 = 3).
  fc.assert(
    fc.property(pairOf(eighths(1, 7), eighths(0, 8)), fc.constantFrom(Math.E, 2, 10), (
      [p, y],
      base,
    ) => {
      const report = gradcheck((v) => binaryCrossEntropy([...v], y, { base }), p, {
        gradient: binaryCrossEntropyGradient(p, y, { base }),
        ...within(differenceTolerance(1024 / Math.log(base), 3)),
      });
      ok(report.ok, `base ${base}: ${JSON.stringify(report.worst)}`);
    }),
  );
});

Deno.test("per sample, the gradient is the document's -y/p + (1 - y)/(1 - p)", () => {
  // Two algebraically equal forms with a handful of roundings each: relative 8 EPS.
  fc.assert(fc.property(pairOf(eighths(1, 7), eighths(0, 8)), ([p, y]) => {
    const g = binaryCrossEntropyGradient(p, y, { reduction: "none" }).toFlatArray();
    g.forEach((gi, i) => {
      const documents = -y[i] / p[i] + (1 - y[i]) / (1 - p[i]);
      ok(close(gi, documents, 8 * EPS, 8 * EPS), `sample ${i}: ${gi} vs ${documents}`);
    });
  }));
});

Deno.test("the gradient of the mean loss is each sample's gradient divided by N", () => {
  fc.assert(fc.property(pairOf(eighths(1, 7), eighths(0, 8)), ([p, y]) => {
    const none = binaryCrossEntropyGradient(p, y, { reduction: "none" }).toFlatArray();
    const mean = binaryCrossEntropyGradient(p, y).toFlatArray();
    mean.forEach((m, i) => ok(close(m, none[i] / p.length, 2 * EPS)));
  }));
});

Deno.test("binary cross-entropy in base b is the natural-log loss divided by ln b", () => {
  fc.assert(
    fc.property(pairOf(eighths(0, 8), eighths(0, 8)), fc.constantFrom(2, 10, 0.5, 3), (
      [p, y],
      base,
    ) => {
      const nats = binaryCrossEntropy(p, y);
      ok(close(binaryCrossEntropy(p, y, { base }), nats / Math.log(base), 4 * EPS));
    }),
  );
});

// ---------------------------- binary cross-entropy with logits ----------------------------

Deno.test("binary cross-entropy with logits equals binary cross-entropy of sigmoid(logit)", () => {
  // The probability route rounds sigma(z) with relative error ~EPS, which becomes an
  // absolute error of about EPS / min(sigma, 1 - sigma) <= EPS e^8 (1 + e^{-8}) = 6.6e-13 in
  // the logarithm for |z| <= 8. Allow 1e-12 absolute plus 1e-12 relative.
  fc.assert(fc.property(pairOf(dyadic(8), eighths(0, 8)), ([z, y]) => {
    const direct = binaryCrossEntropyWithLogits(z, y);
    const viaProbability = binaryCrossEntropy(z.map(sigmoid), y);
    ok(close(direct, viaProbability, 1e-12, 1e-12), `z = ${z}, y = ${y}`);
  }));
});

Deno.test("binary cross-entropy with logits stays exact where the probability route is clamped", () => {
  // z = -200, y = 1: max(z, 0) - z y + ln(1 + e^{-200}) = 0 + 200 + 1.4e-87, which is 200
  // in float64. sigma(-200) = 1.4e-87 is still representable, but at z = -800 it
  // underflows to 0 and PyTorch's clamp caps the other route at 100.
  strictEqual(binaryCrossEntropyWithLogits(-200, 1), 200);
  strictEqual(binaryCrossEntropyWithLogits(-800, 1), 800);
  strictEqual(binaryCrossEntropy(sigmoid(-800), 1), 100);
});

Deno.test("the logit gradient agrees with gradcheck", () => {
  // Per sample, d^3 E / dz^3 = sigma''(z), at most 0.1 in size; the loss is at most 9.
  fc.assert(fc.property(pairOf(dyadic(8), eighths(0, 8)), ([z, y]) => {
    const report = gradcheck((v) => binaryCrossEntropyWithLogits([...v], y), z, {
      gradient: binaryCrossEntropyWithLogitsGradient(z, y),
      ...within(differenceTolerance(0.1, 9)),
    });
    ok(report.ok, JSON.stringify(report.worst));
  }));
});

Deno.test("the logit gradient is the chain rule through the sigmoid: dE/dp times sigma'(z)", () => {
  // For |z| <= 4 the product involves a few roundings of numbers of size <= 55: the
  // two sides agree to relative 1e-13 plus absolute 1e-15.
  fc.assert(fc.property(pairOf(dyadic(4), eighths(0, 8)), ([z, y]) => {
    const direct = binaryCrossEntropyWithLogitsGradient(z, y).toFlatArray();
    const viaP = binaryCrossEntropyGradient(z.map(sigmoid), y).toFlatArray();
    direct.forEach((d, i) => {
      const chain = viaP[i] * sigmoidDerivative(z[i]);
      ok(close(d, chain, 1e-13, 1e-15), `entry ${i}: ${d} vs ${chain}`);
    });
  }));
});

// ----------------------------------- squared error -----------------------------------

Deno.test("squared error is non-negative and zero exactly when prediction equals target", () => {
  fc.assert(fc.property(pairOf(dyadic(4), dyadic(4)), ([p, y]) => {
    const e = squaredError(p, y);
    ok(e >= 0);
    strictEqual(e === 0, p.every((v, i) => v === y[i]));
  }));
});

Deno.test("squared error is N times the mean squared error", () => {
  // Dyadic inputs make every square and sum exact; only the division by N rounds (once,
  // and once more when multiplied back): relative 2 EPS.
  fc.assert(fc.property(pairOf(dyadic(4), dyadic(4)), ([p, y]) => {
    ok(close(p.length * meanSquaredError(p, y), squaredError(p, y), 2 * EPS));
  }));
});

Deno.test("the squared-error gradients agree with gradcheck", () => {
  // Quadratics have no third derivative, so only rounding remains: losses are at most
  // 6 * 8^2 = 384.
  fc.assert(fc.property(pairOf(dyadic(4), dyadic(4)), ([p, y]) => {
    const se = gradcheck((v) => squaredError([...v], y), p, {
      gradient: squaredErrorGradient(p, y),
      ...within(differenceTolerance(0, 384)),
    });
    ok(se.ok, `d SE / dp: ${JSON.stringify(se.worst)}`);
    const mse = gradcheck((v) => meanSquaredError([...v], y), p, {
      gradient: meanSquaredErrorGradient(p, y),
      ...within(differenceTolerance(0, 384)),
    });
    ok(mse.ok, `d MSE / dp: ${JSON.stringify(mse.worst)}`);
  }));
});

Deno.test("the squared-error gradient is the document's -2(y - y-hat)", () => {
  // Question 5 by hand: y = 1, o = 0.75 gives -2(1 - 0.75) = -0.5.
  strictEqual(squaredErrorGradient(0.75, 1), -0.5);
  deepStrictEqual(squaredErrorGradient([0.75, 0.5], [1, 0]).toFlatArray(), [-0.5, 1]);
  strictEqual(squaredErrorGradient(0.5, 0.5), 0); // +0: a perfect prediction has slope 0, not -0
});

// ------------------------------- softmax cross-entropy -------------------------------

/** Logits (2 to 6 dyadic numbers in [-8, 8]) and a class index within range. */
const logitsAndClass = fc.array(dyadic(8), { minLength: 2, maxLength: 6 }).chain((z) =>
  fc.tuple(fc.constant(z), fc.integer({ min: 0, max: z.length - 1 }))
);

Deno.test("softmax cross-entropy is minus the log of the true class's probability", () => {
  // Logits within 16 keep every probability above e^{-16}/6: log of softmax is accurate to
  // a few ulps of numbers of size <= 18.
  fc.assert(fc.property(logitsAndClass, ([z, t]) => {
    ok(close(softmaxCrossEntropy(z, t), -Math.log(softmax(z).get(t)), 0, 64 * EPS * 18));
  }));
});

Deno.test("the softmax cross-entropy gradient agrees with gradcheck", () => {
  // Along logit j the loss's third derivative is that of ln sum e^{z}, s(1 - s)(1 - 2s) with
  // s = softmax(z)_j, at most 0.1 in size; the loss is at most 17 for logits in [-8, 8].
  fc.assert(fc.property(logitsAndClass, ([z, t]) => {
    const report = gradcheck((v) => softmaxCrossEntropy([...v], t), z, {
      gradient: softmaxCrossEntropyGradient(z, t),
      ...within(differenceTolerance(0.1, 17)),
    });
    ok(report.ok, `d E / dz: ${JSON.stringify(report.worst)}`);
  }));
});

Deno.test("the softmax cross-entropy gradient sums to 0", () => {
  // softmax sums to 1 within n EPS; subtracting the one-hot 1 leaves at most 8 EPS.
  fc.assert(fc.property(logitsAndClass, ([z, t]) => {
    const sum = softmaxCrossEntropyGradient(z, t).toFlatArray().reduce((a, b) => a + b, 0);
    ok(Math.abs(sum) <= 8 * EPS, `sum ${sum}`);
  }));
});

Deno.test("with two classes, softmax cross-entropy is binary cross-entropy with logits", () => {
  // softmax([0, s])_1 = sigma(s): class 1 is target 1, class 0 is target 0.
  fc.assert(fc.property(dyadic(8), fc.constantFrom(0, 1), (s, t) => {
    ok(close(softmaxCrossEntropy([0, s], t), binaryCrossEntropyWithLogits(s, t), 1e-14, 1e-15));
  }));
});

// ------------------------------------ return forms ------------------------------------

Deno.test("gradients return a number for a number and a 1-D tensor for a vector", () => {
  strictEqual(typeof binaryCrossEntropyGradient(0.5, 1), "number");
  strictEqual(typeof binaryCrossEntropyWithLogitsGradient(0, 1), "number");
  strictEqual(typeof squaredErrorGradient(0.5, 1), "number");
  strictEqual(typeof meanSquaredErrorGradient(0.5, 1), "number");
  for (
    const g of [
      binaryCrossEntropyGradient([0.5], [1]),
      binaryCrossEntropyWithLogitsGradient([0], [1]),
      squaredErrorGradient([0.5], [1]),
      meanSquaredErrorGradient([0.5], [1]),
      softmaxCrossEntropyGradient([0, 0], 1),
    ]
  ) {
    ok(g instanceof Tensor && g.rank === 1);
  }
});

// -------------------------------------- bad input --------------------------------------

Deno.test("a prediction or target outside [0, 1] is a RangeError naming it and its value", () => {
  throws(() => binaryCrossEntropy([0.5, 1.5], [1, 0]), {
    name: "RangeError",
    message: "binaryCrossEntropy: prediction[1] must be in [0, 1], got 1.5",
  });
  throws(() => binaryCrossEntropy(0.5, -0.25), {
    name: "RangeError",
    message: "binaryCrossEntropy: target must be in [0, 1], got -0.25",
  });
  throws(() => binaryCrossEntropyGradient(1.25, 1), {
    name: "RangeError",
    message: "binaryCrossEntropyGradient: prediction must be in [0, 1], got 1.25",
  });
  throws(() => binaryCrossEntropyWithLogits([3], [2]), {
    name: "RangeError",
    message: "binaryCrossEntropyWithLogits: target[0] must be in [0, 1], got 2",
  });
  throws(() => binaryCrossEntropyWithLogitsGradient(3, -1), {
    name: "RangeError",
    message: /binaryCrossEntropyWithLogitsGradient: target must be in \[0, 1\], got -1/,
  });
});

Deno.test("a log base of 1, 0, a negative number or NaN is a RangeError naming base", () => {
  for (const base of [1, 0, -2]) {
    throws(() => binaryCrossEntropy(0.5, 1, { base }), {
      name: "RangeError",
      message: `binaryCrossEntropy: base must be a finite number > 0 other than 1, got ${base}`,
    });
  }
  throws(() => binaryCrossEntropyGradient(0.5, 1, { base: NaN }), {
    name: "RangeError",
    message: "binaryCrossEntropyGradient: base must be a finite number, got NaN",
  });
});

Deno.test("an unknown reduction is a RangeError naming reduction", () => {
  throws(() => binaryCrossEntropyGradient(0.5, 1, { reduction: "sum" as "mean" }), {
    name: "RangeError",
    message: 'binaryCrossEntropyGradient: reduction must be "mean" or "none", got "sum"',
  });
});

Deno.test("prediction and target of different lengths are a TypeError naming both lengths", () => {
  const functions = [
    binaryCrossEntropy,
    binaryCrossEntropyGradient,
    squaredError,
    squaredErrorGradient,
    meanSquaredError,
    meanSquaredErrorGradient,
  ];
  for (const f of functions) {
    throws(() => f([0.5, 0.5], [1] as number[]), {
      name: "TypeError",
      message: `${f.name}: prediction has length 2 but target has length 1; they must match`,
    });
  }
  throws(() => binaryCrossEntropyWithLogits([0, 0, 0], [1, 0]), {
    name: "TypeError",
    message: /logits has length 3 but target has length 2/,
  });
});

Deno.test("NaN, empty vectors and matrices are rejected, naming the parameter", () => {
  throws(() => squaredError([1, NaN], [1, 1]), {
    name: "RangeError",
    message: "squaredError: prediction[1] must be a finite number, got NaN",
  });
  throws(() => meanSquaredError([], []), { name: "RangeError", message: /prediction is empty/ });
  throws(() => binaryCrossEntropy([[0.5]], [[1]]), {
    name: "TypeError",
    message: /binaryCrossEntropy: prediction must have rank 0 or 1/,
  });
});

Deno.test("a target class out of range or fractional is a RangeError; a non-number a TypeError", () => {
  throws(() => softmaxCrossEntropy([1, 2, 3], 3), {
    name: "RangeError",
    message: "softmaxCrossEntropy: targetClass must be an integer in [0, 2] (one per logit), got 3",
  });
  throws(() => softmaxCrossEntropyGradient([1, 2, 3], -1), {
    name: "RangeError",
    message: /softmaxCrossEntropyGradient: targetClass .* got -1/,
  });
  throws(() => softmaxCrossEntropy([1, 2, 3], 1.5), { name: "RangeError", message: /got 1\.5/ });
  throws(() => softmaxCrossEntropy([1, 2, 3], "1" as unknown as number), {
    name: "TypeError",
    message: 'softmaxCrossEntropy: targetClass must be an integer, got "1"',
  });
  throws(() => softmaxCrossEntropy([], 0), { name: "RangeError", message: /logits is empty/ });
});

Deno.test("a squared error or its gradient beyond float64 is a RangeError naming the function, never Infinity", () => {
  // (0 - 1e200)^2 = 1e400 > MAX_VALUE (about 1.8e308)
  throws(() => squaredError(1e200, 0), {
    name: "RangeError",
    message: /^squaredError: the loss overflows float64 \(got Infinity\)/,
  });
  throws(() => meanSquaredError([1e200, 0], [0, 0]), {
    name: "RangeError",
    message: /^meanSquaredError: the loss overflows float64 \(got Infinity\)/,
  });
  // 2(1e308 - (-1e308)) = 4e308
  throws(() => squaredErrorGradient([0, 1e308], [0, -1e308]), {
    name: "RangeError",
    message: /^squaredErrorGradient: the gradient overflows float64 \(got Infinity at offset 1\)/,
  });
  // one sample: the mean's gradient is the same 4e308
  throws(() => meanSquaredErrorGradient(1e308, -1e308), {
    name: "RangeError",
    message: /^meanSquaredErrorGradient: the gradient overflows float64 \(got Infinity/,
  });
});

Deno.test("a mean loss or gradient that float64 can hold is returned even where its sum overflows", () => {
  // squares 1e154^2 each (about 1e308): their sum overflows, their mean is one square
  strictEqual(meanSquaredError([1e154, -1e154], [0, 0]), 1e154 ** 2);
  // 2(1e308 - (-1e308)) / 4 = 1e308; (1e308 - (-1e308)) itself overflows
  deepStrictEqual(meanSquaredErrorGradient([1e308, 0, 0, 0], [-1e308, 0, 0, 0]).toFlatArray(), [
    1e308,
    0,
    0,
    0,
  ]);
  // each sample costs 1e308 nats (max(z, 0) - z y + ln(1 + e^{-|z|}) = 1e308 + 0); the mean is 1e308
  strictEqual(binaryCrossEntropyWithLogits([1e308, -1e308], [0, 1]), 1e308);
  // -z_1 + ln(e^{z_0} + e^{z_1}) = 1e307 + 1e308 + ln(1 + e^{-1.1e308}) = 1.1e308
  strictEqual(softmaxCrossEntropy([1e308, -1e307], 1), 1e308 + 1e307);
});

Deno.test("a loss float64 cannot hold is a RangeError naming the function, never Infinity", () => {
  // -z_1 + ln(e^{z_0} + e^{z_1}) = 1e308 + 1e308 = 2e308 > MAX_VALUE
  throws(() => softmaxCrossEntropy([1e308, -1e308], 1), {
    name: "RangeError",
    message: /^softmaxCrossEntropy: the loss overflows float64 \(got Infinity\)/,
  });
  // three samples of MAX_VALUE nats: the sum is Infinity, and MAX_VALUE/3 added three
  // times rounds past MAX_VALUE too
  const M = Number.MAX_VALUE;
  throws(() => binaryCrossEntropyWithLogits([M, M, M], [0, 0, 0]), {
    name: "RangeError",
    message: /^binaryCrossEntropyWithLogits: the loss overflows float64 \(got Infinity\)/,
  });
});
