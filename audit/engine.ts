/**
 * The audit engine: validates a claims module, runs every claim's check, and collects
 * the report. A claim with a missing field, or whose check throws, becomes an
 * {@linkcode AuditError} naming the module, the claim and the field; the other claims are
 * still checked and reported.
 *
 * @module
 */
import {
  type AuditError,
  type Chapter,
  CHAPTERS,
  type CheckContext,
  type Claim,
  type ClaimReport,
  type Kind,
  type MistakeGroup,
  type Outcome,
  type QuestionInfo,
  type Report,
} from "./model.ts";
import { type ClaimFields, clean, describe, messageOf, plainOutcome } from "./_plain.ts";

/** The fast-check seed of every audit run unless `--seed` says otherwise: reports are reproducible. */
export const DEFAULT_SEED = 20261128;

/** How many cases each formula claim draws by default (small: the audit prints in well under 3 s). */
export const DEFAULT_RUNS = 200;

/** Options of {@linkcode runAudit}. */
export interface AuditOptions {
  /** The fast-check seed. @default {DEFAULT_SEED} */
  seed?: number;
  /** The cases per formula claim. @default {DEFAULT_RUNS} */
  numRuns?: number;
  /** Check only the claim with this id (for `--replay`). */
  only?: string;
}

/** A claims module as loaded: its `document` title and its `claims`. */
export interface ClaimsModule {
  /** The title of the document audited (a string). */
  document?: unknown;
  /** The claims (an array of {@linkcode Claim}); validated field by field. */
  claims?: unknown;
}

const FIELDS: Record<string, (v: unknown) => boolean> = {
  id: (v) => typeof v === "string" && v.length > 0,
  question: (v) => typeof v === "string" && v.length > 0,
  topic: (v) => typeof v === "string" && v.length > 0,
  chapter: (v) => typeof v === "string" && (CHAPTERS as readonly string[]).includes(v),
  statement: (v) => typeof v === "string" && v.length > 0,
  stated: (v) => typeof v === "string" && v.length > 0,
  assumptions: (v) => Array.isArray(v) && v.every((a) => typeof a === "string"),
  check: (v) => typeof v === "function",
};

const EXPECTED: Record<string, string> = {
  id: "a non-empty string",
  question: "a non-empty string",
  topic: "a non-empty string",
  chapter: `one of ${CHAPTERS.join(", ")}`,
  statement: "a non-empty string",
  stated: "a non-empty string",
  assumptions: "an array of strings",
  check: "a function",
};

/** Fields a claim may leave out; when present they are checked like the others. */
const OPTIONAL: Record<string, { test: (v: unknown) => boolean; expected: string }> = {
  statedTex: {
    test: (v) => typeof v === "string" && v.trim().length > 0,
    expected: "a non-empty string (LaTeX) when present",
  },
  kind: {
    test: (v) => v === "error" || v === "slip" || v === "depends",
    expected: '"error", "slip" or "depends" when present',
  },
  group: {
    test: (v) => typeof v === "string" && v.trim().length > 0,
    expected: "a non-empty string when present",
  },
  why: {
    test: (v) => typeof v === "string" && v.trim().length > 0,
    expected: "a non-empty string when present",
  },
};

/**
 * Checks the fields of every claim; returns the valid claims and an error for each
 * missing or invalid field.
 */
export function validateClaims(
  module: string,
  claims: unknown,
): { valid: Claim[]; errors: AuditError[] } {
  const errors: AuditError[] = [];
  if (!Array.isArray(claims)) {
    errors.push({
      module,
      claim: null,
      field: "claims",
      message: `the module must export \`claims\`, an array of claims; got ${typeof claims}`,
    });
    return { valid: [], errors };
  }
  const valid: Claim[] = [];
  const seen = new Set<string>();
  claims.forEach((claim, index) => {
    const record = (typeof claim === "object" && claim !== null ? claim : {}) as Record<
      string,
      unknown
    >;
    const id = typeof record.id === "string" && record.id ? record.id : `#${index}`;
    let ok = true;
    const reject = (field: string, expected: string) => {
      ok = false;
      const seenValue = record[field] === undefined
        ? "it is missing"
        : `got ${shown(record[field])}`;
      errors.push({
        module,
        claim: id,
        field,
        message: `claim ${id}: field \`${field}\` must be ${expected}; ${seenValue}`,
      });
    };
    for (const [field, test] of Object.entries(FIELDS)) {
      if (!test(record[field])) reject(field, EXPECTED[field]);
    }
    for (const [field, { test, expected }] of Object.entries(OPTIONAL)) {
      if (record[field] !== undefined && !test(record[field])) reject(field, expected);
    }
    if (ok && seen.has(id)) {
      ok = false;
      errors.push({ module, claim: id, field: "id", message: `claim ${id}: duplicate id` });
    }
    seen.add(id);
    if (ok) valid.push(record as unknown as Claim);
  });
  return { valid, errors };
}

/** A field's value for an error message: JSON when it has one, else its description. */
function shown(value: unknown): string {
  try {
    return clean(JSON.stringify(value) ?? describe(value));
  } catch {
    return describe(value);
  }
}

/** What is wrong with a check's return value: the field at fault and a sentence saying why. */
export interface OutcomeProblem {
  /** `check` when the value is no outcome at all, else the outcome's field at fault. */
  field: string;
  /** What was returned and what was expected, e.g. "check returned 0 (a number); …". */
  problem: string;
}

/**
 * A claim's report from its data fields and a validated outcome: the one place that turns
 * an outcome into the report's entry, in-process and confined alike.
 */
export function claimReport(claim: ClaimFields, outcome: Outcome): ClaimReport {
  const alternatives = outcome.alternatives ?? [];
  const reproducing = alternatives.filter((a) => a.reproduces);
  const disagrees = outcome.verdict === "disagrees";
  return {
    id: claim.id,
    question: claim.question,
    topic: claim.topic,
    chapter: claim.chapter as Chapter,
    statement: claim.statement,
    stated: claim.stated,
    statedTex: claim.statedTex ?? null,
    computed: outcome.computed,
    verdict: outcome.verdict,
    reason: outcome.reason,
    assumptions: [...claim.assumptions],
    // Several reproducing readings are all named: choosing the first would hide the others.
    reproducedBy: disagrees && reproducing.length > 0
      ? reproducing.map((a) => a.reading).join("; or ")
      : null,
    alternatives,
    counterexample: outcome.counterexample ?? null,
    seed: outcome.seed ?? null,
    kind: disagrees ? claim.kind ?? "error" : null,
    mistakes: [],
    diagnosis: disagrees
      ? reproducing.length === 0 ? "none" : reproducing.length === 1 ? "reproduced" : "ambiguous"
      : null,
    group: disagrees ? claim.group ?? claim.id : null,
    line: null,
  };
}

const KIND_ORDER: Record<Kind, number> = { error: 0, depends: 1, slip: 2 };

function excerpt(text: string, limit = 100): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * The distinct mistakes of a report: its disagreements grouped by `group`, in order of first
 * appearance, each with the correct answer and one line on why.
 */
export function groupMistakes(
  claims: readonly ClaimReport[],
  details: ReadonlyMap<string, { why?: string; title?: string; correctTex?: string }> = new Map(),
): MistakeGroup[] {
  const groups = new Map<string, MistakeGroup>();
  for (const c of claims) {
    if (c.verdict !== "disagrees" || c.group === null) continue;
    const known = groups.get(c.group);
    const kind = c.kind ?? "error";
    if (known && c.consequenceOf) {
      (known.consequences ??= []).push(c.id); // carried forward: counted under its cause
      continue;
    }
    if (known) {
      known.claims.push(c.id);
      if (KIND_ORDER[kind] < KIND_ORDER[known.kind]) known.kind = kind;
      continue;
    }
    const detail = details.get(c.id) ?? {};
    const single = c.mistakes.length === 1 && !c.mistakes[0].with ? c.mistakes[0] : null;
    groups.set(c.group, {
      key: c.group,
      title: detail.title ?? single?.name ?? c.reproducedBy ?? excerpt(c.statement),
      kind,
      claims: [c.id],
      correct: c.computed,
      correctTex: detail.correctTex ?? null,
      why: detail.why ?? single?.why ?? c.reason,
    });
  }
  return [...groups.values()];
}

/** Builds a report from checked claims: the summary and the distinct mistakes. */
export function finishReport(
  document: string,
  module: string,
  claims: ClaimReport[],
  errors: AuditError[],
  questions: Record<string, QuestionInfo> = {},
  details?: ReadonlyMap<string, { why?: string; title?: string; correctTex?: string }>,
): Report {
  const agrees = claims.filter((c) => c.verdict === "agrees").length;
  const known = { ...questions };
  for (const c of claims) known[c.question] ??= { text: null, reconstructed: false };
  return {
    document,
    module,
    claims,
    errors,
    groups: groupMistakes(claims, details),
    questions: known,
    summary: {
      claims: claims.length,
      agrees,
      disagrees: claims.length - agrees,
      errors: errors.length,
    },
  };
}

/**
 * A report from its claims and errors, the summary counted and the distinct mistakes
 * grouped here (`why` lines by claim id, as the claims gave them).
 */
export function reportOf(
  document: string,
  module: string,
  claims: ClaimReport[],
  errors: AuditError[],
  why: ReadonlyMap<string, string> = new Map(),
): Report {
  const details = new Map([...why].map(([id, w]) => [id, { why: w }]));
  return finishReport(document, module, claims, errors, {}, details);
}

/**
 * Runs one claim's check and builds its report, or says what is wrong with the value the
 * check returned (throws what the check throws). The outcome is copied field by field
 * ({@linkcode plainOutcome}), so a BigInt, a cycle or a throwing getter in it is a problem
 * for this claim only.
 */
export function runClaim(claim: Claim, context: CheckContext): ClaimReport | OutcomeProblem {
  const result = plainOutcome(claim.check(context));
  if ("problem" in result) return result;
  return claimReport(claim, result.outcome);
}

/** Audits a loaded claims module: every valid claim is checked, every problem reported. */
export function runAudit(
  loaded: ClaimsModule,
  module: string,
  options: AuditOptions = {},
): Report {
  const context: CheckContext = {
    seed: options.seed ?? DEFAULT_SEED,
    numRuns: options.numRuns ?? DEFAULT_RUNS,
  };
  const document = typeof loaded.document === "string" ? loaded.document : module;
  const { valid, errors } = validateClaims(module, loaded.claims);
  const claims: ClaimReport[] = [];
  for (const claim of valid) {
    if (options.only !== undefined && claim.id !== options.only) continue;
    try {
      const result = runClaim(claim, context);
      if ("problem" in result) {
        errors.push({
          module,
          claim: claim.id,
          field: result.field,
          message: `claim ${claim.id}: ${result.problem}`,
        });
      } else {
        claims.push(result);
      }
    } catch (error) {
      errors.push({
        module,
        claim: claim.id,
        field: "check",
        message: `claim ${claim.id}: its check threw: ${messageOf(error)}`,
      });
    }
  }
  if (options.only !== undefined && !valid.some((c) => c.id === options.only)) {
    errors.push({
      module,
      claim: options.only,
      field: "id",
      message: `no claim with id ${options.only} in ${module}`,
    });
  }
  const details = new Map(
    valid.filter((c) => c.why).map((c) => [c.id, { why: c.why }]),
  );
  return finishReport(document, module, claims, errors, {}, details);
}

/** A report for a module that could not be loaded at all. */
export function failedReport(
  module: string,
  error: unknown,
  what = "claims module",
): Report {
  return {
    document: module,
    module,
    claims: [],
    errors: [{
      module,
      claim: null,
      field: null,
      message: `cannot load ${what} ${module}: ${(error as Error)?.message ?? error}`,
    }],
    groups: [],
    questions: {},
    summary: { claims: 0, agrees: 0, disagrees: 0, errors: 1 },
  };
}
