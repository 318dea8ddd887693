/**
 * Scanning a solution sheet as it is: a `.tex`, `.md`, `.ipynb` or `.txt` file is read by its
 * format's parser (`read.ts`), its math split into equation steps (`steps.ts`), each side
 * evaluated on the document's own definitions (`evaluate.ts`) and each step judged at its
 * written precision (`judge.ts`); every step that cannot be checked is counted with its reason.
 * `deno task audit --scan FILE_OR_URL` prints the report; `--draft FILE.md` writes the checked
 * steps as an answer sheet ({@linkcode draftSheet}).
 *
 * @module
 */
import { groupMistakes } from "../engine.ts";
import type { ClaimReport, Report, ScanSkip, ScanSummary } from "../model.ts";
import { type DraftLine, writeDraft } from "./draft.ts";
import {
  Definitions,
  functionHead,
  nameOf,
  parseSide,
  prepare,
  resetParses,
  usedDefinitions,
} from "./evaluate.ts";
import {
  interpret,
  type Json,
  type LogReading,
  NUMBERS,
  READINGS,
  Refusal,
  resetBudget,
} from "./interpret.ts";
import { type JudgeContext, judgeStep, readMeaning, replaceNumbers } from "./judge.ts";
import { liftOf, type Meaning, meaningClaim, sheetMeaningOf } from "./meaning_hook.ts";
import type { Chain, Doc, Fragment } from "./model.ts";
import { MAX_FRAGMENT_CHARS, MAX_STEPS } from "./model.ts";
import { cleanSide } from "./notation.ts";
import { formatOf, readDocument } from "./read.ts";
import { chainsOf } from "./steps.ts";

export * from "./model.ts";
export { cleanSide } from "./notation.ts";

/** A written number. */
const LITERAL = /^[+-]?\s*(?:\d+\.?\d*|\.\d+)$/;

/** Options of {@linkcode scanText} and {@linkcode draftSheet}. */
export interface ScanOptions {
  /** The file's name or URL, shown in the report; its extension picks the format. */
  source?: string;
}

/** What one scan produced: the report, the draft's lines and the question titles. */
interface Analysis {
  report: Report;
  drafts: DraftLine[];
  titles: Map<string, string>;
}

/** Counts skipped steps as the summary reports them. */
class Skips {
  constructor(readonly summary: ScanSummary) {}
  add(id: string, line: number, step: string, reason: ScanSkip["reason"], detail: string): void {
    this.summary.skipped++;
    this.summary.skippedBy[reason] = (this.summary.skippedBy[reason] ?? 0) + 1;
    this.summary.skips.push({ id, line, step, reason, detail });
  }
}

/**
 * Scans a solution sheet's text: every equation step whose sides evaluate becomes a claim of
 * the report, every other step is counted in `report.scan` with its reason. Pure: the text in,
 * the report out.
 *
 * @param text The sheet (LaTeX, Markdown, a notebook's JSON or plain text with math).
 * @param options `source`: the file's name or URL (its extension picks the format).
 * @returns The audit report, with the scan summary in `scan`.
 */
export function scanText(text: string, options: ScanOptions = {}): Report {
  return guarded(text, options).report;
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
  return writeDraft(report, drafts, titles, options.source ?? "sheet");
}

/** {@linkcode analyse}, with any failure of the scanner itself reported as the file's error. */
function guarded(text: string, options: ScanOptions): Analysis {
  try {
    return analyse(text, options);
  } catch (error) {
    const report = emptyReport(options.source ?? "sheet");
    fail(report, `the scanner failed: ${(error as Error)?.message ?? error}`);
    return { report, drafts: [], titles: new Map() };
  }
}

function emptyReport(source: string): Report {
  return {
    document: `${source.replace(/^.*[\\/]/, "")} (scanned)`,
    module: source,
    claims: [],
    errors: [],
    groups: [],
    questions: {},
    summary: { claims: 0, agrees: 0, disagrees: 0, errors: 0 },
    scan: emptySummary(),
  };
}

function fail(report: Report, problem: string): void {
  report.errors.push({
    module: report.module,
    claim: null,
    field: null,
    message: `${report.module}: ${problem}`,
  });
  report.summary.errors = report.errors.length;
}

/** The pipeline: read, split, evaluate and judge, then the report. */
function analyse(text: string, options: ScanOptions): Analysis {
  const source = options.source ?? "sheet";
  const report = emptyReport(source);
  const doc = readDocument(text, formatOf(source, typeof text === "string" ? text : ""));
  if (doc.problem) {
    fail(report, doc.problem);
    return { report, drafts: [], titles: new Map() };
  }
  resetParses();
  const summary = report.scan!;
  const skips = new Skips(summary);
  const log = impliedLogReading(doc.prose);
  summary.logReading = { reading: log.reading, words: READINGS[log.reading].words, why: log.why };
  summary.fragments = doc.fragments.length;
  if (doc.dropped > 0) {
    skips.add(
      "",
      0,
      "",
      "limit",
      `only the first ${doc.fragments.length} math fragments are read (MAX_FRAGMENTS)`,
    );
  }
  const chains = splitAll(doc, skips);
  const defs = definitionsOf(chains);
  const run = new Run(doc, defs, log, skips);
  run.meaning(sheetMeaningOf(text, doc, defs.functions.values()));
  for (const chain of chains) if (!run.chain(chain)) break;
  report.claims = run.claims;
  report.groups = groupMistakes(run.claims);
  report.summary = {
    claims: run.claims.length,
    agrees: summary.agrees,
    disagrees: summary.disagrees,
    errors: 0,
  };
  return { report, drafts: run.drafts, titles: doc.titles };
}

/** Stage 2 for the whole document; fragments with nothing to check are skipped here. */
function splitAll(doc: Doc, skips: Skips): Chain[] {
  const out: Chain[] = [];
  let previous: Chain | null = null;
  const perFragment = doc.fragments.map((f) => {
    const problem = f.problem ??
      (f.tex.length > MAX_FRAGMENT_CHARS
        ? `a math fragment of ${f.tex.length} characters, over ${MAX_FRAGMENT_CHARS} (MAX_FRAGMENT_CHARS)`
        : null);
    if (problem) {
      previous = null;
      return { f, problem, chains: [] as Chain[] };
    }
    const chains = chainsOf(f, previous?.sides.at(-1) ?? null);
    previous = chains.at(-1) ?? previous;
    return { f, problem: null, chains };
  });
  perFragment.forEach(({ f, problem, chains }, i) => {
    const id = fragmentId(f);
    if (problem) {
      skips.add(
        id,
        f.line,
        f.tex.trim().slice(0, 60),
        /^a (?:math fragment|paragraph) of/.test(problem) ? "limit" : "cannot parse",
        problem,
      );
      return;
    }
    const next = perFragment[i + 1];
    const continued = next?.chains[0]?.continues && /^\s*$/.test(next.f.before);
    if (chains.every((c) => c.equals.length === 0) && !continued) {
      skips.add(
        id,
        f.line,
        f.tex.trim().slice(0, 60),
        "no equation",
        "a math fragment with no = sign: nothing to check",
      );
    }
    out.push(...chains.filter((c) => c.equals.length > 0));
  });
  return out;
}

function fragmentId(f: Fragment): string {
  return f.cell === null ? `L${f.line}` : `C${f.cell}L${f.line}`;
}

/** The sheet's functions (usable anywhere) and where each symbol is first defined. */
function definitionsOf(chains: Chain[]): Definitions {
  const defs = new Definitions();
  for (const c of chains) {
    const first = c.sides[0];
    if (c.continues || !first || !c.sides[1]) continue;
    const head = functionHead(cleanSide(first.tex));
    if (head && !defs.functions.has(head.name)) {
      defs.functions.set(head.name, { ...head, body: cleanSide(c.sides[1].tex), line: first.line });
      continue;
    }
    const key = nameOf(cleanSide(first.tex));
    if (key && !defs.definedAt.has(key)) defs.definedAt.set(key, first.line);
  }
  return defs;
}

/** Stage 4 over the document: each chain's steps judged in order, definitions made as they come. */
class Run {
  readonly claims: ClaimReport[] = [];
  readonly drafts: DraftLine[] = [];
  private readonly stepsOnLine = new Map<string, number>();
  /** The symbol the chain just before defined (a restatement must follow its computation). */
  private previousSymbol: string | null = null;
  /** The first side of the last chain that had one (a continuation's subject). */
  private head: string | undefined;
  private readonly ctx: JudgeContext;

  constructor(
    private readonly doc: Doc,
    private readonly defs: Definitions,
    log: { reading: LogReading; why: string },
    private readonly skips: Skips,
  ) {
    this.ctx = {
      defs,
      log,
      rounded: new Map(),
      exact: new Map(),
      wrongValues: new Map(),
      wrongSymbols: new Map(),
      usedFunctions: new Set(),
      cell: null,
      context: "",
      heading: "",
      sheet: null,
    };
  }

  /** Reads the steps for their meaning too (audit/scan/meaning/), with the sheet's state. */
  meaning(sheet: JudgeContext["sheet"]): void {
    this.ctx.sheet = sheet;
  }

  /** Judges one chain; false once the step limit is reached. */
  chain(c: Chain): boolean {
    const firstTex = c.sides[0] ? cleanSide(c.sides[0].tex) : "";
    const head = c.continues ? null : functionHead(firstTex);
    const isFunction = head !== null &&
      this.defs.functions.get(head.name)?.line === c.sides[0]?.line;
    const symbol = c.continues || isFunction ? null : nameOf(firstTex);
    let firstWrong: string | null = null;
    let definition: (() => void) | null = null;
    this.head = c.continues && c.sides[0] ? this.head : c.sides[0]?.tex;
    this.ctx.head = this.head;
    if (symbol && c.sides[0] && c.sides[1]) this.ctx.sheet?.define(firstTex, c.sides[1].tex);
    for (let k = 0; k < c.equals.length; k++) {
      const summary = this.skips.summary;
      if (summary.steps >= MAX_STEPS) {
        this.skips.add(
          "",
          0,
          "",
          "limit",
          `only the first ${MAX_STEPS} steps are read (MAX_STEPS)`,
        );
        return false;
      }
      summary.steps++;
      resetBudget();
      const id = this.idOf(c.equals[k]);
      const step = this.stepTex(c, k);
      if (k === 0 && isFunction) {
        this.skips.add(
          id,
          c.equals[k].line,
          step,
          "definition",
          `defines the function $${firstTex}$, applied wherever the sheet writes it`,
        );
        continue;
      }
      if (k === 0 && symbol && this.restates(c, symbol)) {
        // `E = ½(1 - 0.7)^2` then `E = 0.045`: the value the sheet computed, stated again.
        if (this.judge(c, 0, id, step) === "disagrees") firstWrong ??= id;
        definition = this.define(c, symbol, firstTex, id, step, false);
        continue;
      }
      if (k === 0 && (symbol || c.kind === "assignment")) {
        // The value is read now (an update `w \leftarrow w - …` reads the old w) and set once
        // the chain's own steps are judged.
        definition = this.define(c, symbol, firstTex, id, step);
        continue;
      }
      const verdict = this.judge(c, k, id, step);
      if (verdict === "disagrees") firstWrong ??= id;
    }
    definition?.();
    if (symbol && firstWrong) this.ctx.wrongSymbols.set(symbol, firstWrong);
    // Only a chain that gave the symbol its value can be restated by the next one.
    const set = symbol ? this.defs.values.get(symbol) : undefined;
    this.previousSymbol = set && set.line === c.equals[0]?.line ? symbol : null;
    return true;
  }

  private idOf(at: { line: number; cell: number | null }): string {
    const key = `${at.cell ?? ""}:${at.line}`;
    const n = (this.stepsOnLine.get(key) ?? 0) + 1;
    this.stepsOnLine.set(key, n);
    return at.cell === null ? `L${at.line}.${n}` : `C${at.cell}L${at.line}.${n}`;
  }

  private stepTex(c: Chain, k: number): string {
    const full = `${c.sides[k]?.tex ?? "…"} = ${c.sides[k + 1]?.tex ?? ""}`.replace(/\s+/g, " ")
      .trim();
    return full.length > 200 ? `${full.slice(0, 200)}…` : full;
  }

  /** A chain that defines its first side: the value the sheet carries forward. */
  /**
   * Whether a chain `x = 0.045` (or `x = ½(1 - 0.7)^2`) states again, in numbers, the value the
   * chain just before it computed for x (a name reused later for a new quantity is redefined).
   */
  private restates(c: Chain, symbol: string): boolean {
    const prior = this.defs.values.get(symbol);
    if (
      c.kind !== "equation" || c.sides.length !== 2 || prior?.computed !== true ||
      prior.question !== c.fragment.question || !c.sides[1] || this.previousSymbol !== symbol
    ) return false;
    // A number, or arithmetic of numbers (`δ_h = 0.24(0.05 + 0.01)` after `δ_h = 0.6(0.4)[…]`).
    try {
      const p = prepare(c.sides[1].tex, new Definitions());
      return "json" in p;
    } catch {
      return false;
    }
  }

  private define(
    c: Chain,
    symbol: string | null,
    name: string,
    id: string,
    step: string,
    count = true,
  ) {
    const line = c.equals[0].line;
    if (!symbol) {
      this.skips.add(id, line, step, "definition", `assigns to $${name}$, which is not a name`);
      return null;
    }
    const value = this.valueOf(c, symbol);
    const meaning = count ? this.definitionMeaning(c, value !== null) : null;
    if (meaning) this.lifted(c, 0, id, step, meaning);
    if (value === null) {
      const kept = this.defs.values.get(symbol);
      if (!count || meaning) return null;
      this.skips.add(
        id,
        line,
        step,
        "definition",
        `defines $${name}$ by an expression with no value here${
          kept ? ` (its value from line ${kept.line} is kept)` : ""
        }`,
      );
      return null;
    }
    if (count && !meaning) {
      this.skips.add(id, line, step, "definition", `defines $${name}$, substituted in later steps`);
    }
    const computed = c.sides.length > 2 ||
      !/^[-+]?\s*[\d.]+$/.test(cleanSide(c.sides[1]?.tex ?? ""));
    const question = c.fragment.question;
    return () => this.defs.values.set(symbol, { json: value, line, from: id, computed, question });
  }

  /**
   * A definition read for its meaning: a name given a written number may be a result to judge
   * (Adam's `m̂_1 = 0.2`); a name defined by an expression with no value may be a formula.
   */
  private definitionMeaning(c: Chain, hasValue: boolean): Meaning | null {
    const [left, right] = c.sides;
    if (!left || !right) return null;
    if (hasValue && (c.sides.length !== 2 || !LITERAL.test(cleanSide(right.tex)))) return null;
    this.place(c, left.tex, right.tex);
    const read = readMeaning(left.tex, right.tex, c.equals[0].line, this.ctx, null);
    return read && "replace" in read ? read.replace : null;
  }

  /** Records a step read for its meaning as the report's claim, lift and draft line. */
  private lifted(c: Chain, k: number, id: string, step: string, m: Meaning): void {
    const summary = this.skips.summary;
    summary.checked++;
    if (m.verdict === "agrees") summary.agrees++;
    else summary.disagrees++;
    const line = c.equals[k].line;
    const question = this.questionOf(c.fragment);
    const stated = cleanSide(c.sides[k + 1]?.tex ?? "");
    const tex = `${c.sides[k]?.tex ?? "…"} = ${c.sides[k + 1]?.tex ?? ""}`.replace(/\s+/g, " ")
      .trim();
    const claim = meaningClaim(m, { id, question, line, tex, stated });
    if (c.fragment.cell !== null) claim.cell = c.fragment.cell;
    this.claims.push(claim);
    (summary.lifts ??= []).push(liftOf(id, m));
    this.drafts.push({
      id,
      question,
      expression: m.draft ?? "",
      // a stated side the reading evaluated (a worked count or shape) is drafted as its value
      stated: m.draftStated ?? stated,
      tex: step,
      assume: m.assumptions,
      note: `${m.verdict}: ${m.reason}`,
    });
  }

  private fragmentIndex: Map<Fragment, number> | null = null;

  /**
   * The prose and math of a fragment's question up to it (at most 6000 characters): where a
   * notebook's step finds its words, its lines being its cell's.
   */
  private proseOf(f: Fragment): string {
    this.fragmentIndex ??= new Map(this.doc.fragments.map((x, i) => [x, i]));
    const parts: string[] = [];
    let size = 0;
    for (let i = this.fragmentIndex.get(f) ?? -1; i >= 0 && size < 6000; i--) {
      const x = this.doc.fragments[i];
      if (x.question !== f.question) break;
      const part = `${x.before}${x === f ? "" : `$${x.tex}$`}`;
      parts.unshift(part);
      size += part.length;
    }
    return parts.join("").slice(-6000);
  }

  /** Sets the judge's view of where a step is: its prose, question, cell and functions. */
  private place(c: Chain, left: string, right: string): void {
    this.ctx.context = this.proseOf(c.fragment);
    this.ctx.heading = [c.fragment.question, this.doc.titles.get(c.fragment.question) ?? ""]
      .join(" ").trim();
    this.ctx.cell = c.fragment.cell;
    this.ctx.display = c.fragment.line;
    this.ctx.usedFunctions = new Set(
      [...this.defs.functions.keys()].filter((n) => `${left} ${right}`.includes(n)),
    );
  }

  /** The chain's last side when it is a written number (what the sheet uses later), else the first side with a value. */
  private valueOf(c: Chain, symbol: string | null): Json | null {
    const rest = c.sides.slice(1);
    const last = rest.at(-1);
    const ordered = last && /^[-+]?\s*[\d.]+$/.test(cleanSide(last.tex)) ? [last, ...rest] : rest;
    for (const s of ordered) {
      if (!s) continue;
      try {
        // `ŷ = 1/(1 + e^{-ŷ})` restates a formula: a side naming the symbol is no value for it.
        if (
          symbol && c.kind === "equation" &&
          usedDefinitions(parseSide(s.tex), new Map([[symbol, null]])).length > 0
        ) continue;
        const p = prepare(s.tex, this.defs);
        if (!("json" in p)) continue;
        const v = interpret(p.json, NUMBERS, this.ctx.log.reading);
        if ("scalar" in v ? Number.isFinite(v.scalar) : true) return p.json;
      } catch {
        continue;
      }
    }
    return null;
  }

  /** Judges step k of a chain and records the claim or the skip. */
  private judge(c: Chain, k: number, id: string, step: string): "agrees" | "disagrees" | null {
    const left = c.sides[k];
    const right = c.sides[k + 1];
    const line = c.equals[k].line;
    if (!left || !right || cleanSide(left.tex) === "" || cleanSide(right.tex) === "") {
      this.skips.add(
        id,
        line,
        step,
        "no left side",
        left ? "the right side is empty" : "the step begins with = and no expression precedes it",
      );
      return null;
    }
    const rightTex = k + 1 === c.sides.length - 1 && c.scale
      ? `${right.tex} \\times 10^{${Math.round(Math.log10(c.scale.factor))}}`
      : right.tex;
    this.place(c, left.tex, right.tex);
    let result;
    try {
      result = judgeStep(left.tex, rightTex, line, this.ctx);
    } catch (error) {
      const kind = error instanceof Refusal ? error.kind : "cannot parse";
      const detail = error instanceof Refusal
        ? error.message
        : `cannot read this step: ${(error as Error)?.message ?? error}`;
      this.skips.add(id, line, step, kind, detail);
      return null;
    }
    const read = readMeaning(left.tex, right.tex, line, this.ctx, result);
    if (read && "replace" in read) {
      this.lifted(c, k, id, step, read.replace);
      return read.replace.verdict;
    }
    if ("skip" in result) {
      this.skips.add(id, line, step, result.skip, result.detail);
      return null;
    }
    this.record(c, k, id, step, result, right.tex.trim(), read?.beside ?? null);
    return result.verdict;
  }

  private record(
    c: Chain,
    k: number,
    id: string,
    step: string,
    result: Exclude<ReturnType<typeof judgeStep>, { skip: unknown }>,
    stated: string,
    beside: Meaning | null,
  ): void {
    const summary = this.skips.summary;
    if (beside) {
      // the arithmetic and the reading agree: the arithmetic claim stays, the reading is listed
      (summary.lifts ??= []).push(liftOf(id, beside));
      result.assumptions.push(`also read as ${beside.readAs}: ${beside.reason}`);
    }
    // the draft keeps the library call a sheet would write (for a number, not a shape)
    const call = beside?.draft && LITERAL.test(cleanSide(stated).replace(/\s+/g, ""))
      ? beside.draft
      : null;
    const line = c.equals[k].line;
    summary.checked++;
    if (result.verdict === "agrees") summary.agrees++;
    else summary.disagrees++;
    const written = cleanSide(stated).replace(/\s+/g, "");
    if (/^[-+]?\d*\.\d+$/.test(written)) {
      const d = written.split(".")[1].length;
      // A value the sheet rounded (not one it computed exactly) stands for its interval later.
      const exact = result.value !== undefined &&
        Math.abs(result.value - Number(written)) <= 1e-12 * Math.max(1, Math.abs(result.value));
      if (!exact) {
        this.ctx.rounded.set(Number(written), 0.5 * 10 ** -d);
        const exactValue = result.verdict === "agrees" ? this.exactOf(c, k) : null;
        if (exactValue !== null) this.ctx.exact.set(Number(written), exactValue);
      }
      if (result.verdict === "disagrees") this.ctx.wrongValues.set(Number(written), id);
    }
    // The decimals a step writes on its right (`= 1/1.3679`) are its own intermediates: rounded
    // when the step agrees, and a later step using them is a consequence when it does not.
    const left = cleanSide(c.sides[k]?.tex ?? "");
    for (const d of cleanSide(stated).match(/\d*\.\d{3,}/g) ?? []) {
      if (left.includes(d) || d === written) continue;
      if (result.verdict === "agrees") {
        this.ctx.rounded.set(Number(d), 0.5 * 10 ** -(d.split(".")[1].length));
      } else if (!this.ctx.wrongValues.has(Number(d))) this.ctx.wrongValues.set(Number(d), id);
    }
    const question = this.questionOf(c.fragment);
    const reproducing = result.verdict === "disagrees"
      ? result.alternatives.filter((a) => a.reproduces)
      : [];
    const full = `${c.sides[k]?.tex ?? ""} = ${c.sides[k + 1]?.tex ?? ""}`.replace(/\s+/g, " ")
      .trim();
    const claim: ClaimReport = {
      id,
      question,
      topic: "equation step",
      chapter: "",
      statement: `${c.fragment.cell === null ? "" : `Cell ${c.fragment.cell}, l`}${
        c.fragment.cell === null ? "L" : ""
      }ine ${line} of the sheet: $${full.replace(/\$/g, "")}$`,
      stated: cleanSide(stated),
      statedTex: stated,
      computed: result.computed,
      verdict: result.verdict,
      reason: result.carriedFrom && result.carriedFrom !== id
        ? `${result.reason}; it uses the value stated by ${result.carriedFrom}, which is wrong`
        : result.reason,
      assumptions: result.assumptions,
      reproducedBy: reproducing.length > 0 ? reproducing.map((a) => a.reading).join("; or ") : null,
      alternatives: result.alternatives,
      counterexample: null,
      seed: null,
      // A scanned step is arithmetic: a wrong one is an error, and only the readings of
      // its notation (a bare \log) can reproduce it; the catalogue is for library calls.
      kind: result.verdict === "disagrees" ? "error" : null,
      mistakes: [],
      diagnosis: result.verdict === "agrees"
        ? null
        : reproducing.length === 0
        ? "none"
        : reproducing.length === 1
        ? "reproduced"
        : "ambiguous",
      // A consequence of an earlier wrong step is listed under that step's mistake.
      group: result.verdict === "disagrees" ? result.carriedFrom ?? id : null,
      line,
    };
    if (c.fragment.cell !== null) claim.cell = c.fragment.cell;
    if (result.carriedFrom) claim.carriedFrom = result.carriedFrom;
    this.claims.push(claim);
    this.drafts.push({
      id,
      question,
      expression: call ?? result.js,
      stated: result.statedJs,
      tex: step,
      assume: result.draftAssumptions,
      note: `${result.verdict}: ${result.reason}`,
    });
  }

  /**
   * The exact value behind a rounded result: the chain's first side with a value (all its
   * sides mean one number, and the first is the least rounded), with every rounded value in it
   * replaced by the exact value behind it, so exactness carries forward from step to step.
   */
  private exactOf(c: Chain, k: number): number | null {
    // The chain's first side names what it defines (`a_1 = σ(0.7) ≈ 0.6682`): not its value.
    const first = c.sides[0] ? nameOf(cleanSide(c.sides[0].tex)) : null;
    for (const side of c.sides.slice(first !== null && k > 0 ? 1 : 0, k + 1)) {
      if (!side) continue;
      try {
        const p = prepare(side.tex, this.defs);
        if (!("json" in p)) continue;
        const v = interpret(replaceNumbers(p.json, this.ctx.exact), NUMBERS, this.ctx.log.reading);
        if ("scalar" in v && Number.isFinite(v.scalar)) return v.scalar;
      } catch {
        continue;
      }
    }
    return null;
  }

  /** The document's number of a fragment's question; never "0". */
  private questionOf(f: Fragment): string {
    if (f.question !== "") return f.question;
    return this.doc.titles.size === 0 ? "1" : "intro";
  }
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
