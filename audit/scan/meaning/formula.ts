/**
 * Comparing two formulas at random points, as WeBWorK compares answers: each symbol is drawn
 * from its domain (probabilities in (0, 1), sizes positive integers, the rest small dyadic
 * numbers), fast-check shrinks a disagreement to a small counterexample and reports its seed
 * (the same check as `checkFormula` in audit/check.ts). When they differ, the catalogue's
 * variants of the library function are tried on the same points and every one that
 * reproduces the sheet's formula is named.
 *
 * @module
 */
import fc, { type Arbitrary as FcArbitrary } from "../../_fast_check.ts";
import { type Arbitrary, checkFormula, close, dyadic } from "../../check.ts";
import type { Counterexample, MistakeMatch } from "../../model.ts";

/** The domain of a symbol: real (dyadic in [-2, 2]), a probability, or a positive size. */
export type Domain = "real" | "probability" | "target" | "size" | "count" | "positive";

/** The domain a symbol's name implies (ŷ, p, q: probabilities; n, k, s, N: sizes). */
export function domainOf(name: string): Domain {
  const base = name.replace(/[_^].*$/, "");
  if (/^(?:yhat|phat|p|q|keep)$/.test(base)) return "probability";
  if (/^(?:n|k|s|N|K|S|W|H|F|C|d|m|L)$/.test(base) && !/\^/.test(name)) return "size";
  if (/^(?:alpha|eta|lambda|epsilon|varepsilon|beta|mu|gamma)$/.test(base)) return "positive";
  return "real";
}

/** A fast-check arbitrary for a domain. */
export function arbitraryOf(domain: Domain): Arbitrary<number> {
  switch (domain) {
    case "probability":
      return fc.integer({ min: 1, max: 15 }).map((k) => k / 16);
    case "target":
      return fc.integer({ min: 0, max: 1 });
    case "size":
      return fc.integer({ min: 1, max: 12 });
    case "count":
      return fc.integer({ min: 0, max: 3 });
    case "positive":
      return fc.integer({ min: 1, max: 8 }).map((k) => k / 8);
    default:
      return dyadic(2, 8);
  }
}

/** Where a formula is undefined (a log of 0, 0/0): both sides undefined there agree. */
const UNDEFINED = 1e300;

/** A catalogue variant expressed on the formula's symbols. */
export interface Variant {
  match: MistakeMatch;
  value: (v: Record<string, number>) => number;
}

/** What a formula comparison found. */
export interface FormulaVerdict {
  agrees: boolean;
  computed: string;
  reason: string;
  counterexample: Counterexample | null;
  seed: number;
  mistakes: MistakeMatch[];
}

/**
 * Compares the sheet's formula with the truth over the symbols' domains.
 *
 * @param valid Restricts the drawn points (e.g. a kernel no larger than the padded input).
 */
export function compareFormulas(
  what: string,
  domains: Record<string, Domain>,
  stated: (v: Record<string, number>) => number,
  truth: (v: Record<string, number>) => number,
  variants: readonly Variant[],
  context: { seed: number; runs: number },
  valid: (v: Record<string, number>) => boolean = () => true,
  integral = false,
): FormulaVerdict {
  const variables = Object.fromEntries(
    Object.entries(domains).map(([k, d]) => [k, arbitraryOf(d)]),
  );
  const safe = (f: (v: Record<string, number>) => number) => (v: Record<string, number>) => {
    if (!valid(v)) return 0;
    try {
      const x = f(v);
      return Number.isFinite(x) ? x : UNDEFINED;
    } catch {
      return UNDEFINED;
    }
  };
  const s = safe(stated);
  const t = safe(truth);
  // a formula that has no value at most points says nothing: no verdict (never "agrees")
  const probe = fc.sample(fc.record(variables as Record<string, FcArbitrary<number>>), {
    seed: context.seed,
    numRuns: 40,
  }).filter(valid);
  const defined = probe.filter((p) => s(p) !== UNDEFINED && t(p) !== UNDEFINED).length;
  if (probe.length === 0 || defined * 2 < probe.length) {
    throw new RangeError("compareFormulas: the formulas have no value at most points");
  }
  const outcome = checkFormula({
    what,
    variables,
    stated: s,
    truth: t,
    tolerance: 1e-9,
  }, { seed: context.seed, numRuns: context.runs });
  if (outcome.verdict === "agrees") {
    return {
      agrees: true,
      computed: outcome.computed,
      reason: outcome.reason,
      counterexample: null,
      seed: context.seed,
      mistakes: [],
    };
  }
  const mistakes: MistakeMatch[] = [];
  const points = fc.sample(fc.record(variables as Record<string, FcArbitrary<number>>), {
    seed: context.seed,
    numRuns: 60,
  })
    .filter(valid)
    // a count has no fractions: a variant is compared where the sheet's formula gives a whole number
    .filter((p) => !integral || Number.isInteger(s(p)));
  for (const variant of variants) {
    const vf = safe(variant.value);
    if (points.length > 0 && points.every((p) => close(s(p), vf(p)))) mistakes.push(variant.match);
  }
  return {
    agrees: false,
    computed: outcome.computed,
    reason: outcome.reason,
    counterexample: outcome.counterexample ?? null,
    seed: context.seed,
    mistakes,
  };
}
