/**
 * Small dense-array helpers shared by the layer modules (normalization, recurrent,
 * attention, optimizers). Private to lib/: each reads a user's nested arrays through
 * {@linkcode expectRank}, so a ragged or non-finite argument fails with the calling
 * function's name, and hands back plain arrays a reader can print.
 *
 * @module
 */
import { show } from "./_validate.ts";
import { expectRank, type TensorLike } from "./tensor.ts";

/** Reads a matrix `[rows][cols]` as plain rows. */
export function matrixOf(fn: string, name: string, value: TensorLike): number[][] {
  const t = expectRank(fn, name, value, [2]);
  const [r, c] = t.shape;
  return Array.from({ length: r }, (_, i) => Array.from(t.data.subarray(i * c, (i + 1) * c)));
}

/** Reads a vector as a plain array. */
export function vectorOf(fn: string, name: string, value: TensorLike): number[] {
  return Array.from(expectRank(fn, name, value, [1]).data);
}

/** Throws `TypeError` unless `length` is `expected`, naming what the length must match. */
export function expectLength(
  fn: string,
  name: string,
  length: number,
  expected: number,
  because: string,
): void {
  if (length !== expected) {
    throw new TypeError(`${fn}: ${name} must have length ${expected} (${because}), got ${length}`);
  }
}

/** Throws `TypeError` unless the matrix has the given shape. */
export function expectShape(
  fn: string,
  name: string,
  m: number[][],
  rows: number,
  cols: number,
  because: string,
): void {
  if (m.length !== rows || m[0].length !== cols) {
    throw new TypeError(
      `${fn}: ${name} must have shape [${rows}][${cols}] (${because}), got ${
        show([m.length, m[0].length])
      }`,
    );
  }
}

/** $W x$ for a matrix `[rows][cols]` and a vector of `cols` entries. */
export function matVec(w: readonly (readonly number[])[], x: readonly number[]): number[] {
  return w.map((row) => row.reduce((a, wij, j) => a + wij * x[j], 0));
}

/** Entry-wise sum of equally long vectors. */
export function add(...vs: readonly (readonly number[])[]): number[] {
  return vs[0].map((_, i) => vs.reduce((a, v) => a + v[i], 0));
}
