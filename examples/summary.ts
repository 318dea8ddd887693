/**
 * Question 3 of the worked solution sheet: the output shape and the trainable parameters of
 * each layer of a small CNN on a 21x21x3 image, printed as a Keras-style table.
 *
 * The document counts the dense layer as 160 × 10 = 1600, the weights alone; with a bias per
 * unit (the default of Keras and PyTorch) the layer has (160 + 1) · 10 = 1610. Both are shown.
 *
 * Run: deno run examples/summary.ts
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { type Layer, summary } from "../mod.ts";

const layers: Layer[] = [
  { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
  { type: "maxPool2d", pool: 3, stride: 2, padding: "valid" },
  { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
  { type: "flatten" },
  { type: "dense", units: 10, bias: true },
];
const input = { height: 21, width: 21, channels: 3 };

const table = summary(layers, input);
console.log(table.format());
deepStrictEqual(table.rows.map((r) => r.outputShape), [
  "9×9×6",
  "4×4×6",
  "4×4×10",
  "160×1",
  "10×1",
]);
deepStrictEqual(table.rows.map((r) => r.params), [456, 0, 550, 0, 1610]);
strictEqual(table.totals.trainable, 2616);

// The document's count for the dense layer: weights only.
const weightsOnly = summary(
  [...layers.slice(0, 4), { type: "dense", units: 10, bias: false }],
  input,
);
console.log(`\nwithout the dense layer's bias: ${weightsOnly.rows[4].paramsFormula}`);
strictEqual(weightsOnly.rows[4].params, 1600);
