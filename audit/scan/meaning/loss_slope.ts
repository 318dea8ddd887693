/**
 * The derivative of a squared-error loss written as a formula:
 * `\frac{dE}{dy} = -2(y_i - \hat{y}_i)` under the prose's `E = \sum (y_i - \hat{y}_i)^2`. The
 * loss is read from the nearest definition of its letter in the prose above the step; one
 * term `(t - p)^2`, with p the hatted name (the prediction) and t the label. The stated
 * formula is compared at random points with the library's `squaredErrorGradient(p, t)`, the
 * derivative by the prediction, and a mismatch is diagnosed by its catalogue.
 *
 * Honesty: `dE/dy` written with the label's letter names either the prediction (what
 * backpropagation needs) or the label itself: both readings are reported, the verdict is the
 * prediction's and the label's reading (2(t − p)) is listed beside it. A loss that is not one
 * squared difference of two names, or a formula in other symbols, is not read.
 *
 * @module
 */
import { mistakesOf, mulberry32, squaredErrorGradient } from "../../../mod.ts";
import type { Json } from "../interpret.ts";
import { matchOf, type Meaning, type MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { evaluate, freeSymbols } from "./evaluate.ts";

/** The label and prediction of a loss `\sum (t - p)^2` (or `(t - p)^2`), or null. */
function squaredError(tree: Json): { label: string; prediction: string } | null {
  let t = tree;
  if (Array.isArray(t) && t[0] === "Sum") t = t[1] as Json;
  if (!Array.isArray(t) || t[0] !== "Power" || t[2] !== 2) return null;
  let d = t[1] as Json;
  if (Array.isArray(d) && d[0] === "Delimiter") d = d[1] as Json;
  if (!Array.isArray(d) || d[0] !== "Subtract") return null;
  const [a, b] = [d[1], d[2]];
  if (typeof a !== "string" || typeof b !== "string") return null;
  const hat = (s: string) => /^\w*hat/.test(s);
  if (hat(a) === hat(b)) return null;
  return hat(a) ? { label: b, prediction: a } : { label: a, prediction: b };
}

/** The loss `L = …` written in math nearest above the step (its last 8 lines), read, or null. */
function lossOf(context: string, name: string): Json | null {
  const lines = context.split("\n").filter((l) => l.trim() !== "").slice(-9, -1).join("\n");
  const defs = [...lines.matchAll(/\$\$?([^$]+)\$\$?/g)]
    .map((m) => new RegExp(`^\\s*${name}\\s*=\\s*(.+)$`, "s").exec(m[1].trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  if (defs.length === 0) return null;
  try {
    return readSide(defs[defs.length - 1][1].trim()).tree;
  } catch {
    return null;
  }
}

/** Reads `dL/dv = formula` as the slope of the prose's squared-error loss. */
export function readLossSlope(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const left = readSide(sides[0]).tree;
  if (!Array.isArray(left) || left[0] !== "Partial" || typeof left[1] !== "string") return null;
  const by = String(left[2]);
  const loss = lossOf(step.context, left[1]);
  const names = loss === null ? null : squaredError(loss);
  if (!names) return null;
  const base = (s: string) => s.replace(/_\w+$/, "");
  const byPrediction = base(by) === base(names.prediction);
  if (!byPrediction && base(by) !== base(names.label)) return null;
  const right = readSide(sides[1]).tree;
  const free = freeSymbols(right, new Map());
  if (free.size === 0 || [...free].some((s) => s !== names.label && s !== names.prediction)) {
    return null;
  }
  const random = mulberry32(step.seed);
  const points = Array.from({ length: 8 }, () => [4 * random() - 2, 4 * random() - 2]);
  const stated = (p: number, t: number) =>
    evaluate(right, {
      values: new Map([[names.prediction, { v: p, d: 0 }], [names.label, { v: t, d: 0 }]]),
      functions: new Map(),
    }).v;
  const same = (f: (p: number, t: number) => number) =>
    points.every(([p, t]) =>
      Math.abs(f(p, t) - stated(p, t)) <= 1e-9 * Math.max(1, Math.abs(f(p, t)))
    );
  const ok = same((p, t) => squaredErrorGradient(p, t));
  const byLabel = same((p, t) => 2 * (t - p));
  const mistakes = ok ? [] : mistakesOf(squaredErrorGradient)
    .filter((m) => {
      try {
        return same((p, t) => Number(m.variant(p, t)));
      } catch {
        return false;
      }
    })
    .map((m) => matchOf("squaredErrorGradient", m));
  const named = mistakes.map((m) => `${m.name} (squaredErrorGradient)`).join("; or ");
  const { label, prediction } = names;
  const what = `∂${left[1]}/∂${prediction} of ${left[1]} = Σ (${label} − ${prediction})^2`;
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : "error",
    reason: ok
      ? `the formula equals squaredErrorGradient(${prediction}, ${label}) = −2(${label} − ${prediction}) at random points`
      : `the formula differs from squaredErrorGradient(${prediction}, ${label}) = −2(${label} − ${prediction}) at random points (seed ${step.seed}); ${
        named || (byLabel ? "it is the derivative by the label" : "no known mistake reproduces it")
      }`,
    readAs: `${what}, one sample's term`,
    evidence: [`the loss ${left[1]} = Σ (${label} − ${prediction})^2 in the prose above the step`],
    assumptions: byPrediction ? [] : [
      `d${
        left[1]
      }/d${by} is read as the derivative by the prediction ${prediction}, as backpropagation uses it`,
    ],
    reproducedBy: named || null,
    mistakes,
    alternatives: byPrediction ? [] : [{
      reading: `the derivative by the label ${label}: 2(${label} − ${prediction})`,
      computed: `2(${label} − ${prediction})`,
      reproduces: byLabel,
    }],
    correct: `-2(${label} - ${prediction})`,
    counterexample: null,
    seed: step.seed,
    draft: null,
    topic: "squared-error gradient",
    chapter: "losses",
  };
}
