/**
 * Writes `audit/_options.json`: for each exported library function, the documented option
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

/** Builds the table from the JSON that `deno doc --json mod.ts` prints. */
export function optionTable(doc: Json): OptionTable {
  const symbols: Json[] = Object.values(doc.nodes as Record<string, Json>)[0].symbols;
  const interfaces = new Map<string, Json>();
  const aliases = new Map<string, Json>();
  for (const s of symbols) {
    for (const d of s.declarations) {
      if (d.kind === "interface") interfaces.set(s.name, d.def);
      if (d.kind === "typeAlias") aliases.set(s.name, d.def.tsType);
    }
  }
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

/** Runs `deno doc --json mod.ts` and returns the table. */
export async function currentTable(): Promise<OptionTable> {
  const root = new URL("../", import.meta.url);
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
  console.log(`wrote ${Object.keys(table).length} functions' options to audit/_options.json`);
}
