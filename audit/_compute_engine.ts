/**
 * The Compute Engine for the sheet scanner (`audit/scan/`), imported in one place with its
 * version pinned.
 *
 * The scanner parses LaTeX math with `@cortex-js/compute-engine` rather than a parser of its
 * own. As with fast-check (`audit/_fast_check.ts`), the audit must load by URL in a script
 * with no import map, so the `npm:` specifier below carries the exact version of deno.json's
 * `@cortex-js/compute-engine` entry (spec/scan_test.ts checks they match), and every audit
 * file imports the engine from here.
 *
 * @module
 */
export { ComputeEngine } from "npm:@cortex-js/compute-engine@0.140.0";
