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
  // deno-lint-ignore no-explicit-any
  draw(lib: Lib, document: any): { outerHTML: string };
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
      return Plot.plot(common({
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
      }));
    },
  },
];

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
    if (!missing.length) view.svg = spec.draw(lib, document).outerHTML;
    return view;
  });
}
