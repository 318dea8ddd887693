/**
 * # The audit engine (`@nnspec/nnspec/audit`)
 *
 * Turns a document's worked answers into checked claims. A claims module exports
 * `document` (a title) and `claims` (an array of {@linkcode Claim}); each claim's `check`
 * recomputes the answer with nnspec and returns an {@linkcode Outcome}. The checkers compare
 * numbers at the stated precision ({@linkcode checkNumber}), counts and matrices exactly
 * ({@linkcode checkExact}), transcribed formulas against the truth with fast-check
 * ({@linkcode checkFormula}), and qualitative statements by an experiment ({@linkcode decide}).
 * {@linkcode runAudit} checks every claim and {@linkcode formatReport} prints the report.
 *
 * This entry point depends on fast-check; the library itself (`@nnspec/nnspec`) does not.
 *
 * @example Audit a one-claim answer sheet
 * ```ts
 * import { checkNumber, type Claim, runAudit } from "./mod.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const claims: Claim[] = [{
 *   id: "1",
 *   question: "1",
 *   topic: "sigmoid",
 *   chapter: "activations",
 *   statement: "The sigmoid of 0 is one half.",
 *   stated: "0.5",
 *   assumptions: [],
 *   check: () => checkNumber("0.5", 1 / (1 + Math.exp(-0)), { what: "σ(0)" }),
 * }];
 * const report = runAudit({ document: "quiz", claims }, "quiz.ts");
 * strictEqual(report.summary.agrees, 1);
 * ```
 *
 * @module
 */
export * from "./model.ts";
export * from "./check.ts";
export * from "./engine.ts";
export * from "./report/format.ts";
export {
  auditSheet,
  parseSheet,
  type Sheet,
  type SheetLine,
  type SheetOptions,
} from "./sheet/sheet.ts";
