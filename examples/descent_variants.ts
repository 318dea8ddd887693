/**
 * Question 4(b, c) of the worked solution sheet: batch, mini-batch and stochastic gradient
 * descent. Each epoch of each variant evaluates every sample's gradient once; what differs
 * is how many parameter updates those evaluations buy.
 *
 * Trains logistic regression on 64 seeded noisy samples for 5 epochs with each variant, in
 * data order and with a seeded shuffle, and prints updates, per-sample gradient evaluations
 * and the full-data loss after each epoch. Then takes one stochastic step on the document's
 * question-5 network and checks it is w <- w - alpha dE/dw for every weight.
 *
 * Run: deno run examples/descent_variants.ts
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  convSigmoidDenseBackprop,
  mulberry32,
  trainConvSigmoidDense,
  trainLogisticRegression,
  uniform,
} from "../mod.ts";

// Two overlapping classes on a line through two features: label 1 around (1, 1), label 0
// around (-1, -1), each coordinate perturbed uniformly in [-1.5, 1.5).
const random = mulberry32(4);
const N = 64;
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < N; i++) {
  const label = i % 2;
  const centre = label === 1 ? 1 : -1;
  X.push([0, 0].map(() => centre + uniform(random, { low: -1.5, high: 1.5 })));
  y.push(label);
}

const epochs = 5;
const learningRate = 0.5;
console.log(`logistic regression, N = ${N}, ${epochs} epochs, learning rate ${learningRate}`);
console.log("variant              batch  updates  gradient evals  loss after each epoch");
const runs = [];
for (
  const [name, batchSize, seed] of [
    ["batch GD", N, undefined],
    ["mini-batch (8)", 8, undefined],
    ["SGD, data order", 1, undefined],
    ["SGD, shuffled (7)", 1, 7],
  ] as const
) {
  const run = trainLogisticRegression({ X, y }, {
    w0: [0, 0],
    b0: 0,
    learningRate,
    batchSize,
    epochs,
    seed,
  });
  runs.push(run);
  console.log(
    `${name.padEnd(19)}  ${String(batchSize).padStart(5)}  ${String(run.updates).padStart(7)}  ${
      String(run.gradientEvaluations).padStart(14)
    }  ${run.epochLosses.map((l) => l.toFixed(4)).join(" ")}`,
  );
}
const [batch, mini, sgd] = runs;
// Same cost in per-sample gradients, very different numbers of steps.
strictEqual(batch.gradientEvaluations, N * epochs);
strictEqual(mini.gradientEvaluations, N * epochs);
strictEqual(sgd.gradientEvaluations, N * epochs);
strictEqual(batch.updates, epochs);
strictEqual(mini.updates, (N / 8) * epochs);
strictEqual(sgd.updates, N * epochs);
for (const run of runs) ok(run.epochLosses[epochs - 1] < run.initialLoss);
console.log(`initial loss ${batch.initialLoss.toFixed(4)} (ln 2 at w = 0, b = 0)`);

// The same seed gives the same run.
const again = trainLogisticRegression({ X, y }, {
  w0: [0, 0],
  b0: 0,
  learningRate,
  batchSize: 1,
  epochs,
  seed: 7,
});
deepStrictEqual(again.parameters, runs[3].parameters);

// One stochastic step on the question-5 network: every weight moves by -alpha dE/dw.
const sample = { x: [[1, 0, 2], [0, 1, 1], [0, 0, 1]], y: [1] };
const start = { wc: [[0, 0], [1, 1]], bc: 0, Wf: [[0.5, -0.5, 0.25, 0.25]], bf: [0] };
const alpha = 0.5;
const before = convSigmoidDenseBackprop(sample, start);
const step = trainConvSigmoidDense([sample], { start, learningRate: alpha, batchSize: 1 });
step.trained.Wf.data.forEach((w, j) => {
  strictEqual(w, start.Wf[0][j] - alpha * before.gradients.Wf.data[j]);
});
ok(step.epochLosses[0] < before.loss);
console.log(
  `\nquestion-5 network, one SGD step with alpha = ${alpha}: loss ${before.loss.toFixed(5)} -> ${
    step.epochLosses[0].toFixed(5)
  }`,
);
