/**
 * The worker side of spec/fuzz_test.ts: calls every export of mod.ts with hostile
 * arguments and posts one message per export (or the call it is in, so that the test can
 * name a call that hangs). Kept in a worker so a hang can be stopped.
 *
 * @module
 */
import fc from "fast-check";
import * as nnspec from "../mod.ts";

/** The worker's global scope, typed for the two members used here. */
const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<{ runs: number; only?: string[] }>) => void) | null;
};
const postMessage = (message: unknown) => scope.postMessage(message);

/** A fresh hostile value for each index (cycles and Proxies are built anew each time). */
const HOSTILE: (() => unknown)[] = [
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => -0,
  () => 1e308,
  () => -1e308,
  () => 2 ** 53 + 2,
  () => 1e15,
  () => 1e9,
  () => 15000,
  () => 10n,
  () => null,
  () => undefined,
  () => "3",
  () => true,
  () => ({}),
  () => [],
  () => [[1, 2], [3]],
  () => {
    const a: unknown[] = [1];
    a.push(a);
    return a;
  },
  () => {
    const a: unknown[][] = [[1, 2]];
    a.push(a as unknown as unknown[]);
    return a;
  },
  () =>
    new Proxy({}, {
      get() {
        throw new Error("proxy trap");
      },
      ownKeys() {
        throw new Error("proxy trap");
      },
    }),
  () =>
    new Proxy([1, 2], {
      get(_t, k) {
        if (k === "length") return 2;
        throw new Error("proxy trap");
      },
    }),
  () => ({
    get kernel(): number {
      throw new Error("getter");
    },
    get learningRate(): number {
      throw new Error("getter");
    },
  }),
  () => {
    const t = nnspec.tensor([[1, 2], [3, 4]]);
    (t as { shape: readonly number[] }).shape = [1000, 1000];
    return t;
  },
  () => {
    const t = nnspec.tensor([1, 2]);
    t.data[0] = NaN;
    return t;
  },
  () => new Float64Array([1, 2, 3]),
  () => new Float32Array([NaN, 1]),
  () => new Uint8Array(4),
  () => [1, 2, 3],
  () => [[1, 2], [3, 4]],
  () => [[[1, 2], [3, 4]]],
  () => [0.5, 10n],
  () => Symbol.iterator,
  () => () => 1,
  () => 0,
  () => 1,
  () => -1,
  () => 0.5,
];

/** Valid argument lists for the core exports; a run mutates one part of one of them. */
const M = () => [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const problem = () =>
  nnspec.logisticRegression({ X: [[1, 2], [2, 1]], y: [1, 0] }, { w0: [0, 0], b0: 0 });
const TEMPLATES: Record<string, () => unknown[]> = {
  tensor: () => [[[1, 2], [3, 4]], { name: "x" }],
  expectRank: () => ["expectRank", "x", [[1, 2]], [2]],
  vector: () => ["vector", "x", [1, 2]],
  sigmoid: () => [0.5],
  softmax: () => [[1, 2, 3]],
  conv2d: () => [M(), [[0, 0], [1, 1]], { stride: 1, padding: 0, dilation: 1, bias: 0 }],
  convolve2d: () => [M(), [[0, 0], [1, 1]], { stride: 1, padding: 1 }],
  conv2dCell: () => [M(), [[0, 0], [1, 1]], 0, 0, { stride: 1 }],
  convTranspose2d: () => [[[1, 2], [3, 4]], [[1, 0], [0, 1]], { stride: 2, padding: 0 }],
  maxPool2d: () => [M(), { kernel: 2, stride: 2, padding: 0 }],
  avgPool2d: () => [M(), { kernel: 2, stride: 1, ceilMode: true }],
  dense: () => [[1, 2], [[1, 0], [0, 1]], [0, 1]],
  convOutputSize: () => [21, { kernel: 5, stride: 2, padding: 0, dilation: 1 }],
  convTransposeOutputSize: () => [4, { kernel: 3, stride: 2, padding: 1, outputPadding: 1 }],
  poolOutputSize: () => [9, { kernel: 3, stride: 2, ceilMode: true }],
  samePadding: () => [21, { kernel: 3, stride: 1 }],
  conv2dGeometry: () => [{ height: 21, width: 21 }, { kernel: 5, stride: 2, padding: "same" }],
  conv2dParameterCount: () => [{ inChannels: 3, outChannels: 6, kernel: 5 }],
  denseParameterCount: () => [{ inFeatures: 160, outFeatures: 10 }],
  summary: () => [[{ type: "conv2d", filters: 6, kernel: 5, stride: 2 }, { type: "flatten" }, {
    type: "dense",
    units: 10,
  }], { height: 21, width: 21, channels: 3 }],
  binaryCrossEntropy: () => [0.68997, 1, { base: 2 }],
  binaryCrossEntropyGradient: () => [[0.5, 0.25], [1, 0], { reduction: "mean" }],
  softmaxCrossEntropy: () => [[1, 2, 3], 1],
  neuron: () => [[2, 1], [0.2, 0.3], 0.1, { activation: "sigmoid" }],
  randomChainWeights: () => [4, 3, { seed: 1, scale: 1 }],
  deepSigmoidChain: () => [[1, 2], nnspec.randomChainWeights(3, 2, { seed: 1 }), {}],
  gradientDescent: () => [problem(), { learningRate: 0.1, batchSize: 1, epochs: 2, seed: 1 }],
  trainLogisticRegression: () => [{ X: [[1, 2], [2, 1]], y: [1, 0] }, {
    w0: [0, 0],
    b0: 0,
    learningRate: 0.1,
    epochs: 2,
  }],
  classifyLearningRate: () => [nnspec.quadratic([1, 2]), { learningRate: 0.1, maxIterations: 100 }],
  learningRateStudy: () => [nnspec.quadratic([1]), [0.1, 1.5], { maxIterations: 50 }],
  quadratic: () => [[1, 2], { start: [1, 1] }],
  gradcheck: () => [(x: Float64Array) => x[0] * x[0], [1], { gradient: [2] }],
  mulberry32: () => [1],
  permutation: () => [5, nnspec.mulberry32(1)],
  uniform: () => [nnspec.mulberry32(1), { low: 0, high: 1 }],
  scalarNetBackprop: () => [{ x: 1, y: 0 }, { wc: 0.5, bc: 0, wf: 0.5, bf: 0 }],
};

/** A hostile variant of `args`: one argument, one option field or one array entry replaced. */
function mutate(args: unknown[], pick: number[]): unknown[] {
  const out = [...args];
  const position = pick[0] % (out.length + 1);
  const hostile = HOSTILE[pick[1] % HOSTILE.length]();
  if (position === out.length) {
    out.push(hostile);
    return out;
  }
  const target = out[position];
  if (pick[2] % 3 !== 0 && target !== null && typeof target === "object") {
    const copy = (Array.isArray(target) ? [...target] : { ...target }) as Record<string, unknown>;
    const keys = Object.keys(copy);
    const key = keys.length > 0 && pick[3] % 4 !== 0
      ? keys[pick[3] % keys.length]
      : ["stride", "padding", "kernel", "epochs", "maxIterations", "seed", "x"][pick[3] % 7];
    copy[key] = hostile;
    out[position] = copy;
  } else out[position] = hostile;
  return out;
}

/** Whether every number reachable in `value` is finite (Tensor data included). */
function allFinite(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value === null || typeof value !== "object" || seen.has(value)) return true;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    return Array.from(value as unknown as ArrayLike<number>).every(Number.isFinite);
  }
  return Object.values(value).every((v) => allFinite(v, seen));
}

/** What a call did that the spec forbids, or null. */
function violation(name: string, call: () => unknown): string | null {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) {
      return `threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`;
    }
    if (!error.message.startsWith(`${name}: `) && !error.message.startsWith(`${name}.`)) {
      return `threw ${error.name} not naming ${name}: ${error.message}`;
    }
    return null;
  }
  return allFinite(result) ? null : "returned a non-finite number";
}

function render(args: unknown[]): string {
  try {
    return args.map((a) => {
      if (typeof a === "bigint") return `${a}n`;
      if (typeof a === "function") return "<function>";
      if (typeof a === "symbol") return "<symbol>";
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return "<cyclic or hostile>";
      }
    }).join(", ");
  } catch {
    return "<unprintable>";
  }
}

/** Fuzzes one export; returns its violations (at most 5), the slowest call and heap growth. */
function fuzz(name: string, runs: number) {
  const value = (nnspec as Record<string, unknown>)[name];
  const problems: string[] = [];
  let slowest = 0;
  let slowestArgs = "";
  let maxGrowth = 0;
  if (typeof value !== "function") return { name, problems, slowest, slowestArgs, maxGrowth };
  const isClass = /^class\b/.test(Function.prototype.toString.call(value));
  const template = TEMPLATES[name];
  let run = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (pick) => {
      let args: unknown[];
      if (template) args = mutate(template(), pick);
      else {
        const arity = Math.max(1, Math.min(4, value.length + (pick[7] % 2)));
        args = Array.from({ length: arity }, (_, i) => HOSTILE[pick[i] % HOSTILE.length]());
      }
      // the run number names a call that hangs (the seed is fixed, so it replays)
      postMessage({ type: "call", name, run: run++ });
      const before = Deno.memoryUsage();
      const start = performance.now();
      const problem = violation(
        name,
        isClass ? () => Reflect.construct(value, args) : () => Reflect.apply(value, null, args),
      );
      const time = performance.now() - start;
      const after = Deno.memoryUsage();
      const growth = after.heapUsed + after.external - before.heapUsed - before.external;
      if (time > slowest) [slowest, slowestArgs] = [time, render(args)];
      maxGrowth = Math.max(maxGrowth, growth);
      if (problem && problems.length < 5) problems.push(`${name}(${render(args)}) ${problem}`);
    }),
    { numRuns: runs, seed: 20261202 },
  );
  return { name, problems, slowest, slowestArgs, maxGrowth };
}

scope.onmessage = (event) => {
  const names = event.data.only ?? Object.keys(nnspec).sort();
  for (const name of names) {
    const start = performance.now();
    const result = fuzz(name, event.data.runs);
    postMessage({ type: "result", ...result, total: performance.now() - start });
  }
  postMessage({ type: "done" });
};
