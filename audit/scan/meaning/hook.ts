/**
 * The glue between the scan (audit/scan/) and {@linkcode understand}: it gathers what a
 * step means from the sheet (the prose above it, the sheet's definitions and functions read
 * with canonical names) and turns a {@linkcode Meaning} into the report's claim, draft line
 * and lift. The scan's judge stage calls the same three functions.
 *
 * @module
 */
import type { ClaimReport, ScanLift } from "../../model.ts";
import type { Json } from "../interpret.ts";
import type { SheetFunction } from "./evaluate.ts";
import { type Meaning, type MeaningStep, understand } from "./mod.ts";
import { readSide } from "./names.ts";

/** The fast-check seed of the scan's formula checks (the audit's default). */
export const MEANING_SEED = 20261128;
/** Random points per formula check. */
export const MEANING_RUNS = 200;

/** What the sheet has defined so far, read with canonical names. */
export class SheetMeaning {
  readonly definitions = new Map<string, Json>();
  readonly functions = new Map<string, SheetFunction>();
  private readonly lines: string[];
  private readonly starts: number[];

  /** @param text The sheet. @param questionOf Each line's question number (1-based lines). */
  constructor(text: string, questionOf: readonly string[]) {
    this.lines = text.split("\n");
    this.starts = [];
    let start = 1;
    for (let line = 1; line <= this.lines.length; line++) {
      if (questionOf[line] !== questionOf[line - 1]) start = line;
      this.starts[line] = start;
    }
  }

  /** Records `name = expression` (ignored when it cannot be read). */
  define(lhsTex: string, rhsTex: string): void {
    try {
      const name = readSide(lhsTex).tree;
      if (typeof name !== "string" || this.definitions.has(name)) return;
      this.definitions.set(name, readSide(rhsTex).tree);
    } catch {
      // an unreadable definition defines nothing
    }
  }

  /** Records a function `name(variable) = body`. */
  defineFunction(name: string, variable: string, body: string): void {
    try {
      const head = readSide(name).tree;
      if (typeof head !== "string") return;
      this.functions.set(head, { params: [variable], body: readSide(body).tree });
    } catch {
      // as above
    }
  }

  /**
   * The prose of the step's question up to the step's line (at most 60 lines). With `display`,
   * the line its display starts on, the display's earlier rows are left out: they are the
   * solution's working (`g_1 = 0.1 \cdot 0.5`), not the values the question gives.
   */
  context(line: number, display = line): string {
    const from = Math.max(this.starts[line] ?? 1, line - 60);
    const upTo = Math.max(from, Math.min(display, line));
    const text = [...this.lines.slice(from - 1, upTo - 1), this.lines[line - 1] ?? ""];
    // at most 6000 characters: a reading needs the question, never a whole one-line file
    return text.join("\n").slice(-6000);
  }

  /** What the step means, or null. */
  understand(tex: string, line: number, head?: string): Meaning | null {
    const step: MeaningStep = {
      tex,
      lhs: null as unknown as Json,
      rhs: null as unknown as Json,
      context: this.context(line),
      definitions: this.definitions,
      functions: this.functions,
      head,
      line,
      seed: MEANING_SEED,
      runs: MEANING_RUNS,
    };
    return understand(step);
  }
}

/** The report's claim for a step read by its meaning. */
export function meaningClaim(
  m: Meaning,
  at: { id: string; question: string; line: number; tex: string; stated: string },
): ClaimReport {
  const disagrees = m.verdict === "disagrees";
  return {
    id: at.id,
    question: at.question,
    topic: m.topic,
    chapter: m.chapter,
    statement: `Line ${at.line} of the sheet, read as ${m.readAs}: $${at.tex.replace(/\$/g, "")}$`,
    stated: at.stated,
    statedTex: at.stated,
    computed: m.correct,
    verdict: m.verdict,
    reason: m.reason,
    assumptions: [...m.evidence.map((e) => `evidence: ${e}`), ...m.assumptions],
    reproducedBy: disagrees ? m.reproducedBy : null,
    alternatives: m.alternatives,
    counterexample: m.counterexample,
    seed: m.seed,
    kind: disagrees ? m.kind ?? "error" : null,
    mistakes: disagrees ? m.mistakes : [],
    diagnosis: !disagrees
      ? null
      : m.mistakes.length === 1 || (m.mistakes.length === 0 && m.reproducedBy)
      ? "reproduced"
      : m.mistakes.length > 1
      ? "ambiguous"
      : "none",
    group: !disagrees
      ? null
      : m.mistakes.length > 0
      ? m.mistakes.map((x) => `${x.function}/${x.id}`).join("|")
      : at.id,
    line: at.line,
  };
}

/** The lift as the scan summary lists it. */
export function liftOf(id: string, m: Meaning): ScanLift {
  return { id, readAs: m.readAs, evidence: m.evidence };
}
