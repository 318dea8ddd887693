/**
 * Stated answers of a sheet: how the right-hand side of a claim line is read and compared.
 *
 * - a decimal (`0.68997`) at its written precision: it agrees with anything that rounds to
 *   it, $|x - s| \le \tfrac12 10^{-d}$ for $d$ written decimals;
 * - an integer (`456`) exactly (to float64 rounding, relative $10^{-12}$);
 * - nested arrays (`[[1, 1, 1], [0, 1, 3]]`, `[0.090, 0.245, 0.665]`) entry by entry, each at
 *   its own written precision;
 * - a shape (`9×9×6`, `9x9x6`, `9 × 9 × 6`) against an array of sizes or a Tensor's shape,
 *   in the library's channels-first order or the sheet's H × W × C order;
 * - a quoted string, `true` or `false` exactly;
 * - an expression without variables (`1/3`) by its value (relative $10^{-9}$);
 * - a formula (the side names variables) is a formula claim: the sheet module tests it.
 *
 * @module
 */
import { show } from "./check.ts";
import {
  describe,
  freeNames,
  kindOf,
  type Node,
  parseExpression,
  plain,
  SheetError,
} from "./expr.ts";
import { Tensor } from "../mod.ts";

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
    return Math.abs(value - stated.value) <= 1e-12 * Math.max(1, Math.abs(stated.value));
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

function renderNested(value: unknown, stated: StatedArray | null): string {
  if (typeof value === "number") return show(value);
  if (!Array.isArray(value)) return describe(value);
  return `[${
    value.map((v, i) => {
      const s = stated?.[i];
      if (typeof v === "number" && s && !Array.isArray(s)) return renderAt(v, s);
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
      return `entry ${here} is ${renderAt(v, s)}, not ${s.text}`;
    }
  }
  return null;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Compares a computed value with a parsed stated answer (not a formula: formulas are
 * tested by the sheet module). Tensors compare by their values, or by their shape when a
 * shape is stated.
 */
export function compare(
  computed: unknown,
  stated: Stated,
  evaluateValue: (node: Node) => unknown,
): Comparison {
  switch (stated.kind) {
    case "number": {
      // A 1 × 1 map (a pool of a 2 × 2 input) is compared by its one entry.
      const single = computed instanceof Tensor && computed.size === 1;
      const v = single ? (computed as Tensor).data[0] : plain(computed);
      if (typeof v !== "number") {
        return {
          agrees: false,
          computed: describe(computed),
          detail: `the expression gives ${kindOf(computed)}, the sheet a number`,
        };
      }
      const s = stated.number;
      const ok = matchesNumber(v, s);
      const at = s.decimals === null
        ? "exactly"
        : `at ${s.decimals} decimal${s.decimals === 1 ? "" : "s"}`;
      return {
        agrees: ok,
        computed: s.decimals === null ? show(v) : `${renderAt(v, s)} (${v})`,
        detail: (single ? `the only entry of the ${computed.shape.join(" × ")} map, ` : "") +
          (ok
            ? `${v} equals ${s.text} ${at}`
            : `${v} ${
              s.decimals === null ? "is not" : `rounds to ${renderAt(v, s)}, not`
            } ${s.text}`),
      };
    }
    case "array": {
      const v = plain(computed);
      const problem = compareArray(v, stated.entries, "");
      return {
        agrees: problem === null,
        computed: renderNested(v, stated.entries),
        detail: problem === null
          ? "every entry equals the sheet's at its written precision"
          : problem,
      };
    }
    case "shape": {
      const dims = stated.dims;
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
    case "string":
    case "boolean": {
      const ok = computed === stated.value;
      return {
        agrees: ok,
        computed: describe(computed),
        detail: ok ? "equal, as stated" : `${describe(computed)} is not ${describe(stated.value)}`,
      };
    }
    case "value": {
      const s = evaluateValue(stated.node);
      const v = plain(computed), w = plain(s);
      const ok = typeof v === "number" && typeof w === "number"
        ? Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v), Math.abs(w))
        : JSON.stringify(v) === JSON.stringify(w);
      return {
        agrees: ok,
        computed: describe(computed),
        detail: ok
          ? `equals the stated ${describe(s)}`
          : `${describe(computed)} is not the stated ${describe(s)}`,
      };
    }
    case "formula":
      throw new SheetError("internal: a formula is compared by the formula check");
  }
}
