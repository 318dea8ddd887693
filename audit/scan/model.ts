/**
 * The data the scan's stages hand on, in pipeline order:
 *
 * 1. `read.ts` (and `read_tex.ts`, `read_markdown.ts`, `read_notebook.ts`, `read_text.ts`)
 *    turns a file of one format into a {@linkcode Doc}: its math {@linkcode Fragment}s in
 *    document order, each with its line (and notebook cell), its question and the prose
 *    around it, plus the table rows that pair an expression with its value.
 * 2. `steps.ts` splits each fragment into {@linkcode Chain}s: rows, several equations in one
 *    row, sides between `=` signs, a row starting with `=` continuing the one before.
 * 3. `evaluate.ts` reads each side (`notation.ts` first rewrites a marker's notation into the
 *    parser's, then the Compute Engine parses it) and keeps the document's definitions.
 * 4. `judge.ts` compares the two sides of each step at the written precision and gives the
 *    verdict; `mod.ts` runs the stages and writes the report.
 *
 * @module
 */

/** The formats the scan reads. */
export type Format = "tex" | "md" | "ipynb" | "txt";

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

/** Where a piece of the document is: its line (1-based) and, in a notebook, its cell. */
export interface Place {
  /** The line: of the file, or of the cell's source in a notebook. */
  line: number;
  /** The notebook cell (1-based, counting every cell), or null outside a notebook. */
  cell: number | null;
}

/** One piece of math of the document, as the reader found it. */
export interface Fragment extends Place {
  /** The math between its delimiters (environment markers removed, rows kept). */
  tex: string;
  /** The question it sits under: the document's own number (`"2"`, `"8.3"`, `"b"`). */
  question: string;
  /** The prose between the previous fragment and this one (for `$= 1600$` continuations). */
  before: string;
  /** The first words of prose after it (a scale word: `$19.7$ million`). */
  after: string;
  /** A problem found while reading it (unterminated, unbalanced braces), or null. */
  problem: string | null;
  /**
   * For a table row: the cells of the row, an expression in one and its value in the next,
   * already joined as `expression = value` in `tex`.
   */
  table?: boolean;
}

/** A document read by one of the readers. */
export interface Doc {
  /** The format it was read as. */
  format: Format;
  /** Its math, in document order. */
  fragments: Fragment[];
  /** Each question's title as its heading writes it (`"2"` -> `"Backpropagation"`). */
  titles: Map<string, string>;
  /** All its prose, for the conventions a bare `\log` is read by. */
  prose: string;
  /** Fragments found past {@linkcode MAX_FRAGMENTS} (counted, not read), or 0. */
  dropped: number;
  /** A reason the whole document could not be read, or null. */
  problem: string | null;
}

/** One side of a chain: its LaTeX and its line. */
export interface Side extends Place {
  /** The LaTeX of the side, trimmed. */
  tex: string;
}

/** How a chain relates its first side to the rest. */
export type ChainKind = "equation" | "assignment";

/** One chain `a = b = c` of a fragment. */
export interface Chain {
  /** The sides in order; null where a continuation row has no earlier side to take. */
  sides: (Side | null)[];
  /** The place of each `=` (one fewer than the sides). */
  equals: Place[];
  /** `assignment` for `w \leftarrow …`, `w := …`: the first side is (re)defined, not checked. */
  kind: ChainKind;
  /** True when the chain began with `=` and took its first side from before. */
  continues: boolean;
  /** The fragment it comes from. */
  fragment: Fragment;
  /** A scale factor from prose after the fragment (`million`), applied to its last side. */
  scale?: { factor: number; word: string };
}
