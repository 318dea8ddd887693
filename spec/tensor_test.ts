/** Specs for lib/tensor.ts: conversion from nested arrays and back, and typed errors. */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { expectRank, Tensor, tensor } from "../mod.ts";

/** Nested arrays of a random rectangular shape (rank 0 to 4, axes 1 to 4 long). */
const nested = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }).chain(
  (shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(fc.integer({ min: -64, max: 64 }).map((n) => n / 8), {
      minLength: size,
      maxLength: size,
    }).map((data) => new Tensor(shape, data).toArray());
  },
);

Deno.test("tensor() and toArray() round-trip every rectangular nested array", () => {
  fc.assert(fc.property(nested, (value) => {
    deepStrictEqual(tensor(value).toArray(), value);
  }));
});

Deno.test("get() reads the entry at the row-major offset", () => {
  const t = tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
  // offset of (1, 0, 2) in shape [2, 2, 3] is 1·6 + 0·3 + 2 = 8, which holds 9
  strictEqual(t.offset([1, 0, 2]), 8);
  strictEqual(t.get(1, 0, 2), 9);
});

Deno.test("tensor() rejects a ragged array, naming the parameter and the row", () => {
  throws(() => tensor([[1, 2, 3], [4, 5]], { fn: "conv2d", name: "input" }), {
    name: "TypeError",
    message: "conv2d: ragged array: input[1] should have length 3, got length 2",
  });
});

Deno.test("tensor() rejects NaN and infinities, naming where they are", () => {
  throws(() => tensor([[1, NaN]], { fn: "conv2d", name: "kernel" }), {
    name: "RangeError",
    message: "conv2d: kernel[0][1] must be a finite number, got NaN",
  });
  throws(() => tensor(new Tensor([2], [1, Infinity]), { name: "x" }), {
    name: "RangeError",
    message: /x must hold finite numbers, got Infinity at offset 1/,
  });
});

Deno.test("tensor() rejects entries that are not numbers", () => {
  throws(() => tensor([1, "2"] as unknown as number[], { name: "inputs" }), {
    name: "TypeError",
    message: 'tensor: inputs[1] must be a number, got "2"',
  });
});

Deno.test("expectRank() rejects the wrong rank and empty axes", () => {
  throws(() => expectRank("dense", "weights", [1, 2], [2]), {
    name: "TypeError",
    message: "dense: weights must have rank 2, got shape [2] (rank 1)",
  });
  throws(() => expectRank("conv2d", "input", [[]], [2, 3]), {
    name: "RangeError",
    message: "conv2d: input is empty (shape [1,0])",
  });
});

Deno.test("Tensor rejects data of the wrong length and bad axis sizes", () => {
  throws(() => new Tensor([2, 2], [1, 2, 3]), {
    name: "TypeError",
    message: "Tensor: data has 3 numbers but shape [2,2] needs 4",
  });
  throws(() => new Tensor([2, -1]), { name: "RangeError", message: /shape\[1\]/ });
  throws(() => new Tensor([2, 2]).get(2, 0), { name: "RangeError", message: /out of bounds/ });
  throws(() => new Tensor([4]).reshape([3]), { name: "TypeError", message: /cannot read 4/ });
});
