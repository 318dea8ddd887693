/**
 * Finding the equation chains of a solution sheet: math fragments (`$$…$$`, `$…$`, `\[…\]`,
 * `\(…\)`, `align`/`equation` environments), their rows (`\\` in `aligned`, `&=` continuation
 * lines) and the sides between the `=` signs, each with its offset in the file so a step can
 * be named by its line. Plain string work, no evaluation: the sides are parsed later by the
 * Compute Engine (`audit/scan.ts`).
 *
 * @module
 */

/** One side of an equation chain: its LaTeX and where it starts in the file. */
export interface Side {
  /** The LaTeX of the side, trimmed. */
  tex: string;
  /** Offset in the file of the side's first character. */
  offset: number;
}

/** One chain `a = b = c`: its sides, and whether it continues the chain before it. */
export interface Chain {
  /** The sides, in order (a chain of n sides has n - 1 steps). */
  sides: Side[];
  /** Offsets of the `=` signs between the sides (one fewer than the sides). */
  equals: number[];
  /** The chain began with `=`: its first side is the last side of the chain before. */
  continues: boolean;
}

/** A math fragment of the file and the chains in it. */
export interface Fragment {
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

/**
 * Blanks what is not math the file's format hides: LaTeX comments (`%` to the end of the
 * line) in `.tex`, fenced code blocks and code spans in Markdown. Offsets are kept (every
 * blanked character becomes a space) so line numbers stay right.
 */
export function blankNonMath(text: string, kind: "tex" | "md" | "txt"): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  if (kind === "tex") return text.replace(/(?<!\\)%[^\n]*/g, blank);
  if (kind === "md") {
    return text
      .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank)
      .replace(/`[^`\n]+`/g, blank);
  }
  return text;
}

/**
 * The math fragments of a text, in order. An opening delimiter with no closing one becomes a
 * fragment with a `problem` (and the search goes on after it), so one stray `$` does not
 * swallow the rest of the file.
 */
export function findFragments(text: string, limit: number): Fragment[] {
  const out: Fragment[] = [];
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

/**
 * Splits `s` at the given top-level separators: not inside braces, brackets of `\left…\right`,
 * parentheses, or a `\begin…\end` environment. Returns each piece with its offset in `s`.
 */
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

/** Removes an `aligned`/`split`/`gathered` wrapper around the whole body, keeping offsets. */
function unwrap(body: string): string {
  const m = /^(\s*)\\begin\{(aligned|split|gathered|alignedat|array)\}(\{[^}]*\})?/.exec(body);
  if (!m) return body;
  const endTag = `\\end{${m[2]}}`;
  const j = body.lastIndexOf(endTag);
  if (j < 0 || body.slice(j + endTag.length).trim() !== "") return body;
  const pad = (n: number) => " ".repeat(n);
  return pad(m[0].length) + body.slice(m[0].length, j) + pad(endTag.length) +
    body.slice(j + endTag.length);
}

/**
 * The chains of a fragment: one per row (rows split at top-level `\\`), split at top-level
 * `=` (and `\approx`). A row that starts with `=` (as `&= …` does) continues the chain before.
 */
export function chainsOf(fragment: Fragment): Chain[] {
  const body = unwrap(fragment.body)
    .replace(/\\(?:label|tag)\{[^}]*\}|\\nonumber|\\notag/g, (s) => " ".repeat(s.length));
  const chains: Chain[] = [];
  for (const row of splitTopLevel(body, /\\\\(\[[^\]]*\])?/)) {
    const text = alignmentRemoved(row.piece);
    if (text.trim() === "") continue;
    const parts = splitTopLevel(text, /\\approx|=/);
    const sides: Side[] = [];
    const equals: number[] = [];
    parts.forEach((p, k) => {
      const lead = p.piece.length - p.piece.trimStart().length;
      sides.push({
        tex: p.piece.trim(),
        offset: fragment.bodyOffset + row.offset + p.offset + lead,
      });
      if (k < parts.length - 1) {
        equals.push(fragment.bodyOffset + row.offset + p.offset + p.piece.length);
      }
    });
    const continues = sides.length > 1 && sides[0].tex === "";
    chains.push({ sides, equals, continues });
  }
  return chains;
}

/** Replaces the alignment `&` of a row by spaces, keeping those inside matrices. */
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
