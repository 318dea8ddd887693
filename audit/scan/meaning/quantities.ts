/**
 * Course quantities in numeric steps: a step whose nearby words name a quantity (a dense
 * layer's parameters, a convolution's output size, Adam's first step) is read as the library
 * call it means, with its arguments taken from the prose (the nearest `input = 160×1`,
 * `stride 2`, `64 units`) and from the step itself, and judged by the library. A stated value
 * that differs is diagnosed by the function's catalogue of mistakes; where a convention
 * changes the answer (Keras or PyTorch recurrent biases, momentum as an average or a sum,
 * classic or inverted dropout) the kind is "depends".
 *
 * Honesty: a reader that lacks one of its numbers gives no reading (the step stays
 * arithmetic), and when two quantities are named as near the step and read differently,
 * neither is used.
 *
 * @module
 */
import { matchesStated, show } from "../../check.ts";
import type { MistakeMatch, Reading } from "../../model.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { evaluate, freeSymbols } from "./evaluate.ts";
import { lastIndexOf, numbersIn, plainProse, preferring } from "./prose.ts";
import { QUANTITY_READERS } from "./readers.ts";
import type { Json } from "../interpret.ts";

/** What a quantity reader makes of a step. */
export interface Lift {
  readAs: string;
  evidence: string[];
  assumptions: string[];
  /** The library's value. */
  value: number;
  /** The library call, for the draft. */
  call: string;
  /** Catalogue variants on the same arguments. */
  variants: { match: MistakeMatch; value: number }[];
  /** Conventions that change the answer: a match makes the kind "depends". */
  conventions?: { reading: string; value: number }[];
  /** Readings that are not catalogue mistakes but reproduce a value (said, never named). */
  readings?: { reading: string; value: number }[];
  topic: string;
  chapter: string;
  /**
   * The numbers the reading takes from the prose that a step computing it writes, and how
   * many of them a mistake may leave out (the input channels a miscount forgets).
   */
  uses?: { numbers: number[]; mayMiss: number };
}

/** What a reader sees: the prose near the step, the step's sides, the stated value. */
export interface QuantityInput {
  near: string;
  left: Json;
  head: string | null;
  stated: number;
  statedText: string;
  /** When the step (or its chain) is a derivative `∂L/∂ŷ = …`: what by what. */
  partial: { of: string; by: string } | null;
}

/** A reader of one course quantity. */
export interface QuantityReader {
  /** Words that name the quantity (nearest to the step wins). */
  words: RegExp;
  /** Words that must also be present near the step (e.g. "parameters"). */
  also?: RegExp;
  read: (input: QuantityInput) => Lift | null;
  /** A size along one axis: a stated shape `9 × 9 × 6` is compared by its first factor. */
  size?: boolean;
  /** Whether it reads a derivative's value (`∂L/∂ŷ = 0.4`). */
  derivative?: boolean;
  /** Whether it reads `NAME = number` by the name (`\hat{m}_1 = 0.2`): others need a computation. */
  named?: boolean;
}

/** Whether a value agrees with the number as written (integers exactly). */
export function sameAsWritten(value: number, written: string): boolean {
  const text = written.replace(/\s+/g, "");
  if (/^-?\d+$/.test(text)) {
    return Math.abs(value - Number(text)) <= 1e-9 * Math.max(1, Math.abs(value));
  }
  if (/^-?\d*\.\d+$/.test(text)) return matchesStated(value, text);
  return Math.abs(value - Number(text)) <= 1e-9 * Math.max(1, Math.abs(value));
}

/** The stated value of a right side that is a number (or a closed expression). */
function statedOf(tex: string): { value: number; text: string } | null {
  const t = tex.trim().replace(/\\(?:text|mathrm)\{[^{}]*\}\s*$/, "").replace(/[.,;]$/, "").trim();
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return { value: Number(t), text: t };
  try {
    const tree = readSide(t).tree;
    if (freeSymbols(tree, new Map()).size > 0) return null;
    const v = evaluate(tree, { values: new Map(), functions: new Map() }).v;
    return Number.isFinite(v) ? { value: v, text: String(Number(v.toPrecision(12))) } : null;
  } catch {
    return null;
  }
}

/**
 * A line that starts an item or a part: `\item`, `\section{…}`, `(b) `, `3. `; never the
 * heading of its solution (`\paragraph{Solution.}`), which belongs to the question above it.
 */
const ITEM =
  /^\s*(?:\\item\b|\\(?:sub)*section\*?\{|\\paragraph\*?\{(?!\s*(?:solution|answer|working)s?\b)|\([a-z]\)\s|\d+[.)]\s|(?:Question|Problem|Exercise|Task)\s*\d)/i;

/** The last lines of the context, made plain: where a step's quantity is named. */
export function nearText(context: string): string {
  let lines = context.split("\n").filter((l) => l.trim() !== "");
  // a quantity belongs to its item: the prose from the last \item, (a) or numbered line on
  const item = lines.findLastIndex((l) => ITEM.test(l));
  if (item >= 0) lines = lines.slice(item);
  return plainProse(lines.slice(-8).join("\n")).slice(-1500);
}

/** Judges a lift against the stated value. */
export function judge(lift: Lift, stated: { value: number; text: string }): Meaning {
  const ok = sameAsWritten(lift.value, stated.text);
  const mistakes = ok
    ? []
    : lift.variants.filter((v) => sameAsWritten(v.value, stated.text)).map((v) => v.match);
  const conventions = ok
    ? []
    : (lift.conventions ?? []).filter((c) => sameAsWritten(c.value, stated.text));
  const readings = ok
    ? []
    : (lift.readings ?? []).filter((c) => sameAsWritten(c.value, stated.text));
  const alternatives: Reading[] = [
    ...(lift.conventions ?? []),
    ...(lift.readings ?? []),
  ].map((c) => ({
    reading: c.reading,
    computed: show(c.value),
    reproduces: sameAsWritten(c.value, stated.text),
  }));
  const named = mistakes.length > 0
    ? mistakes.map((m) => `${m.name} (${m.function})`).join("; or ")
    : conventions.length > 0
    ? conventions.map((c) => c.reading).join("; or ")
    : readings.length > 0
    ? readings.map((c) => c.reading).join("; or ")
    : null;
  const depends = !ok && mistakes.length === 0 && conventions.length > 0;
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : depends ? "depends" : "error",
    reason: ok
      ? `read as ${lift.readAs}: ${lift.call} = ${show(lift.value)}, as stated`
      : `read as ${lift.readAs}: ${lift.call} = ${show(lift.value)}, not ${stated.text}; ${
        named ? `${named} reproduces the stated value` : "no known mistake reproduces it"
      }`,
    readAs: lift.readAs,
    evidence: lift.evidence,
    assumptions: lift.assumptions,
    reproducedBy: named,
    mistakes,
    alternatives,
    correct: show(lift.value),
    counterexample: null,
    seed: null,
    draft: lift.call,
    topic: lift.topic,
    chapter: lift.chapter,
  };
}

/** Reads a numeric step as a course quantity (null when none is named or a number is missing). */
export function readQuantity(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const shape = /^\s*\d+(?:\s*(?:\\times|×)\s*\d+)+\s*$/.test(sides[1])
    ? sides[1].split(/\\times|×/).map((f) => f.trim())
    : null;
  // a product on the right is a shape to a size's readers, and a count (`10 × 32`) to the rest
  return (shape ? readAs(step, sides, shape) : null) ?? readAs(step, sides, null);
}

/** {@linkcode readQuantity} with the right side read as a shape or as its value. */
function readAs(
  step: MeaningStep,
  sides: [string, string],
  shape: string[] | null,
): Meaning | null {
  const stated = shape ? { value: Number(shape[0]), text: shape[0] } : statedOf(sides[1]);
  if (!stated) return null;
  const left = readSide(sides[0]).tree;
  const partialOf = (t: Json) =>
    Array.isArray(t) && t[0] === "Partial" ? { of: String(t[1]), by: String(t[2]) } : null;
  const partial = partialOf(left) ?? (step.head ? partialOf(readSide(step.head).tree) : null);
  if (
    !partialOf(left) &&
    [...freeSymbols(left, step.functions)].some((s) => !/^[a-zA-Z]/.test(s))
  ) return null;
  // the prose up to the step: what its line says after it is not what the step computes
  const all = nearText(step.context);
  const probe = sides[0].trim().slice(0, 12);
  const at = probe ? all.lastIndexOf(probe) : -1;
  const near = at >= 0 ? all.slice(0, at) : all;
  // …and the rest of the step's own sentence (`… = 1200 parameters.`), for the words only
  const rest = at >= 0 ? all.slice(at).split(/\.\s+[A-Z]|[?!]\s|\n/)[0] : "";
  const words = `${near} ${rest}`;
  const input: QuantityInput = {
    near,
    left,
    head: step.head ?? sides[0],
    stated: stated.value,
    statedText: stated.text,
    partial,
  };
  // the words just before the step on its line (`Parameters: $…$`) say which quantity it is
  const local = at >= 0 ? near.slice(-80) : "";
  const said = (r: QuantityReader) => (r.also ?? r.words).test(local);
  const candidates = QUANTITY_READERS
    .map((r) => ({ r, at: lastIndexOf(near, r.words) }))
    .map((c) => ({ ...c, at: c.at >= 0 && said(c.r) ? c.at + near.length : c.at }))
    .filter((c) => c.at >= 0 && (!c.r.also || c.r.also.test(words)) && (!shape || c.r.size))
    .filter((c) => typeof left !== "string" || c.r.named)
    // when the words before the step name a quantity, only the readers of what they name
    .filter((c) => !QUANTITY_READERS.some(said) || said(c.r))
    .filter((c) => !partialOf(left) || c.r.derivative)
    .sort((a, b) => b.at - a.at);
  const lifts: { at: number; lift: Lift }[] = [];
  const written = numbersIn(left);
  for (const c of candidates) {
    const lift = preferring(written, () => c.r.read(input));
    // a step that computes (two numbers or more) must show the numbers it was read with
    if (lift?.uses && written.size >= 2) {
      // (the step's numbers are read unsigned: a gradient of -0.4 is written (-0.4))
      const missing = lift.uses.numbers.map(Math.abs)
        .filter((n) => !written.has(n) && !written.has(n + 1));
      if (missing.length > lift.uses.mayMiss) continue;
    }
    if (lift) lifts.push({ at: c.at, lift });
    if (lifts.length === 2) break;
  }
  if (lifts.length === 0) return null;
  const [first, second] = lifts;
  const line = (at: number) => at >= near.length ? -1 : near.slice(0, at).split("\n").length;
  if (
    second && line(second.at) === line(first.at) &&
    sameAsWritten(first.lift.value, stated.text) !== sameAsWritten(second.lift.value, stated.text)
  ) return null; // two quantities named together, read differently: no verdict
  return judge(first.lift, stated);
}
