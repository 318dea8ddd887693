/**
 * Reading a Jupyter notebook (`.ipynb`) as the JSON it is: its markdown and raw cells are read
 * as Markdown, one after another (a heading in one cell numbers the questions of the next), and
 * every fragment carries its cell number (1-based, counting code cells too) and its line in
 * the cell. Code cells and outputs are not read: the scan checks what the text states.
 *
 * @module
 */
import type { Doc } from "./model.ts";
import { Questions } from "./questions.ts";
import { type MarkdownSink, readMarkdownInto } from "./read_markdown.ts";

/** Reads a notebook; a text that is not a notebook's JSON is a document problem. */
export function readNotebook(text: string): Doc {
  const sink: MarkdownSink = { fragments: [], questions: new Questions(), dropped: 0 };
  const doc: Doc = {
    format: "ipynb",
    fragments: sink.fragments,
    titles: sink.questions.titles,
    prose: "",
    dropped: 0,
    problem: null,
  };
  const cells = notebookCells(text);
  if (typeof cells === "string") return { ...doc, problem: cells };
  const prose: string[] = [];
  cells.forEach((cell, i) => {
    if (cell.type !== "markdown" && cell.type !== "raw") return;
    readMarkdownInto(cell.source, i + 1, sink);
    prose.push(cell.source);
  });
  return { ...doc, prose: prose.join("\n"), dropped: sink.dropped };
}

/** The cells of a notebook, or why the text is not one. */
function notebookCells(text: string): { type: string; source: string }[] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `the file is not a notebook's JSON (${(error as Error).message})`;
  }
  const cells = (json as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) return "the file is JSON but has no notebook `cells` list";
  return cells.map((c) => {
    const source = (c as { source?: unknown })?.source;
    const type = (c as { cell_type?: unknown })?.cell_type;
    return {
      type: typeof type === "string" ? type : "",
      source: Array.isArray(source)
        ? source.filter((s) => typeof s === "string").join("")
        : typeof source === "string"
        ? source
        : "",
    };
  });
}
