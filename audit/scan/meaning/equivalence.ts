/** @module */
import type { Meaning, MeaningStep } from "./mod.ts";

/** Not yet. */
export function readEquivalence(_step: MeaningStep): Meaning | null {
  return null;
}
