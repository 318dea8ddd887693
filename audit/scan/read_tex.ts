/**
 * Reading LaTeX with unified-latex: `$…$`, `\(…\)`, `\[…\]`, `$$…$$` and math environments
 * (`align`, `align*`, `gather`, `multline`, `equation`, …) anywhere, comments dropped,
 * `\section`/`\subsection` and a paragraph's `\textbf{2.}` setting the question, and a
 * `tabular` read row by row (a row ending `\\[0.8em]` is a row ending, not a display).
 *
 * The parser is linear but slow on large inputs (about 8 µs a character here), so the file is
 * parsed in paragraphs (blank lines outside any environment) and a paragraph with neither a
 * backslash nor a dollar, which holds no math and no heading, is not parsed at all.
 *
 * @module
 */
import { parseLatex } from "./_parsers.ts";
import type { Doc, Fragment } from "./model.ts";
import { MAX_FRAGMENTS } from "./model.ts";
import { Questions } from "./questions.ts";
import { lineIndex } from "./read_text.ts";
import { rowSteps, totalSteps } from "./tables.ts";

// deno-lint-ignore no-explicit-any
type Node = any;

const SECTIONS: Record<string, number> = {
  part: 1,
  chapter: 1,
  section: 1,
  subsection: 2,
  subsubsection: 3,
  paragraph: 4,
};
const QUESTION_ENVIRONMENTS = /^(?:question|problem|exercise|task|solution)\*?$/i;

interface State {
  text: string;
  offset: number;
  fragments: Fragment[];
  questions: Questions;
  lineOf: (offset: number) => number;
  previousEnd: number;
  dropped: number;
}

/**
 * The longest paragraph (blank lines outside environments delimit it) given to the parser,
 * which holds about 2.7 KB of memory per character: a longer one is skipped with its reason.
 */
export const MAX_PARAGRAPH_CHARS = 100_000;

/** Reads a LaTeX sheet. */
export function readTex(text: string): Doc {
  const state: State = {
    text,
    offset: 0,
    fragments: [],
    questions: new Questions(),
    lineOf: lineIndex(text),
    previousEnd: 0,
    dropped: 0,
  };
  const body = text.indexOf("\\begin{document}");
  for (const chunk of paragraphs(text, Math.max(0, body))) {
    if (state.fragments.length > MAX_FRAGMENTS) break;
    if (!/[\\$]/.test(chunk.text)) continue;
    if (chunk.text.length > MAX_PARAGRAPH_CHARS) {
      // the parser holds about 2.7 KB per character: a 990 KB paragraph took 2.7 GB and 30 s
      skipped(
        state,
        chunk,
        `a paragraph of ${chunk.text.length} characters, over ${MAX_PARAGRAPH_CHARS} (MAX_PARAGRAPH_CHARS), is not parsed`,
      );
      continue;
    }
    state.offset = chunk.offset;
    try {
      walk(parseLatex(chunk.text).content, state);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // the parser and the walk recurse: 5,000 nested braces ran out of stack and failed the
      // whole scan; this paragraph alone is skipped
      skipped(
        state,
        chunk,
        `a paragraph nested too deeply for the LaTeX parser (${error.message})`,
      );
    }
  }
  const dropped = Math.max(0, state.fragments.length - MAX_FRAGMENTS) + state.dropped;
  return {
    format: "tex",
    fragments: state.fragments.slice(0, MAX_FRAGMENTS),
    titles: state.questions.titles,
    prose: text,
    dropped,
    problem: null,
  };
}

/** Splits at blank lines that are outside every environment; offsets kept. */
export function* paragraphs(
  text: string,
  from: number,
): Generator<{ text: string; offset: number }> {
  let start = from;
  let depth = 0;
  let lineStart = from;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const code = line.replace(/(?<!\\)%.*$/, "");
    depth += count(code, "\\begin{") - count(code, "\\begin{document}") -
      (count(code, "\\end{") - count(code, "\\end{document}"));
    if (depth < 0) depth = 0;
    if (code.trim() === "" && depth === 0 && lineStart > start) {
      yield { text: text.slice(start, lineStart), offset: start };
      start = lineStart;
    }
    lineStart = lineEnd + 1;
  }
  if (start < text.length) yield { text: text.slice(start), offset: start };
}

/** Records a paragraph the reader does not parse as a fragment with its line and why. */
function skipped(state: State, chunk: { text: string; offset: number }, problem: string): void {
  state.fragments.push({
    tex: "",
    line: state.lineOf(chunk.offset + chunk.text.length - chunk.text.trimStart().length),
    cell: null,
    question: state.questions.current,
    before: "",
    after: "",
    problem,
  });
}
function count(s: string, what: string): number {
  let n = 0;
  for (let i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length)) n++;
  return n;
}

function walk(nodes: Node[], state: State): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type === "inlinemath" || n.type === "displaymath" || n.type === "mathenv") {
      addMath(n, state);
    } else if (n.type === "macro") {
      macro(n, nodes[i - 1], state);
    } else if (n.type === "environment" && /^(?:tabular|array)\*?$/.test(name(n.env))) {
      table(n, state);
    } else if (n.type === "environment" || n.type === "group") {
      if (n.type === "environment" && QUESTION_ENVIRONMENTS.test(name(n.env))) {
        if (!/^solution/i.test(name(n.env))) state.questions.heading(1, argText(n, state));
      }
      walk(n.content ?? [], state);
    }
  }
}

function name(env: Node): string {
  return typeof env === "string" ? env : String(env?.content ?? "");
}

/** The source of a node's last argument (a section's title), or "". */
function argText(n: Node, state: State): string {
  const args = (n.args ?? []).filter((a: Node) => a.content?.length > 0);
  const last = args[args.length - 1];
  return last ? sourceOf(last.content, state) : "";
}

function sourceOf(nodes: Node[], state: State): string {
  const first = nodes[0]?.position?.start.offset;
  const last = nodes[nodes.length - 1]?.position?.end.offset;
  if (first === undefined || last === undefined) return "";
  return state.text.slice(state.offset + first, state.offset + last);
}

function macro(n: Node, before: Node | undefined, state: State): void {
  const level = SECTIONS[n.content];
  if (level !== undefined) {
    state.questions.heading(level, argText(n, state));
  } else if (n.content === "textbf" && (!before || before.type === "parbreak")) {
    state.questions.label(argText(n, state));
  } else {
    for (const a of n.args ?? []) walk(a.content ?? [], state);
  }
}

function addMath(n: Node, state: State): void {
  const content: Node[] = n.content ?? [];
  if (content.length === 0 || !n.position) return;
  const startAt = state.offset + content[0].position.start.offset;
  const end = state.offset + n.position.end.offset;
  // Up to the closing delimiter: a last macro's arguments (`x^2`) lie past its own position.
  const tex = state.text.slice(startAt, end)
    .replace(/\s*(?:\\\]|\$\$?|\\\)|\\end\s*\{[^{}]*\})\s*$/, "");
  push(tex, startAt, end, state);
}

function push(tex: string, at: number, end: number, state: State): void {
  if (state.fragments.length > MAX_FRAGMENTS) {
    state.dropped++;
    return;
  }
  state.fragments.push({
    tex: tex.replace(/(?<!\\)%[^\n]*/g, (c) => " ".repeat(c.length)),
    line: state.lineOf(at),
    cell: null,
    question: state.questions.current,
    before: state.text.slice(state.previousEnd, at).replace(/(?:\$\$?|\\\(|\\\[)\s*$/, ""),
    after: state.text.slice(end, end + 40),
    problem: null,
  });
  state.previousEnd = end;
}

/** A `tabular`: its rows split at `\\` (whatever spacing follows), cells at `&`. */
function table(n: Node, state: State): void {
  const rows: { cells: Node[][]; at: number }[] = [{ cells: [[]], at: -1 }];
  for (const c of n.content ?? []) {
    const row = rows[rows.length - 1];
    if (c.type === "macro" && (c.content === "\\" || c.content === "tabularnewline")) {
      rows.push({ cells: [[]], at: -1 });
    } else if (c.type === "string" && c.content === "&") row.cells.push([]);
    else if (c.type !== "comment") {
      row.cells[row.cells.length - 1].push(c);
      const visible = c.type !== "whitespace" && c.type !== "parbreak" &&
        !(c.type === "macro" && /^(?:hline|cline|midrule|toprule|bottomrule)$/.test(c.content));
      if (row.at < 0 && visible && c.position) row.at = state.offset + c.position.start.offset;
    }
  }
  let header: string[] = [];
  const body: string[][] = [];
  for (const row of rows) {
    const cells = row.cells.map((c) => cellText(c, state));
    if (row.at < 0 || cells.every((c) => c === "")) continue;
    const steps = [...rowSteps(header, cells), ...totalSteps(body, cells)];
    if (header.length === 0) header = cells;
    else body.push(cells);
    for (const tex of steps) push(tex, row.at, row.at, state);
  }
}

function cellText(nodes: Node[], state: State): string {
  const kept = nodes.filter((x) =>
    x.position && x.type !== "whitespace" && x.type !== "parbreak" &&
    !(x.type === "macro" && /^(?:hline|cline|midrule|toprule|bottomrule)$/.test(x.content))
  );
  return sourceOf(kept, state).trim();
}
