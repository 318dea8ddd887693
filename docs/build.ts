/**
 * Builds the nnspec book into `_site/`: `deno task site [--base /sub/path/]`.
 *
 * 1. Reads the book from lib/ (`deno doc --json`), the audit (`deno task audit --format
 *    json`) and computes the plots with the library (Observable Plot to SVG).
 * 2. Renders the pages with Eleventy (docs/eleventy.config.ts, templates in docs/site/).
 * 3. Bundles the library for the live figures (`deno bundle --platform browser`), writes the
 *    API reference (`deno doc --html`) into `_site/api/`, and indexes the pages with Pagefind.
 *
 * The base path (also `NNSPEC_BASE`) lets the same build be served from a sub-path, such as
 * a project page; it is saved in `_site/.base` for `deno task serve`.
 *
 * @module
 */

import Eleventy from "@11ty/eleventy";
import * as pagefind from "pagefind";
import { buildBook, readAudit } from "./book.ts";
import { makePlots } from "./plots.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const out = `${root}/_site`;

/** Reads `--base PATH` (or `--base=PATH`, or NNSPEC_BASE) as `/path/` with both slashes. */
export function basePath(args: readonly string[], env: string | undefined): string {
  let base = env ?? "/";
  for (const [i, arg] of args.entries()) {
    if (arg === "--base") base = args[i + 1] ?? "/";
    else if (arg.startsWith("--base=")) base = arg.slice("--base=".length);
  }
  return `/${base.split("/").filter(Boolean).join("/")}/`.replace(/^\/\/$/, "/");
}

async function deno(args: string[]): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    throw new Error(`deno ${args.join(" ")} failed:\n${new TextDecoder().decode(result.stderr)}`);
  }
}

async function main() {
  const started = performance.now();
  const base = basePath(Deno.args, Deno.env.get("NNSPEC_BASE"));
  await Deno.remove(out, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${out}/assets`, { recursive: true });

  // The independent slow steps run side by side.
  const [book] = await Promise.all([
    (async () => {
      const [audit, plots] = await Promise.all([readAudit(root), makePlots(root)]);
      return buildBook(root, audit, plots);
    })(),
    deno([
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--output",
      `${out}/assets/live.js`,
      "docs/live.ts",
    ]),
    deno(["doc", "--html", "--name=nnspec", `--output=${out}/api`, "mod.ts"]),
  ]);

  const eleventy = new Eleventy(`${root}/docs/site`, out, {
    configPath: `${root}/docs/eleventy.config.ts`,
    pathPrefix: base,
    quietMode: true,
    // deno-lint-ignore no-explicit-any
    config(eleventyConfig: any) {
      eleventyConfig.addGlobalData("book", book);
      eleventyConfig.addGlobalData("base", base);
    },
  });
  await eleventy.write();

  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error("Pagefind could not start");
  const added = await index.addDirectory({ path: out });
  if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join("; ")}`);
  await index.writeFiles({ outputPath: `${out}/pagefind` });
  await pagefind.close();

  await Deno.writeTextFile(`${out}/.base`, base);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const claims = book.audit.available
    ? `${book.audit.summary.claims} claims`
    : "audit not available";
  console.log(
    `Built ${book.chapters.length} chapters, ${added.page_count} pages indexed, ${claims}, ` +
      `into _site/ (base ${base}) in ${seconds} s`,
  );
}

if (import.meta.main) await main();
