/**
 * # Tensors: numbers with a shape
 *
 * Every quantity in the worked solution sheet is a scalar, a vector, a matrix or a
 * stack of matrices. nnspec stores all of them the same way: a flat `Float64Array`
 * of numbers in row-major order plus a `shape` saying how to read it. A $4 \times 4$
 * matrix has shape `[4, 4]` and sixteen numbers; the entry in row $i$, column $j$ sits
 * at offset $4i + j$. In general, for shape $[n_0, \dots, n_{r-1}]$ the entry at index
 * $(i_0, \dots, i_{r-1})$ sits at
 *
 * $$\text{offset} = \sum_{k=0}^{r-1} i_k \prod_{m=k+1}^{r-1} n_m .$$
 *
 * Images are channels-first, as in PyTorch: `[C][H][W]`. A plain 2-D matrix is read as
 * one channel. Everywhere a function takes a tensor it also takes the nested arrays a
 * reader types by hand (`[[1, 0], [0, 1]]`), and {@linkcode Tensor.toArray} turns a
 * result back into nested arrays for printing and comparing.
 *
 * ## Summary
 *
 * - A tensor is a flat `Float64Array` of numbers and a shape that says how to read them.
 * - The entry at index $(i_0, \dots, i_{r-1})$ sits at the row-major offset $\sum_k i_k
 *   \prod_{m > k} n_m$.
 * - Every function takes nested arrays too, and `toArray` turns a result back into them.
 *
 * @example Build the document's 2x2 kernel and read it back
 * ```ts
 * import { tensor } from "./tensor.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const K = tensor([[0, 0], [1, 1]]);
 * deepStrictEqual(K.shape, [2, 2]);
 * strictEqual(K.get(1, 0), 1);
 * deepStrictEqual(K.toArray(), [[0, 0], [1, 1]]);
 * ```
 *
 * @module
 */

import { entries, options as readOptions, show } from "./_validate.ts";

/** A number, or arrays of numbers nested to any depth (all rows of one level equally long). */
export type NestedArray = number | readonly NestedArray[];

/** What every function of nnspec accepts where it needs numbers: a tensor or nested arrays. */
export type TensorLike = Tensor | NestedArray;

/**
 * A dense, row-major, float64 tensor: a `shape` $[n_0, \dots, n_{r-1}]$ and a flat `data`
 * array in which the entry at index $(i_0, \dots, i_{r-1})$ sits at
 *
 * $$\text{offset} = \sum_{k=0}^{r-1} i_k \prod_{m=k+1}^{r-1} n_m ,$$
 *
 * so the last index moves fastest (C order, as in PyTorch and NumPy).
 *
 * @example A 2x3 matrix: entry (1, 2) sits at offset 1·3 + 2 = 5
 * ```ts
 * import { Tensor } from "./tensor.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const t = new Tensor([2, 3], [1, 2, 3, 4, 5, 6]);
 * deepStrictEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
 * strictEqual(t.offset([1, 2]), 5);
 * strictEqual(t.get(1, 2), 6);
 * ```
 */
export class Tensor {
  /** The size of each axis, outermost first. A scalar has shape `[]`. */
  readonly shape: readonly number[];
  /** The numbers in row-major order; `data.length` is the product of `shape`. */
  readonly data: Float64Array;

  /**
   * Creates a tensor of the given shape.
   *
   * @param shape The size of each axis; each must be a non-negative integer.
   * @param data The numbers in row-major order, as many as the product of `shape`;
   *   omitted, the tensor is filled with zeros.
   * @throws {RangeError} If an axis size is not a non-negative integer.
   * @throws {TypeError} If `data` has the wrong length.
   */
  constructor(shape: readonly number[], data?: ArrayLike<number>) {
    let size: number, stored: Float64Array;
    try {
      size = checkShapeAndData(shape, data);
      stored = data instanceof Float64Array && data.length === size
        ? data
        : data === undefined
        ? new Float64Array(size)
        : Float64Array.from(data);
    } catch (error) {
      if (
        (error instanceof TypeError || error instanceof RangeError) &&
        error.message.startsWith("Tensor: ")
      ) {
        throw error;
      }
      throw unreadable("Tensor", "shape or data", error);
    }
    this.shape = Object.freeze([...shape]);
    this.data = stored;
  }

  /** The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix. */
  get rank(): number {
    return this.shape.length;
  }

  /** The number of entries, the product of the shape. */
  get size(): number {
    return this.data.length;
  }

  /**
   * The entry at the given index, one integer per axis.
   *
   * @param index One integer $i_k$ per axis, each with $0 \le i_k < n_k$ (`shape[k]`).
   * @returns The number stored at that index.
   * @throws {RangeError} If the index has the wrong number of parts or is out of bounds.
   */
  get(...index: number[]): number {
    return this.data[this.offset(index)];
  }

  /**
   * Sets the entry at the given index (the last argument is the value).
   *
   * @param indexAndValue One integer per axis, as for {@linkcode Tensor.get}, then the
   *   number to store (stored as given: this low-level setter does not reject NaN).
   * @throws {RangeError} If the index has the wrong number of parts or is out of bounds.
   */
  set(...indexAndValue: number[]): void {
    const value = indexAndValue[indexAndValue.length - 1];
    this.data[this.offset(indexAndValue.slice(0, -1))] = value;
  }

  /**
   * The row-major offset of an index, checked against the shape:
   * $\sum_k i_k \prod_{m>k} n_m$.
   *
   * @param index One integer $i_k$ per axis, each with $0 \le i_k < n_k$.
   * @returns The position of that entry in `data`, an integer in $[0, \text{size})$.
   * @throws {RangeError} If the index has the wrong number of parts or is out of bounds.
   */
  offset(index: readonly number[]): number {
    if (index.length !== this.shape.length) {
      throw new RangeError(
        `Tensor: index ${show([...index])} has ${index.length} parts, shape ${
          show([...this.shape])
        } has ${this.shape.length} axes`,
      );
    }
    let offset = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[k]) {
        throw new RangeError(
          `Tensor: index ${show([...index])} is out of bounds for shape ${show([...this.shape])}`,
        );
      }
      offset = offset * this.shape[k] + i;
    }
    return offset;
  }

  /**
   * The same numbers read with another shape of the same size (no copy: the new tensor
   * shares `data`).
   *
   * @param shape The new axis sizes; their product must equal {@linkcode Tensor.size}.
   * @returns A tensor of that shape over the same storage.
   * @throws {TypeError} If the sizes differ.
   * @throws {RangeError} If an axis size is not a non-negative integer.
   */
  reshape(shape: readonly number[]): Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== this.size) {
      throw new TypeError(
        `Tensor.reshape: cannot read ${this.size} numbers as shape ${show([...shape])}`,
      );
    }
    return new Tensor(shape, this.data);
  }

  /**
   * A copy with its own storage.
   *
   * @returns A tensor of the same shape and numbers; changing one leaves the other alone.
   */
  clone(): Tensor {
    return new Tensor(this.shape, this.data.slice());
  }

  /**
   * The tensor as nested arrays (a plain number for a scalar).
   *
   * @returns Arrays nested `rank` deep, `shape[k]` long at depth $k$, for printing and
   *   comparing with `deepStrictEqual`.
   */
  toArray(): NestedArray {
    const build = (axis: number, start: number): NestedArray => {
      if (axis === this.shape.length) return this.data[start];
      const n = this.shape[axis];
      const stride = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(axis + 1, start + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /**
   * Plain numbers in row-major order.
   *
   * @returns A new array of `size` numbers, in the order of `data`.
   */
  toFlatArray(): number[] {
    return Array.from(this.data);
  }

  /**
   * Builds a tensor from nested arrays; see {@linkcode tensor}.
   *
   * @param value Rectangular nested arrays of finite numbers, or a tensor.
   * @param name The parameter name used in error messages.
   * @returns A tensor whose shape is read off the nesting.
   * @throws {TypeError} If the arrays are ragged or hold something other than numbers.
   * @throws {RangeError} If an entry is NaN or infinite.
   */
  static from(value: TensorLike, name = "value"): Tensor {
    return tensor(value, { name });
  }
}

/** The checks of the Tensor constructor: a shape of safe integers, within the entry limit, and data of its size. */
function checkShapeAndData(shape: readonly number[], data: ArrayLike<number> | undefined): number {
  if (!Array.isArray(shape)) {
    throw new TypeError(`Tensor: shape must be an array of axis sizes, got ${show(shape)}`);
  }
  let size = 1;
  for (let k = 0; k < shape.length; k++) {
    const n = shape[k];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(
        `Tensor: shape[${k}] must be a non-negative integer, got ${show(n)}`,
      );
    }
    size *= n;
  }
  entries("Tensor", "the tensor", size);
  if (data !== undefined && (data === null || typeof data !== "object")) {
    throw new TypeError(`Tensor: data must be an array of numbers, got ${show(data)}`);
  }
  if (data !== undefined && data.length !== size) {
    throw new TypeError(
      `Tensor: data has ${data.length} numbers but shape ${show([...shape])} needs ${size}`,
    );
  }
  return size;
}

/** Options of {@linkcode tensor}. */
export interface TensorOptions {
  /**
   * The parameter name used in error messages.
   * @default {"value"}
   */
  name?: string;
  /**
   * The function name used in error messages.
   * @default {"tensor"}
   */
  fn?: string;
  /**
   * Whether NaN and infinite entries are allowed.
   * @default {false}
   */
  allowNonFinite?: boolean;
}

/**
 * Converts nested arrays (or a tensor) into a {@linkcode Tensor}, checking that
 * every level is rectangular and every entry is a finite number.
 *
 * @param value Nested arrays of numbers, a number, or a tensor (returned as is after
 *   the finiteness check).
 * @param options Names for error messages and whether non-finite entries are allowed.
 * @returns A tensor whose shape is read off the nesting.
 * @throws {TypeError} If the arrays are ragged or hold something other than numbers.
 * @throws {RangeError} If an entry is NaN or infinite (unless allowed).
 *
 * @example The document's 4x4 input matrix M
 * ```ts
 * import { tensor } from "./tensor.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const M = tensor([[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]]);
 * deepStrictEqual(M.shape, [4, 4]);
 *
 * throws(() => tensor([[1, 2], [3]], { name: "input" }), TypeError);
 * ```
 */
export function tensor(value: TensorLike, options: TensorOptions = {}): Tensor {
  let name = "value", fn = "tensor", allowNonFinite = false;
  if (options !== undefined) {
    const o = readOptions("tensor", options);
    if (o.name !== undefined) name = String(o.name);
    if (o.fn !== undefined) fn = String(o.fn);
    allowNonFinite = o.allowNonFinite === true;
  }
  let isTensor: boolean;
  try {
    isTensor = value instanceof Tensor;
  } catch (error) {
    throw unreadable(fn, name, error);
  }
  if (isTensor) return checkedTensor(fn, name, value as Tensor, allowNonFinite);
  try {
    return fromNested(fn, name, value, allowNonFinite);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      if (error.message.startsWith(`${fn}: `)) throw error;
    }
    throw unreadable(fn, name, error);
  }
}

/** The deepest nesting {@linkcode tensor} reads (a deeper or self-containing array is rejected). */
const MAX_RANK = 64;

function unreadable(fn: string, name: string, error: unknown): TypeError {
  let message: string;
  try {
    message = String((error as Error)?.message ?? error);
  } catch {
    message = "an unreadable error";
  }
  return new TypeError(`${fn}: ${name} could not be read: ${message}`, { cause: error });
}

/** A Tensor argument, checked: its shape matches its data (not mutated) and, unless allowed, its entries are finite. */
function checkedTensor(fn: string, name: string, t: Tensor, allowNonFinite: boolean): Tensor {
  const { shape, data } = t;
  let size = 1;
  let ok = Array.isArray(shape) && data instanceof Float64Array && shape.length <= MAX_RANK;
  for (let k = 0; ok && k < shape.length; k++) {
    const n = shape[k];
    ok = typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
    size *= n;
  }
  if (!ok || size !== data.length) {
    throw new TypeError(
      `${fn}: ${name} is a Tensor whose shape ${show(shape)} does not match its ${
        data instanceof Float64Array ? data.length : show(data)
      } numbers (was its shape or data replaced?)`,
    );
  }
  if (!allowNonFinite) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new RangeError(
          `${fn}: ${name} must hold finite numbers, got ${show(data[i])} at offset ${i}`,
        );
      }
    }
  }
  return t;
}

/** `name[i][j]...` for the first `depth` indices, built only for an error message. */
function where(name: string, index: ArrayLike<number>, depth: number): string {
  let text = name;
  for (let k = 0; k < depth; k++) text += `[${index[k]}]`;
  return text;
}

/**
 * Nested arrays to a tensor, iteratively: the shape is read off the first entry at each
 * level, then every array is visited once (an explicit stack of the arrays and indices on
 * the current path; no allocation per node), so the cost is linear in the entries.
 */
function fromNested(fn: string, name: string, value: unknown, allowNonFinite: boolean): Tensor {
  const shape: number[] = [];
  let probe: unknown = value;
  let size = 1;
  while (Array.isArray(probe)) {
    if (shape.length === MAX_RANK) {
      throw new TypeError(
        `${fn}: ${name} is nested more than ${MAX_RANK} deep (an array that contains itself?)`,
      );
    }
    const n = probe.length;
    shape.push(n);
    size *= n;
    if (n === 0) break;
    probe = probe[0];
  }
  entries(fn, name, size);
  const rank = shape.length;
  const data = new Float64Array(size);
  if (rank === 0) {
    data[0] = entry(fn, name, value, [], 0, allowNonFinite);
    return new Tensor(shape, data);
  }
  if (size === 0) {
    // an empty axis: every level above it must still be rectangular
    checkEmpty(fn, name, value, shape);
    return new Tensor(shape, data);
  }
  const path: unknown[][] = new Array(rank);
  const index = new Array<number>(rank).fill(0);
  path[0] = value as unknown[];
  let depth = 0;
  let next = 0;
  const last = rank - 1;
  for (;;) {
    const node = path[depth];
    if (depth === last) {
      for (let i = 0; i < shape[last]; i++) {
        index[last] = i;
        const x = node[i];
        if (typeof x === "number" && (allowNonFinite || Number.isFinite(x))) data[next++] = x;
        else data[next++] = entry(fn, name, x, index, rank, allowNonFinite);
      }
      // climb to the next sibling of an ancestor
      do {
        depth--;
        if (depth < 0) return new Tensor(shape, data);
        index[depth]++;
      } while (index[depth] === shape[depth]);
    }
    const child = path[depth][index[depth]];
    if (!Array.isArray(child) || child.length !== shape[depth + 1]) {
      throw new TypeError(
        `${fn}: ragged array: ${where(name, index, depth + 1)} should have length ${
          shape[depth + 1]
        }, got ${Array.isArray(child) ? `length ${child.length}` : show(child)}`,
      );
    }
    depth++;
    path[depth] = child;
    index[depth] = 0;
  }
}

/** A leaf entry, checked: a number, finite unless allowed. */
function entry(
  fn: string,
  name: string,
  x: unknown,
  index: ArrayLike<number>,
  depth: number,
  allowNonFinite: boolean,
): number {
  if (typeof x !== "number") {
    throw new TypeError(`${fn}: ${where(name, index, depth)} must be a number, got ${show(x)}`);
  }
  if (!allowNonFinite && !Number.isFinite(x)) {
    throw new RangeError(
      `${fn}: ${where(name, index, depth)} must be a finite number, got ${show(x)}`,
    );
  }
  return x;
}

/** Checks the rectangular levels above an empty axis (nothing is stored). */
function checkEmpty(fn: string, name: string, value: unknown, shape: readonly number[]): void {
  const zero = shape.indexOf(0);
  let level: unknown[] = [value];
  for (let axis = 0; axis <= zero; axis++) {
    const nextLevel: unknown[] = [];
    for (let i = 0; i < level.length; i++) {
      const node = level[i];
      if (!Array.isArray(node) || node.length !== shape[axis]) {
        throw new TypeError(
          `${fn}: ragged array: ${name} at depth ${axis} should have length ${shape[axis]}, got ${
            Array.isArray(node) ? `length ${node.length}` : show(node)
          }`,
        );
      }
      if (axis < zero) { for (let j = 0; j < node.length; j++) nextLevel.push(node[j]); }
    }
    level = nextLevel;
  }
}

/**
 * Reads an argument as a tensor of one of the allowed ranks, for use at the top of
 * every public function. The error names the function, the parameter and the shape seen.
 *
 * @param fn The calling function's name, for the error message.
 * @param name The parameter's name, for the error message.
 * @param value The argument: rectangular nested arrays of finite numbers, or a tensor.
 * @param ranks The ranks accepted, e.g. `[2, 3]` for a matrix or a `[C][H][W]` image.
 * @returns The argument as a tensor whose rank is one of `ranks` and whose axes are all
 *   non-empty.
 * @throws {TypeError} If the arrays are ragged, hold non-numbers, or have another rank.
 * @throws {RangeError} If an entry is NaN or infinite, or an axis has length 0.
 *
 * @example A matrix where a matrix is expected
 * ```ts
 * import { expectRank } from "./tensor.ts";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * strictEqual(expectRank("conv2d", "kernel", [[0, 0], [1, 1]], [2, 3, 4]).rank, 2);
 * throws(() => expectRank("conv2d", "kernel", [1, 2], [2, 3, 4]), TypeError);
 * ```
 */
export function expectRank(
  fn: string,
  name: string,
  value: TensorLike,
  ranks: readonly number[],
): Tensor {
  if (typeof fn !== "string" || typeof name !== "string") {
    throw new TypeError(
      `expectRank: fn and name must be strings, got ${show(fn)} and ${show(name)}`,
    );
  }
  if (!Array.isArray(ranks) || !ranks.every((r) => Number.isInteger(r))) {
    throw new TypeError(`${fn}: ranks must be an array of integers, got ${show(ranks)}`);
  }
  const t = tensor(value, { fn, name });
  if (!ranks.includes(t.rank)) {
    const expected = ranks.length === 1
      ? `${ranks[0]}`
      : `${ranks.slice(0, -1).join(", ")} or ${ranks[ranks.length - 1]}`;
    throw new TypeError(
      `${fn}: ${name} must have rank ${expected}, got shape ${show([...t.shape])} (rank ${t.rank})`,
    );
  }
  for (let k = 0; k < t.rank; k++) {
    if (t.shape[k] === 0) {
      throw new RangeError(`${fn}: ${name} is empty (shape ${show([...t.shape])})`);
    }
  }
  return t;
}

/**
 * Reads a 1-D argument (a vector) as plain numbers, with the same checks as
 * {@linkcode expectRank}.
 *
 * @param fn The calling function's name, for the error message.
 * @param name The parameter's name, for the error message.
 * @param value The argument: a non-empty array of finite numbers, or a rank-1 tensor.
 * @returns The numbers, in order (the tensor's own storage when given a tensor).
 * @throws {TypeError} If `value` is not a flat array of numbers.
 * @throws {RangeError} If it is empty or holds NaN or an infinity.
 *
 * @example The document's weights w = (0.2, 0.3)
 * ```ts
 * import { vector } from "./tensor.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * deepStrictEqual([...vector("neuron", "weights", [0.2, 0.3])], [0.2, 0.3]);
 * throws(() => vector("neuron", "weights", [[0.2, 0.3]]), {
 *   name: "TypeError",
 *   message: "neuron: weights must have rank 1, got shape [1,2] (rank 2)",
 * });
 * throws(() => vector("neuron", "weights", []), { name: "RangeError", message: /empty/ });
 * ```
 */
export function vector(fn: string, name: string, value: TensorLike): Float64Array {
  if (typeof fn !== "string" || typeof name !== "string") {
    throw new TypeError(`vector: fn and name must be strings, got ${show(fn)} and ${show(name)}`);
  }
  return expectRank(fn, name, value, [1]).data;
}
