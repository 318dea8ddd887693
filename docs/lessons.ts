/**
 * Lessons and exercises (docs/lessons/<module>.md, docs/exercises/<module>.md; the format is
 * fixed by docs/lessons/README.md) turned into a chapter's HTML.
 *
 * A lesson is Markdown with KaTeX. `::: figure ID` on a line of its own places a figure,
 * `$$ ... $$ {#eq-NAME}` is a numbered display equation, and the links `[Figure](#fig-ID)`
 * and `[Equation](#eq-NAME)` are written out as "Figure C.N" and "Equation C.N" (C the
 * chapter, N the order of placement). A ```claims block is not shown: the paragraph before
 * it gets a small mark saying its numbers are checked. Both files are answer sheets, and
 * {@link auditOrThrow} audits them with the sheet engine at build time: a claim that does
 * not agree, or a line the engine cannot check, fails the build.
 *
 * @module
 */

import { auditSheet } from "../audit/sheet/sheet.ts";
import { escapeHtml, markdown, markdownInline, tex } from "./markdown.ts";
import { slug } from "./book.ts";

/** A figure the lesson can place: a drawn plot or diagram, or a live figure (a template). */
export type FigureSource = { kind: "svg"; id: string } | { kind: "live"; id: string };

/** One piece of a rendered lesson: HTML, or a figure placed at that point with its number. */
export type LessonSegment =
  | { html: string; figure?: undefined }
  | { figure: { id: string; kind: "svg" | "live"; number: string }; html?: undefined };

/** A rendered lesson. */
export interface LessonView {
  title: string;
  segments: LessonSegment[];
  toc: { id: string; title: string; level: number }[];
  /** Figure ids placed in the text, with their numbers ("3.1"). */
  figureNumbers: Map<string, string>;
  /** How many claims the lesson's hidden blocks hold. */
  claims: number;
}

/** One exercise, rendered in the markup the answer box hydrates (see chapters.njk). */
export interface ExerciseMarkup {
  id: string;
  number: string;
  /** The claim line as written: `id: EXPRESSION = STATED`. */
  claim: string;
  questionHtml: string;
  answerHtml: string;
}

/** Splits `---` front matter (simple `key: value` lines) from the body. */
export function frontMatter(text: string): { data: Record<string, string>; body: string } {
  const match = text.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?/);
  if (!match) return { data: {}, body: text };
  const data: Record<string, string> = {};
  for (const line of match[1].split(/\r?\n/)) {
    const kv = line.match(/^([A-Za-z_][\w-]*):\s*(.*)$/);
    if (kv) data[kv[1]] = kv[2].trim().replace(/^["'](.*)["']$/, "$1");
  }
  return { data, body: text.slice(match[0].length) };
}

/** A fenced ```claims block (its lines) anywhere in Markdown. */
const CLAIMS_BLOCK = /^```claims[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

/**
 * A numbered display equation: `$$ TeX $$ {#eq-NAME}`, on one line or several. `deno fmt`
 * moves the `{#eq-NAME}` after a closing `$$` into a paragraph of its own, so blank lines
 * between them are allowed; the TeX itself holds no `$$`.
 */
const NUMBERED_EQUATION = /^\$\$((?:(?!\$\$)[\s\S])*?)\$\$\s*\{#(eq-[A-Za-z0-9_-]+)\}[ \t]*$/gm;

/** `::: figure ID` on a line of its own. */
const FIGURE_LINE = /^:::[ \t]*figure[ \t]+([A-Za-z0-9_-]+)[ \t]*$/gm;

/** Throws a clear error naming the file and the line of `index` in `text`. */
function fail(file: string, text: string, index: number, message: string): never {
  const line = text.slice(0, index).split("\n").length;
  throw new RangeError(`${file}, line ${line}: ${message}`);
}

/**
 * Renders a lesson. `chapter` is the chapter's label ("3"), `figures` the figures it may
 * place by id. Throws a RangeError naming the file's line for an unknown figure or
 * equation, a figure placed twice or a reference to nothing.
 */
export function renderLesson(
  text: string,
  file: string,
  chapter: string,
  figures: ReadonlyMap<string, FigureSource>,
): LessonView {
  const { data, body: raw } = frontMatter(text);
  // Line numbers in errors count from the file's top, front matter included.
  const offset = text.length - raw.length;
  const equations = new Map<string, string>();
  const figureNumbers = new Map<string, string>();
  for (const m of raw.matchAll(NUMBERED_EQUATION)) {
    if (equations.has(m[2])) fail(file, text, offset + m.index!, `equation ${m[2]} twice`);
    equations.set(m[2], `${chapter}.${equations.size + 1}`);
  }
  for (const m of raw.matchAll(FIGURE_LINE)) {
    const id = m[1];
    if (!figures.has(id)) {
      fail(
        file,
        text,
        offset + m.index!,
        `no figure "${id}" (known: ${[...figures.keys()].join(", ")})`,
      );
    }
    if (figureNumbers.has(id)) fail(file, text, offset + m.index!, `figure ${id} placed twice`);
    figureNumbers.set(id, `${chapter}.${figureNumbers.size + 1}`);
  }
  let claims = 0;
  let body = raw.replace(CLAIMS_BLOCK, (_m, lines: string) => {
    const ids = lines.split("\n").map((l) => l.match(/^([^\s:][^:]*):/)?.[1]).filter(Boolean);
    claims += ids.length;
    const what = ids.length === 1 ? "number" : `${ids.length} numbers`;
    return `<p class="checked-mark" data-pagefind-ignore data-claims="${
      escapeHtml(ids.join(" "))
    }"><span aria-hidden="true">✓</span> The ${what} above ${
      ids.length === 1 ? "is" : "are"
    } computed and checked by nnspec when the book is built.</p>\n`;
  });
  body = body.replace(NUMBERED_EQUATION, (_m, formula: string, id: string) => {
    const number = equations.get(id)!;
    return `<div class="equation" id="${id}"><div class="equation-body">${
      tex(formula.trim(), true)
    }</div><span class="equation-number">(${number})</span></div>\n`;
  });
  body = body.replace(
    /\[(Figure|Equation)\]\(#((?:fig|eq)-[A-Za-z0-9_-]+)\)/g,
    (m, word: string, target: string) => {
      const number = word === "Figure"
        ? figureNumbers.get(target.replace(/^fig-/, ""))
        : equations.get(target);
      if (!number) fail(file, text, offset + raw.indexOf(m), `${m} refers to nothing placed`);
      return `[${word} ${number}](#${target})`;
    },
  );
  // Figures split the lesson: each is drawn by the chapter template at its place.
  const segments: LessonSegment[] = [];
  const toc: LessonView["toc"] = [];
  let section = 0;
  const parts = body.split(FIGURE_LINE);
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1) {
      const source = figures.get(part)!;
      segments.push({ figure: { id: part, kind: source.kind, number: figureNumbers.get(part)! } });
      continue;
    }
    const html = markdown(part).replace(
      /<h([23])>(.*?)<\/h\1>/g,
      (_m, level: string, inner: string) => {
        const id = slug(inner);
        let label = inner;
        if (level === "2") {
          label = `<span class="section-number">${chapter}.${++section}</span> ${inner}`;
        }
        toc.push({ id, title: inner.replace(/<[^>]+>/g, ""), level: Number(level) });
        return `<h${level} id="${id}">${label}</h${level}>`;
      },
    );
    if (html.trim()) segments.push({ html });
  }
  return { title: data.title ?? "", segments, toc, figureNumbers, claims };
}

/**
 * Parses and renders an exercises file: one `## Exercise N` heading each, the question as
 * its blockquote, one claim in a ```claims block, and the worked answer from the paragraph
 * starting `**Answer.**`. Throws a RangeError naming the line when one part is missing.
 */
export function renderExercises(
  text: string,
  file: string,
  module: string,
  chapter: string,
): ExerciseMarkup[] {
  const { body } = frontMatter(text);
  const offset = text.length - body.length;
  const heads = [...body.matchAll(/^##[ \t]+Exercise\b.*$/gm)];
  return heads.map((head, i) => {
    const start = head.index! + head[0].length;
    const end = heads[i + 1]?.index ?? body.length;
    const part = body.slice(start, end);
    const at = offset + head.index!;
    const n = i + 1;
    const blocks = [...part.matchAll(CLAIMS_BLOCK)];
    const lines = blocks.flatMap((b) =>
      b[1].split("\n").filter((l) => /^[^\s#][^:]*:/.test(l) && l.trim())
    );
    if (lines.length !== 1) {
      fail(file, text, at, `exercise ${n} must hold exactly one claim, found ${lines.length}`);
    }
    const withoutClaims = part.replace(CLAIMS_BLOCK, "");
    const question = withoutClaims.match(/(?:^>.*(?:\n|$))+/m)?.[0];
    if (!question) fail(file, text, at, `exercise ${n} has no question (a > blockquote)`);
    const answerAt = withoutClaims.search(/^\*\*Answer\.\*\*/m);
    if (answerAt < 0) fail(file, text, at, `exercise ${n} has no **Answer.** paragraph`);
    const answer = withoutClaims.slice(answerAt).replace(/^\*\*Answer\.\*\*\s*/, "");
    return {
      id: `exercise-${module}-${n}`,
      number: `${chapter}.${n}`,
      claim: lines[0].trim(),
      questionHtml: markdown(question.replace(/^>[ \t]?/gm, "")),
      answerHtml: markdown(answer.trim()),
    };
  });
}

/**
 * Audits a lesson or exercises file as an answer sheet and throws, naming the file, unless
 * every claim agrees and no line is an error. Returns how many claims were checked.
 */
export async function auditOrThrow(text: string, file: string): Promise<number> {
  const report = await auditSheet(text, file, { timeout: 20 });
  const problems = [
    ...report.errors.map((e) => e.message),
    ...report.claims.filter((c) => c.verdict !== "agrees").map((c) =>
      `claim ${c.id} ${c.verdict}: the text says ${c.stated}, nnspec computes ${c.computed}` +
      (c.reason ? ` (${c.reason})` : "")
    ),
  ];
  if (problems.length) {
    throw new Error(
      `${file}: ${problems.length} claim(s) not confirmed:\n  ${problems.join("\n  ")}`,
    );
  }
  return report.claims.length;
}

/** Inline Markdown for a title from front matter. */
export function titleHtml(title: string): string {
  return markdownInline(title);
}
