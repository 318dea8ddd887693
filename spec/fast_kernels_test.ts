/**
 * Specs for the fast kernels of issue 13: conv2d (with groups), convolve2d,
 * convTranspose2d (with asymmetric padding), maxPool2d, avgPool2d, dense and matmul agree
 * with the textbook loops of spec/_reference.ts for random shapes, strides, paddings,
 * dilations and groups.
 *
 * The entries are random doubles in [-1, 1], so the fast kernels (which add the same
 * products in another order) differ from the loops by rounding. The tolerance is relative
 * 1e-12 of each entry's scale, $|b_o| + \sum |w|\,|x|$ (the same loop on absolute values):
 * reordering a sum of at most a few hundred terms moves it by at most about
 * $k \cdot 2^{-53}$ of that scale, far below 1e-12, while a wrong index or a dropped tap
 * moves it by a whole term. Max pooling only compares, so it must agree exactly.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  avgPool2d,
  col2im,
  conv2d,
  conv2dCell,
  convolve2d,
  convTranspose2d,
  dense,
  im2col,
  matmul,
  maxPool2d,
  mulberry32,
  Tensor,
} from "../mod.ts";
import {
  absolute,
  referenceAvgPool2d,
  referenceConv2d,
  referenceConvTranspose2d,
  referenceDense,
  referenceMatmul,
  referenceMaxPool2d,
} from "./_reference.ts";

const RELATIVE = 1e-12;

/** A tensor of the given shape with doubles in [-1, 1]. */
function doubles(shape: number[]): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
    minLength: size,
    maxLength: size,
  }).map((v) => new Tensor(shape, v));
}

/** `actual` equals `expected` within RELATIVE times `scale`, entry by entry. */
function close(actual: Tensor, expected: Tensor, scale: Tensor): void {
  deepStrictEqual(actual.shape, expected.shape);
  for (let i = 0; i < expected.size; i++) {
    const gap = Math.abs(actual.data[i] - expected.data[i]);
    ok(
      gap <= RELATIVE * scale.data[i],
      `entry ${i}: fast ${actual.data[i]}, reference ${expected.data[i]} (scale ${scale.data[i]})`,
    );
  }
}

/**
 * A grouped convolution: G groups of 1–3 channels and 1–5 filters (so the blocked product
 * meets both its 4x4 blocks and its remainders), kernel 1–4, stride and dilation 1–3, each
 * side padded 0–3, and an input 0–6 larger than the smallest the dilated kernel fits in.
 */
const convCase = fc.record({
  groups: fc.integer({ min: 1, max: 3 }),
  perGroup: fc.integer({ min: 1, max: 3 }),
  filtersPerGroup: fc.integer({ min: 1, max: 5 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 3 }),
  dw: fc.integer({ min: 1, max: 3 }),
  top: fc.nat(3),
  bottom: fc.nat(3),
  left: fc.nat(3),
  right: fc.nat(3),
  extraH: fc.nat(6),
  extraW: fc.nat(6),
}).chain((s) => {
  const C = s.groups * s.perGroup, F = s.groups * s.filtersPerGroup;
  const H = Math.max(1, s.dh * (s.kh - 1) + 1 - s.top - s.bottom + s.extraH);
  const W = Math.max(1, s.dw * (s.kw - 1) + 1 - s.left - s.right + s.extraW);
  return fc.record({
    s: fc.constant(s),
    x: doubles([C, H, W]),
    w: doubles([F, s.perGroup, s.kh, s.kw]),
    bias: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: F, maxLength: F }),
  });
});

Deno.test("conv2d() equals the textbook loops for random shapes, strides, paddings, dilations and groups", () => {
  fc.assert(fc.property(convCase, ({ s, x, w, bias }) => {
    const padding = { top: s.top, bottom: s.bottom, left: s.left, right: s.right };
    const settings = {
      stride: [s.sh, s.sw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
      padding,
      groups: s.groups,
    };
    const fast = conv2d(x, w, { ...settings, bias });
    const scale = referenceConv2d(absolute(x), absolute(w), {
      ...settings,
      bias: bias.map(Math.abs),
    });
    close(fast, referenceConv2d(x, w, { ...settings, bias }), scale);
  }));
});

Deno.test("convolve2d() equals the textbook loops with each kernel turned by 180 degrees", () => {
  fc.assert(fc.property(convCase, ({ s, x, w, bias }) => {
    const [F, Cg, kh, kw] = w.shape;
    const turned = new Tensor(w.shape);
    for (let f = 0; f < F * Cg; f++) {
      for (let u = 0; u < kh; u++) {
        for (let v = 0; v < kw; v++) {
          turned.data[(f * kh + u) * kw + v] = w.data[(f * kh + kh - 1 - u) * kw + kw - 1 - v];
        }
      }
    }
    const settings = {
      stride: [s.sh, s.sw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
      padding: { top: s.top, bottom: s.bottom, left: s.left, right: s.right },
      groups: s.groups,
    };
    const scale = referenceConv2d(absolute(x), absolute(turned), {
      ...settings,
      bias: bias.map(Math.abs),
    });
    close(
      convolve2d(x, w, { ...settings, bias }),
      referenceConv2d(x, turned, { ...settings, bias }),
      scale,
    );
  }));
});

Deno.test("conv2dCell() with groups reads the filter's own channel group", () => {
  fc.assert(fc.property(convCase, fc.nat(), ({ s, x, w, bias }, pick) => {
    const options = {
      stride: [s.sh, s.sw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
      padding: { top: s.top, bottom: s.bottom, left: s.left, right: s.right },
      groups: s.groups,
      bias,
    };
    const y = referenceConv2d(x, w, options);
    const [F, oh, ow] = y.shape;
    const k = pick % (F * oh * ow);
    const filter = Math.floor(k / (oh * ow));
    const cell = conv2dCell(x, w, Math.floor(k / ow) % oh, k % ow, { ...options, filter });
    const scale = referenceConv2d(absolute(x), absolute(w), {
      ...options,
      bias: bias.map(Math.abs),
    });
    ok(Math.abs(cell.output - y.data[k]) <= RELATIVE * scale.data[k]);
  }));
});

Deno.test("conv2d() on an image larger than one patch strip equals the textbook loops", () => {
  // 3x200x200 with a 5x5 kernel: 196 output rows of 196 patches of 75 taps, about 2.9M
  // entries, made and used in three strips of grid rows
  const random = mulberry32(13);
  const x = new Tensor([3, 200, 200], Array.from({ length: 120000 }, () => 2 * random() - 1));
  const w = new Tensor([2, 3, 5, 5], Array.from({ length: 150 }, () => 2 * random() - 1));
  const settings = {
    stride: [1, 1] as [number, number],
    dilation: [1, 1] as [number, number],
    padding: { top: 0, bottom: 0, left: 0, right: 0 },
    groups: 1,
  };
  close(
    conv2d(x, w),
    referenceConv2d(x, w, { ...settings, bias: [0, 0] }),
    referenceConv2d(absolute(x), absolute(w), { ...settings, bias: [0, 0] }),
  );
});

/**
 * A transposed convolution: 1–4 input and 1–5 output channels, kernel 1–4, stride and
 * dilation 1–3, an output padding below the stride or the dilation, each side cropped
 * 0–2 (cases where the crop leaves nothing are skipped by construction: the input grows).
 */
const transposeCase = fc.record({
  C: fc.integer({ min: 1, max: 4 }),
  F: fc.integer({ min: 1, max: 5 }),
  H: fc.integer({ min: 1, max: 5 }),
  W: fc.integer({ min: 1, max: 5 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 3 }),
  dw: fc.integer({ min: 1, max: 3 }),
  ah: fc.nat(2),
  aw: fc.nat(2),
  top: fc.nat(2),
  bottom: fc.nat(2),
  left: fc.nat(2),
  right: fc.nat(2),
}).map((s) => {
  // an output padding must be below the stride or the dilation
  const ah = s.ah < Math.max(s.sh, s.dh) ? s.ah : 0;
  const aw = s.aw < Math.max(s.sw, s.dw) ? s.aw : 0;
  // grow the input until the crop leaves at least one row and column
  let H = s.H, W = s.W;
  while ((H - 1) * s.sh - s.top - s.bottom + s.dh * (s.kh - 1) + ah + 1 < 1) H++;
  while ((W - 1) * s.sw - s.left - s.right + s.dw * (s.kw - 1) + aw + 1 < 1) W++;
  return { ...s, ah, aw, H, W };
}).chain((s) =>
  fc.record({
    s: fc.constant(s),
    x: doubles([s.C, s.H, s.W]),
    w: doubles([s.C, s.F, s.kh, s.kw]),
    bias: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
      minLength: s.F,
      maxLength: s.F,
    }),
  })
);

Deno.test("convTranspose2d() equals the textbook scatter for random shapes, strides, paddings and dilations", () => {
  fc.assert(fc.property(transposeCase, ({ s, x, w, bias }) => {
    const settings = {
      stride: [s.sh, s.sw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
      outputPadding: [s.ah, s.aw] as [number, number],
      padding: { top: s.top, bottom: s.bottom, left: s.left, right: s.right },
    };
    const scale = referenceConvTranspose2d(absolute(x), absolute(w), {
      ...settings,
      bias: bias.map(Math.abs),
    });
    close(
      convTranspose2d(x, w, { ...settings, bias }),
      referenceConvTranspose2d(x, w, { ...settings, bias }),
      scale,
    );
  }));
});

/** A pooling window: kernel 1–4, stride 1–3, dilation 1–3, padding at most half the window. */
const poolCase = fc.record({
  C: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 3 }),
  dw: fc.integer({ min: 1, max: 3 }),
  ph: fc.nat(2),
  pw: fc.nat(2),
  extraH: fc.nat(6),
  extraW: fc.nat(6),
}).map((s) => ({
  ...s,
  ph: Math.min(s.ph, Math.floor(s.kh / 2)),
  pw: Math.min(s.pw, Math.floor(s.kw / 2)),
})).chain((s) =>
  fc.record({
    s: fc.constant(s),
    x: doubles([
      s.C,
      Math.max(1, s.dh * (s.kh - 1) + 1 - 2 * s.ph) + s.extraH,
      Math.max(1, s.dw * (s.kw - 1) + 1 - 2 * s.pw) + s.extraW,
    ]),
  })
);

Deno.test("maxPool2d() equals the textbook loops exactly for random windows, strides, paddings and dilations", () => {
  fc.assert(fc.property(poolCase, ({ s, x }) => {
    const settings = {
      kernel: [s.kh, s.kw] as [number, number],
      stride: [s.sh, s.sw] as [number, number],
      padding: [s.ph, s.pw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
    };
    const fast = maxPool2d(x, settings), reference = referenceMaxPool2d(x, settings);
    deepStrictEqual(fast.shape, reference.shape);
    // === counts 0 and -0 as equal: a window holding both may report either
    for (let i = 0; i < fast.size; i++) {
      ok(fast.data[i] === reference.data[i], `entry ${i}: ${fast.data[i]} vs ${reference.data[i]}`);
    }
  }));
});

Deno.test("avgPool2d() equals the textbook loops for random windows, strides and paddings", () => {
  fc.assert(fc.property(poolCase, ({ s, x }) => {
    // avgPool2d has no dilation: use the case's window without it
    const settings = {
      kernel: [s.kh, s.kw] as [number, number],
      stride: [s.sh, s.sw] as [number, number],
      padding: [s.ph, s.pw] as [number, number],
    };
    close(
      avgPool2d(x, settings),
      referenceAvgPool2d(x, settings),
      referenceAvgPool2d(absolute(x), settings),
    );
  }));
});

const denseCase = fc.record({
  N: fc.integer({ min: 1, max: 9 }),
  nin: fc.integer({ min: 1, max: 12 }),
  nout: fc.integer({ min: 1, max: 9 }),
}).chain((s) =>
  fc.record({
    x: doubles([s.N, s.nin]),
    w: doubles([s.nout, s.nin]),
    bias: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
      minLength: s.nout,
      maxLength: s.nout,
    }),
  })
);

Deno.test("dense() on a batch equals the textbook loops for random sizes", () => {
  fc.assert(fc.property(denseCase, ({ x, w, bias }) => {
    close(
      dense(x, w, bias),
      referenceDense(x, w, bias),
      referenceDense(absolute(x), absolute(w), bias.map(Math.abs)),
    );
  }));
});

Deno.test("matmul() equals the textbook triple loop for random sizes", () => {
  const sizes = fc.record({
    m: fc.integer({ min: 1, max: 9 }),
    k: fc.integer({ min: 1, max: 9 }),
    n: fc.integer({ min: 1, max: 70 }), // past one 64-column panel
  });
  fc.assert(
    fc.property(
      sizes.chain(({ m, k, n }) => fc.tuple(doubles([m, k]), doubles([k, n]))),
      ([a, b]) =>
        close(matmul(a, b), referenceMatmul(a, b), referenceMatmul(absolute(a), absolute(b))),
    ),
    { numRuns: 50 },
  );
});

Deno.test("col2im() is the adjoint of im2col(): <im2col(x), P> = <x, col2im(P)>", () => {
  // dyadic entries k/8: every product and sum here is exact in float64, so tolerance 0
  const dyadic = (shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(fc.integer({ min: -16, max: 16 }), { minLength: size, maxLength: size })
      .map((v) => new Tensor(shape, v.map((k) => k / 8)));
  };
  fc.assert(fc.property(
    convCase.chain(({ s, x }) => {
      const options = {
        kernel: [s.kh, s.kw] as [number, number],
        stride: [s.sh, s.sw] as [number, number],
        dilation: [s.dh, s.dw] as [number, number],
        padding: { top: s.top, bottom: s.bottom, left: s.left, right: s.right },
      };
      const shape = im2col(x, options).shape as number[];
      return fc.record({
        options: fc.constant(options),
        x: dyadic(x.shape as number[]),
        P: dyadic(shape),
      });
    }),
    ({ options, x, P }) => {
      const [C, H, W] = x.shape;
      const left = im2col(x, options).data.reduce((sum, v, i) => sum + v * P.data[i], 0);
      const back = col2im(P, { ...options, channels: C, height: H, width: W });
      const right = back.data.reduce((sum, v, i) => sum + v * x.data[i], 0);
      strictEqual(left, right);
    },
  ));
});

Deno.test("conv2d() depthwise (groups = channels) convolves each channel with its own filter", () => {
  // two channels, one 2x2 filter each: the channels do not mix
  const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
  const K = [[0, 0], [1, 1]];
  const O = [[1, 1, 1], [0, 1, 3], [0, 0, 1]];
  const y = conv2d([M, M], [[K], [[[1, 0], [0, 0]]]], { groups: 2 });
  deepStrictEqual(y.toArray(), [O, M.slice(0, 3).map((row) => row.slice(0, 3))]);
});

Deno.test("conv2d() rejects groups that do not divide the channels or the filters, naming the value", () => {
  const x = new Tensor([4, 3, 3]);
  throws(() => conv2d(x, new Tensor([6, 2, 1, 1]), { groups: 3 }), {
    name: "RangeError",
    message: "conv2d: groups must divide the input channels (4), got 3",
  });
  throws(() => conv2d(x, new Tensor([3, 2, 1, 1]), { groups: 2 }), {
    name: "RangeError",
    message: /^conv2d: groups must divide the filters \(3, kernel shape \[3,2,1,1\]\), got 2$/,
  });
  throws(() => conv2d(x, new Tensor([4, 4, 1, 1]), { groups: 2 }), {
    name: "TypeError",
    message: /^conv2d: with groups 2 the kernel must have 2 input channel\(s\).*got 4/,
  });
  throws(() => conv2d(x, new Tensor([4, 4, 1, 1]), { groups: 0 }), {
    name: "RangeError",
    message: /^conv2d: groups must be a positive integer, got 0/,
  });
  throws(() => convolve2d(x, new Tensor([4, 2, 1, 1]), { groups: 1.5 }), {
    name: "RangeError",
    message: /^convolve2d: groups/,
  });
});

Deno.test("convTranspose2d() crops each side by its own padding", () => {
  // a 2x2 input at stride 2 with a 2x2 kernel of ones covers 4x4; crop 1 row on top only
  // and 1 column on the right only
  const y = convTranspose2d([[1, 2], [3, 4]], [[1, 1], [1, 1]], {
    stride: 2,
    padding: { top: 1, bottom: 0, left: 0, right: 1 },
  });
  deepStrictEqual(y.toArray(), [[1, 1, 2], [3, 3, 4], [3, 3, 4]]);
  throws(
    () =>
      convTranspose2d([[1]], [[1, 1], [1, 1]], {
        padding: { top: 2, bottom: 0, left: 0, right: 0 },
      }),
    { name: "RangeError", message: /^convTranspose2d: padding 2 \+ 0 leaves no output height/ },
  );
  throws(
    () => convTranspose2d([[1]], [[1]], { padding: { top: 0, bottom: -1, left: 0, right: 0 } }),
    { name: "RangeError", message: /^convTranspose2d: padding.bottom/ },
  );
});
