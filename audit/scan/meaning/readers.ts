/**
 * The course quantities a numeric step can name, one reader each: the words that name it,
 * where its numbers are in the prose, and the library call it means. A new quantity is one
 * more entry; its mistakes come from the function's catalogue (`mistakesOf`), so new catalogue
 * entries are tried with no change here.
 *
 * @module
 */
import {
  adamStep,
  batchNormParameterCount,
  binaryCrossEntropyGradient,
  conv2dParameterCount,
  convOutputSize,
  denseParameterCount,
  embeddingParameterCount,
  meanSquaredError,
  mistakesOf,
  multiHeadAttentionParameterCount,
  poolOutputSize,
  recurrentParameterCount,
  squaredErrorGradient,
} from "../../../mod.ts";
import type { Json } from "../interpret.ts";
import { matchOf } from "./mod.ts";
import type { Found } from "./prose.ts";
import { nearest, numbersIn } from "./prose.ts";
import type { Lift, QuantityReader } from "./quantities.ts";
import { descent } from "./descent.ts";
import { poolParams } from "./pool_params.ts";

/** Each catalogue variant of `fn` on `args`, as a value (variants that throw are left out). */
function variantsOf<F extends (...a: never[]) => unknown>(
  fn: F,
  name: string,
  args: unknown[],
  pick: (r: ReturnType<F>) => number,
): Lift["variants"] {
  const out: Lift["variants"] = [];
  for (const m of mistakesOf(fn)) {
    try {
      const v = pick((m.variant as (...a: unknown[]) => ReturnType<F>)(...args));
      if (Number.isFinite(v)) out.push({ match: matchOf(name, m), value: v });
    } catch {
      // a variant that does not apply to these arguments
    }
  }
  return out;
}

const ev = (...found: (Found | null)[]) =>
  found.filter((f): f is Found => f !== null).map((f) => `"${f.evidence}"`);

const PARAMS = /param|weights and biases/i;
const NO_BIAS =
  /without (?:a |the )?bias|no bias|excluding (?:the )?bias|bias\s*=\s*false|weights only/i;

const dense: QuantityReader = {
  words: /\b(?:dense|fully[- ]connected|linear|FC|MLP|hidden layer|output layer|perceptron)\b/i,
  also: PARAMS,
  read: ({ near }) => {
    const both = nearest(near, [
      String.raw`from\s*#\s*(?:inputs?|features|units|neurons)?\s*to\s*\d+`,
    ]);
    const to = nearest(near, [
      String.raw`from\s*\d+\s*(?:inputs?|features|units|neurons)?\s*to\s*#`,
    ]);
    const input = both ?? nearest(near, [
      String
        .raw`#\s*(?:inputs?|input features|in[_ ]features|pixels|input units|input neurons|input nodes)\b`,
      String.raw`\binput layer (?:of|with)\s*#`,
      String
        .raw`\binputs?(?:\s*(?:size|features|dimension|units|neurons|vector))?\s*(?:=|:|of|is|of size)\s*#`,
    ]);
    const output = to ?? nearest(near, [
      String
        .raw`#\s*(?:units|neurons|outputs?|output units|hidden units|classes|nodes|out[_ ]features)\b`,
      String
        .raw`\boutputs?(?:\s*(?:size|features|dimension|units|neurons?))?(?:\s*(?:size|features|dimension|units|neurons?))?\s*(?:=|:|of|is)\s*#`,
      String.raw`dimension of output neurons?\s*=\s*#`,
    ]);
    if (!input || !output) return null;
    // an image or a map as the input is a dense layer's only after a flatten
    if (input.factors.filter((f) => f !== 1).length > 1 && !/flatten/i.test(near)) return null;
    const options = { inFeatures: input.value, outFeatures: output.factors[0] };
    if (options.outFeatures === options.inFeatures && !both) return null;
    const bias = !NO_BIAS.test(near);
    const args = bias ? options : { ...options, bias: false };
    return {
      readAs: `a dense layer from ${options.inFeatures} to ${options.outFeatures} units${
        bias ? "" : " without bias"
      }`,
      evidence: ["the words dense/fully connected and parameters", ...ev(input, output)],
      assumptions: bias ? ["each unit has a bias, as a dense layer has by default"] : [],
      value: denseParameterCount(args),
      call:
        `denseParameterCount({inFeatures: ${options.inFeatures}, outFeatures: ${options.outFeatures}${
          bias ? "" : ", bias: false"
        }})`,
      variants: variantsOf(denseParameterCount, "denseParameterCount", [args], (r) => r),
      topic: "dense parameter count",
      uses: { numbers: [options.inFeatures, options.outFeatures], mayMiss: 0 },
      chapter: "shapes",
    };
  },
};

const KERNEL = [
  String.raw`##\s*(?:kernels?|filters?|convolution|conv|window)\b`,
  String.raw`\b(?:kernel|filter)s?(?:\s*size)?\s*(?:=|:|of|is|of size|with size)?\s*#`,
  String.raw`\b[FK]\s*=\s*#`,
];

/** k × k from a kernel's factors (`3×3`, `5×5×3` where the 3 is the input's channels). */
function kernelOf(f: Found | null): number | null {
  if (!f) return null;
  if (f.factors.length >= 2 && f.factors[0] !== f.factors[1]) return null;
  return f.factors[0];
}

const convParams: QuantityReader = {
  words: /\bconv(?:olution(?:al)?)?\b/i,
  also: PARAMS,
  read: ({ near, left }) => {
    if (/group|depthwise|separable|dilat/i.test(near)) return null;
    const kernel = nearest(near, KERNEL);
    const k = kernelOf(kernel);
    const cin = nearest(near, [
      String.raw`#\s*(?:input|in)[ _-]?channels`,
      String
        .raw`\binput(?:\s*(?:channels|image|volume|tensor|of size|size))?\s*(?:=|:|of|is)?\s*\d+\s*(?:\\times|×|x)\s*\d+\s*(?:\\times|×|x)\s*#`,
      String.raw`in[_ ]channels\s*(?:=|:)\s*#`,
    ]);
    const cinShape = nearest(near, [
      String.raw`\d+\s*(?:\\times|×|x)\s*\d+\s*(?:\\times|×|x)\s*#\s*(?:input|image|volume|tensor)`,
    ]);
    const cinRgb = /\bRGB\b/.test(near) ? 3 : null;
    const cout = nearest(near, [
      String.raw`#\s*(?:filters|output channels|kernels|feature maps)\b`,
      String.raw`(?:filters|out[_ ]channels|output channels)\s*(?:=|:|of|is)\s*#`,
    ]);
    // no filter count said: the depth of the output shape the sheet wrote for this layer
    const depth = cout ? null : nearest(near, [
      String
        .raw`\boutput(?:\s*(?:neurons?|volume|shape|size|dimensions?))?\s*=[^\n]*(?:\\times|×)\s*#\s*(?=\n|$)`,
    ]);
    // …shown in the step (its other numbers may still miss one, a mistake's missing channels)
    if (depth && !numbersIn(left).has(depth.value)) return null;
    const filters = cout ?? depth;
    const channelsIn = cin?.factors[cin.factors.length - 1] ?? cinShape?.value ?? cinRgb;
    if (!k || !channelsIn || !filters) return null;
    const options = { inChannels: channelsIn, outChannels: filters.value, kernel: k };
    const bias = !NO_BIAS.test(near);
    const args = bias ? options : { ...options, bias: false };
    return {
      readAs: `a ${k}×${k} convolution from ${channelsIn} to ${filters.value} channels${
        bias ? "" : " without bias"
      }`,
      evidence: [
        "the words convolution and parameters",
        ...ev(kernel, cin ?? cinShape, filters),
        ...(depth ? ["the output's depth is its number of filters"] : []),
        ...(cin ? [] : ["RGB: 3 channels"]),
      ],
      assumptions: bias ? ["each filter has a bias, as a convolution has by default"] : [],
      value: conv2dParameterCount(args),
      call:
        `conv2dParameterCount({inChannels: ${channelsIn}, outChannels: ${filters.value}, kernel: ${k}${
          bias ? "" : ", bias: false"
        }})`,
      variants: variantsOf(conv2dParameterCount, "conv2dParameterCount", [args], (r) => r),
      topic: "convolution parameter count",
      uses: { numbers: [k, channelsIn, filters.value], mayMiss: 1 },
      chapter: "shapes",
    };
  },
};

/** The input size, stride and padding of a convolution or pool, from the prose. */
function geometry(near: string) {
  const input = nearest(near, [
    String.raw`\binput(?:\s*(?:size|image|volume|feature map|of size))?\s*(?:=|:|of|is)?\s*#`,
    String.raw`#\s*(?:input|image|feature map|volume)\b`,
    String.raw`\b[WHN]\s*=\s*#`,
  ]);
  const stride = nearest(near, [
    String.raw`\bstride\s*(?:=|:|of|is)?\s*#`,
    String.raw`#\s*stride`,
    String.raw`\bS\s*=\s*#`,
  ]);
  const padding = nearest(near, [
    String.raw`\b(?:padding|pad)\s*(?:=|:|of|is)?\s*#`,
    String.raw`\bP\s*=\s*#`,
    String.raw`#\s*(?:pixels? of )?padding`,
  ]);
  const same = /padding\s*(?:=|:|of|is)?\s*['"‘’`]*same|same padding/i.test(near);
  const valid = /padding\s*(?:=|:|of|is)?\s*['"‘’`]*valid|valid padding|no padding/i.test(near);
  return { input, stride, padding, same, valid };
}

const OUTPUT_WORDS =
  /output(?:\s*(?:size|width|height|dimension|shape|volume|feature map))|feature map|spatial size|dimension of output/i;

const convOutput: QuantityReader = {
  size: true,
  words: /\bconv(?:olution(?:al)?)?\b|\bfilter|\bkernel/i,
  also: OUTPUT_WORDS,
  read: (q) => {
    const { near } = q;
    if (/dilat|transpose|deconv/i.test(near)) return null;
    const g = geometry(near);
    const kernel = nearest(near, KERNEL);
    const k = kernelOf(kernel);
    if (!g.input || !k) return null;
    const n = g.input.factors[0];
    const s = g.stride?.value ?? 1;
    if (g.padding && (g.same || g.valid)) return null;
    if (g.same) return null; // 'same' is a size rule, not a count: left to the arithmetic
    const p = g.padding?.value ?? 0;
    if (!g.padding && !g.valid) return null; // the padding must be said
    if (q.statedText.includes(".")) return null;
    const args = [n, { kernel: k, stride: s, padding: p }] as const;
    let value: number;
    try {
      value = convOutputSize(...args);
    } catch {
      return null;
    }
    return {
      readAs: `a convolution's output size from input ${n}, kernel ${k}, stride ${s}, padding ${p}`,
      evidence: [
        "the words convolution and output size",
        ...ev(g.input, kernel, g.stride, g.padding),
        ...(g.valid ? ["'valid': padding 0"] : []),
      ],
      assumptions: g.stride ? [] : ["stride 1 (no stride is given)"],
      value,
      call: `convOutputSize(${n}, {kernel: ${k}, stride: ${s}, padding: ${p}})`,
      variants: variantsOf(convOutputSize, "convOutputSize", [...args], (r) => r),
      topic: "convolution output size",
      chapter: "shapes",
    };
  },
};

const poolOutput: QuantityReader = {
  size: true,
  words: /\bpool(?:ing)?\b/i,
  also: OUTPUT_WORDS,
  read: (q) => {
    const { near } = q;
    const g = geometry(near);
    const window = nearest(near, [
      String.raw`#\s*(?:pool(?:ing)?|window|max[- ]pool(?:ing)?|average[- ]pool(?:ing)?)\b`,
      String
        .raw`\b(?:pool(?:ing)?(?:\s*size)?|window(?:\s*size)?|kernel(?:\s*size)?)\s*(?:=|:|of|is)?\s*#`,
    ]);
    const k = kernelOf(window);
    if (!g.input || !k || g.same) return null;
    const n = g.input.factors[0];
    const s = g.stride?.value ?? k;
    const p = g.padding?.value ?? 0;
    // no stride written: the pool's own default (its window), so the catalogue's
    // "stride taken as 1" is tried on the sheet's own arguments
    const args = [
      n,
      g.stride ? { kernel: k, stride: s, padding: p } : { kernel: k, padding: p },
    ] as const;
    let value: number;
    try {
      value = poolOutputSize(...args);
    } catch {
      return null;
    }
    return {
      readAs: `a pooling layer's output size from input ${n}, window ${k}, stride ${s}`,
      evidence: ["the words pooling and output size", ...ev(g.input, window, g.stride, g.padding)],
      assumptions: g.stride
        ? []
        : [`stride ${k}, the window size (PyTorch's and Keras's default for pooling)`],
      value,
      call: `poolOutputSize(${n}, {kernel: ${k}, stride: ${s}, padding: ${p}})`,
      variants: variantsOf(poolOutputSize, "poolOutputSize", [...args], (r) => r),
      topic: "pooling output size",
      chapter: "shapes",
    };
  },
};

const embedding: QuantityReader = {
  words: /\bembedding\b/i,
  also: PARAMS,
  read: ({ near }) => {
    const vocab = nearest(near, [
      String.raw`#\s*(?:tokens|words|entries|rows)\b`,
      String.raw`vocabulary(?:\s*(?:size|of))?\s*(?:=|:|of|is)?\s*#`,
    ]);
    const dim = nearest(near, [
      String.raw`#[- ]dimensional`,
      String
        .raw`(?:dimension|embedding size|embedding dim(?:ension)?|vectors? of (?:length|size))\s*(?:=|:|of|is)?\s*#`,
    ]);
    if (!vocab || !dim) return null;
    const options = { numEmbeddings: vocab.value, embeddingDim: dim.value };
    return {
      readAs: `an embedding table of ${vocab.value} tokens × ${dim.value} dimensions`,
      evidence: ["the words embedding and parameters", ...ev(vocab, dim)],
      assumptions: [],
      value: embeddingParameterCount(options),
      call: `embeddingParameterCount({numEmbeddings: ${vocab.value}, embeddingDim: ${dim.value}})`,
      variants: [],
      topic: "embedding parameter count",
      chapter: "shapes",
    };
  },
};

const recurrent: QuantityReader = {
  words: /\b(?:LSTM|GRU|RNN|recurrent)\b/i,
  also: PARAMS,
  read: ({ near }) => {
    const cellWord = /\bLSTM\b/i.test(near) ? "lstm" : /\bGRU\b/i.test(near) ? "gru" : "rnn";
    if (/\bLSTM\b/i.test(near) && /\bGRU\b/i.test(near)) return null;
    const input = nearest(near, [
      String.raw`input(?:\s*(?:size|dimension|features|vectors? of size))\s*(?:=|:|of|is)?\s*#`,
      String.raw`#[- ]dimensional input`,
      String.raw`#\s*input features`,
    ]);
    const hidden = nearest(near, [
      String.raw`hidden(?:\s*(?:size|units|state size|dimension))\s*(?:=|:|of|is)?\s*#`,
      String.raw`#\s*hidden units`,
      String.raw`#\s*units`,
    ]);
    if (!input || !hidden) return null;
    const sizes = { cell: cellWord, inputSize: input.value, hiddenSize: hidden.value } as const;
    const keras = /\bkeras\b|tensorflow/i.test(near);
    const torch = /pytorch|torch/i.test(near);
    const main = keras ? "keras" : "pytorch";
    const other = main === "keras" ? "pytorch" : "keras";
    const value = recurrentParameterCount({ ...sizes, convention: main });
    const otherValue = recurrentParameterCount({ ...sizes, convention: other });
    return {
      readAs:
        `a ${cellWord.toUpperCase()} layer with input size ${input.value} and ${hidden.value} hidden units (${
          main === "keras" ? "Keras" : "PyTorch"
        }'s biases)`,
      evidence: [`the words ${cellWord.toUpperCase()} and parameters`, ...ev(input, hidden)],
      assumptions: keras || torch
        ? []
        : ["PyTorch's convention of two bias vectors per gate (no framework is named)"],
      value,
      call:
        `recurrentParameterCount({cell: "${cellWord}", inputSize: ${input.value}, hiddenSize: ${hidden.value}, convention: "${main}"})`,
      variants: variantsOf(recurrentParameterCount, "recurrentParameterCount", [{
        ...sizes,
        convention: main,
      }], (r) => r)
        .filter((v) => v.value !== otherValue),
      conventions: keras || torch || otherValue === value ? [] : [{
        reading: `${other === "keras" ? "Keras's" : "PyTorch's"} convention of ${
          other === "keras" ? "one bias vector" : "two bias vectors"
        } per gate`,
        value: otherValue,
      }],
      topic: "recurrent parameter count",
      chapter: "recurrent",
    };
  },
};

const batchNorm: QuantityReader = {
  words: /\bbatch[- ]?norm(?:alization|alisation)?\b|\bBN\b/i,
  also: PARAMS,
  read: ({ near }) => {
    const channels = nearest(near, [
      String.raw`#\s*(?:channels|features|feature maps|units|neurons)\b`,
      String.raw`(?:channels|features)\s*(?:=|:|of|is)\s*#`,
    ]);
    if (!channels) return null;
    const total = /non-?trainable|total|all parameters/i.test(near);
    const count = batchNormParameterCount(channels.value);
    return {
      readAs: `batch normalisation over ${channels.value} channels (${
        total ? "all stored parameters" : "trainable parameters"
      })`,
      evidence: ["the words batch norm and parameters", ...ev(channels)],
      assumptions: total
        ? ["the count includes the running mean and variance"]
        : ["trainable parameters: the scale γ and shift β of each channel"],
      value: total ? count.trainable + count.nonTrainable : count.trainable,
      call: `batchNormParameterCount(${channels.value}).${
        total ? "trainable + nonTrainable" : "trainable"
      }`,
      variants: total
        ? []
        : variantsOf(batchNormParameterCount, "batchNormParameterCount", [channels.value], (r) =>
          r.trainable),
      topic: "batch normalisation parameter count",
      chapter: "normalization",
    };
  },
};

const attention: QuantityReader = {
  words: /\battention\b/i,
  also: PARAMS,
  read: ({ near }) => {
    const dim = nearest(near, [
      String.raw`d_?\{?model\}?\s*=\s*#`,
      String.raw`(?:embedding|model)\s*(?:dimension|dim|size|width)\s*(?:=|:|of|is)?\s*#`,
    ]);
    const heads = nearest(near, [String.raw`#\s*heads`, String.raw`heads?\s*(?:=|:|of|is)\s*#`]);
    if (!dim || !heads) return null;
    const options = { embedDim: dim.value, heads: heads.value };
    let value: number;
    try {
      value = multiHeadAttentionParameterCount(options);
    } catch {
      return null;
    }
    return {
      readAs: `multi-head attention of width ${dim.value} with ${heads.value} heads`,
      evidence: ["the words attention and parameters", ...ev(dim, heads)],
      assumptions: ["query, key, value and output projections, each with a bias"],
      value,
      call: `multiHeadAttentionParameterCount({embedDim: ${dim.value}, heads: ${heads.value}})`,
      variants: variantsOf(multiHeadAttentionParameterCount, "multiHeadAttentionParameterCount", [
        options,
      ], (r) => r),
      topic: "attention parameter count",
      chapter: "attention",
    };
  },
};

/** The pairs (a, b) of a sum of squared differences `(a − b)^2 + …`, and whether it is divided. */
function squaredDifferences(tree: Json): { pairs: [number, number][]; divided: boolean } | null {
  let t = tree;
  let divided = false;
  if (Array.isArray(t) && t[0] === "Divide") {
    divided = true;
    t = t[1];
  } else if (
    Array.isArray(t) && (t[0] === "Multiply" || t[0] === "InvisibleOperator") && t.length === 3
  ) {
    const f = t[1];
    if (Array.isArray(f) && (f[0] === "Divide" || f[0] === "Rational") && f[1] === 1) {
      divided = true;
      t = t[2];
    }
  }
  if (Array.isArray(t) && t[0] === "Delimiter") t = t[1];
  if (!Array.isArray(t) || t[0] !== "Add") return null;
  const num = (j: Json): number | null =>
    typeof j === "number"
      ? j
      : Array.isArray(j) && j[0] === "Negate" && typeof j[1] === "number"
      ? -j[1]
      : typeof j === "object" && !Array.isArray(j) && j !== null
      ? Number(j.num)
      : null;
  const pairs: [number, number][] = [];
  for (const term of t.slice(1)) {
    if (!Array.isArray(term) || term[0] !== "Power" || term[2] !== 2) return null;
    let d = term[1];
    if (Array.isArray(d) && d[0] === "Delimiter") d = d[1];
    // a squared number is one sample's error already worked out (ŷ − y = 0.5): target 0
    const error = num(d);
    if (error !== null && Number.isFinite(error)) {
      pairs.push([0, error]);
      continue;
    }
    if (!Array.isArray(d) || d[0] !== "Subtract") return null;
    const a = num(d[1]), b = num(d[2]);
    if (a === null || b === null) return null;
    pairs.push([a, b]);
  }
  return pairs.length >= 2 ? { pairs, divided } : null;
}

const mse: QuantityReader = {
  words: /\bMSE\b|mean[- ]squared[- ]error/i,
  read: ({ left }) => {
    const sq = squaredDifferences(left);
    if (!sq) return null;
    const target = sq.pairs.map((p) => p[0]);
    const prediction = sq.pairs.map((p) => p[1]);
    const list = (xs: number[]) => `[${xs.join(", ")}]`;
    return {
      readAs: `the mean squared error of ${sq.pairs.length} pairs`,
      evidence: [
        "the words mean squared error",
        `the step's ${sq.pairs.length} squared differences`,
      ],
      assumptions: [
        "each (a − b)^2 is one sample's target and prediction, and a squared number one sample's error",
      ],
      value: meanSquaredError(prediction, target),
      call: `meanSquaredError(${list(prediction)}, ${list(target)})`,
      variants: variantsOf(meanSquaredError, "meanSquaredError", [prediction, target], (r) => r),
      topic: "mean squared error",
      chapter: "losses",
    };
  },
};

/** A name for a result: a subscript 1, t, t+1, new or next (`w_1`, `v_{new}`), or a hat (`\hat{m}_1`). */
const RESULT = /_\{?(?:1|t|t\+1|new|next|\\text\{new\})\}?$|^\\hat/;

/** A decimal after words such as `learning rate` or `β_1` (the nearest one). */
function coefficient(near: string, names: string): Found | null {
  // `learning rate 0.1`, `learning rate \alpha = 0.1`, `gradient g = 2`, `weight w_0 = 1`
  return nearest(near, [
    String
      .raw`(?:${names})(?:\s+\\?[A-Za-z]{1,6}(?:_\{?[A-Za-z0-9-]{1,4}\}?)?)?\s*(?:=|:|of|is|equal to)?\s*#`,
  ]);
}

const adam: QuantityReader = {
  named: true,
  words: /\badam\b/i,
  read: ({ near, head }) => {
    const lr = coefficient(near, String.raw`learning rate|\\alpha|\\eta|lr|α|η`);
    const b1 = coefficient(near, String.raw`\\beta_\{?1\}?|β_?1|beta_?1`);
    const b2 = coefficient(near, String.raw`\\beta_\{?2\}?|β_?2|beta_?2`);
    const g = coefficient(near, String.raw`gradient(?: g)?|g_\{?1\}?|\bg`);
    const theta = coefficient(
      near,
      String
        .raw`\\theta_\{?0\}?|θ_?0|w_\{?0\}?|initial (?:weight|parameter)|weight|parameter|\bw(?=\s*=)|\\theta(?=\s*=)`,
    );
    if (!lr || !g || !theta || !head) return null;
    const name = head.replace(/\s+/g, "");
    if (!RESULT.test(name)) return null; // a given value (w = 0.5, θ_0 = 1), not a result
    const which = /^\\hat\{?m/.test(name)
      ? "mhat"
      : /^\\hat\{?v/.test(name)
      ? "vhat"
      : /^m/.test(name)
      ? "m"
      : /^v/.test(name)
      ? "v"
      : /^(?:\\theta|θ|w)/.test(name)
      ? "theta"
      : null;
    if (!which) return null;
    const betas: [number, number] = [b1?.value ?? 0.9, b2?.value ?? 0.999];
    const args = [[theta.value], [g.value], { learningRate: lr.value, betas }] as const;
    const r = adamStep(...args);
    const m = r.state.expAvg[0], v = r.state.expAvgSq[0];
    const value = which === "theta"
      ? r.parameters[0]
      : which === "m"
      ? m
      : which === "v"
      ? v
      : which === "mhat"
      ? m / (1 - betas[0])
      : v / (1 - betas[1]);
    const variants = which === "theta"
      ? variantsOf(adamStep, "adamStep", [...args], (x) => x.parameters[0])
      : which === "mhat" || which === "vhat"
      ? mistakesOf(adamStep).filter((x) => x.id === "no-bias-correction").map((x) => ({
        match: matchOf("adamStep", x),
        value: which === "mhat" ? m : v,
      }))
      : [];
    const what = {
      theta: "the parameter after",
      m: "the first moment m after",
      v: "the second moment v after",
      mhat: "the corrected first moment m̂ after",
      vhat: "the corrected second moment v̂ after",
    }[which];
    return {
      readAs: `${what} Adam's first step from θ = ${theta.value} with gradient ${g.value}`,
      evidence: ["the word Adam", `the left side ${head.trim()}`, ...ev(lr, b1, b2, g, theta)],
      assumptions: [
        "the first step (t = 1) from m = v = 0",
        ...(b1 && b2 ? [] : ["β1 = 0.9 and β2 = 0.999 where not given (the defaults)"]),
        "ε = 1e-8",
      ],
      value,
      call: `adamStep([${theta.value}], [${g.value}], {learningRate: ${lr.value}, betas: [${
        betas.join(", ")
      }]})${
        which === "theta"
          ? ".parameters[0]"
          : which === "m"
          ? ".state.expAvg[0]"
          : which === "v"
          ? ".state.expAvgSq[0]"
          : ""
      }`,
      variants,
      topic: "Adam",
      chapter: "optimizers",
    };
  },
};

const momentum: QuantityReader = {
  named: true,
  words: /\bmomentum\b/i,
  read: ({ near, head }) => {
    if (
      !head ||
      !/^\s*(?:v|\\nu|u|m|\\mathbf\{v\}|\\text\{velocity\})/.test(head) && !/velocity/i.test(head)
    ) return null;
    if (!RESULT.test(head.replace(/\s+/g, ""))) return null; // a given velocity, not a result
    const mu = coefficient(near, String.raw`momentum(?: coefficient)?|\\beta|\\mu|β|μ`);
    const g = coefficient(near, String.raw`gradient(?: g)?|\bg(?:_\{?\d\}?)?`);
    const v0 = coefficient(
      near,
      String.raw`velocity|v_\{?0\}?|previous velocity|v_\{?t-1\}?|\bv(?=\s*=)`,
    );
    if (!mu || !g) return null;
    const prev = v0?.value ?? 0;
    const sum = mu.value * prev + g.value;
    const average = mu.value * prev + (1 - mu.value) * g.value;
    const averageSaid = /average|EMA\b|\(1\s*-\s*\\?(?:beta|β|mu|μ)\)/i.test(near);
    const value = averageSaid ? average : sum;
    return {
      readAs:
        `the momentum buffer after one step: momentum ${mu.value}, gradient ${g.value}, previous velocity ${prev}`,
      evidence: ["the word momentum", `the left side ${head.trim()}`, ...ev(mu, g, v0)],
      assumptions: [
        averageSaid
          ? "momentum as the sheet defines it: an exponential average β v + (1 − β) g"
          : "PyTorch's momentum: v ← μ v + g (the gradient not damped)",
        ...(v0 ? [] : ["the velocity starts at 0"]),
      ],
      value,
      call: `sgdStep([0], [${g.value}], {learningRate: 1, momentum: ${mu.value}${
        v0 ? `, state: {step: 1, momentumBuffer: [${prev}]}` : ""
      }}).state.momentumBuffer[0]`,
      variants: [],
      conventions: averageSaid ? [{ reading: "PyTorch's sum μ v + g", value: sum }] : [{
        reading: "momentum as an average β v + (1 − β) g (the exponential-average convention)",
        value: average,
      }],
      topic: "momentum",
      chapter: "optimizers",
    };
  },
};

const dropoutReader: QuantityReader = {
  words: /\bdropout\b/i,
  read: ({ near, left }) => {
    const p = coefficient(near, String.raw`drop(?:out)?(?: probability| rate)?|p`);
    const keep = coefficient(near, String.raw`keep(?: probability)?|retain(?: probability)?`);
    const drop = p?.value ?? (keep ? Number((1 - keep.value).toFixed(12)) : null);
    if (drop === null || drop <= 0 || drop >= 1) return null;
    const a = nearest(near, [String.raw`activation\s*(?:of|is|=|:)\s*#`]);
    if (!a || a.factors.length !== 1) return null;
    const training = /\btrain(?:ing)?\b/i.test(near) &&
      !/\btest|inference|evaluation\b/i.test(near.split("\n").slice(-2).join(" "));
    void left;
    const kept = a.value / (1 - drop);
    const value = training ? kept : a.value;
    return {
      readAs: `a kept unit of activation ${a.value} under dropout p = ${drop} at ${
        training ? "training" : "test"
      } time`,
      evidence: [
        "the word dropout",
        ...ev(p ?? keep, a),
        training ? "the word training" : "test time",
      ],
      assumptions: [
        "inverted dropout, as PyTorch and Keras implement it: survivors are scaled by 1/(1 − p) during training, nothing at test time",
      ],
      value,
      call: `dropout([${a.value}], {p: ${drop}, training: ${training}, random: () => 1}).output[0]`,
      variants: [],
      conventions: training
        ? [{
          reading:
            "classic dropout (no scaling during training, the weights scaled by 1 − p at test time)",
          value: a.value,
        }]
        : [{
          reading:
            "classic dropout (activations scaled by the keep probability 1 − p at test time)",
          value: a.value * (1 - drop),
        }],
      readings: training
        ? [{
          reading:
            "the activation scaled by the keep probability 1 − p during training (classic dropout applies it at test time)",
          value: a.value * (1 - drop),
        }]
        : [],
      topic: "dropout",
      chapter: "regularization",
    };
  },
};

const PREDICTED = /^(?:yhat|p|phat|o|a|q)(?:_\w+)?$/;

const lossSlope: QuantityReader = {
  derivative: true,
  words: /squared[- ]error|\bMSE\b|cross[- ]?entropy|\bBCE\b/i,
  read: ({ near, partial }) => {
    if (!partial || !PREDICTED.test(partial.by)) return null;
    const p = coefficient(
      near,
      String.raw`\\hat\{?y\}?(?:_\{?\w+\}?)?|prediction|predicted(?: value| output)?|output`,
    );
    const y = coefficient(near, String.raw`\by(?:_\{?\w+\}?)?(?=\s*=)|target|label|true value`);
    if (!p || !y || p.factors.length !== 1 || y.factors.length !== 1) return null;
    const bce = /cross[- ]?entropy|\bBCE\b/i.test(near) && !/squared[- ]error|\bMSE\b/i.test(near);
    if (bce && (p.value <= 0 || p.value >= 1)) return null;
    const value = bce
      ? binaryCrossEntropyGradient(p.value, y.value, { reduction: "none" })
      : squaredErrorGradient(p.value, y.value);
    const name = bce ? "binaryCrossEntropyGradient" : "squaredErrorGradient";
    const args = bce ? [p.value, y.value, { reduction: "none" }] : [[p.value], [y.value]];
    const pick = (r: unknown) =>
      typeof r === "number" ? r : Number((r as { toArray: () => number[] }).toArray()[0]);
    const variants = bce
      ? variantsOf(binaryCrossEntropyGradient, name, args, pick)
      : variantsOf(squaredErrorGradient, name, args, pick);
    return {
      readAs: `the ${
        bce ? "binary cross-entropy" : "squared error"
      }'s slope ∂${partial.of}/∂${partial.by} at prediction ${p.value}, target ${y.value}`,
      evidence: [`∂${partial.of}/∂${partial.by} on the left`, ...ev(p, y)],
      assumptions: [
        bce ? "one sample, natural logarithm" : "E = (y − ŷ)^2 for one sample, without a 1/2",
      ],
      value,
      call: bce
        ? `binaryCrossEntropyGradient(${p.value}, ${y.value}, {reduction: "none"})`
        : `squaredErrorGradient(${p.value}, ${y.value})`,
      variants: variants.filter((v) => v.match.id !== "factor-two-missing"),
      conventions: bce
        ? []
        : [{ reading: "the squared error with a 1/2 (the slope ŷ − y)", value: value / 2 }],
      topic: "loss gradient",
      chapter: "losses",
    };
  },
};

/** Every quantity reader, tried nearest-named first. */
export const QUANTITY_READERS: readonly QuantityReader[] = [
  dense,
  convParams,
  convOutput,
  poolOutput,
  embedding,
  recurrent,
  batchNorm,
  attention,
  mse,
  adam,
  momentum,
  dropoutReader,
  lossSlope,
  descent,
  poolParams,
];
