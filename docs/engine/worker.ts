/// <reference lib="webworker" />
/**
 * The audit engine's Worker: the page posts `{id, op: "check", claim, answer}` (an
 * exercise's claim line and the student's answer) or `{id, op: "sheet", text}` (a pasted
 * sheet) and gets `{id, ok: true, result}` or `{id, ok: false, error}` back. Running in a
 * Worker, a slow or hostile sheet never blocks the page, which stops the Worker when it runs
 * past its time limit (docs/engine/page.ts). Bundled to `_site/assets/engine-worker.js`.
 *
 * @module
 */

import { auditPastedSheet, checkAnswer } from "./check.ts";

/** A request from the page. */
export type Request =
  | { id: number; op: "check"; claim: string; answer: string }
  | { id: number; op: "sheet"; text: string }
  | { id: number; op: "ping" };

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** When the engine's code had loaded, in ms since the Worker started (for the page's timing). */
const loaded = performance.now();

/**
 * A first check the student does not see, run when the page starts the engine: the first
 * real one then runs on compiled code (it is about twice as fast).
 */
async function warmUp(): Promise<{ origin: number; loaded: number; warm: number }> {
  await checkAnswer("w: denseParameterCount({inFeatures: 2, outFeatures: 3}) = 9", "6");
  return { origin: performance.timeOrigin, loaded, warm: performance.now() };
}

scope.onmessage = async (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    const result = request.op === "check"
      ? await checkAnswer(request.claim, request.answer)
      : request.op === "sheet"
      ? await auditPastedSheet(request.text)
      : await warmUp();
    scope.postMessage({ id: request.id, ok: true, result });
  } catch (error) {
    const e = error as Error;
    scope.postMessage({ id: request.id, ok: false, error: e?.message ?? String(error) });
  }
};
