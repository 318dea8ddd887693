/**
 * Evaluating a parsed side of an equation (MathJSON from the Compute Engine) to a number or a
 * matrix, or writing it as a JavaScript expression for a drafted claims sheet. Both walk the
 * same tree through one interpreter over an {@linkcode Algebra}, so the draft says exactly
 * what the scanner computed.
 *
 * The interpreter knows the arithmetic of a solution sheet and nothing else: numbers, the
 * operators, `e`, π, exp, ln, log (with its base, or the reading chosen for a bare `\log`),
 * roots, absolute values, finite sums and products with numeric bounds, and matrices
 * (matrix + matrix, scalar × matrix, transpose, and `A ⊗ B` between two matrices of one
 * shape read as the sum of elementwise products, as a convolution output entry is written).
 * Anything else is refused with a sentence saying what; nothing is ever executed.
 *
 * @module
 */

/** A MathJSON expression as the Compute Engine prints it. */
export type Json = number | string | { num: string } | Json[];

/** How a bare `\log` is read. */
export type LogReading = "ln" | "log2" | "log10";

/** The base of each reading and its name in words. */
export const READINGS: Record<LogReading, { base: number; words: string }> = {
  ln: { base: Math.E, words: "natural logarithm" },
  log2: { base: 2, words: "logarithm base 2" },
  log10: { base: 10, words: "logarithm base 10" },
};

/** The symbol the scanner writes as the base of a bare `\log` before parsing. */
export const BARE_LOG = "nnbare";

/** Raised for what the interpreter cannot evaluate; the message is the skip reason. */
export class Refusal extends Error {
  /** @param kind The category counted in the summary. @param message Why. */
  constructor(readonly kind: "unsupported" | "not a number" | "limit", message: string) {
    super(message);
  }
}

/** The operations an interpretation needs: numbers, or strings of JavaScript. */
export interface Algebra<T> {
  num(value: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  pow(a: T, b: T): T;
  neg(a: T): T;
  call(name: FunctionName, a: T): T;
  /** `max(a, b)` or `min(a, b)`. */
  pick(name: "max" | "min", a: T, b: T): T;
}

/** The functions of one number the interpreter applies (the library's, by their names). */
export type FunctionName =
  | "exp"
  | "ln"
  | "log2"
  | "log10"
  | "sqrt"
  | "abs"
  | "floor"
  | "ceil"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "sigmoidPrime"
  | "tanhPrime"
  | "reluPrime";

/**
 * Names a sheet writes for the library's activations, as the parser reads them
 * (`\sigma(x)`, `\text{ReLU}(x)`, `\operatorname{sigmoid}(x)`), unless the sheet defines
 * them itself (its own definitions are applied before the tree is read).
 */
export const ACTIVATIONS: Record<string, "sigmoid" | "tanh" | "relu"> = {
  sigma: "sigmoid",
  sigmoid: "sigmoid",
  "'sigmoid'": "sigmoid",
  "'sigma'": "sigmoid",
  ReLU: "relu",
  relu: "relu",
  Relu: "relu",
  "'ReLU'": "relu",
  "'relu'": "relu",
  tanh: "tanh",
  "'tanh'": "tanh",
};

/** A value: a scalar or a matrix (rows of scalars). */
export type Value<T> = { scalar: T } | { matrix: T[][] };

/** Constants by their MathJSON names (`e` is Euler's number, as every sheet writes it). */
const CONSTANTS: Record<string, number> = { ExponentialE: Math.E, e: Math.E, Pi: Math.PI };

/** Symbols the interpreter knows by name (constants and the bare-log marker). */
export function isKnownSymbol(name: string): boolean {
  return name in CONSTANTS || name === BARE_LOG || name in ACTIVATIONS;
}

/** The free symbols of an expression: names that are not constants or bound sum indices. */
export function freeSymbols(json: Json, bound: Set<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const walk = (j: Json, b: Set<string>) => {
    if (typeof j === "string") {
      if (!j.startsWith("'") && !isKnownSymbol(j) && !b.has(j)) out.add(j);
      return;
    }
    if (!Array.isArray(j) || j.length === 0) return;
    const [head, ...args] = j;
    if ((head === "Sum" || head === "Product") && Array.isArray(args[1])) {
      const limits = args[1] as Json[];
      const inner = new Set(b);
      if (typeof limits[1] === "string") inner.add(limits[1]);
      walk(args[0], inner);
      for (const l of limits.slice(2)) walk(l, b);
      return;
    }
    if (head === "Error" || head === "ErrorCode" || head === "LatexString") return;
    for (const a of args) walk(a, b);
  };
  walk(json, bound);
  return out;
}

/** Whether an expression contains prose (`\text{…}`, a string). */
export function hasWords(json: Json): boolean {
  if (typeof json === "string") return json.startsWith("'");
  if (!Array.isArray(json)) return false;
  if (json[0] === "Text") return true;
  if (json[0] === "Matrix") return hasWords(json[1]);
  return json.slice(1).some(hasWords);
}

/** The first parse error in an expression, as a sentence, or null. */
export function parseError(json: Json): string | null {
  if (!Array.isArray(json)) return null;
  if (json[0] === "Error") {
    const code = json[1];
    const where = json[2];
    const codeText = Array.isArray(code) ? String(code[1]) : String(code);
    const name = codeText.replace(/^'|'$/g, "");
    const near = Array.isArray(where) && where[0] === "LatexString"
      ? String(where[1]).replace(/^'|'$/g, "")
      : typeof where === "string"
      ? where
      : "";
    const words: Record<string, string> = {
      "unexpected-command": `unknown macro ${near}`,
      "expected-closing-delimiter": `a delimiter opened in "${near}" is never closed`,
      "unexpected-closing-delimiter": `"${near}" closes nothing`,
      "missing": "an operand is missing",
      "unexpected-token": `unexpected "${near}"`,
    };
    return words[name] ?? `cannot parse${near ? ` "${near}"` : ""} (${name})`;
  }
  for (const a of json.slice(1)) {
    const e = parseError(a);
    if (e) return e;
  }
  return null;
}

/** Whether an expression contains a bare `\log` (one whose base the sheet did not write). */
export function hasBareLog(json: Json): boolean {
  if (!Array.isArray(json)) return false;
  if (json[0] === "Log" && json[2] === BARE_LOG) return true;
  return json.slice(1).some(hasBareLog);
}

/** The largest sum or product the interpreter expands (terms). */
export const MAX_TERMS = 10_000;

/** The most operations one step may cost (nested sums multiply their terms). */
export const MAX_OPERATIONS = 1_000_000;

let operations = 0;

/** Starts a new step's operation budget ({@linkcode MAX_OPERATIONS}). */
export function resetBudget(): void {
  operations = 0;
}

/**
 * Interprets an expression in an algebra, under a reading of bare `\log`.
 *
 * @throws {Refusal} For an operation outside the sheet arithmetic or a shape mismatch.
 */
export function interpret<T>(
  json: Json,
  alg: Algebra<T>,
  reading: LogReading,
  bound: ReadonlyMap<string, number> = new Map(),
): Value<T> {
  const s = (x: T): Value<T> => ({ scalar: x });
  const scalar = (v: Value<T>, what: string): T => {
    if ("scalar" in v) return v.scalar;
    throw new Refusal("unsupported", `${what} of a matrix is not sheet arithmetic`);
  };
  const go = (j: Json): Value<T> => interpret(j, alg, reading, bound);
  if (++operations > MAX_OPERATIONS) {
    throw new Refusal(
      "limit",
      `more than ${MAX_OPERATIONS} operations in one step (MAX_OPERATIONS)`,
    );
  }
  if (typeof json === "number") return s(alg.num(json));
  if (typeof json === "string") {
    if (bound.has(json)) return s(alg.num(bound.get(json)!));
    if (json in CONSTANTS) {
      return s(json === "Pi" ? alg.num(Math.PI) : alg.call("exp", alg.num(1)));
    }
    throw new Refusal("unsupported", `the symbol ${json} has no value`);
  }
  if (!Array.isArray(json)) {
    const n = Number(json.num);
    if (!Number.isFinite(n)) {
      throw new Refusal("not a number", `the number ${json.num} is not finite in float64`);
    }
    return s(alg.num(n));
  }
  const [head, ...args] = json;
  switch (head) {
    case "Delimiter":
      return go(args[0]);
    case "Rational":
      return s(alg.div(scalar(go(args[0]), "a fraction"), scalar(go(args[1]), "a fraction")));
    case "Add":
      return args.map(go).reduce((a, b) => elementwise(a, b, alg.add, "add"));
    case "Subtract":
      return elementwise(go(args[0]), go(args[1]), alg.sub, "subtract");
    case "Negate": {
      const v = go(args[0]);
      return "scalar" in v ? s(alg.neg(v.scalar)) : { matrix: v.matrix.map((r) => r.map(alg.neg)) };
    }
    case "InvisibleOperator": {
      const applied = activation(args, go, alg);
      if (applied) return applied;
      return args.map(go).reduce((a, b) => times(a, b, alg));
    }
    case "Multiply":
      return args.map(go).reduce((a, b) => times(a, b, alg));
    case "Apply": {
      const f = args[0];
      const name =
        Array.isArray(f) && f[0] === "Derivative" && f[2] === 1 && typeof f[1] === "string"
          ? ACTIVATIONS[f[1]]
          : undefined;
      if (!Array.isArray(f) || f[0] !== "Derivative") {
        // `a_1(1 - a_1)` read as applying a_1: once a_1 has its value it is a product.
        return args.map(go).reduce((a, b) => times(a, b, alg));
      }
      if (!name || args.length !== 2) {
        throw new Refusal("unsupported", "applying a function the sheet does not define");
      }
      return s(alg.call(`${name}Prime`, scalar(go(args[1]), "a derivative")));
    }
    case "Tanh":
      return s(alg.call("tanh", scalar(go(args[0]), "tanh")));
    case "Floor":
      return s(alg.call("floor", scalar(go(args[0]), "a floor")));
    case "Ceil":
      return s(alg.call("ceil", scalar(go(args[0]), "a ceiling")));
    case "Max":
    case "Min": {
      if (args.length === 0) throw new Refusal("unsupported", `${head} of nothing`);
      const name = head === "Max" ? "max" : "min";
      return s(args.map((a) => scalar(go(a), name)).reduce((a, b) => alg.pick(name, a, b)));
    }
    case "Norm": {
      const v = go(args[0]);
      if ("scalar" in v) return s(alg.call("abs", v.scalar));
      const squares = v.matrix.flat().map((x) => alg.mul(x, x));
      return s(alg.call("sqrt", squares.reduce((a, b) => alg.add(a, b))));
    }
    case "Divide": {
      const a = go(args[0]);
      const b = scalar(go(args[1]), "division by a matrix");
      return "scalar" in a
        ? s(alg.div(a.scalar, b))
        : { matrix: a.matrix.map((r) => r.map((x) => alg.div(x, b))) };
    }
    case "Power": {
      const exponent = scalar(go(args[1]), "a power");
      if (args[0] === "ExponentialE" || args[0] === "e") return s(alg.call("exp", exponent));
      return s(alg.pow(scalar(go(args[0]), "a power"), exponent));
    }
    case "Exp":
      return s(alg.call("exp", scalar(go(args[0]), "exp")));
    case "Ln":
      return s(alg.call("ln", scalar(go(args[0]), "ln")));
    case "Log": {
      const x = scalar(go(args[0]), "a logarithm");
      const base = args[1];
      if (base === undefined) return s(alg.call("log10", x));
      if (base === BARE_LOG) return s(alg.call(reading, x));
      if (base === 2) return s(alg.call("log2", x));
      if (base === 10) return s(alg.call("log10", x));
      if (base === "ExponentialE" || base === "e") return s(alg.call("ln", x));
      return s(alg.div(alg.call("ln", x), alg.call("ln", scalar(go(base), "a logarithm"))));
    }
    case "Lb":
      return s(alg.call("log2", scalar(go(args[0]), "a logarithm")));
    case "Lg":
      return s(alg.call("log10", scalar(go(args[0]), "a logarithm")));
    case "Sqrt":
      return s(alg.call("sqrt", scalar(go(args[0]), "a square root")));
    case "Root":
      return s(
        alg.pow(
          scalar(go(args[0]), "a root"),
          alg.div(alg.num(1), scalar(go(args[1]), "a root")),
        ),
      );
    case "Abs":
      return s(alg.call("abs", scalar(go(args[0]), "an absolute value")));
    case "Sum":
    case "Product":
      return s(series(head, args, alg, reading, bound));
    case "Matrix":
      return { matrix: rows(args[0], go) };
    case "List":
      if (args.length > 0 && args.every((a) => Array.isArray(a) && a[0] === "List")) {
        return { matrix: rows(json, go) };
      }
      throw new Refusal("not a number", "a list of values, not a number or a matrix");
    case "Transpose": {
      const v = go(args[0]);
      if ("scalar" in v) return v;
      return { matrix: v.matrix[0].map((_, c) => v.matrix.map((r) => r[c])) };
    }
    case "CircleTimes":
      return s(frobenius(go(args[0]), go(args[1]), alg));
    case "Complex":
      throw new Refusal("not a number", "the value is a complex number");
    case "Less":
    case "LessEqual":
    case "Greater":
    case "GreaterEqual":
    case "NotEqual":
      throw new Refusal("unsupported", "an inequality, not a value");
    case "Error":
      throw new Refusal("unsupported", parseError(json) ?? "a parse error");
    default:
      throw new Refusal("unsupported", `the operation ${String(head)} is not sheet arithmetic`);
  }
}

function rows<T>(list: Json, go: (j: Json) => Value<T>): T[][] {
  if (!Array.isArray(list) || list[0] !== "List") {
    throw new Refusal("unsupported", "a matrix whose rows cannot be read");
  }
  const out = list.slice(1).map((row) => {
    if (!Array.isArray(row) || row[0] !== "List") {
      throw new Refusal("unsupported", "a matrix whose rows cannot be read");
    }
    return row.slice(1).map((x) => {
      const v = go(x);
      if ("scalar" in v) return v.scalar;
      throw new Refusal("unsupported", "a matrix of matrices");
    });
  });
  if (out.some((r) => r.length !== out[0].length)) {
    throw new Refusal("unsupported", "a matrix whose rows have different lengths");
  }
  return out;
}

function shape<T>(m: T[][]): string {
  return `${m.length} × ${m[0]?.length ?? 0}`;
}

function elementwise<T>(a: Value<T>, b: Value<T>, op: (x: T, y: T) => T, verb: string): Value<T> {
  if ("scalar" in a && "scalar" in b) return { scalar: op(a.scalar, b.scalar) };
  if ("matrix" in a && "matrix" in b) {
    if (a.matrix.length !== b.matrix.length || a.matrix[0]?.length !== b.matrix[0]?.length) {
      throw new Refusal(
        "unsupported",
        `cannot ${verb} a ${shape(a.matrix)} and a ${shape(b.matrix)} matrix`,
      );
    }
    return { matrix: a.matrix.map((r, i) => r.map((x, j) => op(x, b.matrix[i][j]))) };
  }
  throw new Refusal("unsupported", `cannot ${verb} a number and a matrix`);
}

function times<T>(a: Value<T>, b: Value<T>, alg: Algebra<T>): Value<T> {
  if ("scalar" in a && "scalar" in b) return { scalar: alg.mul(a.scalar, b.scalar) };
  if ("scalar" in a && "matrix" in b) {
    return { matrix: b.matrix.map((r) => r.map((x) => alg.mul(a.scalar, x))) };
  }
  if ("matrix" in a && "scalar" in b) {
    return { matrix: a.matrix.map((r) => r.map((x) => alg.mul(x, b.scalar))) };
  }
  throw new Refusal(
    "unsupported",
    "a product of two matrices is ambiguous in a sheet (matrix or elementwise product); write ⊗ for the sum of elementwise products",
  );
}

/** `A ⊗ B` for two matrices of one shape: the sum of their elementwise products. */
function frobenius<T>(a: Value<T>, b: Value<T>, alg: Algebra<T>): T {
  if (!("matrix" in a) || !("matrix" in b)) {
    throw new Refusal("unsupported", "⊗ is read only between two matrices of one shape");
  }
  if (a.matrix.length !== b.matrix.length || a.matrix[0]?.length !== b.matrix[0]?.length) {
    throw new Refusal(
      "unsupported",
      `⊗ of a ${shape(a.matrix)} and a ${shape(b.matrix)} matrix (read only between equal shapes)`,
    );
  }
  let total: T | null = null;
  for (let i = 0; i < a.matrix.length; i++) {
    for (let j = 0; j < a.matrix[i].length; j++) {
      const p = alg.mul(a.matrix[i][j], b.matrix[i][j]);
      total = total === null ? p : alg.add(total, p);
    }
  }
  return total ?? alg.num(0);
}

function series<T>(
  head: "Sum" | "Product",
  args: Json[],
  alg: Algebra<T>,
  reading: LogReading,
  bound: ReadonlyMap<string, number>,
): T {
  const limits = args[1];
  if (
    !Array.isArray(limits) || (limits[0] !== "Limits" && limits[0] !== "Tuple") ||
    typeof limits[1] !== "string" || limits.length < 4
  ) {
    throw new Refusal("unsupported", `a ${head.toLowerCase()} without numeric bounds`);
  }
  const bound1 = (j: Json) => {
    const v = interpret(j, NUMBERS, reading, bound);
    const n = "scalar" in v ? v.scalar : NaN;
    if (!Number.isInteger(n)) {
      throw new Refusal("unsupported", `a ${head.toLowerCase()} whose bounds are not integers`);
    }
    return n;
  };
  const lo = bound1(limits[2]);
  const hi = bound1(limits[3]);
  if (hi - lo + 1 > MAX_TERMS) {
    throw new Refusal(
      "limit",
      `a ${head.toLowerCase()} of more than ${MAX_TERMS} terms (MAX_TERMS)`,
    );
  }
  let acc: T | null = null;
  for (let i = lo; i <= hi; i++) {
    const inner = new Map(bound).set(limits[1], i);
    const v = interpret(args[0], alg, reading, inner);
    if (!("scalar" in v)) throw new Refusal("unsupported", "a sum of matrices");
    acc = acc === null
      ? v.scalar
      : head === "Sum"
      ? alg.add(acc, v.scalar)
      : alg.mul(acc, v.scalar);
  }
  return acc ?? alg.num(head === "Sum" ? 0 : 1);
}

/** `σ(x)`, `ReLU(x)`, `tanh(x)` written as a name before a bracket, or null. */
function activation<T>(args: Json[], go: (j: Json) => Value<T>, alg: Algebra<T>): Value<T> | null {
  if (args.length !== 2 || typeof args[0] !== "string") return null;
  const name = ACTIVATIONS[args[0]];
  const arg = args[1];
  if (!name || !Array.isArray(arg) || arg[0] !== "Delimiter") return null;
  const v = go(arg[1]);
  if ("scalar" in v) return { scalar: alg.call(name, v.scalar) };
  return { matrix: v.matrix.map((r) => r.map((x) => alg.call(name, x))) };
}

/** The float64 value of each function of one number. */
const FUNCTIONS: Record<FunctionName, (x: number) => number> = {
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  relu: (x) => Math.max(0, x),
  sigmoidPrime: (x) => {
    const y = 1 / (1 + Math.exp(-x));
    return y * (1 - y);
  },
  tanhPrime: (x) => 1 - Math.tanh(x) ** 2,
  reluPrime: (x) => (x > 0 ? 1 : 0),
};

/** Float64 arithmetic. */
export const NUMBERS: Algebra<number> = {
  num: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  neg: (a) => -a,
  call: (name, a) => FUNCTIONS[name](a),
  pick: (name, a, b) => (name === "max" ? Math.max(a, b) : Math.min(a, b)),
};

/** A JavaScript expression and the precedence of its outermost operator (4 = atom). */
export interface Js {
  text: string;
  prec: number;
}

const wrap = (x: Js, prec: number): string => (x.prec < prec ? `(${x.text})` : x.text);

/**
 * The longest JavaScript expression the draft writes for one side (characters). A finite sum
 * is expanded term by term in the draft, so a long sum is refused here, at its first term past
 * the limit, instead of filling memory.
 */
export const MAX_DRAFT_CHARS = 4_000;

function js(text: string, prec: number): Js {
  if (text.length > MAX_DRAFT_CHARS) {
    throw new Refusal(
      "limit",
      `the step written as a claim would exceed ${MAX_DRAFT_CHARS} characters (MAX_DRAFT_CHARS)`,
    );
  }
  return { text, prec };
}

/** JavaScript expression syntax, as the answer-sheet format writes a claim. */
export const JAVASCRIPT: Algebra<Js> = {
  num: (x) => js(String(x), x < 0 ? 1.5 : 4),
  add: (a, b) =>
    b.text.startsWith("-") && b.prec >= 1.5
      ? js(`${a.text} - ${b.text.slice(1)}`, 1)
      : js(`${a.text} + ${wrap(b, 1)}`, 1),
  sub: (a, b) => js(`${a.text} - ${wrap(b, 2)}`, 1),
  mul: (a, b) => js(`${wrap(a, 2)}*${wrap(b, 2.5)}`, 2),
  div: (a, b) => js(`${wrap(a, 2)}/${wrap(b, 2.5)}`, 2),
  pow: (a, b) => js(`${wrap(a, 4)}**${wrap(b, 4)}`, 3),
  neg: (a) => js(`-${wrap(a, 2.5)}`, 1.5),
  call: (name, a) => js(`${name}(${a.text})`, 4),
  pick: (name, a, b) => js(`${name}(${a.text}, ${b.text})`, 4),
};

/** A value in JavaScript syntax: an expression, or nested arrays of expressions. */
export function jsText(v: Value<Js>): string {
  if ("scalar" in v) return v.scalar.text;
  return `[${v.matrix.map((r) => `[${r.map((x) => x.text).join(", ")}]`).join(", ")}]`;
}

/** The float64 value of a function of one number (the interval algebra's end points). */
export function applyFunction(name: FunctionName, x: number): number {
  return FUNCTIONS[name](x);
}
