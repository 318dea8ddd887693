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

import { positiveInteger, show } from "./_validate.ts";
import {
  conv2dGeometry,
  type Conv2dPadding,
  conv2dParameterCount,
  denseParameterCount,
  poolOutputSize,
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
   * `"valid"` (none) or padding on both ends of each axis, at most half the window.
   * @default {"valid"}
   */
  padding?: "valid" | number | readonly [number, number];
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
  /** `"flatten"` keeps every entry; `"globalAvgPool2d"` keeps each channel's mean. */
  type: "flatten" | "globalAvgPool2d";
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

/** One layer of a stack, as a plain descriptor. */
export type Layer = Conv2dLayer | Pool2dLayer | ReshapeLayer | DenseLayer;

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
  type: Layer["type"];
  /** The output shape in the document's notation: `"9×9×6"`, or `"160×1"` for a vector. */
  outputShape: string;
  /** The output shape channels-first: `[6, 9, 9]`, or `[160]` for a vector. */
  outputShapeCHW: number[];
  /** Trainable parameters. */
  params: number;
  /** How `params` is counted: `"(5·5·3+1)·6 = 456"`, or `"0"`. */
  paramsFormula: string;
  /** Multiplications (each followed by an addition) of one forward pass; biases not counted. */
  multiplyAdds: number;
}

/** Parameter totals of a {@linkcode Summary}. */
export interface SummaryTotals {
  /** Parameters that training updates. */
  trainable: number;
  /** Parameters that training leaves alone (none of these layers has any). */
  nonTrainable: number;
  /** `trainable + nonTrainable`. */
  total: number;
  /** Multiply-adds of one forward pass over all layers. */
  multiplyAdds: number;
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

const TYPES = ["conv2d", "maxPool2d", "avgPool2d", "globalAvgPool2d", "flatten", "dense"];

function needMap(where: string, state: State, type: string) {
  if (state.kind !== "map") {
    throw new TypeError(
      `${where}: ${type} needs a feature map [C][H][W], but its input is a vector of ${state.n}`,
    );
  }
  return state;
}

function poolPadding(padding: Pool2dLayer["padding"]) {
  return padding === "valid" || padding === undefined ? 0 : padding;
}

/** Digits in groups of three: 36450 becomes "36,450". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A Keras-like summary of a layer stack: each layer's output shape, its trainable
 * parameters with the formula that counts them, and its multiply-adds.
 *
 * For a convolution with $C_\text{out}$ filters of $k_h \times k_w$ over $C_\text{in}$
 * channels and output $H' \times W'$:
 *
 * $$ P = (k_h k_w C_\text{in} + 1) C_\text{out}, \qquad
 * \text{MACs} = H' W' C_\text{out} \, k_h k_w C_\text{in} ; $$
 *
 * for a dense layer from $n_\text{in}$ to $n_\text{out}$:
 * $P = (n_\text{in} + 1) n_\text{out}$ and $\text{MACs} = n_\text{in} n_\text{out}$
 * (drop the $+1$ without bias). Pooling, flatten and global average pooling have no
 * parameters and no multiplications.
 *
 * @param layers The stack, first layer first: `conv2d`, `maxPool2d`, `avgPool2d`,
 *   `globalAvgPool2d`, `flatten` and `dense` descriptors. Maps must be flattened (or
 *   globally pooled) before a dense layer.
 * @param inputShape The input image's height, width and channels; positive integers.
 * @returns The rows, the totals and a `format()` that renders the table as text.
 * @throws {TypeError} If `layers` is not an array, a layer has an unknown type, or a
 *   layer gets the wrong kind of input (a dense layer on a map, a convolution on a vector).
 * @throws {RangeError} If a size is not a positive integer, a padding is invalid, or a
 *   kernel or window is larger than its padded input (the message names the layer).
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
 *   multiplyAdds: 36450 + 8640 + 1600,
 * });
 * ok(table.format().includes("9×9×6"));
 *
 * const weightsOnly = summary([...layers.slice(0, 4), { type: "dense", units: 10, bias: false }], input);
 * strictEqual(weightsOnly.rows[4].paramsFormula, "160·10 = 1600");
 * ```
 */
export function summary(layers: readonly Layer[], inputShape: InputShape): Summary {
  const fn = "summary";
  if (!Array.isArray(layers)) {
    throw new TypeError(`${fn}: layers must be an array of layer descriptors, got ${show(layers)}`);
  }
  if (inputShape === null || typeof inputShape !== "object") {
    throw new TypeError(
      `${fn}: inputShape must be { height, width, channels }, got ${show(inputShape)}`,
    );
  }
  const input = {
    height: positiveInteger(fn, "inputShape.height", inputShape.height),
    width: positiveInteger(fn, "inputShape.width", inputShape.width),
    channels: positiveInteger(fn, "inputShape.channels", inputShape.channels),
  };
  let state: State = { kind: "map", c: input.channels, h: input.height, w: input.width };
  const counters = new Map<string, number>();
  const rows: SummaryRow[] = [];
  layers.forEach((layer, index) => {
    const type = layer?.type;
    if (!TYPES.includes(type)) {
      throw new TypeError(
        `${fn}: layers[${index}].type must be one of ${
          TYPES.map((t) => `"${t}"`).join(", ")
        }, got ${show(type)}`,
      );
    }
    counters.set(type, (counters.get(type) ?? 0) + 1);
    const name = layer.name ?? `${type}_${counters.get(type)}`;
    const where = `${fn}: layers[${index}] (${name})`;
    let params = 0, paramsFormula = "0", multiplyAdds = 0;
    switch (layer.type) {
      case "conv2d": {
        const x = needMap(where, state, type);
        const filters = positiveInteger(where, "filters", layer.filters);
        const g = conv2dGeometry({ height: x.h, width: x.w }, {
          kernel: layer.kernel,
          stride: layer.stride,
          padding: layer.padding,
          dilation: layer.dilation,
          fn: where,
        });
        const { height: kh, width: kw } = g.kernel;
        const bias = layer.bias ?? true;
        params = conv2dParameterCount({
          inChannels: x.c,
          outChannels: filters,
          kernel: [kh, kw],
          bias,
        });
        paramsFormula = bias
          ? `(${kh}·${kw}·${x.c}+1)·${filters} = ${params}`
          : `${kh}·${kw}·${x.c}·${filters} = ${params}`;
        multiplyAdds = g.output.height * g.output.width * filters * kh * kw * x.c;
        state = { kind: "map", c: filters, h: g.output.height, w: g.output.width };
        break;
      }
      case "maxPool2d":
      case "avgPool2d": {
        const x = needMap(where, state, type);
        const pool = layer.pool;
        const [kh, kw] = typeof pool === "number" ? [pool, pool] : [pool?.[0], pool?.[1]];
        const stride = layer.stride ?? [kh, kw];
        const [sh, sw] = typeof stride === "number" ? [stride, stride] : stride;
        const padding = poolPadding(layer.padding);
        const [ph, pw] = typeof padding === "number" ? [padding, padding] : padding;
        const dilation = layer.type === "maxPool2d" ? layer.dilation ?? 1 : 1;
        const [dh, dw] = typeof dilation === "number" ? [dilation, dilation] : dilation;
        const ceilMode = layer.ceilMode ?? false;
        const h = poolOutputSize(x.h, {
          kernel: kh,
          stride: sh,
          padding: ph,
          dilation: dh,
          ceilMode,
          fn: where,
          axis: "height",
        });
        const w = poolOutputSize(x.w, {
          kernel: kw,
          stride: sw,
          padding: pw,
          dilation: dw,
          ceilMode,
          fn: where,
          axis: "width",
        });
        state = { kind: "map", c: x.c, h, w };
        break;
      }
      case "globalAvgPool2d": {
        state = { kind: "vector", n: needMap(where, state, type).c };
        break;
      }
      case "flatten": {
        state = { kind: "vector", n: state.kind === "map" ? state.c * state.h * state.w : state.n };
        break;
      }
      case "dense": {
        if (state.kind !== "vector") {
          throw new TypeError(
            `${where}: dense needs a vector, but its input is a ${state.h}×${state.w}×${state.c} map; add a flatten layer before it`,
          );
        }
        const units = positiveInteger(where, "units", layer.units);
        const bias = layer.bias ?? true;
        params = denseParameterCount({ inFeatures: state.n, outFeatures: units, bias });
        paramsFormula = bias
          ? `(${state.n}+1)·${units} = ${params}`
          : `${state.n}·${units} = ${params}`;
        multiplyAdds = state.n * units;
        state = { kind: "vector", n: units };
        break;
      }
    }
    const s: State = state;
    rows.push({
      name,
      type,
      outputShape: s.kind === "map" ? `${s.h}×${s.w}×${s.c}` : `${s.n}×1`,
      outputShapeCHW: s.kind === "map" ? [s.c, s.h, s.w] : [s.n],
      params,
      paramsFormula,
      multiplyAdds,
    });
  });
  const trainable = rows.reduce((a, r) => a + r.params, 0);
  const totals: SummaryTotals = {
    trainable,
    nonTrainable: 0,
    total: trainable,
    multiplyAdds: rows.reduce((a, r) => a + r.multiplyAdds, 0),
  };
  return { input, rows, totals, format: () => render(input, rows, totals) };
}

/** Renders the table: one line per layer, columns padded to the widest entry. */
function render(input: InputShape, rows: SummaryRow[], totals: SummaryTotals): string {
  const header = ["Layer (type)", "Output shape", "Param #", "Parameters counted", "Mult-adds"];
  const body = rows.map((r) => [
    `${r.name} (${r.type})`,
    r.outputShape,
    grouped(r.params),
    r.paramsFormula,
    grouped(r.multiplyAdds),
  ]);
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
    `Multiply-adds per forward pass: ${grouped(totals.multiplyAdds)}`,
  ].join("\n");
}
