/**
 * Specs for lib/network.ts: the hand-derived backpropagation of the question-5 network
 * agrees with central differences for random sizes, weights, biases and targets; the
 * single-weight form is the 1x1 case of the general network; bad input throws typed errors.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  convSigmoidDense,
  convSigmoidDenseBackprop,
  type ConvSigmoidDenseParameters,
  gradcheck,
  scalarNetBackprop,
} from "../mod.ts";

/** A small dyadic number: an integer in [-8, 8] divided by 8, so in [-1, 1]. */
const dyadic = fc.integer({ min: -8, max: 8 }).map((n) => n / 8);
/** A target in [0, 1], dyadic. */
const target = fc.integer({ min: 0, max: 8 }).map((n) => n / 8);
const matrix = (rows: number, cols: number) =>
  fc.array(fc.array(dyadic, { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });

/**
 * A random network and sample: input H x W (1 to 5 each, small enough to keep the run
 * fast), kernel kh x kw no larger than the input, m outputs (1 to 3).
 */
const network = fc.record({
  H: fc.integer({ min: 1, max: 5 }),
  W: fc.integer({ min: 1, max: 5 }),
  m: fc.integer({ min: 1, max: 3 }),
}).chain(({ H, W, m }) =>
  fc.record({ kh: fc.integer({ min: 1, max: H }), kw: fc.integer({ min: 1, max: W }) }).chain((
    { kh, kw },
  ) => {
    const P = (H - kh + 1) * (W - kw + 1);
    return fc.record({
      x: matrix(H, W),
      y: fc.array(target, { minLength: m, maxLength: m }),
      wc: matrix(kh, kw),
      bc: dyadic,
      Wf: matrix(m, P),
      bf: fc.array(dyadic, { minLength: m, maxLength: m }),
    });
  })
);

/** Flattens the parameters in the order wc, bc, Wf, bf, and reads them back. */
function pack(p: ConvSigmoidDenseParameters): number[] {
  return [
    ...(p.wc as number[][]).flat(),
    p.bc,
    ...(p.Wf as number[][]).flat(),
    ...(p.bf as number[]),
  ];
}
function unpack(theta: ArrayLike<number>, like: ConvSigmoidDenseParameters) {
  const wc = like.wc as number[][], Wf = like.Wf as number[][];
  let at = 0;
  const take = (n: number) => Array.from(theta).slice(at, at += n);
  const rows = (m: number[][]) => m.map((r) => take(r.length));
  return { wc: rows(wc), bc: take(1)[0], Wf: rows(Wf), bf: take((like.bf as number[]).length) };
}

// Tolerances for the comparisons with central differences (eps = 1e-6): the truncation error
// is eps^2 |E'''| / 6, tiny here (every weight and input is in [-1, 1], E <= 3); rounding
// adds about u |E| / eps = 1.1e-16 * 3 / 1e-6 = 3.3e-10 per evaluation. atol 1e-8 leaves a
// margin of 30 over that and still catches any error above 1e-8, far tighter than
// PyTorch's default atol 1e-5.
const TIGHT = { atol: 1e-8, rtol: 1e-6 };

Deno.test("convSigmoidDenseBackprop's gradients agree with gradcheck for random sizes, weights, biases and targets", () => {
  fc.assert(
    fc.property(network, (net) => {
      const { x, y, ...params } = net;
      const r = convSigmoidDenseBackprop({ x, y }, params);
      const analytic = [
        ...r.gradients.wc.data,
        r.gradients.bc,
        ...r.gradients.Wf.data,
        ...r.gradients.bf.data,
      ];
      const loss = (theta: Float64Array) =>
        convSigmoidDenseBackprop({ x, y }, unpack(theta, params)).loss;
      const report = gradcheck(loss, pack(params), { gradient: analytic, ...TIGHT });
      ok(report.ok, `worst ${JSON.stringify(report.worst)}`);
    }),
    { numRuns: 60 },
  );
});

Deno.test("the forward quantities of convSigmoidDenseBackprop are those of convSigmoidDense", () => {
  fc.assert(
    fc.property(network, ({ x, y, ...params }) => {
      const f = convSigmoidDense(x, params);
      const r = convSigmoidDenseBackprop({ x, y }, params);
      for (const key of ["nc", "c", "flat", "nf", "o"] as const) {
        deepStrictEqual(r[key].toArray(), f[key].toArray());
      }
    }),
    { numRuns: 30 },
  );
});

Deno.test("every named delta is the product of the factors its doc names", () => {
  fc.assert(
    fc.property(network, ({ x, y, ...params }) => {
      const r = convSigmoidDenseBackprop({ x, y }, params);
      r.deltaF.data.forEach((d, i) => strictEqual(d, r.dE_do.data[i] * r.do_dnf.data[i]));
      r.deltaC.data.forEach((d, j) => strictEqual(d, r.dE_dc.data[j] * r.dc_dnc.data[j]));
      deepStrictEqual(r.gradients.bf.toArray(), r.deltaF.toArray());
    }),
    { numRuns: 30 },
  );
});

const scalarCase = fc.record({
  x: dyadic,
  y: target,
  wc: dyadic,
  bc: dyadic,
  wf: dyadic,
  bf: dyadic,
});

Deno.test("scalarNetBackprop is convSigmoidDenseBackprop with a 1x1 input, kernel and output", () => {
  fc.assert(fc.property(scalarCase, ({ x, y, wc, bc, wf, bf }) => {
    const s = scalarNetBackprop({ x, y }, { wc, bc, wf, bf });
    const g = convSigmoidDenseBackprop({ x: [[x]], y: [y] }, {
      wc: [[wc]],
      bc,
      Wf: [[wf]],
      bf: [bf],
    });
    // Same operations in the same order except the sums of one term: equal to the last bit
    // up to one rounding, so compare with 1e-15 absolute (every value here is at most 2).
    const near = (a: number, b: number) => ok(Math.abs(a - b) <= 1e-15, `${a} vs ${b}`);
    near(s.o, g.o.get(0));
    near(s.loss, g.loss);
    near(s.gradients.wc, g.gradients.wc.get(0, 0));
    near(s.gradients.bc, g.gradients.bc);
    near(s.gradients.wf, g.gradients.Wf.get(0, 0));
    near(s.gradients.bf, g.gradients.bf.get(0));
  }));
});

Deno.test("scalarNetBackprop's four gradients agree with gradcheck", () => {
  fc.assert(fc.property(scalarCase, ({ x, y, wc, bc, wf, bf }) => {
    const g = scalarNetBackprop({ x, y }, { wc, bc, wf, bf }).gradients;
    const loss = (t: Float64Array) =>
      scalarNetBackprop({ x, y }, { wc: t[0], bc: t[1], wf: t[2], bf: t[3] }).loss;
    const report = gradcheck(loss, [wc, bc, wf, bf], {
      gradient: [g.wc, g.bc, g.wf, g.bf],
      ...TIGHT,
    });
    ok(report.ok, `worst ${JSON.stringify(report.worst)}`);
  }));
});

Deno.test("the PyTorch case conv_sigmoid_dense_net[1] is reproduced term by term", async () => {
  const reference = JSON.parse(
    await Deno.readTextFile(new URL("./golden/torch-public.json", import.meta.url)),
  );
  const c = reference.conv_sigmoid_dense_net[1];
  const r = convSigmoidDenseBackprop({ x: c.x, y: c.y }, c);
  ok(Math.abs(r.loss - c.loss) <= 1e-12 * c.loss);
  // dE/db^f = delta^f: PyTorch's autograd value, reached through the named factors.
  ok(Math.abs(r.deltaF.get(0) - c.grad_bf[0]) <= 1e-12 * Math.abs(c.grad_bf[0]));
});

Deno.test("convSigmoidDenseBackprop rejects mismatched shapes and bad numbers with typed errors", () => {
  const params = { wc: [[1, 0], [0, 1]], bc: 0, Wf: [[1, 1, 1, 1]], bf: [0] };
  const x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
  convSigmoidDenseBackprop({ x, y: [1] }, params); // the valid case runs
  throws(() => convSigmoidDenseBackprop({ x, y: [1] }, { ...params, Wf: [[1, 1, 1]] }), {
    name: "TypeError",
    message: /Wf must have 4 columns \(the 2x2 map c\), got shape \[1,3\]/,
  });
  throws(() => convSigmoidDenseBackprop({ x, y: [1, 0] }, params), {
    name: "TypeError",
    message: /y has 2 targets but the network has 1 outputs/,
  });
  throws(() => convSigmoidDenseBackprop({ x, y: [1] }, { ...params, bf: [0, 0] }), {
    name: "TypeError",
    message: /bf has 2 entries but Wf has 1 rows/,
  });
  throws(() => convSigmoidDenseBackprop({ x: [[1]], y: [1] }, params), {
    name: "RangeError",
    message: /kernel wc of shape \[2,2\] exceeds input x of shape \[1,1\]/,
  });
  throws(() => convSigmoidDenseBackprop({ x, y: [1] }, { ...params, bc: NaN }), {
    name: "RangeError",
    message: /bc must be a finite number, got NaN/,
  });
  throws(() => convSigmoidDense([1, 2, 3], params), {
    name: "TypeError",
    message: /convSigmoidDense: x must have rank 2/,
  });
  throws(() => scalarNetBackprop({ x: 1, y: Infinity }, { wc: 0, bc: 0, wf: 0, bf: 0 }), {
    name: "RangeError",
    message: /scalarNetBackprop: y must be a finite number, got Infinity/,
  });
});

Deno.test("the question-5 network names itself and the failing step when float64 overflows", () => {
  // n^c = 1e308 * 10 + 1e308 * (-10) = Infinity - Infinity
  throws(() => convSigmoidDense([[1e308, 1e308]], { wc: [[10, -10]], bc: 0, Wf: [[1]], bf: [0] }), {
    name: "RangeError",
    message:
      /^convSigmoidDense: the convolution n\^c = conv2d\(x, wc\) \+ bc failed: conv2d: the output overflows/,
  });
  // c = sigma(10) = 0.99995, so n^f = 1e308 c + 1e308 = 1.99995e308 > MAX_VALUE (1.797e308)
  throws(() => convSigmoidDense([[10]], { wc: [[1]], bc: 0, Wf: [[1e308]], bf: [1e308] }), {
    name: "RangeError",
    message:
      /^convSigmoidDense: the dense layer n\^f = dense\(vec c, Wf, bf\) failed: dense: the output overflows/,
  });
  // (y - o)^2 with y = 1e200 is 1e400
  throws(
    () =>
      convSigmoidDenseBackprop({ x: [[0]], y: [1e200] }, { wc: [[1]], bc: 0, Wf: [[1]], bf: [0] }),
    {
      name: "RangeError",
      message:
        /^convSigmoidDenseBackprop: the loss E = sum \(y - o\)\^2 failed: squaredError: the loss overflows/,
    },
  );
  // x = 0: c = (1/2, 1/2), n^f = 0, delta^f = -2(1e10 - 1/2) / 4; dE/dc_0 = 1e308 delta^f
  throws(
    () =>
      convSigmoidDenseBackprop({ x: [[0, 0]], y: [1e10] }, {
        wc: [[1]],
        bc: 0,
        Wf: [[1e308, -1e308]],
        bf: [0],
      }),
    {
      name: "RangeError",
      message:
        /^convSigmoidDenseBackprop: dE\/dc = \(Wf\)\^T delta\^f overflows float64 \(got -Infinity at offset 0\)/,
    },
  );
  // n^c = 10 * 1e308
  throws(() => scalarNetBackprop({ x: 1e308, y: 0 }, { wc: 10, bc: 0, wf: 1, bf: 0 }), {
    name: "RangeError",
    message:
      /^scalarNetBackprop: the pre-activation n\^c = wc x \+ bc overflows float64 \(got Infinity\)/,
  });
  throws(() => scalarNetBackprop({ x: 1, y: 1e200 }, { wc: 1, bc: 0, wf: 1, bf: 0 }), {
    name: "RangeError",
    message:
      /^scalarNetBackprop: the loss E = \(y - o\)\^2 failed: squaredError: the loss overflows/,
  });
});
