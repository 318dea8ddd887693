/**
 * The book's content, read from the library itself: `deno doc --json` gives each lib/
 * module's prose and each export's documentation, the files give the code, and the audit's
 * JSON report gives the document's worked answers with their verdicts. Nothing here
 * restates a formula; it only arranges what lib/ and the audit say into chapters.
 *
 * @module
 */

import {
  codeBlock,
  escapeHtml,
  markdown,
  markdownInline,
  tex,
  typesetPlainMath,
} from "./markdown.ts";
import { declarationAt } from "./source.ts";
import {
  auditOrThrow,
  type ExerciseMarkup,
  type FigureSource,
  renderExercises,
  renderLesson,
} from "./lessons.ts";

/** The part of chapters about the library itself (lettered A, B, ... after the course). */
export const APPENDIX = "Appendix: the library";

/**
 * The reading order, following the worked solution sheet and then the rest of a course:
 * the neuron of question 1, the convolutions and shapes of questions 2 and 3, the learning
 * of question 4 (gradient descent, then the optimizers that improve on it), the
 * backpropagation of question 5, then what training deep networks adds (normalization,
 * regularization), sequence models (recurrent cells, attention), and an appendix on the
 * library itself (tensors, random numbers, the catalogue of mistakes, the matrix product). A lib module missing from this list still gets a chapter, in a last
 * part, in name order.
 */
export const PARTS: readonly { title: string; modules: readonly string[] }[] = [
  { title: "One neuron", modules: ["neuron", "activations", "losses"] },
  {
    title: "Convolutional layers",
    modules: ["convolution", "shapes", "pooling", "dense", "summary"],
  },
  { title: "Learning", modules: ["learning_rate", "descent", "optimizers", "depth"] },
  { title: "Backpropagation", modules: ["network", "gradcheck"] },
  { title: "Training deep networks", modules: ["normalization", "regularization"] },
  { title: "Sequences", modules: ["recurrent", "attention"] },
  { title: APPENDIX, modules: ["tensor", "random", "mistakes", "matmul"] },
];

/** Live figures (templates in site/_includes/figures/) and the chapter each belongs to. */
export const FIGURES: Readonly<Record<string, readonly string[]>> = {
  neuron: ["neuron"],
  convolution: ["convolution"],
};

/** One documented tag line, e.g. a parameter. */
export interface Item {
  name: string;
  html: string;
}

/** One example: its title and its highlighted code. */
export interface Example {
  titleHtml: string;
  codeHtml: string;
}

/** One mistake a function declares (lib/mistakes.ts): its id, name and why it is made. */
export interface MistakeView {
  id: string;
  nameHtml: string;
  whyHtml: string;
}

/** One exported symbol of a module, ready for the chapter template. */
export interface SymbolView {
  name: string;
  id: string;
  kind: string;
  /** Types and interfaces: shown only in the chapter's collapsed reference, not as sections. */
  isType: boolean;
  summaryHtml: string;
  signatureHtml: string;
  sourceHtml: string;
  location: string;
  /** The declaration in the repository (`--repo URL`), or null when no repository was given. */
  sourceUrl: string | null;
  /** The mistakes the function declares with `commonMistakes`. */
  mistakes: MistakeView[];
  params: Item[];
  returnsHtml: string;
  throws: Item[];
  examples: Example[];
  members: (Item & { id: string; signatureHtml: string })[];
}

/** One worked answer of the document as the audit reports it. */
export interface Claim {
  id: string;
  /** Issue 8: how a disagreeing answer is wrong, null when it agrees. */
  kind?: "error" | "slip" | "depends" | null;
  /** Issue 8: catalogue mistakes that reproduce the stated answer. */
  mistakes?: { function: string; id: string; name: string; why: string }[];
  /** Issue 8: the key of the distinct mistake (report `groups`) the claim belongs to. */
  group?: string | null;
  question?: string | number;
  topic?: string;
  statement?: string;
  stated?: unknown;
  /** The stated answer in LaTeX, when the claims module gives it (typeset instead of `stated`). */
  statedTex?: unknown;
  computed?: unknown;
  verdict?: string;
  reason?: string;
  assumptions?: unknown;
  reproducedBy?: unknown;
  counterexample?: unknown;
  seed?: unknown;
  chapter?: string;
  alternatives?: unknown;
}

/** A claim rendered for the page. */
export interface ClaimView {
  id: string;
  anchor: string;
  question: string;
  chapter: string | null;
  chapterUrl: string | null;
  chapterTitle: string | null;
  verdict: string;
  kind: string;
  group: string;
  mistakesHtml: string;
  statementHtml: string;
  statedHtml: string;
  computedHtml: string;
  reasonHtml: string;
  /** What a person reads first: the distinct mistake's explanation (filled in by buildBook). */
  whyHtml: string;
  /** The computed value at full precision, when the card shows it rounded as the sheet does. */
  computedFullHtml: string;
  assumptionsHtml: string;
  reproducedByHtml: string;
  alternativesHtml: string;
  counterexampleHtml: string;
  seed: string;
}

/** One distinct mistake of the sheet (report `groups`), for the head of the audit page. */
export interface GroupView {
  key: string;
  titleHtml: string;
  kind: string;
  question: string;
  claims: { id: string; anchor: string }[];
  statedHtml: string;
  correctHtml: string;
  whyHtml: string;
}

/** A table of per-cell checks (question 2's nine cells, each a patch and a sum). */
export interface CellTable {
  title: string;
  /** The check names, e.g. `patch`, `sum`: one column pair each. */
  checks: string[];
  rows: { cell: string; cellHtml: string; claims: (ClaimView | null)[] }[];
}

/** The audit report as the report carries it (only the fields the book reads). */
export interface Report {
  document?: string;
  claims: Claim[];
  groups?: {
    key: string;
    title: string;
    kind: string;
    claims: string[];
    correct: string;
    correctTex: string | null;
    why: string;
  }[];
  questions?: Record<string, { text: string | null; reconstructed: boolean }>;
}

/** The audit report, or why it is missing. */
export interface AuditView {
  available: boolean;
  note: string;
  document: string;
  summary: {
    claims: number;
    agrees: number;
    disagrees: number;
    /** Disagreements by kind: errors change a number, slips do not, "depends" is a reading. */
    errors: number;
    slips: number;
    depends: number;
  };
  /** The sheet's title (its front matter) and its file name. */
  sheet: { title: string; file: string };
  /** The sheet as written, rendered for its own page (empty when it cannot be read). */
  sheetHtml: string;
  /** Where that text comes from, e.g. `audit/sheets/seed.txt`. */
  sheetSource: string;
  groups: GroupView[];
  questions: {
    question: string;
    id: string;
    textHtml: string;
    reconstructed: boolean;
    claims: ClaimView[];
    /** The claims in page order, runs of per-cell checks folded into one table. */
    items: ({ claim: ClaimView; table?: undefined } | { table: CellTable; claim?: undefined })[];
  }[];
  unplaced: ClaimView[];
  toc: Chapter["toc"];
}

/** A plot made at build time (see plots.ts). */
export interface PlotView {
  chapter: string;
  id: string;
  title: string;
  captionHtml: string;
  svg: string | null;
  /** The same figure laid out for a phone's width, when it is drawn differently there. */
  narrowSvg?: string | null;
  missing: string;
}

/** A figure placed in a lesson: a drawn plot or diagram, or a live figure's template. */
export interface PlacedFigure {
  id: string;
  number: string;
  plot: PlotView | null;
  live: string | null;
}

/** A chapter's lesson (docs/lessons/<module>.md) cut at its figures. */
export interface LessonPart {
  html: string;
  figure: PlacedFigure | null;
}

/** One chapter: a lib module. */
export interface Chapter {
  module: string;
  file: string;
  url: string;
  number: number;
  /** The chapter's label: its number in the course, a letter in the appendix. */
  label: string;
  /** True for the appendix chapters about the library itself. */
  appendix: boolean;
  /** The lesson, when docs/lessons/<module>.md exists; else the module doc is the text. */
  lesson: LessonPart[] | null;
  /** The chapter's own figures the lesson does not place (or all, without a lesson). */
  moreFigures: PlacedFigure[];
  /** Exercises from docs/exercises/<module>.md, audited at build time. */
  exerciseItems: ExerciseMarkup[];
  part: string;
  title: string;
  blurb: string;
  proseHtml: string;
  /** The module doc's `## Summary` section, shown after the figures and answers. */
  summaryHtml: string;
  exercises: ExerciseView[];
  diagrams: PlotView[];
  symbols: SymbolView[];
  claims: ClaimView[];
  /** The claims with runs of per-cell checks folded into tables (see {@link foldCells}). */
  claimItems: AuditView["questions"][0]["items"];
  plots: PlotView[];
  figures: readonly string[];
  toc: { id: string; title: string; level: number }[];
  prev: { url: string; title: string } | null;
  next: { url: string; title: string } | null;
}

/** An exercise whose answer the audit's checkers confirmed at build time (see exercises.ts). */
export interface ExerciseView {
  id: string;
  questionHtml: string;
  answerHtml: string;
  checkHtml: string;
}

/** One page of the guide (docs/guide/*.md, the manual). */
export interface GuidePage {
  slug: string;
  url: string;
  title: string;
  html: string;
  toc: Chapter["toc"];
  prev: { url: string; title: string } | null;
  next: { url: string; title: string } | null;
}

/** The guide's reading order; pages not listed follow in name order. */
export const GUIDE_ORDER = [
  "examples",
  "audit",
  "sheets",
  "scan",
  "report",
  "security",
  "limits",
  "site",
  "speed",
];

/** Reads docs/guide/*.md into pages, each titled by its `# Heading`. */
export async function buildGuide(dir: string): Promise<GuidePage[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".md")) names.push(entry.name.slice(0, -3));
  }
  const rank = (n: string) =>
    GUIDE_ORDER.indexOf(n) < 0 ? GUIDE_ORDER.length : GUIDE_ORDER.indexOf(n);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const pages: GuidePage[] = [];
  // A link between guide pages (`[Security](security.md)`) reads on GitHub; the site has its page.
  const sibling = (html: string) =>
    html.replace(
      /href="([a-z_]+)\.md(#[^"]*)?"/g,
      (link, n: string, hash = "") => names.includes(n) ? `href="/guide/${n}/${hash}"` : link,
    );
  for (const name of names) {
    const { title, body } = titleAndBody(await Deno.readTextFile(`${dir}/${name}.md`), name);
    const toc: Chapter["toc"] = [];
    // A wide table scrolls in its own box, so a phone's page does not.
    const html = sibling(anchorHeadings(markdown(body), toc)).replace(
      /<table>([\s\S]*?)<\/table>/g,
      '<div class="table-scroll" tabindex="0" role="region" aria-label="Table, scrolls sideways">' +
        "<table>$1</table></div>",
    );
    pages.push({ slug: name, url: `/guide/${name}/`, title, html, toc, prev: null, next: null });
  }
  for (const [i, page] of pages.entries()) {
    const link = (p: GuidePage | undefined) => p ? { url: p.url, title: p.title } : null;
    page.prev = link(pages[i - 1]);
    page.next = link(pages[i + 1]);
  }
  return pages;
}

/** Everything the templates need. */
export interface Book {
  /** The manual's pages (docs/guide/), a part of its own. */
  guide: GuidePage[];
  introHtml: string;
  chapters: Chapter[];
  parts: {
    title: string;
    appendix: boolean;
    chapters: { url: string; title: string; number: number; label: string }[];
  }[];
  audit: AuditView;
}

// deno doc --json, only the fields the book reads.
interface DocTag {
  kind: string;
  name?: string;
  doc?: string;
  value?: string;
  tsType?: { repr?: string };
}
interface JsDoc {
  doc?: string;
  tags?: DocTag[];
}
interface Member {
  name?: string;
  kind?: string;
  jsDoc?: JsDoc;
  location?: { line: number };
}
interface Declaration {
  location: { filename: string; line: number };
  declarationKind?: string;
  jsDoc?: JsDoc;
  kind: string;
  def?: {
    constructors?: Member[];
    methods?: Member[];
    properties?: Member[];
  };
}
interface DocNode {
  module_doc?: JsDoc;
  symbols: { name: string; declarations: Declaration[] }[];
}

/** Runs a command in the repository and returns its exit status and output. */
async function run(root: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** The public lib/ modules: every `lib/*.ts` file whose name does not start with `_`. */
export async function libModules(root: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${root}/lib`)) {
    if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.startsWith("_")) {
      names.push(entry.name.slice(0, -3));
    }
  }
  return names.sort();
}

/** Chapter order: the parts' lists, unlisted modules in a part of their own before the appendix. */
export function chapterOrder(modules: readonly string[]): { part: string; module: string }[] {
  const known = new Set(modules);
  const order: { part: string; module: string }[] = [];
  const listed = new Set(PARTS.flatMap((p) => p.modules));
  for (const part of PARTS) {
    // Unlisted modules come last in the course, before the appendix.
    if (part.title === APPENDIX) {
      for (const module of modules) if (!listed.has(module)) order.push({ part: "More", module });
    }
    for (const module of part.modules) {
      if (known.has(module)) order.push({ part: part.title, module });
    }
  }
  return order;
}

/** The chapter a claim belongs to: its `chapter` field (a lib module), else its `topic`. */
export function claimModule(claim: Claim, modules: ReadonlySet<string>): string | null {
  for (const field of [claim.chapter, claim.topic]) {
    if (typeof field !== "string") continue;
    const name = field.replace(/^.*lib\//, "").replace(/\.ts$/, "").trim();
    if (modules.has(name)) return name;
  }
  return null;
}

/** A URL fragment-safe id. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/<[^>]+>/g, "").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Numbers with at most 12 significant digits, so 0.1 + 0.2 prints as 0.3. */
function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}

function isNumberMatrix(value: unknown): value is number[][] {
  return Array.isArray(value) && value.length > 0 &&
    value.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number"));
}

/** Typesets a stated or computed answer: numbers, vectors and matrices with KaTeX, text as Markdown. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return '<span class="none">—</span>';
  if (typeof value === "number") return `<code>${formatNumber(value)}</code>`;
  if (typeof value === "boolean") return `<code>${value}</code>`;
  if (typeof value === "string") return markdownInline(value);
  if (Array.isArray(value) && value.every((x) => typeof x === "number")) {
    return tex(`\\begin{bmatrix} ${value.map(formatNumber).join(" & ")} \\end{bmatrix}`);
  }
  if (isNumberMatrix(value)) {
    const rows = value.map((row) => row.map(formatNumber).join(" & ")).join(" \\\\ ");
    return tex(`\\begin{bmatrix} ${rows} \\end{bmatrix}`);
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isNumberMatrix)) {
    return value.map(formatValue).join(" ");
  }
  if (Array.isArray(value) && value.every((x) => typeof x === "string")) {
    return `<ul>${value.map((x) => `<li>${markdownInline(x)}</li>`).join("")}</ul>`;
  }
  return `<code class="json">${escapeHtml(JSON.stringify(value))}</code>`;
}

/** Replaces JSDoc `{@link name}` with Markdown links into the book. */
function linkify(text: string, index: ReadonlyMap<string, string>): string {
  return text.replace(
    /\{@link(code|plain)?\s+([^\s}|]+)(?:\s*\|\s*|\s+)?([^}]*)\}/g,
    (_m, style: string | undefined, target: string, label: string) => {
      const url = index.get(target) ?? index.get(target.split(".")[0]);
      const shown = label.trim() || target;
      const text = style === "plain" ? shown : `\`${shown}\``;
      return url ? `[${text}](${url})` : text;
    },
  );
}

/** Adds ids to the headings of rendered prose and lists them for the table of contents. */
function anchorHeadings(html: string, toc: Chapter["toc"]): string {
  return html.replace(/<h([2-4])>(.*?)<\/h\1>/g, (_m, level: string, inner: string) => {
    const id = slug(inner);
    toc.push({ id, title: inner.replace(/<[^>]+>/g, ""), level: Number(level) });
    return `<h${level} id="${id}">${inner}</h${level}>`;
  });
}

/** Splits a module's prose into its `# Title` and the rest. */
function titleAndBody(doc: string, fallback: string): { title: string; body: string } {
  const match = doc.match(/^\s*#\s+(.+)\n/);
  if (!match) return { title: fallback, body: doc };
  return { title: match[1].trim(), body: doc.slice(match[0].length) };
}

/**
 * The teaser on the contents page: the whole sentences of the first paragraph of prose (a
 * sentence that runs on into a display formula is left out), else the first point of the
 * module's summary, so no teaser stops mid-sentence.
 */
export function blurbOf(body: string, summary: string, index: ReadonlyMap<string, string>): string {
  const para = (body.trim().split(/\n\s*\n/).find((p) => !p.trim().startsWith("$$")) ?? "")
    .replace(/\n/g, " ").trim();
  const sentences = para.split(/(?<=[.!?])\s+(?=[A-Z(])/);
  const whole = sentences.filter((s, i) => i < sentences.length - 1 || /[.!?]\)?$/.test(s));
  const firstPoint = summary.match(/^\s*- (.+(?:\n {2,}.+)*)/m)?.[1].replace(/\s+/g, " ");
  const text = whole.length ? whole.join(" ") : firstPoint ?? para;
  return markdownInline(linkify(text, index));
}

/**
 * A doc example's code as a reader runs it: it imports the library's file next to it
 * (`./convolution.ts`); the book shows the import from `./mod.ts`, which re-exports every
 * file, as the guide's "Running the examples" explains.
 */
export function readerImports(code: string): string {
  return code.replace(/(from\s+")\.\/(?!mod\.ts")[a-z_]+\.ts(")/g, "$1./mod.ts$2");
}

function exampleOf(doc: string, index: ReadonlyMap<string, string>): Example {
  const fence = doc.indexOf("```");
  const title = fence < 0 ? doc : doc.slice(0, fence);
  const code = fence < 0 ? "" : readerImports(doc.slice(fence));
  return {
    titleHtml: markdownInline(linkify(title.trim(), index)),
    codeHtml: code ? markdown(code) : "",
  };
}

/** What a symbol's view needs besides its declaration: the repository and the mistakes. */
export interface SymbolContext {
  /** The repository's web URL (`--repo`), without a trailing slash, or null. */
  repo: string | null;
  /** The branch or commit source links point at. */
  ref: string;
  /** The declared mistakes of an export by name (lib/mistakes.ts `mistakesOf`). */
  mistakesOf(name: string): readonly { id: string; name: string; why: string }[] | undefined;
}

/**
 * Checks a `--repo` URL: only http(s) addresses become source links (never `file:`, which
 * would point into the build machine), and the trailing slash is dropped.
 */
export function repoUrl(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  const parsed = URL.parse(value);
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new RangeError(`--repo must be an http(s) URL, got "${value}"`);
  }
  return parsed.href.replace(/\/+$/, "");
}

/** Builds the documentation of one symbol. */
function symbolView(
  name: string,
  decl: Declaration,
  source: string,
  file: string,
  index: ReadonlyMap<string, string>,
  context: SymbolContext,
): SymbolView {
  const tags = decl.jsDoc?.tags ?? [];
  const text = (doc = "") => markdown(linkify(doc, index));
  const inline = (doc = "") => markdownInline(linkify(doc.replace(/\n/g, " "), index));
  const found = declarationAt(source, decl.location.line + 1, decl.kind);
  const memberList: (Member & { scan: string })[] = [
    ...(decl.def?.constructors ?? []).map((m) => ({ ...m, name: "constructor", scan: "function" })),
    ...(decl.def?.properties ?? []).map((m) => ({ ...m, scan: "property" })),
    ...(decl.def?.methods ?? []).map((m) => ({ ...m, scan: "function" })),
  ];
  const kind = decl.kind === "typeAlias" ? "type" : decl.kind;
  return {
    name,
    id: name,
    kind,
    isType: kind === "type" || kind === "interface",
    summaryHtml: text(decl.jsDoc?.doc),
    signatureHtml: codeBlock(found.signature),
    sourceHtml: codeBlock(found.text),
    location: `${file}, lines ${found.startLine}–${found.endLine}`,
    sourceUrl: context.repo
      ? `${context.repo}/blob/${context.ref}/${file}#L${found.startLine}-L${found.endLine}`
      : null,
    mistakes: (context.mistakesOf(name) ?? []).map((m) => ({
      id: m.id,
      nameHtml: inline(typesetPlainMath(m.name)),
      whyHtml: inline(typesetPlainMath(m.why)),
    })),
    params: tags.filter((t) => t.kind === "param").map((t) => ({
      name: t.name ?? "",
      html: inline(t.doc),
    })),
    returnsHtml: inline(tags.find((t) => t.kind === "return")?.doc),
    throws: tags.filter((t) => t.kind === "throws").map((t) => ({
      name: t.tsType?.repr ?? "",
      html: inline(t.doc),
    })),
    examples: tags.filter((t) => t.kind === "example").map((t) => exampleOf(t.doc ?? "", index)),
    members: memberList.filter((m) => m.jsDoc?.doc || m.jsDoc?.tags?.length).map((m) => {
      // Interface methods have no body: their head ends at the semicolon.
      const scan = decl.kind === "interface" ? "property" : m.scan;
      const head = m.location ? declarationAt(source, m.location.line + 1, scan).signature : "";
      const defaults = (m.jsDoc?.tags ?? []).filter((t) => t.kind === "default")
        .map((t) => ` Default: \`${t.value}\`.`).join("");
      return {
        name: m.name ?? "",
        id: `${name}.${m.name}`,
        signatureHtml: head ? codeBlock(head.trim()) : "",
        html: inline((m.jsDoc?.doc ?? "") + defaults),
      };
    }),
  };
}

/** The alternative readings an audit tried: `{ reading, computed, reproduces }` each. */
function alternativesOf(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return "";
  const items = value.map((a) => {
    if (a === null || typeof a !== "object" || !("reading" in a)) {
      return `<li>${formatValue(a)}</li>`;
    }
    const { reading, computed, reproduces } = a as Record<string, unknown>;
    const mark = reproduces
      ? '<span class="badge badge-agrees">reproduces the stated answer</span>'
      : '<span class="badge">does not reproduce it</span>';
    return `<li>${formatValue(reading)}: ${formatValue(computed)} ${mark}</li>`;
  });
  return `<ul>${items.join("")}</ul>`;
}

/** A shrunk counterexample: the inputs, what the stated formula gives and the true value. */
function counterexampleOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "object" || !("values" in value)) return formatValue(value);
  const { values, stated, expected } = value as Record<string, unknown>;
  const inputs = values && typeof values === "object"
    ? Object.entries(values).map(([k, v]) =>
      `<code>${escapeHtml(k)} = ${escapeHtml(JSON.stringify(v))}</code>`
    )
      .join(", ")
    : formatValue(values);
  return `${inputs}: the stated formula gives ${formatValue(stated)}, the true value is ${
    formatValue(expected)
  }`;
}

/**
 * The stated answer: its LaTeX typeset by KaTeX when the claim has `statedTex` (a bad
 * formula throws, so it fails the build rather than reaching a page), else the plain
 * `stated` text. Display style keeps the sheet's nested fractions full size; the formula
 * stays inline so a long one scrolls inside its box.
 */
export function statedOf(claim: Claim): string {
  if (typeof claim.statedTex === "string" && claim.statedTex.trim()) {
    try {
      return tex(`\\displaystyle ${claim.statedTex.trim()}`);
    } catch (error) {
      throw new Error(`claim ${claim.id}: statedTex does not typeset: ${(error as Error).message}`);
    }
  }
  return formatValue(claim.stated);
}

/**
 * A computed value as the sheet would write it: the audit prints the value at the sheet's
 * precision followed by the full float in brackets ("0.8 (0.7999999999999999)"); the page
 * shows the first and folds the second away.
 */
export function atSheetPrecision(text: string): string {
  return text.replace(/(-?\d[\d.]*(?:e[-+]?\d+)?) \((-?\d+\.\d{6,}(?:e[-+]?\d+)?)\)/g, "$1");
}

/** The sheet's title without the file name in brackets that the seed's title carries. */
export function sheetTitle(document: string): { title: string; file: string } {
  const m = document.match(/^(.*?)\s*\(([^()]+\.(?:txt|md|tex))\)\s*$/);
  const title = (m ? m[1] : document).trim();
  return { title: title.charAt(0).toUpperCase() + title.slice(1), file: m ? m[2] : "" };
}

/**
 * The audited sheet as its author wrote it, for the site's sheet page: the original beside
 * the claims sheet when there is one (`seed.txt` beside `seed.md`), else the claims sheet
 * itself. Only files inside the repository are read.
 */
export async function sheetText(
  root: string,
  report: Report | null,
): Promise<{ sheetHtml: string; sheetSource: string }> {
  const module = (report as { module?: string } | null)?.module ?? "";
  if (!/^[\w./-]+\.md$/.test(module) || module.includes("..")) {
    return { sheetHtml: "", sheetSource: "" };
  }
  for (const source of [module.replace(/\.md$/, ".txt"), module]) {
    const text = await Deno.readTextFile(`${root}/${source}`).catch(() => null);
    if (text === null) continue;
    try {
      return { sheetHtml: markdown(text), sheetSource: source };
    } catch (error) {
      throw new Error(`${source}: the sheet does not render: ${(error as Error).message}`);
    }
  }
  return { sheetHtml: "", sheetSource: "" };
}

/** Renders one claim for a page. */
export function claimView(claim: Claim, chapter: Chapter | undefined): ClaimView {
  const list = (value: unknown) =>
    value === undefined || value === null || (Array.isArray(value) && value.length === 0)
      ? ""
      : formatValue(value);
  return {
    id: claim.id,
    anchor: `claim-${slug(String(claim.id))}`,
    question: String(claim.question ?? String(claim.id).match(/^\d+/)?.[0] ?? "?"),
    chapter: chapter?.module ?? null,
    chapterUrl: chapter?.url ?? null,
    chapterTitle: chapter?.title ?? null,
    verdict: claim.verdict ?? "unknown",
    kind: claim.kind ?? "",
    group: claim.group ?? "",
    mistakesHtml: (claim.mistakes ?? []).length
      ? `<ul>${
        claim.mistakes!.map((m) =>
          `<li><code>${escapeHtml(m.function)}</code>: ${
            markdownInline(typesetPlainMath(m.name))
          }. ${markdownInline(typesetPlainMath(m.why))}</li>`
        ).join("")
      }</ul>`
      : "",
    statementHtml: claim.statement ? markdownInline(typesetPlainMath(claim.statement)) : "",
    statedHtml: statedOf(claim),
    computedHtml: formatValue(
      typeof claim.computed === "string" ? atSheetPrecision(claim.computed) : claim.computed,
    ),
    computedFullHtml: typeof claim.computed === "string" &&
        atSheetPrecision(claim.computed) !== claim.computed
      ? formatValue(claim.computed)
      : "",
    reasonHtml: claim.reason ? markdownInline(claim.reason) : "",
    whyHtml: "",
    assumptionsHtml: list(claim.assumptions),
    reproducedByHtml: list(claim.reproducedBy),
    alternativesHtml: alternativesOf(claim.alternatives),
    counterexampleHtml: counterexampleOf(claim.counterexample),
    seed: claim.seed === undefined || claim.seed === null ? "" : String(claim.seed),
  };
}

/**
 * Reads the audit's JSON report: from `reportFile` when given (`deno task site --report
 * FILE`, e.g. a saved report or the test fixture), else by running `deno task audit
 * --format json`, if the task exists.
 */
export async function readAudit(
  root: string,
  reportFile?: string,
): Promise<{ report: Report | null; note: string }> {
  if (reportFile) {
    const report = JSON.parse(await Deno.readTextFile(reportFile));
    if (!Array.isArray(report.claims)) {
      throw new Error(`${reportFile}: the report has no claims array`);
    }
    return { report, note: "" };
  }
  const config = JSON.parse(await Deno.readTextFile(`${root}/deno.json`));
  if (!config.tasks?.audit) {
    return { report: null, note: "deno.json has no audit task yet." };
  }
  const result = await run(root, ["task", "-q", "audit", "--format", "json"]);
  const start = result.stdout.indexOf("{");
  try {
    if (start < 0) throw new Error("no JSON in its output");
    const report = JSON.parse(result.stdout.slice(start));
    if (!Array.isArray(report.claims)) throw new Error("the report has no claims array");
    return { report, note: "" };
  } catch (error) {
    const why = result.stderr.trim().split("\n").slice(-3).join(" ");
    return {
      report: null,
      note: `\`deno task audit --format json\` ${result.ok ? "" : "failed and "}gave no report (${
        (error as Error).message
      }${why ? `; ${why}` : ""}).`,
    };
  }
}

/** Build options: the repository for source links, and the exercises and diagrams. */
export interface BookOptions {
  /** The repository's web URL (`--repo`); no source links when absent. */
  repo?: string | null;
  /** The branch or commit of the source links (default `main`). */
  ref?: string;
  /** Checked exercises by chapter module. */
  exercises?: Readonly<Record<string, ExerciseView[]>>;
  /** Diagrams by chapter module (drawn before the plots). */
  diagrams?: readonly PlotView[];
  /** The folder holding lessons/ and exercises/ (default `ROOT/docs`). */
  textDir?: string;
}

/** Splits a module doc at its `## Summary` heading: the opening prose and the summary. */
export function splitSummary(body: string): { opening: string; summary: string } {
  const match = body.match(/^##\s+Summary\s*$/m);
  if (!match) return { opening: body, summary: "" };
  return {
    opening: body.slice(0, match.index),
    summary: body.slice(match.index! + match[0].length),
  };
}

/**
 * The distinct mistakes of the sheet, from the report's `groups` (issue 8): each with what
 * the sheet says (its first claim's stated answer), the correct answer typeset, why, and
 * its kind. Without `groups` (an older report) every disagreeing claim is its own group.
 */
export function groupViews(report: Report | null, views: readonly ClaimView[]): GroupView[] {
  if (!report) return [];
  const byId = new Map(views.map((v) => [v.id, v]));
  const claimsById = new Map(report.claims.map((c) => [c.id, c]));
  const groups = report.groups ?? report.claims.filter((c) => c.verdict !== "agrees").map((c) => ({
    key: String(c.id),
    title: c.statement ?? String(c.id),
    kind: c.kind ?? "error",
    claims: [c.id],
    correct: String(c.computed ?? ""),
    correctTex: null,
    why: c.reason ?? "",
  }));
  return groups.map((group) => {
    const first = claimsById.get(group.claims[0]);
    let correctHtml: string;
    try {
      correctHtml = group.correctTex
        ? tex(`\\displaystyle ${group.correctTex}`)
        : markdownInline(atSheetPrecision(group.correct));
    } catch (error) {
      throw new Error(
        `group ${group.key}: correctTex does not typeset: ${(error as Error).message}`,
      );
    }
    return {
      key: group.key,
      titleHtml: markdownInline(typesetPlainMath(group.title)),
      kind: group.kind,
      question: byId.get(group.claims[0])?.question ?? "",
      claims: group.claims.map((id) => ({
        id,
        anchor: byId.get(id)?.anchor ?? `claim-${slug(id)}`,
      })),
      statedHtml: first ? statedOf(first) : "",
      correctHtml,
      whyHtml: markdownInline(typesetPlainMath(group.why)),
    };
  });
}

/** A per-cell check id such as `2a.O12.sum`: its prefix, the cell's row and column, the check. */
const CELL = /^(.+)\.O(\d)(\d)\.([a-z-]+)$/;

/**
 * Folds runs of per-cell checks (`2a.O00.patch`, `2a.O00.sum`, ... ) into one table with a
 * row per cell and a column per check, so question 2's 18 checks read as one grid. Other
 * claims stay in order; a run of fewer than four checks stays as cards.
 */
export function foldCells(claims: readonly ClaimView[]): AuditView["questions"][0]["items"] {
  const items: AuditView["questions"][0]["items"] = [];
  let run: ClaimView[] = [];
  const flush = () => {
    if (run.length >= 4) {
      const checks = [...new Set(run.map((c) => c.id.match(CELL)![4]))];
      const cells = [
        ...new Set(run.map((c) => {
          const m = c.id.match(CELL)!;
          return `${m[2]}${m[3]}`;
        })),
      ];
      items.push({
        table: {
          title: run[0].id.match(CELL)![1],
          checks,
          rows: cells.map((cell) => ({
            cell,
            cellHtml: tex(`O_{${cell}}`),
            claims: checks.map((check) =>
              run.find((c) => {
                const m = c.id.match(CELL)!;
                return `${m[2]}${m[3]}` === cell && m[4] === check;
              }) ?? null
            ),
          })),
        },
      });
    } else {
      for (const claim of run) items.push({ claim });
    }
    run = [];
  };
  for (const claim of claims) {
    const m = claim.id.match(CELL);
    if (m && (run.length === 0 || run[0].id.match(CELL)![1] === m[1])) run.push(claim);
    else {
      flush();
      if (m) run.push(claim);
      else items.push({ claim });
    }
  }
  flush();
  return items;
}

/** Builds the whole book from lib/, mod.ts, the audit report and the plots. */
export async function buildBook(
  root: string,
  audit: { report: Report | null; note: string },
  plots: PlotView[],
  options: BookOptions = {},
): Promise<Book> {
  const modules = await libModules(root);
  const files = modules.map((m) => `lib/${m}.ts`);
  const doc = await run(root, ["doc", "--json", "mod.ts", ...files]);
  if (!doc.ok) throw new Error(`deno doc --json failed:\n${doc.stderr}`);
  const nodes: Record<string, DocNode> = JSON.parse(doc.stdout).nodes;
  const nodeOf = (path: string) =>
    Object.entries(nodes).find(([url]) => url.endsWith(`/${path}`))?.[1];

  const order = chapterOrder(modules);
  // The declared mistakes of every export, read from the library itself.
  // deno-lint-ignore no-explicit-any
  const exports: Record<string, any> = {};
  for (const module of modules) Object.assign(exports, await import(`${root}/lib/${module}.ts`));
  const context: SymbolContext = {
    repo: options.repo ?? null,
    ref: options.ref ?? "main",
    mistakesOf: (name) =>
      typeof exports[name] === "function" && typeof exports.mistakesOf === "function"
        ? exports.mistakesOf(exports[name])
        : undefined,
  };
  // Every symbol's page and anchor, for {@link} in any chapter.
  const index = new Map<string, string>();
  for (const { module } of order) {
    for (const symbol of nodeOf(`lib/${module}.ts`)?.symbols ?? []) {
      index.set(symbol.name, `/chapters/${module}/#${symbol.name}`);
      for (const decl of symbol.declarations) {
        for (const m of [...(decl.def?.methods ?? []), ...(decl.def?.properties ?? [])]) {
          index.set(`${symbol.name}.${m.name}`, `/chapters/${module}/#${symbol.name}.${m.name}`);
        }
      }
    }
  }

  // Every figure a lesson may place, by id: the plots and diagrams, then the live figures.
  const drawn = [...(options.diagrams ?? []), ...plots];
  const figureSources = new Map<string, FigureSource>([
    ...drawn.map((p) => [p.id, { kind: "svg", id: p.id }] as const),
    ...Object.values(FIGURES).flat().map((id) => [id, { kind: "live", id }] as const),
  ]);
  const placed = (id: string, number: string): PlacedFigure => ({
    id,
    number,
    plot: drawn.find((p) => p.id === id) ?? null,
    live: figureSources.get(id)?.kind === "live" ? id : null,
  });
  const textDir = options.textDir ?? `${root}/docs`;
  const readText = (path: string) => Deno.readTextFile(path).catch(() => null);
  const audits: Promise<number>[] = [];

  const chapters: Chapter[] = [];
  let courseNumber = 0;
  let appendixNumber = 0;
  for (const [i, { part, module }] of order.entries()) {
    const appendix = part === APPENDIX;
    const label = appendix ? String.fromCharCode(65 + appendixNumber++) : String(++courseNumber);
    const lessonFile = `docs/lessons/${module}.md`;
    const exercisesFile = `docs/exercises/${module}.md`;
    const lessonText = await readText(`${textDir}/lessons/${module}.md`);
    const exercisesText = await readText(`${textDir}/exercises/${module}.md`);
    if (lessonText !== null) audits.push(auditOrThrow(lessonText, lessonFile));
    if (exercisesText !== null) audits.push(auditOrThrow(exercisesText, exercisesFile));
    const lessonView = lessonText === null
      ? null
      : renderLesson(lessonText, lessonFile, label, figureSources);
    const exerciseItems = exercisesText === null
      ? []
      : renderExercises(exercisesText, exercisesFile, module, label);
    const own = [
      ...(options.diagrams ?? []),
      ...plots,
      ...(FIGURES[module] ?? []).map((id) => ({
        id,
        chapter: module,
      })),
    ].filter((p) => p.chapter === module && !lessonView?.figureNumbers.has(p.id));
    const firstFree = (lessonView?.figureNumbers.size ?? 0) + 1;
    const moreFigures = own.map((p, k) => placed(p.id, `${label}.${firstFree + k}`));
    const file = `lib/${module}.ts`;
    const node = nodeOf(file);
    const source = await Deno.readTextFile(`${root}/${file}`);
    const { title, body: whole } = titleAndBody(node?.module_doc?.doc ?? "", module);
    const { opening: body, summary } = splitSummary(whole);
    const toc: Chapter["toc"] = [];
    const moduleExamples = (node?.module_doc?.tags ?? []).filter((t) => t.kind === "example")
      .map((t) => exampleOf(t.doc ?? "", index));
    let proseHtml = anchorHeadings(markdown(linkify(body, index)), toc);
    for (const example of moduleExamples) {
      proseHtml +=
        `<div class="example"><p class="example-title">Example: ${example.titleHtml}</p>${example.codeHtml}</div>`;
    }
    const symbols = (node?.symbols ?? [])
      .flatMap((s) => s.declarations.slice(0, 1).map((d) => ({ name: s.name, decl: d })))
      .sort((a, b) => a.decl.location.line - b.decl.location.line)
      .map(({ name, decl }) => symbolView(name, decl, source, file, index, context));
    if (lessonView) toc.splice(0, toc.length, ...lessonView.toc);
    chapters.push({
      module,
      file,
      url: `/chapters/${module}/`,
      number: i + 1,
      label,
      appendix,
      lesson: lessonView
        ? lessonView.segments.map((seg) => ({
          html: seg.html ?? "",
          figure: seg.figure ? placed(seg.figure.id, seg.figure.number) : null,
        }))
        : null,
      moreFigures,
      exerciseItems,
      part,
      title: lessonView?.title || title,
      blurb: blurbOf(body, summary, index),
      proseHtml,
      summaryHtml: summary.trim() ? markdown(linkify(summary, index)) : "",
      exercises: options.exercises?.[module] ?? [],
      diagrams: (options.diagrams ?? []).filter((p) => p.chapter === module),
      symbols,
      claims: [],
      claimItems: [],
      plots: plots.filter((p) => p.chapter === module),
      // The live figures on the page (their script is loaded only where one is).
      figures: [
        ...(lessonView ? [...lessonView.figureNumbers.keys()] : []),
        ...moreFigures.map((f) => f.id),
      ].filter((id) => figureSources.get(id)?.kind === "live"),
      toc,
      prev: null,
      next: null,
    });
  }
  for (const [i, chapter] of chapters.entries()) {
    const link = (c: Chapter | undefined) => c ? { url: c.url, title: c.title } : null;
    chapter.prev = link(chapters[i - 1]);
    chapter.next = link(chapters[i + 1]);
  }

  const byModule = new Map(chapters.map((c) => [c.module, c]));
  const moduleSet = new Set(byModule.keys());
  const views = (audit.report?.claims ?? []).map((claim) => {
    const module = claimModule(claim, moduleSet);
    return claimView(claim, module ? byModule.get(module) : undefined);
  });
  for (const view of views) if (view.chapter) byModule.get(view.chapter)!.claims.push(view);

  for (const chapter of chapters) {
    chapter.claimItems = foldCells(chapter.claims);
    if (chapter.moreFigures.length) {
      chapter.toc.push({
        id: "figures",
        title: chapter.lesson ? "More figures" : "Figures",
        level: 2,
      });
    }
    if (chapter.summaryHtml && !chapter.lesson) {
      chapter.toc.push({ id: "summary", title: "Summary", level: 2 });
    }
    if (chapter.claims.length) {
      chapter.toc.push({ id: "worked-answers", title: "The sheet's answers", level: 2 });
    }
    if (chapter.exerciseItems.length || chapter.exercises.length) {
      chapter.toc.push({ id: "exercises", title: "Exercises", level: 2 });
    }
    if (chapter.symbols.length) {
      chapter.toc.push({ id: "reference", title: "Reference", level: 2 });
    }
  }
  // A lesson or exercise that the library does not confirm stops the build here.
  await Promise.all(audits);

  const questions = new Map<string, ClaimView[]>();
  for (const view of views) {
    if (!questions.has(view.question)) questions.set(view.question, []);
    questions.get(view.question)!.push(view);
  }
  const agrees = views.filter((v) => v.verdict === "agrees").length;
  // A disagreement without a kind (an older report) counts as an error.
  const disagreeing = (kind: string) =>
    views.filter((v) => v.verdict !== "agrees" && (v.kind || "error") === kind).length;
  const groups = groupViews(audit.report, views);
  // Each disagreeing card leads with its mistake's explanation, written for a person.
  const whyOf = new Map(groups.map((g) => [g.key, g.whyHtml]));
  for (const view of views) if (view.group) view.whyHtml = whyOf.get(view.group) ?? "";
  const texts = audit.report?.questions ?? {};
  const modDoc = nodeOf("mod.ts")?.module_doc?.doc ?? "";
  return {
    guide: await buildGuide(`${root}/docs/guide`),
    introHtml: markdown(linkify(titleAndBody(modDoc, "nnspec").body, index)),
    chapters,
    parts: [...new Set(chapters.map((c) => c.part))].map((title) => ({
      title,
      appendix: title === APPENDIX,
      chapters: chapters.filter((c) => c.part === title).map((c) => ({
        url: c.url,
        title: c.title,
        number: c.number,
        label: c.label,
      })),
    })),
    audit: {
      available: audit.report !== null,
      note: audit.note,
      document: audit.report?.document ?? "",
      summary: {
        claims: views.length,
        agrees,
        disagrees: views.length - agrees,
        errors: disagreeing("error"),
        slips: disagreeing("slip"),
        depends: disagreeing("depends"),
      },
      sheet: sheetTitle(audit.report?.document ?? ""),
      ...await sheetText(root, audit.report),
      groups,
      questions: [...questions].map(([question, claims]) => ({
        question,
        id: `question-${slug(question)}`,
        textHtml: texts[question]?.text ? markdownInline(texts[question].text!) : "",
        reconstructed: texts[question]?.reconstructed ?? false,
        claims,
        items: foldCells(claims),
      })),
      unplaced: views.filter((v) => !v.chapter),
      toc: [
        ...(audit.report ? [{ id: "mistakes", title: "What the sheet gets wrong", level: 2 }] : []),
        ...(audit.report ? [{ id: "claims", title: "Every claim", level: 2 }] : []),
        ...[...questions.keys()].map((q) => ({
          id: `question-${slug(q)}`,
          title: `Question ${q}`,
          level: 3,
        })),
      ],
    },
  };
}
