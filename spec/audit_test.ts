/**
 * The audit engine, checkers, formats and CLI: what a claims author and a CI job rely on.
 */
import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert/strict";
import {
  checkExact,
  checkFormula,
  checkNumber,
  type Claim,
  decimals,
  dyadic,
  formatJson,
  formatMarkdown,
  formatText,
  matchesStated,
  runAudit,
  summaryLine,
} from "../audit/mod.ts";
import { parseArgs, resolveClaims } from "../audit/cli.ts";
import { ROOT, withServedRepo } from "./_serve.ts";
import { fileURLToPath } from "node:url";

const ok1: Claim = {
  id: "q.one",
  question: "1",
  topic: "arithmetic",
  chapter: "neuron",
  statement: "One plus one is two.",
  stated: "2",
  assumptions: [],
  check: () => checkExact(2, 1 + 1, { what: "1 + 1" }),
};

Deno.test("checkNumber compares at the stated number of decimals", () => {
  strictEqual(decimals("0.53539"), 5);
  strictEqual(decimals("456"), 0);
  // -log2(0.6899744811) = 0.5353850904 rounds to 0.53539; the natural log 0.37110 does not.
  ok(matchesStated(0.5353850904334506, "0.53539"));
  ok(!matchesStated(0.37110066594777763, "0.53539"));
  // Half a unit in the last place is the boundary: 0.535395 still rounds to 0.53539 or 0.53540.
  ok(!matchesStated(0.5354, "0.53539"));
  const outcome = checkNumber("0.53539", 0.37110066594777763, {
    what: "−ln ŷ",
    alternatives: [{ reading: "base 2", value: 0.5353850904334506 }],
  });
  strictEqual(outcome.verdict, "disagrees");
  strictEqual(outcome.alternatives![0].reproduces, true);
});

Deno.test("checkExact compares matrices elementwise", () => {
  strictEqual(checkExact([[1, 0], [0, 1]], [[1, 0], [0, 1]], { what: "I" }).verdict, "agrees");
  strictEqual(checkExact([[1, 0], [0, 1]], [[1, 0], [1, 1]], { what: "I" }).verdict, "disagrees");
  strictEqual(checkExact([3, 3], [3, 3, 1], { what: "shape" }).verdict, "disagrees");
});

Deno.test("checkFormula finds a shrunk counterexample that replays with the same seed", () => {
  // 2x + 1 transcribed as 2x: they differ everywhere, so the shrunk case is x = 0.
  const spec = {
    what: "2x + 1",
    variables: { x: dyadic(2) },
    stated: ({ x }: { x: number }) => 2 * x,
    truth: ({ x }: { x: number }) => 2 * x + 1,
    readings: [{ reading: "never", assume: (v: { x: number }) => v }],
  };
  const a = checkFormula(spec, { seed: 42, numRuns: 50 });
  const b = checkFormula(spec, { seed: 42, numRuns: 50 });
  strictEqual(a.verdict, "disagrees");
  strictEqual(a.seed, 42);
  deepStrictEqual(a.counterexample, { values: { x: 0 }, stated: 0, expected: 1 });
  deepStrictEqual(a, b);
  strictEqual(a.alternatives![0].reproduces, false);
});

Deno.test("checkFormula's counterexample shows only the inputs `shown` picks", () => {
  // The mean of the first n of (a, b), n in {1, 2}; b enters only when n = 2.
  type V = { n: number; a: number; b: number };
  const spec = {
    what: "the mean of the first n values",
    variables: { n: dyadic(1, 1).map((k) => (k === 0 ? 1 : 2)), a: dyadic(2), b: dyadic(2) },
    stated: ({ a }: V) => a,
    truth: ({ n, a, b }: V) => (n === 1 ? a : (a + b) / 2),
    shown: ({ n, a, b }: V) => (n === 1 ? { n, a } : { n, a, b }),
    readings: [{ reading: "n = 2", assume: (v: V) => ({ ...v, n: 2 }) }],
  };
  // "a" for the mean is wrong only when n = 2 and b ≠ a, so the case shows all three
  // (by hand e.g. a = 0, b = 0.25: the formula gives 0, the mean 0.125).
  const outcome = checkFormula(spec, { seed: 5, numRuns: 100 });
  strictEqual(outcome.verdict, "disagrees");
  deepStrictEqual(Object.keys(outcome.counterexample!.values), ["n", "a", "b"]);
  strictEqual(outcome.counterexample!.values.n, 2);
  // A reading that still fails reports its case through `shown` too.
  match(
    outcome.alternatives![0].computed,
    /^still differs, e\.g\. at n = 2, a = [^,]+, b = [^,]+$/,
  );
  // "a" for "a + 1" fails everywhere and shrinks to n = 1, a = 0, where b is not used:
  // `shown` leaves it out, and the computed text and the reason do too.
  const offByOne = { ...spec, truth: ({ a }: V) => a + 1 };
  const single = checkFormula(offByOne, { seed: 5, numRuns: 100 });
  deepStrictEqual(single.counterexample!.values, { n: 1, a: 0 });
  match(single.computed, /at n = 1, a = 0 the formula gives 0, the true value is 1$/);
  match(single.reason, /counterexample with n = 1, a = 0$/);
  // Without `shown` every input is listed, used or not.
  const all = checkFormula({ ...offByOne, shown: undefined }, { seed: 5, numRuns: 100 });
  deepStrictEqual(all.counterexample!.values, { n: 1, a: 0, b: 0 });
});

Deno.test("checkFormula agrees when the transcription is right, and reports the seed", () => {
  const outcome = checkFormula({
    what: "x squared",
    variables: { x: dyadic(2) },
    stated: ({ x }) => x * x,
    truth: ({ x }) => x ** 2,
  }, { seed: 1, numRuns: 30 });
  strictEqual(outcome.verdict, "agrees");
  strictEqual(outcome.seed, 1);
  strictEqual(outcome.counterexample, null);
});

Deno.test("checkFormula throws when the library disagrees with its finite-difference reference", () => {
  throws(
    () =>
      checkFormula({
        what: "d/dx x^2",
        variables: { x: dyadic(2) },
        stated: ({ x }) => 2 * x,
        truth: ({ x }) => 2 * x,
        reference: ({ x }) => 2 * x + 1, // a planted library defect
      }, { seed: 1, numRuns: 10 }),
    { message: /disagrees with finite differences/ },
  );
});

Deno.test("a claim missing a field is reported by module, id and field; the others still run", () => {
  const { check: _, ...noCheck } = { ...ok1, id: "q.broken" };
  const noStated = { ...ok1, id: "q.nostated", stated: undefined };
  const report = runAudit(
    { document: "quiz", claims: [ok1, noCheck, noStated] },
    "quiz.ts",
  );
  strictEqual(report.summary.claims, 1);
  strictEqual(report.summary.agrees, 1);
  deepStrictEqual(
    report.errors.map((e) => [e.module, e.claim, e.field]),
    [["quiz.ts", "q.broken", "check"], ["quiz.ts", "q.nostated", "stated"]],
  );
  match(report.errors[0].message, /q\.broken.*`check`.*missing/);
});

Deno.test("statedTex is optional; when present it must be a non-empty string, else an error names module, claim and field", () => {
  const withTex: Claim = { ...ok1, id: "q.tex", statedTex: "1 + 1 = 2" };
  const report = runAudit(
    {
      claims: [
        ok1,
        withTex,
        { ...ok1, id: "q.emptytex", statedTex: " " },
        { ...ok1, id: "q.numbertex", statedTex: 2 },
      ],
    },
    "quiz.ts",
  );
  deepStrictEqual(report.claims.map((c) => [c.id, c.statedTex]), [
    ["q.one", null],
    ["q.tex", "1 + 1 = 2"],
  ]);
  deepStrictEqual(report.errors.map((e) => [e.module, e.claim, e.field]), [
    ["quiz.ts", "q.emptytex", "statedTex"],
    ["quiz.ts", "q.numbertex", "statedTex"],
  ]);
  match(report.errors[0].message, /q\.emptytex.*`statedTex`.*non-empty string.*got " "/);
  match(report.errors[1].message, /q\.numbertex.*`statedTex`.*got 2/);
});

Deno.test("Markdown typesets statedTex as inline math; text and JSON keep the plain stated answer", () => {
  const withTex: Claim = { ...ok1, id: "q.tex", statedTex: String.raw`\frac{4}{2} = 2` };
  const report = runAudit({ document: "quiz", claims: [ok1, withTex] }, "quiz.ts");
  const markdown = formatMarkdown(report);
  match(markdown, /\| `q\.tex` \| \$\\frac\{4\}\{2\} = 2\$ \| /);
  // Without statedTex the cell is the plain answer, with no math delimiters.
  match(markdown, /\| `q\.one` \| 2 \| /);
  const text = formatText(report);
  ok(!text.includes("frac"), "the text report shows only the plain stated answer");
  match(text, /q\.tex: .*\n {4}stated: {3}2\n/);
  const json = JSON.parse(formatJson(report));
  deepStrictEqual(
    json.claims.map((c: { stated: string; statedTex: string | null }) => [
      c.stated,
      c.statedTex,
    ]),
    [["2", null], ["2", String.raw`\frac{4}{2} = 2`]],
  );
});

Deno.test("a claim without an id is named by its position", () => {
  const report = runAudit({ claims: [{ ...ok1, id: undefined }] }, "quiz.ts");
  strictEqual(report.errors[0].claim, "#0");
  strictEqual(report.errors[0].field, "id");
});

Deno.test("a check that throws becomes an error on field check; the other claims are reported", () => {
  const throwing: Claim = {
    ...ok1,
    id: "q.throws",
    check: () => {
      throw new RangeError("boom");
    },
  };
  const report = runAudit({ claims: [throwing, ok1] }, "quiz.ts");
  strictEqual(report.summary.claims, 1);
  deepStrictEqual(report.errors.map((e) => [e.claim, e.field]), [["q.throws", "check"]]);
  match(report.errors[0].message, /boom/);
});

Deno.test("a check returning no outcome gets an error saying what it returned and what is expected", async () => {
  // Claims modules may be plain JavaScript, so the types do not stop these.
  const returning = (id: string, value: unknown) =>
    ({ ...ok1, id, check: () => value }) as unknown as Claim;
  const rejected = Promise.reject(new Error("async failure"));
  const report = runAudit({
    claims: [
      {
        ...ok1,
        id: "q.async",
        check: async () => await Promise.resolve(ok1.check({ seed: 1, numRuns: 1 })),
      },
      returning("q.rejects", rejected),
      returning("q.zero", 0),
      returning("q.undefined", undefined),
      returning("q.noverdict", { computed: "2", verdict: "maybe", reason: "r" }),
      returning("q.noreason", { computed: "2", verdict: "agrees" }),
      ok1,
    ],
  }, "quiz.ts");
  // Let the rejected promise settle: it must not surface as an unhandled rejection.
  await new Promise((resolve) => setTimeout(resolve, 0));
  strictEqual(report.summary.claims, 1);
  deepStrictEqual(report.errors.map((e) => [e.claim, e.field, e.message]), [
    ["q.async", "check", "claim q.async: check returned a Promise; checks must be synchronous"],
    ["q.rejects", "check", "claim q.rejects: check returned a Promise; checks must be synchronous"],
    [
      "q.zero",
      "check",
      "claim q.zero: check returned 0 (a number); it must return an outcome object with verdict, computed, reason",
    ],
    [
      "q.undefined",
      "check",
      "claim q.undefined: check returned undefined; it must return an outcome object with verdict, computed, reason",
    ],
    [
      "q.noverdict",
      "verdict",
      'claim q.noverdict: check returned an outcome whose `verdict` is "maybe" (a string); it must be "agrees" or "disagrees"',
    ],
    [
      "q.noreason",
      "reason",
      "claim q.noreason: check returned an outcome whose `reason` is undefined; it must be a non-empty string",
    ],
  ]);
});

Deno.test("duplicate ids and an unknown chapter are rejected", () => {
  const report = runAudit(
    { claims: [ok1, ok1, { ...ok1, id: "q.chapter", chapter: "nowhere" }] },
    "quiz.ts",
  );
  deepStrictEqual(report.errors.map((e) => [e.claim, e.field]), [
    ["q.one", "id"],
    ["q.chapter", "chapter"],
  ]);
});

Deno.test("a module without a claims array is one error naming the module", () => {
  const report = runAudit({ document: "x" }, "empty.ts");
  deepStrictEqual(report.errors.map((e) => [e.module, e.field]), [["empty.ts", "claims"]]);
});

Deno.test("the formats group by question and end with the summary line", () => {
  const report = runAudit({ document: "quiz", claims: [ok1] }, "quiz.ts");
  strictEqual(summaryLine(report), "1 claim: 1 agree, 0 disagree");
  const text = formatText(report);
  match(text, /^Audit of quiz/);
  match(text, /Question 1\n {2}agrees {4}q\.one/);
  ok(text.endsWith("1 claim: 1 agree, 0 disagree"));
  match(formatMarkdown(report), /\| claim \| stated \| computed \| verdict \| reason \|/);
  deepStrictEqual(JSON.parse(formatJson(report)).summary, {
    claims: 1,
    agrees: 1,
    disagrees: 0,
    errors: 0,
  });
});

Deno.test("the text and Markdown reports show the readings tried, for agreements too", () => {
  const withReading: Claim = {
    ...ok1,
    id: "q.read",
    check: () =>
      checkExact(2, 1 + 1, {
        what: "1 + 1",
        alternatives: [{ reading: "in base 2 digits", value: 10 }],
      }),
  };
  const report = runAudit({ document: "quiz", claims: [ok1, withReading] }, "quiz.ts");
  match(
    formatText(report),
    /agrees {4}q\.read: .*\n(?: {4}.*\n)* {4}reading: {2}in base 2 digits -> 10\n/,
  );
  const markdown = formatMarkdown(report);
  match(markdown, /- `q\.read`: .*\n {2}- reading "in base 2 digits": 10\n/);
  ok(!markdown.includes("- `q.one`"), "a claim without readings gets no detail list");
});

Deno.test("parseArgs reads every option and rejects bad ones with the option named", () => {
  deepStrictEqual(
    parseArgs([
      "--format",
      "json",
      "--claims=x.ts",
      "--fail-on-disagree",
      "--replay",
      "5a.gradient",
      "--seed",
      "7",
    ]),
    {
      format: "json",
      claims: "x.ts",
      failOnDisagree: true,
      replay: "5a.gradient",
      seed: 7,
      help: false,
    },
  );
  throws(() => parseArgs(["--colour"]), { name: "TypeError", message: /unknown option --colour/ });
  throws(() => parseArgs(["--format", "html"]), { name: "RangeError", message: /--format/ });
  throws(() => parseArgs(["--seed", "1.5"]), { name: "RangeError", message: /--seed/ });
  throws(() => parseArgs(["--replay", "1b"]), { name: "TypeError", message: /--seed/ });
  throws(() => parseArgs(["--claims"]), { name: "TypeError", message: /--claims needs a value/ });
});

Deno.test("resolveClaims keeps URLs and resolves paths against the working directory", () => {
  strictEqual(resolveClaims("https://example.org/c.ts", "/w"), "https://example.org/c.ts");
  strictEqual(resolveClaims("examples/c.ts", "/w/main"), "file:///w/main/examples/c.ts");
  strictEqual(resolveClaims("/abs/c.ts", "/w"), "file:///abs/c.ts");
});

/** Runs the CLI as `deno task audit` would, returning exit code and output. */
async function cli(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-lock",
      "--no-prompt",
      "--allow-read=.",
      `--allow-run=${Deno.execPath()}`,
      "audit/cli.ts",
      ...args,
    ],
    cwd: new URL("..", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, out: decode(stdout), err: decode(stderr) };
}

Deno.test("the CLI prints the JSON report in the documented schema, exit 0", async () => {
  const { code, out } = await cli("--format", "json");
  strictEqual(code, 0);
  const report = JSON.parse(out);
  deepStrictEqual(Object.keys(report).sort(), [
    "claims",
    "document",
    "errors",
    "groups",
    "module",
    "questions",
    "summary",
  ]);
  const keys = [
    "alternatives",
    "assumptions",
    "chapter",
    "computed",
    "counterexample",
    "diagnosis",
    "group",
    "id",
    "kind",
    "line",
    "mistakes",
    "question",
    "reason",
    "reproducedBy",
    "seed",
    "stated",
    "statedTex",
    "statement",
    "topic",
    "verdict",
  ];
  for (const c of report.claims) deepStrictEqual(Object.keys(c).sort(), keys);
  strictEqual(report.summary.claims, report.claims.length);
  strictEqual(report.summary.agrees + report.summary.disagrees, report.claims.length);
});

Deno.test("--fail-on-disagree exits 1 when a claim disagrees", async () => {
  const { code, out } = await cli("--fail-on-disagree");
  strictEqual(code, 1);
  match(out, /\d+ claims: \d+ agree, \d+ disagree$/m);
});

Deno.test("--replay ID --seed N checks only that claim and prints its counterexample", async () => {
  const { code, out } = await cli("--replay", "5a.gradient", "--seed", "3");
  strictEqual(code, 0);
  match(out, /5a\.gradient/);
  match(out, /counterexample: .*bf=/);
  match(out, /--replay 5a\.gradient --seed 3/);
  ok(out.trimEnd().endsWith("1 claim: 0 agree, 1 disagree"));
});

Deno.test("a claims module that cannot be loaded is an error naming it, exit 2", async () => {
  const { code, out } = await cli("--claims", "spec/no_such_claims.ts");
  strictEqual(code, 2);
  match(out, /cannot load claims module spec\/no_such_claims\.ts/);
});

Deno.test("the audit's fast-check version is pinned once and matches deno.json's", async () => {
  const root = new URL("../", import.meta.url);
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
  const pinned = config.imports["fast-check"];
  match(pinned, /^npm:fast-check@\d+\.\d+\.\d+$/);
  const shim = await Deno.readTextFile(new URL("audit/_fast_check.ts", root));
  const specifiers = [...shim.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
  ok(specifiers.length > 0);
  deepStrictEqual(new Set(specifiers), new Set([pinned]));
  // No other audit file names fast-check: they all import it through audit/_fast_check.ts.
  for await (const path of walk(new URL("audit/", root))) {
    if (path.pathname.endsWith("/_fast_check.ts")) continue;
    const text = await Deno.readTextFile(path);
    ok(!/from "(npm:)?fast-check/.test(text), `${path} imports fast-check directly`);
  }
});

/** Every .ts file under a directory URL. */
async function* walk(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) yield* walk(new URL(`${entry.name}/`, dir));
    else if (entry.name.endsWith(".ts")) yield new URL(entry.name, dir);
  }
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * The longest runs (a served copy of the repository loaded cold, a publish dry run: 20 to
 * 50 s each on a shared machine) run when NNSPEC_SLOW=1, as .ci/run sets; locally
 * `NNSPEC_SLOW=1 deno task test` runs them too.
 */
const SLOW = { ignore: Deno.env.get("NNSPEC_SLOW") !== "1" };

Deno.test({
  name: "a claims module and the audit load by URL with no import map or config",
  ...SLOW,
}, async () => {
  // Audit the example sheet from the served copy with --no-config: nothing maps
  // "fast-check" or "@nnspec/nnspec", so every import on the way (the example, mod.ts,
  // audit/mod.ts) must resolve by itself.
  await withServedRepo(async (origin, port, requested) => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-config",
        "--no-lock",
        `--allow-import=127.0.0.1:${port}`,
        `--reload=${origin}`,
        `--allow-run=${Deno.execPath()}`,
        "audit/cli.ts",
        "--claims",
        `${origin}/examples/instructor_claims.ts`,
        "--format",
        "json",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = decode(stdout);
    strictEqual(code, 0, `${out}\n${decode(stderr)}`);
    const report = JSON.parse(out);
    deepStrictEqual(report.errors, []);
    strictEqual(report.module, `${origin}/examples/instructor_claims.ts`);
    // The example's three planted mistakes (see its header): 8 claims, 5 agree, 3 disagree.
    deepStrictEqual(report.summary, { claims: 8, agrees: 5, disagrees: 3, errors: 0 });
    // The remote copy of the audit was used, fast-check included through its one module.
    for (const path of ["/mod.ts", "/audit/mod.ts", "/audit/_fast_check.ts"]) {
      ok(requested.includes(path), `${path} not requested: ${requested.join(" ")}`);
    }
  });
});

/** Writes `text` back to `file` from a child process allowed to write that file only. */
async function restore(file: URL, text: string) {
  const path = fileURLToPath(file);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-lock", `--allow-write=${path}`, "-"],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(
      `await Deno.writeTextFile(${JSON.stringify(path)}, ${JSON.stringify(text)});`,
    ),
  );
  await writer.close();
  const { code, stderr } = await child.output();
  strictEqual(code, 0, decode(stderr));
}

Deno.test({
  name: "deno task audit --claims URL leaves deno.lock unchanged",
  ...SLOW,
}, async () => {
  // Without --no-lock the task recorded each remote claims module in deno.lock's "remote"
  // section, dirtying the working tree of whoever audited a URL.
  const lock = new URL("deno.lock", new URL("../", import.meta.url));
  const before = await Deno.readTextFile(lock);
  await withServedRepo(async (origin) => {
    try {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["task", "-q", "audit", "--claims", `${origin}/examples/instructor_claims.ts`],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = decode(stdout);
      strictEqual(code, 0, `${out}\n${decode(stderr)}`);
      ok(out.trimEnd().endsWith("8 claims: 5 agree, 3 disagree"), out);
      const after = await Deno.readTextFile(lock);
      ok(!after.includes(origin), "deno.lock records the audited URL");
      strictEqual(after, before);
    } finally {
      // Leave the tree as it was even when the check fails. The test task grants no write
      // access, so a child process allowed to write this one file puts it back.
      if (await Deno.readTextFile(lock) !== before) await restore(lock, before);
    }
  });
});

Deno.test("deno doc --lint audit/mod.ts is clean: the public API exposes no fast-check internals", async () => {
  // Re-exporting fast-check's Arbitrary class made doc lint report private-type-ref errors
  // (Random, Value, Stream); the audit declares its own Arbitrary interface instead.
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", "audit/mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  strictEqual(code, 0, `${decode(stdout)}\n${decode(stderr)}`);
});

Deno.test("no audit file names an absolute path of the machine it was written on", async () => {
  // audit/ is published; a path like /work/... or /home/... means nothing to a reader.
  for await (const path of walk(new URL("../audit/", import.meta.url))) {
    const text = await Deno.readTextFile(path);
    const found = text.match(/(?<![\w.:/])\/(?:work|home|root|tmp|Users)\/[\w./-]+/);
    ok(!found, `${path.pathname}: ${found?.[0]}`);
  }
});

Deno.test({
  name:
    "the publish dry run leaves out the CLI, so its dynamic import of --claims raises no warning",
  ...SLOW,
}, async () => {
  // The CLI imports a module the user names, which publish cannot analyze; it is not an
  // export, so deno.json excludes it (see audit/cli.ts) while audit/mod.ts is published.
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = `${decode(stdout)}\n${decode(stderr)}`;
  strictEqual(code, 0, out);
  ok(!out.includes("unanalyzable-dynamic-import"), out);
  ok(!out.includes("/audit/cli.ts"), "audit/cli.ts is published");
  for (const file of ["/audit/mod.ts", "/audit/_fast_check.ts", "/audit/engine.ts"]) {
    ok(out.includes(file), `${file} is not published`);
  }
});
