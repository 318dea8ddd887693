/**
 * The library's documented limits (lib/_validate.ts: MAX_ENTRIES = 2^26 entries,
 * MAX_WORK = 2^31 steps, MAX_ITERATIONS = 2^18 training or descent iterations, counts exact
 * up to 2^53 - 1), each checked on the input issue 10 measured: every one is now a typed
 * error naming the function called, raised before anything is allocated or looped.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  adagradStep,
  adamStep,
  batchNorm,
  classifyLearningRate,
  conv2d,
  conv2dParameterCount,
  convOutputSize,
  denseParameterCount,
  embeddingParameterCount,
  gradientDescent,
  im2col,
  layerNorm,
  logisticRegression,
  maxPool2d,
  multiHeadAttentionParameterCount,
  neuron,
  quadratic,
  randomChainWeights,
  recurrentParameterCount,
  rmspropStep,
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

Deno.test("im2col rejects a patch matrix past 2^26 entries before filling it (it filled 2 GB first)", () => {
  // a 1 × 16384 row, a 1 × 8192 kernel: 8193 patches of 8192 entries = 67,117,056 > 2^26
  throws(() => im2col([new Array(16384).fill(1)], { kernel: [1, 8192] }), {
    name: "RangeError",
    message:
      "im2col: the patch matrix would have 67117056 entries, more than the limit of 2^26 (67108864)",
  });
});

Deno.test("parameter counts past 2^53 - 1 are RangeErrors, not inexact numbers", () => {
  // 2^30 · 2^30 = 2^60; 4 · (2^30)^2 + 4 · 2^30 > 2^62; an LSTM's 4 gates · (2^60 + 2^60 + 2 · 2^30)
  throws(() => embeddingParameterCount({ numEmbeddings: 2 ** 30, embeddingDim: 2 ** 30 }), {
    name: "RangeError",
    message: /^embeddingParameterCount: the parameter count is .* beyond 2\^53 - 1/,
  });
  throws(() => multiHeadAttentionParameterCount({ embedDim: 2 ** 30, heads: 1 }), {
    name: "RangeError",
    message: /^multiHeadAttentionParameterCount: the parameter count is .* beyond 2\^53 - 1/,
  });
  throws(
    () => recurrentParameterCount({ cell: "lstm", inputSize: 2 ** 30, hiddenSize: 2 ** 30 }),
    { name: "RangeError", message: /^recurrentParameterCount: the parameter count is .* beyond/ },
  );
  // just under: 2^26 · 2^26 = 2^52 is exact and returned
  strictEqual(embeddingParameterCount({ numEmbeddings: 2 ** 26, embeddingDim: 2 ** 26 }), 2 ** 52);
});

Deno.test("a variance or squared gradient that overflows float64 is a RangeError, not 0 or a stalled step", () => {
  // (1e200)^2 = 1e400 > 1.8e308: the variance of ±1e200 and the square of a 1e200 gradient
  throws(() => layerNorm([[1e200, -1e200]]), {
    name: "RangeError",
    message: /^layerNorm: row 0's variance overflows float64/,
  });
  throws(() => batchNorm([[[[1e200, -1e200]]]]), {
    name: "RangeError",
    message: /^batchNorm: channel 0's variance overflows float64/,
  });
  for (
    const [step, state] of [[adamStep, "expAvgSq"], [rmspropStep, "squareAvg"], [
      adagradStep,
      "sum",
    ]] as const
  ) {
    throws(() => step([1], [1e200], { learningRate: 0.1 }), {
      name: "RangeError",
      message: new RegExp(`^${step.name}: state\\.${state}\\[0\\] overflows float64`),
    });
  }
  // 1e150 squared is 1e300, still finite: the step is taken (Adam's first step is -lr·sign(g))
  strictEqual(adamStep([1], [1e150], { learningRate: 0.1 }).parameters[0], 0.9);
});

Deno.test({
  name: "conv2d with a kernel almost as large as its input keeps no 2 GiB im2col scratch",
  ignore: Deno.env.get("NNSPEC_SLOW") !== "1",
  fn: () => {
    // output 32 × 1 from a 2079 × 4096 input and a 2048 × 4096 kernel: K = 2^23 taps per
    // patch, 2^28 multiply-adds (within MAX_WORK); the old strip of 32 rows held 2^28 entries
    const H = 2048 + 31, W = 4096;
    const x = new Tensor([H, W], Float64Array.from({ length: H * W }, (_, i) => (i % 5) - 2));
    const k = new Tensor([2048, W], Float64Array.from({ length: 2048 * W }, (_, i) => (i % 3) - 1));
    const before = Deno.memoryUsage().rss;
    const y = conv2d(x, k);
    const grown = Deno.memoryUsage().rss - before;
    ok(grown < 2 ** 29, `the process grew by ${grown} bytes`);
    // outputs 0 and 31 by a direct dot product of the kernel with the window at row 0 and 31
    for (const r of [0, 31]) {
      let sum = 0;
      for (let i = 0; i < 2048 * W; i++) sum += k.data[i] * x.data[r * W + i];
      strictEqual(y.data[r], sum);
    }
  },
});

Deno.test("second review: l2Penalty and its gradient never return Infinity for finite inputs", async () => {
  const { l2Penalty, l2PenaltyGradient } = await import("../mod.ts");
  // each returned Infinity: w² overflowed for |w| ≳ 1e154
  throws(() => l2Penalty([1e200], 1), /^RangeError: l2Penalty: the penalty overflows float64/);
  throws(
    () => l2PenaltyGradient([1e308], 2),
    /^RangeError: l2PenaltyGradient: the gradient overflows float64/,
  );
  // a finite penalty whose square overflows on the way: λ/2 · w² = 1e-300 / 2 · 1e600 = 5e299
  const p = l2Penalty([1e300], 1e-300);
  ok(Math.abs(p - 5e299) <= 1e-12 * 5e299, `got ${p}`);
  // ordinary inputs keep the direct formula's value: 0.1 / 2 · (9 + 16) = 1.25
  strictEqual(l2Penalty([3, -4], 0.1), 0.1 / 2 * 25);
});

Deno.test("second review: attention and dropout's backward pass never return NaN or Infinity for finite inputs", async () => {
  const { scaledDotProductAttention, dropoutBackward } = await import("../mod.ts");
  // q·k = 2e300 · 1e300 overflowed: the softmax of Infinity gave NaN weights and outputs
  throws(
    () => scaledDotProductAttention([[2e300, 0]], { key: [[1e300, 0], [0, 0]], value: [[1], [0]] }),
    /^RangeError: scaledDotProductAttention: the score of query row 0 and key row 0 overflows float64/,
  );
  // the output is a convex combination of the value rows, finite once the weights are
  deepStrictEqual(
    scaledDotProductAttention([[0]], { key: [[0], [0]], value: [[1.5e308], [1.7e308]] }).output,
    [[0.5 * 1.5e308 + 0.5 * 1.7e308]],
  );
  // 1e200 · 2e200 = Infinity was returned
  throws(
    () => dropoutBackward([1e200, 1], [2e200, 0]),
    /^RangeError: dropoutBackward: the gradient overflows float64/,
  );
});

Deno.test("second review: attention's backward pass and effectiveKernelSize stay finite and exact", async () => {
  const { scaledDotProductAttentionBackward, effectiveKernelSize } = await import("../mod.ts");
  // upstream · value = 1e200 · ±1e200 overflows: dA = (Infinity, -Infinity), and the query and
  // key gradients were NaN
  throws(
    () =>
      scaledDotProductAttentionBackward([[1, 0]], {
        key: [[1, 0], [0, 1]],
        value: [[1e200], [-1e200]],
        upstream: [[1e200]],
      }),
    /^RangeError: scaledDotProductAttentionBackward: the gradient of query overflows float64 \(got NaN/,
  );
  // 2^40 · (2^40 - 1) + 1 ≈ 1.2e24 was returned, past 2^53 - 1 where counts are exact
  throws(
    () => effectiveKernelSize(2 ** 40, 2 ** 40),
    /^RangeError: effectiveKernelSize: the dilated extent is .* beyond 2\^53 - 1/,
  );
  // 2^26 · (2^26 - 1) + 1 = 2^52 - 2^26 + 1 is exact and returned
  strictEqual(effectiveKernelSize(2 ** 26, 2 ** 26), 2 ** 52 - 2 ** 26 + 1);
});
