/**
 * A sum written out: `\sum_{i=1}^N x_i w_i + b = x_1 w_1 + x_2 w_2 + b`. The other side's
 * indexed names (`x_1`, `x_2`) say how many terms N stands for (the largest index written);
 * the sum is expanded with that N, its index put into each subscript, and the two sides are
 * compared at random values of their symbols. A function applied to both sides
 * (`\varphi(…) = \varphi(…)`) is compared by its arguments.
 *
 * Honesty: a side with two sums, a sum whose upper bound is a number that disagrees with
 * the terms written, or a written side with a symbol the expanded sum lacks leave the step
 * unread.
 *
 * @module
 */
import { mulberry32 } from "../../../mod.ts";
import type { Json } from "../interpret.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { type Dual, evaluate, freeSymbols } from "./evaluate.ts";

type Sum = { body: Json; index: string; from: number; to: Json };

/** The sums in a tree. */
function sumsIn(tree: Json, into: Sum[] = []): Sum[] {
  if (!Array.isArray(tree)) return into;
  const range = tree[2];
  if (tree[0] === "Sum" && Array.isArray(range) && range[0] === "Tuple") {
    const [, index, from, to] = range as [string, Json, Json, Json];
    if (typeof index === "string" && typeof from === "number") {
      into.push({ body: tree[1] as Json, index, from, to });
    }
    return into;
  }
  for (const t of tree.slice(1)) sumsIn(t as Json, into);
  return into;
}

/** The tree with `x_i` written `x_k` for the index `i`. */
function indexed(tree: Json, index: string, k: number): Json {
  if (typeof tree === "string") return tree.replace(new RegExp(`_\\{?${index}\\}?$`), `_${k}`);
  return Array.isArray(tree) ? tree.map((t) => indexed(t as Json, index, k)) as Json : tree;
}

/** The tree with its sum replaced by `from + … + to` terms. */
function expanded(tree: Json, sum: Sum, to: number): Json {
  if (!Array.isArray(tree)) return tree;
  if (tree[0] === "Sum") {
    const terms: Json[] = [];
    for (let k = sum.from; k <= to; k++) terms.push(indexed(sum.body, sum.index, k));
    return ["Add", ...terms] as Json;
  }
  return tree.map((t) => expanded(t as Json, sum, to)) as Json;
}

/** The largest index written on names of the form `x_3` (0 when none). */
function largestIndex(tree: Json): number {
  if (typeof tree === "string") {
    const m = /_\{?(\d{1,2})\}?$/.exec(tree);
    return m ? Number(m[1]) : 0;
  }
  return Array.isArray(tree) ? Math.max(0, ...tree.map((t) => largestIndex(t as Json))) : 0;
}

/** Both sides one application of the same function: the arguments (or the sides). */
function argumentsOf(l: Json, r: Json): [Json, Json] {
  const app = (t: Json) => Array.isArray(t) && t.length === 3 && typeof t[1] === "string";
  if (
    app(l) && app(r) && (l as Json[])[0] === (r as Json[])[0] &&
    (l as Json[])[1] === (r as Json[])[1]
  ) {
    return [(l as Json[])[2], (r as Json[])[2]];
  }
  return [l, r];
}

/** The two trees agree at 8 random points of the seed, each symbol in [-3, 3). */
function sameAt(a: Json, b: Json, names: string[], seed: number): boolean {
  const random = mulberry32(seed);
  for (let run = 0; run < 8; run++) {
    const values = new Map<string, Dual>(names.map((n) => [n, { v: 6 * random() - 3, d: 0 }]));
    const scope = { values, functions: new Map() };
    const x = evaluate(a, scope).v;
    const y = evaluate(b, scope).v;
    if (!(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)))) return false;
  }
  return true;
}

/** Reads `…\sum_{i=1}^N body… = the terms written out` and judges the expansion. */
export function readSum(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const trees = sides.map((s) => readSide(s).tree);
  const which = trees.findIndex((t) => sumsIn(t).length === 1);
  if (which < 0 || sumsIn(trees[1 - which]).length > 0) return null;
  const [sum] = sumsIn(trees[which]);
  const n = largestIndex(trees[1 - which]);
  if (n < sum.from || (typeof sum.to === "number" && sum.to !== n)) return null;
  if (typeof sum.to !== "number" && typeof sum.to !== "string") return null;
  const [l, r] = argumentsOf(expanded(trees[which], sum, n), trees[1 - which]);
  const none = new Map();
  const lf = freeSymbols(l, none);
  const rf = freeSymbols(r, none);
  // the written side names only the sum's symbols (a term may be missing or wrong)
  if ([...rf].some((s) => !lf.has(s))) return null;
  const ok = sameAt(l, r, [...lf], step.seed);
  const bound = typeof sum.to === "string" ? `${sum.to} = ${n}` : `${n}`;
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : "error",
    reason: ok
      ? `the sum over ${sum.index} = ${sum.from}…${bound} written out term by term equals the other side`
      : `the sum over ${sum.index} = ${sum.from}…${bound} written out term by term differs from the other side at random values of ${
        [...lf].join(", ")
      } (seed ${step.seed}); no known mistake reproduces it`,
    readAs: `a sum written out with ${bound} terms`,
    evidence: [`the largest index written on the other side is ${n}`],
    assumptions: typeof sum.to === "string"
      ? [`${sum.to} is the number of terms written out (${n})`]
      : [],
    reproducedBy: null,
    mistakes: [],
    alternatives: [],
    correct: ok ? "equal" : "the terms of the sum",
    counterexample: null,
    seed: step.seed,
    draft: null,
    topic: "sum notation",
    chapter: "neuron",
  };
}
