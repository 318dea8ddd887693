/**
 * Stage 4, judging a step: both sides evaluated on the sheet's own earlier values, the right
 * side compared at its written precision (interval arithmetic when the left side reuses values
 * the sheet rounded), a bare `\log` tried under each reading, a product of integers read as a
 * shape, and a step that uses a value an earlier wrong step stated marked as its consequence.
 *
 * @module
 */
import { decimals, show, showArray } from "../check.ts";
import type { Reading, ScanSkip } from "../model.ts";
import {
  applyFunction,
  interpret,
  JAVASCRIPT,
  type Json,
  jsText,
  type LogReading,
  NUMBERS,
  READINGS,
  Refusal,
  type Value,
} from "./interpret.ts";
import {
  type Definitions,
  nameOf,
  prepare,
  type Prepared,
  type Read,
  usedDefinitions,
} from "./evaluate.ts";
import { EXPRESSION_TOLERANCE } from "./model.ts";
import { cleanSide } from "./notation.ts";
import {
  agreesWithWritten,
  close,
  gap,
  type Interval,
  intervals,
  meets,
  writtenInterval,
} from "./precision.ts";
import { type Meaning, type SheetMeaning, understandStep } from "./meaning_hook.ts";
import { checkShape } from "./shape.ts";

/** What the judge knows of the document besides the step. */
export interface JudgeContext {
  defs: Definitions;
  log: { reading: LogReading; why: string };
  /** Values the sheet stated rounded earlier: value -> half a unit of its last digit. */
  rounded: Map<number, number>;
  /** For a rounded value whose step the scan computed: the exact value it was rounded from. */
  exact: Map<number, number>;
  /** Values stated by a wrong step: value -> the step's id. */
  wrongValues: Map<number, string>;
  /** Symbols defined from a wrong step: key -> the step's id. */
  wrongSymbols: Map<string, string>;
  /** The sheet's functions the step's text calls. */
  usedFunctions: Set<string>;
  /** The notebook cell of the step, or null. */
  cell: number | null;
  /** The prose before the step and its question, for the meaning hook. */
  context: string;
  heading: string;
  /** The sheet's definitions and prose read for their meaning (audit/scan/meaning/). */
  sheet: SheetMeaning | null;
  /** The first side of the chain the step belongs to, or of the chain it continues. */
  head?: string;
  /** The line the step's math fragment starts on. */
  display?: number;
}

/** A judged step: its verdict and what the report says, or why it was skipped. */
export type StepResult =
  | { skip: ScanSkip["reason"]; detail: string }
  | {
    verdict: "agrees" | "disagrees";
    computed: string;
    reason: string;
    assumptions: string[];
    alternatives: Reading[];
    js: string;
    statedJs: string;
    draftAssumptions: string[];
    carriedFrom: string | null;
    /** The left side's value, for a number. */
    value?: number;
  };

const LITERAL = /^[+-]?\s*(?:\d+\.?\d*|\.\d+)$/;

/** Judges `left = right` on line `line` with the definitions so far. */
export function judgeStep(
  leftTex: string,
  rightTex: string,
  line: number,
  ctx: JudgeContext,
): StepResult {
  const args = sameFunction(cleanSide(leftTex), cleanSide(rightTex), ctx.defs);
  const l = args?.left ?? leftTex;
  const r = args?.right ?? rightTex;
  if (!args) {
    const shape = checkShape(cleanSide(l), cleanSide(r), ctx.defs);
    if (shape) return { ...shape, carriedFrom: null };
  }
  const lp = prepare(l, ctx.defs);
  const rp = prepare(r, ctx.defs);
  const unread = unreadable(lp, rp, line, ctx.defs);
  if (unread) return unread;
  if (!("json" in lp) || !("json" in rp)) return { skip: "cannot parse", detail: "a side" };
  return arithmetic(lp, rp, cleanSide(r), args?.name ?? null, ctx);
}

/**
 * THE MEANING HOOK (issue 18): what a step means, asked when the arithmetic cannot check it or
 * finds it right. `replace`: the reading is the step's verdict (a step the arithmetic skipped,
 * or a wrong formula worked out right); `beside`: it agrees and is listed beside the arithmetic
 * claim; null: no reading, the arithmetic decides alone.
 */
export function readMeaning(
  leftTex: string,
  rightTex: string,
  line: number,
  ctx: JudgeContext,
  result: StepResult | null,
): { replace: Meaning } | { beside: Meaning } | null {
  if (!ctx.sheet || (result && !("skip" in result) && result.verdict !== "agrees")) return null;
  const m = understandStep({
    tex: `${leftTex} = ${rightTex}`,
    head: ctx.head === leftTex ? undefined : ctx.head,
    sheet: ctx.sheet,
    context: ctx.context,
    heading: ctx.heading,
    line,
    display: ctx.display,
    cell: ctx.cell,
  });
  if (!m) return null;
  return !result || "skip" in result || m.verdict === "disagrees" ? { replace: m } : { beside: m };
}

/** A skip for a side that cannot be read or names a symbol with no value yet, or null. */
function unreadable(
  lp: Prepared,
  rp: Prepared,
  line: number,
  defs: Definitions,
): StepResult | null {
  for (const p of [lp, rp]) {
    if ("skip" in p && p.skip !== "undefined symbol") return { skip: p.skip, detail: p.detail };
  }
  const free = [
    ...new Set([...("free" in lp ? lp.free ?? [] : []), ...("free" in rp ? rp.free ?? [] : [])]),
  ];
  if (free.length === 0) return null;
  const later = free.map((f) => defs.definedAt.get(JSON.stringify(f)))
    .filter((n): n is number => n !== undefined && n > line);
  const names = free.slice(0, 6).map(readable).join(", ") + (free.length > 6 ? ", …" : "");
  return {
    skip: "undefined symbol",
    detail: `no value for ${names}${
      later.length ? ` (defined only later, on line ${Math.min(...later)})` : ""
    }`,
  };
}

/** Both sides one application of the same defined function: compare the arguments. */
function sameFunction(
  l: string,
  r: string,
  defs: Definitions,
): { left: string; right: string; name: string } | null {
  const app = (s: string) => {
    const m = /^(\\[A-Za-z]+|[A-Za-z])\s*(\\left)?\((.*)\)$/s.exec(s);
    if (!m || !defs.functions.has(m[1])) return null;
    const inner = m[3].replace(/\\right\s*$/, "");
    return balanced(inner) ? { name: m[1], arg: inner.trim() } : null;
  };
  const la = app(l);
  const ra = app(r);
  return la && ra && la.name === ra.name ? { left: la.arg, right: ra.arg, name: la.name } : null;
}

interface Evaluated {
  reading: LogReading;
  left: Value<number>;
  right: Value<number>;
}

/** The arithmetic check of two read sides. */
function arithmetic(
  lp: Read,
  rp: Read,
  r: string,
  argumentsOf: string | null,
  ctx: JudgeContext,
): StepResult {
  const bare = lp.bare || rp.bare;
  const readings: LogReading[] = bare
    ? [
      ctx.log.reading,
      ...(["ln", "log2", "log10"] as LogReading[]).filter((x) => x !== ctx.log.reading),
    ]
    : [ctx.log.reading];
  const results: Evaluated[] = [];
  for (const reading of readings) {
    const left = interpret(lp.json, NUMBERS, reading);
    const right = interpret(rp.json, NUMBERS, reading);
    if (!finite(left) || !finite(right)) {
      return {
        skip: "not a number",
        detail: "a side is not a finite number (overflow, division by zero or a logarithm of 0)",
      };
    }
    results.push({ reading, left, right });
  }
  const scaled = scaledLiteral(r);
  const written = scaled?.literal ?? r.replace(/\s+/g, "");
  const literal = LITERAL.test(written) ? written : null;
  if (scaled) {
    // `≈ 0.07 million`: the written number is compared at its digits, in millions.
    for (const x of results) {
      if ("scalar" in x.left) x.left = { scalar: x.left.scalar / scaled.factor };
    }
  }
  const main = results[0];
  let ok = compare(main.left, main.right, literal);
  if (ok === "shape") {
    return {
      skip: "unsupported",
      detail:
        "the two sides have different shapes (a number and a matrix, or matrices of different sizes)",
    };
  }
  const roundedIn = literal !== null && !ok && "scalar" in main.left
    ? carriedRounding(lp.json, literal, ctx)
    : null;
  if (roundedIn?.agrees) ok = true;
  const both = literal === null && !ok && "scalar" in main.left && "scalar" in main.right
    ? bothWritten(lp.json, rp.json, r, ctx)
    : null;
  if (both) ok = true;
  const size = sizeFloor(main.left, literal, lp.raw);
  if (size?.agrees) ok = true;
  const alternatives: Reading[] = bare && !rp.bare
    ? results.map((x) => ({
      reading: READINGS[x.reading].words,
      computed: render(x.left, literal),
      reproduces: compare(x.left, x.right, literal) === true,
    }))
    : [];
  return {
    verdict: ok ? "agrees" : "disagrees",
    computed: size
      ? `${size.floor} (⌊${show(size.value)}⌋, an output size)`
      : render(main.left, literal),
    reason: size ? size.reason : both ? both : reasonOf(
      main,
      ok,
      literal,
      r,
      argumentsOf,
      bare,
      alternatives,
      ctx,
      roundedIn,
      isSizeForm(lp.raw),
    ),
    assumptions: [...assumptionsOf(lp, rp, bare, ctx), ...(size ? [size.assumption] : [])],
    alternatives,
    ...draftOf(lp.json, rp.json, literal, bare, ctx.log),
    carriedFrom: carriedFrom(lp, ctx),
    value: "scalar" in main.left ? main.left.scalar * (scaled?.factor ?? 1) : undefined,
  };
}

/** A number written with a scale (`0.07 \times 10^{6}`, from `0.07 million`), or null. */
function scaledLiteral(r: string): { literal: string; factor: number } | null {
  const m = /^\s*([-+]?\d*\.?\d+)\s*\\(?:times|cdot)\s*10\^\{?([-−]?\d{1,3})\}?\s*$/.exec(r);
  return m ? { literal: m[1], factor: 10 ** Number(m[2].replace("−", "-")) } : null;
}

/** Compares the sides: at the written digits for a number, entry by entry for matrices. */
function compare(
  left: Value<number>,
  right: Value<number>,
  literal: string | null,
): boolean | "shape" {
  if ("scalar" in left && "scalar" in right) {
    return literal !== null
      ? agreesWithWritten(left.scalar, literal)
      : close(left.scalar, right.scalar);
  }
  if ("matrix" in left && "matrix" in right) {
    if (
      left.matrix.length !== right.matrix.length ||
      left.matrix[0]?.length !== right.matrix[0]?.length
    ) return "shape";
    return left.matrix.every((row, i) =>
      row.every((x, j) => {
        const s = right.matrix[i][j];
        return agreesWithWritten(x, String(s)) || close(x, s);
      })
    );
  }
  return "shape";
}

/**
 * The left side in interval arithmetic over the values the sheet rounded earlier: whether
 * the stated value's interval meets it, and by how much it misses. Null when the left side
 * reuses no rounded value.
 */
function carriedRounding(
  left: Json,
  literal: string,
  ctx: JudgeContext,
): { agrees: boolean; miss: number; lo: number; hi: number } | null {
  const used = [...new Set(numbersIn(left).filter((x) => ctx.rounded.has(x)))];
  if (used.length === 0) return null;
  const range = used.length <= MAX_CORNERS
    ? corners(left, used, ctx)
    : interpret(left, intervals(ctx.rounded, applyFunction), ctx.log.reading);
  if (!("scalar" in range)) return null;
  const v = { scalar: range.scalar };
  const stated = writtenInterval(literal);
  return {
    agrees: meets(v.scalar, stated),
    miss: gap(v.scalar, stated),
    lo: v.scalar.lo,
    hi: v.scalar.hi,
  };
}

/**
 * An output size whose floor the sheet dropped (`(32 - 3 + 2)/2 + 1 = 16`): an integer stated
 * for a quotient plus one that is not whole. The size is the floor; the step agrees when the
 * stated integer is that floor, and otherwise the correction is the integer. Null otherwise.
 */
function sizeFloor(left: Value<number>, literal: string | null, raw: Json) {
  if (literal === null || !/^\d+$/.test(literal) || !("scalar" in left)) return null;
  const value = left.scalar;
  if (Number.isInteger(value) || value < 1 || !isSizeForm(raw)) return null;
  const floor = Math.floor(value);
  const agrees = floor === Number(literal);
  return {
    agrees,
    value,
    floor,
    reason: agrees
      ? `the left side is ${show(value)}, not whole: as an output size its quotient is floored, ⌊${
        show(value)
      }⌋ = ${floor}, as written`
      : `the left side is ${show(value)}, not whole: as an output size it is ⌊${
        show(value)
      }⌋ = ${floor}, not ${literal}`,
    assumption:
      "an output size (n + 2p - k)/s + 1 is read with the floor of its quotient, which the sheet does not write",
  };
}

/**
 * Whether a side has the form of an output size, `(n + 2p - k)/s + 1`: a quotient plus one,
 * whose floor a sheet may have dropped (the reason then gives the integer it should be).
 */
function isSizeForm(json: Json): boolean {
  const body = Array.isArray(json) && json[0] === "Delimiter" ? json[1] : json;
  return Array.isArray(body) && body[0] === "Add" && body.includes(1) &&
    body.some((a) => Array.isArray(a) && (a[0] === "Divide" || a[0] === "Rational"));
}

/**
 * Two expressions that agree at the precision the sheet wrote them (`1/(1 + e^{-0.5}) =
 * 1/1.6065`): each written decimal of the right side, and each value the sheet rounded
 * earlier, stands for its interval; the reason when the two ranges meet, else null.
 */
function bothWritten(left: Json, right: Json, r: string, ctx: JudgeContext): string | null {
  const written = new Map(ctx.rounded);
  // Intermediates a sheet rounds have three decimals or more (1.6065); `1.0` is a given.
  for (const d of cleanSide(r).match(/\d*\.\d{3,}/g) ?? []) {
    written.set(Number(d), 0.5 * 10 ** -(d.split(".")[1].length));
  }
  const range = (json: Json, values: ReadonlyMap<number, number>) => {
    const used = [...new Set(numbersIn(json).filter((x) => values.has(x)))];
    if (used.length > MAX_CORNERS) return null;
    const v = corners(json, used, { ...ctx, rounded: new Map(values) });
    return "scalar" in v ? v.scalar : null;
  };
  const l = range(left, ctx.rounded);
  const rr = range(right, written);
  if (!l || !rr || !meets(l, rr)) return null;
  return `the two sides are ${show(l.lo)} and ${show(rr.lo)}${
    rr.hi > rr.lo ? ` to ${show(rr.hi)}` : ""
  }: equal at the precision the sheet writes its decimals`;
}

/**
 * The two readings of a rounded value: as written and the exact value the sheet rounded (when
 * the scan computed it), else the two ends of the interval its written digits stand for.
 */
function candidates(x: number, ctx: JudgeContext): [number, number] {
  const exact = ctx.exact.get(x);
  if (exact !== undefined) return [x, exact];
  const half = ctx.rounded.get(x)!;
  return [x - half, x + half];
}

/** The most distinct rounded values whose corners are evaluated (2^8 evaluations). */
const MAX_CORNERS = 8;

/**
 * The range of a side over its rounded values' readings: each value the sheet rounded takes
 * one reading (as written or exact; or an end of its interval) everywhere it occurs, the same
 * value being one quantity, not independent ones as plain interval arithmetic would treat it.
 */
function corners(left: Json, used: number[], ctx: JudgeContext): Value<Interval> {
  let lo = Infinity;
  let hi = -Infinity;
  for (let mask = 0; mask < 1 << used.length; mask++) {
    const at = new Map(used.map((x, i) => [x, candidates(x, ctx)[mask >> i & 1]]));
    let v: Value<number>;
    try {
      v = interpret(replaceNumbers(left, at), NUMBERS, ctx.log.reading);
    } catch {
      return { matrix: [] };
    }
    if (!("scalar" in v)) return { matrix: [] };
    lo = Math.min(lo, v.scalar);
    hi = Math.max(hi, v.scalar);
  }
  return { scalar: { lo, hi } };
}

/** A tree with some of its numbers replaced (a rounded value by another reading of it). */
export function replaceNumbers(json: Json, at: ReadonlyMap<number, number>): Json {
  if (typeof json === "number") return at.get(json) ?? json;
  if (!Array.isArray(json)) {
    if (typeof json === "object" && json && "num" in json) return at.get(Number(json.num)) ?? json;
    return json;
  }
  // A derivative's order or a subscript is no quantity of the sheet.
  if (json[0] === "Derivative" || json[0] === "Subscript") return json;
  return [json[0], ...json.slice(1).map((a) => replaceNumbers(a, at))];
}

function numbersIn(json: Json): number[] {
  if (typeof json === "number") return [json];
  if (!Array.isArray(json)) {
    return typeof json === "object" && json && "num" in json ? [Number(json.num)] : [];
  }
  return json.slice(1).flatMap(numbersIn);
}

/** The earlier wrong step whose value this step's left side uses, or null. */
function carriedFrom(lp: Read, ctx: JudgeContext): string | null {
  for (const key of usedDefinitions(lp.raw, ctx.defs.values)) {
    const from = ctx.wrongSymbols.get(key);
    if (from) return from;
  }
  for (const x of numbersIn(lp.raw)) {
    const from = ctx.wrongValues.get(x);
    if (from) return from;
  }
  return null;
}

function render(v: Value<number>, literal: string | null): string {
  const d = literal !== null ? decimals(literal) : undefined;
  if (!("scalar" in v)) return showArray(v.matrix);
  return d !== undefined && d > 0 ? `${v.scalar.toFixed(d)} (${v.scalar})` : show(v.scalar);
}

function reasonOf(
  main: Evaluated,
  ok: boolean,
  literal: string | null,
  r: string,
  argumentsOf: string | null,
  bare: boolean,
  alternatives: Reading[],
  ctx: JudgeContext,
  rounded: { agrees: boolean; miss: number; lo: number; hi: number } | null,
  sizeForm: boolean,
): string {
  const what = argumentsOf ? `the argument of $${argumentsOf}$ on the left` : "the left side";
  const other = argumentsOf ? "on the right" : "the right side";
  const leftText = "scalar" in main.left ? show(main.left.scalar) : showArray(main.left.matrix);
  const rightText = "scalar" in main.right ? show(main.right.scalar) : showArray(main.right.matrix);
  let reason: string;
  if ("matrix" in main.left) {
    reason = ok
      ? `${what} is ${leftText}, equal entry by entry to the right side`
      : `${what} is ${leftText}, but the right side is ${rightText}`;
  } else if (literal !== null) {
    reason = writtenReason(main.left.scalar, ok, literal, r, what, leftText, rounded, sizeForm);
  } else {
    reason = ok
      ? `${what} is ${leftText} and ${other} ${rightText}: equal to a relative ${EXPRESSION_TOLERANCE}`
      : `${what} is ${leftText} but ${other} is ${rightText}`;
  }
  if (bare) {
    reason += ` (reading $\\log$ as the ${READINGS[ctx.log.reading].words})`;
    const reproducing = alternatives.filter((a) => a.reproduces).map((a) => a.reading);
    if (!ok && reproducing.length) {
      reason += `; the ${reproducing.join(" and the ")} reproduces the written value`;
    }
  }
  return reason;
}

function writtenReason(
  value: number,
  ok: boolean,
  literal: string,
  r: string,
  what: string,
  leftText: string,
  rounded: { agrees: boolean; miss: number; lo: number; hi: number } | null,
  sizeForm: boolean,
): string {
  const d = decimals(literal) ?? 0;
  const digits = `${d} decimal${d === 1 ? "" : "s"}`;
  if (rounded) {
    const range = `[${show(rounded.lo)}, ${show(rounded.hi)}]`;
    return ok
      ? `${what} is ${leftText}; with the values the sheet rounded earlier taken as written or exact it lies in ${range}, which ${r} to ${digits} meets (rounding carried forward)`
      : `${what} is ${leftText}; even with the values the sheet rounded earlier taken as written or exact it lies in ${range}, and ${r} misses it by ${
        show(rounded.miss)
      }`;
  }
  if (d === 0) {
    if (ok) return `${what} is ${leftText}, exactly ${r}`;
    const floor = Number.isInteger(value) || !sizeForm
      ? ""
      : `; as a count or a size it would be ⌊${leftText}⌋ = ${Math.floor(value)}`;
    return `${what} is ${leftText}, not ${r}${floor}`;
  }
  return ok
    ? `${what} is ${leftText}, which rounds to ${r} to ${digits}`
    : `${what} is ${leftText}, which rounds to ${value.toFixed(d)}, not ${r}`;
}

function assumptionsOf(
  lp: Read,
  rp: Read,
  bare: boolean,
  ctx: JudgeContext,
): string[] {
  const out: string[] = [];
  for (
    const key of new Set([
      ...usedDefinitions(lp.raw, ctx.defs.values),
      ...usedDefinitions(rp.raw, ctx.defs.values),
    ])
  ) {
    const d = ctx.defs.values.get(key)!;
    out.push(`${readable(JSON.parse(key))} as defined on line ${d.line}`);
  }
  const written = JSON.stringify([lp.raw, rp.raw]);
  for (const f of ctx.defs.functions.values()) {
    if (ctx.usedFunctions.has(f.name)) {
      out.push(`$${f.name}(${f.variable}) = ${f.body}$ as the sheet defines it on line ${f.line}`);
    }
  }
  if (written.includes("CircleTimes")) {
    out.push(
      "$A \\otimes K$ between two matrices of one shape is the sum of their elementwise products (one entry of a convolution)",
    );
  }
  if (bare) {
    out.push(`a bare $\\log$ is read as the ${READINGS[ctx.log.reading].words}: ${ctx.log.why}`);
  }
  return out;
}

/** The step as the draft writes it (bounded: a long sum is refused, not expanded). */
function draftOf(
  left: Json,
  right: Json,
  literal: string | null,
  bare: boolean,
  log: { reading: LogReading; why: string },
): { js: string; statedJs: string; draftAssumptions: string[] } {
  const write = (j: Json) => {
    try {
      return jsText(interpret(j, JAVASCRIPT, log.reading));
    } catch (error) {
      if (error instanceof Refusal) return null;
      throw error;
    }
  };
  const js = write(left) ?? "null /* too long to write as a claim */";
  const statedJs = literal ?? write(right) ?? "null";
  return {
    js,
    statedJs,
    draftAssumptions: bare
      ? [`the bare \\log is written ${log.reading}: ${log.why.replace(/\$/g, "")}`]
      : [],
  };
}

function finite(v: Value<number>): boolean {
  return "scalar" in v
    ? Number.isFinite(v.scalar)
    : v.matrix.every((r) => r.every(Number.isFinite));
}

/** The symbol names as a reader wrote them (the parser's names for a few Greek letters). */
export function readable(name: unknown): string {
  if (typeof name !== "string") return JSON.stringify(name);
  return name === "GoldenRatio" ? "\\varphi" : name.replace(/^'|'$/g, "");
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

export { nameOf };
