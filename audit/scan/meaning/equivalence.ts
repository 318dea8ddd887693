/**
 * Formula steps: `σ'(x) = σ(x)(1 − σ(x)) = e^{−x}/(1 + e^{−x})^2`. A step whose two sides are
 * formulas in the same free symbols is checked for equivalence at random points of the
 * symbols' domains (probabilities in (0, 1), sizes positive integers, the rest small dyadic
 * numbers), with the shrunk counterexample and the seed reported as `checkFormula` does. σ,
 * tanh, ReLU and their primes are the library's unless the sheet defines them; a symbol the
 * sheet defined earlier is expanded by its definition.
 *
 * @module
 */
import { type Dual, evaluate, freeSymbols } from "./evaluate.ts";
import { compareFormulas, type Domain, domainOf } from "./formula.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import type { Json } from "../interpret.ts";

/** The leaf symbols of a tree, definitions expanded (null when a definition cycles). */
function leaves(tree: Json, step: MeaningStep, seen: Set<string> = new Set()): Set<string> | null {
  const out = new Set<string>();
  for (const s of freeSymbols(tree, step.functions)) {
    const d = step.definitions.get(s);
    if (d === undefined || [...freeSymbols(d, step.functions)].some((x) => x.startsWith("("))) {
      out.add(s);
      continue;
    }
    if (seen.has(s)) return null;
    const inner = leaves(d, step, new Set([...seen, s]));
    if (!inner) return null;
    for (const x of inner) out.add(x);
  }
  return out;
}

/** Reads a step whose sides are two formulas in the same symbols (null otherwise). */
export function readEquivalence(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const left = readSide(sides[0]);
  const right = readSide(sides[1]);
  if (typeof left.tree === "string") return null; // a definition, not a claim
  const l = leaves(left.tree, step);
  const r = leaves(right.tree, step);
  if (!l || !r || l.size === 0 || l.size !== r.size || ![...l].every((s) => r.has(s))) return null;
  const symbols = [...l];
  if (symbols.some((s) => /^[∂(]/.test(s) || s.length > 12)) return null;
  const domains: Record<string, Domain> = Object.fromEntries(symbols.map((s) => [s, domainOf(s)]));
  const at = (tree: Json) => (v: Record<string, number>) => {
    const values = new Map<string, Dual>(symbols.map((s) => [s, { v: v[s], d: 0 }]));
    return evaluate(tree, { values, functions: step.functions, definitions: step.definitions }).v;
  };
  const found = compareFormulas(
    `the left side`,
    domains,
    at(right.tree),
    at(left.tree),
    [],
    { seed: step.seed, runs: step.runs },
  );
  const domainText = symbols.map((s) =>
    `${s} ${
      {
        real: "in [-2, 2]",
        probability: "in (0, 1)",
        target: "0 or 1",
        size: "a positive integer",
        count: "a count",
        positive: "positive",
      }[domains[s]]
    }`
  ).join(", ");
  return {
    verdict: found.agrees ? "agrees" : "disagrees",
    kind: found.agrees ? null : "error",
    reason: found.agrees
      ? `the two sides are the same formula in ${
        symbols.join(", ")
      }: equal at all ${step.runs} random points`
      : `the two sides are different formulas: ${
        found.reason.replace(
          "the transcribed expression is not the left side",
          "the right side is not the left side",
        )
      }; no known mistake reproduces it`,
    readAs: `an identity between two formulas in ${symbols.join(", ")}`,
    evidence: [`both sides are formulas in ${symbols.join(", ")}`],
    assumptions: [
      `the symbols range over ${domainText}`,
      ...(/\\sigma|\\tanh|ReLU/.test(step.tex) && !step.functions.has("sigma")
        ? ["σ is the logistic sigmoid (tanh and ReLU as usual)"]
        : []),
    ],
    reproducedBy: null,
    mistakes: [],
    alternatives: [],
    correct: found.computed.replace("the true the left side", "the left side"),
    counterexample: found.counterexample,
    seed: found.seed,
    draft: null,
    topic: "formula",
    chapter: "",
  };
}
