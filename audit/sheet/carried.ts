/**
 * Errors carried forward in a sheet: a claim may use an earlier claim's value as `@ID`
 * (`@5b * sigmoidDerivative(0.8) = -0.3101`), and a disagreement that the earlier claim's
 * *stated* value reproduces is that earlier mistake's consequence, not a mistake of its own.
 *
 * `@ID` stands for claim ID's correct value when the claim is judged, so an answer built on a
 * wrong earlier answer still disagrees; the audit then puts the earlier claim's stated value
 * in its place, and if the claim's stated answer follows, the report lists it under the
 * earlier mistake. docs/guide/sheets.md is the reference.
 *
 * @module
 */
import { type Node, parseExpression, plain, SheetError } from "./expr.ts";

/** What a later claim may use of an earlier one. */
export interface Earlier {
  /** The claim's id. */
  id: string;
  /** Its correct value (numbers or nested arrays of numbers), or undefined for a formula. */
  value: unknown;
  /** Its stated value, evaluated, or undefined when it has none a claim can use (a shape). */
  stated: unknown;
  /** Whether it disagrees (only then can it carry an error). */
  disagrees: boolean;
  /** Its group (the distinct mistake a consequence joins) and kind, when it disagrees. */
  group: string | null;
  /** Its kind when it disagrees. */
  kind: "error" | "slip" | "depends" | null;
}

/** One `@ID` of a claim: the name it is evaluated under and the claim it refers to. */
export interface Reference {
  /** The identifier that replaces `@ID` in the expression (`__at0`). */
  name: string;
  /** The earlier claim's id. */
  id: string;
}

/** The characters of an `@ID` reference: an id, then perhaps `.field` accesses. */
const REFERENCE = /@([A-Za-z0-9_][\w.-]*)/g;

/**
 * Replaces each `@ID` of `text` by an identifier, the longest earlier claim id that the
 * reference starts with (ids may hold dots: `@1b.bce.value` is claim `1b.bce.value`, or claim
 * `1b.bce` and its field `value`).
 *
 * @throws {SheetError} When no claim above has the id.
 */
export function resolveReferences(
  text: string,
  earlier: ReadonlyMap<string, Earlier>,
  refs: Reference[],
): string {
  return text.replace(REFERENCE, (_whole, raw: string) => {
    const ref = raw.replace(/[.-]+$/, "");
    const rest = raw.slice(ref.length);
    for (let end = ref.length; end > 0; end = ref.lastIndexOf(".", end - 1)) {
      const id = ref.slice(0, end);
      const known = earlier.get(id);
      if (!known) continue;
      if (known.value === undefined) {
        throw new SheetError(
          `@${id}: claim ${id} has no single value to use (a formula or a shape); use a claim ` +
            "whose answer is a number or an array",
        );
      }
      let found = refs.find((r) => r.id === id);
      if (!found) {
        found = { name: `__at${refs.length}`, id };
        refs.push(found);
      }
      return `${found.name}${ref.slice(end)}${rest}`;
    }
    throw new SheetError(
      `@${ref}: no claim ${ref} above this line; @ID uses the value of a claim written ` +
        "before it, e.g. @5b",
    );
  });
}

/** A value as an expression node (numbers and nested arrays, written exactly). */
function literal(value: unknown): Node {
  return parseExpression(JSON.stringify(plain(value), (_k, v) => plain(v)));
}

/**
 * The `where:`-style definitions of a claim's references: each bound to the earlier claim's
 * correct value, or, for `statedFor`, that one claim's stated value.
 */
export function referenceBindings(
  refs: readonly Reference[],
  earlier: ReadonlyMap<string, Earlier>,
  statedFor: string | null = null,
): [string, Node][] {
  return refs.map((r) => {
    const e = earlier.get(r.id)!;
    return [r.name, literal(r.id === statedFor ? e.stated : e.value)];
  });
}

/** Whether a value is numbers only (a number or nested arrays of them): what `@ID` can carry. */
export function carriable(value: unknown): boolean {
  const v = plain(value);
  return typeof v === "number"
    ? Number.isFinite(v)
    : Array.isArray(v) && v.length > 0 && v.every(carriable);
}
