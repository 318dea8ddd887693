/**
 * A step written as a shape, `(…) × (…) × 6 = 9 × 9 × 6`: when the right side is a product of
 * integers and the left a product of as many factors, the factors are compared one by one
 * (a shape 9 × 9 × 6 is not 6 × 9 × 9, though the products agree).
 *
 * @module
 */
import { show } from "../check.ts";
import { type Definitions, prepare } from "./evaluate.ts";
import { interpret, JAVASCRIPT, jsText, NUMBERS } from "./interpret.ts";
import { close } from "./precision.ts";
import { splitTopLevel } from "./steps.ts";

/** The verdict of a shape step, or null when the step is not one (it is then one number). */
export function checkShape(l: string, r: string, defs: Definitions) {
  const factors = (s: string) => splitTopLevel(s, /\\times|×/).map((p) => p.piece.trim());
  const lf = factors(l);
  const rf = factors(r);
  if (lf.length < 2 || lf.length !== rf.length || !rf.every((f) => /^\d+$/.test(f))) return null;
  const values: number[] = [];
  const js: string[] = [];
  for (const f of lf) {
    const p = prepare(f, defs);
    if (!("json" in p) || p.bare) return null;
    try {
      const v = interpret(p.json, NUMBERS, "ln");
      if (!("scalar" in v) || !Number.isFinite(v.scalar)) return null;
      values.push(v.scalar);
      js.push(jsText(interpret(p.json, JAVASCRIPT, "ln")));
    } catch {
      return null;
    }
  }
  const ok = values.every((v, i) => close(v, Number(rf[i])));
  const computed = values.map((v) => show(v)).join(" × ");
  return {
    verdict: ok ? "agrees" as const : "disagrees" as const,
    computed,
    reason: ok
      ? `read as a shape: the left side's factors are ${computed}, as written`
      : `read as a shape: the left side's factors are ${computed}, not ${rf.join(" × ")}`,
    assumptions: ["a product of integers on the right is read as a shape, factor by factor"],
    alternatives: [],
    js: `[${js.join(", ")}]`,
    statedJs: rf.join("×"), // a shape as the answer-sheet format writes one: 9×9×6
    draftAssumptions: ["the step is a shape: its factors are compared one by one"],
  };
}
