/**
 * What wiring the meaning readers into the scan's stages taught, from documents no helper
 * wrote, as a fixture of our own (spec/fixtures/scan/spacing.tex): thin spaces `\,` inside a
 * side, a LaTeX display ending in `x^2`, a slope stated at the sheet's own point, and `\bigl(`
 * brackets in a formula. Every verdict is worked by hand in the comments.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { scanText } from "../audit/scan.ts";

const name = "spacing.tex";
const text = Deno.readTextFileSync(new URL(`fixtures/scan/${name}`, import.meta.url));

Deno.test("thin spaces, a display ending in x^2, a slope at the sheet's point and \\bigl( raise no false alarm", () => {
  const r = scanText(text, { source: name });
  deepStrictEqual(r.errors, []);
  deepStrictEqual(r.claims.map((c) => [c.id, c.verdict]), [
    // 5·6 + 2 = 32; 4·32 = 128 (both steps after the definition of p).
    ["L5.2", "agrees"],
    ["L5.3", "agrees"],
    // ½·0.3² = ½·0.09 = 0.045.
    ["L6.2", "agrees"],
    ["L6.3", "agrees"],
    // f(x) = x^2 keeps its exponent: f(3) = 9.
    ["L10.1", "agrees"],
    // σ(0.5) = 0.622459 ≈ 0.6225.
    ["L11.2", "agrees"],
    // o(1 - o) with o = 0.6225 is 0.6225 × 0.3775 = 0.234994 ≈ 0.2350: the slope's value at
    // the sheet's point, judged as arithmetic, not as a formula at random points.
    ["L12.2", "agrees"],
    ["L12.3", "agrees"],
    // σ'(z) = σ(z)(1 - σ(z)), the identity, with \bigl( \bigr) as brackets.
    ["L13.1", "agrees"],
    // the slope of m = σ(u) at u = ½, stated as a number: 0.6225 × 0.3775 ≈ 0.2350, judged as
    // arithmetic (σ'(u) at random u would differ from 0.2350: a false alarm).
    ["L15.2", "agrees"],
    // 2(3 + 4) = 14, not 15.
    ["L16.2", "disagrees"],
  ]);
  strictEqual(r.claims.find((c) => c.id === "L16.2")!.computed, "14");
  strictEqual(r.scan!.skippedBy["unsupported"], undefined);
});
