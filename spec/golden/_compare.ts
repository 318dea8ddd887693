/**
 * Tolerant comparison of nested numbers, for the golden (PyTorch) tests.
 *
 * PyTorch and nnspec add the same terms in different orders, so float64 results differ
 * in the last few bits. Two numbers agree when
 * |actual - expected| <= max(rel * |expected|, abs): relative 1e-12 (about 4500 ulps,
 * far above reordering noise, far below any real mistake), with an absolute floor of 1e-12
 * for values that should be zero.
 */

/** One disagreement: where, what PyTorch wrote, what nnspec computed. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Relative and absolute tolerance. */
export interface Tolerance {
  rel: number;
  abs: number;
}

/** The default tolerance: relative 1e-12, absolute 1e-12 near zero. */
export const TOLERANCE: Tolerance = { rel: 1e-12, abs: 1e-12 };

/** Compares nested numbers (or tensors turned into nested arrays) within the tolerance. */
export function compare(
  actual: unknown,
  expected: unknown,
  path: string,
  tolerance: Tolerance = TOLERANCE,
): Mismatch[] {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return [{ path, expected, actual }];
    const ok = Math.abs(actual - expected) <=
      Math.max(tolerance.rel * Math.abs(expected), tolerance.abs);
    return ok ? [] : [{ path, expected, actual }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [{
        path: `${path} (shape)`,
        expected: `length ${expected.length}`,
        actual: Array.isArray(actual) ? `length ${actual.length}` : actual,
      }];
    }
    return expected.flatMap((e, i) => compare(actual[i], e, `${path}[${i}]`, tolerance));
  }
  return Object.is(actual, expected) ? [] : [{ path, expected, actual }];
}
