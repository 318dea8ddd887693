/**
 * The scan's public entry, kept at this path for the CLI, the specs and the benches: the scan
 * itself is the pipeline in `audit/scan/` (one file per stage; `audit/scan/mod.ts` runs them).
 *
 * @module
 */
export {
  cleanSide,
  draftSheet,
  EXPRESSION_TOLERANCE,
  impliedLogReading,
  MAX_BYTES,
  MAX_FRAGMENT_CHARS,
  MAX_FRAGMENTS,
  MAX_NESTING,
  MAX_SIDE_CHARS,
  MAX_STEPS,
  type ScanOptions,
  scanText,
} from "./scan/mod.ts";
