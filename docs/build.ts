/**
 * Builds the nnspec book into `_site/`:
 * `deno task site [--base /sub/path/] [--report FILE] [--repo URL] [--ref BRANCH]`.
 *
 * 1. Reads the book from lib/ (`deno doc --json`), the audit (the report in `--report
 *    FILE`, else `deno task audit --format json`), computes the plots and diagrams with the
 *    library, and checks every exercise's answer with the audit's checkers.
 * 2. Renders the pages with Eleventy (docs/eleventy.config.ts, templates in docs/site/).
 *    Each chapter carries its own reference (parameters, throws, source) collapsed at the
 *    end of each function, so there is no separate API reference; source links point at
 *    `--repo URL` (on branch `--ref`, default `main`) and are left out without it.
 * 3. Bundles the library for the live figures (`deno bundle --platform browser`) and
 *    indexes the pages with Pagefind, one result per section.
 *
 * The base path (also `NNSPEC_BASE`) lets the same build be served from a sub-path, such as
 * a project page; it is saved in `_site/.base` for `deno task serve`.
 *
 * @module
 */

import Eleventy from "@11ty/eleventy";
import * as pagefind from "pagefind";
import { buildBook, readAudit, repoUrl } from "./book.ts";
import { loadLib, makePlots } from "./plots.ts";
import { makeDiagrams } from "./diagrams.ts";
import { checkedExercises } from "./exercises.ts";

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

/** The value of `--name VALUE` or `--name=VALUE`, if given. */
export function option(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (const [i, arg] of args.entries()) {
    if (arg === `--${name}`) value = args[i + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  }
  return value;
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

/** Bundles a module of docs/ for the browser, minified, into the site's assets. */
function bundle(entry: string, output: string): Promise<void> {
  return deno([
    "bundle",
    "--quiet",
    "--platform",
    "browser",
    "--minify",
    "--output",
    output,
    entry,
  ]);
}

/**
 * Stops the build with a sentence, not a stack trace, when `--report FILE` is not the JSON
 * report of `deno task audit --format json` (read before the old site is removed).
 */
async function checkReportFile(file: string): Promise<void> {
  let problem: string | null = null;
  try {
    const report = JSON.parse(await Deno.readTextFile(file));
    if (!Array.isArray(report?.claims)) problem = "it is JSON but has no claims array";
  } catch (error) {
    problem = error instanceof SyntaxError ? "it is not JSON" : (error as Error).message;
  }
  if (problem === null) return;
  console.error(
    `site: --report ${file}: ${problem}; give the report of ` +
      "`deno task audit --format json > report.json` (with --claims or --scan as needed)",
  );
  Deno.exit(2);
}

async function main() {
  const started = performance.now();
  const base = basePath(Deno.args, Deno.env.get("NNSPEC_BASE"));
  const repo = repoUrl(option(Deno.args, "repo"));
  const ref = option(Deno.args, "ref") ?? "main";
  const reportFile = option(Deno.args, "report");
  if (reportFile) await checkReportFile(reportFile);
  await Deno.remove(out, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${out}/assets`, { recursive: true });

  // The independent slow steps run side by side.
  let report: unknown = null;
  const [book] = await Promise.all([
    (async () => {
      const [audit, plots, lib] = await Promise.all([
        readAudit(root, reportFile),
        makePlots(root),
        loadLib(root),
      ]);
      report = audit.report;
      return buildBook(root, audit, plots, {
        repo,
        ref,
        exercises: checkedExercises(lib),
        diagrams: makeDiagrams(lib),
      });
    })(),
    bundle("docs/live.ts", `${out}/assets/live.js`),
    // The audit engine for exercises' answer boxes and the sheet page (docs/engine/).
    bundle("docs/engine/page.ts", `${out}/assets/engine.js`),
    bundle("docs/engine/worker.ts", `${out}/assets/engine-worker.js`),
  ]);

  // The sheet page's example: the quiz with six planted mistakes.
  const exampleSheet = await Deno.readTextFile(`${root}/examples/quiz.md`);
  const eleventy = new Eleventy(`${root}/docs/site`, out, {
    configPath: `${root}/docs/eleventy.config.ts`,
    pathPrefix: base,
    quietMode: true,
    // deno-lint-ignore no-explicit-any
    config(eleventyConfig: any) {
      eleventyConfig.addGlobalData("book", book);
      eleventyConfig.addGlobalData("base", base);
      eleventyConfig.addGlobalData("exampleSheet", exampleSheet);
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
  // The report the pages were built from, for the browser test to compare against.
  await Deno.writeTextFile(`${out}/.audit.json`, JSON.stringify(report));
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
