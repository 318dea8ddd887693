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
  const value = (name: string) => Number((form.elements.namedItem(name) as HTMLInputElement).value);
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
      out("status").textContent = (error as Error).message;
    }
  };
  form.addEventListener("input", update);
  update();
}

/** Question 2's convolution, one output cell at a time. */
function convolutionFigure(figure: HTMLElement): void {
  const input: number[][] = JSON.parse(figure.dataset.input!);
  const kernel: number[][] = JSON.parse(figure.dataset.kernel!);
  const table = (name: string) => figure.querySelector<HTMLTableElement>(`[data-grid="${name}"]`)!;
  const sum = figure.querySelector<HTMLElement>('[data-out="sum"]')!;
  let picked: [number, number] = [0, 0];

  const editable = (name: string, matrix: number[][]) => {
    const t = table(name);
    t.replaceChildren(...matrix.map((row, i) => {
      const tr = document.createElement("tr");
      tr.append(...row.map((v, j) => {
        const td = document.createElement("td");
        const field = document.createElement("input");
        field.type = "number";
        field.step = "any";
        field.value = String(v);
        field.setAttribute("aria-label", `${name} row ${i} column ${j}`);
        field.addEventListener("input", () => {
          matrix[i][j] = Number(field.value);
          render();
        });
        td.append(field);
        return td;
      }));
      return tr;
    }));
  };

  const render = () => {
    let output: number[][];
    try {
      output = conv2d(input, kernel).toArray() as number[][];
    } catch (error) {
      sum.textContent = (error as Error).message;
      table("output").replaceChildren();
      return;
    }
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
    // Highlight the patch of the input that the picked cell reads.
    const kh = kernel.length;
    const kw = kernel[0].length;
    table("input").querySelectorAll("tr").forEach((tr, i) =>
      tr.querySelectorAll("td").forEach((td, j) =>
        td.classList.toggle("in-patch", i >= pi && i < pi + kh && j >= pj && j < pj + kw)
      )
    );
    // The library takes the cell apart: the patch under the kernel and the products summed.
    const cell = conv2dCell(input, kernel, pi, pj);
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

  editable("input", input);
  editable("kernel", kernel);
  render();
}

const figures: Record<string, (figure: HTMLElement) => void> = {
  neuron: neuronFigure,
  convolution: convolutionFigure,
};

for (const figure of document.querySelectorAll<HTMLElement>("[data-live]")) {
  figures[figure.dataset.live!]?.(figure);
}
