/**
 * The library's formulas recognised in a sheet's symbols: a formula step whose right side is
 * written in the conventional symbols of one of the library's forms (lib/_forms.ts: `n, k, p,
 * s` for an output size, `n_in, n_out` for a dense layer, `y, ŷ` for a cross-entropy), with
 * words near it that name the formula, is compared with the library's formula at random
 * points of the roles' domains; when it differs, the function's catalogue variants name the
 * mistake.
 *
 * @module
 */
import { mistakesOf } from "../../../mod.ts";
import { SHEET_FORMS, type SheetForm } from "../../../lib/_forms.ts";
import { type Dual, evaluate, freeSymbols } from "./evaluate.ts";
import { compareFormulas, type Domain } from "./formula.ts";
import { matchOf, type Meaning, type MeaningStep, reproducedText } from "./mod.ts";
import { readSide, splitStep } from "./names.ts";
import { lastIndexOf, plainProse } from "./prose.ts";

/** Assigns each symbol a role of the form (null when a symbol has none or a role is missing). */
function assign(form: SheetForm, symbols: readonly string[]): Map<string, string> | null {
  const bySymbol = new Map<string, string>();
  const used = new Set<string>();
  for (const s of symbols) {
    const role = Object.entries(form.roles).find(([r, spec]) =>
      !used.has(r) && spec.symbols.includes(s)
    );
    if (!role) return null;
    bySymbol.set(s, role[0]);
    used.add(role[0]);
  }
  const missing = Object.entries(form.roles).filter(([r, spec]) =>
    !used.has(r) && spec.absent === undefined
  );
  return missing.length === 0 ? bySymbol : null;
}

/** Reads a formula step as one of the library's forms (null when none fits). */
export function readForm(step: MeaningStep): Meaning | null {
  const sides = splitStep(step.tex);
  if (!sides) return null;
  const left = readSide(sides[0]).tree;
  // the left side names the quantity (a symbol or words) or is the derivative a form is of
  const partialBy = Array.isArray(left) && left[0] === "Partial" ? String(left[2]) : null;
  if (
    Array.isArray(left) && !partialBy &&
    !/^\s*\\(?:text|mathrm|operatorname)\{[^{}]*\}\s*$/.test(sides[0])
  ) return null;
  const right = readSide(sides[1]).tree;
  const symbols = [...freeSymbols(right, step.functions)];
  if (symbols.length < 2 || symbols.some((s) => /^[∂(]/.test(s))) return null;
  const near = plainProse(step.context.split("\n").filter((l) => l.trim()).slice(-6).join("\n"));
  const fits = SHEET_FORMS.map((form) => ({
    form,
    roles: assign(form, symbols),
    at: lastIndexOf(near, form.words),
  }))
    .filter((f) => f.roles !== null && f.at >= 0 && (!f.form.needs || f.form.needs.test(sides[1])))
    .filter((f) =>
      f.form.by ? partialBy !== null && f.roles!.get(partialBy) === f.form.by : !partialBy
    )
    .sort((a, b) => b.at - a.at);
  if (fits.length === 0) return null;
  if (fits.length > 1 && fits[1].at === fits[0].at) return null; // two formulas fit as well: no verdict
  const { form, roles } = fits[0];
  const bySymbol = roles!;
  const domains: Record<string, Domain> = {};
  for (const r of bySymbol.values()) domains[r] = form.roles[r].domain;
  const full = (v: Record<string, number>) => {
    const out: Record<string, number> = { ...v };
    for (const [r, spec] of Object.entries(form.roles)) if (!(r in out)) out[r] = spec.absent!;
    return out;
  };
  const stated = (v: Record<string, number>) => {
    const values = new Map<string, Dual>();
    for (const [s, r] of bySymbol) values.set(s, { v: v[r], d: 0 });
    return evaluate(right, { values, functions: step.functions }).v;
  };
  const truth = (v: Record<string, number>) => form.value(form.fn(...form.args(full(v))));
  const name = form.fn.name;
  const variants = mistakesOf(form.fn).map((m) => ({
    match: matchOf(name, m),
    value: (v: Record<string, number>) =>
      form.value((m.variant as (...a: unknown[]) => unknown)(...form.args(full(v)))),
  }));
  const found = compareFormulas(
    `${name} in the sheet's symbols`,
    domains,
    stated,
    truth,
    variants,
    { seed: step.seed, runs: step.runs },
    (v) => !form.valid || form.valid(full(v)),
    Object.values(form.roles).every((r) => r.domain === "size" || r.domain === "count"),
  );
  const named = reproducedText(found.mistakes);
  const convention = found.mistakes.length > 0 &&
    found.mistakes.every((m) => form.conventions?.includes(m.id));
  const mapping = [...bySymbol].map(([s, r]) => `${s} as ${r}`).join(", ");
  return {
    verdict: found.agrees ? "agrees" : "disagrees",
    kind: found.agrees ? null : convention ? "depends" : "error",
    reason: found.agrees
      ? `read as ${form.title}: the formula equals ${name} at every random point`
      : `read as ${form.title}: ${found.reason}; ${
        named ? `${named} reproduces the stated formula` : "no known mistake reproduces it"
      }`,
    readAs: `${form.title} (${name}) with ${mapping}`,
    evidence: [
      `the words "${near.slice(fits[0].at).match(form.words)?.[0] ?? ""}" near the step`,
      `the symbols ${symbols.join(", ")}`,
    ],
    assumptions: [
      ...Object.entries(form.roles).filter(([r, s]) =>
        s.absent !== undefined && ![...bySymbol.values()].includes(r)
      )
        .map(([r, s]) => `${r} = ${s.absent} (the formula leaves it out)`),
      ...(form.valid ? ["compared where the formula's division is exact and the window fits"] : []),
    ],
    reproducedBy: named,
    mistakes: found.mistakes,
    alternatives: [],
    correct: found.computed,
    counterexample: found.counterexample,
    seed: found.seed,
    draft: null,
    topic: form.title,
    chapter: "shapes",
  };
}
