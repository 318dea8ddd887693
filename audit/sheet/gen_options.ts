/**
 * Writes `audit/sheet/_options.json`: for each exported library function, the documented option
 * keys of each parameter that takes an options object, read from `deno doc --json mod.ts`
 * (the interfaces and their `extends` chains). The sheet language checks an object literal's
 * keys against this table before the call, so a misspelt option is an error with the closest
 * documented key, and the list it offers is the user's vocabulary, not the library's
 * internals. `spec/sheet_test.ts` checks that the table is current.
 *
 * Run: `deno task options` (after changing an options interface).
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
type Json = any;

/** The option table: function name → parameter index → documented keys (sorted). */
export type OptionTable = Record<string, Record<string, string[]>>;

/**
 * Interfaces whose fields are the library's own business, not a user's options: the
 * function and axis named in a shape error message, which a kernel passes to the shape
 * functions. A sheet that sets them gets "unknown option".
 */
const INTERNAL = new Set(["ShapeMessageOptions"]);

/** The symbols of `deno doc --json mod.ts`, with its interfaces and type aliases by name. */
function declarations(doc: Json): {
  symbols: Json[];
  interfaces: Map<string, Json>;
  aliases: Map<string, Json>;
} {
  const symbols: Json[] = Object.values(doc.nodes as Record<string, Json>)[0].symbols;
  const interfaces = new Map<string, Json>();
  const aliases = new Map<string, Json>();
  for (const s of symbols) {
    for (const d of s.declarations) {
      if (d.kind === "interface") interfaces.set(s.name, d.def);
      if (d.kind === "typeAlias") aliases.set(s.name, d.def.tsType);
    }
  }
  return { symbols, interfaces, aliases };
}

/** Builds the table from the JSON that `deno doc --json mod.ts` prints. */
export function optionTable(doc: Json): OptionTable {
  const { symbols, interfaces, aliases } = declarations(doc);
  const keysOf = (type: Json, seen = new Set<string>()): string[] | null => {
    if (!type) return null;
    if (type.kind === "typeRef") {
      const name = type.value.typeName;
      if (INTERNAL.has(name)) return [];
      if (seen.has(name)) return null;
      seen.add(name);
      const iface = interfaces.get(name);
      if (iface) {
        const own: string[] = iface.properties.map((p: Json) => p.name);
        for (const e of iface.extends ?? []) own.push(...(keysOf(e, seen) ?? []));
        return own;
      }
      const alias = aliases.get(name);
      return alias ? keysOf(alias, seen) : null;
    }
    if (type.kind === "typeLiteral") return type.value.properties.map((p: Json) => p.name);
    if (type.kind === "union" || type.kind === "intersection") {
      const all = type.value.map((t: Json) => keysOf(t, new Set(seen)));
      if (all.every((k: string[] | null) => k === null)) return null;
      return all.flat().filter((k: string | null) => k !== null);
    }
    return null;
  };
  const table: OptionTable = {};
  for (const s of symbols) {
    for (const d of s.declarations) {
      if (d.kind !== "function") continue;
      (d.def.params as Json[]).forEach((param, index) => {
        const type = param.kind === "assign" ? param.left.tsType : param.tsType;
        const keys = keysOf(type);
        if (keys === null) return;
        const entry = (table[s.name] ??= {});
        entry[index] = [...new Set([...(entry[index] ?? []), ...keys])].sort();
      });
    }
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

/** One parameter of a library function as a sheet writes it. */
export interface ParamSignature {
  name: string;
  /** The type as a sheet reads it: `number`, `{ kernel, stride? }`, `number[]`, … */
  type: string;
  /** What an argument must be: a number, an object of named fields, an array, or other. */
  kind: "number" | "string" | "object" | "array" | "other";
  optional: boolean;
  rest: boolean;
}

/** One declaration (overload) of a library function. */
export interface Signature {
  params: ParamSignature[];
  /** The return type's name. */
  returns: string;
  /** The fields of a returned record (empty for a number, an array or a Tensor). */
  fields: string[];
}

/** The signature table: function name → its first sentence and declarations. */
export type SignatureTable = Record<
  string,
  { module: string; summary: string; example: string; signatures: Signature[] }
>;

/** The first call of `name` in a doc example's code, its parentheses balanced. */
function exampleCall(name: string, tags: Json[] | undefined): string {
  for (const tag of tags ?? []) {
    if (tag.kind !== "example") continue;
    // The code without imports and comments, one line, so a call written over lines is whole.
    const code = (tag.doc as string).split("\n")
      .filter((line) => !/^\s*(import|\/\/|```)/.test(line))
      .map((line) => line.replace(/\/\/.*$/, "").trim()).join(" ")
      .replace(/([[({]) /g, "$1").replace(/,? ([\])}])/g, "$1");
    const start = code.search(new RegExp(`(?<![\\w.])${name}\\(`));
    if (start < 0) continue;
    let depth = 0;
    for (let i = start + name.length; i < code.length; i++) {
      if (code[i] === "(") depth++;
      if (code[i] === ")" && --depth === 0) return code.slice(start, i + 1);
    }
  }
  return "";
}

/** Builds the signature table from the JSON that `deno doc --json mod.ts` prints. */
export function signatureTable(doc: Json): SignatureTable {
  const { symbols, interfaces, aliases } = declarations(doc);
  const fieldsOf = (props: Json[], ext: Json[] = []): Json[] => [
    ...props,
    ...ext.flatMap((e: Json) => {
      const name = e.value?.typeName;
      const iface = interfaces.get(name);
      return INTERNAL.has(name) || !iface ? [] : fieldsOf(iface.properties, iface.extends);
    }),
  ];
  const members = (t: Json): Json[] => [...(t.value.properties ?? []), ...(t.value.methods ?? [])];
  const record = (props: Json[]) =>
    `{ ${props.map((p: Json) => `${p.name}${p.optional ? "?" : ""}`).join(", ")} }`;
  const render = (t: Json, depth = 0): string => {
    if (!t) return "unknown";
    switch (t.kind) {
      case "keyword":
        return t.value;
      case "literal":
        return JSON.stringify(t.value.string ?? t.value.number ?? t.value.boolean);
      case "array":
        return `${render(t.value, depth)}[]`;
      case "typeOperator":
        return render(t.value.tsType, depth);
      case "tuple":
        return `[${t.value.map((v: Json) => render(v, depth)).join(", ")}]`;
      case "union":
        return t.value.map((v: Json) => render(v, depth)).join(" | ");
      case "intersection": {
        const parts = t.value.map((v: Json) => render(v, depth));
        return parts.every((p: string) => p.startsWith("{"))
          ? `{ ${parts.map((p: string) => p.slice(2, -2)).join(", ")} }`
          : parts.join(" & ");
      }
      case "parenthesized":
        return render(t.value, depth);
      case "typeLiteral":
        return record(members(t));
      case "typeRef": {
        const name = t.value.typeName;
        const iface = interfaces.get(name);
        if (iface && depth === 0) return record(fieldsOf(iface.properties, iface.extends));
        const alias = aliases.get(name);
        if (alias?.kind === "union" && alias.value.every((v: Json) => v.kind === "literal")) {
          return render(alias, depth);
        }
        return name +
          (t.value.typeParams
            ? `<${t.value.typeParams.map((v: Json) => render(v, 1)).join(", ")}>`
            : "");
      }
      default:
        return t.repr || t.kind;
    }
  };
  const kindOf = (t: Json): ParamSignature["kind"] => {
    if (!t) return "other";
    if (t.kind === "keyword" && (t.value === "number" || t.value === "string")) return t.value;
    if (t.kind === "typeOperator") return kindOf(t.value.tsType);
    if (t.kind === "array" || t.kind === "tuple") return "array";
    if (t.kind === "typeLiteral") return "object";
    if (t.kind === "intersection") {
      return t.value.every((v: Json) => kindOf(v) === "object") ? "object" : "other";
    }
    if (t.kind === "typeRef") {
      if (interfaces.has(t.value.typeName)) return "object";
      const alias = aliases.get(t.value.typeName);
      return alias ? kindOf(alias) : "other";
    }
    return "other";
  };
  const returned = (t: Json): { returns: string; fields: string[] } => {
    const iface = t?.kind === "typeRef" ? interfaces.get(t.value.typeName) : undefined;
    if (iface) {
      return {
        returns: t.value.typeName,
        fields: fieldsOf(iface.properties, iface.extends).map((p: Json) => p.name),
      };
    }
    if (t?.kind === "typeLiteral") {
      return { returns: "record", fields: members(t).map((p: Json) => p.name) };
    }
    return { returns: render(t, 1), fields: [] };
  };
  const summary = (text: string | undefined): string => {
    const plain = (text ?? "").split(/\n\s*\n|\$\$/)[0].replace(/\{@link(?:code)? ([^}]+)\}/g, "$1")
      .replace(/\s+/g, " ").trim();
    const sentence = plain.match(/^.*?[.:](?=\s|$)/);
    return (sentence ? sentence[0] : plain).replace(/:$/, ".");
  };
  const table: SignatureTable = {};
  for (const s of symbols) {
    for (const d of s.declarations) {
      if (d.kind !== "function") continue;
      const entry = (table[s.name] ??= {
        module: (d.location.filename as string).replace(/^.*\//, "").replace(/\.ts$/, ""),
        summary: summary(d.jsDoc?.doc),
        example: exampleCall(s.name, d.jsDoc?.tags),
        signatures: [],
      });
      entry.signatures.push({
        params: (d.def.params as Json[]).map((p) => {
          const type = p.kind === "assign"
            ? p.left.tsType
            : p.kind === "rest"
            ? p.tsType
            : p.tsType;
          const name = p.kind === "assign" ? p.left.name : p.kind === "rest" ? p.arg.name : p.name;
          return {
            name,
            type: render(type),
            kind: p.kind === "rest" ? "other" : kindOf(type),
            optional: p.kind === "assign" || p.optional === true,
            rest: p.kind === "rest",
          };
        }),
        ...returned(d.def.returnType),
      });
    }
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

/** Runs `deno doc --json mod.ts` and returns the parsed JSON. */
async function docJson(): Promise<Json> {
  const root = new URL("../../", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

/** Runs `deno doc --json mod.ts` and returns the signature table. */
export async function currentSignatures(): Promise<SignatureTable> {
  return signatureTable(await docJson());
}

/** Runs `deno doc --json mod.ts` and returns the table. */
export async function currentTable(): Promise<OptionTable> {
  const root = new URL("../../", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
  return optionTable(JSON.parse(new TextDecoder().decode(stdout)));
}

if (import.meta.main) {
  const table = await currentTable();
  const path = new URL("./_options.json", import.meta.url);
  await Deno.writeTextFile(path, JSON.stringify(table, null, 2) + "\n");
  console.log(`wrote ${Object.keys(table).length} functions' options to audit/sheet/_options.json`);
  const signatures = await currentSignatures();
  await Deno.writeTextFile(
    new URL("./_signatures.json", import.meta.url),
    JSON.stringify(signatures, null, 2) + "\n",
  );
  console.log(
    `wrote ${Object.keys(signatures).length} functions' signatures to audit/sheet/_signatures.json`,
  );
}
