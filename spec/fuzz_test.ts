/**
 * Every export of mod.ts, called with hostile arguments, either returns finite numbers
 * (every number reachable in the result, Tensor data included) or throws a TypeError or
 * RangeError whose message starts with the export's name. The calls run in a worker
 * (spec/_fuzz_worker.ts) so a call that hangs is stopped and named.
 *
 * Bounds, stated as safety limits rather than speed targets: each call under 5 s (the machine is shared; the slowest accepted hostile call, 15000 epochs of a 2-sample problem, takes about 1 s), and
 * heap plus external memory (typed arrays) at most 200 MB larger after a call than
 * before it (no forced GC, so garbage counts too: the bound is generous on purpose).
 * Exports added later are covered by the generic fallback (random hostile arguments);
 * the core exports get templates of valid arguments with one part made hostile.
 */
import { deepStrictEqual, ok } from "node:assert/strict";

const RUNS = 200;
const TIME_LIMIT_MS = 5000;
const MEMORY_LIMIT = 200 * 2 ** 20;
/** No message for this long means a call hangs. */
const SILENCE_MS = 10_000;

interface Result {
  name: string;
  problems: string[];
  slowest: number;
  slowestArgs: string;
  maxGrowth: number;
  total: number;
}

async function runFuzz(only?: string[]): Promise<Result[]> {
  const worker = new Worker(new URL("./_fuzz_worker.ts", import.meta.url), { type: "module" });
  const results: Result[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let last = "(starting)";
      let timer = setTimeout(() => reject(new Error(`no progress: ${last}`)), SILENCE_MS * 3);
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`worker failed during ${last}: ${e.message}`));
      };
      worker.onmessage = (e) => {
        clearTimeout(timer);
        timer = setTimeout(() => reject(new Error(`a call hangs: ${last}`)), SILENCE_MS);
        const m = e.data;
        if (m.type === "call") last = `${m.name}, run ${m.run} (seed 20261202)`;
        else if (m.type === "result") results.push(m);
        else if (m.type === "done") {
          clearTimeout(timer);
          resolve();
        }
      };
      worker.postMessage({ runs: RUNS, only });
    });
  } finally {
    worker.terminate();
  }
  return results;
}

Deno.test(`every export of mod.ts, called ${RUNS} times with hostile arguments, returns finite numbers or throws a typed error naming itself`, async () => {
  const results = await runFuzz();
  const mod = await import("../mod.ts");
  const functions = Object.entries(mod).filter(([, v]) => typeof v === "function").map(([k]) => k);
  deepStrictEqual(
    results.map((r) => r.name).filter((n) => functions.includes(n)).sort(),
    functions.sort(),
  );
  const problems = results.flatMap((r) => r.problems);
  if (Deno.env.get("FUZZ_TIMES")) {
    for (const r of [...results].sort((a, b) => b.total - a.total).slice(0, 12)) {
      console.log(`${r.name}: ${r.total.toFixed(0)} ms, slowest call ${r.slowest.toFixed(0)} ms`);
    }
  }
  ok(problems.length === 0, `${problems.length} violations:\n${problems.join("\n")}`);
  for (const r of results) {
    ok(
      r.slowest < TIME_LIMIT_MS,
      `${r.name} took ${r.slowest.toFixed(0)} ms on (${r.slowestArgs})`,
    );
    ok(
      r.maxGrowth < MEMORY_LIMIT,
      `${r.name} grew memory by ${(r.maxGrowth / 2 ** 20).toFixed(0)} MB`,
    );
  }
});
