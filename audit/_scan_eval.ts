/**
 * The scan's evaluator moved to `audit/scan/interpret.ts` (one file per stage of the scan);
 * this re-export keeps the old path working for code that imports the MathJSON type from here.
 *
 * @module
 */
export * from "./scan/interpret.ts";
