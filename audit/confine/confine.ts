/**
 * Audits a TypeScript claims module confined: the module runs in a separate Deno process
 * (`audit/confine/_runner.ts`) started by Deno's own path, with npm and remote resolution off, no
 * permissions but reading its own folder and nnspec's `mod.ts`, `lib/` and `audit/` (a local
 * module) or importing from its own origin (a remote one), a V8 heap limit, a time limit per
 * claim and one per module, both enforced from this process until the process has exited
 * (`audit/confine/_sandbox.ts` computes the flags). The module is type-checked first within the same
 * grants and a deadline. Each claim's outcome crosses back as JSON and is validated again
 * here; the verdict counts and the summary are computed here. A claim that runs over its
 * time, exhausts its memory or ends the process is an error for that claim, and the others
 * go on in a fresh process.
 *
 * The caller needs permission to run its own Deno (`--allow-run=` followed by
 * `Deno.execPath()`); the first run also bundles the runner's npm packages into Deno's
 * cache folder (`audit/confine/_bundle.ts`, in a process of its own).
 *
 * @module
 */
import { claimReport, reportOf } from "../engine.ts";
import { type ClaimFields, clean, messageOf, plainClaim, plainOutcome } from "../_plain.ts";
import { fileURLToPath } from "node:url";
import {
  denoOutput,
  denoPath,
  flag,
  hostOf,
  importMap,
  localModule,
  projectReads,
  stopConfined,
  track,
} from "./_sandbox.ts";
import type { AuditError, ClaimReport, Report } from "../model.ts";

export { stopConfined };

/** The default time limit of one claim's check, in seconds. */
export const DEFAULT_TIMEOUT = 10;

/** The default V8 heap limit of the confined process, in megabytes. */
export const DEFAULT_MEMORY = 1024;

/**
 * The type check's time limit, in ms: loading's (`--timeout` + 20 s), but at least 120 s,
 * since checking a remote module compiles nnspec's own files fetched from its host.
 */
export function typeCheckLimit(options: { timeout?: number }): number {
  return Math.max((options.timeout ?? DEFAULT_TIMEOUT) + 20, 120) * 1000;
}

/** The default time limit of all of one module's checks together, in seconds. */
export const DEFAULT_MODULE_TIMEOUT = 300;

/** Options of {@linkcode auditModuleConfined}. */
export interface ConfinedOptions {
  /** How the module is named in the report. @default the specifier */
  label?: string;
  /** Type-check the module with `deno check` before running it. @default true */
  typeCheck?: boolean;
  /** The fast-check seed. @default {DEFAULT_SEED} */
  seed?: number;
  /** The cases per formula claim. @default {DEFAULT_RUNS} */
  numRuns?: number;
  /** Check only the claim with this id. */
  only?: string;
  /** The time limit of one check, in seconds (loading the module gets 20 s more). @default {DEFAULT_TIMEOUT} */
  timeout?: number;
  /** The V8 heap limit of the confined process, in megabytes. @default {DEFAULT_MEMORY} */
  memory?: number;
  /** The time limit of the whole module (loading and every check), in seconds. @default {DEFAULT_MODULE_TIMEOUT} */
  moduleTimeout?: number;
  /** More paths the claims may read (besides nnspec and a local module's directory). */
  allowRead?: string[];
  /** More hosts the claims may import from (besides a remote module's origin). */
  allowImport?: string[];
  /** Hosts the claims may connect to (none by default). */
  allowNet?: string[];
  /** Environment variables the claims may read (none by default). */
  allowEnv?: string[];
  /** Called with each line the claims print (control characters removed); ignored by default. */
  output?: (line: string) => void;
}

import { DEFAULT_RUNS, DEFAULT_SEED } from "../engine.ts";

/** What one run of the confined process saw. */
interface Run {
  /** The module's document and claims, once listed. */
  listed?: {
    document: string | null;
    claims: { index: number; claim: ClaimFields }[];
    errors: AuditError[];
  };
  /** The claim running when the process ended, if any. */
  current?: number;
  /** How the run ended. */
  end: "done" | "timeout" | "deadline" | "exit" | "load-error";
  /** The exit code, the load error, the tail of stderr. */
  code?: number;
  message?: string;
  stderr: string;
}

const RUNNER = new URL("./_runner.ts", import.meta.url);
const PROJECT = new URL("../../", import.meta.url);

/** How long a process that said "done" may take to exit before it is stopped (ms). */
const EXIT_GRACE = 2_000;

/** The confined process's flags, and the module's URL as it will be run. */
interface Sandbox {
  /** The module to import: a local one by its real path. */
  module: URL;
  /** The paths it may read (for the type check's graph). */
  reads: string[];
  /** The flags of `deno run` for the runner. */
  run: string[];
  /** The flags of `deno check` and `deno info` for the module. */
  check: string[];
}

/**
 * The confinement of one module (see `audit/confine/_sandbox.ts`): what it may read and import,
 * with npm and remote resolution off when nnspec is a local checkout.
 */
async function sandbox(url: URL, options: ConfinedOptions): Promise<Sandbox> {
  const reads = [...options.allowRead ?? []];
  const imports = new Set(options.allowImport ?? []);
  let module = url;
  if (url.protocol === "file:") {
    const local = await localModule(url);
    module = local.module;
    reads.push(local.folder, ...await projectReads(PROJECT));
  } else if (url.protocol === "http:" || url.protocol === "https:") {
    imports.add(hostOf(url));
  } else {
    throw new TypeError(`a claims module is a file:, http: or https: URL, got ${url.protocol}`);
  }
  const resolution = ["--no-config"];
  if (PROJECT.protocol === "file:") {
    const map = await importMap();
    reads.push(map.slice(0, map.lastIndexOf("/")));
    resolution.push(`--import-map=${map}`, "--no-npm");
    if (imports.size === 0) resolution.push("--no-remote");
  } else {
    // nnspec itself run by URL: the runner imports it (and fast-check by npm) from there.
    imports.add(hostOf(PROJECT));
  }
  // An explicit --allow-import replaces Deno's default list of hosts; with nothing to
  // allow, name an address that serves nothing (port 0) so that no host is allowed.
  const hosts = flag("--allow-import", imports.size > 0 ? imports : ["127.0.0.1:0"]);
  const grants = [hosts];
  if (reads.length > 0) grants.push(flag("--allow-read", reads));
  if (options.allowNet?.length) grants.push(flag("--allow-net", options.allowNet));
  if (options.allowEnv?.length) grants.push(flag("--allow-env", options.allowEnv));
  // The type check resolves npm packages for their types (it runs nothing), from the cache
  // only when the module is local and imports from no host.
  const cached = url.protocol === "file:" && imports.size === 0 ? ["--cached-only"] : [];
  return {
    module,
    reads,
    run: [...resolution, ...grants],
    check: ["--no-config", "--no-lock", ...cached, hosts],
  };
}

/** Why the type check's module graph reaches a file the module may not read, if it does. */
async function graphOutside(box: Sandbox, ms: number): Promise<string | null> {
  // `deno info` has no --cached-only (it failed on that flag, so the graph of every local
  // module that imports from no host went unlisted and the check compiled files outside
  // its folder): it resolves nothing remote or from npm instead.
  const flags = box.check.flatMap((f) => f === "--cached-only" ? ["--no-npm", "--no-remote"] : [f]);
  const { code, out, timedOut } = await denoOutput(
    ["info", "--json", ...flags, box.module.href],
    ms,
  );
  if (timedOut) return `listing its imports took longer than ${ms / 1000} s`;
  if (code !== 0) {
    // its first line only: a parse error's next lines quote the source, perhaps of a file
    // the module may not read
    const first = clean(out).split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
    return `listing its imports failed (${first.slice(0, 300) || `deno info exited with ${code}`})`;
  }
  let graph: { modules?: { specifier?: unknown }[] };
  try {
    graph = JSON.parse(out);
  } catch {
    return null;
  }
  for (const { specifier } of graph.modules ?? []) {
    if (typeof specifier !== "string" || !specifier.startsWith("file:")) continue;
    const path = fileURLToPath(specifier);
    if (!box.reads.some((root) => path === root || path.startsWith(`${root}/`))) {
      return `it imports ${path}, outside what it may read (its folder, nnspec's mod.ts, lib/ and audit/, and --allow-read)`;
    }
  }
  return null;
}

/**
 * Type-checks a claims module with `deno check` (which reads and compiles, and runs
 * nothing), within the module's confinement and a deadline: null when it checks, else its
 * first errors, cleaned of control characters.
 */
async function typeCheck(box: Sandbox, options: ConfinedOptions): Promise<string | null> {
  // Listing the graph fetches every import: it gets loading's time, so a host that never
  // answers stops it there; compiling (from what was fetched) gets the type check's limit.
  const outside = await graphOutside(box, ((options.timeout ?? DEFAULT_TIMEOUT) + 20) * 1000);
  const ms = typeCheckLimit(options);
  if (outside) return outside;
  const args = ["check", "--quiet", ...box.check];
  if (box.module.protocol !== "file:") args.push("--all");
  const { code, out, timedOut } = await denoOutput([...args, box.module.href], ms);
  if (timedOut) return `the type check took longer than ${ms / 1000} s and was stopped`;
  if (code === 0) return null;
  const text = clean(out).split("\n").map((l) => l.trim())
    .filter((l) => /TS\d+|^at |^error:/.test(l) && !/Type checking failed/.test(l));
  return text.slice(0, 4).join("; ") || `deno check exited with ${code}`;
}

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `@@nnspec-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}@@`;
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$number") {
      return Number((value as { $number: string }).$number);
    }
  }
  return value;
}

/** Starts the confined process and sends it its job. */
async function start(box: Sandbox, from: number, id: string, options: ConfinedOptions) {
  const child = new Deno.Command(denoPath(), {
    args: [
      "run",
      "--quiet",
      "--no-lock",
      "--no-prompt",
      `--v8-flags=--max-old-space-size=${options.memory ?? DEFAULT_MEMORY}`,
      ...box.run,
      RUNNER.href,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  track(child);
  const job = {
    module: box.module.href,
    nonce: id,
    seed: options.seed ?? DEFAULT_SEED,
    numRuns: options.numRuns ?? DEFAULT_RUNS,
    from,
    only: options.only,
  };
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(job))).catch(() => {});
  await writer.close().catch(() => {});
  return child;
}

/**
 * The parent's clock over one process: each step gets its time, but never past the
 * module's overall deadline, and the clock runs until the process has exited (a process
 * that said "done" gets {@linkcode EXIT_GRACE} to exit).
 */
function clock(child: Deno.ChildProcess, run: Run, deadline: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    arm(ms: number) {
      clearTimeout(timer);
      const left = deadline - Date.now();
      const overall = left <= ms;
      timer = setTimeout(() => {
        if (run.end !== "done") run.end = overall ? "deadline" : "timeout";
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
      }, Math.max(0, Math.min(ms, left)));
    },
    stop: () => clearTimeout(timer),
  };
}

/** Reads the event lines of `stdout`; what a claim prints goes to `output`. */
async function readEvents(
  stdout: ReadableStream<Uint8Array<ArrayBuffer>>,
  id: string,
  options: ConfinedOptions,
  onLine: (event: Record<string, unknown>) => void,
): Promise<void> {
  let pending = "";
  const line = (text: string) => {
    const at = text.indexOf(id);
    if (at < 0) {
      if (text.trim() && options.output) options.output(clean(text));
      return;
    }
    try {
      const event = JSON.parse(text.slice(at + id.length), revive);
      if (typeof event === "object" && event !== null) onLine(event);
    } catch { /* not an event */ }
  };
  for await (const chunk of stdout.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    // What a claim prints without a newline is dropped past 8 MB (an event line is at most
    // 4 MB and starts on a fresh line), so printing cannot exhaust this process.
    if (pending.length > 8_000_000 && !pending.includes("\n")) pending = pending.slice(-4_000_000);
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const l of lines) line(l);
  }
  if (pending) line(pending);
}

/** Runs the confined process once, from claim index `from`, and reports what it saw. */
async function runOnce(
  box: Sandbox,
  from: number,
  deadline: number,
  options: ConfinedOptions,
  onEvent: (event: Record<string, unknown>) => void,
): Promise<Run> {
  const id = nonce();
  const timeout = (options.timeout ?? DEFAULT_TIMEOUT) * 1000;
  const child = await start(box, from, id, options);
  const run: Run = { end: "exit", stderr: "" };
  const timer = clock(child, run, deadline);
  timer.arm(timeout + 20_000);
  const stderr = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      run.stderr = (run.stderr + chunk).slice(-4000);
    }
  })();
  await readEvents(child.stdout, id, options, (event) => {
    // Nothing after "done" counts, and the process must exit soon after it.
    if (run.end === "done" || run.end === "load-error") return;
    switch (event.type) {
      case "start":
        run.current = Number.isSafeInteger(event.index) ? event.index as number : undefined;
        timer.arm(timeout);
        break;
      case "module":
      case "outcome":
      case "error":
        run.current = undefined;
        timer.arm(timeout);
        break;
      case "done":
        run.end = "done";
        timer.arm(EXIT_GRACE);
        break;
      case "load-error":
        run.end = "load-error";
        run.message = String(event.message);
        timer.arm(EXIT_GRACE);
        break;
    }
    onEvent(event);
  });
  const status = await child.status;
  timer.stop();
  await stderr;
  run.code = status.code;
  if (run.end === "exit" && status.success && run.current === undefined) run.end = "done";
  return run;
}

function crashMessage(run: Run, options: ConfinedOptions): string {
  const seconds = options.timeout ?? DEFAULT_TIMEOUT;
  if (run.end === "timeout") {
    return `ran longer than the time limit of ${seconds} s (--timeout) and was stopped`;
  }
  if (run.end === "deadline") return `was stopped: ${deadlineText(options)}`;
  if (/out of memory|heap limit/i.test(run.stderr) || run.code === 133) {
    return `ran out of memory (the heap limit is ${
      options.memory ?? DEFAULT_MEMORY
    } MB, --memory) and was stopped`;
  }
  return `ended the audit process (exit code ${run.code})`;
}

function deadlineText(options: ConfinedOptions): string {
  return `the module's overall time limit of ${
    options.moduleTimeout ?? DEFAULT_MODULE_TIMEOUT
  } s (--module-timeout) ran out`;
}

type Listed = NonNullable<Run["listed"]>;
type Result = ClaimReport | AuditError;

/** The module's claims as the "module" event lists them, each validated again here. */
function listedOf(event: Record<string, unknown>, module: string): Listed {
  const claims: Listed["claims"] = [];
  const errors: AuditError[] = [];
  for (const entry of Array.isArray(event.claims) ? event.claims : []) {
    const checked = plainClaim(entry?.claim, false);
    if (Number.isSafeInteger(entry?.index) && "claim" in checked) {
      claims.push({ index: entry.index, claim: checked.claim });
    }
  }
  for (const e of Array.isArray(event.errors) ? event.errors : []) {
    errors.push({
      module,
      claim: typeof e?.claim === "string" ? clean(e.claim) : null,
      field: typeof e?.field === "string" ? clean(e.field) : null,
      message: clean(String(e?.message)),
    });
  }
  const document = typeof event.document === "string" ? clean(event.document) : null;
  return { document, claims, errors };
}

/** A claim's report, or its error, from an "outcome" or "error" event. */
function resultOf(
  event: Record<string, unknown>,
  claim: ClaimFields,
  module: string,
): Result | undefined {
  if (event.type === "outcome") {
    const checked = plainOutcome(event.outcome);
    return "outcome" in checked ? claimReport(claim, checked.outcome) : {
      module,
      claim: claim.id,
      field: checked.field,
      message: `claim ${claim.id}: ${checked.problem}`,
    };
  }
  if (event.type !== "error") return undefined;
  const message = clean(String(event.message));
  const prefix = `claim ${claim.id}: `;
  return {
    module,
    claim: claim.id,
    field: typeof event.field === "string" ? clean(event.field) : "check",
    message: message.startsWith(prefix) ? message : prefix + message,
  };
}

/** Why the module could not be listed, after a run that ended before its claims came. */
function loadFailure(run: Run, options: ConfinedOptions): string {
  if (run.end === "load-error") return clean(run.message ?? "");
  const why = run.end === "timeout"
    ? `loading it took longer than ${
      (options.timeout ?? DEFAULT_TIMEOUT) + 20
    } s (the --timeout of a check plus 20 s) and it was stopped`
    : run.end === "deadline"
    ? `it was stopped while loading: ${deadlineText(options)}`
    : `its process ended while loading (exit code ${run.code})`;
  const last = clean(run.stderr.trim().split("\n").pop() ?? "").trim();
  return `${why}${last ? `; ${last}` : ""}`;
}

/** The error of a claim that a run did not finish (`what` says why). */
function claimError(module: string, claim: ClaimFields, what: string): AuditError {
  return { module, claim: claim.id, field: "check", message: `claim ${claim.id}: ${what}` };
}

/**
 * Runs the module's claims, restarting the process after a claim that ends or stalls it,
 * until every claim has a result or the module's overall deadline has passed.
 */
async function runClaims(
  box: Sandbox,
  module: string,
  options: ConfinedOptions,
): Promise<{ listed: Listed; results: Map<number, Result> } | { failure: string }> {
  const deadline = Date.now() + (options.moduleTimeout ?? DEFAULT_MODULE_TIMEOUT) * 1000;
  let listed: Listed | undefined;
  const results = new Map<number, Result>();
  let from = 0;
  for (;;) {
    const run = await runOnce(box, from, deadline, options, (event) => {
      if (event.type === "module") {
        listed ??= listedOf(event, module);
        return;
      }
      const entry = listed?.claims.find((c) => c.index === event.index);
      const result = entry && resultOf(event, entry.claim, module);
      if (result) results.set(entry.index, result);
    });
    if (listed === undefined || run.end === "load-error") {
      return { failure: loadFailure(run, options) };
    }
    if (run.end === "done") break;
    const current = listed.claims.find((c) => c.index === run.current);
    const pending = listed.claims.filter((c) => c.index >= from && !results.has(c.index));
    if (run.end === "deadline") {
      // Every claim left gets the same error: the module's time is spent.
      for (const c of pending) {
        results.set(
          c.index,
          claimError(
            module,
            c.claim,
            c === current
              ? `its check ${crashMessage(run, options)}`
              : `not run: ${deadlineText(options)}`,
          ),
        );
      }
      break;
    }
    // The process ended between claims: say so on the first claim without a result.
    const blamed = current ?? pending[0];
    if (blamed === undefined) break;
    results.set(
      blamed.index,
      claimError(
        module,
        blamed.claim,
        current
          ? `its check ${crashMessage(run, options)}`
          : `the audit process ended before it ran (${crashMessage(run, options)})`,
      ),
    );
    from = blamed.index + 1;
  }
  return { listed, results };
}

/** The report of a listed module: its claims' reports, then every error in order. */
function reportOfRun(
  listed: Listed,
  results: Map<number, Result>,
  module: string,
  options: ConfinedOptions,
): Report {
  const claims: ClaimReport[] = [];
  const errors: AuditError[] = [...listed.errors];
  for (const { index, claim } of listed.claims) {
    if (options.only !== undefined && claim.id !== options.only) continue;
    const result = results.get(index);
    if (result === undefined) {
      errors.push(claimError(module, claim, "no outcome came back from its check"));
    } else if ("verdict" in result) claims.push(result);
    else errors.push(result);
  }
  if (options.only !== undefined && !listed.claims.some((c) => c.claim.id === options.only)) {
    errors.push({
      module,
      claim: options.only,
      field: "id",
      message: `no claim with id ${options.only} in ${module}`,
    });
  }
  const why = new Map(
    listed.claims.filter((c) => c.claim.why).map((c) => [c.claim.id, c.claim.why!]),
  );
  return reportOf(listed.document ?? module, module, claims, errors, why);
}

/**
 * Audits the claims module at `specifier` (a URL) in a confined subprocess and returns
 * the report; the exit code is the caller's to decide from `report.errors` and
 * `report.summary`.
 *
 * @param specifier The module's URL (`file:`, `http:` or `https:`).
 * @param options The seed, runs, limits and extra permissions.
 * @returns The report: one entry per claim checked, one error per claim that could not be.
 */
export async function auditModuleConfined(
  specifier: string,
  options: ConfinedOptions = {},
): Promise<Report> {
  const module = options.label ?? specifier;
  const failed = (message: string): Report =>
    reportOf(module, module, [], [{ module, claim: null, field: null, message }]);
  let box: Sandbox;
  try {
    box = await sandbox(new URL(specifier), options);
  } catch (error) {
    return failed(`cannot load claims module ${module}: ${clean(messageOf(error))}`);
  }
  // A type error is a reported error, not a silently wrong verdict: the module is checked
  // first, and not run when it does not type-check.
  if (options.typeCheck ?? true) {
    const problem = await typeCheck(box, options);
    // A module that is not there is reported by the load below ("cannot load …").
    const missing = problem?.includes(`Cannot find module '${box.module.href}'`);
    if (problem && !missing) {
      return failed(`claims module ${module} does not type-check: ${problem}`);
    }
  }
  const ran = await runClaims(box, module, options);
  if ("failure" in ran) return failed(`cannot load claims module ${module}: ${ran.failure}`);
  return reportOfRun(ran.listed, ran.results, module, options);
}
