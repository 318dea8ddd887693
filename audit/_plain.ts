/**
 * Plain data out of untrusted values: a claim's fields and a check's outcome are read once,
 * each read guarded, and copied into fresh objects of strings, numbers and booleans. A
 * getter that throws, a Proxy, a BigInt or a cycle becomes a problem naming the field
 * instead of an exception that drops the report. The confined runner applies these to
 * what a claims module hands it, and the parent applies them again to the JSON it
 * receives, so nothing but validated data reaches the report.
 *
 * @module
 */
import {
  CHAPTERS,
  type ClaimFields,
  type Counterexample,
  type Outcome,
  type Reading,
} from "./model.ts";

export type { ClaimFields };

/** What is wrong with a value: the field at fault and a sentence saying why. */
export interface Problem {
  /** `check` when the value is no outcome at all, else the field at fault. */
  field: string;
  /** What was found and what was expected. */
  problem: string;
}

/** The most fields or alternatives read from one value; more is a problem, not a hang. */
const MAX_ITEMS = 10_000;
/** The longest string kept from a claim or an outcome (characters). */
const MAX_TEXT = 100_000;

/**
 * Text with control characters removed (tabs and newlines kept), so a claim cannot move
 * the cursor, recolour the terminal or hide text in a report.
 */
export function clean(text: string): string {
  return text.replace(CONTROL, "");
}

/** Characters that do not show: format characters (zero-width joiners, word joiners), line separators. */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/** C0 and C1 controls but tab and newline, and the bidirectional overrides. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A value as an error message shows it: `0 (a number)`, `"x" (a string)`, `undefined`. */
export function describe(value: unknown): string {
  try {
    if (value === undefined || value === null) return String(value);
    if (typeof value === "bigint") return `${value}n (a bigint)`;
    if (typeof value === "symbol") return "a symbol";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object") return "an object";
    if (typeof value === "function") return "a function";
    const shown = typeof value === "string"
      ? JSON.stringify(clean(value.length > 60 ? `${value.slice(0, 60)}…` : value))
      : String(value);
    return `${shown} (a ${typeof value})`;
  } catch {
    return "a value that cannot be shown";
  }
}

function messageOf(error: unknown): string {
  try {
    const message = (error as Error)?.message ?? String(error);
    return typeof message === "string" ? clean(message) : describe(message);
  } catch {
    return "an error that cannot be shown";
  }
}

/** Thrown inside this module when a field is bad; caught at the boundary. */
class Bad extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(problem);
  }
}

function read(value: unknown, key: string, field: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch (error) {
    throw new Bad(field, `reading \`${field}\` threw: ${messageOf(error)}`);
  }
}

function isRecord(value: unknown, field: string): boolean {
  try {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch (error) {
    throw new Bad(field, `inspecting \`${field}\` threw: ${messageOf(error)}`);
  }
}

function text(value: unknown, field: string, what: string, optional = false): string {
  if (typeof value !== "string" || (!optional && value.length === 0)) {
    throw new Bad(field, `\`${field}\` is ${describe(value)}; it must be ${what}`);
  }
  return clean(value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value);
}

function number(value: unknown, field: string): number {
  if (typeof value !== "number") {
    throw new Bad(field, `\`${field}\` is ${describe(value)}; it must be a number`);
  }
  return value;
}

function list(value: unknown, field: string): unknown[] {
  let length: unknown;
  try {
    if (!Array.isArray(value)) {
      throw new Bad(field, `\`${field}\` is ${describe(value)}; it must be an array`);
    }
    length = value.length;
  } catch (error) {
    if (error instanceof Bad) throw error;
    throw new Bad(field, `inspecting \`${field}\` threw: ${messageOf(error)}`);
  }
  if (typeof length !== "number" || length > MAX_ITEMS) {
    throw new Bad(field, `\`${field}\` has ${describe(length)} items; at most ${MAX_ITEMS}`);
  }
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) out.push(read(value, String(i), `${field}[${i}]`));
  return out;
}

function reading(value: unknown, field: string): Reading {
  if (!isRecord(value, field)) {
    throw new Bad(field, `\`${field}\` is ${describe(value)}; it must be a reading object`);
  }
  const reproduces = read(value, "reproduces", `${field}.reproduces`);
  if (typeof reproduces !== "boolean") {
    throw new Bad(
      `${field}.reproduces`,
      `\`${field}.reproduces\` is ${describe(reproduces)}; it must be a boolean`,
    );
  }
  return {
    reading: text(
      read(value, "reading", `${field}.reading`),
      `${field}.reading`,
      "a non-empty string",
    ),
    computed: text(
      read(value, "computed", `${field}.computed`),
      `${field}.computed`,
      "a string",
      true,
    ),
    reproduces,
  };
}

function counterexample(value: unknown): Counterexample | null {
  if (value === undefined || value === null) return null;
  const field = "counterexample";
  if (!isRecord(value, field)) {
    throw new Bad(field, `\`${field}\` is ${describe(value)}; it must be an object or null`);
  }
  const rawValues = read(value, "values", "counterexample.values");
  if (!isRecord(rawValues, "counterexample.values")) {
    throw new Bad(
      "counterexample.values",
      `\`counterexample.values\` is ${describe(rawValues)}; it must be an object of numbers`,
    );
  }
  let keys: string[];
  try {
    keys = Object.keys(rawValues as object);
  } catch (error) {
    throw new Bad(
      "counterexample.values",
      `listing \`counterexample.values\` threw: ${messageOf(error)}`,
    );
  }
  if (keys.length > MAX_ITEMS) {
    throw new Bad(
      "counterexample.values",
      `\`counterexample.values\` has ${keys.length} entries; at most ${MAX_ITEMS}`,
    );
  }
  const values: Record<string, number> = {};
  for (const key of keys) {
    const f = `counterexample.values.${clean(key)}`;
    Object.defineProperty(values, clean(key), {
      value: number(read(rawValues, key, f), f),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const out: Counterexample = {
    values,
    stated: number(read(value, "stated", "counterexample.stated"), "counterexample.stated"),
    expected: number(read(value, "expected", "counterexample.expected"), "counterexample.expected"),
  };
  const reference = read(value, "reference", "counterexample.reference");
  if (reference !== undefined) out.reference = number(reference, "counterexample.reference");
  return out;
}

/**
 * A check's return value as a fresh, plain {@linkcode Outcome}, or the problem with it.
 * Unknown fields are ignored; every known one is type-checked.
 */
export function plainOutcome(value: unknown): { outcome: Outcome } | Problem {
  try {
    const then = (typeof value === "object" || typeof value === "function") && value !== null
      ? read(value, "then", "check")
      : undefined;
    if (typeof then === "function") {
      // Nothing awaits it: keep a rejection from becoming an unhandled error.
      try {
        (value as Promise<unknown>).then(undefined, () => {});
      } catch { /* a thenable that throws is still no outcome */ }
      return { field: "check", problem: "check returned a Promise; checks must be synchronous" };
    }
    if (!isRecord(value, "check")) {
      return {
        field: "check",
        problem: `check returned ${
          describe(value)
        }; it must return an outcome object with verdict, computed, reason`,
      };
    }
    const verdict = read(value, "verdict", "verdict");
    if (verdict !== "agrees" && verdict !== "disagrees") {
      throw new Bad(
        "verdict",
        `\`verdict\` is ${describe(verdict)}; it must be "agrees" or "disagrees"`,
      );
    }
    const outcome: Outcome = {
      computed: text(read(value, "computed", "computed"), "computed", "a non-empty string"),
      verdict,
      reason: text(read(value, "reason", "reason"), "reason", "a non-empty string"),
    };
    const alternatives = read(value, "alternatives", "alternatives");
    outcome.alternatives = alternatives === undefined || alternatives === null
      ? []
      : list(alternatives, "alternatives").map((a, i) => reading(a, `alternatives[${i}]`));
    outcome.counterexample = counterexample(read(value, "counterexample", "counterexample"));
    const seed = read(value, "seed", "seed");
    if (seed !== undefined && seed !== null && !Number.isSafeInteger(seed)) {
      throw new Bad("seed", `\`seed\` is ${describe(seed)}; it must be an integer or null`);
    }
    outcome.seed = (seed ?? null) as number | null;
    return { outcome };
  } catch (error) {
    if (error instanceof Bad) {
      return { field: error.field, problem: `check returned an outcome whose ${error.problem}` };
    }
    return { field: "check", problem: `reading the outcome threw: ${messageOf(error)}` };
  }
}

const NON_EMPTY = "a non-empty string";

/**
 * A claim's data fields as a fresh plain record, plus its `check` when `withCheck`, or
 * every problem found (one per bad field).
 */
export function plainClaim(
  value: unknown,
  withCheck: boolean,
): { claim: ClaimFields; check?: unknown } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const field = <T>(name: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (error) {
      problems.push(
        error instanceof Bad
          ? { field: error.field, problem: `field ${error.problem}` }
          : { field: name, problem: `field \`${name}\` could not be read: ${messageOf(error)}` },
      );
      return undefined;
    }
  };
  let record: unknown = value;
  try {
    if (!isRecord(value, "claim")) record = {};
  } catch {
    record = {};
  }
  const str = (name: string) => field(name, () => text(read(record, name, name), name, NON_EMPTY));
  const claim = {
    id: field("id", () => {
      const raw = read(record, "id", "id");
      // Controls and bidirectional marks are removed from every text (so two ids that differ
      // by one are duplicates); a zero-width or other format character left would print
      // exactly like another claim's id.
      const hidden = typeof raw === "string" ? INVISIBLE.exec(clean(raw)) : null;
      if (hidden) {
        throw new Bad(
          "id",
          `\`id\` holds an invisible character (U+${
            hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")
          }), so it would print like another id`,
        );
      }
      return text(raw, "id", NON_EMPTY);
    }),
    question: str("question"),
    topic: str("topic"),
    chapter: field("chapter", () => {
      const c = read(record, "chapter", "chapter");
      if (typeof c !== "string" || !(CHAPTERS as readonly string[]).includes(c)) {
        throw new Bad(
          "chapter",
          `\`chapter\` is ${describe(c)}; it must be one of ${CHAPTERS.join(", ")}`,
        );
      }
      return c;
    }),
    statement: str("statement"),
    stated: str("stated"),
    assumptions: field(
      "assumptions",
      () =>
        list(read(record, "assumptions", "assumptions"), "assumptions").map((a, i) =>
          text(a, `assumptions[${i}]`, "a string", true)
        ),
    ),
  } as ClaimFields;
  const tex = field("statedTex", () => {
    const t = read(record, "statedTex", "statedTex");
    if (t === undefined) return undefined;
    if (typeof t !== "string" || t.trim().length === 0) {
      throw new Bad(
        "statedTex",
        `\`statedTex\` is ${describe(t)}; it must be a non-empty string (LaTeX) when present`,
      );
    }
    return clean(t);
  });
  if (tex !== undefined) claim.statedTex = tex;
  // The optional fields of a disagreement's diagnosis: its kind, group and one-line why.
  const kind = field("kind", () => {
    const k = read(record, "kind", "kind");
    if (k === undefined) return undefined;
    if (k !== "error" && k !== "slip" && k !== "depends") {
      throw new Bad(
        "kind",
        `\`kind\` is ${describe(k)}; it must be "error", "slip" or "depends" when present`,
      );
    }
    return k as "error" | "slip" | "depends";
  });
  if (kind !== undefined) claim.kind = kind;
  for (const name of ["group", "why"] as const) {
    const t = field(name, () => {
      const v = read(record, name, name);
      if (v === undefined) return undefined;
      if (typeof v !== "string" || v.trim().length === 0) {
        throw new Bad(
          name,
          `\`${name}\` is ${describe(v)}; it must be a non-empty string when present`,
        );
      }
      return clean(v);
    });
    if (t !== undefined) claim[name] = t;
  }
  let check: unknown;
  if (withCheck) {
    check = field("check", () => read(record, "check", "check"));
    if (typeof check !== "function" && !problems.some((p) => p.field === "check")) {
      problems.push({
        field: "check",
        problem: `field \`check\` is ${describe(check)}; it must be a function`,
      });
    }
  }
  if (problems.length > 0) return { problems };
  return withCheck ? { claim, check } : { claim };
}

/** The message of an error thrown by untrusted code, control characters removed. */
export { messageOf };
