/**
 * Golden section `batch_norm2d`: PyTorch's `nn.BatchNorm2d` in training mode (batch
 * statistics, then the running statistics after the momentum update) and in evaluation
 * mode (running statistics), and the gradients of sum(output_train · upstream).
 */
import { batchNorm, batchNormBackward } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case, as PyTorch wrote it. */
interface BatchNormCase {
  input: number[][][][];
  weight: number[];
  bias: number[];
  running_mean: number[];
  running_var: number[];
  eps: number;
  momentum: number;
  output_train: number[][][][];
  running_mean_after: number[];
  running_var_after: number[];
  output_eval: number[][][][];
  upstream: number[][][][];
  grad_input: number[][][][];
  grad_weight: number[];
  grad_bias: number[];
}

/** Recomputes training, the running update, evaluation and the backward pass. */
export const evaluate: Evaluate = (data: BatchNormCase, name, tolerance) => {
  const common = { weight: data.weight, bias: data.bias, eps: data.eps };
  const train = batchNorm(data.input, {
    ...common,
    runningMean: data.running_mean,
    runningVar: data.running_var,
    momentum: data.momentum,
  });
  // a fresh module in evaluation mode: the running statistics given, not the updated ones
  const evaluation = batchNorm(data.input, {
    ...common,
    runningMean: data.running_mean,
    runningVar: data.running_var,
    training: false,
  });
  const grads = batchNormBackward(data.input, data.upstream, {
    weight: data.weight,
    eps: data.eps,
  });
  return [
    ...compare(train.output, data.output_train, `${name}.output_train`, tolerance),
    ...compare(train.runningMean, data.running_mean_after, `${name}.running_mean_after`, tolerance),
    ...compare(train.runningVar, data.running_var_after, `${name}.running_var_after`, tolerance),
    ...compare(evaluation.output, data.output_eval, `${name}.output_eval`, tolerance),
    ...compare(grads.input, data.grad_input, `${name}.grad_input`, tolerance),
    ...compare(grads.weight, data.grad_weight, `${name}.grad_weight`, tolerance),
    ...compare(grads.bias, data.grad_bias, `${name}.grad_bias`, tolerance),
  ];
};
