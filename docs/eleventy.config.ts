/**
 * Eleventy's configuration for the nnspec book: Nunjucks layouts in docs/site/_includes,
 * Markdown through the shared markdown-it + KaTeX renderer, static assets copied as they
 * are, and absolute links rewritten for the base path. The book's content (chapters from
 * lib/, the audit, the plots) is added as global data by docs/build.ts.
 *
 * @module
 */

import { HtmlBasePlugin } from "@11ty/eleventy";
import { md, tex } from "./markdown.ts";

/** A page that uses the engine: an element of class `exercise` with a `data-claim`, or the sheet page. */
const ENGINE_PAGE =
  /<[^>]*\bclass="(?:[^"]* )?exercise[" ][^>]*\sdata-claim=|<[^>]*\sdata-claim=[^>]*\bclass="(?:[^"]* )?exercise[" ]|\sdata-sheet-page[\s>=]/;

/** KaTeX's stylesheet and fonts, copied into the site so math needs no network. */
const katexDist = new URL(".", import.meta.resolve("katex/dist/katex.min.css"));

// deno-lint-ignore no-explicit-any
export default function (eleventyConfig: any) {
  eleventyConfig.setLibrary("md", md);
  eleventyConfig.addPlugin(HtmlBasePlugin);
  eleventyConfig.addPassthroughCopy({ "docs/site/assets": "assets" });
  eleventyConfig.addPassthroughCopy({
    [`${katexDist.pathname}katex.min.css`]: "assets/katex/katex.min.css",
    [`${katexDist.pathname}fonts`]: "assets/katex/fonts",
  });
  // Search snippets keep math as text: KaTeX's MathML copy is indexed (its symbols read
  // "σ(0.8)=0.68997") but not the TeX source it carries nor the glyph boxes that draw it
  // again; code blocks are left out (function names are still found by their headings).
  eleventyConfig.addTransform(
    "pagefind-ignore-math-and-code",
    (content: string) =>
      content.replaceAll(
        '<annotation encoding="application/x-tex">',
        '<annotation encoding="application/x-tex" data-pagefind-ignore>',
      )
        .replaceAll('<span class="katex-html"', '<span data-pagefind-ignore class="katex-html"')
        .replaceAll('<pre class="code">', '<pre class="code" data-pagefind-ignore>'),
  );
  // The audit engine's script and style only on pages that use them: an exercise with an
  // answer box, or the sheet page (docs/engine/page.ts, bundled by docs/build.ts). This runs
  // after the base-path plugin, so the page's own base (`data-base`) prefixes the paths.
  eleventyConfig.addTransform(
    "engine-assets",
    function (this: { page: { outputPath: string } }, content: string) {
      if (!String(this.page.outputPath).endsWith(".html")) return content;
      if (!ENGINE_PAGE.test(content)) return content;
      const base = /<html[^>]*\sdata-base="([^"]*)"/.exec(content)?.[1] ?? "/";
      const assets = `${base.replace(/\/?$/, "/")}assets`;
      return content.replace(
        "</head>",
        // The Worker's code is fetched while the page is parsed, not after it runs; the
        // script is async: it starts the engine before the page is parsed, and hydrates after.
        `<link rel="preload" href="${assets}/engine-worker.js" as="fetch" crossorigin>\n` +
          `<link rel="stylesheet" href="${assets}/engine.css">\n` +
          `<script type="module" async src="${assets}/engine.js"></script>\n</head>`,
      );
    },
  );
  // {% math %}x_1{% endmath %}: inline TeX in templates, typeset at build time like Markdown's.
  eleventyConfig.addPairedShortcode("math", (content: string) => tex(content));
  return {
    dir: { input: "docs/site", includes: "_includes", output: "_site" },
    markdownTemplateEngine: "njk",
    htmlTemplateEngine: "njk",
  };
}
