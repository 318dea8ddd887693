/**
 * Question 4(d) of the worked solution sheet: vanishing gradients in a deep network, and
 * the two fixes it names (ResNet's skip connections, GoogLeNet's auxiliary losses),
 * measured on a 20-layer sigmoid chain of width 4.
 *
 * Prints the Frobenius norm of dJ/dW_l for every layer l, first layer first, for the plain
 * chain h <- sigmoid(W h), the residual chain h <- h + sigmoid(W h), and the plain chain with
 * the loss injected again at layer 10. The objective J is the sum of the final activations.
 *
 * Run: deno run examples/depth_study.ts
 */
import { ok } from "node:assert/strict";
import { deepSigmoidChain, randomChainWeights } from "../mod.ts";

const depth = 20;
const width = 4;
const weights = randomChainWeights(depth, width, { seed: 2024 }); // uniform in [-1, 1)
const x = [0.5, -0.5, 0.25, 1];

const plain = deepSigmoidChain(x, weights, { architecture: "plain" }).gradNorms;
const residual = deepSigmoidChain(x, weights, { architecture: "residual" }).gradNorms;
const auxiliary = deepSigmoidChain(x, weights, {
  architecture: "auxiliary",
  auxiliaryLayer: 10,
  auxiliaryWeight: 1,
}).gradNorms;

const e = (v: number) => v.toExponential(3).padStart(11);
console.log(`${depth}-layer sigmoid chain, width ${width}: ||dJ/dW_l||_F per layer`);
console.log(`layer       plain    residual  aux@10`);
for (let l = 0; l < depth; l++) {
  console.log(`${String(l + 1).padStart(5)} ${e(plain[l])} ${e(residual[l])} ${e(auxiliary[l])}`);
}
const ratio = (g: number[]) => g[0] / g[depth - 1];
console.log(
  `first / last: plain ${e(ratio(plain))}, residual ${e(ratio(residual))}, ` +
    `aux@10 ${e(ratio(auxiliary))}`,
);

// The plain chain multiplies by sigma' <= 1/4 and a weight matrix at every layer: the first
// layer's gradient is about 1e-11 of the last one's here.
ok(ratio(plain) < 1e-6);
// The identity path of the residual chain carries the gradient down undiminished by that product.
ok(ratio(residual) > 1e-3);
// The auxiliary loss at layer 10 gives the layers below it a gradient that passed through
// 10 layers instead of 20: orders of magnitude larger than the plain chain's.
ok(auxiliary[0] > 1e3 * plain[0]);
// Above the injection point the auxiliary chain is the plain chain.
ok(auxiliary.slice(10).every((g, i) => g === plain[10 + i]));
