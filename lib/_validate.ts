/**
 * Argument checks shared by the library. Private to lib/ (the leading underscore
 * says so): every public function validates its inputs with these helpers, so that a
 * wrong argument fails the same way everywhere.
 *
 * The convention, taken from Deno's standard library:
 * - `TypeError` for a wrong kind or shape (a ragged matrix, a channel mismatch);
 * - `RangeError` for a value out of range (stride 0, NaN, a probability above 1).
 *
 * Every message names the function, the parameter and the value seen, for example
 * `conv2d: stride must be a positive integer, got 0`.
 *
 * @module
 */

/** Renders a value for an error message: short, and unambiguous for NaN and -0. */
export function show(value: unknown): string {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "-0";
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  }
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return String(value);
}

/** Throws `RangeError` unless `value` is an integer >= 1. */
export function positiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${name} must be a positive integer, got ${show(value)}`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer, got ${show(value)}`);
  }
  return value;
}

/** Throws `RangeError` unless `value` is an integer >= 0. */
export function nonNegativeInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${name} must be a non-negative integer, got ${show(value)}`);
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${show(value)}`);
  }
  return value;
}

/** Throws `RangeError` unless `value` is a finite number (not NaN, not infinite). */
export function finiteNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${name} must be a finite number, got ${show(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

/** Throws `RangeError` unless `value` is a finite number > 0. */
export function positiveNumber(fn: string, name: string, value: unknown): number {
  finiteNumber(fn, name, value);
  if ((value as number) <= 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${show(value)}`);
  }
  return value as number;
}

/**
 * Reads a pair such as a stride: a single number means the same value for height and
 * width; `[h, w]` gives each. Each entry is checked by `check`.
 */
export function pair(
  fn: string,
  name: string,
  value: number | readonly [number, number],
  check: (fn: string, name: string, value: unknown) => number,
): [number, number] {
  if (typeof value === "number") {
    check(fn, name, value);
    return [value, value];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${fn}: ${name} must be a number or a pair [h, w], got ${show(value)}`);
  }
  check(fn, `${name}[0]`, value[0]);
  check(fn, `${name}[1]`, value[1]);
  return [value[0], value[1]];
}

/**
 * Throws unless `problem` is a training problem with at least one sample: an object whose
 * `size` is a positive integer, whose `parameters` is an array and whose `sample` and `loss`
 * are functions. Returns `size`, so that a mean over the samples never divides by 0 (which
 * would return NaN instead of an error).
 */
export function trainingProblemSize(fn: string, name: string, problem: unknown): number {
  if (problem === null || typeof problem !== "object") {
    throw new TypeError(
      `${fn}: ${name} must be a training problem { size, parameters, sample, loss }, got ${
        show(problem)
      }`,
    );
  }
  const p = problem as Record<string, unknown>;
  if (!Array.isArray(p.parameters)) {
    throw new TypeError(`${fn}: ${name}.parameters must be an array, got ${show(p.parameters)}`);
  }
  for (const key of ["sample", "loss"]) {
    if (typeof p[key] !== "function") {
      throw new TypeError(`${fn}: ${name}.${key} must be a function, got ${show(p[key])}`);
    }
  }
  if (typeof p.size !== "number" || !Number.isInteger(p.size) || p.size < 1) {
    throw new RangeError(
      `${fn}: ${name}.size must be a positive integer (the number of samples), got ${show(p.size)}`,
    );
  }
  return p.size;
}

/**
 * Throws `RangeError` if a result computed from finite inputs is NaN or infinite: float64
 * overflowed (for example $10^{308} \cdot 10 - 10^{308} \cdot 10$ is NaN). Returns `result`,
 * so that a caller never hands back NaN for inputs it accepted.
 */
export function finiteResult<T extends number | Float64Array>(
  fn: string,
  what: string,
  result: T,
): T {
  const values: ArrayLike<number> = typeof result === "number" ? [result] : result as Float64Array;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const where = typeof result === "number" ? "" : ` at offset ${i}`;
      throw new RangeError(
        `${fn}: ${what} overflows float64 (got ${
          show(values[i])
        }${where}); the inputs are too large for a finite result`,
      );
    }
  }
  return result;
}

/**
 * Runs `compute`, one step of the public function `fn` that calls another public function
 * (a convolution, a loss), and rethrows a `RangeError` it raises as one that names `fn`
 * and the step, with the inner message as the reason and the inner error as `cause`.
 * After `fn` has validated its arguments, such an error means float64 overflowed inside
 * the step; without this the message would blame the inner function, which the caller
 * never called.
 */
export function step<T>(fn: string, what: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    // an error that already names fn (one of its own checks) passes unchanged
    if (!(error instanceof RangeError) || error.message.startsWith(`${fn}: `)) throw error;
    throw new RangeError(`${fn}: ${what} failed: ${error.message}`, { cause: error });
  }
}

/** Throws unless `value` is an integer (a seed, for example): `TypeError` for a non-number. */
export function integer(fn: string, name: string, value: unknown): number {
  finiteNumber(fn, name, value);
  if (!Number.isInteger(value)) {
    throw new RangeError(`${fn}: ${name} must be an integer, got ${show(value)}`);
  }
  return value as number;
}
