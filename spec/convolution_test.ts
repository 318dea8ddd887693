/**
 * Specs for lib/convolution.ts: the document's question 2 worked cell by cell, algebraic
 * properties of conv2d (linearity, channel sums, filter stacks, flipping), output shapes
 * counted window by window (independently of lib/shapes.ts), the adjoint relation of convTranspose2d, and typed errors.
 *
 * Values are integers divided by 8 in [-2, 2]. Products are then multiples of 1/64 and the
 * sums here have at most a few hundred terms, so float64 holds every intermediate result
 * exactly: the algebraic identities are checked with tolerance 0.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  conv2d,
  conv2dCell,
  type Conv2dPadding,
  conv2dParameterCount,
  convolve2d,
  convTranspose2d,
  type Sides,
  Tensor,
} from "../mod.ts";

const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const K = [[0, 0], [1, 1]];

/** A tensor of the given shape with dyadic entries k/8, |k| <= 16. */
function dyadic(shape: number[]): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.array(fc.integer({ min: -16, max: 16 }), { minLength: size, maxLength: size })
    .map((ks) => new Tensor(shape, ks.map((k) => k / 8)));
}

/** Entry-wise equality of shape and values (0 and -0 count as equal, unlike deepStrictEqual). */
function sameTensor(actual: Tensor, expected: Tensor, tolerance = 0): void {
  deepStrictEqual(actual.shape, expected.shape);
  for (let i = 0; i < expected.size; i++) {
    ok(
      Math.abs(actual.data[i] - expected.data[i]) <= tolerance,
      `entry ${i}: ${actual.data[i]} vs ${expected.data[i]}`,
    );
  }
}

function add(a: Tensor, b: Tensor, scaleA = 1, scaleB = 1): Tensor {
  return new Tensor(a.shape, a.data.map((v, i) => scaleA * v + scaleB * b.data[i]));
}

/** Channel `c` of a [C][H][W] tensor as a [H][W] tensor. */
function slice(t: Tensor, c: number): Tensor {
  const plane = t.size / t.shape[0];
  return new Tensor(t.shape.slice(1), t.data.slice(c * plane, (c + 1) * plane));
}

/**
 * A convolution setting: channels, filters, kernel, stride, dilation, padding, and an
 * input size chosen so the dilated kernel always fits the padded input (no discards).
 */
function settingWith(padding: fc.Arbitrary<Conv2dPadding>) {
  return fc.record({
    channels: fc.integer({ min: 1, max: 3 }),
    filters: fc.integer({ min: 1, max: 3 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    dh: fc.integer({ min: 1, max: 3 }),
    dw: fc.integer({ min: 1, max: 3 }),
    extraH: fc.integer({ min: 0, max: 5 }),
    extraW: fc.integer({ min: 0, max: 5 }),
    padding,
  }).map((s) => {
    const p = s.padding;
    const [pt, pb, pl, pr] = p === "valid" || p === "same"
      ? [0, 0, 0, 0]
      : typeof p === "number"
      ? [p, p, p, p]
      : Array.isArray(p)
      ? [p[0], p[0], p[1], p[1]]
      : [(p as Sides).top, (p as Sides).bottom, (p as Sides).left, (p as Sides).right];
    const ekh = s.dh * (s.kh - 1) + 1, ekw = s.dw * (s.kw - 1) + 1;
    // "same" always fits; otherwise the padded input must hold the dilated kernel
    const height = (p === "same" ? 1 : Math.max(1, ekh - pt - pb)) + s.extraH;
    const width = (p === "same" ? 1 : Math.max(1, ekw - pl - pr)) + s.extraW;
    return {
      ...s,
      height,
      width,
      sides: { top: pt, bottom: pb, left: pl, right: pr },
      options: {
        stride: [s.sh, s.sw] as [number, number],
        dilation: [s.dh, s.dw] as [number, number],
        padding: p as Conv2dPadding,
      },
    };
  });
}

/** Every padding form. */
const setting = settingWith(fc.oneof(
  fc.constant("valid" as const),
  fc.constant("same" as const),
  fc.integer({ min: 0, max: 2 }),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  fc.record({
    top: fc.integer({ min: 0, max: 2 }),
    bottom: fc.integer({ min: 0, max: 2 }),
    left: fc.integer({ min: 0, max: 2 }),
    right: fc.integer({ min: 0, max: 2 }),
  }),
));

/** No padding: every weight meets a real input entry. */
const validSetting = settingWith(fc.constant("valid"));

/** Every padding form that states its zeros explicitly (not "same", which has its own test). */
const explicitSetting = settingWith(fc.oneof(
  fc.constant("valid" as const),
  fc.integer({ min: 0, max: 2 }),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  fc.record({
    top: fc.integer({ min: 0, max: 2 }),
    bottom: fc.integer({ min: 0, max: 2 }),
    left: fc.integer({ min: 0, max: 2 }),
    right: fc.integer({ min: 0, max: 2 }),
  }),
));

/**
 * The number of window positions along one axis, counted one by one without any formula
 * from lib/shapes.ts: the window starts at 0, s, 2s, ... in the padded input (size
 * n + before + after) and its taps sit at start, start + d, ..., start + d(k - 1); a
 * position counts while the last tap is still inside the padded input.
 */
function countWindowStarts(
  n: number,
  k: number,
  s: number,
  d: number,
  before: number,
  after: number,
): number {
  const padded = n + before + after;
  let count = 0;
  for (let start = 0; start + d * (k - 1) <= padded - 1; start += s) count++;
  return count;
}

Deno.test("conv2d() gives the document's 3x3 output for M and K", () => {
  deepStrictEqual(conv2d(M, K, { stride: 1, padding: "valid" }).toArray(), [
    [1, 1, 1],
    [0, 1, 3],
    [0, 0, 1],
  ]);
});

Deno.test("conv2dCell() gives the document's nine patches and their sums", () => {
  // The patches and values the document writes for O_00 ... O_22.
  const document = [
    [[[1, 0], [0, 1]], 1],
    [[[0, 0], [1, 0]], 1],
    [[[0, 2], [0, 1]], 1],
    [[[0, 1], [0, 0]], 0],
    [[[1, 0], [0, 1]], 1],
    [[[0, 1], [1, 2]], 3],
    [[[0, 0], [0, 0]], 0],
    [[[0, 1], [0, 0]], 0],
    [[[1, 2], [0, 1]], 1],
  ] as const;
  document.forEach(([patch, value], k) => {
    const cell = conv2dCell(M, K, Math.floor(k / 3), k % 3);
    deepStrictEqual(cell.patch.toArray(), patch);
    strictEqual(cell.sum, value);
    strictEqual(cell.output, value);
  });
});

Deno.test("conv2d() adds two input channels and stacks two filters, as in question 2 (b), (c)", () => {
  deepStrictEqual(conv2d([M, M], [K, K]).toArray(), [[[2, 2, 2], [0, 2, 6], [0, 0, 2]]]);
  const O = [[1, 1, 1], [0, 1, 3], [0, 0, 1]];
  deepStrictEqual(conv2d(M, [[K], [K]]).toArray(), [O, O]);
});

Deno.test("conv2d() has one output row per vertical window position and one column per horizontal one", () => {
  fc.assert(fc.property(explicitSetting, (s) => {
    const x = new Tensor([s.channels, s.height, s.width]);
    const w = new Tensor([s.filters, s.channels, s.kh, s.kw]);
    const { top, bottom, left, right } = s.sides;
    deepStrictEqual(conv2d(x, w, s.options).shape, [
      s.filters,
      countWindowStarts(s.height, s.kh, s.sh, s.dh, top, bottom),
      countWindowStarts(s.width, s.kw, s.sw, s.dw, left, right),
    ]);
  }));
});

Deno.test('conv2d() with padding "same" keeps ceil(n / stride) rows and columns', () => {
  fc.assert(fc.property(setting, (s) => {
    const x = new Tensor([s.channels, s.height, s.width]);
    const w = new Tensor([1, s.channels, s.kh, s.kw]);
    const y = conv2d(x, w, { ...s.options, padding: "same" });
    deepStrictEqual(y.shape, [1, Math.ceil(s.height / s.sh), Math.ceil(s.width / s.sw)]);
  }));
});

/** A setting with a random input, two random kernels and two dyadic scalars. */
const linearCase = setting.chain((s) =>
  fc.record({
    s: fc.constant(s),
    x: dyadic([s.channels, s.height, s.width]),
    x2: dyadic([s.channels, s.height, s.width]),
    w: dyadic([s.filters, s.channels, s.kh, s.kw]),
    w2: dyadic([s.filters, s.channels, s.kh, s.kw]),
    a: fc.integer({ min: -8, max: 8 }).map((k) => k / 4),
    b: fc.integer({ min: -8, max: 8 }).map((k) => k / 4),
  })
);

Deno.test("conv2d() is linear in the kernel: conv(x, aK + bL) = a conv(x, K) + b conv(x, L)", () => {
  fc.assert(fc.property(linearCase, ({ s, x, w, w2, a, b }) => {
    sameTensor(
      conv2d(x, add(w, w2, a, b), s.options),
      add(conv2d(x, w, s.options), conv2d(x, w2, s.options), a, b),
    );
  }));
});

Deno.test("conv2d() is linear in the input: conv(ax + by, K) = a conv(x, K) + b conv(y, K)", () => {
  fc.assert(fc.property(linearCase, ({ s, x, x2, w, a, b }) => {
    sameTensor(
      conv2d(add(x, x2, a, b), w, s.options),
      add(conv2d(x, w, s.options), conv2d(x2, w, s.options), a, b),
    );
  }));
});

Deno.test("conv2d() over several channels equals the sum of the per-channel convolutions", () => {
  fc.assert(fc.property(linearCase, ({ s, x, w }) => {
    const filter = new Tensor([s.channels, s.kh, s.kw], w.data.slice(0, s.channels * s.kh * s.kw));
    let sum = conv2d(slice(x, 0), slice(filter, 0), s.options);
    for (let c = 1; c < s.channels; c++) {
      sum = add(sum, conv2d(slice(x, c), slice(filter, c), s.options));
    }
    sameTensor(conv2d(x, filter, s.options), sum.reshape([1, ...sum.shape]));
  }));
});

Deno.test("conv2d() with several kernels equals the single-kernel outputs stacked", () => {
  fc.assert(fc.property(linearCase, ({ s, x, w }) => {
    const all = conv2d(x, w, s.options);
    for (let o = 0; o < s.filters; o++) {
      const one = conv2d(x, slice(w, o), s.options);
      sameTensor(slice(all, o), one.reshape(one.shape.slice(1)));
    }
  }));
});

Deno.test("conv2d() with a bias adds it to every entry of the filter's map", () => {
  fc.assert(fc.property(linearCase, fc.integer({ min: -8, max: 8 }), ({ s, x, w }, k) => {
    const bias = Array.from({ length: s.filters }, (_, o) => (k + o) / 4);
    const plain = conv2d(x, w, s.options);
    const shifted = conv2d(x, w, { ...s.options, bias });
    const plane = plain.size / s.filters;
    const expected = new Tensor(
      plain.shape,
      plain.data.map((v, i) => v + bias[Math.floor(i / plane)]),
    );
    sameTensor(shifted, expected);
  }));
});

Deno.test("convolve2d() equals conv2d() with the kernel turned by 180 degrees", () => {
  fc.assert(fc.property(linearCase, ({ s, x, w }) => {
    const f = new Tensor(w.shape);
    for (let o = 0; o < s.filters; o++) {
      for (let c = 0; c < s.channels; c++) {
        for (let u = 0; u < s.kh; u++) {
          for (let v = 0; v < s.kw; v++) f.set(o, c, u, v, w.get(o, c, s.kh - 1 - u, s.kw - 1 - v));
        }
      }
    }
    sameTensor(convolve2d(x, w, s.options), conv2d(x, f, s.options));
  }));
});

Deno.test("conv2dCell() output equals the matching entry of conv2d()", () => {
  fc.assert(fc.property(linearCase, fc.nat(), ({ s, x, w }, pick) => {
    const y = conv2d(x, w, { ...s.options, bias: 0.5 });
    const [filters, h, wd] = y.shape;
    const k = pick % (filters * h * wd);
    const [o, i, j] = [Math.floor(k / (h * wd)), Math.floor(k / wd) % h, k % wd];
    const cell = conv2dCell(x, w, i, j, { ...s.options, bias: 0.5, filter: o });
    strictEqual(cell.output, y.get(o, i, j));
    strictEqual(cell.products.data.reduce((a, b) => a + b, 0), cell.sum);
  }));
});

Deno.test("conv2dParameterCount equals the number of weights that influence conv2d's output", () => {
  // Without padding every weight meets a real input entry. (With padding a weight can meet
  // only padded zeros, as the corners of a 3x3 kernel on a 1x1 input do; it is still a
  // stored, trainable parameter, but this experiment cannot see it.)
  fc.assert(
    fc.property(validSetting, (s) => {
      // All-ones input: a weight influences the output exactly when conv2d reads it.
      const x = new Tensor(
        [s.channels, s.height, s.width],
        new Array(s.channels * s.height * s.width).fill(1),
      );
      const w = new Tensor([s.filters, s.channels, s.kh, s.kw]);
      const base = conv2d(x, w, { ...s.options, bias: new Array(s.filters).fill(0) });
      let used = 0;
      for (let k = 0; k < w.size; k++) {
        const bumped = w.clone();
        bumped.data[k] = 1;
        const y = conv2d(x, bumped, { ...s.options, bias: new Array(s.filters).fill(0) });
        if (y.data.some((v, i) => v !== base.data[i])) used++;
      }
      for (let o = 0; o < s.filters; o++) {
        const bias = new Array(s.filters).fill(0);
        bias[o] = 1;
        if (conv2d(x, w, { ...s.options, bias }).data.some((v, i) => v !== base.data[i])) used++;
      }
      strictEqual(
        used,
        conv2dParameterCount({
          inChannels: s.channels,
          outChannels: s.filters,
          kernel: [s.kh, s.kw],
        }),
      );
    }),
    { numRuns: 40 },
  );
});

/** Sizes of a small transposed convolution: channels, input, kernel, stride, dilation, raw output padding. */
const transposeSizes = {
  cin: fc.integer({ min: 1, max: 3 }),
  cout: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 5 }),
  w: fc.integer({ min: 1, max: 5 }),
  kh: fc.integer({ min: 1, max: 3 }),
  kw: fc.integer({ min: 1, max: 3 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 2 }),
  dw: fc.integer({ min: 1, max: 2 }),
  ah: fc.nat(),
  aw: fc.nat(),
};

/** A transposed-convolution setting: output padding below the stride, by construction. */
const transposeCase = fc.record(transposeSizes).map((s) => ({
  ...s,
  ah: s.ah % s.sh,
  aw: s.aw % s.sw,
})).chain((s) =>
  fc.record({
    s: fc.constant(s),
    x: dyadic([s.cin, s.h, s.w]),
    weight: dyadic([s.cin, s.cout, s.kh, s.kw]),
  })
);

/**
 * The output size of a transposed convolution along one axis, found by scattering instead
 * of by formula: input entry i with tap u lands at i s + u d of the uncropped output, so
 * that output ends at the largest position reached; PyTorch then crops p from each end and
 * appends a (the output padding) at the end.
 */
function countScatteredPositions(
  n: number,
  k: number,
  s: number,
  d: number,
  p: number,
  a: number,
): number {
  let last = -1;
  for (let i = 0; i < n; i++) {
    for (let u = 0; u < k; u++) last = Math.max(last, i * s + u * d);
  }
  return last + 1 - 2 * p + a;
}

/**
 * A transposed-convolution shape setting: the output padding is below the stride or the
 * dilation, and the padding leaves at least one output, by construction.
 */
const transposeShapeCase = fc.record({
  ...transposeSizes,
  ph: fc.nat(),
  pw: fc.nat(),
}).map((s) => {
  const ah = s.ah % Math.max(s.sh, s.dh), aw = s.aw % Math.max(s.sw, s.dw);
  // uncropped extent (n - 1)s + d(k - 1) + 1, plus a; cropping 2p must leave at least 1
  const fullH = (s.h - 1) * s.sh + s.dh * (s.kh - 1) + 1 + ah;
  const fullW = (s.w - 1) * s.sw + s.dw * (s.kw - 1) + 1 + aw;
  return {
    ...s,
    ah,
    aw,
    ph: s.ph % (Math.floor((fullH - 1) / 2) + 1),
    pw: s.pw % (Math.floor((fullW - 1) / 2) + 1),
  };
});

Deno.test("convTranspose2d() output spans every scattered position, less the padding, plus the output padding", () => {
  fc.assert(fc.property(transposeShapeCase, (s) => {
    const y = convTranspose2d(
      new Tensor([s.cin, s.h, s.w]),
      new Tensor([s.cin, s.cout, s.kh, s.kw]),
      {
        stride: [s.sh, s.sw],
        dilation: [s.dh, s.dw],
        padding: [s.ph, s.pw],
        outputPadding: [s.ah, s.aw],
      },
    );
    deepStrictEqual(y.shape, [
      s.cout,
      countScatteredPositions(s.h, s.kh, s.sh, s.dh, s.ph, s.ah),
      countScatteredPositions(s.w, s.kw, s.sw, s.dw, s.pw, s.aw),
    ]);
  }));
});

Deno.test("convTranspose2d() is the adjoint of conv2d(): <conv2d(z, w), x> = <z, convTranspose2d(x, w)>", () => {
  fc.assert(fc.property(transposeCase, fc.nat(), ({ s, x, weight }, seed) => {
    const options = {
      stride: [s.sh, s.sw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
    };
    const back = convTranspose2d(x, weight, { ...options, outputPadding: [s.ah, s.aw] });
    // z lives where convTranspose2d's output lives; conv2d maps it back to x's shape
    const z = new Tensor(back.shape, back.data.map((_, i) => (((i * 7 + seed) % 33) - 16) / 8));
    const forward = conv2d(z, weight, options);
    deepStrictEqual(forward.shape, x.shape);
    const left = forward.data.reduce((acc, v, i) => acc + v * x.data[i], 0);
    const right = back.data.reduce((acc, v, i) => acc + v * z.data[i], 0);
    strictEqual(left, right);
  }));
});

Deno.test("convTranspose2d() of one input entry places a scaled copy of the kernel", () => {
  // input 1 at (0, 0), stride 2, 2x2 kernel: the kernel lands in the top-left corner
  const y = convTranspose2d([[1, 0], [0, 0]], [[1, 2], [3, 4]], { stride: 2 });
  deepStrictEqual(y.toArray(), [[1, 2, 0, 0], [3, 4, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
});

Deno.test("conv2d() rejects a ragged input", () => {
  throws(() => conv2d([[1, 2, 3], [4, 5]], K), {
    name: "TypeError",
    message: /conv2d: ragged array: input\[1\] should have length 3, got length 2/,
  });
});

Deno.test("conv2d() rejects a kernel whose channels differ from the input's", () => {
  throws(() => conv2d([M, M, M], [K, K]), {
    name: "TypeError",
    message: /conv2d: kernel has 2 input channel\(s\) \(shape \[2,2,2\]\) but input has 3/,
  });
  throws(() => conv2d([M, M], K), { name: "TypeError", message: /kernel has 1 input channel/ });
});

Deno.test("conv2d() rejects a stride that is not a positive integer", () => {
  throws(() => conv2d(M, K, { stride: 0 }), {
    name: "RangeError",
    message: "conv2d: stride must be a positive integer, got 0",
  });
  throws(() => conv2d(M, K, { stride: 1.5 }), {
    name: "RangeError",
    message: "conv2d: stride must be a positive integer, got 1.5",
  });
  throws(() => conv2d(M, K, { stride: [1, -2] }), {
    name: "RangeError",
    message: "conv2d: stride[1] must be a positive integer, got -2",
  });
});

Deno.test("conv2d() rejects negative or fractional padding and unknown padding names", () => {
  throws(() => conv2d(M, K, { padding: -1 }), {
    name: "RangeError",
    message: "conv2d: padding must be a non-negative integer, got -1",
  });
  throws(() => conv2d(M, K, { padding: { top: 0, bottom: 0.5, left: 0, right: 0 } }), {
    name: "RangeError",
    message: "conv2d: padding.bottom must be a non-negative integer, got 0.5",
  });
  throws(() => conv2d(M, K, { padding: "full" as "same" }), {
    name: "TypeError",
    message: /conv2d: padding must be "valid", "same", .* got "full"/,
  });
});

Deno.test("conv2d() rejects a kernel larger than the padded input", () => {
  const five = Array.from({ length: 5 }, () => [1, 1]);
  throws(() => conv2d(M, five), {
    name: "RangeError",
    message: "conv2d: kernel height 5 exceeds padded input height 4",
  });
  throws(() => conv2d(M, [[1, 1, 1]], { dilation: 2 }), {
    name: "RangeError",
    message: "conv2d: kernel width 5 exceeds padded input width 4 (kernel 3 dilated by 2)",
  });
  // one zero on each side makes room: 4 + 2 = 6 >= 5
  deepStrictEqual(conv2d(M, five, { padding: [1, 0] }).shape, [2, 3]);
});

Deno.test("conv2d() rejects an empty input and NaN entries", () => {
  throws(() => conv2d([[]], K), { name: "RangeError", message: /conv2d: input is empty/ });
  throws(() => conv2d(M, [[0, NaN], [1, 1]]), {
    name: "RangeError",
    message: "conv2d: kernel[0][1] must be a finite number, got NaN",
  });
  throws(() => conv2d(M, K, { bias: NaN }), {
    name: "RangeError",
    message: "conv2d: bias must be a finite number, got NaN",
  });
});

Deno.test("conv2d() rejects a bias with the wrong number of entries", () => {
  throws(() => conv2d(M, [[K], [K]], { bias: [1, 2, 3] }), {
    name: "TypeError",
    message: "conv2d: bias must have one entry per filter (2), got 3",
  });
});

Deno.test("conv2dCell() rejects a cell or filter outside the output", () => {
  throws(() => conv2dCell(M, K, 3, 0), {
    name: "RangeError",
    message: "conv2dCell: cell (3, 0) is outside the 3x3 output",
  });
  throws(() => conv2dCell(M, K, 0, 0, { filter: 1 }), {
    name: "RangeError",
    message: "conv2dCell: filter must be below 1, got 1",
  });
});

Deno.test("convTranspose2d() rejects an output padding not below the stride or dilation", () => {
  throws(() => convTranspose2d(M, K, { stride: 2, outputPadding: 2 }), {
    name: "RangeError",
    message: "convTranspose2d: outputPadding must be smaller than stride 2 or dilation 1, got 2",
  });
  throws(() => convTranspose2d([M, M], [K], {}), {
    name: "TypeError",
    message: /convTranspose2d: kernel has 1 input channel/,
  });
});

Deno.test("conv2d, convolve2d, conv2dCell and convTranspose2d report float64 overflow as a RangeError, never NaN", () => {
  // one window: 1e308·10 + 1e308·(-10) = Infinity - Infinity = NaN
  const big = [[1e308, 1e308]];
  throws(() => conv2d(big, [[10, -10]]), {
    name: "RangeError",
    message: /^conv2d: the output overflows float64 \(got NaN at offset 0\)/,
  });
  throws(() => convolve2d(big, [[10, -10]]), {
    name: "RangeError",
    message: /^convolve2d: the output overflows float64/,
  });
  throws(() => conv2dCell(big, [[10, -10]], 0, 0), {
    name: "RangeError",
    message: /^conv2dCell: the output overflows float64 \(got NaN\)/,
  });
  // stride 1, 1x2 input x and 1x2 kernel k: output [x0·k0, x0·k1 + x1·k0, x1·k1]; with k = [1, 1]
  // the corners are 1e308 and the middle 2e308 = Infinity, the first non-finite entry, at offset 1
  throws(() => convTranspose2d(big, [[1, 1]]), {
    name: "RangeError",
    message: /^convTranspose2d: the output overflows float64 \(got Infinity at offset 1\)/,
  });
});
