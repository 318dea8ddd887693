/**
 * Stage 3, evaluating: a side's TeX is rewritten (`notation.ts`), the sheet's own functions
 * are applied (`g(z) = 1/(1 + e^{-z})`, then `g(0.6)` anywhere), the Compute Engine parses it
 * without its canonical rewriting (so the arithmetic the sheet wrote is what is evaluated),
 * and the document's definitions so far are substituted. Nothing in a scanned file is run.
 *
 * @module
 */
import { ComputeEngine } from "../_compute_engine.ts";
import {
  BARE_LOG,
  freeSymbols,
  hasBareLog,
  hasWords,
  type Json,
  parseError,
  Refusal,
} from "./interpret.ts";
import type { ScanSkip } from "../model.ts";
import { MAX_NESTING, MAX_SIDE_CHARS } from "./model.ts";
import { normalize } from "./notation.ts";

/** A function the sheet defines: `name(variable) = body`. */
export interface FunctionDef {
  name: string;
  variable: string;
  body: string;
  line: number;
}

/** A symbol's value: the MathJSON substituted, where it was defined, and the step it came from. */
export interface Definition {
  json: Json;
  line: number;
  /** The id of the step that stated the value, when a step did. */
  from: string | null;
  /** True when the sheet computed the value (a chain with an expression), not gave it. */
  computed?: boolean;
  /** The question it was defined in. */
  question?: string;
}

/** The document's definitions, as the steps go: what the judge substitutes. */
export class Definitions {
  /** Symbols defined so far, keyed by the JSON of their parsed name. */
  readonly values = new Map<string, Definition>();
  /** The sheet's functions (usable anywhere, before or after their definition). */
  readonly functions = new Map<string, FunctionDef>();
  /** The first line defining each symbol anywhere (to say "defined only later"). */
  readonly definedAt = new Map<string, number>();
}

let engine: ComputeEngine | null = null;
const memo = new Map<string, Json>();

/** Starts a new document: the parse memo is cleared (it holds one document's sides). */
export function resetParses(): void {
  memo.clear();
}

/** Parses rewritten TeX, memoized within one document. */
export function parse(tex: string): Json {
  if (tex.length > MAX_SIDE_CHARS) {
    throw new Refusal(
      "limit",
      `a side of ${tex.length} characters, over ${MAX_SIDE_CHARS} (MAX_SIDE_CHARS)`,
    );
  }
  const depth = nesting(tex);
  if (depth > MAX_NESTING) {
    throw new Refusal("limit", `brackets nested ${depth} deep, over ${MAX_NESTING} (MAX_NESTING)`);
  }
  const known = memo.get(tex);
  if (known !== undefined) return known;
  engine ??= new ComputeEngine();
  const json = engine.parse(tex, { form: "raw" }).json as Json;
  memo.set(tex, json);
  return json;
}

/** The parse of a side as a symbol's name (its key among the definitions), or null. */
export function nameOf(tex: string): string | null {
  let json: Json;
  try {
    json = parse(normalize(tex));
  } catch {
    return null;
  }
  const isName = (j: Json): boolean =>
    (typeof j === "string" && !j.startsWith("'") && freeSymbols(j).size === 1) ||
    (Array.isArray(j) && (j[0] === "Subscript" || j[0] === "OverHat" || j[0] === "OverBar") &&
      isName(j[1]) && !parseError(j));
  return isName(json) && !hasWords(json) ? JSON.stringify(json) : null;
}

const FUNCTION_DEF =
  /^(\\[A-Za-z]+|[A-Za-z]|\\mathrm\{[A-Za-z]+\}|\\operatorname\{[A-Za-z]+\})\s*(?:\\left)?\(\s*([A-Za-z])\s*(?:\\right)?\)$/;

/** `g(z)` as a function's name and variable, or null. */
export function functionHead(tex: string): { name: string; variable: string } | null {
  const m = FUNCTION_DEF.exec(normalize(tex));
  return m ? { name: m[1], variable: m[2] } : null;
}

/** The deepest nesting of `(`, `[` and `{` in a side (the parser recurses once per level). */
function nesting(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of tex) {
    if (c === "(" || c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
    else if (c === ")" || c === "]" || c === "}") depth--;
  }
  return deepest;
}

/** Rewrites every bare `\log` (no `_` base) so the parsed tree marks it. */
function markBareLog(tex: string): string {
  return tex.replace(/\\log(?![A-Za-z])(?!\s*_)/g, `\\log_{\\mathrm{${BARE_LOG}}}`);
}

/** A side read: its closed MathJSON, whether it has a bare `\log`, and its parse before substitution. */
export interface Read {
  json: Json;
  bare: boolean;
  raw: Json;
}

/** A side, read: its closed MathJSON, or why it cannot be read. */
export type Prepared = Read | { skip: ScanSkip["reason"]; detail: string; free?: string[] };

/** Rewrites, applies the sheet's functions, parses and substitutes the definitions so far. */
export function prepare(tex: string, defs: Definitions): Prepared {
  const written = normalize(tex);
  const applied = normalize(applyFunctions(written, defs.functions));
  const raw = parse(markBareLog(applied));
  const error = parseError(raw);
  if (error) return { skip: "cannot parse", detail: `cannot parse $${written}$: ${error}` };
  if (hasWords(raw)) return { skip: "words", detail: "a side is words, not mathematics" };
  const closed = substitute(raw, defs.values);
  const free = [...freeSymbols(closed)];
  if (free.length > 0) return { skip: "undefined symbol", detail: "", free };
  return { json: closed, bare: hasBareLog(closed), raw };
}

/** Substitutes defined symbols, keyed by the JSON of their names. */
function substitute(json: Json, values: ReadonlyMap<string, Definition>): Json {
  if (values.size === 0) return json;
  const d = values.get(JSON.stringify(json));
  if (d !== undefined) return d.json;
  if (!Array.isArray(json) || json.length === 0) return json;
  return [json[0], ...json.slice(1).map((a) => substitute(a, values))];
}

/** A side's parse after the notation is rewritten (no functions applied, nothing substituted). */
export function parseSide(tex: string): Json {
  return parse(normalize(tex));
}

/** The names a side uses that are defined, with the step each came from. */
export function usedDefinitions(raw: Json, values: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (j: Json) => {
    const key = JSON.stringify(j);
    if (values.has(key)) out.push(key);
    else if (Array.isArray(j)) j.slice(1).forEach(walk);
  };
  walk(raw);
  return [...new Set(out)];
}

/** Applies the sheet's functions: `\varphi(a)` becomes the body at `(a)`. */
export function applyFunctions(
  tex: string,
  defs: ReadonlyMap<string, FunctionDef>,
  depth = 0,
): string {
  if (defs.size === 0 || depth > 8) return tex;
  let out = "";
  let i = 0;
  let changed = false;
  while (i < tex.length) {
    const name = /^(\\mathrm\{[A-Za-z]+\}|\\operatorname\{[A-Za-z]+\}|\\[A-Za-z]+|[A-Za-z])/
      .exec(tex.slice(i, i + 40))?.[1];
    if (name === undefined) {
      out += tex[i++];
      continue;
    }
    const call = callAt(tex, i, name, defs);
    if (!call) {
      out += name;
      i += name.length;
      continue;
    }
    out += `\\left(${
      replaceVariable(call.def.body, call.def.variable, `\\left(${call.arg}\\right)`)
    }\\right)`;
    if (out.length > MAX_SIDE_CHARS) {
      throw new Refusal(
        "limit",
        `applying the sheet's functions makes a side of more than ${MAX_SIDE_CHARS} characters (MAX_SIDE_CHARS)`,
      );
    }
    i = call.end;
    changed = true;
  }
  return changed ? applyFunctions(out, defs, depth + 1) : out;
}

/** A call of a defined function at `i`: its definition, argument and end, or null. */
function callAt(
  tex: string,
  i: number,
  name: string,
  defs: ReadonlyMap<string, FunctionDef>,
): { def: FunctionDef; arg: string; end: number } | null {
  const def = defs.get(name);
  const prevIsLetter = name.length === 1 && i > 0 && /[\\A-Za-z]/.test(tex[i - 1]);
  const open = /^\s*(\\left)?\(/.exec(tex.slice(i + name.length, i + name.length + 10));
  if (!def || prevIsLetter || !open) return null;
  const argStart = i + name.length + open[0].length;
  let depth = 1;
  let j = argStart;
  for (; j < tex.length && depth > 0; j++) {
    if (tex[j] === "(") depth++;
    if (tex[j] === ")") depth--;
  }
  if (depth > 0) return null;
  return { def, arg: tex.slice(argStart, j - 1).replace(/\\right\s*$/, ""), end: j };
}

/** Replaces the single-letter variable of a function body, leaving macro names alone. */
function replaceVariable(body: string, variable: string, by: string): string {
  return body.replace(/\\[A-Za-z]+|[A-Za-z]/g, (t) => (t === variable ? by : t));
}
