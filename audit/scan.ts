/**
 * Scanning a solution sheet as it is: every equation chain of a `.tex`, `.md` or `.txt` file
 * is split at its `=` signs and each step whose two sides evaluate to numbers (or matrices)
 * becomes a checked claim of an audit {@linkcode Report}, with no claims module written by
 * hand. `deno task audit --scan FILE_OR_URL` prints it; `--draft FILE.md` writes the checked
 * steps as an answer sheet for the author to refine ({@linkcode draftSheet}).
 *
 * How a step is read:
 *
 * - The LaTeX is parsed by the Compute Engine (`audit/_compute_engine.ts`) without its
 *   canonical rewriting, so the arithmetic the sheet wrote is what is evaluated (and drafted);
 *   the evaluation itself is `audit/_scan_eval.ts`, float64 sheet arithmetic only. Nothing in a
 *   scanned file is executed.
 * - A chain whose first side is a bare symbol (`x_1 = 2`, `O_{00} = … = 1`) defines it: later
 *   steps substitute its value. A chain `\varphi(x) = …` defines a function, applied anywhere
 *   in the sheet (before or after the definition). A step with a symbol defined nowhere
 *   earlier is skipped and counted, with the symbol named.
 * - A step agrees when its right side, at its written precision, equals the left side
 *   (`0.68997` agrees with anything that rounds to it); a right side that is itself an
 *   expression must agree to a relative 1e-9.
 * - A bare `\log` is tried as the natural logarithm, base 2 and base 10; the verdict uses the
 *   reading the document's own conventions imply (bits imply base 2; `e^{…}`, `\exp`, `\ln` or
 *   a cross-entropy imply the natural logarithm), and the report says which reading
 *   reproduces the written value.
 * - `A \otimes B` between two matrices of one shape is read as the sum of their elementwise
 *   products (how a sheet writes one entry of a convolution's output); matrix + matrix and
 *   scalar × matrix are elementwise, and compare entry by entry.
 *
 * The scanner refuses a file over {@linkcode MAX_BYTES} or one that is not text, reads at most
 * {@linkcode MAX_FRAGMENTS} math fragments of at most {@linkcode MAX_FRAGMENT_CHARS} characters
 * each, and reports every fragment it cannot read with a sentence, never a stack trace.
 *
 * @module
 */
import { ComputeEngine } from "./_compute_engine.ts";
import { decimals, matchesStated, show, showArray } from "./check.ts";
import { groupMistakes } from "./engine.ts";
import type { ClaimReport, Reading, Report, ScanSkip, ScanSummary } from "./model.ts";
import {
  blankNonMath,
  chainsOf,
  findFragments,
  lineIndex,
  proseLeftSide,
  type Side,
  splitTopLevel,
} from "./_scan_tex.ts";
import {
  BARE_LOG,
  freeSymbols,
  hasBareLog,
  hasWords,
  interpret,
  JAVASCRIPT,
  type Json,
  jsText,
  type LogReading,
  NUMBERS,
  parseError,
  READINGS,
  Refusal,
  resetBudget,
  type Value,
} from "./_scan_eval.ts";
import { liftOf, meaningClaim, SheetMeaning } from "./scan/meaning/hook.ts";
import type { Meaning } from "./scan/meaning/mod.ts";

/** The largest file the scanner reads (characters): 1 MB, far above any solution sheet. */
export const MAX_BYTES = 1_000_000;
/** The most math fragments read from one file; the rest are counted as skipped. */
export const MAX_FRAGMENTS = 1_000;
/** The longest math fragment read (characters); a longer one is skipped with its reason. */
export const MAX_FRAGMENT_CHARS = 4_000;
/** The most steps checked in one file; the rest are counted as skipped. */
export const MAX_STEPS = 2_000;
/** The longest side parsed (characters, after the sheet's functions are applied). */
export const MAX_SIDE_CHARS = 2_000;
/** The deepest nesting of brackets and braces parsed in a side. */
export const MAX_NESTING = 50;
/** The relative tolerance between two sides that are both expressions. */
export const EXPRESSION_TOLERANCE = 1e-9;

/** Options of {@linkcode scanText} and {@linkcode draftSheet}. */
export interface ScanOptions {
  /** The file's name or URL, shown in the report; its extension picks the format. */
  source?: string;
}

/** One checked step as the draft writes it. */
interface DraftLine {
  id: string;
  question: string;
  expression: string;
  stated: string;
  tex: string;
  assume: string[];
  note: string;
}

interface FunctionDef {
  name: string;
  variable: string;
  body: string;
  line: number;
}

interface ResolvedChain {
  sides: (Side | null)[];
  equals: number[];
  fresh: boolean;
  /** The first side of the chain this one continues (`∂E/∂w = … \\ &= …`), for its meaning. */
  head?: string;
}

let engine: ComputeEngine | null = null;
const parsed = new Map<string, Json>();
/**
 * Parses a side, memoized within one scan: a chain's middle side is the right of one step and
 * the left of the next. The memo is cleared when a scan starts and holds at most
 * MAX_STEPS × 2 entries.
 */
function parse(tex: string): Json {
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
  const known = parsed.get(tex);
  if (known !== undefined) return known;
  engine ??= new ComputeEngine();
  const json = engine.parse(tex, { form: "raw" }).json as Json;
  parsed.set(tex, json);
  return json;
}

const SYMBOL =
  /^(?:\\(?:hat|bar|tilde|vec|dot|mathbf|boldsymbol)\s*\{[^{}]*\}|\\(?!text|mathrm|operatorname)[A-Za-z]+|[A-Za-z])(?:_(?:\{[^{}]*\}|[A-Za-z0-9]))?$/;
const FUNCTION_DEF = /^(\\[A-Za-z]+|[A-Za-z])\s*(?:\\left)?\(\s*([A-Za-z])\s*(?:\\right)?\)$/;
const LITERAL = /^[+-]?\s*(?:\d+\.?\d*|\.\d+)$/;

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

/** Strips a part label (`\text{(b) }`, `(b) \quad`) and trailing marks (`*`, `.`, `,`). */
export function cleanSide(tex: string): string {
  let s = tex.trim();
  s = s.replace(/^\\text\{\s*\(?[a-z0-9ivx]{1,4}\)\s*\}\s*/i, "");
  s = s.replace(/^\(([a-z]|[ivx]{1,4})\)\s*(?:\\quad|\\qquad|~)\s*/i, "");
  s = s.replace(/(?:\s*(?:\*|\\quad|\\qquad|\\,|\\;|[.,:;]))+$/, "");
  return s.trim();
}

/** Rewrites every bare `\log` (no `_` base) so the parsed tree marks it. */
function markBareLog(tex: string): string {
  return tex.replace(/\\log(?![A-Za-z])(?!\s*_)/g, `\\log_{\\mathrm{${BARE_LOG}}}`);
}

/** Applies the defined functions of the sheet: `\varphi(a)` becomes the body at `(a)`. */
function applyFunctions(tex: string, defs: ReadonlyMap<string, FunctionDef>, depth = 0): string {
  if (defs.size === 0 || depth > 8) return tex;
  let out = "";
  let i = 0;
  let changed = false;
  while (i < tex.length) {
    const name = /^(\\[A-Za-z]+|[A-Za-z])/.exec(tex.slice(i))?.[1];
    if (name === undefined) {
      out += tex[i++];
      continue;
    }
    const def = defs.get(name);
    const prevIsLetter = name.length === 1 && i > 0 && /[\\A-Za-z]/.test(tex[i - 1]);
    const rest = tex.slice(i + name.length);
    const open = /^\s*(\\left)?\(/.exec(rest);
    if (!def || prevIsLetter || !open) {
      out += name;
      i += name.length;
      continue;
    }
    const argStart = i + name.length + open[0].length;
    let depthParen = 1;
    let j = argStart;
    for (; j < tex.length && depthParen > 0; j++) {
      if (tex[j] === "(") depthParen++;
      if (tex[j] === ")") depthParen--;
    }
    if (depthParen > 0) {
      out += name;
      i += name.length;
      continue;
    }
    const arg = tex.slice(argStart, j - 1).replace(/\\right\s*$/, "");
    out += `\\left(${replaceVariable(def.body, def.variable, `\\left(${arg}\\right)`)}\\right)`;
    if (out.length > MAX_SIDE_CHARS) {
      throw new Refusal(
        "limit",
        `applying the sheet's functions makes a side of more than ${MAX_SIDE_CHARS} characters (MAX_SIDE_CHARS)`,
      );
    }
    i = j;
    changed = true;
  }
  return changed ? applyFunctions(out, defs, depth + 1) : out;
}

/** Replaces the single-letter variable of a function body, leaving macro names alone. */
function replaceVariable(body: string, variable: string, by: string): string {
  return body.replace(/\\[A-Za-z]+|[A-Za-z]/g, (t) => (t === variable ? by : t));
}

/** The reading of a bare `\log` the document's own conventions imply, and why. */
export function impliedLogReading(text: string): { reading: LogReading; why: string } {
  if (/\bbits?\b|\bshannon/i.test(text)) {
    return { reading: "log2", why: "the document measures information in bits" };
  }
  const reasons: string[] = [];
  if (/\bnats?\b/i.test(text)) reasons.push("measures information in nats");
  if (/e\^|\\exp\b|\\ln\b/.test(text)) reasons.push("writes $e^{…}$");
  if (/cross[- ]?entropy/i.test(text)) {
    reasons.push(
      "uses a cross-entropy loss, which machine learning writes with the natural logarithm",
    );
  }
  return {
    reading: "ln",
    why: reasons.length > 0
      ? `the document ${reasons.join(" and ")}`
      : "no base is stated anywhere; machine learning's convention is the natural logarithm",
  };
}

/**
 * The question number each line belongs to (the last numbered heading above it: `1.`,
 * `## Question 2: …`, `Q3`, `\section*{Question 4: …}`), and each question's title.
 */
function questionsByLine(text: string): { byLine: string[]; titles: Map<string, string> } {
  const byLine: string[] = [""];
  const titles = new Map<string, string>();
  let current = "";
  const heading =
    /^\s*(?:#{1,6}\s*)?(?:(?:Question|Problem|Exercise|Q)\s*(\d+)[.):]?|(\d+)[.)])(?=\s|$)(.*)$/i;
  const section = /\\(?:sub)*section\*?\{\s*(?:Question|Problem|Exercise)?\s*(\d+)[.):]?([^}]*)\}/;
  for (const line of text.split("\n")) {
    const m = heading.exec(line);
    const t = m ? null : section.exec(line);
    if (m || t) {
      current = m ? m[1] ?? m[2] : t![1];
      const title = (m ? m[3] : t![2]).replace(/^[\s:.)-]+/, "").trim();
      if (!titles.has(current)) titles.set(current, title);
    }
    byLine.push(current);
  }
  return { byLine, titles };
}

function kindOf(source: string): "tex" | "md" | "txt" {
  const path = source.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith(".tex") || path.endsWith(".latex")) return "tex";
  if (path.endsWith(".md") || path.endsWith(".markdown")) return "md";
  return "txt";
}

/** Why a text cannot be scanned (too large, not text), or null. */
function fileProblem(text: string): string | null {
  if (text.length > MAX_BYTES) {
    return `the file has ${text.length} characters, over the scan limit of ${MAX_BYTES} (MAX_BYTES)`;
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return `the file is binary data, not text (a NUL byte at offset ${nul})`;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  if (control > 0 && control * 100 > text.length) {
    return `the file is binary data, not text (${control} control or undecodable characters)`;
  }
  return null;
}

interface Analysis {
  report: Report;
  drafts: DraftLine[];
  /** The title of each question heading, by question number. */
  titles: Map<string, string>;
}

function analyse(text: string, options: ScanOptions): Analysis {
  const source = options.source ?? "sheet";
  const base: Report = {
    document: `${source.replace(/^.*[\\/]/, "")} (scanned)`,
    module: source,
    claims: [],
    errors: [],
    groups: [],
    questions: {},
    summary: { claims: 0, agrees: 0, disagrees: 0, errors: 0 },
  };
  const problem = typeof text === "string" ? fileProblem(text) : "the input is not a string";
  if (problem) {
    base.errors.push({
      module: source,
      claim: null,
      field: null,
      message: `${source}: ${problem}`,
    });
    base.summary.errors = 1;
    base.scan = emptySummary();
    return { report: base, drafts: [], titles: new Map() };
  }
  parsed.clear(); // each scan parses afresh: its time does not depend on the one before
  const clean = blankNonMath(text, kindOf(source));
  const lineOf = lineIndex(text);
  const { byLine: question, titles } = questionsByLine(text);
  const meaning = new SheetMeaning(text, question);
  const summary = emptySummary();
  const skip = (
    id: string,
    line: number,
    step: string,
    reason: ScanSkip["reason"],
    detail: string,
  ) => {
    summary.skipped++;
    summary.skippedBy[reason] = (summary.skippedBy[reason] ?? 0) + 1;
    summary.skips.push({ id, line, step, reason, detail });
  };
  const log = impliedLogReading(text);
  summary.logReading = { reading: log.reading, words: READINGS[log.reading].words, why: log.why };

  // 1. Fragments and their chains, continuation lines resolved.
  const fragments = findFragments(clean, MAX_FRAGMENTS + 1);
  summary.fragments = Math.min(fragments.length, MAX_FRAGMENTS);
  if (fragments.length > MAX_FRAGMENTS) {
    const line = lineOf(fragments[MAX_FRAGMENTS].start);
    skip(
      `L${line}`,
      line,
      "",
      "limit",
      `only the first ${MAX_FRAGMENTS} math fragments are read (MAX_FRAGMENTS)`,
    );
  }
  const chains: ResolvedChain[] = [];
  let previous: Side | null = null;
  let previousEnd = 0;
  let pending: { line: number; excerpt: string } | null = null;
  const flushPending = () => {
    if (pending) {
      const { line, excerpt } = pending;
      skip(
        `L${line}`,
        line,
        excerpt,
        "no equation",
        "a math fragment with no = sign: nothing to check",
      );
    }
    pending = null;
  };
  for (const f of fragments.slice(0, MAX_FRAGMENTS)) {
    const line = lineOf(f.start);
    const excerpt = f.body.trim().slice(0, 60);
    if (f.problem) {
      flushPending();
      skip(`L${line}`, line, excerpt, "cannot parse", f.problem);
      previous = null;
      previousEnd = f.end;
      continue;
    }
    if (f.body.length > MAX_FRAGMENT_CHARS) {
      flushPending();
      skip(
        `L${line}`,
        line,
        excerpt,
        "limit",
        `a math fragment of ${f.body.length} characters, over ${MAX_FRAGMENT_CHARS} (MAX_FRAGMENT_CHARS)`,
      );
      previous = null;
      previousEnd = f.end;
      continue;
    }
    let first = true;
    const fragmentChains = chainsOf(f);
    // A fragment with no `=` is nothing to check, unless the next one continues it (`$= …$`).
    const continued = fragmentChains[0]?.continues &&
      /^\s*$/.test(clean.slice(previousEnd, f.start));
    if (!continued) flushPending();
    pending = fragmentChains.every((c) => c.equals.length === 0) ? { line, excerpt } : null;
    for (const chain of fragmentChains) {
      const sides: (Side | null)[] = [...chain.sides];
      if (chain.continues) {
        if (first) {
          const prose = clean.slice(previousEnd, f.start);
          const fromProse = /^\s*$/.test(prose) ? null : proseLeftSide(prose);
          sides[0] = /^\s*$/.test(prose)
            ? previous
            : fromProse
            ? { tex: fromProse.tex, offset: previousEnd + fromProse.at }
            : null;
        } else {
          sides[0] = previous;
        }
      }
      const head = chain.continues && sides[0] ? chains[chains.length - 1]?.head : sides[0]?.tex;
      chains.push({ sides, equals: chain.equals, fresh: !chain.continues, head });
      previous = chain.sides[chain.sides.length - 1];
      first = false;
    }
    previousEnd = f.end;
  }
  flushPending();

  // 2. Function definitions (usable anywhere) and where each symbol is first defined.
  const functions = new Map<string, FunctionDef>();
  const definedAt = new Map<string, number>();
  for (const c of chains) {
    if (!c.fresh || c.sides.length < 2 || !c.sides[0]) continue;
    const lhs = cleanSide(c.sides[0].tex);
    const fn = FUNCTION_DEF.exec(lhs);
    if (fn && c.sides[1] && !functions.has(fn[1])) {
      functions.set(fn[1], {
        name: fn[1],
        variable: fn[2],
        body: cleanSide(c.sides[1].tex),
        line: lineOf(c.sides[0].offset),
      });
    } else if (SYMBOL.test(lhs)) {
      const key = JSON.stringify(safeParse(lhs));
      if (!definedAt.has(key)) definedAt.set(key, lineOf(c.sides[0].offset));
    }
  }

  for (const f of functions.values()) meaning.defineFunction(f.name, f.variable, f.body);

  // 3. Every step, in order, with the definitions made so far.
  const env = new Map<string, Json>();
  const envLines = new Map<string, number>();
  const stepsOnLine = new Map<number, number>();
  const drafts: DraftLine[] = [];
  const claims: ClaimReport[] = [];
  let limited = false;
  for (const c of chains) {
    if (limited) break;
    const lhs0 = c.sides[0] ? cleanSide(c.sides[0].tex) : "";
    const isFunctionDef = c.fresh && FUNCTION_DEF.test(lhs0) &&
      functions.get(FUNCTION_DEF.exec(lhs0)![1])?.line === lineOf(c.sides[0]!.offset);
    const definesSymbol = c.fresh && !isFunctionDef && SYMBOL.test(lhs0);
    for (let k = 0; k < c.equals.length; k++) {
      if (summary.steps >= MAX_STEPS) {
        limited = true;
        break;
      }
      summary.steps++;
      resetBudget();
      const eq = c.equals[k];
      const line = lineOf(eq);
      const n = (stepsOnLine.get(line) ?? 0) + 1;
      stepsOnLine.set(line, n);
      const id = `L${line}.${n}`;
      const left = c.sides[k];
      const right = c.sides[k + 1];
      const fullTex = `${left?.tex ?? "…"} = ${right?.tex ?? ""}`.replace(/\s+/g, " ").trim();
      const stepTex = fullTex.length > 200 ? `${fullTex.slice(0, 200)}…` : fullTex;
      try {
        const q0 = question[line] || "0";
        const lifted = (m: Meaning) => {
          summary.checked++;
          if (m.verdict === "agrees") summary.agrees++;
          else summary.disagrees++;
          const stated = cleanSide(right?.tex ?? "");
          claims.push(meaningClaim(m, { id, question: q0, line, tex: fullTex, stated }));
          (summary.lifts ??= []).push(liftOf(id, m));
          {
            drafts.push({
              id,
              question: q0,
              expression: m.draft ?? "",
              stated,
              tex: stepTex,
              assume: m.assumptions,
              note: `${m.verdict}: ${m.reason}`,
            });
          }
        };
        const understood = () =>
          left && right
            ? meaning.understand(
              `${left.tex} = ${right.tex}`,
              line,
              c.head === left.tex ? undefined : c.head,
            )
            : null;
        if (k === 0 && isFunctionDef) {
          skip(
            id,
            line,
            stepTex,
            "definition",
            `defines the function $${lhs0}$, applied wherever the sheet writes it`,
          );
          continue;
        }
        if (k === 0 && definesSymbol) {
          if (c.sides[1]) meaning.define(lhs0, c.sides[1].tex);
          const key = JSON.stringify(safeParse(lhs0));
          let value: { json: Json } | null = null;
          for (const s of c.sides.slice(1)) {
            value = s && evaluateSide(s.tex, functions, env, log.reading);
            if (value) break;
          }
          // a name given a written number (Adam's m̂_1 = 0.2) may be a result to judge
          const literal = c.sides.length === 2 && LITERAL.test(cleanSide(c.sides[1]?.tex ?? ""));
          const m = value && literal ? understood() : null;
          if (m) {
            // a named result (Adam's m̂_1 = 0.2): judged by its meaning, and still a definition
            env.set(key, value!.json);
            envLines.set(key, line);
            lifted(m);
          } else if (value) {
            env.set(key, value.json);
            envLines.set(key, line);
            skip(id, line, stepTex, "definition", `defines $${lhs0}$, substituted in later steps`);
          } else {
            const m = understood();
            if (m) lifted(m);
            else {
              skip(
                id,
                line,
                stepTex,
                "definition",
                `defines $${lhs0}$ by an expression with no value here`,
              );
            }
          }
          continue;
        }
        if (!left || !right || cleanSide(left.tex) === "" || cleanSide(right.tex) === "") {
          skip(
            id,
            line,
            stepTex,
            "no left side",
            left
              ? "the right side is empty"
              : "the step begins with = and no expression precedes it",
          );
          continue;
        }
        const checked = checkStep(
          left.tex,
          right.tex,
          functions,
          env,
          envLines,
          definedAt,
          log,
          line,
        );
        const m = "skip" in checked || checked.verdict === "agrees" ? understood() : null;
        if (m && ("skip" in checked || m.verdict === "disagrees")) {
          lifted(m);
          continue;
        }
        let liftedCall: string | null = null;
        if (m && !("skip" in checked)) {
          // the arithmetic and the reading agree: the arithmetic claim stays, the reading is listed
          (summary.lifts ??= []).push(liftOf(id, m));
          checked.assumptions.push(`also read as ${m.readAs}: ${m.reason}`);
          // the draft keeps the library call a sheet would write (a number, not a shape)
          if (m.draft && LITERAL.test(cleanSide(right.tex).replace(/\s+/g, ""))) {
            liftedCall = m.draft;
          }
        }
        if ("skip" in checked) {
          skip(id, line, stepTex, checked.skip, checked.detail);
          continue;
        }
        summary.checked++;
        if (checked.verdict === "agrees") summary.agrees++;
        else summary.disagrees++;
        const q = question[line] || "0";
        const reproducing = checked.verdict === "disagrees"
          ? checked.alternatives.filter((a) => a.reproduces)
          : [];
        claims.push({
          id,
          question: q,
          topic: "equation step",
          chapter: "",
          statement: `Line ${line} of the sheet: $${fullTex.replace(/\$/g, "")}$`,
          stated: right.tex.trim(),
          statedTex: right.tex.trim(),
          computed: checked.computed,
          verdict: checked.verdict,
          reason: checked.reason,
          assumptions: checked.assumptions,
          reproducedBy: reproducing.length > 0
            ? reproducing.map((a) => a.reading).join("; or ")
            : null,
          alternatives: checked.alternatives,
          counterexample: null,
          seed: null,
          // A scanned step is arithmetic: a wrong one is an error, and only the readings of
          // its notation (a bare \log) can reproduce it; the catalogue is for library calls.
          kind: checked.verdict === "disagrees" ? "error" : null,
          mistakes: [],
          diagnosis: checked.verdict === "agrees"
            ? null
            : reproducing.length === 0
            ? "none"
            : reproducing.length === 1
            ? "reproduced"
            : "ambiguous",
          group: checked.verdict === "disagrees" ? id : null,
          line,
        });
        drafts.push({
          id,
          question: q,
          expression: liftedCall ?? checked.js,
          stated: checked.statedJs,
          tex: stepTex,
          assume: checked.draftAssumptions,
          note: `${checked.verdict}: ${checked.reason}`,
        });
      } catch (error) {
        if (error instanceof Refusal) skip(id, line, stepTex, error.kind, error.message);
        else {
          skip(
            id,
            line,
            stepTex,
            "cannot parse",
            `cannot read this step: ${(error as Error)?.message ?? error}`,
          );
        }
      }
    }
  }
  if (limited) {
    skip("", 0, "", "limit", `only the first ${MAX_STEPS} steps are read (MAX_STEPS)`);
  }
  base.claims = claims;
  base.groups = groupMistakes(claims);
  base.summary = {
    claims: claims.length,
    agrees: summary.agrees,
    disagrees: summary.disagrees,
    errors: 0,
  };
  base.scan = summary;
  return { report: base, drafts, titles };
}

function emptySummary(): ScanSummary {
  return {
    fragments: 0,
    steps: 0,
    checked: 0,
    agrees: 0,
    disagrees: 0,
    skipped: 0,
    skippedBy: {},
    skips: [],
    logReading: null,
  };
}

function safeParse(tex: string): Json {
  try {
    return parse(tex);
  } catch {
    return ["Error", "'unparsable'"];
  }
}

/** Parses, applies functions and substitutes definitions; the closed tree or why not. */
function prepare(
  tex: string,
  functions: ReadonlyMap<string, FunctionDef>,
  env: ReadonlyMap<string, Json>,
): { json: Json; bare: boolean } | { skip: ScanSkip["reason"]; detail: string; free?: string[] } {
  const cleaned = cleanSide(tex);
  const json = parse(markBareLog(applyFunctions(cleaned, functions)));
  const error = parseError(json);
  if (error) return { skip: "cannot parse", detail: `cannot parse $${cleaned}$: ${error}` };
  if (hasWords(json)) return { skip: "words", detail: "a side is words, not mathematics" };
  const closed = substituteKeys(json, env);
  const free = [...freeSymbols(closed)];
  if (free.length > 0) {
    return { skip: "undefined symbol", detail: "", free };
  }
  return { json: closed, bare: hasBareLog(closed) };
}

/** Substitutes defined symbols, keyed by the JSON of their left side. */
function substituteKeys(json: Json, env: ReadonlyMap<string, Json>): Json {
  if (env.size === 0) return json;
  const d = env.get(JSON.stringify(json));
  if (d !== undefined) return d;
  if (!Array.isArray(json) || json.length === 0) return json;
  return [json[0], ...json.slice(1).map((a) => substituteKeys(a, env))];
}

function evaluateSide(
  tex: string,
  functions: ReadonlyMap<string, FunctionDef>,
  env: ReadonlyMap<string, Json>,
  reading: LogReading,
): { json: Json } | null {
  try {
    const p = prepare(tex, functions, env);
    if (!("json" in p)) return null;
    const v = interpret(p.json, NUMBERS, reading);
    return finite(v) ? { json: p.json } : null;
  } catch {
    return null;
  }
}

function finite(v: Value<number>): boolean {
  return "scalar" in v
    ? Number.isFinite(v.scalar)
    : v.matrix.every((r) => r.every(Number.isFinite));
}

/** The symbol names as a reader wrote them (the parser's names for a few Greek letters). */
function readable(name: string): string {
  return name === "GoldenRatio" ? "\\varphi" : name.replace(/^'|'$/g, "");
}

type StepResult =
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
  };

function checkStep(
  leftTex: string,
  rightTex: string,
  functions: ReadonlyMap<string, FunctionDef>,
  env: ReadonlyMap<string, Json>,
  envLines: ReadonlyMap<string, number>,
  definedAt: ReadonlyMap<string, number>,
  log: { reading: LogReading; why: string },
  line: number,
): StepResult {
  let l = cleanSide(leftTex);
  let r = cleanSide(rightTex);
  const assumptions: string[] = [];
  // Both sides one application of the same defined function: compare the arguments.
  const app = (s: string) => {
    const m = /^(\\[A-Za-z]+|[A-Za-z])\s*(\\left)?\((.*)\)$/s.exec(s);
    if (!m || !functions.has(m[1])) return null;
    const inner = m[3].replace(/\\right\s*$/, "");
    return balanced(inner) ? { name: m[1], arg: inner.trim() } : null;
  };
  const la = app(l);
  const ra = app(r);
  let argumentsOf: string | null = null;
  if (la && ra && la.name === ra.name) {
    l = la.arg;
    r = ra.arg;
    argumentsOf = la.name;
  }
  const shape = argumentsOf ? null : checkShape(l, r, functions, env);
  if (shape) return shape;
  const lp = prepare(l, functions, env);
  const rp = prepare(r, functions, env);
  for (const p of [lp, rp]) {
    if ("skip" in p && p.skip !== "undefined symbol") return { skip: p.skip, detail: p.detail };
  }
  const free = [
    ...new Set([...("free" in lp ? lp.free ?? [] : []), ...("free" in rp ? rp.free ?? [] : [])]),
  ];
  if (free.length > 0) {
    const later = free.map((f) => definedAt.get(JSON.stringify(f)))
      .filter((n): n is number => n !== undefined && n > line);
    const names = free.slice(0, 6).map(readable).join(", ") + (free.length > 6 ? ", …" : "");
    return {
      skip: "undefined symbol",
      detail: `no value for ${names}${
        later.length ? ` (defined only later, on line ${Math.min(...later)})` : ""
      }`,
    };
  }
  if (!("json" in lp) || !("json" in rp)) {
    return { skip: "cannot parse", detail: "cannot read a side" };
  }
  const used = [...functions.values()].filter((f) =>
    new RegExp(`${escape(f.name)}(?![A-Za-z])`).test(`${leftTex} ${rightTex}`)
  );
  for (const f of used) {
    assumptions.push(
      `$${f.name}(${f.variable}) = ${f.body}$ as the sheet defines it on line ${f.line}`,
    );
  }
  const written = `${cleanSide(leftTex)} ${cleanSide(rightTex)}`;
  for (const [key, at] of envLines) {
    if (usesKey(written, key)) {
      assumptions.push(`${readable(JSON.parse(key))} as defined on line ${at}`);
    }
  }
  if (/\\otimes/.test(`${l} ${r}`)) {
    assumptions.push(
      "$A \\otimes K$ between two matrices of one shape is the sum of their elementwise products (one entry of a convolution)",
    );
  }
  const bare = lp.bare || rp.bare;
  const readings: LogReading[] = bare
    ? [log.reading, ...(["ln", "log2", "log10"] as LogReading[]).filter((x) => x !== log.reading)]
    : [log.reading];
  const results: { reading: LogReading; left: Value<number>; right: Value<number> }[] = [];
  for (const reading of readings) {
    let left: Value<number>;
    let right: Value<number>;
    try {
      left = interpret(lp.json, NUMBERS, reading);
      right = interpret(rp.json, NUMBERS, reading);
    } catch (error) {
      if (error instanceof Refusal) return { skip: error.kind, detail: error.message };
      throw error;
    }
    if (!finite(left) || !finite(right)) {
      return {
        skip: "not a number",
        detail: "a side is not a finite number (overflow, division by zero or a logarithm of 0)",
      };
    }
    results.push({ reading, left, right });
  }
  const literal = LITERAL.test(r.replace(/\s+/g, ""));
  const compare = (left: Value<number>, right: Value<number>): boolean | "shape" => {
    if ("scalar" in left && "scalar" in right) {
      return literal
        ? agreesWithWritten(left.scalar, r.replace(/\s+/g, ""))
        : close(left.scalar, right.scalar);
    }
    if ("matrix" in left && "matrix" in right) {
      if (
        left.matrix.length !== right.matrix.length ||
        left.matrix[0]?.length !== right.matrix[0]?.length
      ) return "shape";
      return left.matrix.every((row, i) => row.every((x, j) => entryAgrees(x, right.matrix[i][j])));
    }
    return "shape";
  };
  const main = results[0];
  const ok = compare(main.left, main.right);
  if (ok === "shape") {
    return {
      skip: "unsupported",
      detail:
        "the two sides have different shapes (a number and a matrix, or matrices of different sizes)",
    };
  }
  const d = literal ? decimals(r.replace(/\s+/g, "")) : undefined;
  const render = (
    v: Value<number>,
  ) => ("scalar" in v
    ? (d !== undefined && d > 0 ? `${v.scalar.toFixed(d)} (${v.scalar})` : show(v.scalar))
    : showArray(v.matrix));
  // The readings are listed where they can change the verdict: when the right side has no
  // bare \log of its own (both sides under one reading agree or disagree together).
  const alternatives: Reading[] = bare && !rp.bare
    ? results.map((x) => ({
      reading: READINGS[x.reading].words,
      computed: render(x.left),
      reproduces: compare(x.left, x.right) === true,
    }))
    : [];
  if (bare) {
    assumptions.push(`a bare $\\log$ is read as the ${READINGS[log.reading].words}: ${log.why}`);
  }
  const what = argumentsOf ? `the argument of $${argumentsOf}$ on the left` : "the left side";
  const other = argumentsOf ? "on the right" : "the right side";
  const leftText = "scalar" in main.left ? show(main.left.scalar) : showArray(main.left.matrix);
  const rightText = "scalar" in main.right ? show(main.right.scalar) : showArray(main.right.matrix);
  let reason: string;
  if ("matrix" in main.left) {
    reason = ok
      ? `${what} is ${leftText}, equal entry by entry to the right side`
      : `${what} is ${leftText}, but the right side is ${rightText}`;
  } else if (literal) {
    const value = (main.left as { scalar: number }).scalar;
    reason = d === 0
      ? ok ? `${what} is ${leftText}, exactly ${r}` : `${what} is ${leftText}, not ${r}`
      : ok
      ? `${what} is ${leftText}, which rounds to ${r} to ${d} decimal${d === 1 ? "" : "s"}`
      : `${what} is ${leftText}, which rounds to ${value.toFixed(d)}, not ${r}`;
  } else {
    reason = ok
      ? `${what} is ${leftText} and ${other} ${rightText}: equal to a relative ${EXPRESSION_TOLERANCE}`
      : `${what} is ${leftText} but ${other} is ${rightText}`;
  }
  if (bare) {
    reason += ` (reading $\\log$ as the ${READINGS[log.reading].words})`;
    const reproducing = alternatives.filter((a) => a.reproduces).map((a) => a.reading);
    if (!ok && reproducing.length) {
      reason += `; the ${reproducing.join(" and the ")} reproduces the written value`;
    }
  }
  const js = jsText(interpret(lp.json, JAVASCRIPT, log.reading));
  const statedJs = literal
    ? r.replace(/\s+/g, "")
    : jsText(interpret(rp.json, JAVASCRIPT, log.reading));
  const draftAssumptions = bare
    ? [`the bare \\log is written ${log.reading}: ${log.why.replace(/\$/g, "")}`]
    : [];
  return {
    verdict: ok ? "agrees" : "disagrees",
    computed: render(main.left),
    reason,
    assumptions,
    alternatives,
    js,
    statedJs,
    draftAssumptions,
  };
}

/**
 * A step written as a shape, `(…) × (…) × 6 = 9 × 9 × 6`: when the right side is a product of
 * integers and the left a product of as many factors, the factors are compared one by one
 * (a shape 9 × 9 × 6 is not 6 × 9 × 9, though the products agree). Null when the step is
 * not of that form or a factor has no value (the step is then checked as one number).
 */
function checkShape(
  l: string,
  r: string,
  functions: ReadonlyMap<string, FunctionDef>,
  env: ReadonlyMap<string, Json>,
): StepResult | null {
  const factors = (s: string) => splitTopLevel(s, /\\times|×/).map((p) => p.piece.trim());
  const lf = factors(l);
  const rf = factors(r);
  if (lf.length < 2 || lf.length !== rf.length || !rf.every((f) => /^\d+$/.test(f))) return null;
  const values: number[] = [];
  const js: string[] = [];
  for (const f of lf) {
    const p = prepare(f, functions, env);
    if (!("json" in p) || p.bare) return null;
    try {
      const v = interpret(p.json, NUMBERS, "ln");
      if (!("scalar" in v) || !Number.isFinite(v.scalar)) return null;
      values.push(v.scalar);
      js.push(jsText(interpret(p.json, JAVASCRIPT, "ln")));
    } catch {
      return null;
    }
  }
  const ok = values.every((v, i) => close(v, Number(rf[i])));
  const computed = values.map((v) => show(v)).join(" × ");
  return {
    verdict: ok ? "agrees" : "disagrees",
    computed,
    reason: ok
      ? `read as a shape: the left side's factors are ${computed}, as written`
      : `read as a shape: the left side's factors are ${computed}, not ${rf.join(" × ")}`,
    assumptions: ["a product of integers on the right is read as a shape, factor by factor"],
    alternatives: [],
    js: `[${js.join(", ")}]`,
    statedJs: rf.join("×"), // a shape as the answer-sheet format writes one: 9×9×6
    draftAssumptions: ["the step is a shape: its factors are compared one by one"],
  };
}

function usesKey(tex: string, key: string): boolean {
  const name = JSON.parse(key);
  if (typeof name !== "string") return false;
  const [stem, sub] = name.split("_");
  const pattern = sub === undefined
    ? new RegExp(`(?<![\\\\A-Za-z])${escape(stem)}(?![A-Za-z_])`)
    : new RegExp(`(?<![\\\\A-Za-z])${escape(stem)}_\\{?${escape(sub)}\\}?`);
  return pattern.test(tex);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= EXPRESSION_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

function entryAgrees(computed: number, stated: number): boolean {
  return agreesWithWritten(computed, String(stated)) || close(computed, stated);
}

/**
 * Whether a value agrees with a number as the sheet wrote it: a decimal at its written digits
 * (`0.68997` stands for [0.689965, 0.689975]); an integer exactly, to a relative 1e-9 (counts,
 * parameter numbers and sums of products are exact, and `φ(0) = 0` must not pass for 0.5).
 */
function agreesWithWritten(computed: number, written: string): boolean {
  return decimals(written) === 0
    ? close(computed, Number(written))
    : matchesStated(computed, written);
}

/**
 * Scans a solution sheet's text: every equation step whose sides evaluate becomes a claim of
 * the report, every other step is counted in `report.scan` with its reason. Pure: the text in,
 * the report out.
 *
 * @param text The sheet (LaTeX, Markdown or plain text with math).
 * @param options `source`: the file's name or URL (its extension picks the format).
 * @returns The audit report, with the scan summary in `scan`.
 */
export function scanText(text: string, options: ScanOptions = {}): Report {
  return guarded(text, options).report;
}

/** {@linkcode analyse}, with any failure of the scanner itself reported as the file's error. */
function guarded(text: string, options: ScanOptions): Analysis {
  try {
    return analyse(text, options);
  } catch (error) {
    const source = options.source ?? "sheet";
    return {
      report: {
        document: `${source.replace(/^.*[\\/]/, "")} (scanned)`,
        module: source,
        claims: [],
        errors: [{
          module: source,
          claim: null,
          field: null,
          message: `${source}: the scanner failed: ${(error as Error)?.message ?? error}`,
        }],
        groups: [],
        questions: {},
        summary: { claims: 0, agrees: 0, disagrees: 0, errors: 1 },
        scan: emptySummary(),
      },
      drafts: [],
      titles: new Map(),
    };
  }
}

/**
 * Writes the checked steps of a sheet as an answer sheet (the audit's claims format): one
 * `ID: EXPRESSION = STATED` line per checked step, named by line (`L21.6` = line 21, sixth step
 * on it), grouped under the sheet's question headings, for the author to rename and extend.
 *
 * @param text The sheet.
 * @param options `source`: the file's name or URL.
 * @returns The Markdown of the draft sheet.
 */
export function draftSheet(text: string, options: ScanOptions = {}): string {
  const { report, drafts, titles } = guarded(text, options);
  const source = options.source ?? "sheet";
  const out: string[] = [
    `# Claims drafted from ${source.replace(/^.*[\\/]/, "")}`,
    "",
    `Drafted by \`deno task audit --scan\`: one claim per checked step, named by its line ` +
    "(`L21.6` is the sixth step on line 21). Rename the claims, group them, and replace the " +
    "arithmetic by library calls (`sigmoid(0.8)`, `binaryCrossEntropy(p, 1)`).",
    "",
  ];
  if (report.errors.length > 0) {
    out.push(...report.errors.map((e) => `The scan could not read the sheet: ${e.message}`), "");
  }
  const byQuestion = new Map<string, DraftLine[]>();
  for (const d of drafts) byQuestion.set(d.question, [...(byQuestion.get(d.question) ?? []), d]);
  for (const [q, lines] of byQuestion) {
    out.push(
      q === "0"
        ? "## Question 0: before the first numbered question"
        : titles.get(q)
        ? `## Question ${q}: ${titles.get(q)}`
        : `## Question ${q}`,
      "",
    );
    out.push("```claims");
    for (const d of lines) {
      out.push(`# scan: ${d.note.replace(/\s+/g, " ")}`);
      if (d.expression === "") {
        out.push(`# ${d.id} (a formula step, not drafted): ${d.tex}`);
        continue;
      }
      out.push(`${d.id}: ${d.expression} = ${d.stated}`);
      out.push(`  tex: ${d.tex}`);
      for (const a of d.assume) out.push(`  assume: ${a}`);
    }
    out.push("```", "");
  }
  return out.join("\n");
}
