import { equal, match, ok } from "node:assert/strict";
import { parseHTML } from "linkedom";
import { makePlots } from "./plots.ts";
import { makeDiagrams } from "./diagrams.ts";
import { loadLib } from "./plots.ts";
import { LESSON_DIAGRAMS, LESSON_PLOTS } from "./figures_lessons.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const lib = await loadLib(ROOT);
const plots = await makePlots(ROOT);
const diagrams = makeDiagrams(lib);
const byId = new Map([...plots, ...diagrams].map((v) => [v.id, v]));

/** The text of an SVG (all its `<text>` content) or a caption, with tags and spaces folded. */
function textOf(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return (document.body.textContent ?? "").replace(/[\s\u202f]+/g, " ");
}

Deno.test("every lesson figure is drawn, with an accessible label and a caption", () => {
  for (const spec of [...LESSON_PLOTS, ...LESSON_DIAGRAMS]) {
    const view = byId.get(spec.id);
    ok(view, `${spec.id} is drawn`);
    equal(view.missing, "", `${spec.id}: ${view.missing}`);
    match(view.svg ?? "", /^<svg [^>]*role="img" aria-label="[^"]{10,}"/, spec.id);
    ok(view.captionHtml.length > 80, `${spec.id} has a caption`);
  }
  // Plots are drawn a second time for a phone; diagrams fit one (400 units or less).
  for (const spec of LESSON_PLOTS) ok(byId.get(spec.id)!.narrowSvg, `${spec.id} narrow`);
  for (const spec of LESSON_DIAGRAMS) {
    const width = Number(byId.get(spec.id)!.svg!.match(/viewBox="0 0 (\d+)/)![1]);
    ok(width <= 400, `${spec.id} is ${width} units wide`);
  }
});

// The numbers below are worked by hand from the lessons' examples, not read from the library.

Deno.test("the learning-rate figure's factors are |1 - 4 alpha| at 0.1, 0.375 and 0.6", () => {
  // |1 - 0.4| = 0.6, |1 - 1.5| = 0.5, |1 - 2.4| = 1.4
  match(textOf(byId.get("contraction-factor")!.captionHtml), /0\.6 for .*0\.5 for .*1\.4 for/);
  const svg = textOf(byId.get("contraction-factor")!.svg!);
  ok(svg.includes("1/L = 0.25") && svg.includes("2/L = 0.5"), svg);
});

Deno.test("the summary figure counts question 3's work and weights", () => {
  // 9*9*6*75 = 36450, 4*4*10*54 = 8640, 10*160 = 1600; 456 + 550 + 1610 = 2616.
  const svg = textOf(byId.get("work-against-parameters")!.svg!);
  for (const n of ["36 450 multiply-adds", "8 640 multiply-adds", "1 600 multiply-adds"]) {
    ok(svg.includes(n), `${n} in ${svg}`);
  }
  for (const n of ["456 parameters", "550 parameters", "1 610 parameters"]) ok(svg.includes(n), n);
  match(textOf(byId.get("work-against-parameters")!.captionHtml), /46 690 multiply-adds and 2 616/);
  // 36450 / 46690 = 78%, 1610 / 2616 = 62%.
  ok(svg.includes("(78%)") && svg.includes("(62%)"), svg);
});

Deno.test("the cross-entropy figure marks the sheet's loss for both targets", () => {
  // -ln(sigma(0.8)) = ln(1 + e^-0.8) = 0.37110; -ln(1 - sigma(0.8)) = 0.8 + 0.37110.
  const svg = textOf(byId.get("bce-both-targets")!.svg!);
  ok(svg.includes("E = 0.37110") && svg.includes("E = 1.17110"), svg);
});

Deno.test("the chord figure's slopes are those of x^3 at 1 with step 0.5", () => {
  // central (1.5^3 - 0.5^3) / 1 = 3.25; forward (1.5^3 - 1) / 0.5 = 4.75; tangent 3.
  const svg = textOf(byId.get("chords-on-cube")!.svg!);
  for (const s of ["tangent: slope 3", "central chord: slope 3.25", "forward chord: slope 4.75"]) {
    ok(svg.includes(s), `${s} in ${svg}`);
  }
});

Deno.test("the recurrent diagrams show the lesson's worked steps", () => {
  // tanh(0.5 * 2) = 0.76159, tanh(0.76159) = 0.64201, tanh(0.64201) = 0.56630.
  const rnn = textOf(byId.get("rnn-unrolled")!.svg!);
  for (const h of ["0.7616", "0.642", "0.5663"]) ok(rnn.includes(h), `${h} in ${rnn}`);
  // c1 = 0.5 * tanh(1) = 0.38080, h1 = 0.5 * tanh(0.38080) = 0.18170.
  const lstm = textOf(byId.get("lstm-cell")!.svg!);
  ok(lstm.includes("0.3808") && lstm.includes("0.1817") && lstm.includes("0.7616"), lstm);
});

Deno.test("the attention diagram shows e^2 / (e^2 + 1) and the output 8.808", () => {
  // scores 4 / sqrt(4) = 2 and 0; weights 0.88080 and 0.11920; output 10 * 0.88080.
  const svg = textOf(byId.get("attention-lookup")!.svg!);
  for (const s of ["= 2", "weight 0.88080", "weight 0.11920", "= 8.8080"]) {
    ok(svg.includes(s), `${s} in ${svg}`);
  }
});

Deno.test("the descent figure's first epoch matches the lesson's hand-worked losses", () => {
  // Batch: w = -0.25, loss 0.64367; stochastic: loss 1.44155 (the lesson's claims).
  const caption = textOf(byId.get("descent-zigzag")!.captionHtml);
  match(caption, /0\.64367 for batch and 1\.44155 for stochastic/);
  ok(textOf(byId.get("descent-zigzag")!.svg!).includes("(−1.3093, −0.2023)"));
});

Deno.test("the regularization figure overfits without the penalty and not with it", () => {
  const note = textOf(byId.get("overfitting-weight-decay")!.captionHtml);
  const m = note.match(
    new RegExp(
      String.raw`lowest, (\d\.\d+), at epoch \d+ and (\d\.\d+) at epoch 300, while the ` +
        String.raw`training loss falls to (\d\.\d+); with it they end at (\d\.\d+) and`,
    ),
  );
  ok(m, note);
  const [lowest, last, trainEnd, decayedHeldOut] = m.slice(1).map(Number);
  ok(last > lowest + 0.1, `held-out climbs from ${lowest} to ${last}`);
  ok(trainEnd < 0.05, `training loss falls to ${trainEnd}`);
  ok(decayedHeldOut < last, `weight decay keeps held-out at ${decayedHeldOut}`);
});

Deno.test("captions' TeX keeps its backslashes (a lost one turns \\cdot into cdot)", () => {
  const command = /(?<!\\)\b(cdot|sqrt|alpha|varepsilon|odot|tanh|ln|hat|sigma|dots|lambda)\b/;
  for (const spec of [...LESSON_PLOTS, ...LESSON_DIAGRAMS]) {
    for (const [math] of spec.caption.matchAll(/\$[^$]*\$/g)) {
      ok(!command.test(math), `${spec.id}: ${math}`);
    }
  }
});
