/**
 * Golden section gradient_descent: logistic regression trained by PyTorch with plain SGD in
 * data order (batch_size N = batch GD, 1 = stochastic, else mini-batch), loss the mean binary
 * cross-entropy on logits of each batch. Checks the update count, the final w and b, and the
 * full-data mean loss after each epoch.
 */
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";
import { trainLogisticRegression } from "../../mod.ts";

export const evaluate: Evaluate = (data, name, tolerance) => {
  if (data.loss !== "mean binary cross-entropy on logits") {
    return [{ path: `${name}.loss`, expected: data.loss, actual: "not supported" }];
  }
  const run = trainLogisticRegression({ X: data.X, y: data.y }, {
    w0: data.w0,
    b0: data.b0,
    learningRate: data.lr,
    batchSize: data.batch_size,
    epochs: data.epochs,
  });
  return [
    ...compare(run.updates, data.updates, `${name}.updates`, { rel: 0, abs: 0 }),
    ...compare(run.w, data.w, `${name}.w`, tolerance),
    ...compare(run.b, data.b, `${name}.b`, tolerance),
    ...compare(
      run.epochLosses,
      data.full_loss_after_each_epoch,
      `${name}.full_loss_after_each_epoch`,
      tolerance,
    ),
  ];
};
