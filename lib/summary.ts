/**
 * # Summary: the shapes and parameter counts of a layer stack
 *
 * Before training a network one wants to know, layer by layer, what shape comes out and
 * how many numbers must be learned. Keras prints this as `model.summary()`; the
 * document's question 3 works it by hand for a small CNN on a $21 \times 21 \times 3$
 * image:
 *
 * | layer | output | trainable parameters |
 * | --- | --- | --- |
 * | conv, 6 filters $5 \times 5$, stride 2, valid | $9 \times 9 \times 6$ | $(5 \cdot 5 \cdot 3 + 1) \cdot 6 = 456$ |
 * | max pool $3 \times 3$, stride 2 | $4 \times 4 \times 6$ | 0 |
 * | conv, 10 filters $3 \times 3$, stride 1, same | $4 \times 4 \times 10$ | $(3 \cdot 3 \cdot 6 + 1) \cdot 10 = 550$ |
 * | flatten | $160 \times 1$ | 0 |
 * | dense, 10 units | $10 \times 1$ | $(160 + 1) \cdot 10 = 1610$ |
 *
 * The document writes $160 \times 10 = 1600$ for the dense layer, which counts the
 * weights only; a dense layer with biases (the Keras default) has 10 more. `summary`
 * computes either: `{ type: "dense", units: 10, bias: false }` gives 1600.
 *
 * Modern networks add layers the sheet does not have, and each is counted by the same
 * reasoning: what numbers does it store, and which of them does training change? A
 * *batch norm* over $C$ channels stores four numbers per channel, a scale $\gamma$, a shift
 * $\beta$, and the running mean and variance; only the first two are trained, so over 64
 * channels it has 128 trainable and 128 non-trainable parameters. Keras adds both into its
 * total, PyTorch counts only the trainable ones (the running statistics are "buffers"), so the
 * two libraries report different totals for the same network; this summary gives both.
 * A *depthwise* convolution gives each of the $C$ channels its own $k \times k$ filter
 * instead of a filter across all channels: $3 \cdot 3 \cdot 32 = 288$ weights on 32 channels,
 * where a full $3 \times 3$ convolution to 32 channels has $3 \cdot 3 \cdot 32 \cdot 32 =
 * 9216$. MobileNet replaces each full convolution by a depthwise one followed by a $1 \times 1$
 * (pointwise) one, and that is most of why it has 4.2 million parameters where VGG16 has 138
 * million.
 *
 * Some networks are not stacks. A residual block of ResNet computes $y = F(x) + x$: the input
 * goes through two convolutions *and* around them, and the two paths are added. The addition
 * has no parameters, but it needs both paths to have one shape; where a block halves the map
 * and doubles the channels, the shortcut gets its own $1 \times 1$ convolution with stride 2
 * (for 64 to 128 channels, $64 \cdot 128 = 8192$ weights) and a batch norm. An Inception
 * block instead runs branches side by side and *concatenates* their maps along the channels,
 * so branches of 4 and 6 channels give 10. {@linkcode graphSummary} takes such a network as a
 * list of named nodes, each saying which nodes it reads, in the manner of Keras's functional
 * API, and prints what each row is connected to.
 *
 * Every shape and count comes from `shapes.ts` ({@linkcode conv2dGeometry},
 * {@linkcode poolOutputSize}, {@linkcode conv2dParameterCount},
 * {@linkcode denseParameterCount}); this file only walks the stack and writes the table.
 * Shapes are written in the document's $H \times W \times C$ notation (a vector of $n$
 * entries as $n \times 1$, as the document does) and also given channels-first, `[C, H, W]`.
 *
 * ## Summary
 *
 * - A summary walks a layer stack and gives each layer's output shape and parameter count.
 * - Question 3's network holds $456 + 0 + 550 + 0 + 1610 = 2616$ parameters, most of them in
 *   the dense layer.
 * - Every number comes from the shape module, so the table and the layers cannot disagree.
 *
 * @example The document's question 3
 * ```ts
 * import { summary } from "./summary.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const table = summary([
 *   { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
 *   { type: "maxPool2d", pool: 3, stride: 2 },
 *   { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
 *   { type: "flatten" },
 *   { type: "dense", units: 10 },
 * ], { height: 21, width: 21, channels: 3 });
 * deepStrictEqual(table.rows.map((r) => r.outputShape), [
 *   "9×9×6",
 *   "4×4×6",
 *   "4×4×10",
 *   "160×1",
 *   "10×1",
 * ]);
 * deepStrictEqual(table.rows.map((r) => r.params), [456, 0, 550, 0, 1610]);
 * ```
 *
 * @module
 */

import { flag, guard, nonNegativeInteger, pair, positiveInteger, show } from "./_validate.ts";
import { batchNormParameterCount } from "./normalization.ts";
import {
  conv2dGeometry,
  type Conv2dPadding,
  conv2dParameterCount,
  denseParameterCount,
  poolOutputSize,
  samePadding,
  type Sides,
} from "./shapes.ts";

/** A 2-D convolution layer: `filters` kernels of size `kernel` over all input channels. */
export interface Conv2dLayer {
  /** The layer kind. */
  type: "conv2d";
  /** The number of filters (output channels); a positive integer. */
  filters: number;
  /** The kernel size: a number for a square kernel, or `[kh, kw]`. */
  kernel: number | readonly [number, number];
  /**
   * The stride.
   * @default {1}
   */
  stride?: number | readonly [number, number];
  /**
   * The padding, as for `conv2d`.
   * @default {"valid"}
   */
  padding?: Conv2dPadding;
  /**
   * The dilation.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
  /**
   * Whether each filter has a bias.
   * @default {true}
   */
  bias?: boolean;
  /**
   * Channel groups (PyTorch's `groups`): each filter reads $C_\text{in}/g$ channels.
   * @default {1}
   */
  groups?: number;
  /**
   * The row's name.
   * @default {"conv2d_N"}
   */
  name?: string;
}

/** A pooling layer (max or average) with PyTorch's window rules. */
export interface Pool2dLayer {
  /** The layer kind. */
  type: "maxPool2d" | "avgPool2d";
  /** The window size: a number for a square window, or `[kh, kw]`. */
  pool: number | readonly [number, number];
  /**
   * The stride.
   * @default {pool}
   */
  stride?: number | readonly [number, number];
  /**
   * `"valid"` (none), `"same"` (TensorFlow's rule: $\lceil n/s \rceil$ windows, the odd
   * padding at the end) or PyTorch's padding on both ends of each axis, at most half the window.
   * @default {"valid"}
   */
  padding?: "valid" | "same" | number | readonly [number, number];
  /**
   * The dilation (max pooling only).
   * @default {1}
   */
  dilation?: number | readonly [number, number];
  /**
   * Round the window count up.
   * @default {false}
   */
  ceilMode?: boolean;
  /**
   * The row's name.
   * @default {"maxPool2d_N" or "avgPool2d_N"}
   */
  name?: string;
}

/** A layer without parameters that turns maps into a vector. */
export interface ReshapeLayer {
  /**
   * `"flatten"` keeps every entry; `"globalAvgPool2d"` keeps each channel's mean and
   * `"globalMaxPool2d"` its largest entry.
   */
  type: "flatten" | "globalAvgPool2d" | "globalMaxPool2d";
  /**
   * Global pooling only: keep a $1 \times 1 \times C$ map instead of a vector (Keras's `keepdims`).
   * @default {false}
   */
  keepDims?: boolean;
  /**
   * The row's name.
   * @default {"flatten_N" or "globalAvgPool2d_N"}
   */
  name?: string;
}

/** A dense (fully connected) layer on a vector. */
export interface DenseLayer {
  /** The layer kind. */
  type: "dense";
  /** The number of output units; a positive integer. */
  units: number;
  /**
   * Whether each unit has a bias.
   * @default {true}
   */
  bias?: boolean;
  /**
   * The row's name.
   * @default {"dense_N"}
   */
  name?: string;
}

/** A depthwise convolution (Keras's `DepthwiseConv2D`): one filter per input channel. */
export interface DepthwiseConv2dLayer {
  /** The layer kind. */
  type: "depthwiseConv2d";
  /** The kernel size: a number for a square kernel, or `[kh, kw]`. */
  kernel: number | readonly [number, number];
  /**
   * Filters per input channel; the output has $C \cdot$ `depthMultiplier` channels.
   * @default {1}
   */
  depthMultiplier?: number;
  /**
   * The stride.
   * @default {1}
   */
  stride?: number | readonly [number, number];
  /**
   * The padding, as for `conv2d`.
   * @default {"valid"}
   */
  padding?: Conv2dPadding;
  /**
   * The dilation.
   * @default {1}
   */
  dilation?: number | readonly [number, number];
  /**
   * Whether each filter has a bias.
   * @default {true}
   */
  bias?: boolean;
  /**
   * The row's name.
   * @default {"depthwiseConv2d_N"}
   */
  name?: string;
}

/** Batch normalization per channel: $\gamma, \beta$ trainable, the running statistics not. */
export interface BatchNormLayer {
  /** The layer kind. */
  type: "batchNorm";
  /**
   * The row's name.
   * @default {"batchNorm_N"}
   */
  name?: string;
}

/** A layer applied entry by entry, with no parameters: an activation or dropout. */
export interface ElementwiseLayer {
  /** The layer kind. */
  type: "activation" | "dropout";
  /**
   * What it computes, for the table: `"relu"`, `"relu6"`, `"softmax"`, `"p = 0.5"`.
   * @default {""}
   */
  label?: string;
  /**
   * The row's name.
   * @default {"activation_N" or "dropout_N"}
   */
  name?: string;
}

/** Zeros added around a map (Keras's `ZeroPadding2D`). */
export interface ZeroPadding2dLayer {
  /** The layer kind. */
  type: "zeroPadding2d";
  /** The zeros per side: a number, `[ph, pw]` or `{ top, bottom, left, right }`. */
  padding: number | readonly [number, number] | Readonly<Sides>;
  /**
   * The row's name.
   * @default {"zeroPadding2d_N"}
   */
  name?: string;
}

/** Average pooling to a fixed output size (PyTorch's `AdaptiveAvgPool2d`). */
export interface AdaptiveAvgPool2dLayer {
  /** The layer kind. */
  type: "adaptiveAvgPool2d";
  /** The output height and width: a number or `[h, w]`. */
  output: number | readonly [number, number];
  /**
   * The row's name.
   * @default {"adaptiveAvgPool2d_N"}
   */
  name?: string;
}

/** One layer of a stack, as a plain descriptor. */
export type Layer =
  | Conv2dLayer
  | DepthwiseConv2dLayer
  | Pool2dLayer
  | ReshapeLayer
  | DenseLayer
  | BatchNormLayer
  | ElementwiseLayer
  | ZeroPadding2dLayer
  | AdaptiveAvgPool2dLayer;

/** A node that merges the outputs of other nodes. */
export interface MergeLayer {
  /**
   * `"add"`: entry-wise sum of equal shapes (a residual connection); `"concatenate"`: maps
   * stacked along the channels (equal height and width), or vectors joined.
   */
  type: "add" | "concatenate";
  /** The names of the nodes merged (`"input"` is the graph's input); at least two. */
  inputs: readonly string[];
  /**
   * The row's name.
   * @default {"add_N" or "concatenate_N"}
   */
  name?: string;
}

/**
 * One node of a graph for {@linkcode graphSummary}: a layer reading the nodes named in
 * `inputs` (by default the node listed before it, or the input), or a merge.
 */
export type GraphNode = (Layer & { readonly inputs?: readonly string[] }) | MergeLayer;

/** The shape of the stack's input image. */
export interface InputShape {
  /** Rows; a positive integer. */
  height: number;
  /** Columns; a positive integer. */
  width: number;
  /** Channels; a positive integer. */
  channels: number;
}

/** One row of a {@linkcode Summary}. */
export interface SummaryRow {
  /** The layer's name (its `name`, or its type and a counter: `conv2d_1`). */
  name: string;
  /** The layer's type. */
  type: GraphNode["type"];
  /** The output shape in the document's notation: `"9×9×6"`, or `"160×1"` for a vector. */
  outputShape: string;
  /** The output shape channels-first: `[6, 9, 9]`, or `[160]` for a vector. */
  outputShapeCHW: number[];
  /** Trainable parameters. */
  params: number;
  /** Non-trainable parameters (a batch norm's running mean and variance, in Keras's convention). */
  nonTrainableParams: number;
  /** Buffers: a batch norm's running statistics in PyTorch's convention (0 in Keras's). */
  buffers: number;
  /** The rows whose outputs this layer reads (`"input"` for the graph's input). */
  connectedTo: string[];
  /** How `params` is counted: `"(5·5·3+1)·6 = 456"`, or `"0"`. */
  paramsFormula: string;
  /** Multiplications (each followed by an addition) of one forward pass; biases not counted. */
  multiplyAdds: number;
}

/** Parameter totals of a {@linkcode Summary}. */
export interface SummaryTotals {
  /** Parameters that training updates. */
  trainable: number;
  /** Parameters that training leaves alone: batch norms' running statistics, in Keras's convention. */
  nonTrainable: number;
  /**
   * `trainable + nonTrainable`: Keras's total, or, in PyTorch's convention (where
   * `nonTrainable` is 0), `sum(p.numel() for p in model.parameters())`.
   */
  total: number;
  /** PyTorch's convention only: the running statistics, kept as buffers outside the total. */
  buffers: number;
  /** Multiply-adds of one forward pass over all layers. */
  multiplyAdds: number;
}

/** Options of {@linkcode summary} and {@linkcode graphSummary}. */
export interface SummaryOptions {
  /**
   * How a batch norm's running mean and variance are counted: `"keras"` lists them as
   * non-trainable parameters inside the total; `"pytorch"` keeps them out of the parameters,
   * as buffers (`totals.buffers`), so the total is what `model.parameters()` holds.
   * @default {"keras"}
   */
  convention?: "keras" | "pytorch";
}

/** The table returned by {@linkcode summary}. */
export interface Summary {
  /** The input shape, as given. */
  input: InputShape;
  /** One row per layer, in order. */
  rows: SummaryRow[];
  /** Parameter and multiply-add totals. */
  totals: SummaryTotals;
  /** The table as aligned plain text, Keras-style. */
  format(): string;
}

type State = { kind: "map"; c: number; h: number; w: number } | { kind: "vector"; n: number };

const TYPES = [
  "conv2d",
  "depthwiseConv2d",
  "maxPool2d",
  "avgPool2d",
  "globalAvgPool2d",
  "globalMaxPool2d",
  "adaptiveAvgPool2d",
  "flatten",
  "dense",
  "batchNorm",
  "activation",
  "dropout",
  "zeroPadding2d",
];
const MERGES = ["add", "concatenate"];

function needMap(where: string, state: State, type: string) {
  if (state.kind !== "map") {
    throw new TypeError(
      `${where}: ${type} needs a feature map [C][H][W], but its input is a vector of ${state.n}`,
    );
  }
  return state;
}

/** Digits in groups of three: 36450 becomes "36,450". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** What one layer does to its input's shape, and what it costs. */
interface Step {
  state: State;
  params: number;
  nonTrainableParams: number;
  paramsFormula: string;
  multiplyAdds: number;
}

function shapeOf(s: State): string {
  return s.kind === "map" ? `${s.h}×${s.w}×${s.c}` : `${s.n}×1`;
}

/** A convolution's row: filters of `kernel` over `x.c / groups` channels each. */
function convStep(
  where: string,
  x: { c: number; h: number; w: number },
  layer: Conv2dLayer | DepthwiseConv2dLayer,
  filters: number,
  groups: number,
): Step {
  const g = conv2dGeometry({ height: x.h, width: x.w }, {
    kernel: layer.kernel,
    stride: layer.stride,
    padding: layer.padding,
    dilation: layer.dilation,
    fn: where,
  });
  const { height: kh, width: kw } = g.kernel;
  const bias = flag(where, "bias", layer.bias, true);
  positiveInteger(where, "groups", groups);
  for (const [what, n] of [["inChannels", x.c], ["filters", filters]] as const) {
    if (n % groups !== 0) {
      throw new RangeError(`${where}: ${what} ${n} must be divisible by groups ${groups}`);
    }
  }
  const params = conv2dParameterCount({
    inChannels: x.c,
    outChannels: filters,
    kernel: [kh, kw],
    bias,
    groups,
  });
  const perFilter = x.c / groups;
  const paramsFormula = bias
    ? `(${kh}·${kw}·${perFilter}+1)·${filters} = ${params}`
    : `${kh}·${kw}·${perFilter}·${filters} = ${params}`;
  return {
    state: { kind: "map", c: filters, h: g.output.height, w: g.output.width },
    params,
    nonTrainableParams: 0,
    paramsFormula,
    multiplyAdds: g.output.height * g.output.width * filters * kh * kw * perFilter,
  };
}

/** The output size of a pooling window along one axis, "same" or PyTorch's padding. */
function poolAxis(
  where: string,
  n: number,
  k: number,
  s: number,
  padding: "valid" | "same" | number,
  options: { dilation: number; ceilMode: boolean; axis: string },
): number {
  if (padding === "same") {
    return samePadding(n, {
      kernel: k,
      stride: s,
      dilation: options.dilation,
      fn: where,
      axis: options.axis,
    })
      .output;
  }
  return poolOutputSize(n, {
    kernel: k,
    stride: s,
    padding: padding === "valid" ? 0 : padding,
    dilation: options.dilation,
    ceilMode: options.ceilMode,
    fn: where,
    axis: options.axis,
  });
}

/** The row of one layer given its input's shape. */
function layerStep(where: string, layer: Layer, state: State): Step {
  const type = layer.type;
  const free = (next: State): Step => ({
    state: next,
    params: 0,
    nonTrainableParams: 0,
    paramsFormula: "0",
    multiplyAdds: 0,
  });
  switch (layer.type) {
    case "conv2d": {
      const x = needMap(where, state, type);
      const filters = positiveInteger(where, "filters", layer.filters);
      return convStep(where, x, layer, filters, layer.groups ?? 1);
    }
    case "depthwiseConv2d": {
      const x = needMap(where, state, type);
      const multiplier = positiveInteger(where, "depthMultiplier", layer.depthMultiplier ?? 1);
      return convStep(where, x, layer, x.c * multiplier, x.c);
    }
    case "maxPool2d":
    case "avgPool2d": {
      const x = needMap(where, state, type);
      const pool = layer.pool;
      const [kh, kw] = typeof pool === "number" ? [pool, pool] : [pool?.[0], pool?.[1]];
      const stride = layer.stride ?? [kh, kw];
      const [sh, sw] = typeof stride === "number" ? [stride, stride] : stride;
      const padding = layer.padding ?? "valid";
      const [ph, pw] = typeof padding === "string" || typeof padding === "number"
        ? [padding, padding]
        : padding;
      const dilation = layer.type === "maxPool2d" ? layer.dilation ?? 1 : 1;
      const [dh, dw] = typeof dilation === "number" ? [dilation, dilation] : dilation;
      const ceilMode = layer.ceilMode ?? false;
      const h = poolAxis(where, x.h, kh, sh, ph, { dilation: dh, ceilMode, axis: "height" });
      const w = poolAxis(where, x.w, kw, sw, pw, { dilation: dw, ceilMode, axis: "width" });
      return free({ kind: "map", c: x.c, h, w });
    }
    case "globalAvgPool2d":
    case "globalMaxPool2d": {
      const x = needMap(where, state, type);
      return free(
        layer.keepDims ? { kind: "map", c: x.c, h: 1, w: 1 } : { kind: "vector", n: x.c },
      );
    }
    case "adaptiveAvgPool2d": {
      const x = needMap(where, state, type);
      const [h, w] = pair(where, "output", layer.output, positiveInteger);
      return free({ kind: "map", c: x.c, h, w });
    }
    case "flatten":
      return free({
        kind: "vector",
        n: state.kind === "map" ? state.c * state.h * state.w : state.n,
      });
    case "dense": {
      if (state.kind !== "vector") {
        throw new TypeError(
          `${where}: dense needs a vector, but its input is a ${state.h}×${state.w}×${state.c} map; add a flatten layer before it`,
        );
      }
      const units = positiveInteger(where, "units", layer.units);
      const bias = flag(where, "bias", layer.bias, true);
      const params = denseParameterCount({ inFeatures: state.n, outFeatures: units, bias });
      return {
        state: { kind: "vector", n: units },
        params,
        nonTrainableParams: 0,
        paramsFormula: bias
          ? `(${state.n}+1)·${units} = ${params}`
          : `${state.n}·${units} = ${params}`,
        multiplyAdds: state.n * units,
      };
    }
    case "batchNorm": {
      const c = state.kind === "map" ? state.c : state.n;
      const counts = batchNormParameterCount(c);
      return {
        state,
        params: counts.trainable,
        nonTrainableParams: counts.nonTrainable,
        paramsFormula: `2·${c} = ${counts.trainable} (+ 2·${c} running)`,
        multiplyAdds: 0,
      };
    }
    case "activation":
    case "dropout":
      return free(state);
    case "zeroPadding2d": {
      const x = needMap(where, state, type);
      const p = layer.padding;
      let sides: { top: number; bottom: number; left: number; right: number };
      if (typeof p === "number" || Array.isArray(p)) {
        const [ph, pw] = pair(where, "padding", p as number | [number, number], nonNegativeInteger);
        sides = { top: ph, bottom: ph, left: pw, right: pw };
      } else if (p !== null && typeof p === "object") {
        const q = p as Sides;
        sides = {
          top: nonNegativeInteger(where, "padding.top", q.top),
          bottom: nonNegativeInteger(where, "padding.bottom", q.bottom),
          left: nonNegativeInteger(where, "padding.left", q.left),
          right: nonNegativeInteger(where, "padding.right", q.right),
        };
      } else {
        throw new TypeError(
          `${where}: padding must be a number, [ph, pw] or { top, bottom, left, right }, got ${
            show(p)
          }`,
        );
      }
      return free({
        kind: "map",
        c: x.c,
        h: x.h + sides.top + sides.bottom,
        w: x.w + sides.left + sides.right,
      });
    }
  }
}

/** The shape a merge produces from its inputs' shapes. */
function mergeStep(where: string, layer: MergeLayer, states: State[], names: string[]): Step {
  const first = states[0];
  const free = (state: State): Step => ({
    state,
    params: 0,
    nonTrainableParams: 0,
    paramsFormula: "0",
    multiplyAdds: 0,
  });
  if (layer.type === "add") {
    states.forEach((s, k) => {
      if (shapeOf(s) !== shapeOf(first)) {
        throw new TypeError(
          `${where}: add needs inputs of one shape, but ${names[0]} is ${shapeOf(first)} and ${
            names[k]
          } is ${shapeOf(s)}`,
        );
      }
    });
    return free(first);
  }
  if (first.kind === "vector") {
    return free({
      kind: "vector",
      n: states.reduce((a, s) => a + (s.kind === "vector" ? s.n : s.c * s.h * s.w), 0),
    });
  }
  let c = 0;
  states.forEach((s, k) => {
    if (s.kind !== "map" || s.h !== first.h || s.w !== first.w) {
      throw new TypeError(
        `${where}: concatenate needs maps of one height and width, but ${names[0]} is ${
          shapeOf(first)
        } and ${names[k]} is ${shapeOf(s)}`,
      );
    }
    c += s.c;
  });
  return free({ kind: "map", c, h: first.h, w: first.w });
}

function checkInput(fn: string, inputShape: InputShape): InputShape {
  if (inputShape === null || typeof inputShape !== "object") {
    throw new TypeError(
      `${fn}: inputShape must be { height, width, channels }, got ${show(inputShape)}`,
    );
  }
  return {
    height: positiveInteger(fn, "inputShape.height", inputShape.height),
    width: positiveInteger(fn, "inputShape.width", inputShape.width),
    channels: positiveInteger(fn, "inputShape.channels", inputShape.channels),
  };
}

function checkType(fn: string, index: number, type: unknown, merges: boolean): void {
  const allowed = merges ? [...TYPES, ...MERGES] : TYPES;
  if (!allowed.includes(type as string)) {
    throw new TypeError(
      `${fn}: ${merges ? "nodes" : "layers"}[${index}].type must be one of ${
        allowed.map((t) => `"${t}"`).join(", ")
      }, got ${show(type)}`,
    );
  }
}

/** Reads `options.convention`; true for PyTorch's. */
function convention(fn: string, options: SummaryOptions): boolean {
  const c = options?.convention ?? "keras";
  if (c !== "keras" && c !== "pytorch") {
    throw new TypeError(`${fn}: options.convention must be "keras" or "pytorch", got ${show(c)}`);
  }
  return c === "pytorch";
}

function totalsOf(rows: SummaryRow[]): SummaryTotals {
  const trainable = rows.reduce((a, r) => a + r.params, 0);
  const nonTrainable = rows.reduce((a, r) => a + r.nonTrainableParams, 0);
  return {
    trainable,
    nonTrainable,
    total: trainable + nonTrainable,
    buffers: rows.reduce((a, r) => a + r.buffers, 0),
    multiplyAdds: rows.reduce((a, r) => a + r.multiplyAdds, 0),
  };
}

function row(
  name: string,
  type: GraphNode["type"],
  step: Step,
  connectedTo: string[],
  pytorch: boolean,
): SummaryRow {
  const s = step.state;
  return {
    name,
    type,
    outputShape: shapeOf(s),
    outputShapeCHW: s.kind === "map" ? [s.c, s.h, s.w] : [s.n],
    params: step.params,
    nonTrainableParams: pytorch ? 0 : step.nonTrainableParams,
    buffers: pytorch ? step.nonTrainableParams : 0,
    connectedTo,
    paramsFormula: step.paramsFormula,
    multiplyAdds: step.multiplyAdds,
  };
}

/**
 * A Keras-like summary of a layer stack: each layer's output shape, its trainable
 * parameters with the formula that counts them, and its multiply-adds.
 *
 * For a convolution with $C_\text{out}$ filters of $k_h \times k_w$ over $C_\text{in}$
 * channels in $g$ groups and output $H' \times W'$:
 *
 * $$ P = \left(k_h k_w \frac{C_\text{in}}{g} + 1\right) C_\text{out}, \qquad
 * \text{MACs} = H' W' C_\text{out} \, k_h k_w \frac{C_\text{in}}{g} ; $$
 *
 * for a dense layer from $n_\text{in}$ to $n_\text{out}$:
 * $P = (n_\text{in} + 1) n_\text{out}$ and $\text{MACs} = n_\text{in} n_\text{out}$
 * (drop the $+1$ without bias); a batch norm over $C$ channels has $2C$ trainable and $2C$
 * non-trainable parameters. Pooling, padding, activations, dropout, flatten and global
 * pooling have no parameters and no multiplications. For branches and merges, see
 * {@linkcode graphSummary}.
 *
 * @param layers The stack, first layer first (see {@linkcode Layer}). Maps must be
 *   flattened (or globally pooled) before a dense layer.
 * @param inputShape The input image's height, width and channels; positive integers.
 * @param options The counting convention for running statistics (Keras's by default).
 * @returns The rows, the totals and a `format()` that renders the table as text.
 * @throws {TypeError} If `layers` is not an array, a layer has an unknown type, the
 *   convention is unknown, or a
 *   layer gets the wrong kind of input (a dense layer on a map, a convolution on a vector).
 * @throws {RangeError} If a size is not a positive integer, a padding is invalid, a channel
 *   count is not divisible by `groups`, or a kernel or window is larger than its padded
 *   input (the message names the layer).
 *
 * @example The document's question 3, with the dense layer's bias and without it
 * ```ts
 * import { summary } from "./summary.ts";
 * import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
 *
 * const layers = [
 *   { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
 *   { type: "maxPool2d", pool: 3, stride: 2 },
 *   { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
 *   { type: "flatten" },
 *   { type: "dense", units: 10 },
 * ] as const;
 * const input = { height: 21, width: 21, channels: 3 };
 * const table = summary(layers, input);
 * strictEqual(table.rows[0].paramsFormula, "(5·5·3+1)·6 = 456");
 * strictEqual(table.rows[2].paramsFormula, "(3·3·6+1)·10 = 550");
 * strictEqual(table.rows[2].outputShape, "4×4×10");
 * strictEqual(table.rows[4].paramsFormula, "(160+1)·10 = 1610");
 * deepStrictEqual(table.totals, {
 *   trainable: 2616,
 *   nonTrainable: 0,
 *   total: 2616,
 *   buffers: 0,
 *   multiplyAdds: 36450 + 8640 + 1600,
 * });
 * ok(table.format().includes("9×9×6"));
 *
 * const weightsOnly = summary([...layers.slice(0, 4), { type: "dense", units: 10, bias: false }], input);
 * strictEqual(weightsOnly.rows[4].paramsFormula, "160·10 = 1600");
 * ```
 *
 * @example A depthwise-separable block with batch norm and 'same' pooling
 * ```ts
 * import { summary } from "./summary.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const table = summary([
 *   { type: "depthwiseConv2d", kernel: 3, padding: "same", bias: false }, // 3·3·1·32 = 288
 *   { type: "batchNorm" }, // 64 trainable, 64 running
 *   { type: "activation", label: "relu" },
 *   { type: "conv2d", filters: 64, kernel: 1, bias: false }, // pointwise: 1·1·32·64 = 2048
 *   { type: "maxPool2d", pool: 2, padding: "same" }, // ceil(7/2) = 4
 * ], { height: 7, width: 7, channels: 32 });
 * deepStrictEqual(table.rows.map((r) => r.params), [288, 64, 0, 2048, 0]);
 * deepStrictEqual(table.rows[4].outputShape, "4×4×64");
 * deepStrictEqual(table.totals, {
 *   trainable: 2400,
 *   nonTrainable: 64,
 *   total: 2464,
 *   buffers: 0,
 *   multiplyAdds: 14112 + 100352,
 * });
 * ```
 */
export function summary(
  layers: readonly Layer[],
  inputShape: InputShape,
  options: SummaryOptions = {},
): Summary {
  return guard("summary", () => {
    const fn = "summary";
    const pytorch = convention(fn, options);
    if (!Array.isArray(layers)) {
      throw new TypeError(
        `${fn}: layers must be an array of layer descriptors, got ${show(layers)}`,
      );
    }
    const input = checkInput(fn, inputShape);
    let state: State = { kind: "map", c: input.channels, h: input.height, w: input.width };
    const counters = new Map<string, number>();
    const rows: SummaryRow[] = [];
    layers.forEach((layer, index) => {
      const type = layer?.type;
      checkType(fn, index, type, false);
      counters.set(type, (counters.get(type) ?? 0) + 1);
      const name = layer.name ?? `${type}_${counters.get(type)}`;
      const step = layerStep(`${fn}: layers[${index}] (${name})`, layer, state);
      state = step.state;
      const from = rows.length === 0 ? "input" : rows[rows.length - 1].name;
      rows.push(row(name, type, step, [from], pytorch));
    });
    const totals = totalsOf(rows);
    return { input, rows, totals, format: () => render(input, rows, totals, false) };
  });
}

/**
 * A summary of a network that is a graph rather than a stack, in the form of Keras's
 * functional API: each node names the nodes it reads (`inputs`), and merges join branches.
 * `add` sums equal shapes (a residual connection, $y = F(x) + x$); `concatenate` stacks maps
 * along the channels, $C = \sum_k C_k$. The rows keep the nodes' order and say what each
 * is connected to; the totals are the sums over all nodes,
 *
 * $$ P_\text{trainable} = \sum_\text{nodes} P_i, \qquad P_\text{non-trainable} = \sum_\text{nodes} N_i , $$
 *
 * each row counted as in {@linkcode summary}. A node without `inputs` reads the node listed
 * before it (the first reads `"input"`).
 *
 * @param nodes The nodes: layers (see {@linkcode Layer}) with optional `inputs`, and merges
 *   (see {@linkcode MergeLayer}). Names must be unique; `"input"` is reserved.
 * @param inputShape The input image's height, width and channels; positive integers.
 * @param options The counting convention for running statistics (Keras's by default).
 * @returns The rows (with `connectedTo`), the totals and a `format()` with a "Connected to" column.
 * @throws {TypeError} If the convention is unknown, a node has an unknown type, a name is repeated, an input names no
 *   node (a dangling input), the nodes form a cycle, a merge has fewer than two inputs or
 *   inputs of the wrong shapes, or a layer gets the wrong kind of input.
 * @throws {RangeError} As {@linkcode summary} for a layer's sizes.
 *
 * @example A residual block: conv, conv, then add the block's input back
 * ```ts
 * import { graphSummary } from "./summary.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const table = graphSummary([
 *   { type: "conv2d", name: "a", filters: 8, kernel: 3, padding: "same" }, // (9·8+1)·8 = 584
 *   { type: "conv2d", name: "b", filters: 8, kernel: 3, padding: "same" },
 *   { type: "add", name: "sum", inputs: ["b", "input"] },
 * ], { height: 5, width: 5, channels: 8 });
 * deepStrictEqual(table.rows.map((r) => r.connectedTo), [["input"], ["a"], ["b", "input"]]);
 * deepStrictEqual(table.totals.trainable, 1168);
 *
 * // with a batch norm: Keras counts its running statistics, PyTorch keeps them as buffers
 * const bn = [{ type: "batchNorm" }] as const;
 * const shape = { height: 5, width: 5, channels: 64 };
 * deepStrictEqual(graphSummary(bn, shape).totals.total, 256);
 * deepStrictEqual(graphSummary(bn, shape, { convention: "pytorch" }).totals.total, 128);
 * deepStrictEqual(graphSummary(bn, shape, { convention: "pytorch" }).totals.buffers, 128);
 *
 * throws(() => graphSummary([
 *   { type: "conv2d", name: "a", filters: 8, kernel: 1, inputs: ["b"] },
 *   { type: "conv2d", name: "b", filters: 8, kernel: 1, inputs: ["a"] },
 * ], { height: 5, width: 5, channels: 8 }), {
 *   name: "TypeError",
 *   message: "graphSummary: nodes form a cycle: a → b → a",
 * });
 * ```
 */
export function graphSummary(
  nodes: readonly GraphNode[],
  inputShape: InputShape,
  options: SummaryOptions = {},
): Summary {
  return guard("graphSummary", () => {
    const fn = "graphSummary";
    const pytorch = convention(fn, options);
    if (!Array.isArray(nodes)) {
      throw new TypeError(`${fn}: nodes must be an array of graph nodes, got ${show(nodes)}`);
    }
    const input = checkInput(fn, inputShape);
    const counters = new Map<string, number>();
    const names: string[] = [];
    const index = new Map<string, number>();
    nodes.forEach((node, i) => {
      const type = node?.type;
      checkType(fn, i, type, true);
      counters.set(type, (counters.get(type) ?? 0) + 1);
      const name = node.name ?? `${type}_${counters.get(type)}`;
      if (name === "input" || index.has(name)) {
        throw new TypeError(
          `${fn}: nodes[${i}].name must be unique and not "input", got ${show(name)}`,
        );
      }
      names.push(name);
      index.set(name, i);
    });
    const inputsOf = nodes.map((node, i) => {
      const given = node.inputs;
      const list = given === undefined
        ? (MERGES.includes(node.type) ? [] : [i === 0 ? "input" : names[i - 1]])
        : [...given];
      if (!Array.isArray(list)) {
        throw new TypeError(`${fn}: nodes[${i}] (${names[i]}).inputs must be an array of names`);
      }
      const need = MERGES.includes(node.type) ? 2 : 1;
      if (MERGES.includes(node.type) ? list.length < need : list.length !== need) {
        throw new TypeError(
          `${fn}: nodes[${i}] (${names[i]}).inputs must name ${
            need === 1 ? "exactly one node" : "at least two nodes"
          }, got ${show(list)}`,
        );
      }
      for (const name of list) {
        if (name !== "input" && !index.has(name)) {
          throw new TypeError(
            `${fn}: nodes[${i}] (${names[i]}).inputs names ${
              show(name)
            }, which is no node (a dangling input)`,
          );
        }
      }
      return list as string[];
    });
    // Depth-first search in the nodes' order: each node after the nodes it reads.
    const states = new Map<string, State>([
      ["input", { kind: "map", c: input.channels, h: input.height, w: input.width }],
    ]);
    const steps: Step[] = new Array(nodes.length);
    const visiting: string[] = [];
    const visit = (i: number) => {
      const name = names[i];
      if (states.has(name)) return;
      const at = visiting.indexOf(name);
      if (at >= 0) {
        throw new TypeError(
          `${fn}: nodes form a cycle: ${[...visiting.slice(at), name].join(" → ")}`,
        );
      }
      visiting.push(name);
      for (const source of inputsOf[i]) if (source !== "input") visit(index.get(source)!);
      visiting.pop();
      const node = nodes[i];
      const where = `${fn}: nodes[${i}] (${name})`;
      const inStates = inputsOf[i].map((source) => states.get(source)!);
      const step = node.type === "add" || node.type === "concatenate"
        ? mergeStep(where, node, inStates, inputsOf[i])
        : layerStep(where, node, inStates[0]);
      steps[i] = step;
      states.set(name, step.state);
    };
    nodes.forEach((_, i) => visit(i));
    const rows = nodes.map((node, i) => row(names[i], node.type, steps[i], inputsOf[i], pytorch));
    const totals = totalsOf(rows);
    return { input, rows, totals, format: () => render(input, rows, totals, true) };
  });
}

/** Renders the table: one line per layer, columns padded to the widest entry. */
function render(
  input: InputShape,
  rows: SummaryRow[],
  totals: SummaryTotals,
  connected: boolean,
): string {
  const header = ["Layer (type)", "Output shape", "Param #", "Parameters counted", "Mult-adds"];
  if (connected) header.push("Connected to");
  const body = rows.map((r) => {
    const cells = [
      `${r.name} (${r.type})`,
      r.outputShape,
      grouped(r.params + r.nonTrainableParams),
      r.paramsFormula,
      grouped(r.multiplyAdds),
    ];
    if (connected) cells.push(r.connectedTo.join(", "));
    return cells;
  });
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: string[]) =>
    cells.map((c, k) => (k === 2 || k === 4 ? c.padStart(widths[k]) : c.padEnd(widths[k])))
      .join("  ").trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [
    `Input: ${input.height}×${input.width}×${input.channels}`,
    rule,
    line(header),
    rule,
    ...body.map(line),
    rule,
    `Total params: ${grouped(totals.total)}`,
    `Trainable params: ${grouped(totals.trainable)}`,
    `Non-trainable params: ${grouped(totals.nonTrainable)}`,
    ...(totals.buffers > 0
      ? [`Buffers (running statistics, not parameters): ${grouped(totals.buffers)}`]
      : []),
    `Multiply-adds per forward pass: ${grouped(totals.multiplyAdds)}`,
  ].join("\n");
}
