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

/**
 * The most entries any result or intermediate array of the library may have: $2^{26}$
 * (67,108,864 numbers, 512 MiB of float64). Every function that allocates from sizes it
 * was given checks this before allocating, so no accepted input exhausts memory.
 */
export const MAX_ENTRIES: number = 2 ** 26;

/**
 * The most elementary steps (multiply-adds, per-sample gradient evaluations times
 * parameters, iterations times coordinates) one call may take: $2^{31}$, a few seconds
 * of float64 arithmetic. Loop counts a caller passes (epochs, `maxIterations`, kernel
 * sizes) are checked against it before the loop starts, so no call runs without bound.
 */
export const MAX_WORK: number = 2 ** 31;

/**
 * The most iterations one training or study call may run: $2^{18}$ (262,144) per-sample
 * gradient evaluations (epochs times samples) for gradient descent, or descent steps
 * (`maxIterations`, summed over the learning rates of a study) for the learning-rate
 * classifier. Each iteration calls the model's own code, so this bound, rather than
 * {@linkcode MAX_WORK}, is what keeps such a call to seconds.
 */
export const MAX_ITERATIONS: number = 2 ** 18;

/** Throws `RangeError` unless `count` iterations are at most {@linkcode MAX_ITERATIONS}. */
export function iterations(fn: string, what: string, count: number): number {
  if (!(count <= MAX_ITERATIONS)) {
    throw new RangeError(
      `${fn}: ${what} would run ${
        show(count)
      } iterations, more than the budget of 2^18 (${MAX_ITERATIONS})`,
    );
  }
  return count;
}

/** Renders a value for an error message: short, and unambiguous for NaN and -0. Never throws. */
export function show(value: unknown): string {
  try {
    if (typeof value === "number") {
      if (Object.is(value, -0)) return "-0";
      return String(value);
    }
    if (typeof value === "string") {
      const text = JSON.stringify(value);
      return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
    }
    if (typeof value === "bigint") return `${value}n (a BigInt)`;
    if (typeof value === "symbol") return "a symbol";
    if (typeof value === "function") return "a function";
    if (Array.isArray(value)) {
      let text: string;
      try {
        text = JSON.stringify(value, (_k, v) => typeof v === "bigint" ? `${v}n` : v);
      } catch {
        return `an array of length ${value.length} (cyclic or unreadable)`;
      }
      return text.length > 60 ? `${text.slice(0, 57)}...` : text;
    }
    if (value === null) return "null";
    if (value === undefined) return "undefined";
    if (typeof value === "object") return value.constructor?.name ?? "object";
    return String(value);
  } catch {
    return "an unreadable value";
  }
}

/** The message of an error thrown while reading a caller's value, for a rethrown TypeError. */
function reason(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return "an unreadable error";
  }
}

/**
 * Reads an options argument: `undefined` gives `{}`; anything but a plain object is a
 * `TypeError`. The fields are copied once (a getter that throws, or a Proxy, becomes a
 * `TypeError` naming `fn`), so the caller's later reads see plain data.
 */
export function options<T extends object>(fn: string, value: T | undefined, name = "options"): T {
  if (value === undefined) return {} as T;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${fn}: ${name} must be an object, got ${show(value)}`);
  }
  try {
    return { ...value };
  } catch (error) {
    throw new TypeError(`${fn}: ${name} could not be read: ${reason(error)}`, { cause: error });
  }
}

/**
 * A yes/no option: `true`, `false`, or `undefined` for the default. Anything else (the
 * string `"no"`, `0`) is a TypeError, not a truthy or falsy guess.
 */
export function flag(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`${fn}: ${name} must be true or false, got ${show(value)}`);
  }
  return value;
}

/**
 * Throws `RangeError` unless `count` (entries to allocate) is at most
 * {@linkcode MAX_ENTRIES}; call it before allocating.
 */
export function entries(fn: string, what: string, count: number): number {
  if (!(count <= MAX_ENTRIES)) {
    throw new RangeError(
      `${fn}: ${what} would have ${
        show(count)
      } entries, more than the limit of 2^26 (${MAX_ENTRIES})`,
    );
  }
  return count;
}

/** Throws `RangeError` unless `steps` is at most {@linkcode MAX_WORK}; call it before a loop. */
export function work(fn: string, what: string, steps: number): number {
  if (!(steps <= MAX_WORK)) {
    throw new RangeError(
      `${fn}: ${what} would take ${show(steps)} steps, more than the budget of 2^31 (${MAX_WORK})`,
    );
  }
  return steps;
}

/** Throws `RangeError` for an integer beyond `Number.MAX_SAFE_INTEGER` (2^53 - 1) in magnitude. */
function safe(fn: string, name: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `${fn}: ${name} must be at most 2^53 - 1 (Number.MAX_SAFE_INTEGER) in magnitude, got ${
        show(value)
      }`,
    );
  }
  return value;
}

/** Throws `RangeError` unless `value` is an integer >= 1. */
export function positiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${name} must be a positive integer, got ${show(value)}`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer, got ${show(value)}`);
  }
  return safe(fn, name, value);
}

/** Throws `RangeError` unless `value` is an integer >= 0. */
export function nonNegativeInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: ${name} must be a non-negative integer, got ${show(value)}`);
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${show(value)}`);
  }
  safe(fn, name, value);
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
  safe(fn, name, value as number);
  return value as number;
}

/**
 * Runs `compute`, which calls the public function `inner` on behalf of `fn`, and rethrows
 * a TypeError or RangeError naming `inner` as the same error naming `fn`, the function
 * the caller called (the rest of the message, which names the parameter, is kept).
 */
export function as<T>(fn: string, inner: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (
      (error instanceof TypeError || error instanceof RangeError) &&
      error.message.startsWith(`${inner}: `)
    ) {
      const Type = error instanceof TypeError ? TypeError : RangeError;
      throw new Type(`${fn}: ${error.message.slice(inner.length + 2)}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Runs the body of the public function `fn` so that whatever goes wrong inside names
 * `fn`: its own TypeError or RangeError passes unchanged; one naming another function of
 * the library (which `fn` called) is rethrown as the same class with `fn: ` in front;
 * anything else (a Proxy's trap or a getter that throws, a BigInt where a number was
 * expected, a callback's error) becomes a TypeError naming `fn`, with the original as
 * its `cause`.
 */
export function guard<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    const typed = error instanceof TypeError || error instanceof RangeError;
    if (typed && error.message.startsWith(`${fn}: `)) throw error;
    const Type = error instanceof RangeError ? RangeError : TypeError;
    throw new Type(`${fn}: ${reason(error)}`, { cause: error });
  }
}

/**
 * The function name an options object asks errors to use (its `fn`, for the shape
 * functions a kernel calls on its own behalf), or `fallback`; never throws.
 */
export function nameIn(options: unknown, fallback: string): string {
  try {
    const fn = (options as { fn?: unknown } | null | undefined)?.fn;
    return typeof fn === "string" ? fn : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Throws `RangeError` unless a count or size computed from accepted inputs is a safe
 * integer (at most $2^{53} - 1$): beyond it float64 counts are no longer exact, and past
 * $2^{1024}$ they become Infinity. Returns `value`.
 */
export function exactCount(fn: string, what: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `${fn}: ${what} is ${show(value)}, beyond 2^53 - 1 where float64 counts are exact`,
    );
  }
  return value;
}
