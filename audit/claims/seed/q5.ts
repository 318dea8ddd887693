/**
 * Question 5 of the seed document: backpropagation through the single-weight network
 * x → (w^c, b^c, sigmoid) → c → (w^f, b^f, sigmoid) → o with E = (y − o)^2.
 *
 * Each gradient formula is transcribed as the document writes it and tested with
 * fast-check against the library's backpropagation ({@linkcode scalarNetBackprop}),
 * itself checked against central finite differences ({@linkcode gradcheck}). The
 * document writes σ'(z) as e^{−z}/(1 + e^{−z})^2; the transcriptions use that form.
 *
 * @module
 */
import {
  gradcheck,
  scalarNetBackprop,
  sigmoid,
  sigmoidDerivative,
  squaredError,
  squaredErrorGradient,
} from "../../../mod.ts";
import { checkFormula, dyadic, type FormulaReading } from "../../check.ts";
import type { CheckContext, Claim } from "../../model.ts";

/** The inputs of every formula claim: a sample (x, y) and the four parameters. */
type Point = { x: number; y: number; wc: number; bc: number; wf: number; bf: number };
type Parameter = "wc" | "bc" | "wf" | "bf";

const VARIABLES = {
  x: dyadic(2),
  y: dyadic(1),
  wc: dyadic(2),
  bc: dyadic(2),
  wf: dyadic(2),
  bf: dyadic(2),
};

/** The document's σ'(z) = e^{−z}/(1 + e^{−z})^2. */
const dphi = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;

/** The true forward and backward pass at a point. */
const net = (v: Point) =>
  scalarNetBackprop({ x: v.x, y: v.y }, { wc: v.wc, bc: v.bc, wf: v.wf, bf: v.bf });

/** ∂E/∂(parameter) by central finite differences of the loss. */
function numeric(v: Point, parameter: Parameter): number {
  const f = (p: Float64Array) => net({ ...v, [parameter]: p[0] }).loss;
  return gradcheck(f, [v[parameter]], { gradient: [net(v).gradients[parameter]] }).numeric.get(0);
}

const SETTING = "one input x, one conv weight w^c with bias b^c, one output weight w^f " +
  "with bias b^f, sigmoid after both, E = (y − o)^2 for the one output (the document's " +
  "subscript i indexes a single path)";
const DELTA_C =
  "δ_o (never defined in the sheet) is read as ∂E/∂c(x), the error back-propagated to c";

const NAMES: Record<Parameter, string> = {
  wf: "∂E/∂w^f",
  bf: "∂E/∂b^f",
  wc: "∂E/∂w^c",
  bc: "∂E/∂b^c",
};

/** A formula claim about one parameter's gradient. */
function gradientClaim(options: {
  id: string;
  parameter: Parameter;
  statement: string;
  stated: string;
  statedTex: string;
  assumptions?: string[];
  formula: (v: Point) => number;
  readings?: FormulaReading<Point>[];
  defect: string;
}): Claim {
  return {
    id: options.id,
    question: "5",
    topic: "backpropagation",
    chapter: "network",
    statement: options.statement,
    stated: options.stated,
    statedTex: options.statedTex,
    assumptions: [SETTING, ...(options.assumptions ?? [])],
    check: (context: CheckContext) =>
      checkFormula({
        what: NAMES[options.parameter],
        variables: VARIABLES,
        stated: options.formula,
        truth: (v) => net(v).gradients[options.parameter],
        reference: (v) => numeric(v, options.parameter),
        readings: options.readings,
        defect: options.defect,
      }, context),
  };
}

/**
 * A claim that w ← w − α ∂E/∂w is a gradient-descent step for one parameter; `tex` is the
 * parameter as the document typesets it (e.g. `w_i^f`).
 */
function updateClaim(id: string, parameter: Parameter, symbol: string, tex: string): Claim {
  // Experiment: step against the true gradient g with a small rate α; the loss must drop by
  // α g^2 to first order, (E(w − α g) − E(w))/α → −g^2. A wrong sign or factor fails.
  const alpha = 2 ** -24;
  return {
    id,
    question: "5",
    topic: "gradient-descent update",
    chapter: "network",
    statement: `The update of ${symbol} subtracts the learning rate times ${NAMES[parameter]}.`,
    stated: `${symbol} = ${symbol} − α ∂E/∂${symbol}`,
    statedTex: String.raw`${tex} = ${tex} - \alpha \frac{\partial E}{\partial ${tex}}`,
    assumptions: [SETTING, "α is a small positive learning rate"],
    check: (context) =>
      checkFormula({
        what: `first-order change of E per unit α (−(${NAMES[parameter]})^2)`,
        variables: VARIABLES,
        stated: (v) => {
          const g = net(v).gradients[parameter];
          const after = net({ ...v, [parameter]: v[parameter] - alpha * g }).loss;
          return (after - net(v).loss) / alpha;
        },
        truth: (v) => -(net(v).gradients[parameter] ** 2),
        tolerance: 1e-5,
      }, context),
  };
}

export const claims: Claim[] = [
  {
    id: "5.dEdy",
    question: "5",
    topic: "squared-error gradient",
    chapter: "losses",
    statement: "The squared error's derivative with respect to the output is −2(y − ŷ).",
    stated: "dE/dy = −2(y_i − ŷ_i)",
    statedTex: String.raw`\frac{dE}{dy} = -2(y_i - \hat{y}_i)`,
    assumptions: ["dE/dy is read as ∂E/∂ŷ_i, the derivative with respect to the output ŷ"],
    check: (context) =>
      checkFormula({
        what: "∂E/∂ŷ",
        variables: { y: dyadic(2), p: dyadic(2) },
        stated: ({ y, p }) => -2 * (y - p),
        truth: ({ y, p }) => squaredErrorGradient(p, y),
        reference: ({ y, p }) =>
          gradcheck((q) => squaredError(q[0], y), [p], { gradient: [squaredErrorGradient(p, y)] })
            .numeric.get(0),
      }, context),
  },
  {
    id: "5.sigmoid-derivative",
    question: "5",
    topic: "sigmoid derivative",
    chapter: "activations",
    statement: "The sigmoid's derivative is e^{−x}/(1 + e^{−x})^2.",
    stated: "dφ/dx = e^{−x}/(1 + e^{−x})^2",
    statedTex: String.raw`\frac{d\phi}{dx} = \frac{e^{-x}}{(1+e^{-x})^2}`,
    assumptions: [],
    check: (context) =>
      checkFormula({
        what: "σ'(x)",
        variables: { x: dyadic(8) },
        stated: ({ x }) => dphi(x),
        truth: ({ x }) => sigmoidDerivative(x),
        reference: ({ x }) =>
          gradcheck((p) => sigmoid(p[0]), [x], { gradient: [sigmoidDerivative(x)] }).numeric.get(0),
      }, context),
  },
  {
    id: "5a.chain",
    question: "5",
    topic: "backpropagation",
    chapter: "network",
    statement: "∂E/∂w^f factors as ∂E/∂o · ∂o/∂n^f · ∂n^f/∂w^f.",
    stated: "∂E/∂w^f = ∂E/∂o(x) · ∂o(x)/∂n^f(x) · ∂n^f(x)/∂w^f",
    statedTex: String
      .raw`\frac{\partial E}{\partial w_i^f} = \frac{\partial E}{\partial o_i(x)} \frac{\partial o_i(x)}{\partial n_i^f(x)} \frac{\partial n_i^f(x)}{\partial w_i^f}`,
    assumptions: [SETTING, "n^f = w^f c + b^f is the output node's weighted input"],
    check: (context) =>
      checkFormula({
        what: "∂E/∂w^f",
        variables: VARIABLES,
        stated: (v) => {
          const { o, c } = net(v);
          return -2 * (v.y - o) * dphi(v.wf * c + v.bf) * c;
        },
        truth: (v) => net(v).gradients.wf,
        reference: (v) => numeric(v, "wf"),
      }, context),
  },
  gradientClaim({
    id: "5a.gradient",
    parameter: "wf",
    statement: "∂E/∂w^f = −2(y − o) · σ'(c w^f) · c.",
    stated: "∂E/∂w^f = −2(y_i − o_i(x)) · e^{−c_i(x) w_i^f}/(1 + e^{−c_i(x) w_i^f})^2 · c_i(x)",
    statedTex: String
      .raw`\frac{\partial E}{\partial w_i^f} = -2(y_i - o_i(x)) \cdot \frac{e^{-c_i(x)w_i^f}}{(1+e^{-c_i(x)w_i^f})^2} \cdot c_i(x)`,
    formula: (v) => {
      const { o, c } = net(v);
      return -2 * (v.y - o) * dphi(c * v.wf) * c;
    },
    readings: [{ reading: "the output bias b^f is 0", assume: (v) => ({ ...v, bf: 0 }) }],
    defect:
      "σ' must be taken at the output node's whole weighted input n^f = c w^f + b^f; the formula drops b^f",
  }),
  {
    id: "5b.chain",
    question: "5",
    topic: "backpropagation",
    chapter: "network",
    statement: "∂E/∂b^f factors as ∂E/∂o · ∂o/∂n^f · ∂n^f/∂b^f.",
    stated: "∂E/∂b^f = ∂E/∂o(x) · ∂o(x)/∂n^f(x) · ∂n^f(x)/∂b^f",
    statedTex: String
      .raw`\frac{\partial E}{\partial b_i^f} = \frac{\partial E}{\partial o_i(x)} \frac{\partial o_i(x)}{\partial n_i^f(x)} \frac{\partial n_i^f(x)}{\partial b_i^f}`,
    assumptions: [SETTING],
    check: (context) =>
      checkFormula({
        what: "∂E/∂b^f",
        variables: VARIABLES,
        stated: (v) => {
          const { o, c } = net(v);
          return -2 * (v.y - o) * dphi(v.wf * c + v.bf) * 1;
        },
        truth: (v) => net(v).gradients.bf,
        reference: (v) => numeric(v, "bf"),
      }, context),
  },
  gradientClaim({
    id: "5b.gradient",
    parameter: "bf",
    statement: "∂E/∂b^f = −2(y − o) · σ'(b^f) · 1.",
    stated: "∂E/∂b^f = −2(y_i − o_i(x)) · e^{−b_i^f}/(1 + e^{−b_i^f})^2 · 1",
    statedTex: String
      .raw`\frac{\partial E}{\partial b_i^f} = -2(y_i - o_i(x)) \cdot \frac{e^{-b_i^f}}{(1+e^{-b_i^f})^2} \cdot 1`,
    formula: (v) => -2 * (v.y - net(v).o) * dphi(v.bf) * 1,
    readings: [
      { reading: "the output bias b^f is 0", assume: (v) => ({ ...v, bf: 0 }) },
      { reading: "the output weight w^f is 0 (so c w^f = 0)", assume: (v) => ({ ...v, wf: 0 }) },
    ],
    defect:
      "σ' must be taken at n^f = c w^f + b^f, not at b^f alone; the formula holds only where c w^f = 0",
  }),
  {
    id: "5c.chain",
    question: "5",
    topic: "backpropagation",
    chapter: "network",
    statement: "∂E/∂w^c factors as δ_o · ∂c/∂n^c · ∂n^c/∂w^c.",
    stated: "∂E/∂w^c = δ_o · ∂c_i(x)/∂n_i^c(x) · ∂n_i^c(x)/∂w_i^c",
    statedTex: String
      .raw`\frac{\partial E}{\partial w_i^c} = \delta_{o_i} \frac{\partial c_i(x)}{\partial n_i^c(x)} \frac{\partial n_i^c(x)}{\partial w_i^c}`,
    assumptions: [SETTING, DELTA_C],
    check: (context) =>
      checkFormula({
        what: "∂E/∂w^c",
        variables: VARIABLES,
        stated: (v) => {
          const r = net(v);
          return r.dE_dc * dphi(v.wc * v.x + v.bc) * v.x;
        },
        truth: (v) => net(v).gradients.wc,
        reference: (v) => numeric(v, "wc"),
      }, context),
  },
  gradientClaim({
    id: "5c.intermediate",
    parameter: "wc",
    statement: "∂E/∂w^c = δ_o · σ'(x w^c) · x.",
    stated: "∂E/∂w^c = δ_o · e^{−x_i ⊗ w_i^c}/(1 + e^{−x_i ⊗ w_i^c})^2 · x_i",
    statedTex: String
      .raw`\frac{\partial E}{\partial w_i^c} = \delta_{o_i} \frac{e^{-x_i \otimes w_i^c}}{(1+e^{-x_i \otimes w_i^c})^2} x_i`,
    assumptions: [DELTA_C, "x ⊗ w^c is the product x w^c for one input and one weight"],
    formula: (v) => net(v).dE_dc * dphi(v.x * v.wc) * v.x,
    readings: [{ reading: "the conv bias b^c is 0", assume: (v) => ({ ...v, bc: 0 }) }],
    defect: "σ' must be taken at n^c = x w^c + b^c; the formula drops b^c",
  }),
  gradientClaim({
    id: "5c.gradient",
    parameter: "wc",
    statement: "∂E/∂w^c = −2(y − o) · σ'(c w^f) · c · σ'(x w^c) · x.",
    stated:
      "∂E/∂w^c = −2(y_i − o_i(x)) · e^{−c_i(x) w_i^f}/(1 + e^{−c_i(x) w_i^f})^2 · c_i(x) · e^{−x_i ⊗ w_i^c}/(1 + e^{−x_i ⊗ w_i^c})^2 · x_i",
    statedTex: String
      .raw`\frac{\partial E}{\partial w_i^c} = -2(y_i - o_i(x)) \cdot \frac{e^{-c_i(x)w_i^f}}{(1+e^{-c_i(x)w_i^f})^2} \cdot c_i(x) \frac{e^{-x_i \otimes w_i^c}}{(1+e^{-x_i \otimes w_i^c})^2} x_i`,
    assumptions: ["x ⊗ w^c is the product x w^c for one input and one weight"],
    formula: (v) => {
      const { o, c } = net(v);
      return -2 * (v.y - o) * dphi(c * v.wf) * c * dphi(v.x * v.wc) * v.x;
    },
    readings: [
      { reading: "both biases are 0", assume: (v) => ({ ...v, bf: 0, bc: 0 }) },
      {
        reading: "both biases are 0 and the factor c(x) stands for w^f (∂n^f/∂c = w^f)",
        assume: (v) => ({ ...v, bf: 0, bc: 0, wf: sigmoid(v.wc * v.x) }),
      },
    ],
    defect:
      "δ_o is expanded as ∂E/∂w^f from (a), ending in c(x); back-propagating to c needs ∂n^f/∂c = w^f instead. Both σ' also drop their biases (b^f, b^c)",
  }),
  {
    id: "5d.chain",
    question: "5",
    topic: "backpropagation",
    chapter: "network",
    statement: "∂E/∂b^c factors as δ_o · ∂c/∂n^c · ∂n^c/∂b^c.",
    stated: "∂E/∂b^c = δ_o · ∂C_i(x)/∂n_i^c(x) · ∂n_i^c(x)/∂b_i^c",
    statedTex: String
      .raw`\frac{\partial E}{\partial b_i^c} = \delta_{0i} \frac{\partial C_i(x)}{\partial n_i^c(x)} \frac{\partial n_i^c(x)}{\partial b_i^c}`,
    assumptions: [SETTING, DELTA_C],
    check: (context) =>
      checkFormula({
        what: "∂E/∂b^c",
        variables: VARIABLES,
        stated: (v) => net(v).dE_dc * dphi(v.wc * v.x + v.bc) * 1,
        truth: (v) => net(v).gradients.bc,
        reference: (v) => numeric(v, "bc"),
      }, context),
  },
  gradientClaim({
    id: "5d.intermediate",
    parameter: "bc",
    statement: "∂E/∂b^c = δ_o · σ'(b^c) · 1.",
    stated: "∂E/∂b^c = δ_0i · e^{−b_i^c}/(1 + e^{−b_i^c})^2 · 1",
    statedTex: String
      .raw`\frac{\partial E}{\partial b_i^c} = \delta_{0i} \frac{e^{-b_i^c}}{(1 + e^{-b_i^c})^2} \cdot 1`,
    assumptions: [DELTA_C],
    formula: (v) => net(v).dE_dc * dphi(v.bc) * 1,
    readings: [
      { reading: "the conv bias b^c is 0", assume: (v) => ({ ...v, bc: 0 }) },
      { reading: "the conv weight w^c is 0 (so x w^c = 0)", assume: (v) => ({ ...v, wc: 0 }) },
    ],
    defect:
      "σ' must be taken at n^c = x w^c + b^c, not at b^c alone; the formula holds only where x w^c = 0",
  }),
  gradientClaim({
    id: "5d.gradient",
    parameter: "bc",
    statement: "∂E/∂b^c = −2(y − o) · σ'(c w^f) · c · σ'(b^c) · 1.",
    stated:
      "∂E/∂b^c = −2(y − O_i(x)) · e^{−C_i(x) w_i^f}/(1 + e^{−C_i(x) w_i^f})^2 · C_i(x) · e^{−b_i^c}/(1 + e^{−b_i^c})^2 · 1",
    statedTex: String
      .raw`\frac{\partial E}{\partial b_i^c} = -2(y - O_i(x)) \cdot \frac{e^{-C_i(x) \cdot w_i^f}}{(1 + e^{-C_i(x) \cdot w_i^f})^2} \cdot C_i(x) \cdot \frac{e^{-b_i^c}}{(1 + e^{-b_i^c})^2} \cdot 1`,
    formula: (v) => {
      const { o, c } = net(v);
      return -2 * (v.y - o) * dphi(c * v.wf) * c * dphi(v.bc) * 1;
    },
    readings: [
      {
        reading: "the output bias b^f is 0 and x w^c = 0",
        assume: (v) => ({ ...v, bf: 0, wc: 0 }),
      },
      {
        reading: "b^f = 0, x w^c = 0, and the factor C(x) stands for w^f (∂n^f/∂c = w^f)",
        assume: (v) => ({ ...v, bf: 0, wc: 0, wf: sigmoid(v.bc) }),
      },
    ],
    defect:
      "as in (c), δ_o ends in c(x) where back-propagating to c needs w^f, and σ'(c w^f) drops b^f; σ'(b^c) must be taken at x w^c + b^c",
  }),
  updateClaim("5a.update", "wf", "w^f", "w_i^f"),
  updateClaim("5b.update", "bf", "b^f", "b_i^f"),
  updateClaim("5c.update", "wc", "w^c", "w_i^c"),
  updateClaim("5d.update", "bc", "b^c", "b_i^c"),
];
