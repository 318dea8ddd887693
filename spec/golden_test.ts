/**
 * Differential tests against PyTorch: every section of the reference file must be
 * recomputed by nnspec and agree within the tolerance of spec/golden/_compare.ts.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { runGolden } from "./golden/run.ts";

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
