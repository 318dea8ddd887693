/**
 * Specs for pooling with TensorFlow's 'same' padding, global max pooling and zero padding,
 * checked against TensorFlow.js itself (`tf.maxPool` and `tf.avgPool` with `pad: "same"`)
 * on random maps: the peer defines the rule, so it is the independent reference.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
// The peer is pinned here rather than in deno.json's imports, as in bench/: only specs and
// benchmarks use it, and the library must never import it.
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
// deno-lint-ignore no-import-prefix
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
import { avgPool2d, globalMaxPool2d, maxPool2d, summary, zeroPad2d } from "../mod.ts";

await tf.setBackend("cpu");

/** A map with entries that are multiples of 1/8 (exact in float32 and float64). */
const map = fc.record({
  height: fc.integer({ min: 1, max: 9 }),
  width: fc.integer({ min: 1, max: 9 }),
  kernel: fc.integer({ min: 1, max: 4 }),
  stride: fc.integer({ min: 1, max: 3 }),
}).chain((s) =>
  fc.record({
    shape: fc.constant(s),
    values: fc.array(fc.integer({ min: -64, max: 64 }), {
      minLength: s.height * s.width,
      maxLength: s.height * s.width,
    }),
  })
);

Deno.test("maxPool2d and avgPool2d with padding 'same' equal TensorFlow.js's", () => {
  fc.assert(
    fc.property(map, ({ shape, values }) => {
      const { height, width, kernel, stride } = shape;
      const x = Array.from(
        { length: height },
        (_, r) => values.slice(r * width, (r + 1) * width).map((v) => v / 8),
      );
      const input = tf.tensor4d(
        values.map((v) => v / 8),
        [1, height, width, 1],
      );
      for (const [ours, theirs] of [[maxPool2d, tf.maxPool], [avgPool2d, tf.avgPool]] as const) {
        const expected = (theirs(input, kernel, stride, "same").arraySync() as number[][][][])[0]
          .map((row) => row.map((cell) => cell[0]));
        const actual = ours(x, { kernel, stride, padding: "same" }).toArray() as number[][];
        strictEqual(actual.length, expected.length);
        actual.forEach((row, i) =>
          row.forEach((a, j) =>
            // TF.js computes in float32: a mean of eighths over at most 16 entries is within 1e-6
            ok(
              Math.abs(a - expected[i][j]) < 1e-6,
              `${ours.name} (${i}, ${j}): ${a} vs ${expected[i][j]}`,
            )
          )
        );
        // and the summary's shape agrees with the kernel's
        const row = summary([{ type: "maxPool2d", pool: kernel, stride, padding: "same" }], {
          height,
          width,
          channels: 1,
        }).rows[0];
        deepStrictEqual(row.outputShapeCHW, [1, actual.length, actual[0].length]);
      }
      input.dispose();
    }),
    { numRuns: 200 },
  );
});

Deno.test("avgPool2d with 'same' refuses countIncludePad: true", () => {
  throws(() => avgPool2d([[1, 2]], { kernel: 2, padding: "same", countIncludePad: true }), {
    name: "TypeError",
    message: /^avgPool2d: countIncludePad must not be true with padding "same"/,
  });
});

Deno.test("globalMaxPool2d keeps each channel's largest entry", () => {
  deepStrictEqual(globalMaxPool2d([[[1, -2], [3, 0]], [[-5, -1], [-4, -9]]]).toArray(), [3, -1]);
});

Deno.test("zeroPad2d adds zeros on each side, Keras's ((top, bottom), (left, right))", () => {
  deepStrictEqual(
    zeroPad2d([[1, 2], [3, 4]], { top: 0, bottom: 1, left: 1, right: 0 }).toArray(),
    [[0, 1, 2], [0, 3, 4], [0, 0, 0]],
  );
  deepStrictEqual(zeroPad2d([[[5]]], 1).toArray(), [[[0, 0, 0], [0, 5, 0], [0, 0, 0]]]);
  throws(() => zeroPad2d([[1]], -1), {
    name: "RangeError",
    message: "zeroPad2d: padding must be a non-negative integer, got -1",
  });
});
