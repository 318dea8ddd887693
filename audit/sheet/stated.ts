/**
 * Stated answers of a sheet: how the right-hand side of a claim line is read and compared.
 *
 * - a decimal (`0.68997`) at its written precision: it agrees with anything that rounds to
 *   it, $|x - s| \le \tfrac12 10^{-d}$ for $d$ written decimals;
 * - an integer (`456`) exactly: an integer result must equal it, and a result with a
 *   fractional part (float64 rounding, as in `0.1 * 30`) may differ by at most
 *   $\min(10^{-12} \max(1, |s|), 10^{-6})$, so `2^50 + 1000` is not `1125899906842624`;
 * - a one-element array or shape (`[3136]`, a Tensor of one entry) as its one number, and a
 *   stated number against it;
 * - nested arrays (`[[1, 1, 1], [0, 1, 3]]`, `[0.090, 0.245, 0.665]`) entry by entry, each at
 *   its own written precision;
 * - a shape (`9×9×6`, `9x9x6`, `9 × 9 × 6`) against an array of sizes or a Tensor's shape,
 *   in the library's channels-first order or the sheet's H × W × C order;
 * - a quoted string, `true` or `false` exactly;
 * - an expression without variables (`1/3`, `[0.1 + 0.2]`) by its value: numbers at
 *   relative $10^{-9}$, arrays entry by entry;
 * - a result that is a record (`{ trainable, running }`) or a Tensor of several entries
 *   against a number is no verdict but an error of the line, naming what to pick;
 * - a formula (the side names variables) is a formula claim: the sheet module tests it.
 *
 * @module
 */
import { show } from "../check.ts";
import {
  describe,
  freeNames,
  kindOf,
  type Node,
  parseExpression,
  plain,
  SheetError,
} from "./expr.ts";
import { Tensor } from "../../mod.ts";

/** A stated number with its written precision (`decimals` null: an exact integer). */
export interface StatedNumber {
  /** The value. */
  value: number;
  /** Written decimals (5 for 0.68997), or null for an integer, compared exactly. */
  decimals: number | null;
  /** As written. */
  text: string;
}

/** A parsed stated answer. */
export type Stated =
  | { kind: "number"; number: StatedNumber }
  | { kind: "array"; entries: StatedArray }
  | { kind: "shape"; dims: number[] }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "value"; node: Node }
  | { kind: "formula"; node: Node; variables: string[] };

/** Nested arrays of stated numbers. */
export type StatedArray = (StatedNumber | StatedArray)[];

const SHAPE = /^\s*\d+(\s*[×xX]\s*\d+)+\s*$/;

/** The written decimals of a numeric literal: 0.68997 → 5, 1.5e-3 → 4, 456 → null. */
export function writtenDecimals(raw: string): number | null {
  const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!match) return null;
  const fraction = match[2]?.length ?? 0;
  const exponent = Number(match[3] ?? 0);
  if (match[2] === undefined && exponent >= 0) return null;
  return Math.max(0, fraction - exponent);
}

function literalNumber(node: Node, sign = 1): StatedNumber | null {
  if (node.type === "UnaryExpression" && (node.operator === "-" || node.operator === "+")) {
    return literalNumber(node.argument as Node, node.operator === "-" ? -sign : sign);
  }
  if (node.type === "Literal" && typeof node.value === "number") {
    const raw = String(node.raw);
    return {
      value: sign * node.value,
      decimals: writtenDecimals(raw),
      text: `${sign < 0 ? "-" : ""}${raw}`,
    };
  }
  return null;
}

function literalArray(node: Node): StatedArray | null {
  if (node.type !== "ArrayExpression") return null;
  const out: StatedArray = [];
  for (const e of node.elements as (Node | null)[]) {
    if (!e) return null;
    const entry = literalNumber(e) ?? literalArray(e);
    if (!entry) return null;
    out.push(entry);
  }
  return out;
}

/**
 * Reads a stated answer: a shape, a number, nested arrays, a string or boolean, an
 * expression, or a formula when it names variables other than `bound` (where-definitions).
 *
 * @throws {SheetError} When it is none of these (e.g. plain words).
 */
export function parseStated(text: string, bound: ReadonlySet<string> = new Set()): Stated {
  if (SHAPE.test(text)) {
    return { kind: "shape", dims: text.split(/[×xX]/).map((s) => Number(s.trim())) };
  }
  const grouped = /^\s*-?\d{1,3}(,\d{3})+(\.\d+)?\s*$/.exec(text);
  if (grouped) {
    throw new SheetError(
      `the stated answer "${text.trim()}" groups its digits with commas; write it without ` +
        `them, ${text.replace(/[,\s]/g, "")} (a comma separates arguments and array entries)`,
    );
  }
  let node: Node;
  try {
    node = parseExpression(text);
  } catch (error) {
    throw new SheetError(
      `the stated answer "${text.trim()}" is not a number, an array, a shape (3×3×8), a quoted string or a formula (${
        (error as Error).message
      })`,
    );
  }
  const number = literalNumber(node);
  if (number) return { kind: "number", number };
  const array = literalArray(node);
  if (array) return { kind: "array", entries: array };
  if (node.type === "Literal" && typeof node.value === "string") {
    return { kind: "string", value: node.value };
  }
  if (node.type === "Literal" && typeof node.value === "boolean") {
    return { kind: "boolean", value: node.value };
  }
  const variables = [...freeNames(node)].filter((n) => !bound.has(n));
  if (variables.length > 0) return { kind: "formula", node, variables };
  return { kind: "value", node };
}

/** Whether `value` matches a stated number at its precision. */
export function matchesNumber(value: number, stated: StatedNumber): boolean {
  if (!Number.isFinite(value)) return false;
  if (stated.decimals === null) {
    if (Number.isInteger(value)) return value === stated.value;
    const slack = Math.min(1e-12 * Math.max(1, Math.abs(stated.value)), 1e-6);
    return Math.abs(value - stated.value) <= slack;
  }
  const half = 0.5 * 10 ** -stated.decimals;
  return Math.abs(value - stated.value) <= half * (1 + 1e-9);
}

/** The result of comparing a computed value with a stated answer. */
export interface Comparison {
  /** Whether they agree. */
  agrees: boolean;
  /** The computed value, rendered (at the stated precision where it has one). */
  computed: string;
  /** What was compared, e.g. "rounds to 0.68997 at 5 decimals". */
  detail: string;
}

function renderAt(value: number, stated: StatedNumber): string {
  return stated.decimals === null ? show(value) : value.toFixed(stated.decimals);
}

/**
 * A computed number as the report prints it beside a stated one: at the stated precision
 * when it agrees, and otherwise with enough digits to see how it differs (0.416667, not the
 * 0.42 of a stated 0.45), never fewer decimals than the stated value has.
 */
export function renderBeside(value: number, stated: StatedNumber): string {
  if (matchesNumber(value, stated)) return renderAt(value, stated);
  const text = show(value);
  const written = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
  return stated.decimals !== null && written < stated.decimals
    ? value.toFixed(stated.decimals)
    : text;
}

function renderNested(value: unknown, stated: StatedArray | null): string {
  if (typeof value === "number") return show(value);
  if (!Array.isArray(value)) return describe(value);
  return `[${
    value.map((v, i) => {
      const s = stated?.[i];
      if (typeof v === "number" && s && !Array.isArray(s)) return renderBeside(v, s);
      return renderNested(v, Array.isArray(s) ? s : null);
    }).join(", ")
  }]`;
}

function compareArray(value: unknown, stated: StatedArray, path: string): string | null {
  if (!Array.isArray(value)) return `${path || "the value"} is ${kindOf(value)}, not an array`;
  if (value.length !== stated.length) {
    return `${path || "the value"} has ${value.length} entries, the sheet ${stated.length}`;
  }
  for (let i = 0; i < stated.length; i++) {
    const s = stated[i], v = value[i];
    const here = `${path}[${i}]`;
    if (Array.isArray(s)) {
      const problem = compareArray(v, s, here);
      if (problem) return problem;
    } else if (typeof v !== "number") {
      return `${here} is ${kindOf(v)}, the sheet writes ${s.text}`;
    } else if (!matchesNumber(v, s)) {
      return `entry ${here} is ${renderBeside(v, s)}, not ${s.text}`;
    }
  }
  return null;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The one number of a one-element array, nested array or Tensor (`[3136]`, `[[5]]`), or null. */
function soleNumber(value: unknown): number | null {
  let v = plain(value);
  while (Array.isArray(v) && v.length === 1) v = v[0];
  return typeof v === "number" ? v : null;
}

/** Whether a value is a record (an object that is not an array, a Tensor or a typed array). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(plain(value));
}

/**
 * The error for a value that is not one number where the sheet states one: a record names
 * its fields to pick from, several entries name an index to pick.
 */
function notANumber(computed: unknown, expression: string): SheetError {
  if (isRecord(computed)) {
    const fields = Object.keys(computed);
    const pick = fields.find((k) => typeof computed[k] === "number") ?? fields[0];
    return new SheetError(
      `the expression gives a record with the fields ${fields.join(", ")}, not a number; ` +
        `pick the field you mean, e.g. "${expression}.${pick} = …"`,
    );
  }
  const entries = kindOf(computed);
  let depth = 0;
  for (let v = plain(computed); Array.isArray(v); v = v[0]) depth++;
  const index = (computed instanceof Tensor ? ".toArray()" : "") + "[0]".repeat(depth);
  return new SheetError(
    `the expression gives ${entries} (${describe(computed, 60)}), not one number; state ` +
      `every entry as an array, or pick one, e.g. "${expression}${index} = …"`,
  );
}

function compareNumber(computed: unknown, s: StatedNumber, expression: string): Comparison {
  const v = soleNumber(computed);
  if (v === null) {
    if (typeof plain(computed) === "string" || typeof computed === "boolean") {
      return {
        agrees: false,
        computed: describe(computed),
        detail: `the expression gives ${kindOf(computed)}, the sheet a number`,
      };
    }
    throw notANumber(computed, expression);
  }
  const wrapped = typeof computed !== "number";
  const ok = matchesNumber(v, s);
  const at = s.decimals === null
    ? "exactly"
    : `at ${s.decimals} decimal${s.decimals === 1 ? "" : "s"}`;
  const shown = renderBeside(v, s);
  const where = wrapped ? `the only entry of ${kindOf(computed)}, ` : "";
  return {
    agrees: ok,
    computed: s.decimals === null || shown === String(v) ? shown : `${shown} (${v})`,
    detail: where +
      (ok
        ? `${v} equals ${s.text} ${at}`
        : `${v} ${s.decimals === null ? "is not" : `rounds to ${renderAt(v, s)}, not`} ${s.text}`),
  };
}

/** plain() at every level: an array of Tensors or Float64Arrays as nested arrays of numbers. */
function plainDeep(value: unknown): unknown {
  const v = plain(value);
  return Array.isArray(v) ? v.map(plainDeep) : v;
}

function compareStatedArray(computed: unknown, stated: StatedArray, expression: string) {
  // A stated one-entry array against a number: the number is the array's one entry.
  const v = typeof computed === "number" && stated.length === 1 && !Array.isArray(stated[0])
    ? [computed]
    : plainDeep(computed);
  if (isRecord(computed)) throw notANumber(computed, expression);
  const problem = compareArray(v, stated, "");
  return {
    agrees: problem === null,
    computed: renderNested(v, stated),
    detail: problem === null ? "every entry equals the sheet's at its written precision" : problem,
  };
}

/** Whether two plain values are equal: numbers at relative 1e-9, arrays entry by entry. */
function sameValue(a: unknown, b: unknown): boolean {
  const x = soleNumber(a), y = soleNumber(b);
  if (x !== null && y !== null) {
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  }
  const p = plain(a), q = plain(b);
  if (Array.isArray(p) && Array.isArray(q)) {
    return p.length === q.length && p.every((e, i) => sameValue(e, q[i]));
  }
  if (isRecord(p) && isRecord(q)) {
    const keys = Object.keys(p);
    return keys.length === Object.keys(q).length && keys.every((k) => sameValue(p[k], q[k]));
  }
  return p === q;
}

function compareShape(computed: unknown, dims: number[]): Comparison {
  let shape: number[] | null = null;
  if (computed instanceof Tensor) shape = [...computed.shape];
  else if (Array.isArray(computed) && computed.every((n) => typeof n === "number")) {
    shape = computed as number[];
  }
  if (shape === null) {
    return {
      agrees: false,
      computed: describe(computed),
      detail: `the expression gives ${kindOf(computed)}, not a shape`,
    };
  }
  // nnspec is channels-first (C × H × W); sheets usually write H × W × C.
  const hwc = shape.length === 3 ? [shape[1], shape[2], shape[0]] : null;
  const rendered = (hwc ?? shape).join(" × ");
  if (sameDims(shape, dims)) {
    return {
      agrees: true,
      computed: shape.join(" × "),
      detail: `the shape is ${shape.join(" × ")}, as stated`,
    };
  }
  if (hwc && sameDims(hwc, dims)) {
    return {
      agrees: true,
      computed: rendered,
      detail: `the shape is ${rendered} (H × W × C; channels-first ${
        shape.join(" × ")
      }), as stated`,
    };
  }
  return {
    agrees: false,
    computed: rendered,
    detail: `the shape is ${rendered}${
      hwc ? ` (H × W × C; channels-first ${shape.join(" × ")})` : ""
    }, not ${dims.join(" × ")}`,
  };
}

function compareValue(computed: unknown, s: unknown, expression: string): Comparison {
  const v = plain(computed), w = plain(s);
  if (typeof w === "number" && soleNumber(v) === null && typeof v === "object" && v !== null) {
    throw notANumber(computed, expression);
  }
  const ok = sameValue(v, w);
  return {
    agrees: ok,
    computed: describe(computed),
    detail: ok
      ? `equals the stated ${describe(s)}`
      : `${describe(computed)} is not the stated ${describe(s)}`,
  };
}

/**
 * Compares a computed value with a parsed stated answer (not a formula: formulas are
 * tested by the sheet module). Tensors compare by their values, or by their shape when a
 * shape is stated; a one-element array or Tensor by its one number.
 *
 * @param expression The claim's expression as written, quoted in the error that says what
 *   to pick from a record or an array where one number is stated.
 * @throws {SheetError} When one number is stated and the value is a record or holds several
 *   entries: that is a question of how the line is written, not a verdict.
 */
export function compare(
  computed: unknown,
  stated: Stated,
  evaluateValue: (node: Node) => unknown,
  expression = "EXPRESSION",
): Comparison {
  switch (stated.kind) {
    case "number":
      return compareNumber(computed, stated.number, expression);
    case "array":
      return compareStatedArray(computed, stated.entries, expression);
    case "shape":
      return compareShape(computed, stated.dims);
    case "string":
    case "boolean": {
      const ok = computed === stated.value;
      return {
        agrees: ok,
        computed: describe(computed),
        detail: ok ? "equal, as stated" : `${describe(computed)} is not ${describe(stated.value)}`,
      };
    }
    case "value":
      return compareValue(computed, evaluateValue(stated.node), expression);
    case "formula":
      throw new SheetError("internal: a formula is compared by the formula check");
  }
}
