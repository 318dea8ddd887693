/**
 * Gradients of the course's two-layer sigmoid network, read from a sheet that names its
 * layers by tags (`w^c`, `b^c` for the first, `w^f`, `b^f` for the second, as the seed's
 * question 5 does) without writing the network's equations out: an input x, a first layer
 * `c = σ(w^c x + b^c)`, an output `o = σ(w^f c + b^f)` and the loss `E = (y − o)^2`.
 *
 * A step `∂E/∂w^f = …` (or a later side of a chain whose first side is `∂E/∂w^f`) is compared
 * with the library's `scalarNetBackprop` at random points; every factor `∂A/∂B` between the
 * network's quantities (`∂o/∂n^f`, `∂n^f/∂w^f`) is computed by forward-mode differentiation of
 * the network, so a chain-rule product of partials is checked too. When the formula differs,
 * the catalogue's variants of `scalarNetBackprop` name the mistake.
 *
 * The reading needs the sheet's own evidence: two layer tags in an order the prose shows, a
 * sigmoid, and a squared-error loss; without them it gives no reading.
 *
 * @module
 */
import { mistakesOf, scalarNetBackprop, sigmoid } from "../../../mod.ts";
import { type Dual, evaluate, freeSymbols, type Scope, Unreadable } from "./evaluate.ts";
import { compareFormulas } from "./formula.ts";
import { matchOf, type Meaning, type MeaningStep, reproducedText } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import type { Json } from "../interpret.ts";

type Params = { x: number; y: number; wc: number; bc: number; wf: number; bf: number };
const PARAM_KEYS = { w0: "wc", b0: "bc", w1: "wf", b1: "bf" } as const;

/** The node a sheet's name stands for: `w^c_i` → `w0`, `o_i` → `o`, `n^f` → `n1`. */
function nodeOf(name: string, tags: readonly string[]): string | null {
  const plain = name.replace(/_(?:i|\{i\}|0i|o_?i|o)$/, "").replace(/_i$/, "");
  const m = /^(w|b|n|z|net|a|delta)\^(.+)$/.exec(plain);
  if (m) {
    const layer = tags.indexOf(m[2]);
    if (layer < 0) return null;
    if (m[1] === "delta") return null;
    return `${m[1] === "z" || m[1] === "net" ? "n" : m[1]}${layer}`;
  }
  const lower = plain.length === 1 ? plain.toLowerCase() : plain;
  if (lower === "x" || lower === "y") return lower;
  if (lower === "o" || lower === "yhat" || lower === "out") return "a1";
  if (lower === tags[0] || lower === "h") return "a0";
  return null;
}

/** The network's quantities at a point, with the derivative along one of them. */
function forward(v: Params, seed: string | null): Map<string, Dual> {
  const nodes = new Map<string, Dual>();
  const put = (name: string, value: Dual) =>
    nodes.set(name, name === seed ? { v: value.v, d: 1 } : value);
  const get = (name: string) => nodes.get(name)!;
  const lin = (w: Dual, a: Dual, b: Dual): Dual => ({
    v: w.v * a.v + b.v,
    d: w.d * a.v + w.v * a.d + b.d,
  });
  const sig = (n: Dual): Dual => ({ v: sigmoid(n.v), d: sigmoid(n.v) * (1 - sigmoid(n.v)) * n.d });
  put("x", { v: v.x, d: 0 });
  put("y", { v: v.y, d: 0 });
  put("w0", { v: v.wc, d: 0 });
  put("b0", { v: v.bc, d: 0 });
  put("w1", { v: v.wf, d: 0 });
  put("b1", { v: v.bf, d: 0 });
  put("n0", lin(get("w0"), get("x"), get("b0")));
  put("a0", sig(get("n0")));
  put("n1", lin(get("w1"), get("a0"), get("b1")));
  put("a1", sig(get("n1")));
  const o = get("a1");
  put("E", { v: (v.y - o.v) ** 2, d: -2 * (v.y - o.v) * o.d });
  return nodes;
}

/** The two layer tags in the order the prose first names their weights (`w_i^c … w_i^f`). */
function layerTags(context: string): string[] {
  const tags: string[] = [];
  const re = /\bw(?:_\{?i\}?)?\^\{?\(?([A-Za-z0-9])\)?\}?/g;
  for (let m = re.exec(context); m; m = re.exec(context)) {
    if (!tags.includes(m[1])) tags.push(m[1]);
  }
  return tags;
}

/** The subject of the step: `∂E/∂P` for a parameter P of the network, from its left or head. */
function subjectOf(tree: Json, tags: readonly string[]): { param: string; name: string } | null {
  if (!Array.isArray(tree) || tree[0] !== "Partial" || !/^[ELJC]$/.test(String(tree[1]))) {
    return null;
  }
  const node = nodeOf(String(tree[2]), tags);
  return node && node in PARAM_KEYS ? { param: node, name: String(tree[2]) } : null;
}

/** Reads a step about the gradient of the two-layer network (null when it is not one). */
export function readNetworkStep(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const tags = layerTags(step.context);
  if (tags.length !== 2) return null;
  if (!/sigmoid|\\sigma|\\phi|\\varphi/i.test(step.context)) return null;
  if (!/\(\s*y[^()]*\)\s*\^\s*\{?2|squared error/i.test(step.context)) return null;
  const left = readSide(sides[0]);
  const right = readSide(sides[1]);
  let subject = subjectOf(left.tree, tags);
  let viaHead = false;
  if (!subject && step.head) {
    subject = subjectOf(readSide(step.head).tree, tags);
    viaHead = subject !== null;
  }
  if (!subject) return null;
  const symbols = [...freeSymbols(right.tree, step.functions)];
  if (symbols.length === 0) return null;
  const unknown = symbols.filter((s) =>
    s.startsWith("∂")
      ? !s.slice(1).split("/∂").every((p) => p === "E" || nodeOf(p, tags))
      : !nodeOf(s, tags)
  );
  if (unknown.length > 0) return null; // δ, or a name the network has no node for
  const key = PARAM_KEYS[subject.param as keyof typeof PARAM_KEYS];
  const scopeAt = (v: Params): Scope => {
    const nodes = forward(v, null);
    const values = new Map<string, Dual>();
    for (const s of symbols) {
      if (!s.startsWith("∂")) values.set(s, { v: nodes.get(nodeOf(s, tags)!)!.v, d: 0 });
    }
    return {
      values,
      functions: step.functions,
      partial: (of, by) => {
        const ofNode = of === "E" ? "E" : nodeOf(of, tags);
        const byNode = nodeOf(by, tags);
        if (!ofNode || !byNode) throw new Unreadable(`∂${of}/∂${by}`);
        return { v: forward(v, byNode).get(ofNode)!.d, d: 0 };
      },
    };
  };
  const params = (v: Record<string, number>): Params => v as Params;
  const call = (v: Params) =>
    scalarNetBackprop({ x: v.x, y: v.y }, { wc: v.wc, bc: v.bc, wf: v.wf, bf: v.bf });
  const variants = mistakesOf(scalarNetBackprop).map((m) => ({
    match: matchOf("scalarNetBackprop", m),
    value: (v: Record<string, number>) =>
      m.variant({ x: v.x, y: v.y }, { wc: v.wc, bc: v.bc, wf: v.wf, bf: v.bf }).gradients[key],
  }));
  const domains = { x: "real", y: "real", wc: "real", bc: "real", wf: "real", bf: "real" } as const;
  const what = `scalarNetBackprop({x, y}, {wc, bc, wf, bf}).gradients.${key}`;
  const found = compareFormulas(
    what,
    domains,
    (v) => evaluate(right.tree, scopeAt(params(v))).v,
    (v) => call(params(v)).gradients[key],
    variants,
    { seed: step.seed, runs: step.runs },
  );
  const [hidden, output] = tags;
  const named = reproducedText(found.mistakes);
  const subjectTex = `∂E/∂${subject.name.replace(/_i$/, "")}`;
  return {
    verdict: found.agrees ? "agrees" : "disagrees",
    kind: found.agrees ? null : "error",
    reason: found.agrees
      ? `${subjectTex} as written equals the library's gradient at every random point (${found.reason})`
      : `${found.reason}; ${
        named ? `${named} reproduces the stated formula` : "no known mistake reproduces it"
      }`,
    readAs: `${subjectTex} of the two-layer sigmoid network x → ${hidden} → ${output}${
      viaHead ? " (the chain's first side)" : ""
    }`,
    evidence: [
      `the prose names the weights in the order w^${hidden}, w^${output}`,
      "a sigmoid and a squared-error loss in the question's text",
      `symbols ${symbols.join(", ")}`,
    ],
    assumptions: [
      `one input x, a first layer ${hidden} = σ(w^${hidden} x + b^${hidden}), an output o = σ(w^${output} ${hidden} + b^${output}), E = (y − o)^2 for one output (the subscript i indexes a single path)`,
      ...(left.atSample.length + right.atSample.length > 0
        ? ["a name written with (x), such as o_i(x), is its value at the sample x"]
        : []),
      ...(/\\otimes/.test(step.tex)
        ? ["x ⊗ w is the product x w for one input and one weight"]
        : []),
    ],
    reproducedBy: named,
    mistakes: found.mistakes,
    alternatives: [],
    correct: found.computed,
    counterexample: found.counterexample,
    seed: found.seed,
    draft: null, // a formula: the draft lists it as a comment (its sheet form needs vars and where)
    topic: "backpropagation",
    chapter: "network",
  };
}
