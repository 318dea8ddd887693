/**
 * `deno task audit`: audits the seed document (or `--claims PATH_OR_URL`) and prints the
 * report. Run with `--help` for the options.
 *
 * Exit status: 0 when the audit ran (whatever the verdicts); 1 with `--fail-on-disagree`
 * when a claim disagrees; 2 for a usage error, a claims module that cannot be loaded, or a
 * claim that could not be checked (the other claims are still reported).
 *
 * The claims module runs confined in a subprocess (`audit/confine/confine.ts` starts
 * `audit/confine/_runner.ts`, which imports the module named by `--claims`); this process counts,
 * formats and sets the exit code. This file and those two are left out of the published
 * package (`publish.exclude` in deno.json): the runner's import of `--claims` is one no
 * publish-time analysis can resolve (`unanalyzable-dynamic-import`), and none of them is an
 * export. Run it from a checkout (`deno task audit`) or by the URL of a hosted copy;
 * libraries use `runAudit` from `audit/mod.ts`.
 *
 * @module
 */
import { DEFAULT_RUNS, DEFAULT_SEED, failedReport } from "./engine.ts";
import {
  auditModuleConfined,
  DEFAULT_MEMORY,
  DEFAULT_MODULE_TIMEOUT,
  DEFAULT_TIMEOUT,
  stopConfined,
} from "./confine/confine.ts";
import { auditSheet } from "./sheet/sheet.ts";
import { allMistakes } from "../mod.ts";
import { type Format, formatReport } from "./report/format.ts";
import type { Report } from "./model.ts";
import { readCapped, ReadError } from "./_read_capped.ts";

const USAGE = `deno task audit [SHEET.md] [options]

Audits every worked answer of a document and prints stated, computed, verdict and reason.
SHEET.md is an answer sheet (a path or URL ending in .md; default: the seed document).

Options:
  --format text|json|markdown  output format (default text)
  --claims PATH_OR_URL         a sheet (.md) or a TypeScript claims module to audit
  --fail-on-disagree           exit 1 when any claim disagrees
  --replay ID --seed N         check only claim ID with fast-check seed N
  --seed N                     fast-check seed for every formula claim (default ${DEFAULT_SEED})
  --runs N                     cases per formula claim (default ${DEFAULT_RUNS})
  --mistakes                   list the mistake catalogue (what the diagnosis can name)
  --functions [NAME]           list the functions a sheet can call, with their arguments
  --no-type-check              run a TypeScript claims module without type-checking it first
  --scan FILE_OR_URL           check every equation chain of a .tex/.md/.txt sheet as it is
  --draft FILE.md              with --scan: write the checked steps as a claims sheet
  --timeout SECONDS            time limit of one claim's check (default ${DEFAULT_TIMEOUT})
  --memory MB                  heap limit of the confined claims process (default ${DEFAULT_MEMORY})
  --module-timeout SECONDS     time limit of all of one module's checks (default ${DEFAULT_MODULE_TIMEOUT})
  --allow-read PATH            let the claims read PATH too (repeatable; comma lists allowed)
  --allow-import HOST[:PORT]   let the claims import from HOST too (repeatable)
  --allow-net HOST[:PORT]      let the claims connect to HOST (repeatable; none by default)
  --allow-env NAME             let the claims read environment variable NAME (repeatable)
  --help                       this text
`;

/** The parsed command line. */
export interface CliOptions {
  format: Format;
  claims?: string;
  failOnDisagree: boolean;
  replay?: string;
  seed?: number;
  runs?: number;
  /** Time limit of one claim's check, in seconds. */
  timeout?: number;
  /** Heap limit of the confined claims process, in megabytes. */
  memory?: number;
  /** Time limit of all of one module's checks, in seconds. */
  moduleTimeout?: number;
  /** Extra grants to the claims module: paths, import hosts, net hosts, env names. */
  allow?: { read: string[]; import: string[]; net: string[]; env: string[] };
  help: boolean;
  /** Print the mistake catalogue instead of auditing. */
  mistakes?: boolean;
  /** `--functions [NAME]`: print the callable functions (or NAME's) instead of auditing. */
  functions?: string | true;
  /** Type-check TypeScript claims modules before running them (`--no-type-check` turns it off). */
  typeCheck?: boolean;
  /** `--scan FILE_OR_URL`: the sheet to scan instead of a claims module. */
  scan?: string;
  /** `--draft FILE.md`: where `--scan` writes its draft claims sheet. */
  draft?: string;
}

/** The value of a flag: `--flag=value` inline, else the next argument (never an option). */
function flagValue(args: readonly string[], i: number, name: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new TypeError(`audit: ${name} needs a value`);
  return v;
}

function integer(text: string, name: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new RangeError(`audit: ${name} must be an integer >= ${min}, got ${text}`);
  }
  return n;
}

function seconds(text: string, name: string): number {
  const t = Number(text);
  if (!(t > 0 && t <= 86_400)) {
    throw new RangeError(`audit: ${name} must be a number of seconds in (0, 86400], got ${text}`);
  }
  return t;
}

/** Applies one option that takes a value; false when `flag` is not one of them. */
function valueOption(options: CliOptions, flag: string, text: () => string): boolean {
  switch (flag) {
    case "--format": {
      const f = text();
      if (f !== "text" && f !== "json" && f !== "markdown") {
        throw new RangeError(`audit: --format must be text, json or markdown, got ${f}`);
      }
      options.format = f;
      return true;
    }
    case "--claims":
      options.claims = text();
      return true;
    case "--replay":
      options.replay = text();
      return true;
    case "--seed":
      options.seed = integer(text(), "--seed", -(2 ** 31));
      return true;
    case "--runs":
      options.runs = integer(text(), "--runs", 1);
      return true;
    case "--scan":
      options.scan = text();
      return true;
    case "--draft":
      options.draft = text();
      return true;
    case "--timeout":
      options.timeout = seconds(text(), flag);
      return true;
    case "--module-timeout":
      options.moduleTimeout = seconds(text(), flag);
      return true;
    case "--memory":
      options.memory = integer(text(), "--memory", 16);
      return true;
    case "--allow-read":
    case "--allow-import":
    case "--allow-net":
    case "--allow-env": {
      const list = text().split(",").filter((x) => x !== "");
      if (list.length === 0) throw new TypeError(`audit: ${flag} needs a value`);
      options.allow ??= { read: [], import: [], net: [], env: [] };
      options.allow[flag.slice(8) as "read" | "import" | "net" | "env"].push(...list);
      return true;
    }
  }
  return false;
}

/** Applies one option without a value; false when `flag` is not one of them. */
function switchOption(options: CliOptions, flag: string): boolean {
  switch (flag) {
    case "--fail-on-disagree":
      options.failOnDisagree = true;
      return true;
    case "--mistakes":
      options.mistakes = true;
      return true;
    case "--no-type-check":
      options.typeCheck = false;
      return true;
    case "--help":
    case "-h":
      options.help = true;
      return true;
  }
  return false;
}

/** Throws for options that need or exclude one another. */
function checkCombinations(options: CliOptions): void {
  if (options.replay !== undefined && options.seed === undefined) {
    throw new TypeError("audit: --replay ID needs --seed N (the seed printed beside the claim)");
  }
  if (options.draft !== undefined && options.scan === undefined) {
    throw new TypeError(
      "audit: --draft FILE.md needs --scan FILE_OR_URL (the sheet to draft from)",
    );
  }
  if (
    options.scan !== undefined && (options.claims !== undefined || options.replay !== undefined)
  ) {
    throw new TypeError(
      "audit: --scan reads a sheet; it cannot be combined with --claims or --replay",
    );
  }
}

/**
 * Parses the command line.
 *
 * @throws {TypeError} For an unknown option or a missing value.
 * @throws {RangeError} For a bad format, seed or run count.
 */
export function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { format: "text", failOnDisagree: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const text = () => inline ?? flagValue(args, i++, flag);
    if (flag === "--functions") {
      const next = inline ?? args[i + 1];
      const named = next !== undefined && !next.startsWith("--");
      if (named && inline === undefined) i++;
      options.functions = named ? next : true;
      continue;
    }
    if (valueOption(options, flag, text) || switchOption(options, flag)) continue;
    if (!arg.startsWith("-") && options.claims === undefined) {
      options.claims = arg;
      continue;
    }
    throw new TypeError(
      arg.startsWith("-")
        ? `audit: unknown option ${arg} (see --help)`
        : `audit: one sheet at a time (got ${options.claims} and ${arg})`,
    );
  }
  checkCombinations(options);
  return options;
}

/** Resolves `--claims` to a module URL: URLs as they are, paths against the working directory. */
export function resolveClaims(specifier: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier)) {
    return specifier;
  }
  const base = new URL(`file://${cwd.replaceAll("\\", "/").replace(/\/?$/, "/")}`);
  return new URL(specifier, base).href;
}

/** The mistake catalogue as text: per function, each mistake's id, name and why. */
export function catalogueText(): string {
  const out: string[] = [];
  let last = "";
  const entries = allMistakes();
  for (const { function: fn, mistake } of entries) {
    if (fn !== last) out.push("", fn);
    last = fn;
    out.push(`  ${mistake.id}: ${mistake.name}`, `      ${mistake.why}`);
  }
  out.push(
    "",
    `${entries.length} mistakes; a disagreement is also tried with the first two ` +
      "arguments of each call swapped",
  );
  return out.join("\n").trimStart();
}

/** The largest sheet read (a sheet is a page of claims, not a data set). */
export const MAX_SHEET_BYTES = 2 ** 21;

/** How long reading a sheet by URL may take before the audit gives up (ms). */
export const SHEET_READ_TIMEOUT_MS = 30_000;

/**
 * Reads a sheet: a local file, or a URL fetched with a deadline and a size limit (it stops
 * reading past {@linkcode MAX_SHEET_BYTES}); either must be UTF-8 text.
 */
async function readSheet(url: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(url, MAX_SHEET_BYTES, SHEET_READ_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ReadError) throw new RangeError(`cannot read the sheet: ${error.message}`);
    throw error;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new TypeError("the sheet is not UTF-8 text");
  }
}

/**
 * Where a sheet's `experiments:` module may come from: a sheet read by URL names a module of
 * its own origin only (never a local file, nor another host); a local sheet may name a local
 * module or a URL.
 */
export function experimentsUrl(specifier: string, sheetUrl: string): string {
  const sheet = new URL(sheetUrl);
  const module = new URL(specifier, sheet);
  if (sheet.protocol !== "file:" && module.origin !== sheet.origin) {
    throw new TypeError(
      `a sheet read from ${sheet.origin} may name experiments of its own origin only, got ${module.href}`,
    );
  }
  return module.href;
}

/**
 * Writes `--draft`'s sheet to a new `.md` file: never over an existing file or link (the
 * scanned document included), so a draft cannot replace anything. False when it could not.
 */
async function writeDraft(path: string, text: string): Promise<boolean> {
  try {
    if (!/\.md$/i.test(path)) {
      throw new TypeError("a draft is a Markdown sheet: its name ends in .md");
    }
    await Deno.writeTextFile(path, text, { createNew: true });
    console.error(`draft claims sheet written to ${path}`);
    return true;
  } catch (error) {
    const why = error instanceof Deno.errors.AlreadyExists
      ? "it exists already (a draft is written to a new file only; remove it or name another)"
      : (error as Error).message;
    console.error(`audit: cannot write ${path}: ${why}`);
    return false;
  }
}

/** Runs the audit for the parsed options: the report and the exit status. */
export async function audit(options: CliOptions): Promise<{ report: Report; code: number }> {
  const label = options.claims ?? "audit/sheets/seed.md";
  const url = options.claims === undefined
    ? new URL("./sheets/seed.md", import.meta.url).href
    : resolveClaims(options.claims, Deno.cwd());
  // A TypeScript claims module, on its own or as a sheet's experiments, runs confined in a
  // subprocess (audit/confine/confine.ts); this process only reads sheets (data), counts, formats
  // and decides the exit code.
  const confined = (moduleUrl: string, moduleLabel: string, only?: string) =>
    auditModuleConfined(moduleUrl, {
      label: moduleLabel,
      typeCheck: options.typeCheck ?? true,
      seed: options.seed,
      numRuns: options.runs,
      only,
      timeout: options.timeout,
      memory: options.memory,
      moduleTimeout: options.moduleTimeout,
      allowRead: options.allow?.read,
      allowImport: options.allow?.import,
      allowNet: options.allow?.net,
      allowEnv: options.allow?.env,
      output: (line) => console.error(`claims: ${line}`),
    });
  let report: Report;
  const sheet = /\.md$/i.test(new URL(url).pathname);
  try {
    if (sheet) {
      const text = await readSheet(url);
      report = await auditSheet(text, label, {
        timeout: options.timeout,
        seed: options.seed,
        numRuns: options.runs,
        only: options.replay,
        // The experiments of a sheet: every claim of the module, by id. Only the claims the
        // sheet names are reported, so `only` is not passed on.
        loadExperiments: async (specifier) => ({
          report: await confined(experimentsUrl(specifier, url), specifier),
        }),
      });
    } else {
      report = await confined(url, label, options.replay);
    }
  } catch (error) {
    report = failedReport(label, error, sheet ? "sheet" : "claims module");
  }
  const code = report.errors.length > 0
    ? 2
    : options.failOnDisagree && report.summary.disagrees > 0
    ? 1
    : 0;
  return { report, code };
}

if (import.meta.main) {
  let options: CliOptions;
  try {
    options = parseArgs(Deno.args);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (options.mistakes) {
    console.log(catalogueText());
    Deno.exit(0);
  }
  if (options.functions !== undefined) {
    const { functionsText } = await import("./sheet/functions.ts");
    console.log(functionsText(options.functions === true ? undefined : options.functions));
    Deno.exit(0);
  }
  if (options.scan !== undefined) {
    // Loaded only here: the LaTeX parser is needed by --scan alone (and reads CE_* variables).
    const { scanCommand } = await import("./scan/io.ts");
    const scanned = await scanCommand({ ...options, scan: options.scan }, Deno.cwd());
    let code = scanned.code;
    if (options.draft !== undefined && scanned.draft !== null) {
      if (!(await writeDraft(options.draft, scanned.draft))) code = 2;
    }
    console.log(formatReport(scanned.report, options.format));
    Deno.exit(code);
  }
  // Stopped from outside (a CI job's time limit), the CLI stops its confined processes
  // first: a claim spinning in one would otherwise outlive the audit.
  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    try {
      Deno.addSignalListener(signal, () => {
        stopConfined();
        Deno.exit(143);
      });
    } catch { /* no such signal on this system */ }
  }
  // Only --scan writes (its draft). Past here the CLI reads a sheet (a file, or a URL with a
  // deadline and a size limit) and runs claims modules only in the confined subprocess.
  await Deno.permissions.revoke({ name: "write" });
  const { report, code } = await audit(options);
  console.log(formatReport(report, options.format, { claims: options.claims }));
  Deno.exit(code);
}
