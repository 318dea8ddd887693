/**
 * What wiring the meaning readers into the scan's stages taught, from documents no helper
 * wrote, as a fixture of our own (spec/fixtures/scan/spacing.tex): thin spaces `\,` inside a
 * side, a LaTeX display ending in `x^2`, a slope stated at the sheet's own point, and `\bigl(`
 * brackets in a formula. Every verdict is worked by hand in the comments.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { scanText } from "../audit/scan/mod.ts";

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
    // d/dt 1/(1 + e^{-t}) = e^{-t}/(1 + e^{-t})^2 (0.25 at t = 0), written \frac{dg}{dt} of the
    // sheet's own g; e^{-t}/(1 + e^{-t}) is 0.5 at t = 0.
    ["L18.1", "agrees"],
    ["L19.1", "disagrees"],
  ]);
  strictEqual(r.claims.find((c) => c.id === "L16.2")!.computed, "14");
  strictEqual(r.scan!.skippedBy["unsupported"], undefined);
});

/** The claims as [id, verdict, the catalogue mistakes named]. */
function named(r: ReturnType<typeof scanText>) {
  return r.claims.map((c) => [c.id, c.verdict, c.mistakes.map((m) => `${m.function}/${m.id}`)]);
}

Deno.test("quiz habits: the question above \\paragraph{Solution.}, log base 10, an MSE of worked errors, a given 0.5 is exact, a descent step with its sign flipped", () => {
  const file = "quantities.tex";
  const r = scanText(Deno.readTextFileSync(new URL(`fixtures/scan/${file}`, import.meta.url)), {
    source: file,
  });
  deepStrictEqual(r.errors, []);
  deepStrictEqual(named(r), [
    // (256 + 1)·64 = 16448 parameters; 256·64 = 16384 leaves the 64 biases out.
    ["L8.1", "disagrees", ["denseParameterCount/bias-omitted"]],
    // 10·3 + 3 = 33, right.
    ["L16.1", "agrees", []],
    // -ln(0.8) = 0.223144; -log10(0.8) = 0.096910 ≈ 0.0969 is the base-10 logarithm.
    ["L24.2", "disagrees", ["binaryCrossEntropy/log-base-10"]],
    // (0.04 + 0.16 + 0.16)/3 = 0.12; 0.36 is the sum, the 1/N missing.
    ["L33.1", "disagrees", ["meanSquaredError/mean-factor-missing"]],
    // 0.04 + 0.16 + 0.16 = 0.36 is right arithmetic.
    ["L33.2", "agrees", []],
    // tanh'(0.2) = 1 - tanh(0.2)^2 = 1 - 0.197375^2 = 0.961043, not 1 - 0.2^2 = 0.96 (the
    // written 0.2 is given, not a rounded value: no tolerance of half its last digit).
    // 1 - 0.2^2 is the catalogue's "input put where tanh(x) belongs".
    ["L41.1", "disagrees", ["tanhDerivative/input-for-output"]],
    ["L41.2", "agrees", []],
    // tanh'(0) = 1 = 1 - 0^2.
    ["L42.1", "agrees", []],
    ["L42.2", "agrees", []],
    // w + ηg = 1.2 + 0.5·(-0.4) = 1.0 is right arithmetic, but gradient descent gives
    // w - ηg = 1.2 + 0.2 = 1.4: the gradient added (no catalogue entry, said as a reading).
    ["L50.2", "agrees", []],
    ["L50.3", "disagrees", []],
    // the table: 4·3 + 3 = 15 and 3·2 + 2 = 8 agree; its Total row 25 is not 15 + 0 + 8 = 23.
    ["L58.1", "agrees", []],
    ["L60.1", "agrees", []],
    ["L61.1", "disagrees", []],
  ]);
  const ascent = r.claims.find((c) => c.id === "L50.3")!;
  strictEqual(ascent.computed, "1.4");
  ok(/gradient added/.test(ascent.reproducedBy ?? ""), ascent.reproducedBy ?? "none");
});

Deno.test("a notebook's step reads its question's prose from earlier in its cell: conv parameters without the input channels", () => {
  const file = "counts.ipynb";
  const r = scanText(Deno.readTextFileSync(new URL(`fixtures/scan/${file}`, import.meta.url)), {
    source: file,
  });
  deepStrictEqual(r.errors, []);
  deepStrictEqual(named(r), [
    // (3·3·3 + 1)·16 = 448; (3·3 + 1)·16 = 160 forgets the 3 input channels.
    ["C1L5.1", "disagrees", ["conv2dParameterCount/input-channels-forgotten"]],
    // 10·16 = 160 is right arithmetic.
    ["C1L5.2", "agrees", []],
    // 20·5 + 5 = 105 for a dense layer from 20 to 5.
    ["C1L9.1", "agrees", []],
  ]);
});

Deno.test("a Markdown table's Total row is the sum of its column above", () => {
  const file = "totals.md";
  const r = scanText(Deno.readTextFileSync(new URL(`fixtures/scan/${file}`, import.meta.url)), {
    source: file,
  });
  deepStrictEqual(
    r.claims.filter((c) => c.question === "1").map((c) => [c.id, c.verdict, c.statement]),
    [
      // 8·4 + 4 = 36 and 4·1 + 1 = 5; the total 0 + 36 + 5 = 41, as written.
      ["L6.1", "agrees", "Line 6 of the sheet: $8 \\cdot 4 + 4 = 36$"],
      ["L7.1", "agrees", "Line 7 of the sheet: $4 \\cdot 1 + 1 = 5$"],
      ["L8.1", "agrees", "Line 8 of the sheet: $0 + 36 + 5 = 41$"],
    ],
  );
});

Deno.test("a table under a header of symbols: expression columns at the row's values, the last symbol by the sheet's formula", () => {
  const file = "totals.md";
  const r = scanText(Deno.readTextFileSync(new URL(`fixtures/scan/${file}`, import.meta.url)), {
    source: file,
  });
  deepStrictEqual(r.claims.filter((c) => c.question === "2").map((c) => [c.id, c.verdict]), [
    // m = ⌊(n - k)/s⌋ + 1 is the pooling size formula.
    ["L13.1", "agrees"],
    // (10 - 2)/2 = 4 and m = 5.
    ["L17.1", "agrees"],
    ["L17.2", "agrees"],
    // (9 - 2)/2 = 3.5, and m = ⌊3.5⌋ + 1 = 4, not 5 (3.5 rounded up).
    ["L18.1", "agrees"],
    ["L18.2", "disagrees"],
    // (9 - 3)/3 = 2 and m = 3.
    ["L19.1", "agrees"],
    ["L19.2", "agrees"],
  ]);
  const up = r.claims.find((c) => c.id === "L18.2")!;
  strictEqual(up.computed, "4");
  ok(/rounded up/.test(up.reproducedBy ?? ""));
});

Deno.test("a hatted name with its index inside the braces (\\hat{y1}, \\hat{y_1}) is one symbol: defining it is not an identity to check", () => {
  // Written as notes do, the second line with the slip of putting ŷ2 itself in the exponent: a
  // line NAME = formula names a value; it does not claim that two formulas are equal everywhere,
  // so neither may disagree as an identity. Before \hat{y_2} was read as one name, the second
  // line was checked as "hat·y·2 = σ(−hat·y·2)" at random points and raised a false alarm.
  const notes = [
    "## Output",
    "",
    "$$\\hat{y1} = \\frac{1}{1 + e^{-y1}}$$",
    "",
    "$$\\hat{y_2} = \\frac{1}{1 + e^{-\\hat{y_2}}}$$",
    "",
  ].join("\n");
  const r = scanText(notes, { source: "hats.md" });
  deepStrictEqual(r.errors, []);
  deepStrictEqual(r.claims.filter((c) => c.verdict === "disagrees").map((c) => c.id), []);
});
