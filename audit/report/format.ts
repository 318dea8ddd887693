/**
 * Renders an audit report as text (the terminal), JSON (machines and the site) or
 * Markdown (an erratum to paste into an issue or a course page).
 *
 * @module
 */
import type { ClaimReport, Report, ScanSummary } from "../model.ts";
import { clean } from "../_plain.ts";

/** The output formats of `deno task audit --format`. */
export type Format = "text" | "json" | "markdown";

/** Options of the formatters. */
export interface FormatOptions {
  /** The `--claims` argument to repeat in replay commands (omitted for the seed document). */
  claims?: string;
}

/**
 * The closing line: `N claims: A agree, D disagree`, and the errors, if any, with how many
 * claims they kept from being checked.
 */
export function summaryLine(report: Report): string {
  const { claims, agrees, disagrees, errors } = report.summary;
  const line = `${claims} claim${claims === 1 ? "" : "s"}: ${agrees} agree, ${disagrees} disagree`;
  if (errors === 0) return line;
  // The claims an error kept from being checked are not among the N claims: say how many,
  // so that a sheet of 43 lines reads "42 claims ... 1 claim not checked".
  const checked = new Set(report.claims.map((c) => c.id));
  const unchecked = new Set(
    report.errors.filter((e) => e.claim !== null && !checked.has(e.claim)).map((e) => e.claim),
  ).size;
  const s = (n: number) => (n === 1 ? "" : "s");
  return `${line}; ${errors} error${s(errors)}` +
    (unchecked > 0 ? ` (${unchecked} claim${s(unchecked)} not checked)` : "");
}

/** The claims grouped by question, in order of first appearance. */
export function byQuestion(claims: readonly ClaimReport[]): Map<string, ClaimReport[]> {
  const groups = new Map<string, ClaimReport[]>();
  for (const c of claims) {
    const list = groups.get(c.question) ?? [];
    list.push(c);
    groups.set(c.question, list);
  }
  return groups;
}

/**
 * A word quoted for a POSIX shell when it holds anything but letters, digits and
 * `_ . , : / @ % + = -`, so a pasted replay command runs nothing the claim's id says.
 */
export function shellQuote(word: string): string {
  const text = clean(word).replaceAll(/[\n\t]/g, " ");
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The command that replays a formula claim's counterexample. */
export function replayCommand(claim: ClaimReport, module?: string): string {
  const claims = module ? ` --claims ${shellQuote(module)}` : "";
  return `deno task audit${claims} --replay ${shellQuote(claim.id)} --seed ${Number(claim.seed)}`;
}

function counterexampleText(c: ClaimReport): string {
  const ce = c.counterexample!;
  const values = Object.entries(ce.values ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
  const reference = ce.reference === undefined ? "" : `, finite differences ${ce.reference}`;
  return `${values}: stated formula ${ce.stated}, true ${ce.expected}${reference}`;
}

/** The opening line of the list of distinct mistakes: "14 disagreements, 9 distinct mistakes". */
export function mistakesLine(report: Report): string {
  const d = report.summary.disagrees, g = (report.groups ?? []).length;
  const carried = (report.groups ?? []).reduce((n, x) => n + (x.consequences?.length ?? 0), 0);
  return `${d} disagreement${d === 1 ? "" : "s"}, ${g} distinct mistake${g === 1 ? "" : "s"}` +
    (carried > 0 ? ` (${carried} disagreement${carried === 1 ? "" : "s"} carried forward)` : "");
}

function questionLine(report: Report, question: string): string[] {
  const info = report.questions?.[question];
  if (!info?.text) return [];
  const text = plainTex(info.text);
  return [`  ${info.reconstructed ? "(question reconstructed from its answer) " : ""}${text}`];
}

/** The scan's counts in one line: steps found, checked, agreeing, disagreeing, skipped. */
export function scanLine(scan: ScanSummary): string {
  return `${scan.fragments} math fragments, ${scan.steps} steps: ${scan.checked} checked ` +
    `(${scan.agrees} agree, ${scan.disagrees} disagree), ${scan.skipped} skipped`;
}

/** The skipped steps counted by reason, most frequent first: `25 definition, 11 …`. */
export function skippedByLine(scan: ScanSummary): string {
  return Object.entries(scan.skippedBy)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([reason, n]) => `${n} ${reason}`)
    .join(", ");
}

/** Greek letters and operators a sheet's prose writes in TeX, as the terminal shows them. */
const TEX_SYMBOLS: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  Delta: "Δ",
  epsilon: "ε",
  varepsilon: "ε",
  eta: "η",
  theta: "θ",
  lambda: "λ",
  mu: "μ",
  nabla: "∇",
  partial: "∂",
  phi: "φ",
  varphi: "φ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  Sigma: "Σ",
  sum: "Σ",
  tau: "τ",
  odot: "⊙",
  cdot: "·",
  times: "×",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  approx: "≈",
  infty: "∞",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  in: "∈",
  ln: "ln",
  log: "log",
  exp: "exp",
  max: "max",
  min: "min",
  top: "ᵀ",
};

/** TeX commands that stay apart from their neighbours (`w \cdot x` is `w · x`). */
const OPERATORS = new Set([
  "cdot",
  "times",
  "le",
  "leq",
  "ge",
  "geq",
  "ne",
  "neq",
  "approx",
  "to",
  "rightarrow",
  "leftarrow",
  "in",
  "odot",
]);

/**
 * A sheet's prose with its inline TeX (`$\sigma'$ at $c\,w^f$`) made readable in a
 * terminal (`σ' at c w^f`): symbols by their characters, `\frac{a}{b}` as `(a)/(b)`,
 * `\text{…}` and braces unwrapped, the dollar signs dropped. Text without `$` is unchanged.
 */
export function plainTex(text: string): string {
  if (!text.includes("$")) return text;
  return text.replace(/\$\$?([^$]*)\$\$?/g, (_m, tex: string) =>
    tex
      .replace(/\\(?:text|mathrm|mathbf|operatorname)\{([^{}]*)\}/g, "$1")
      .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
      .replace(/\\left|\\right/g, "")
      .replace(/\\[,;:! ]/g, " ")
      .replace(/\\(hat|bar|tilde)\{?([A-Za-z])\}?/g, (_w, accent: string, letter: string) =>
        letter + { hat: "\u0302", bar: "\u0304", tilde: "\u0303" }[accent as "hat"])
      .replace(/\\([A-Za-z]+)( ?)/g, (whole, name: string, space: string) =>
        name in TEX_SYMBOLS
          ? TEX_SYMBOLS[name] +
            (/^[a-zA-Z]+$/.test(TEX_SYMBOLS[name]) || OPERATORS.has(name) ? space : "")
          : whole)
      .replace(/([_^])\{([^{}]*)\}/g, "$1$2")
      .replace(/[{}]/g, "")
      .replace(/ {2,}/g, " "));
}

/** The plain-text report: the distinct mistakes, then the claims by question, then the summary line. */
export function formatText(report: Report, options: FormatOptions = {}): string {
  const out: string[] = [`Audit of ${report.document}`, ""];
  const module = options.claims;
  if (report.summary.disagrees > 0) {
    out.push(mistakesLine(report));
    (report.groups ?? []).forEach((g, i) => {
      out.push(`  ${i + 1}. [${g.kind}] ${plainTex(g.title)}: ${g.claims.join(", ")}`);
      out.push(`     correct: ${g.correct}`);
      out.push(`     why:     ${plainTex(g.why)}`);
      if (g.consequences?.length) {
        out.push(`     carried: ${g.consequences.join(", ")} (built on the wrong value above)`);
      }
    });
    out.push("");
  }
  for (const [question, claims] of byQuestion(report.claims)) {
    out.push(`Question ${question}`, ...questionLine(report, question));
    for (const c of claims) {
      const mark = c.verdict === "agrees" ? "agrees   " : "DISAGREES";
      const where = c.line ? ` (line ${c.line})` : "";
      out.push(`  ${mark} ${c.id}${where}: ${plainTex(c.statement)}`);
      out.push(`    stated:   ${c.stated}`);
      out.push(`    computed: ${c.computed}`);
      out.push(`    reason:   ${c.reason}`);
      if (c.kind) out.push(`    kind:     ${c.kind}`);
      for (const m of c.mistakes ?? []) {
        out.push(
          `    mistake:  ${m.name} (${m.function}${
            m.with ? `, with ${m.with.name} in ${m.with.function}` : ""
          }): ${m.why}`,
        );
      }
      if (c.assumptions?.length > 0) out.push(`    assuming: ${c.assumptions.join("; ")}`);
      // Readings are shown for every claim: for an agreement they record the readings
      // under which the stated answer would not hold (e.g. a mean loss's 1/N).
      for (const a of c.alternatives ?? []) {
        out.push(
          `    reading:  ${a.reading} -> ${a.computed}${a.reproduces ? " (reproduces)" : ""}`,
        );
      }
      if (c.counterexample) {
        out.push(`    counterexample: ${counterexampleText(c)}`);
        out.push(`    replay:   ${replayCommand(c, module)}`);
      }
    }
    out.push("");
  }
  if (report.scan) {
    const scan = report.scan;
    out.push(`Scan: ${scanLine(scan)}`);
    if (scan.skipped > 0) out.push(`  skipped: ${skippedByLine(scan)}`);
    if (scan.logReading) {
      out.push(`  a bare \\log is read as the ${scan.logReading.words}: ${scan.logReading.why}`);
    }
    for (const s of scan.skips) out.push(`  skipped ${s.id} (${s.reason}): ${s.detail}`);
    for (const l of scan.lifts ?? []) {
      out.push(`  read ${l.id} as ${l.readAs} (evidence: ${l.evidence.join("; ")})`);
    }
    out.push("");
  }
  for (const e of report.errors) {
    out.push(
      e.message.startsWith(e.module) ? `error: ${e.message}` : `error: ${e.module}: ${e.message}`,
    );
  }
  if (report.errors.length > 0) out.push("");
  // A newline inside a claim's text continues its field, indented: it cannot start a line
  // that reads as the report's own (a summary line, a verdict).
  const body = out.map((line) => line.replaceAll("\n", "\n        "));
  body.push(summaryLine(report));
  return body.join("\n");
}

/** The JSON report (schema documented in the README, section "The audit"). */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2);
}

/**
 * Text for a Markdown table cell or line: pipes escaped, newlines joined, and `<` escaped so
 * that text from a claim (`<img onerror=...>`) is shown, never passed through as raw HTML.
 */
function cell(text: string): string {
  // `](` escaped: a sheet's `![i](http://…)` would make the rendered report fetch an image,
  // `[here](javascript:…)` be a link
  return mathCell(text).replaceAll("<", "\\<").replaceAll("](", "]\\(");
}

/** LaTeX between dollars for a cell: pipes and newlines only (a `\\<` would break the math). */
function mathCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** A code span that no backtick in `text` can close early. */
function code(text: string): string {
  const longest = Math.max(0, ...(mathCell(text).match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 ? `${fence} ${mathCell(text)} ${fence}` : `${fence}${mathCell(text)}${fence}`;
}

/** The stated answer for Markdown: its LaTeX as inline math `$...$` when the claim gives it. */
function statedCell(c: ClaimReport): string {
  return c.statedTex ? mathCell(`$${c.statedTex.trim()}$`) : cell(c.stated);
}

/**
 * A Markdown report: one table per question, then in detail the disagreements and the
 * claims with alternative readings. A claim's stated answer is written as inline math
 * (`$...$`) when it carries `statedTex`.
 */
export function formatMarkdown(report: Report, options: FormatOptions = {}): string {
  const out: string[] = [
    `# Audit of ${cell(report.document)}`,
    "",
    `**${summaryLine(report)}**`,
    "",
  ];
  if (report.summary.disagrees > 0) {
    out.push(`## ${mistakesLine(report)}`, "");
    out.push("| # | the sheet's mistake | kind | claims | correct | why |");
    out.push("| --- | --- | --- | --- | --- | --- |");
    (report.groups ?? []).forEach((g, i) => {
      const correct = g.correctTex ? mathCell(`$${g.correctTex}$`) : cell(g.correct);
      out.push(
        `| ${i + 1} | ${cell(g.title)} | ${g.kind} | ${g.claims.map(code).join(", ")}${
          g.consequences?.length ? `; carried: ${g.consequences.map(code).join(", ")}` : ""
        } | ${correct} | ${cell(g.why)} |`,
      );
    });
    out.push("");
  }
  for (const [question, claims] of byQuestion(report.claims)) {
    out.push(`## Question ${question}`, "");
    const info = report.questions?.[question];
    if (info?.text) {
      out.push(
        `> ${info.reconstructed ? "*(reconstructed from its answer)* " : ""}${cell(info.text)}`,
        "",
      );
    }
    out.push("| claim | stated | computed | verdict | reason |");
    out.push("| --- | --- | --- | --- | --- |");
    for (const c of claims) {
      const verdict = c.verdict === "agrees" ? "agrees" : "**disagrees**";
      out.push(
        `| ${code(c.id)} | ${statedCell(c)} | ${cell(c.computed)} | ${verdict} | ${
          cell(c.reason)
        } |`,
      );
    }
    out.push("");
    for (const c of claims.filter((c) => c.verdict === "disagrees" || c.alternatives.length)) {
      out.push(`- ${code(c.id)}: ${cell(c.statement)}${c.kind ? ` (${c.kind})` : ""}`);
      for (const m of c.mistakes ?? []) {
        out.push(
          `  - mistake: ${cell(m.name)} in \`${m.function}\`${
            m.with ? ` with ${cell(m.with.name)} in \`${m.with.function}\`` : ""
          }: ${cell(m.why)}`,
        );
      }
      if (c.assumptions.length) out.push(`  - assuming: ${cell(c.assumptions.join("; "))}`);
      for (const a of c.alternatives) {
        out.push(
          `  - reading "${cell(a.reading)}": ${cell(a.computed)}${
            a.reproduces ? " (reproduces the stated answer)" : ""
          }`,
        );
      }
      if (c.counterexample) {
        out.push(`  - counterexample: ${cell(counterexampleText(c))}`);
        out.push(`  - replay: ${code(replayCommand(c, options.claims))}`);
      }
    }
    out.push("");
  }
  if (report.scan) {
    const scan = report.scan;
    out.push("## Scan", "", `${scanLine(scan)}.`, "");
    if (scan.logReading) {
      out.push(
        `A bare $\\log$ is read as the ${scan.logReading.words}: ${cell(scan.logReading.why)}.`,
        "",
      );
    }
    if (scan.skipped > 0) {
      out.push(`Skipped: ${skippedByLine(scan)}.`, "");
      out.push("| step | reason | detail |", "| --- | --- | --- |");
      for (const s of scan.skips) out.push(`| \`${s.id}\` | ${s.reason} | ${cell(s.detail)} |`);
      out.push("");
    }
    if ((scan.lifts ?? []).length > 0) {
      out.push(
        "Steps read for their meaning:",
        "",
        "| step | read as | evidence |",
        "| --- | --- | --- |",
      );
      for (const l of scan.lifts!) {
        out.push(`| \`${l.id}\` | ${cell(l.readAs)} | ${cell(l.evidence.join("; "))} |`);
      }
      out.push("");
    }
  }
  if (report.errors.length > 0) {
    out.push("## Errors", "");
    for (const e of report.errors) out.push(`- ${cell(e.message)}`);
    out.push("");
  }
  return out.join("\n");
}

/** Renders a report in the given format. */
export function formatReport(
  report: Report,
  format: Format,
  options: FormatOptions = {},
): string {
  if (format === "json") return formatJson(report);
  // Control characters are removed from every line (newlines kept): a claim's text cannot
  // move the cursor or recolour the terminal.
  if (format === "markdown") return clean(formatMarkdown(report, options));
  return clean(formatText(report, options));
}
