/**
 * Stage 1, reading a format: picks the reader by the file's extension (a `.json`/unknown file
 * that parses as a notebook is read as one), refuses what is not text, and hands on a
 * {@linkcode Doc}: the document's math fragments in order, each with its line and question.
 *
 * @module
 */
import type { Doc, Format } from "./model.ts";
import { MAX_BYTES } from "./model.ts";
import { readMarkdown } from "./read_markdown.ts";
import { readNotebook } from "./read_notebook.ts";
import { readTex } from "./read_tex.ts";
import { readText } from "./read_text.ts";

/** The format of a source by its extension; a notebook's JSON is recognised by its content. */
export function formatOf(source: string, text: string): Format {
  const path = source.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith(".tex") || path.endsWith(".latex")) return "tex";
  if (path.endsWith(".md") || path.endsWith(".markdown")) return "md";
  if (path.endsWith(".ipynb")) return "ipynb";
  if (/^\s*\{[\s\S]{0,200}"(?:cells|nbformat|metadata)"\s*:/.test(text.slice(0, 300))) {
    return "ipynb";
  }
  return "txt";
}

/** Reads a document of any format the scan knows. */
export function readDocument(text: string, format: Format): Doc {
  const problem = fileProblem(text);
  if (problem) {
    return { format, fragments: [], titles: new Map(), prose: "", dropped: 0, problem };
  }
  if (format === "tex") return readTex(text);
  if (format === "md") return readMarkdown(text);
  if (format === "ipynb") return readNotebook(text);
  return readText(text);
}

/** Why a text cannot be scanned (too large, not text), or null. */
export function fileProblem(text: string): string | null {
  if (typeof text !== "string") return "the input is not a string";
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
