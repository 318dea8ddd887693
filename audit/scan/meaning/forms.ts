/** @module */
import type { Meaning, MeaningStep } from "./mod.ts";

/** Not yet. */
export function readForm(_step: MeaningStep): Meaning | null {
  return null;
}
