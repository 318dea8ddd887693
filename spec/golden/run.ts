/**
 * Runs every section of a reference file against nnspec and collects the verdicts.
 * Used by the CLI (`deno task golden`) and by spec/golden_test.ts.
 */
import type { Mismatch } from "./_compare.ts";
import { SECTIONS } from "./sections.ts";

/** The verdict on one case. */
export interface CaseResult {
  name: string;
  mismatches: Mismatch[];
  error?: string;
}

/** The verdict on one section. */
export interface SectionResult {
  key: string;
  evaluated: boolean;
  total: number;
  agree: number;
  failures: CaseResult[];
}

/** Top-level keys of a reference file that describe it rather than hold cases. */
const METADATA = new Set(["generator", "seed", "layout"]);

/** Keys of the reference file that are neither metadata nor a section nnspec knows. */
export function unknownSections(reference: Record<string, unknown>): string[] {
  const known = new Set(SECTIONS.map((s) => s.key));
  return Object.keys(reference).filter((k) => !known.has(k) && !METADATA.has(k));
}

/** Splits a section's value into named cases: array entries by index, object entries by key. */
function casesOf(key: string, value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((c, i) => [`${key}[${i}]`, c]);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).map(([k, v]) => [`${key}.${k}`, v]);
  }
  return [[key, value]];
}

/** Compares nnspec with every known section present in `reference`. */
export function runGolden(reference: Record<string, unknown>): SectionResult[] {
  const results: SectionResult[] = [];
  for (const section of SECTIONS) {
    if (!(section.key in reference)) continue;
    const cases = casesOf(section.key, reference[section.key]);
    if (section.evaluate === null) {
      results.push({
        key: section.key,
        evaluated: false,
        total: cases.length,
        agree: 0,
        failures: [],
      });
      continue;
    }
    const failures: CaseResult[] = [];
    for (const [name, data] of cases) {
      try {
        const mismatches = section.evaluate(data, name, section.tolerance);
        if (mismatches.length > 0) failures.push({ name, mismatches });
      } catch (error) {
        failures.push({ name, mismatches: [], error: String(error) });
      }
    }
    results.push({
      key: section.key,
      evaluated: true,
      total: cases.length,
      agree: cases.length - failures.length,
      failures,
    });
  }
  return results;
}

/** One line per section, then the failing cases with their first mismatches. */
export function formatGolden(results: SectionResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      r.evaluated ? `${r.key}: ${r.agree}/${r.total} cases agree` : `${r.key}: not evaluated`,
    );
  }
  for (const r of results) {
    for (const f of r.failures) {
      if (f.error) lines.push(`DISAGREE ${f.name}: threw ${f.error}`);
      for (const m of f.mismatches.slice(0, 5)) {
        lines.push(
          `DISAGREE ${f.name}: ${m.path} expected ${JSON.stringify(m.expected)}, got ${
            JSON.stringify(m.actual)
          }`,
        );
      }
      if (f.mismatches.length > 5) {
        lines.push(`DISAGREE ${f.name}: ... and ${f.mismatches.length - 5} more`);
      }
    }
  }
  return lines.join("\n");
}
