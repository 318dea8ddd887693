/// <reference lib="dom" />
/// <reference lib="deno.ns" />
/**
 * The book in a real browser: `deno task test:site` (after `deno task site`).
 *
 * Serves `_site/` on 127.0.0.1, drives Debian's Chromium (`/usr/bin/chromium`) with
 * playwright-core, and checks what a reader would notice on every page: errors, raw TeX,
 * `file:` links, broken links and anchors, anything wider than a 390 px phone; formulas
 * clipped or scrolling at 1280 px, and at 390 px wide formulas that a keyboard cannot
 * scroll; charts' text at 390 px (at least 11 px) and labels that overlap, at both widths;
 * axe-core's serious and critical findings on every page with every `<details>` open, in
 * light and dark; that each chapter of the course teaches at least 1,200 words (its lesson,
 * without cards, reference and code) and has a figure and at least five exercises (the
 * appendix on the library is exempt from both counts); that the audit leads with the
 * sheet's distinct mistakes by kind and filters (the filter in the address); that search
 * finds sections; that the live figures compute the sheet's numbers, clear stale values on
 * bad input and step, padding included. It writes screenshots of every page at both widths
 * into `_site/_screenshots/` for a person to look at.
 *
 * The audit report it compares with is the one the site was built from (`_site/.audit.json`,
 * written by the build: the real report, or the test fixture given by `--report`).
 *
 * This file is named `*.browser.ts`, not `*_test.ts`, so `deno task test` does not run it.
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { deepEqual, equal, ok } from "node:assert/strict";
import { builtBase, siteHandler } from "./serve.ts";
import { createRequire } from "node:module";
// Types only: this also makes Deno fetch the package whose browser bundle is read below.
import type { AxeResults } from "axe-core";
import type { Report } from "./book.ts";

const SITE = new URL("../_site", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

let browser: Browser;
let server: Deno.HttpServer<Deno.NetAddr>;
let origin = "";
let base = "/";

/** The report the site was built from (null when the build had no audit). */
async function builtReport(): Promise<Report | null> {
  return JSON.parse(await Deno.readTextFile(`${SITE}/.audit.json`));
}

/** Phone and desktop widths the layout checks use. */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/**
 * axe-core's browser bundle, read as text and injected into pages. (Importing the package
 * into Deno instead runs axe here, where its global set-up breaks later page loads.)
 */
const AXE_SOURCE = await Deno.readTextFile(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
);

/** Every HTML page of the book (the API reference from deno doc is checked only as a link target). */
async function bookPages(dir = SITE, prefix = ""): Promise<string[]> {
  const pages: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${prefix}/${entry.name}`;
    if (entry.isDirectory && !["api", "pagefind", "assets", "_screenshots"].includes(entry.name)) {
      pages.push(...await bookPages(`${dir}/${entry.name}`, path));
    } else if (entry.isFile && entry.name === "index.html") {
      pages.push(prefix + "/");
    }
  }
  return pages.sort();
}

Deno.test.beforeAll(async () => {
  try {
    await Deno.stat(`${SITE}/index.html`);
  } catch {
    throw new Error("No site in _site/: run `deno task site` first.");
  }
  base = await builtBase(SITE);
  server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    siteHandler(SITE, base),
  );
  origin = `http://127.0.0.1:${server.addr.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
    ],
  });
});

Deno.test.afterAll(async () => {
  await browser?.close();
  await server?.shutdown();
});

/** The URL of a book path such as `/chapters/neuron/`, under the base path. */
function url(path: string): string {
  return `${origin}${base}${path.replace(/^\//, "")}`;
}

/** What one page shows: errors it logged, its links, its ids and its visible prose. */
interface Visit {
  path: string;
  errors: string[];
  links: string[];
  ids: string[];
  text: string;
  katexErrors: number;
  /** The ids of the claims the page shows. */
  claims: string[];
  /** The ids (as shown, e.g. `5a.gradient`) of the claims whose stated answer is typeset by KaTeX. */
  typesetStated: string[];
  /** The audit's summary line, or its "not available" note. */
  auditLine: string;
  /** Links whose address starts with `file:`. */
  fileLinks: string[];
  /** Formulas cut off by a box that does not scroll, or scrolling without the fade cue. */
  clipped: string[];
  /** Words of prose and of everything (reference blocks left out), see {@link measureWords}. */
  words: { prose: number; total: number };
  /** Whether the page has a figure (an SVG image with a label, or a live figure) and exercises. */
  figures: number;
  exercises: number;
  /** Words of teaching text: the lesson alone, see {@link measureTeaching}. */
  teaching: number;
  /** The chapter is in the appendix on the library (exempt from the word and exercise counts). */
  appendix: boolean;
  /** Display formulas that scroll at 1280 px: cut at the column's edge. */
  scrolling: string[];
}

/**
 * Counts a chapter's words as a reader meets them. Left out entirely: the collapsed
 * reference blocks (`details.reference`: signatures, parameters, errors, source, examples),
 * scripts and KaTeX's hidden MathML. Counted but not as prose: code, tables, typeset
 * formulas, SVG text, form controls, the claims' value lists and the page's navigation.
 * Runs in the page; it must not use anything from this module's scope.
 */
function measureWords(): { prose: number; total: number } {
  const article = document.querySelector("article")!.cloneNode(true) as HTMLElement;
  article.querySelectorAll("details.reference, script, style, .katex-mathml, noscript")
    .forEach((e) => e.remove());
  const count = (text: string | null) => (text ?? "").split(/\s+/).filter(Boolean).length;
  const total = count(article.textContent);
  article.querySelectorAll(
    "pre, code, table, .katex, svg, button, input, select, label, .claim-values, .claim-head, " +
      ".eyebrow, .live-out",
  ).forEach((e) => e.remove());
  return { prose: count(article.textContent), total };
}

/**
 * Counts a chapter's teaching words: the lesson (`.lesson`: the idea, the worked example,
 * the mistakes in words) without code, typeset formulas, figures and the checked marks.
 * Cards, the sheet's answers, exercises and the folded reference are outside the lesson.
 * Runs in the page; it must not use anything from this module's scope.
 */
function measureTeaching(): number {
  const lesson = document.querySelector(".lesson");
  if (!lesson) return 0;
  const copy = lesson.cloneNode(true) as HTMLElement;
  // A formula inside a sentence is read as one word ("where $n$ is ..."); display formulas,
  // code and figures are not prose.
  copy.querySelectorAll(".katex-display, .equation").forEach((e) => e.remove());
  copy.querySelectorAll(".katex").forEach((e) => e.replaceWith(" formula "));
  copy.querySelectorAll(
    "pre, code, svg, figure, .figure-anchor, .checked-mark, script, style, details",
  ).forEach((e) => e.remove());
  return (copy.textContent ?? "").split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
}

/**
 * What a reader sees of the figures' text at the current width: the smallest rendered font
 * size of every visible chart or diagram (the text's font size times the SVG's scale on
 * screen), and pairs of labels that overlap (their boxes intersect by more than 1.5 px each
 * way). Runs in the page.
 */
function measureFigureText(): { small: string[]; overlaps: string[] } {
  const small: string[] = [];
  const overlaps: string[] = [];
  for (const svg of document.querySelectorAll<SVGSVGElement>("figure svg")) {
    if (!svg.getClientRects().length || svg.getBoundingClientRect().width === 0) continue;
    const figure = svg.closest("figure")?.id ?? "?";
    const scale = svg.getScreenCTM()?.a ?? 1;
    const texts = [...svg.querySelectorAll<SVGTextElement>("text")]
      .filter((t) => (t.textContent ?? "").trim() && t.getClientRects().length);
    let least = Infinity;
    for (const t of texts) {
      least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    if (least < 11) small.push(`${figure}: text at ${least.toFixed(1)} px`);
    const boxes = texts.map((t) => ({
      t: (t.textContent ?? "").trim(),
      b: t.getBoundingClientRect(),
    }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].b, b = boxes[j].b;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1.5 && h > 1.5) overlaps.push(`${figure}: "${boxes[i].t}" and "${boxes[j].t}"`);
      }
    }
  }
  return { small, overlaps };
}

/**
 * Display formulas at a phone's width that are wider than their box: each must scroll
 * (overflow auto or scroll) and be reachable from the keyboard with a name (tabindex 0, a
 * role and a label). Runs in the page.
 */
function unscrollableFormulas(): string[] {
  return [...document.querySelectorAll<HTMLElement>(".katex-display, .math-scroll")]
    .filter((k) => k.getClientRects().length && k.scrollWidth > k.clientWidth + 1)
    .flatMap((k) => {
      const style = getComputedStyle(k);
      const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
      const keyboard = k.getAttribute("tabindex") === "0" && k.hasAttribute("role") &&
        !!k.getAttribute("aria-label");
      if (scrolls && keyboard) return [];
      const tex = (k.querySelector("annotation")?.textContent ?? "").slice(0, 50);
      return [
        `${k.closest("[id]")?.id ?? ""}: ${tex} (${scrolls ? "" : "does not scroll; "}${
          keyboard ? "" : "no tabindex, role and label"
        })`,
      ];
    });
}

/** Opens every folded part of the page (axe and the measurements see everything). */
function openAllDetails(): void {
  document.querySelectorAll("details").forEach((d) => (d as HTMLDetailsElement).open = true);
}

/** Opens a page and records errors from the console, the page and failed requests. */
async function open(
  path: string,
  errors: string[],
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url(path), { waitUntil: "load" });
  if (!response?.ok()) errors.push(`HTTP ${response?.status()} for ${path}`);
  return page;
}

let crawled: Promise<Visit[]> | undefined;

/** Visits every page once; the tests below share the result. */
function crawl(): Promise<Visit[]> {
  crawled ??= (async () => {
    const visits: Visit[] = [];
    for (const path of await bookPages()) {
      const errors: string[] = [];
      const page = await open(path, errors, DESKTOP);
      await page.waitForLoadState("networkidle");
      const words = path.startsWith("/chapters/") ? await page.evaluate(measureWords) : {
        prose: 0,
        total: 0,
      };
      const teaching = path.startsWith("/chapters/") ? await page.evaluate(measureTeaching) : 0;
      const seen = await page.evaluate(() => {
        // Visible prose only: typeset math, code and scripts are allowed their backslashes,
        // and so is the audited sheet shown as its author wrote it (/audit/sheet/).
        const body = document.body.cloneNode(true) as HTMLElement;
        body.querySelectorAll(".katex, pre, code, script, style, svg, noscript, .sheet-text")
          .forEach((e) => e.remove());
        return {
          links: [...document.querySelectorAll<HTMLAnchorElement>("a[href]")].map((a) => a.href),
          assets: [
            ...[...document.querySelectorAll<HTMLLinkElement>("link[href]")].map((l) => l.href),
            ...[...document.querySelectorAll<HTMLScriptElement>("script[src]")].map((s) => s.src),
          ],
          ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
          text: body.textContent ?? "",
          katexErrors: document.querySelectorAll(".katex-error").length,
          // The sheet's claims (an exercise carries its claim line for the answer box).
          claims: [...document.querySelectorAll("[data-claim]:not(.exercise)")].map((e) => e.id),
          typesetStated: [...document.querySelectorAll<HTMLElement>("[data-claim]")]
            .filter((e) =>
              e.querySelector(".claim-stated .katex") ||
              e.matches(".claim-stated") && e.querySelector(".katex")
            )
            .map((e) => e.dataset.claim ?? ""),
          auditLine: document.querySelector(".summary-line, .audit-missing")?.textContent ?? "",
          fileLinks: [...document.querySelectorAll("[href], [src]")]
            .map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? "")
            .filter((h) => /^\s*file:/i.test(h)),
          clipped: [...document.querySelectorAll<HTMLElement>(".katex-display, .katex")]
            .flatMap((k) => {
              const name = (k.closest("[id]")?.id ?? "") + ": " +
                (k.querySelector("annotation")?.textContent ?? "").slice(0, 60);
              // The formula's drawn extent: its glyph boxes, not its own box (a display
              // formula's .katex is a block as wide as its container, whatever it holds).
              const bases = [...k.querySelectorAll(".katex-html > .base")]
                .map((b) => b.getBoundingClientRect());
              if (!k.matches(".katex") || bases.length === 0) return checkCue(k, name);
              const box = {
                left: Math.min(...bases.map((b) => b.left)),
                right: Math.max(...bases.map((b) => b.right)),
              };
              if (box.right - box.left === 0) return [];
              // The nearest ancestor that cuts its content off: it must scroll, and a
              // display formula that scrolls must show the fading cue.
              for (let a = k.parentElement; a && a !== document.body; a = a.parentElement) {
                const style = getComputedStyle(a);
                if (style.overflowX === "visible") continue;
                const outer = a.getBoundingClientRect();
                const sticks = box.right > outer.right + 1 || box.left < outer.left - 1;
                if (sticks && style.overflowX !== "auto" && style.overflowX !== "scroll") {
                  return [`${name} (cut by ${a.tagName.toLowerCase()}.${a.className})`];
                }
                break;
              }
              return [];
              /** A display formula that scrolls must show the fading cue. */
              function checkCue(box: HTMLElement, name: string): string[] {
                if (!box.classList.contains("katex-display")) return [];
                if (box.scrollWidth <= box.clientWidth + 1) return [];
                return getComputedStyle(box).backgroundImage === "none"
                  ? [`${name} (scrolls with no visible cue)`]
                  : [];
              }
            }),
          figures: [...document.querySelectorAll("figure")].filter((f) =>
            f.querySelector("svg[role=img][aria-label]") || f.matches("[data-live]")
          ).length,
          exercises: document.querySelectorAll(
            "section.exercise, #exercises + p + ol.exercises > li",
          ).length,
          appendix: /^Appendix/.test(document.querySelector(".eyebrow")?.textContent ?? ""),
          // A display formula wider than its box at 1280 px is cut at the column's edge.
          scrolling: [...document.querySelectorAll<HTMLElement>(".katex-display, .math-scroll")]
            .filter((k) =>
              k.getClientRects().length && k.scrollWidth > k.clientWidth + 1
            )
            .map((k) =>
              `${k.closest("[id]")?.id ?? ""}: ${k.scrollWidth} px in ${k.clientWidth} px: ${
                (k.querySelector("annotation")?.textContent ?? "").slice(0, 50)
              }`
            ),
        };
      });
      visits.push({
        path,
        errors,
        links: [...seen.links, ...seen.assets],
        ids: seen.ids,
        text: seen.text,
        katexErrors: seen.katexErrors,
        claims: seen.claims,
        typesetStated: seen.typesetStated,
        auditLine: seen.auditLine,
        fileLinks: seen.fileLinks,
        clipped: seen.clipped,
        words,
        figures: seen.figures,
        exercises: seen.exercises,
        teaching,
        appendix: seen.appendix,
        scrolling: seen.scrolling,
      });
      await page.close();
    }
    return visits;
  })();
  return crawled;
}

Deno.test("every page of the book loads with no console errors", async () => {
  const visits = await crawl();
  ok(visits.length >= 3, `expected the home page, the audit and chapters, found ${visits.length}`);
  for (const path of ["/", "/audit/"]) {
    ok(visits.some((v) => v.path === path), `${path} was not built`);
  }
  const problems = visits.flatMap((v) => v.errors.map((e) => `${v.path}: ${e}`));
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("no page shows raw $$ or unrendered TeX", async () => {
  const problems: string[] = [];
  const visits = await crawl();
  // A claim that carries its stated answer as LaTeX (statedTex) must show it typeset, on the
  // audit page and on its chapter, not as raw TeX or the plain-text fallback.
  const report = await builtReport();
  const withTex = (report?.claims ?? []).filter((c) => typeof c.statedTex === "string");
  ok(!report || withTex.length > 0, "the seed's formula claims carry statedTex; none was reported");
  const audit = visits.find((v) => v.path === "/audit/");
  for (const claim of withTex) {
    if (!audit?.typesetStated.includes(claim.id)) {
      problems.push(`/audit/: the stated answer of ${claim.id} is not typeset`);
    }
    const chapters = visits.filter((v) => v.path.startsWith("/chapters/"));
    if (!chapters.some((v) => v.typesetStated.includes(claim.id))) {
      problems.push(`no chapter typesets the stated answer of ${claim.id}`);
    }
  }
  for (const visit of visits) {
    const text = visit.text;
    // Outside code and typeset math no dollar, TeX command or superscript group may remain.
    const raw = text.match(/\$|\\[a-zA-Z]{2,}|\^\{/);
    if (raw) {
      const at = raw.index ?? 0;
      problems.push(`${visit.path}: "${text.slice(Math.max(0, at - 40), at + 40).trim()}"`);
    }
    if (visit.katexErrors) problems.push(`${visit.path}: ${visit.katexErrors} KaTeX errors`);
  }
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("every internal link and anchor resolves", async () => {
  const visits = await crawl();
  const idsByPath = new Map(visits.map((v) => [url(v.path), new Set(v.ids)]));
  const fetched = new Map<string, Set<string> | null>();
  /** The ids of a page not crawled (the API reference, assets), or null if it is missing. */
  const idsOf = async (target: string) => {
    if (idsByPath.has(target)) return idsByPath.get(target)!;
    if (!fetched.has(target)) {
      const response = await fetch(target);
      const body = response.ok ? await response.text() : null;
      fetched.set(
        target,
        body === null ? null : new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])),
      );
    }
    return fetched.get(target)!;
  };
  const problems: string[] = [];
  let checked = 0;
  for (const visit of visits) {
    for (const link of new Set(visit.links)) {
      const target = new URL(link);
      if (target.origin !== origin) continue;
      checked++;
      const page = `${target.origin}${target.pathname}`;
      const ids = await idsOf(page);
      if (ids === null) problems.push(`${visit.path} links to missing ${target.pathname}`);
      else if (target.hash && !ids.has(decodeURIComponent(target.hash.slice(1)))) {
        problems.push(`${visit.path} links to missing anchor ${target.pathname}${target.hash}`);
      }
    }
  }
  ok(checked > 50, `only ${checked} internal links found`);
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("every claim of the audit is on the audit page and on exactly one chapter", async () => {
  const visits = await crawl();
  const audit = visits.find((v) => v.path === "/audit/")!;
  if (/not available/i.test(audit.auditLine)) {
    // Without an audit the book must say so, on the audit page and on every chapter.
    for (const v of visits.filter((v) => v.path.startsWith("/chapters/"))) {
      ok(/not available/i.test(v.auditLine), `${v.path} does not say the audit is missing`);
    }
    return;
  }
  const stated = Number(audit.auditLine.match(/(\d+) claims/)?.[1]);
  ok(stated > 0, `no claim count in the audit's summary: "${audit.auditLine}"`);
  equal(audit.claims.length, stated);
  equal(new Set(audit.claims).size, stated, "claim anchors must be unique");
  const onChapters = visits.filter((v) => v.path.startsWith("/chapters/")).flatMap((v) => v.claims);
  const missing = audit.claims.filter((id) => !onChapters.includes(id));
  const twice = onChapters.filter((id, i) => onChapters.indexOf(id) !== i);
  const extra = onChapters.filter((id) => !audit.claims.includes(id));
  deepEqual({ missing, twice, extra }, { missing: [], twice: [], extra: [] });
});

Deno.test("searching for sigmoid finds the activations chapter", async () => {
  const errors: string[] = [];
  const page = await open("/", errors);
  await page.fill("#search input", "sigmoid");
  await page.waitForSelector(".pagefind-ui__result-link", { timeout: 15_000 });
  const hrefs = await page.$$eval(
    ".pagefind-ui__result-link",
    (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
  );
  await page.close();
  ok(
    hrefs.includes(`${base}chapters/activations/`),
    `results: ${hrefs.join(", ")}`,
  );
  equal(errors.length, 0, errors.join("\n"));
});

Deno.test("the live neuron computes the document's 0.68997 and follows its inputs", async () => {
  const errors: string[] = [];
  const page = await open("/chapters/neuron/", errors);
  const output = page.locator('#live-neuron [data-out="output"]');
  const sum = page.locator('#live-neuron [data-out="sum"]');
  // Question 1: 2(0.2) + 1(0.3) + 0.1 = 0.8 and sigmoid(0.8) = 0.68997 (the document's value).
  await page.waitForFunction(() =>
    document.querySelector('#live-neuron [data-out="output"]')?.textContent !== "…"
  );
  equal(await sum.textContent(), "0.80000");
  equal(await output.textContent(), "0.68997");
  // x1 = 3: 3(0.2) + 0.3 + 0.1 = 1.0, and sigmoid(1) = 1 / (1 + e^-1) = 0.7310585...
  await page.fill('#live-neuron input[name="x1"]', "3");
  equal(await sum.textContent(), "1.00000");
  equal(await output.textContent(), "0.73106");
  await page.close();
  equal(errors.length, 0, errors.join("\n"));
});

Deno.test("the convolution stepper shows the document's O[1][2] = 3 and its patch", async () => {
  const errors: string[] = [];
  const page = await open("/chapters/convolution/", errors);
  await page.click('#live-convolution button[data-cell="1,2"]');
  const result = page.locator("#live-convolution .conv-sum output");
  // The document: O12 = [[0, 1], [1, 2]] (x) [[0, 0], [1, 1]] = 0 + 0 + 1 + 2 = 3.
  equal(await result.getAttribute("data-cell"), "1,2");
  equal(await result.textContent(), "3");
  const patch = await page.$$eval(
    "#live-convolution td.in-patch input",
    (inputs) => inputs.map((i) => Number((i as HTMLInputElement).value)),
  );
  equal(JSON.stringify(patch), JSON.stringify([0, 1, 1, 2]));
  await page.close();
  equal(errors.length, 0, errors.join("\n"));
});

Deno.test("no page links to a file: address", async () => {
  const visits = await crawl();
  const problems = visits.flatMap((v) => v.fileLinks.map((l) => `${v.path}: ${l}`));
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("no formula is clipped or scrolls at 1280 px", async () => {
  const visits = await crawl();
  const problems = visits.flatMap((v) => [
    ...v.clipped.map((c) => `${v.path}: ${c}`),
    ...v.scrolling.map((c) => `${v.path}: scrolls, cut at the column's edge: ${c}`),
  ]);
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("nothing is wider than a 390 px phone on any page", async () => {
  const problems: string[] = [];
  for (const path of await bookPages()) {
    const page = await open(path, [], PHONE);
    await page.waitForLoadState("networkidle");
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const found: string[] = [];
      if (document.documentElement.scrollWidth > limit + 1) {
        found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px`);
      }
      for (const e of document.querySelectorAll<HTMLElement>("body *")) {
        const box = e.getBoundingClientRect();
        if (box.width === 0 || box.right <= limit + 1) continue;
        // Content inside a box that scrolls or clips sideways, and itself fits, does not
        // widen the page (KaTeX clips parts of a formula in boxes of its own: look further up).
        let contained = false;
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          if (
            getComputedStyle(a).overflowX !== "visible" &&
            a.getBoundingClientRect().right <= limit + 1
          ) {
            contained = true;
            break;
          }
        }
        if (!contained && getComputedStyle(e).position !== "fixed") {
          found.push(`${e.tagName.toLowerCase()}.${e.className} is ${Math.round(box.right)} px`);
        }
      }
      return found.slice(0, 5);
    });
    problems.push(...wide.map((w) => `${path}: ${w}`));
    await page.close();
  }
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("at 390 px charts' text is at least 11 px, no label overlaps and wide formulas scroll", async () => {
  const problems: string[] = [];
  let figures = 0;
  for (const path of await bookPages()) {
    if (path === "/print/") continue;
    const page = await open(path, [], PHONE);
    await page.waitForLoadState("networkidle");
    await page.evaluate(openAllDetails);
    // site.js marks scrolling boxes when a folded part opens; let it run.
    await page.waitForTimeout(200);
    const text = await page.evaluate(measureFigureText);
    const formulas = await page.evaluate(unscrollableFormulas);
    figures += await page.evaluate(() =>
      [...document.querySelectorAll("figure svg")].filter((s) => s.getClientRects().length).length
    );
    problems.push(
      ...text.small.map((p) => `${path} at 390: ${p}`),
      ...text.overlaps.map((p) => `${path} at 390: overlapping labels ${p}`),
      ...formulas.map((p) => `${path} at 390: ${p}`),
    );
    await page.close();
  }
  ok(figures > 10, `only ${figures} charts and diagrams seen at 390 px`);
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("at 1280 px no label of a chart or diagram overlaps another", async () => {
  const problems: string[] = [];
  for (const path of await bookPages()) {
    if (!path.startsWith("/chapters/")) continue;
    const page = await open(path, [], DESKTOP);
    await page.waitForLoadState("networkidle");
    const text = await page.evaluate(measureFigureText);
    problems.push(...text.overlaps.map((p) => `${path}: overlapping labels ${p}`));
    await page.close();
  }
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("axe-core finds nothing serious or critical on any page, every part open, light and dark", async () => {
  const problems: string[] = [];
  const paths = (await bookPages()).filter((p) => p !== "/print/");
  for (const [path, theme] of paths.flatMap((p) => [[p, "light"], [p, "dark"]])) {
    const page = await open(path, [], DESKTOP);
    await page.waitForLoadState("networkidle");
    await page.evaluate((theme) => {
      document.documentElement.dataset.theme = theme;
      document.querySelectorAll("details").forEach((d) => (d as HTMLDetailsElement).open = true);
    }, theme);
    await page.waitForTimeout(200);
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      // deno-lint-ignore no-explicit-any
      const axe = (globalThis as any).axe;
      const result: AxeResults = await axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        nodes: v.nodes.length,
        first: v.nodes[0]?.target.join(" "),
      }));
    });
    console.log(
      `axe ${path} (${theme}): ${
        violations.length
          ? violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`).join(", ")
          : "no violations"
      }`,
    );
    for (const v of violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        problems.push(
          `${path} (${theme}): ${v.id} (${v.impact}) ${v.help}: ${v.nodes} nodes, e.g. ${v.first}`,
        );
      }
    }
    await page.close();
  }
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("every chapter of the course teaches 1,200 words, has a figure and five exercises", async () => {
  const visits = (await crawl()).filter((v) => v.path.startsWith("/chapters/"));
  ok(visits.length > 0, "no chapters");
  const problems: string[] = [];
  const rows: string[] = [];
  for (const v of visits) {
    rows.push(
      `${v.path.padEnd(28)} ${String(v.teaching).padStart(5)} teaching words, ${
        String(v.words.total).padStart(5)
      } in all, ${v.figures} figures, ${v.exercises} exercises${v.appendix ? " (appendix)" : ""}`,
    );
    if (v.figures < 1) problems.push(`${v.path}: no figure or diagram`);
    // The appendix is about the library itself: reference, not lessons.
    if (v.appendix) continue;
    if (v.teaching < 1200) problems.push(`${v.path}: ${v.teaching} teaching words, not 1,200`);
    if (v.exercises < 5) problems.push(`${v.path}: ${v.exercises} exercises, not 5`);
  }
  console.log(rows.join("\n"));
  equal(problems.length, 0, problems.join("\n"));
});

Deno.test("the audit page leads with the sheet's distinct mistakes", async () => {
  const report = await builtReport();
  if (!report) return;
  const page = await open("/audit/", [], DESKTOP);
  const seen = await page.evaluate(() => {
    const headings = [...document.querySelectorAll("article h2")].map((h) => h.id);
    const groups = [...document.querySelectorAll(".group")].map((g) => ({
      id: g.id,
      stated: !!g.querySelector(".group-stated")?.textContent?.trim(),
      correct: g.querySelector(".group-correct")?.innerHTML ?? "",
      links: [...g.querySelectorAll(".group-claims a")].map((a) => a.getAttribute("href")),
    }));
    return { headings, groups };
  });
  await page.close();
  equal(seen.headings[0], "mistakes", `the first section is ${seen.headings[0]}`);
  const disagreeing = report.claims.filter((c) => c.verdict !== "agrees");
  const expected = report.groups ??
    disagreeing.map((c) => ({
      key: c.id,
      kind: c.kind ?? "error",
      correctTex: null,
      claims: [c.id],
    }));
  // Listed by kind, errors first, then slips, then what depends on the reading; in report
  // order within a kind.
  const rank = (g: { kind: string | null }) =>
    ["error", "slip", "depends"].indexOf(g.kind ?? "error");
  const ordered = [...expected].sort((a, b) => rank(a) - rank(b));
  deepEqual(seen.groups.map((g) => g.id), ordered.map((g) => `mistake-${g.key}`));
  for (const [i, g] of ordered.entries()) {
    ok(seen.groups[i].stated, `${g.key}: no "the sheet says"`);
    if (g.correctTex) {
      ok(seen.groups[i].correct.includes("katex"), `${g.key}: correct answer not typeset`);
    }
    equal(seen.groups[i].links.length, g.claims.length, `${g.key}: links to its claims`);
  }
  // Every disagreeing claim belongs to a listed mistake.
  const listed = new Set(expected.flatMap((g) => g.claims));
  deepEqual(disagreeing.map((c) => c.id).filter((id) => !listed.has(id)), []);
});

Deno.test("the audit's filters show all claims, the disagreements, or one question", async () => {
  const report = await builtReport();
  if (!report) return;
  const page = await open("/audit/", [], DESKTOP);
  const visible = () =>
    page.$$eval(
      "[data-claim]",
      (items) =>
        items.filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => (e as HTMLElement).dataset.claim),
    );
  equal((await visible()).length, report.claims.length);
  await page.click('[data-filter="disagrees"]');
  deepEqual(
    (await visible()).sort(),
    report.claims.filter((c) => c.verdict !== "agrees").map((c) => c.id).sort(),
  );
  await page.click('[data-filter="q:2"]');
  const q2 = await visible();
  ok(q2.length > 0 && q2.every((id) => /^2/.test(id ?? "")), `question 2 shows ${q2.join(", ")}`);
  equal(q2.length, report.claims.filter((c) => String(c.question) === "2").length);
  // Question 2's eighteen cell checks are one table, each cell saying what the sheet says.
  const cells = await page.$$eval("table.cells [data-claim]", (e) => e.length);
  equal(cells, report.claims.filter((c) => /^2a\.O\d\d\./.test(c.id)).length);
  ok(cells >= 18, `only ${cells} cell checks in the table`);
  // Errors, slips and "depends" each on their own, and the filter kept in the address.
  for (const kind of ["error", "slip", "depends"]) {
    const expected = report.claims.filter((c) =>
      c.verdict !== "agrees" && (c.kind ?? "error") === kind
    )
      .map((c) => c.id).sort();
    if (!expected.length) continue;
    await page.click(`[data-filter="kind:${kind}"]`);
    deepEqual((await visible()).sort(), expected, `the ${kind} filter`);
    equal(new URL(page.url()).searchParams.get("show"), `kind:${kind}`);
  }
  const shared = await browser.newPage({ viewport: DESKTOP });
  await shared.goto(url("/audit/?show=disagrees"), { waitUntil: "load" });
  const sharedVisible = await shared.$$eval(
    "[data-claim]",
    (items) => items.filter((e) => (e as HTMLElement).offsetParent !== null).length,
  );
  equal(sharedVisible, report.claims.filter((c) => c.verdict !== "agrees").length);
  await shared.close();
  await page.click('[data-filter="all"]');
  equal((await visible()).length, report.claims.length);
  equal(new URL(page.url()).searchParams.get("show"), null);
  // Each card says whose answer it shows.
  const cards = await page.$$eval(
    "section.claim > dl.claim-values > dt:first-of-type",
    (d) => d.map((x) => x.textContent),
  );
  ok(
    cards.length > 0 && cards.every((t) => t === "The sheet says"),
    "a card does not say 'The sheet says'",
  );
  await page.close();
});

Deno.test("search finds a section and shows a clean snippet", async () => {
  const page = await open("/", [], DESKTOP);
  await page.fill("#search input", "stride");
  await page.waitForSelector(".pagefind-ui__result-link", { timeout: 15_000 });
  await page.waitForTimeout(500);
  const results = await page.$$eval(
    ".pagefind-ui__result-link",
    (links) =>
      links.map((a) => ({
        href: (a as HTMLAnchorElement).href,
        text: a.closest("li")?.textContent ?? "",
      })),
  );
  await page.close();
  ok(
    results.some((r) => new URL(r.href).hash),
    `no result goes to a section: ${results.map((r) => r.href).join(", ")}`,
  );
  const dirty = results.filter((r) => /\\[a-z]+|\{|\}|=>|const /.test(r.text));
  equal(
    dirty.length,
    0,
    `snippets with code or TeX: ${dirty.map((r) => r.text.slice(0, 120)).join(" | ")}`,
  );
});

Deno.test("the live neuron clears its numbers when a box is emptied", async () => {
  const errors: string[] = [];
  const page = await open("/chapters/neuron/", errors);
  const output = page.locator('#live-neuron [data-out="output"]');
  await page.waitForFunction(() =>
    document.querySelector('#live-neuron [data-out="output"]')?.textContent === "0.68997"
  );
  await page.fill('#live-neuron input[name="w1"]', "");
  equal(await output.textContent(), "—");
  ok(
    /w1 is empty/.test(await page.locator('#live-neuron [data-out="status"]').textContent() ?? ""),
  );
  await page.fill('#live-neuron input[name="w1"]', "0.2");
  equal(await output.textContent(), "0.68997");
  await page.close();
  equal(errors.length, 0, errors.join("\n"));
});

Deno.test("the convolution stepper steps with buttons and arrow keys, with stride and padding", async () => {
  const errors: string[] = [];
  const page = await open("/chapters/convolution/", errors);
  const result = page.locator("#live-convolution .conv-sum output");
  await page.click('#live-convolution button[data-cell="0,0"]');
  await page.click('#live-convolution [data-step="next"]');
  equal(await result.getAttribute("data-cell"), "0,1");
  await page.keyboard.press("ArrowDown");
  equal(await result.getAttribute("data-cell"), "1,1");
  await page.keyboard.press("ArrowRight");
  // O12 of the sheet: 0 + 0 + 1 + 2 = 3.
  equal(await result.getAttribute("data-cell"), "1,2");
  equal(await result.textContent(), "3");
  await page.click('#live-convolution [data-step="prev"]');
  equal(await result.getAttribute("data-cell"), "1,1");
  // Stride 2 leaves (4 - 2)/2 + 1 = 2 cells per axis; the cell at (1, 1) reads M[2..3][2..3]
  // = [[1, 2], [0, 1]]: 0 + 0 + 0 + 1 = 1.
  await page.fill('#live-convolution input[name="stride"]', "2");
  equal(await page.locator('#live-convolution [data-grid="output"] button').count(), 4);
  equal(await result.textContent(), "1");
  // Padding 1 with stride 2: (4 + 2 - 2)/2 + 1 = 3 cells per axis.
  await page.fill('#live-convolution input[name="padding"]', "1");
  equal(await page.locator('#live-convolution [data-grid="output"] button').count(), 9);
  // Padding 1 draws the ring of zeros: a 6 × 6 input of which the 20 outer cells are padding.
  // Cell (0, 0) at stride 2 reads rows and columns -1..0: three zeros of the ring and M[0][0].
  equal(await page.locator("#live-convolution [data-grid=input] td").count(), 36);
  equal(await page.locator("#live-convolution [data-grid=input] td.pad").count(), 20);
  await page.click('#live-convolution button[data-cell="0,0"]');
  equal(await page.locator("#live-convolution td.in-patch.pad").count(), 3);
  equal(await page.locator("#live-convolution td.in-patch input").count(), 1);
  // An empty stride box is an error and the old output is cleared.
  await page.fill('#live-convolution input[name="stride"]', "");
  equal(await page.locator('#live-convolution [data-grid="output"] button').count(), 0);
  ok(/stride is empty/.test(await page.locator("#live-convolution .conv-sum").textContent() ?? ""));
  await page.close();
  equal(errors.length, 0, errors.join("\n"));
});

Deno.test("screenshots of every page at desktop and phone widths", async () => {
  const dir = `${SITE}/_screenshots`;
  await Deno.mkdir(dir, { recursive: true });
  const sizes = { desktop: DESKTOP, phone: PHONE };
  const written: string[] = [];
  for (const path of await bookPages()) {
    if (path === "/print/") continue;
    const name = path === "/" ? "home" : path.replace(/^\/|\/$/g, "").replaceAll("/", "-");
    for (const [size, viewport] of Object.entries(sizes)) {
      const page = await browser.newPage({ viewport });
      await page.goto(url(path), { waitUntil: "networkidle" });
      const file = `${dir}/${name}-${size}.png`;
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
      await page.close();
    }
  }
  for (const file of written) ok((await Deno.stat(file)).size > 10_000, `${file} is nearly empty`);
});
