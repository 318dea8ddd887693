/**
 * Differential tests against PyTorch: every section of the reference file must be
 * recomputed by nnspec and agree within the tolerance of spec/golden/_compare.ts.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { runGolden, unknownSections } from "./golden/run.ts";

const reference = JSON.parse(
  await Deno.readTextFile(new URL("./golden/torch-public.json", import.meta.url)),
);

Deno.test("every section of the PyTorch reference file agrees with nnspec", () => {
  const results = runGolden(reference);
  const failing = results.filter((r) => r.failures.length > 0).map((r) => ({
    key: r.key,
    cases: r.failures.map((f) => f.name),
  }));
  deepStrictEqual(failing, []);
  for (const r of results) {
    if (r.evaluated) strictEqual(r.agree, r.total, r.key);
  }
});

Deno.test("no section of the PyTorch reference file is left unevaluated", () => {
  const missing = runGolden(reference).filter((r) => !r.evaluated).map((r) => r.key);
  deepStrictEqual(missing, []);
});

Deno.test("golden comparison names the case when one reference number is edited", () => {
  const edited = structuredClone(reference);
  edited.seed_document["sigmoid_0.8"] = 0.69;
  const results = runGolden(edited);
  const seed = results.find((r) => r.key === "seed_document");
  ok(seed, "seed_document section present");
  ok(seed.evaluated, "seed_document is evaluated");
  deepStrictEqual(seed.failures.map((f) => f.name), ["seed_document.sigmoid_0.8"]);
});

Deno.test("golden comparison catches a 0.5% error in the deep chain's tiny gradient norms", () => {
  const edited = structuredClone(reference);
  // the norm is 9.8e-11: an absolute floor of 1e-12 would hide a change of 4.9e-13
  edited.deep_sigmoid_chain[0].grad_norm_per_layer_plain[0] *= 1.005;
  const chain = runGolden(edited).find((r) => r.key === "deep_sigmoid_chain");
  ok(chain);
  deepStrictEqual(chain.failures.map((f) => f.name), ["deep_sigmoid_chain[0]"]);
});

Deno.test("golden CLI names unknown sections and refuses a file with none it knows", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      new URL("./golden/cli.ts", import.meta.url).pathname,
      "-",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(JSON.stringify({ generator: "x", some_future_section: [] })),
  );
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  strictEqual(code, 2);
  const out = new TextDecoder().decode(stdout);
  ok(out.includes("some_future_section: not a section nnspec knows"), out);
  ok(new TextDecoder().decode(stderr).includes("holds no section nnspec knows"));
});

// ---------------------------------------------------------------------------------------
// torch-course-public.json: the layers, recurrent cells, optimizers and attention beyond
// the seed sheet (grouped_conv2d is checked by the kernels' own test below too).

const course = JSON.parse(
  await Deno.readTextFile(new URL("./golden/torch-course-public.json", import.meta.url)),
);
const COURSE_SECTIONS = [
  "batch_norm2d",
  "layer_norm",
  "rnn",
  "lstm",
  "gru",
  "optimizers",
  "scaled_dot_product_attention",
  "module_parameter_counts",
  "grouped_conv2d",
];

Deno.test("every section of the course reference file agrees with nnspec, case by case", () => {
  const results = runGolden(course);
  deepStrictEqual(results.map((r) => r.key), COURSE_SECTIONS);
  for (const r of results) {
    ok(r.evaluated, r.key);
    ok(r.total > 0, r.key);
    deepStrictEqual(r.failures.map((f) => f.name), [], r.key);
    strictEqual(r.agree, r.total, r.key);
  }
});

Deno.test("nnspec reads every section of the course reference file", () => {
  deepStrictEqual(unknownSections(course), []);
});

Deno.test("golden comparison names the course case whose reference number is edited", () => {
  const edits: [string, (r: typeof course) => void, string][] = [
    // a running variance fed the biased batch variance would give this number
    ["batch_norm2d", (r) => r.batch_norm2d[2].running_var_after[0] *= 1 + 1e-9, "batch_norm2d[2]"],
    ["lstm", (r) => r.lstm[4].c_n[1] += 1e-9, "lstm[4]"],
    ["optimizers", (r) => r.optimizers[8].after_each_step[3][0] += 1e-9, "optimizers[8]"],
    [
      "module_parameter_counts",
      (r) => r.module_parameter_counts["LSTM(16, 32)"].trainable = 6272,
      "module_parameter_counts.LSTM(16, 32)",
    ],
  ];
  for (const [key, edit, caseName] of edits) {
    const edited = structuredClone(course);
    edit(edited);
    const section = runGolden(edited).find((r) => r.key === key);
    ok(section, key);
    deepStrictEqual(section.failures.map((f) => f.name), [caseName]);
  }
});

Deno.test("golden comparison reports a module description it cannot read, naming it", () => {
  const edited = structuredClone(course);
  edited.module_parameter_counts["Transformer(64)"] = { trainable: 1, non_trainable_buffers: 0 };
  const section = runGolden(edited).find((r) => r.key === "module_parameter_counts");
  ok(section);
  const failure = section.failures.find((f) => f.name.endsWith("Transformer(64)"));
  ok(failure?.error?.includes("no nnspec count for the module Transformer"), failure?.error);
});

Deno.test("golden CLI checks the course file: N/N per section", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      new URL("./golden/cli.ts", import.meta.url).pathname,
      new URL("./golden/torch-course-public.json", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  strictEqual(code, 0, out);
  ok(out.includes("optimizers: 44/44 cases agree"), out);
  ok(out.includes("module_parameter_counts: 12/12 cases agree"), out);
  ok(out.includes("grouped_conv2d: 40/40 cases agree"), out);
  ok(!out.includes("skipped"), out);
});

Deno.test("the grouped_conv2d section of the course reference file agrees with nnspec", async () => {
  const course = JSON.parse(
    await Deno.readTextFile(new URL("./golden/torch-course-public.json", import.meta.url)),
  );
  const grouped = runGolden({ grouped_conv2d: course.grouped_conv2d })[0];
  strictEqual(grouped.key, "grouped_conv2d");
  strictEqual(grouped.total, 40);
  deepStrictEqual(grouped.failures, []);
  // a 1e-9 change in one output is caught and named
  course.grouped_conv2d[3].output[0][0][0] += 1e-9;
  const edited = runGolden({ grouped_conv2d: course.grouped_conv2d })[0];
  deepStrictEqual(edited.failures.map((f) => f.name), ["grouped_conv2d[3]"]);
});
