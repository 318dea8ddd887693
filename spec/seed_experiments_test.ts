/**
 * The experiments of the seed sheet (`audit/claims/seed/experiments.ts`): the sheet refers to
 * exactly the claims the module defines, and each experiment's verdict is the one worked out
 * from its study (the comment on each line says why).
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { claims, document } from "../audit/claims/seed/experiments.ts";
import { runAudit } from "../audit/engine.ts";

const report = runAudit({ document, claims }, "audit/claims/seed/experiments.ts");
const byId = new Map(report.claims.map((c) => [c.id, c]));

Deno.test("the seed sheet's experiment lines name exactly the experiments module's claims", async () => {
  const sheet = await Deno.readTextFile(new URL("../audit/sheets/seed.md", import.meta.url));
  const lines = [...sheet.matchAll(/^(\S+): experiment$/gm)].map((m) => m[1]);
  deepStrictEqual(lines, claims.map((c) => c.id));
  match(sheet, /^experiments: \.\.\/claims\/seed\/experiments\.ts$/m);
});

Deno.test("every experiment runs, and all agree but 4c.batch.definition", () => {
  deepStrictEqual(report.errors, []);
  strictEqual(report.summary.claims, 20);
  // "Update the weights respectively" after each sample's derivative is SGD, not batch descent.
  const disagree = report.claims.filter((c) => c.verdict === "disagrees").map((c) => c.id);
  deepStrictEqual(disagree, ["4c.batch.definition"]);
  match(byId.get("4c.batch.definition")!.reproducedBy!, /one update from their mean/);
});

Deno.test("4b.sgd.cost counts sequential updates, and says total computation favours SGD", () => {
  const cost = byId.get("4b.sgd.cost")!;
  strictEqual(cost.verdict, "agrees");
  ok(cost.assumptions.some((a) => /^cost model \(wall-clock/.test(a)), "no cost model stated");
  // The descent study: SGD reaches the target loss in 192 updates (192 evaluations), batch
  // descent in 87 updates of 64 evaluations each (5568), as 4b.sgd.many-steps measures too.
  match(cost.reason, /SGD needs 192 against batch descent's 87/);
  match(cost.reason, /SGD is cheaper here, 192 against batch descent's 5568/);
  const [compute] = cost.alternatives;
  match(compute.reading, /per-sample gradient evaluations/);
  strictEqual(compute.reproduces, false);
});
