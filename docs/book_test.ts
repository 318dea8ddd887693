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
