/**
 * Specs for lib/summary.ts: the document's question-3 table, agreement of every row with
 * the kernels actually run on an input of that shape, the text rendering, and errors.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  avgPool2d,
  conv2d,
  dense,
  flatten,
  globalAvgPool2d,
  type Layer,
  maxPool2d,
  summary,
  Tensor,
} from "../mod.ts";

const QUESTION_3: Layer[] = [
  { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
  { type: "maxPool2d", pool: 3, stride: 2 },
  { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
  { type: "flatten" },
  { type: "dense", units: 10 },
];
const INPUT = { height: 21, width: 21, channels: 3 };

Deno.test("summary() reproduces question 3: shapes 9×9×6, 4×4×6, 4×4×10, 160×1, 10×1", () => {
  const rows = summary(QUESTION_3, INPUT).rows;
  deepStrictEqual(rows.map((r) => r.outputShape), ["9×9×6", "4×4×6", "4×4×10", "160×1", "10×1"]);
  deepStrictEqual(rows.map((r) => r.outputShapeCHW), [[6, 9, 9], [6, 4, 4], [10, 4, 4], [160], [
    10,
  ]]);
});

Deno.test("summary() counts question 3's parameters: 456, 0, 550, 0 and 1610 with bias", () => {
  const table = summary(QUESTION_3, INPUT);
  deepStrictEqual(table.rows.map((r) => r.paramsFormula), [
    "(5·5·3+1)·6 = 456",
    "0",
    "(3·3·6+1)·10 = 550",
    "0",
    "(160+1)·10 = 1610",
  ]);
  // 456 + 550 + 1610 = 2616
  deepStrictEqual(
    {
      trainable: table.totals.trainable,
      nonTrainable: table.totals.nonTrainable,
      total: table.totals.total,
    },
    { trainable: 2616, nonTrainable: 0, total: 2616 },
  );
});

Deno.test("summary() gives the document's 1600 for the dense layer without bias", () => {
  const layers: Layer[] = [...QUESTION_3.slice(0, 4), { type: "dense", units: 10, bias: false }];
  const table = summary(layers, INPUT);
  strictEqual(table.rows[4].params, 1600);
  strictEqual(table.rows[4].paramsFormula, "160·10 = 1600");
  strictEqual(table.totals.total, 2606);
});

Deno.test("summary() counts multiply-adds: output entries times the weights each one reads", () => {
  const rows = summary(QUESTION_3, INPUT).rows;
  // conv 1: 9·9·6 outputs, 5·5·3 = 75 weights each; conv 2: 4·4·10 outputs, 3·3·6 = 54 each;
  // dense: 10 outputs, 160 weights each
  deepStrictEqual(rows.map((r) => r.multiplyAdds), [9 * 9 * 6 * 75, 0, 4 * 4 * 10 * 54, 0, 1600]);
});

Deno.test("summary().format() renders one line per layer and the totals", () => {
  const text = summary(QUESTION_3, INPUT).format();
  const lines = text.split("\n");
  ok(lines[0] === "Input: 21×21×3", lines[0]);
  ok(
    lines.some((l) =>
      /^conv2d_1 \(conv2d\)\s+9×9×6\s+456\s+\(5·5·3\+1\)·6 = 456\s+36,450$/.test(l)
    ),
    text,
  );
  ok(
    lines.some((l) => /^dense_1 \(dense\)\s+10×1\s+1,610\s+\(160\+1\)·10 = 1610\s+1,600$/.test(l)),
    text,
  );
  ok(lines.includes("Total params: 2,616"), text);
  ok(lines.includes("Non-trainable params: 0"), text);
});

/**
 * A random stack that is valid by construction: convolutions pad "same" (or use a 1x1
 * kernel without padding), pools use windows of 1, or 2 or 3 with one row of padding, so
 * no layer can outgrow its input; then flatten or global pooling, then a dense layer.
 */
const stack = fc.record({
  input: fc.record({
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    channels: fc.integer({ min: 1, max: 3 }),
  }),
  body: fc.array(
    fc.oneof(
      fc.record({
        type: fc.constant("conv2d" as const),
        filters: fc.integer({ min: 1, max: 3 }),
        kernel: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
        stride: fc.integer({ min: 1, max: 2 }),
        dilation: fc.integer({ min: 1, max: 2 }),
        padding: fc.constant("same" as const),
        bias: fc.boolean(),
      }),
      fc.record({
        type: fc.constant("conv2d" as const),
        filters: fc.integer({ min: 1, max: 3 }),
        kernel: fc.constant(1),
        stride: fc.integer({ min: 1, max: 3 }),
        padding: fc.constant("valid" as const),
      }),
      fc.record({
        type: fc.constantFrom("maxPool2d" as const, "avgPool2d" as const),
        pool: fc.constantFrom(2, 3),
        stride: fc.integer({ min: 1, max: 3 }),
        padding: fc.constant(1),
        ceilMode: fc.boolean(),
      }),
      fc.record({
        type: fc.constantFrom("maxPool2d" as const, "avgPool2d" as const),
        pool: fc.constant(1),
        stride: fc.integer({ min: 1, max: 3 }),
      }),
    ),
    { maxLength: 4 },
  ),
  head: fc.constantFrom("flatten" as const, "globalAvgPool2d" as const),
  units: fc.integer({ min: 1, max: 4 }),
  denseBias: fc.boolean(),
}).map((s) => ({
  input: s.input,
  layers: [
    ...s.body,
    { type: s.head },
    { type: "dense" as const, units: s.units, bias: s.denseBias },
  ] as Layer[],
}));

Deno.test("summary() rows equal the shapes the kernels produce and the weights they read", () => {
  fc.assert(fc.property(stack, ({ input, layers }) => {
    const table = summary(layers, input);
    let x = new Tensor([input.channels, input.height, input.width]);
    layers.forEach((layer, k) => {
      let stored = 0;
      switch (layer.type) {
        case "conv2d": {
          const [kh, kw] = typeof layer.kernel === "number"
            ? [layer.kernel, layer.kernel]
            : layer.kernel;
          const weight = new Tensor([layer.filters, x.shape[0], kh, kw]);
          const bias = layer.bias ?? true ? new Array(layer.filters).fill(0) : undefined;
          x = conv2d(x, weight, { ...layer, bias });
          stored = weight.size + (bias?.length ?? 0);
          break;
        }
        case "maxPool2d":
          x = maxPool2d(x, { ...layer, kernel: layer.pool, padding: layer.padding as number });
          break;
        case "avgPool2d":
          x = avgPool2d(x, { ...layer, kernel: layer.pool, padding: layer.padding as number });
          break;
        case "flatten":
          x = flatten(x);
          break;
        case "globalAvgPool2d":
          x = globalAvgPool2d(x);
          break;
        case "dense": {
          const weights = new Tensor([layer.units, x.size]);
          const bias = layer.bias ?? true ? new Tensor([layer.units]) : undefined;
          x = dense(x, weights, bias);
          stored = weights.size + (bias?.size ?? 0);
          break;
        }
      }
      deepStrictEqual(table.rows[k].outputShapeCHW, [...x.shape], `layer ${k} (${layer.type})`);
      strictEqual(table.rows[k].params, stored, `layer ${k} (${layer.type})`);
    });
    strictEqual(table.totals.total, table.rows.reduce((a, r) => a + r.params, 0));
  }));
});

Deno.test("summary() names rows by type and counter unless a name is given", () => {
  const rows = summary([
    { type: "conv2d", filters: 2, kernel: 1 },
    { type: "conv2d", filters: 2, kernel: 1, name: "features" },
    { type: "conv2d", filters: 2, kernel: 1 },
  ], { height: 2, width: 2, channels: 1 }).rows;
  deepStrictEqual(rows.map((r) => r.name), ["conv2d_1", "features", "conv2d_3"]);
});

Deno.test("summary() rejects a dense layer on a map and a convolution on a vector", () => {
  throws(() => summary([{ type: "dense", units: 10 }], INPUT), {
    name: "TypeError",
    message:
      "summary: layers[0] (dense_1): dense needs a vector, but its input is a 21×21×3 map; add a flatten layer before it",
  });
  throws(() => summary([{ type: "flatten" }, { type: "conv2d", filters: 1, kernel: 1 }], INPUT), {
    name: "TypeError",
    message:
      "summary: layers[1] (conv2d_1): conv2d needs a feature map [C][H][W], but its input is a vector of 1323",
  });
});

Deno.test("summary() rejects a kernel larger than its padded input, naming the layer", () => {
  throws(
    () =>
      summary([{ type: "conv2d", filters: 1, kernel: 5 }], { height: 4, width: 9, channels: 1 }),
    {
      name: "RangeError",
      message: "summary: layers[0] (conv2d_1): kernel height 5 exceeds padded input height 4",
    },
  );
});

Deno.test("summary() rejects unknown layer types and a bad input shape", () => {
  throws(() => summary([{ type: "conv3d" } as unknown as Layer], INPUT), {
    name: "TypeError",
    message: /summary: layers\[0\]\.type must be one of "conv2d", .*, got "conv3d"/,
  });
  throws(() => summary(QUESTION_3, { height: 0, width: 21, channels: 3 }), {
    name: "RangeError",
    message: "summary: inputShape.height must be a positive integer, got 0",
  });
  throws(() => summary("conv" as unknown as Layer[], INPUT), {
    name: "TypeError",
    message: /summary: layers must be an array/,
  });
});
