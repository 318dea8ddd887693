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
import markdownIt from "./_markdown_it.ts";
import fc from "./_fast_check.ts";
import { mistakesOf, Tensor } from "../mod.ts";
import { checkFormula } from "./check.ts";
import { chapterOf } from "./chapters.ts";
import { DEFAULT_RUNS, DEFAULT_SEED, finishReport, runClaim } from "./engine.ts";
import {
  type CallSite,
  describe,
  evaluate,
  freeNames,
  type Node,
  parseExpression,
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
} from "./model.ts";
import { compare, parseStated, type Stated } from "./stated.ts";

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

function questionOf(heading: string): string | null {
  const m = /^\s*(?:question|q|exercise|problem)?\s*(\d+)/i.exec(heading);
  return m ? m[1] : null;
}

/** Parses a sheet's text (Markdown with optional front matter). */
export function parseSheet(text: string, name: string): Sheet {
  const errors: Sheet["errors"] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const front: Record<string, string> = {};
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    if (end < 0) {
      errors.push({
        line: 1,
        claim: null,
        message: "the front matter opened by --- is never closed",
      });
    } else {
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
    }
  }
  const md = markdownIt();
  const tokens = md.parse(lines.join("\n"), {});
  let title: string | null = front.title ?? null;
  let question: string | null = null;
  let sectionOpen = false; // whether the current heading's question text may still come
  const questions: Sheet["questions"] = {};
  const claims: SheetLine[] = [];
  const seen = new Map<string, number>();
  let depthInQuote = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.type === "heading_open") {
      const inline = tokens[t + 1]?.content ?? "";
      if (token.tag === "h1" && title === null) {
        title = inline.trim();
        continue;
      }
      const q = questionOf(inline);
      if (q !== null) {
        question = q;
        questions[q] ??= { text: null, reconstructed: false, context: null };
        sectionOpen = true;
      }
      continue;
    }
    if (token.type === "blockquote_open") {
      depthInQuote++;
      if (question !== null && sectionOpen && depthInQuote === 1) {
        const parts: string[] = [];
        for (let u = t + 1; u < tokens.length && tokens[u].type !== "blockquote_close"; u++) {
          if (tokens[u].type === "inline") parts.push(tokens[u].content);
        }
        let body = parts.join("\n").replace(/\s*\n\s*/g, " ").trim();
        const reconstructed = /^reconstructed\s*:/i.test(body);
        if (reconstructed) body = body.replace(/^reconstructed\s*:\s*/i, "");
        questions[question] = { ...questions[question], text: body, reconstructed };
        sectionOpen = false;
      }
      continue;
    }
    if (token.type === "blockquote_close") {
      depthInQuote--;
      continue;
    }
    if (
      token.type === "inline" && depthInQuote === 0 && tokens[t - 1]?.type === "paragraph_open" &&
      question
    ) {
      const q = questions[question];
      q.context = q.context ? `${q.context}\n${token.content}` : token.content;
      continue;
    }
    if (token.type === "fence" && token.info.trim() !== "claims") {
      const info = token.info.trim();
      if (/^claims?\b|^claim/i.test(info)) {
        errors.push({
          line: (token.map?.[0] ?? 0) + 1,
          claim: null,
          message: `a fenced block with info string "${info}" is not read; did you mean "claims"?`,
        });
      }
      continue;
    }
    if (token.type !== "fence") continue;
    sectionOpen = false;
    const first = (token.map?.[0] ?? 0) + 2; // 1-based line of the block's first content line
    const body = token.content.split("\n");
    let current: SheetLine | null = null;
    body.forEach((raw: string, i: number) => {
      const line = first + i;
      if (raw.trim() === "" || raw.trim().startsWith("#")) return;
      if (/^\s/.test(raw)) {
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
        return;
      }
      current = null;
      const m = /^([^\s:]+):\s*(.*)$/.exec(raw);
      if (!m) {
        errors.push({
          line,
          claim: null,
          message: `not a claim line "ID: EXPRESSION = STATED": ${raw.trim()}`,
        });
        return;
      }
      const [, id, rest] = m;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        errors.push({
          line,
          claim: id,
          message: `claim ${id}: duplicate id (first on line ${earlier})`,
        });
        return;
      }
      seen.set(id, line);
      const q = question ?? (/^\d+/.exec(id)?.[0] ?? "?");
      questions[q] ??= { text: null, reconstructed: false, context: null };
      if (rest.trim() === "experiment") {
        current = {
          id,
          line,
          question: q,
          expression: "",
          stated: "",
          experiment: true,
          notes: {},
          noteLines: {},
        };
        claims.push(current);
        return;
      }
      const at = splitAt(rest);
      if (at < 0) {
        errors.push({
          line,
          claim: id,
          message: `claim ${id}: missing " = STATED" after the expression`,
        });
        return;
      }
      const expression = rest.slice(0, at).trim(), stated = rest.slice(at + 1).trim();
      if (!expression || !stated) {
        errors.push({
          line,
          claim: id,
          message: `claim ${id}: ${
            expression ? "nothing stated after =" : "no expression before ="
          }`,
        });
        return;
      }
      current = {
        id,
        line,
        question: q,
        expression,
        stated,
        experiment: false,
        notes: {},
        noteLines: {},
      };
      claims.push(current);
    });
  }
  return {
    title: title ?? name,
    experiments: front.experiments ?? null,
    lines: claims,
    questions,
    errors,
  };
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
}

function prepare(line: SheetLine, problem: Problem): Prepared {
  const expression = parseExpression(line.expression);
  const definitions = parseDefinitions(line.notes.where);
  const defined = new Set(definitions.map(([n]) => n));
  const ranges = parseVars(line.notes.vars);
  const stated = parseStated(line.stated, defined);
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
  computed: string;
  reason: string;
  counterexample?: ClaimReport["counterexample"];
  seed?: number | null;
}

function judge(
  p: Prepared,
  replace: Map<Node, (...args: never[]) => unknown> | undefined,
  context: { seed: number; numRuns: number },
  calls?: CallSite[],
): Verdict {
  if (p.variables.length === 0) {
    const value = run(p, p.expression, {}, { replace, calls, checkOptions: !replace });
    if (!replace) finiteOrThrow(value);
    const c = compare(
      value,
      p.stated,
      (node) => run(p, node, {}, { replace, checkOptions: false }),
    );
    return { agrees: c.agrees, computed: c.computed, reason: c.detail };
  }
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
  const variables = Object.fromEntries(
    p.variables.map((
      v,
    ) => [v, dyadicIn(p.ranges.get(v) ?? { lo: -2, hi: 2, openLo: false, openHi: false })]),
  );
  const number = (x: unknown, what: string): number => {
    if (typeof x !== "number") {
      throw new SheetError(
        `${what} gives ${describe(x)}, not a number, so it cannot be compared as a formula`,
      );
    }
    return x;
  };
  if (calls) {
    // Record the call sites once, at the centre of the ranges.
    const centre = Object.fromEntries(p.variables.map((v) => {
      const r = p.ranges.get(v) ?? { lo: -2, hi: 2 };
      return [v, Math.round(((r.lo + r.hi) / 2) * 8) / 8 || 0.25];
    }));
    try {
      run(p, p.expression, centre, { calls, checkOptions: true });
    } catch (error) {
      if (error instanceof SheetError) throw error;
    }
  }
  let outcome: ReturnType<typeof checkFormula>;
  try {
    outcome = checkFormula({
      what: p.line.expression,
      variables,
      stated: (v) =>
        number(
          run(p, statedNode, v, { replace: undefined, checkOptions: false }),
          "the stated formula",
        ),
      truth: (v) =>
        number(run(p, p.expression, v, { replace, checkOptions: false }), "the expression"),
    }, context);
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
  return {
    agrees: outcome.verdict === "agrees",
    computed: outcome.computed,
    reason: outcome.reason,
    counterexample: outcome.counterexample ?? null,
    seed: outcome.seed ?? null,
  };
}

function match(fn: string, m: { id: string; name: string; why: string }) {
  return { function: fn, id: m.id, name: m.name, why: m.why };
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

/** Audits one sheet claim: its report, or throws what is wrong with the line. */
function auditLine(
  p: Prepared,
  context: { seed: number; numRuns: number },
  previousChapter: Chapter | null,
  problem: Problem,
  budgetMs: number,
): ClaimReport {
  const { line } = p;
  const calls: CallSite[] = [];
  const verdict = judge(p, undefined, context, calls);
  const readings: Reading[] = p.readings.map((r) => {
    try {
      const value = run(p, r.node, {}, { checkOptions: true });
      const c = compare(value, p.stated, (node) => run(p, node, {}, { checkOptions: false }));
      return { reading: r.name, computed: c.computed, reproduces: c.agrees };
    } catch (error) {
      if (error instanceof SheetError) problem("reading", `reading "${r.name}": ${error.message}`);
      return { reading: r.name, computed: `fails: ${(error as Error).message}`, reproduces: false };
    }
  });
  const notes = line.notes;
  let chapterNote: string | undefined = notes.chapter?.[0];
  if (chapterNote && !(CHAPTERS as readonly string[]).includes(chapterNote)) {
    problem("chapter", `chapter: ${chapterNote} is not one of ${CHAPTERS.join(", ")}; ignored`);
    chapterNote = undefined;
  }
  const firstLibrary = calls.map((c) => chapterOf(c.name)).find((c) => c !== null) ?? null;
  const chapter = (chapterNote as Chapter | undefined) ?? firstLibrary ?? previousChapter ??
    "neuron";
  let kindNote: string | undefined = notes.kind?.[0];
  if (kindNote && kindNote !== "error" && kindNote !== "slip" && kindNote !== "depends") {
    problem("kind", `kind: must be error, slip or depends, got ${kindNote}; ignored`);
    kindNote = undefined;
  }
  let mistakes: MistakeMatch[] = [];
  let diagnosis: ClaimReport["diagnosis"] = null;
  let reproducedBy: string | null = null;
  let reason = verdict.reason;
  let kind: Kind | null = null;
  if (!verdict.agrees) {
    const diagnosed = diagnose(p, calls, context, budgetMs);
    mistakes = diagnosed.found;
    const reading = readings.filter((r) => r.reproduces);
    // A catalogue mistake is the diagnosis; the sheet's own readings are the author's
    // interpretations, counted only when no known mistake reproduces the answer (a reading
    // "log base 2" beside the catalogue's log-base-2 mistake is one cause, not two).
    const causes = mistakes.length > 0
      ? mistakes.map(mistakeText)
      : reading.map((r) => `the reading "${r.reading}"`);
    diagnosis = causes.length === 0 ? "none" : causes.length === 1 ? "reproduced" : "ambiguous";
    reproducedBy = causes.length > 0
      ? (mistakes.length > 0
        ? mistakes.map((m) => m.with ? `${m.name} and ${m.with.name}` : m.name)
        : reading.map((r) => r.reading)).join("; or ")
      : null;
    const what = mistakes.length > 0 ? "known mistakes" : "readings";
    reason += causes.length === 0
      ? diagnosed.stopped
        ? `; no known mistake reproduced it before the diagnosis stopped (${
          DIAGNOSIS_BUDGET_MS / 1000
        } s or 300 pairs)`
        : "; no known mistake reproduces it"
      : causes.length === 1
      ? `; ${causes[0]} reproduces the stated answer`
      : `; ambiguous: ${causes.length} ${what} reproduce it (${causes.join("; ")})`;
    kind = (kindNote as Kind | undefined) ??
      (reading.length > 0 && mistakes.length === 0 ? "depends" : "error");
  }
  const single = mistakes.length === 1 && !mistakes[0].with ? mistakes[0] : null;
  const soleReading = readings.filter((r) => r.reproduces);
  return {
    id: line.id,
    question: line.question,
    topic: notes.topic?.[0] ?? calls[0]?.name ?? "arithmetic",
    chapter,
    statement: notes.statement?.[0] ?? `${line.expression} = ${line.stated}`,
    stated: line.stated,
    statedTex: notes.tex?.[0] ?? null,
    computed: verdict.computed,
    verdict: verdict.agrees ? "agrees" : "disagrees",
    reason,
    assumptions: notes.assume ?? [],
    reproducedBy,
    alternatives: readings,
    counterexample: verdict.counterexample ?? null,
    seed: verdict.seed ?? null,
    kind,
    mistakes,
    diagnosis,
    group: verdict.agrees ? null : notes.group?.[0] ??
      (single
        ? `${single.function}/${single.id}`
        : soleReading.length === 1 && mistakes.length === 0
        ? `reading: ${soleReading[0].reading}`
        : line.id),
    line: line.line,
  };
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
  const context = { seed: options.seed ?? DEFAULT_SEED, numRuns: options.numRuns ?? DEFAULT_RUNS };
  const errors: AuditError[] = sheet.errors.map((e) => ({
    module: name,
    claim: e.claim,
    field: null,
    line: e.line,
    message: `line ${e.line}: ${e.message}`,
  }));
  const lineError = (l: SheetLine, message: string, field: string | null = null): AuditError => {
    // An annotation's problem is on the annotation's own line.
    const at = (field && l.noteLines[field]?.[0]) || l.line;
    return {
      module: name,
      claim: l.id,
      field,
      line: at,
      message: `line ${at}: claim ${l.id}: ${message}`,
    };
  };
  let experiments: Map<string, Claim | ClaimReport> | null = null;
  const failedInModule = new Set<string>();
  const limitMs = (options.timeout ?? 10) * 1000;
  if (sheet.lines.some((l) => l.experiment)) {
    if (!sheet.experiments) {
      errors.push({
        module: name,
        claim: null,
        field: "experiments",
        message:
          `${name}: claims say "experiment" but the front matter names no experiments module`,
      });
    } else if (!options.loadExperiments) {
      errors.push({
        module: name,
        claim: null,
        field: "experiments",
        message: `${name}: cannot load the experiments module ${sheet.experiments} here`,
      });
    } else {
      try {
        const loaded = await options.loadExperiments(sheet.experiments);
        experiments = new Map();
        if ("report" in loaded) {
          for (const c of loaded.report.claims) experiments.set(c.id, c);
          errors.push(...loaded.report.errors);
          for (const e of loaded.report.errors) if (e.claim !== null) failedInModule.add(e.claim);
        } else {
          for (const c of loaded.claims) experiments.set(c.id, c);
        }
      } catch (error) {
        errors.push({
          module: name,
          claim: null,
          field: "experiments",
          message: `${name}: cannot load the experiments module ${sheet.experiments}: ${
            (error as Error)?.message ?? error
          }`,
        });
      }
    }
  }
  const claims: ClaimReport[] = [];
  const details = new Map<string, { why?: string; title?: string; correctTex?: string }>();
  const lastChapter = new Map<string, Chapter>();
  for (const line of sheet.lines) {
    if (options.only !== undefined && line.id !== options.only) continue;
    const notes = line.notes;
    details.set(line.id, {
      why: notes.why?.[0],
      title: notes.title?.[0],
      correctTex: notes.correct?.[0],
    });
    try {
      let report: ClaimReport;
      if (line.experiment) {
        if (!experiments) continue; // the module's error is reported once
        const found = experiments.get(line.id);
        if (!found) {
          // A claim that failed in the module (threw, ran over its time) is already an
          // error of the module; only a claim the module does not define is reported here.
          if (!failedInModule.has(line.id)) {
            errors.push(lineError(line, `the experiments module has no claim ${line.id}`));
          }
          continue;
        }
        const result = "check" in found ? runClaim(found, context) : found;
        if ("problem" in result) {
          errors.push(lineError(line, result.problem, result.field));
          continue;
        }
        report = { ...result, question: line.question, line: line.line };
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
      } else {
        const problem: Problem = (field, message) => errors.push(lineError(line, message, field));
        const started = Date.now();
        lineDeadline = started + limitMs;
        try {
          report = auditLine(
            prepare(line, problem),
            context,
            lastChapter.get(line.question) ?? null,
            problem,
            limitMs,
          );
        } finally {
          lineDeadline = Infinity;
        }
        const took = Date.now() - started;
        if (took > limitMs) {
          errors.push(lineError(
            line,
            `it took ${(took / 1000).toFixed(1)} s, longer than the time limit of ${
              limitMs / 1000
            } s (--timeout); its verdict is not reported`,
          ));
          continue;
        }
      }
      lastChapter.set(line.question, report.chapter as Chapter);
      claims.push(report);
    } catch (error) {
      const e = error as Error;
      errors.push(
        lineError(
          line,
          e instanceof SheetError ? e.message : `${e?.name ?? "Error"}: ${e?.message ?? e}`,
        ),
      );
    }
  }
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
