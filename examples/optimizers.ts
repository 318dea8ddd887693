/**
 * The optimizers of lib/optimizers.ts inside the existing training loop: the same
 * logistic regression, the same mini-batches, trained with plain SGD, SGD with momentum and
 * Nesterov momentum, AdaGrad, RMSProp, Adam and AdamW through `gradientDescent`'s
 * `optimizer` option. Prints the full-data loss after each epoch, and checks that momentum
 * written the classic way (v ← βv − αg, θ ← θ + v) gives PyTorch's parameters.
 *
 * Run: deno run examples/optimizers.ts
 */
import { ok } from "node:assert/strict";
import {
  gradientDescent,
  logisticRegression,
  mulberry32,
  type OptimizerSpec,
  type SgdState,
  sgdStep,
  uniform,
} from "../mod.ts";

// Two overlapping classes, as in examples/descent_variants.ts, but badly scaled: the second
// feature is 10 times the first, the case where adaptive step sizes help.
const random = mulberry32(11);
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 64; i++) {
  const label = i % 2;
  const centre = label === 1 ? 0.5 : -0.5;
  X.push([
    centre + uniform(random, { low: -1, high: 1 }),
    10 * (centre + uniform(random, { low: -1, high: 1 })),
  ]);
  y.push(label);
}
const problem = logisticRegression({ X, y }, { w0: [0, 0], b0: 0 });

const optimizers: [string, OptimizerSpec | undefined, number][] = [
  ["plain SGD", undefined, 0.01],
  ["SGD, momentum 0.9", { kind: "sgd", momentum: 0.9 }, 0.01],
  ["SGD, Nesterov 0.9", { kind: "sgd", momentum: 0.9, nesterov: true }, 0.01],
  ["AdaGrad", { kind: "adagrad" }, 0.1],
  ["RMSProp", { kind: "rmsprop" }, 0.01],
  ["Adam", { kind: "adam" }, 0.05],
  ["AdamW, decay 0.01", { kind: "adamw", weightDecay: 0.01 }, 0.05],
];
console.log("optimizer            lr     loss after each of 5 epochs (batches of 8)");
for (const [name, optimizer, learningRate] of optimizers) {
  const run = gradientDescent(problem, { learningRate, batchSize: 8, epochs: 5, optimizer });
  console.log(
    `${name.padEnd(20)} ${String(learningRate).padEnd(6)} ${
      run.epochLosses.map((l) => l.toFixed(4)).join("  ")
    }`,
  );
  ok(run.epochLosses[4] < run.initialLoss, `${name} lowers the loss`);
}

// Momentum the classic way: v ← 0.9v − 0.01g, θ ← θ + v, on the same gradients as PyTorch's
// buffer form b ← 0.9b + g, θ ← θ − 0.01b: equal parameters at every step.
let theta = [1, -2];
let state: SgdState | undefined;
let classic = [1, -2], v = [0, 0];
const grads = [[0.5, -1], [0.25, 0.75], [-1, 0.125], [2, -0.5]];
for (const g of grads) {
  ({ parameters: theta, state } = sgdStep(theta, g, { learningRate: 0.01, momentum: 0.9, state }));
  v = v.map((vi, i) => 0.9 * vi - 0.01 * g[i]);
  classic = classic.map((c, i) => c + v[i]);
  theta.forEach((t, i) => ok(Math.abs(t - classic[i]) < 1e-15));
}
console.log(
  `\nmomentum after ${grads.length} steps, both forms: [${theta.map((t) => t.toFixed(6))}]`,
);
