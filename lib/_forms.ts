/**
 * # How a sheet writes the library's formulas
 *
 * A solution sheet writes a convolution's output size as $\frac{n + 2p - k}{s} + 1$, or as
 * $\frac{W - F + 2P}{S} + 1$; a dense layer's parameters as $(n_\text{in} + 1)\,n_\text{out}$;
 * a binary cross-entropy as $-(y \ln \hat y + (1 - y)\ln(1 - \hat y))$. Each *form* below
 * names one library function, the roles of its formula with the symbols (and aliases) sheets
 * use for them, the domain of each role, and how the roles become the function's arguments,
 * so the audit's scan can compare a sheet's formula with the library's at random points and,
 * when they differ, try the function's catalogue of mistakes (`commonMistakes`) on the same
 * arguments.
 *
 * The forms are data: a form for a new function is one more entry, and a new catalogue
 * mistake of a function with a form is tried with no change here. No dependency, no `Deno.*`.
 *
 * @module
 */
import { binaryCrossEntropy, binaryCrossEntropyGradient, squaredErrorGradient } from "./losses.ts";
import {
  conv2dParameterCount,
  convOutputSize,
  denseParameterCount,
  poolOutputSize,
} from "./shapes.ts";

/** The domain a role's values are drawn from. */
export type RoleDomain = "size" | "count" | "probability" | "target" | "real";

/** One role of a formula: the symbols sheets write for it, and its domain. */
export interface FormRole {
  /** Symbols and aliases as canonical names (`n`, `W`, `n_in`, `yhat`). */
  symbols: readonly string[];
  /** Where its values lie: sizes ≥ 1, counts ≥ 0, probabilities in (0, 1), targets 0 or 1. */
  domain: RoleDomain;
  /** A value used when the sheet's formula leaves the role out (a padding of 0). */
  absent?: number;
}

/** How sheets write one library function's formula. */
export interface SheetForm {
  /** The library function (its name is how the catalogue lists its mistakes). */
  // deno-lint-ignore no-explicit-any
  fn: (...args: any[]) => unknown;
  /** What the formula computes, in words. */
  title: string;
  /** Words that name it near the formula (the form is used only when they appear). */
  words: RegExp;
  /** What the formula's LaTeX must contain to be this form (a logarithm for a loss). */
  needs?: RegExp;
  /**
   * Catalogue mistakes that are conventions when the sheet does not define the formula itself
   * (the squared error's 1/2): a formula they reproduce "depends" rather than errs.
   */
  conventions?: readonly string[];
  /** For a derivative: the role the left side differentiates by (`∂E/∂ŷ` is by the prediction). */
  by?: string;
  /** The roles, by name. */
  roles: Record<string, FormRole>;
  /** The function's arguments for role values. */
  args: (v: Record<string, number>) => unknown[];
  /** The number the formula gives, from the function's result. */
  value: (result: unknown) => number;
  /** Whether role values are in the formula's domain (a kernel no larger than the input). */
  valid?: (v: Record<string, number>) => boolean;
  /** The library call for the draft, in the roles' symbols. */
  call: string;
}

const size = (symbols: readonly string[], absent?: number): FormRole => ({
  symbols,
  domain: "size",
  absent,
});
/** The symbols of a prediction: ŷ, p, o, a. */
const PREDICTION = ["yhat", "p", "q", "phat", "a", "o", "yhat_i", "p_i", "o_i", "a_i"];

/** The first number of a function's result (a number, or a one-entry tensor or array). */
function first(result: unknown): number {
  if (typeof result === "number") return result;
  const r = result as { toArray?: () => unknown; [0]?: unknown };
  const list = typeof r.toArray === "function" ? r.toArray() : result;
  return Array.isArray(list) ? Number(list[0]) : NaN;
}

const count = (symbols: readonly string[]): FormRole => ({ symbols, domain: "count", absent: 0 });

/** The conventional symbols of a sliding window's formula: input n, kernel k, stride s, padding p. */
const INPUT = ["n", "W", "H", "i", "N", "n_in", "W_in", "H_in", "w", "h"];
const KERNEL = ["k", "f", "F", "K", "k_h", "k_w"];
const STRIDE = ["s", "S"];
const PADDING = ["p", "P"];

/** Every form the scan recognises. */
export const SHEET_FORMS: readonly SheetForm[] = [{
  fn: convOutputSize,
  title: "a convolution's output size",
  words: /conv|output (?:size|width|height|dimension)|feature map/i,
  roles: {
    n: size(INPUT),
    k: size(KERNEL),
    s: size(STRIDE, 1),
    p: { ...count(PADDING), domain: "count" },
  },
  args: (v) => [v.n, { kernel: v.k, stride: v.s, padding: v.p }],
  value: (r) => r as number,
  valid: (v) => v.n + 2 * v.p >= v.k && (v.n + 2 * v.p - v.k) % v.s === 0 && v.p < v.k,
  call: "convOutputSize(n, {kernel: k, stride: s, padding: p})",
}, {
  fn: poolOutputSize,
  title: "a pooling layer's output size",
  words: /pool/i,
  roles: { n: size(INPUT), k: size(KERNEL), s: size(STRIDE, 1), p: count(PADDING) },
  args: (v) => [v.n, { kernel: v.k, stride: v.s, padding: v.p }],
  value: (r) => r as number,
  valid: (v) => v.n + 2 * v.p >= v.k && (v.n + 2 * v.p - v.k) % v.s === 0 && 2 * v.p <= v.k,
  call: "poolOutputSize(n, {kernel: k, stride: s, padding: p})",
}, {
  fn: denseParameterCount,
  title: "a dense layer's parameter count",
  words: /dense|fully[- ]connected|linear layer|param/i,
  roles: {
    nin: size(["n_in", "N_in", "d_in", "n_i", "m", "n_{in}", "n_x"]),
    nout: size(["n_out", "N_out", "d_out", "n_o", "n_{out}", "n_h"]),
  },
  args: (v) => [{ inFeatures: v.nin, outFeatures: v.nout }],
  value: (r) => r as number,
  call: "denseParameterCount({inFeatures: n_in, outFeatures: n_out})",
}, {
  fn: conv2dParameterCount,
  title: "a convolution's parameter count",
  words: /conv|param/i,
  roles: {
    k: size(KERNEL),
    cin: size(["C_in", "c_in", "C_i", "D_in", "C", "D"]),
    cout: size(["C_out", "c_out", "C_o", "D_out", "K_out", "M"]),
  },
  args: (v) => [{ inChannels: v.cin, outChannels: v.cout, kernel: v.k }],
  value: (r) => r as number,
  call: "conv2dParameterCount({inChannels: C_in, outChannels: C_out, kernel: k})",
}, {
  fn: binaryCrossEntropy,
  title: "a binary cross-entropy",
  words: /cross[- ]?entropy|\bBCE\b|log[- ]loss/i,
  needs: /\\log|\\ln/,
  roles: {
    p: { symbols: ["yhat", "p", "q", "phat", "a", "o", "yhat_i", "p_i"], domain: "probability" },
    y: { symbols: ["y", "t", "y_i", "t_i"], domain: "target" },
  },
  args: (v) => [v.p, v.y],
  value: (r) => r as number,
  call: "binaryCrossEntropy(p, y)",
}, {
  fn: squaredErrorGradient,
  title: "the squared error's gradient by the prediction",
  words: /squared[- ]error|\bMSE\b|\(\s*y\s*-\s*\\hat|\(\s*\\hat\{?\s*y\s*\}?\s*-\s*y/i,
  by: "p",
  conventions: ["factor-two-missing"],
  roles: {
    p: { symbols: PREDICTION, domain: "real" },
    y: { symbols: ["y", "t", "y_i", "t_i"], domain: "real" },
  },
  args: (v) => [[v.p], [v.y]],
  value: first,
  call: "squaredErrorGradient(p, y)",
}, {
  fn: binaryCrossEntropyGradient,
  title: "the binary cross-entropy's gradient by the prediction",
  words: /cross[- ]?entropy|\bBCE\b|log[- ]loss/i,
  by: "p",
  roles: {
    p: { symbols: PREDICTION, domain: "probability" },
    y: { symbols: ["y", "t", "y_i", "t_i"], domain: "target" },
  },
  args: (v) => [v.p, v.y, { reduction: "none" }],
  value: first,
  call: 'binaryCrossEntropyGradient(p, y, {reduction: "none"})',
}];
