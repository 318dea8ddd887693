/**
 * Where the judge asks what a step means (audit/scan/meaning/, issue 18): a formula, a
 * derivative of the sheet's own definitions, a library formula in its conventional symbols,
 * or a course quantity. The judge calls {@linkcode understandStep} for a step the arithmetic
 * cannot check or finds right; a reading replaces a skip, names a mistake whose arithmetic is
 * right, or is listed beside an agreeing step.
 *
 * What the scan's stages provide for each step, by name:
 * - `tex`: the step as written (`left = right`); `head`: the first side of the chain it
 *   continues (`∂E/∂w = … \\ &= …`), when that is not the step's own left side;
 * - `sheet`: the document's definitions and functions read with canonical names
 *   ({@linkcode SheetMeaning}), and the prose of the step's question up to its line;
 * - `context`, `heading`: the prose before the step's fragment and its question (a notebook's
 *   lines are its cells', so its steps take these instead of the file's lines);
 * - `line` (and `cell` in a notebook).
 *
 * @module
 */
import type { Json } from "./interpret.ts";
import type { Doc } from "./model.ts";
import { MEANING_RUNS, MEANING_SEED, SheetMeaning } from "./meaning/hook.ts";
import { type Meaning, understand } from "./meaning/mod.ts";

export type { Meaning };
export { liftOf, meaningClaim, SheetMeaning } from "./meaning/hook.ts";

/** One step as the meaning readers receive it. */
export interface StepMeaningInput {
  tex: string;
  head?: string;
  sheet: SheetMeaning;
  context: string;
  heading: string;
  line: number;
  /** The line the step's display (its math fragment) starts on. */
  display?: number;
  cell: number | null;
}

/** What the step means and the verdict on it, or null (the arithmetic decides alone). */
export function understandStep(step: StepMeaningInput): Meaning | null {
  return understand({
    tex: step.tex,
    // the readers re-read `tex` with their own names: the scan's trees are not handed on
    lhs: null as unknown as Json,
    rhs: null as unknown as Json,
    context: step.cell === null
      ? step.sheet.context(step.line, step.display)
      : `${step.heading}\n${step.context}`.slice(-6000),
    definitions: step.sheet.definitions,
    functions: step.sheet.functions,
    head: step.head,
    line: step.line,
    seed: MEANING_SEED,
    runs: MEANING_RUNS,
  });
}

/**
 * The document's meaning state: its text by line, each line of a fragment in the fragment's
 * question and each line of prose in the question of the next fragment (a question's prose
 * comes before its math), and the sheet's functions read with canonical names.
 */
export function sheetMeaningOf(
  text: string,
  doc: Doc,
  functions: Iterable<{ name: string; variable: string; body: string }>,
): SheetMeaning {
  const lines = doc.format === "ipynb" ? [] : text.split("\n");
  const questionOf: (string | undefined)[] = new Array(lines.length + 2);
  for (const f of doc.fragments) {
    if (f.cell !== null) continue;
    const last = Math.min(f.line + f.tex.split("\n").length - 1, lines.length);
    for (let line = f.line; line <= last; line++) questionOf[line] = f.question;
  }
  let next = "";
  for (let line = lines.length; line >= 1; line--) {
    if (questionOf[line] === undefined) questionOf[line] = next;
    else next = questionOf[line]!;
  }
  const sheet = new SheetMeaning(lines.join("\n"), questionOf as string[]);
  for (const f of functions) sheet.defineFunction(f.name, f.variable, f.body);
  return sheet;
}
