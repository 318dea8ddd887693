/**
 * Specs for lib/pooling.ts: the document's pool shape, output shapes counted window by window,
 * properties that tie max and average pooling to their definitions, and typed errors.
 *
 * Values are integers divided by 8; a mean of a window of up to 16 such values is a sum
 * divided by the window size, so identities that compare means of the same sums hold
 * exactly, and the others carry an explained tolerance.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { avgPool2d, globalAvgPool2d, maxPool2d, Tensor } from "../mod.ts";

/** A tensor of the given shape with dyadic entries k/8, |k| <= 16. */
function dyadic(shape: number[]): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.array(fc.integer({ min: -16, max: 16 }), { minLength: size, maxLength: size })
    .map((ks) => new Tensor(shape, ks.map((k) => k / 8)));
}

/**
 * A pooling setting with a random input. Padding is at most half the window and the input
 * is built large enough for the dilated window, so every generated case is valid.
 */
function poolCaseWith(padded: boolean) {
  return fc.record({
    channels: fc.integer({ min: 1, max: 3 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    dh: fc.integer({ min: 1, max: 2 }),
    dw: fc.integer({ min: 1, max: 2 }),
    ph: fc.nat(),
    pw: fc.nat(),
    extraH: fc.integer({ min: 0, max: 6 }),
    extraW: fc.integer({ min: 0, max: 6 }),
    ceilMode: fc.boolean(),
  }).map((s) => {
    const ph = padded ? s.ph % (Math.floor(s.kh / 2) + 1) : 0;
    const pw = padded ? s.pw % (Math.floor(s.kw / 2) + 1) : 0;
    const height = Math.max(1, s.dh * (s.kh - 1) + 1 - 2 * ph) + s.extraH;
    const width = Math.max(1, s.dw * (s.kw - 1) + 1 - 2 * pw) + s.extraW;
    return { ...s, ph, pw, height, width };
  }).chain((s) => fc.record({ s: fc.constant(s), x: dyadic([s.channels, s.height, s.width]) }));
}

/** Any valid setting, padding included. */
const poolCase = poolCaseWith(true);

/** Settings without padding. */
const unpaddedCase = poolCaseWith(false);

Deno.test("maxPool2d() gives the document's 4x4x6 from 9x9x6 with a 3x3 window at stride 2", () => {
  const y = maxPool2d(new Tensor([6, 9, 9]), { kernel: 3, stride: 2, padding: 0 });
  deepStrictEqual(y.shape, [6, 4, 4]);
});

/**
 * The number of pooling windows along one axis, counted one by one without any formula from
 * lib/shapes.ts. Windows start at 0, s, 2s, ... in the padded input (size n + 2p) and their
 * taps reach d(k - 1) further. A window that fits the padded input counts. In ceil mode
 * PyTorch keeps one more, hanging past the end, if the window before it stopped short of
 * the end, and only if it starts inside the input or the left padding (start < n + p).
 */
function countPoolWindows(
  n: number,
  k: number,
  s: number,
  p: number,
  d: number,
  ceilMode: boolean,
): number {
  const padded = n + 2 * p, reach = d * (k - 1);
  let count = 0;
  for (let start = 0;; start += s) {
    if (start + reach <= padded - 1) {
      count++;
      continue;
    }
    const previousStoppedShort = start - s + reach < padded - 1;
    if (ceilMode && count > 0 && previousStoppedShort && start < n + p) count++;
    return count;
  }
}

Deno.test("maxPool2d() and avgPool2d() have one output per window position, PyTorch's ceil-mode window included", () => {
  fc.assert(fc.property(poolCase, ({ s, x }) => {
    const common = { kernel: [s.kh, s.kw], stride: [s.sh, s.sw], padding: [s.ph, s.pw] } as const;
    deepStrictEqual(
      maxPool2d(x, { ...common, dilation: [s.dh, s.dw], ceilMode: s.ceilMode }).shape,
      [
        s.channels,
        countPoolWindows(s.height, s.kh, s.sh, s.ph, s.dh, s.ceilMode),
        countPoolWindows(s.width, s.kw, s.sw, s.pw, s.dw, s.ceilMode),
      ],
    );
    deepStrictEqual(avgPool2d(x, { ...common, ceilMode: s.ceilMode }).shape, [
      s.channels,
      countPoolWindows(s.height, s.kh, s.sh, s.ph, 1, s.ceilMode),
      countPoolWindows(s.width, s.kw, s.sw, s.pw, 1, s.ceilMode),
    ]);
  }));
});

Deno.test("maxPool2d() returns entries of the same input channel, never a padded value", () => {
  // Without dilation every window holds at least one real entry (padding is at most half
  // the window, and ceil mode starts no window in the right padding).
  fc.assert(
    fc.property(poolCase.map(({ s, x }) => ({ s: { ...s, dh: 1, dw: 1 }, x })), ({ s, x }) => {
      const y = maxPool2d(x, {
        kernel: [s.kh, s.kw],
        stride: [s.sh, s.sw],
        padding: [s.ph, s.pw],
        dilation: [s.dh, s.dw],
        ceilMode: s.ceilMode,
      });
      const plane = s.height * s.width, outPlane = y.size / s.channels;
      for (let k = 0; k < y.size; k++) {
        const c = Math.floor(k / outPlane);
        ok(x.data.slice(c * plane, (c + 1) * plane).includes(y.data[k]), `output ${k}`);
      }
    }),
  );
});

Deno.test("maxPool2d() commutes with adding a constant: pool(x + c) = pool(x) + c", () => {
  fc.assert(fc.property(poolCase, fc.integer({ min: -16, max: 16 }), ({ s, x }, k) => {
    const options = {
      kernel: [s.kh, s.kw] as [number, number],
      stride: [s.sh, s.sw] as [number, number],
      padding: [s.ph, s.pw] as [number, number],
      dilation: [s.dh, s.dw] as [number, number],
      ceilMode: s.ceilMode,
    };
    const shifted = maxPool2d(new Tensor(x.shape, x.data.map((v) => v + k / 8)), options);
    // entries are multiples of 1/8 below 8 in size: the additions are exact
    deepStrictEqual(
      shifted.toFlatArray(),
      maxPool2d(x, options).toFlatArray().map((v) => v + k / 8),
    );
  }));
});

Deno.test("avgPool2d() lies between the window's min and max without padding", () => {
  fc.assert(fc.property(unpaddedCase, ({ s, x }) => {
    const options = {
      kernel: [s.kh, s.kw] as [number, number],
      stride: [s.sh, s.sw] as [number, number],
    };
    const avg = avgPool2d(x, options);
    const max = maxPool2d(x, options);
    const negated = new Tensor(x.shape, x.data.map((v) => -v));
    const min = maxPool2d(negated, options).data.map((v) => -v);
    // a mean of k/8 values can round; 1e-15 is far below the 1/8 grid of the data
    avg.data.forEach((v, i) => ok(min[i] - 1e-15 <= v && v <= max.data[i] + 1e-15, `entry ${i}`));
  }));
});

Deno.test("avgPool2d() of a constant map is that constant when padding is not counted", () => {
  fc.assert(fc.property(poolCase, fc.integer({ min: -16, max: 16 }), ({ s }, k) => {
    const x = new Tensor(
      [s.channels, s.height, s.width],
      new Array(s.channels * s.height * s.width).fill(k / 8),
    );
    const y = avgPool2d(x, {
      kernel: [s.kh, s.kw],
      stride: [s.sh, s.sw],
      padding: [s.ph, s.pw],
      ceilMode: s.ceilMode,
      countIncludePad: false,
    });
    // n copies of k/8 sum exactly to n k/8, and dividing by n gives k/8 exactly
    ok(y.data.every((v) => v === k / 8));
  }));
});

Deno.test("avgPool2d() counting padding scales each window by (real entries) / (padded window)", () => {
  // 3x3 ones, window 2, stride 2, padding 1: windows hold 1, 2, 2, 4 real entries of 4
  const ones = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
  deepStrictEqual(avgPool2d(ones, { kernel: 2, padding: 1 }).toArray(), [
    [0.25, 0.5],
    [0.5, 1],
  ]);
  deepStrictEqual(avgPool2d(ones, { kernel: 2, padding: 1, countIncludePad: false }).toArray(), [
    [1, 1],
    [1, 1],
  ]);
});

Deno.test("avgPool2d() in ceil mode divides a clipped window by its clipped size", () => {
  // 3 columns, window 2, stride 2, ceil mode: windows [0, 1] and [2] (the second hangs over)
  deepStrictEqual(avgPool2d([[2, 4, 6]], { kernel: [1, 2], ceilMode: true }).toArray(), [[3, 6]]);
});

Deno.test("globalAvgPool2d() equals avgPool2d() with one window covering the whole map", () => {
  fc.assert(fc.property(poolCase, ({ s, x }) => {
    const whole = avgPool2d(x, { kernel: [s.height, s.width] });
    deepStrictEqual(globalAvgPool2d(x).toFlatArray(), whole.toFlatArray());
  }));
});

Deno.test("maxPool2d() of a dilated window that holds only padding is -Infinity, as in PyTorch", () => {
  // one row; window of 2 taps 2 apart with 1 row of padding: taps at rows -1 and 1
  deepStrictEqual(
    maxPool2d([[5]], { kernel: [2, 1], dilation: [2, 1], padding: [1, 0] }).toArray(),
    [[-Infinity]],
  );
});

Deno.test("maxPool2d() with a 1x1 window and stride 1 is the identity", () => {
  fc.assert(fc.property(poolCase, ({ x }) => {
    deepStrictEqual(maxPool2d(x, { kernel: 1 }).toFlatArray(), x.toFlatArray());
  }));
});

Deno.test("pooling rejects a missing window, a bad stride, and padding above half the window", () => {
  throws(() => maxPool2d([[1]], undefined as unknown as { kernel: number }), {
    name: "TypeError",
    message: "maxPool2d: options.kernel is required (the window size), got undefined",
  });
  throws(() => avgPool2d([[1, 2], [3, 4]], { kernel: 2, stride: 0 }), {
    name: "RangeError",
    message: "avgPool2d: stride must be a positive integer, got 0",
  });
  throws(() => maxPool2d([[1, 2], [3, 4]], { kernel: 2, padding: 2 }), {
    name: "RangeError",
    message: "maxPool2d: padding must be at most half the kernel height 2 (1), got 2",
  });
});

Deno.test("pooling rejects a window larger than the padded input", () => {
  throws(() => maxPool2d(new Tensor([4, 4]), { kernel: [5, 1] }), {
    name: "RangeError",
    message: "maxPool2d: kernel height 5 exceeds padded input height 4",
  });
  throws(() => avgPool2d(new Tensor([2, 4, 3]), { kernel: 4 }), {
    name: "RangeError",
    message: "avgPool2d: kernel width 4 exceeds padded input width 3",
  });
});

Deno.test("pooling rejects ragged, empty and non-finite input", () => {
  throws(() => maxPool2d([[1, 2], [3]], { kernel: 1 }), {
    name: "TypeError",
    message: /maxPool2d: ragged array: input\[1\]/,
  });
  throws(() => avgPool2d([[]], { kernel: 1 }), {
    name: "RangeError",
    message: /avgPool2d: input is empty/,
  });
  throws(() => globalAvgPool2d([[1, NaN]]), {
    name: "RangeError",
    message: "globalAvgPool2d: input[0][1] must be a finite number, got NaN",
  });
  strictEqual(globalAvgPool2d([[1, 3]]).get(0), 2);
});

Deno.test("avgPool2d() and globalAvgPool2d() return the true mean where the window's sum overflows float64", () => {
  // 1e308 + 1e308 = Infinity, but the mean of 1e308, 1e308, -1e308, -1e308 is 0, and each
  // quarter 2.5e307 is exact (dividing by 4 only shifts the exponent)
  const x = [[1e308, 1e308], [-1e308, -1e308]];
  deepStrictEqual(avgPool2d(x, { kernel: 2 }).toArray(), [[0]]);
  deepStrictEqual(globalAvgPool2d(x).toArray(), [0]);
  // the mean of 1e308 and 1e308 is 1e308: halves are exact, and 5e307 + 5e307 = 1e308
  deepStrictEqual(avgPool2d([[1e308, 1e308]], { kernel: [1, 2] }).toArray(), [[1e308]]);
  deepStrictEqual(globalAvgPool2d([[1e308, 1e308]]).toArray(), [1e308]);
});

Deno.test("avgPool2d() and globalAvgPool2d() report a mean that float64 rounding still overflows as a RangeError", () => {
  // three entries of MAX_VALUE: the sum is Infinity, and so is MAX_VALUE/3 added three times
  // (MAX_VALUE/3 rounds up, and three of it round past MAX_VALUE)
  const M = Number.MAX_VALUE;
  throws(() => avgPool2d([[M, M, M]], { kernel: [1, 3] }), {
    name: "RangeError",
    message: /^avgPool2d: the output overflows float64 \(got Infinity at offset 0\)/,
  });
  throws(() => globalAvgPool2d([[M, M, M]]), {
    name: "RangeError",
    message: /^globalAvgPool2d: the output overflows float64 \(got Infinity at offset 0\)/,
  });
});
