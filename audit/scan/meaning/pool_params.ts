/**
 * A pooling layer's trainable parameters, read where the words name a pooling layer and its
 * parameters and the step states a bare number (`\text{Number of trainable parameters} = 0`).
 * The library's `summary` of the one pooling layer, on the input the prose gives, counts them
 * (none: a pool has no weights), so a count written for a pool's window is a disagreement.
 *
 * Honesty: a step that computes its count (`(3 \times 3 \times 8 + 1) \times 16`) is never read
 * as a pool's: its numbers belong to a layer with weights, whatever layer is named nearest.
 *
 * @module
 */
import { summary } from "../../../mod.ts";
import { nearest, numbersIn } from "./prose.ts";
import type { QuantityReader } from "./quantities.ts";

/** Reads a pooling layer's parameter count. */
export const poolParams: QuantityReader = {
  words: /\b(?:max|average|avg|mean)?[- ]?pool(?:ing)?\b/i,
  also: /param/i,
  read: ({ near, left, statedText }) => {
    if (Array.isArray(left) || numbersIn(left).size > 1 || !/^\d+$/.test(statedText)) return null;
    const input = nearest(near, [
      String.raw`\binput(?:\s*(?:size|volume|feature map|of size))?\s*(?:=|:|of|is)?\s*##`,
    ]);
    const window = nearest(near, [
      String.raw`\b(?:pool(?:ing)?(?:\s*size)?|window(?:\s*size)?)\s*(?:=|:|of|is)?\s*#`,
    ]);
    const stride = nearest(near, [String.raw`\bstride\s*(?:=|:|of|is)?\s*#`]);
    if (!input || input.factors.length !== 3 || !window) return null;
    const [h, w, c] = input.factors;
    const type = /\b(?:average|avg|mean)[- ]?pool/i.test(near) ? "avgPool2d" : "maxPool2d";
    const layer = { type, pool: window.factors[0], stride: stride?.value ?? window.factors[0] };
    const call = `summary([{type: "${type}", pool: ${layer.pool}, stride: ${layer.stride}}], ` +
      `{height: ${h}, width: ${w}, channels: ${c}}).rows[0].params`;
    let value: number;
    try {
      value = summary([layer as { type: "maxPool2d"; pool: number; stride: number }], {
        height: h,
        width: w,
        channels: c,
      }).rows[0].params;
    } catch {
      return null;
    }
    return {
      readAs: `a ${layer.pool}×${layer.pool} pooling layer's trainable parameters`,
      evidence: [
        "the words pooling and parameters",
        `"${input.evidence}"`,
        `"${window.evidence}"`,
      ],
      assumptions: [],
      value,
      call,
      variants: [],
      topic: "pooling parameter count",
      chapter: "shapes",
    };
  },
};
