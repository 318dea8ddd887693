/**
 * Stage 2, splitting steps: each fragment's rows (at `\\`, environment markers such as
 * `\begin{align}` inside `$$…$$` removed), the equations of a row (`a = 1, \quad b = 2`,
 * `a = 1; b = 2`), and the sides of an equation between its `=`, `\approx`, `≈`, `\simeq`
 * signs (`\leftarrow`, `\gets` and `:=` make an assignment). A row that begins with `=`
 * continues the chain before it; a fragment that begins with `=` takes its left side from
 * the prose before it (`Parameters = 160×10 $= 1600$`).
 *
 * @module
 */
import type { Chain, ChainKind, Fragment, Place, Side } from "./model.ts";

/** The chains of a fragment, given the last side of the chain before it. */
export function chainsOf(fragment: Fragment, previous: Side | null): Chain[] {
  const body = stripEnvironments(fragment.tex);
  const chains: Chain[] = [];
  for (const row of splitTopLevel(body, /\\\\(?:\s*\[[^\]\n]{0,40}\])?/)) {
    const text = alignmentRemoved(row.piece);
    if (text.trim() === "") continue;
    for (const eq of equationsOf(text)) {
      const chain = chainOf(fragment, eq.piece, row.offset + eq.offset);
      if (!chain) continue;
      const before = chains.at(-1);
      if (chain.continues && before && before.equals.length > 0) {
        // `&= …` rows continue the chain above: one chain, so a definition takes its last value.
        before.sides.push(...chain.sides.slice(1));
        before.equals.push(...chain.equals);
        continue;
      }
      if (chain.continues) {
        chain.sides[0] = before
          ? before.sides.at(-1) ?? null
          : continuationSide(fragment, previous);
      }
      chains.push(chain);
    }
  }
  const last = chains.at(-1);
  const scale = scaleAfter(fragment.after);
  if (last && scale && /^[\d.]+$/.test(last.sides.at(-1)?.tex ?? "")) last.scale = scale;
  return chains;
}

/** Where the first side of a continuation comes from: the fragment before, or prose. */
function continuationSide(fragment: Fragment, previous: Side | null): Side | null {
  const before = fragment.before;
  if (/^\s*$/.test(before)) return previous;
  const prose = proseLeftSide(before);
  return prose ? { tex: prose.tex, line: fragment.line, cell: fragment.cell } : null;
}

const SEPARATOR = /:=|\\coloneqq|\\leftarrow|\\gets|\\approx|\\simeq|≈|(?<![<>!:])=(?!=)/;

/** One equation's chain, or null when it has no equals sign at all. */
function chainOf(fragment: Fragment, text: string, at: number): Chain | null {
  const parts = splitTopLevel(text, SEPARATOR);
  if (parts.length < 2) {
    return {
      sides: [side(fragment, parts[0].piece, at)],
      equals: [],
      kind: "equation",
      continues: false,
      fragment,
    };
  }
  const sides: (Side | null)[] = [];
  const equals: Place[] = [];
  parts.forEach((p, k) => {
    sides.push(side(fragment, p.piece, at + p.offset));
    if (k < parts.length - 1) equals.push(placeAt(fragment, at + p.offset + p.piece.length));
  });
  const kind: ChainKind = /^(?::=|\\coloneqq|\\leftarrow|\\gets)$/.test(parts[0].sep)
    ? "assignment"
    : "equation";
  const continues = sides[0]?.tex === "";
  return { sides, equals, kind, continues, fragment };
}

function side(fragment: Fragment, piece: string, at: number): Side {
  const lead = piece.length - piece.trimStart().length;
  return { tex: piece.trim(), ...placeAt(fragment, at + lead) };
}

/** The place of an offset in a fragment's TeX. */
function placeAt(fragment: Fragment, offset: number): Place {
  let line = fragment.line;
  const tex = fragment.tex;
  for (let i = tex.indexOf("\n"); i >= 0 && i < offset; i = tex.indexOf("\n", i + 1)) line++;
  return { line, cell: fragment.cell };
}

const LAYOUT =
  /\\(?:begin|end)\{(?:align|gather|multline|equation|eqnarray|flalign|alignat|split|aligned|gathered|alignedat|displaymath|math)\*?\}(?:\{\d+\})?|\\(?:label|tag)\{[^{}]{0,100}\}|\\nonumber|\\notag/g;

/** Blanks the layout environments' markers and labels (offsets kept). */
export function stripEnvironments(tex: string): string {
  return tex.replace(LAYOUT, (s) => " ".repeat(s.length));
}

/**
 * The equations of one row: split at top-level `\quad`, `\qquad`, `;`, `\text{and}` and
 * commas (never the thin space `\,`), each piece kept only when it holds an `=` of its own (else it joins the one before,
 * as in `x = (1, 2)`-like lists written without brackets).
 */
function equationsOf(row: string): { piece: string; offset: number }[] {
  const pieces = splitTopLevel(
    row,
    /\\q?quad\b|\\hspace\{[^{}]{0,20}\}|;|\\text\{\s*(?:and|,)\s*\}|(?<!\\),(?!\s*\d{3}(?!\d))/,
  );
  const out: { piece: string; offset: number }[] = [];
  for (const p of pieces) {
    const prev = out.at(-1);
    if (prev && !SEPARATOR.test(p.piece.replace(/^\s*[=≈]/, ""))) {
      prev.piece = row.slice(prev.offset, p.offset + p.piece.length);
    } else if (prev && !SEPARATOR.test(prev.piece)) {
      prev.piece = row.slice(prev.offset, p.offset + p.piece.length);
    } else out.push({ piece: p.piece, offset: p.offset });
  }
  return out;
}

const SCALES: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  billion: 1e9,
  b: 1e9,
};

/** A scale word that opens the prose after a fragment (`million`), or null. */
export function scaleAfter(after: string): { factor: number; word: string } | null {
  const m = /^\s*(thousand|million|billion|[kMB])\b/.exec(after);
  if (!m) return null;
  return { factor: SCALES[m[1].length === 1 ? m[1].toLowerCase() : m[1]], word: m[1] };
}

export function splitTopLevel(
  s: string,
  separator: RegExp,
): { piece: string; offset: number; sep: string }[] {
  const pieces: { piece: string; offset: number; sep: string }[] = [];
  let depth = 0;
  let env = 0;
  let last = 0;
  const sticky = new RegExp(separator.source, "y");
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith("\\begin{", i)) {
      env++;
      i += 5; // the loop's i++ lands on the environment's `{`, counted below
      continue;
    }
    if (s.startsWith("\\end{", i)) {
      env--;
      i += 3;
      continue;
    }
    const c = s[i];
    if (c === "\\" && (s[i + 1] === "{" || s[i + 1] === "}")) {
      i++;
      continue;
    }
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth--;
    else if (depth === 0 && env === 0) {
      sticky.lastIndex = i;
      const m = sticky.exec(s);
      if (m) {
        pieces.push({ piece: s.slice(last, i), offset: last, sep: m[0] });
        last = i + m[0].length;
        i = last - 1;
      }
    }
  }
  pieces.push({ piece: s.slice(last), offset: last, sep: "" });
  return pieces;
}

function alignmentRemoved(row: string): string {
  let env = 0;
  let out = "";
  for (let i = 0; i < row.length; i++) {
    if (row.startsWith("\\begin{", i)) env++;
    if (row.startsWith("\\end{", i)) env--;
    if (row[i] === "\\" && row[i + 1] === "&") {
      out += row[i] + row[i + 1];
      i++;
      continue;
    }
    out += row[i] === "&" && env === 0 ? " " : row[i];
  }
  return out;
}

/**
 * The arithmetic a prose line ends with before a math fragment that starts with `=`, as in
 * `Number of trainable parameters = 160×10` followed by ` $= 1600$`: the text after the
 * line's last `=`, when it is only digits, operators and parentheses. Null otherwise.
 */
export function proseLeftSide(prose: string): { tex: string; at: number } | null {
  const trimmed = prose.replace(/\s+$/, "");
  const lineStart = trimmed.lastIndexOf("\n") + 1;
  const line = trimmed.slice(lineStart);
  const eq = line.lastIndexOf("=");
  const tail = line.slice(eq + 1);
  if (!/\d/.test(tail) || !/^[\d\s.×*·+\-\/()^]+$/.test(tail)) return null;
  const lead = tail.length - tail.trimStart().length;
  return { tex: tail.trim(), at: lineStart + eq + 1 + lead };
}
