/**
 * Golden section `optimizers`: eleven `torch.optim` variants, each run from `start` for a
 * few steps with the listed gradients; the parameters after every step must agree. The
 * hyper-parameters are read from PyTorch's `param_groups` names; each case name says which
 * optimizer it is.
 */
import {
  adagradStep,
  adamStep,
  adamwStep,
  type OptimizerState,
  type OptimizerStep,
  rmspropStep,
  sgdStep,
} from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case, as PyTorch wrote it. */
interface OptimizerCase {
  optimizer: string;
  // deno-lint-ignore no-explicit-any
  hyper: Record<string, any>;
  start: number[];
  gradients: number[][];
  after_each_step: number[][];
}

type Step = (p: number[], g: number[], state: OptimizerState | undefined) => OptimizerStep<
  OptimizerState
>;

/** PyTorch's hyper-parameters turned into nnspec's step function, by the optimizer's family. */
// deno-lint-ignore no-explicit-any
function stepper(name: string, h: Record<string, any>): Step {
  if (name.startsWith("sgd")) {
    return (p, g, state) =>
      sgdStep(p, g, {
        learningRate: h.lr,
        momentum: h.momentum,
        dampening: h.dampening,
        weightDecay: h.weight_decay,
        nesterov: h.nesterov,
        state: state as never,
      });
  }
  if (name === "adagrad") {
    return (p, g, state) =>
      adagradStep(p, g, {
        learningRate: h.lr,
        lrDecay: h.lr_decay,
        eps: h.eps,
        weightDecay: h.weight_decay,
        initialAccumulatorValue: h.initial_accumulator_value,
        state: state as never,
      });
  }
  if (name.startsWith("rmsprop")) {
    return (p, g, state) =>
      rmspropStep(p, g, {
        learningRate: h.lr,
        alpha: h.alpha,
        eps: h.eps,
        weightDecay: h.weight_decay,
        momentum: h.momentum,
        centered: h.centered,
        state: state as never,
      });
  }
  if (name.startsWith("adam")) {
    const step = h.decoupled_weight_decay ? adamwStep : adamStep;
    return (p, g, state) =>
      step(p, g, {
        learningRate: h.lr,
        betas: h.betas,
        eps: h.eps,
        weightDecay: h.weight_decay,
        amsgrad: h.amsgrad,
        state: state as never,
      });
  }
  throw new TypeError(`optimizers: no nnspec optimizer for PyTorch's ${JSON.stringify(name)}`);
}

/** Runs the steps and compares the parameters after each. */
export const evaluate: Evaluate = (data: OptimizerCase, name, tolerance) => {
  const step = stepper(data.optimizer, data.hyper);
  let parameters = data.start;
  let state: OptimizerState | undefined;
  const after: number[][] = [];
  for (const gradient of data.gradients) {
    ({ parameters, state } = step(parameters, gradient, state));
    after.push(parameters);
  }
  return compare(
    after,
    data.after_each_step,
    `${name} (${data.optimizer}).after_each_step`,
    tolerance,
  );
};
