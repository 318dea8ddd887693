/**
 * Question 1 of the seed document: one sigmoid neuron (x = (2, 1), w = (0.2, 0.3),
 * b = 0.1), its binary cross-entropy for target 1, the loss's derivative, and the role
 * of the bias.
 *
 * @module
 */
import fc from "../../_fast_check.ts";
import {
  binaryCrossEntropy,
  binaryCrossEntropyGradient,
  gradcheck,
  neuron,
  sigmoid,
  tanh,
  weightedSum,
} from "../../../mod.ts";
import { checkFormula, checkNumber, decide, dyadic, show } from "../../check.ts";
import type { Claim } from "../../model.ts";

const X = [2, 1];
const W = [0.2, 0.3];
const B = 0.1;
/** The document's predicted output, unrounded. */
const Y_HAT = neuron(X, W, B, { activation: "sigmoid" });

/** Probabilities k/16 strictly inside (0, 1), shrinking towards 1/2: exact, and clear of 0 and 1. */
const probability = fc.integer({ min: -7, max: 7 }).map((k) => (8 + k) / 16);
/** Targets in {0, 1/4, ..., 1} (soft labels allowed by the definition). */
const target = fc.integer({ min: 0, max: 4 }).map((k) => k / 4);
/** Hard targets 0 or 1. */
const label = fc.integer({ min: 0, max: 1 });

/** The document's derivative, -y/ŷ + (1 - y)/(1 - ŷ), transcribed. */
const statedDerivative = (v: { y: number; p: number }) => -v.y / v.p + (1 - v.y) / (1 - v.p);

/** Finite-difference derivative of the one-sample natural-log BCE with respect to ŷ. */
const numericDerivative = (v: { y: number; p: number }, base = Math.E) =>
  gradcheck((p) => binaryCrossEntropy(p[0], v.y, { base }), [v.p], {
    gradient: [binaryCrossEntropyGradient(v.p, v.y, { base, reduction: "none" })],
  }).numeric.get(0);

const TARGET_ONE = "the target is y = 1 (the substitution writes (1) and (1 − 1))";

export const claims: Claim[] = [
  {
    id: "1c.sum",
    question: "1",
    topic: "weighted sum",
    chapter: "neuron",
    statement: "The neuron's weighted input plus bias is 0.8.",
    stated: "(2)(0.2) + 1(0.3) + 0.1 = 0.8",
    statedTex: String
      .raw`\varphi(x_1 w_1 + x_2 w_2 + b) = \varphi((2)(0.2) + 1(0.3) + 0.1) = \varphi(0.8)`,
    assumptions: ["x = (2, 1), w = (0.2, 0.3), b = 0.1 as listed above the answer"],
    check: () => checkNumber("0.8", weightedSum(X, W, B), { what: "x·w + b" }),
  },
  {
    id: "1c.output",
    question: "1",
    topic: "predicted output",
    chapter: "neuron",
    statement: "The sigmoid neuron predicts 0.68997 for this input.",
    stated: "φ(0.8) = 1/(1 + e^{−0.8}) = 0.68997",
    statedTex: String.raw`\varphi(0.8) = \frac{1}{1 + e^{-0.8}} = 0.68997`,
    assumptions: [
      "the label (c) on this answer is the sheet's; the predicted output is the first part asked",
    ],
    check: () => checkNumber("0.68997", Y_HAT, { what: "σ(0.8)" }),
  },
  {
    id: "1.sigmoid",
    question: "1",
    topic: "sigmoid",
    chapter: "activations",
    statement: "The sigmoid is one over one plus e to the minus x.",
    stated: "φ(x) = 1/(1 + e^{−x})",
    statedTex: String.raw`\varphi(x) = \frac{1}{1 + e^{-x}}`,
    assumptions: [],
    check: (context) =>
      checkFormula({
        what: "σ(x)",
        variables: { x: dyadic(8) },
        stated: ({ x }) => 1 / (1 + Math.exp(-x)),
        truth: ({ x }) => sigmoid(x),
      }, context),
  },
  {
    id: "1.bce.definition",
    question: "1",
    topic: "binary cross-entropy",
    chapter: "losses",
    statement:
      "Binary cross-entropy is minus the mean over samples of y log ŷ + (1 − y) log(1 − ŷ).",
    stated: "E = −(1/N) Σ_i (y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i))",
    statedTex: String
      .raw`E = -\frac{1}{N} \sum_i \left(y_i \log(\hat{y}_i) + (1 - y_i) \log(1 - \hat{y}_i) \right)`,
    assumptions: ["log is the natural logarithm (as in PyTorch)", "checked with N = 3 samples"],
    check: (context) =>
      checkFormula({
        what: "binary cross-entropy",
        variables: {
          y1: target,
          y2: target,
          y3: target,
          p1: probability,
          p2: probability,
          p3: probability,
        },
        stated: (v) => {
          const term = (y: number, p: number) => y * Math.log(p) + (1 - y) * Math.log(1 - p);
          return -(term(v.y1, v.p1) + term(v.y2, v.p2) + term(v.y3, v.p3)) / 3;
        },
        truth: (v) => binaryCrossEntropy([v.p1, v.p2, v.p3], [v.y1, v.y2, v.y3]),
      }, context),
  },
  {
    id: "1b.bce.sign",
    question: "1",
    topic: "binary cross-entropy",
    chapter: "losses",
    statement:
      "The substituted loss puts the minus sign on the first term only: −y log ŷ + (1 − y) log(1 − ŷ).",
    stated: "E = −(1) log(0.68997) + (1 − 1) log(1 − 0.68997)",
    statedTex: String.raw`E = -(1) \log(0.68997) + (1-1) \log(1-0.68997)`,
    assumptions: ["the pattern of the substitution is read as a formula in y and ŷ"],
    check: (context) => {
      const outcome = checkFormula({
        what: "one-sample binary cross-entropy",
        variables: { y: label, p: probability },
        stated: ({ y, p }) => -y * Math.log(p) + (1 - y) * Math.log(1 - p),
        truth: ({ y, p }) => binaryCrossEntropy(p, y),
        readings: [{ reading: TARGET_ONE, assume: (v) => ({ ...v, y: 1 }) }],
        defect:
          "a notation slip: the minus sign is not distributed over the bracket, −(y log ŷ + (1 − y) log(1 − ŷ)), so as written the second term has the wrong sign; it does not change the value here because y = 1 makes that term 0",
      }, context);
      return outcome;
    },
  },
  {
    id: "1b.bce.value",
    question: "1",
    topic: "binary cross-entropy",
    chapter: "losses",
    statement: "The loss of the prediction 0.68997 against target 1 is 0.53539.",
    stated: "E = 0.53539",
    statedTex: "E = 0.53539",
    assumptions: [TARGET_ONE, "N = 1 sample", "log is the natural logarithm unless said otherwise"],
    check: () => {
      const outcome = checkNumber("0.53539", binaryCrossEntropy(Y_HAT, 1), {
        what: "−ln(0.68997)",
        alternatives: [
          { reading: "logarithm base 2", value: binaryCrossEntropy(Y_HAT, 1, { base: 2 }) },
          { reading: "logarithm base 10", value: binaryCrossEntropy(Y_HAT, 1, { base: 10 }) },
        ],
      });
      if (outcome.verdict === "disagrees") {
        outcome.reason += "; the stated value is the loss in bits (log base 2)";
      }
      return outcome;
    },
  },
  {
    id: "1.bce.derivative",
    question: "1",
    topic: "binary cross-entropy gradient",
    chapter: "losses",
    statement:
      "The derivative of one sample's binary cross-entropy with respect to its prediction ŷ_i is −y_i/ŷ_i + (1 − y_i)/(1 − ŷ_i).",
    stated: "E(y_i) = −y_i/ŷ_i + (1 − y_i)/(1 − ŷ_i)",
    statedTex: String.raw`E(y_i) = -\frac{y_i}{\hat{y}_i} + \frac{1-y_i}{1-\hat{y}_i}`,
    assumptions: [
      "the left-hand side E(y_i) is read as ∂E/∂ŷ_i of sample i's loss: the sheet writes a per-sample expression, with no 1/N or sum",
      "log is the natural logarithm",
    ],
    check: (context) => {
      const outcome = checkFormula({
        what: "∂E/∂ŷ (one sample, natural log)",
        variables: { y: target, p: probability },
        stated: statedDerivative,
        truth: ({ y, p }) => binaryCrossEntropyGradient(p, y, { reduction: "none" }),
        reference: (v) => numericDerivative(v),
      }, context);
      // The other reading: the derivative of the mean loss E defined just above, over N
      // samples. It differs by the factor 1/N, so it holds only for N = 1.
      const mean = checkFormula({
        what: "∂E/∂ŷ_1 of the mean loss",
        variables: {
          n: fc.integer({ min: 1, max: 3 }),
          y1: target,
          y2: target,
          y3: target,
          p1: probability,
          p2: probability,
          p3: probability,
        },
        stated: (v) => statedDerivative({ y: v.y1, p: v.p1 }),
        truth: (v) =>
          binaryCrossEntropyGradient(
            [v.p1, v.p2, v.p3].slice(0, v.n),
            [v.y1, v.y2, v.y3].slice(0, v.n),
          ).get(0),
        // Only the first n samples are in the loss: show those, not the unused ones.
        shown: (v) => {
          const used: Record<string, number> = { n: v.n };
          for (let i = 1; i <= v.n; i++) {
            used[`y${i}`] = v[`y${i}` as "y1"];
            used[`p${i}`] = v[`p${i}` as "p1"];
          }
          return used;
        },
        readings: [{
          reading: "the mean loss over a single sample, N = 1 (as in (b))",
          assume: (v) => ({ ...v, n: 1 }),
        }],
      }, context);
      const meanReproduces = mean.verdict === "agrees";
      outcome.alternatives = [
        {
          reading: "∂E/∂ŷ_i of the mean loss E = −(1/N) Σ_i (…) defined above, N = 1 to 3 samples",
          computed: meanReproduces
            ? mean.computed
            : `lacks the mean's factor 1/N, so it does not reproduce unless N = 1: ${mean.computed}`,
          reproduces: meanReproduces,
        },
        ...(mean.alternatives ?? []),
      ];
      if (outcome.verdict === "agrees" && !meanReproduces) {
        outcome.reason +=
          "; as the derivative of the mean loss E it would lack the factor 1/N, which matters only when N > 1";
      }
      return outcome;
    },
  },
  {
    id: "1.consistency.log-base",
    question: "1",
    topic: "consistency of the loss and its derivative",
    chapter: "losses",
    statement: "The loss value of (b) and the derivative formula use the same logarithm.",
    stated: "E = 0.53539 and ∂E/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ)",
    statedTex: String
      .raw`E = 0.53539 \quad \text{and} \quad \frac{\partial E}{\partial \hat{y}} = -\frac{y}{\hat{y}} + \frac{1-y}{1-\hat{y}}`,
    assumptions: [TARGET_ONE],
    check: (context) => {
      const bases = [
        { name: "natural log", base: Math.E },
        { name: "log base 2", base: 2 },
        { name: "log base 10", base: 10 },
      ];
      const valueBases = bases.filter((b) =>
        Math.abs(binaryCrossEntropy(Y_HAT, 1, { base: b.base }) - 0.53539) <= 5e-6
      );
      const derivative = bases.map((b) => ({
        ...b,
        outcome: checkFormula({
          what: `∂E/∂ŷ in ${b.name}`,
          variables: { y: target, p: probability },
          stated: statedDerivative,
          truth: ({ y, p }) =>
            binaryCrossEntropyGradient(p, y, { base: b.base, reduction: "none" }),
        }, context),
      }));
      const derivativeBases = derivative.filter((d) => d.outcome.verdict === "agrees");
      const common = valueBases.filter((v) => derivativeBases.some((d) => d.name === v.name));
      const names = (list: { name: string }[]) => list.map((b) => b.name).join(", ") || "none";
      const base2 = derivative.find((d) => d.base === 2)!.outcome;
      return {
        computed: `the value 0.53539 fits: ${names(valueBases)}; the derivative formula fits: ${
          names(derivativeBases)
        }`,
        verdict: common.length > 0 ? "agrees" : "disagrees",
        reason: common.length > 0
          ? `both fit the ${common[0].name}`
          : `no logarithm fits both: the value needs ${names(valueBases)}, the derivative needs ${
            names(derivativeBases)
          } (in base 2 it would carry the factor 1/ln 2 = ${show(1 / Math.LN2)})`,
        alternatives: derivative.map((d) => ({
          reading: `everything in ${d.name}`,
          computed: `value ${show(binaryCrossEntropy(Y_HAT, 1, { base: d.base }), 5)}; derivative ${
            d.outcome.verdict === "agrees" ? "matches" : "differs"
          }`,
          reproduces: common.some((c) => c.name === d.name),
        })),
        counterexample: common.length > 0 ? null : base2.counterexample,
        seed: context.seed,
      };
    },
  },
  {
    id: "1c.bias.shift",
    question: "1",
    topic: "role of the bias",
    chapter: "neuron",
    statement:
      "The bias shifts the neuron's baseline: it moves the activation along the input axis.",
    stated: "Bias allows for shifting of the baseline in the perceptron",
    assumptions: [],
    check: () => {
      // Experiment: a one-input neuron with weight 1 and bias b outputs σ(t + b), i.e. the
      // bias-free curve shifted left by b; and its output at t = 0 is σ(b), which moves with b.
      const biases = [-2, 0, 0.1, 2];
      const grid = [-3, -1.5, -0.25, 0, 0.5, 2];
      const shifted = biases.every((b) =>
        grid.every((t) => Math.abs(neuron([t], [1], b) - neuron([t + b], [1], 0)) < 1e-15)
      );
      const atZero = biases.map((b) => neuron([0], [1], b));
      const distinct = new Set(atZero).size === biases.length;
      return decide(
        shifted && distinct,
        `σ(t + b) equals the bias-free curve shifted by b at every t tried; output at t = 0 for b = ${
          biases.join(", ")
        }: ${atZero.map((v) => show(v)).join(", ")}`,
        {
          agrees:
            "a bias b shifts the activation curve by −b along the input axis (moving the decision threshold from 0 to −b)",
          disagrees: "the measured outputs do not show a shift",
        },
      );
    },
  },
  {
    id: "1c.bias.zero",
    question: "1",
    topic: "role of the bias",
    chapter: "activations",
    statement: "The bias can shift the activation so that it is zero at zero: φ(0) = 0.",
    stated: "shifting the activation function to be zero at zero, φ(0) = 0",
    statedTex: String
      .raw`\text{shifting the activation function to be zero at zero, } \varphi(0) = 0`,
    assumptions: ["φ is the sigmoid of this question"],
    check: () => {
      // Experiment: σ(0), and the smallest output at zero input over biases from −20 to 20.
      const atZero = sigmoid(0);
      let smallest = Infinity;
      for (let b = -20; b <= 20; b += 0.25) smallest = Math.min(smallest, neuron([0], [1], b));
      return decide(
        atZero === 0 || smallest === 0,
        `σ(0) = ${atZero}; the output at zero input over biases b in [−20, 20] is at least ${
          smallest.toExponential(3)
        } (σ(b) > 0 for every b)`,
        {
          agrees: "the sigmoid can be zero at zero",
          disagrees:
            "the sigmoid is 1/2 at 0, and no bias makes a sigmoid neuron output 0: σ(b) > 0 for every finite b. What the bias does is move the threshold where σ crosses 1/2",
        },
        [
          { reading: "φ is tanh", computed: `tanh(0) = ${tanh(0)}`, reproduces: tanh(0) === 0 },
          { reading: "φ is the sigmoid", computed: `σ(0) = ${atZero}`, reproduces: atZero === 0 },
        ],
      );
    },
  },
];
