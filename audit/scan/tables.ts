/**
 * Tables as a marker reads them: a row whose cells hold an expression and, in the next cell,
 * its value is one step `expression = value`; a column headed `f(x)` beside a column headed
 * `x` is one step per row, `f(x's cell) = f's cell`, with the function the sheet defines.
 * A cell that is an equation of its own is read as it is.
 *
 * @module
 */

/** One step read from a table row, with the row's line (0-based in the source, as parsers count). */
export interface RowStep {
  tex: string;
  line: number;
}

const NUMBER = /^[-−+]?\s*(?:\d[\d,]*\.?\d*|\.\d+)$/;
const EXPRESSION = /\d.*(?:[-+*/^×·⋅]|\\(?:times|cdot|frac|sqrt|exp|ln|log|sigma))|\\frac/;

/** The math of a cell: `$…$` delimiters removed, or the cell as it is. */
export function cellMath(cell: string): string {
  return cell.trim().replace(/^\$+|\$+$/g, "").trim();
}

/**
 * The steps of one row, given the header's cells (math of each, or words).
 *
 * @param header The header's cells (may be empty).
 * @param cells The row's cells.
 */
export function rowSteps(header: readonly string[], cells: readonly string[]): string[] {
  const math = cells.map(cellMath);
  const out: string[] = [];
  const used = new Set<number>();
  for (let i = 0; i < math.length; i++) {
    if (math[i].includes("=")) {
      out.push(math[i]);
      used.add(i);
    }
  }
  for (let i = 0; i + 1 < math.length; i++) {
    if (used.has(i) || used.has(i + 1) || namedApart(header[i], header[i + 1])) continue;
    if (EXPRESSION.test(math[i]) && !NUMBER.test(math[i]) && NUMBER.test(math[i + 1])) {
      out.push(`${math[i]} = ${math[i + 1]}`);
      used.add(i).add(i + 1);
    }
  }
  const heads = header.map(cellMath);
  out.push(...symbolSteps(heads, math));
  for (let j = 0; j < heads.length; j++) {
    const f = /^(\\?[A-Za-z]+)\s*\(\s*([A-Za-z](?:_\{?\w+\}?)?)\s*\)$/.exec(heads[j]);
    if (!f || used.has(j) || !NUMBER.test(math[j] ?? "")) continue;
    const k = heads.findIndex((h) => h === f[2]);
    if (k < 0 || !NUMBER.test(math[k] ?? "")) continue;
    out.push(`${f[1]}(${math[k]}) = ${math[j]}`);
  }
  return out;
}

/** A header cell that is one symbol (`N`, `P`, `w_1`). */
const SYMBOL = /^[A-Za-z](?:_\{?\w{1,4}\}?)?$/;

/**
 * The steps of a row under a header of symbols (`N | F | P | S | (N - F + 2P)/S | O`): a
 * column headed by an expression of the symbols is that expression at the row's values, and
 * the last column, headed by a symbol, is the sheet's formula for it at the others'
 * (`\left. O \right|_{N = 28, F = 5} = 15`, which the meaning readers evaluate).
 */
function symbolSteps(heads: readonly string[], math: readonly string[]): string[] {
  const bound = new Map<string, string>();
  heads.forEach((h, j) => {
    if (SYMBOL.test(h) && NUMBER.test(math[j] ?? "") && j < heads.length - 1) bound.set(h, math[j]);
  });
  if (bound.size < 2) return [];
  const out: string[] = [];
  heads.forEach((h, j) => {
    if (SYMBOL.test(h) || !NUMBER.test(math[j] ?? "") || !/[-+*/^]|\\frac/.test(h)) return;
    const letters = h.replace(/\\[A-Za-z]+/g, " ").match(/[A-Za-z](?:_\{?\w{1,4}\}?)?/g) ?? [];
    if (letters.length === 0 || letters.some((l) => !bound.has(l))) return;
    const at = h.replace(
      /(?<![\\A-Za-z])[A-Za-z](?:_\{?\w{1,4}\}?)?/g,
      (l) => `(${bound.get(l) ?? l})`,
    );
    out.push(`${at} = ${math[j]}`);
  });
  const last = heads.length - 1;
  if (SYMBOL.test(heads[last] ?? "") && NUMBER.test(math[last] ?? "") && !bound.has(heads[last])) {
    const row = [...bound].map(([k, v]) => `${k} = ${v}`).join(", ");
    out.push(`\\left. ${heads[last]} \\right|_{${row}} = ${math[last]}`);
  }
  return out;
}

/** A row that totals the rows above it: its first cell says Total or Sum. */
const TOTAL = /^\s*(?:\\textbf\{\s*|\*\*)?(?:total|sum|overall)\b/i;

/**
 * The steps of a totals row (`Total & & 7008`): each number in it is the sum of its column's
 * values above (the value after a cell's last `=`), when every one of them is a number.
 *
 * @param above The rows above it, under the header.
 * @param cells The row's cells.
 */
export function totalSteps(above: readonly string[][], cells: readonly string[]): string[] {
  if (!TOTAL.test(cells[0] ?? "")) return [];
  const out: string[] = [];
  for (let j = 1; j < cells.length; j++) {
    const total = cellMath(cells[j]);
    if (!NUMBER.test(total)) continue;
    const values: string[] = [];
    for (const row of above) {
      const m = cellMath(row[j] ?? "");
      if (m === "" || /^[-–—]+$/.test(m)) continue;
      const v = m.includes("=") ? m.slice(m.lastIndexOf("=") + 1).trim() : m;
      if (!NUMBER.test(v)) {
        values.length = 0;
        break;
      }
      values.push(v);
    }
    if (values.length >= 2) out.push(`${values.join(" + ")} = ${total}`);
  }
  return out;
}

/** Words a header gives the column of an expression's value. */
const RESULT = /value|result|answer|total|sum|computed|evaluat|=/i;

/**
 * Whether a header names two neighbouring columns as two quantities (`Output shape`,
 * `Parameters`): then a shape in one is not an expression whose value is the next.
 */
function namedApart(left: string | undefined, right: string | undefined): boolean {
  const words = (h: string | undefined) => (h ?? "").replace(/\$[^$]*\$/g, "").trim();
  const l = words(left);
  const r = words(right);
  return /[A-Za-z]{2}/.test(l) && /[A-Za-z]{2}/.test(r) && l !== r && !RESULT.test(r) &&
    !/expr|comput|formula|calcul|working/i.test(l);
}

// deno-lint-ignore no-explicit-any
type Token = any;

/** The steps of a markdown-it table starting at `tokens[start]` (`table_open`), and its end. */
export function tableSteps(tokens: Token[], start: number): { steps: RowStep[]; end: number } {
  const steps: RowStep[] = [];
  let header: string[] = [];
  const body: string[][] = [];
  let row: string[] = [];
  let line = 0;
  let inHead = false;
  let i = start;
  for (; i < tokens.length && tokens[i].type !== "table_close"; i++) {
    const t = tokens[i];
    if (t.type === "thead_open") inHead = true;
    else if (t.type === "thead_close") inHead = false;
    else if (t.type === "tr_open") {
      row = [];
      line = t.map?.[0] ?? line;
    } else if (t.type === "inline") row.push(t.content);
    else if (t.type === "tr_close") {
      if (inHead) header = row;
      else {
        const found = [...rowSteps(header, row), ...totalSteps(body, row)];
        for (const tex of found) steps.push({ tex, line });
        body.push(row);
      }
    }
  }
  return { steps, end: i };
}
