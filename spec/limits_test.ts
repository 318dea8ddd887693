/**
 * The library's documented limits (lib/_validate.ts: MAX_ENTRIES = 2^26 entries,
 * MAX_WORK = 2^31 steps, MAX_ITERATIONS = 2^18 training or descent iterations, counts exact
 * up to 2^53 - 1), each checked on the input issue 10 measured: every one is now a typed
 * error naming the function called, raised before anything is allocated or looped.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  classifyLearningRate,
  conv2d,
  conv2dParameterCount,
  convOutputSize,
  denseParameterCount,
  gradientDescent,
  logisticRegression,
  maxPool2d,
  neuron,
  quadratic,
  randomChainWeights,
  sigmoid,
  softmax,
  Tensor,
  tensor,
} from "../mod.ts";
import { MAX_ENTRIES, MAX_ITERATIONS, MAX_WORK } from "../lib/_validate.ts";

Deno.test("the limits are the documented constants", () => {
  deepStrictEqual([MAX_ENTRIES, MAX_WORK, MAX_ITERATIONS], [2 ** 26, 2 ** 31, 2 ** 18]);
});

Deno.test("conv2d with padding 15000 fails on the output size before allocating (it took 28 s and 6.9 GB)", () => {
  // (1 + 2·15000 - 1)/1 + 1 = 30001 per axis: 30001² = 900,060,001 entries > 2^26
  throws(() => conv2d([[1]], [[1]], { padding: 15000 }), {
    name: "RangeError",
    message:
      "conv2d: the output would have 900060001 entries, more than the limit of 2^26 (67108864)",
  });
  // 1023 per axis is under 2^20 entries: accepted, and right (a 1x1 kernel of 1 copies the input)
  strictEqual(conv2d([[1]], [[1]], { padding: 511 }).shape.join("x"), "1023x1023");
});

Deno.test("a pooling window too large for the work budget is rejected before looping", () => {
  // a 2^16 x 2^16 window, padding 2^15, over a 1x1 input: (1 + 2^16 - 2^16)/1 + 1 = 2 per
  // axis, so 4 outputs of 2^32 reads each: 2^34 steps > 2^31
  throws(() => maxPool2d([[1]], { kernel: 2 ** 16, stride: 1, padding: 2 ** 15 }), {
    name: "RangeError",
    message: /^maxPool2d: the pooling would take 17179869184 steps, more than the budget of 2\^31/,
  });
});

Deno.test("randomChainWeights(1e6, 1e6) is a RangeError, not out of memory", () => {
  throws(() => randomChainWeights(1e6, 1e6), {
    name: "RangeError",
    message:
      /^randomChainWeights: the weights \(depth × width × width\) would have 1000000000000000000 entries/,
  });
});

Deno.test("iteration counts past the budget are rejected before training (they never returned)", () => {
  throws(() => classifyLearningRate(quadratic(1), { learningRate: 0.1, maxIterations: 1e9 }), {
    name: "RangeError",
    message:
      /^classifyLearningRate: descent \(maxIterations\) would run 1000000000 iterations, more than the budget of 2\^18/,
  });
  const p = logisticRegression({ X: [[1, 2]], y: [1] }, { w0: [0, 0], b0: 0 });
  throws(() => gradientDescent(p, { learningRate: 0.1, epochs: 1e15 }), {
    name: "RangeError",
    message:
      /^gradientDescent: training \(epochs × samples gradient evaluations\) would run 1000000000000000/,
  });
  // at the budget itself: 2^18 iterations are accepted
  strictEqual(
    classifyLearningRate(quadratic(1), { learningRate: 0.5, maxIterations: MAX_ITERATIONS })
      .verdict,
    "converges quickly",
  );
});

Deno.test("sizes and counts beyond 2^53 - 1 are RangeErrors, never NaN, Infinity or inexact", () => {
  throws(() => convOutputSize(1e308, { kernel: 3 }), {
    name: "RangeError",
    message: /^convOutputSize: input size must be at most 2\^53 - 1/,
  });
  // (2^52 + 2·2^52 - 3)/1 + 1 = 3·2^52 - 2 > 2^53 - 1
  throws(() => convOutputSize(2 ** 52, { kernel: 3, padding: 2 ** 52 }), {
    name: "RangeError",
    message: /^convOutputSize: the output size is/,
  });
  throws(() => conv2dParameterCount({ inChannels: 2 ** 40, outChannels: 2 ** 40, kernel: 3 }), {
    name: "RangeError",
    message: /^conv2dParameterCount: the parameter count is/,
  });
  throws(() => denseParameterCount({ inFeatures: 2 ** 52, outFeatures: 2 ** 52 }), {
    name: "RangeError",
    message: /^denseParameterCount: the parameter count is/,
  });
  // (2^26 + 1)·2^26 = 2^52 + 2^26 is still exact: accepted
  strictEqual(
    denseParameterCount({ inFeatures: 2 ** 26, outFeatures: 2 ** 26 }),
    2 ** 52 + 2 ** 26,
  );
});

Deno.test("tensor() rejects a cyclic array at once (it took 34 s and 1.9 GB) and reads deep arrays iteratively", () => {
  const cycle: unknown[] = [];
  cycle.push(cycle);
  throws(() => tensor(cycle as never), {
    name: "TypeError",
    message: /^tensor: value is nested more than 64 deep/,
  });
  // a 64-deep [[...[1]...]] is accepted: rank 64, one entry
  let deep: unknown = 1;
  for (let k = 0; k < 64; k++) deep = [deep];
  strictEqual(tensor(deep as never).rank, 64);
  // an error names the index path, built only then
  throws(() => tensor([[1, 2], [3, "4"]] as never, { fn: "conv2d", name: "input" }), {
    name: "TypeError",
    message: 'conv2d: input[1][1] must be a number, got "4"',
  });
});

Deno.test("a Tensor whose shape was replaced is detected", () => {
  const t = tensor([[1, 2], [3, 4]]);
  (t as { shape: readonly number[] }).shape = [1000, 1000];
  throws(() => softmax(t), {
    name: "TypeError",
    message: /^softmax: logits is a Tensor whose shape \[1000,1000\] does not match its 4 numbers/,
  });
});

Deno.test("null options, BigInts, non-iterables, Proxies and throwing getters are typed errors naming the function called", () => {
  throws(() => conv2d([[1]], [[1]], null as never), {
    name: "TypeError",
    message: "conv2d: options must be an object, got null",
  });
  throws(() => sigmoid(10n as never), {
    name: "TypeError",
    message: "sigmoid: x must be a finite number, got 10n (a BigInt)",
  });
  throws(() => neuron([1n] as never, [1], 0), {
    name: "TypeError",
    message: "neuron: inputs[0] must be a number, got 1n (a BigInt)",
  });
  throws(() => quadratic(5 as never, null as never), {
    name: "TypeError",
    message: /^quadratic: /,
  });
  const trap = new Proxy([1, 2], {
    get: () => {
      throw new Error("trap");
    },
  });
  throws(() => softmax(trap as never), {
    name: "TypeError",
    message: "softmax: logits could not be read: trap",
  });
  const getter = {
    get kernel(): number {
      throw new Error("getter");
    },
  };
  throws(() => maxPool2d([[1]], getter as never), {
    name: "TypeError",
    message: "maxPool2d: options could not be read: getter",
  });
});

Deno.test("pooling with padding 'same' checks its work before looping, as numeric padding does", () => {
  // 2048 × 2048 outputs, each reading a 2048 × 2048 window: 2^44 reads, far past MAX_WORK.
  const input = new Tensor([1, 2048, 2048]);
  throws(() => maxPool2d(input, { kernel: 2048, stride: 1, padding: "same" }), {
    name: "RangeError",
    message: /^maxPool2d: the pooling /,
  });
});
