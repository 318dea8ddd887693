/**
 * The book as one PDF: `deno task pdf` (after `deno task site`) prints `_site/print/` (the
 * whole book on one page: a title page, the contents, every chapter, the guide) with
 * Debian's Chromium through playwright-core, into `_site/nnspec.pdf` (or `--out FILE`).
 * The PDF has an outline (bookmarks from the headings), numbered pages and clickable
 * contents; the worked answers of the exercises are printed open.
 *
 * @module
 */

import { chromium } from "playwright-core";
import { builtBase, siteHandler } from "./serve.ts";
import { option } from "./build.ts";

const SITE = new URL("../_site", import.meta.url).pathname;
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

async function main() {
  try {
    await Deno.stat(`${SITE}/print/index.html`);
  } catch {
    throw new Error("No book in _site/: run `deno task site` first.");
  }
  const out = option(Deno.args, "out") ?? `${SITE}/nnspec.pdf`;
  const base = await builtBase(SITE);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    siteHandler(SITE, base),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.addr.port}${base}print/`, {
      waitUntil: "networkidle",
    });
    // The worked answers and the audit's details print open; the folded reference does not
    // (it is the online book's, and would double the PDF).
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("details.worked-answer, details.claim-more")) {
        (d as HTMLDetailsElement).open = true;
      }
    });
    await page.emulateMedia({ media: "print", colorScheme: "light" });
    await page.pdf({
      path: out,
      format: "A4",
      printBackground: true,
      outline: true,
      tagged: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center;color:#555">' +
        'nnspec · <span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
    });
    if (errors.length) throw new Error(`the book page reported errors:\n${errors.join("\n")}`);
    const size = (await Deno.stat(out)).size;
    console.log(`Wrote ${out} (${(size / 1e6).toFixed(1)} MB)`);
  } finally {
    await browser.close();
    await server.shutdown();
  }
}

if (import.meta.main) await main();
