/**
 * A loss written with a logarithm of an explicit base: a cross-entropy worked out with
 * `\log_{10}` or `\log_2` (`L = -\log_{10}(0.525) = 0.2798`) is right arithmetic of the wrong
 * formula, since machine learning's losses use the natural logarithm. The step is read as a
 * cross-entropy when its question's words name one (cross-entropy, log loss, likelihood) or
 * its formula writes `\ln`; it is judged with ln, and the catalogue's base mistake names it.
 *
 * @module
 */
import { binaryCrossEntropy, mistakesOf } from "../../../mod.ts";
import { matchesStated, show } from "../../check.ts";
import { evaluate, freeSymbols } from "./evaluate.ts";
import { matchOf, type Meaning, type MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";

/** An explicit base: `\log_{10}`, `\log_2`, `\log_{2}`, `\lg` (base 10). */
const BASED = /\\log_\{?\s*(10|2)\s*\}?|\\lg\b/g;
/** Words that make a step's question a cross-entropy. */
const LOSS = /cross[- ]?entropy|log[- ]?loss|likelihood|\bBCE\b|\\ln\b/i;

/** The value of a closed side with every based logarithm read with `replacement`. */
function valueWith(tex: string, replacement: (base: number) => string): number | null {
  const tree = readSide(tex.replace(BASED, (_m, b) => replacement(b ? Number(b) : 10))).tree;
  if (freeSymbols(tree, new Map()).size > 0) return null;
  const v = evaluate(tree, { values: new Map(), functions: new Map() }).v;
  return Number.isFinite(v) ? v : null;
}

/** Reads a cross-entropy step written with a based logarithm (null otherwise). */
export function readLogBase(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides || !new RegExp(BASED.source).test(sides[0]) || !LOSS.test(step.context)) return null;
  const stated = sides[1].trim();
  if (!/^-?\d*\.?\d+$/.test(stated)) return null;
  const written = valueWith(sides[0], (b) => `\\frac{1}{\\ln(${b})}\\ln`);
  const natural = valueWith(sides[0], () => "\\ln");
  if (written === null || natural === null) return null;
  if (!matchesStated(written, stated) || matchesStated(natural, stated)) return null;
  const base = /\\log_\{?\s*2/.test(sides[0]) ? 2 : 10;
  const mistake = mistakesOf(binaryCrossEntropy).find((m) => m.id === `log-base-${base}`);
  const mistakes = mistake ? [matchOf("binaryCrossEntropy", mistake)] : [];
  return {
    verdict: "disagrees",
    kind: "error",
    reason: `read as a cross-entropy: with the natural logarithm the left side is ${
      show(natural)
    }, not ${stated}; the logarithm in base ${base} the sheet writes reproduces ${stated}`,
    readAs: "a cross-entropy, whose logarithm is the natural one",
    evidence: [
      `\\log in base ${base} written in the step`,
      "the question's words name a cross-entropy (or its formula writes \\ln)",
    ],
    assumptions: ["machine learning's losses use the natural logarithm"],
    reproducedBy: mistake?.name ?? `the logarithm in base ${base}`,
    mistakes,
    alternatives: [{
      reading: `logarithm base ${base}`,
      computed: show(written),
      reproduces: true,
    }],
    correct: show(natural),
    counterexample: null,
    seed: null,
    draft: null,
    topic: "cross-entropy",
    chapter: "losses",
  };
}
