/**
 * fast-check for the audit, imported in one place with its version pinned.
 *
 * The audit must load by URL (a hosted copy's `audit/mod.ts`) in a script that has no
 * import map, so it cannot use the bare name `fast-check` that deno.json maps for the
 * repository. The `npm:` specifier below carries the same version as deno.json's
 * `fast-check` entry (spec/audit_test.ts checks they match); every audit file imports
 * fast-check from here, so the version changes in this one place. (The project's lint
 * configuration does not enable `no-import-prefix`, so no ignore comment is needed, and
 * `ban-unused-ignore` would reject one.)
 *
 * @module
 */
export { default } from "npm:fast-check@4.11.0";
export type { Arbitrary } from "npm:fast-check@4.11.0";
