import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import { blurbOf, type ClaimView, foldCells, groupViews, repoUrl, splitSummary } from "./book.ts";

/** A claim view with only the fields these tests read. */
function view(id: string, verdict = "agrees"): ClaimView {
  return {
    id,
    anchor: `claim-${id.replace(/\./g, "-").toLowerCase()}`,
    question: id.match(/^\d+/)?.[0] ?? "?",
    verdict,
    statedHtml: id,
  } as ClaimView;
}

Deno.test("foldCells() folds a run of per-cell checks into one table, a row per cell", () => {
  const ids = ["2a.size"];
  for (const cell of ["00", "01", "10", "11"]) ids.push(`2a.O${cell}.patch`, `2a.O${cell}.sum`);
  ids.push("2a.output");
  const items = foldCells(ids.map((id) => view(id)));
  deepEqual(items.map((i) => i.claim?.id ?? "table"), ["2a.size", "table", "2a.output"]);
  const table = items[1].table!;
  deepEqual(table.checks, ["patch", "sum"]);
  deepEqual(table.rows.map((r) => r.cell), ["00", "01", "10", "11"]);
  deepEqual(table.rows[2].claims.map((c) => c?.id), ["2a.O10.patch", "2a.O10.sum"]);
});

Deno.test("foldCells() leaves fewer than four cell checks as cards", () => {
  const items = foldCells(["2a.O00.sum", "2a.O01.sum", "3.shape"].map((id) => view(id)));
  deepEqual(items.map((i) => i.claim?.id), ["2a.O00.sum", "2a.O01.sum", "3.shape"]);
});

Deno.test("repoUrl() accepts http(s) addresses only, so no source link is a file: path", () => {
  equal(repoUrl(undefined), null);
  equal(repoUrl(""), null);
  equal(repoUrl("https://example.org/me/nnspec/"), "https://example.org/me/nnspec");
  throws(() => repoUrl("file:///work/nnspec"), RangeError);
  throws(() => repoUrl("not a url"), RangeError);
});

Deno.test("splitSummary() separates a module doc's ## Summary from its opening", () => {
  const { opening, summary } = splitSummary("Idea.\n\n## Summary\n\n- one\n");
  equal(opening, "Idea.\n\n");
  equal(summary.trim(), "- one");
  deepEqual(splitSummary("No summary."), { opening: "No summary.", summary: "" });
});

Deno.test("groupViews() typesets a group's correct answer and links its claims", () => {
  const groups = groupViews({
    claims: [{ id: "3.dense.params", verdict: "disagrees", stated: "1600" }],
    groups: [{
      key: "dense-bias",
      title: "Biases not counted",
      kind: "error",
      claims: ["3.dense.params"],
      correct: "1610",
      correctTex: "160 \\times 10 + 10 = 1610",
      why: "one bias per output, $n_\\text{out}$ of them",
    }],
  }, [view("3.dense.params", "disagrees")]);
  equal(groups.length, 1);
  match(groups[0].correctHtml, /class="katex"/);
  match(groups[0].whyHtml, /class="katex"/);
  deepEqual(groups[0].claims, [{ id: "3.dense.params", anchor: "claim-3-dense-params" }]);
  equal(groups[0].question, "3");
});

Deno.test("groupViews() makes each disagreeing claim its own group for a report without groups", () => {
  const groups = groupViews({
    claims: [
      { id: "1b", verdict: "disagrees", reason: "base 2", computed: "0.37110" },
      { id: "1c", verdict: "agrees" },
    ],
  }, [view("1b", "disagrees"), view("1c")]);
  deepEqual(groups.map((g) => g.key), ["1b"]);
  ok(groups[0].whyHtml.includes("base 2"));
});

Deno.test("groupViews() fails the build on a correct answer that does not typeset", () => {
  throws(
    () =>
      groupViews({
        claims: [{ id: "x", verdict: "disagrees" }],
        groups: [{
          key: "k",
          title: "t",
          kind: "slip",
          claims: ["x"],
          correct: "",
          correctTex: "\\frac{1}{",
          why: "",
        }],
      }, [view("x", "disagrees")]),
    /group k: correctTex does not typeset/,
  );
});

Deno.test("blurbOf() keeps whole sentences and falls back to the summary's first point", () => {
  const none = new Map<string, string>();
  equal(
    blurbOf("One sentence. And one that runs into\n\n$$x$$", "", none),
    "One sentence.",
  );
  equal(
    blurbOf("A neuron passes the sum through $\\varphi$:\n\n$$y$$", "\n- A neuron sums.\n", none),
    "A neuron sums.",
  );
});

// Issue 19: lessons and exercises, the audit page's values, plain-text math.

import {
  auditOrThrow,
  type FigureSource,
  frontMatter,
  renderExercises,
  renderLesson,
} from "./lessons.ts";
import { atSheetPrecision, readerImports, sheetTitle } from "./book.ts";
import { typesetPlainMath } from "./markdown.ts";
import { accessibleSvg } from "./plots.ts";
import { rejects } from "node:assert/strict";

const testdata = new URL("./testdata/", import.meta.url);
const lessonText = await Deno.readTextFile(new URL("lessons/neuron.md", testdata));
const exercisesText = await Deno.readTextFile(new URL("exercises/neuron.md", testdata));
const known = new Map<string, FigureSource>([
  ["neuron", { kind: "live", id: "neuron" }],
  ["sigmoid-and-derivative", { kind: "svg", id: "sigmoid-and-derivative" }],
]);

Deno.test("renderLesson() numbers sections, equations and figures by chapter and hides claims", () => {
  const lesson = renderLesson(lessonText, "docs/lessons/neuron.md", "1", known);
  equal(lesson.title, "The neuron");
  const html = lesson.segments.map((s) => s.html ?? "").join("");
  // Two numbered equations, in order, each with its anchor; references written out.
  match(html, /id="eq-weighted-sum".*\(1\.1\)/s);
  match(html, /id="eq-output".*\(1\.2\)/s);
  match(
    html,
    /<a href="#eq-output">Equation 1\.2<\/a> uses the sum of <a href="#eq-weighted-sum">Equation 1\.1<\/a>/,
  );
  match(html, /<a href="#fig-neuron">Figure 1\.1<\/a>/);
  // Sections numbered 1.1, 1.2.
  deepEqual(lesson.toc.map((t) => t.title), ["The weighted sum", "Try it"]);
  match(html, /<span class="section-number">1\.2<\/span> Try it/);
  // The claims block is gone, replaced by the checked mark naming its two claims.
  ok(!html.includes("weightedSum(["), "the claim line is shown");
  match(html, /class="checked-mark"[^>]*data-claims="neuron\.n neuron\.out"/);
  equal(lesson.claims, 2);
  // The figure splits the lesson where it is placed.
  const figures = lesson.segments.filter((s) => s.figure).map((s) => s.figure);
  deepEqual(figures, [{ id: "neuron", kind: "live", number: "1.1" }]);
});

Deno.test("renderLesson() reads the equation label on the closing line and after deno fmt", () => {
  for (
    const text of ["$$\nx = 1\n$$ {#eq-a}\n", "$$ x = 1 $$ {#eq-a}\n", "$$\nx = 1\n$$\n\n{#eq-a}\n"]
  ) {
    const html = renderLesson(text + "\n[Equation](#eq-a).\n", "a.md", "4", known).segments[0]
      .html!;
    match(html, /id="eq-a".*\(4\.1\)/s);
    ok(!html.includes("{#eq-a}"), `the label is shown: ${JSON.stringify(text)}`);
  }
  // An unnumbered display formula before a numbered one keeps its own $$ pair.
  const two = renderLesson("$$\ny = 2\n$$\n\nText.\n\n$$\nx = 1\n$$ {#eq-b}\n", "b.md", "4", known);
  const html = two.segments[0].html!;
  match(html, /Text\./);
  match(html, /katex-display.*id="eq-b"/s);
});

Deno.test("renderLesson() names the line of an unknown figure or a reference to nothing", () => {
  const text = "---\ntitle: T\n---\n\nProse.\n\n::: figure nowhere\n";
  throws(() => renderLesson(text, "x.md", "2", known), /x\.md, line 7: no figure "nowhere"/);
  throws(
    () => renderLesson("See [Equation](#eq-missing).\n", "y.md", "2", known),
    /y\.md, line 1: \[Equation\]\(#eq-missing\) refers to nothing/,
  );
  throws(
    () => renderLesson("::: figure neuron\n\n::: figure neuron\n", "z.md", "2", known),
    /line 3: figure neuron placed twice/,
  );
});

Deno.test("renderExercises() gives each exercise its number, claim line, question and answer", () => {
  const items = renderExercises(exercisesText, "docs/exercises/neuron.md", "neuron", "1");
  deepEqual(items.map((e) => [e.id, e.number]), [
    ["exercise-neuron-1", "1.1"],
    ["exercise-neuron-2", "1.2"],
  ]);
  equal(items[0].claim, "neuron.ex1: weightedSum([3, 0, -1], [0.1, 5, 0.2], 0.5) = 0.6");
  match(items[0].questionHtml, /What is its\s+weighted sum/);
  ok(!items[0].questionHtml.includes("&gt;"), "the blockquote marks are shown");
  match(items[0].answerHtml, /katex/);
  ok(!items[0].answerHtml.includes("Answer."), "the Answer label is repeated");
});

Deno.test("renderExercises() refuses an exercise without one claim, a question or an answer", () => {
  const two = "## Exercise 1\n\n> Q?\n\n```claims\na: 1 = 1\nb: 2 = 2\n```\n\n**Answer.** A.\n";
  throws(
    () => renderExercises(two, "e.md", "m", "3"),
    /e\.md, line 1: exercise 1 must hold exactly one claim, found 2/,
  );
  const noQuestion = "## Exercise 1\n\n```claims\na: 1 = 1\n```\n\n**Answer.** A.\n";
  throws(() => renderExercises(noQuestion, "e.md", "m", "3"), /no question/);
  const noAnswer = "## Exercise 1\n\n> Q?\n\n```claims\na: 1 = 1\n```\n";
  throws(() => renderExercises(noAnswer, "e.md", "m", "3"), /no \*\*Answer\.\*\* paragraph/);
});

Deno.test("auditOrThrow() passes the fixture and fails the build on a number the library denies", async () => {
  equal(await auditOrThrow(lessonText, "lessons/neuron.md"), 2);
  equal(await auditOrThrow(exercisesText, "exercises/neuron.md"), 2);
  // 2(0.2) + 1(0.3) + 0.1 = 0.8, so a lesson stating 0.9 must stop the build.
  const wrong = lessonText.replace("0.1) = 0.8", "0.1) = 0.9");
  await rejects(() => auditOrThrow(wrong, "lessons/neuron.md"), /neuron\.n disagrees/);
  // A line the engine cannot read is an error too.
  const broken = lessonText.replace("weightedSum([2, 1]", "noSuchFunction([2, 1]");
  await rejects(() => auditOrThrow(broken, "lessons/neuron.md"), /not confirmed/);
});

Deno.test("frontMatter() reads simple key: value lines and leaves the body", () => {
  deepEqual(frontMatter('---\ntitle: "A: b"\nchapter: x\n---\nBody'), {
    data: { title: "A: b", chapter: "x" },
    body: "Body",
  });
  deepEqual(frontMatter("No front matter"), { data: {}, body: "No front matter" });
});

Deno.test("atSheetPrecision() drops the float echo the audit prints after a rounded value", () => {
  equal(atSheetPrecision("0.8 (0.7999999999999999)"), "0.8");
  equal(atSheetPrecision("0.37110 (0.37110066594777763)"), "0.37110");
  // Text without the echo is untouched, short brackets too.
  equal(atSheetPrecision("[[1, 2], [0, 1]]"), "[[1, 2], [0, 1]]");
  equal(atSheetPrecision("rate (0.5)"), "rate (0.5)");
});

Deno.test("sheetTitle() names the sheet by its title, the file apart", () => {
  deepEqual(sheetTitle("the seed solution sheet (000_6c13d2aa68a8a4ca.txt)"), {
    title: "The seed solution sheet",
    file: "000_6c13d2aa68a8a4ca.txt",
  });
  deepEqual(sheetTitle("Quiz 1"), { title: "Quiz 1", file: "" });
});

Deno.test("typesetPlainMath() turns the ASCII math of plain strings into TeX, and only that", () => {
  equal(typesetPlainMath("the minus in e^(-x)"), "the minus in $e^{-x}$");
  equal(typesetPlainMath("after delta^f is c(x)"), "after $\\delta^f$ is c(x)");
  equal(typesetPlainMath("n_in x n_out"), "$n_{\\text{in}}$ x $n_{\\text{out}}$");
  equal(typesetPlainMath("sum (y - y-hat)"), "sum (y - $\\hat y$)");
  // Identifiers, code and math already in TeX are left alone.
  equal(typesetPlainMath("conv2d_1 and learning_rate"), "conv2d_1 and learning_rate");
  equal(typesetPlainMath("`w^f` and $w^f$"), "`w^f` and $w^f$");
});

Deno.test("readerImports() shows doc examples importing ./mod.ts", () => {
  equal(
    readerImports('import { conv2d } from "./convolution.ts";\nimport { ok } from "node:assert";'),
    'import { conv2d } from "./mod.ts";\nimport { ok } from "node:assert";',
  );
});

Deno.test("accessibleSvg() labels the image and drops aria-label from Plot's groups", () => {
  const svg = accessibleSvg(
    '<svg class="p"><g aria-label="x-axis tick"><text>1</text></g></svg>',
    "T",
  );
  equal(svg, '<svg role="img" aria-label="T" class="p"><g><text>1</text></g></svg>');
});
