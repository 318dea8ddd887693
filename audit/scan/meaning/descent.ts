/**
 * One step of plain gradient descent, `w ← w − η ∂L/∂w`, read from a step whose chain updates
 * a weight under the words gradient descent (or SGD), with the weight, its gradient and the
 * learning rate the question gives. The library's `sgdStep` computes it; the gradient added
 * instead of subtracted (ascent) is said as the reading that reproduces a wrong value.
 *
 * @module
 */
import { sgdStep } from "../../../mod.ts";
import { nearest } from "./prose.ts";
import type { QuantityReader } from "./quantities.ts";

/** A weight's name as the first side of an update: `w`, `w_1`, `\theta`, `W^{(2)}`. */
const WEIGHT = /^\s*(?:w|W|\\theta|θ)(?:_\{?[\w+-]{1,6}\}?|\^\{?[\w()+-]{1,6}\}?)*\s*$/;

/** Reads one gradient-descent update of a weight. */
export const descent: QuantityReader = {
  words: /gradient descent|\bSGD\b/i,
  read: ({ near, head }) => {
    if (!head || !WEIGHT.test(head) || /\bmomentum\b|\badam\b/i.test(near)) return null;
    const w = nearest(near, [
      String.raw`weight(?:\s*\\?[A-Za-z]{1,5}(?:_\{?\w{1,4}\}?)?)?\s*(?:=|:|of|is)\s*#`,
    ]);
    const g = nearest(near, [
      String.raw`gradient(?:\s*(?:g|of))?\s*(?:=|:|is)\s*#`,
      String.raw`\\partial\s*[A-Za-z]\w{0,3}\}\s*\{\s*\\partial\s*(?:w|\\theta)[^}]{0,8}\}\s*=\s*#`,
    ]);
    const lr = nearest(near, [
      String.raw`(?:learning rate|step size)(?:\s*(?:\\eta|\\alpha|η|α|lr))?\s*(?:=|:|of|is)?\s*#`,
    ]);
    if (!w || !g || !lr || [w, g, lr].some((x) => x.factors.length !== 1)) return null;
    const args = `[${w.value}], [${g.value}], {learningRate: ${lr.value}}`;
    return {
      readAs:
        `one gradient-descent step of a weight ${w.value} with gradient ${g.value} and learning rate ${lr.value}`,
      evidence: ["the words gradient descent", w.evidence, g.evidence, lr.evidence],
      assumptions: ["plain gradient descent: no momentum, no weight decay"],
      value: sgdStep([w.value], [g.value], { learningRate: lr.value }).parameters[0],
      call: `sgdStep(${args}).parameters[0]`,
      variants: [],
      readings: [{
        reading: "the gradient added instead of subtracted (a step of ascent, the sign flipped)",
        value: w.value + lr.value * g.value,
      }],
      topic: "gradient descent",
      chapter: "optimizers",
      uses: { numbers: [w.value, g.value, lr.value], mayMiss: 0 },
    };
  },
};
