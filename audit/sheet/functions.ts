/**
 * `deno task audit --functions [NAME]`: the functions a sheet can call, with their
 * arguments, options and the fields of the records they return, read from
 * `audit/sheet/_signatures.json` (written from `deno doc` by `deno task options`, never run at
 * audit time).
 *
 * @module
 */
import {
  callableNames,
  closestFunction,
  ELEMENTARY,
  type SignatureEntry,
  signatureEntry,
  signatureText,
  workingExample,
  writtenAs,
} from "./expr.ts";
import { plainTex } from "../report/format.ts";

/** The chapters' order and names for the module a function is defined in. */
const TOPICS: readonly (readonly [string, string])[] = [
  ["neuron", "neurons"],
  ["activations", "activations"],
  ["losses", "losses"],
  ["dense", "dense layers"],
  ["network", "networks and backpropagation"],
  ["descent", "gradient descent"],
  ["learning_rate", "learning rates"],
  ["optimizers", "optimizers"],
  ["shapes", "shapes and parameter counts"],
  ["convolution", "convolution"],
  ["pooling", "pooling"],
  ["depth", "depth and receptive fields"],
  ["summary", "layer summaries"],
  ["normalization", "normalization"],
  ["regularization", "regularization"],
  ["recurrent", "recurrent cells"],
  ["attention", "attention"],
  ["tensor", "tensors"],
  ["matmul", "matrices"],
  ["random", "random numbers"],
  ["gradcheck", "gradient checks"],
];

function returnsText(entry: SignatureEntry): string {
  const s = entry.signatures[0];
  return s.fields.length
    ? `a record: pick a field, .${s.fields.join(", .")}`
    : s.returns === "Tensor"
    ? "a Tensor: .toArray(), .shape, or index an entry"
    : s.returns;
}

function detail(name: string, entry: SignatureEntry): string {
  const working = workingExample(name);
  const example = working ? `\n  example: ${working}` : "";
  return `${signatureText(name)}\n  ${plainTex(entry.summary)}\n  returns ${
    returnsText(entry)
  }${example}`;
}

/**
 * The text of `--functions`: every callable function by topic, one line each; with a
 * name, that function in detail (or the functions whose names contain it).
 */
export function functionsText(name?: string): string {
  const names = Object.keys(Object.fromEntries(callableNames().map((n) => [n, 1])));
  const documented = names.filter((n) => signatureEntry(n) !== undefined);
  if (name !== undefined) {
    const exact = signatureEntry(name);
    if (exact) return detail(name, exact);
    const matches = documented.filter((n) => n.toLowerCase().includes(name.toLowerCase()));
    if (matches.length) return matches.map((n) => detail(n, signatureEntry(n)!)).join("\n\n");
    if (Object.hasOwn(ELEMENTARY, name)) return `${name}: an elementary function of numbers`;
    const near = closestFunction(name, names);
    const hints = writtenAs(name);
    return `no function ${name}${near ? ` (did you mean ${near}?)` : ""}${
      hints.length ? `: ${hints.join("; ")}` : ""
    }`;
  }
  const known = new Map(TOPICS);
  const modules = [...new Set(documented.map((n) => signatureEntry(n)!.module))].sort((a, b) =>
    (TOPICS.findIndex(([m]) => m === a) + 1 || 99) - (TOPICS.findIndex(([m]) => m === b) + 1 || 99)
  );
  const parts = modules.map((m) =>
    `${known.get(m) ?? m}:\n${
      documented.filter((n) => signatureEntry(n)!.module === m).sort().map((n) =>
        `  ${signatureText(n)}`
      ).join("\n")
    }`
  );
  return [
    `${documented.length} functions a sheet can call (a name after --functions shows one in detail).`,
    "TensorLike is a number, nested arrays of numbers or a Tensor; NAME? is optional; an " +
    "object { a, b? } is written with its keys, e.g. { a: 1 }.",
    ...parts,
    `elementary functions of numbers: ${Object.keys(ELEMENTARY).join(", ")}`,
  ].join("\n\n");
}
