/**
 * Specs for lib/shapes.ts: the document's sizes and counts, the output-size formulas
 * checked against a count of window positions (a different way to the same number), the
 * "same" split, the transposed size as an inverse, PyTorch's ceil-mode rule, and errors.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  conv2dGeometry,
  conv2dParameterCount,
  convOutputSize,
  convTransposeOutputSize,
  denseParameterCount,
  effectiveKernelSize,
  poolOutputSize,
  samePadding,
} from "../mod.ts";

/** Counts the window starts 0, s, 2s, ... whose last tap still lies in the padded input. */
function countWindows(padded: number, effective: number, stride: number): number {
  let count = 0;
  for (let start = 0; start + effective <= padded; start += stride) count++;
  return count;
}

/**
 * One axis: kernel, stride, dilation, padding on each end, and an input size that always
 * leaves room for the dilated kernel (built so, rather than filtered).
 */
const axis = fc.record({
  kernel: fc.integer({ min: 1, max: 5 }),
  stride: fc.integer({ min: 1, max: 4 }),
  dilation: fc.integer({ min: 1, max: 3 }),
  before: fc.integer({ min: 0, max: 3 }),
  after: fc.integer({ min: 0, max: 3 }),
  extra: fc.integer({ min: 0, max: 12 }),
}).map((a) => {
  const effective = a.dilation * (a.kernel - 1) + 1;
  return { ...a, effective, n: Math.max(1, effective - a.before - a.after) + a.extra };
});

Deno.test("convOutputSize gives the document's sizes: 3 (question 2), 9, 4 and 4 (question 3)", () => {
  strictEqual(convOutputSize(4, { kernel: 2, stride: 1 }), 3); // (4 - 2)/1 + 1
  strictEqual(convOutputSize(21, { kernel: 5, stride: 2 }), 9); // (21 - 5)/2 + 1
  strictEqual(poolOutputSize(9, { kernel: 3, stride: 2 }), 4); // (9 - 3)/2 + 1
  strictEqual(convOutputSize(4, { kernel: 3, padding: 1 }), 4); // (4 + 2 - 3)/1 + 1
});

Deno.test("convOutputSize equals the number of window positions that fit the padded input", () => {
  fc.assert(fc.property(axis, (a) => {
    strictEqual(
      convOutputSize(a.n, {
        kernel: a.kernel,
        stride: a.stride,
        dilation: a.dilation,
        padding: [a.before, a.after],
      }),
      countWindows(a.n + a.before + a.after, a.effective, a.stride),
    );
  }));
});

Deno.test("effectiveKernelSize is the span from the first tap to the last, d(k-1)+1", () => {
  fc.assert(fc.property(axis, (a) => {
    const taps = Array.from({ length: a.kernel }, (_, u) => u * a.dilation);
    strictEqual(effectiveKernelSize(a.kernel, a.dilation), taps[taps.length - 1] - taps[0] + 1);
  }));
});

Deno.test("samePadding keeps ceil(n / s) outputs with the fewest zeros, the odd one at the end", () => {
  fc.assert(fc.property(axis, (a) => {
    const p = samePadding(a.n, { kernel: a.kernel, stride: a.stride, dilation: a.dilation });
    strictEqual(p.output, Math.ceil(a.n / a.stride));
    strictEqual(p.total, p.before + p.after);
    ok(p.after - p.before === 0 || p.after - p.before === 1, "extra zero goes after");
    // the padding gives exactly that many windows ...
    strictEqual(countWindows(a.n + p.total, a.effective, a.stride), p.output);
    // ... and one zero fewer would not fit the last window
    if (p.total > 0) ok((p.output - 1) * a.stride + a.effective > a.n + p.total - 1);
  }));
});

Deno.test("convTransposeOutputSize inverts convOutputSize for every output padding below the stride", () => {
  fc.assert(fc.property(axis, fc.nat(), (a, pick) => {
    const outputPadding = pick % a.stride;
    const padding = Math.min(a.before, Math.floor((a.n - 1) * a.stride / 2));
    const options = { kernel: a.kernel, stride: a.stride, dilation: a.dilation, padding };
    const up = convTransposeOutputSize(a.n, { ...options, outputPadding });
    strictEqual(convOutputSize(up, options), a.n);
  }));
});

Deno.test("poolOutputSize in ceil mode is the floor count or one more, and no window starts in the right padding", () => {
  fc.assert(fc.property(axis, (a) => {
    const padding = Math.min(a.before, Math.floor(a.kernel / 2));
    const n = Math.max(a.n, a.effective - 2 * padding); // the window fits the padded input
    const options = { kernel: a.kernel, stride: a.stride, dilation: a.dilation, padding };
    const floor = poolOutputSize(n, options);
    const ceil = poolOutputSize(n, { ...options, ceilMode: true });
    strictEqual(floor, countWindows(n + 2 * padding, a.effective, a.stride));
    ok(ceil === floor || ceil === floor + 1, `ceil ${ceil}, floor ${floor}`);
    // the last window starts inside the input or the left padding
    ok((ceil - 1) * a.stride < n + padding);
    const slack = n + 2 * padding - a.effective; // room left after the first window
    if (ceil === floor + 1) {
      // the extra window hangs past the padded input (else the floor count would hold it)
      ok(floor * a.stride > slack);
    } else {
      // no partial window was left over, or it would have started in the right padding
      ok(slack % a.stride === 0 || floor * a.stride >= n + padding);
    }
  }));
});

Deno.test("conv2dGeometry applies convOutputSize to each axis with its own padding", () => {
  const g = conv2dGeometry({ height: 5, width: 7 }, {
    kernel: [3, 2],
    stride: [2, 3],
    padding: { top: 1, bottom: 0, left: 2, right: 1 },
    dilation: [1, 2],
  });
  // height: (5 + 1 + 0 - 3)/2 + 1 = 2 (floor of 1.5, plus 1); width: (7 + 3 - 3)/3 + 1 = 3
  deepStrictEqual(g.output, { height: 2, width: 3 });
  deepStrictEqual(g.effectiveKernel, { height: 3, width: 3 });
  // TensorFlow's "same" with stride 2 on 5 rows: 3 outputs, (3 - 1)2 + 3 - 5 = 2 zeros, 1 + 1
  deepStrictEqual(
    conv2dGeometry({ height: 5, width: 6 }, { kernel: 3, stride: 2, padding: "same" }).padding,
    { top: 1, bottom: 1, left: 0, right: 1 },
  );
});

Deno.test("parameter counts: the document's 456, 550, 0 and 1600 weights (+10 biases)", () => {
  strictEqual(conv2dParameterCount({ inChannels: 3, outChannels: 6, kernel: 5 }), 456);
  strictEqual(conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: [3, 3] }), 550);
  strictEqual(denseParameterCount({ inFeatures: 160, outFeatures: 10, bias: false }), 1600);
  strictEqual(denseParameterCount({ inFeatures: 160, outFeatures: 10 }), 1610);
});

Deno.test("conv2dParameterCount is the size of a [C_out][C_in][kh][kw] weight plus C_out biases", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 5 }),
    fc.boolean(),
    (cin, cout, kh, kw, bias) => {
      const weights = Array.from(
        { length: cout },
        () =>
          Array.from(
            { length: cin },
            () => Array.from({ length: kh }, () => new Array(kw).fill(0)),
          ),
      );
      const stored = weights.flat(3).length + (bias ? cout : 0);
      strictEqual(
        conv2dParameterCount({ inChannels: cin, outChannels: cout, kernel: [kh, kw], bias }),
        stored,
      );
    },
  ));
});

Deno.test("convOutputSize rejects a kernel larger than the padded input, naming both sizes", () => {
  throws(() => convOutputSize(4, { kernel: 5, fn: "conv2d", axis: "height" }), {
    name: "RangeError",
    message: "conv2d: kernel height 5 exceeds padded input height 4",
  });
  throws(() => convOutputSize(4, { kernel: 3, dilation: 2 }), {
    name: "RangeError",
    message: "convOutputSize: kernel size 5 exceeds padded input size 4 (kernel 3 dilated by 2)",
  });
});

Deno.test("shape functions reject non-positive or fractional sizes and negative padding", () => {
  throws(() => convOutputSize(4, { kernel: 2, stride: 0 }), {
    name: "RangeError",
    message: "convOutputSize: stride must be a positive integer, got 0",
  });
  throws(() => convOutputSize(4.5, { kernel: 2 }), {
    name: "RangeError",
    message: "convOutputSize: input size must be a positive integer, got 4.5",
  });
  throws(() => convOutputSize(4, { kernel: 2, padding: [0, -1] }), {
    name: "RangeError",
    message: "convOutputSize: padding[1] must be a non-negative integer, got -1",
  });
  throws(() => conv2dParameterCount({ inChannels: 0, outChannels: 1, kernel: 3 }), {
    name: "RangeError",
    message: "conv2dParameterCount: inChannels must be a positive integer, got 0",
  });
});

Deno.test("poolOutputSize rejects padding above half the window, as PyTorch does", () => {
  throws(() => poolOutputSize(9, { kernel: 3, padding: 2 }), {
    name: "RangeError",
    message: "poolOutputSize: padding must be at most half the kernel size 3 (1), got 2",
  });
});

Deno.test("convTransposeOutputSize rejects an output padding not below the stride or dilation", () => {
  throws(() => convTransposeOutputSize(3, { kernel: 3, stride: 2, outputPadding: 2 }), {
    name: "RangeError",
    message:
      "convTransposeOutputSize: outputPadding must be smaller than stride 2 or dilation 1, got 2",
  });
  throws(() => convTransposeOutputSize(1, { kernel: 1, padding: 1 }), {
    name: "RangeError",
    message: /padding 1 leaves no output size \(computed -1\)/,
  });
});

Deno.test("parameter counts reject a bias option that is not true or false, instead of guessing", () => {
  // "no" and "false" are truthy strings: read by truthiness they counted the bias.
  throws(
    () => conv2dParameterCount({ inChannels: 3, outChannels: 8, kernel: 3, bias: "no" as never }),
    { name: "TypeError", message: 'conv2dParameterCount: bias must be true or false, got "no"' },
  );
  throws(
    () => denseParameterCount({ inFeatures: 10, outFeatures: 2, bias: "false" as never }),
    { name: "TypeError", message: 'denseParameterCount: bias must be true or false, got "false"' },
  );
  strictEqual(denseParameterCount({ inFeatures: 10, outFeatures: 2, bias: false }), 20);
});
