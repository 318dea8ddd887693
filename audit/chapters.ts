/**
 * Which chapter (lib module) each library function belongs to, read from the modules
 * themselves so it cannot drift: a sheet claim's default chapter is the chapter of the
 * first library function its expression calls.
 *
 * @module
 */
import * as activations from "../lib/activations.ts";
import * as neuron from "../lib/neuron.ts";
import * as losses from "../lib/losses.ts";
import * as convolution from "../lib/convolution.ts";
import * as pooling from "../lib/pooling.ts";
import * as shapes from "../lib/shapes.ts";
import * as summary from "../lib/summary.ts";
import * as dense from "../lib/dense.ts";
import * as gradcheck from "../lib/gradcheck.ts";
import * as network from "../lib/network.ts";
import * as descent from "../lib/descent.ts";
import * as learningRate from "../lib/learning_rate.ts";
import * as depth from "../lib/depth.ts";
import * as optimizers from "../lib/optimizers.ts";
import * as normalization from "../lib/normalization.ts";
import * as regularization from "../lib/regularization.ts";
import * as recurrent from "../lib/recurrent.ts";
import * as attention from "../lib/attention.ts";
import type { Chapter } from "./model.ts";

const MODULES: Record<Chapter, Record<string, unknown>> = {
  activations,
  neuron,
  losses,
  convolution,
  pooling,
  shapes,
  summary,
  dense,
  gradcheck,
  network,
  descent,
  learning_rate: learningRate,
  depth,
  optimizers,
  normalization,
  regularization,
  recurrent,
  attention,
};

/** The chapter whose module exports `name`, or null (tensor helpers, elementary functions). */
export function chapterOf(name: string): Chapter | null {
  for (const [chapter, module] of Object.entries(MODULES)) {
    if (Object.hasOwn(module, name)) return chapter as Chapter;
  }
  return null;
}
