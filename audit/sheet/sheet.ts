/**
 * Answer sheets: a Markdown file of one-line claims, audited without writing a program.
 *
 * ````markdown
 * ---
 * title: Quiz 1
 * experiments: ./quiz_experiments.ts
 * ---
 * ## Question 1: a perceptron
 * > What does a sigmoid neuron output for x = (2, 1), w = (0.2, 0.3), b = 0.1?
 *
 * ```claims
 * 1a: sigmoid(2*0.2 + 1*0.3 + 0.1) = 0.68997
 *   statement: The neuron outputs 0.68997.
 * ```
 * ````
 *
 * A claim line is `ID: EXPRESSION = STATED` in a fenced block whose info string is
 * `claims`; indented `key: value` lines under it annotate it (statement, tex, assume,
 * chapter, topic, reading, where, vars, kind, group, why, correct); `ID: experiment` takes the
 * claim of that id from the TypeScript module named by the front matter's `experiments`.
 * The question is the nearest heading above (its leading number), its text the first
 * blockquote under that heading (`> Reconstructed: …` when inferred from the answer), and the
 * other prose the sheet's context. The README's "Auditing your own answer sheet" is the
 * reference.
 *
 * When a claim disagrees, every library call in its expression is evaluated again with each
 * of the function's catalogued mistakes (lib/mistakes.ts), one at a time and then in pairs,
 * and every mistake that reproduces the stated answer is reported.
 *
 * @module
 */
import markdownIt from "../_markdown_it.ts";
import fc from "../_fast_check.ts";
import * as nnspec from "../../mod.ts";
import { mistakesOf, Tensor } from "../../mod.ts";
import { checkFormula } from "../check.ts";
import { chapterOf } from "../chapters.ts";
import { DEFAULT_RUNS, DEFAULT_SEED, finishReport, runClaim } from "../engine.ts";
import {
  type CallSite,
  describe,
  evaluate,
  freeNames,
  type Node,
  parseExpression,
  plain,
  type Scope,
  SheetError,
} from "./expr.ts";
import {
  type AuditError,
  type Chapter,
  CHAPTERS,
  type Claim,
  type ClaimReport,
  type Kind,
  type MistakeMatch,
  type QuestionInfo,
  type Reading,
  type Report,
} from "../model.ts";
import { compare, parseStated, type Stated, type StatedArray } from "./stated.ts";
import {
  carriable,
  type Earlier,
  type Reference,
  referenceBindings,
  resolveReferences,
} from "./carried.ts";

/** The numbers of a stated array, nested as written. */
function statedNumbers(entries: StatedArray): unknown[] {
  return entries.map((e) => Array.isArray(e) ? statedNumbers(e) : e.value);
}

/** One claim line of a sheet with its annotations, as parsed. */
export interface SheetLine {
  /** The claim id. */
  id: string;
  /** The 1-based line of the sheet. */
  line: number;
  /** The question id. */
  question: string;
  /** The expression's source (empty for an experiment). */
  expression: string;
  /** The stated answer as written (empty for an experiment). */
  stated: string;
  /** True for `ID: experiment`. */
  experiment: boolean;
  /** Annotations by key (`assume`, `reading`, `where`, `vars` may repeat). */
  notes: Record<string, string[]>;
  /** The 1-based line of each annotation, by key (parallel to `notes`). */
  noteLines: Record<string, number[]>;
}

/** A parsed sheet. */
export interface Sheet {
  /** The sheet's title. */
  title: string;
  /** The front matter's `experiments` module, as written, or null. */
  experiments: string | null;
  /** The claim lines in order. */
  lines: SheetLine[];
  /** The questions by id. */
  questions: Record<string, QuestionInfo & { context: string | null }>;
  /** Problems found while parsing (each names its line). */
  errors: { line: number; claim: string | null; message: string }[];
}

const KEYS = new Set([
  "statement",
  "tex",
  "assume",
  "chapter",
  "topic",
  "reading",
  "where",
  "vars",
  "kind",
  "group",
  "why",
  "correct",
  "title",
]);
const REPEATABLE = new Set(["assume", "reading", "where", "vars"]);

/** The index of the `=` between expression and stated answer: the last one at depth 0. */
export function splitAt(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === "=" && depth === 0) {
      const before = text[i - 1], after = text[i + 1];
      if (after === "=" || after === ">" || "=<>!:".includes(before ?? "")) continue;
      at = i;
    }
  }
  return at;
}

/**
 * Why a claim line has no ` = STATED`: a prime (`sigmoid'(0.5)`) opens a quoted string that
 * hides the `=`, so say how the library writes a derivative; otherwise the `=` is missing.
 */
function noStatedAnswer(rest: string): string {
  const prime = /([A-Za-z_]\w*)'+\s*\(/.exec(rest);
  if (prime) {
    const name = prime[1];
    const derivative = `${name}Derivative`;
    const known = Object.hasOwn(nnspec, derivative);
    return `the prime in ${name}'(…) reads as the start of a quoted string, which hides the ` +
      `" = STATED"; ${
        known
          ? `write the derivative as ${derivative}(…)`
          : "a derivative is written with its own function, e.g. sigmoidDerivative(x)"
      }`;
  }
  return `missing " = STATED" after the expression (write ID: EXPRESSION = STATED)`;
}

function questionOf(heading: string): string | null {
  const m = /^\s*(?:question|q|exercise|problem)?\s*(\d+)/i.exec(heading);
  return m ? m[1] : null;
}

/** The front matter's `key: value` lines (blanked in `lines`, so Markdown does not read them). */
function readFrontMatter(lines: string[], errors: Sheet["errors"]): Record<string, string> {
  const front: Record<string, string> = {};
  if (lines[0]?.trim() !== "---") return front;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) {
    errors.push({
      line: 1,
      claim: null,
      message: "the front matter opened by --- is never closed",
    });
    return front;
  }
  for (let i = 1; i < end; i++) {
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(lines[i]);
    if (m) front[m[1].toLowerCase()] = m[2].trim();
    else if (lines[i].trim()) {
      errors.push({
        line: i + 1,
        claim: null,
        message: `front matter line is not "key: value": ${lines[i].trim()}`,
      });
    }
    lines[i] = "";
  }
  lines[0] = lines[end] = "";
  return front;
}

/** A token of markdown-it's stream. */
type Token = ReturnType<ReturnType<typeof markdownIt>["parse"]>[number];

/** What the parse of a sheet has found so far, and where it is. */
interface ParseState {
  title: string | null;
  /** The current question's id (the nearest heading above), or null. */
  question: string | null;
  /** Whether the current heading's question text may still come. */
  sectionOpen: boolean;
  depthInQuote: number;
  questions: Sheet["questions"];
  claims: SheetLine[];
  /** The line of each claim id seen. */
  seen: Map<string, number>;
  errors: Sheet["errors"];
}

/** Parses a sheet's text (Markdown with optional front matter). */
export function parseSheet(text: string, name: string): Sheet {
  const errors: Sheet["errors"] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const front = readFrontMatter(lines, errors);
  const tokens = markdownIt().parse(lines.join("\n"), {});
  const st: ParseState = {
    title: front.title ?? null,
    question: null,
    sectionOpen: false,
    depthInQuote: 0,
    questions: {},
    claims: [],
    seen: new Map(),
    errors,
  };
  for (let t = 0; t < tokens.length; t++) readToken(tokens, t, st);
  return {
    title: st.title ?? name,
    experiments: front.experiments ?? null,
    lines: st.claims,
    questions: st.questions,
    errors,
  };
}

/** Reads one Markdown token: a heading, a question's blockquote, context prose or a block. */
function readToken(tokens: Token[], t: number, st: ParseState): void {
  const token = tokens[t];
  if (token.type === "heading_open") {
    const inline = tokens[t + 1]?.content ?? "";
    if (token.tag === "h1" && st.title === null) {
      st.title = inline.trim();
      return;
    }
    const q = questionOf(inline);
    if (q !== null) {
      st.question = q;
      st.questions[q] ??= { text: null, reconstructed: false, context: null };
      st.sectionOpen = true;
    }
  } else if (token.type === "blockquote_open") {
    st.depthInQuote++;
    if (st.question !== null && st.sectionOpen && st.depthInQuote === 1) {
      readQuestionText(tokens, t, st, st.question);
    }
  } else if (token.type === "blockquote_close") {
    st.depthInQuote--;
  } else if (
    token.type === "inline" && st.depthInQuote === 0 &&
    tokens[t - 1]?.type === "paragraph_open" && st.question
  ) {
    const q = st.questions[st.question];
    q.context = q.context ? `${q.context}\n${token.content}` : token.content;
  } else if (token.type === "fence" && token.info.trim() !== "claims") {
    const info = token.info.trim();
    if (/^claims?\b|^claim/i.test(info)) {
      st.errors.push({
        line: (token.map?.[0] ?? 0) + 1,
        claim: null,
        message: `a fenced block with info string "${info}" is not read; did you mean "claims"?`,
      });
    }
  } else if (token.type === "fence") {
    st.sectionOpen = false;
    readClaimsBlock(token, st);
  }
}

/** The first blockquote under a question's heading: the question's text. */
function readQuestionText(tokens: Token[], t: number, st: ParseState, question: string): void {
  const parts: string[] = [];
  for (let u = t + 1; u < tokens.length && tokens[u].type !== "blockquote_close"; u++) {
    if (tokens[u].type === "inline") parts.push(tokens[u].content);
  }
  let body = parts.join("\n").replace(/\s*\n\s*/g, " ").trim();
  const reconstructed = /^reconstructed\s*:/i.test(body);
  if (reconstructed) body = body.replace(/^reconstructed\s*:\s*/i, "");
  st.questions[question] = { ...st.questions[question], text: body, reconstructed };
  st.sectionOpen = false;
}

/** A ```claims block: claim lines, each with its indented annotations. */
function readClaimsBlock(token: Token, st: ParseState): void {
  const first = (token.map?.[0] ?? 0) + 2; // 1-based line of the block's first content line
  let current: SheetLine | null = null;
  token.content.split("\n").forEach((raw: string, i: number) => {
    const line = first + i;
    if (raw.trim() === "" || raw.trim().startsWith("#")) return;
    if (/^\s/.test(raw)) readAnnotation(raw, line, current, st.errors);
    else current = readClaimLine(raw, line, st);
  });
}

/** An indented `key: value` line, added to the claim above it. */
function readAnnotation(
  raw: string,
  line: number,
  current: SheetLine | null,
  errors: Sheet["errors"],
): void {
  const m = /^\s+([A-Za-z-]+)\s*:\s?(.*)$/.exec(raw);
  if (!current) {
    errors.push({
      line,
      claim: null,
      message: `an indented line with no claim above it: ${raw.trim()}`,
    });
    return;
  }
  if (!m || !KEYS.has(m[1].toLowerCase())) {
    errors.push({
      line,
      claim: current.id,
      message: `claim ${current.id}: ${
        m ? `unknown annotation ${m[1]}` : `an indented line must be "key: value"`
      } (annotations: ${[...KEYS].join(", ")})`,
    });
    return;
  }
  const key = m[1].toLowerCase();
  if (!REPEATABLE.has(key) && current.notes[key]) {
    errors.push({
      line,
      claim: current.id,
      message: `claim ${current.id}: annotation ${key} is given twice`,
    });
    return;
  }
  (current.notes[key] ??= []).push(m[2].trim());
  (current.noteLines[key] ??= []).push(line);
}

/** A claim line `ID: EXPRESSION = STATED` (or `ID: experiment`); null after an error. */
function readClaimLine(raw: string, line: number, st: ParseState): SheetLine | null {
  const errors = st.errors;
  const m = /^([^\s:]+):\s*(.*)$/.exec(raw);
  if (!m) {
    errors.push({
      line,
      claim: null,
      message: `not a claim line "ID: EXPRESSION = STATED": ${raw.trim()}`,
    });
    return null;
  }
  const [, id, rest] = m;
  // A format character (zero-width, bidirectional) or a control shows as nothing, or is
  // removed from the report: `d.a<U+200B>b` would print exactly like another claim's `d.ab`.
  // deno-lint-ignore no-control-regex
  const hidden = /[\p{Cf}\p{Zl}\p{Zp}\u0000-\u001f\u007f-\u009f]/u.exec(id);
  if (hidden) {
    errors.push({
      line,
      claim: null,
      message: `the claim id holds an invisible character (U+${
        hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")
      }), so it would print like another id; write it with visible characters only`,
    });
    return null;
  }
  const earlier = st.seen.get(id);
  if (earlier !== undefined) {
    errors.push({
      line,
      claim: id,
      message: `claim ${id}: duplicate id (first on line ${earlier})`,
    });
    return null;
  }
  st.seen.set(id, line);
  const q = st.question ?? (/^\d+/.exec(id)?.[0] ?? "?");
  st.questions[q] ??= { text: null, reconstructed: false, context: null };
  const claim = (expression: string, stated: string, experiment: boolean): SheetLine => {
    const c = { id, line, question: q, expression, stated, experiment, notes: {}, noteLines: {} };
    st.claims.push(c);
    return c;
  };
  if (rest.trim() === "experiment") return claim("", "", true);
  const at = splitAt(rest);
  if (at < 0) {
    errors.push({ line, claim: id, message: `claim ${id}: ${noStatedAnswer(rest)}` });
    return null;
  }
  const expression = rest.slice(0, at).trim(), stated = rest.slice(at + 1).trim();
  if (!expression || !stated) {
    errors.push({
      line,
      claim: id,
      message: `claim ${id}: ${expression ? "nothing stated after =" : "no expression before ="}`,
    });
    return null;
  }
  return claim(expression, stated, false);
}

/** Options of {@linkcode auditSheet}. */
export interface SheetOptions {
  /** fast-check seed of formula claims. @default {DEFAULT_SEED} */
  seed?: number;
  /**
   * Seconds one line may take. A line's own evaluation cannot be interrupted (the library
   * bounds each call's work), so a line that ran longer is reported as an error instead of a
   * verdict; its diagnosis stops at this limit too. @default 10
   */
  timeout?: number;
  /** Cases per formula claim. @default {DEFAULT_RUNS} */
  numRuns?: number;
  /** Check only this claim (for `--replay`). */
  only?: string;
  /**
   * Loads the experiments module named by the front matter (resolved against the sheet);
   * returns its claims. Without it, experiment lines are errors.
   */
  loadExperiments?: (specifier: string) => Promise<{ claims: Claim[] } | { report: Report }>;
}

/** A `vars:` range: `x, y in [-2, 2]`, `p in (0, 1)`; default [-2, 2] in steps of 1/4. */
function parseVars(
  notes: string[] | undefined,
): Map<string, { lo: number; hi: number; openLo: boolean; openHi: boolean }> {
  const ranges = new Map<string, { lo: number; hi: number; openLo: boolean; openHi: boolean }>();
  for (const note of notes ?? []) {
    for (const part of note.split(";")) {
      if (!part.trim()) continue;
      // Linear time (a lazy group before \s+in\s+ backtracked quadratically on a long line):
      // spaces collapsed, split at the first " in ", each side matched without nested repeats.
      const flat = part.replace(/\s+/g, " ").trim();
      const at = flat.indexOf(" in ");
      const names = at > 0 && /^[\w, ]+$/.test(flat.slice(0, at)) ? flat.slice(0, at) : null;
      const range = /^([[(]) ?(-?[\d.]+) ?, ?(-?[\d.]+) ?([\])])$/.exec(flat.slice(at + 4));
      const m = names !== null && range ? [flat, names, ...range.slice(1)] : null;
      if (!m) {
        throw new SheetError(
          `vars: "${
            part.trim().slice(0, 80)
          }" is not "x, y in [lo, hi]" (or open bounds with parentheses)`,
        );
      }
      const lo = Number(m[3]), hi = Number(m[4]);
      if (!(lo < hi)) throw new SheetError(`vars: the range [${m[3]}, ${m[4]}] is empty`);
      for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
        ranges.set(name, { lo, hi, openLo: m[2] === "(", openHi: m[5] === ")" });
      }
    }
  }
  return ranges;
}

function dyadicIn(range: { lo: number; hi: number; openLo: boolean; openHi: boolean }) {
  const d = 8;
  let min = Math.ceil(range.lo * d), max = Math.floor(range.hi * d);
  if (range.openLo && min / d <= range.lo) min++;
  if (range.openHi && max / d >= range.hi) max--;
  if (min > max) throw new SheetError(`vars: no multiple of 1/8 lies in the range`);
  return fc.integer({ min, max }).map((k) => k / d);
}

function parseDefinitions(notes: string[] | undefined): [string, Node][] {
  const out: [string, Node][] = [];
  for (const note of notes ?? []) {
    for (const part of note.split(";")) {
      if (!part.trim()) continue;
      const m = /^\s*([A-Za-z_]\w*)\s*:?=\s*(.+)$/.exec(part);
      if (!m) throw new SheetError(`where: "${part.trim()}" is not "name = expression"`);
      out.push([m[1], parseExpression(m[2])]);
    }
  }
  return out;
}

/** A problem with one annotation: reported, and the claim is checked without it. */
type Problem = (field: string, message: string) => void;

function parseReadings(
  notes: string[] | undefined,
  problem: Problem,
): { name: string; node: Node }[] {
  const out: { name: string; node: Node }[] = [];
  for (const note of notes ?? []) {
    // NAME := EXPRESSION; a plain "=" is read the same way when there is no ":=".
    const colon = note.indexOf(":=");
    const at = colon >= 0 ? colon : note.indexOf("=");
    const width = colon >= 0 ? 2 : 1;
    if (at <= 0) {
      problem("reading", `reading: "${note}" is not "NAME := EXPRESSION"; the reading is skipped`);
      continue;
    }
    try {
      out.push({ name: note.slice(0, at).trim(), node: parseExpression(note.slice(at + width)) });
    } catch (error) {
      problem("reading", `reading "${note.slice(0, at).trim()}": ${(error as Error).message}`);
    }
  }
  return out;
}

/** Everything needed to evaluate one sheet claim. */
interface Prepared {
  line: SheetLine;
  expression: Node;
  stated: Stated;
  definitions: [string, Node][];
  variables: string[];
  ranges: ReturnType<typeof parseVars>;
  readings: { name: string; node: Node }[];
  /** The claim's `@ID` references; their bindings open `definitions`. */
  refs: Reference[];
}

function prepare(
  line: SheetLine,
  problem: Problem,
  earlier: ReadonlyMap<string, Earlier>,
): Prepared {
  const refs: Reference[] = [];
  const expression = parseExpression(resolveReferences(line.expression, earlier, refs));
  // A quoted stated string is text, and an @ in it is no reference.
  const statedText = /["']/.test(line.stated)
    ? line.stated
    : resolveReferences(line.stated, earlier, refs);
  const definitions = [
    ...referenceBindings(refs, earlier),
    ...parseDefinitions(line.notes.where),
  ];
  const defined = new Set(definitions.map(([n]) => n));
  const ranges = parseVars(line.notes.vars);
  const stated = parseStated(statedText, defined);
  const free = new Set<string>([...freeNames(expression)]);
  if (stated.kind === "formula" || stated.kind === "value") {
    for (const n of freeNames(stated.node)) {
      free.add(n);
    }
  }
  for (const [, node] of definitions) for (const n of freeNames(node)) free.add(n);
  for (const n of ranges.keys()) free.add(n);
  const variables = [...free].filter((n) => !defined.has(n));
  for (const name of ranges.keys()) {
    if (!variables.includes(name)) throw new SheetError(`vars: ${name} is not used by the claim`);
  }
  return {
    line,
    expression,
    stated,
    definitions,
    variables,
    ranges,
    readings: parseReadings(line.notes.reading, problem),
    refs,
  };
}

function excerptOf(text: string, limit = 160): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** A result with Infinity or NaN in it is no answer: say so instead of comparing it. */
function finiteOrThrow(value: unknown): void {
  const bad = (x: unknown): boolean =>
    typeof x === "number"
      ? !Number.isFinite(x)
      : Array.isArray(x)
      ? x.some(bad)
      : x instanceof Tensor
      ? x.data.some((v) => !Number.isFinite(v))
      : false;
  if (bad(value)) {
    throw new SheetError(
      "the expression gives a non-finite number (Infinity or NaN: a division by zero, or " +
        "a logarithm or square root outside its domain?)",
    );
  }
}

/**
 * When the line being audited must stop (`Date.now()`): each arithmetic operation and
 * library call of its evaluations checks it, so a line stops at `--timeout` instead of
 * running on (its verdict is then not reported).
 */
let lineDeadline = Infinity;

/** Evaluates the where-definitions, then `node`, with the given variables and replacements. */
function run(p: Prepared, node: Node, vars: Record<string, number>, scope: Scope): unknown {
  const names: Record<string, unknown> = { ...vars };
  // one work count for the evaluation: its definitions and its expression together
  const budget = { work: 0 };
  const deadline = lineDeadline;
  for (const [name, def] of p.definitions) {
    names[name] = evaluate(def, { ...scope, names, budget, deadline });
  }
  return evaluate(node, { ...scope, names, budget, deadline });
}

interface Verdict {
  agrees: boolean;
  /** The expression's value, for a claim without variables (what `@ID` carries). */
  value?: unknown;
  computed: string;
  reason: string;
  counterexample?: ClaimReport["counterexample"];
  seed?: number | null;
}

/** Evaluation context of one judgement: the diagnosis's replacements and the fast-check settings. */
type Replace = Map<Node, (...args: never[]) => unknown> | undefined;

function judge(
  p: Prepared,
  replace: Replace,
  context: { seed: number; numRuns: number },
  calls?: CallSite[],
): Verdict {
  if (p.variables.length === 0) return judgeConstant(p, replace, calls);
  const statedNode = p.stated.kind === "formula" || p.stated.kind === "value"
    ? p.stated.node
    : null;
  if (!statedNode) {
    const names = p.variables.join(", ");
    throw new SheetError(
      `unknown name${p.variables.length > 1 ? "s" : ""} ${names}: not an nnspec export, ` +
        "an elementary function or a where: definition (a claim in variables needs a stated " +
        "formula in them)",
    );
  }
  const centre = centreOf(p);
  if (calls) {
    // Record the call sites once, at the centre of the ranges.
    try {
      run(p, p.expression, centre, { calls, checkOptions: true });
    } catch (error) {
      if (error instanceof SheetError) throw error;
    }
  }
  const entries = entryCount(p, statedNode, centre, replace);
  return judgeFormula(p, statedNode, replace, context, entries);
}

/** A claim without variables: its value against the stated answer. */
function judgeConstant(p: Prepared, replace: Replace, calls?: CallSite[]): Verdict {
  const value = run(p, p.expression, {}, { replace, calls, checkOptions: !replace });
  if (!replace) finiteOrThrow(value);
  const c = compare(
    value,
    p.stated,
    (node) => run(p, node, {}, { replace, checkOptions: false }),
    p.line.expression,
  );
  return { agrees: c.agrees, computed: c.computed, reason: c.detail, value };
}

/** The centre of the variables' ranges, on the grid of 1/8 (never 0, where many slopes vanish). */
function centreOf(p: Prepared): Record<string, number> {
  return Object.fromEntries(p.variables.map((v) => {
    const r = p.ranges.get(v) ?? { lo: -2, hi: 2 };
    return [v, Math.round(((r.lo + r.hi) / 2) * 8) / 8 || 0.25];
  }));
}

/** The most entries a vector formula is compared at (each entry is its own property check). */
const MAX_FORMULA_ENTRIES = 64;

/** A formula side's value as numbers: one number, or the entries of an array or Tensor. */
function numbersOf(x: unknown, what: string): number | number[] {
  if (typeof x === "number") return x;
  const v = plain(x);
  const flat = Array.isArray(v) ? v.flat(Infinity) : null;
  if (!flat || !flat.every((e) => typeof e === "number")) {
    throw new SheetError(
      `${what} gives ${describe(x)}, not a number or an array of numbers, so it cannot be ` +
        "compared as a formula",
    );
  }
  return flat as number[];
}

/**
 * How many entries the two sides give at the centre: null for numbers, n for vectors of n
 * entries (compared entry by entry); a mismatch is an error of the line.
 */
function entryCount(
  p: Prepared,
  statedNode: Node,
  centre: Record<string, number>,
  replace: Replace,
): number | null {
  let truth: number | number[], stated: number | number[];
  try {
    truth = numbersOf(
      run(p, p.expression, centre, { replace, checkOptions: false }),
      "the expression",
    );
    stated = numbersOf(run(p, statedNode, centre, { checkOptions: false }), "the stated formula");
  } catch (error) {
    if (error instanceof SheetError) throw error;
    return null; // the centre is outside a domain: the property check finds its own points
  }
  const n = (x: number | number[]) => typeof x === "number" ? null : x.length;
  if (n(truth) !== n(stated)) {
    const count = (x: number | number[]) =>
      typeof x === "number" ? "one number" : `${x.length} entries`;
    throw new SheetError(
      `the expression gives ${count(truth)} and the stated formula ${count(stated)} at ${
        Object.entries(centre).map(([k, v]) => `${k} = ${v}`).join(", ")
      }; state a formula of the same shape`,
    );
  }
  const entries = n(truth);
  if (entries !== null && entries > MAX_FORMULA_ENTRIES) {
    throw new SheetError(
      `a formula of ${entries} entries is compared entry by entry up to ${MAX_FORMULA_ENTRIES}; ` +
        "compare fewer, e.g. one row",
    );
  }
  return entries;
}

/** The formula check: the whole value, or entry by entry for a vector (the first that differs). */
function judgeFormula(
  p: Prepared,
  statedNode: Node,
  replace: Replace,
  context: { seed: number; numRuns: number },
  entries: number | null,
): Verdict {
  const variables = Object.fromEntries(
    p.variables.map((
      v,
    ) => [v, dyadicIn(p.ranges.get(v) ?? { lo: -2, hi: 2, openLo: false, openHi: false })]),
  );
  const entry = (x: unknown, what: string, k: number | null): number => {
    const v = numbersOf(x, what);
    if (k === null) {
      if (typeof v !== "number") {
        throw new SheetError(
          `${what} gives ${describe(x)}, not a number, so it cannot be compared as a formula`,
        );
      }
      return v;
    }
    if (typeof v === "number" || v.length !== entries) {
      throw new SheetError(`${what} does not give ${entries} entries at every point`);
    }
    return v[k];
  };
  let outcome: ReturnType<typeof checkFormula> | null = null;
  for (const k of entries === null ? [null] : Array.from({ length: entries }, (_, i) => i)) {
    outcome = checkEntry(replace, () =>
      checkFormula({
        what: k === null ? p.line.expression : `entry [${k}] of ${p.line.expression}`,
        variables,
        stated: (v) =>
          entry(
            run(p, statedNode, v, { replace: undefined, checkOptions: false }),
            "the stated formula",
            k,
          ),
        truth: (v) =>
          entry(run(p, p.expression, v, { replace, checkOptions: false }), "the expression", k),
      }, context));
    if (outcome.verdict !== "agrees") break;
  }
  const o = outcome!;
  const whole = (text: string) =>
    entries === null || o.verdict !== "agrees" ? text : text.replace(
      /entry \[\d+\] of (.*?) (at all|on every)/,
      `$1, entry by entry (${entries} entries), $2`,
    );
  return {
    agrees: o.verdict === "agrees",
    computed: whole(o.computed),
    reason: whole(o.reason),
    counterexample: o.counterexample ?? null,
    seed: o.seed ?? null,
  };
}

/** Runs one formula check, turning a RangeError at a random point into advice on `vars:`. */
function checkEntry(
  replace: Replace,
  check: () => ReturnType<typeof checkFormula>,
): ReturnType<typeof checkFormula> {
  try {
    return check();
  } catch (error) {
    // fast-check wraps what the property threw; a library RangeError at a random point
    // means the variables' range leaves the function's domain.
    const message = (error as Error)?.message ?? String(error);
    const range = /RangeError|must be|outside/.test(message);
    if (replace || !range) throw error;
    const first = message.split("\n").find((l) => /must be|outside|RangeError/.test(l)) ?? message;
    throw new SheetError(
      `${excerptOf(first.replace(/^.*?RangeError: /, ""))} at a random point of the variables' ` +
        'range; give them their domain with vars:, e.g. "vars: p in (0, 1)"',
    );
  }
}

function match(fn: string, m: { id: string; name: string; why: string; kind?: string }) {
  const convention = m.kind === "depends" ? { kind: "depends" as const } : {};
  return { function: fn, id: m.id, name: m.name, why: m.why, ...convention };
}

/** Whether every cause of a match is a convention of the catalogue (kind `depends`). */
function conventionOnly(m: MistakeMatch): boolean {
  return m.kind === "depends" && (!m.with || m.with.kind === "depends");
}

/** How long the diagnosis of one claim may take before it stops trying variants (ms). */
export const DIAGNOSIS_BUDGET_MS = 3000;

/**
 * Not a catalogue entry but a mistake of any call with two leading arguments: the two
 * swapped. Losses and gradients take the prediction first, while many texts write the
 * target first, and a swap flips a gradient's sign or changes a loss's value.
 */
const SWAPPED = {
  id: "arguments-swapped",
  name: "the first two arguments swapped",
  why: "Some texts write the target first and others the prediction first, so the two " +
    "arguments of a loss or a gradient are easily exchanged.",
};

/** The catalogue mistakes that reproduce the stated answer: single ones first, then pairs. */
function diagnose(
  p: Prepared,
  calls: CallSite[],
  context: { seed: number; numRuns: number },
  budgetMs: number,
): { found: MistakeMatch[]; stopped: boolean } {
  const quick = { seed: context.seed, numRuns: Math.min(context.numRuns, 60) };
  const deadline = Date.now() + Math.min(DIAGNOSIS_BUDGET_MS, budgetMs);
  let stopped = false;
  const reproduces = (replace: Map<Node, (...args: never[]) => unknown>) => {
    if (Date.now() > deadline) {
      stopped = true;
      return false;
    }
    try {
      return judge(p, replace, quick).agrees;
    } catch {
      return false; // a variant that fails on these arguments does not reproduce the answer
    }
  };
  const sites = calls.map((c) => ({ site: c, mistakes: mistakesOf(c.fn) })).filter((s) =>
    s.mistakes.length > 0
  );
  const found: MistakeMatch[] = [];
  for (const { site, mistakes } of sites) {
    for (const m of mistakes) {
      if (reproduces(new Map([[site.node, m.variant as (...args: never[]) => unknown]]))) {
        found.push(match(site.name, m));
      }
    }
  }
  for (const site of calls) {
    if ((site.node.arguments as unknown[]).length < 2) continue;
    const swapped = (a: never, b: never, ...rest: never[]) => site.fn(b, a, ...rest);
    if (reproduces(new Map([[site.node, swapped as (...args: never[]) => unknown]]))) {
      found.push(match(site.name, SWAPPED));
    }
  }
  if (found.length > 0) return { found, stopped };
  let budget = 300;
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      for (const a of sites[i].mistakes) {
        for (const b of sites[j].mistakes) {
          if (budget-- <= 0) return { found, stopped: true };
          const replace = new Map<Node, (...args: never[]) => unknown>([
            [sites[i].site.node, a.variant as (...args: never[]) => unknown],
            [sites[j].site.node, b.variant as (...args: never[]) => unknown],
          ]);
          if (reproduces(replace)) {
            found.push({ ...match(sites[i].site.name, a), with: match(sites[j].site.name, b) });
          }
        }
      }
    }
  }
  return { found, stopped };
}

function mistakeText(m: MistakeMatch): string {
  const one = (x: { function: string; name: string }) => `${x.name} (${x.function})`;
  return m.with ? `${one(m)} together with ${one(m.with)}` : one(m);
}

/** The sheet's readings of one claim, each evaluated and compared with the stated answer. */
function evaluateReadings(p: Prepared, problem: Problem): Reading[] {
  return p.readings.map((r) => {
    try {
      const value = run(p, r.node, {}, { checkOptions: true });
      const c = compare(value, p.stated, (node) => run(p, node, {}, { checkOptions: false }));
      return { reading: r.name, computed: c.computed, reproduces: c.agrees };
    } catch (error) {
      if (error instanceof SheetError) problem("reading", `reading "${r.name}": ${error.message}`);
      return { reading: r.name, computed: `fails: ${(error as Error).message}`, reproduces: false };
    }
  });
}

/** The claim's chapter: its `chapter:` note, its first library call's, the question's last. */
function chapterOfLine(
  p: Prepared,
  calls: CallSite[],
  previousChapter: Chapter | null,
  problem: Problem,
): Chapter {
  let chapterNote: string | undefined = p.line.notes.chapter?.[0];
  if (chapterNote && !(CHAPTERS as readonly string[]).includes(chapterNote)) {
    problem("chapter", `chapter: ${chapterNote} is not one of ${CHAPTERS.join(", ")}; ignored`);
    chapterNote = undefined;
  }
  const firstLibrary = calls.map((c) => chapterOf(c.name)).find((c) => c !== null) ?? null;
  return (chapterNote as Chapter | undefined) ?? firstLibrary ?? previousChapter ?? "neuron";
}

/** The claim's `kind:` note when valid (a wrong one is reported and ignored). */
function kindNoteOf(p: Prepared, problem: Problem): Kind | undefined {
  const kindNote: string | undefined = p.line.notes.kind?.[0];
  if (kindNote && kindNote !== "error" && kindNote !== "slip" && kindNote !== "depends") {
    problem("kind", `kind: must be error, slip or depends, got ${kindNote}; ignored`);
    return undefined;
  }
  return kindNote as Kind | undefined;
}

/** What a disagreement is put down to: catalogue mistakes, readings, or an earlier claim. */
interface Cause {
  mistakes: MistakeMatch[];
  diagnosis: ClaimReport["diagnosis"];
  reproducedBy: string | null;
  reason: string;
  kind: Kind;
  group: string;
  consequenceOf?: string;
}

/** The cause of a disagreement found by the catalogue and the sheet's readings. */
function diagnosedCause(
  p: Prepared,
  verdict: Verdict,
  calls: CallSite[],
  readings: Reading[],
  context: { seed: number; numRuns: number },
  budgetMs: number,
  kindNote: Kind | undefined,
): Cause {
  const diagnosed = diagnose(p, calls, context, budgetMs);
  const mistakes = diagnosed.found;
  const reading = readings.filter((r) => r.reproduces);
  // A catalogue mistake is the diagnosis; the sheet's own readings are the author's
  // interpretations, counted only when no known mistake reproduces the answer (a reading
  // "log base 2" beside the catalogue's log-base-2 mistake is one cause, not two).
  const causes = mistakes.length > 0
    ? mistakes.map(mistakeText)
    : reading.map((r) => `the reading "${r.reading}"`);
  const what = mistakes.length > 0 ? "known mistakes" : "readings";
  let reason = verdict.reason +
    (causes.length === 0
      ? diagnosed.stopped
        ? `; no known mistake reproduced it before the diagnosis stopped (${
          DIAGNOSIS_BUDGET_MS / 1000
        } s or 300 pairs)`
        : "; no known mistake reproduces it"
      : causes.length === 1
      ? `; ${causes[0]} reproduces the stated answer`
      : `; ambiguous: ${causes.length} ${what} reproduce it (${causes.join("; ")})`);
  const conventions = mistakes.length > 0 && mistakes.every(conventionOnly);
  if (conventions) {
    reason +=
      `: a convention, so both are right (the library's convention gives ${verdict.computed}, the other gives the stated ${p.line.stated})`;
  }
  const single = mistakes.length === 1 && !mistakes[0].with ? mistakes[0] : null;
  return {
    mistakes,
    diagnosis: causes.length === 0 ? "none" : causes.length === 1 ? "reproduced" : "ambiguous",
    reproducedBy: causes.length > 0
      ? (mistakes.length > 0
        ? mistakes.map((m) => m.with ? `${m.name} and ${m.with.name}` : m.name)
        : reading.map((r) => r.reading)).join("; or ")
      : null,
    reason,
    kind: kindNote ??
      ((reading.length > 0 && mistakes.length === 0) || conventions ? "depends" : "error"),
    group: p.line.notes.group?.[0] ??
      (single
        ? `${single.function}/${single.id}`
        : reading.length === 1 && mistakes.length === 0
        ? `reading: ${reading[0].reading}`
        : p.line.id),
  };
}

/** Whether two values are the same numbers (relative 1e-12), entry by entry for arrays. */
function sameNumbers(a: unknown, b: unknown): boolean {
  const x = plain(a), y = plain(b);
  if (typeof x === "number" && typeof y === "number") {
    return x === y || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  }
  return Array.isArray(x) && Array.isArray(y) && x.length === y.length &&
    x.every((e, i) => sameNumbers(e, y[i]));
}

/** How many earlier disagreements (the nearest) a disagreement is tried against as their consequence. */
const MAX_CARRIED_FROM = 32;

/**
 * The earlier disagreeing claim whose stated value reproduces this claim's stated answer
 * when put in place of its correct value: through `@ID`, or where a library call of this
 * claim gives exactly that claim's correct value. The nearest such claim, or null.
 */
function carriedFrom(
  p: Prepared,
  calls: CallSite[],
  earlier: ReadonlyMap<string, Earlier>,
  context: { seed: number; numRuns: number },
): Earlier | null {
  if (p.variables.length > 0) return null;
  const agrees = (q: Prepared, replace?: Replace) => {
    try {
      return judge(q, replace, context).agrees;
    } catch {
      return false;
    }
  };
  const own = p.definitions.slice(p.refs.length);
  const candidates = [...earlier.values()].reverse()
    .filter((e) => e.disagrees && carriable(e.stated) && e.value !== undefined)
    .slice(0, MAX_CARRIED_FROM);
  // The values the line's library calls give, recorded once: only an earlier claim whose
  // correct value is among them can have been put in place of one.
  const given: unknown[] = [];
  agrees(
    p,
    new Map(calls.map((site) => [
      site.node,
      ((...args: never[]) => {
        const result = site.fn(...args);
        given.push(result);
        return result;
      }) as (...args: never[]) => unknown,
    ])),
  );
  for (const e of candidates) {
    if (p.refs.some((r) => r.id === e.id)) {
      const definitions = [...referenceBindings(p.refs, earlier, e.id), ...own];
      if (agrees({ ...p, definitions })) return e;
    }
    if (!given.some((g) => sameNumbers(g, e.value))) continue;
    let swapped = false;
    const replace: Replace = new Map(calls.map((site) => [
      site.node,
      ((...args: never[]) => {
        const result = site.fn(...args);
        if (!sameNumbers(result, e.value)) return result;
        swapped = true;
        return plain(e.stated);
      }) as (...args: never[]) => unknown,
    ]));
    if (agrees(p, replace) && swapped) return e;
  }
  return null;
}

/** The cause of a disagreement that an earlier claim's stated value reproduces. */
function carriedCause(p: Prepared, verdict: Verdict, e: Earlier): Cause {
  return {
    mistakes: [],
    diagnosis: "reproduced",
    reproducedBy: `claim ${e.id}'s stated value`,
    reason: `${verdict.reason}; a consequence of claim ${e.id}: with its stated ${
      describe(e.stated)
    } in place of the correct ${describe(e.value)}, this line gives its stated answer`,
    kind: e.kind ?? "error",
    group: p.line.notes.group?.[0] ?? e.group ?? e.id,
    consequenceOf: e.id,
  };
}

/** What a later claim may use of this one (see audit/sheet/carried.ts). */
function earlierOf(p: Prepared, verdict: Verdict, report: ClaimReport): Earlier {
  let stated: unknown = undefined;
  try {
    if (p.stated.kind === "number") stated = p.stated.number.value;
    else if (p.stated.kind === "array") stated = statedNumbers(p.stated.entries);
    else if (p.stated.kind === "value") stated = plain(run(p, p.stated.node, {}, {}));
  } catch {
    stated = undefined; // a stated value that does not evaluate cannot be carried
  }
  return {
    id: p.line.id,
    value: carriable(verdict.value) ? plain(verdict.value) : undefined,
    stated,
    disagrees: report.verdict === "disagrees",
    group: report.group,
    kind: report.kind,
  };
}

/** Audits one sheet claim: its report, or throws what is wrong with the line. */
function auditLine(
  p: Prepared,
  context: { seed: number; numRuns: number },
  previousChapter: Chapter | null,
  problem: Problem,
  budgetMs: number,
  earlier: Map<string, Earlier>,
): ClaimReport {
  const { line } = p;
  const calls: CallSite[] = [];
  const verdict = judge(p, undefined, context, calls);
  const readings = evaluateReadings(p, problem);
  const chapter = chapterOfLine(p, calls, previousChapter, problem);
  const kindNote = kindNoteOf(p, problem);
  let cause: Cause | null = null;
  if (!verdict.agrees) {
    const carried = carriedFrom(p, calls, earlier, context);
    cause = carried
      ? carriedCause(p, verdict, carried)
      : diagnosedCause(p, verdict, calls, readings, context, budgetMs, kindNote);
    if (kindNote) cause.kind = kindNote;
  }
  const notes = line.notes;
  const report: ClaimReport = {
    id: line.id,
    question: line.question,
    topic: notes.topic?.[0] ?? calls[0]?.name ?? "arithmetic",
    chapter,
    statement: notes.statement?.[0] ?? `${line.expression} = ${line.stated}`,
    stated: line.stated,
    statedTex: notes.tex?.[0] ?? null,
    computed: verdict.computed,
    verdict: verdict.agrees ? "agrees" : "disagrees",
    reason: cause?.reason ?? verdict.reason,
    assumptions: notes.assume ?? [],
    reproducedBy: cause?.reproducedBy ?? null,
    alternatives: readings,
    counterexample: verdict.counterexample ?? null,
    seed: verdict.seed ?? null,
    kind: cause?.kind ?? null,
    mistakes: cause?.mistakes ?? [],
    diagnosis: cause?.diagnosis ?? null,
    group: cause?.group ?? null,
    line: line.line,
  };
  if (cause?.consequenceOf) report.consequenceOf = cause.consequenceOf;
  earlier.set(line.id, earlierOf(p, verdict, report));
  return report;
}

/** Per-claim details the list of distinct mistakes shows (from the sheet's annotations). */
type Details = Map<string, { why?: string; title?: string; correctTex?: string }>;

/** The experiments module's claims (or its report, run confined) by id, and its errors. */
interface Experiments {
  claims: Map<string, Claim | ClaimReport> | null;
  /** Claims that failed in the module: already errors of the module. */
  failed: Set<string>;
  errors: AuditError[];
}

/** Loads the experiments module a sheet names, when some line says `ID: experiment`. */
async function loadExperiments(
  sheet: Sheet,
  name: string,
  options: SheetOptions,
): Promise<Experiments> {
  const out: Experiments = { claims: null, failed: new Set(), errors: [] };
  if (!sheet.lines.some((l) => l.experiment)) return out;
  const fail = (message: string) =>
    out.errors.push({ module: name, claim: null, field: "experiments", message });
  if (!sheet.experiments) {
    fail(`${name}: claims say "experiment" but the front matter names no experiments module`);
    return out;
  }
  if (!options.loadExperiments) {
    fail(`${name}: cannot load the experiments module ${sheet.experiments} here`);
    return out;
  }
  try {
    const loaded = await options.loadExperiments(sheet.experiments);
    out.claims = new Map();
    if ("report" in loaded) {
      for (const c of loaded.report.claims) out.claims.set(c.id, c);
      out.errors.push(...loaded.report.errors);
      for (const e of loaded.report.errors) if (e.claim !== null) out.failed.add(e.claim);
    } else {
      for (const c of loaded.claims) out.claims.set(c.id, c);
    }
  } catch (error) {
    fail(
      `${name}: cannot load the experiments module ${sheet.experiments}: ${
        (error as Error)?.message ?? error
      }`,
    );
  }
  return out;
}

/** An error of one line of the sheet (an annotation's problem is on the annotation's line). */
function lineErrorOf(name: string) {
  return (l: SheetLine, message: string, field: string | null = null): AuditError => {
    const at = (field && l.noteLines[field]?.[0]) || l.line;
    return {
      module: name,
      claim: l.id,
      field,
      line: at,
      message: `line ${at}: claim ${l.id}: ${message}`,
    };
  };
}

/**
 * The report of an `ID: experiment` line from the module's claims, with the line's own
 * annotations; a string is the error to report instead, null when the module already did.
 */
function experimentReport(
  line: SheetLine,
  experiments: Experiments,
  context: { seed: number; numRuns: number },
  details: Details,
): ClaimReport | { error: string; field: string | null } | null {
  if (!experiments.claims) return null; // the module's error is reported once
  const found = experiments.claims.get(line.id);
  if (!found) {
    // A claim that failed in the module (threw, ran over its time) is already an error of
    // the module; only a claim the module does not define is reported here.
    return experiments.failed.has(line.id)
      ? null
      : { error: `the experiments module has no claim ${line.id}`, field: null };
  }
  const result = "check" in found ? runClaim(found, context) : found;
  if ("problem" in result) return { error: result.problem, field: result.field };
  const notes = line.notes;
  const report: ClaimReport = { ...result, question: line.question, line: line.line };
  if (report.verdict === "disagrees") {
    if (notes.kind) report.kind = notes.kind[0] as Kind;
    if (notes.group) report.group = notes.group[0];
  }
  if (notes.statement) report.statement = notes.statement[0];
  if (notes.tex) report.statedTex = notes.tex[0];
  if (notes.assume) report.assumptions = [...report.assumptions, ...notes.assume];
  if (!notes.why && "why" in found && found.why) {
    details.set(line.id, { ...details.get(line.id), why: found.why });
  }
  return report;
}

/** What auditing the lines of one sheet shares: settings, what earlier lines left, errors. */
interface SheetRun {
  context: { seed: number; numRuns: number };
  limitMs: number;
  lastChapter: Map<string, Chapter>;
  earlier: Map<string, Earlier>;
  errors: AuditError[];
  lineError: ReturnType<typeof lineErrorOf>;
}

/** Audits one claim line (not an experiment): its report, or null after reporting an error. */
function sheetLineReport(line: SheetLine, run: SheetRun): ClaimReport | null {
  const problem: Problem = (field, message) => run.errors.push(run.lineError(line, message, field));
  const started = Date.now();
  lineDeadline = started + run.limitMs;
  let report: ClaimReport | null;
  try {
    report = auditLine(
      prepare(line, problem, run.earlier),
      run.context,
      run.lastChapter.get(line.question) ?? null,
      problem,
      run.limitMs,
      run.earlier,
    );
  } finally {
    lineDeadline = Infinity;
  }
  const took = Date.now() - started;
  if (took > run.limitMs) {
    run.errors.push(run.lineError(
      line,
      `it took ${(took / 1000).toFixed(1)} s, longer than the time limit of ${
        run.limitMs / 1000
      } s (--timeout); its verdict is not reported`,
    ));
    return null;
  }
  return report;
}

/**
 * Audits a sheet: every claim line, and the experiments it names. Parsing problems and
 * claims that cannot be checked become errors naming the sheet's line; the other claims
 * are still audited.
 */
export async function auditSheet(
  text: string,
  name: string,
  options: SheetOptions = {},
): Promise<Report> {
  const sheet = parseSheet(text, name);
  const run: SheetRun = {
    context: { seed: options.seed ?? DEFAULT_SEED, numRuns: options.numRuns ?? DEFAULT_RUNS },
    limitMs: (options.timeout ?? 10) * 1000,
    lastChapter: new Map(),
    earlier: new Map(), // what @ID and carried errors read
    errors: sheet.errors.map((e) => ({
      module: name,
      claim: e.claim,
      field: null,
      line: e.line,
      message: `line ${e.line}: ${e.message}`,
    })),
    lineError: lineErrorOf(name),
  };
  const experiments = await loadExperiments(sheet, name, options);
  run.errors.push(...experiments.errors);
  const claims: ClaimReport[] = [];
  const details: Details = new Map();
  for (const line of sheet.lines) {
    if (options.only !== undefined && line.id !== options.only) continue;
    const notes = line.notes;
    details.set(line.id, {
      why: notes.why?.[0],
      title: notes.title?.[0],
      correctTex: notes.correct?.[0],
    });
    try {
      let report: ClaimReport | null;
      if (line.experiment) {
        const result = experimentReport(line, experiments, run.context, details);
        if (result && "error" in result) {
          run.errors.push(run.lineError(line, result.error, result.field));
          continue;
        }
        report = result;
      } else {
        report = sheetLineReport(line, run);
      }
      if (!report) continue;
      run.lastChapter.set(line.question, report.chapter as Chapter);
      claims.push(report);
    } catch (error) {
      const e = error as Error;
      run.errors.push(run.lineError(
        line,
        e instanceof SheetError ? e.message : `${e?.name ?? "Error"}: ${e?.message ?? e}`,
      ));
    }
  }
  return finishSheet(sheet, name, options, claims, run.errors, details);
}

/** The report of a sheet: errors in line order (a replay keeps its own claim's only). */
function finishSheet(
  sheet: Sheet,
  name: string,
  options: SheetOptions,
  claims: ClaimReport[],
  errors: AuditError[],
  details: Details,
): Report {
  if (options.only !== undefined && !sheet.lines.some((l) => l.id === options.only)) {
    errors.push({
      module: name,
      claim: options.only,
      field: "id",
      message: `no claim with id ${options.only} in ${name}`,
    });
  }
  const questions: Record<string, QuestionInfo> = {};
  for (const [id, q] of Object.entries(sheet.questions)) {
    questions[id] = { text: q.text, reconstructed: q.reconstructed, context: q.context };
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // A replay reports the one claim: the other lines' problems are not its business.
  if (options.only !== undefined) {
    errors.splice(0, errors.length, ...errors.filter((e) => e.claim === options.only));
  }
  return finishReport(sheet.title, name, claims, errors, questions, details);
}
