/**
 * The draft answer sheet `--draft FILE.md` writes: the checked steps as claims, grouped under
 * the sheet's own question numbers, for the author to rename and extend with library calls.
 *
 * @module
 */
import type { Report } from "../model.ts";

/** One checked step as the draft writes it. */
export interface DraftLine {
  id: string;
  question: string;
  expression: string;
  stated: string;
  tex: string;
  assume: string[];
  note: string;
}

/** The Markdown of the draft. */
export function writeDraft(
  report: Report,
  drafts: readonly DraftLine[],
  titles: ReadonlyMap<string, string>,
  source: string,
): string {
  const out: string[] = [
    `# Claims drafted from ${source.replace(/^.*[\\/]/, "")}`,
    "",
    `Drafted by \`deno task audit --scan\`: one claim per checked step, named by its line ` +
    "(`L21.6` is the sixth step on line 21). Rename the claims, group them, and replace the " +
    "arithmetic by library calls (`sigmoid(0.8)`, `binaryCrossEntropy(p, 1)`).",
    "",
  ];
  if (report.errors.length > 0) {
    out.push(...report.errors.map((e) => `The scan could not read the sheet: ${e.message}`), "");
  }
  const byQuestion = new Map<string, DraftLine[]>();
  for (const d of drafts) byQuestion.set(d.question, [...(byQuestion.get(d.question) ?? []), d]);
  for (const [q, lines] of byQuestion) {
    const title = titles.get(q);
    out.push(
      q === "intro"
        ? "## Before the first question"
        : title
        ? `## Question ${q}: ${title}`
        : `## Question ${q}`,
      "",
      "```claims",
    );
    for (const d of lines) {
      out.push(`# scan: ${d.note.replace(/\s+/g, " ")}`);
      if (d.expression === "") {
        // A formula step read for its meaning has no library call to write: it stays a comment.
        out.push(`# ${d.id} (a formula step, not drafted): ${d.tex.replace(/\s+/g, " ")}`);
        continue;
      }
      if (d.expression.startsWith("null")) {
        // A long finite sum is not expanded into a claim (MAX_DRAFT_CHARS): say so instead.
        out.push(`# ${d.id}: too long to write as a claim (MAX_DRAFT_CHARS); write it by hand`);
        continue;
      }
      out.push(`${d.id}: ${d.expression} = ${d.stated}`);
      out.push(`  tex: ${d.tex.replace(/\s+/g, " ")}`);
      for (const a of d.assume) out.push(`  assume: ${a}`);
    }
    out.push("```", "");
  }
  return out.join("\n");
}
