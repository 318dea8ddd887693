/**
 * jsep, the expression parser of answer sheets, imported in one place with its version
 * pinned (as `_fast_check.ts` does for fast-check, so the audit loads by URL without an
 * import map), configured for the sheet language: the object-literal plugin, `^` as a
 * right-associative power binding like `**`, and no operators beyond arithmetic.
 *
 * @module
 */
// The audit loads by URL with no import map, so the versions are pinned here (the same as
// deno.json's `jsep` and `@jsep-plugin/object` entries) rather than named bare.
// deno-lint-ignore no-import-prefix
import jsep from "npm:jsep@1.4.0";
// deno-lint-ignore no-import-prefix
import object from "npm:@jsep-plugin/object@1.2.2";

jsep.plugins.register(object);
jsep.addBinaryOp("^", 11, true);
for (
  const op of [
    "||",
    "??",
    "&&",
    "|",
    "&",
    "==",
    "!=",
    "===",
    "!==",
    "<",
    ">",
    "<=",
    ">=",
    "<<",
    ">>",
    ">>>",
    "%",
  ]
) {
  jsep.removeBinaryOp(op);
}
jsep.removeUnaryOp("!");
jsep.removeUnaryOp("~");
jsep.removeLiteral("null");
// Mark parenthesised groups, so that `-2^2` can be read as -(2^2) while `(-2)^2` stays.
jsep.hooks.add("gobble-token", function (env) {
  // deno-lint-ignore no-explicit-any
  const context = (env as any).context;
  if (context.code !== 40) return; // "("
  const node = context.gobbleGroup();
  if (!node) return;
  node.parenthesized = true;
  env.node = context.gobbleTokenProperty(node);
});

export default jsep;
export type { Expression } from "npm:jsep@1.4.0";
