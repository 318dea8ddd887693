/**
 * Evaluating a read side at given values, with forward-mode automatic differentiation: every
 * value is a dual number (value, derivative along one chosen symbol), so a quantity the sheet
 * defines (E from o, o from n, n from w) is differentiated exactly, as the chain rule does.
 *
 * The functions a sheet writes without defining them mean the library's: σ (also `sigmoid`),
 * tanh, ReLU, exp, ln, max, min, floor, ceil, and their primes (`\sigma'(x)`). A function the
 * sheet defines (`L(w) = w^2 - 6w + 10`) is applied wherever it is called and differentiated
 * like the rest.
 *
 * @module
 */
import { relu, reluDerivative, sigmoid, sigmoidDerivative, tanhDerivative } from "../../../mod.ts";
import type { Json } from "../interpret.ts";

/** A dual number: a value and its derivative along one symbol. */
export interface Dual {
  v: number;
  d: number;
}

/** A function the sheet defines: its parameters and its body. */
export interface SheetFunction {
  params: string[];
  body: Json;
}

/** Why a tree cannot be evaluated (an unknown symbol, an operation outside the arithmetic). */
export class Unreadable extends Error {}

const c = (v: number): Dual => ({ v, d: 0 });

/** The library functions a sheet may call without defining them, with their slopes. */
const LIBRARY: Record<string, { f: (x: number) => number; df: (x: number) => number }> = {
  sigma: { f: sigmoid, df: sigmoidDerivative },
  sigmoid: { f: sigmoid, df: sigmoidDerivative },
  Tanh: { f: Math.tanh, df: tanhDerivative },
  tanh: { f: Math.tanh, df: tanhDerivative },
  ReLU: { f: relu, df: reluDerivative },
  relu: { f: relu, df: reluDerivative },
  Exp: { f: Math.exp, df: Math.exp },
  Ln: { f: Math.log, df: (x) => 1 / x },
};

/** Everything an evaluation needs: symbol values, the sheet's functions, its definitions. */
export interface Scope {
  values: ReadonlyMap<string, Dual>;
  functions: ReadonlyMap<string, SheetFunction>;
  /** Symbols the sheet defines by an expression, expanded when met. */
  definitions?: ReadonlyMap<string, Json>;
  /** ∂A/∂B placeholders: their value at this point, when a reader can give it. */
  partial?: (of: string, by: string) => Dual | null;
}

/** The name of a called function (`sigma`, `'ReLU'`, a sheet's `L`), or null. */
function functionName(json: Json, scope: Scope): string | null {
  if (typeof json !== "string") return null;
  const name = json.replace(/^'|'$/g, "");
  return scope.functions.has(name) || name in LIBRARY ? name : null;
}

/** Applies a function (library or sheet) to dual arguments. */
function apply(name: string, args: Dual[], scope: Scope, depth: number): Dual {
  const own = scope.functions.get(name);
  if (own) {
    if (own.params.length !== args.length) {
      throw new Unreadable(`${name} takes ${own.params.length}`);
    }
    const values = new Map(scope.values);
    own.params.forEach((p, i) => values.set(p, args[i]));
    return evaluate(own.body, { ...scope, values }, depth + 1);
  }
  const lib = LIBRARY[name];
  if (!lib || args.length !== 1) throw new Unreadable(`the function ${name}`);
  const x = args[0];
  return { v: lib.f(x.v), d: lib.df(x.v) * x.d };
}

/** The slope of a function at a point (for `\sigma'(x)`, `L'(w)`): no derivative of its own. */
function slope(name: string, x: Dual, scope: Scope, depth: number): Dual {
  if (x.d !== 0) throw new Unreadable("a derivative of a slope (second order)");
  if (scope.functions.has(name)) return c(apply(name, [{ v: x.v, d: 1 }], scope, depth).d);
  const lib = LIBRARY[name];
  if (!lib) throw new Unreadable(`the slope of ${name}`);
  return c(lib.df(x.v));
}

const mul = (a: Dual, b: Dual): Dual => ({ v: a.v * b.v, d: a.d * b.v + a.v * b.d });
const div = (a: Dual, b: Dual): Dual => ({
  v: a.v / b.v,
  d: (a.d * b.v - a.v * b.d) / (b.v * b.v),
});

function power(a: Dual, b: Dual): Dual {
  const v = a.v ** b.v;
  const da = a.d === 0 ? 0 : b.v * a.v ** (b.v - 1) * a.d;
  const db = b.d === 0 ? 0 : v * Math.log(a.v) * b.d;
  return { v, d: da + db };
}

/** Products written side by side: `σ(x)(1 − σ(x))` applies σ, then multiplies. */
function juxtaposed(args: Json[], scope: Scope, depth: number): Dual {
  let acc = c(1);
  for (let i = 0; i < args.length; i++) {
    const name = functionName(args[i], scope);
    const next = args[i + 1];
    if (name && Array.isArray(next) && next[0] === "Delimiter") {
      const inner = next[1];
      const list = Array.isArray(inner) && inner[0] === "Sequence" ? inner.slice(1) : [inner];
      acc = mul(acc, apply(name, list.map((a) => evaluate(a, scope, depth)), scope, depth));
      i++;
    } else if (
      name && Array.isArray(next) && next[0] === "Power" && Array.isArray(next[1]) &&
      next[1][0] === "Delimiter"
    ) {
      // σ(z)^2 is read by the parser as σ applied to (z)^2: it means (σ(z))^2
      const inner = apply(name, [evaluate(next[1][1], scope, depth)], scope, depth);
      acc = mul(acc, power(inner, evaluate(next[2], scope, depth)));
      i++;
    } else acc = mul(acc, evaluate(args[i], scope, depth));
  }
  return acc;
}

/**
 * Evaluates a tree at the scope's values.
 *
 * @throws {Unreadable} For an unknown symbol or an operation it does not evaluate.
 */
export function evaluate(json: Json, scope: Scope, depth = 0): Dual {
  if (depth > 40) throw new Unreadable("definitions nested too deep");
  const go = (j: Json) => evaluate(j, scope, depth);
  if (typeof json === "number") return c(json);
  if (typeof json === "string") {
    const known = scope.values.get(json);
    if (known) return known;
    if (json === "ExponentialE" || json === "e") return c(Math.E);
    if (json === "Pi") return c(Math.PI);
    const defined = scope.definitions?.get(json);
    if (defined !== undefined) return evaluate(defined, scope, depth + 1);
    throw new Unreadable(`the symbol ${json} has no value`);
  }
  if (!Array.isArray(json)) return c(Number(json.num));
  const [head, ...args] = json;
  switch (head) {
    case "Delimiter":
      return go(args[0]);
    case "Add":
      return args.map(go).reduce((a, b) => ({ v: a.v + b.v, d: a.d + b.d }));
    case "Subtract": {
      const [a, b] = [go(args[0]), go(args[1])];
      return { v: a.v - b.v, d: a.d - b.d };
    }
    case "Negate": {
      const a = go(args[0]);
      return { v: -a.v, d: -a.d };
    }
    case "Multiply":
    case "CircleTimes":
    case "InvisibleOperator":
      return juxtaposed(args, scope, depth);
    case "Divide":
    case "Rational":
      return div(go(args[0]), go(args[1]));
    case "Power":
      if (args[0] === "e" || args[0] === "ExponentialE") {
        return apply("Exp", [go(args[1])], scope, depth);
      }
      return power(go(args[0]), go(args[1]));
    case "Sqrt":
      return power(go(args[0]), c(0.5));
    case "Exp":
    case "Ln":
    case "Tanh":
      return apply(head, [go(args[0])], scope, depth);
    case "Log": {
      if (args[1] !== undefined && args[1] !== 10 && args[1] !== 2) {
        throw new Unreadable("log base");
      }
      const base = args[1] === 2 ? Math.LN2 : args[1] === 10 ? Math.LN10 : 1;
      const a = go(args[0]);
      return { v: Math.log(a.v) / base, d: a.d / a.v / base };
    }
    case "Floor":
    case "Ceil": {
      const a = go(args[0]);
      return c(head === "Floor" ? Math.floor(a.v + 1e-9) : Math.ceil(a.v - 1e-9));
    }
    case "Max":
    case "Min": {
      const all = args.map(go);
      return all.reduce((a, b) => (head === "Max" ? (b.v > a.v ? b : a) : (b.v < a.v ? b : a)));
    }
    case "Abs": {
      const a = go(args[0]);
      return a.v < 0 ? { v: -a.v, d: -a.d } : a;
    }
    case "Apply": {
      const f = args[0];
      if (Array.isArray(f) && f[0] === "Derivative" && f[2] === 1 && typeof f[1] === "string") {
        return slope(f[1].replace(/^'|'$/g, ""), go(args[1]), scope, depth);
      }
      throw new Unreadable("an application");
    }
    case "Partial": {
      const p = scope.partial?.(String(args[0]), String(args[1]));
      if (p) return p;
      throw new Unreadable(`∂${args[0]}/∂${args[1]}`);
    }
    default:
      throw new Unreadable(`the operation ${String(head)}`);
  }
}

/** The free symbols of a tree, the names of called functions excluded. */
export function freeSymbols(
  json: Json,
  functions: ReadonlyMap<string, SheetFunction>,
): Set<string> {
  const out = new Set<string>();
  const scope: Scope = { values: new Map(), functions };
  const walk = (j: Json) => {
    if (typeof j === "string") {
      if (!functionName(j, scope) && !["e", "ExponentialE", "Pi"].includes(j) && !/^'/.test(j)) {
        out.add(j);
      }
      return;
    }
    if (!Array.isArray(j)) return;
    const [head, ...args] = j;
    if (head === "Partial") out.add(`∂${args[0]}/∂${args[1]}`);
    else if (head === "Apply") args.slice(1).forEach(walk);
    else if (["Sum", "Product", "Error", "Sequence", "List", "Matrix"].includes(String(head))) {
      out.add(`(${String(head)})`);
    } else args.forEach(walk);
  };
  walk(json);
  return out;
}
