/**
 * Reading Markdown with markdown-it and a dollar-math plugin: `$…$` and `$$…$$` become math
 * tokens (so code spans, fenced code and `\$` stay prose, and `$$\begin{align}…\end{align}$$`
 * is one display whose rows are read later), headings set the question, and a table row whose
 * cells hold an expression and its value becomes a step. Also used for notebook cells.
 *
 * @module
 */
import { MarkdownIt, markdownMath } from "./_parsers.ts";
import type { Doc, Fragment } from "./model.ts";
import { MAX_FRAGMENTS } from "./model.ts";
import { Questions } from "./questions.ts";
import { findFragments, lineIndex } from "./read_text.ts";
import { tableSteps } from "./tables.ts";

// deno-lint-ignore no-explicit-any
type Token = any;

let parser: { parse(src: string, env: object): Token[] } | null = null;

function markdown() {
  parser ??= new MarkdownIt({ html: false }).use(markdownMath, {
    render: () => "",
    mathFence: false,
    delimiters: "all",
  });
  return parser;
}

/** What a reader of one Markdown text adds to: the fragments so far and the headings. */
export interface MarkdownSink {
  fragments: Fragment[];
  questions: Questions;
  /** Fragments seen past the limit. */
  dropped: number;
}

/** Reads a Markdown sheet. */
export function readMarkdown(text: string): Doc {
  const sink: MarkdownSink = { fragments: [], questions: new Questions(), dropped: 0 };
  readMarkdownInto(text, null, sink);
  return {
    format: "md",
    fragments: sink.fragments,
    titles: sink.questions.titles,
    prose: text,
    dropped: sink.dropped,
    problem: null,
  };
}

/** Reads one Markdown text (a file, or a notebook cell numbered `cell`) into `sink`. */
export function readMarkdownInto(text: string, cell: number | null, sink: MarkdownSink): void {
  const tokens = markdown().parse(text, {});
  const lineOf = lineIndex(text);
  const starts = lineStarts(text);
  const at = { cursor: 0, previousEnd: 0 };
  const add = (tex: string, blockLine: number) => {
    if (sink.fragments.length >= MAX_FRAGMENTS) {
      sink.dropped++;
      return;
    }
    const from = Math.max(at.cursor, starts[blockLine] ?? 0);
    const found = text.indexOf(tex, from);
    const offset = found >= 0 ? found : starts[blockLine] ?? 0;
    const end = found >= 0 ? offset + tex.length : offset;
    const close = /^\s*(?:\$\$?|\\\)|\\\])/.exec(text.slice(end, end + 40))?.[0].length ?? 0;
    sink.fragments.push({
      tex,
      line: lineOf(offset),
      cell,
      question: sink.questions.current,
      before: text.slice(at.previousEnd, offset).replace(/(?:\$\$?|\\\(|\\\[)\s*$/, ""),
      after: text.slice(end + close, end + close + 40),
      problem: null,
    });
    at.cursor = end;
    at.previousEnd = end + close;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "heading_open") {
      sink.questions.heading(Number(t.tag.slice(1)), tokens[i + 1]?.content ?? "");
    } else if (t.type === "math_block") {
      add(t.content.replace(/\s+$/, ""), t.map?.[0] ?? 0);
    } else if (t.type === "table_open") {
      const rows = tableSteps(tokens, i);
      for (const row of rows.steps) add(row.tex, row.line);
      i = rows.end;
    } else if (t.type === "inline") {
      const bold = /^(?:\*\*|__)([^*_]{1,80})(?:\*\*|__)/.exec(t.content);
      if (bold) sink.questions.label(bold[1]);
      for (const c of t.children ?? []) {
        if (c.type === "math_inline") add(c.content, t.map?.[0] ?? 0);
      }
      if (t.map && t.content.includes("\\begin{")) {
        for (const env of environments(text, starts, t.map)) add(env, t.map[0]);
      }
    }
  }
}

/**
 * Math environments written bare in a paragraph (`\begin{align}…\end{align}` with no `$$`,
 * as MathJax renders them): read from the paragraph's source lines, since Markdown has
 * already turned its `\\` into `\`.
 */
function environments(text: string, starts: number[], map: [number, number]): string[] {
  const source = text.slice(starts[map[0]] ?? 0, starts[map[1]] ?? text.length);
  return findFragments(source, MAX_FRAGMENTS)
    .filter((f) => source.startsWith("\\begin{", f.start) && f.problem === null)
    .map((f) => f.body);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}
