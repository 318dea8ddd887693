/// <reference lib="dom" />
/// <reference lib="deno.ns" />
/**
 * The book in a real browser: `deno task test:site` (after `deno task site`).
 *
 * Serves `_site/` on 127.0.0.1, drives Debian's Chromium (`/usr/bin/chromium`) with
 * playwright-core, and checks what a reader would notice: pages that fail to load or log
 * errors, formulas left as raw TeX, broken links and anchors, a search that does not find
 * the sigmoid, live figures that do not compute the document's numbers. It also writes
 * screenshots of the home page and a chapter at desktop and phone widths into
 * `_site/_screenshots/` for a person to look at.
 *
 * This file is named `*.browser.ts`, not `*_test.ts`, so `deno task test` does not run it.
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { deepEqual, equal, ok } from "node:assert/strict";
import { builtBase, siteHandler } from "./serve.ts";
import { readAudit } from "./book.ts";

const SITE = new URL("../_site", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

let browser: Browser;
let server: Deno.HttpServer<Deno.NetAddr>;
let origin = "";
let base = "/";

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
}

/** Opens a page and records errors from the console, the page and failed requests. */
async function open(path: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
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
      const page = await open(path, errors);
      await page.waitForLoadState("networkidle");
      const seen = await page.evaluate(() => {
        // Visible prose only: typeset math, code and scripts are allowed their backslashes.
        const body = document.body.cloneNode(true) as HTMLElement;
        body.querySelectorAll(".katex, pre, code, script, style, svg, noscript")
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
          claims: [...document.querySelectorAll("section.claim")].map((e) => e.id),
          typesetStated: [...document.querySelectorAll("section.claim")]
            .filter((e) => e.querySelector("dd.claim-stated .katex"))
            .map((e) => e.querySelector(".claim-id")?.textContent?.trim() ?? ""),
          auditLine: document.querySelector(".summary-line, .audit-missing")?.textContent ?? "",
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
  const { report } = await readAudit(new URL("..", import.meta.url).pathname);
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
    const raw = text.match(/\$\$|\$[^$\s][^$\n]{0,80}\$|\\[a-zA-Z]{2,}/);
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

Deno.test("screenshots of the home page and a chapter at desktop and phone widths", async () => {
  const dir = `${SITE}/_screenshots`;
  await Deno.mkdir(dir, { recursive: true });
  const sizes = {
    desktop: { width: 1366, height: 900 },
    phone: { width: 390, height: 844 },
  };
  const shots = { home: "/", chapter: "/chapters/neuron/" };
  const written: string[] = [];
  for (const [name, path] of Object.entries(shots)) {
    for (const [size, viewport] of Object.entries(sizes)) {
      const page = await browser.newPage({ viewport });
      await page.goto(url(path), { waitUntil: "networkidle" });
      const file = `${dir}/${name}-${size}.png`;
      await page.screenshot({ path: file });
      written.push(file);
      await page.close();
    }
  }
  for (const file of written) ok((await Deno.stat(file)).size > 10_000, `${file} is nearly empty`);
});
