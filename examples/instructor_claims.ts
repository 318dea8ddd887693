/**
 * How an instructor audits their own answer sheet: a claims module for a short quiz of
 * eight answers, three of them wrong on purpose (a parameter count without the biases,
 * a mean squared error computed as a sum, and the ReLU's derivative confused with the
 * ReLU itself).
 *
 * Audit it with the CLI:
 *
 *     deno task audit --claims examples/instructor_claims.ts
 *
 * or run it directly, which audits it and asserts the expected verdicts:
 *
 *     deno run --allow-read examples/instructor_claims.ts
 *
 * It imports nnspec by URL: here the relative URLs `../mod.ts` and `../audit/mod.ts`, so no
 * import map is needed. Outside this repository, write the full URLs of a copy you host,
 *
 *     import { tanh } from "https://example.org/nnspec/mod.ts";
 *     import { checkNumber, type Claim } from "https://example.org/nnspec/audit/mod.ts";
 *
 * and audit your file with this repository's CLI (or your own script calling `runAudit`):
 *
 *     deno task audit --claims my_claims.ts --allow-import example.org
 *
 * @module
 */
import {
  conv2dParameterCount,
  convOutputSize,
  maxPool2d,
  meanSquaredError,
  reluDerivative,
  sigmoidDerivative,
  squaredError,
  tanh,
  tanhDerivative,
} from "../mod.ts";
import {
  checkExact,
  checkFormula,
  checkNumber,
  type Claim,
  dyadic,
  formatText,
  runAudit,
} from "../audit/mod.ts";
import { deepStrictEqual } from "node:assert/strict";

/** The title printed at the top of the report. */
export const document = "Quiz 2 answer sheet (activations, losses, shapes)";

/** One claim per answer on the sheet. */
export const claims: Claim[] = [
  {
    id: "1a",
    question: "1",
    topic: "tanh",
    chapter: "activations",
    statement: "tanh(0.5) is 0.4621.",
    stated: "0.4621",
    assumptions: [],
    check: () => checkNumber("0.4621", tanh(0.5), { what: "tanh(0.5)" }),
  },
  {
    id: "1b",
    question: "1",
    topic: "sigmoid derivative",
    chapter: "activations",
    statement: "The sigmoid's slope at 0 is a quarter.",
    stated: "0.25",
    assumptions: [],
    check: () => checkNumber("0.25", sigmoidDerivative(0), { what: "σ'(0)" }),
  },
  {
    id: "1c",
    question: "1",
    topic: "tanh derivative",
    chapter: "activations",
    statement: "The derivative of tanh is one minus tanh squared.",
    stated: "tanh'(x) = 1 − tanh²(x)",
    assumptions: [],
    check: (context) =>
      checkFormula({
        what: "tanh'(x)",
        variables: { x: dyadic(4) },
        stated: ({ x }) => 1 - Math.tanh(x) ** 2,
        truth: ({ x }) => tanhDerivative(x),
      }, context),
  },
  {
    // Wrong on purpose: this is the ReLU itself, not its derivative.
    id: "1d",
    question: "1",
    topic: "ReLU derivative",
    chapter: "activations",
    statement: "The derivative of the ReLU is x for positive x and 0 otherwise.",
    stated: "relu'(x) = x if x > 0, else 0",
    assumptions: [],
    check: (context) =>
      checkFormula({
        what: "relu'(x)",
        variables: { x: dyadic(4) },
        stated: ({ x }) => (x > 0 ? x : 0),
        truth: ({ x }) => reluDerivative(x),
        readings: [{ reading: "x is 0 or 1", assume: ({ x }) => ({ x: x > 0 ? 1 : 0 }) }],
        defect: "the slope of max(0, x) is 1 for x > 0, not x",
      }, context),
  },
  {
    // Wrong on purpose: the sum of squares, not their mean.
    id: "2a",
    question: "2",
    topic: "mean squared error",
    chapter: "losses",
    statement: "The mean squared error of predictions (0.5, 1) against targets (1, 1) is 0.25.",
    stated: "0.25",
    assumptions: [],
    check: () =>
      checkNumber("0.25", meanSquaredError([0.5, 1], [1, 1]), {
        what: "((1 − 0.5)² + (1 − 1)²)/2",
        alternatives: [{
          reading: "the sum instead of the mean",
          value: squaredError([0.5, 1], [1, 1]),
        }],
      }),
  },
  {
    id: "3a",
    question: "3",
    topic: "convolution output size",
    chapter: "shapes",
    statement: "A 3x3 convolution with stride 2 and padding 1 maps 32x32 to 16x16.",
    stated: "⌊(32 + 2 − 3)/2⌋ + 1 = 16",
    assumptions: [],
    check: () =>
      checkExact(16, convOutputSize(32, { kernel: 3, stride: 2, padding: 1 }), {
        what: "the output size",
      }),
  },
  {
    // Wrong on purpose: the biases are forgotten.
    id: "3b",
    question: "3",
    topic: "parameter count",
    chapter: "shapes",
    statement: "A 3x3 convolution from 16 to 32 channels has 4608 trainable parameters.",
    stated: "3 × 3 × 16 × 32 = 4608",
    assumptions: ["the layer has a bias per filter (the default)"],
    check: () =>
      checkExact(4608, conv2dParameterCount({ inChannels: 16, outChannels: 32, kernel: 3 }), {
        what: "(3·3·16 + 1)·32",
        alternatives: [{
          reading: "no bias",
          value: conv2dParameterCount({ inChannels: 16, outChannels: 32, kernel: 3, bias: false }),
        }],
      }),
  },
  {
    id: "3c",
    question: "3",
    topic: "max pooling",
    chapter: "pooling",
    statement: "2x2 max pooling of [[1, 3], [2, 4]] gives 4.",
    stated: "4",
    assumptions: [],
    check: () =>
      checkExact([[4]], maxPool2d([[1, 3], [2, 4]], { kernel: 2 }).toArray(), {
        what: "maxPool2d",
      }),
  },
];

if (import.meta.main) {
  const report = runAudit({ document, claims }, "examples/instructor_claims.ts");
  console.log(formatText(report, { claims: "examples/instructor_claims.ts" }));
  // The three planted mistakes are caught, each with the reading that explains it.
  deepStrictEqual(report.errors, []);
  deepStrictEqual(
    report.claims.filter((c) => c.verdict === "disagrees").map((c) => [c.id, c.reproducedBy]),
    [["1d", "x is 0 or 1"], ["2a", "the sum instead of the mean"], ["3b", "no bias"]],
  );
  deepStrictEqual(report.summary, { claims: 8, agrees: 5, disagrees: 3, errors: 0 });
}
