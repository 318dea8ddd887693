/**
 * The book's plots, computed at build time by the library itself and drawn by Observable
 * Plot into SVG (a linkedom document stands in for the browser's). Each plot names the
 * lib functions it needs; while one is missing the chapter says so instead of drawing.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { libModules, type PlotView } from "./book.ts";
import { markdownInline } from "./markdown.ts";

// deno-lint-ignore no-explicit-any
type Lib = Record<string, any>;

/** A plot: the chapter it belongs to, the functions it needs and how to draw it. */
interface PlotSpec {
  chapter: string;
  id: string;
  title: string;
  caption: string;
  needs: readonly string[];
  /** Draws the plot; `note` states numbers measured while drawing, added to the caption. */
  // deno-lint-ignore no-explicit-any
  draw(lib: Lib, document: any): { plot: { outerHTML: string }; note?: string };
}

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];

/** Shared look: transparent background (dark mode), the site's font, a colour legend. */
function common(extra: Record<string, unknown>) {
  return {
    width: 680,
    height: 340,
    marginLeft: 56,
    style: { background: "transparent", fontSize: "12px" },
    grid: true,
    ...extra,
  };
}

/** Evenly spaced numbers from `from` to `to`. */
function range(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => from + (i * (to - from)) / steps);
}

export const PLOTS: readonly PlotSpec[] = [
  {
    chapter: "activations",
    id: "sigmoid-and-derivative",
    title: "The sigmoid and its derivative",
    caption:
      "$\\sigma(x)$ and $\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$, computed by `sigmoid` and " +
      "`sigmoidDerivative`. The dot is the document's neuron: $\\sigma(0.8) = 0.68997$. The " +
      "derivative never exceeds $1/4$, which is why long chains of sigmoids shrink gradients.",
    needs: ["sigmoid", "sigmoidDerivative"],
    draw(lib, document) {
      const xs = range(-6, 6, 240);
      const data = [
        ...xs.map((x) => ({ x, y: lib.sigmoid(x), curve: "σ(x)" })),
        ...xs.map((x) => ({ x, y: lib.sigmoidDerivative(x), curve: "σ′(x)" })),
      ];
      const point = [{ x: 0.8, y: lib.sigmoid(0.8) }];
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "x" },
          y: { label: "value", domain: [0, 1] },
          color: { legend: true, range: COLORS },
          marks: [
            Plot.ruleY([0]),
            Plot.line(data, { x: "x", y: "y", stroke: "curve", strokeWidth: 2 }),
            Plot.dot(point, { x: "x", y: "y", r: 4, fill: "currentColor" }),
            Plot.text(point, {
              x: "x",
              y: "y",
              text: (d: { y: number }) => `σ(0.8) = ${d.y.toFixed(5)}`,
              dx: 8,
              dy: 12,
              textAnchor: "start",
            }),
          ],
        })),
      };
    },
  },
  {
    chapter: "learning_rate",
    id: "loss-for-learning-rates",
    title: "Loss curves for several learning rates",
    caption: "Full-batch gradient descent on logistic regression (the six-sample dataset of " +
      "`examples/learning_rate_study.ts`), run by `classifyLearningRate` for each rate " +
      "$\\alpha$, first 60 iterations; the legend gives the verdict of the whole run. A " +
      "tiny rate barely moves, a good one settles within a few steps, and a rate past " +
      "the curvature's limit jumps about and never settles: question 4(a)'s three cases.",
    needs: ["classifyLearningRate", "problemObjective", "logisticRegression"],
    draw(lib, document) {
      const problem = lib.logisticRegression(
        { X: [[-1], [0], [0], [1], [1], [2]], y: [0, 0, 1, 1, 0, 1] },
        { w0: [0], b0: 0 },
      );
      const objective = lib.problemObjective(problem);
      const labels: string[] = [];
      const data = [0.05, 1, 4, 32].flatMap((learningRate) => {
        const run = lib.classifyLearningRate(objective, { learningRate });
        const label = `α = ${learningRate}: ${run.verdict}`;
        labels.push(label);
        return run.values.slice(0, 61).map((loss: number, iteration: number) => ({
          iteration,
          loss,
          label,
        }));
      });
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "iteration k" },
          y: { label: "mean loss f(w_k) (log scale)", type: "log", tickFormat: "~g" },
          color: { legend: true, domain: labels, range: COLORS },
          marks: [
            Plot.line(data, { x: "iteration", y: "loss", stroke: "label", strokeWidth: 2 }),
          ],
        })),
      };
    },
  },
  ...(["updates", "gradientEvaluations"] as const).map((axis): PlotSpec => ({
    chapter: "descent",
    id: axis === "updates" ? "descent-per-update" : "descent-per-gradient",
    title: axis === "updates"
      ? "Batch, mini-batch and stochastic descent against parameter updates"
      : "The same runs against per-sample gradient evaluations",
    caption: axis === "updates"
      ? "Logistic regression on 64 seeded points (two overlapping clouds drawn with " +
        "`mulberry32`), 30 epochs of `gradientDescent` at $\\alpha = 0.5$ with batch size " +
        "64 (batch), 8 (mini-batch) and 1 (stochastic, shuffled); one point per epoch. " +
        "Counted in steps, stochastic descent takes the most: 64 per epoch against 1."
      : "Counted in per-sample gradient evaluations, the work that question " +
        "4(b) and (c) weigh: every variant spends $N = 64$ per epoch.",
    needs: ["gradientDescent", "logisticRegression", "mulberry32"],
    draw(lib, document) {
      const runs = descentRuns(lib);
      const final = (i: number) => runs[i].losses[runs[i].losses.length - 1].toFixed(4);
      const first = (i: number) => runs[i].losses[0].toFixed(4);
      const note = axis === "updates"
        ? `After 30 updates batch descent is at ${final(0)}; after one epoch (64 updates) ` +
          `stochastic descent is at ${first(2)}.`
        : `After one epoch: batch ${first(0)}, mini-batch ${first(1)}, stochastic ` +
          `${first(2)}; after 30 epochs: ${final(0)}, ${final(1)}, ${final(2)}.`;
      const data = runs.flatMap((run) =>
        run.losses.map((loss, epoch) => ({
          x: (epoch + 1) * run.perEpoch[axis],
          loss,
          variant: run.variant,
        }))
      );
      return {
        plot: Plot.plot(common({
          document,
          x: {
            label: axis === "updates" ? "parameter updates" : "per-sample gradient evaluations",
            type: "log",
          },
          y: { label: "full-data mean loss" },
          color: { legend: true, domain: runs.map((r) => r.variant), range: COLORS },
          marks: [
            Plot.line(data, { x: "x", y: "loss", stroke: "variant", strokeWidth: 2 }),
            Plot.dot(data, { x: "x", y: "loss", fill: "variant", r: 2 }),
          ],
        })),
        note,
      };
    },
  })),
  {
    chapter: "depth",
    id: "gradient-norm-against-depth",
    title: "First-layer gradient against depth",
    caption:
      "$\\lVert \\partial J / \\partial W_1 \\rVert_F$ from `deepSigmoidChain` for chains of " +
      "width 4 and depth $L = 2, \\dots, 30$ (the first $L$ layers of one seeded set of " +
      "`randomChainWeights`, uniform in $[-1, 1)$), plain, residual, and with the loss " +
      "injected again at the middle layer ($\\lambda = 1$): question 4(d).",
    needs: ["deepSigmoidChain", "randomChainWeights"],
    draw(lib, document) {
      const all = lib.randomChainWeights(30, 4, { seed: 2024 });
      const x = [0.5, -0.5, 0.25, 1];
      const data: { depth: number; norm: number; label: string }[] = [];
      const labels = ["plain", "residual", "auxiliary loss at L/2"];
      for (let depth = 2; depth <= 30; depth++) {
        const weights = all.slice(0, depth);
        for (const architecture of ["plain", "residual", "auxiliary"]) {
          const norm = lib.deepSigmoidChain(x, weights, { architecture }).gradNorms[0];
          const label = architecture === "auxiliary" ? labels[2] : architecture;
          data.push({ depth, norm, label });
        }
      }
      const at30 = (label: string) =>
        data.find((d) => d.depth === 30 && d.label === label)!.norm.toExponential(1);
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "depth L (layers)" },
          y: { label: "‖∂J/∂W₁‖ (log scale)", type: "log", tickFormat: ".0e" },
          color: { legend: true, domain: labels, range: COLORS },
          marks: [
            Plot.line(data, { x: "depth", y: "norm", stroke: "label", strokeWidth: 2 }),
            Plot.dot(data, { x: "depth", y: "norm", fill: "label", r: 2 }),
          ],
        })),
        note: `At $L = 30$ the first layer's gradient is ${at30("plain")} plain, ` +
          `${at30("residual")} residual and ${at30("auxiliary loss at L/2")} with the ` +
          "auxiliary loss.",
      };
    },
  },
];

/** The descent comparison: one seeded dataset, three batch sizes, the same budget in epochs. */
function descentRuns(lib: Lib) {
  const random = lib.mulberry32(7);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 64; i++) {
    const label = i % 2;
    // Two clouds centred at (-1, -1) and (1, 1), each 3 wide per coordinate: they overlap.
    const centre = label ? 1 : -1;
    X.push([centre + 3 * random() - 1.5, centre + 3 * random() - 1.5]);
    y.push(label);
  }
  const problem = lib.logisticRegression({ X, y }, { w0: [0, 0], b0: 0 });
  const variants = [
    { variant: "batch (b = 64)", batchSize: 64 },
    { variant: "mini-batch (b = 8)", batchSize: 8 },
    { variant: "stochastic (b = 1)", batchSize: 1 },
  ];
  return variants.map(({ variant, batchSize }) => {
    const run = lib.gradientDescent(problem, { learningRate: 0.5, batchSize, epochs: 30, seed: 1 });
    return {
      variant,
      losses: run.epochLosses as number[],
      perEpoch: { updates: run.updates / 30, gradientEvaluations: run.gradientEvaluations / 30 },
    };
  });
}

/** Imports every public lib module, so a plot can use a module before mod.ts lists it. */
async function loadLib(root: string): Promise<Lib> {
  const lib: Lib = {};
  for (const module of await libModules(root)) {
    Object.assign(lib, await import(`${root}/lib/${module}.ts`));
  }
  return lib;
}

/** Draws every plot whose functions exist; the rest come back with a note saying what is missing. */
export async function makePlots(root: string): Promise<PlotView[]> {
  const lib = await loadLib(root);
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return PLOTS.map((spec) => {
    const missing = spec.needs.filter((name) => typeof lib[name] !== "function");
    const view: PlotView = {
      chapter: spec.chapter,
      id: spec.id,
      title: spec.title,
      captionHtml: markdownInline(spec.caption),
      svg: null,
      missing: missing.length ? `Not drawn yet: lib has no ${missing.join(", ")}.` : "",
    };
    if (!missing.length) {
      const { plot, note } = spec.draw(lib, document);
      view.svg = plot.outerHTML;
      if (note) view.captionHtml += ` ${markdownInline(note)}`;
    }
    return view;
  });
}
