/**
 * Derivatives of the sheet's own definitions: `\frac{\partial L}{\partial w} = …`, `f'(x) = …`,
 * `\frac{dE}{dy} = …`. The quantity differentiated must be one the sheet defines (a symbol
 * `L = (y − w x)^2`, a chain `E` from `o`, `o` from `z`, `z` from `w`, or a function
 * `L(w) = w^2 − 6w + 10`); its derivative is computed by forward-mode automatic
 * differentiation of those definitions and compared with the sheet's right side at random
 * points. A right side that is the derivative with its sign flipped, or off by a factor 2, is
 * said so (a reading, not a catalogue mistake).
 *
 * @module
 */
import { type Dual, evaluate, freeSymbols, type Scope } from "./evaluate.ts";
import { compareFormulas, type Domain, domainOf } from "./formula.ts";
import type { Meaning, MeaningStep } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import type { Json } from "../interpret.ts";

/** The leaf symbols under a tree, the sheet's definitions expanded. */
function leaves(tree: Json, step: MeaningStep, depth = 0): Set<string> {
  const out = new Set<string>();
  if (depth > 20) return out;
  for (const s of freeSymbols(tree, step.functions)) {
    const d = step.definitions.get(s);
    // data (a tuple, a matrix) is not a formula: the symbol stays a variable
    if (d === undefined || [...freeSymbols(d, step.functions)].some((x) => x.startsWith("("))) {
      out.add(s);
    } else for (const x of leaves(d, step, depth + 1)) out.add(x);
  }
  return out;
}

interface Subject {
  text: string;
  /** The value of the differentiated quantity at a scope. */
  of: (scope: Scope) => Dual;
  by: string;
  tree: Json;
}

/** The slope in `by` of a one-variable function the sheet defines, `\phi(x) = …`. */
function slopeOf(
  name: string,
  fn: { params: string[]; body: Json },
  by: string,
): Subject {
  return {
    text: `${name}'(${by})`,
    of: (s) =>
      evaluate(fn.body, {
        ...s,
        values: new Map([...s.values, [fn.params[0], s.values.get(by)!]]),
      }),
    by,
    tree: fn.body,
  };
}

/** What the left side differentiates: a defined symbol by a symbol, or a sheet function's slope. */
function subjectOf(tree: Json, step: MeaningStep): Subject | null {
  if (!Array.isArray(tree)) return null;
  if (tree[0] === "Partial" && typeof tree[1] === "string" && typeof tree[2] === "string") {
    const def = step.definitions.get(tree[1]);
    // `\frac{d\phi}{dx}` of a function the sheet defines, `\phi(x) = …`: its slope in x
    const fn = step.functions.get(tree[1].replace(/^\(\\?|\)$/g, ""));
    if (def === undefined && fn?.params.length === 1) {
      return slopeOf(tree[1].replace(/^\(\\?|\)$/g, ""), fn, tree[2]);
    }
    if (def === undefined) return null;
    return { text: `∂${tree[1]}/∂${tree[2]}`, of: (s) => evaluate(def, s), by: tree[2], tree: def };
  }
  const f = tree[1];
  if (
    tree[0] === "Apply" && Array.isArray(f) && f[0] === "Derivative" && typeof f[1] === "string" &&
    typeof tree[2] === "string"
  ) {
    const fn = step.functions.get(f[1]);
    if (!fn || fn.params.length !== 1) return null;
    return slopeOf(f[1], fn, tree[2]);
  }
  return null;
}

/** Reads a step that differentiates something the sheet defines (null otherwise). */
export function readDerivative(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  let subject = subjectOf(readSide(sides[0]).tree, step);
  if (!subject && step.head) subject = subjectOf(readSide(step.head).tree, step);
  if (!subject) return null;
  const right = readSide(sides[1]).tree;
  // A number on the right is the derivative's value at the sheet's own point, which the
  // arithmetic judges; random points would be a false alarm.
  if (leaves(right, step).size === 0) return null;
  const symbols = new Set([...leaves(subject.tree, step), ...leaves(right, step), subject.by]);
  const fnParam = [...step.functions.values()].find((f) => f.body === subject!.tree)?.params[0];
  if (fnParam && fnParam !== subject.by) symbols.delete(fnParam);
  // A quantity the sheet defined as a number does not vary with the variable: no formula here.
  if (fnParam === undefined && !leaves(subject.tree, step).has(subject.by)) return null;
  const list = [...symbols];
  if (list.some((s) => /^[∂(]/.test(s))) return null;
  const domains: Record<string, Domain> = Object.fromEntries(list.map((s) => [s, domainOf(s)]));
  const scope = (v: Record<string, number>, seeded: boolean): Scope => ({
    values: new Map(list.map((s) => [s, { v: v[s], d: seeded && s === subject!.by ? 1 : 0 }])),
    functions: step.functions,
    definitions: step.definitions,
  });
  const truth = (v: Record<string, number>) => subject!.of(scope(v, true)).d;
  const stated = (v: Record<string, number>) => evaluate(right, scope(v, false)).v;
  const readings = [
    { text: "the derivative with its sign flipped", f: (v: Record<string, number>) => -truth(v) },
    { text: "twice the derivative", f: (v: Record<string, number>) => 2 * truth(v) },
    {
      text: "half the derivative (a factor 2 dropped)",
      f: (v: Record<string, number>) => truth(v) / 2,
    },
  ];
  const found = compareFormulas(
    `derivative ${subject.text}`,
    domains,
    stated,
    truth,
    readings.map((r) => ({
      match: { function: "", id: r.text, name: r.text, why: "" },
      value: r.f,
    })),
    { seed: step.seed, runs: step.runs },
  );
  const reading = found.mistakes[0]?.name ?? null;
  return {
    verdict: found.agrees ? "agrees" : "disagrees",
    kind: found.agrees ? null : "error",
    reason: found.agrees
      ? `${subject.text}, differentiated from the sheet's own definitions, equals the right side at all ${step.runs} random points`
      : `${subject.text} differentiated from the sheet's own definitions ${
        found.reason.replace(
          /^the transcribed expression is not [^;]*;/,
          "differs from the right side;",
        )
      }; ${reading ? `the right side is ${reading}` : "no known mistake reproduces it"}`,
    readAs: `${subject.text} of the sheet's own definitions`,
    evidence: [
      `${subject.text} on the left`,
      `the definitions of ${
        [...step.definitions.keys()].filter((k) =>
          leaves(subject!.tree, step).size > 0 && JSON.stringify(subject!.tree).includes(`"${k}"`)
        ).join(", ") || "the function"
      }`,
    ],
    assumptions: [`the symbols range over ${list.map((s) => `${s} (${domains[s]})`).join(", ")}`],
    reproducedBy: reading,
    mistakes: [],
    alternatives: reading
      ? [{ reading, computed: "reproduces the right side at every point", reproduces: true }]
      : [],
    correct: found.computed,
    counterexample: found.counterexample,
    seed: found.seed,
    draft: null,
    topic: "derivative",
    chapter: "",
  };
}
