/**
 * The lessons' figures (issue 19, "the intuition and a picture of it"): plots and diagrams
 * the lesson writers asked for, each computed by the library at build time and placed in
 * its lesson with `::: figure ID`. They follow plots.ts and diagrams.ts exactly: plots are
 * drawn twice (a laptop's column and a phone's, text at least 11 px at 390), diagrams are
 * SVG in `currentColor` whose text stays at least 11 px when shown in a 358 px column, and
 * every curve or part is told apart by its dash, marker or label as well as its colour.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { COLORS, common, DASHES, isNarrow, type PlotSpec, range } from "./plots.ts";
import { arrow, type DiagramSpec, svg } from "./diagrams.ts";
import { escapeHtml } from "./markdown.ts";

// deno-lint-ignore no-explicit-any
type Lib = Record<string, any>;

/** Question 3's network (the seed sheet), as `summary` reads it. */
const QUESTION_3 = [
  { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
  { type: "maxPool2d", pool: 3, stride: 2 },
  { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
  { type: "flatten" },
  { type: "dense", units: 10 },
];

/** A number with thin spaces between groups of three digits, as the lessons write them. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
}

/** Text marks that sit beside points, anchored at their start unless told otherwise. */
function labels<T extends Record<string, unknown>>(
  points: readonly T[],
  x: string,
  y: string,
  options: Record<string, unknown> = {},
) {
  return Plot.text(points, {
    x,
    y,
    text: "text",
    textAnchor: "start",
    fill: "currentColor",
    stroke: "var(--bg, white)",
    strokeWidth: 4,
    paintOrder: "stroke",
    ...options,
  });
}

/**
 * A bottom margin that keeps the x axis's label below its tick labels, not beside them; on a
 * phone the x axis starts a little right of the y axis, so their two zeros do not touch.
 */
const BELOW = { marginBottom: 44 };
const inset = () => ({ insetLeft: isNarrow() ? 8 : 0 });

export const LESSON_PLOTS: readonly PlotSpec[] = [
  {
    chapter: "learning_rate",
    id: "contraction-factor",
    title: "The factor each step multiplies the error by",
    caption: "$|1 - \\alpha L|$ against the learning rate $\\alpha$ on the bowl with " +
      "$L = 4$, from `quadraticTheory`. Below the dashed line at 1 every step shrinks the " +
      "distance to the minimum; above it every step grows it. The factor is 0 at " +
      "$\\alpha = 1/L$ (one step lands on the minimum) and crosses 1 at $\\alpha = 2/L$, " +
      "the limit $2/L$ of the bound. The dots are the lesson's rates.",
    needs: ["quadraticTheory"],
    draw(lib, document) {
      const L = 4;
      const theory = (alpha: number) => lib.quadraticTheory(L, alpha);
      const curve = range(0.0025, 0.7, 278).map((alpha) => ({
        alpha,
        factor: theory(alpha).contraction,
      }));
      const { bound } = theory(0.1);
      const ideal = bound / 2;
      const rates = [0.1, 0.375, 0.6].map((alpha) => ({
        alpha,
        factor: theory(alpha).contraction,
        text: `α = ${alpha}`,
      }));
      const edges = [
        { alpha: ideal, factor: theory(ideal).contraction, text: `1/L = ${ideal}` },
        { alpha: bound, factor: theory(bound).contraction, text: `2/L = ${bound}` },
      ];
      const narrow = isNarrow();
      return {
        plot: Plot.plot(common({
          document,
          marginRight: 24,
          marginTop: 30,
          ...BELOW,
          ...inset(),
          x: { label: "learning rate α", domain: [0, 0.7], labelOffset: BELOW.marginBottom - 4 },
          y: { label: "|1 − αL|", domain: [0, 1.8] },
          marks: [
            Plot.ruleY([0]),
            Plot.ruleY([1], { strokeDasharray: "6 4", stroke: "currentColor" }),
            Plot.ruleX(edges, { x: "alpha", strokeOpacity: 0.5, stroke: "currentColor" }),
            Plot.text(edges, {
              x: "alpha",
              y: 1.8,
              text: "text",
              dy: -12,
              fill: "currentColor",
              fontWeight: 600,
            }),
            Plot.line(curve, { x: "alpha", y: "factor", stroke: COLORS[0], strokeWidth: 2 }),
            Plot.dot([...rates, ...edges], { x: "alpha", y: "factor", r: 4, fill: "currentColor" }),
            // Each beside its dot on the side away from the line.
            labels(rates.slice(0, 1), "alpha", "factor", { dx: -6, dy: 16, textAnchor: "end" }),
            labels(rates.slice(1, 2), "alpha", "factor", { dx: 8, dy: 14 }),
            labels(rates.slice(2), "alpha", "factor", { dx: -8, textAnchor: "end" }),
            labels(
              [
                { alpha: ideal / 2, y: 1.5, text: narrow ? "creeps" : "creeps in" },
                { alpha: (ideal + bound) / 2, y: 1.5, text: narrow ? "zigzags" : "zigzags in" },
                { alpha: bound + 0.12, y: 0.2, text: "diverges" },
              ],
              "alpha",
              "y",
              { textAnchor: "middle", fontStyle: "italic" },
            ),
          ],
        })),
        note: `At the dots the factor is ${
          rates.map((r) => `${Number(r.factor.toFixed(4))} for $\\alpha = ${r.alpha}$`).join(", ")
        }.`,
      };
    },
  },
  {
    chapter: "summary",
    id: "work-against-parameters",
    title: "Multiply-adds beside parameters, layer by layer",
    caption: "Question 3's layers that hold weights, from `summary`: each layer's share of " +
      "the network's multiply-adds per forward pass and of its parameters, with the counts " +
      "written on the bars. The first convolution does most of the work with few weights; " +
      "the dense layer holds most of the weights and does little work. Pooling and " +
      "flattening have neither.",
    needs: ["summary"],
    draw(lib, document) {
      const table = lib.summary(QUESTION_3, { height: 21, width: 21, channels: 3 });
      type Row = { name: string; params: number; multiplyAdds: number };
      const rows = (table.rows as Row[]).filter((r) => r.params > 0);
      const totals = {
        params: rows.reduce((s, r) => s + r.params, 0),
        multiplyAdds: rows.reduce((s, r) => s + r.multiplyAdds, 0),
      };
      const measures = [
        { key: "multiplyAdds", name: "multiply-adds" },
        { key: "params", name: "parameters" },
      ] as const;
      const bars = rows.flatMap((r) =>
        measures.map(({ key, name }, i) => {
          const share = (100 * r[key]) / totals[key];
          return {
            layer: r.name.replace(/_/g, " ").replace(/2d/g, ""),
            measure: name,
            share,
            i,
            text: `${grouped(r[key])} ${name} (${Math.round(share)}%)`,
          };
        })
      );
      // A long bar carries its label inside, a short one beside it.
      const inside = bars.filter((b) => b.share > 55);
      const outside = bars.filter((b) => b.share <= 55);
      return {
        plot: Plot.plot(common({
          document,
          height: 250,
          marginLeft: 60,
          marginRight: 24,
          ...BELOW,
          x: {
            label: "share of the network's total (%)",
            domain: [0, 100],
            labelOffset: BELOW.marginBottom - 4,
          },
          y: { axis: null, domain: measures.map((m) => m.name), padding: 0.15 },
          fy: {
            label: null,
            domain: bars.map((b) => b.layer).filter((l, k, a) => a.indexOf(l) === k),
          },
          marks: [
            Plot.barX(bars, {
              x: "share",
              y: "measure",
              fy: "layer",
              fill: (d: { i: number }) => COLORS[d.i],
            }),
            Plot.text(outside, {
              x: "share",
              y: "measure",
              fy: "layer",
              text: "text",
              dx: 6,
              textAnchor: "start",
              fill: "currentColor",
            }),
            Plot.text(inside, {
              x: "share",
              y: "measure",
              fy: "layer",
              text: "text",
              dx: -6,
              textAnchor: "end",
              fill: "white",
              fontWeight: 600,
            }),
            Plot.ruleX([0]),
          ],
        })),
        note: `In all, ${grouped(totals.multiplyAdds)} multiply-adds and ` +
          `${grouped(totals.params)} parameters.`,
      };
    },
  },
  {
    chapter: "activations",
    id: "activation-slopes",
    title: "Tanh, the rectifier and the identity, with their slopes",
    caption: "The three activations from `tanh`, `relu` and `identity`, and beside (on a " +
      "phone, below) them their slopes from `tanhDerivative`, `reluDerivative` and " +
      "`identityDerivative`. Tanh's " +
      "slope is 1 only at 0 and fades on both sides; the rectifier's is 0 on the left and " +
      "1 on the right (the library takes 0 at the corner); the identity's is 1 everywhere. " +
      "For $x > 0$ the rectifier and the identity coincide.",
    needs: ["tanh", "tanhDerivative", "relu", "reluDerivative", "identity", "identityDerivative"],
    draw(lib, document) {
      const narrow = isNarrow();
      const names = ["tanh", "ReLU", "identity"];
      const fns = [
        [lib.tanh, lib.tanhDerivative],
        [lib.relu, lib.reluDerivative],
        [lib.identity, lib.identityDerivative],
      ];
      const panels = ["value φ(x)", "slope φ′(x)"];
      const xs = range(-3, 3, 240);
      const data = fns.flatMap(([f, df], i) =>
        xs.flatMap((x) => [
          { x, y: f(x), name: names[i], panel: panels[0] },
          { x, y: df(x), name: names[i], panel: panels[1] },
        ])
      );
      // Each label sits where its curve is apart from the others.
      const at = (i: number, p: number, x: number, dy: number, anchor = "start") => ({
        x,
        y: fns[i][p](x),
        panel: panels[p],
        text: p === 0 ? names[i] : `${names[i]}′`,
        dy,
        anchor,
      });
      const marks = [
        at(0, 0, 2.2, 16, "middle"),
        at(1, 0, -2.6, -12),
        at(2, 0, -1.5, 8),
        at(0, 1, 1.6, -14),
        at(1, 1, -2.8, 14),
        at(2, 1, -2.8, -12),
      ];
      const facet = narrow ? "fy" : "fx";
      return {
        plot: Plot.plot(common({
          document,
          height: narrow ? 420 : 300,
          marginRight: 24,
          marginTop: 30,
          x: { label: "x", domain: [-3, 3] },
          y: { label: null },
          // The panels are named inside their frames (a phone has no room at the side).
          [facet]: { axis: null, domain: panels },
          marks: [
            Plot.ruleY([0]),
            Plot.ruleX([0], { strokeOpacity: 0.4 }),
            Plot.text(panels, {
              [facet]: (d: string) => d,
              frameAnchor: "top-left",
              text: (d: string) => d,
              dx: 6,
              dy: 4,
              fontWeight: 600,
              fill: "currentColor",
            }),
            ...names.map((name, i) =>
              Plot.line(data.filter((d) => d.name === name), {
                x: "x",
                y: "y",
                [facet]: "panel",
                stroke: COLORS[i],
                strokeWidth: 2,
                strokeDasharray: DASHES[i],
              })
            ),
            ...marks.map((m) =>
              labels([m], "x", "y", { [facet]: "panel", dy: m.dy, dx: 0, textAnchor: m.anchor })
            ),
          ],
        })),
        note: `At $x = 0.8$ the slopes are ${
          fns.map(([, df]) => Number(df(0.8).toFixed(5))).join(", ")
        }.`,
      };
    },
  },
  {
    chapter: "losses",
    id: "bce-both-targets",
    title: "The cross-entropy for either target",
    caption: "$-\\ln \\hat y$ when the target is $y = 1$ and $-\\ln(1 - \\hat y)$ when it is " +
      "$y = 0$, computed by `binaryCrossEntropy` against the prediction $\\hat y$. Each " +
      "falls to 0 where the prediction is right and grows without bound where it is " +
      "confidently wrong. The dots are the sheet's neuron, $\\hat y = \\sigma(0.8)$, on " +
      "each curve.",
    needs: ["binaryCrossEntropy", "sigmoid"],
    draw(lib, document) {
      const names = ["target y = 1", "target y = 0"];
      const ps = range(0.01, 0.99, 196);
      const data = ps.flatMap((p) =>
        [1, 0].map((y, i) => ({ p, loss: lib.binaryCrossEntropy(p, y), name: names[i] }))
      );
      const yHat = lib.sigmoid(0.8);
      const points = [1, 0].map((y) => {
        const loss = lib.binaryCrossEntropy(yHat, y);
        return { p: yHat, loss, text: `E = ${loss.toFixed(5)}` };
      });
      const curveLabels = [
        { p: 0.12, loss: lib.binaryCrossEntropy(0.12, 1), text: names[0] },
        { p: 0.88, loss: lib.binaryCrossEntropy(0.88, 0), text: names[1] },
      ];
      return {
        plot: Plot.plot(common({
          document,
          marginRight: 24,
          ...BELOW,
          ...inset(),
          x: { label: "prediction ŷ", domain: [0, 1], labelOffset: BELOW.marginBottom - 4 },
          y: { label: "loss E (nats)", domain: [0, 4.7] },
          marks: [
            Plot.ruleY([0]),
            Plot.ruleX([yHat], { strokeDasharray: "2 3", strokeOpacity: 0.6 }),
            ...names.map((name, i) =>
              Plot.line(data.filter((d) => d.name === name), {
                x: "p",
                y: "loss",
                stroke: COLORS[i],
                strokeWidth: 2,
                strokeDasharray: DASHES[i],
              })
            ),
            labels(curveLabels.slice(0, 1), "p", "loss", { dx: 8 }),
            labels(curveLabels.slice(1), "p", "loss", { dx: -8, textAnchor: "end" }),
            Plot.dot(points, { x: "p", y: "loss", r: 5, fill: "currentColor" }),
            // Each on the side of its dot away from both curves.
            labels(points.slice(0, 1), "p", "loss", { dx: -8, dy: 14, textAnchor: "end" }),
            labels(points.slice(1), "p", "loss", { dx: 8, dy: 14 }),
          ],
        })),
        note: `At $\\hat y = ${yHat.toFixed(5)}$ the loss is ${points[0].loss.toFixed(5)} ` +
          `for $y = 1$ and ${points[1].loss.toFixed(5)} for $y = 0$.`,
      };
    },
  },
  {
    chapter: "descent",
    id: "descent-zigzag",
    title: "Two stochastic steps against one batch step",
    caption: "The worked example's two samples ($x = 2$, $y = 1$ and $x = 4$, $y = 0$) in " +
      "the $(w, b)$ plane, from $(0, 0)$ at $\\alpha = 0.5$, two epochs each. Stochastic " +
      "descent (dashed, steps numbered) steps with one sample's gradient from " +
      "`batchGradient` at a time and zigzags, each sample pulling its own way; batch " +
      "descent (solid) takes one short step per epoch along the mean gradient. The grey " +
      "lines are contours of the mean loss (`fullLoss`) at $0.4, 0.6, \\dots, 1.6$. Both " +
      "paths end where `gradientDescent` ends.",
    needs: ["logisticRegression", "batchGradient", "fullLoss", "gradientDescent"],
    draw(lib, document) {
      const narrow = isNarrow();
      const { runs, problem, alpha } = zigzagRuns(lib);
      const [batch, stochastic] = runs;
      const steps = runs.flatMap((run, r) =>
        run.path.slice(1).map((to, k) => ({
          x1: run.path[k][0],
          y1: run.path[k][1],
          x2: to[0],
          y2: to[1],
          r,
          k,
        }))
      );
      const numbers = steps.filter((d) => d.r === 1).map((d) => ({
        x: (d.x1 + d.x2) / 2,
        y: (d.y1 + d.y2) / 2,
        text: String(d.k + 1),
      }));
      // Below the start, below the batch step's end and below the stochastic epoch's end:
      // the places no arrow crosses.
      const ends = [
        { x: 0, y: 0, text: "start", dx: 0, dy: 16, anchor: "middle" },
        {
          x: batch.path[1][0],
          y: batch.path[1][1],
          text: "batch",
          dx: 4,
          dy: 16,
          anchor: "end",
        },
        {
          x: stochastic.path[2][0],
          y: stochastic.path[2][1],
          text: narrow
            ? "stochastic, epoch 1"
            : `stochastic after epoch 1 (${pair(stochastic.path[2])})`,
          dx: -4,
          dy: 16,
          anchor: "start",
        },
      ];
      return {
        plot: Plot.plot(common({
          document,
          height: 320,
          marginRight: 24,
          ...BELOW,
          x: { label: "weight w", domain: [-1.6, 0.8], labelOffset: BELOW.marginBottom - 4 },
          y: { label: "bias b", domain: [-0.45, 0.75] },
          marks: [
            Plot.contour({
              x1: -1.6,
              x2: 0.8,
              y1: -0.45,
              y2: 0.75,
              value: (w: number, b: number) => lib.fullLoss(problem, [w, b]),
              thresholds: range(0.4, 1.6, 6),
              stroke: "currentColor",
              strokeOpacity: 0.3,
              fill: "none",
            }),
            // Batch solid and thick, stochastic dashed (a dash is a constant, not a channel).
            ...[0, 1].map((r) =>
              Plot.arrow(steps.filter((d) => d.r === r), {
                x1: "x1",
                y1: "y1",
                x2: "x2",
                y2: "y2",
                stroke: COLORS[r],
                strokeWidth: r === 0 ? 3 : 2,
                strokeDasharray: r === 0 ? undefined : "6 3",
                headLength: 10,
                insetEnd: 2,
              })
            ),
            Plot.dot([{ x: 0, y: 0 }], { x: "x", y: "y", r: 4, fill: "currentColor" }),
            labels(numbers, "x", "y", { textAnchor: "middle", fontWeight: 700 }),
            ...ends.map((e) => labels([e], "x", "y", { dx: e.dx, dy: e.dy, textAnchor: e.anchor })),
          ],
        })),
        note: `After one epoch the mean loss is ${batch.losses[0].toFixed(5)} for batch and ` +
          `${stochastic.losses[0].toFixed(5)} for stochastic descent (from ` +
          `${lib.fullLoss(problem, [0, 0]).toFixed(5)}); rate $\\alpha = ${alpha}$.`,
      };
    },
  },
  {
    chapter: "gradcheck",
    id: "chords-on-cube",
    title: "The central chord, the forward chord and the tangent",
    caption: "$f(x) = x^3$ at $x = 1$ with the step exaggerated to $\\varepsilon = 0.5$ so " +
      "the lines stand apart. The tangent has the true slope $3$; the forward chord " +
      "through $f(1)$ and $f(1.5)$ is far steeper; the central chord through $f(0.5)$ and " +
      "$f(1.5)$, whose slope `gradcheck` computes, is nearly parallel to the tangent, " +
      "because the curve lifts both of its ends above the tangent by nearly the same amount.",
    needs: ["gradcheck"],
    draw(lib, document) {
      const narrow = isNarrow();
      const x0 = 1;
      const eps = 0.5;
      const f = (x: number) => x ** 3;
      const exact = 3 * x0 ** 2;
      const central = lib.gradcheck((x: Float64Array) => f(x[0]), [x0], {
        gradient: [exact],
        eps,
        atol: 10,
        rtol: 0,
      }).numeric.get(0) as number;
      const forward = (f(x0 + eps) - f(x0)) / eps;
      const xs = range(0.2, 1.75, 124);
      const names = [
        `tangent: slope ${exact}`,
        `central chord: slope ${Number(central.toFixed(4))}`,
        `forward chord: slope ${Number(forward.toFixed(4))}`,
      ];
      // Each line through its own point: the tangent and the forward chord through (1, 1),
      // the central chord through (1 - eps, f(1 - eps)).
      const lines = [
        { slope: exact, at: x0 },
        { slope: central, at: x0 - eps },
        { slope: forward, at: x0 },
      ];
      const span = [0.25, 1.75];
      const segments = lines.map(({ slope, at }, i) =>
        span.map((x) => ({ x, y: f(at) + slope * (x - at), name: names[i] }))
      );
      const points = [x0 - eps, x0, x0 + eps].map((x) => ({ x, y: f(x) }));
      // On a phone the slopes go in the caption's note; the lines keep short names.
      const shown = narrow ? names.map((n) => n.split(":")[0]) : names;
      // Each name where no other line passes: the tangent below its right end, the central
      // chord above its left part, the forward chord in the free space below the curve.
      const places = [
        { x: 1.72, y: f(x0) + exact * (1.72 - x0), dx: -4, dy: 14, anchor: "end" },
        { x: 0.75, y: f(x0 - eps) + central * (0.75 - x0 + eps), dx: -8, dy: -10, anchor: "end" },
        { x: 0.9, y: f(x0) + forward * (0.9 - x0), dx: 10, dy: 10, anchor: "start" },
      ];
      return {
        plot: Plot.plot(common({
          document,
          marginRight: 24,
          ...BELOW,
          x: { label: "x", domain: [0.2, 1.75], labelOffset: BELOW.marginBottom - 4 },
          y: { label: "f(x) = x³", domain: [-0.5, 4.2] },
          marks: [
            Plot.ruleY([0]),
            Plot.ruleX([x0 - eps, x0, x0 + eps], { strokeDasharray: "2 3", strokeOpacity: 0.5 }),
            Plot.line(xs.map((x) => ({ x, y: f(x) })), {
              x: "x",
              y: "y",
              stroke: "currentColor",
              strokeWidth: 2.5,
            }),
            ...segments.map((seg, i) =>
              Plot.line(seg, {
                x: "x",
                y: "y",
                stroke: COLORS[i],
                strokeWidth: 2,
                strokeDasharray: DASHES[i],
                clip: true,
              })
            ),
            Plot.dot(points, { x: "x", y: "y", r: 4, fill: "currentColor" }),
            ...places.map((p, i) =>
              labels([{ ...p, text: shown[i] }], "x", "y", {
                dx: p.dx,
                dy: p.dy,
                textAnchor: p.anchor,
              })
            ),
            // The steps named on the axis, where a phone has no room for them.
            labels(
              narrow ? [] : [
                { x: x0 - eps, y: -0.5, text: "1 − ε" },
                { x: x0, y: -0.5, text: "1" },
                { x: x0 + eps, y: -0.5, text: "1 + ε" },
              ],
              "x",
              "y",
              { textAnchor: "middle", dy: -8 },
            ),
          ],
        })),
        note: `The slopes: tangent ${exact}, central chord ${Number(central.toFixed(4))} ` +
          `(off by ${Number((central - exact).toFixed(4))} $= \\varepsilon^2$), forward chord ` +
          `${Number(forward.toFixed(4))} (off by ${Number((forward - exact).toFixed(4))}).`,
      };
    },
  },
  {
    chapter: "neuron",
    id: "bias-shift",
    title: "The bias slides the sigmoid along the input axis",
    caption: "The output $\\sigma(t + b)$ of a neuron with one input $t$, weight 1 and bias " +
      "$b$, computed by `neuron` for three biases. Each curve is the same S shifted by $b$ " +
      "to the left: it crosses one half (dashed line) at $t = -b$ (the dots).",
    needs: ["neuron"],
    draw(lib, document) {
      const biases = [3, 0, -3];
      const names = biases.map((b) => `b = ${String(b).replace("-", "−")}`);
      const ts = range(-8, 8, 240);
      const data = biases.flatMap((b, i) =>
        ts.map((t) => ({
          t,
          y: lib.neuron([t], [1], b, { activation: "sigmoid" }),
          name: names[i],
        }))
      );
      const crossings = biases.map((b) => ({
        t: -b,
        y: lib.neuron([-b], [1], b, { activation: "sigmoid" }),
      }));
      // Each name left of its curve, where it reaches 0.85 (t = ln(0.85/0.15) - b).
      const at = Math.log(0.85 / 0.15);
      const names85 = biases.map((b, i) => ({ t: at - b, y: 0.85, text: names[i] }));
      return {
        plot: Plot.plot(common({
          document,
          marginRight: 24,
          ...BELOW,
          x: { label: "input t", domain: [-8, 8], labelOffset: BELOW.marginBottom - 4 },
          marginTop: 30,
          y: { label: "output σ(t + b)", domain: [0, 1] },
          marks: [
            Plot.ruleY([0]),
            Plot.ruleY([0.5], { strokeDasharray: "6 4", strokeOpacity: 0.7 }),
            ...names.map((name, i) =>
              Plot.line(data.filter((d) => d.name === name), {
                x: "t",
                y: "y",
                stroke: COLORS[i],
                strokeWidth: 2,
                strokeDasharray: DASHES[i],
              })
            ),
            Plot.dot(crossings, { x: "t", y: "y", r: 4, fill: "currentColor" }),
            labels(names85, "t", "y", { dx: -8, textAnchor: "end" }),
          ],
        })),
        note: `At the dots the outputs are ${crossings.map((c) => c.y).join(", ")}, at $t = ${
          crossings.map((c) => c.t).join(", ")
        }$.`,
      };
    },
  },
  {
    chapter: "regularization",
    id: "overfitting-weight-decay",
    title: "Training and held-out loss, without and with weight decay",
    caption: "Logistic regression with 12 features on 16 training samples (features " +
      "uniform in $[-1, 1]$ from `mulberry32(7)`, the label says whether $x_1 + x_2 > 0$, " +
      "15% of labels flipped), one full-batch `sgdStep` per epoch at $\\alpha = 1$ from " +
      "zero, and the mean loss (`fullLoss`) on the training samples and on 500 held-out " +
      "samples from the same source; the epoch axis is logarithmic. Without a penalty the " +
      "training loss heads for 0 while the held-out loss, after a brief dip, climbs: the " +
      "model memorises the 16 samples. With `weightDecay` $\\lambda = 0.03$ (the L2 " +
      "penalty's gradient, on every parameter) both settle, and the gap stops growing.",
    needs: ["logisticRegression", "batchGradient", "fullLoss", "sgdStep", "mulberry32"],
    draw(lib, document) {
      const narrow = isNarrow();
      const { curves, dip } = overfittingRuns(lib);
      const names = narrow
        ? ["held-out", "train", "held-out, L2", "train, L2"]
        : ["held-out", "training", "held-out, λ = 0.03", "training, λ = 0.03"];
      const data = curves.flatMap((c, i) =>
        c.losses.map((loss, k) => ({ epoch: k + 1, loss, name: names[i] }))
      );
      const ends = curves.map((c, i) => ({
        epoch: c.losses.length,
        loss: c.losses.at(-1)!,
        text: names[i],
      }));
      return {
        plot: Plot.plot(common({
          document,
          marginRight: narrow ? 96 : 140,
          marginTop: 30,
          ...BELOW,
          x: { label: "epoch (log scale)", type: "log", labelOffset: BELOW.marginBottom - 4 },
          y: { label: "mean loss", domain: [0, 1] },
          marks: [
            Plot.ruleY([0]),
            ...names.map((name, i) =>
              Plot.line(data.filter((d) => d.name === name), {
                x: "epoch",
                y: "loss",
                stroke: COLORS[[1, 0, 3, 2][i]],
                strokeWidth: 2,
                strokeDasharray: DASHES[i],
              })
            ),
            Plot.dot([dip], { x: "epoch", y: "loss", r: 4, fill: "currentColor" }),
            labels([{ ...dip, text: `lowest ${dip.loss.toFixed(3)}` }], "epoch", "loss", {
              dy: 16,
              textAnchor: "middle",
            }),
            labels(ends, "epoch", "loss", { dx: 6 }),
          ],
        })),
        note: `Without the penalty the held-out loss is lowest, ${dip.loss.toFixed(3)}, at ` +
          `epoch ${dip.epoch} and ${curves[0].losses.at(-1)!.toFixed(3)} at epoch ` +
          `${curves[0].losses.length}, while the training loss falls to ` +
          `${curves[1].losses.at(-1)!.toFixed(3)}; with it they end at ` +
          `${curves[2].losses.at(-1)!.toFixed(3)} and ${curves[3].losses.at(-1)!.toFixed(3)}.`,
      };
    },
  },
];

/** A box with rounded corners around a diagram's part. */
function box(x: number, y: number, width: number, height: number, attrs = ""): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="none" ` +
    `stroke="currentColor" stroke-width="1.5" ${attrs}/>`;
}

/**
 * The lessons' diagrams are at most 400 units wide, so a phone's 358 px column shows them at
 * 0.9 of their size or more: text is 15 units (13.4 px there) and subscripts 12.5 (11.2 px).
 * Like the other diagrams they take the page's font.
 */
function diagramSvg(width: number, height: number, label: string, body: string): string {
  return svg(width, height, label, body).replace('font-size="13"', 'font-size="15"');
}

/** SVG text in the diagrams' notation: `W_{hh}` sets "hh" as a subscript of at least 12.5 units. */
function rich(x: number, y: number, source: string, attrs = ""): string {
  const html = escapeHtml(source).replace(
    /_\{([^}]*)\}/g,
    '<tspan baseline-shift="sub" font-size="12.5">$1</tspan>',
  );
  return `<text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="central" ` +
    `fill="currentColor" ${attrs}>${html}</text>`;
}

/** The same, anchored at its start. */
function richStart(x: number, y: number, source: string, attrs = ""): string {
  return rich(x, y, source, attrs).replace('text-anchor="middle"', 'text-anchor="start"');
}

/** The recurrent lesson's worked example, one step longer: x = (2, 0, 0). */
function rnnExample(lib: Lib) {
  const xs = [2, 0, 0];
  const weightIh = 0.5;
  const weightHh = 1;
  const run = lib.rnn(xs.map((x) => [x]), { weightIh: [[weightIh]], weightHh: [[weightHh]] });
  const hs = (run.output as number[][]).map((h) => h[0]);
  return { xs, hs, weightIh, weightHh };
}

/** The attention lesson's worked example: one query, a matching key and an empty one. */
function attentionExample(lib: Lib) {
  const query = [1, 1, 1, 1];
  const keys = [[1, 1, 1, 1], [0, 0, 0, 0]];
  const values = [10, 0];
  const run = lib.scaledDotProductAttention([query], {
    key: keys,
    value: values.map((v) => [v]),
  });
  const d = query.length;
  // The scores the softmax reads: q . k / sqrt(d), each dot product by `weightedSum`.
  const scores = keys.map((k) => lib.weightedSum(query, k, 0) / Math.sqrt(d));
  return {
    query,
    keys,
    values,
    d,
    scores,
    weights: run.weights[0] as number[],
    output: run.output[0][0] as number,
  };
}

const vector = (v: readonly number[]) => `(${v.join(", ")})`;

export const LESSON_DIAGRAMS: readonly DiagramSpec[] = [
  {
    chapter: "recurrent",
    id: "rnn-unrolled",
    title: "A recurrent network unrolled over three steps",
    caption: "One cell drawn once per time step. Each copy reads its input $x_t$ through " +
      "$W_{ih}$ and the previous state $h_{t-1}$ through $W_{hh}$, and passes its state " +
      "$h_t$ on: the same two weights in every copy. The numbers are the worked example " +
      "run one step further, $x = (2, 0, 0)$ with $W_{ih} = 0.5$, $W_{hh} = 1$ and " +
      "$h_0 = 0$, computed by `rnn`: the input 2 is read once and its trace fades step " +
      "by step.",
    label(lib) {
      const { xs, hs, weightIh, weightHh } = rnnExample(lib);
      return "Three copies of one tanh cell in a row, each with the same weights " +
        `W_ih = ${weightIh} ` +
        `and W_hh = ${weightHh}. State h_0 = 0 enters the first; inputs ${xs.join(", ")} ` +
        `enter from below; the states ${hs.map(fmt5).join(", ")} leave upwards and pass right.`;
    },
    draw(lib) {
      const { xs, hs, weightIh, weightHh } = rnnExample(lib);
      const cx = (t: number) => 110 + t * 118;
      const cellW = 60;
      let body = richStart(4, 128, "h_{0} = 0");
      xs.forEach((x, t) => {
        const c = cx(t);
        const left = t === 0 ? 6 : cx(t - 1) + cellW / 2 + 2;
        body += arrow(left, 110, c - cellW / 2 - 2, 110);
        body += rich((left + c - cellW / 2) / 2, 96, "W_{hh}", 'font-style="italic"');
        body += box(c - cellW / 2, 90, cellW, 40, 'stroke-width="2"');
        body += rich(c, 110, "tanh");
        body += arrow(c, 184, c, 132);
        body += richStart(c + 7, 158, "W_{ih}", 'font-style="italic"');
        body += rich(c, 200, `x_{${t + 1}} = ${x}`);
        body += arrow(c, 88, c, 48);
        body += rich(c, 32, `h_{${t + 1}} = ${fmt4(hs[t])}`, 'font-weight="700"');
      });
      body += rich(
        200,
        236,
        `the same W_{ih} = ${weightIh} and W_{hh} = ${weightHh} in every copy`,
      );
      return diagramSvg(400, 252, this.label(lib), body);
    },
  },
  {
    chapter: "attention",
    id: "attention-lookup",
    title: "Attention as a soft dictionary lookup",
    caption: "The worked example, computed by `scaledDotProductAttention`: the query is " +
      // No \sqrt here: KaTeX draws its sign as an SVG, which `figure.plot svg` shrinks away.
      "compared with each key (the score is the dot product $q \\cdot k_i$, by " +
      "`weightedSum`, divided by the square root of the length $d$), the softmax turns " +
      "the scores into weights that add up to 1, and the output is the values averaged " +
      "with those weights. The bars and the arrows' thickness show the weights: the " +
      "matching key's value flows through almost whole.",
    label(lib) {
      const e = attentionExample(lib);
      return `Query ${vector(e.query)} compared with keys ${
        e.keys.map(vector).join(" and ")
      }: scores ${e.scores.join(" and ")}, softmax weights ${
        e.weights.map(fmt5).join(" and ")
      }, values ${e.values.join(" and ")}, output ${e.output.toFixed(4)}.`;
    },
    draw(lib) {
      const e = attentionExample(lib);
      const cx = (i: number) => 100 + i * 200;
      let body = box(90, 6, 220, 34, 'stroke-width="2"');
      body += rich(200, 23, `query q = ${vector(e.query)}`, 'font-weight="600"');
      e.keys.forEach((k, i) => {
        const c = cx(i);
        const n = i + 1;
        body += `<line x1="200" y1="40" x2="${c}" y2="70" stroke="currentColor" ` +
          `stroke-dasharray="4 3"/>`;
        body += box(c - 92, 70, 184, 32);
        body += rich(c, 86, `key k_{${n}} = ${vector(k)}`);
        body += rich(c, 122, `score q·k_{${n}}/√${e.d} = ${fmt5(e.scores[i])}`);
        const w = e.weights[i];
        body += rich(c, 188, `weight ${w.toFixed(5)}`, 'font-weight="700"');
        body += `<rect x="${c - 75}" y="201" width="150" height="8" fill="none" ` +
          `stroke="currentColor" stroke-opacity="0.45"/>`;
        body += `<rect x="${c - 75}" y="201" width="${150 * w}" height="8" ` +
          `fill="currentColor"/>`;
        body += box(c - 66, 220, 132, 32);
        body += rich(c, 236, `value v_{${n}} = ${e.values[i]}`);
        // The thick part stops short of the arrow's head, which stays sharp.
        body +=
          `<line x1="${c}" y1="254" x2="${c + 0.8 * (200 - c)}" y2="286" stroke="currentColor" ` +
          `stroke-width="${1 + 6 * w}" stroke-opacity="0.6"/>`;
        body += arrow(c, 254, 200, 294);
      });
      body += `<rect x="14" y="140" width="372" height="26" rx="13" fill="none" ` +
        `stroke="currentColor" stroke-dasharray="6 4"/>`;
      body += rich(200, 153, "softmax: the weights add up to 1", 'font-style="italic"');
      body += box(30, 296, 340, 54, 'stroke-width="2"');
      body += rich(
        200,
        314,
        `output = ${e.weights[0].toFixed(5)} · ${e.values[0]} + ${e.weights[1].toFixed(5)} · ` +
          `${e.values[1]}`,
      );
      body += rich(200, 335, `= ${e.output.toFixed(4)}`, 'font-weight="700"');
      return diagramSvg(400, 358, this.label(lib), body);
    },
  },
  {
    chapter: "recurrent",
    id: "lstm-cell",
    title: "Inside an LSTM cell",
    caption: "One step of an LSTM with one unit: the cell state runs along the top and is " +
      "changed only by a product with the forget gate $f$ and a sum with $i \\odot g$; the " +
      "hidden state is $o \\odot \\tanh(c_1)$. The numbers are the lesson's tiny example " +
      "(all weights zero, a bias of 1 on the candidate $g$, $c_0 = h_0 = 0$, input 0): " +
      "the gates from `sigmoid` and `tanh`, the states from `lstm`.",
    label(lib) {
      const e = lstmExample(lib);
      return `LSTM cell. Gates f = ${fmt5(e.f)}, i = ${fmt5(e.i)}, candidate g = ${
        fmt5(e.g)
      }, o = ${fmt5(e.o)}. Cell state c_0 = 0 times f plus i times g gives c_1 = ${
        fmt5(e.c)
      }; h_1 = o times tanh(c_1) = ${fmt5(e.h)}.`;
    },
    draw(lib) {
      const e = lstmExample(lib);
      const node = (x: number, y: number, sign: string) =>
        `<circle cx="${x}" cy="${y}" r="11" fill="var(--bg, white)" stroke="currentColor" ` +
        `stroke-width="1.5"/>` + rich(x, y, sign, 'font-weight="700"');
      const gates = [
        { cx: 60, name: "f = σ", value: e.f },
        { cx: 135, name: "i = σ", value: e.i },
        { cx: 215, name: "g = tanh", value: e.g, width: 80 },
        { cx: 300, name: "o = σ", value: e.o },
      ];
      // The cell state's path, with the sum's and the product's inputs joining it.
      let body = arrow(8, 40, 392, 40);
      body += richStart(4, 17, "c_{0} = 0");
      body += rich(344, 17, `c_{1} = ${fmt4(e.c)}`, 'font-weight="700"');
      body += node(60, 40, "×");
      body += node(175, 40, "+");
      body += arrow(175, 89, 175, 53);
      body += node(175, 100, "×");
      // The output: tanh of the cell state, times o.
      body += `<line x1="300" y1="40" x2="300" y2="58" stroke="currentColor" stroke-width="1.5"/>`;
      body += box(276, 58, 48, 24);
      body += rich(300, 70, "tanh");
      body += arrow(300, 82, 300, 87);
      body += node(300, 100, "×");
      body += arrow(311, 100, 336, 100);
      body += rich(368, 88, "h_{1} =", 'font-weight="700"');
      body += rich(368, 114, fmt4(e.h), 'font-weight="700"');
      // The gates, all fed by h0 and x1 from the bus below.
      body += `<line x1="40" y1="206" x2="300" y2="206" stroke="currentColor" ` +
        `stroke-width="1.5"/>`;
      body += richStart(8, 228, "h_{0} = 0 and x_{1} = 0 feed every gate");
      for (const g of gates) {
        const w = g.width ?? 70;
        body += arrow(g.cx, 206, g.cx, 186);
        body += box(g.cx - w / 2, 140, w, 44);
        body += rich(g.cx, 153, g.name);
        body += rich(g.cx, 172, fmt4(g.value), 'font-weight="600"');
      }
      body += arrow(60, 138, 60, 53);
      body += arrow(135, 138, 167, 109);
      body += arrow(215, 138, 183, 109);
      body += arrow(300, 138, 300, 113);
      return diagramSvg(400, 242, this.label(lib), body);
    },
  },
];

/**
 * The descent lesson's two samples, stepped by hand with `batchGradient` (batch: both
 * samples; stochastic: one at a time, in order) for two epochs. Each path must end where
 * `gradientDescent` ends, or the build stops: the figure draws the library's runs.
 */
function zigzagRuns(lib: Lib) {
  const alpha = 0.5;
  const epochs = 2;
  const problem = lib.logisticRegression({ X: [[2], [4]], y: [1, 0] }, { w0: [0], b0: 0 });
  const runs = [[[0, 1]], [[0], [1]]].map((batches) => {
    let theta = [0, 0];
    const path = [theta];
    for (let e = 0; e < epochs; e++) {
      for (const indices of batches) {
        const g = lib.batchGradient(problem, { parameters: theta, indices }).gradient;
        theta = [theta[0] - alpha * g[0], theta[1] - alpha * g[1]];
        path.push(theta);
      }
    }
    const run = lib.gradientDescent(problem, {
      learningRate: alpha,
      batchSize: batches[0].length,
      epochs,
    });
    const gap = Math.max(...theta.map((v, i) => Math.abs(v - run.parameters[i])));
    if (!(gap < 1e-12)) {
      throw new Error(`descent-zigzag: the drawn path ends ${gap} away from gradientDescent's`);
    }
    return { path, losses: run.epochLosses as number[] };
  });
  return { runs, problem, alpha };
}

/**
 * The recurrent lesson's LSTM step: weights zero, biases (0, 0, 1, 0) on the gates in
 * PyTorch's order (i, f, g, o), so each gate is its activation of its bias. The cell state
 * worked from the gates must be the one `lstm` returns, or the build stops.
 */
function lstmExample(lib: Lib) {
  const [bi, bf, bg, bo] = [0, 0, 1, 0];
  const zeros = [[0], [0], [0], [0]];
  const run = lib.lstm([[0]], { weightIh: zeros, weightHh: zeros, biasIh: [bi, bf, bg, bo] });
  const gates = { i: lib.sigmoid(bi), f: lib.sigmoid(bf), g: lib.tanh(bg), o: lib.sigmoid(bo) };
  const c = run.cN[0] as number;
  const h = run.output[0][0] as number;
  const worked = gates.f * 0 + gates.i * gates.g;
  if (!(Math.abs(worked - c) < 1e-12) || !(Math.abs(gates.o * lib.tanh(c) - h) < 1e-12)) {
    throw new Error(`lstm-cell: the gates give c = ${worked}, lstm gives ${c}`);
  }
  return { ...gates, c, h };
}

/**
 * The regularization figure's runs: a small logistic regression that can memorise its
 * training set, trained by full-batch `sgdStep` without and with weight decay, its mean loss
 * measured on the training set and on held-out samples after every epoch.
 */
function overfittingRuns(lib: Lib) {
  const features = 12;
  const random = lib.mulberry32(7);
  const sample = (n: number) => {
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = Array.from({ length: features }, () => 2 * random() - 1);
      const label = x[0] + x[1] > 0 ? 1 : 0;
      X.push(x);
      y.push(random() < 0.15 ? 1 - label : label);
    }
    return { X, y };
  };
  const start = { w0: Array(features).fill(0), b0: 0 };
  const train = lib.logisticRegression(sample(16), start);
  const heldOut = lib.logisticRegression(sample(500), start);
  const run = (weightDecay: number) => {
    let theta: number[] = Array(features + 1).fill(0);
    const trainLoss: number[] = [];
    const heldOutLoss: number[] = [];
    for (let epoch = 1; epoch <= 300; epoch++) {
      const g = [...lib.batchGradient(train, { parameters: theta }).gradient];
      theta = [...lib.sgdStep(theta, g, { learningRate: 1, weightDecay }).parameters];
      trainLoss.push(lib.fullLoss(train, theta));
      heldOutLoss.push(lib.fullLoss(heldOut, theta));
    }
    return [{ losses: heldOutLoss }, { losses: trainLoss }];
  };
  const curves = [...run(0), ...run(0.03)];
  const lowest = Math.min(...curves[0].losses);
  const dip = { epoch: curves[0].losses.indexOf(lowest) + 1, loss: lowest };
  return { curves, dip };
}

function pair(p: readonly number[]): string {
  return p.map((v) => fmt4(v).replace("-", "−")).join(", ");
}

function fmt4(x: number): string {
  return String(Number(x.toFixed(4)));
}

function fmt5(x: number): string {
  return String(Number(x.toFixed(5)));
}
