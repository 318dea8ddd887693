/**
 * The confined side of the audit: run by {@linkcode auditModuleConfined} as a subprocess
 * with no permissions but reading nnspec and importing the claims module's own origin. It
 * reads one job (JSON) from standard input, hardens its realm, imports the claims module,
 * and writes one line per event to standard output, each starting with the job's nonce so
 * that nothing a claim prints can pass for an event:
 *
 * - `{ "type": "module", "document", "claims": [{ index, claim }], "errors": [...] }`
 * - `{ "type": "start", "index" }` before a claim's check runs (the parent times it),
 * - `{ "type": "outcome", "index", "outcome" }` or `{ "type": "error", "index", "field", "message" }`,
 * - `{ "type": "done" }`.
 *
 * Hardening, before the claims module is imported: the ECMAScript intrinsics (Object,
 * Array, Math, JSON, the prototypes, the iterator and function prototypes, TextEncoder and
 * TextDecoder) are frozen and their global bindings made read-only, the builtins that write
 * events are captured, nnspec's and fast-check's exports are frozen, and
 * the `Deno` namespace is removed, with `process.exit` of `node:process` made to throw. A
 * claim that patches `Array.prototype.filter` or `Math.abs` therefore throws (an error for
 * that claim) instead of changing another claim's verdict, and each check gets a fresh
 * frozen context.
 *
 * @module
 */
import * as nnspec from "../../mod.ts";
import fc from "../_fast_check.ts";
import { type ClaimFields, messageOf, plainClaim, plainOutcome } from "../_plain.ts";

/** The job the parent sends. */
export interface Job {
  /** The claims module's URL. */
  module: string;
  /** The nonce every event line starts with. */
  nonce: string;
  /** The fast-check seed and runs of the check context. */
  seed: number;
  numRuns: number;
  /** Run the claims from this index on (after a restart). */
  from: number;
  /** Run only the claim with this id. */
  only?: string;
}

// Every builtin the runner uses after the claims module loads is captured here, before it
// loads: a module that replaced `TextEncoder.prototype.encode` would otherwise read the
// nonce from the event lines it encodes and rewrite them.
const encoder = new TextEncoder();
const encode = TextEncoder.prototype.encode;
const apply = Reflect.apply;
const subarray = Uint8Array.prototype.subarray;
const stdout = Deno.stdout;
const writeSync = stdout.writeSync.bind(stdout);
const exit = Deno.exit;
const stringify = JSON.stringify;

/** The longest event line (characters); a larger outcome is reported as an error instead. */
export const MAX_LINE = 4_000_000;

/** Writes one event line; non-finite numbers travel as `{ "$number": "NaN" }`. */
function emit(nonce: string, event: unknown): void {
  let line = `\n${nonce}${
    stringify(event, (_k, v) =>
      typeof v === "number" && !Number.isFinite(v) ? { $number: String(v) } : v)
  }\n`;
  if (line.length > MAX_LINE) {
    const { type, index } = event as { type?: unknown; index?: unknown };
    line = `\n${nonce}${
      stringify({
        type: "error",
        index,
        field: "check",
        message: `the ${String(type)} is ${line.length} characters of JSON, more than ${MAX_LINE}`,
      })
    }\n`;
  }
  const bytes: Uint8Array = apply(encode, encoder, [line]);
  let written = 0;
  while (written < bytes.length) written += writeSync(apply(subarray, bytes, [written]));
}

/** The ECMAScript globals frozen before the claims module runs. */
const INTRINSICS = [
  "Object",
  "Function",
  "Array",
  "Number",
  "Boolean",
  "String",
  "Symbol",
  "BigInt",
  "Date",
  "RegExp",
  "Error",
  "AggregateError",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "JSON",
  "Math",
  "Reflect",
  "Proxy",
  "Promise",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "FinalizationRegistry",
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "Atomics",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "Iterator",
  "Intl",
  "parseInt",
  "parseFloat",
  "isNaN",
  "isFinite",
  "encodeURI",
  "encodeURIComponent",
  "decodeURI",
  "decodeURIComponent",
  "structuredClone",
  "queueMicrotask",
  "TextEncoder",
  "TextDecoder",
];

/**
 * Properties that ordinary code assigns on its own objects although a frozen prototype
 * holds them (`this.name = "MyError"` in an Error subclass, `obj.toString = ...`): on a
 * frozen prototype such an assignment would throw (the "override mistake"), so each is
 * turned into an accessor whose setter defines the property on the object assigned to.
 */
const OVERRIDABLE = [
  "constructor",
  "name",
  "message",
  "toString",
  "valueOf",
  "toJSON",
  "toLocaleString",
];

function tameOverrides(value: object): void {
  for (const key of OVERRIDABLE) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (!d || !("value" in d) || !d.configurable) continue;
    const original = d.value;
    Object.defineProperty(value, key, {
      get: () => original,
      set(this: object, next: unknown) {
        if (this === value) throw new TypeError(`Cannot assign to read only property '${key}'`);
        Object.defineProperty(this, key, {
          value: next,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      },
      enumerable: d.enumerable,
      configurable: false,
    });
  }
}

/** Freezes `root` and everything reachable from it through properties and prototypes. */
function deepFreeze(root: unknown, seen: Set<unknown>): void {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== "object" && typeof value !== "function") || value === null) continue;
    if (seen.has(value)) continue;
    seen.add(value);
    try {
      if (Object.hasOwn(value, "constructor")) tameOverrides(value);
      Object.freeze(value);
    } catch { /* a module namespace cannot be frozen; its bindings are read-only already */ }
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (!d) continue;
      if ("value" in d) stack.push(d.value);
      else stack.push(d.get, d.set);
    }
  }
}

/** Freezes the intrinsics, nnspec and fast-check; removes `Deno` and `process.exit`. */
async function harden(): Promise<void> {
  const process = (await import("node:process")).default as unknown as Record<string, unknown>;
  const refuse = () => {
    throw new TypeError("exiting is not available to claims");
  };
  for (const name of ["exit", "reallyExit", "abort", "kill"]) {
    try {
      Object.defineProperty(process, name, { value: refuse, writable: false, configurable: false });
    } catch { /* not defined on this object: nothing to remove */ }
  }
  const seen = new Set<unknown>();
  const hidden = [
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map().entries()),
    Object.getPrototypeOf(new Set().values()),
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf(/a/[Symbol.matchAll]("")),
  ];
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of INTRINSICS) {
    if (!(name in g)) continue;
    deepFreeze(g[name], seen);
    Object.defineProperty(g, name, { value: g[name], writable: false, configurable: false });
  }
  for (const h of hidden) deepFreeze(h, seen);
  deepFreeze(nnspec, seen);
  deepFreeze(fc, seen);
  // Storage that Deno writes to its cache folder without --allow-write (localStorage kept
  // across runs and modules, caches without a quota), and workers, whose fresh realm has
  // `Deno` and `caches` again: none is for a check.
  // (an import of node:worker_threads resolves to a module without workers through the
  // import map, `audit/confine/_bundle.ts`; require() reaches the real one, whose Worker is replaced:
  // a builtin resolves from any base, so nnspec run by URL takes the same path)
  const { createRequire } = await import("node:module");
  const threads = createRequire("file:///runner.js")("node:worker_threads") as Record<
    string,
    unknown
  >;
  Object.defineProperty(threads, "Worker", {
    value: function Worker() {
      throw new TypeError("workers are not available to claims");
    },
    writable: false,
    configurable: false,
  });
  for (const name of ["localStorage", "sessionStorage", "caches", "Worker"]) {
    Reflect.deleteProperty(globalThis, name);
    if (name in globalThis) throw new Error(`the runner could not remove ${name}`);
  }
  Reflect.deleteProperty(globalThis, "Deno");
}

/** A claim that passed validation, with its check and the object it is called on. */
interface Valid {
  index: number;
  claim: ClaimFields;
  check: (c: unknown) => unknown;
  self: unknown;
}

type ListError = { claim: string | null; field: string; message: string };

/** The module's `document` and its raw claims (at most 100,000), or why they cannot be read. */
function exportsOf(loaded: Record<string, unknown>, errors: ListError[]) {
  let document: unknown;
  let raw: unknown[] = [];
  try {
    document = loaded.document;
    const claims = loaded.claims;
    if (!Array.isArray(claims)) {
      errors.push({
        claim: null,
        field: "claims",
        message: `the module must export \`claims\`, an array of claims; got ${typeof claims}`,
      });
    } else {
      const length = Math.min(Number(claims.length) || 0, 100_000);
      raw = Array.from({ length }, (_, i) => claims[i]);
    }
  } catch (error) {
    errors.push({
      claim: null,
      field: "claims",
      message: `reading \`claims\` threw: ${messageOf(error)}`,
    });
  }
  return { document, raw };
}

/** The claims that validate, in order, each id once; the problems of the others. */
function validClaims(raw: unknown[], errors: ListError[]): Valid[] {
  const valid: Valid[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const result = plainClaim(value, true);
    if ("problems" in result) {
      let id = `#${index}`;
      try {
        const v = (value as { id?: unknown })?.id;
        if (typeof v === "string" && v) id = v;
      } catch { /* keep the index */ }
      for (const p of result.problems) {
        errors.push({ claim: id, field: p.field, message: `claim ${id}: ${p.problem}` });
      }
      return;
    }
    if (seen.has(result.claim.id)) {
      errors.push({
        claim: result.claim.id,
        field: "id",
        message: `claim ${result.claim.id}: duplicate id`,
      });
      return;
    }
    seen.add(result.claim.id);
    valid.push({
      index,
      claim: result.claim,
      check: result.check as (c: unknown) => unknown,
      self: value,
    });
  });
  return valid;
}

/** Runs one claim's check with a fresh frozen context and emits its outcome or error. */
function runCheck(job: Job, { index, claim, check, self }: Valid): void {
  const { nonce } = job;
  emit(nonce, { type: "start", index });
  const context = Object.freeze({ seed: job.seed, numRuns: job.numRuns });
  let returned: unknown;
  try {
    returned = Reflect.apply(check, self, [context]);
  } catch (error) {
    emit(nonce, {
      type: "error",
      index,
      field: "check",
      message: `claim ${claim.id}: its check threw: ${messageOf(error)}`,
    });
    return;
  }
  const result = plainOutcome(returned);
  if ("outcome" in result) emit(nonce, { type: "outcome", index, outcome: result.outcome });
  else {
    emit(nonce, {
      type: "error",
      index,
      field: result.field,
      message: `claim ${claim.id}: ${result.problem}`,
    });
  }
}

async function main(): Promise<void> {
  const input = await new Response(Deno.stdin.readable).text();
  const job = JSON.parse(input) as Job;
  const { nonce } = job;
  // An error a claim's pending work throws later must not end the run.
  globalThis.addEventListener("unhandledrejection", (e) => e.preventDefault());
  globalThis.addEventListener("error", (e) => e.preventDefault());
  await harden();
  let loaded: Record<string, unknown>;
  try {
    loaded = await import(job.module);
  } catch (error) {
    emit(nonce, { type: "load-error", message: messageOf(error) });
    return;
  }
  const errors: ListError[] = [];
  const { document, raw } = exportsOf(loaded, errors);
  const valid = validClaims(raw, errors);
  emit(nonce, {
    type: "module",
    document: typeof document === "string" ? document : null,
    claims: valid.map(({ index, claim }) => ({ index, claim })),
    errors,
  });
  for (const entry of valid) {
    if (entry.index < job.from) continue;
    if (job.only !== undefined && entry.claim.id !== job.only) continue;
    runCheck(job, entry);
  }
  emit(nonce, { type: "done" });
}

if (import.meta.main) {
  await main();
  exit(0);
}
