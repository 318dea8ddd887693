/**
 * A gradient-descent update rule written with `=` as assignment:
 * `w_i^f = w_i^f - \alpha \frac{\partial E}{\partial w_i^f}`. It is an update when the same
 * parameter θ stands alone on the left and in the right side, with a learning rate (α, η)
 * times a partial derivative of the loss. The library's form `descentStep`, θ ← θ − α ∂E/∂θ,
 * decides at a few points; a mismatch is diagnosed by `descentStep`'s catalogue (the sign
 * flipped is ascent, a missing α is the learning rate forgotten), and a partial by another
 * symbol (`∂E/∂b` in the update of `w`) is said as such.
 *
 * Honesty: any symbol on the right other than θ, the learning rate and the partials leaves
 * the step unread; the equation is an assignment, never checked as an identity.
 *
 * @module
 */
import { descentStep, mistakesOf, mulberry32 } from "../../../mod.ts";
import type { Json } from "../interpret.ts";
import { matchOf, type Meaning, type MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { evaluate, freeSymbols } from "./evaluate.ts";

/** Names a learning rate is written with. */
const RATE = /^(?:alpha|eta|lr|lambda)$/;
/** Names a loss is written with. */
const LOSS = /^(?:E|L|J|C|\\mathcal\{L\})(?:_\w+)?$/;
/** Random points (θ, α, g) from the seed: θ and g in [-3, 3), α in [0.01, 1). */
function pointsOf(seed: number): number[][] {
  const random = mulberry32(seed);
  return Array.from(
    { length: 8 },
    () => [6 * random() - 3, 0.01 + 0.99 * random(), 6 * random() - 3],
  );
}

/** The partials of the right side: those of the loss by θ, and any by another symbol. */
function partialsOf(
  tree: Json,
  theta: string,
  into = { own: 0, other: [] as string[], loss: "E" },
) {
  if (!Array.isArray(tree)) return into;
  if (tree[0] === "Partial" && typeof tree[1] === "string" && LOSS.test(tree[1])) {
    into.loss = tree[1];
    if (tree[2] === theta) into.own++;
    else into.other.push(`∂${tree[1]}/∂${String(tree[2])}`);
    return into;
  }
  for (const t of tree.slice(1)) partialsOf(t as Json, theta, into);
  return into;
}

/** The right side's value at θ, α and g = ∂E/∂θ (a partial by another symbol is 5g + 1). */
function formAt(tree: Json, theta: string, rate: string | null, [t, a, g]: number[]): number {
  const values = new Map([[theta, { v: t, d: 0 }]]);
  if (rate) values.set(rate, { v: a, d: 0 });
  const partial = (_of: string, by: string) => ({ v: by === theta ? g : 5 * g + 1, d: 0 });
  return evaluate(tree, { values, functions: new Map(), partial }).v;
}

/** Reads `θ = θ − α ∂E/∂θ` as one step of gradient descent and judges its form. */
export function readUpdate(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const theta = readSide(sides[0]).tree;
  const right = readSide(sides[1]).tree;
  if (typeof theta !== "string" || !/^[A-Za-z\\]/.test(theta)) return null;
  const parts = partialsOf(right, theta);
  if (parts.own + parts.other.length !== 1) return null;
  const free = [...freeSymbols(right, new Map())].filter((s) => !s.startsWith("∂"));
  const rates = free.filter((s) => RATE.test(s));
  if (!free.includes(theta) || rates.length > 1) return null;
  if (free.some((s) => s !== theta && !RATE.test(s) && !LOSS.test(s))) return null;
  const rate = rates[0] ?? null;
  const POINTS = pointsOf(step.seed);
  const stated = POINTS.map((p) => formAt(right, theta, rate, p));
  const same = (f: (p: number[]) => number) =>
    POINTS.every((p, k) => Math.abs(f(p) - stated[k]) <= 1e-9 * Math.max(1, Math.abs(stated[k])));
  const correct = (p: number[]) => descentStep(p[0], p[2], { learningRate: p[1] });
  const ok = parts.other.length === 0 && rate !== null && same(correct);
  const mistakes = ok ? [] : mistakesOf(descentStep)
    .filter((m) =>
      parts.other.length === 0 &&
      same((p) => Number(m.variant(p[0], p[2], { learningRate: p[1] })))
    )
    .map((m) => matchOf("descentStep", m));
  const named = mistakes.map((m) => `${m.name} (descentStep)`).join("; or ");
  const form = `${theta} ← ${theta} − ${rate ?? "α"} ∂${parts.loss}/∂${theta}`;
  return {
    verdict: ok ? "agrees" : "disagrees",
    kind: ok ? null : "error",
    reason: ok
      ? `read as one gradient-descent update of ${theta}: the library's form ${form} (descentStep)`
      : `read as one gradient-descent update of ${theta}: the library's form is ${form}, ${
        parts.other.length
          ? `but the step uses ${parts.other[0]}, a partial by another symbol`
          : `and the step's right side differs from it at ${theta} = ${POINTS[0][0]}, rate ${
            POINTS[0][1]
          }, ∂${parts.loss}/∂${theta} = ${POINTS[0][2]}`
      }; ${named || "no known mistake reproduces it"}`,
    readAs: `one gradient-descent update of ${theta} (= as assignment)`,
    evidence: [
      `${theta} on both sides`,
      `a partial derivative of the loss${rate ? ` times the learning rate ${rate}` : ""}`,
    ],
    assumptions: [`= is an assignment: the new ${theta} on the left, the old on the right`],
    reproducedBy: named || null,
    mistakes,
    alternatives: [],
    correct: form,
    counterexample: null,
    seed: step.seed,
    // a formula in the sheet's symbols, not a call a claims sheet can run
    draft: null,
    topic: "gradient descent",
    chapter: "descent",
  };
}
