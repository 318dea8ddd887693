/**
 * Reading plain text (and the fallback for any other extension): math between `$…$`, `$$…$$`,
 * `\\[…\\]`, `\\(…\\)` and `\\begin{align}…\\end{align}`-style environments, found by a
 * delimiter search (plain text has no grammar to parse), and questions from lines that open
 * with a number or a question word. A `.tex`, `.md` or `.ipynb` file has its own reader.
 *
 * @module
 */
import type { Doc, Fragment } from "./model.ts";
import { MAX_FRAGMENTS } from "./model.ts";
import { numberOf, Questions } from "./questions.ts";

/** A math fragment found by its delimiters: offsets in the text and the body. */
export interface Delimited {
  /** Offset of the opening delimiter. */
  start: number;
  /** Offset just after the closing delimiter. */
  end: number;
  /** The math between the delimiters. */
  body: string;
  /** Offset of the body's first character. */
  bodyOffset: number;
  /** A problem found while delimiting the fragment (unbalanced braces, unterminated math). */
  problem: string | null;
}

const ENVIRONMENTS = "equation|align|gather|multline|eqnarray|displaymath|math|flalign|alignat";

/** Reads a plain-text sheet. */
export function readText(text: string): Doc {
  const lineOf = lineIndex(text);
  const questions = new Questions();
  const questionOfLine = headingsByLine(text, questions);
  const found = findFragments(text, MAX_FRAGMENTS + 1);
  const fragments: Fragment[] = [];
  let previousEnd = 0;
  for (const f of found.slice(0, MAX_FRAGMENTS)) {
    const line = lineOf(f.bodyOffset);
    fragments.push({
      tex: f.body,
      line,
      cell: null,
      question: questionOfLine[lineOf(f.start)] ?? "",
      before: text.slice(previousEnd, f.start),
      after: text.slice(f.end, f.end + 40),
      problem: f.problem,
    });
    previousEnd = f.end;
  }
  return {
    format: "txt",
    fragments,
    titles: questions.titles,
    prose: text,
    dropped: Math.max(0, found.length - MAX_FRAGMENTS),
    problem: null,
  };
}

const HEADING =
  /^[ \t]*(?:#{1,6}[ \t]*)?((?:question|problem|exercise|task|part|q)[ \t]*\(?[0-9a-z]|[0-9]+[.)](?:\s|$))/i;

/** The question of each line (index = line number): the last heading at or above it. */
function headingsByLine(text: string, questions: Questions): string[] {
  const byLine = [""];
  for (const line of text.split("\n")) {
    const m = HEADING.exec(line.slice(0, 300));
    if (m && numberOf(line.slice(0, 300)) !== null) {
      const hashes = /^\s*(#{1,6})/.exec(line)?.[1].length ?? 1;
      questions.heading(hashes, line.slice(0, 300));
    }
    byLine.push(questions.current);
  }
  return byLine;
}

/**
 * The math fragments of a text, in order. An opening delimiter with no closing one becomes a
 * fragment with a `problem` (and the search goes on after it), so one stray `$` does not
 * swallow the rest of the file.
 */
export function findFragments(text: string, limit: number): Delimited[] {
  const out: Delimited[] = [];
  const open = new RegExp(
    String.raw`\$\$|\\\[|\\\(|\\begin\{(${ENVIRONMENTS})(\*?)\}|(?<!\\)\$`,
    "g",
  );
  let m: RegExpExecArray | null;
  while ((m = open.exec(text)) !== null && out.length < limit) {
    const start = m.index;
    const token = m[0];
    let close: string;
    if (token === "$$") close = "$$";
    else if (token === "\\[") close = "\\]";
    else if (token === "\\(") close = "\\)";
    else if (token === "$") close = "$";
    else close = `\\end{${m[1]}${m[2]}}`;
    const bodyOffset = start + token.length;
    let end = findClose(text, bodyOffset, close);
    if (end < 0) {
      out.push({
        start,
        end: bodyOffset,
        body: "",
        bodyOffset,
        problem: `unterminated math: ${token} is never closed by ${close}`,
      });
      open.lastIndex = bodyOffset;
      continue;
    }
    const body = text.slice(bodyOffset, end);
    end += close.length;
    out.push({ start, end, body, bodyOffset, problem: braceProblem(body) });
    open.lastIndex = end;
  }
  return out;
}

/** Where `close` next occurs after `from`, skipping escaped dollars; -1 when nowhere. */
function findClose(text: string, from: number, close: string): number {
  let i = from;
  while (true) {
    const j = text.indexOf(close, i);
    if (j < 0) return -1;
    if (close === "$" || close === "$$") {
      if (j > 0 && text[j - 1] === "\\") {
        i = j + 1;
        continue;
      }
      // An inline `$` fragment ends at the line's end at the latest (a stray `$` in prose).
      if (close === "$" && text.slice(from, j).includes("\n\n")) return -1;
    }
    return j;
  }
}

/** Why the braces of a fragment do not balance, or null when they do. */
export function braceProblem(body: string): string | null {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "{") depth++;
    if (c === "}") {
      depth--;
      if (depth < 0) return `unbalanced braces: a '}' at character ${i + 1} closes nothing`;
    }
  }
  return depth > 0 ? `unbalanced braces: ${depth} '{' never closed` : null;
}

/** Line numbers (1-based) of offsets, by binary search over the line starts. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
