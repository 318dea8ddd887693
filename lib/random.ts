/**
 * # Seeded randomness: the same seed gives the same run
 *
 * Stochastic gradient descent visits the training samples in a random order, and the
 * studies of nnspec start from random weights. For a result to be checkable, "random" must
 * be reproducible: the same seed must give the same numbers on every machine. nnspec uses
 * **mulberry32**, a 32-bit generator by Tommy Ettinger: one 32-bit state $s$ advanced by
 * the odd constant `0x6D2B79F5`, then scrambled by two multiply–xor–shift rounds,
 *
 * $$s_{k+1} = s_k + \mathtt{0x6D2B79F5} \pmod{2^{32}}, \qquad
 *   u_k = \frac{\operatorname{mix}(s_{k+1})}{2^{32}} \in [0, 1).$$
 *
 * Its period is $2^{32}$, far more than the few thousand draws a study needs, and it uses
 * only 32-bit integer arithmetic (`Math.imul`), so every JavaScript engine produces the
 * same stream. It is not suitable for cryptography.
 *
 * A **shuffle** is the Fisher–Yates algorithm: for $i = n-1$ down to $1$, swap item $i$
 * with item $j$ drawn uniformly from $\{0, \dots, i\}$. Each of the $n!$ orders is then
 * equally likely (up to the generator's quality).
 *
 * ## Summary
 *
 * - Reproducible randomness needs a seeded generator: the same seed gives the same stream
 *   everywhere.
 * - mulberry32 keeps one 32-bit state and scrambles it; its period $2^{32}$ is ample for the
 *   studies here.
 * - Fisher–Yates shuffling makes every order equally likely.
 *
 * @example Two generators with the same seed agree; a shuffle is a permutation
 * ```ts
 * import { mulberry32, permutation } from "./random.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const a = mulberry32(42), b = mulberry32(42);
 * strictEqual(a(), b());
 * const order = permutation(5, mulberry32(7));
 * deepStrictEqual([...order].sort(), [0, 1, 2, 3, 4]);
 * ```
 *
 * @module
 */

import { entries, finiteNumber, guard, nonNegativeInteger, show } from "./_validate.ts";

/** A source of uniform numbers in $[0, 1)$, such as the one {@linkcode mulberry32} returns. */
export type Random = () => number;

/**
 * Creates a seeded generator of uniform numbers in $[0, 1)$ (mulberry32).
 *
 * $$\begin{aligned} s &\leftarrow s + \mathtt{0x6D2B79F5} \bmod 2^{32}, &
 *   t &= (s \oplus s \gg 15)(1 \mid s), \\
 *   t &\leftarrow t \oplus (t + (t \oplus t \gg 7)(61 \mid t)), &
 *   u &= \frac{t \oplus t \gg 14}{2^{32}} \end{aligned}$$
 *
 * where $s$ starts at `seed` (read as an unsigned 32-bit integer).
 *
 * @param seed An integer; it is reduced modulo $2^{32}$, so `seed` and `seed + 2**32` give
 *   the same stream.
 * @returns A function that returns the next number of the stream each time it is called.
 * @throws {RangeError} If `seed` is not an integer (NaN, infinite or fractional).
 *
 * @example The first draws of seed 1 are reproducible and lie in [0, 1)
 * ```ts
 * import { mulberry32 } from "./random.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const random = mulberry32(1);
 * const first = [random(), random(), random()];
 * ok(first.every((u) => u >= 0 && u < 1));
 * const again = mulberry32(1);
 * strictEqual(again(), first[0]);
 * ```
 */
export function mulberry32(seed: number): Random {
  return guard("mulberry32", () => {
    finiteNumber("mulberry32", "seed", seed);
    if (!Number.isInteger(seed)) {
      throw new RangeError(`mulberry32: seed must be an integer, got ${show(seed)}`);
    }
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  });
}

/**
 * A uniformly random order of $0, 1, \dots, n-1$ (Fisher–Yates).
 *
 * For $i = n-1, \dots, 1$: draw $j = \lfloor u (i + 1) \rfloor$ with $u$ from `random`, and
 * swap positions $i$ and $j$.
 *
 * @param n How many indices; a non-negative integer.
 * @param random The generator to draw from, e.g. `mulberry32(seed)`; it is advanced by
 *   $n - 1$ draws (none when $n \le 1$).
 * @returns The indices $0, \dots, n-1$ in shuffled order.
 * @throws {RangeError} If `n` is not a non-negative integer, or `random` returns something
 *   outside $[0, 1)$ (NaN, or 1, would pick an index that does not exist).
 * @throws {TypeError} If `random` is not a function.
 *
 * @example Same seed, same order
 * ```ts
 * import { mulberry32, permutation } from "./random.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(permutation(6, mulberry32(3)), permutation(6, mulberry32(3)));
 * ```
 */
export function permutation(n: number, random: Random): number[] {
  return guard("permutation", () => {
    return fisherYates("permutation", n, random);
  });
}

/** Fisher–Yates on $0, \dots, n-1$, with errors naming `fn` (permutation or shuffle). */
function fisherYates(fn: string, n: number, random: Random): number[] {
  nonNegativeInteger(fn, "n", n);
  entries(fn, "the order", n);
  if (typeof random !== "function") {
    throw new TypeError(`${fn}: random must be a function, got ${show(random)}`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(draw(fn, random) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * A shuffled copy of `items` (Fisher–Yates, see {@linkcode permutation}); `items` itself is
 * left unchanged. With $\pi$ the permutation of $0, \dots, n-1$ drawn from `random`, the
 * copy is
 *
 * $$y_i = x_{\pi(i)}, \qquad i = 0, \dots, n - 1,$$
 *
 * where $x$ is `items` and $n$ its length.
 *
 * @param items The items to shuffle (any array).
 * @param random The generator to draw from, e.g. `mulberry32(seed)`.
 * @returns A new array holding the same items in a random order.
 * @throws {TypeError} If `items` is not an array or `random` is not a function.
 * @throws {RangeError} If `random` returns something outside $[0, 1)$.
 *
 * @example Shuffling keeps every item
 * ```ts
 * import { mulberry32, shuffle } from "./random.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const cards = ["a", "b", "c", "d"];
 * const mixed = shuffle(cards, mulberry32(2024));
 * deepStrictEqual([...mixed].sort(), cards);
 * deepStrictEqual(cards, ["a", "b", "c", "d"]);
 * ```
 */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  return guard("shuffle", () => {
    if (!Array.isArray(items)) {
      throw new TypeError(`shuffle: items must be an array, got ${show(items)}`);
    }
    return fisherYates("shuffle", items.length, random).map((i) => items[i]);
  });
}

/**
 * A number drawn uniformly from $[\text{low}, \text{high})$: $\text{low} + u(\text{high} -
 * \text{low})$ with $u$ from `random`.
 *
 * @param random The generator to draw from; it must return numbers in $[0, 1)$.
 * @param range `low` and `high`, finite numbers with `low <= high`.
 * @returns The drawn number.
 * @throws {RangeError} If a bound is not finite, `low > high`, or `random` returns
 *   something outside $[0, 1)$.
 * @throws {TypeError} If `random` is not a function.
 *
 * @example Weights in [-1, 1)
 * ```ts
 * import { mulberry32, uniform } from "./random.ts";
 * import { ok } from "node:assert/strict";
 *
 * const random = mulberry32(5);
 * const w = uniform(random, { low: -1, high: 1 });
 * ok(w >= -1 && w < 1);
 * ```
 */
export function uniform(random: Random, range: { low: number; high: number }): number {
  return guard("uniform", () => {
    const low = finiteNumber("uniform", "low", range.low);
    const high = finiteNumber("uniform", "high", range.high);
    if (low > high) {
      throw new RangeError(`uniform: low must be <= high, got low ${low} and high ${high}`);
    }
    return low + draw("uniform", random) * (high - low);
  });
}

/**
 * One draw $u$ from `random`, checked to lie in $[0, 1)$: a generator that returns NaN or 1
 * would otherwise make a permutation with holes or a NaN weight, silently.
 */
function draw(fn: string, random: Random): number {
  if (typeof random !== "function") {
    throw new TypeError(`${fn}: random must be a function, got ${show(random)}`);
  }
  const u = random();
  if (typeof u !== "number" || !(u >= 0 && u < 1)) {
    throw new RangeError(`${fn}: random must return numbers in [0, 1), got ${show(u)}`);
  }
  return u;
}
