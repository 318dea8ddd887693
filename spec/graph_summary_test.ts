/**
 * Specs for the layers summary.ts gained for issue 11 (batch norm, grouped and depthwise
 * convolution, zero padding, 'same', adaptive and global max pooling) and for graphSummary
 * (branches, merges, cycles, dangling inputs). Counts are checked against PyTorch's
 * (spec/golden/torch-course-public.json, module_parameter_counts) or worked by hand in the
 * test's comment.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { type GraphNode, graphSummary, type Layer, summary } from "../mod.ts";

const course = JSON.parse(
  await Deno.readTextFile(new URL("./golden/torch-course-public.json", import.meta.url)),
);
const counts = course.module_parameter_counts;
const MAP = { height: 8, width: 8, channels: 32 };

Deno.test("summary() with a pooling layer given padding 'same' uses TensorFlow's ceil(n/s)", () => {
  // the bug of issue 11: "same" was split into characters and rejected
  const table = summary([
    { type: "maxPool2d", pool: 3, stride: 2, padding: "same" },
    { type: "avgPool2d", pool: 2, padding: "same" },
  ], { height: 9, width: 10, channels: 1 });
  // ceil(9/2) = 5, ceil(10/2) = 5; then ceil(5/2) = 3
  deepStrictEqual(table.rows.map((r) => r.outputShape), ["5×5×1", "3×3×1"]);
});

Deno.test("summary() counts grouped and depthwise convolutions as PyTorch does", () => {
  const depthwise = summary([{ type: "conv2d", filters: 32, kernel: 3, groups: 32 }], MAP);
  strictEqual(depthwise.totals.trainable, counts["Conv2d(32, 32, 3, groups=32)"].trainable);
  const grouped = summary([{ type: "conv2d", filters: 32, kernel: 3, groups: 4 }], {
    ...MAP,
    channels: 16,
  });
  strictEqual(grouped.totals.trainable, counts["Conv2d(16, 32, 3, groups=4)"].trainable);
  strictEqual(grouped.rows[0].paramsFormula, "(3·3·4+1)·32 = 1184");
  // Keras's DepthwiseConv2D is the same layer: groups = channels
  const keras = summary([{ type: "depthwiseConv2d", kernel: 3 }], MAP);
  strictEqual(keras.totals.trainable, 320);
  // depth multiplier 2: 64 filters of 3·3·1, plus 64 biases
  strictEqual(
    summary([{ type: "depthwiseConv2d", kernel: 3, depthMultiplier: 2 }], MAP)
      .rows[0].params,
    640,
  );
});

Deno.test("summary() rejects groups that do not divide the channels, naming the layer", () => {
  throws(() => summary([{ type: "conv2d", filters: 32, kernel: 3, groups: 5 }], MAP), {
    name: "RangeError",
    message: "summary: layers[0] (conv2d_1): inChannels 32 must be divisible by groups 5",
  });
});

Deno.test("summary() counts a batch norm's running statistics as non-trainable", () => {
  const table = summary([{ type: "batchNorm" }], { ...MAP, channels: 64 });
  const golden = counts["BatchNorm2d(64)"];
  strictEqual(table.totals.trainable, golden.trainable);
  strictEqual(table.totals.nonTrainable, golden.non_trainable_buffers);
  strictEqual(table.totals.total, 256); // Keras's total includes them
});

Deno.test("summary() zero padding, adaptive pooling and global max pooling change only shapes", () => {
  const layers: Layer[] = [
    { type: "zeroPadding2d", padding: { top: 0, bottom: 1, left: 2, right: 0 } },
    { type: "adaptiveAvgPool2d", output: [3, 2] },
    { type: "globalMaxPool2d" },
  ];
  const table = summary(layers, MAP);
  deepStrictEqual(table.rows.map((r) => r.outputShape), ["9×10×32", "3×2×32", "32×1"]);
  strictEqual(table.totals.total, 0);
});

const BLOCK: GraphNode[] = [
  { type: "conv2d", name: "left", filters: 4, kernel: 1, inputs: ["input"] },
  { type: "conv2d", name: "right", filters: 6, kernel: 3, padding: "same", inputs: ["input"] },
  { type: "concatenate", name: "cat", inputs: ["left", "right"] },
  { type: "conv2d", name: "squeeze", filters: 32, kernel: 1 },
  { type: "add", name: "residual", inputs: ["squeeze", "input"] },
];

Deno.test("graphSummary() joins branches: concatenate adds channels, add keeps the shape", () => {
  const table = graphSummary(BLOCK, MAP);
  deepStrictEqual(table.rows.map((r) => r.outputShape), [
    "8×8×4",
    "8×8×6",
    "8×8×10",
    "8×8×32",
    "8×8×32",
  ]);
  // (32+1)·4 + (9·32+1)·6 + (10+1)·32 = 132 + 1734 + 352
  strictEqual(table.totals.trainable, 2218);
  deepStrictEqual(table.rows[4].connectedTo, ["squeeze", "input"]);
});

Deno.test("graphSummary() of a chain equals summary() of the same stack", () => {
  const stack: Layer[] = [
    { type: "conv2d", filters: 6, kernel: 5, stride: 2 },
    { type: "batchNorm" },
    { type: "maxPool2d", pool: 3, stride: 2 },
    { type: "flatten" },
    { type: "dense", units: 10 },
  ];
  const input = { height: 21, width: 21, channels: 3 };
  const a = summary(stack, input), b = graphSummary(stack, input);
  deepStrictEqual(b.rows, a.rows);
  deepStrictEqual(b.totals, a.totals);
});

Deno.test("graphSummary() accepts nodes listed before the nodes they read", () => {
  const table = graphSummary([
    { type: "dense", name: "head", units: 2, inputs: ["flat"] },
    { type: "flatten", name: "flat", inputs: ["input"] },
  ], { height: 2, width: 2, channels: 1 });
  deepStrictEqual(table.rows.map((r) => r.outputShape), ["2×1", "4×1"]);
});

Deno.test("graphSummary() rejects a cycle, a dangling input and mismatched merges", () => {
  throws(() =>
    graphSummary([
      { type: "conv2d", name: "a", filters: 1, kernel: 1, inputs: ["c"] },
      { type: "conv2d", name: "b", filters: 1, kernel: 1, inputs: ["a"] },
      { type: "conv2d", name: "c", filters: 1, kernel: 1, inputs: ["b"] },
    ], MAP), {
    name: "TypeError",
    message: "graphSummary: nodes form a cycle: a → c → b → a",
  });
  throws(() => graphSummary([{ type: "add", inputs: ["input", "skip"] }], MAP), {
    name: "TypeError",
    message:
      'graphSummary: nodes[0] (add_1).inputs names "skip", which is no node (a dangling input)',
  });
  throws(() =>
    graphSummary([
      { type: "conv2d", name: "narrow", filters: 4, kernel: 1 },
      { type: "add", inputs: ["narrow", "input"] },
    ], MAP), {
    name: "TypeError",
    message:
      "graphSummary: nodes[1] (add_1): add needs inputs of one shape, but narrow is 8×8×4 and input is 8×8×32",
  });
  throws(() =>
    graphSummary([
      { type: "conv2d", name: "small", filters: 4, kernel: 3 },
      { type: "concatenate", inputs: ["small", "input"] },
    ], MAP), {
    name: "TypeError",
    message:
      /concatenate needs maps of one height and width, but small is 6×6×4 and input is 8×8×32/,
  });
  throws(() => graphSummary([{ type: "add", inputs: ["input"] }], MAP), {
    name: "TypeError",
    message: /add_1\)\.inputs must name at least two nodes/,
  });
  throws(() =>
    graphSummary([
      { type: "flatten", name: "x" },
      { type: "flatten", name: "x" },
    ], MAP), {
    name: "TypeError",
    message: 'graphSummary: nodes[1].name must be unique and not "input", got "x"',
  });
});

Deno.test("graphSummary().format() has a Connected-to column and both totals", () => {
  const text = graphSummary([...BLOCK, { type: "batchNorm" }], MAP).format();
  const lines = text.split("\n");
  strictEqual(lines[2].endsWith("Connected to"), true, text);
  strictEqual(
    lines.some((l) => /^residual \(add\)\s+8×8×32\s+0\s+0\s+0\s+squeeze, input$/.test(l)),
    true,
    text,
  );
  strictEqual(lines.includes("Non-trainable params: 64"), true, text);
  strictEqual(lines.includes("Total params: 2,346"), true, text); // 2218 + 64 + 64
});

Deno.test("summary() in PyTorch's convention keeps running statistics out of the total", () => {
  const table = summary([{ type: "batchNorm" }], { ...MAP, channels: 64 }, {
    convention: "pytorch",
  });
  const golden = counts["BatchNorm2d(64)"];
  strictEqual(table.totals.total, golden.trainable);
  strictEqual(table.totals.nonTrainable, 0);
  strictEqual(table.totals.buffers, golden.non_trainable_buffers);
  throws(() => summary([], MAP, { convention: "tf" as "keras" }), {
    name: "TypeError",
    message: 'summary: options.convention must be "keras" or "pytorch", got "tf"',
  });
});
