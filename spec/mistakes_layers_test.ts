/**
 * Specs for the common mistakes declared by the issue-11 modules (normalization,
 * regularization, recurrent, attention, optimizers): each mistake's worked example must
 * hold (the variant returns the stated result) and must be a real difference (the function
 * itself returns something else), and the audit-facing catalogue must list them.
 */
import { deepStrictEqual, notDeepStrictEqual, ok } from "node:assert/strict";
import {
  adamStep,
  allMistakes,
  batchNorm,
  batchNormParameterCount,
  dropout,
  l2Penalty,
  mistakesOf,
  multiHeadAttentionParameterCount,
  recurrentParameterCount,
  sgdStep,
} from "../mod.ts";

/** Rounds every number to 12 significant digits, so results compare at a relative 1e-12. */
function rounded(value: unknown): unknown {
  if (typeof value === "number") return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

// deno-lint-ignore no-explicit-any
const FUNCTIONS: [string, (...args: any[]) => unknown][] = [
  ["batchNorm", batchNorm],
  ["batchNormParameterCount", batchNormParameterCount],
  ["dropout", dropout],
  ["l2Penalty", l2Penalty],
  ["recurrentParameterCount", recurrentParameterCount],
  ["multiHeadAttentionParameterCount", multiHeadAttentionParameterCount],
  ["sgdStep", sgdStep],
  ["adamStep", adamStep],
];

for (const [name, fn] of FUNCTIONS) {
  Deno.test(`${name}'s declared mistakes reproduce their examples and differ from ${name}`, () => {
    const mistakes = mistakesOf(fn);
    ok(mistakes.length > 0, name);
    for (const m of mistakes) {
      const args = m.example.args as unknown[];
      deepStrictEqual(rounded(m.variant(...args as never[])), rounded(m.example.result), m.id);
      notDeepStrictEqual(rounded(fn(...args)), rounded(m.example.result), m.id);
    }
  });
}

Deno.test("the catalogue lists the mistakes the issue names", () => {
  const ids = allMistakes().map((e) => `${e.function}/${e.mistake.id}`);
  for (
    const id of [
      "batchNormParameterCount/running-statistics-trainable",
      "recurrentParameterCount/one-bias-in-pytorch",
      "adamStep/no-bias-correction",
    ]
  ) ok(ids.includes(id), id);
});
