/**
 * Specs for lib/depth.ts: the deep chain's weight gradients agree with central differences
 * in all three architectures; the auxiliary loss changes only the layers below it; the
 * plain chain's gradient shrinks by at least the derived per-layer factor; bad input throws
 * typed errors.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { type ChainArchitecture, deepSigmoidChain, gradcheck, randomChainWeights } from "../mod.ts";

/** A small dyadic number in [-1, 1]. */
const dyadic = fc.integer({ min: -8, max: 8 }).map((n) => n / 8);

/** A chain of depth 1..6 and width 1..4 (small: gradcheck costs 2 L n^2 forward passes). */
const chain = fc.record({
  L: fc.integer({ min: 1, max: 6 }),
  n: fc.integer({ min: 1, max: 4 }),
}).chain(({ L, n }) =>
  fc.record({
    x: fc.array(dyadic, { minLength: n, maxLength: n }),
    weights: fc.array(
      fc.array(fc.array(dyadic, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
      { minLength: L, maxLength: L },
    ),
    architecture: fc.constantFrom<ChainArchitecture>("plain", "residual", "auxiliary"),
    layer: fc.integer({ min: 1, max: L }),
    weight: fc.integer({ min: 0, max: 8 }).map((k) => k / 8),
  })
);

Deno.test("deepSigmoidChain's weight gradients agree with gradcheck for plain, residual and auxiliary chains", () => {
  fc.assert(
    fc.property(chain, ({ x, weights, architecture, layer, weight }) => {
      const options = { architecture, auxiliaryLayer: layer, auxiliaryWeight: weight };
      const L = weights.length, n = x.length;
      const r = deepSigmoidChain(x, weights, options);
      const analytic = r.gradients.flatMap((g) => [...g.data]);
      const J = (theta: Float64Array) => {
        const W = Array.from(
          { length: L },
          (_, l) =>
            Array.from(
              { length: n },
              (_, i) => Array.from(theta.subarray((l * n + i) * n, (l * n + i + 1) * n)),
            ),
        );
        return deepSigmoidChain(x, W, options).objective;
      };
      // |J| <= n (L + 1) * 2 <= 56 (residual activations grow by < 1 per layer); rounding in
      // the central difference is then about 10 u |J| / eps = 6e-8, so atol 1e-6 is tight.
      const report = gradcheck(J, weights.flat(2), {
        gradient: analytic,
        atol: 1e-6,
        rtol: 1e-6,
      });
      ok(report.ok, `worst ${JSON.stringify(report.worst)}`);
    }),
    { numRuns: 60 },
  );
});

Deno.test("the gradient norm of each layer is the Frobenius norm of that layer's gradient", () => {
  fc.assert(fc.property(chain, ({ x, weights, architecture }) => {
    const r = deepSigmoidChain(x, weights, { architecture });
    r.gradients.forEach((g, l) => {
      const frobenius = Math.sqrt(g.data.reduce((s, v) => s + v * v, 0));
      strictEqual(r.gradNorms[l], frobenius);
    });
  }));
});

Deno.test("an auxiliary loss at layer m leaves the gradients of the layers above m unchanged", () => {
  fc.assert(fc.property(chain, ({ x, weights, layer, weight }) => {
    const plain = deepSigmoidChain(x, weights);
    const aux = deepSigmoidChain(x, weights, {
      architecture: "auxiliary",
      auxiliaryLayer: layer,
      auxiliaryWeight: weight,
    });
    // Layers m+1..L (indices m..L-1) see only the final loss.
    for (let l = layer; l < weights.length; l++) {
      deepStrictEqual(aux.gradients[l].toArray(), plain.gradients[l].toArray());
    }
  }));
});

Deno.test("an auxiliary loss of weight 0 is the plain chain", () => {
  fc.assert(fc.property(chain, ({ x, weights, layer }) => {
    const plain = deepSigmoidChain(x, weights);
    const aux = deepSigmoidChain(x, weights, {
      architecture: "auxiliary",
      auxiliaryLayer: layer,
      auxiliaryWeight: 0,
    });
    deepStrictEqual(aux.gradNorms, plain.gradNorms);
  }));
});

Deno.test("in the plain chain each layer shrinks the upstream gradient by at least sigma'_max ||W||_F = ||W||_F / 4", () => {
  // g_{l-1} = W_l^T (g_l * sigma'(z_l)) and sigma' <= 1/4, so
  // ||g_{l-1}|| <= ||W_l||_2 ||g_l|| / 4 <= ||W_l||_F ||g_l|| / 4.
  fc.assert(fc.property(chain, ({ x, weights }) => {
    const r = deepSigmoidChain(x, weights);
    const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, a) => s + a * a, 0));
    for (let l = 1; l <= weights.length; l++) {
      const frobenius = norm(weights[l - 1].flat());
      ok(norm(r.upstream[l - 1]) <= (frobenius / 4) * norm(r.upstream[l]) * (1 + 1e-12) + 1e-300);
    }
  }));
});

Deno.test("in a 20-layer chain the plain first layer's gradient vanishes and the fixes keep it alive", () => {
  // Weights uniform in [-1, 1), width 4: ||W||_F is about sqrt(16/3) = 2.3, so by the bound
  // above each plain layer multiplies the gradient by at most about 0.58; over 19 layers that
  // is below 0.58^19 = 3e-5. The residual chain's identity path and the auxiliary loss at
  // layer 10 leave far more.
  const weights = randomChainWeights(20, 4, { seed: 2024 });
  const x = [0.5, -0.5, 0.25, 1];
  const plain = deepSigmoidChain(x, weights).gradNorms;
  const residual = deepSigmoidChain(x, weights, { architecture: "residual" }).gradNorms;
  const auxiliary = deepSigmoidChain(x, weights, { architecture: "auxiliary" }).gradNorms;
  ok(plain[0] / plain[19] < 3e-5, `plain ratio ${plain[0] / plain[19]}`);
  ok(residual[0] / residual[19] > 100 * (plain[0] / plain[19]));
  ok(auxiliary[0] > 100 * plain[0]);
});

Deno.test("deepSigmoidChain rejects mismatched shapes and bad options with typed errors", () => {
  throws(() => deepSigmoidChain([1, 2], [[[1]]]), {
    name: "TypeError",
    message:
      /deepSigmoidChain: weights must have shape \[L\]\[2\]\[2\] to match x of length 2, got \[1,1,1\]/,
  });
  throws(() => deepSigmoidChain([1], [[1]]), {
    name: "TypeError",
    message: /weights must have rank 3/,
  });
  throws(() => deepSigmoidChain([1], [[[1]]], { architecture: "auxiliary", auxiliaryLayer: 2 }), {
    name: "RangeError",
    message: /auxiliaryLayer must be an integer in \[1, 1\], got 2/,
  });
  // deno-lint-ignore no-explicit-any
  throws(() => deepSigmoidChain([1], [[[1]]], { architecture: "skip" as any }), {
    name: "TypeError",
    message: /architecture must be "plain", "residual" or "auxiliary", got "skip"/,
  });
  throws(() => randomChainWeights(0, 2), {
    name: "RangeError",
    message: /randomChainWeights: depth must be a positive integer, got 0/,
  });
});

Deno.test("deepSigmoidChain and randomChainWeights name themselves when a number leaves float64 or the seed is bad", () => {
  // z_1 = 10 * 1e308 = Infinity
  throws(() => deepSigmoidChain([1e308], [[[10]]]), {
    name: "RangeError",
    message: /^deepSigmoidChain: the pre-activation z_1\[0\] overflows float64 \(got Infinity\)/,
  });
  // residual: h_1 = x + sigma(0) = 1e308 + 1/2 per entry, so J = 2e308
  throws(() => deepSigmoidChain([1e308, 1e308], [[[0, 0], [0, 0]]], { architecture: "residual" }), {
    name: "RangeError",
    message: /^deepSigmoidChain: the objective J overflows float64 \(got Infinity\)/,
  });
  // every z_l is 0 (so sigma' = 1/4): delta_3 = (1/4, 1/4), g_2 = W_3^T delta_3 = (a/2, -a/2),
  // delta_2 = (a/8, -a/8), g_1 = W_2^T delta_2 = (a^2/4, -a^2/4) with a = 1e200: Infinity
  const a = 1e200;
  const weights = [[[1, -1], [1, -1]], [[a, -a], [-a, a]], [[a, -a], [a, -a]]];
  throws(() => deepSigmoidChain([1, 1], weights), {
    name: "RangeError",
    message:
      /^deepSigmoidChain: the upstream gradient g_1 overflows float64 \(got Infinity at offset 0\)/,
  });
  throws(() => randomChainWeights(2, 2, { seed: NaN }), {
    name: "RangeError",
    message: "randomChainWeights: seed must be a finite number, got NaN",
  });
});

Deno.test("a gradient norm is returned where the sum of its squares overflows float64", () => {
  // z = 0, so dJ/dW = sigma'(0) x = 1e200 / 4; its square 6.25e398 overflows, its norm does not
  strictEqual(deepSigmoidChain([1e200], [[[0]]]).gradNorms[0], 2.5e199);
});
