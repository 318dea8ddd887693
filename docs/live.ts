/// <reference lib="dom" />
/// <reference lib="deno.ns" />
/**
 * The live figures: nnspec itself, bundled for the browser by `deno bundle --platform
 * browser`, wired to the figure markup in docs/site/_includes/figures/. Every number the
 * figures show is computed here by the library; this file only reads inputs and writes text.
 *
 * @module
 */

import {
  type ActivationName,
  binaryCrossEntropy,
  conv2d,
  conv2dCell,
  neuron,
  weightedSum,
} from "../mod.ts";

/** Five decimals, as the document writes its answers. */
function fixed(x: number): string {
  return Number.isFinite(x) ? x.toFixed(5) : String(x);
}

/** The neuron of question 1: inputs, weights and bias to output and loss. */
function neuronFigure(figure: HTMLElement): void {
  const form = figure.querySelector("form")!;
  const out = (name: string) => figure.querySelector<HTMLElement>(`[data-out="${name}"]`)!;
  const value = (name: string) => {
    const text = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    // An empty box is an error, not a zero: Number("") would silently be 0.
    if (text === "") throw new RangeError(`${name} is empty: type a number`);
    return Number(text);
  };
  const clear = () => {
    for (const name of ["sum", "output", "loss"]) out(name).textContent = "—";
  };
  const update = () => {
    out("status").textContent = "";
    try {
      const x = [value("x1"), value("x2")];
      const w = [value("w1"), value("w2")];
      const b = value("b");
      const activation = (form.elements.namedItem("activation") as HTMLSelectElement)
        .value as ActivationName;
      const baseChoice = (form.elements.namedItem("base") as HTMLSelectElement).value;
      const n = weightedSum(x, w, b);
      const yHat = neuron(x, w, b, { activation });
      out("sum").textContent = fixed(n);
      out("output").textContent = fixed(yHat);
      const base = baseChoice === "e" ? Math.E : Number(baseChoice);
      try {
        out("loss").textContent = fixed(binaryCrossEntropy(yHat, value("y"), { base }));
      } catch (error) {
        out("loss").textContent = "—";
        out("status").textContent = `Loss: ${(error as Error).message}`;
      }
    } catch (error) {
      // No number from the previous inputs may stay on screen beside the error.
      clear();
      out("status").textContent = (error as Error).message;
    }
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}

/** Question 2's convolution, one output cell at a time. */
function convolutionFigure(figure: HTMLElement): void {
  const input: number[][] = JSON.parse(figure.dataset.input!);
  const kernel: number[][] = JSON.parse(figure.dataset.kernel!);
  const table = (name: string) => figure.querySelector<HTMLTableElement>(`[data-grid="${name}"]`)!;
  const sum = figure.querySelector<HTMLElement>('[data-out="sum"]')!;
  const control = (name: string) => figure.querySelector<HTMLInputElement>(`[name="${name}"]`);
  let picked: [number, number] = [0, 0];
  let cells: [number, number] = [0, 0];
  /** Options from the stride and padding controls; an empty or bad box is an error. */
  const options = () => {
    const read = (name: string, fallback: number) => {
      const field = control(name);
      if (!field) return fallback;
      if (field.value.trim() === "") throw new RangeError(`${name} is empty: type a number`);
      return Number(field.value);
    };
    return { stride: read("stride", 1), padding: read("padding", 0) };
  };
  const bad = new Set<string>();

  /** The input's editable cells, kept so the padding ring can be drawn around them. */
  let inputCells: HTMLTableCellElement[][] = [];
  let drawnPadding = 0;
  /**
   * Draws the input with its padding: a ring of `padding` zeros (not editable) around the
   * editable cells, so the window is seen reading them. Cells keep their coordinates in
   * `data-row`/`data-col`, negative in the ring.
   */
  const drawInput = (padding: number) => {
    drawnPadding = padding;
    const rows = input.length;
    const cols = input[0].length;
    const tr = (i: number) => {
      const row = document.createElement("tr");
      for (let j = -padding; j < cols + padding; j++) {
        let td: HTMLTableCellElement;
        if (i >= 0 && i < rows && j >= 0 && j < cols) td = inputCells[i][j];
        else {
          td = document.createElement("td");
          td.className = "pad";
          td.textContent = "0";
          td.title = "padding";
        }
        td.dataset.row = String(i);
        td.dataset.col = String(j);
        row.append(td);
      }
      return row;
    };
    const all = [];
    for (let i = -padding; i < rows + padding; i++) all.push(tr(i));
    table("input").replaceChildren(...all);
  };

  const editable = (name: string, matrix: number[][]) => {
    const t = table(name);
    const cellsOf: HTMLTableCellElement[][] = [];
    t.replaceChildren(...matrix.map((row, i) => {
      const tr = document.createElement("tr");
      cellsOf.push([]);
      tr.append(...row.map((v, j) => {
        const td = document.createElement("td");
        const field = document.createElement("input");
        field.type = "number";
        field.step = "any";
        field.value = String(v);
        field.setAttribute("aria-label", `${name} row ${i} column ${j}`);
        field.addEventListener("input", () => {
          const key = `${name},${i},${j}`;
          if (field.value.trim() === "" || !Number.isFinite(Number(field.value))) bad.add(key);
          else {
            bad.delete(key);
            matrix[i][j] = Number(field.value);
          }
          render();
        });
        td.append(field);
        cellsOf[i].push(td);
        return td;
      }));
      return tr;
    }));
    if (name === "input") inputCells = cellsOf;
  };

  const render = () => {
    let output: number[][];
    let opts: { stride: number; padding: number };
    try {
      if (bad.size) {
        const [name, i, j] = [...bad][0].split(",");
        throw new RangeError(`${name} row ${i} column ${j} is empty or not a number`);
      }
      opts = options();
      output = conv2d(input, kernel, opts).toArray() as number[][];
    } catch (error) {
      // Clear the previous output and patch: they belong to inputs that are gone.
      sum.textContent = (error as Error).message;
      table("output").replaceChildren();
      table("input").querySelectorAll("td").forEach((td) => td.classList.remove("in-patch"));
      return;
    }
    cells = [output.length, output[0].length];
    const [pi, pj] = picked[0] < output.length && picked[1] < output[0].length ? picked : [0, 0];
    picked = [pi, pj];
    table("output").replaceChildren(...output.map((row, i) => {
      const tr = document.createElement("tr");
      tr.append(...row.map((v, j) => {
        const td = document.createElement("td");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = String(v);
        button.dataset.cell = `${i},${j}`;
        button.setAttribute("aria-label", `output row ${i} column ${j}: ${v}`);
        button.setAttribute("aria-pressed", String(i === pi && j === pj));
        button.addEventListener("click", () => {
          picked = [i, j];
          render();
        });
        td.append(button);
        return td;
      }));
      return tr;
    }));
    // The padding ring, redrawn only when it changes (so a cell being edited keeps focus).
    if (opts.padding !== drawnPadding) drawInput(opts.padding);
    // Highlight the patch of the input, padding included, that the picked cell reads.
    const kh = kernel.length;
    const kw = kernel[0].length;
    const top = pi * opts.stride - opts.padding;
    const left = pj * opts.stride - opts.padding;
    table("input").querySelectorAll<HTMLElement>("td").forEach((td) => {
      const i = Number(td.dataset.row);
      const j = Number(td.dataset.col);
      td.classList.toggle("in-patch", i >= top && i < top + kh && j >= left && j < left + kw);
    });
    // The library takes the cell apart: the patch under the kernel and the products summed.
    const cell = conv2dCell(input, kernel, pi, pj, opts);
    const patch = cell.patch.toArray() as number[][];
    const weights = cell.weights.toArray() as number[][];
    const terms = patch.flatMap((row, a) => row.map((x, b) => `${x}·${weights[a][b]}`));
    sum.innerHTML = "";
    const label = document.createElement("strong");
    label.textContent = `O[${pi}][${pj}]`;
    const result = document.createElement("output");
    result.dataset.cell = `${pi},${pj}`;
    result.textContent = String(cell.output);
    sum.append(label, ` = ${terms.join(" + ")} = `, result);
  };

  /** Moves the picked cell by `delta` in reading order, wrapping at the ends. */
  const step = (delta: number) => {
    const [h, w] = cells;
    if (!h || !w) return;
    const k = (picked[0] * w + picked[1] + delta + h * w) % (h * w);
    picked = [Math.floor(k / w), k % w];
    render();
    figure.querySelector<HTMLButtonElement>(`button[data-cell="${picked}"]`)?.focus();
  };
  figure.querySelector('[data-step="next"]')?.addEventListener("click", () => step(1));
  figure.querySelector('[data-step="prev"]')?.addEventListener("click", () => step(-1));
  figure.addEventListener("keydown", (event) => {
    if ((event.target as HTMLElement).tagName === "INPUT") return;
    const delta = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cells[1], ArrowUp: -cells[1] }[
      event.key
    ];
    if (delta === undefined) return;
    event.preventDefault();
    step(delta);
  });
  for (const name of ["stride", "padding"]) control(name)?.addEventListener("input", render);

  editable("input", input);
  editable("kernel", kernel);
  drawInput(0);
  render();
}

const figures: Record<string, (figure: HTMLElement) => void> = {
  neuron: neuronFigure,
  convolution: convolutionFigure,
};

for (const figure of document.querySelectorAll<HTMLElement>("[data-live]")) {
  figures[figure.dataset.live!]?.(figure);
}
