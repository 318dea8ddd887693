/**
 * Specs for answer sheets (issue 8): the Markdown format, the expression language, stated
 * values and the diagnosis by the mistake catalogue.
 *
 * @module
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { auditSheet, parseSheet, splitAt } from "../audit/sheet/sheet.ts";
import { evaluate, parseExpression } from "../audit/sheet/expr.ts";
import { matchesNumber, parseStated, writtenDecimals } from "../audit/sheet/stated.ts";
import type { Report } from "../audit/model.ts";

const root = new URL("../", import.meta.url);
const sheet = (claims: string, head = "## Question 1\n") =>
  `${head}\n\`\`\`claims\n${claims}\n\`\`\`\n`;
const audit = (text: string) => auditSheet(text, "test.md");
const byId = (report: Report, id: string) => {
  const c = report.claims.find((c) => c.id === id);
  ok(c, `claim ${id} is reported`);
  return c;
};

Deno.test("examples/quiz.md: each of the six planted mistakes is named by the catalogue", async () => {
  const text = await Deno.readTextFile(new URL("examples/quiz.md", root));
  const report = await auditSheet(text, "examples/quiz.md");
  strictEqual(report.errors.length, 0, JSON.stringify(report.errors));
  strictEqual(report.summary.claims, 16);
  strictEqual(report.summary.disagrees, 6);
  // Each planted answer was made with one mistake of the catalogue (see the sheet): the
  // engine must name exactly that one.
  const planted: Record<string, string> = {
    "1c": "sigmoidDerivative/sigma-alone",
    "1d": "tanhDerivative/one-minus-tanh",
    "2b": "binaryCrossEntropy/log-base-2",
    "2d": "squaredErrorGradient/factor-two-missing",
    "3b": "convOutputSize/stride-ignored",
    "3d": "denseParameterCount/bias-omitted",
  };
  for (const [id, mistake] of Object.entries(planted)) {
    const c = byId(report, id);
    strictEqual(c.verdict, "disagrees");
    deepStrictEqual(c.mistakes.map((m) => `${m.function}/${m.id}`), [mistake], id);
    strictEqual(c.diagnosis, "reproduced");
    strictEqual(c.group, mistake);
  }
  strictEqual(report.groups.length, 6);
  strictEqual(report.questions["1"].text?.startsWith("(a) What is σ(0)?"), true);
});

Deno.test("a disagreement that no catalogue mistake reproduces says so, and invents none", async () => {
  const report = await audit(sheet("1a: sigmoid(0) = 0.7"));
  const c = byId(report, "1a");
  strictEqual(c.verdict, "disagrees");
  strictEqual(c.diagnosis, "none");
  deepStrictEqual(c.mistakes, []);
  match(c.reason, /no known mistake reproduces it/);
});

Deno.test("when several mistakes reproduce an answer, every one is reported as ambiguous", async () => {
  // For a 1-unit dense layer on 1 input, bias omitted (1·1 = 1) and one bias per input
  // (1·1 + 1 = 2)... pick an answer two variants share: 160·10 = 1600 is only bias-omitted;
  // with 10 inputs and 10 units, "bias per input" gives 10·10 + 10 = 110 = the truth, so
  // use a case checked by hand: inFeatures 1, outFeatures 2: truth 4, bias omitted 2,
  // single bias 1·2 + 1 = 3, bias per input 1·2 + 1 = 3. Stated 3 is reproduced twice.
  const report = await audit(sheet("1a: denseParameterCount({inFeatures: 1, outFeatures: 2}) = 3"));
  const c = byId(report, "1a");
  strictEqual(c.diagnosis, "ambiguous");
  deepStrictEqual(c.mistakes.map((m) => m.id).sort(), ["bias-per-input", "single-bias"]);
  match(c.reason, /ambiguous: 2 known mistakes reproduce it/);
});

Deno.test("a reading given by the sheet that reproduces the answer makes the kind 'depends'", async () => {
  const report = await audit(sheet(
    "1a: conv2d([[1, 2], [3, 4]], [[1]]) = [[2, 4], [6, 8]]\n" +
      "  reading: two stacked channels summed := conv2d([[1, 2], [3, 4]], [[1]]) * 2",
  ));
  const c = byId(report, "1a");
  strictEqual(c.kind, "depends");
  strictEqual(c.reproducedBy, "two stacked channels summed");
});

Deno.test("bad sheet input: each error names its line, and the other claims are still audited", async () => {
  const text = sheet([
    "ok1: sigmoid(0) = 0.5",
    "bad1: sigmod(0) = 0.5", // unknown function
    "bad2: convTranspose2d([[1]], [[1]], {stride: 2, output_padding: 1}) = [[1]]", // option
    "bad3: conv2d([[1, 2]], [[1, 2, 3]]) = [[1]]", // wrong argument (kernel wider than input)
    "bad4: sigmoid(0)", // missing =
    "ok1: 1 = 1", // duplicate id
    "bad5: sigmoid(0) = about a half", // stated value is no number/array/shape/formula
    "bad6: Deno.exit(0) = 0", // not exported: member call on an unknown name
    "bad7: [1, 2].constructor = 0", // no prototype access
    "ok2: 2^-1 = 0.5",
  ].join("\n"));
  const report = await audit(text);
  deepStrictEqual(report.claims.map((c) => c.id), ["ok1", "ok2"]);
  strictEqual(report.claims.every((c) => c.verdict === "agrees"), true);
  const messages = report.errors.map((e) => e.message);
  const expect: [RegExp, number][] = [
    [/^line 5: claim bad1: unknown function sigmod \(did you mean sigmoid\?\)/, 5],
    [
      /^line 6: claim bad2: convTranspose2d: unknown option output_padding \(did you mean outputPadding\?/,
      6,
    ],
    [/^line 7: claim bad3: .*conv2d: kernel width 3 exceeds/, 7],
    [/^line 8: claim bad4: missing " = STATED"/, 8],
    [/^line 9: claim ok1: duplicate id \(first on line 4\)/, 9],
    [/^line 10: claim bad5: the stated answer "about a half" is not a number/, 10],
    [/^line 11: claim bad6: unknown name Deno/, 11],
    [/^line 12: claim bad7: cannot index an array of 2 with "constructor"/, 12],
  ];
  strictEqual(messages.length, expect.length, messages.join("\n"));
  expect.forEach(([pattern, line], i) => {
    match(messages[i], pattern);
    strictEqual(report.errors[i].line, line);
  });
});

Deno.test("the CLI audits a sheet by path and exits 2 when a line has an error", async () => {
  const path = "spec/fixtures/bad_sheet.md";
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-lock", "--allow-read", "--allow-import", "audit/cli.ts", path],
    cwd: root,
    stdout: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  strictEqual(code, 2);
  match(out, /agrees +1a/);
  match(out, /error: .*line 5: claim 1b: unknown function nope/);
  match(out, /1 claim: 1 agree, 0 disagree; 1 error \(1 claim not checked\)$/m);
});

Deno.test("powers bind tighter than a unary minus, as in mathematics: -2^2 = -4, (-2)^2 = 4", () => {
  strictEqual(evaluate(parseExpression("-2^2")), -4);
  strictEqual(evaluate(parseExpression("(-2)^2")), 4);
  strictEqual(evaluate(parseExpression("2^3^2")), 512);
  strictEqual(evaluate(parseExpression("2 * -3 ** 2")), -18);
  strictEqual(evaluate(parseExpression("−1 × 2")), -2); // Unicode minus and times
});

Deno.test("arithmetic is elementwise on arrays and Tensors, a scalar broadcast", () => {
  deepStrictEqual(
    evaluate(parseExpression("conv2d([[1, 2], [3, 4]], [[1]]) + [[1, 1], [1, 1]]")),
    [[2, 3], [4, 5]],
  );
  deepStrictEqual(evaluate(parseExpression("2 * [1, [2, 3]]")), [2, [4, 6]]);
});

Deno.test("the claim line splits at the last top-level =, not inside brackets or strings", () => {
  strictEqual(splitAt("f({a: 1}) = 2"), 10);
  strictEqual(splitAt('g("x = y") = 3'), 11);
  strictEqual(splitAt("1 + 1"), -1);
});

Deno.test("stated numbers keep their written precision; integers compare exactly", () => {
  strictEqual(writtenDecimals("0.68997"), 5);
  strictEqual(writtenDecimals("0.090"), 3);
  strictEqual(writtenDecimals("1.5e-3"), 4);
  strictEqual(writtenDecimals("456"), null);
  const s = parseStated("0.53539");
  ok(s.kind === "number");
  ok(matchesNumber(0.535385, s.number)); // rounds to 0.53539
  ok(!matchesNumber(0.535384, s.number));
  const n = parseStated("456");
  ok(n.kind === "number" && matchesNumber(456, n.number) && !matchesNumber(456.4, n.number));
  deepStrictEqual(parseStated("9 × 9 × 6"), { kind: "shape", dims: [9, 9, 6] });
  deepStrictEqual(parseStated("3x3x8"), { kind: "shape", dims: [3, 3, 8] });
});

Deno.test("a formula claim is tested over random dyadic values with a shrunk counterexample", async () => {
  const report = await audit(sheet(
    "1a: squaredErrorGradient(yhat, y) = -2*(y - yhat)\n" +
      "1b: squaredErrorGradient(yhat, y) = 2*(y - yhat)\n  vars: yhat, y in [-1, 1]",
  ));
  strictEqual(byId(report, "1a").verdict, "agrees");
  const wrong = byId(report, "1b");
  strictEqual(wrong.verdict, "disagrees");
  ok(wrong.counterexample && wrong.seed !== null);
  const { yhat, y } = wrong.counterexample.values;
  strictEqual(wrong.counterexample.stated, 2 * (y - yhat));
  strictEqual(wrong.counterexample.expected, -2 * (y - yhat));
  // 2(y − ŷ) is the slope with its sign flipped, and also the slope with ŷ and y swapped:
  // both reproduce it, so the diagnosis is ambiguous and names both.
  deepStrictEqual(wrong.mistakes.map((m) => m.id), ["sign-flipped", "arguments-swapped"]);
  strictEqual(wrong.diagnosis, "ambiguous");
});

Deno.test("the question comes from the nearest heading, its text from a blockquote", () => {
  const parsed = parseSheet(
    "# T\n## Question 3: shapes\n> Reconstructed: How big is the output?\n\nProse.\n\n```claims\nx: 1 = 1\n```\n",
    "t.md",
  );
  strictEqual(parsed.title, "T");
  strictEqual(parsed.lines[0].question, "3");
  deepStrictEqual(parsed.questions["3"], {
    text: "How big is the output?",
    reconstructed: true,
    context: "Prose.",
  });
});

Deno.test("checkExact compares strings and Tensors by value; checkNumber rejects a number as stated", async () => {
  const { checkExact, checkNumber } = await import("../audit/check.ts");
  const { tensor } = await import("../mod.ts");
  strictEqual(checkExact("valid", "valid", { what: "the padding" }).verdict, "agrees");
  strictEqual(checkExact("valid", "same", { what: "the padding" }).verdict, "disagrees");
  strictEqual(checkExact([[1, 2]], tensor([[1, 2]]), { what: "the map" }).verdict, "agrees");
  strictEqual(checkExact([[1, 3]], tensor([[1, 2]]), { what: "the map" }).verdict, "disagrees");
  let message = "";
  try {
    checkNumber(0.5 as unknown as string, 0.5, { what: "σ(0)" });
  } catch (error) {
    ok(error instanceof TypeError);
    message = (error as Error).message;
  }
  match(
    message,
    /^checkNumber: stated must be the answer as the sheet writes it, a string such as "0\.53539", got 0\.5 \(a number\)/,
  );
});

Deno.test("a sheet given by URL is read as text and audited, with net access to its host only", async () => {
  const { withServedRepo } = await import("./_serve.ts");
  await withServedRepo(async (origin) => {
    const { code, stdout } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-lock",
        "--allow-read",
        "--allow-net=127.0.0.1",
        "audit/cli.ts",
        `${origin}/examples/quiz.md`,
      ],
      cwd: root,
      stdout: "piped",
    }).output();
    const out = new TextDecoder().decode(stdout);
    strictEqual(code, 0, out);
    match(out, /^6 disagreements, 6 distinct mistakes$/m);
    match(out, /16 claims: 10 agree, 6 disagree$/m);
  });
});

Deno.test("option keys are checked against the documented options, with the closest one", async () => {
  const report = await audit(sheet([
    "a: convOutputSize(28, {kernel_size: 3}) = 26",
    "b: maxPool2d([[1, 2], [3, 4]], {size: 2}) = [[4]]",
  ].join("\n")));
  match(
    report.errors[0].message,
    /convOutputSize: unknown option kernel_size \(did you mean kernel\? its options: dilation, kernel, padding, stride\)/,
  );
  // No internal field (the error-message helpers' fn and axis) is offered as an option.
  match(
    report.errors[1].message,
    /maxPool2d: unknown option size \(its options: ceilMode, dilation, kernel, padding, stride\)/,
  );
});

Deno.test("audit/sheet/_options.json is the table deno doc gives today (run deno task options)", async () => {
  const { currentTable } = await import("../audit/sheet/gen_options.ts");
  const stored = JSON.parse(await Deno.readTextFile(new URL("audit/sheet/_options.json", root)));
  deepStrictEqual(stored, await currentTable());
});

Deno.test("an authoring slip in an annotation is reported, and the claim is still checked", async () => {
  const report = await audit(sheet([
    "1a: sigmoid(0) = 0.7",
    "  kind: wrong",
    "  reading: shifted = sigmoid(0.8473)", // "=" for ":=" is accepted
    "```claim", // not a fence here: inside the block it is plain text (a malformed line)
  ].join("\n")));
  const c = byId(report, "1a");
  strictEqual(c.verdict, "disagrees");
  strictEqual(c.kind, "depends"); // the reading reproduces 0.7; the bad kind was ignored
  strictEqual(c.reproducedBy, "shifted");
  match(
    report.errors[0].message,
    /^line 5: claim 1a: kind: must be error, slip or depends, got wrong; ignored/,
  );
  strictEqual(report.errors[0].field, "kind");
});

Deno.test("a fence that is almost `claims` is reported, not silently skipped", async () => {
  const report = await audit("## Q1\n\n```claim\n1a: sigmoid(0) = 0.7\n```\n");
  strictEqual(report.claims.length, 0);
  match(
    report.errors[0].message,
    /^line 3: a fenced block with info string "claim" is not read; did you mean "claims"\?/,
  );
});

Deno.test("a 1 × 1 map compares with a stated number by its one entry", async () => {
  const report = await audit(sheet("1a: avgPool2d([[1, 2], [3, 4]], {kernel: 2}) = 2.5"));
  strictEqual(byId(report, "1a").verdict, "agrees");
});

Deno.test("Infinity, NaN, deep nesting and huge lines are clear errors, not verdicts or crashes", async () => {
  const deep = "(".repeat(2000) + "1" + ")".repeat(2000);
  const report = await audit(sheet([
    "a: 1/0 = 1",
    "b: sqrt(-1) = 1",
    `c: ${deep} = 1`,
    `d: ${"1 + ".repeat(3000)}1 = 3001`,
    "e: zeros([1e9]).shape = 1000000000",
  ].join("\n")));
  strictEqual(report.claims.length, 0);
  const m = report.errors.map((e) => e.message);
  match(m[0], /claim a: the expression gives a non-finite number/);
  match(m[1], /claim b: the expression gives a non-finite number/);
  match(m[2], /claim c: cannot parse "\({59}…": nested more deeply than 200 levels/);
  match(m[3], /claim d: cannot parse .*nested more deeply than 200 levels/);
  match(m[4], /claim e: .*more than 2\^24 entries/);
  ok(m.every((x) => x.length < 300), "messages are short");
});

Deno.test("swapped arguments are diagnosed: binaryCrossEntropy(target, prediction)", async () => {
  // -ln(0.9) = 0.10536 is the loss of prediction 0.9 for target 1; written with the target
  // first, binaryCrossEntropy(1, 0.9) clamps ln(1 - 1) at -100: 0.9·100 + 0.1·0 = 90...
  // the swap back reproduces the sheet's 0.10536.
  const report = await audit(sheet("1a: binaryCrossEntropy(1, 0.9) = 0.10536"));
  const c = byId(report, "1a");
  strictEqual(c.verdict, "disagrees");
  deepStrictEqual(c.mistakes.map((m) => m.id), ["arguments-swapped"]);
});

Deno.test("a formula whose variables leave the function's domain asks for their range", async () => {
  const report = await audit(
    sheet('1a: binaryCrossEntropyGradient(p, 1, {reduction: "none"}) = -1/p'),
  );
  match(
    report.errors[0].message,
    /prediction must be in \[0, 1\], got .* give them their domain with vars:/,
  );
});

Deno.test("a TypeScript claims module that does not type-check is an error, not a verdict", async () => {
  // Served from memory (the module must not sit in the repository, whose own type check
  // it would fail): a number where checkNumber takes the sheet's text, as written.
  const { withServedRepo } = await import("./_serve.ts");
  await withServedRepo(async (origin) => {
    const module = `import { checkNumber } from "${origin}/audit/mod.ts";
export const document = "a module that does not type-check";
export const claims = [{ id: "1", question: "1", topic: "sigmoid", chapter: "activations" as const,
  statement: "one half", stated: "0.5", assumptions: [],
  check: () => checkNumber(0.5, 0.5, { what: "half" }) }];
`;
    const controller = new AbortController();
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
      () => new Response(module, { headers: { "content-type": "application/typescript" } }),
    );
    try {
      const host = `127.0.0.1:${server.addr.port}`;
      const { code, stdout } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-lock",
          "--allow-read",
          `--allow-run=${Deno.execPath()}`,
          "--allow-import",
          "audit/cli.ts",
          "--claims",
          `http://${host}/ill_typed_${crypto.randomUUID()}.ts`,
          // the module imports nnspec from another host, which it may only when granted
          "--allow-import",
          new URL(origin).host,
        ],
        cwd: root,
        stdout: "piped",
      }).output();
      const out = new TextDecoder().decode(stdout);
      strictEqual(code, 2, out);
      match(
        out,
        /does not type-check: TS2345 \[ERROR\]: Argument of type 'number' is not assignable to parameter of type 'string'/,
      );
      match(out, /0 claims: 0 agree, 0 disagree; 1 error$/m);
    } finally {
      controller.abort();
      await server.finished;
    }
  });
});

/** Runs the audit CLI with the task's permissions; returns exit code and stdout. */
async function cliRun(...args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-lock",
      "--no-prompt",
      "--allow-read",
      "--allow-import",
      "--allow-net",
      `--allow-run=${Deno.execPath()}`,
      "audit/cli.ts",
      ...args,
    ],
    cwd: root,
    stdout: "piped",
  }).output();
  return { code, out: new TextDecoder().decode(stdout) };
}

Deno.test("a sheet read by URL may not name a local file or another host as its experiments", async () => {
  const sheetText = (experiments: string) =>
    `---\nexperiments: ${experiments}\n---\n## Question 1\n\n\`\`\`claims\n1a: experiment\n1b: sigmoid(0) = 0.5\n\`\`\`\n`;
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    (request) => {
      const path = new URL(request.url).pathname;
      return new Response(
        path === "/local.md"
          ? sheetText("file:///etc/hostname")
          : sheetText("http://127.0.0.1:1/x.ts"),
      );
    },
  );
  try {
    const origin = `http://127.0.0.1:${server.addr.port}`;
    for (const path of ["/local.md", "/other.md"]) {
      const { code, out } = await cliRun(`${origin}${path}`);
      strictEqual(code, 2, out);
      match(out, /may name experiments of its own origin only/);
      match(out, /agrees +1b/); // the sheet's own lines are still audited
      ok(!/TS\d+/.test(out), "nothing was type-checked");
    }
  } finally {
    controller.abort();
    await server.finished;
  }
});

Deno.test("a sheet line that runs past --timeout is an error, not a verdict", async () => {
  const report = await auditSheet(
    sheet("a: sum(conv2d(ones([32, 64, 64]), ones([32, 32, 3, 3]))) = 1\nb: sigmoid(0) = 0.5"),
    "t.md",
    { timeout: 0.05 },
  );
  deepStrictEqual(report.claims.map((c) => c.id), ["b"]);
  match(report.errors[0].message, /claim a: it took .* s, longer than the time limit of 0\.05 s/);
});

Deno.test("a sheet that is not UTF-8 text is refused in one sentence", async () => {
  const { code, out } = await cliRun("spec/fixtures/latin1_sheet.md");
  strictEqual(code, 2, out);
  match(out, /cannot load sheet spec\/fixtures\/latin1_sheet\.md: the sheet is not UTF-8 text/);
});
