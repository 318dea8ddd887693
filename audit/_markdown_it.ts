/**
 * markdown-it, the Markdown parser of answer sheets, imported in one place with its
 * version pinned (the same as deno.json's `markdown-it` entry), so the audit loads by URL
 * without an import map.
 *
 * @module
 */
export { default } from "npm:markdown-it@14.1.0";
