/**
 * The checkers: how a stated answer is compared with the computed one.
 *
 * - {@linkcode checkNumber}: a number at the precision the document states it (0.53539 has
 *   five decimals, so it agrees with anything that rounds to it: |computed − 0.53539| ≤ 5e-6).
 * - {@linkcode checkExact}: counts, shapes and matrices, elementwise and exactly.
 * - {@linkcode checkFormula}: a formula transcribed from the document as a function, tested
 *   with fast-check against the true value over small dyadic inputs; a disagreement carries
 *   the shrunk counterexample and the seed that replays it.
 * - {@linkcode decide}: a qualitative claim decided by a stated experiment's measured outcome.
 *
 * @module
 */
import fc, { type Arbitrary as FastCheckArbitrary } from "./_fast_check.ts";
import type { CheckContext, Counterexample, Outcome, Reading } from "./model.ts";
import { Tensor } from "../mod.ts";

/**
 * A generator of random inputs for a formula claim: a fast-check arbitrary, as made by
 * {@linkcode dyadic} or by fast-check itself (`fc.integer({ min: 0, max: 4 })`).
 *
 * Declared here, with only the method a claims author needs, so that the audit's public
 * API does not expose fast-check's internal classes; any fast-check 4 arbitrary fits it.
 */
export interface Arbitrary<T> {
  /**
   * A generator of `mapper(value)` for each value this one draws; it shrinks as this
   * one does.
   *
   * @param mapper The function applied to each drawn value.
   * @returns The mapped generator.
   */
  map<U>(mapper: (value: T) => U): Arbitrary<U>;
}

/** The fast-check arbitrary behind an {@linkcode Arbitrary} (every value of that type is one). */
function fastCheck<T>(arbitrary: Arbitrary<T>): FastCheckArbitrary<T> {
  return arbitrary as FastCheckArbitrary<T>;
}

/**
 * Dyadic numbers k/denominator in [-limit, limit]: exact in binary, easy to recompute by
 * hand, and fast-check shrinks them towards 0.
 */
export function dyadic(limit = 2, denominator = 4): Arbitrary<number> {
  const n = Math.round(limit * denominator);
  return fc.integer({ min: -n, max: n }).map((k) => k / denominator);
}

/** Renders a number compactly (integers as integers, others with up to 6 significant digits). */
export function show(value: number, digits?: number): string {
  if (digits !== undefined) return value.toFixed(digits);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** Renders nested arrays of numbers as `[[1, 0], [0, 1]]` (a Tensor by its values, a string quoted). */
export function showArray(value: unknown): string {
  if (value instanceof Tensor) return showArray(value.toArray());
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return show(value);
  if (Array.isArray(value)) return `[${value.map(showArray).join(", ")}]`;
  return String(value);
}

/** The number of decimals written in a stated number such as "0.53539" (5). */
export function decimals(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Whether `value` rounds to the stated decimal `text` at its stated precision. */
export function matchesStated(value: number, text: string): boolean {
  const half = 0.5 * 10 ** -decimals(text);
  return Math.abs(value - Number(text)) <= half * (1 + 1e-9);
}

/** An alternative reading of a number: its name and what it gives. */
export interface NumberReading {
  /** The reading in words, e.g. "logarithm base 2". */
  reading: string;
  /** What the answer is under this reading. */
  value: number;
}

/**
 * Compares a computed number with a stated decimal at the stated precision, and tries
 * each alternative reading.
 */
export function checkNumber(
  stated: string,
  computed: number,
  options: { what: string; alternatives?: NumberReading[]; agreeReason?: string },
): Outcome {
  if (typeof stated !== "string") {
    throw new TypeError(
      `checkNumber: stated must be the answer as the sheet writes it, a string such as "0.53539", got ${
        typeof stated === "number" ? `${stated} (a number)` : typeof stated
      }`,
    );
  }
  if (!Number.isFinite(Number(stated)) || stated.trim() === "") {
    throw new TypeError(
      `checkNumber: stated must be a decimal number, got ${JSON.stringify(stated)}`,
    );
  }
  const d = decimals(stated);
  const ok = matchesStated(computed, stated);
  const alternatives: Reading[] = (options.alternatives ?? []).map((a) => ({
    reading: a.reading,
    computed: show(a.value, d),
    reproduces: matchesStated(a.value, stated),
  }));
  const precision = d === 0 ? "as an integer" : `to ${d} decimal${d === 1 ? "" : "s"}`;
  const reason = ok
    ? options.agreeReason ??
      `${options.what} is ${show(computed)}, which rounds to ${stated} ${precision}`
    : `${options.what} is ${show(computed)}, which rounds to ${show(computed, d)}, not ${stated}`;
  return {
    computed: `${show(computed, d)} (${computed})`,
    verdict: ok ? "agrees" : "disagrees",
    reason,
    alternatives,
  };
}

/**
 * Exact equality of numbers, strings, booleans, Tensors (by their values and shape) and
 * nested arrays of these.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Tensor) return sameValue(a.toArray(), b);
  if (b instanceof Tensor) return sameValue(a, b.toArray());
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (typeof a === "string" || typeof a === "boolean") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return false;
}

/** An alternative reading of a count, shape or matrix. */
export interface ValueReading {
  /** The reading in words, e.g. "no bias". */
  reading: string;
  /** What the answer is under this reading (a number or nested arrays of numbers). */
  value: unknown;
}

/**
 * Compares a stated count, shape or matrix with the computed one, exactly (elementwise for
 * matrices), and tries each alternative reading.
 */
export function checkExact(
  stated: unknown,
  computed: unknown,
  options: {
    what: string;
    alternatives?: ValueReading[];
    agreeReason?: string;
    render?: (value: unknown) => string;
  },
): Outcome {
  const render = options.render ?? showArray;
  const ok = sameValue(stated, computed);
  return {
    computed: render(computed),
    verdict: ok ? "agrees" : "disagrees",
    reason: ok
      ? options.agreeReason ?? `${options.what} is ${render(computed)}, as stated`
      : `${options.what} is ${render(computed)}, not ${render(stated)}`,
    alternatives: (options.alternatives ?? []).map((a) => ({
      reading: a.reading,
      computed: render(a.value),
      reproduces: sameValue(stated, a.value),
    })),
  };
}

/** Relative closeness for two float64 evaluations of the same quantity. */
export function close(a: number, b: number, tolerance = 1e-9): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A reading of a formula: a restriction of the inputs under which it might hold. */
export interface FormulaReading<V> {
  /** The reading in words, e.g. "the output bias b^f is 0". */
  reading: string;
  /** Maps any input to one that satisfies the reading. */
  assume: (values: V) => V;
}

/** The description of a formula claim's check. */
export interface FormulaCheck<V extends Record<string, number>> {
  /** What the formula computes, e.g. "∂E/∂w^f". */
  what: string;
  /** An arbitrary for each input (use {@linkcode dyadic}). */
  variables: { [K in keyof V]: Arbitrary<V[K]> };
  /** The document's expression, transcribed. */
  stated: (values: V) => number;
  /** The true value, from the library. */
  truth: (values: V) => number;
  /**
   * An independent value (finite differences with `gradcheck`): checked against `truth`
   * on the first cases, and reported beside a counterexample.
   */
  reference?: (values: V) => number;
  /** Tolerance of the reference check (finite differences are not exact). */
  referenceTolerance?: number;
  /** Readings under which the stated formula might hold. */
  readings?: FormulaReading<V>[];
  /** Relative tolerance between the formula and the truth (default 1e-9). */
  tolerance?: number;
  /** What is wrong with the formula, said when it disagrees (e.g. "σ' omits b^f"). */
  defect?: string;
  /**
   * The inputs a counterexample shows (default: all of them). Give it when some inputs do
   * not enter the formula at some values, e.g. the samples past N: a counterexample then
   * lists only what a person needs to recompute it.
   */
  shown?: (values: V) => Partial<V>;
}

function renderValues(values: Record<string, number>): string {
  return Object.entries(values).map(([k, v]) => `${k} = ${show(v)}`).join(", ");
}

/**
 * Tests a transcribed formula against the truth with fast-check. Agrees when they match on
 * every drawn case; otherwise reports the shrunk counterexample, the seed, and which
 * readings (restrictions of the inputs) make the formula hold.
 *
 * @throws {Error} If the library's value disagrees with the independent reference: that
 *   is a library defect, not a verdict on the document.
 */
export function checkFormula<V extends Record<string, number>>(
  spec: FormulaCheck<V>,
  context: CheckContext,
): Outcome {
  const tolerance = spec.tolerance ?? 1e-9;
  const variables = Object.fromEntries(
    Object.entries(spec.variables).map(([name, a]) => [name, fastCheck(a as Arbitrary<number>)]),
  ) as { [K in keyof V]: FastCheckArbitrary<V[K]> };
  const inputs = fc.record(variables) as FastCheckArbitrary<V>;
  const shown = (values: V): Record<string, number> =>
    Object.fromEntries(
      Object.entries(spec.shown ? spec.shown(values) : values)
        .filter(([, v]) => typeof v === "number"),
    );
  if (spec.reference) {
    const referenceTolerance = spec.referenceTolerance ?? 1e-6;
    for (const v of fc.sample(inputs, { seed: context.seed, numRuns: 20 })) {
      const t = spec.truth(v);
      const r = spec.reference(v);
      if (!close(t, r, referenceTolerance)) {
        throw new Error(
          `library value of ${spec.what} (${t}) disagrees with finite differences (${r}) at ${
            renderValues(v)
          }`,
        );
      }
    }
  }
  const run = (arbitrary: FastCheckArbitrary<V>) =>
    fc.check(fc.property(arbitrary, (v) => close(spec.stated(v), spec.truth(v), tolerance)), {
      seed: context.seed,
      numRuns: context.numRuns,
    });
  const details = run(inputs);
  const alternatives: Reading[] = [];
  if (details.failed) {
    for (const r of spec.readings ?? []) {
      const d = run(inputs.map(r.assume));
      alternatives.push({
        reading: r.reading,
        computed: d.failed
          ? `still differs, e.g. at ${renderValues(shown(d.counterexample![0]))}`
          : `matches at all ${d.numRuns} cases`,
        reproduces: !d.failed,
      });
    }
  }
  if (!details.failed) {
    return {
      computed: `equals the true ${spec.what} at all ${details.numRuns} random dyadic cases`,
      verdict: "agrees",
      reason: `the transcribed expression matched the library's ${spec.what}${
        spec.reference ? " (itself checked against finite differences)" : ""
      } on every case (relative tolerance ${tolerance})`,
      alternatives,
      counterexample: null,
      seed: context.seed,
    };
  }
  const values = details.counterexample![0];
  const counterexample: Counterexample = {
    values: shown(values),
    stated: spec.stated(values),
    expected: spec.truth(values),
  };
  if (spec.reference) counterexample.reference = spec.reference(values);
  return {
    computed: `differs from the true ${spec.what}: at ${
      renderValues(counterexample.values)
    } the formula gives ${show(counterexample.stated)}, the true value is ${
      show(counterexample.expected)
    }`,
    verdict: "disagrees",
    reason: `${
      spec.defect ?? `the transcribed expression is not ${spec.what}`
    }; seed ${context.seed} finds a counterexample with ${renderValues(counterexample.values)}`,
    alternatives,
    counterexample,
    seed: context.seed,
  };
}

/**
 * A qualitative claim decided by an experiment: `holds` is the measured outcome (true when
 * the measurement bears the statement out).
 */
export function decide(
  holds: boolean,
  computed: string,
  reason: { agrees: string; disagrees: string },
  alternatives: Reading[] = [],
): Outcome {
  return {
    computed,
    verdict: holds ? "agrees" : "disagrees",
    reason: holds ? reason.agrees : reason.disagrees,
    alternatives,
  };
}
