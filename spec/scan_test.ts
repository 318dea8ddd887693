/**
 * `deno task audit --scan`: the seed sheet as shipped, a planted arithmetic error, a LaTeX
 * sheet of our own whose bare `\log` is base 2, malformed input, the draft claims sheet and
 * the CLI. Expected values are worked here by hand or by a reference loop, never taken from
 * the scanner.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { draftSheet, MAX_BYTES, MAX_FRAGMENTS, scanText } from "../audit/scan/mod.ts";
import { formatMarkdown, formatText, scanLine, skippedByLine } from "../audit/report/format.ts";
import type { ClaimReport, Report } from "../audit/model.ts";
import fc from "fast-check";
import * as nnspec from "../mod.ts";

const root = new URL("..", import.meta.url);
const seedText = Deno.readTextFileSync(new URL("audit/sheets/seed.txt", root));
const entropyText = Deno.readTextFileSync(new URL("spec/fixtures/entropy.tex", root));

/** The claim whose step is written on `line` with the stated right side `stated`. */
function byStated(report: Report, line: number, stated: string): ClaimReport {
  const c = report.claims.find((c) => c.id.startsWith(`L${line}.`) && c.stated === stated);
  ok(c, `no claim on line ${line} stating ${stated}`);
  return c;
}

/** The line of the file on which `text` first occurs. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  ok(at >= 0, `the sheet has no ${needle}`);
  return text.slice(0, at).split("\n").length;
}

Deno.test("the scanner's Compute Engine is pinned to deno.json's version", () => {
  const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root)));
  const pin = Deno.readTextFileSync(new URL("audit/_compute_engine.ts", root));
  const specifier = config.imports["@cortex-js/compute-engine"];
  match(specifier, /^npm:@cortex-js\/compute-engine@\d+\.\d+\.\d+$/);
  ok(pin.includes(`from "${specifier}"`), `audit/_compute_engine.ts must import ${specifier}`);
});

Deno.test("the seed sheet is shipped byte-identical (its SHA-256)", async () => {
  const bytes = await Deno.readFile(new URL("audit/sheets/seed.txt", root));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  // The digest of /work/shared/seed/000_6c13d2aa68a8a4ca.txt when it was copied.
  strictEqual(hex, "b689576312e612372cc45b69cdbfed5cef2cb09d70bfcd118105187211fafe77");
});

Deno.test("scanning the seed checks at least 20 steps and counts every other one with its reason", () => {
  const report = scanText(seedText, { source: "audit/sheets/seed.txt" });
  const scan = report.scan!;
  ok(scan.checked >= 20, `only ${scan.checked} steps checked`);
  strictEqual(scan.checked, report.claims.length);
  strictEqual(scan.agrees + scan.disagrees, scan.checked);
  // Skips are of steps (`L42.2`) or of whole fragments with no step to check (`L42`).
  const fragmentSkips = scan.skips.filter((s) => !s.id.includes("."));
  ok(fragmentSkips.every((s) => s.reason === "no equation"), "the seed has no unreadable fragment");
  strictEqual(scan.checked + scan.skipped, scan.steps + fragmentSkips.length);
  strictEqual(scan.skips.length, scan.skipped);
  const byReason = Object.values(scan.skippedBy).reduce((a, b) => a + (b ?? 0), 0);
  strictEqual(byReason, scan.skipped);
  for (const s of scan.skips) ok(s.detail.length > 0 && s.reason.length > 0, `skip ${s.id}`);
  deepStrictEqual(report.errors, []);
  // Every step was given an id by line and position, and ids are unique.
  strictEqual(new Set(report.claims.map((c) => c.id)).size, report.claims.length);
  for (const c of report.claims) match(c.id, /^L\d+\.\d+$/);
});

Deno.test("on the seed, the neuron's 0.8 and 0.68997, 456, 550 and 160 agree; 1600 is the dense layer without its biases", () => {
  const report = scanText(seedText, { source: "seed.txt" });
  const neuron = lineOf(seedText, "Predicted output");
  // By hand: 2(0.2) + 1(0.3) + 0.1 = 0.8 and 1/(1 + e^-0.8) = 0.689974...
  strictEqual(Math.abs(2 * 0.2 + 1 * 0.3 + 0.1 - 0.8) < 1e-12, true);
  const phi = byStated(report, neuron, "\\varphi(0.8)");
  strictEqual(phi.verdict, "agrees");
  match(phi.reason, /argument of \$\\varphi\$/);
  strictEqual(byStated(report, neuron, "0.68997").verdict, "agrees");
  strictEqual(Math.round(1e5 / (1 + Math.exp(-0.8))) / 1e5, 0.68997);
  // (5·5·3 + 1)·6 = 456 and (3·3·6 + 1)·10 = 550; 4 × 4 × 10 = 160 neurons; 160 × 10 = 1600.
  strictEqual(byStated(report, lineOf(seedText, "$$= 456$$"), "456").verdict, "agrees");
  strictEqual(byStated(report, lineOf(seedText, "$= 550$"), "550").verdict, "agrees");
  const flat = byStated(
    report,
    lineOf(seedText, "$= 4 \\times 4 \\times 10$"),
    "4 \\times 4 \\times 10",
  );
  strictEqual(flat.verdict, "agrees");
  strictEqual(flat.computed, "4 × 4 × 10");
  // 160 × 10 = 1600 is right arithmetic, but the words read it as the dense layer's
  // parameters: (160 + 1) × 10 = 1610, and the catalogue's bias-omitted gives 1600.
  const dense = byStated(report, lineOf(seedText, "$= 1600$"), "1600");
  strictEqual(dense.verdict, "disagrees");
  match(dense.statement, /160×10 = 1600/);
  strictEqual(dense.computed, String((160 + 1) * 10));
  deepStrictEqual(dense.mistakes.map((m) => `${m.function}/${m.id}`), [
    "denseParameterCount/bias-omitted",
  ]);
});

Deno.test("on the seed, the nine 3 × 3 convolution sums agree with a reference loop", () => {
  const report = scanText(seedText);
  const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
  const K = [[0, 0], [1, 1]];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) sum += M[i + a][j + b] * K[a][b];
      const line = lineOf(seedText, `$$O_{${i}${j}} =`);
      const c = byStated(report, line, String(sum));
      strictEqual(c.verdict, "agrees", `O_${i}${j}`);
      ok(c.assumptions.some((a) => /sum of their elementwise products/.test(a)));
    }
  }
  // The sheet's (b): the 3 × 3 map added to itself, entry by entry.
  const doubled = report.claims.find((c) => c.stated.startsWith("\\begin{bmatrix} 2 & 2 & 2"));
  ok(doubled);
  strictEqual(doubled.verdict, "agrees");
  strictEqual(doubled.computed, "[[2, 2, 2], [0, 2, 6], [0, 0, 2]]");
});

Deno.test("on the seed, 0.53539 disagrees under the natural log and log base 2 reproduces it", () => {
  const report = scanText(seedText);
  const c = byStated(report, lineOf(seedText, "\\text{(b) } E"), "0.53539");
  strictEqual(c.verdict, "disagrees");
  // -ln(0.68997) = 0.37110..., -log2(0.68997) = 0.53539..., -log10(0.68997) = 0.16117...
  strictEqual((-Math.log(0.68997)).toFixed(5), "0.37111");
  strictEqual((-Math.log2(0.68997)).toFixed(5), "0.53539");
  match(c.computed, /^0\.37111 /);
  strictEqual(c.reproducedBy, "logarithm base 2");
  deepStrictEqual(
    c.alternatives.map((a) => [a.reading, a.reproduces]),
    [["natural logarithm", false], ["logarithm base 2", true], ["logarithm base 10", false]],
  );
  const scan = report.scan!;
  strictEqual(scan.logReading?.reading, "ln");
  match(scan.logReading!.why, /e\^\{…\}/);
  match(scan.logReading!.why, /cross-entropy/);
});

Deno.test("on the seed, symbols defined earlier are substituted and later ones are named", () => {
  const report = scanText(seedText);
  const neuron = lineOf(seedText, "Predicted output");
  const step = byStated(report, neuron, "\\varphi((2)(0.2) + 1(0.3) + 0.1)");
  strictEqual(step.verdict, "agrees");
  ok(step.assumptions.some((a) => /x_1 as defined on line 8/.test(a)), step.assumptions.join("; "));
  // O = [O_00 ...] comes before the O_ij are worked out: skipped, naming where they are defined.
  const o = report.scan!.skips.find((s) => s.step.startsWith("\\begin{bmatrix} O_{00}"));
  ok(o);
  strictEqual(o.reason, "undefined symbol");
  match(o.detail, /O_00.*defined only later, on line 58/);
  // φ(0) = 0 is checked with the sheet's own φ, the sigmoid: 1/2.
  const zero = byStated(report, lineOf(seedText, "$\\varphi(0) = 0$"), "0");
  strictEqual(zero.verdict, "disagrees");
  match(zero.reason, /0\.5, not 0/);
});

Deno.test("a planted error in a copy of the seed (456 -> 465) is found and nothing else changes", () => {
  const planted = seedText.replace("$$= 456$$", () => "$$= 465$$");
  ok(planted !== seedText);
  const before = scanText(seedText).scan!;
  const report = scanText(planted);
  const c = byStated(report, lineOf(planted, "$$= 465$$"), "465");
  strictEqual(c.verdict, "disagrees");
  match(c.reason, /456, not 465/);
  const after = report.scan!;
  strictEqual(after.checked, before.checked);
  strictEqual(after.disagrees, before.disagrees + 1);
});

Deno.test("a LaTeX sheet in bits reads its bare log as base 2 and finds the step worked in ln", () => {
  const report = scanText(entropyText, { source: "spec/fixtures/entropy.tex" });
  const scan = report.scan!;
  strictEqual(scan.logReading?.reading, "log2");
  match(scan.logReading!.why, /bits/);
  // H(0.25) in bits, by hand: 0.25·2 + 0.75·log2(4/3) = 0.81128
  strictEqual((0.25 * 2 + 0.75 * Math.log2(4 / 3)).toFixed(5), "0.81128");
  const entropy = byStated(report, lineOf(entropyText, "&= 0.81128"), "0.81128");
  strictEqual(entropy.verdict, "agrees");
  // The align's continuation lines became steps of one chain.
  strictEqual(
    byStated(report, lineOf(entropyText, "&= -0.25"), "-0.25 \\log 0.25 - 0.75 \\log 0.75").verdict,
    "agrees",
  );
  strictEqual(byStated(report, lineOf(entropyText, "L_1 ="), "1").verdict, "agrees");
  // -ln(0.8) = 0.22314 is what the sheet wrote; in bits -log2(0.8) = 0.32193.
  strictEqual((-Math.log(0.8)).toFixed(5), "0.22314");
  const wrong = byStated(report, lineOf(entropyText, "&= 0.22314"), "0.22314");
  strictEqual(wrong.verdict, "disagrees");
  strictEqual(wrong.reproducedBy, "natural logarithm");
  match(wrong.computed, /^0\.32193 /);
  // pmatrix arithmetic, a sum with numeric bounds; the question headings are kept.
  strictEqual(
    byStated(
      report,
      lineOf(entropyText, "2 \\cdot"),
      "\\begin{pmatrix} 2 & 4 \\\\ 6 & 8 \\end{pmatrix}",
    ).verdict,
    "agrees",
  );
  strictEqual(byStated(report, lineOf(entropyText, "\\sum_{k=1}"), "30").verdict, "agrees");
  deepStrictEqual([...new Set(report.claims.map((c) => c.question))], ["1", "2", "3"]);
  // The comment's $x = 3$ is no mathematics: nothing on line 4 was read.
  ok(![...report.claims, ...scan.skips].some((s) => s.id.startsWith("L4.")));
});

Deno.test("malformed fragments each get a sentence and the rest of the sheet is still checked", () => {
  const sheet = [
    "$$\\frac{1}{2 = 0.5$$", // unbalanced braces
    "$$\\foo{3} + 1 = 4$$", // an unknown macro
    "$$\\frac{1}{1 + e^{x}} = 0.5$$", // an undefined symbol
    "$$\\sum_{i=1}^{100000000} i = 1$$", // too many terms
    "$$1 + 1 = 2$$",
    `$$${"(".repeat(900)}1${")".repeat(900)} = 1$$`, // nested past the parser's depth
    "$$ 2 + 2 = 4", // never closed
  ].join("\n\n");
  const report = scanText(sheet);
  const skips = report.scan!.skips;
  const detail = (line: number) => skips.find((s) => s.line === line)?.detail ?? "";
  match(detail(1), /unbalanced braces/);
  match(detail(3), /unknown macro \\foo/);
  match(detail(5), /no value for x/);
  match(detail(7), /more than 10000 terms/);
  match(detail(11), /brackets nested 900 deep/);
  match(detail(13), /unterminated math/);
  strictEqual(report.claims.length, 1);
  strictEqual(report.claims[0].verdict, "agrees");
  for (const s of skips) ok(!/\n\s+at /.test(s.detail), `a stack trace in ${s.id}`);
});

Deno.test("scanned text is parsed as mathematics, never run", () => {
  const marker = "__nnspec_scan_ran__";
  const sheet =
    `$$globalThis.${marker} = 1$$\n\n$$\\operatorname{eval}(1) = 1$$\n\n$x = (() => 1)()$`;
  const report = scanText(sheet);
  strictEqual((globalThis as Record<string, unknown>)[marker], undefined);
  strictEqual(report.claims.length, 0);
  ok(report.scan!.skipped >= 2);
});

Deno.test("a file over the size limit, binary data or too many fragments is refused in a sentence", () => {
  const big = scanText("$1 = 1$\n".repeat(Math.ceil((10 * 2 ** 20) / 8)), { source: "big.txt" });
  strictEqual(big.claims.length, 0);
  match(big.errors[0].message, new RegExp(`over the scan limit of ${MAX_BYTES}`));
  const binary = scanText("PK\u0003\u0004\u0000\u0000\u0014", { source: "x.zip" });
  match(binary.errors[0].message, /binary data, not text/);
  const many = scanText("$1 = 1$\n".repeat(MAX_FRAGMENTS + 50)).scan!;
  strictEqual(many.fragments, MAX_FRAGMENTS);
  strictEqual(many.skippedBy.limit, 1);
  strictEqual(many.checked, MAX_FRAGMENTS);
});

Deno.test("a function applied inside itself is bounded, not expanded without end", () => {
  const sheet = "$$f(x) = x + x + x + x$$\n\n$$f(f(f(f(f(f(f(f(1)))))))) = 65536$$";
  const report = scanText(sheet);
  const skip = report.scan!.skips.find((s) => s.line === 3);
  ok(skip, "the nested application should be skipped");
  strictEqual(skip.reason, "limit");
  match(skip.detail, /more than 2000 characters/);
});

Deno.test("the text and Markdown reports print the scan's counts and skipped steps", () => {
  const report = scanText(entropyText, { source: "entropy.tex" });
  const text = formatText(report);
  match(text, /Scan: 9 math fragments, 13 steps: 7 checked \(6 agree, 1 disagree\), 6 skipped/);
  match(text, /skipped: 6 definition/);
  match(text, /skipped L8\.1 \(definition\)/);
  const md = formatMarkdown(report);
  match(md, /## Scan/);
  match(md, /\| `L8\.1` \| definition \|/);
});

/** The claims of a drafted sheet: every `ID: EXPR = STATED` line of its claims blocks. */
function parseDraft(markdown: string) {
  const blocks = [...markdown.matchAll(/^```claims\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  ok(blocks.length > 0, "no ```claims block");
  const claims: { id: string; expression: string; stated: string; notes: string[] }[] = [];
  for (const block of blocks) {
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      if (/^\s+[a-z]+: /.test(line)) {
        ok(claims.length > 0, `an annotation before any claim: ${line}`);
        claims[claims.length - 1].notes.push(line.trim());
        continue;
      }
      const m = /^([A-Za-z0-9_.]+): (.+) = (.+)$/.exec(line);
      ok(m, `not a claim line: ${line}`);
      claims.push({ id: m[1], expression: m[2], stated: m[3], notes: [] });
    }
  }
  return claims;
}

/** Evaluates a drafted expression with the sheet functions only (the draft is our own output). */
function evaluateDraft(expression: string): unknown {
  const scope = {
    ...nnspec,
    exp: Math.exp,
    ln: Math.log,
    log2: Math.log2,
    log10: Math.log10,
    sqrt: Math.sqrt,
    abs: Math.abs,
  };
  return new Function(...Object.keys(scope), `"use strict"; return (${expression});`)(
    ...Object.values(scope),
  );
}

Deno.test("the draft has one claim line per checked step, in the answer-sheet format", () => {
  const report = scanText(seedText, { source: "seed.txt" });
  const draft = draftSheet(seedText, { source: "seed.txt" });
  match(draft, /^# Claims drafted from seed\.txt$/m);
  match(draft, /^## Question 1$/m);
  match(draft, /^## Question 3: 1st convolutional layer$/m);
  const claims = parseDraft(draft);
  // A formula step read by its meaning (a gradient of question 5) is listed as a comment.
  const formulas = report.claims.filter((c) => c.seed !== null).map((c) => c.id);
  for (const id of formulas) {
    match(draft, new RegExp(`^# ${id.replace(".", "\\.")} \\(a formula step`, "m"));
  }
  deepStrictEqual(
    claims.map((c) => c.id),
    report.claims.map((c) => c.id).filter((id) => !formulas.includes(id)),
  );
  const bce = claims.find((c) => c.stated === "0.53539")!;
  strictEqual(bce.expression, "(-1)*ln(0.68997) + (1 - 1)*ln(1 - 0.68997)");
  ok(bce.notes.some((n) => n.startsWith("assume: the bare \\log is written ln")));
  strictEqual(claims.find((c) => c.stated === "0.68997")!.expression, "1/(1 + exp(-0.8))");
  // (the step before it, words = the same count, is drafted as the library call)
  strictEqual(
    claims.find((c) => c.stated === "456" && !c.expression.startsWith("conv2d"))!.expression,
    "(5*5*3 + 1)*6",
  );
  strictEqual(
    claims.find((c) => c.stated === "9×9×6")!.expression,
    "[(21 - 5)/2 + 1, (21 - 5)/2 + 1, 6]",
  );
  // Each drafted expression computes what the scan computed, and its stated side what the
  // sheet wrote: the draft says the same thing as the report.
  for (const c of claims) {
    const value = evaluateDraft(c.expression);
    // A shape is stated as the answer-sheet format writes it (9×9×6), the factors as an array.
    const stated = /^\d+(×\d+)+$/.test(c.stated)
      ? c.stated.split("×").map(Number)
      : evaluateDraft(c.stated);
    const verdict = report.claims.find((r) => r.id === c.id)!.verdict;
    strictEqual(typeof value === "number" || Array.isArray(value), true, c.id);
    const d = /^-?\d+\.(\d+)$/.exec(c.stated)?.[1].length;
    const same = typeof value === "number" && typeof stated === "number"
      ? d === undefined
        ? Math.abs(value - stated) <= 1e-9 * Math.max(1, Math.abs(stated))
        : Math.abs(value - stated) <= 0.5 * 10 ** -d * (1 + 1e-9)
      : JSON.stringify(value) === JSON.stringify(stated);
    strictEqual(same, verdict === "agrees", `${c.id}: ${c.expression} = ${c.stated}`);
  }
});

/** Runs the CLI as `deno task audit` does. */
async function cli(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-lock",
      "--allow-read",
      "--allow-import",
      "--allow-net",
      "--allow-write",
      "--allow-env=CE_*",
      "audit/cli.ts",
      ...args,
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, out: decode(stdout), err: decode(stderr) };
}

Deno.test("--scan prints the JSON report with its scan summary, exit 0; --fail-on-disagree exits 1", async () => {
  const { code, out } = await cli("--scan", "audit/sheets/seed.txt", "--format", "json");
  strictEqual(code, 0);
  const report = JSON.parse(out);
  ok(report.scan.checked >= 20);
  deepStrictEqual(Object.keys(report.scan).sort(), [
    "agrees",
    "checked",
    "disagrees",
    "fragments",
    "lifts",
    "logReading",
    "skipped",
    "skippedBy",
    "skips",
    "steps",
  ]);
  strictEqual((await cli("--scan", "audit/sheets/seed.txt", "--fail-on-disagree")).code, 1);
});

/** A path in the temporary directory for the CLI to write, removed afterwards by a child. */
async function withScratchPath(body: (path: string) => Promise<void>) {
  const path = `${Deno.env.get("TMPDIR") ?? "/tmp"}/nnspec-scan-${crypto.randomUUID()}.md`;
  try {
    await body(path);
  } finally {
    // The spec suite runs without write permission; a child with exactly this path removes it.
    await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `--allow-write=${path}`,
        `try { Deno.removeSync(${JSON.stringify(path)}) } catch {}`,
      ],
    }).output();
  }
}

Deno.test("--draft writes the claims sheet; --draft without --scan is a usage error", async () => {
  await withScratchPath(async (path) => {
    const { code, err } = await cli("--scan", "spec/fixtures/entropy.tex", "--draft", path);
    strictEqual(code, 0);
    match(err, /draft claims sheet written to/);
    const claims = parseDraft(await Deno.readTextFile(path));
    strictEqual(claims.length, 7);
    match(await Deno.readTextFile(path), /^## Question 2: the cross-entropy of two predictions$/m);
    ok(claims.some((c) => c.expression === "-log2(0.8)" && c.stated === "0.22314"));
  });
  const usage = await cli("--draft", "x.md");
  strictEqual(usage.code, 2);
  match(usage.err, /--draft FILE\.md needs --scan/);
});

/** Serves generated sheets on 127.0.0.1 while `body` runs. */
async function withServedSheets(
  files: Record<string, Uint8Array<ArrayBuffer>>,
  body: (origin: string) => Promise<void>,
) {
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    (request) => {
      const file = files[new URL(request.url).pathname];
      return file ? new Response(file) : new Response("not found", { status: 404 });
    },
  );
  try {
    await body(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    controller.abort();
    await server.finished;
  }
}

Deno.test("--scan reads a sheet by URL; an unreadable one exits 2 with one sentence", async () => {
  const encode = (s: string) => new TextEncoder().encode(s);
  const files = {
    "/seed.txt": encode(seedText),
    "/big.txt": encode("$1 = 1$\n".repeat(10 * 2 ** 17)), // 10 MiB
    "/sheet.bin": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0, 0, 0xc3]),
  };
  await withServedSheets(files, async (origin) => {
    const seed = await cli("--scan", `${origin}/seed.txt`, "--format", "json");
    strictEqual(seed.code, 0);
    strictEqual(JSON.parse(seed.out).scan.checked, scanText(seedText).scan!.checked);
    for (
      const [file, message] of [
        ["spec/fixtures/no_such_sheet.tex", /cannot read spec\/fixtures\/no_such_sheet\.tex/],
        [`${origin}/missing.tex`, /HTTP 404/],
        [`${origin}/big.txt`, /bytes, over the scan limit/],
        [`${origin}/sheet.bin`, /binary data, not UTF-8 text/],
      ] as const
    ) {
      const { code, out, err } = await cli("--scan", file);
      strictEqual(code, 2, file);
      match(out, message);
      ok(!/\n\s+at /.test(out + err), `a stack trace for ${file}`);
    }
  });
});

Deno.test("the guide's scan counts are the seed scan's", () => {
  const readme = Deno.readTextFileSync(new URL("docs/guide/scan.md", root));
  const scan = scanText(seedText).scan!;
  ok(readme.includes(`Scan: ${scanLine(scan)}`), `the scan guide lacks "Scan: ${scanLine(scan)}"`);
  ok(readme.includes(`  skipped: ${skippedByLine(scan)}`));
});

Deno.test("a Markdown sheet: code is not mathematics, \\( \\) and a prose line ending in arithmetic are", () => {
  const sheet = [
    "## Question 2: a neuron",
    "",
    "```ts",
    "const $x = 1$; // $y = 2$",
    "```",
    "",
    "The bias is \\(b = 0.5\\) and `$b = 9$` is code.",
    "",
    "Total = 3×4",
    " $= 12$",
    "",
    "$$b + b = 1$$",
  ].join("\n");
  const report = scanText(sheet, { source: "sheet.md" });
  strictEqual(report.scan!.fragments, 3);
  deepStrictEqual(report.claims.map((c) => [c.stated, c.verdict, c.question]), [
    ["12", "agrees", "2"],
    ["1", "agrees", "2"],
  ]);
  match(report.claims[1].assumptions.join(";"), /b as defined on line 7/);
});

Deno.test("scanText reads any text built from LaTeX pieces without failing: every step checked or skipped with a reason", () => {
  const pieces = [
    "$",
    "$$",
    "=",
    "=",
    "=",
    "&=",
    "\\\\",
    "{",
    "}",
    "(",
    ")",
    "\\frac",
    "\\log",
    "\\varphi",
    "\\begin{bmatrix}",
    "\\end{bmatrix}",
    "\\begin{aligned}",
    "\\end{aligned}",
    "&",
    "x_1",
    "0.5",
    "2",
    "+",
    "-",
    "\\times",
    "\\otimes",
    "e^",
    "\\sum_{i=1}^{3}",
    "\\text{a}",
    "\\foo",
    "\n",
    " ",
  ];
  // Mostly well-delimited fragments of random LaTeX (so there are steps to read), some stray
  // delimiters between them.
  const fragment = fc.array(fc.constantFrom(...pieces.filter((p) => !p.startsWith("$"))), {
    maxLength: 14,
  }).map((p) => `$$${p.join(" ")}$$`);
  const sheet = fc.array(fc.oneof(fragment, fragment, fragment, fc.constantFrom("$", "$$", "\n")), {
    maxLength: 8,
  }).map((p) => p.join("\n"));
  let steps = 0;
  fc.assert(
    fc.property(sheet, (text) => {
      const report = scanText(text);
      deepStrictEqual(report.errors, []); // a failure of the scanner itself would be one
      const scan = report.scan!;
      steps += scan.steps;
      strictEqual(scan.agrees + scan.disagrees, scan.checked);
      strictEqual(report.claims.length, scan.checked);
      for (const s of scan.skips) ok(s.detail.length > 0);
    }),
    { numRuns: 300 },
  );
  ok(steps > 100, `the generator should give steps to read, gave ${steps}`);
});
