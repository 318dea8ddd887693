/**
 * Audits a TypeScript claims module confined: the module runs in a separate Deno process
 * (`audit/_runner.ts`) with no permissions but reading nnspec and the module's own
 * directory (a local module) or importing from the module's own origin (a remote one), a
 * V8 heap limit, and a time limit per claim enforced from this process. Each claim's
 * outcome crosses back as JSON and is validated again here; the verdict counts and the
 * summary are computed here. A claim that runs over its time, exhausts its memory or
 * ends the process is an error for that claim, and the others go on in a fresh process.
 *
 * The caller needs permission to run the `deno` executable (`--allow-run=deno`); nothing
 * else is used here.
 *
 * @module
 */
import { claimReport, reportOf } from "./engine.ts";
import { type ClaimFields, clean, plainClaim, plainOutcome } from "./_plain.ts";
import type { AuditError, ClaimReport, Report } from "./model.ts";

/** The default time limit of one claim's check, in seconds. */
export const DEFAULT_TIMEOUT = 10;

/** The default V8 heap limit of the confined process, in megabytes. */
export const DEFAULT_MEMORY = 1024;

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

import { DEFAULT_RUNS, DEFAULT_SEED } from "./engine.ts";

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
  end: "done" | "timeout" | "exit" | "load-error";
  /** The exit code, the load error, the tail of stderr. */
  code?: number;
  message?: string;
  stderr: string;
}

const RUNNER = new URL("./_runner.ts", import.meta.url);

/** The permission flags of the confined process. */
function permissions(url: URL, options: ConfinedOptions): string[] {
  const read = new Set(options.allowRead ?? []);
  const imports = new Set(options.allowImport ?? []);
  const project = new URL("../", import.meta.url);
  for (const where of [project, url]) {
    if (where.protocol === "file:") {
      read.add(decodeURIComponent(new URL(".", where).pathname));
    } else if (where.protocol === "http:" || where.protocol === "https:") {
      imports.add(
        where.host.includes(":")
          ? where.host
          : `${where.hostname}:${where.protocol === "https:" ? 443 : 80}`,
      );
    }
  }
  // An explicit --allow-import replaces Deno's default list of hosts; with nothing to
  // allow, name an address that serves nothing (port 0) so that no host is allowed.
  if (imports.size === 0) imports.add("127.0.0.1:0");
  const flags = [
    `--allow-read=${[...read].join(",")}`,
    `--allow-import=${[...imports].join(",")}`,
  ];
  if (options.allowNet?.length) flags.push(`--allow-net=${options.allowNet.join(",")}`);
  if (options.allowEnv?.length) flags.push(`--allow-env=${options.allowEnv.join(",")}`);
  return flags;
}

/**
 * Type-checks a claims module with `deno check` (which reads and compiles, and runs
 * nothing): null when it checks, else its first errors, cleaned of control characters.
 */
async function typeCheck(url: URL): Promise<string | null> {
  // Checking fetches the module's static imports but runs nothing, and a static specifier
  // cannot carry data read at run time, so any host may be fetched here.
  const args = [
    "check",
    "--quiet",
    "--no-lock",
    "--allow-import",
    ...(url.protocol === "file:" ? [] : ["--all"]),
  ];
  const { code, stdout, stderr } = await new Deno.Command(denoExecutable(), {
    args: [...args, url.href],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code === 0) return null;
  const text = clean(new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout))
    .split("\n").map((l) => l.trim())
    .filter((l) => /TS\d+|^at |^error:/.test(l) && !/Type checking failed/.test(l));
  return text.slice(0, 4).join("; ") || `deno check exited with ${code}`;
}

/** The executable to run: this Deno when permitted by path, else `deno` from PATH. */
function denoExecutable(): string {
  try {
    const path = Deno.execPath();
    if (Deno.permissions.querySync({ name: "run", command: path }).state === "granted") return path;
  } catch { /* fall back to the name */ }
  return "deno";
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

/** Runs the confined process once, from claim index `from`, and reports what it saw. */
async function runOnce(
  url: URL,
  from: number,
  options: ConfinedOptions,
  onEvent: (event: Record<string, unknown>) => void,
): Promise<Run> {
  const id = nonce();
  const timeout = (options.timeout ?? DEFAULT_TIMEOUT) * 1000;
  const memory = options.memory ?? DEFAULT_MEMORY;
  const child = new Deno.Command(denoExecutable(), {
    args: [
      "run",
      "--quiet",
      "--no-lock",
      "--no-prompt",
      `--v8-flags=--max-old-space-size=${memory}`,
      ...permissions(url, options),
      RUNNER.href,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const job = {
    module: url.href,
    nonce: id,
    seed: options.seed ?? DEFAULT_SEED,
    numRuns: options.numRuns ?? DEFAULT_RUNS,
    from,
    only: options.only,
  };
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(job)));
  await writer.close().catch(() => {});
  const run: Run = { end: "exit", stderr: "" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      run.end = "timeout";
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, ms);
  };
  arm(timeout + 20_000);
  const stderr = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      run.stderr = (run.stderr + chunk).slice(-4000);
    }
  })();
  let pending = "";
  const line = (text: string) => {
    const at = text.indexOf(id);
    if (at < 0) {
      if (text.trim() && options.output) options.output(clean(text));
      return;
    }
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(text.slice(at + id.length), revive);
    } catch {
      return;
    }
    if (typeof event !== "object" || event === null) return;
    switch (event.type) {
      case "module":
        arm(timeout);
        break;
      case "start":
        run.current = event.index as number;
        arm(timeout);
        break;
      case "outcome":
      case "error":
        run.current = undefined;
        arm(timeout);
        break;
      case "done":
        run.end = "done";
        clearTimeout(timer);
        break;
      case "load-error":
        run.end = "load-error";
        run.message = String(event.message);
        break;
    }
    onEvent(event);
  };
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    // What a claim prints without a newline is dropped past 8 MB (an event line is at most
    // 4 MB and starts on a fresh line), so printing cannot exhaust this process.
    if (pending.length > 8_000_000 && !pending.includes("\n")) pending = pending.slice(-4_000_000);
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const l of lines) line(l);
  }
  if (pending) line(pending);
  const status = await child.status;
  clearTimeout(timer);
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
  if (/out of memory|heap limit/i.test(run.stderr) || run.code === 133) {
    return `ran out of memory (the heap limit is ${
      options.memory ?? DEFAULT_MEMORY
    } MB, --memory) and was stopped`;
  }
  return `ended the audit process (exit code ${run.code})`;
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
  const label = options.label ?? specifier;
  const url = new URL(specifier);
  const module = label;
  const failed = (message: string): Report =>
    reportOf(module, module, [], [{ module, claim: null, field: null, message }]);
  // A type error is a reported error, not a silently wrong verdict: the module is checked
  // first, and not run when it does not type-check.
  if (options.typeCheck ?? true) {
    const problem = await typeCheck(url);
    // A module that is not there is reported by the load below ("cannot load …").
    const missing = problem?.includes(`Cannot find module '${url.href}'`);
    if (problem && !missing) {
      return failed(`claims module ${label} does not type-check: ${problem}`);
    }
  }
  let listed: Run["listed"];
  const results = new Map<number, ClaimReport | AuditError>();
  let from = 0;
  for (;;) {
    const run = await runOnce(url, from, options, (event) => {
      if (event.type === "module" && listed === undefined) {
        const claims: { index: number; claim: ClaimFields }[] = [];
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
        listed = {
          document: typeof event.document === "string" ? clean(event.document) : null,
          claims,
          errors,
        };
        return;
      }
      const entry = listed?.claims.find((c) => c.index === event.index);
      if (!entry) return;
      if (event.type === "outcome") {
        const checked = plainOutcome(event.outcome);
        results.set(
          entry.index,
          "outcome" in checked ? claimReport(entry.claim, checked.outcome) : {
            module,
            claim: entry.claim.id,
            field: checked.field,
            message: `claim ${entry.claim.id}: ${checked.problem}`,
          },
        );
      } else if (event.type === "error") {
        const message = clean(String(event.message));
        const prefix = `claim ${entry.claim.id}: `;
        results.set(entry.index, {
          module,
          claim: entry.claim.id,
          field: typeof event.field === "string" ? clean(event.field) : "check",
          message: message.startsWith(prefix) ? message : prefix + message,
        });
      }
    });
    if (run.end === "load-error") {
      return failed(`cannot load claims module ${label}: ${clean(run.message ?? "")}`);
    }
    if (listed === undefined) {
      const why = run.end === "timeout"
        ? `loading it took longer than ${
          (options.timeout ?? DEFAULT_TIMEOUT) + 20
        } s (the --timeout of a check plus 20 s) and it was stopped`
        : `its process ended while loading (exit code ${run.code})`;
      const last = clean(run.stderr.trim().split("\n").pop() ?? "").trim();
      return failed(`cannot load claims module ${label}: ${why}${last ? `; ${last}` : ""}`);
    }
    if (run.end === "done") break;
    const current = listed.claims.find((c) => c.index === run.current);
    if (current === undefined) {
      // The process ended between claims: say so on the first claim without a result.
      const next = listed.claims.find((c) => c.index >= from && !results.has(c.index));
      if (next === undefined) break;
      results.set(next.index, {
        module,
        claim: next.claim.id,
        field: "check",
        message: `claim ${next.claim.id}: the audit process ended before it ran (${
          crashMessage(run, options)
        })`,
      });
      from = next.index + 1;
      continue;
    }
    results.set(current.index, {
      module,
      claim: current.claim.id,
      field: "check",
      message: `claim ${current.claim.id}: its check ${crashMessage(run, options)}`,
    });
    from = current.index + 1;
  }
  const claims: ClaimReport[] = [];
  const errors: AuditError[] = [...listed.errors];
  for (const { index, claim } of listed.claims) {
    if (options.only !== undefined && claim.id !== options.only) continue;
    const result = results.get(index);
    if (result === undefined) {
      errors.push({
        module,
        claim: claim.id,
        field: "check",
        message: `claim ${claim.id}: no outcome came back from its check`,
      });
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
