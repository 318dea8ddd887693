/**
 * # Common mistakes
 *
 * Every formula in this library has wrong versions that students write again and again:
 * the logarithm in base 2 where machine learning means $\ln$, a parameter count
 * $(k^2 C_\text{in}) \cdot C_\text{out}$ that forgets the $+1$ of the bias, the sigmoid's
 * derivative $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ evaluated at the wrong point, a mean
 * loss whose gradient lacks the factor $1/N$. Naming a mistake is more useful than
 * saying "wrong": the seed sheet's loss $0.53539$ is not a random slip, it is
 * $-\log_2(0.68997)$.
 *
 * So each library function declares, beside its definition, the mistakes commonly made
 * in computing it: a short name, one sentence on why students make it, and a *variant*,
 * an implementation of the mistake with the function's own signature. The audit engine
 * diagnoses a wrong answer by evaluating the variants on the same arguments and reporting
 * every one that reproduces the stated value.
 *
 * A declaration is a call of {@linkcode commonMistakes} placed right after the function
 * in its lib/ file; {@linkcode mistakesOf} reads them back and {@linkcode allMistakes}
 * lists the whole catalogue.
 *
 * ## Summary
 *
 * - A wrong answer is more useful when its mistake has a name: the sheet's $0.53539$ is the
 *   loss in base 2.
 * - Each function declares its common mistakes beside it, each with a variant that computes
 *   the mistake.
 * - The audit tries every variant on the sheet's arguments and reports those that reproduce
 *   a stated answer.
 *
 * @module
 */
import { guard } from "./_validate.ts";

/**
 * One common mistake in computing a library function `F`: its name, why it is made, and a
 * variant implementation with `F`'s own signature.
 *
 * @typeParam F The function the mistake is made in.
 */
export interface Mistake<F extends (...args: never[]) => unknown> {
  /** A kebab-case identifier, unique among the function's mistakes, e.g. `log-base-2`. */
  readonly id: string;
  /** The mistake in a few words, e.g. "logarithm in base 2 instead of the natural log". */
  readonly name: string;
  /** One sentence on why students make it. */
  readonly why: string;
  /**
   * `"depends"` when the variant is another convention rather than an error (momentum
   * written as a running average, classic dropout): both readings are right answers to
   * differently posed questions, and the audit reports the claim as *depends*, showing both.
   * @default {"error"}
   */
  readonly kind?: "error" | "depends";
  /** The mistake implemented: called with `F`'s arguments, it returns what the mistake gives. */
  readonly variant: (...args: Parameters<F>) => ReturnType<F>;
  /**
   * A worked example: arguments for which the variant and the function differ, and what the
   * variant returns for them (the specs compare it at a relative 1e-12).
   */
  readonly example: { readonly args: Parameters<F>; readonly result: ReturnType<F> };
}

/** A catalogue entry: the function's name and one of its mistakes. */
export interface CatalogueEntry {
  /** The exported name of the function, e.g. `binaryCrossEntropy`. */
  readonly function: string;
  /** The mistake. */
  readonly mistake: Mistake<(...args: never[]) => unknown>;
}

/** Any library function a mistake can be declared for (the bound of {@linkcode commonMistakes}). */
export type AnyFunction = (...args: never[]) => unknown;

const registry = new Map<AnyFunction, readonly Mistake<AnyFunction>[]>();

/**
 * Declares the common mistakes of a library function. Call it once, right after the
 * function's definition, so the mistakes sit beside the formula they get wrong; a second
 * call for the same function, or two mistakes with one id, is a programming error.
 *
 * The catalogue is about the function $f$ and its variants $\tilde f_1, \dots, \tilde f_m$:
 * a stated value $s$ that differs from $f(a)$ is diagnosed as mistake $j$ when
 * $\tilde f_j(a) = s$ at the stated precision.
 *
 * @param fn The library function (its `name` is how the catalogue lists it).
 * @param mistakes Its common mistakes, each with a variant of the same signature.
 * @throws {TypeError} If `fn` already has declared mistakes, or two mistakes share an id.
 *
 * @example Declare and read back a mistake
 * ```ts
 * import { commonMistakes, mistakesOf } from "./mistakes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * function double(x: number): number {
 *   return 2 * x;
 * }
 * commonMistakes(double, [{
 *   id: "square",
 *   name: "squares instead of doubling",
 *   why: "x² and 2x are both 'x twice'.",
 *   variant: (x) => x * x,
 *   example: { args: [3], result: 9 },
 * }]);
 * strictEqual(mistakesOf(double)[0].variant(3), 9);
 * ```
 */
export function commonMistakes<F extends (...args: never[]) => unknown>(
  fn: F,
  mistakes: readonly Mistake<F>[],
): void {
  return guard("commonMistakes", () => {
    if (registry.has(fn)) {
      throw new TypeError(`commonMistakes: ${fn.name} already has declared mistakes`);
    }
    const ids = new Set<string>();
    for (const m of mistakes) {
      if (ids.has(m.id)) {
        throw new TypeError(`commonMistakes: ${fn.name} declares the mistake id ${m.id} twice`);
      }
      ids.add(m.id);
    }
    registry.set(fn, mistakes as unknown as readonly Mistake<AnyFunction>[]);
  });
}

/**
 * The declared mistakes of a library function, in declaration order (empty when it has
 * none). For $f$ it returns the variants $\tilde f_1, \dots, \tilde f_m$ with their names.
 *
 * @param fn The library function.
 * @returns Its mistakes.
 *
 * @example A function without declared mistakes has none
 * ```ts
 * import { mistakesOf } from "./mistakes.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(mistakesOf(Math.max).length, 0);
 * ```
 */
export function mistakesOf<F extends (...args: never[]) => unknown>(fn: F): readonly Mistake<F>[] {
  return (registry.get(fn) ?? []) as unknown as readonly Mistake<F>[];
}

/**
 * The whole catalogue: every declared mistake of every library function loaded so far
 * (import `mod.ts` to load them all), as $(f, \tilde f_j)$ pairs in declaration order.
 *
 * @returns One entry per mistake.
 *
 * @example Every entry names its function
 * ```ts
 * import { allMistakes } from "./mistakes.ts";
 * import { ok } from "node:assert/strict";
 *
 * ok(allMistakes().every((entry) => entry.function.length > 0));
 * ```
 */
export function allMistakes(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const [fn, list] of registry) {
    for (const mistake of list) entries.push({ function: fn.name, mistake });
  }
  return entries;
}
