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

/** Greek letters written as words in plain-text math ("delta^f", "sigma'"). */
const GREEK = "alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|rho|sigma|tau|phi|varphi|psi";

/** One plain-text math token: a letter or Greek word, a prime, then sub- and superscripts. */
const PLAIN_TOKEN = new RegExp(
  `(?<![\\w\\\\])(${GREEK}|[A-Za-z\\u0370-\\u03ff∂])('?)((?:[_^](?:\\([^()\\s]{1,12}\\)|\\{[^{}]{1,12}\\}|[A-Za-z0-9]+))+)(?![\\w(])`,
  "g",
);

/** A sub- or superscript in TeX: `(-x)` and `{...}` become a group, a word becomes `\text`. */
function script(body: string): string {
  if (body.startsWith("(") || body.startsWith("{")) return `{${body.slice(1, -1)}}`;
  if (/^[A-Za-z]{2,}$/.test(body)) return `{\\text{${body}}}`;
  return body.length > 1 ? `{${body}}` : body;
}

/**
 * Typesets the math that plain-text strings write as ASCII ("e^(-x)", "w^f", "delta^f",
 * "n_in", "y-hat", "sigma'"), so library and sheet strings that the terminal prints as they
 * are read as math on the site. Text inside `$...$` or backticks is left alone.
 */
export function typesetPlainMath(text: string): string {
  return text.split(/(\$[^$]+\$|`[^`]+`)/).map((part, i) => {
    if (i % 2 === 1) return part;
    return part
      .replace(PLAIN_TOKEN, (_m, base: string, prime: string, scripts: string) => {
        const head = base.length > 1 && base !== "∂" ? `\\${base}` : base;
        const tail = scripts.replace(
          /([_^])(\([^()\s]{1,12}\)|\{[^{}]{1,12}\}|[A-Za-z0-9]+)/g,
          (_s, op: string, body: string) => `${op}${script(body)}`,
        );
        return `$${head}${prime}${tail}$`;
      })
      .replace(/(?<![\w\\])([a-z])-hat\b/g, (_m, v: string) => `$\\hat ${v}$`)
      .replace(
        new RegExp(`(?<![\\w\\\\$])(${GREEK})'(?!\\w)`, "g"),
        (_m, g: string) => `$\\${g}'$`,
      );
  }).join("");
}
