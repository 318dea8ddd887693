/**
 * Written precision, honestly: a decimal the sheet writes stands for the interval of numbers
 * that round to it (`0.6508` for [0.65075, 0.65085]). When a step reuses a value the sheet
 * rounded earlier, its left side is evaluated in interval arithmetic over those intervals, and
 * the step agrees when its stated value's interval meets the result: rounding carried forward
 * is then never a false alarm, and a disagreement says by how much it misses.
 *
 * @module
 */
import { decimals, matchesStated } from "../check.ts";
import type { Algebra, FunctionName } from "./interpret.ts";
import { EXPRESSION_TOLERANCE } from "./model.ts";

/** A closed interval [lo, hi]. */
export interface Interval {
  lo: number;
  hi: number;
}

/** The interval a written number stands for: ± half a unit of its last written digit. */
export function writtenInterval(written: string): Interval {
  const value = Number(written);
  const d = decimals(written) ?? 0;
  if (d === 0) return { lo: value, hi: value };
  const half = 0.5 * 10 ** -d;
  return { lo: value - half, hi: value + half };
}

/** Whether two numbers are equal to a relative {@linkcode EXPRESSION_TOLERANCE}. */
export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= EXPRESSION_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Whether a value agrees with a number as the sheet wrote it: a decimal at its written digits
 * (`0.68997` stands for [0.689965, 0.689975]); an integer exactly, to a relative 1e-9 (counts,
 * parameter numbers and sums of products are exact, and `φ(0) = 0` must not pass for 0.5).
 */
export function agreesWithWritten(computed: number, written: string): boolean {
  return decimals(written) === 0
    ? close(computed, Number(written))
    : matchesStated(computed, written);
}

/** How far an interval is from another (0 when they meet). */
export function gap(a: Interval, b: Interval): number {
  if (a.hi < b.lo) return b.lo - a.hi;
  if (b.hi < a.lo) return a.lo - b.hi;
  return 0;
}

/** Whether two intervals meet, allowing float64 rounding of their ends. */
export function meets(a: Interval, b: Interval): boolean {
  const slack = 1e-12 * Math.max(1, Math.abs(a.lo), Math.abs(a.hi), Math.abs(b.lo), Math.abs(b.hi));
  return gap(a, b) <= slack;
}

const INCREASING = new Set<FunctionName>([
  "exp",
  "ln",
  "log2",
  "log10",
  "sqrt",
  "floor",
  "ceil",
  "sigmoid",
  "tanh",
  "relu",
]);

const point = (x: number): Interval => ({ lo: x, hi: x });
const hull = (...xs: number[]): Interval => ({ lo: Math.min(...xs), hi: Math.max(...xs) });

/**
 * Interval arithmetic in which the numbers in `rounded` (values the sheet stated rounded
 * earlier, by their value, with their half-unit) stand for their intervals.
 */
export function intervals(
  rounded: ReadonlyMap<number, number>,
  point1: (name: FunctionName, x: number) => number,
): Algebra<Interval> {
  const f = (name: FunctionName, a: Interval): Interval => {
    if (INCREASING.has(name)) return { lo: point1(name, a.lo), hi: point1(name, a.hi) };
    const ends = [point1(name, a.lo), point1(name, a.hi)];
    if (name === "abs" && a.lo < 0 && a.hi > 0) return hull(0, ...ends);
    if (name === "sigmoidPrime" && a.lo < 0 && a.hi > 0) return hull(0.25, ...ends);
    if (name === "tanhPrime" && a.lo < 0 && a.hi > 0) return hull(1, ...ends);
    return hull(...ends);
  };
  return {
    num: (x) => {
      const half = rounded.get(x);
      return half === undefined ? point(x) : { lo: x - half, hi: x + half };
    },
    add: (a, b) => ({ lo: a.lo + b.lo, hi: a.hi + b.hi }),
    sub: (a, b) => ({ lo: a.lo - b.hi, hi: a.hi - b.lo }),
    mul: (a, b) => hull(a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi),
    div: (a, b) =>
      b.lo <= 0 && b.hi >= 0
        ? { lo: -Infinity, hi: Infinity }
        : hull(a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi),
    pow: (a, b) => {
      const ends = [a.lo ** b.lo, a.lo ** b.hi, a.hi ** b.lo, a.hi ** b.hi];
      return a.lo < 0 && a.hi > 0 ? hull(0, ...ends) : hull(...ends);
    },
    neg: (a) => ({ lo: -a.hi, hi: -a.lo }),
    call: f,
    pick: (name, a, b) =>
      name === "max"
        ? { lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) }
        : { lo: Math.min(a.lo, b.lo), hi: Math.min(a.hi, b.hi) },
  };
}
