/**
 * The exercises at the end of each chapter. Each states a question, the answer worked by
 * hand, and a check: the library computes the quantity and the audit's own checkers
 * (`checkNumber` at the answer's stated decimals, `checkExact` for counts, shapes and
 * matrices) compare it with the hand-worked answer. The build fails if one disagrees, so a
 * printed answer is always one the library confirms.
 *
 * @module
 */

import { checkExact, checkNumber } from "../audit/check.ts";
import type { Outcome } from "../audit/model.ts";
import type { ExerciseView } from "./book.ts";
import { markdown, markdownInline } from "./markdown.ts";

// deno-lint-ignore no-explicit-any
type Lib = Record<string, any>;

/** One exercise: its chapter, the question, the hand-worked answer and the library's check. */
export interface Exercise {
  chapter: string;
  question: string;
  /** The answer as a reader would work it, with the final value. */
  answer: string;
  /**
   * Library functions the check calls that a branch may not have yet: without them the
   * exercise is left out (its chapter does not exist either).
   */
  needs?: readonly string[];
  check(lib: Lib): Outcome;
}

const toArray = (t: { toArray(): unknown }) => t.toArray();

/** The sheet's 4 × 4 input of question 2 and its kernel. */
const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const K = [[0, 0], [1, 1]];

export const EXERCISES: readonly Exercise[] = [
  {
    chapter: "neuron",
    question: "A neuron has inputs $x = (3, 0, -1)$, weights $w = (0.1, 5, 0.2)$ and bias " +
      "$b = 0.5$. What is its weighted sum $n$?",
    answer: "$n = 3 \\cdot 0.1 + 0 \\cdot 5 + (-1) \\cdot 0.2 + 0.5 = 0.3 - 0.2 + 0.5 = 0.6$. " +
      "The input that is 0 contributes nothing, however large its weight.",
    check: (lib) =>
      checkNumber("0.6", lib.weightedSum([3, 0, -1], [0.1, 5, 0.2], 0.5), { what: "n" }),
  },
  {
    chapter: "neuron",
    question: "With $x = (1, -1)$, $w = (0.5, 0.25)$, $b = 0$ and a sigmoid activation, " +
      "what does the neuron output, to five decimals?",
    answer: "$n = 0.5 - 0.25 = 0.25$ and $\\sigma(0.25) = 1 / (1 + e^{-0.25}) = " +
      "1 / 1.77880 = 0.56218$.",
    check: (lib) =>
      checkNumber("0.56218", lib.neuron([1, -1], [0.5, 0.25], 0, { activation: "sigmoid" }), {
        what: "the output",
      }),
  },
  {
    chapter: "activations",
    question: "The sheet's neuron gives $\\sigma(0.8) = 0.68997$. Without a calculator, what " +
      "is $\\sigma(-0.8)$?",
    answer: "The sigmoid is symmetric about $(0, \\tfrac12)$: $\\sigma(-x) = 1 - \\sigma(x)$, " +
      "so $\\sigma(-0.8) = 1 - 0.68997 = 0.31003$.",
    check: (lib) => checkNumber("0.31003", lib.sigmoid(-0.8), { what: "σ(−0.8)" }),
  },
  {
    chapter: "activations",
    question: "What is the largest value of the sigmoid's derivative, and where is it taken?",
    answer: "$\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$ is a product of two numbers that add " +
      "up to 1, largest when both are $\\tfrac12$: at $x = 0$, $\\sigma'(0) = 0.25$.",
    check: (lib) => checkNumber("0.25", lib.sigmoidDerivative(0), { what: "σ′(0)" }),
  },
  {
    chapter: "losses",
    question: "The sheet's neuron outputs $\\hat y = \\sigma(0.8)$ for target $y = 1$. What is " +
      "its binary cross-entropy with the natural logarithm, to five decimals?",
    answer: "$E = -\\ln \\sigma(0.8) = \\ln(1 + e^{-0.8}) = \\ln 1.44933 = 0.37110$. The " +
      "sheet's $0.53539$ is the same loss in bits: $0.37110 / \\ln 2$.",
    check: (lib) =>
      checkNumber("0.37110", lib.binaryCrossEntropy(lib.sigmoid(0.8), 1), { what: "E" }),
  },
  {
    chapter: "losses",
    question: "A classifier that always answers $\\hat y = 0.5$: what is its binary " +
      "cross-entropy, whatever the target?",
    answer: "Both terms give $-\\ln 0.5 = \\ln 2 = 0.69315$: the loss of a coin toss, the " +
      "value training starts from when all weights are 0.",
    check: (lib) => checkNumber("0.69315", lib.binaryCrossEntropy(0.5, 0), { what: "E" }),
  },
  {
    chapter: "convolution",
    question: "Convolve the sheet's input $M$ with the kernel $\\begin{bmatrix} 1 & 0 \\\\ 0 " +
      "& 1 \\end{bmatrix}$ (stride 1, valid). Each output is the sum of a patch's diagonal.",
    answer: "$O_{ij} = M_{i,j} + M_{i+1,j+1}$: the first row is $1 + 1, 0 + 0, 0 + 1$, the " +
      "second $0 + 0, 1 + 1, 0 + 2$, the third $0 + 0, 0 + 0, 1 + 1$, so " +
      "$O = \\begin{bmatrix} 2 & 0 & 1 \\\\ 0 & 2 & 2 \\\\ 0 & 0 & 2 \\end{bmatrix}$.",
    check: (lib) =>
      checkExact([[2, 0, 1], [0, 2, 2], [0, 0, 2]], toArray(lib.conv2d(M, [[1, 0], [0, 1]])), {
        what: "the output",
      }),
  },
  {
    chapter: "convolution",
    question: "Question 2's convolution with stride 2 instead of 1: which output cells " +
      "remain, and what are they?",
    answer: "Stride 2 keeps the windows that start at rows and columns 0 and 2: the corners " +
      "$O_{00}, O_{02}, O_{20}, O_{22}$ of the stride-1 output, " +
      "$\\begin{bmatrix} 1 & 1 \\\\ 0 & 1 \\end{bmatrix}$.",
    check: (lib) =>
      checkExact([[1, 1], [0, 1]], toArray(lib.conv2d(M, K, { stride: 2 })), {
        what: "the output",
      }),
  },
  {
    chapter: "shapes",
    question: "A $28 \\times 28$ image passes a $5 \\times 5$ convolution with stride 1. " +
      "How much padding keeps it $28 \\times 28$, and what is the size without it?",
    answer: "$\\lfloor (28 + 2p - 5)/1 \\rfloor + 1 = 28$ needs $p = 2$; with $p = 0$ the " +
      "output is $28 - 5 + 1 = 24$.",
    check: (lib) =>
      checkExact(
        [24, 28],
        [lib.convOutputSize(28, { kernel: 5 }), lib.convOutputSize(28, { kernel: 5, padding: 2 })],
        { what: "the pair (no padding, padding 2)" },
      ),
  },
  {
    chapter: "shapes",
    question: "How many parameters has a convolution with 10 filters of $3 \\times 3$ over 6 " +
      "input channels (question 3's second layer)?",
    answer: "Each filter has $3 \\cdot 3 \\cdot 6 = 54$ weights and one bias: " +
      "$(54 + 1) \\cdot 10 = 550$.",
    check: (lib) =>
      checkExact(550, lib.conv2dParameterCount({ inChannels: 6, outChannels: 10, kernel: 3 }), {
        what: "the count",
      }),
  },
  {
    chapter: "pooling",
    question: "Max-pool the sheet's $4 \\times 4$ input $M$ with $2 \\times 2$ windows and " +
      "stride 2.",
    answer: "The four blocks are $\\{1, 0, 0, 1\\}$, $\\{0, 2, 0, 1\\}$, $\\{0, 0, 0, 0\\}$ and " +
      "$\\{1, 2, 0, 1\\}$; their maxima give $\\begin{bmatrix} 1 & 2 \\\\ 0 & 2 " +
      "\\end{bmatrix}$.",
    check: (lib) =>
      checkExact([[1, 2], [0, 2]], toArray(lib.maxPool2d(M, { kernel: 2 })), {
        what: "the pooled output",
      }),
  },
  {
    chapter: "pooling",
    question: "The same blocks, averaged instead: what does average pooling give?",
    answer: "$2/4, 3/4, 0/4, 4/4$: $\\begin{bmatrix} 0.5 & 0.75 \\\\ 0 & 1 \\end{bmatrix}$. " +
      "Average pooling keeps how much of a feature a block holds, max pooling only whether " +
      "it is there.",
    check: (lib) =>
      checkExact([[0.5, 0.75], [0, 1]], toArray(lib.avgPool2d(M, { kernel: 2 })), {
        what: "the pooled output",
      }),
  },
  {
    chapter: "dense",
    question: "A dense layer with weights $W = \\begin{bmatrix} 1 & 2 \\\\ 0 & -1 " +
      "\\end{bmatrix}$ (one row per output) and bias $(0.5, 0)$ gets the input $(3, 1)$. " +
      "What does it output?",
    answer: "$W x + b = (1 \\cdot 3 + 2 \\cdot 1 + 0.5,\\; 0 \\cdot 3 - 1 \\cdot 1 + 0) = " +
      "(5.5, -1)$.",
    check: (lib) =>
      checkExact([5.5, -1], toArray(lib.dense([3, 1], [[1, 2], [0, -1]], [0.5, 0])), {
        what: "the output",
      }),
  },
  {
    chapter: "dense",
    question: "Flattening question 3's $4 \\times 4 \\times 10$ feature map gives how many " +
      "numbers?",
    answer: "$4 \\cdot 4 \\cdot 10 = 160$, the input size of the dense layer after it.",
    check: (lib) =>
      checkExact(
        160,
        lib.flatten(
          Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => Array(10).fill(0))),
        )
          .size,
        { what: "the flattened length" },
      ),
  },
  {
    chapter: "summary",
    question: "Add up the parameters of question 3's network: conv $5 \\times 5$, 3 to 6 " +
      "channels; max pool; conv $3 \\times 3$, 6 to 10; flatten; dense 160 to 10.",
    answer: "$(75 + 1) \\cdot 6 = 456$, pooling $0$, $(54 + 1) \\cdot 10 = 550$, flatten $0$, " +
      "$(160 + 1) \\cdot 10 = 1610$: in all $456 + 550 + 1610 = 2616$.",
    check: (lib) =>
      checkExact(
        2616,
        lib.summary([
          { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
          { type: "maxPool2d", pool: 3, stride: 2 },
          { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
          { type: "flatten" },
          { type: "dense", units: 10 },
        ], { height: 21, width: 21, channels: 3 }).rows.reduce(
          (sum: number, row: { params: number }) => sum + row.params,
          0,
        ),
        { what: "the total" },
      ),
  },
  {
    chapter: "learning_rate",
    question: "Gradient descent on $f(w) = \\tfrac{L}{2} w^2$ with curvature $L = 4$: up to " +
      "which learning rate does it converge?",
    answer: "Each step multiplies $w$ by $1 - \\alpha L$; it shrinks while " +
      "$|1 - 4\\alpha| < 1$, that is for $\\alpha < 2/L = 0.5$.",
    check: (lib) => checkNumber("0.5", lib.quadraticTheory(4, 0.1).bound, { what: "2/L" }),
  },
  {
    chapter: "learning_rate",
    question: "On the same $f$, how much does one step with $\\alpha = 0.1$ shrink $w$?",
    answer: "$w \\leftarrow w - 0.1 \\cdot 4 w = 0.6\\, w$: the contraction factor is $0.6$.",
    check: (lib) =>
      checkNumber("0.6", lib.quadraticTheory(4, 0.1).contraction, { what: "the contraction" }),
  },
  {
    chapter: "descent",
    question: "One epoch over $N = 64$ samples with batch size 8: how many updates, and how " +
      "many per-sample gradients?",
    answer: "$64 / 8 = 8$ updates, each from 8 samples: $64$ gradient evaluations, the same " +
      "work as one batch step or 64 stochastic ones.",
    check: (lib) => {
      const X = Array.from({ length: 64 }, (_, i) => [i % 2 ? 1 : -1]);
      const y = X.map((_, i) => i % 2);
      const run = lib.gradientDescent(lib.logisticRegression({ X, y }, { w0: [0], b0: 0 }), {
        learningRate: 0.1,
        batchSize: 8,
        epochs: 1,
        seed: 1,
      });
      return checkExact([8, 64], [run.updates, run.gradientEvaluations], {
        what: "the pair (updates, gradient evaluations)",
      });
    },
  },
  {
    chapter: "depth",
    question: "Each sigmoid layer multiplies the gradient by $\\sigma'(n) w$. With unit " +
      "weights and $n = 0$ everywhere, what is left of the gradient after 10 layers?",
    answer: "$\\sigma'(0) = 1/4$ per layer: $(1/4)^{10} = 1/1048576 \\approx 9.537 \\times " +
      "10^{-7}$. This is the best case for a sigmoid; it is why deep sigmoid chains stop " +
      "learning.",
    check: (lib) =>
      checkNumber("0.00000095367", lib.sigmoidDerivative(0) ** 10, { what: "(σ′(0))^10" }),
  },
  {
    chapter: "network",
    question: "Question 5's network with every parameter 0 and the sample $x = 0$, $y = 0$: " +
      "what is $\\partial E / \\partial w^f$?",
    answer: "$c = \\sigma(0) = 0.5$, $n^f = 0$, $o = 0.5$, $\\partial E / \\partial o = " +
      "-2(y - o) = 1$, $\\sigma'(0) = 0.25$, so $\\partial E / \\partial w^f = 1 \\cdot 0.25 " +
      "\\cdot c = 0.125$. And $\\partial E / \\partial b^c = 0$: the path back to $c$ " +
      "multiplies by $w^f = 0$.",
    check: (lib) => {
      const r = lib.scalarNetBackprop({ x: 0, y: 0 }, { wc: 0, bc: 0, wf: 0, bf: 0 });
      return checkExact([0.125, 0], [r.gradients.wf, r.gradients.bc], {
        what: "the pair (∂E/∂w^f, ∂E/∂b^c)",
      });
    },
  },
  {
    chapter: "gradcheck",
    question: "Estimate the derivative of $f(x) = x^3$ at $x = 1$ by a central difference " +
      "with $h = 0.1$. How far is it from the true $3$?",
    answer: "$(1.1^3 - 0.9^3)/0.2 = (1.331 - 0.729)/0.2 = 3.01$: the error $h^2 = 0.01$ is the " +
      "central difference's truncation error $f'''(x) h^2 / 6$.",
    check: (lib) => {
      const report = lib.gradcheck((x: Float64Array) => x[0] ** 3, [1], {
        gradient: [3],
        eps: 0.1,
      });
      return checkNumber("3.01", report.numeric.get(0), { what: "the central difference" });
    },
  },
  {
    chapter: "tensor",
    question: "What are the shape and size of the tensor " +
      "`tensor([[1, 2, 3], [4, 5, 6]])`?",
    answer: "Two rows of three: shape $[2, 3]$, size $2 \\cdot 3 = 6$.",
    check: (lib) => {
      const t = lib.tensor([[1, 2, 3], [4, 5, 6]]);
      return checkExact([[2, 3], 6], [[...t.shape], t.size], { what: "the pair (shape, size)" });
    },
  },
  {
    chapter: "random",
    question: "`permutation(5, mulberry32(s))` for any seed $s$: what do its numbers add " +
      "up to?",
    answer: "A permutation of $0, \\dots, 4$ holds each once: $0 + 1 + 2 + 3 + 4 = 10$, " +
      "whatever the order the seed gives.",
    check: (lib) =>
      checkExact(
        10,
        lib.permutation(5, lib.mulberry32(42)).reduce((a: number, b: number) => a + b, 0),
        { what: "the sum" },
      ),
  },
  {
    chapter: "mistakes",
    question: "Which mistake turns the natural-log loss $0.37110$ of the sheet's neuron into " +
      "its stated $0.53539$?",
    answer: "The logarithm in base 2: $-\\log_2 0.68997 = 0.37110 / \\ln 2 = 0.53539$. The " +
      "catalogue's `log-base-2` variant of `binaryCrossEntropy` reproduces it.",
    check: (lib) => {
      const mistake = lib.mistakesOf(lib.binaryCrossEntropy)
        .find((m: { id: string }) => m.id === "log-base-2");
      return checkNumber("0.53539", mistake.variant(lib.sigmoid(0.8), 1), {
        what: "the base-2 loss",
      });
    },
  },
  {
    chapter: "summary",
    question: "Keras builds the dense layer with a bias unless told not to. Without biases in " +
      "the dense layer, how many parameters has question 3's network?",
    answer: "The dense layer keeps only its $160 \\cdot 10 = 1600$ weights (the sheet's count), " +
      "so the total is $456 + 550 + 1600 = 2606$.",
    check: (lib) =>
      checkExact(
        2606,
        lib.summary([
          { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
          { type: "maxPool2d", pool: 3, stride: 2 },
          { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
          { type: "flatten" },
          { type: "dense", units: 10, bias: false },
        ], { height: 21, width: 21, channels: 3 }).rows.reduce(
          (sum: number, row: { params: number }) => sum + row.params,
          0,
        ),
        { what: "the total" },
      ),
  },
  {
    chapter: "descent",
    question: "Ten samples in batches of 3: how many parameter updates does one epoch make?",
    answer: "The batches hold $3, 3, 3$ and the $1$ left over: $\\lceil 10 / 3 \\rceil = 4$ " +
      "updates, still 10 per-sample gradients.",
    check: (lib) => {
      const X = Array.from({ length: 10 }, (_, i) => [i / 10]);
      const y = X.map((_, i) => i % 2);
      const run = lib.gradientDescent(lib.logisticRegression({ X, y }, { w0: [0], b0: 0 }), {
        learningRate: 0.1,
        batchSize: 3,
        epochs: 1,
      });
      return checkExact([4, 10], [run.updates, run.gradientEvaluations], {
        what: "the pair (updates, gradient evaluations)",
      });
    },
  },
  {
    chapter: "depth",
    question: "At best each sigmoid layer keeps a quarter of the gradient. After how many " +
      "layers is less than a millionth of it left?",
    answer: "$(1/4)^L < 10^{-6}$ means $L > 6 / \\log_{10} 4 = 9.97$: ten layers, " +
      "$(1/4)^{10} = 9.5 \\times 10^{-7}$.",
    check: (lib) => {
      let layers = 0;
      while (lib.sigmoidDerivative(0) ** layers >= 1e-6) layers++;
      return checkExact(10, layers, { what: "the number of layers" });
    },
  },
  {
    chapter: "network",
    question: "The worked example of this chapter ($x = 1$, $y = 1$, $w^c = 0$, $b^c = 0$, " +
      "$w^f = 2$, $b^f = -1$): what are $\\partial E / \\partial b^f$ and " +
      "$\\partial E / \\partial b^c$?",
    answer: "A bias's input is 1, so its gradient is its node's delta: " +
      "$\\partial E / \\partial b^f = \\delta^f = -1 \\cdot 1/4 = -0.25$ and " +
      "$\\partial E / \\partial b^c = \\delta^c = -1/2 \\cdot 1/4 = -0.125$.",
    check: (lib) => {
      const r = lib.scalarNetBackprop({ x: 1, y: 1 }, { wc: 0, bc: 0, wf: 2, bf: -1 });
      return checkExact([-0.25, -0.125], [r.gradients.bf, r.gradients.bc], {
        what: "the pair (∂E/∂b^f, ∂E/∂b^c)",
      });
    },
  },
  {
    chapter: "gradcheck",
    question: "Someone writes the derivative of $f(x) = x^2$ as $x$ instead of $2x$. At " +
      "$x = 3$, does `gradcheck` pass, and what derivative does it measure?",
    answer: "The central difference of $x^2$ is exact up to rounding: " +
      "$((3 + h)^2 - (3 - h)^2)/(2h) = 6$. The claimed $3$ is off by $3$, far beyond the " +
      "tolerance $10^{-5} + 10^{-3} \\cdot 6$: the check fails, measuring $6$.",
    check: (lib) => {
      const report = lib.gradcheck((x: Float64Array) => x[0] ** 2, [3], { gradient: [3] });
      return checkExact([0, 6], [Number(report.ok), Number(report.numeric.get(0).toFixed(6))], {
        what: "the pair (1 if it passes else 0, measured derivative)",
      });
    },
  },
  {
    chapter: "tensor",
    question: "In a tensor of shape $[2, 3, 4]$, at which offset of its flat data is the " +
      "entry $(1, 2, 3)$?",
    answer: "$1 \\cdot (3 \\cdot 4) + 2 \\cdot 4 + 3 = 12 + 8 + 3 = 23$: the last entry, as " +
      "it is the last index on every axis.",
    check: (lib) => {
      // Fill the nested arrays with a counter in reading order, so each entry holds its offset.
      let counter = 0;
      const nested = Array.from(
        { length: 2 },
        () => Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => counter++)),
      );
      return checkExact(23, lib.tensor(nested).get(1, 2, 3), { what: "the offset" });
    },
  },
  {
    chapter: "random",
    question: "Draws from `uniform(random, { low: 2, high: 4 })`: what should their mean be " +
      "near, and how near after ten thousand draws?",
    answer: "The middle of the range, $3$. A uniform on $[2, 4)$ has standard deviation " +
      "$2/\\sqrt{12} = 0.577$, so the mean of $10\\,000$ draws is within about " +
      "$0.577 / 100 = 0.006$ of 3: it rounds to $3.0$.",
    check: (lib) => {
      const random = lib.mulberry32(7);
      let sum = 0;
      for (let i = 0; i < 10000; i++) sum += lib.uniform(random, { low: 2, high: 4 });
      return checkNumber("3.0", sum / 10000, { what: "the mean" });
    },
  },
  {
    chapter: "mistakes",
    question: "And with a calculator's `log` key (base 10), what loss would the sheet have " +
      "written?",
    answer: "$-\\log_{10} 0.68997 = 0.37110 / \\ln 10 = 0.37110 / 2.30259 = 0.16117$, the " +
      "catalogue's `log-base-10` variant.",
    check: (lib) => {
      const mistake = lib.mistakesOf(lib.binaryCrossEntropy)
        .find((m: { id: string }) => m.id === "log-base-10");
      return checkNumber("0.16117", mistake.variant(lib.sigmoid(0.8), 1), {
        what: "the base-10 loss",
      });
    },
  },
  {
    chapter: "optimizers",
    needs: ["sgdStep"],
    question: "Plain SGD at $w = 2$ with gradient $4$ and learning rate $0.25$: where does " +
      "one step land?",
    answer: "$w \\leftarrow w - \\alpha g = 2 - 0.25 \\cdot 4 = 1$.",
    check: (lib) =>
      checkExact([1], [...lib.sgdStep([2], [4], { learningRate: 0.25 }).parameters], {
        what: "the new parameter vector",
      }),
  },
  {
    chapter: "optimizers",
    needs: ["adagradStep"],
    question: "Adagrad's first step from $w = 1$ with gradient $4$ and learning rate $0.1$: " +
      "how far does it move, and why does the gradient's size not matter?",
    answer: "The first step divides the gradient by the root of its own square, " +
      "$4 / \\sqrt{4^2} = 1$: $w$ moves by the learning rate, to $0.9$, whatever the " +
      "gradient's size.",
    check: (lib) =>
      checkNumber("0.9000", lib.adagradStep([1], [4], { learningRate: 0.1 }).parameters[0], {
        what: "the parameter",
      }),
  },
  {
    chapter: "normalization",
    needs: ["batchNorm"],
    question: "Batch-normalise the batch $(0, 0, 2, 2)$ of one feature with $\\gamma = 1$, " +
      "$\\beta = 0$ and no $\\varepsilon$.",
    answer: "The mean is $1$ and the (biased) variance $\\tfrac14(1 + 1 + 1 + 1) = 1$, so " +
      "each value becomes $(x - 1)/1$: $(-1, -1, 1, 1)$.",
    check: (lib) =>
      checkExact(
        [[-1], [-1], [1], [1]],
        lib.batchNorm([[0], [0], [2], [2]], { weight: [1], bias: [0], eps: 0 }).output,
        { what: "the output" },
      ),
  },
  {
    chapter: "recurrent",
    needs: ["rnn"],
    question: "A one-unit RNN with input weight $1$ and recurrent weight $0$ reads the inputs " +
      "$0.5$ then $0$. What are its two hidden states?",
    answer: "$h_1 = \\tanh(0.5) = 0.46212$; with no recurrent weight nothing of $h_1$ reaches " +
      "$h_2 = \\tanh(0) = 0$: the network has no memory.",
    check: (lib) => {
      const { output } = lib.rnn([[0.5], [0]], { weightIh: [[1]], weightHh: [[0]] });
      return checkNumber("0.46212", output[0][0] + Math.abs(output[1][0]), {
        what: "h1 + |h2|",
      });
    },
  },
  {
    chapter: "attention",
    needs: ["scaledDotProductAttention"],
    question: "One query $q = (1, 0)$ attends over the keys $(1, 0)$ and $(0, 1)$ with values " +
      "$1$ and $3$. With the scale $1/\\sqrt{d} = 1/\\sqrt2$, what weight goes to the first " +
      "key?",
    answer: "The scores are $1/\\sqrt2 = 0.70711$ and $0$; softmax gives " +
      "$e^{0.70711} / (e^{0.70711} + 1) = 2.02811 / 3.02811 = 0.66976$ (and the output is " +
      "$0.66976 \\cdot 1 + 0.33024 \\cdot 3 = 1.66048$).",
    check: (lib) =>
      checkNumber(
        "0.66976",
        lib.scaledDotProductAttention([[1, 0]], { key: [[1, 0], [0, 1]], value: [[1], [3]] })
          .weights[0][0],
        { what: "the first weight" },
      ),
  },
  {
    chapter: "matmul",
    needs: ["matmul"],
    question: "Multiply $A = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$ by " +
      "$B = \\begin{bmatrix} 0 & 1 \\\\ 1 & 0 \\end{bmatrix}$.",
    answer: "Each entry is a row of $A$ times a column of $B$: $(AB)_{11} = 1 \\cdot 0 + " +
      "2 \\cdot 1 = 2$, $(AB)_{12} = 1 \\cdot 1 + 2 \\cdot 0 = 1$, and the second row is " +
      "$(4, 3)$: $B$ swaps the columns of $A$.",
    check: (lib) =>
      checkExact([[2, 1], [4, 3]], toArray(lib.matmul([[1, 2], [3, 4]], [[0, 1], [1, 0]])), {
        what: "AB",
      }),
  },
  {
    chapter: "matmul",
    needs: ["im2col"],
    question: "Lay out question 2's $M$ for a $2 \\times 2$ window with `im2col`: which row " +
      "belongs to the cell $O_{12}$, and what does it give times $K$'s taps $(0, 0, 1, 1)$?",
    answer: "The cells are numbered row by row, so $O_{12}$ is row $1 \\cdot 3 + 2 = 5$: the " +
      "window of $M$ at rows 1-2, columns 2-3, read row by row, $(0, 1, 1, 2)$. Times " +
      "$(0, 0, 1, 1)$ it gives $1 + 2 = 3$, the sheet's $O_{12}$.",
    check: (lib) =>
      checkExact([0, 1, 1, 2], (toArray(lib.im2col(M, { kernel: 2 })) as number[][])[5], {
        what: "row 5",
      }),
  },
  {
    chapter: "regularization",
    needs: ["l2Penalty"],
    question: "The L2 penalty $\\tfrac{\\lambda}{2} \\lVert w \\rVert^2$ of $w = (3, 4)$ " +
      "with $\\lambda = 0.1$?",
    answer: "$\\lVert w \\rVert^2 = 9 + 16 = 25$, so the penalty is $0.05 \\cdot 25 = 1.25$.",
    check: (lib) => checkNumber("1.25", lib.l2Penalty([3, 4], 0.1), { what: "the penalty" }),
  },
  {
    chapter: "regularization",
    needs: ["dropout"],
    question: "Dropout with $p = 0.5$ in training: which factors can the mask hold?",
    answer: "A unit is dropped (factor $0$) or kept and scaled by $1/(1 - p) = 2$, so the " +
      "expected output equals the input.",
    check: (lib) => {
      const { mask } = lib.dropout(Array(64).fill(1), { p: 0.5, seed: 1 });
      return checkExact([0, 2], [...new Set(mask as number[])].sort(), {
        what: "the set of factors",
      });
    },
  },
];

/**
 * Runs every exercise's check with the library and renders the ones that agree; throws,
 * naming the exercise, when the library disagrees with a hand-worked answer.
 */
export function checkedExercises(lib: Lib): Record<string, ExerciseView[]> {
  const byChapter: Record<string, ExerciseView[]> = {};
  for (const exercise of EXERCISES) {
    if (exercise.needs?.some((name) => typeof lib[name] !== "function")) continue;
    const list = byChapter[exercise.chapter] ??= [];
    const id = `exercise-${exercise.chapter}-${list.length + 1}`;
    let outcome: Outcome;
    try {
      outcome = exercise.check(lib);
    } catch (error) {
      throw new Error(`${id}: its check failed: ${(error as Error).message}`);
    }
    if (outcome.verdict !== "agrees") {
      throw new Error(`${id}: the library disagrees with the worked answer: ${outcome.reason}`);
    }
    list.push({
      id,
      questionHtml: markdownInline(exercise.question),
      answerHtml: markdown(exercise.answer),
      checkHtml: markdownInline(`Checked by the audit engine: ${outcome.reason}.`),
    });
  }
  return byChapter;
}
