/// <reference lib="dom" />
/**
 * The audit engine in the page: answer boxes for the book's exercises and the sheet page.
 * Bundled to `_site/assets/engine.js` and loaded only on pages that have an exercise
 * (`.exercise[data-claim]`) or the sheet page (`[data-sheet-page]`). The engine itself
 * (docs/engine/worker.ts) runs in a Worker that this script stops when a check runs past
 * its time limit, so no sheet can freeze the page; nothing is sent anywhere.
 *
 * @module
 */

import type { AnswerVerdict, SheetAudit } from "./check.ts";

/** Time limits (ms): one answer's check, and a whole pasted sheet's audit. */
export const LIMITS = { check: 10_000, sheet: 30_000 };
/** The largest sheet the page sends to the engine (the engine checks it again). */
const MAX_SHEET_BYTES = 2 ** 20;
/** The longest link fragment the page writes (a sheet that packs larger gets no link). */
const MAX_FRAGMENT = 64_000;

/** Timings (ms since navigation start) for the browser test's measurement. */
const timing: {
  start?: number;
  ready?: number;
  firstVerdict?: number;
  workerLoaded?: number;
  workerWarm?: number;
  workerStarted?: number;
  created?: number;
  /** How long each check took, from the click to the verdict shown. */
  checks: number[];
} = { start: performance.now(), checks: [] };
(globalThis as unknown as { nnspecEngineTiming: typeof timing }).nnspecEngineTiming = timing;

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The Worker, started at once, restarted after a stop; each call has a time limit. */
class Engine {
  #worker: Worker | null = null;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /**
   * The Worker's code, fetched once as text and kept as a blob: URL, so a Worker restarted
   * after a stop needs no network (the site may be gone by then). A failed fetch is tried
   * once more, and forgotten, so that the next check fetches again.
   */
  #source: Promise<string> | null = null;

  #code(): Promise<string> {
    const load = async () => {
      const response = await fetch(new URL("./engine-worker.js", import.meta.url));
      if (!response.ok) throw new Error(`the engine could not load (HTTP ${response.status})`);
      return URL.createObjectURL(new Blob([await response.blob()], { type: "text/javascript" }));
    };
    this.#source ??= load().catch(load).catch((error) => {
      this.#source = null;
      throw new Error(`the engine could not load: ${(error as Error).message}`);
    });
    return this.#source;
  }

  async #start(): Promise<Worker> {
    const source = await this.#code();
    if (this.#worker) return this.#worker;
    timing.created ??= performance.now();
    const worker = new Worker(source, { type: "module" });
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.stop(`the engine failed: ${event.message || "it could not load"}`);
    };
    this.#worker = worker;
    return worker;
  }

  /** Stops the Worker; every call waiting on it fails with `why`. */
  stop(why: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { reject } of this.#pending.values()) reject(new Error(why));
    this.#pending.clear();
  }

  async call<T>(message: Record<string, unknown>, limitMs: number): Promise<T> {
    const worker = await this.#start();
    const id = this.#next++;
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => this.stop(`it ran longer than ${limitMs / 1000} s and was stopped`),
        limitMs,
      );
      const done = <A>(f: (a: A) => void) => (a: A) => {
        clearTimeout(timer);
        f(a);
      };
      this.#pending.set(id, {
        resolve: done(resolve as (v: unknown) => void),
        reject: done(reject),
      });
      worker.postMessage({ id, ...message });
    });
  }
}

/** An element with attributes and children (text children are set as text, never as HTML). */
function el(
  tag: string,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function decimalsWord(n: number): string {
  return `${n} decimal${n === 1 ? "" : "s"}`;
}

/** What the answer box says about a verdict. */
function verdictView(v: AnswerVerdict, showAnswer: () => void): (Node | string)[] {
  const answerButton = () => {
    const button = el("button", { type: "button", class: "link-button" }, "the worked answer");
    button.addEventListener("click", showAnswer);
    return button;
  };
  switch (v.verdict) {
    case "right":
      return [el("strong", {}, "Right."), ` ${v.answer} is the answer.`];
    case "coarse":
      return [
        el("strong", {}, "Right"),
        ` to ${decimalsWord(v.decimals)}. The worked answer gives ${decimalsWord(v.wanted)}; `,
        "compare with ",
        answerButton(),
        ".",
      ];
    case "mistake": {
      const items = v.mistakes.map((m) =>
        el(
          "li",
          {},
          el("strong", { class: "mistake-name" }, m.name),
          m.with ? ` together with ${m.with.name}` : "",
          ` (in ${m.function}${m.with ? ` and ${m.with.function}` : ""}): `,
          m.why,
        )
      );
      for (const r of v.readings) items.push(el("li", {}, "the reading ", el("strong", {}, r)));
      return [
        el("strong", {}, "Not right."),
        ` ${v.answer} is what ${
          items.length > 1 ? "each of these known mistakes gives" : "a known mistake gives"
        }:`,
        el("ul", { class: "answer-mistakes" }, ...items),
        "Try again, or open ",
        answerButton(),
        ".",
      ];
    }
    case "slip":
      return [
        el("strong", {}, "Almost."),
        ` ${v.answer} is the answer cut after ${decimalsWord(v.decimals)} instead of ` +
        "rounded: look at the next decimal and round.",
      ];
    case "wrong":
      return [
        el("strong", {}, "Not right."),
        ` No mistake nnspec knows gives ${v.answer}. Check your working, or open `,
        answerButton(),
        ".",
      ];
    case "unreadable":
      return [v.reason];
  }
}

/** Puts an input and a Check button into an exercise's `.answer-box`. */
function answerBox(section: HTMLElement, engine: Engine, index: number): void {
  const box = section.querySelector<HTMLElement>(".answer-box");
  if (!box || box.dataset.ready) return;
  box.dataset.ready = "true";
  const claim = section.dataset.claim ?? "";
  const key = section.id || `exercise-${index}`;
  const input = el("input", {
    id: `${key}-answer`,
    // A text keyboard on phones: a decimal pad has no minus sign, letters or brackets.
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: "2000",
  }) as HTMLInputElement;
  const button = el("button", { type: "submit" }, "Check") as HTMLButtonElement;
  const out = el("div", { class: "answer-verdict", role: "status", "aria-live": "polite" });
  const form = el(
    "form",
    { class: "answer-form" },
    el("label", { for: input.id }, "Your answer"),
    input,
    button,
  );
  const showAnswer = () => {
    const details = section.querySelector<HTMLDetailsElement>("details.worked-answer");
    if (!details) return;
    details.open = true;
    details.querySelector("summary")?.focus();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const asked = performance.now();
    out.dataset.verdict = "checking";
    out.replaceChildren("Checking…");
    try {
      const v = await engine.call<AnswerVerdict>(
        { op: "check", claim, answer: input.value },
        LIMITS.check,
      );
      out.dataset.verdict = v.verdict;
      out.replaceChildren(...verdictView(v, showAnswer));
      timing.firstVerdict ??= performance.now();
      timing.checks.push(performance.now() - asked);
    } catch (error) {
      out.dataset.verdict = "error";
      out.replaceChildren(`The check could not run: ${(error as Error).message}.`);
    }
  });
  box.replaceChildren(form, out);
}

// --- The sheet page ---------------------------------------------------------------

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The sheet packed for the link's fragment: deflated, base64url. */
async function pack(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return base64url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The sheet from a link's fragment; stops reading past the page's size limit. */
async function unpack(code: string): Promise<string> {
  const binary = atob(code.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"))
    .getReader();
  const chunks: BlobPart[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_SHEET_BYTES) {
      await reader.cancel();
      throw new RangeError("the linked sheet is larger than the page's 1 MiB limit");
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
}

/**
 * Fits the rendered report into the page: its headings one level down (the page has its
 * own h1), each table in a box that scrolls sideways on a phone, each claim linked to its
 * chapter and marked with its verdict.
 */
function linkReport(root: HTMLElement, audit: SheetAudit, chapters: Set<string>): void {
  const base = document.documentElement.dataset.base ?? "/";
  for (const h of root.querySelectorAll("h1, h2, h3, h4, h5")) {
    const lower = el(`h${Math.min(6, Number(h.tagName[1]) + 1)}`);
    lower.append(...h.childNodes);
    h.replaceWith(lower);
  }
  for (const table of root.querySelectorAll("table")) {
    const scroll = el("div", { class: "sheet-table" });
    table.replaceWith(scroll);
    scroll.append(table);
  }
  const claims = new Map(audit.report.claims.map((c) => [c.id, c]));
  for (const row of root.querySelectorAll("tbody tr")) {
    const first = row.querySelector("td code");
    const claim = first && row.firstElementChild?.contains(first)
      ? claims.get(first.textContent ?? "")
      : undefined;
    if (!claim) continue;
    (row as HTMLElement).dataset.claim = claim.id;
    (row as HTMLElement).dataset.verdict = claim.verdict;
    row.id = `sheet-claim-${claim.id}`;
    if (chapters.has(claim.chapter)) {
      first!.after(" ", el("a", { href: `${base}chapters/${claim.chapter}/` }, claim.chapter));
    }
  }
  // The claims column of the distinct mistakes links to each claim's row, and the row to
  // the chapter of its first claim.
  const mistakes = root.querySelector("table");
  if (mistakes?.querySelector("th")?.textContent === "#") {
    for (const row of mistakes.querySelectorAll("tbody tr")) {
      const codes = [...row.querySelectorAll("td code")];
      for (const code of codes) {
        const id = code.textContent ?? "";
        if (!claims.has(id)) continue;
        const link = el("a", { href: `#sheet-claim-${id}` });
        code.replaceWith(link);
        link.append(code);
      }
      const chapter = claims.get(codes[0]?.textContent ?? "")?.chapter;
      if (chapter && chapters.has(chapter)) {
        row.children[1]?.append(
          " ",
          el("a", { href: `${base}chapters/${chapter}/`, class: "sheet-chapter" }, chapter),
        );
      }
    }
  }
}

function sheetPage(app: HTMLElement, engine: Engine): void {
  const text = app.querySelector<HTMLTextAreaElement>("#sheet-text")!;
  const run = app.querySelector<HTMLButtonElement>("#sheet-run")!;
  const stop = app.querySelector<HTMLButtonElement>("#sheet-stop")!;
  const file = app.querySelector<HTMLInputElement>("#sheet-file")!;
  const example = app.querySelector<HTMLButtonElement>("#sheet-example");
  const status = app.querySelector<HTMLElement>("#sheet-status")!;
  const report = app.querySelector<HTMLElement>("#sheet-report")!;
  const chapters = new Set((app.dataset.chapters ?? "").split(/\s+/).filter(Boolean));

  const say = (state: string, ...message: (Node | string)[]) => {
    status.dataset.state = state;
    status.replaceChildren(...message);
  };

  const audit = async () => {
    const sheet = text.value;
    report.replaceChildren();
    if (!sheet.trim()) return say("empty", "Paste a sheet or open a file first.");
    const bytes = new Blob([sheet]).size;
    if (bytes > MAX_SHEET_BYTES) {
      return say(
        "error",
        `The sheet is ${(bytes / 2 ** 20).toFixed(1)} MiB; the page audits sheets up to 1 MiB. ` +
          "Run the CLI for larger ones: deno task audit --claims FILE.",
      );
    }
    say("running", "Auditing…");
    stop.hidden = false;
    run.disabled = true;
    try {
      // The page's limit, or a shorter one the page asks for (data-limit-seconds).
      const asked = Number(app.dataset.limitSeconds) * 1000;
      const limit = asked > 0 && asked < LIMITS.sheet ? asked : LIMITS.sheet;
      const result = await engine.call<SheetAudit>({ op: "sheet", text: sheet }, limit);
      const { claims, agrees, disagrees, errors } = result.report.summary;
      // The link is in the address before the page says done, so a copied link holds the sheet.
      const code = await pack(sheet);
      history.replaceState(
        null,
        "",
        code.length <= MAX_FRAGMENT ? `#sheet=${code}` : location.pathname + location.search,
      );
      say(
        "done",
        `${claims} claims: ${agrees} agree, ${disagrees} disagree` +
          (errors ? `, ${errors} error${errors === 1 ? "" : "s"}` : "") + ".",
      );
      const parts: (Node | string)[] = [];
      if (result.experiments) {
        parts.push(el(
          "p",
          { class: "sheet-note", "data-note": "experiments" },
          `This sheet names TypeScript experiments (${result.experiments}). Experiments run ` +
            "only in the CLI, confined in a subprocess: deno task audit --claims SHEET. " +
            "The page audits the other claims.",
        ));
      }
      const body = el("div", { class: "sheet-report-body" });
      // markdown-it renders with raw HTML off, so the sheet's text arrives escaped.
      body.innerHTML = result.html;
      linkReport(body, result, chapters);
      parts.push(
        body,
        el(
          "details",
          { class: "sheet-markdown" },
          el("summary", {}, "The report as Markdown"),
          el("pre", {}, result.markdown),
        ),
      );
      report.replaceChildren(...parts);
    } catch (error) {
      say("error", `The sheet could not be audited: ${(error as Error).message}.`);
    } finally {
      stop.hidden = true;
      run.disabled = false;
    }
  };

  run.addEventListener("click", audit);
  stop.addEventListener("click", () => engine.stop("stopped"));
  // A sheet over the limit is refused before it is pasted: a textarea holding megabytes
  // costs the page a long layout, and the engine would refuse it anyway.
  text.addEventListener("paste", (event) => {
    const pasted = event.clipboardData?.getData("text/plain") ?? "";
    const bytes = new Blob([pasted]).size;
    if (text.value.length + bytes > MAX_SHEET_BYTES) {
      event.preventDefault();
      say(
        "error",
        `The pasted text is ${(bytes / 2 ** 20).toFixed(1)} MiB; the page audits sheets up to ` +
          "1 MiB, so it was not pasted. Run the CLI for larger ones: deno task audit --claims FILE.",
      );
    }
  });
  text.addEventListener("input", (event) => {
    if ((event as InputEvent).inputType === "insertFromPaste") audit();
  });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_SHEET_BYTES) {
      return say("error", `${chosen.name} is larger than the page's 1 MiB limit.`);
    }
    try {
      text.value = new TextDecoder("utf-8", { fatal: true }).decode(await chosen.arrayBuffer());
    } catch {
      return say("error", `${chosen.name} is not UTF-8 text.`);
    }
    audit();
  });
  example?.addEventListener("click", () => {
    text.value = document.querySelector<HTMLTextAreaElement>("#sheet-example-text")?.value ?? "";
    audit();
  });
  const linked = /^#sheet=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (linked) {
    unpack(linked[1]).then((sheet) => {
      text.value = sheet;
      audit();
    }, (error) => say("error", `The link's sheet cannot be read: ${error.message}.`));
  }
}

const engine = new Engine();
// Start the engine at once (this script is async, so before the page is parsed): the first
// check then does not wait for it to load.
engine.call<{ origin: number; loaded: number; warm: number }>({ op: "ping" }, LIMITS.check)
  .then((r) => {
    // The Worker's times, moved onto the page's clock.
    const shift = r.origin - performance.timeOrigin;
    timing.ready = performance.now();
    timing.workerStarted = shift;
    timing.workerLoaded = shift + r.loaded;
    timing.workerWarm = shift + r.warm;
  }, () => {});

function hydrate(): void {
  const exercises = document.querySelectorAll<HTMLElement>(".exercise[data-claim]");
  exercises.forEach((section, i) => answerBox(section, engine, i));
  const app = document.querySelector<HTMLElement>("[data-sheet-page]");
  if (app) sheetPage(app, engine);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hydrate);
else hydrate();
