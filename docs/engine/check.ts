/**
 * The in-page audit, without the page: what the Worker (docs/engine/worker.ts) runs. Both
 * entries go through the CLI's own engine (audit/sheet/sheet.ts): an exercise's check is its claim
 * line with the student's answer as the stated value, audited as a one-claim sheet; a pasted
 * sheet is audited whole and rendered as `--format markdown` renders it.
 *
 * Nothing here uses Deno, the DOM or the network, so `deno test` runs it as the page does.
 *
 * @module
 */

import { auditSheet, splitAt } from "../../audit/sheet/sheet.ts";
import { formatMarkdown } from "../../audit/report/format.ts";
import { parseStated, type StatedArray, type StatedNumber } from "../../audit/sheet/stated.ts";
import { evaluate, parseExpression } from "../../audit/sheet/expr.ts";
import type { MistakeMatch, Report } from "../../audit/model.ts";
import markdownIt from "../../audit/_markdown_it.ts";

/**
 * The largest sheet the page audits, in bytes of UTF-8: 1 MiB, half the CLI's
 * `MAX_SHEET_BYTES`, since a sheet that large belongs in the CLI (and in no link).
 */
export const MAX_PAGE_SHEET_BYTES = 2 ** 20;

/** The longest answer a student may type into an exercise's box, in characters. */
export const MAX_ANSWER_LENGTH = 2000;

/** An exercise's claim line, split as the sheet parser splits it. */
export interface ClaimLine {
  id: string;
  expression: string;
  stated: string;
}

/**
 * Splits `id: EXPRESSION = STATED` (one line, as an exercise's `data-claim` carries it).
 *
 * @throws {TypeError} When the line is not a claim line.
 */
export function parseClaimLine(line: string): ClaimLine {
  if (typeof line !== "string" || /[\r\n]/.test(line)) {
    throw new TypeError(`parseClaimLine: the claim must be one line, got ${JSON.stringify(line)}`);
  }
  const colon = /^\s*([^\s:]+)\s*:\s*(.*)$/.exec(line);
  const at = colon ? splitAt(colon[2]) : -1;
  if (!colon || at < 0) {
    throw new TypeError(
      `parseClaimLine: "${line.slice(0, 80)}" is not a claim line "id: EXPRESSION = STATED"`,
    );
  }
  const rest = colon[2];
  return {
    id: colon[1],
    expression: rest.slice(0, at).trim(),
    stated: rest.slice(at + 1).trim(),
  };
}

/** The verdict on a student's answer, as the answer box shows it. */
export type AnswerVerdict =
  /** Right at the exercise's precision or finer. */
  | { verdict: "right"; answer: string; reason: string }
  /** Right, but written to fewer decimals than the exercise's answer. */
  | { verdict: "coarse"; answer: string; reason: string; decimals: number; wanted: number }
  /** Wrong, and catalogue mistakes (or readings) reproduce it. */
  | {
    verdict: "mistake";
    answer: string;
    reason: string;
    mistakes: MistakeMatch[];
    readings: string[];
  }
  /** Wrong in its last written decimal only: cut instead of rounded, or one unit off. */
  | {
    verdict: "slip";
    answer: string;
    reason: string;
    slip: "cut" | "last-digit";
    decimals: number;
  }
  /** Wrong, and no known mistake reproduces it. */
  | { verdict: "wrong"; answer: string; reason: string }
  /** Not an answer the engine can read (or the check failed): the message says why. */
  | { verdict: "unreadable"; answer: string; reason: string };

/**
 * A student's answer as typed, tidied the ways a person writes numbers: surrounding spaces,
 * a final full stop, thousands separators in an integer (`1,610`, `1 610`), a Unicode minus.
 * Returns null for an empty answer.
 */
export function tidyAnswer(typed: string): string | null {
  let text = typed.trim().replace(/[\u2212\u2013]/g, "-").replace(/\.$/, "").trim();
  if (/^-?\d{1,3}([, \u00a0\u202f]\d{3})+$/.test(text)) {
    text = text.replace(/[, \u00a0\u202f]/g, "");
  }
  return text === "" ? null : text;
}

/** The variables of an exercise's stated answer when it is a formula (else none). */
function formulaVariables(stated: string): string[] {
  try {
    const parsed = parseStated(stated);
    return parsed.kind === "formula" ? parsed.variables : [];
  } catch {
    return [];
  }
}

/** The smallest number of written decimals among the numbers of a stated answer. */
function decimalsOf(text: string): number | null {
  let stated;
  try {
    stated = parseStated(text);
  } catch {
    return null;
  }
  const numbers: StatedNumber[] = [];
  const walk = (a: StatedArray) => a.forEach((e) => "value" in e ? numbers.push(e) : walk(e));
  if (stated.kind === "number") numbers.push(stated.number);
  else if (stated.kind === "array") walk(stated.entries);
  else return null;
  const written = numbers.map((n) => n.decimals);
  // An integer is compared exactly: as precise as an answer can be.
  return written.length === 0 ? null : Math.min(...written.map((d) => d ?? Infinity));
}

/**
 * Checks a student's answer to an exercise: the exercise's claim with the answer as its
 * stated value, audited by the sheet engine. A right answer written to fewer decimals than
 * the exercise's is `coarse` (still right); a wrong one names the catalogue mistakes that
 * reproduce it, or says that none does.
 */
export async function checkAnswer(claimLine: string, typed: string): Promise<AnswerVerdict> {
  const claim = parseClaimLine(claimLine);
  if (typeof typed !== "string") {
    throw new TypeError(`checkAnswer: the answer must be a string, got ${typeof typed}`);
  }
  const answer = tidyAnswer(typed);
  const unreadable = (reason: string): AnswerVerdict => ({
    verdict: "unreadable",
    answer: typed,
    reason,
  });
  if (answer === null) return unreadable("Type an answer first.");
  if (answer.length > MAX_ANSWER_LENGTH) {
    return unreadable(
      `The answer has ${answer.length} characters; the box takes up to ${MAX_ANSWER_LENGTH}.`,
    );
  }
  if (/[\r\n`]/.test(answer) || splitAt(answer) >= 0) {
    return unreadable("Type only the value (no = sign, no line breaks), e.g. 0.5 or 1610.");
  }
  // A value, or a formula in the exercise's own variables when its answer is a formula: a
  // name the engine does not know (abc) is not an answer.
  try {
    const stated = parseStated(answer);
    const shapeHint = shapeMismatch(parseStated(claim.stated), stated);
    if (shapeHint) return unreadable(shapeHint);
    const own = formulaVariables(claim.stated);
    if (own.length > 0 && stated.kind !== "formula") {
      return unreadable(`The exercise asks for a formula in ${own.join(", ")}.`);
    }
    if (stated.kind === "formula") {
      const unknown = stated.variables.filter((v) => !own.includes(v));
      if (unknown.length > 0) {
        return unreadable(
          own.length === 0
            ? `The box takes a value; ${unknown.join(", ")} is not a number the engine knows.`
            : `The answer is a formula in ${own.join(", ")}; ${
              unknown.join(", ")
            } is not one of them.`,
        );
      }
    }
  } catch (error) {
    // Too deep or too long is said as such; anything else is "not a value the box reads".
    const message = (error as Error).message;
    const limit = /(nested more deeply than \d+ levels|has \d+ characters; the limit is \d+)/
      .exec(message);
    return unreadable(limit ? `The answer is ${limit[1]}.` : readable("the stated answer"));
  }
  const sheet = "```claims\n" + `${claim.id}: ${claim.expression} = ${answer}\n` + "```\n";
  const report = await auditSheet(sheet, "answer");
  const c = report.claims[0];
  if (!c) {
    const message = report.errors[0]?.message.replace(/^line \d+: claim \S+: /, "") ??
      "the engine returned no verdict";
    return unreadable(readable(message));
  }
  if (c.verdict === "agrees") {
    const have = decimalsOf(answer), want = decimalsOf(claim.stated);
    if (have !== null && want !== null && have < want) {
      return { verdict: "coarse", answer, reason: c.reason, decimals: have, wanted: want };
    }
    return { verdict: "right", answer, reason: c.reason };
  }
  const readings = c.alternatives.filter((a) => a.reproduces).map((a) => a.reading);
  if (c.mistakes.length > 0 || readings.length > 0) {
    return { verdict: "mistake", answer, reason: c.reason, mistakes: c.mistakes, readings };
  }
  const slip = roundingSlip(claim.expression, answer);
  if (slip) return { verdict: "slip", answer, reason: c.reason, ...slip };
  return { verdict: "wrong", answer, reason: c.reason };
}

/**
 * A student's answer of the wrong kind, said in the student's terms: a number where the
 * exercise's answer has several entries, or a list where it is one number. (The sheet
 * engine's own message for this is written for a sheet's author.) Null when the kinds fit.
 */
export function shapeMismatch(
  wanted: ReturnType<typeof parseStated>,
  typed: ReturnType<typeof parseStated>,
): string | null {
  if (wanted.kind === "array" && typed.kind === "number" && wanted.entries.length > 1) {
    const flat = wanted.entries.every((e) => !Array.isArray(e));
    return flat
      ? `The answer has ${wanted.entries.length} entries: type them all in brackets, e.g. [a, b].`
      : `The answer is a matrix of ${wanted.entries.length} rows: type it row by row, e.g. [[a, b], [c, d]].`;
  }
  if (wanted.kind === "number" && typed.kind === "array" && typed.entries.length > 1) {
    return "The answer is one number, not a list.";
  }
  return null;
}

/**
 * A wrong decimal answer that is the true value cut after its last written decimal instead
 * of rounded (0.56217 for 0.5621765...). Only the cut is named: it is exactly checkable,
 * while "one off in the last decimal" would also call far answers slips (0.32 for 0.3100).
 * Null for anything else (integers are exact, so they have no such slip).
 */
export function roundingSlip(
  expression: string,
  answer: string,
): { slip: "cut"; decimals: number } | null {
  let stated;
  try {
    stated = parseStated(answer);
  } catch {
    return null;
  }
  if (stated.kind !== "number" || stated.number.decimals === null) return null;
  const d = stated.number.decimals;
  const value = evaluate(parseExpression(expression));
  if (typeof value !== "number" || !Number.isFinite(value) || d > 15) return null;
  const unit = 10 ** -d;
  // Compared in units of the last decimal, so float noise (0.1 + 0.2) cannot decide; the
  // nudge keeps an exact 0.3 from truncating to 0.29999.
  const cut = Math.trunc(value / unit + Math.sign(value) * 1e-9);
  return Math.round(stated.number.value / unit) === cut ? { slip: "cut", decimals: d } : null;
}

/** An engine message about a stated answer, said to the person who typed it. */
function readable(message: string): string {
  if (/the stated answer/.test(message)) {
    return "The box reads a number (0.5, -2, 1.5e-3), an array ([[1, 2], [3, 4]]) or a " +
      "shape (9×9×6); this answer is none of these.";
  }
  return message;
}

/** A pasted sheet's audit: the report, its Markdown (as `--format markdown`) and that as HTML. */
export interface SheetAudit {
  report: Report;
  markdown: string;
  html: string;
  /** The experiments module the sheet names (run only in the CLI), or null. */
  experiments: string | null;
}

const md = markdownIt({ html: false, linkify: false });

/**
 * Audits a sheet as `deno task audit --claims SHEET --format markdown` does, without its
 * TypeScript experiments (a page cannot run them confined).
 *
 * @throws {RangeError} When the sheet is larger than {@linkcode MAX_PAGE_SHEET_BYTES}.
 */
export async function auditPastedSheet(text: string, name = "sheet.md"): Promise<SheetAudit> {
  if (typeof text !== "string") {
    throw new TypeError(`auditPastedSheet: the sheet must be text, got ${typeof text}`);
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PAGE_SHEET_BYTES) {
    throw new RangeError(
      `The sheet is ${(bytes / 2 ** 20).toFixed(1)} MiB; the page audits sheets up to ` +
        `${
          MAX_PAGE_SHEET_BYTES / 2 ** 20
        } MiB (the CLI up to 2 MiB: deno task audit --claims FILE).`,
    );
  }
  const front = /^---\r?\n[\s\S]*?^experiments\s*:\s*(.+)$/m.exec(text);
  const report = await auditSheet(text, name);
  const markdown = formatMarkdown(report);
  return { report, markdown, html: md.render(markdown), experiments: front?.[1].trim() ?? null };
}
