/**
 * Issue 16's hostile review, one spec per attack: each one reproduces what broke the
 * confinement or the audit's bounds (it fails on the code before the fix) and checks the
 * fix at its root. The CLI runs as `deno task audit` runs it, with a hard deadline of its
 * own here so that a hang fails the spec instead of stalling the suite; specs that need
 * more than a few seconds run with NNSPEC_SLOW=1 (as CI does).
 */
import { match, ok, strictEqual } from "node:assert/strict";
import { ROOT } from "./_serve.ts";

const SLOW = Deno.env.get("NNSPEC_SLOW") === "1";
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Runs the audit CLI with the task's permissions; killed (and failed) after `limit` ms. */
async function audit(
  args: string[],
  limit = 30_000,
): Promise<{ code: number; out: string; err: string; ms: number }> {
  const began = Date.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-lock",
      "--no-prompt",
      "--allow-read",
      "--allow-net",
      "--allow-import",
      "--allow-write",
      "--allow-env=CE_*",
      `--allow-run=${Deno.execPath()}`,
      "audit/cli.ts",
      ...args,
    ],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let killed = false;
  // SIGTERM lets the CLI stop its confined process first (a SIGKILL would orphan it)
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGTERM");
  }, limit);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);
  ok(!killed, `the audit was still running after ${limit / 1000} s: ${args.join(" ")}`);
  return { code, out: decode(stdout), err: decode(stderr), ms: Date.now() - began };
}

/** A claim whose check body is `body`. */
function claim(id: string, body: string): string {
  return `{ id: ${JSON.stringify(id)}, question: "1", topic: "t", chapter: "activations",
    statement: "s", stated: "4", assumptions: [],
    check: (context: unknown) => { ${body} } }`;
}

const GOOD = [
  claim("good.agrees", `return { computed: "4", verdict: "agrees", reason: "2 + 2" };`),
  claim("good.disagrees", `return { computed: "5", verdict: "disagrees", reason: "abs" };`),
];

/** A module's source: optional top-level code, the good claims around the hostile ones. */
function moduleSource(hostile: string[], top = ""): string {
  return `// deno-lint-ignore-file\nimport { readFileSync } from "node:fs";\n${top}\nexport const document = "hostile";\nexport const claims = [${
    [GOOD[0], ...hostile, GOOD[1]].join(",\n")
  }];\n`;
}

/** The verdicts of a JSON report by claim id, and its errors' messages. */
function verdicts(out: string): { byId: Record<string, string>; errors: string[] } {
  const report = JSON.parse(out);
  return {
    byId: Object.fromEntries(
      report.claims.map((c: { id: string; verdict: string }) => [c.id, c.verdict]),
    ),
    errors: report.errors.map((e: { message: string }) => e.message),
  };
}

/** Runs `code` in a child Deno that may write in the temporary folder only (the suite may not). */
async function scratchEval(code: string, input: unknown): Promise<string> {
  const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", `--allow-read=${tmp}`, `--allow-write=${tmp}`, `--allow-run=mkfifo`, code],
    env: { NNSPEC_INPUT: JSON.stringify(input), TMPDIR: tmp },
    stdout: "piped",
    stderr: "piped",
  });
  const { code: status, stdout, stderr } = await child.output();
  strictEqual(status, 0, decode(stderr));
  return decode(stdout).trim();
}

const MAKE = `
  const { files, links, fifos } = JSON.parse(Deno.env.get("NNSPEC_INPUT"));
  const dir = Deno.makeTempDirSync({ prefix: "nnspec-hostile-" });
  for (const [path, text] of Object.entries(files)) {
    Deno.mkdirSync((dir + "/" + path).replace(/\\/[^/]+$/, ""), { recursive: true });
    Deno.writeTextFileSync(dir + "/" + path, text);
  }
  for (const [path, target] of Object.entries(links)) {
    Deno.symlinkSync(target.startsWith("/") ? target : dir + "/" + target, dir + "/" + path);
  }
  for (const path of fifos) new Deno.Command("mkfifo", { args: [dir + "/" + path] }).outputSync();
  console.log(dir);`;

/**
 * A fresh folder with `files` (relative path → text), `links` (relative path → target,
 * relative to the folder or absolute) and FIFOs; removed after `body`.
 */
async function withFolder(
  files: Record<string, string>,
  body: (dir: string) => Promise<void>,
  more: { links?: Record<string, string>; fifos?: string[] } = {},
): Promise<void> {
  const dir = await scratchEval(MAKE, { files, links: more.links ?? {}, fifos: more.fifos ?? [] });
  try {
    await body(dir);
  } finally {
    await scratchEval(`Deno.removeSync(${JSON.stringify(dir)}, { recursive: true })`, null);
  }
}

/** A server on 127.0.0.1 answering with `handler`; records each request's path. */
async function withServer(
  handler: (path: string) => Response | Promise<Response>,
  body: (origin: string, requested: string[]) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const requested: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    (request) => {
      const path = new URL(request.url).pathname;
      requested.push(path);
      return handler(path);
    },
  );
  try {
    await body(`http://127.0.0.1:${server.addr.port}`, requested);
  } finally {
    controller.abort();
    await server.finished.catch(() => {});
  }
}

const SECRET = "nnspec-secret-word-7f3a";

Deno.test("1. a folder whose name holds a comma cannot widen --allow-read to / (it read /etc/passwd)", async () => {
  await withFolder({
    "quiz,/claims.ts": moduleSource([
      claim(
        "bad.passwd",
        `const t = readFileSync("/etc/passwd", "utf8");
         return { computed: t.slice(0, 40), verdict: "agrees", reason: "read" };`,
      ),
    ]),
  }, async (dir) => {
    const { code, out } = await audit([
      "--no-type-check",
      "--format",
      "json",
      `${dir}/quiz,/claims.ts`,
    ]);
    ok(!out.includes("root:"), "the module read /etc/passwd");
    strictEqual(code, 2);
    match(verdicts(out).errors.join("\n"), /cannot be granted: Deno splits the flag's value/);
  });
});

Deno.test("2. an npm: import computed at run time is refused (the runner fetched and ran it)", async () => {
  // mdurl is in Deno's cache already (markdown-it depends on it), so the old runner loaded
  // it from there without asking the registry.
  await withFolder({
    "claims.ts": moduleSource(
      [claim("bad.npm", `return globalThis.npmResult;`)],
      `
      let result = { computed: "refused", verdict: "disagrees", reason: "npm" };
      try {
        const name = ["md", "url@2"].join("");
        await import("npm:" + name);
        result = { computed: "loaded", verdict: "agrees", reason: "npm" };
      } catch { /* refused */ }
      (globalThis as any).npmResult = result;`,
    ),
  }, async (dir) => {
    const { out } = await audit(["--no-type-check", "--format", "json", `${dir}/claims.ts`]);
    const { byId } = verdicts(out);
    strictEqual(byId["bad.npm"], "disagrees", "the npm package was loaded");
    strictEqual(byId["good.agrees"], "agrees");
  });
});

Deno.test({
  name: "3. a check that keeps the process busy after it returns cannot hang the CLI",
  ignore: !SLOW,
  fn: async () => {
    for (
      const top of [
        // an unload listener runs when the runner exits
        `addEventListener("unload", () => { for (;;) {} });`,
        // a microtask queued by a check runs after the last outcome
        `Promise.resolve().then(() => { (globalThis as any).late = true; });`,
      ]
    ) {
      await withFolder({
        "claims.ts": moduleSource([
          claim(
            "bad.spin",
            `Promise.resolve().then(() => { for (;;) {} });
           return { computed: "4", verdict: "agrees", reason: "returned" };`,
          ),
        ], top),
      }, async (dir) => {
        const { out } = await audit(
          ["--no-type-check", "--timeout", "2", "--format", "json", `${dir}/claims.ts`],
          20_000,
        );
        const { byId } = verdicts(out);
        strictEqual(byId["good.agrees"], "agrees");
        strictEqual(byId["good.disagrees"], "disagrees");
      });
    }
  },
});

Deno.test("3. a module of many spinning claims is stopped by one overall deadline", async () => {
  const spinning = Array.from({ length: 6 }, (_, i) => claim(`bad.spin${i}`, `for (;;) {}`));
  await withFolder({ "claims.ts": moduleSource(spinning) }, async (dir) => {
    const { out, ms } = await audit(
      [
        "--no-type-check",
        "--timeout",
        "1",
        "--module-timeout",
        "3",
        "--format",
        "json",
        `${dir}/claims.ts`,
      ],
      25_000,
    );
    const { errors } = verdicts(out);
    // 6 claims of 1 s each and a restart after each would take well over 6 s
    ok(ms < 6_000 + 2_000, `took ${ms} ms`);
    ok(
      errors.some((e) => /not run: the module's overall time limit of 3 s/.test(e)),
      errors.join("\n"),
    );
  });
});

Deno.test("4. a link in the module's folder that leaves it refuses the module (it read the target)", async () => {
  await withFolder({
    "secret/creds.txt": SECRET,
    "quiz/claims.ts": moduleSource([
      claim(
        "bad.link",
        `const t = readFileSync(new URL("./leak.txt", import.meta.url), "utf8");
         return { computed: t, verdict: "agrees", reason: "read" };`,
      ),
    ]),
  }, async (dir) => {
    const { code, out } = await audit([
      "--no-type-check",
      "--format",
      "json",
      `${dir}/quiz/claims.ts`,
    ]);
    ok(!out.includes(SECRET), "the link was followed");
    strictEqual(code, 2);
    match(verdicts(out).errors.join("\n"), /a link that leaves it \(leak\.txt -> /);
  }, { links: { "quiz/leak.txt": "secret/creds.txt" } });
});

Deno.test("5. wrapping TextEncoder.prototype.encode cannot read the nonce or rewrite an event", async () => {
  await withFolder({
    "claims.ts": moduleSource(
      [],
      `
      try {
        const original = TextEncoder.prototype.encode;
        TextEncoder.prototype.encode = function (text?: string) {
          return original.call(this, String(text).replaceAll('"disagrees"', '"agrees"'));
        };
      } catch { /* frozen */ }`,
    ),
  }, async (dir) => {
    const { out } = await audit(["--no-type-check", "--format", "json", `${dir}/claims.ts`]);
    strictEqual(verdicts(out).byId["good.disagrees"], "disagrees");
  });
});

Deno.test("6. the type check is confined: no other host, no file outside the module's reach", async () => {
  await withServer(() => new Response("export const y = 1;"), async (other, requested) => {
    await withFolder({
      "secret/words.ts": `export const x: number = "${SECRET}";\n`,
      "quiz/claims.ts":
        `import { x } from "../secret/words.ts";\nimport { y } from "${other}/y.ts";\n` +
        moduleSource([]) + `export const z = [x, y];\n`,
    }, async (dir) => {
      const { code, out } = await audit(["--format", "json", `${dir}/quiz/claims.ts`]);
      strictEqual(code, 2);
      ok(!out.includes(SECRET), "the type errors quoted a file outside the module's folder");
      deepEqualPaths(requested, []);
    });
  });
});

Deno.test("6. a local sheet's experiments must be a module: ../secret is refused unread", async () => {
  await withFolder({
    "secret": `${SECRET} is not code\n`,
    "quiz/sheet.md": "---\nexperiments: ../secret\n---\n# Quiz\n\n```claims\na: experiment\n```\n",
  }, async (dir) => {
    const { out } = await audit([`${dir}/quiz/sheet.md`]);
    ok(!out.includes(SECRET), out);
    match(out, /secret is not a TypeScript or JavaScript module/);
  });
});

Deno.test({
  name: "6. a static import of a URL that never answers cannot hang the type check",
  ignore: !SLOW,
  fn: async () => {
    await withServer(() => new Promise<Response>(() => {}), async (origin) => {
      await withFolder({
        "claims.ts": `import { y } from "${origin}/never.ts";\n` + moduleSource([]) +
          "export const z = y;\n",
      }, async (dir) => {
        const { code } = await audit(
          ["--timeout", "1", "--allow-import", origin.slice(7), `${dir}/claims.ts`],
          60_000,
        );
        strictEqual(code, 2);
      });
    });
  },
});

Deno.test("7. a remote module cannot read the checkout; a local one reads nnspec's code only", async () => {
  const probe = (path: string) =>
    claim(
      `bad.read.${path.replaceAll(/\W/g, "")}`,
      `let t = "denied";
       try { t = readFileSync(${
        JSON.stringify(ROOT + path)
      }, "utf8").slice(0, 20); } catch { /* denied */ }
       return { computed: t, verdict: t === "denied" ? "disagrees" : "agrees", reason: "read" };`,
    );
  const source = moduleSource([probe("README.md"), probe("deno.json"), probe("lib/tensor.ts")]);
  await withServer(
    () => new Response(source, { headers: { "content-type": "application/typescript" } }),
    async (origin) => {
      const { out } = await audit(["--no-type-check", "--format", "json", `${origin}/claims.ts`]);
      const { byId } = verdicts(out);
      strictEqual(byId["bad.read.READMEmd"], "disagrees", "read README.md");
      strictEqual(byId["bad.read.denojson"], "disagrees", "read deno.json");
      strictEqual(byId["bad.read.libtensorts"], "disagrees", "read lib/");
    },
  );
  await withFolder({ "claims.ts": source }, async (dir) => {
    const { out } = await audit(["--no-type-check", "--format", "json", `${dir}/claims.ts`]);
    const { byId } = verdicts(out);
    strictEqual(byId["bad.read.READMEmd"], "disagrees", "read README.md");
    strictEqual(byId["bad.read.libtensorts"], "agrees", "cannot read lib/");
  });
});

Deno.test("14. `deno task audit` runs with Deno by its path and no deno on PATH", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "audit"],
    cwd: ROOT,
    env: { PATH: "/nonexistent" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const errors = decode(stdout).split("\n").filter((l) => l.startsWith("error"));
  strictEqual(code, 0, `${decode(stderr)}${errors.join("\n")}`);
  match(decode(stdout), /80 claims: \d+ agree, \d+ disagree\n/);
});

function deepEqualPaths(requested: string[], expected: string[]): void {
  strictEqual(
    requested.join(","),
    expected.join(","),
    `requests reached another host: ${requested}`,
  );
}

Deno.test("12. /dev/zero or a FIFO named as a sheet or a scan is refused, not read without end", async () => {
  await withFolder({}, async (dir) => {
    for (
      const args of [
        ["--scan", "/dev/zero"],
        ["--scan", `${dir}/pipe.tex`],
        [`${dir}/zero.md`],
        [`${dir}/pipe.md`],
      ]
    ) {
      const { code, out } = await audit(args, 20_000);
      strictEqual(code, 2, args.join(" "));
      match(out, /not a regular file/, args.join(" "));
    }
  }, { links: { "zero.md": "/dev/zero" }, fifos: ["pipe.md", "pipe.tex"] });
});

Deno.test({
  name: "12. --scan of a URL that never answers ends at the read deadline",
  ignore: !SLOW,
  fn: async () => {
    await withServer(() => new Promise<Response>(() => {}), async (origin) => {
      const { code, out } = await audit(["--scan", `${origin}/sheet.tex`], 60_000);
      strictEqual(code, 2);
      match(out, /did not finish within 30 s/);
    });
  },
});

Deno.test("13. --draft never writes over a file: the scanned document itself is kept", async () => {
  const tex = "\\section{Question 1}\n$\\sigma(0) = 0.5$\n";
  await withFolder({ "sheet.tex": tex, "draft.md": "kept" }, async (dir) => {
    for (const target of [`${dir}/sheet.tex`, `${dir}/draft.md`]) {
      const { code, err } = await audit(["--scan", `${dir}/sheet.tex`, "--draft", target]);
      strictEqual(code, 2, err);
      match(err, /cannot write/);
    }
    strictEqual(await Deno.readTextFile(`${dir}/sheet.tex`), tex);
    strictEqual(await Deno.readTextFile(`${dir}/draft.md`), "kept");
  }, { links: {} });
});

Deno.test("11. a long `vars:` annotation is refused in linear time (a 300 KB one took 72 s)", async () => {
  const { auditSheet } = await import("../audit/sheet/sheet.ts");
  // a run of spaces between two names: the old lazy group and the \s+ before "in" could split
  // it at every place, retried from every place (60,000 spaces took about 26 s)
  const sheet = "```claims\n1a: sigmoid(x) = 1/(1 + exp(-x))\n  vars: x" + " ".repeat(60_000) +
    "y\n```\n";
  const began = performance.now();
  const report = await auditSheet(sheet, "vars.md");
  const ms = performance.now() - began;
  ok(ms < 2_000, `took ${ms} ms`);
  match(report.errors.map((e) => e.message).join("\n"), /vars: "x {20}/);
});

Deno.test("8. the sheet language counts its entries before allocating and stops at --timeout", async () => {
  const { auditSheet } = await import("../audit/sheet/sheet.ts");
  // a 556-byte kind of sheet: each where-name doubles the last, 2^31 entries after 30 steps
  // (it took the CLI to 4.2 GB and a crash); refused at the first value past 2^18 entries
  const doubling = ["a0 = [1, 1]"];
  for (let i = 1; i <= 30; i++) doubling.push(`a${i} = [a${i - 1}, a${i - 1}]`);
  const bomb = await auditSheet(
    "```claims\n1a: a30 + 1 = 2\n  where: " + doubling.join("; ") + "\n```\n",
    "bomb.md",
  );
  match(
    bomb.errors[0].message,
    /the array would have 524288 entries, more than the sheet language's limit of 2\^18/,
  );
  // arithmetic within the entry limit but long: stopped at the 0.5 s limit, not run to its end
  const long = ["b0 = [1, 1]"];
  for (let i = 1; i <= 17; i++) long.push(`b${i} = [b${i - 1}, b${i - 1}]`);
  const began = Date.now();
  const slow = await auditSheet(
    "```claims\n1b: " + new Array(60).fill("b17").join(" * ") + " = 2\n  where: " +
      long.join("; ") + "\n```\n",
    "slow.md",
    { timeout: 0.5 },
  );
  const ms = Date.now() - began;
  // 60 products of 2^17 entries take far longer than 0.5 s on this evaluator; a shared machine
  // may add a few seconds to the operation running when the limit passes
  ok(ms < 6_000, `took ${ms} ms`);
  match(slow.errors.map((e) => e.message).join("\n"), /time limit|--timeout/);
});

Deno.test("13. a module's text cannot plant report lines, raw HTML or look-alike ids", async () => {
  const planted = `{ id: "plant", question: "1", topic: "t", chapter: "activations",
    statement: "s\\n\\n3 claims: 3 agree, 0 disagree", stated: "4", assumptions: [],
    check: () => ({ computed: "<img src=x onerror=alert(1)>", verdict: "disagrees", reason: "r" }) }`;
  const twin = `{ id: "good.agr\\u200bees", question: "1", topic: "t", chapter: "activations",
    statement: "s", stated: "4", assumptions: [],
    check: () => ({ computed: "4", verdict: "agrees", reason: "r" }) }`;
  await withFolder({ "claims.ts": moduleSource([planted, twin]) }, async (dir) => {
    const text = await audit(["--no-type-check", `${dir}/claims.ts`]);
    const summaries = text.out.split("\n").filter((l) => /^\d+ claims?: /.test(l));
    strictEqual(summaries.length, 1, summaries.join("\n"));
    match(text.out, /holds an invisible character \(U\+200B\)/);
    const markdown = await audit(["--no-type-check", "--format", "markdown", `${dir}/claims.ts`]);
    ok(!/(^|[^\\])<img/m.test(markdown.out), "raw HTML passed through");
    match(markdown.out, /\\<img src=x onerror=alert\(1\)>/);
  });
});

/** Whether `ps` can list processes here (procps). */
const HAS_PS = (() => {
  try {
    return new Deno.Command("ps", { args: ["-eo", "pid,args"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** The confined runners whose command line mentions `needle` (from `ps`): pid and line. */
async function runnersWith(needle: string): Promise<{ pid: number; line: string }[]> {
  const { stdout } = await new Deno.Command("ps", { args: ["-eo", "pid,args"], stdout: "piped" })
    .output();
  return decode(stdout).split("\n")
    .filter((line) => line.includes(needle) && line.includes("_runner.ts"))
    .map((line) => ({ pid: Number(line.trim().split(/\s+/)[0]), line }));
}

Deno.test({
  name: "3. a CLI stopped from outside (SIGTERM) stops its confined process, which spun on alone",
  ignore: !HAS_PS || !SLOW,
  fn: async () => {
    await withFolder(
      { "claims.ts": moduleSource([claim("bad.spin", `for (;;) {}`)]) },
      async (dir) => {
        const cli = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "--no-lock",
            "--allow-read",
            `--allow-run=${Deno.execPath()}`,
            "audit/cli.ts",
            "--no-type-check",
            "--timeout",
            "100",
            `${dir}/claims.ts`,
          ],
          cwd: ROOT,
          stdout: "null",
          stderr: "null",
        }).spawn();
        // wait until the confined runner is spinning on the claim
        let runners: { pid: number }[] = [];
        for (let i = 0; i < 100 && runners.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 100));
          runners = await runnersWith(dir);
        }
        strictEqual(runners.length, 1, "the confined runner did not start");
        // a runner that still writes events dies with its reader; one spinning in a claim
        // (after its "start" event) writes nothing more and would not
        await new Promise((r) => setTimeout(r, 3_000));
        cli.kill("SIGTERM");
        await cli.status;
        await new Promise((r) => setTimeout(r, 500));
        const left = await runnersWith(dir);
        // this spec's own runner only (its folder is in the command line): not left spinning
        for (const { pid } of left) Deno.kill(pid, "SIGKILL");
        strictEqual(left.length, 0, `still running: ${left.map((r) => r.line).join("\n")}`);
      },
    );
  },
});

Deno.test("second review: a library call's result counts against the sheet language's 2^18 entries", async () => {
  const { auditSheet } = await import("../audit/sheet/sheet.ts");
  // zeroPad2d([[1]], 4095) is 8191 × 8191 = 67,092,481 entries, within the library's 2^26
  // (left lazily zero, so the call is quick); the claim line's message then built its
  // nested arrays: 2.8 GB and 11 s for a 40-byte line. Refused when the call returns.
  const began = performance.now();
  const report = await auditSheet("```claims\n1a: zeroPad2d([[1]], 4095) = 1\n```\n", "pad.md");
  const ms = performance.now() - began;
  match(
    report.errors.map((e) => e.message).join("\n"),
    /zeroPad2d\(…\) gives 67092481 entries, more than the sheet language's limit of 2\^18/,
  );
  ok(ms < 2_000, `took ${ms} ms`);
  // a result within the limit is not refused: 511 × 511 = 261,121 entries
  const fits = await auditSheet(
    "```claims\n1b: zeroPad2d([[1]], 255).size = 261121\n```\n",
    "fit.md",
  );
  strictEqual(fits.errors.length, 0, JSON.stringify(fits.errors));
  strictEqual(fits.claims[0].verdict, "agrees");
});

Deno.test("second review: a sheet's claim id with an invisible or bidirectional character is refused", async () => {
  const { auditSheet } = await import("../audit/sheet/sheet.ts");
  // `d.a<U+200B>b` and `d.ab` were two claims printed identically (the report removes the
  // bidi override of `d.<U+202E>ab` and prints it as `d.ab` too); a module's ids were
  // refused already
  const report = await auditSheet(
    "```claims\nd.ab: 1 = 1\nd.a\u200bb: 1 = 2\nd.\u202eab: 1 = 2\n```\n",
    "ids.md",
  );
  strictEqual(report.claims.length, 1);
  strictEqual(report.claims[0].id, "d.ab");
  const messages = report.errors.map((e) => e.message);
  strictEqual(messages.length, 2, messages.join("\n"));
  match(messages[0], /invisible character \(U\+200B\)/);
  match(messages[1], /invisible character \(U\+202E\)/);
});

Deno.test("second review: a claims module cannot write the disk through web storage or a worker", async () => {
  // localStorage persisted across runs and modules (all run as the same runner), and caches
  // wrote 100 MB a run into Deno's cache folder, with no --allow-write; a Worker (or a
  // node:worker_threads one) got a realm with `Deno` and `caches` back
  const top = `
const g: any = globalThis;
const used: Record<string, string> = {};
const tryIt = async (name: string, f: () => unknown) => {
  try { await f(); used[name] = "used"; } catch (e) { used[name] = "refused: " + String(e).slice(0, 60); }
};
await tryIt("localStorage", () => g.localStorage.setItem("nnspec-hostile", "1"));
await tryIt("sessionStorage", () => g.sessionStorage.setItem("nnspec-hostile", "1"));
await tryIt("caches", async () => (await g.caches.open("nnspec-hostile")).put(new Request("http://127.0.0.1/x"), new Response("x")));
await tryIt("Worker", () => new g.Worker("data:text/javascript,close()", { type: "module" }).terminate());
await tryIt("worker_threads", async () => {
  const { Worker } = await import("node:worker_threads");
  await new (Worker as any)("1", { eval: true }).terminate();
});
await tryIt("require", async () => {
  const { createRequire } = await import("node:module");
  const { Worker } = createRequire(import.meta.url)("worker_threads");
  await new Worker("1", { eval: true }).terminate();
});`;
  const names = ["localStorage", "sessionStorage", "caches", "Worker", "worker_threads", "require"];
  await withFolder({
    "store/claims.ts": moduleSource(
      names.map((n) =>
        claim(
          `store.${n}`,
          `const u = used[${JSON.stringify(n)}];
           return { computed: u, verdict: u === "used" ? "disagrees" : "agrees", reason: u };`,
        )
      ),
      top,
    ),
  }, async (dir) => {
    const { out } = await audit(["--no-type-check", "--format", "json", `${dir}/store/claims.ts`]);
    const { byId, errors } = verdicts(out);
    strictEqual(errors.length, 0, errors.join("\n"));
    for (const n of names) strictEqual(byId[`store.${n}`], "agrees", `${n} was usable: ${out}`);
  });
});

Deno.test("second review: a local module's static import of a file outside its folder is refused before the type check", async () => {
  // `deno info` rejected --cached-only, so the graph of a local module importing from no host
  // was never listed and `deno check` compiled ../secret/words.ts, quoting its identifiers
  await withFolder({
    "secret/words.ts": "export const zebraHunter = 1;\nexport const y: number = zebraHunterTypo;\n",
    "quiz/claims.ts": `import "../secret/words.ts";\n${moduleSource([])}`,
  }, async (dir) => {
    const { out } = await audit(["--format", "json", `${dir}/quiz/claims.ts`], 120_000);
    ok(!out.includes("zebraHunter"), `the type check quoted the file: ${out}`);
    match(verdicts(out).errors.join("\n"), /secret\/words\.ts, outside what it may read/);
  });
});

Deno.test("second review: a LaTeX paragraph too long for the parser is skipped with its reason, not parsed", async () => {
  const { readTex, MAX_PARAGRAPH_CHARS } = await import("../audit/scan/read_tex.ts");
  // a 990 KB `$x=}}}…$` took the scan to 2.5 GB (a `\sum_{i=1}^{9999}` one to 2.2 GB and 29 s):
  // the parser holds kilobytes per character; a paragraph past the limit is not parsed
  const text = "$a = 1 + 1 = 2$\n\n$x=" + "}".repeat(MAX_PARAGRAPH_CHARS) +
    "$\n\n$b = 2 + 2 = 4$\n";
  const doc = readTex(text);
  strictEqual(doc.fragments.length, 3);
  strictEqual(doc.fragments[0].tex.trim(), "a = 1 + 1 = 2");
  match(
    doc.fragments[1].problem ?? "",
    /^a paragraph of 10000[5-7] characters, over 100000 \(MAX_PARAGRAPH_CHARS\), is not parsed$/,
  );
  strictEqual(doc.fragments[1].line, 3);
  strictEqual(doc.fragments[2].tex.trim(), "b = 2 + 2 = 4");
});

Deno.test("second review: a LaTeX paragraph nested too deeply for the parser is skipped, the rest scanned", async () => {
  const { readTex } = await import("../audit/scan/read_tex.ts");
  // 5,000 nested braces (a 5 KB file) ran the parser out of stack and failed the whole scan
  const doc = readTex("$a = 1 + 1 = 2$\n\n$" + "{".repeat(5000) + "$\n\n$b = 2 + 2 = 4$\n");
  strictEqual(doc.fragments.length, 3);
  strictEqual(doc.fragments[0].tex.trim(), "a = 1 + 1 = 2");
  match(doc.fragments[1].problem ?? "", /^a paragraph nested too deeply for the LaTeX parser/);
  strictEqual(doc.fragments[1].line, 3);
  strictEqual(doc.fragments[2].tex.trim(), "b = 2 + 2 = 4");
});

Deno.test("second review: a sheet's text makes no link or image in the Markdown report", async () => {
  const { auditSheet } = await import("../audit/sheet/sheet.ts");
  const { formatMarkdown } = await import("../audit/report/format.ts");
  // a statement's `![i](http://…)` rendered as an image the reader's viewer fetched
  const report = await auditSheet(
    "```claims\nd.a: 1 = 2\n  statement: see [here](javascript:alert(1)) and ![i](http://127.0.0.1:9/x.png)\n```\n",
    "links.md",
  );
  const md = formatMarkdown(report);
  ok(md.includes("see [here]\\(javascript:alert(1)) and ![i]\\(http://127.0.0.1:9/x.png)"), md);
  ok(!/\]\(/.test(md), md);
});
