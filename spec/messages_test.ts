/**
 * Specs for the messages a newcomer meets when a call is written the wrong way (issue 21):
 * each says what is wrong and shows how to write the call (its signature from
 * `audit/sheet/_signatures.json`), and `deno task audit --functions` lists the calls.
 *
 * The wrong calls are the ones a newcomer wrote from the guide alone (the sheet and its
 * probes of issue 21); before these messages they read "unknown option inputSize
 * (convOutputSize reads constructor)", "options must be an object, got 3", "params must
 * be { wc, bc, wf, bf }, got undefined" and "did you mean conv2d?".
 *
 * @module
 */
import { deepStrictEqual, doesNotThrow, match, ok, strictEqual, throws } from "node:assert/strict";
import {
  closestFunction,
  evaluate,
  LIBRARY,
  parseExpression,
  SheetError,
  signatureEntry,
  signatureText,
} from "../audit/sheet/expr.ts";
import { functionsText } from "../audit/sheet/functions.ts";
import { parseArgs } from "../audit/cli.ts";
import { auditSheet } from "../audit/sheet/sheet.ts";

const root = new URL("../", import.meta.url);
const run = (source: string) => evaluate(parseExpression(source));
const fails = (source: string, message: RegExp) =>
  throws(() => run(source), (e: Error) => {
    ok(e instanceof SheetError, `${source}: a SheetError, got ${e}`);
    match(e.message, message);
    return true;
  });

/** A library error (TypeError or RangeError) with the message, through the sheet language. */
const libFails = (source: string, kind: ErrorConstructor, message: RegExp) =>
  throws(() => run(source), (e: Error) => {
    ok(e instanceof kind, `${source}: a ${kind.name}, got ${e}`);
    match(e.message, message);
    return true;
  });

const CONV =
  /convOutputSize\(inputSize: number, options: \{ kernel, stride\?, padding\?, dilation\? \}\)/;

Deno.test("an object given for a number argument names the argument and shows the call", () => {
  fails(
    "convOutputSize({inputSize: 32, kernel: 3})",
    /^convOutputSize: the first argument, inputSize, is a number, but it was given an object \{ inputSize, kernel \} \(inputSize is not an option: it is the first argument itself\): write convOutputSize\(inputSize: number/,
  );
  fails("convOutputSize({size: 32, kernel: 3})", CONV);
  fails(
    "poolOutputSize({inputSize: 32, pool: 2})",
    /^poolOutputSize: the first argument, inputSize, is a number/,
  );
  fails(
    "samePadding({kernel: 3, stride: 1})",
    /^samePadding: the first argument, inputSize, is a number, but it was given an object \{ kernel, stride \}: write samePadding\(inputSize: number, options: \{ kernel, stride\?, dilation\? \}\), e\.g\. samePadding\(4, \{kernel: 3\}\)/,
  );
  // No leaked internal name: the library's message reads `constructor`, never the sheet.
  throws(
    () => run("convOutputSize({inputSize: 32, kernel: 3})"),
    (e: Error) => !/constructor/.test(e.message),
  );
});

Deno.test("too many arguments: the count, which argument is the options object, its keys", () => {
  fails(
    "convOutputSize(32, 3, {padding: 1})",
    /^convOutputSize takes 2 arguments, got 3; the second argument, options, is one object holding \{ kernel, stride\?, padding\?, dilation\? \}: write convOutputSize\(inputSize: number, options: .*e\.g\. convOutputSize\(4, \{kernel: 2\}\)$/,
  );
  fails("convOutputSize(32, 3, 1, 1)", /^convOutputSize takes 2 arguments, got 4;/);
  fails(
    "scalarNetBackprop(1, 0, {wc: 1, bc: 0, wf: 1, bf: 0})",
    /^scalarNetBackprop takes 2 arguments, got 3; the first argument, sample, is one object holding \{ x, y \}; the second argument, params, is one object holding \{ wc, bc, wf, bf \}/,
  );
});

Deno.test("a number for an options object, and a missing argument, are named", () => {
  fails(
    "poolOutputSize(32, 2)",
    /^poolOutputSize: the second argument, options, is an object \{ kernel, stride\?, padding\?, dilation\?, ceilMode\? \}, but it was given 2/,
  );
  fails(
    "scalarNetBackprop({})",
    /^scalarNetBackprop: the second argument, params \(\{ wc, bc, wf, bf \}\), is missing: write scalarNetBackprop\(sample: \{ x, y \}, params: \{ wc, bc, wf, bf \}\), e\.g\. scalarNetBackprop\(\{x: 1, y: 1\}/,
  );
  fails(
    "mlpBackprop({})",
    /^mlpBackprop: the second argument, params \(\{ w1, b1, w2, b2 \}\), is missing/,
  );
  // A key the argument's type requires, and two object arguments swapped.
  fails(
    "scalarNetBackprop({x: 1}, {wc: 1, bc: 0, wf: 1, bf: 0})",
    /^scalarNetBackprop: the first argument, sample \{ x, y \}, lacks y: write scalarNetBackprop\(/,
  );
  fails(
    "convOutputSize(32, {stride: 2})",
    /^convOutputSize: the second argument, options \{ kernel, stride\?, padding\?, dilation\? \}, lacks kernel/,
  );
  fails(
    "scalarNetBackprop({wc: 1, bc: 0, wf: 1, bf: 0}, {x: 1, y: 0})",
    /^scalarNetBackprop: the first argument has the keys of the second argument, params \{ wc, bc, wf, bf \}; the arguments are in another order/,
  );
  // A misspelt key is still reported as such, not as a missing one.
  fails(
    "convOutputSize(32, {kernal: 3})",
    /^convOutputSize: unknown option kernal \(did you mean kernel\?/,
  );
});

Deno.test("an option another API spells differently says so, and is not accepted", () => {
  fails(
    "maxPool2d([[1, 2], [3, 4]], {pool: 2})",
    /^maxPool2d: unknown option pool \(maxPool2d calls it kernel, while the summary layers call it pool: \{type: "maxPool2d", pool: 2\}; its options: ceilMode, dilation, kernel, padding, stride\)$/,
  );
  fails(
    "sgdStep([1], [0.5], {lr: 0.1})",
    /sgdStep calls it learningRate, while PyTorch calls it lr/,
  );
  // The summary layers themselves keep `pool`.
  doesNotThrow(() =>
    run('summary([{type: "maxPool2d", pool: 2}], {height: 4, width: 4, channels: 1})')
  );
});

Deno.test("an unknown function is matched by the words it shares, and depthwise points to groups", () => {
  strictEqual(
    closestFunction("depthwiseConv2dParameterCount", Object.keys(LIBRARY)),
    "conv2dParameterCount",
  );
  strictEqual(closestFunction("convOutputShape", Object.keys(LIBRARY)), "convOutputSize");
  strictEqual(closestFunction("sigmod", Object.keys(LIBRARY)), "sigmoid"); // a typo still
  fails(
    "depthwiseConv2dParameterCount({channels: 32, kernel: 3})",
    /^unknown function depthwiseConv2dParameterCount \(did you mean conv2dParameterCount\?\): a depthwise convolution is a grouped one: conv2dParameterCount or conv2d with groups equal to the input channels, e\.g\. conv2dParameterCount\(\{inChannels: 32, outChannels: 32, kernel: 3, groups: 32\}\); .*deno task audit --functions/,
  );
  // The example the message gives is right: 32 filters of 1 channel × 3 × 3, plus 32 biases.
  strictEqual(
    run("conv2dParameterCount({inChannels: 32, outChannels: 32, kernel: 3, groups: 32})"),
    32 * 9 + 32,
  );
});

Deno.test("the right forms still evaluate (no false alarm from the signature check)", () => {
  strictEqual(run("convOutputSize(32, {kernel: 3, padding: 1})"), 32);
  strictEqual(run("convOutputSize(7, {kernel: 3, dilation: 2})"), 3); // 7 - 2·2 = 3
  strictEqual(run("poolOutputSize(32, {kernel: 2})"), 16);
  strictEqual(run("samePadding(32, {kernel: 3, stride: 2}).total"), 1); // (16-1)·2 + 3 - 32
  strictEqual(run("binaryCrossEntropyGradient(0.5, 1)"), -2); // -1/0.5, a number overload
  // Every doc example stored in the table that is sheet syntax passes the check: a
  // message that starts "NAME takes" or "NAME: the … argument" would be a false alarm.
  let checked = 0;
  for (const name of Object.keys(LIBRARY)) {
    const example = signatureEntry(name)?.example ?? "";
    if (example === "" || /=>|[!`]/.test(example)) continue;
    try {
      run(example);
    } catch (e) {
      ok(
        !new RegExp(`^${name}( takes|: the \\w+ argument)`).test((e as Error).message),
        `${example}: ${(e as Error).message}`,
      );
    }
    checked++;
  }
  ok(checked >= 60, `${checked} examples checked`);
});

Deno.test("deno task audit --functions lists the calls; --functions NAME shows one", () => {
  deepStrictEqual(parseArgs(["--functions"]).functions, true);
  deepStrictEqual(parseArgs(["--functions", "convOutputSize"]).functions, "convOutputSize");
  deepStrictEqual(parseArgs(["--functions=dropout"]).functions, "dropout");
  deepStrictEqual(parseArgs(["--functions", "--format", "json"]).functions, true);
  const all = functionsText();
  match(all, /^\d+ functions a sheet can call/);
  match(all, CONV);
  match(
    all,
    /conv2dParameterCount\(options: \{ inChannels, outChannels, kernel, bias\?, groups\? \}\)/,
  );
  match(all, /multiHeadAttentionParameterCount\(options: \{ embedDim, heads, bias\? \}\)/);
  match(all, /elementary functions of numbers: exp, ln/);
  const one = functionsText("scalarNetBackprop");
  match(one, /^scalarNetBackprop\(sample: \{ x, y \}, params: \{ wc, bc, wf, bf \}\)\n/);
  match(one, /returns a record: pick a field, .*\.gradients/);
  match(functionsText("batchNormParameterCount"), /\.trainable, \.nonTrainable/);
  match(functionsText("depthwiseConv2d"), /did you mean conv2d\?.*groups/);
  strictEqual(signatureText("nope"), "nope(…)");
});

Deno.test("audit/sheet/_signatures.json is what deno doc gives today (run deno task options)", async () => {
  const { currentSignatures } = await import("../audit/sheet/gen_options.ts");
  const stored = JSON.parse(await Deno.readTextFile(new URL("audit/sheet/_signatures.json", root)));
  deepStrictEqual(stored, await currentSignatures());
});

Deno.test("a sheet line with a wrong call is an error of that line with the message", async () => {
  const report = await auditSheet(
    "## Question 1\n\n```claims\nq1: convOutputSize(32, 3, {padding: 1}) = 32\n```\n",
    "test.md",
  );
  strictEqual(report.errors.length, 1);
  match(report.errors[0].message, /line 4: claim q1: convOutputSize takes 2 arguments, got 3/);
});

Deno.test("dropout takes a fixed 0/1 mask of kept entries, validated, for a worked example", () => {
  // p = 0.5: kept entries are scaled by 1/(1 - 0.5) = 2, dropped ones are 0 (by hand).
  deepStrictEqual(run("dropout([1, 2, 3, 4], {p: 0.5, mask: [1, 0, 1, 0]}).output"), [2, 0, 6, 0]);
  deepStrictEqual(run("dropout([1, 2, 3, 4], {p: 0.5, mask: [1, 0, 1, 0]}).mask"), [2, 0, 2, 0]);
  // p = 0.2: 1/0.8 = 1.25; in evaluation the mask is not used.
  deepStrictEqual(run("dropout([4, 8], {p: 0.2, mask: [0, 1]}).output"), [0, 10]);
  deepStrictEqual(run("dropout([4, 8], {p: 0.2, mask: [0, 1], training: false}).output"), [4, 8]);
  libFails(
    "dropout([1, 2, 3], {p: 0.5, mask: [1, 0]})",
    TypeError,
    /^dropout: mask must have one entry per input \(3\), got 2$/,
  );
  libFails(
    "dropout([1, 2], {p: 0.5, mask: [1, 0.5]})",
    RangeError,
    /^dropout: mask entries must be 0 \(dropped\) or 1 \(kept\), got 0\.5$/,
  );
  libFails(
    "dropout([1, 2], {p: 0.5, mask: [1, 0], seed: 3})",
    TypeError,
    /^dropout: give mask, or seed or random/,
  );
  libFails("dropout([1, 2], {p: 0.5, mask: 1})", TypeError, /^dropout: mask/);
});

Deno.test("a sheet stating dropout with a fixed mask, unscaled, is diagnosed as classic dropout", async () => {
  const report = await auditSheet(
    "## Question 1\n\n```claims\nd1: dropout([1, 2, 3, 4], {p: 0.5, mask: [1, 0, 1, 0]}).output = [1, 0, 3, 0]\n```\n",
    "test.md",
  );
  strictEqual(report.errors.length, 0, JSON.stringify(report.errors));
  const claim = report.claims[0];
  match(JSON.stringify(claim), /no-inverted-scaling/);
});

Deno.test("every call in the guide's table of calls by topic agrees when audited", async () => {
  const guide = await Deno.readTextFile(new URL("docs/guide/sheets.md", root));
  const start = guide.indexOf("#### The calls by topic");
  const table = guide.slice(start, guide.indexOf("**Records and Tensors.**", start));
  const calls = [...table.matchAll(/`([^`]+ = [^`]+)`/g)].map((m) => m[1]);
  ok(calls.length >= 25, `${calls.length} calls in the table`);
  const lines = calls.map((c, i) => `c${i + 1}: ${c}`).join("\n");
  const report = await auditSheet(`## Question 1\n\n\`\`\`claims\n${lines}\n\`\`\`\n`, "guide.md");
  deepStrictEqual(report.errors, []);
  strictEqual(report.summary.claims, calls.length);
  strictEqual(report.summary.agrees, calls.length);
});
