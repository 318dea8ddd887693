/**
 * Specs for lib/random.ts: a Fisher–Yates shuffle of a seeded generator is a permutation,
 * and a generator that breaks its contract (a draw outside [0, 1)) is a typed error rather
 * than a permutation with holes or a NaN weight.
 */
import { deepStrictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { mulberry32, permutation, shuffle, uniform } from "../mod.ts";

Deno.test("permutation() of any seed holds each index 0..n-1 exactly once", () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    (n, seed) => {
      const order = permutation(n, mulberry32(seed));
      deepStrictEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    },
  ));
});

Deno.test("a generator that returns NaN, 1 or a negative number is a RangeError naming the caller", () => {
  // u = 1 would make j = i + 1 (an index past the end), NaN an index NaN: both used to
  // leave holes in the order; in uniform() they gave high or NaN.
  for (const u of [NaN, 1, -0.25, Infinity]) {
    const random = () => u;
    const seen = String(u);
    throws(() => permutation(3, random), {
      name: "RangeError",
      message: `permutation: random must return numbers in [0, 1), got ${seen}`,
    });
    throws(() => shuffle(["a", "b"], random), {
      name: "RangeError",
      message: `shuffle: random must return numbers in [0, 1), got ${seen}`,
    });
    throws(() => uniform(random, { low: -1, high: 1 }), {
      name: "RangeError",
      message: `uniform: random must return numbers in [0, 1), got ${seen}`,
    });
  }
});

Deno.test("a generator that is not a function is a TypeError naming the caller", () => {
  throws(() => permutation(3, 0.5 as never), {
    name: "TypeError",
    message: "permutation: random must be a function, got 0.5",
  });
  throws(() => shuffle([1, 2], undefined as never), {
    name: "TypeError",
    message: "shuffle: random must be a function, got undefined",
  });
  throws(() => uniform("x" as never, { low: 0, high: 1 }), {
    name: "TypeError",
    message: 'uniform: random must be a function, got "x"',
  });
});
