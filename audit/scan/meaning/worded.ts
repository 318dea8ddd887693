/**
 * A step whose left side is words naming a course quantity, and whose right side works it out:
 * `\text{Number of trainable parameters} = (5 \times 5 \times 3 + 1) \times 6`,
 * `\text{Output size} = \left(\frac{21-5}{2}+1\right) \times \left(\frac{21-5}{2}+1\right)`.
 * The words say which quantity (the same quantity readers as `quantities.ts`, with the numbers
 * of the prose above the step); the right side's value is the stated answer, and for a size
 * its first factor (every spatial factor must agree with it). The library's value decides, and
 * a mismatch is diagnosed by the function's catalogue.
 *
 * Honesty: words that name two quantities read differently give no verdict; a right side with
 * a symbol in it is not a stated value; a shape whose spatial factors differ is not read.
 *
 * @module
 */
import type { Json } from "../interpret.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { evaluate, freeSymbols } from "./evaluate.ts";
import { lastIndexOf, numbersIn, preferring } from "./prose.ts";
import { judge, type Lift, nearText, sameAsWritten } from "./quantities.ts";
import { QUANTITY_READERS } from "./readers.ts";

/** The words of a left side written as text (`\text{…}`), or null. */
function wordsOf(tree: Json): string | null {
  if (typeof tree !== "string") return null;
  const m = /^'(.{3,80})'$/s.exec(tree);
  return m && /[A-Za-z]{3,}\s+[A-Za-z]{2,}/.test(m[1]) ? m[1] : null;
}

/** The value of a closed numeric tree, or null. */
function valueOf(tree: Json): number | null {
  if (freeSymbols(tree, new Map()).size > 0) return null;
  const v = evaluate(tree, { values: new Map(), functions: new Map() }).v;
  return Number.isFinite(v) ? v : null;
}

/** The factors of a top-level product, each a closed value (null when one is not). */
function factorsOf(tree: Json): number[] | null {
  const parts = Array.isArray(tree) && tree[0] === "Multiply" ? tree.slice(1) as Json[] : [tree];
  const values = parts.map(valueOf);
  return values.every((v): v is number => v !== null) ? values : null;
}

/** The stated value as a reader compares it: a size's first factor, or the whole value. */
function statedFor(size: boolean, tree: Json): { value: number; text: string } | null {
  const factors = factorsOf(tree);
  if (!factors) return null;
  if (!size) {
    const v = factors.reduce((a, b) => a * b, 1);
    return { value: v, text: String(Number(v.toPrecision(12))) };
  }
  // a shape h × w × c (or h × w): the spatial factors must agree
  const spatial = factors.length >= 3 ? factors.slice(0, -1) : factors;
  if (factors.length < 2 || spatial.some((f) => f !== spatial[0])) return null;
  return { value: spatial[0], text: String(Number(spatial[0].toPrecision(12))) };
}

/** Reads `\text{words} = computation` as the quantity the words name. */
export function readWorded(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const words = wordsOf(readSide(sides[0]).tree);
  if (!words) return null;
  const right = readSide(sides[1]).tree;
  const near = nearText(step.context);
  const written = numbersIn(right);
  const read: { at: number; lift: Lift; stated: { value: number; text: string } }[] = [];
  for (const r of QUANTITY_READERS) {
    // the step's own words name the quantity; the prose above names the layer
    if (r.named || r.derivative || !(r.also ?? r.words).test(words)) continue;
    const at = lastIndexOf(`${near}\n${words}`, r.words);
    if (at < 0) continue;
    const stated = statedFor(r.size === true, right);
    if (!stated) continue;
    const lift = preferring(written, () =>
      r.read({
        near,
        left: right,
        head: null,
        stated: stated.value,
        statedText: stated.text,
        partial: null,
      }));
    if (!lift) continue;
    const missing = (lift.uses?.numbers ?? []).map(Math.abs)
      .filter((n) => !written.has(n) && !written.has(n + 1));
    if (lift.uses && missing.length > lift.uses.mayMiss) continue;
    read.push({ at, lift, stated });
  }
  if (read.length === 0) return null;
  const verdicts = new Set(read.map((x) => sameAsWritten(x.lift.value, x.stated.text)));
  if (verdicts.size > 1) return null; // two quantities, read differently: no verdict
  // the quantity named nearest the step
  const [{ lift, stated }] = read.sort((a, b) => b.at - a.at);
  const meaning = judge(lift, stated);
  meaning.evidence = [`the words "${words}" on the step's left`, ...meaning.evidence];
  meaning.draftStated = stated.text;
  return meaning;
}
