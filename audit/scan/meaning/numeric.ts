/**
 * Numbers through the library's functions: a step with no free symbol that the arithmetic
 * could not evaluate because it calls σ, tanh, ReLU or a slope (`\sigma'(0.5) = 0.235`) is
 * evaluated with the library's functions (the sheet's own definitions first) and compared at
 * the written precision.
 *
 * @module
 */
import { matchesStated, show } from "../../check.ts";
import { evaluate, freeSymbols } from "./evaluate.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { mistakesOf, sigmoidDerivative, tanhDerivative } from "../../../mod.ts";
import { matchOf, reproducedText } from "./mod.ts";
import type { MistakeMatch } from "../../model.ts";

/** The library's slopes a sheet writes as `\sigma'(x)`, `\tanh'(x)`. */
const SLOPES = {
  sigma: ["sigmoidDerivative", sigmoidDerivative],
  tanh: ["tanhDerivative", tanhDerivative],
} as const;

/**
 * The catalogue's mistakes of a slope written at a number (`\tanh'(0.5)`) that reproduce the
 * right side's value (`1 - (0.5)^2`: the input put where tanh(x) belongs).
 */
function slopeMistakes(left: string, right: number): MistakeMatch[] {
  const m = /^\s*\\(sigma|tanh)\s*'\s*\(\s*([-+]?\d*\.?\d+)\s*\)\s*$/.exec(left);
  if (!m) return [];
  const [name, fn] = SLOPES[m[1] as keyof typeof SLOPES];
  const x = Number(m[2]);
  return mistakesOf(fn as (x: number) => number)
    .filter((k) => Math.abs(k.variant(x) - right) <= 1e-9 * Math.max(1, Math.abs(right)))
    .map((k) => matchOf(name, k));
}

/** Reads a closed numeric step through the library's functions (null when it has a symbol). */
export function readNumeric(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides || !/\\sigma|\\tanh|ReLU|relu|sigmoid|'/.test(step.tex)) return null;
  const left = readSide(sides[0]).tree;
  const right = readSide(sides[1]).tree;
  if (freeSymbols(left, step.functions).size + freeSymbols(right, step.functions).size > 0) {
    return null;
  }
  const scope = { values: new Map(), functions: step.functions };
  const l = evaluate(left, scope).v;
  const r = evaluate(right, scope).v;
  if (!Number.isFinite(l) || !Number.isFinite(r)) return null;
  const written = sides[1].trim();
  const literal = /^-?\d+(?:\.\d+)?$/.test(written);
  // an expression of rounded decimals carries their rounding: each written x ± half a unit
  // of its last digit moves a product or quotient by at most that relative amount
  // (three decimals or more: `1 - (0.5)^2` writes a given, not a rounded intermediate)
  const carried = [...written.matchAll(/\d*\.(\d{3,})/g)]
    .reduce(
      (sum, m) => sum + 0.5 * 10 ** -m[1].length / Math.max(Math.abs(Number(m[0])), 1e-12),
      0,
    );
  const ok = literal
    ? written.includes(".")
      ? matchesStated(l, written)
      : Math.abs(l - r) <= 1e-9 * Math.max(1, Math.abs(l))
    : Math.abs(l - r) <= (carried + 1e-9) * Math.max(Math.abs(l), Math.abs(r)) + 1e-12;
  const own = [...step.functions.keys()].filter((f) => step.tex.includes(f));
  const mistakes = ok || own.length > 0 ? [] : slopeMistakes(sides[0], r);
  const named = reproducedText(mistakes);
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : "error",
    reason: ok
      ? `the left side is ${show(l)}, ${
        literal ? `which rounds to ${written}` : `equal to the right side`
      }`
      : `the left side is ${show(l)}, not ${literal ? written : show(r)}; ${
        named ? `${named} reproduces it` : "no known mistake reproduces it"
      }`,
    readAs: "arithmetic through the library's σ, tanh, ReLU and their slopes",
    evidence: [`the functions called in ${step.tex.slice(0, 60)}`],
    assumptions: [
      "σ is the logistic sigmoid, tanh and ReLU as usual, a prime their slope" +
      (own.length ? `; ${own.join(", ")} as the sheet defines them` : ""),
    ],
    reproducedBy: named,
    mistakes,
    alternatives: [],
    correct: show(l),
    counterexample: null,
    seed: null,
    draft: null,
    topic: "activation",
    chapter: "activations",
  };
}
