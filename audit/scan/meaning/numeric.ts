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
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : "error",
    reason: ok
      ? `the left side is ${show(l)}, ${
        literal ? `which rounds to ${written}` : `equal to the right side`
      }`
      : `the left side is ${show(l)}, not ${
        literal ? written : show(r)
      }; no known mistake reproduces it`,
    readAs: "arithmetic through the library's σ, tanh, ReLU and their slopes",
    evidence: [`the functions called in ${step.tex.slice(0, 60)}`],
    assumptions: [
      "σ is the logistic sigmoid, tanh and ReLU as usual, a prime their slope" +
      (own.length ? `; ${own.join(", ")} as the sheet defines them` : ""),
    ],
    reproducedBy: null,
    mistakes: [],
    alternatives: [],
    correct: show(l),
    counterexample: null,
    seed: null,
    draft: null,
    topic: "activation",
    chapter: "activations",
  };
}
