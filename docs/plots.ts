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
import { LESSON_PLOTS } from "./figures_lessons.ts";

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

/**
 * Each plot is drawn twice: 680 px wide for a laptop's column and {@link NARROW} for a
 * phone's, whose text stays at least 11 px when the 400-unit drawing is shown in a 358 px
 * column (13 × 358 / 400 = 11.6). The page shows the one that fits (style.css).
 */
const WIDE = { width: 680, height: 340, font: 12 };
const NARROW = { width: 400, height: 300, font: 13 };
let layout = WIDE;

/** Shared look: transparent background (dark mode), the site's font, a colour legend. */
function common(extra: Record<string, unknown>) {
  const options: Record<string, unknown> = {
    width: layout.width,
    height: layout.height,
    marginLeft: 56,
    // Room above the top tick for the y axis's label, and below the x ticks for the x
    // axis's label, centred, so neither sits on a tick label.
    marginTop: 34,
    marginBottom: 46,
    style: { background: "transparent", fontSize: `${layout.font}px` },
    grid: true,
    ...extra,
    x: { labelAnchor: "center", labelOffset: 40, ...(extra.x as object) },
    y: { labelOffset: 0, ...(extra.y as object) },
  };
  if (layout === NARROW) {
    // Margins hold text: they grow with the font, but leave the plot half the width.
    const grow = (m: unknown, cap: number) =>
      typeof m === "number" ? Math.min(Math.round((m * NARROW.font) / WIDE.font), cap) : m;
    options.marginLeft = grow(options.marginLeft, NARROW.width * 0.45);
    options.marginRight = grow(options.marginRight, NARROW.width * 0.3);
    if (typeof extra.height === "number") {
      options.height = Math.round(extra.height * (NARROW.font / WIDE.font));
    }
  }
  return options;
}

/** Dash patterns and marker symbols, one per series, so no curve is told apart by colour alone. */
const DASHES = ["none", "6 3", "2 3", "10 3 2 3", "1 2", "4 4"];
const SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star"];

/**
 * The marks of several named curves: each its own dash pattern and marker (every `every`th
 * point) and a direct label at its last point, in place of a colour legend.
 */
function series<T extends Record<string, unknown>>(
  data: readonly T[],
  options: {
    x: string;
    y: string;
    z: string;
    domain: readonly string[];
    every?: number;
    /** Vertical nudges of the labels, for curves that end at the same point. */
    dys?: readonly number[];
    /** Where along each curve (0 to 1) its label sits, when the curves end together. */
    labelAt?: number;
  },
) {
  const { x, y, z, domain } = options;
  const every = options.every ?? 1;
  const places = labelPlaces(data, y, z, domain);
  return domain.flatMap((name, i) => {
    const points = data.filter((d) => d[z] === name);
    const marked = points.filter((_, k) => k % every === 0 || k === points.length - 1);
    const at = options.labelAt === undefined
      ? points.length - 1
      : Math.round(options.labelAt * (points.length - 1));
    // At the end a label sits at its place (moved apart from curves ending there too);
    // elsewhere on its curve.
    const last = points.slice(at, at + 1).map((p) =>
      options.labelAt === undefined && !options.dys ? { ...p, [y]: places[i] } : p
    );
    // On a phone a label keeps its name, not its comment ("α = 4: diverges" gives "α = 4").
    const shown = layout === NARROW && options.labelAt === undefined ? name.split(":")[0] : name;
    return [
      Plot.line(points, { x, y, stroke: COLORS[i], strokeWidth: 2, strokeDasharray: DASHES[i] }),
      Plot.dot(marked, { x, y, stroke: COLORS[i], symbol: SYMBOLS[i], r: 3 }),
      Plot.text(last, {
        x,
        y,
        text: () => shown,
        dx: options.labelAt === undefined ? 6 : 10,
        dy: options.dys?.[i] ?? 0,
        textAnchor: "start",
        fill: "currentColor",
      }),
    ];
  });
}

/**
 * Where the end labels of several curves go, in data units: at each curve's last value,
 * pushed down (highest first) until each is at least 16 px below the one above, so labels
 * of curves that end together do not overlap. The pixel size of a data unit is estimated
 * from the values' span and the plot's height (on a log scale when the values span three
 * orders of magnitude).
 */
function labelPlaces<T extends Record<string, unknown>>(
  data: readonly T[],
  y: string,
  z: string,
  domain: readonly string[],
): number[] {
  const values = data.map((d) => d[y] as number).filter(Number.isFinite);
  const log = values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) > 1000;
  const to = (v: number) => (log ? Math.log10(v) : v);
  const from = (v: number) => (log ? 10 ** v : v);
  const span = to(Math.max(...values)) - to(Math.min(...values)) || 1;
  const gap = (16 * span) / (layout.height - 80);
  const ends = domain.map((name, i) => {
    const points = data.filter((d) => d[z] === name);
    return { i, v: to(points.at(-1)![y] as number) };
  }).sort((a, b) => b.v - a.v);
  const places = domain.map(() => 0);
  let previous = Infinity;
  for (const end of ends) {
    const v = Math.min(end.v, previous - gap);
    places[end.i] = from(v);
    previous = v;
  }
  return places;
}

/** Evenly spaced numbers from `from` to `to`. */
function range(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => from + (i * (to - from)) / steps);
}

/**
 * A grid of shaded cells, each with its number written in it (so the figure reads without
 * colour): the marks of the matrix-like figures.
 */
function numberedCells<T extends Record<string, unknown>>(
  cells: T[],
  x: keyof T & string,
  y: keyof T & string,
  value: keyof T & string,
  label: (v: number) => string,
) {
  return [
    Plot.cell(cells, { x, y, fill: value, inset: 1, stroke: "currentColor", strokeOpacity: 0.3 }),
    Plot.text(cells, { x, y, text: (d: T) => label(d[value] as number), fill: "currentColor" }),
  ];
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
          marginRight: 60,
          marks: [
            Plot.ruleY([0]),
            ...series(data, { x: "x", y: "y", z: "curve", domain: ["σ(x)", "σ′(x)"], every: 30 }),
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
      "$\\alpha$, first 60 iterations, each curve labelled with the verdict of the whole " +
      "run. Plotted is the gap $f(w_k) - f^*$ to the lowest loss any run reached, on a log " +
      "scale, so that slow and quick convergence are told apart and the diverging run does " +
      "not flatten the others. A tiny rate barely moves, a good one drops by orders of " +
      "magnitude within a few steps, and a rate past the curvature's limit jumps about " +
      "and never settles: question 4(a)'s three cases.",
    needs: ["classifyLearningRate", "problemObjective", "logisticRegression"],
    draw(lib, document) {
      const problem = lib.logisticRegression(
        { X: [[-1], [0], [0], [1], [1], [2]], y: [0, 0, 1, 1, 0, 1] },
        { w0: [0], b0: 0 },
      );
      const objective = lib.problemObjective(problem);
      const runs = [0.05, 1, 4, 32].map((learningRate) => ({
        learningRate,
        run: lib.classifyLearningRate(objective, { learningRate }),
      }));
      const best = Math.min(...runs.flatMap(({ run }) => run.values as number[]));
      const labels = runs.map(({ learningRate, run }) => `α = ${learningRate}: ${run.verdict}`);
      // A gap below 1e-12 is rounding: it is drawn at the floor.
      const data = runs.flatMap(({ run }, i) =>
        (run.values as number[]).slice(0, 61).map((loss, iteration) => ({
          iteration,
          gap: Math.max(loss - best, 1e-12),
          label: labels[i],
        }))
      );
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "iteration k" },
          y: { label: "f(w_k) − f* (log scale)", type: "log", tickFormat: ".0e" },
          marginRight: 190,
          marks: [
            ...series(data, { x: "iteration", y: "gap", z: "label", domain: labels, every: 6 }),
          ],
        })),
        note: `The lowest loss reached is $f^* = ${best.toFixed(6)}$.`,
      };
    },
  },
  {
    chapter: "learning_rate",
    id: "loss-surface-steps",
    title: "Steps on the loss surface",
    caption: "The bowl $f(w) = \\tfrac{L}{2} w^2$ with $L = 4$ (`quadratic`) and gradient " +
      "steps from $w_0 = 1$ for three learning rates (eight steps, four for the largest), each step " +
      "$w \\leftarrow w - \\alpha\\, \\nabla f(w)$ with the library's gradient. Below " +
      "$1/L = 0.25$ the steps creep down one side; between $1/L$ and $2/L = 0.5$ they " +
      "overshoot and zigzag in; past $2/L$ every step lands higher than the last.",
    needs: ["quadratic"],
    draw(lib, document) {
      const f = lib.quadratic(4, { start: [1] });
      const curve = range(-2.2, 2.2, 176).map((w) => ({
        w,
        loss: f.value(new Float64Array([w])),
        label: "f(w)",
      }));
      const labels = ["α = 0.1", "α = 0.45", "α = 0.55"];
      const counts = [8, 8, 4];
      const steps = [0.1, 0.45, 0.55].flatMap((alpha, i) => {
        let w = new Float64Array([1]);
        const out = [];
        for (let k = 0; k <= counts[i]; k++) {
          out.push({ w: w[0], loss: f.value(w), label: labels[i] });
          const g = f.gradient(w);
          w = new Float64Array([w[0] - alpha * g[0]]);
        }
        return out;
      });
      const last = labels.map((name) => steps.filter((d) => d.label === name).at(-1)!.w.toFixed(3));
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "w", domain: [-2.3, 2.3] },
          y: { label: "f(w)", domain: [0, 9.7] },
          marginRight: 20,
          marks: [
            Plot.line(curve, { x: "w", y: "loss", stroke: "currentColor", strokeOpacity: 0.5 }),
            ...labels.flatMap((name, i) => {
              const points = steps.filter((d) => d.label === name);
              return [
                Plot.line(points, {
                  x: "w",
                  y: "loss",
                  stroke: COLORS[i],
                  strokeDasharray: DASHES[i],
                  strokeWidth: 1.5,
                  curve: "linear",
                }),
                Plot.dot(points, {
                  x: "w",
                  y: "loss",
                  stroke: COLORS[i],
                  symbol: SYMBOLS[i],
                  r: 3.5,
                }),
                // Labelled at its first step, where the three paths are far apart.
                Plot.text(points.slice(1, 2), {
                  x: "w",
                  y: "loss",
                  text: () => name,
                  dx: i === 0 ? 10 : -10,
                  dy: -10,
                  textAnchor: i === 0 ? "start" : "end",
                  fill: "currentColor",
                }),
              ];
            }),
          ],
        })),
        note: `After eight steps $w$ is ${last[0]} and ${last[1]}; after four steps at ` +
          `$\\alpha = 0.55$ it is ${last[2]}.`,
      };
    },
  },
  {
    chapter: "losses",
    id: "loss-natural-and-base-2",
    title: "The binary cross-entropy in nats and in bits",
    caption: "$E(\\hat y) = -\\log \\hat y$ for target $y = 1$, computed by " +
      "`binaryCrossEntropy` with the natural log (solid) and with `base: 2` (dashed). The " +
      "marked points are the sheet's neuron, $\\hat y = \\sigma(0.8)$: $0.37110$ in nats, " +
      "the sheet's $0.53539$ in bits. Both curves fall to 0 as $\\hat y \\to 1$; the base " +
      "only rescales them by $1/\\ln 2 \\approx 1.4427$.",
    needs: ["binaryCrossEntropy", "sigmoid"],
    draw(lib, document) {
      const ps = range(0.05, 0.99, 188);
      const labels = ["natural log (nats)", "base 2 (bits)"];
      const data = ps.flatMap((p) => [
        { p, loss: lib.binaryCrossEntropy(p, 1), label: labels[0] },
        { p, loss: lib.binaryCrossEntropy(p, 1, { base: 2 }), label: labels[1] },
      ]);
      const yHat = lib.sigmoid(0.8);
      const points = [
        { p: yHat, loss: lib.binaryCrossEntropy(yHat, 1) },
        { p: yHat, loss: lib.binaryCrossEntropy(yHat, 1, { base: 2 }) },
      ];
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "prediction ŷ (target y = 1)" },
          y: { label: "loss E" },
          marginRight: 130,
          marks: [
            Plot.ruleY([0]),
            // Both curves end near 0: labelled where they are far apart.
            ...series(data, {
              x: "p",
              y: "loss",
              z: "label",
              domain: labels,
              every: 20,
              labelAt: 0.08,
            }),
            Plot.dot(points, { x: "p", y: "loss", r: 5, fill: "currentColor" }),
            // The two values sit on either side of their points, so they never meet.
            ...points.map((point, k) =>
              Plot.text([point], {
                x: "p",
                y: "loss",
                text: (d: { loss: number }) => d.loss.toFixed(5),
                dx: k === 0 ? -10 : 10,
                dy: k === 0 ? 8 : -8,
                textAnchor: k === 0 ? "end" : "start",
                fill: "currentColor",
              })
            ),
          ],
        })),
      };
    },
  },
  {
    chapter: "gradcheck",
    id: "central-difference-error",
    title: "The error of a central difference against its step",
    caption: "`gradcheck` on $f(x) = x^3$ at $x = 1$ (true derivative 3) for steps $h$ from " +
      "$10^{-12}$ to $10^{-1}$, both axes on a log scale. For large $h$ the error is the " +
      "truncation $h^2$ (slope 2); for small $h$ rounding in $f(x \\pm h)$ takes over and " +
      "grows like $\\epsilon / h$. The best step sits near $\\epsilon^{1/3} \\approx 6 " +
      "\\times 10^{-6}$.",
    needs: ["gradcheck"],
    draw(lib, document) {
      const data = range(-12, -1, 44).map((e) => {
        const h = 10 ** e;
        const report = lib.gradcheck((x: Float64Array) => x[0] ** 3, [1], {
          gradient: [3],
          eps: h,
          atol: 1,
          rtol: 0,
        });
        return { h, error: Math.max(Math.abs(report.numeric.get(0) - 3), 1e-17), label: "error" };
      });
      const best = data.reduce((a, b) => (b.error < a.error ? b : a));
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "step h (log scale)", type: "log", tickFormat: ".0e" },
          y: { label: "|numeric − 3| (log scale)", type: "log", tickFormat: ".0e" },
          marks: [
            Plot.line(data, { x: "h", y: "error", stroke: COLORS[0], strokeWidth: 2 }),
            Plot.dot(data, { x: "h", y: "error", stroke: COLORS[0], r: 2.5 }),
            Plot.dot([best], { x: "h", y: "error", r: 6, stroke: "currentColor" }),
            Plot.text([best], {
              x: "h",
              y: "error",
              text: (d: { h: number; error: number }) =>
                `smallest error ${d.error.toExponential(1)} at h = ${d.h.toExponential(0)}`,
              dy: -14,
              fill: "currentColor",
            }),
          ],
        })),
        note: `The smallest error measured is ${best.error.toExponential(1)}, at ` +
          `$h = ${best.h.toExponential(0).replace("e", " \\times 10^{")}}$.`,
      };
    },
  },
  {
    chapter: "random",
    id: "uniform-histogram",
    title: "Ten thousand draws of mulberry32",
    caption: "A histogram of $10\\,000$ numbers from `mulberry32(1)` in 20 bins of width " +
      "$0.05$. A uniform generator puts about 500 in each; the dashed line marks 500.",
    needs: ["mulberry32"],
    draw(lib, document) {
      const random = lib.mulberry32(1);
      const counts = Array(20).fill(0);
      for (let i = 0; i < 10000; i++) counts[Math.floor(random() * 20)]++;
      const bins = counts.map((count, i) => ({ x1: i / 20, x2: (i + 1) / 20, count }));
      const extremes = `${Math.min(...counts)} to ${Math.max(...counts)}`;
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "value", domain: [0, 1] },
          y: { label: "draws per bin", domain: [0, 600] },
          marks: [
            Plot.rectY(bins, { x1: "x1", x2: "x2", y: "count", fill: COLORS[0], inset: 1 }),
            Plot.ruleY([500], { strokeDasharray: "6 4", stroke: "currentColor" }),
            Plot.ruleY([0]),
          ],
        })),
        note: `The bins hold ${extremes} draws.`,
      };
    },
  },
  {
    chapter: "summary",
    id: "parameters-per-layer",
    title: "Where question 3's parameters are",
    caption: "The parameters of each layer of question 3's network, from `summary`, each " +
      "bar labelled with its count and formula. The dense layer at the end holds most of " +
      "them; pooling and flattening hold none.",
    needs: ["summary"],
    draw(lib, document) {
      const table = lib.summary([
        { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
        { type: "maxPool2d", pool: 3, stride: 2 },
        { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
        { type: "flatten" },
        { type: "dense", units: 10 },
      ], { height: 21, width: 21, channels: 3 });
      const rows = table.rows.map((r: { name: string; params: number; paramsFormula: string }) => ({
        name: r.name,
        params: r.params,
        label: `${r.params}${r.params ? ` = ${r.paramsFormula.replace(/ = \d+$/, "")}` : ""}`,
      }));
      return {
        plot: Plot.plot(common({
          document,
          height: 220,
          marginLeft: 90,
          marginRight: 170,
          x: { label: "parameters", domain: [0, 1800] },
          y: { label: null, domain: rows.map((r: { name: string }) => r.name) },
          marks: [
            Plot.barX(rows, { x: "params", y: "name", fill: COLORS[0] }),
            Plot.text(rows, {
              x: "params",
              y: "name",
              text: "label",
              dx: 6,
              textAnchor: "start",
              fill: "currentColor",
            }),
          ],
        })),
      };
    },
  },
  {
    chapter: "mistakes",
    id: "mistakes-per-function",
    title: "The catalogue of common mistakes",
    caption: "How many common mistakes each library function declares, from `allMistakes`. " +
      "The audit tries each of them on a wrong answer of the sheet.",
    needs: ["allMistakes"],
    draw(lib, document) {
      const counts = new Map<string, number>();
      for (const entry of lib.allMistakes()) {
        counts.set(entry.function, (counts.get(entry.function) ?? 0) + 1);
      }
      const rows = [...counts].map(([name, count]) => ({ name, count }))
        .sort((a, b) => b.count - a.count);
      // The longest name sets the left margin (about 0.6 em a character), so none is cut.
      const longest = Math.max(...rows.map((r) => r.name.length));
      return {
        plot: Plot.plot(common({
          document,
          height: Math.max(120, 40 + rows.length * 22),
          marginLeft: Math.ceil(longest * 0.62 * layout.font) + 14,
          marginRight: 30,
          x: { label: "declared mistakes", tickFormat: "d" },
          y: { label: null, domain: rows.map((r) => r.name) },
          marks: [
            Plot.barX(rows, { x: "count", y: "name", fill: COLORS[0] }),
            Plot.text(rows, {
              x: "count",
              y: "name",
              text: (d: { count: number }) => String(d.count),
              dx: 6,
              textAnchor: "start",
              fill: "currentColor",
            }),
          ],
        })),
        note: `In all, ${lib.allMistakes().length} mistakes over ${rows.length} functions.`,
      };
    },
  },
  {
    chapter: "optimizers",
    id: "optimizers-on-a-narrow-valley",
    title: "Three optimizers in a narrow valley",
    caption: "The bowl $f(w) = \\tfrac12 (w_1^2 + 50 w_2^2)$ (`quadratic`) from $w = (1, 1)$, " +
      "60 steps of `sgdStep` at $\\alpha = 0.035$, with momentum $0.9$ at the same rate, and " +
      "`adamStep` at $\\alpha = 0.1$, on a log scale. The rate $0.035$ is just below " +
      "$2/50$, the limit the steep direction sets. Plain SGD shrinks $f$ steadily; momentum's " +
      "velocity overshoots across the valley and Adam keeps steps of about $\\alpha$ until its " +
      "moment estimates settle, so both oscillate, and at this budget end higher: a faster " +
      "method on paper is not faster for every rate and budget.",
    needs: ["sgdStep", "adamStep", "quadratic"],
    draw(lib, document) {
      const f = lib.quadratic([1, 50], { start: [1, 1] });
      const labels = ["SGD", "SGD with momentum 0.9", "Adam"];
      const data = labels.flatMap((label) => {
        let w = [1, 1];
        // deno-lint-ignore no-explicit-any
        let state: any = undefined;
        const out = [];
        for (let k = 0; k <= 60; k++) {
          const value = f.value(new Float64Array(w));
          out.push({ k, loss: Math.max(value, 1e-16), label });
          const g = [...f.gradient(new Float64Array(w))];
          const step = label === "Adam"
            ? lib.adamStep(w, g, { learningRate: 0.1, state })
            : lib.sgdStep(w, g, {
              learningRate: 0.035,
              momentum: label === "SGD" ? 0 : 0.9,
              state,
            });
          w = step.parameters;
          state = step.state;
        }
        return out;
      });
      const final = labels.map((l) => data.filter((d) => d.label === l).at(-1)!.loss);
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "step k" },
          y: { label: "f(w_k) (log scale)", type: "log", tickFormat: ".0e" },
          marginRight: 170,
          marks: [
            ...series(data, {
              x: "k",
              y: "loss",
              z: "label",
              domain: labels,
              every: 6,
              // Momentum and Adam end at about the same loss.
              dys: [0, 8, -8],
            }),
          ],
        })),
        note: `After 60 steps $f$ is ${final.map((v) => v.toExponential(1)).join(", ")}.`,
      };
    },
  },
  {
    chapter: "normalization",
    id: "batch-norm-before-after",
    title: "A batch before and after batch normalization",
    caption: "Eight values of one feature (drawn with `mulberry32`, mean about 5) and the same " +
      "batch after `batchNorm` with $\\gamma = 1$, $\\beta = 0$: the order and the gaps' " +
      "proportions stay, the mean moves to 0 and the spread to 1. Each value is joined to " +
      "its normalized self.",
    needs: ["batchNorm", "mulberry32"],
    draw(lib, document) {
      const random = lib.mulberry32(5);
      const xs = Array.from({ length: 8 }, () => 5 + 6 * (random() - 0.5));
      const out = lib.batchNorm(xs.map((x) => [x]), { weight: [1], bias: [0] })
        .output as number[][];
      const pairs = xs.map((x, i) => ({ before: x, after: out[i][0] }));
      const points = pairs.flatMap((p) => [
        { value: p.before, row: "before" },
        { value: p.after, row: "after" },
      ]);
      const links = pairs.map((p) => ({ x1: p.before, x2: p.after, y1: "before", y2: "after" }));
      return {
        plot: Plot.plot(common({
          document,
          height: 200,
          marginLeft: 70,
          x: { label: "value", grid: true },
          y: { label: null, domain: ["before", "after"] },
          marks: [
            Plot.link(links, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", strokeOpacity: 0.4 }),
            Plot.dot(points, { x: "value", y: "row", r: 4, stroke: "currentColor" }),
          ],
        })),
      };
    },
  },
  {
    chapter: "recurrent",
    id: "rnn-memory",
    title: "How long an RNN remembers one input",
    caption: "A one-unit `rnn` with input weight 1 reads the input 2 at step 0 and zeros " +
      "after it, for three recurrent weights $w$: $h_t = \\tanh(w\\, h_{t-1})$. Below 1 the " +
      "memory fades geometrically (a log scale would show straight lines); at $w = 1$ it " +
      "fades slowly, as $\\tanh$ flattens; above 1 the state settles on a nonzero fixed " +
      "point and never forgets.",
    needs: ["rnn"],
    draw(lib, document) {
      const steps = 25;
      const input = Array.from({ length: steps }, (_, t) => [t === 0 ? 2 : 0]);
      const labels = ["w = 0.5", "w = 1", "w = 1.5"];
      const data = [0.5, 1, 1.5].flatMap((w, i) =>
        (lib.rnn(input, { weightIh: [[1]], weightHh: [[w]] }).output as number[][])
          .map((h, t) => ({ t, h: h[0], label: labels[i] }))
      );
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "step t" },
          y: { label: "hidden state h_t", domain: [0, 1] },
          marginRight: 80,
          marks: [
            Plot.ruleY([0]),
            ...series(data, { x: "t", y: "h", z: "label", domain: labels, every: 3 }),
          ],
        })),
      };
    },
  },
  {
    chapter: "matmul",
    id: "im2col-question-2",
    title: "Question 2 as a matrix product: im2col of M",
    caption: "`im2col` lays the $2 \\times 2$ window of each output cell of question 2 out as " +
      "one row (cells row by row, taps $t = (u, v)$ row by row). Each row times $K$'s taps " +
      "$(0, 0, 1, 1)$ is that cell of $O$: the row of $O_{12}$ is $(0, 1, 1, 2)$, and " +
      "$1 + 2 = 3$. The number in each cell is the entry; the shading repeats it.",
    needs: ["im2col"],
    draw(lib, document) {
      const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
      const rows = lib.im2col(M, { kernel: 2 }).toArray() as number[][];
      const names = rows.map((_, p) => `O${Math.floor(p / 3)}${p % 3}`);
      const taps = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"];
      const cells = rows.flatMap((row, p) =>
        row.map((v, t) => ({ cell: names[p], tap: taps[t], v }))
      );
      return {
        plot: Plot.plot(common({
          document,
          width: 360,
          height: 380,
          marginLeft: 60,
          marginTop: 50,
          grid: false,
          x: { label: "tap (u, v)", domain: taps, axis: "top" },
          y: { label: "output cell", domain: names },
          color: { type: "linear", domain: [0, 2], range: ["transparent", "#93c5fd"] },
          marks: numberedCells(cells, "tap", "cell", "v", (v) => String(v)),
        })),
      };
    },
  },
  {
    chapter: "attention",
    id: "attention-weights",
    title: "Causal self-attention weights of four tokens",
    caption: "`scaledDotProductAttention` of four 2-D tokens with themselves, causal: row $i$ " +
      "is how token $i$ spreads its attention over tokens $0, \\dots, i$ (each row adds up " +
      "to 1, later tokens get 0). The number in each cell is the weight; the shading repeats it.",
    needs: ["scaledDotProductAttention"],
    draw(lib, document) {
      const x = [[1, 0], [0, 1], [1, 1], [0.5, -1]];
      const { weights } = lib.scaledDotProductAttention(x, { key: x, value: x, causal: true });
      const cells = (weights as number[][]).flatMap((row, i) =>
        row.map((w, j) => ({ query: `token ${i}`, key: `token ${j}`, w }))
      );
      const names = x.map((_, i) => `token ${i}`);
      return {
        plot: Plot.plot(common({
          document,
          width: 420,
          height: 330,
          marginLeft: 70,
          marginTop: 50,
          grid: false,
          x: { label: "attends to (key)", domain: names, axis: "top" },
          y: { label: "query", domain: names },
          color: { type: "linear", range: ["transparent", "#93c5fd"] },
          marks: numberedCells(cells, "key", "query", "w", (w) => w.toFixed(2)),
        })),
      };
    },
  },
  {
    chapter: "regularization",
    id: "dropout-mean",
    title: "Dropout keeps the mean",
    caption: "The running mean of `dropout` applied to the input 1 over 300 seeded draws, " +
      "for three drop rates $p$. A kept unit is scaled by $1/(1 - p)$, so every curve " +
      "settles at 1 (the dashed line); a larger $p$ makes each draw noisier and the curve " +
      "slower to settle.",
    needs: ["dropout"],
    draw(lib, document) {
      const labels = ["p = 0.2", "p = 0.5", "p = 0.8"];
      const data = [0.2, 0.5, 0.8].flatMap((p, i) => {
        let sum = 0;
        return Array.from({ length: 300 }, (_, k) => {
          sum += lib.dropout([1], { p, seed: 1000 * i + k + 1 }).output[0];
          return { k: k + 1, mean: sum / (k + 1), label: labels[i] };
        });
      });
      return {
        plot: Plot.plot(common({
          document,
          x: { label: "draws", type: "log" },
          y: { label: "running mean of the output" },
          marginRight: 70,
          marks: [
            Plot.ruleY([1], { strokeDasharray: "6 4", stroke: "currentColor" }),
            ...series(data, { x: "k", y: "mean", z: "label", domain: labels, every: 40 }),
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
          marginRight: 130,
          marks: [
            ...series(data, {
              x: "x",
              y: "loss",
              z: "variant",
              domain: runs.map((r) => r.variant),
              every: 3,
            }),
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
          marginRight: 150,
          marks: [
            ...series(data, { x: "depth", y: "norm", z: "label", domain: labels, every: 4 }),
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
export async function loadLib(root: string): Promise<Lib> {
  const lib: Lib = {};
  for (const module of await libModules(root)) {
    Object.assign(lib, await import(`${root}/lib/${module}.ts`));
  }
  return lib;
}

/**
 * Gives a drawn SVG the role of an image and a label, and takes the `aria-label`s off
 * Observable Plot's groups: inside an image they are not read, and a label on a group with
 * no role is an accessibility error.
 */
export function accessibleSvg(svg: string, label: string): string {
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${label}" `)
    .replace(/(<g\b[^>]*?) aria-label="[^"]*"/g, "$1");
}

/** Draws every plot whose functions exist; the rest come back with a note saying what is missing. */
export async function makePlots(root: string): Promise<PlotView[]> {
  const lib = await loadLib(root);
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return [...PLOTS, ...LESSON_PLOTS].map((spec) => {
    const missing = spec.needs.filter((name) => typeof lib[name] !== "function");
    const view: PlotView = {
      chapter: spec.chapter,
      id: spec.id,
      title: spec.title,
      captionHtml: markdownInline(spec.caption),
      svg: null,
      narrowSvg: null,
      missing: missing.length ? `Not drawn yet: lib has no ${missing.join(", ")}.` : "",
    };
    if (!missing.length) {
      // An accessible image: its role and a label naming what it plots.
      const accessible = (svg: string) => accessibleSvg(svg, spec.title.replace(/"/g, "&quot;"));
      layout = WIDE;
      const { plot, note } = spec.draw(lib, document);
      view.svg = accessible(plot.outerHTML);
      layout = NARROW;
      try {
        view.narrowSvg = accessible(spec.draw(lib, document).plot.outerHTML);
      } finally {
        layout = WIDE;
      }
      if (note) view.captionHtml += ` ${markdownInline(note)}`;
    }
    return view;
  });
}

/** The shared look and helpers, for the lessons' figures (figures_lessons.ts). */
export { COLORS, common, DASHES, range };
export type { PlotSpec };
/** Whether the plot being drawn is the phone's layout. */
export const isNarrow = (): boolean => layout === NARROW;
