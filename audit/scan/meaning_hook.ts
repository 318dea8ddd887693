/**
 * Where the judge asks what a step means before it checks its arithmetic. The meaning helper
 * (issue 18, `audit/scan/meaning/`) reads a step as a formula, a derivative or a course
 * quantity; until it is wired in here, {@linkcode understandStep} answers null for every step
 * and the arithmetic check decides alone.
 *
 * What the scan's stages provide for each step, by name:
 * - `tex`: the step as written (`left = right`);
 * - `lhs`, `rhs`: its sides as MathJSON (audit/scan/interpret.ts `Json`), parsed from the
 *   rewritten notation (audit/scan/notation.ts: `net_{h1}` is the one symbol `net_h1`), before
 *   the definitions are substituted;
 * - `context`: the prose before the step's fragment; `heading`: its question's number and title;
 * - `definitions`: the document's symbols defined so far (key: the symbol's MathJSON as JSON
 *   text, value: its MathJSON); `functions`: the sheet's own functions (`g(z) = …`), each with
 *   its parameter names and its body as MathJSON;
 * - `line` (and `cell` in a notebook), `seed` and `runs` for anything random.
 *
 * @module
 */
import type { Json } from "./interpret.ts";

/** One step as the meaning helper receives it. */
export interface StepMeaningInput {
  tex: string;
  lhs: Json;
  rhs: Json;
  context: string;
  heading: string;
  definitions: ReadonlyMap<string, Json>;
  functions: ReadonlyMap<string, { params: string[]; body: Json }>;
  line: number;
  cell: number | null;
  seed: number;
  runs: number;
}

/** What the meaning helper answers; its shape is the meaning helper's (issue 18). */
export type Meaning =
  & { verdict?: "agrees" | "disagrees"; reason?: string }
  & Record<string, unknown>;

/**
 * THE HOOK: called once per step, before the arithmetic check. Returns null (no meaning
 * found: the arithmetic check decides). The lead replaces this body at merge with the call of
 * the meaning helper's `understand(step)`.
 */
export function understandStep(_step: StepMeaningInput): Meaning | null {
  return null;
}
