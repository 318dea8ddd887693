/**
 * The parsers the scan's readers use, imported in one place with their versions pinned (the
 * same as deno.json's entries), so the audit loads by URL without an import map: markdown-it
 * with @mdit/plugin-tex for Markdown and notebooks (`$…$`, `$$…$$` as math tokens, code and
 * escaped dollars left alone), and unified-latex for LaTeX (environments, tabular rows and
 * their `\\[0.8em]` endings, sections, macros, comments).
 *
 * @module
 */
export { default as MarkdownIt } from "npm:markdown-it@14.1.0";
export { tex as markdownMath } from "npm:@mdit/plugin-tex@0.24.2";
export { parse as parseLatex } from "npm:@unified-latex/unified-latex-util-parse@1.8.3";
