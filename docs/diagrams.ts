/**
 * The book's diagrams: SVG drawn at build time from numbers the library computes (the
 * sliding window of question 2, the shape pipeline of question 3, the computation graph of
 * question 5, ...). Every diagram reads without colour: windows are dashed outlines, chosen
 * cells are bold and marked, and every part is labelled in place. Each SVG has `role="img"`
 * and a label that says what it shows.
 *
 * @module
 */

import type { PlotView } from "./book.ts";
import { escapeHtml, markdownInline } from "./markdown.ts";
import { LESSON_DIAGRAMS } from "./figures_lessons.ts";

// deno-lint-ignore no-explicit-any
type Lib = Record<string, any>;

/** A diagram: the chapter it belongs to, its caption, and how to draw it from the library. */
interface DiagramSpec {
  chapter: string;
  id: string;
  title: string;
  caption: string;
  /** The SVG's accessible label: what a reader who cannot see it should know. */
  label(lib: Lib): string;
  draw(lib: Lib): string;
  /**
   * The same diagram laid out for a phone (about 360 px of column), when the wide one
   * would shrink its text below 11 px there; without it the wide one is scaled to fit.
   */
  drawNarrow?(lib: Lib): string;
}

const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const K = [[0, 0], [1, 1]];

/** Wraps drawn SVG content in an accessible, scalable `<svg>`. */
function svg(width: number, height: number, label: string, body: string): string {
  return `<svg class="diagram" viewBox="0 0 ${width} ${height}" width="${width}" ` +
    `role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg" ` +
    `font-family="inherit" font-size="13">${body}</svg>`;
}

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="central" ` +
    `fill="currentColor" ${attrs}>${escapeHtml(content)}</text>`;
}

/** A matrix drawn as a grid of numbered cells; `marked` cells are bold with a thick border. */
function grid(
  matrix: readonly (readonly number[])[],
  x0: number,
  y0: number,
  size: number,
  options: { marked?: (i: number, j: number) => boolean } = {},
): string {
  let out = "";
  matrix.forEach((row, i) =>
    row.forEach((v, j) => {
      const marked = options.marked?.(i, j) ?? false;
      out += `<rect x="${x0 + j * size}" y="${y0 + i * size}" width="${size}" height="${size}" ` +
        `fill="none" stroke="currentColor" stroke-opacity="${marked ? 1 : 0.45}" ` +
        `stroke-width="${marked ? 2.5 : 1}"/>`;
      out += text(
        x0 + j * size + size / 2,
        y0 + i * size + size / 2,
        String(Number(v.toPrecision(6))),
        marked ? 'font-weight="700"' : "",
      );
    })
  );
  return out;
}

/** A dashed window over a grid's cells `(i, j)` to `(i + h - 1, j + w - 1)`. */
function windowBox(
  x0: number,
  y0: number,
  size: number,
  i: number,
  j: number,
  h: number,
  w: number,
) {
  return `<rect x="${x0 + j * size - 3}" y="${y0 + i * size - 3}" width="${w * size + 6}" ` +
    `height="${h * size + 6}" fill="none" stroke="currentColor" stroke-width="2.5" ` +
    `stroke-dasharray="6 4"/>`;
}

/** An arrow from (x1, y1) to (x2, y2) with an open head. */
function arrow(x1: number, y1: number, x2: number, y2: number): string {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const head = (a: number) => `${x2 - 9 * Math.cos(angle + a)},${y2 - 9 * Math.sin(angle + a)}`;
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="currentColor" ` +
    `stroke-width="1.5"/><polyline points="${head(0.45)} ${x2},${y2} ${head(-0.45)}" ` +
    `fill="none" stroke="currentColor" stroke-width="1.5"/>`;
}

/** The positions of question 2 the sliding-window figure shows. */
const WINDOWS: readonly [number, number][] = [[0, 0], [0, 1], [1, 2]];

export const DIAGRAMS: readonly DiagramSpec[] = [
  {
    chapter: "convolution",
    id: "sliding-window",
    title: "The kernel slides over the input",
    caption: "Question 2: the $2 \\times 2$ kernel $K$ at three of its nine positions over " +
      "$M$ (dashed window), each giving one output cell (bold on the right), computed by " +
      "`conv2dCell` and `conv2d`. Moving the window one column right moves one column " +
      "right in $O$: stride 1 over a $4 \\times 4$ input leaves $4 - 2 + 1 = 3$ positions " +
      "per axis.",
    label: (lib) =>
      `The 4 by 4 input with the kernel's window at rows and columns ${
        WINDOWS.map(([i, j]) => `(${i}, ${j}) giving ${lib.conv2dCell(M, K, i, j).output}`).join(
          ", ",
        )
      }, and the 3 by 3 output with those cells marked.`,
    draw(lib) {
      const size = 28;
      const out = lib.conv2d(M, K).toArray() as number[][];
      let body = "";
      WINDOWS.forEach(([i, j], n) => {
        const x0 = 14 + n * 150;
        const cell = lib.conv2dCell(M, K, i, j);
        body += grid(M, x0, 30, size, {
          marked: (a, b) => a >= i && a < i + 2 && b >= j && b < j + 2,
        });
        body += windowBox(x0, 30, size, i, j, 2, 2);
        body += text(x0 + 2 * size, 16, `window at (${i}, ${j})`);
        body += text(x0 + 2 * size, 30 + 4 * size + 18, `O${sub(i)}${sub(j)} = ${cell.output}`);
      });
      body += arrow(462, 86, 500, 86);
      body += grid(out, 510, 44, size, {
        marked: (a, b) => WINDOWS.some(([i, j]) => i === a && j === b),
      });
      body += text(510 + 1.5 * size, 16, "output O");
      body += text(510 + 1.5 * size, 30 + 4 * size + 18, `K = [[0, 0], [1, 1]]`);
      return svg(620, 190, this.label(lib), body);
    },
    drawNarrow(lib) {
      // Two rows of two: the three windows, then the output where the fourth would be.
      const size = 28;
      const out = lib.conv2d(M, K).toArray() as number[][];
      const slot = (n: number) => ({ x0: 14 + (n % 2) * 150, y0: 30 + Math.floor(n / 2) * 180 });
      let body = "";
      WINDOWS.forEach(([i, j], n) => {
        const { x0, y0 } = slot(n);
        const cell = lib.conv2dCell(M, K, i, j);
        body += grid(M, x0, y0, size, {
          marked: (a, b) => a >= i && a < i + 2 && b >= j && b < j + 2,
        });
        body += windowBox(x0, y0, size, i, j, 2, 2);
        body += text(x0 + 2 * size, y0 - 14, `window at (${i}, ${j})`);
        body += text(x0 + 2 * size, y0 + 4 * size + 18, `O${sub(i)}${sub(j)} = ${cell.output}`);
      });
      const { x0, y0 } = slot(3);
      body += grid(out, x0 + 14, y0 + 14, size, {
        marked: (a, b) => WINDOWS.some(([i, j]) => i === a && j === b),
      });
      body += text(x0 + 14 + 1.5 * size, y0 - 14, "output O");
      body += text(x0 + 14 + 1.5 * size, y0 + 4 * size + 18, "K = [[0, 0], [1, 1]]");
      return svg(300, 370, this.label(lib), body);
    },
  },
  {
    chapter: "shapes",
    id: "shape-pipeline",
    title: "Question 3's network, layer by layer",
    caption: "Each box is a tensor's shape (height × width × channels), each arrow a layer " +
      "with the parameters it adds, all from `summary` on the sheet's layers. The shapes " +
      "shrink where the stride is 2 and stay where the padding is 'same'.",
    label: (lib) =>
      "Shape pipeline: " +
      pipeline(lib).rows.map((r: { name: string; outputShape: string }) =>
        `${r.name} gives ${r.outputShape}`
      ).join(", "),
    draw(lib) {
      const table = pipeline(lib);
      const shapes = ["21×21×3", ...table.rows.map((r: { outputShape: string }) => r.outputShape)];
      const rows = table.rows as { name: string; params: number; paramsFormula: string }[];
      const boxW = 86;
      const gap = 44;
      let body = "";
      shapes.forEach((shape, n) => {
        const x = 6 + n * (boxW + gap);
        body += `<rect x="${x}" y="40" width="${boxW}" height="36" rx="6" fill="none" ` +
          `stroke="currentColor" stroke-width="${n === 0 ? 1 : 1.5}"/>`;
        body += text(x + boxW / 2, 58, shape, 'font-weight="600"');
        if (n > 0) {
          const row = rows[n - 1];
          body += arrow(x - gap + 2, 58, x - 2, 58);
          body += text(x - gap / 2, 26, layerLabel(row.name));
          body += text(x + boxW / 2, 96, `${row.params} params`, 'font-size="12"');
        }
      });
      const total = rows.reduce((s, r) => s + r.params, 0);
      body += text(6 + boxW / 2, 96, "input", 'font-size="12"');
      body += text(
        (shapes.length * (boxW + gap)) / 2,
        124,
        `${total} parameters in all`,
        'font-weight="600"',
      );
      return svg(shapes.length * (boxW + gap) - gap + 12, 136, this.label(lib), body);
    },
    drawNarrow(lib) {
      // Top to bottom: each shape in a box, the layer and its parameters beside the arrow.
      const table = pipeline(lib);
      const shapes = ["21×21×3", ...table.rows.map((r: { outputShape: string }) => r.outputShape)];
      const rows = table.rows as { name: string; params: number }[];
      const boxW = 110;
      const step = 70;
      let body = "";
      shapes.forEach((shape, n) => {
        const y = 8 + n * step;
        body += `<rect x="8" y="${y}" width="${boxW}" height="32" rx="6" fill="none" ` +
          `stroke="currentColor" stroke-width="${n === 0 ? 1 : 1.5}"/>`;
        body += text(8 + boxW / 2, y + 16, shape, 'font-weight="600"');
        if (n > 0) {
          const row = rows[n - 1];
          body += arrow(8 + boxW / 2, y - step + 34, 8 + boxW / 2, y - 2);
          body += text(
            8 + boxW / 2 + 16,
            y - step / 2 + 16,
            `${layerLabel(row.name)}: ${row.params} params`,
          ).replace('text-anchor="middle"', 'text-anchor="start"');
        }
      });
      const total = rows.reduce((s, r) => s + r.params, 0);
      const height = 8 + shapes.length * step;
      body += text(150, height - 14, `${total} parameters in all`, 'font-weight="600"');
      return svg(300, height, this.label(lib), body);
    },
  },
  {
    chapter: "network",
    id: "computation-graph",
    title: "Question 5's computation graph with each chain-rule factor",
    caption: "The forward pass top to bottom, the backward pass bottom to top. Beside each " +
      "arrow the factor that backpropagation multiplies in, evaluated by `scalarNetBackprop` " +
      "at $x = 1$, $y = 1$, $w^c = 0$, $b^c = 0$, $w^f = 2$, $b^f = -1$. Multiplying the " +
      "factors from $E$ back to a weight gives its gradient: " +
      "$\\partial E / \\partial w^c = \\partial E/\\partial o \\cdot \\sigma'(n^f) \\cdot w^f " +
      "\\cdot \\sigma'(n^c) \\cdot x$. The $\\sigma'$ are taken at the whole weighted inputs " +
      "$n^f$ and $n^c$, biases included; the seed sheet leaves the biases out in 5(a)–(d).",
    label: (lib) => {
      const r = graphRun(lib);
      return `Computation graph x to n^c to c to n^f to o to E. Backward factors: dE/do = ${
        fmt(r.dE_do)
      }, do/dn^f = ${fmt(r.do_dnf)}, dn^f/dc = ${fmt(r.dnf_dc)}, dc/dn^c = ${
        fmt(r.dc_dnc)
      }, dn^c/dw^c = ${fmt(r.dnc_dwc)}; dE/dw^c = ${fmt(r.gradients.wc)}.`;
    },
    draw(lib) {
      const r = graphRun(lib);
      const nodes = [
        ["x", `${fmt(r.x ?? 1)}`],
        ["nᶜ = x wᶜ + bᶜ", fmt(r.nc)],
        ["c = σ(nᶜ)", fmt(r.c)],
        ["nᶠ = c wᶠ + bᶠ", fmt(r.nf)],
        ["o = σ(nᶠ)", fmt(r.o)],
        ["E = (y − o)²", fmt(r.loss)],
      ];
      const factors = [
        ["∂nᶜ/∂wᶜ = x", fmt(r.dnc_dwc)],
        ["∂c/∂nᶜ = σ′(nᶜ)", fmt(r.dc_dnc)],
        ["∂nᶠ/∂c = wᶠ", fmt(r.dnf_dc)],
        ["∂o/∂nᶠ = σ′(nᶠ)", fmt(r.do_dnf)],
        ["∂E/∂o = −2(y − o)", fmt(r.dE_do)],
      ];
      // Top to bottom, so it reads at phone width: each node, and beside the arrow into it
      // the chain-rule factor that the backward pass multiplies in there.
      const w = 150;
      const h = 44;
      const step = 74;
      let body = "";
      nodes.forEach(([name, value], n) => {
        const y = 8 + n * step;
        body += `<rect x="8" y="${y}" width="${w}" height="${h}" rx="8" fill="none" ` +
          `stroke="currentColor" stroke-width="1.5"/>`;
        body += text(8 + w / 2, y + 15, name);
        body += text(8 + w / 2, y + 32, `= ${value}`, 'font-weight="600"');
        if (n > 0) body += arrow(8 + w / 2, y - step + h + 2, 8 + w / 2, y - 2);
        if (n > 0) {
          const [factor, factorValue] = factors[n - 1];
          const yMid = y - (step - h) / 2;
          body += `<line x1="${8 + w / 2 + 8}" y1="${yMid}" x2="${w + 30}" y2="${yMid}" ` +
            `stroke="currentColor" stroke-dasharray="3 3"/>`;
          body += text(w + 36, yMid, `${factor} = ${factorValue}`, 'text-anchor="start"')
            .replace('text-anchor="middle" ', "");
        }
      });
      const yEnd = 8 + nodes.length * step + 4;
      body += text(8, yEnd, "backward: multiply the factors from E up to wᶜ", 'text-anchor="start"')
        .replace('text-anchor="middle" ', "");
      body += text(
        8,
        yEnd + 20,
        `∂E/∂wᶜ = ${[...factors].reverse().map(([, v]) => v).join(" · ")} = ${fmt(r.gradients.wc)}`,
        'text-anchor="start" font-weight="600"',
      ).replace('text-anchor="middle" ', "");
      return svg(400, yEnd + 32, this.label(lib), body);
    },
  },
  {
    chapter: "pooling",
    id: "max-pool-blocks",
    title: "Max pooling keeps the largest number of each block",
    caption: "The sheet's $4 \\times 4$ input $M$ cut into $2 \\times 2$ blocks (dashed), the " +
      "maximum of each in bold, and the pooled output computed by `maxPool2d`.",
    label: (lib) =>
      `The 4 by 4 input in four dashed 2 by 2 blocks; max pooling gives ${
        JSON.stringify(lib.maxPool2d(M, { kernel: 2 }).toArray())
      }.`,
    draw(lib) {
      const size = 30;
      const out = lib.maxPool2d(M, { kernel: 2 }).toArray() as number[][];
      let body = grid(M, 10, 20, size, {
        marked: (i, j) => M[i][j] === out[Math.floor(i / 2)][Math.floor(j / 2)] && M[i][j] > 0,
      });
      for (const i of [0, 2]) for (const j of [0, 2]) body += windowBox(10, 20, size, i, j, 2, 2);
      body += arrow(150, 80, 200, 80);
      body += text(175, 64, "max");
      body += grid(out, 214, 50, size, { marked: () => true });
      return svg(290, 150, this.label(lib), body);
    },
  },
  {
    chapter: "dense",
    id: "dense-layer",
    title: "A dense layer connects every input to every output",
    caption: "The exercise's layer: inputs $x = (3, 1)$, weights " +
      "$W = \\begin{bmatrix} 1 & 2 \\\\ 0 & -1 \\end{bmatrix}$ on the edges (one row per " +
      "output), biases $b = (0.5, 0)$; `dense` gives the outputs on the right. A zero " +
      "weight is drawn dashed: that connection carries nothing.",
    label: (lib) =>
      `Two inputs 3 and 1, two outputs ${
        [...lib.dense([3, 1], [[1, 2], [0, -1]], [0.5, 0]).data].join(" and ")
      }; weights 1, 2, 0, -1.`,
    draw(lib) {
      const x = [3, 1];
      const W = [[1, 2], [0, -1]];
      const b = [0.5, 0];
      const y = [...lib.dense(x, W, b).data] as number[];
      const inY = (j: number) => 40 + j * 80;
      let body = "";
      W.forEach((row, i) =>
        row.forEach((w, j) => {
          body += `<line x1="70" y1="${inY(j)}" x2="290" y2="${inY(i)}" stroke="currentColor" ` +
            `stroke-width="1.5" ${w === 0 ? 'stroke-dasharray="4 4"' : ""}/>`;
          const t = j === i ? 0.3 : 0.22;
          body += `<rect x="${70 + t * 220 - 16}" y="${inY(j) + t * (inY(i) - inY(j)) - 10}" ` +
            `width="32" height="20" rx="4" fill="var(--bg, white)" stroke="none"/>`;
          body += text(70 + t * 220, inY(j) + t * (inY(i) - inY(j)), `w = ${w}`, 'font-size="12"');
        })
      );
      x.forEach((v, j) => {
        body += `<circle cx="50" cy="${
          inY(j)
        }" r="20" fill="var(--bg, white)" stroke="currentColor"/>`;
        body += text(50, inY(j), `x${sub(j + 1)}=${v}`, 'font-size="11"');
      });
      y.forEach((v, i) => {
        body += `<circle cx="310" cy="${
          inY(i)
        }" r="20" fill="var(--bg, white)" stroke="currentColor" stroke-width="2"/>`;
        body += text(310, inY(i), String(v), 'font-weight="700"');
        body += text(380, inY(i), `+ b${sub(i + 1)} = ${b[i]}`, 'font-size="12"');
      });
      return svg(430, 160, this.label(lib), body);
    },
    drawNarrow(lib) {
      // The same drawing with larger type (it is shown at about 0.83 of its size on a
      // phone), and wider backgrounds behind the weights.
      return this.draw(lib)
        .replace('font-size="13"', 'font-size="15"')
        .replaceAll('font-size="12"', 'font-size="15"')
        .replaceAll('font-size="11"', 'font-size="14"')
        .replace(
          /<rect x="([\d.]+)" (y="[^"]+") width="32" height="20"/g,
          (_m, x, y) => `<rect x="${Number(x) - 6}" ${y} width="44" height="22"`,
        );
    },
  },
  {
    chapter: "tensor",
    id: "row-major",
    title: "A tensor is a flat buffer and a shape",
    caption: "`tensor([[1, 2, 3], [4, 5, 6]])` stores its six numbers in one row-major " +
      "`Float64Array`; the element at row $i$, column $j$ sits at offset $3i + j$, read by " +
      "`get(i, j)`.",
    label: (lib) => {
      const t = lib.tensor([[1, 2, 3], [4, 5, 6]]);
      return `Shape ${t.shape.join(" by ")}, flat data ${[...t.data].join(", ")}.`;
    },
    draw(lib) {
      const t = lib.tensor([[1, 2, 3], [4, 5, 6]]);
      const size = 30;
      let body = grid(t.toArray(), 10, 30, size, { marked: (i, j) => i === 1 && j === 2 });
      body += text(55, 14, `shape [${t.shape.join(", ")}]`);
      body += arrow(110, 60, 150, 60);
      body += grid([[...t.data]], 160, 45, size, { marked: (_i, j) => j === 5 });
      [...t.data].forEach((_v: number, k: number) =>
        body += text(160 + k * size + size / 2, 92, String(k), 'font-size="13"')
      );
      body += text(250, 14, "data (offsets below)");
      body += text(250, 118, `get(1, 2) = data[3·1 + 2] = ${t.get(1, 2)}`);
      return svg(360, 130, this.label(lib), body);
    },
  },
];

/** Subscript digits for labels drawn as SVG text. */
function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function graphRun(lib: Lib) {
  return {
    x: 1,
    ...lib.scalarNetBackprop({ x: 1, y: 1 }, { wc: 0, bc: 0, wf: 2, bf: -1 }),
  };
}

function pipeline(lib: Lib) {
  return lib.summary([
    { type: "conv2d", filters: 6, kernel: 5, stride: 2, padding: "valid" },
    { type: "maxPool2d", pool: 3, stride: 2 },
    { type: "conv2d", filters: 10, kernel: 3, stride: 1, padding: "same" },
    { type: "flatten" },
    { type: "dense", units: 10 },
  ], { height: 21, width: 21, channels: 3 });
}

/** A short name for a summary row's layer, e.g. `conv2d_1` becomes `conv 1`. */
function layerLabel(name: string): string {
  return name.replace(/_/g, " ").replace(/2d/g, "");
}

/** Draws every diagram whose functions exist. */
export function makeDiagrams(lib: Lib): PlotView[] {
  return [...DIAGRAMS, ...LESSON_DIAGRAMS].map((spec) => ({
    chapter: spec.chapter,
    id: spec.id,
    title: spec.title,
    captionHtml: markdownInline(spec.caption),
    svg: spec.draw(lib),
    narrowSvg: spec.drawNarrow?.(lib) ?? null,
    missing: "",
  }));
}

/** The drawing helpers, for the lessons' diagrams (figures_lessons.ts). */
export { arrow, svg };
export type { DiagramSpec };
