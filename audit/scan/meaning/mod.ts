/**
 * What a scanned step means: a formula, a derivative, a library formula in a sheet's symbols,
 * or a course quantity (a dense layer's parameters, an output size, Adam's first step), so the
 * scan names a mistake whose arithmetic is right, with no claim written by hand.
 *
 * {@linkcode understand} tries the readers in turn and returns the first reading, or null when
 * none applies (the step then stays arithmetic):
 *
 * 0. `atpoint.ts`: a table row of a formula the sheet defines, at the row's values.
 * 1. `network.ts`: a gradient of the course's two-layer sigmoid network (∂E/∂w^f, chain-rule
 *    products of partials), judged by `scalarNetBackprop` and its catalogue.
 * 2. `derivative.ts`: a derivative of a quantity or function the sheet defines, computed by
 *    forward-mode automatic differentiation of the sheet's own definitions.
 * 3. `forms.ts`: a library formula written in its conventional symbols (lib/forms.ts).
 * 4. `quantities.ts`: a numeric step whose words name a course quantity, read as the library
 *    call it means, with the numbers taken from the step and its prose.
 * 5. `equivalence.ts`: two formulas in the same symbols, compared at random points.
 * 6. `logbase.ts`: a cross-entropy worked out with a logarithm of base 10 or 2.
 * 7. `numeric.ts`: a closed numeric step through the library's σ, tanh, ReLU and slopes.
 * 8. `worded.ts`: words naming a course quantity on the left (`\text{Number of parameters} =
 *    (3 \times 3 + 1) \times 8`), the right side judged as that quantity.
 * 9. `update.ts`: a gradient-descent update written with `=` (`w = w - \alpha ∂E/∂w`).
 * 10. `sum.ts`: a sum written out term by term (`\sum_{i=1}^N x_i w_i = x_1 w_1 + x_2 w_2`).
 * 11. `loss_slope.ts`: a squared-error loss's slope as a formula (`\frac{dE}{dy} = -2(y - \hat{y})`).
 *
 * Honesty: a reading lists its evidence (the words and numbers it used) and assumptions; a
 * step that could mean two quantities gives no verdict; a mistake is named only when a
 * catalogue variant (or a stated convention) reproduces the sheet's answer.
 *
 * @module
 */
import type { Json } from "../interpret.ts";
import type { Counterexample, MistakeMatch, Reading } from "../../model.ts";
import type { SheetFunction } from "./evaluate.ts";
import { readNetworkStep } from "./network.ts";
import { readDerivative } from "./derivative.ts";
import { readForm } from "./forms.ts";
import { readQuantity } from "./quantities.ts";
import { readEquivalence } from "./equivalence.ts";
import { readNumeric } from "./numeric.ts";
import { readLogBase } from "./logbase.ts";
import { readAtPoint } from "./atpoint.ts";
import { readWorded } from "./worded.ts";
import { readUpdate } from "./update.ts";
import { readSum } from "./sum.ts";
import { readLossSlope } from "./loss_slope.ts";

export type { Json };
export { readSide } from "./names.ts";

/** One step of a scanned sheet, as the scan hands it over. */
export interface MeaningStep {
  /** The step as written, `lhs = rhs`. */
  tex: string;
  /** The Compute Engine MathJSON of each side (informative; the readers re-read `tex`). */
  lhs: Json;
  rhs: Json;
  /** Plain-text prose around the step, with its question heading. */
  context: string;
  /** Values and expressions the document defined earlier, by canonical symbol (see readSide). */
  definitions: ReadonlyMap<string, Json>;
  /** Functions the sheet defined. */
  functions: ReadonlyMap<string, SheetFunction>;
  /** The first side of the step's chain when it is not the step's own left side. */
  head?: string;
  line: number;
  seed: number;
  runs: number;
}

/** What a step means and the verdict on it. */
export interface Meaning {
  verdict: "agrees" | "disagrees";
  /** For a disagreement: error, slip, or depends (a convention changes the answer). */
  kind: "error" | "slip" | "depends" | null;
  /** The sentence a person reads first. */
  reason: string;
  /** What the step was read as, e.g. "a dense layer from 128 to 64 units". */
  readAs: string;
  /** The words and numbers the reading used. */
  evidence: string[];
  assumptions: string[];
  /** The catalogue mistake or reading that reproduces the stated answer, or null. */
  reproducedBy: string | null;
  mistakes: MistakeMatch[];
  alternatives: Reading[];
  /** The correct value (or the formula check's finding). */
  correct: string;
  counterexample: Counterexample | null;
  seed: number | null;
  /** The step as a library call in the sheet language, for --draft. */
  draft: string | null;
  /** The stated side as the draft writes it, when it is not the side as written (its value). */
  draftStated?: string;
  topic: string;
  chapter: string;
}

/** The catalogue entry as a report names it. */
export function matchOf(
  fn: string,
  m: { id: string; name: string; why: string },
): MistakeMatch {
  return { function: fn, id: m.id, name: m.name, why: m.why };
}

/** How a list of reproducing mistakes reads in a reason. */
export function reproducedText(mistakes: readonly MistakeMatch[]): string | null {
  if (mistakes.length === 0) return null;
  return mistakes.map((m) => `${m.name} (${m.function})`).join("; or ");
}

const READERS = [
  readAtPoint,
  readNetworkStep,
  readDerivative,
  readForm,
  readQuantity,
  readEquivalence,
  readLogBase,
  readNumeric,
  // read last: a step no reader above claims
  readWorded,
  readUpdate,
  readSum,
  readLossSlope,
];

/**
 * Reads a step as a formula, derivative, library formula or course quantity and judges it;
 * null when no reader applies (the step stays arithmetic). Never throws for a hostile step.
 */
export function understand(step: MeaningStep): Meaning | null {
  for (const read of READERS) {
    try {
      const meaning = read(step);
      if (meaning) return meaning;
    } catch {
      // a reader that cannot read the step leaves it to the next one
    }
  }
  return null;
}
