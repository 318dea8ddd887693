/**
 * Question 1 of the worked solution sheet: one sigmoid neuron and its binary
 * cross-entropy loss, with the numbers the sheet writes.
 *
 * Run: deno run examples/neuron.ts
 */
import { ok } from "node:assert/strict";
import {
  binaryCrossEntropy,
  binaryCrossEntropyGradient,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
  neuron,
  sigmoidDerivative,
  weightedSum,
} from "../mod.ts";

/** Within `digits` decimal places, as the sheet rounds. */
const near = (actual: number, expected: number, digits: number) =>
  Math.abs(actual - expected) < 0.5 * 10 ** -digits;

// (a) The neuron: inputs x = (2, 1), weights w = (0.2, 0.3), bias b = 0.1.
const x = [2, 1];
const w = [0.2, 0.3];
const b = 0.1;

// Weighted sum: (2)(0.2) + (1)(0.3) + 0.1 = 0.8
const n = weightedSum(x, w, b);
ok(near(n, 0.8, 12));

// Predicted output: sigma(0.8) = 1 / (1 + e^{-0.8}) = 1 / 1.449329 = 0.68997
const yHat = neuron(x, w, b, { activation: "sigmoid" });
ok(near(yHat, 0.68997, 5));

console.log(`weighted sum      n     = ${n.toFixed(5)}`);
console.log(`predicted output  y-hat = sigmoid(n) = ${yHat.toFixed(5)}`);

// (b) The loss for the label y = 1: E = -(1) log(0.68997) + (1 - 1) log(1 - 0.68997).
// The sheet's 0.53539 is this logarithm in base 2 (bits); the natural logarithm, which
// PyTorch and the gradient formulas use, gives 0.37110 (nats). Same loss, other unit:
// 0.37110 / ln 2 = 0.37110 / 0.69315 = 0.53539.
const y = 1;
const bits = binaryCrossEntropy(yHat, y, { base: 2 });
const nats = binaryCrossEntropy(yHat, y);
ok(near(bits, 0.53539, 5));
ok(near(nats, 0.37110, 5));
ok(near(bits, nats / Math.LN2, 12));

// Computed from the weighted sum directly (the numerically stable route), the same nats.
ok(near(binaryCrossEntropyWithLogits(n, y), nats, 12));

console.log(`loss, base 2      E     = ${bits.toFixed(5)}   (the sheet's 0.53539)`);
console.log(`loss, natural log E     = ${nats.toFixed(5)}   (PyTorch's value)`);

// The sheet's derivative: dE/dy-hat = -y / y-hat + (1 - y) / (1 - y-hat)
//                                   = -1 / 0.68997 = -1.44933 (in nats).
const dE = binaryCrossEntropyGradient(yHat, y, { reduction: "none" });
ok(near(dE, -1.44933, 5));

// Through the sigmoid, dE/dn = dE/dy-hat * sigma'(n) = -1.44933 * 0.21391 = -0.31003,
// which is y-hat - y: the sigmoid's slope cancels the denominator.
const dEdn = dE * sigmoidDerivative(n);
ok(near(dEdn, yHat - y, 12));
ok(near(binaryCrossEntropyWithLogitsGradient(n, y), dEdn, 12));

console.log(`dE/dy-hat               = ${dE.toFixed(5)}`);
console.log(`dE/dn = y-hat - y       = ${dEdn.toFixed(5)}`);
