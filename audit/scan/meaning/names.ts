/**
 * Reading a side of a step into a tree with canonical names: `w_i^f`, `w^{f}_i` and `w^f`
 * are one symbol `w^f_i`; `\hat{y}_i` is `yhat_i`; `net_{h1}` is `net_h1`; `o_i(x)`, the value
 * of `o_i` at the sample, is the symbol `o_i`; `\frac{\partial E}{\partial w^f}` and
 * `\frac{dE}{dy}` become `["Partial", "E", "w^f"]`. The Compute Engine parses what is left
 * (`audit/_compute_engine.ts`, raw form: the arithmetic as written).
 *
 * A superscript is a layer's tag (`w^f`, `w^{(2)}`, `a^{[1]}`) only on a parameter-like base
 * and when it is not a power a sheet writes (`\beta^t`, `x^2`, `e^{-x}`); everything else is a
 * power, as the parser reads it.
 *
 * @module
 */
import { ComputeEngine } from "../../_compute_engine.ts";
import type { Json } from "../interpret.ts";

/** Bases whose letter superscript is a layer tag, not a power. */
const TAGGED = /^(?:w|b|n|z|a|c|o|h|W|B|Z|A|delta|net)$/;
/** Letter superscripts that are powers even on those bases (time steps, sizes, transposes). */
const POWER_LETTERS = /^[tTnNkKmMpqxyij]$/;

let engine: ComputeEngine | null = null;
const memo = new Map<string, Json>();

/** One brace group or single token after `_` or `^`: its content and the length read. */
function group(s: string, at: number): { text: string; end: number } | null {
  let i = at;
  while (s[i] === " ") i++;
  if (s[i] === "{") {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      if (s[j] === "{") depth++;
      if (s[j] === "}" && --depth === 0) return { text: s.slice(i + 1, j).trim(), end: j + 1 };
    }
    return null;
  }
  const macro = /^\\[A-Za-z]+/.exec(s.slice(i));
  if (macro) return { text: macro[0], end: i + macro[0].length };
  return i < s.length ? { text: s[i], end: i + 1 } : null;
}

/** The plain spelling of a subscript or tag: `{h1}` → `h1`, `\text{out}` → `out`, `(2)` → `2`. */
function plain(text: string): string {
  return text.replace(/\\(?:text|mathrm|mathit|operatorname)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\([A-Za-z]+)/g, "$1").replace(/[{}()[\]\s,]/g, "");
}

/**
 * The canonical name of a symbol from its base, subscript and tag: `canonicalName("w", "i",
 * "f")` is `w^f_i`. The one place names are made, so every reader agrees on them.
 */
export function canonicalName(base: string, sub?: string, tag?: string): string {
  const b = plain(base);
  return `${b}${tag ? `^${plain(tag)}` : ""}${sub ? `_${plain(sub)}` : ""}`;
}

/** Whether a superscript on this base is a layer tag (else it is a power). */
function isTag(base: string, sup: string): boolean {
  if (/^[([].*[)\]]$/.test(sup)) return true; // w^{(2)}, a^{[1]}
  return TAGGED.test(plain(base)) && /^[A-Za-z]$/.test(sup) && !POWER_LETTERS.test(sup);
}

interface Rewritten {
  tex: string;
  names: Map<string, string>;
  partials: Map<string, { of: string; by: string }>;
  notes: string[];
}

/** Replaces `\frac{\partial A}{\partial B}` and `\frac{dA}{dB}` by placeholders. */
function rewritePartials(tex: string, out: Rewritten): string {
  const re = /\\frac\s*\{\s*(\\partial|d)\s*/g;
  let result = "";
  let last = 0;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    const num = group(tex, m.index + 5);
    if (!num) continue;
    const den = group(tex, num.end);
    if (!den) continue;
    const d = m[1] === "d" ? "d" : "\\\\partial";
    const top = new RegExp(`^${d}\\s*`).exec(num.text);
    const bottom = new RegExp(`^${d}\\s*`).exec(den.text);
    if (!top || !bottom) continue;
    const of = num.text.slice(top[0].length).trim();
    const by = den.text.slice(bottom[0].length).trim();
    if (by === "" || (m[1] === "d" && !/^[A-Za-z\\]/.test(by))) continue;
    const key = `nnpd${out.partials.size}`;
    out.partials.set(key, { of: of === "" ? "" : nameOf(of, out), by: nameOf(by, out) });
    result += `${tex.slice(last, m.index)}\\operatorname{${key}}`;
    last = den.end;
    re.lastIndex = den.end;
  }
  return result + tex.slice(last);
}

/** The canonical name of a short side such as `o_i(x)` or `w_i^f` (the side itself otherwise). */
function nameOf(tex: string, out: Rewritten): string {
  const t = rewriteNames(tex.replace(/\s+/g, " ").trim(), out);
  const m = /^\\operatorname\{(nnv\d+)\}$/.exec(t.trim());
  if (m) return out.names.get(m[1])!;
  return /^[A-Za-z]$/.test(t.trim()) ? t.trim() : `(${t.trim()})`;
}

// `\hat{y1}` and `\hat{y_1}` are the hatted y with index 1, as `\hat{y}_1` is (group 6).
const NAME =
  /\\(?:hat|bar|tilde)\s*(?:\{\s*([A-Za-z])\s*(?:_?\{?\s*([0-9A-Za-z]{1,3})\s*\}?)?\s*\}|([A-Za-z]))|([a-z]{2,})(?=\s*_)|\\([A-Za-z]+)|([A-Za-z])/y;
const FUNCTIONS = new Set([
  "sigma",
  "varphi",
  "phi",
  "tanh",
  "exp",
  "ln",
  "log",
  "max",
  "min",
  "sqrt",
  "frac",
  "left",
  "right",
  "cdot",
  "times",
  "otimes",
  "text",
  "mathrm",
  "operatorname",
  "sum",
  "prod",
  "partial",
  "lfloor",
  "rfloor",
  "lceil",
  "rceil",
  "quad",
  "qquad",
  "mathbf",
  "boldsymbol",
  "nabla",
]);

/** Replaces every tagged, subscripted or hatted name by a placeholder the parser keeps whole. */
function rewriteNames(tex: string, out: Rewritten): string {
  let result = "";
  let i = 0;
  while (i < tex.length) {
    NAME.lastIndex = i;
    const m = NAME.exec(tex);
    const prev = i > 0 ? tex[i - 1] : "";
    if (!m || /[A-Za-z\\]/.test(prev) && !m[5]) {
      result += tex[i++];
      continue;
    }
    const hat = m[1] ?? m[3];
    const macro = m[5];
    if (macro && FUNCTIONS.has(macro) || macro === "operatorname") {
      result += m[0];
      i += m[0].length;
      continue;
    }
    let base = hat ? `${hat}hat` : m[4] ?? macro ?? m[6];
    let j = i + m[0].length;
    let sub: string | undefined = m[2];
    let tag: string | undefined;
    for (let k = 0; k < 2; k++) {
      const mark = /^\s*([_^])/.exec(tex.slice(j));
      if (!mark) break;
      const g = group(tex, j + mark[0].length);
      if (!g) break;
      if (mark[1] === "_" && sub === undefined) sub = g.text;
      else if (mark[1] === "^" && tag === undefined && isTag(base, g.text)) tag = g.text;
      else break;
      j = g.end;
    }
    if (base === "e" && !sub && !tag) {
      result += m[0];
      i += m[0].length;
      continue;
    }
    if (!sub && !tag && !hat && base.length === 1) {
      result += m[0];
      i += m[0].length;
      continue;
    }
    if (sub && /^\{?\s*[A-Za-z]\s*\}?$/.test(sub) === false && /[=+]/.test(sub)) {
      result += m[0]; // a sum's range, \sum_{i=1}
      i += m[0].length;
      continue;
    }
    base = macro ?? base;
    const name = canonicalName(base, sub, tag);
    const at = /^\s*(?:\\left\s*)?\(\s*x\s*(?:\\right\s*)?\)/.exec(tex.slice(j));
    if (at && (sub || tag)) {
      j += at[0].length;
      if (!out.notes.includes(name)) out.notes.push(name);
    }
    const key = `nnv${out.names.size}`;
    out.names.set(key, name);
    result += `\\operatorname{${key}}`;
    i = j;
  }
  return result;
}

/** Maps placeholders back to canonical names throughout a parsed tree. */
function restore(json: Json, r: Rewritten): Json {
  if (typeof json === "string") {
    const name = r.names.get(json);
    if (name) return name;
    const p = r.partials.get(json);
    if (p) return ["Partial", p.of, p.by];
    return json;
  }
  if (!Array.isArray(json)) return json;
  return json.map((j) => restore(j, r));
}

/** A side read into a tree, and the names whose `(x)` was read as "at the sample". */
export interface ReadSide {
  tree: Json;
  atSample: string[];
}

/**
 * Reads one side of a step: partial derivatives and names made canonical, then parsed.
 *
 * @throws {RangeError} For a side over 2000 characters.
 */
export function readSide(tex: string): ReadSide {
  if (tex.length > 2000) throw new RangeError(`readSide: a side of ${tex.length} characters`);
  const r: Rewritten = { tex, names: new Map(), partials: new Map(), notes: [] };
  const cleaned = tex.replace(
    /\\left|\\right|\\[Bb]igg?[lr]?(?![A-Za-z])|\\!|\\,|\\;|\\quad|\\qquad/g,
    " ",
  )
    .replace(/\\dfrac|\\tfrac/g, "\\frac").replace(/\\mathbf\{([^{}]*)\}/g, "$1");
  const text = rewriteNames(rewritePartials(cleaned, r), r);
  engine ??= new ComputeEngine();
  const raw = memo.get(text) ?? (engine.parse(text, { form: "raw" }).json as Json);
  if (memo.size < 5000) memo.set(text, raw);
  return { tree: restore(raw, r), atSample: r.notes };
}

/** Splits a step `lhs = rhs` at its one top-level `=` (null when there is not exactly one). */
export function splitStep(tex: string): [string, string] | null {
  let depth = 0;
  let at = -1;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth--;
    else if (c === "=" && depth === 0) {
      if (at >= 0) return null;
      at = i;
    }
  }
  return at < 0 ? null : [tex.slice(0, at), tex.slice(at + 1)];
}

/** The free symbols of a tree (function heads and numbers excluded). */
export function symbolsOf(json: Json, into: Set<string> = new Set()): Set<string> {
  if (typeof json === "string") {
    if (!/^'/.test(json) && !["ExponentialE", "e", "Pi", "Nothing"].includes(json)) into.add(json);
    return into;
  }
  if (!Array.isArray(json)) return into;
  const [head, ...args] = json;
  if (head === "Partial") {
    into.add(`∂${args[0]}/∂${args[1]}`);
    return into;
  }
  if (head === "Apply" || head === "Derivative") {
    for (const a of args.slice(1)) symbolsOf(a, into);
    return into;
  }
  if (head === "Sum" || head === "Product") return into.add("∑");
  for (const a of args) symbolsOf(a, into);
  return into;
}
