/**
 * Specs for the documentation itself: issue 2 asks that every export carry a summary,
 * `@param`, `@returns`, `@throws` and a titled `@example` that asserts, and that every
 * library file open with a module comment holding its formula. `deno doc --lint mod.ts`
 * only checks that some JSDoc exists, so this file reads `deno doc --json` and checks the
 * parts one by one.
 *
 * ## Rules (what counts as a gap)
 *
 * Every symbol reachable from `mod.ts`:
 * - S. has a non-empty summary (the text before the first tag).
 *
 * Every exported function (each public overload signature counts; an implementation
 * signature is invisible to callers and is skipped):
 * - P. every parameter is named by a `@param` with non-empty text, and no `@param` names a
 *   parameter that does not exist (a stale tag). `@param options.field` refines `options`
 *   and is allowed. In an overload set, a `@param` on any overload covers that name in all
 *   of them, since `deno doc` and the site show the set together.
 * - R. a function whose return type is not `void`, `undefined` or `never` has `@returns`
 *   (on at least one overload of a set).
 * - T. a function that can throw has `@throws` (on at least one overload of a set). It can
 *   throw when its own source contains `throw new`, or when it calls (by name, `new X(` or
 *   `this.m(`) a lib/ function, constructor or method that can: `conv2d` throws through
 *   the argument checks of `_validate.ts`. The source is the implementation's text, from its
 *   declaration to its closing brace at the declaration's indentation. Calls made inside a
 *   returned closure count too (a documented throw is better than a missed one); the few
 *   false alarms are listed in {@link NEVER_THROWS} with the reason.
 * - F. its summary or tag text (examples aside) holds a LaTeX formula (a `$...$` span), unless
 *   listed in {@link FORMULA_FREE_EXPORTS} with the reason it has none.
 * - D. where the worked solution sheet (the seed document) has numbers for a function, its
 *   examples' code contains them: {@link DOCUMENT_NUMBERS} lists, per function, the strings
 *   taken from the document (0.8, 0.68997, 0.53539, the 3x3 map, 456, 550, 1600, ...).
 * - E. at least one `@example` with a non-empty title whose code calls an assertion
 *   (`assert*`, `ok(`, `equal(`, `strictEqual(`, `deepStrictEqual(`, `throws(`, `match(`,
 *   ... of `node:assert/strict`), line comments removed first so a commented-out call does
 *   not count. In an overload set, one such example anywhere in the set suffices.
 *
 * Every exported class:
 * - S, F and E on the class itself (one example shows how the class is used).
 * - Its constructor and each public method: S, P, R and T as for functions; an example per
 *   method is not required (the class example and the specs exercise them).
 * - Its getters and properties: S. Members marked `private`, `protected`, or named with `#`
 *   or a leading `_`, are not public and are skipped.
 *
 * Every exported interface, type alias and constant: S; each property and method of an
 * interface also has S (the fields are what a caller fills in or reads).
 *
 * Every `lib/*.ts` file that is not private (`_` prefix) is re-exported by `mod.ts` (or
 * nothing above would see it), and opens with a module comment (`@module`) whose text has
 * LaTeX (a `$...$` span), unless listed in {@link FORMULA_FREE_MODULES} with a reason.
 *
 * All gaps are collected and reported in one list, `symbol: what is missing`, so a single
 * failing assertion shows everything left to write.
 *
 * @module
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";

/** Library files with no formula to show, each with the reason. Empty today: every file has one. */
const FORMULA_FREE_MODULES: Readonly<Record<string, string>> = {};

/**
 * The document's own numbers, per function (rule D): each string must appear in the code of
 * that function's examples, where an assertion checks it. Taken from the seed document:
 * question 1 (x = (2, 1), w = (0.2, 0.3), b = 0.1, weighted sum 0.8, sigmoid 0.68997, loss
 * 0.53539), question 2 (M, K, the 3x3 map, its doubling and stacking), question 3 (21x21x3
 * input, 9x9x6, 4x4x6, 4x4x10, 160, parameters 456, 550 and 1600).
 */
const DOCUMENT_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  weightedSum: ["[2, 1]", "[0.2, 0.3]", "0.1", "0.8"],
  sigmoid: ["0.8", "0.68997"],
  neuron: ["[2, 1]", "[0.2, 0.3]", "0.1", "0.68997"],
  dense: ["0.2, 0.3", "0.1", "0.8"],
  binaryCrossEntropy: ["0.68997", "0.53539"],
  binaryCrossEntropyGradient: ["0.68997"],
  tensor: ["[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]"],
  conv2d: ["[0, 0], [1, 1]", "[1, 1, 1], [0, 1, 3], [0, 0, 1]", "[2, 2, 2], [0, 2, 6], [0, 0, 2]"],
  conv2dCell: ["[0, 0], [1, 1]", "3"],
  convOutputSize: ["21", "9", "4"],
  poolOutputSize: ["9", "4"],
  conv2dParameterCount: ["456", "550"],
  denseParameterCount: ["160", "1600"],
  flatten: ["160"],
  summary: ["21", "456", "550", "1600", "9×9×6", "4×4×10"],
};

/**
 * Callables the throw analysis of rule T flags but that cannot throw, each with the reason.
 * The analysis follows calls by name, so it cannot see that a call's arguments are already
 * valid; a listed callable that the analysis no longer flags is itself reported.
 */
const NEVER_THROWS: Readonly<Record<string, string>> = {
  "Tensor.prototype.clone()":
    "calls new Tensor(shape, data) with its own shape and data, which passed those checks",
};

/** The {@link NEVER_THROWS} entries consulted in this run, to report entries that match nothing. */
const neverThrowsSeen = new Set<string>();

/** Rule T's verdict for `label`, after {@link NEVER_THROWS}; also reports a stale entry. */
function throwVerdict(label: string, via: string | undefined, gaps: string[]): string | undefined {
  if (NEVER_THROWS[label] === undefined) return via;
  neverThrowsSeen.add(label);
  if (via === undefined) {
    gaps.push(`${label}: listed in NEVER_THROWS but no longer flagged (drop it)`);
  }
  return undefined;
}

/** Exported functions and classes with no formula to show (rule F), each with the reason. */
const FORMULA_FREE_EXPORTS: Readonly<Record<string, string>> = {
  tensor: "converts nested arrays into a tensor and checks them; it computes nothing",
  expectRank: "an argument check: converts, then compares the rank with the allowed ones",
  vector: "an argument check: expectRank with rank 1, returning the numbers",
};

// ---------------------------------------------------------------------------------------
// The subset of `deno doc --json` (format version 2) that the rules read.

interface JsDocTag {
  kind: string;
  name?: string;
  doc?: string;
}
interface JsDoc {
  doc?: string;
  tags?: JsDocTag[];
}
interface Location {
  filename: string;
  line: number;
  col: number;
  byteIndex: number;
}
interface TsType {
  kind: string;
  repr?: string;
  value?: unknown;
}
interface Param {
  kind: string;
  name?: string;
  left?: Param;
  arg?: Param;
}
interface FunctionDef {
  params: Param[];
  returnType?: TsType;
  hasBody?: boolean;
}
interface ClassMethod {
  name: string;
  kind: string;
  jsDoc?: JsDoc;
  accessibility?: string;
  isStatic?: boolean;
  functionDef: FunctionDef;
  location: Location;
}
interface ClassDef {
  constructors: (FunctionDef & { jsDoc?: JsDoc; accessibility?: string; location: Location })[];
  properties: { name: string; jsDoc?: JsDoc; accessibility?: string }[];
  methods: ClassMethod[];
}
interface InterfaceDef {
  properties: { name: string; jsDoc?: JsDoc }[];
  methods: { name: string; jsDoc?: JsDoc }[];
}
interface Declaration {
  kind: string;
  location: Location;
  jsDoc?: JsDoc;
  def: unknown;
}
interface DocSymbol {
  name: string;
  declarations: Declaration[];
}
interface DocNode {
  module_doc?: JsDoc;
  symbols: DocSymbol[];
}
interface DocJson {
  version: number;
  nodes: Record<string, DocNode>;
}

// ---------------------------------------------------------------------------------------
// The rules, as pure functions from doc JSON (and source text) to a list of gaps.

/**
 * Says why the function (or class member) declared at `location` can throw, e.g.
 * `conv2d → run → pair: throw new`, or undefined when it cannot. The rules receive it so
 * they stay pure; {@link throwOracle} builds the real one from lib/'s source.
 */
export type ThrowsVia = (location: Location) => string | undefined;

/** What {@link throwOracle} says when it finds no declaration at a location (always a gap). */
const NO_SOURCE = "no source found";

const ASSERTION =
  /(?<![\w.])(?:assert\w*|ok|equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notStrictEqual|notDeepStrictEqual|throws|rejects|doesNotThrow|doesNotReject|match|doesNotMatch|fail)\s*\(|\bassert\.\w+\s*\(/;

const tagsOf = (doc: JsDoc | undefined, kind: string): JsDocTag[] =>
  (doc?.tags ?? []).filter((t) => t.kind === kind);

const hasSummary = (doc: JsDoc | undefined): boolean => (doc?.doc ?? "").trim().length > 0;

/** A LaTeX span: `$$...$$` (may cross lines) or inline `$...$` (one line). */
const LATEX = /\$\$[^$]+\$\$|\$[^$\n]+\$/;

/** Whether the summary or a non-example tag of any of `docs` holds a LaTeX span. */
const hasFormula = (docs: (JsDoc | undefined)[]): boolean =>
  docs.some((d) =>
    LATEX.test(d?.doc ?? "") ||
    (d?.tags ?? []).some((t) => t.kind !== "example" && LATEX.test(t.doc ?? ""))
  );

/** Rule D: the document's numbers for `name` that its examples' code lacks. */
function documentNumberGaps(name: string, label: string, docs: (JsDoc | undefined)[]): string[] {
  const code = docs.flatMap((d) => tagsOf(d, "example")).map((e) => splitExample(e.doc ?? "").code)
    .join("\n");
  return (DOCUMENT_NUMBERS[name] ?? []).filter((n) => !code.includes(n)).map((n) =>
    `${label}: no example uses the document's \`${n}\``
  );
}

function formulaGaps(name: string, label: string, docs: (JsDoc | undefined)[]): string[] {
  if (FORMULA_FREE_EXPORTS[name] !== undefined) return [];
  return hasFormula(docs) ? [] : [`${label}: no LaTeX formula`];
}

/** The name a parameter is documented under, or undefined for a destructuring pattern. */
function paramName(p: Param): string | undefined {
  if (p.kind === "identifier") return p.name;
  if (p.kind === "assign" && p.left) return paramName(p.left);
  if (p.kind === "rest" && p.arg) return paramName(p.arg);
  return undefined;
}

/** Splits an example tag into its title (text before the first fence) and its code. */
export function splitExample(doc: string): { title: string; code: string } {
  const fence = doc.indexOf("```");
  if (fence < 0) return { title: "", code: doc };
  const title = doc.slice(0, fence).trim();
  const code = [...doc.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
  return { title, code };
}

/** Whether an example has a title and code that asserts (line comments removed first). */
export function exampleAsserts(doc: string): boolean {
  const { title, code } = splitExample(doc);
  const withoutComments = code.replace(/(^|[^:])\/\/.*$/gm, "$1");
  return title.length > 0 && ASSERTION.test(withoutComments);
}

function returnsValue(def: FunctionDef): boolean {
  const t = def.returnType;
  if (!t) return true; // no declared return type: assume it returns something
  return !(t.kind === "keyword" && ["void", "undefined", "never"].includes(String(t.value)));
}

/**
 * The text of a declaration starting at `index` with the given indentation: up to its
 * closing brace at that indentation, or up to the next line at that indentation that
 * starts a new statement or comment (an overload signature, a one-line function).
 */
export function declarationSource(text: string, index: number, indent: number): string {
  const rest = text.slice(index);
  const pad = " ".repeat(indent);
  const close = rest.indexOf(`\n${pad}}`);
  const next = rest.slice(1).search(new RegExp(`\\n${pad}[A-Za-z/@]`)) + 1;
  const ends = [close > 0 ? close + 2 + pad.length : -1, next].filter((i) => i > 0);
  return ends.length === 0 ? rest : rest.slice(0, Math.min(...ends));
}

/** A function or class member of one lib file, with what its body calls. */
export interface Callable {
  /** `name` for a function, `Class` for a constructor, `Class.method` for a method. */
  key: string;
  /** The 0-based line of the declaration, as `deno doc` reports it. */
  line: number;
  /** Whether the declaration has `export` (a constructor: whether its class has). */
  exported: boolean;
  /** Whether its own text contains `throw new`. */
  direct: boolean;
  /** Keys it may call: plain calls and `new X(` by name, `this.m(` as `Class.m`. */
  calls: string[];
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split("\n").length - 1;

function callsIn(body: string, className?: string): string[] {
  const code = body.replace(/(^|[^:])\/\/.*$/gm, "$1");
  const plain = [...code.matchAll(/(?<![\w.$])([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]);
  const own = className
    ? [...code.matchAll(/\bthis\.(\w+)\s*\(/g)].map((m) => `${className}.${m[1]}`)
    : [];
  return [...new Set([...plain, ...own])];
}

/** The functions, constructors and methods declared at the top level of one file. */
export function callables(text: string): Callable[] {
  const out: Callable[] = [];
  for (const m of text.matchAll(/^(export\s+)?function\s+(\w+)/gm)) {
    const body = declarationSource(text, m.index, 0);
    out.push({
      key: m[2],
      line: lineOf(text, m.index),
      exported: m[1] !== undefined,
      direct: /\bthrow new\b/.test(body),
      calls: callsIn(body),
    });
  }
  for (const c of text.matchAll(/^(export\s+)?class\s+(\w+)/gm)) {
    const classText = declarationSource(text, c.index, 0);
    for (const m of classText.matchAll(/^ {2}(?:static\s+)?(?:get\s+|set\s+)?(\w+)\s*\(/gm)) {
      const body = declarationSource(classText, m.index, 2);
      out.push({
        key: m[1] === "constructor" ? c[2] : `${c[2]}.${m[1]}`,
        line: lineOf(text, c.index + m.index),
        exported: c[1] !== undefined,
        direct: /\bthrow new\b/.test(body),
        calls: callsIn(body, c[2]),
      });
    }
  }
  return out;
}

/**
 * Builds a {@link ThrowsVia} over several files: a callable can throw when its own text
 * has `throw new`, or when it calls one that can. A call resolves to a callable of the
 * same file first, then to an exported one of any file (lib/ exports are unique, since
 * mod.ts re-exports them all). Calls of parameters (callbacks) resolve to nothing.
 */
export function throwOracle(files: ReadonlyMap<string, string>): ThrowsVia {
  const all = new Map<string, Callable[]>(); // "file#key" → declarations (overloads share)
  for (const [file, text] of files) {
    for (const c of callables(text)) {
      const id = `${file}#${c.key}`;
      all.set(id, [...(all.get(id) ?? []), c]);
    }
  }
  const exported = new Map<string, string>();
  for (const [id, cs] of all) {
    if (cs.some((c) => c.exported)) exported.set(id.slice(id.indexOf("#") + 1), id);
  }
  const resolve = (file: string, key: string): string | undefined =>
    all.has(`${file}#${key}`) ? `${file}#${key}` : exported.get(key);
  const why = new Map<string, string>();
  for (const [id, cs] of all) if (cs.some((c) => c.direct)) why.set(id, "throw new");
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, cs] of all) {
      if (why.has(id)) continue;
      const file = id.slice(0, id.indexOf("#"));
      for (const call of cs.flatMap((c) => c.calls)) {
        const callee = resolve(file, call);
        if (callee !== undefined && callee !== id && why.has(callee)) {
          const name = callee.slice(callee.indexOf("#") + 1);
          const rest = why.get(callee)!;
          why.set(id, rest === "throw new" ? `${name}: throw new` : `${name} → ${rest}`);
          changed = true;
          break;
        }
      }
    }
  }
  return (location) => {
    for (const [id, cs] of all) {
      if (!id.startsWith(`${location.filename}#`)) continue;
      if (cs.some((c) => c.line === location.line)) {
        const reason = why.get(id);
        if (reason === undefined) return undefined;
        const key = id.slice(id.indexOf("#") + 1);
        return reason === "throw new" ? "throw new" : `${key} → ${reason}`;
      }
    }
    return `${NO_SOURCE} at ${location.filename}:${location.line}`;
  };
}

/**
 * Gaps of one callable (a function's overload set, a constructor or a method): each entry
 * is one signature with its JSDoc; `source` is the implementation's text.
 */
export function callableGaps(
  label: string,
  signatures: { def: FunctionDef; jsDoc?: JsDoc }[],
  throwsVia: string | undefined,
  needExample: boolean,
): string[] {
  const gaps: string[] = [];
  throwsVia = throwVerdict(label, throwsVia, gaps);
  const docs = signatures.map((s) => s.jsDoc);
  signatures.forEach((s, i) => {
    if (!hasSummary(s.jsDoc)) {
      gaps.push(`${label}: no summary${signatures.length > 1 ? ` (overload ${i + 1})` : ""}`);
    }
  });
  const paramTags = docs.flatMap((d) => tagsOf(d, "param"));
  const documented = new Set(paramTags.map((t) => (t.name ?? "").split(".")[0]));
  const names = new Set<string>();
  let patterns = 0;
  for (const s of signatures) {
    for (const p of s.def.params ?? []) {
      const name = paramName(p);
      if (name === undefined) patterns++;
      else names.add(name);
    }
  }
  for (const name of names) {
    if (!documented.has(name)) gaps.push(`${label}: no @param for \`${name}\``);
  }
  for (const t of paramTags) {
    const base = (t.name ?? "").split(".")[0];
    if (!names.has(base) && patterns === 0) {
      gaps.push(`${label}: @param \`${t.name}\` names no parameter`);
    } else if ((t.doc ?? "").trim() === "") {
      gaps.push(`${label}: @param \`${t.name}\` has no text`);
    }
  }
  if (patterns > 0 && paramTags.length < names.size + patterns) {
    gaps.push(`${label}: a destructured parameter has no @param`);
  }
  if (signatures.some((s) => returnsValue(s.def)) && !docs.some((d) => tagsOf(d, "return")[0])) {
    gaps.push(`${label}: no @returns`);
  }
  if (throwsVia?.startsWith(NO_SOURCE)) {
    gaps.push(`${label}: ${throwsVia}, so rule T cannot be checked`);
  } else if (throwsVia !== undefined && !docs.some((d) => tagsOf(d, "throws")[0])) {
    gaps.push(`${label}: can throw (${throwsVia}) but has no @throws`);
  }
  if (needExample) gaps.push(...exampleGaps(label, docs));
  return gaps;
}

function exampleGaps(label: string, docs: (JsDoc | undefined)[]): string[] {
  const examples = docs.flatMap((d) => tagsOf(d, "example"));
  if (examples.length === 0) return [`${label}: no @example`];
  if (!examples.some((e) => splitExample(e.doc ?? "").title !== "")) {
    return [`${label}: no @example has a title`];
  }
  if (!examples.some((e) => exampleAsserts(e.doc ?? ""))) {
    return [`${label}: no titled @example asserts anything`];
  }
  return [];
}

const isPublic = (m: { name: string; accessibility?: string }) =>
  m.accessibility !== "private" && m.accessibility !== "protected" &&
  !m.name.startsWith("#") && !m.name.startsWith("_");

/** Every gap of one exported symbol. */
export function symbolGaps(symbol: DocSymbol, throwsVia: ThrowsVia): string[] {
  const decls = symbol.declarations;
  const kind = decls[0].kind;
  const name = symbol.name;
  if (kind === "function") {
    // Overload signatures have no body; the implementation signature (with a body) is
    // public only when it is the sole declaration.
    const withBody = decls.filter((d) => (d.def as FunctionDef).hasBody);
    const visible = decls.length > 1 ? decls.filter((d) => !(d.def as FunctionDef).hasBody) : decls;
    const impl = withBody[0] ?? decls[0];
    return [
      ...callableGaps(
        `${name}()`,
        visible.map((d) => ({ def: d.def as FunctionDef, jsDoc: d.jsDoc })),
        throwsVia(impl.location),
        true,
      ),
      ...formulaGaps(name, `${name}()`, visible.map((d) => d.jsDoc)),
      ...documentNumberGaps(name, `${name}()`, visible.map((d) => d.jsDoc)),
    ];
  }
  if (kind === "class") {
    const d = decls[0];
    const def = d.def as ClassDef;
    const gaps: string[] = [];
    if (!hasSummary(d.jsDoc)) gaps.push(`${name}: no summary`);
    gaps.push(...formulaGaps(name, name, [d.jsDoc]));
    gaps.push(...exampleGaps(name, [d.jsDoc]));
    for (const c of (def.constructors ?? []).filter((c) => isPublic({ name: "", ...c }))) {
      gaps.push(
        ...callableGaps(
          `new ${name}()`,
          [{ def: { ...c, returnType: { kind: "keyword", value: "void" } }, jsDoc: c.jsDoc }],
          throwsVia(c.location),
          false,
        ),
      );
    }
    for (const m of (def.methods ?? []).filter(isPublic)) {
      const label = `${name}${m.isStatic ? "." : ".prototype."}${m.name}`;
      if (m.kind === "getter" || m.kind === "setter") {
        if (!hasSummary(m.jsDoc)) gaps.push(`${label}: no summary`);
        continue;
      }
      gaps.push(
        ...callableGaps(
          `${label}()`,
          [{ def: m.functionDef, jsDoc: m.jsDoc }],
          throwsVia(m.location),
          false,
        ),
      );
    }
    for (const p of (def.properties ?? []).filter(isPublic)) {
      if (!hasSummary(p.jsDoc)) gaps.push(`${name}.${p.name}: no summary`);
    }
    return gaps;
  }
  const gaps: string[] = [];
  if (!decls.some((d) => hasSummary(d.jsDoc))) gaps.push(`${name}: no summary`);
  if (kind === "interface") {
    const def = decls[0].def as InterfaceDef;
    for (const m of [...(def.properties ?? []), ...(def.methods ?? [])]) {
      if (!hasSummary(m.jsDoc)) gaps.push(`${name}.${m.name}: no summary`);
    }
  }
  return gaps;
}

/** Gaps of one library file's module comment. */
export function moduleGaps(file: string, node: DocNode | undefined): string[] {
  if (FORMULA_FREE_MODULES[file] !== undefined) {
    return node?.module_doc && tagsOf(node.module_doc, "module")[0]
      ? []
      : [`${file}: no @module comment`];
  }
  const doc = node?.module_doc;
  if (!doc || !tagsOf(doc, "module")[0]) return [`${file}: no @module comment`];
  if (!LATEX.test(doc.doc ?? "")) return [`${file}: module comment has no LaTeX formula`];
  return [];
}

// ---------------------------------------------------------------------------------------
// Running `deno doc` on the real library.

const root = new URL("../", import.meta.url);

async function denoDoc(files: string[]): Promise<DocJson> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", ...files],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  ok(code === 0, `deno doc --json failed:\n${decoder.decode(stderr)}`);
  return JSON.parse(decoder.decode(stdout));
}

async function libFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(new URL("lib/", root))) {
    if (e.isFile && e.name.endsWith(".ts")) files.push(`lib/${e.name}`);
  }
  return files.sort();
}

async function libSources(): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of await libFiles()) {
    const url = new URL(file, root);
    texts.set(url.href, await Deno.readTextFile(url));
  }
  return texts;
}

function report(gaps: string[]): string {
  return `${gaps.length} documentation gap(s):\n  ${gaps.join("\n  ")}`;
}

Deno.test("every export reachable from mod.ts has the docs issue 2 asks for", async () => {
  const json = await denoDoc(["mod.ts"]);
  const node = json.nodes[new URL("mod.ts", root).href];
  ok(node && node.symbols.length > 0, "deno doc found no exports in mod.ts");
  const throwsVia = throwOracle(await libSources());
  const gaps = node.symbols.flatMap((s) => symbolGaps(s, throwsVia));
  for (const label of Object.keys(NEVER_THROWS)) {
    if (!neverThrowsSeen.has(label)) gaps.push(`${label}: listed in NEVER_THROWS but not found`);
  }
  for (const name of Object.keys(DOCUMENT_NUMBERS)) {
    if (!node.symbols.some((s) => s.name === name)) {
      gaps.push(`${name}: listed in DOCUMENT_NUMBERS but not exported`);
    }
  }
  for (const name of Object.keys(FORMULA_FREE_EXPORTS)) {
    const symbol = node.symbols.find((s) => s.name === name);
    if (!symbol) gaps.push(`${name}: listed as formula-free but not exported`);
    else if (hasFormula(symbol.declarations.map((d) => d.jsDoc))) {
      gaps.push(`${name}: listed as formula-free but has a formula (drop it from the list)`);
    }
  }
  ok(gaps.length === 0, report(gaps));
});

Deno.test("every public lib file is re-exported and opens with a module comment with LaTeX", async () => {
  const files = (await libFiles()).filter((f) => !f.split("/").pop()!.startsWith("_"));
  const json = await denoDoc(["mod.ts", ...files]);
  const reachable = new Set(
    json.nodes[new URL("mod.ts", root).href].symbols.flatMap((s) =>
      s.declarations.map((d) => d.location.filename)
    ),
  );
  const gaps: string[] = [];
  for (const file of files) {
    const href = new URL(file, root).href;
    if (!reachable.has(href)) gaps.push(`${file}: nothing of it is re-exported by mod.ts`);
    gaps.push(...moduleGaps(file, json.nodes[href]));
  }
  for (const file of Object.keys(FORMULA_FREE_MODULES)) {
    if (!files.includes(file)) gaps.push(`${file}: listed as formula-free but does not exist`);
  }
  ok(gaps.length === 0, report(gaps));
});

// ---------------------------------------------------------------------------------------
// The rules can fail: a planted gap of each kind is reported.

const fakeLocation: Location = { filename: "file:///fake.ts", line: 0, col: 0, byteIndex: 0 };
const good = 'Titled\n```ts\nimport { ok } from "node:assert/strict";\nok(f(1) === 2);\n```';

Deno.test("the doc rules report each kind of planted gap, and nothing for a complete doc", () => {
  const fn = (jsDoc: JsDoc, source = "function f(x) {\n  return x;\n}"): string[] =>
    symbolGaps(
      {
        name: "f",
        declarations: [{
          kind: "function",
          location: fakeLocation,
          jsDoc,
          def: {
            params: [{ kind: "identifier", name: "x" }],
            returnType: { kind: "keyword", value: "number" },
            hasBody: true,
          },
        }],
      },
      throwOracle(new Map([[fakeLocation.filename, source]])),
    );
  const complete: JsDoc = {
    doc: "Doubles: $f(x) = 2x$.",
    tags: [
      { kind: "param", name: "x", doc: "Any finite number." },
      { kind: "return", doc: "Twice x." },
      { kind: "throws", doc: "If x is NaN." },
      { kind: "example", doc: good },
    ],
  };
  const without = (kind: string): JsDoc => ({
    ...complete,
    tags: complete.tags!.filter((t) => t.kind !== kind),
  });
  deepStrictEqual(fn(complete, "function f(x) {\n  throw new RangeError();\n}"), []);
  deepStrictEqual(fn({ ...complete, doc: "" }), ["f(): no summary", "f(): no LaTeX formula"]);
  deepStrictEqual(fn({ ...complete, doc: "Doubles." }), ["f(): no LaTeX formula"]);
  deepStrictEqual(fn(without("param")), ["f(): no @param for `x`"]);
  deepStrictEqual(fn(without("return")), ["f(): no @returns"]);
  deepStrictEqual(fn(without("throws"), "function f(x) {\n  throw new TypeError();\n}"), [
    "f(): can throw (throw new) but has no @throws",
  ]);
  // f throws only through the helpers it calls, two levels down
  const indirect = "function f(x) {\n  return g(x);\n}\n\nfunction g(x) {\n  return h(x);\n}\n\n" +
    "function h(x) {\n  if (x < 0) throw new RangeError();\n  return x;\n}\n";
  deepStrictEqual(fn(without("throws"), indirect), [
    "f(): can throw (f → g → h: throw new) but has no @throws",
  ]);
  // calling a callback parameter (a name declared nowhere) is not a throw
  deepStrictEqual(fn(without("throws"), "function f(x) {\n  return callback(x);\n}"), []);
  deepStrictEqual(fn(without("example")), ["f(): no @example"]);
  deepStrictEqual(
    fn({
      ...complete,
      tags: [...without("example").tags!, { kind: "example", doc: "```ts\nok(1);\n```" }],
    }),
    ["f(): no @example has a title"],
  );
  deepStrictEqual(
    fn({
      ...complete,
      tags: [...without("example").tags!, {
        kind: "example",
        doc: "T\n```ts\n// ok(f(1));\nf(1);\n```",
      }],
    }),
    ["f(): no titled @example asserts anything"],
  );
  deepStrictEqual(
    fn({ ...complete, tags: [...complete.tags!, { kind: "param", name: "y", doc: "Gone." }] }),
    ["f(): @param `y` names no parameter"],
  );
});

Deno.test("rule D wants the document's numbers in the example code, not only in its title", () => {
  const example = (doc: string): JsDoc[] => [{ doc: "", tags: [{ kind: "example", doc }] }];
  deepStrictEqual(
    documentNumberGaps(
      "sigmoid",
      "sigmoid()",
      example("sigmoid(0.8) = 0.68997\n```ts\nok(sigmoid(0.8) > 0.6);\n```"),
    ),
    ["sigmoid(): no example uses the document's `0.68997`"],
  );
  deepStrictEqual(
    documentNumberGaps(
      "sigmoid",
      "sigmoid()",
      example("T\n```ts\nok(Math.abs(sigmoid(0.8) - 0.68997) < 5e-6);\n```"),
    ),
    [],
  );
});

Deno.test("declarationSource() stops at the function's closing brace, not the next function's", () => {
  const text = "export function a(\n  x: number,\n): number {\n  return x;\n}\n\n" +
    "/** b */\nexport function b(): void {\n  throw new TypeError();\n}\n";
  const src = declarationSource(text, 0, 0);
  ok(src.endsWith("return x;\n}"), src);
  ok(!src.includes("throw new"), src);
});

Deno.test("callables() reads a class's constructor and methods, resolving this.m() calls", () => {
  const text = "export class T {\n  constructor(n: number) {\n    this.check(n);\n  }\n\n" +
    "  check(n: number): void {\n    if (n < 0) throw new RangeError();\n  }\n\n" +
    "  get size(): number {\n    return 1;\n  }\n}\n";
  deepStrictEqual(
    callables(text).map((
      c,
    ) => [c.key, c.line, c.direct, c.calls.filter((k) => k.startsWith("T."))]),
    [["T", 1, false, ["T.check"]], ["T.check", 5, true, []], ["T.size", 9, false, []]],
  );
  const throwsVia = throwOracle(new Map([[fakeLocation.filename, text]]));
  strictEqual(throwsVia({ ...fakeLocation, line: 1, col: 2 }), "T → T.check: throw new");
  strictEqual(throwsVia({ ...fakeLocation, line: 9, col: 2 }), undefined);
  ok(throwsVia({ ...fakeLocation, line: 3, col: 4 })!.startsWith(NO_SOURCE));
});

Deno.test("moduleGaps() wants @module and a LaTeX span", () => {
  deepStrictEqual(moduleGaps("lib/x.ts", { symbols: [] }), ["lib/x.ts: no @module comment"]);
  deepStrictEqual(
    moduleGaps("lib/x.ts", {
      symbols: [],
      module_doc: { doc: "Prose only.", tags: [{ kind: "module" }] },
    }),
    ["lib/x.ts: module comment has no LaTeX formula"],
  );
  deepStrictEqual(
    moduleGaps("lib/x.ts", {
      symbols: [],
      module_doc: { doc: "It is $x^2$.", tags: [{ kind: "module" }] },
    }),
    [],
  );
  deepStrictEqual(
    moduleGaps("lib/x.ts", {
      symbols: [],
      module_doc: { doc: "Display:\n$$a = b\n  + c$$\n", tags: [{ kind: "module" }] },
    }),
    [],
  );
});
