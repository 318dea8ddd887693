/**
 * The expression language of answer sheets: JavaScript expression syntax, parsed by jsep
 * and evaluated over its syntax tree (never by `eval` or `import`), so a sheet is data.
 *
 * What an expression may hold: numbers, strings, `true`/`false`, arrays, objects with
 * unquoted keys, `+ - * /`, `^` and `**` for powers (right-associative and binding tighter
 * than a unary minus, so `-2^2 = -4`), parentheses, member access and indexing of values
 * (`.shape`, `[0]`, `.length`, a Tensor's `.toArray()`), calls of nnspec's exported
 * functions and of the elementary functions of {@linkcode ELEMENTARY}, the constants `pi`
 * and `e`, and names bound by the sheet (`where:` definitions, formula variables).
 * Arithmetic is elementwise on arrays and tensors of one shape, and broadcasts a scalar.
 *
 * Every library call made while evaluating is recorded ({@linkcode CallSite}), so the
 * diagnosis can evaluate the same expression again with one call replaced by a mistake's
 * variant. An object literal passed to a library function is watched: a key the function
 * never reads is an unknown option (`output_padding`), reported with the closest key it did
 * read (`did you mean outputPadding?`).
 *
 * @module
 */
import * as nnspec from "../mod.ts";
import jsep, { type Expression } from "./_jsep.ts";

/** An error in a sheet's expression: a sentence saying what is wrong (the line is added by the sheet). */
export class SheetError extends Error {
  /** Creates the error with its message. */
  constructor(message: string) {
    super(message);
    this.name = "SheetError";
  }
}

/** A parsed expression (jsep's syntax tree, parentheses marked). */
export type Node = Expression & { parenthesized?: boolean };

type Fn = (...args: never[]) => unknown;

/** The elementary functions a sheet may call besides nnspec's exports. */
export const ELEMENTARY: Readonly<Record<string, Fn>> = {
  exp: (x: number) => Math.exp(x),
  ln: (x: number) => Math.log(x),
  log: (x: number) => Math.log(x),
  log2: (x: number) => Math.log2(x),
  log10: (x: number) => Math.log10(x),
  sqrt: (x: number) => Math.sqrt(x),
  abs: (x: number) => Math.abs(x),
  floor: (x: number) => Math.floor(x),
  ceil: (x: number) => Math.ceil(x),
  round: (x: number) => Math.round(x),
  sin: (x: number) => Math.sin(x),
  cos: (x: number) => Math.cos(x),
  min: (...xs: number[]) => Math.min(...xs),
  max: (...xs: number[]) => Math.max(...xs),
  sum: (xs: unknown) => flat(xs, "sum").reduce((a, b) => a + b, 0),
  mean: (xs: unknown) => {
    const values = flat(xs, "mean");
    return values.reduce((a, b) => a + b, 0) / values.length;
  },
  zeros: (shape: unknown) => new nnspec.Tensor(shapeArgument(shape, "zeros")),
  ones: (shape: unknown) => {
    const s = shapeArgument(shape, "ones");
    return new nnspec.Tensor(s, new Array(s.reduce((a, b) => a * b, 1)).fill(1));
  },
};

/** The constants a sheet may name. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** Functions of nnspec that are not for sheets (the mistake catalogue itself). */
const NOT_FOR_SHEETS = new Set(["commonMistakes", "mistakesOf", "allMistakes"]);

function isClass(value: unknown): boolean {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** nnspec's exported functions by name (classes excluded: a sheet constructs nothing). */
export const LIBRARY: Readonly<Record<string, Fn>> = Object.fromEntries(
  Object.entries(nnspec).filter(([name, value]) =>
    typeof value === "function" && !isClass(value) && !NOT_FOR_SHEETS.has(name)
  ),
) as Record<string, Fn>;

/** Every name a sheet may call. */
export function callableNames(): string[] {
  return [...Object.keys(LIBRARY), ...Object.keys(ELEMENTARY)];
}

function flat(value: unknown, fn: string): number[] {
  const v = plain(value);
  const out: number[] = [];
  const walk = (x: unknown) => {
    if (typeof x === "number") out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else throw new SheetError(`${fn}() takes numbers or arrays of numbers, got ${kindOf(x)}`);
  };
  walk(v);
  if (out.length === 0) throw new SheetError(`${fn}() of an empty array`);
  return out;
}

function shapeArgument(shape: unknown, fn: string): number[] {
  const s = plain(shape);
  if (
    !Array.isArray(s) || s.length === 0 ||
    !s.every((n) => Number.isInteger(n) && (n as number) > 0 && (n as number) <= 2 ** 24)
  ) {
    throw new SheetError(`${fn}() takes a shape such as [3, 21, 21], got ${describe(shape)}`);
  }
  if (s.reduce((a: number, b) => a * (b as number), 1) > 2 ** 24) {
    throw new SheetError(`${fn}(${describe(shape)}) has more than 2^24 entries`);
  }
  return s as number[];
}

/** A value as plain data: Tensors become nested arrays, typed arrays arrays. */
export function plain(value: unknown): unknown {
  if (value instanceof nnspec.Tensor) return value.toArray();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  return value;
}

/** What kind of value this is, in words: "a number", "a 3×3 array", "a Tensor of shape 6×9×9". */
export function kindOf(value: unknown): string {
  if (value instanceof nnspec.Tensor) return `a Tensor of shape ${value.shape.join("×")}`;
  if (typeof value === "number") return "a number";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "function") return "a function";
  if (value === null || value === undefined) return String(value);
  return "an object";
}

/** A short rendering of a value for messages. */
export function describe(value: unknown, limit = 80): string {
  const v = plain(value);
  let text: string;
  try {
    text = typeof v === "string"
      ? JSON.stringify(v)
      : JSON.stringify(v, (_k, x) => typeof x === "number" ? Number(x.toPrecision(6)) : x) ??
        String(v);
  } catch {
    text = kindOf(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The edit distance of two short strings (for "did you mean"). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest candidate to `name`, when one is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  const squash = (s: string) => s.replace(/[_\-\s]/g, "").toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = squash(c) === squash(name) ? 0 : editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** Parses an expression (Unicode minus, × and · are read as -, * and *). */
export function parseExpression(source: string): Node {
  const text = source.replaceAll("−", "-").replaceAll("×", "*").replaceAll("·", "*");
  if (text.trim() === "") throw new SheetError("the expression is empty");
  let node: Node;
  try {
    node = jsep(text) as Node;
  } catch (error) {
    throw new SheetError(`cannot parse "${source.trim()}": ${(error as Error).message}`);
  }
  if (node.type === "Compound") {
    throw new SheetError(
      `cannot parse "${source.trim()}": several expressions side by side (a missing operator or comma?)`,
    );
  }
  return fixPowers(node);
}

/**
 * jsep binds a unary minus tighter than any binary operator, so it reads `-2^2` as
 * (-2)^2; mathematics (and `**`'s intent) reads -(2^2). Rotate the minus out of the base
 * of each power whose base was not written in parentheses.
 */
function fixPowers(node: Node): Node {
  const n = node as unknown as Record<string, unknown>;
  for (const key of Object.keys(n)) {
    const child = n[key];
    if (Array.isArray(child)) {
      n[key] = child.map((c) => (c && typeof c === "object" && "type" in c ? fixPowers(c) : c));
    } else if (child && typeof child === "object" && "type" in (child as object)) {
      n[key] = fixPowers(child as Node);
    }
  }
  if (node.type === "BinaryExpression" && (node.operator === "^" || node.operator === "**")) {
    const left = node.left as Node;
    if (left.type === "UnaryExpression" && !left.parenthesized) {
      const power = fixPowers({ ...node, left: left.argument as Node } as Node);
      return { ...left, argument: power } as Node;
    }
  }
  return node;
}

/** One library call site in an expression, as met during an evaluation. */
export interface CallSite {
  /** The call's syntax node (the key by which a variant replaces it). */
  node: Node;
  /** The function's name as written, e.g. `binaryCrossEntropy`. */
  name: string;
  /** The library function. */
  fn: Fn;
}

/** How to evaluate: bound names, calls to replace, and where to record call sites. */
export interface Scope {
  /** Names bound by the sheet: `where:` definitions, formula variables. */
  names?: Record<string, unknown>;
  /** Call nodes whose function is replaced (by a mistake's variant). */
  replace?: Map<Node, Fn>;
  /** Receives each library call site met (each node once). */
  calls?: CallSite[];
  /** Whether to check option keys (off when re-evaluating with variants). */
  checkOptions?: boolean;
}

/** The identifiers an expression reads that are not functions or constants. */
export function freeNames(node: Node): Set<string> {
  const names = new Set<string>();
  const walk = (n: Node | null | undefined) => {
    if (!n) return;
    switch (n.type) {
      case "Identifier":
        if (!(n.name as string in CONSTANTS)) names.add(n.name as string);
        return;
      case "CallExpression":
        if ((n.callee as Node).type !== "Identifier") walk(n.callee as Node);
        (n.arguments as Node[]).forEach(walk);
        return;
      case "MemberExpression":
        walk(n.object as Node);
        if (n.computed) walk(n.property as Node);
        return;
      case "ObjectExpression":
        for (const p of n.properties as Node[]) {
          if (p.computed) walk(p.key as Node);
          walk(p.value as Node);
        }
        return;
      default:
        for (const [key, value] of Object.entries(n)) {
          if (key === "type") continue;
          if (Array.isArray(value)) value.forEach((v) => v && typeof v === "object" && walk(v));
          else if (value && typeof value === "object" && "type" in value) walk(value as Node);
        }
    }
  };
  walk(node);
  return names;
}

/** Option objects watched for unknown keys: what was read from each. */
interface Watched {
  keys: Set<string>;
  read: Set<string>;
  enumerated: boolean;
}

function watch(target: Record<string, unknown>, watched: Map<object, Watched>): object {
  const record: Watched = {
    keys: new Set(Object.keys(target)),
    read: new Set(),
    enumerated: false,
  };
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      record.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
  watched.set(proxy, record);
  return proxy;
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "^": (a, b) => a ** b,
  "**": (a, b) => a ** b,
};

/** Elementwise arithmetic on numbers and equal-shape nested arrays, a scalar broadcast. */
function arithmetic(op: string, a: unknown, b: unknown): unknown {
  const x = plain(a), y = plain(b);
  const f = ARITHMETIC[op];
  if (typeof x === "number" && typeof y === "number") return f(x, y);
  if (Array.isArray(x) && typeof y === "number") return x.map((v) => arithmetic(op, v, y));
  if (typeof x === "number" && Array.isArray(y)) return y.map((v) => arithmetic(op, x, v));
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) {
      throw new SheetError(
        `cannot apply ${op} to arrays of different lengths (${x.length} and ${y.length})`,
      );
    }
    return x.map((v, i) => arithmetic(op, v, y[i]));
  }
  throw new SheetError(`cannot apply ${op} to ${kindOf(a)} and ${kindOf(b)}`);
}

const TENSOR_MEMBERS = new Set(["shape", "size", "rank", "toArray"]);

function member(object: unknown, key: unknown, source: string): unknown {
  if (object instanceof nnspec.Tensor) {
    if (typeof key === "number") return member(plain(object), key, "the Tensor");
    if (typeof key === "string" && TENSOR_MEMBERS.has(key)) {
      const value = (object as unknown as Record<string, unknown>)[key];
      if (key === "shape") return [...(value as number[])];
      return typeof value === "function" ? (value as Fn).bind(object) : value;
    }
    throw new SheetError(
      `a Tensor has no member ${String(key)} a sheet can read (try shape, size, rank, toArray)`,
    );
  }
  if (Array.isArray(object) || (typeof object === "string")) {
    if (key === "length") return (object as unknown[]).length;
    if (typeof key === "number" && Number.isInteger(key)) {
      const index = key < 0 ? (object as unknown[]).length + key : key;
      if (index < 0 || index >= (object as unknown[]).length) {
        throw new SheetError(
          `index ${key} is outside ${source} (length ${(object as unknown[]).length})`,
        );
      }
      return (object as unknown[])[index];
    }
    throw new SheetError(`cannot index ${kindOf(object)} with ${describe(key)}`);
  }
  if (object !== null && typeof object === "object") {
    if (typeof key === "string" && Object.hasOwn(object, key)) {
      return (object as Record<string, unknown>)[key];
    }
    const keys = Object.keys(object);
    const near = typeof key === "string" ? closest(key, keys) : null;
    throw new SheetError(
      `${source} has no field ${String(key)}${
        near ? ` (did you mean ${near}?)` : keys.length ? ` (it has ${keys.join(", ")})` : ""
      }`,
    );
  }
  throw new SheetError(`cannot read ${String(key)} of ${kindOf(object)}`);
}

/** The source text of a node, for messages (an approximation: jsep keeps no positions). */
export function sourceOf(node: Node): string {
  switch (node.type) {
    case "Identifier":
      return node.name as string;
    case "Literal":
      return node.raw as string;
    case "MemberExpression":
      return node.computed
        ? `${sourceOf(node.object as Node)}[${sourceOf(node.property as Node)}]`
        : `${sourceOf(node.object as Node)}.${sourceOf(node.property as Node)}`;
    case "CallExpression":
      return `${sourceOf(node.callee as Node)}(…)`;
    default:
      return "the value";
  }
}

/**
 * Evaluates a parsed expression in a scope. Library errors propagate as they are (they
 * name the function); errors of the language itself are {@linkcode SheetError}s.
 */
export function evaluate(node: Node, scope: Scope = {}): unknown {
  const watched = new Map<object, Watched>();
  const seen = new Set<Node>();
  const names = scope.names ?? {};
  const checkOptions = scope.checkOptions ?? true;

  const value = (n: Node, watchObjects: boolean): unknown => {
    switch (n.type) {
      case "Literal":
        if (
          typeof n.value === "number" || typeof n.value === "string" || typeof n.value === "boolean"
        ) {
          return n.value;
        }
        throw new SheetError(`the literal ${n.raw} is not part of the sheet language`);
      case "Identifier": {
        const name = n.name as string;
        if (Object.hasOwn(names, name)) return names[name];
        if (Object.hasOwn(CONSTANTS, name)) return CONSTANTS[name];
        if (Object.hasOwn(LIBRARY, name) || Object.hasOwn(ELEMENTARY, name)) {
          throw new SheetError(`${name} is a function: call it, e.g. ${name}(…)`);
        }
        const near = closest(name, [...Object.keys(names), ...Object.keys(CONSTANTS)]);
        throw new SheetError(`unknown name ${name}${near ? ` (did you mean ${near}?)` : ""}`);
      }
      case "ArrayExpression":
        return (n.elements as (Node | null)[]).map((e) => {
          if (e === null) throw new SheetError("an array has an empty slot");
          return value(e, watchObjects);
        });
      case "ObjectExpression": {
        const out: Record<string, unknown> = {};
        for (const p of n.properties as Node[]) {
          if (p.type !== "Property" || p.computed) {
            throw new SheetError("object keys must be plain names, e.g. {stride: 2}");
          }
          const key = p.key as Node;
          const name = key.type === "Identifier"
            ? key.name as string
            : key.type === "Literal"
            ? String(key.value)
            : null;
          if (name === null || name === "__proto__") {
            throw new SheetError("object keys must be plain names, e.g. {stride: 2}");
          }
          if (Object.hasOwn(out, name)) throw new SheetError(`the key ${name} is given twice`);
          out[name] = value(p.value as Node, watchObjects);
        }
        return watchObjects ? watch(out, watched) : out;
      }
      case "UnaryExpression": {
        const argument = value(n.argument as Node, watchObjects);
        if (n.operator === "-") return arithmetic("*", -1, argument);
        if (n.operator === "+") return arithmetic("*", 1, argument);
        throw new SheetError(`the operator ${n.operator} is not part of the sheet language`);
      }
      case "BinaryExpression": {
        const op = n.operator as string;
        if (!(op in ARITHMETIC)) {
          throw new SheetError(`the operator ${op} is not part of the sheet language`);
        }
        return arithmetic(
          op,
          value(n.left as Node, watchObjects),
          value(n.right as Node, watchObjects),
        );
      }
      case "MemberExpression": {
        const object = value(n.object as Node, watchObjects);
        const key = n.computed
          ? value(n.property as Node, watchObjects)
          : (n.property as Node).name;
        return member(object, key, sourceOf(n.object as Node));
      }
      case "CallExpression":
        return call(n);
      case "SequenceExpression":
        throw new SheetError("a comma outside a call or an array (one expression per claim)");
      default:
        throw new SheetError(
          `${
            n.type.replace(/Expression$/, "").toLowerCase()
          } expressions are not part of the sheet language`,
        );
    }
  };

  const call = (n: Node): unknown => {
    const callee = n.callee as Node;
    if (callee.type === "MemberExpression") {
      const target = value(callee.object as Node, false);
      const fn = member(target, (callee.property as Node).name, sourceOf(callee.object as Node));
      if (typeof fn !== "function") throw new SheetError(`${sourceOf(callee)} is not a function`);
      return (fn as Fn)(...((n.arguments as Node[]).map((a) => value(a, false)) as never[]));
    }
    if (callee.type !== "Identifier") throw new SheetError("only named functions can be called");
    const name = callee.name as string;
    const library = Object.hasOwn(LIBRARY, name) ? LIBRARY[name] : undefined;
    const elementary = Object.hasOwn(ELEMENTARY, name) ? ELEMENTARY[name] : undefined;
    if (!library && !elementary) {
      const near = closest(name, callableNames());
      throw new SheetError(
        `unknown function ${name}${
          near ? ` (did you mean ${near}?)` : ""
        }: a sheet calls nnspec's exports and ${Object.keys(ELEMENTARY).join(", ")}`,
      );
    }
    const args = (n.arguments as Node[]).map((a) =>
      value(a, library !== undefined && checkOptions)
    );
    if (elementary) {
      const result = elementary(...(args.map(plain) as never[]));
      return result;
    }
    if (!seen.has(n)) {
      seen.add(n);
      scope.calls?.push({ node: n, name, fn: library! });
    }
    const fn = scope.replace?.get(n) ?? library!;
    let result: unknown;
    try {
      result = fn(...(args as never[]));
    } catch (error) {
      // An unknown option explains a failure better than the missing one it hides:
      // {inputs: 160} is "unknown option inputs (did you mean inFeatures?)".
      if (checkOptions) { for (const arg of args) reportUnread(name, arg, watched); }
      throw error;
    }
    if (checkOptions) {
      for (const arg of args) reportUnread(name, arg, watched);
    }
    return result;
  };

  return value(node, false);
}

function reportUnread(name: string, arg: unknown, watched: Map<object, Watched>): void {
  if (Array.isArray(arg)) {
    for (const a of arg) reportUnread(name, a, watched);
    return;
  }
  if (arg === null || typeof arg !== "object") return;
  const record = watched.get(arg);
  if (!record) return;
  if (!record.enumerated) {
    for (const key of record.keys) {
      if (!record.read.has(key)) {
        const known = [...record.read].filter((k) => !record.keys.has(k));
        const near = closest(key, known);
        const hint = near
          ? ` (did you mean ${near}?)`
          : known.length
          ? ` (${name} reads ${known.join(", ")})`
          : "";
        throw new SheetError(`${name}: unknown option ${key}${hint}`);
      }
    }
  }
  for (const key of record.keys) {
    reportUnread(name, (arg as Record<string, unknown>)[key], watched);
  }
}
