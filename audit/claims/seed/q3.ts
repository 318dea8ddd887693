/**
 * Question 3 of the seed document: a small CNN on a 21x21x3 input (conv 5x5 stride 2 →
 * max pool 3x3 stride 2 → conv 3x3 'same' → flatten → dense 10), each layer's output
 * dimensions and trainable parameter count.
 *
 * Shapes are computed twice: by the shape formulas and by actually running each layer
 * (on zeros) and reading the output's shape.
 *
 * @module
 */
import {
  conv2d,
  conv2dParameterCount,
  convOutputSize,
  dense,
  denseParameterCount,
  flatten,
  maxPool2d,
  poolOutputSize,
  samePadding,
  summary,
  Tensor,
} from "../../../mod.ts";
import { checkExact, sameValue } from "../../check.ts";
import type { Claim, Outcome } from "../../model.ts";

/** Renders a channels-first shape in the document's H × W × C notation. */
function hwc(shape: readonly number[]): number[] {
  return shape.length === 3 ? [shape[1], shape[2], shape[0]] : [shape[0], 1];
}
const times = (v: unknown) => (v as number[]).join(" × ");

/** The network run forward on zeros: each layer's actual output. */
function forward() {
  const input = new Tensor([3, 21, 21]);
  const conv1 = conv2d(input, new Tensor([6, 3, 5, 5]), { stride: 2, padding: "valid" });
  const pool = maxPool2d(conv1, { kernel: 3, stride: 2 });
  const conv2 = conv2d(pool, new Tensor([10, 6, 3, 3]), { stride: 1, padding: "same" });
  const flat = flatten(conv2);
  const out = dense(flat, new Tensor([10, flat.size]), new Tensor([10]));
  return { conv1, pool, conv2, flat, out };
}

/** The Keras-like table of the same stack (shapes and counts from the shape module). */
function table() {
  return summary([
    { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
    { type: "maxPool2d", pool: 3, stride: 2 },
    { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
    { type: "flatten" },
    { type: "dense", units: 10 },
  ], { height: 21, width: 21, channels: 3 }).rows;
}

const FILTERS1 = "the first convolution has 6 filters (read off the answer's × 6)";
const FILTERS2 = "the second convolution has 10 filters of 3 × 3 × 6 (the kernel written " +
  "'1 × 3 × 10' is a transcription of a 3 × 3 kernel with 10 filters)";
const UNITS = "the dense layer has 10 units (read off the answer's 10 × 1)";

/** A shape claim: the written expression, the formula, and the run must all agree. */
function shapeCheck(
  stated: number[],
  written: number,
  formula: number,
  actual: readonly number[],
  what: string,
  layer: number,
): Outcome {
  const listed = table()[layer].outputShapeCHW;
  if (!sameValue(listed, [...actual])) {
    throw new Error(`summary() lists ${listed} but the layer outputs ${actual}`);
  }
  const outcome = checkExact(stated, hwc(actual), {
    what: `the output (${what} = ${formula} per side; the layer run on zeros outputs ${
      times(hwc(actual))
    })`,
    render: times,
  });
  if (outcome.verdict === "agrees" && written !== formula) {
    return {
      ...outcome,
      verdict: "disagrees",
      reason: `the written expression evaluates to ${written}, the formula to ${formula}`,
    };
  }
  return outcome;
}

export const claims: Claim[] = [
  {
    id: "3.conv1.shape",
    question: "3",
    topic: "convolution output size",
    chapter: "shapes",
    statement: "A 5x5 stride-2 valid convolution with 6 filters maps 21x21x3 to 9x9x6.",
    stated: "((21 − 5)/2 + 1) × ((21 − 5)/2 + 1) × 6 = 9 × 9 × 6",
    statedTex: String
      .raw`\left(\frac{21-5}{2} + 1 \right) \times \left(\frac{21-5}{2} + 1 \right) \times 6 = 9 \times 9 \times 6`,
    assumptions: [FILTERS1],
    check: () =>
      shapeCheck(
        [9, 9, 6],
        (21 - 5) / 2 + 1,
        convOutputSize(21, { kernel: 5, stride: 2 }),
        forward().conv1.shape,
        "⌊(21 − 5)/2⌋ + 1",
        0,
      ),
  },
  {
    id: "3.conv1.params",
    question: "3",
    topic: "parameter count",
    chapter: "shapes",
    statement: "The first convolution has 456 trainable parameters (weights and biases).",
    stated: "(5 × 5 × 3 + 1) × 6 = 456",
    statedTex: String.raw`(5 \times 5 \times 3 + 1) \times 6 = 456`,
    assumptions: [FILTERS1, "each filter has a bias"],
    check: () =>
      checkExact(456, conv2dParameterCount({ inChannels: 3, outChannels: 6, kernel: 5 }), {
        what: "(k·k·C_in + 1)·C_out for k = 5, C_in = 3, C_out = 6",
        alternatives: [{
          reading: "no bias",
          value: conv2dParameterCount({ inChannels: 3, outChannels: 6, kernel: 5, bias: false }),
        }],
      }),
  },
  {
    id: "3.pool.shape",
    question: "3",
    topic: "pooling output size",
    chapter: "pooling",
    statement: "A 3x3 stride-2 max pool maps 9x9x6 to 4x4x6.",
    stated: "((9 − 3)/2 + 1) × ((9 − 3)/2 + 1) × 6 = 4 × 4 × 6",
    statedTex: String
      .raw`\left(\frac{9-3}{2} + 1 \right) \times \left(\frac{9-3}{2} + 1 \right) \times 6 = 4 \times 4 \times 6`,
    assumptions: [],
    check: () =>
      shapeCheck(
        [4, 4, 6],
        (9 - 3) / 2 + 1,
        poolOutputSize(9, { kernel: 3, stride: 2 }),
        forward().pool.shape,
        "⌊(9 − 3)/2⌋ + 1",
        1,
      ),
  },
  {
    id: "3.pool.params",
    question: "3",
    topic: "parameter count",
    chapter: "pooling",
    statement: "Max pooling has no trainable parameters.",
    stated: "0",
    assumptions: [],
    check: () =>
      checkExact(0, table()[1].params, {
        what: "the trainable parameters of the max-pool row of summary()",
        agreeReason:
          "max pooling takes the largest entry of each window; it has no weights or bias (summary() counts 0)",
      }),
  },
  {
    id: "3.conv2.kernel",
    question: "3",
    topic: "kernel size",
    chapter: "shapes",
    statement: "The second convolution's kernel is 1 × 3 × 10.",
    stated: "kernel = 1 × 3 × 10",
    statedTex: String.raw`\text{kernel} = 1 \times 3 \times 10`,
    assumptions: ["read literally, 1 × 3 × 10 is a 1 × 3 kernel with 10 filters"],
    check: () => {
      // The answers below use a 3 × 3 kernel: padding 2 on both axes and 3 × 3 × 6 weights.
      const literal = {
        padding: [samePadding(4, { kernel: 1 }).total, samePadding(4, { kernel: 3 }).total],
        params: conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: [1, 3] }),
      };
      const square = {
        padding: [samePadding(4, { kernel: 3 }).total, samePadding(4, { kernel: 3 }).total],
        params: conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: 3 }),
      };
      const used = { padding: [2, 2], params: 550 };
      const render = (v: unknown) => {
        const r = v as typeof used;
        return `'same' padding ${r.padding.join(" rows, ")} columns; ${r.params} parameters`;
      };
      const outcome = checkExact(
        [used.padding, used.params],
        [literal.padding, literal.params],
        {
          what: "a 1 × 3 kernel with 10 filters",
          alternatives: [{
            reading: "a 3 × 3 kernel with 10 filters",
            value: [square.padding, square.params],
          }],
          render: (v) => {
            const [padding, params] = v as [number[], number];
            return render({ padding, params });
          },
        },
      );
      outcome.reason = outcome.verdict === "agrees"
        ? "the kernel as written fits the layer's own formulas"
        : `the layer's own formulas (4 + 2 − 3 on both axes, 3 × 3 × 6 weights per filter, 550) use a 3 × 3 kernel; a 1 × 3 kernel gives ${
          render(literal)
        }`;
      return outcome;
    },
  },
  {
    id: "3.conv2.padding",
    question: "3",
    topic: "'same' padding",
    chapter: "shapes",
    statement: "'Same' padding for a 3x3 kernel at stride 1 adds two zeros per axis (the +2).",
    stated: "(4 + 2 − 3)/1 + 1",
    statedTex: String.raw`\frac{4+2-3}{1} + 1`,
    assumptions: [FILTERS2],
    check: () => {
      const p = samePadding(4, { kernel: 3, stride: 1 });
      return checkExact(2, p.total, {
        what:
          `TensorFlow's 'same' padding for n = 4, k = 3, s = 1 (${p.before} before, ${p.after} after)`,
      });
    },
  },
  {
    id: "3.conv2.shape",
    question: "3",
    topic: "convolution output size",
    chapter: "shapes",
    statement: "The 'same' 3x3 convolution with 10 filters maps 4x4x6 to 4x4x10.",
    stated: "((4 + 2 − 3)/1 + 1) × ((4 + 2 − 3)/1 + 1) × 10 = 4 × 4 × 10",
    statedTex: String
      .raw`\left(\frac{4+2-3}{1} + 1\right) \times \left(\frac{4+2-3}{1} + 1\right) \times 10 = 4 \times 4 \times 10`,
    assumptions: [FILTERS2],
    check: () =>
      shapeCheck(
        [4, 4, 10],
        (4 + 2 - 3) / 1 + 1,
        convOutputSize(4, { kernel: 3, stride: 1, padding: 1 }),
        forward().conv2.shape,
        "⌊(4 + 2 − 3)/1⌋ + 1",
        2,
      ),
  },
  {
    id: "3.conv2.params",
    question: "3",
    topic: "parameter count",
    chapter: "shapes",
    statement: "The second convolution has 550 trainable parameters.",
    stated: "(3 × 3 × 6 + 1) × 10 = 550",
    statedTex: String.raw`(3 \times 3 \times 6 + 1) \times 10 = 550`,
    assumptions: [FILTERS2, "each filter has a bias"],
    check: () =>
      checkExact(550, conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: 3 }), {
        what: "(k·k·C_in + 1)·C_out for k = 3, C_in = 6, C_out = 10",
        alternatives: [{
          reading: "a 1 × 3 kernel (the kernel as written)",
          value: conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: [1, 3] }),
        }],
      }),
  },
  {
    id: "3.flatten.shape",
    question: "3",
    topic: "flatten",
    chapter: "dense",
    statement: "Flattening 4x4x10 gives a vector of 160 entries.",
    stated: "160 × 1",
    statedTex: String.raw`160 \times 1`,
    assumptions: [],
    check: () =>
      checkExact([160, 1], hwc(forward().flat.shape), {
        what: "the length of flatten(4 × 4 × 10)",
        render: times,
      }),
  },
  {
    id: "3.flatten.params",
    question: "3",
    topic: "parameter count",
    chapter: "dense",
    statement: "Flatten has no trainable parameters.",
    stated: "0",
    assumptions: [],
    check: () =>
      checkExact(0, table()[3].params, {
        what: "the trainable parameters of the flatten row of summary()",
        agreeReason:
          "flatten only re-indexes its input; it has no weights or bias (summary() counts 0)",
      }),
  },
  {
    id: "3.dense.shape",
    question: "3",
    topic: "dense layer",
    chapter: "dense",
    statement: "The dense layer outputs 10 values.",
    stated: "10 × 1",
    statedTex: String.raw`10 \times 1`,
    assumptions: [UNITS],
    check: () =>
      checkExact([10, 1], hwc(forward().out.shape), {
        what: "the output length of the dense layer with 10 units",
        render: times,
      }),
  },
  {
    id: "3.dense.params",
    question: "3",
    topic: "parameter count",
    chapter: "dense",
    statement: "The dense layer from 160 inputs to 10 units has 1600 trainable parameters.",
    stated: "160 × 10 = 1600",
    statedTex: String.raw`160 \times 10 = 1600`,
    assumptions: [UNITS, "each unit has a bias, like the convolutions above"],
    check: () =>
      checkExact(1600, denseParameterCount({ inFeatures: 160, outFeatures: 10 }), {
        what: "(n_in + 1)·n_out for n_in = 160, n_out = 10: 1600 weights and 10 biases",
        alternatives: [{
          reading: "a dense layer without bias",
          value: denseParameterCount({ inFeatures: 160, outFeatures: 10, bias: false }),
        }],
      }),
  },
];
