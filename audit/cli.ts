/**
 * `deno task audit`: audits the seed document (or `--claims PATH_OR_URL`) and prints the
 * report. Run with `--help` for the options.
 *
 * Exit status: 0 when the audit ran (whatever the verdicts); 1 with `--fail-on-disagree`
 * when a claim disagrees; 2 for a usage error, a claims module that cannot be loaded, or a
 * claim that could not be checked (the other claims are still reported).
 *
 * The claims module runs confined in a subprocess (`audit/confine.ts` starts
 * `audit/_runner.ts`, which imports the module named by `--claims`); this process counts,
 * formats and sets the exit code. This file and those two are left out of the published
 * package (`publish.exclude` in deno.json): the runner's import of `--claims` is one no
 * publish-time analysis can resolve (`unanalyzable-dynamic-import`), and none of them is an
 * export. Run it from a checkout (`deno task audit`) or by the URL of a hosted copy;
 * libraries use `runAudit` from `audit/mod.ts`.
 *
 * @module
 */
import { DEFAULT_RUNS, DEFAULT_SEED } from "./engine.ts";
import { auditModuleConfined, DEFAULT_MEMORY, DEFAULT_TIMEOUT } from "./confine.ts";
import { type Format, formatReport } from "./format.ts";
import type { Report } from "./model.ts";

const USAGE = `deno task audit [options]

Audits every worked answer of a document and prints stated, computed, verdict and reason.

Options:
  --format text|json|markdown  output format (default text)
  --claims PATH_OR_URL         a claims module to audit (default: the seed document)
  --fail-on-disagree           exit 1 when any claim disagrees
  --replay ID --seed N         check only claim ID with fast-check seed N
  --seed N                     fast-check seed for every formula claim (default ${DEFAULT_SEED})
  --runs N                     cases per formula claim (default ${DEFAULT_RUNS})
  --timeout SECONDS            time limit of one claim's check (default ${DEFAULT_TIMEOUT})
  --memory MB                  heap limit of the confined claims process (default ${DEFAULT_MEMORY})
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
  /** Extra grants to the claims module: paths, import hosts, net hosts, env names. */
  allow?: { read: string[]; import: string[]; net: string[]; env: string[] };
  help: boolean;
}

/**
 * Parses the command line.
 *
 * @throws {TypeError} For an unknown option or a missing value.
 * @throws {RangeError} For a bad format, seed or run count.
 */
export function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { format: "text", failOnDisagree: false, help: false };
  const value = (i: number, name: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith("--")) {
      throw new TypeError(`audit: ${name} needs a value`);
    }
    return v;
  };
  const integer = (text: string, name: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) {
      throw new RangeError(`audit: ${name} must be an integer >= ${min}, got ${text}`);
    }
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const take = () => inline ?? value(i++, flag);
    switch (flag) {
      case "--format": {
        const f = take();
        if (f !== "text" && f !== "json" && f !== "markdown") {
          throw new RangeError(`audit: --format must be text, json or markdown, got ${f}`);
        }
        options.format = f;
        break;
      }
      case "--claims":
        options.claims = take();
        break;
      case "--fail-on-disagree":
        options.failOnDisagree = true;
        break;
      case "--replay":
        options.replay = take();
        break;
      case "--seed":
        options.seed = integer(take(), "--seed", -(2 ** 31));
        break;
      case "--runs":
        options.runs = integer(take(), "--runs", 1);
        break;
      case "--timeout": {
        const text = take();
        const t = Number(text);
        if (!(t > 0 && t <= 86_400)) {
          throw new RangeError(
            `audit: --timeout must be a number of seconds in (0, 86400], got ${text}`,
          );
        }
        options.timeout = t;
        break;
      }
      case "--memory":
        options.memory = integer(take(), "--memory", 16);
        break;
      case "--allow-read":
      case "--allow-import":
      case "--allow-net":
      case "--allow-env": {
        const list = take().split(",").filter((x) => x !== "");
        if (list.length === 0) throw new TypeError(`audit: ${flag} needs a value`);
        options.allow ??= { read: [], import: [], net: [], env: [] };
        options.allow[flag.slice(8) as "read" | "import" | "net" | "env"].push(...list);
        break;
      }
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new TypeError(`audit: unknown option ${arg} (see --help)`);
    }
  }
  if (options.replay !== undefined && options.seed === undefined) {
    throw new TypeError("audit: --replay ID needs --seed N (the seed printed beside the claim)");
  }
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

/** Runs the audit for the parsed options: the report and the exit status. */
export async function audit(options: CliOptions): Promise<{ report: Report; code: number }> {
  const label = options.claims ?? "audit/claims/seed.ts";
  const url = options.claims === undefined
    ? new URL("./claims/seed.ts", import.meta.url).href
    : resolveClaims(options.claims, Deno.cwd());
  // The claims module runs confined in a subprocess (audit/confine.ts); this process
  // only counts, formats and decides the exit code.
  const report: Report = await auditModuleConfined(url, {
    label,
    seed: options.seed,
    numRuns: options.runs,
    only: options.replay,
    timeout: options.timeout,
    memory: options.memory,
    allowRead: options.allow?.read,
    allowImport: options.allow?.import,
    allowNet: options.allow?.net,
    allowEnv: options.allow?.env,
    output: (line) => console.error(`claims: ${line}`),
  });
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
  const { report, code } = await audit(options);
  console.log(formatReport(report, options.format, { claims: options.claims }));
  Deno.exit(code);
}
