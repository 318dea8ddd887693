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
  for (const p of patterns) {
    // a number belongs to its own line: `\s` in a pattern never crosses a line break
    const re = new RegExp(
      p.replace(/\\s/g, "[ \\t]").replace("##", SHAPE).replace("#", DIMS),
      "gi",
    );
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const factors = factorsOf(m[1]);
      if (factors.some((f) => !Number.isFinite(f))) continue;
      if (!best || m.index >= best.at) {
        best = {
          at: m.index,
          found: {
            factors,
            value: factors.reduce((a, b) => a * b, 1),
            evidence: m[0].trim(),
          },
        };
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return best?.found ?? null;
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
