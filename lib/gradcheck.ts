/**
 * # Gradient checking: does the hand-derived gradient match the function?
 *
 * A backpropagation formula is easy to get subtly wrong (a factor evaluated at the wrong
 * point, a missing term), and a wrong gradient still trains a little, so the mistake
 * hides. The cure is to compare the formula with the definition of the derivative. The
 * **central difference** perturbs one coordinate $x_i$ by $\pm\varepsilon$:
 *
 * $$\frac{\partial f}{\partial x_i} \approx
 *   \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}.$$
 *
 * By Taylor's theorem its error is $\frac{\varepsilon^2}{6} f'''$ (truncation) plus about
 * $u \, |f| / \varepsilon$ from rounding, where $u \approx 1.1 \times 10^{-16}$ is the float64
 * unit roundoff. With $\varepsilon = 10^{-6}$, for a function and derivatives of order one,
 * the truncation is about $10^{-12}/6 \approx 1.7 \times 10^{-13}$ and the rounding about
 * $10^{-10}$: rounding dominates, and the estimate carries about ten correct digits.
 *
 * This is what PyTorch's `torch.autograd.gradcheck` does, with the same defaults:
 * $\varepsilon = 10^{-6}$, and coordinate $i$ passes when
 *
 * $$|a_i - n_i| \le \text{atol} + \text{rtol} \, |n_i|, \qquad
 *   \text{atol} = 10^{-5}, \ \text{rtol} = 10^{-3},$$
 *
 * where $a_i$ is the analytic and $n_i$ the numeric derivative. These tolerances are five
 * orders of magnitude above the estimate's own error, so a correct gradient never fails
 * for reasons of rounding, while a wrong formula (typically wrong by a factor, a sign or a
 * term of order one) fails by far. To catch smaller mistakes, pass tighter tolerances
 * derived from the estimate's error, as nnspec's own specs do.
 *
 * Instead of a bare yes or no, {@linkcode gradcheck} returns a report: the largest
 * absolute and relative errors and the coordinate that came closest to failing, so a
 * failure says where to look.
 *
 * ## Summary
 *
 * - A central difference estimates each partial derivative with an error of about
 *   $\varepsilon^2 f'''/6$ plus rounding.
 * - The step $\varepsilon$ trades truncation against rounding; $10^{-6}$ gives about ten
 *   correct digits.
 * - `gradcheck` compares an analytic gradient with the estimate and says which coordinate
 *   came closest to failing.
 *
 * @example The gradient of f(x) = x0^2 x1 is (2 x0 x1, x0^2)
 * ```ts
 * import { gradcheck } from "./gradcheck.ts";
 * import { ok } from "node:assert/strict";
 *
 * const f = (x: Float64Array) => x[0] * x[0] * x[1];
 * const report = gradcheck(f, [3, 2], { gradient: [2 * 3 * 2, 3 * 3] });
 * ok(report.ok);
 * ok(report.maxAbsError < 1e-8);
 * ```
 *
 * @module
 */

import { finiteNumber, guard, options as readOptions, show } from "./_validate.ts";
import { Tensor, tensor, type TensorLike } from "./tensor.ts";

/** Options of {@linkcode gradcheck}. */
export interface GradcheckOptions {
  /**
   * The analytic gradient to check, with the shape of `x`: either its values at `x`, or a
   * function that computes them from `x` (it receives the same flat numbers as `f`). A flat
   * list (or `Float64Array`) of the right length is accepted for an `x` of any shape.
   */
  gradient: TensorLike | Float64Array | ((x: Float64Array) => TensorLike | Float64Array);
  /**
   * The step $\varepsilon$ of the central difference: PyTorch's default, which balances
   * truncation error ($\propto \varepsilon^2$) against rounding error ($\propto 1/\varepsilon$).
   * @default {1e-6}
   */
  eps?: number;
  /**
   * Absolute tolerance (PyTorch's default).
   * @default {1e-5}
   */
  atol?: number;
  /**
   * Relative tolerance, relative to the numeric derivative (PyTorch's default).
   * @default {1e-3}
   */
  rtol?: number;
}

/** One coordinate's comparison in a {@linkcode GradcheckReport}. */
export interface GradcheckEntry {
  /** The row-major offset of the coordinate in `x`. */
  index: number;
  /** The coordinate as one integer per axis of `x`. */
  position: number[];
  /** The analytic derivative $a_i$. */
  analytic: number;
  /** The central-difference estimate $n_i$. */
  numeric: number;
  /** $|a_i - n_i|$. */
  absError: number;
  /** $|a_i - n_i| / \max(|a_i|, |n_i|)$, or 0 when both are 0. */
  relError: number;
  /** $|a_i - n_i| / (\text{atol} + \text{rtol}|n_i|)$: the coordinate passes when this is $\le 1$. */
  ratio: number;
}

/** What {@linkcode gradcheck} found. */
export interface GradcheckReport {
  /** True when every coordinate satisfies $|a_i - n_i| \le \text{atol} + \text{rtol}|n_i|$. */
  ok: boolean;
  /** The largest $|a_i - n_i|$ over all coordinates. */
  maxAbsError: number;
  /** The largest relative error $|a_i - n_i| / \max(|a_i|, |n_i|)$ over all coordinates. */
  maxRelError: number;
  /** The coordinate with the largest `ratio` (the one closest to failing, or failing most). */
  worst: GradcheckEntry;
  /** The analytic gradient, shaped like `x`. */
  analytic: Tensor;
  /** The numeric gradient, shaped like `x`. */
  numeric: Tensor;
  /** The settings used. */
  eps: number;
  /** The absolute tolerance used. */
  atol: number;
  /** The relative tolerance used. */
  rtol: number;
}

/**
 * Compares an analytic gradient with central finite differences in float64, coordinate by
 * coordinate, like PyTorch's `torch.autograd.gradcheck`.
 *
 * $$n_i = \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}, \qquad
 *   \text{pass}_i \iff |a_i - n_i| \le \text{atol} + \text{rtol}\,|n_i|$$
 *
 * where $f$ is `f`, $x$ is `x`, $a$ is `options.gradient`, and $\varepsilon$, atol, rtol are
 * the options of the same names.
 *
 * @param f The scalar function; it receives the coordinates of $x$ as a flat row-major
 *   `Float64Array` (do not keep or modify it) and must return a finite number.
 * @param x The point, a tensor of any shape with at least one entry, all finite.
 * @param options The analytic gradient (required) and the step and tolerances.
 * @returns A report with `ok`, the largest absolute and relative errors, the worst
 *   coordinate, and both gradients.
 * @throws {TypeError} If `f` is not a function or the gradient's shape differs from `x`'s.
 * @throws {RangeError} If `x` is empty or not finite, `eps` is not a finite number > 0,
 *   `atol` or `rtol` is negative or not finite, or `f` returns a non-finite value.
 *
 * @example A planted mistake is caught and located
 * ```ts
 * import { gradcheck } from "./gradcheck.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * // f(x) = sin(x0) + x1^3; the true gradient is (cos x0, 3 x1^2), here x1's is wrong.
 * const f = (x: Float64Array) => Math.sin(x[0]) + x[1] ** 3;
 * const wrong = (x: Float64Array) => [Math.cos(x[0]), 2 * x[1] ** 2];
 * const report = gradcheck(f, [0.5, 1], { gradient: wrong });
 * ok(!report.ok);
 * strictEqual(report.worst.index, 1);
 * ok(Math.abs(report.worst.numeric - 3) < 1e-8);
 * ```
 */
export function gradcheck(
  f: (x: Float64Array) => number,
  x: TensorLike,
  options: GradcheckOptions,
): GradcheckReport {
  return guard("gradcheck", () => {
    options = readOptions("gradcheck", options);
    const fn = "gradcheck";
    if (typeof f !== "function") {
      throw new TypeError(`${fn}: f must be a function, got ${show(f)}`);
    }
    const point = tensor(x, { fn, name: "x" });
    if (point.size === 0) {
      throw new RangeError(`${fn}: x is empty (shape ${show([...point.shape])})`);
    }
    if (options === null || typeof options !== "object" || options.gradient === undefined) {
      throw new TypeError(`${fn}: options.gradient (the analytic gradient) is required`);
    }
    const eps = finiteNumber(fn, "eps", options.eps ?? 1e-6);
    if (eps <= 0) throw new RangeError(`${fn}: eps must be a finite number > 0, got ${show(eps)}`);
    const atol = nonNegative(fn, "atol", options.atol ?? 1e-5);
    const rtol = nonNegative(fn, "rtol", options.rtol ?? 1e-3);

    const at = point.data.slice();
    const given = typeof options.gradient === "function"
      ? options.gradient(at.slice())
      : options.gradient;
    const analytic = tensor(given instanceof Float64Array ? Array.from(given) : given, {
      fn,
      name: "gradient",
    });
    if (analytic.size !== point.size || !sameShape(analytic.shape, point.shape)) {
      // A flat gradient for a shaped x is accepted when the sizes agree.
      if (analytic.size !== point.size || analytic.rank !== 1) {
        throw new TypeError(
          `${fn}: gradient has shape ${show([...analytic.shape])} but x has shape ${
            show([...point.shape])
          }`,
        );
      }
    }

    const evaluate = (probe: Float64Array, i: number, sign: string): number => {
      const value = f(probe);
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new RangeError(
          `${fn}: f returned ${show(value)} at x${sign}eps*e_${i}; it must return a finite number`,
        );
      }
      return value;
    };

    const numeric = new Float64Array(point.size);
    const probe = at.slice();
    for (let i = 0; i < point.size; i++) {
      probe[i] = at[i] + eps;
      const plus = evaluate(probe, i, "+");
      probe[i] = at[i] - eps;
      const minus = evaluate(probe, i, "-");
      probe[i] = at[i];
      numeric[i] = (plus - minus) / (2 * eps);
    }

    let maxAbsError = 0;
    let maxRelError = 0;
    let worst: GradcheckEntry | undefined;
    for (let i = 0; i < point.size; i++) {
      const a = analytic.data[i];
      const n = numeric[i];
      const absError = Math.abs(a - n);
      const scale = Math.max(Math.abs(a), Math.abs(n));
      const relError = scale === 0 ? 0 : absError / scale;
      const allowed = atol + rtol * Math.abs(n);
      const ratio = allowed === 0 ? (absError === 0 ? 0 : Infinity) : absError / allowed;
      maxAbsError = Math.max(maxAbsError, absError);
      maxRelError = Math.max(maxRelError, relError);
      if (worst === undefined || ratio > worst.ratio) {
        worst = {
          index: i,
          position: positionOf(i, point.shape),
          analytic: a,
          numeric: n,
          absError,
          relError,
          ratio,
        };
      }
    }
    return {
      ok: worst!.ratio <= 1,
      maxAbsError,
      maxRelError,
      worst: worst!,
      analytic: new Tensor(point.shape, analytic.data.slice()),
      numeric: new Tensor(point.shape, numeric),
      eps,
      atol,
      rtol,
    };
  });
}

function nonNegative(fn: string, name: string, value: unknown): number {
  const v = finiteNumber(fn, name, value);
  if (v < 0) throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${show(v)}`);
  return v;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, k) => n === b[k]);
}

function positionOf(offset: number, shape: readonly number[]): number[] {
  const position = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    position[k] = offset % shape[k];
    offset = Math.floor(offset / shape[k]);
  }
  return position;
}
