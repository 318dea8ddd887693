/**
 * Specs for lib/dense.ts: flatten's channels-first order, dense as one weighted sum per
 * unit (checked against the neuron module's weightedSum), linearity, batches, the
 * parameter count, and typed errors. Values are integers divided by 8, so the sums here
 * are exact in float64 and compared with tolerance 0.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { dense, denseParameterCount, flatten, Tensor, weightedSum } from "../mod.ts";

/** A tensor of the given shape with dyadic entries k/8, |k| <= 16. */
function dyadic(shape: number[]): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.array(fc.integer({ min: -16, max: 16 }), { minLength: size, maxLength: size })
    .map((ks) => new Tensor(shape, ks.map((k) => k / 8)));
}

/** A dense layer: input, weights [out][in] and bias [out]. */
const layer = fc.record({
  nin: fc.integer({ min: 1, max: 8 }),
  nout: fc.integer({ min: 1, max: 6 }),
}).chain(({ nin, nout }) =>
  fc.record({
    x: dyadic([nin]),
    x2: dyadic([nin]),
    w: dyadic([nout, nin]),
    b: dyadic([nout]),
  })
);

Deno.test("flatten() puts entry (c, r, q) of a [C][H][W] map at c·H·W + r·W + q", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    (C, H, W) => {
      const x = new Tensor([C, H, W]);
      for (let c = 0; c < C; c++) {
        for (let r = 0; r < H; r++) {
          for (let q = 0; q < W; q++) x.set(c, r, q, 100 * c + 10 * r + q);
        }
      }
      const v = flatten(x);
      deepStrictEqual(v.shape, [C * H * W]);
      for (let c = 0; c < C; c++) {
        for (let r = 0; r < H; r++) {
          for (let q = 0; q < W; q++) {
            strictEqual(v.get(c * H * W + r * W + q), 100 * c + 10 * r + q);
          }
        }
      }
    },
  ));
});

Deno.test("flatten() of the document's 4x4x10 map has 160 entries", () => {
  strictEqual(flatten(new Tensor([10, 4, 4])).size, 160);
});

Deno.test("dense() output o is the weighted sum of the input with row o of the weights plus bias o", () => {
  fc.assert(fc.property(layer, ({ x, w, b }) => {
    const y = dense(x, w, b);
    const [nout, nin] = w.shape;
    for (let o = 0; o < nout; o++) {
      const row = w.data.slice(o * nin, (o + 1) * nin);
      strictEqual(y.get(o), weightedSum(x, Array.from(row), b.get(o)));
    }
  }));
});

Deno.test("dense() without bias is linear in the input", () => {
  fc.assert(fc.property(layer, fc.integer({ min: -8, max: 8 }), ({ x, x2, w }, k) => {
    const a = k / 4;
    const combined = new Tensor(x.shape, x.data.map((v, i) => a * v + x2.data[i]));
    const expected = dense(x, w).data.map((v, i) => a * v + dense(x2, w).data[i]);
    deepStrictEqual(Array.from(dense(combined, w).data), Array.from(expected));
  }));
});

Deno.test("dense() on a batch equals dense() on each row", () => {
  fc.assert(fc.property(layer, ({ x, x2, w, b }) => {
    const batch = new Tensor([2, x.size], [...x.data, ...x2.data]);
    deepStrictEqual(dense(batch, w, b).toArray(), [
      dense(x, w, b).toArray(),
      dense(x2, w, b).toArray(),
    ]);
  }));
});

Deno.test("denseParameterCount equals the number of weights and biases that influence dense()", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 6 }),
    fc.boolean(),
    (nin, nout, withBias) => {
      // all-ones input: every weight multiplies a non-zero entry
      const x = new Array(nin).fill(1);
      const w = new Tensor([nout, nin]);
      const b = withBias ? new Tensor([nout]) : undefined;
      const base = dense(x, w, b);
      let used = 0;
      const changes = (y: Tensor) => y.data.some((v, i) => v !== base.data[i]);
      for (let k = 0; k < w.size; k++) {
        const bumped = w.clone();
        bumped.data[k] = 1;
        if (changes(dense(x, bumped, b))) used++;
      }
      for (let k = 0; b !== undefined && k < b.size; k++) {
        const bumped = b.clone();
        bumped.data[k] = 1;
        if (changes(dense(x, w, bumped))) used++;
      }
      strictEqual(
        used,
        denseParameterCount({ inFeatures: nin, outFeatures: nout, bias: withBias }),
      );
    },
  ));
});

Deno.test("dense() rejects weights whose columns differ from the input size", () => {
  throws(() => dense([1, 2, 3], [[1, 2]]), {
    name: "TypeError",
    message: "dense: weights [1,2] expect 2 inputs, but input [3] has 3",
  });
});

Deno.test("dense() rejects a bias with the wrong number of entries", () => {
  throws(() => dense([1, 2], [[1, 2]], [0, 0]), {
    name: "TypeError",
    message: "dense: bias must have one entry per output (1), got 2",
  });
});

Deno.test("dense() and flatten() reject wrong ranks, empty and non-finite values", () => {
  throws(() => dense([1, 2], [1, 2]), {
    name: "TypeError",
    message: "dense: weights must have rank 2, got shape [2] (rank 1)",
  });
  throws(() => dense([1, Infinity], [[1, 2]]), {
    name: "RangeError",
    message: "dense: input[1] must be a finite number, got Infinity",
  });
  throws(() => flatten([]), { name: "RangeError", message: /flatten: input is empty/ });
  throws(() => flatten([[1], [2, 3]]), { name: "TypeError", message: /flatten: ragged array/ });
});

Deno.test("dense() reports an output that overflows float64 as a RangeError, never NaN", () => {
  // second unit: 1e308·10 + 1e308·(-10) = Infinity - Infinity = NaN, at offset 1
  throws(() => dense([1e308, 1e308], [[0, 1], [10, -10]]), {
    name: "RangeError",
    message: /^dense: the output overflows float64 \(got NaN at offset 1\)/,
  });
});
