/**
 * The document's own numbering of its questions, read from a heading's words: "Question 2",
 * "Task 8.3", "Exercise 6.2", "Part (b)", "1." or "Q3". A heading with no number is numbered
 * as LaTeX numbers sections (`\section` 1, 2, …; `\subsection` 1.1, …), so no claim is ever
 * filed under a "Question 0".
 *
 * Every pattern here is linear: no two adjacent quantifiers can match the same characters.
 *
 * @module
 */

const NAMED =
  /(?:question|problem|exercise|task|part|aufgabe|q)\.?[ \t]*\(?([0-9]+(?:\.[0-9]+)*|[a-z])\b\)?/i;
const LEADING = /^\(?([0-9]+(?:\.[0-9]+)*|[a-z])[.)](?:\s|$)/i;

/** The number a heading's words give its question, or null when they give none. */
export function numberOf(heading: string): string | null {
  const words = heading.replace(/[*_#\\{}]/g, " ").trim();
  const named = NAMED.exec(words.slice(0, 200));
  if (named) return named[1];
  const leading = LEADING.exec(words.slice(0, 50));
  return leading ? leading[1] : null;
}

/** The title after a heading's number: `Question 2: Backpropagation` -> `Backpropagation`. */
export function titleOf(heading: string): string {
  const words = heading.replace(/[*#]|\\[a-z]+\*?/gi, " ").replace(/[{}]/g, "").trim();
  const named = NAMED.exec(words);
  const rest = named ? words.slice(named.index + named[0].length) : words.replace(LEADING, "");
  return rest.replace(/^[\s:.)\-–—]+/, "").replace(/\s+/g, " ").trim().slice(0, 120);
}

/**
 * Follows the headings of a document: the question the text under the last heading belongs
 * to. Levels count as LaTeX counts them (a heading of level 2 under heading 3 is 3.1).
 */
export class Questions {
  /** The current question ("" before the first heading). */
  current = "";
  /** Each question's title. */
  readonly titles = new Map<string, string>();
  private counters: number[] = [];
  /** The number each open heading level wrote itself, or null. */
  private owned: (string | null)[] = [];

  /**
   * A heading of `level` (1 = section) with these words. A heading with no number of its own
   * under a numbered one ("Steps" under "Q1.") stays in its question.
   */
  heading(level: number, words: string): void {
    const depth = Math.max(1, Math.min(level, 6));
    this.counters = this.counters.slice(0, depth);
    this.owned = this.owned.slice(0, depth - 1);
    while (this.counters.length < depth) this.counters.push(0);
    this.counters[depth - 1]++;
    const own = numberOf(words);
    const parent = this.owned.findLast((n) => n !== null) ?? null;
    const number = own ?? parent ?? this.counters.join(".");
    this.owned.push(own);
    this.current = number;
    if (!this.titles.has(number)) this.titles.set(number, titleOf(words));
  }

  /** A paragraph opening with a bold question label (`\textbf{2.}`, `**Question 2**`). */
  label(words: string): boolean {
    const own = numberOf(words);
    if (own === null) return false;
    this.current = own;
    if (!this.titles.has(own)) this.titles.set(own, titleOf(words));
    return true;
  }

  /** The question of text before any heading: the document's first one, or "1". */
  static fallback(question: string): string {
    return question === "" ? "1" : question;
  }
}
