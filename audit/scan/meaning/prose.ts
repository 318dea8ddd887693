/**
 * Numbers and words from the prose above a step: the nearest `input = 160×1`, `stride 2`,
 * `64 units`, each with the words it was read from, so a reading can list its evidence.
 *
 * @module
 */

/** A number (or a shape's factors) read from the prose, with the text it came from. */
export interface Found {
  factors: number[];
  value: number;
  evidence: string;
}

const DIMS = String
  .raw`(-?\d[\d,]*(?:\.\d+)?(?:[ \t]*(?:\\times|×|\\cdot|x|\*)[ \t]*\d+(?:\.\d+)?)*)`;

/** A shape of at least two factors (`3 \times 3`, `5x5`). */
const SHAPE = String.raw`(\d+(?:[ \t]*(?:\\times|×|\\cdot|x|\*)[ \t]*\d+)+)`;

/** The prose made plain: math delimiters, `\text{…}` and spacing commands removed. */
export function plainProse(text: string): string {
  return text.replace(/\\(?:text|textbf|mathrm|emph|textit|mathbf)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\$+|\\\(|\\\)|\\\[|\\\]/g, " ").replace(/\*\*|__/g, "").replace(/\\[,;!]|~/g, " ")
    .replace(/\{,\}/g, ",").replace(/[ \t]+/g, " ");
}

/** The factors of `21 \times 21 \times 3`, `160×1`, `1{,}000`. */
function factorsOf(text: string): number[] {
  return text.split(/\\times|×|\\cdot|x|\*/).map((t) => Number(t.replace(/[\s,]/g, "")));
}

/**
 * The match nearest the end of the text among patterns in which `#` stands for a number or
 * a shape (`input\s*=\s*#`) and `##` for a shape of two factors or more; null when none
 * matches.
 */
export function nearest(text: string, patterns: readonly string[]): Found | null {
  let best: { at: number; found: Found } | null = null;
  let preferred: { at: number; found: Found } | null = null;
  for (const p of patterns) {
    // a number belongs to its own line: `\s` in a pattern never crosses a line break
    const re = new RegExp(
      p.replace(/\\s/g, "[ \\t]").replace("##", SHAPE).replace("#", DIMS),
      "gi",
    );
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const factors = factorsOf(m[1]);
      if (factors.some((f) => !Number.isFinite(f))) continue;
      const here = {
        at: m.index,
        found: { factors, value: factors.reduce((a, b) => a * b, 1), evidence: m[0].trim() },
      };
      if (!best || m.index >= best.at) best = here;
      const used = prefer.has(here.found.value) || prefer.has(factors[0]) ||
        prefer.has(factors[factors.length - 1]);
      if (used && (!preferred || m.index >= preferred.at)) preferred = here;
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return (preferred ?? best)?.found ?? null;
}

/** The numbers the step itself writes: a match among them is preferred to a nearer one. */
let prefer: ReadonlySet<number> = new Set();

/**
 * Runs `read` preferring, among the prose's matches, those whose number the step writes: in
 * "784 inputs, 128 hidden units, 10 outputs … (784 + 1) × 128", the hidden layer's 128, not
 * the nearer 10.
 */
export function preferring<T>(numbers: ReadonlySet<number>, read: () => T): T {
  const before = prefer;
  prefer = numbers;
  try {
    return read();
  } finally {
    prefer = before;
  }
}

/** The numbers written in a tree (`(784 + 1) × 128` → 784, 1, 128). */
export function numbersIn(json: unknown, into: Set<number> = new Set()): Set<number> {
  if (typeof json === "number") into.add(Math.abs(json));
  else if (Array.isArray(json)) { for (const j of json) numbersIn(j, into); }
  else if (json && typeof json === "object" && "num" in json) {
    into.add(Math.abs(Number((json as { num: string }).num)));
  }
  return into;
}

/** Where a word last occurs (-1 when it does not). */
export function lastIndexOf(text: string, words: RegExp): number {
  const re = new RegExp(words.source, words.flags.includes("g") ? words.flags : words.flags + "g");
  let at = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    at = m.index;
    if (m[0].length === 0) re.lastIndex++;
  }
  return at;
}
