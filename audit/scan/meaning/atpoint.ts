/**
 * A formula the sheet defines, evaluated at a table row's values: the scan's table reader
 * writes a row whose last column is headed by a symbol (`O`) and whose other columns bind
 * symbols (`N`, `F`, `P`, `S`) as `\left. O \right|_{N = 28, F = 5, P = 2, S = 2} = 15`; the
 * sheet's own definition of O (`O = \lfloor (N - F + 2P)/S \rfloor + 1`) is evaluated there.
 * A floor the sheet writes but a row rounds up is said as the reading that reproduces it.
 *
 * @module
 */
import { show } from "../../check.ts";
import { type Dual, evaluate, freeSymbols } from "./evaluate.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide } from "./names.ts";
import { sameAsWritten } from "./quantities.ts";
import type { Json } from "../interpret.ts";

const AT = /^\s*\\left\.\s*([^=]{1,40}?)\s*\\right\|_\{([^{}]{1,200})\}\s*=\s*([-+]?\d*\.?\d+)\s*$/;

/** The value of a formula at the row's values, or null. */
function valueAt(formula: Json, values: Map<string, Dual>): number | null {
  if ([...freeSymbols(formula, new Map())].some((s) => !values.has(s))) return null;
  const v = evaluate(formula, { values, functions: new Map() }).v;
  return Number.isFinite(v) ? v : null;
}

/** Reads a table row of a formula the sheet defines (null otherwise). */
export function readAtPoint(step: MeaningStep): Meaning | null {
  const m = AT.exec(step.tex);
  if (!m) return null;
  const name = readSide(m[1]).tree;
  const formula = typeof name === "string" ? step.definitions.get(name) : undefined;
  if (formula === undefined) return null;
  const values = new Map<string, Dual>();
  for (const binding of m[2].split(",")) {
    const [symbol, value] = binding.split("=").map((s) => s.trim());
    const key = readSide(symbol ?? "").tree;
    if (typeof key !== "string" || !/^[-+]?\d*\.?\d+$/.test(value ?? "")) return null;
    values.set(key, { v: Number(value), d: 0 });
  }
  const value = valueAt(formula, values);
  if (value === null) return null;
  const stated = m[3];
  const ok = sameAsWritten(value, stated);
  const text = JSON.stringify(formula);
  const ceil = !ok && text.includes('"Floor"')
    ? valueAt(JSON.parse(text.replaceAll('"Floor"', '"Ceil"')), values)
    : null;
  const reading = ceil !== null && sameAsWritten(ceil, stated)
    ? "the quotient rounded up instead of floored"
    : null;
  const row = m[2].replace(/\s+/g, " ");
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : "error",
    reason: ok
      ? `the sheet's ${m[1]} at ${row} is ${show(value)}, as stated`
      : `the sheet's ${m[1]} at ${row} is ${show(value)}, not ${stated}; ${
        reading ? `${reading} reproduces it` : "no known mistake reproduces it"
      }`,
    readAs: `the sheet's formula for ${m[1]} at a table row`,
    evidence: [`the column headed ${m[1]}`, `the row's ${row}`],
    assumptions: [`${m[1]} as the sheet defines it`],
    reproducedBy: reading,
    mistakes: [],
    alternatives: reading && ceil !== null
      ? [{ reading, computed: show(ceil), reproduces: true }]
      : [],
    correct: show(value),
    counterexample: null,
    seed: null,
    draft: null,
    topic: "table row",
    chapter: "",
  };
}
