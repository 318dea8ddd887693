/** Golden section: not evaluated yet (the library cannot compute it). */
import type { Evaluate } from "./sections.ts";

/** `null` until the library computes this section. */
export const evaluate: Evaluate | null = null;
