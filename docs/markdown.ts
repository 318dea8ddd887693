/**
 * The one Markdown renderer of the site: markdown-it with KaTeX (math is typeset at build
 * time, so pages need KaTeX's stylesheet but no math script) and highlight.js for code.
 * Eleventy uses it for `.md` pages and the book uses it for the JSDoc prose of lib/.
 *
 * @module
 */

import markdownIt from "markdown-it";
import { katex } from "@mdit/plugin-katex";
import katexLib from "katex";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import shell from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";

hljs.registerLanguage("ts", typescript);
hljs.registerLanguage("sh", shell);
hljs.registerLanguage("json", json);

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Highlights TypeScript (or another registered language) as HTML spans. */
export function highlight(code: string, language = "ts"): string {
  const lang = language === "typescript" || language === "js" ? "ts" : language;
  if (!hljs.getLanguage(lang)) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

/** A `<pre><code>` block with highlighted code. */
export function codeBlock(code: string, language = "ts"): string {
  return `<pre class="code"><code class="hljs language-${language}">${
    highlight(code, language)
  }</code></pre>`;
}

/** The markdown-it instance shared by Eleventy and the book. */
export const md = markdownIt({
  html: true,
  linkify: false,
  typographer: false,
  highlight: (code: string, lang: string) =>
    `<pre class="code"><code class="hljs language-${lang || "text"}">${
      highlight(code, lang || "text")
    }</code></pre>`,
}).use(katex, { throwOnError: true });

/**
 * KaTeX reads `$$...$$` as display math only when it stands on its own lines. JSDoc prose
 * sometimes writes it inside a sentence; there it becomes inline math in display style, in
 * a `math-scroll` box that scrolls when the formula is wider than the line, so no raw
 * dollars reach the page and no formula widens a phone's screen.
 */
export function normaliseMath(text: string): string {
  return text.split("\n").map((line) => {
    const trimmed = line.trim();
    if (!trimmed.includes("$$")) return line;
    const block = trimmed.match(/^\$\$([^$]*?)([.,;:]?)\$\$([.,;:]?)$/);
    if (block) return `${line.match(/^\s*/)![0]}$$${block[1]}${block[2] || block[3]}$$`;
    // In its own box, so a long formula scrolls there instead of widening the line.
    return line.replace(
      /\$\$([^$]+?)\$\$/g,
      (_m, tex: string) => `<span class="math-scroll">$\\displaystyle ${tex.trim()}$</span>`,
    );
  }).join("\n");
}

/** Renders Markdown with math to HTML. */
export function markdown(text: string): string {
  return md.render(normaliseMath(text));
}

/** Renders one line of Markdown with math to inline HTML (no paragraph). */
export function markdownInline(text: string): string {
  return md.renderInline(normaliseMath(text));
}

/** Typesets a TeX expression (display or inline) with KaTeX. */
export function tex(expression: string, display = false): string {
  return katexLib.renderToString(expression, { displayMode: display, throwOnError: true });
}
