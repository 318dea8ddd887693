/**
 * Golden section `scaled_dot_product_attention`: PyTorch's
 * `F.scaled_dot_product_attention(query, key, value, is_causal=causal)` on one head.
 */
import { scaledDotProductAttention } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case, as PyTorch wrote it. */
interface AttentionCase {
  query: number[][];
  key: number[][];
  value: number[][];
  causal: boolean;
  output: number[][];
}

/** Recomputes the attention output. */
export const evaluate: Evaluate = (data: AttentionCase, name, tolerance) =>
  compare(
    scaledDotProductAttention(data.query, {
      key: data.key,
      value: data.value,
      causal: data.causal,
    }).output,
    data.output,
    `${name}.output`,
    tolerance,
  );
