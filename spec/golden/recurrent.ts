/**
 * Golden sections `rnn`, `lstm` and `gru`: one PyTorch layer (`nn.RNN`, `nn.LSTM`,
 * `nn.GRU`) over one sequence, with the weights as PyTorch stores them; the outputs, the
 * final states and the layer's parameter count.
 */
import { gru, lstm, recurrentParameterCount, rnn } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case, as PyTorch wrote it (`c0` and `c_n` for the LSTM only). */
interface RecurrentCase {
  input: number[][];
  h0: number[];
  c0?: number[];
  weight_ih: number[][];
  weight_hh: number[][];
  bias_ih: number[];
  bias_hh: number[];
  output: number[][];
  h_n: number[];
  c_n?: number[];
  params: number;
}

function weights(data: RecurrentCase) {
  return {
    weightIh: data.weight_ih,
    weightHh: data.weight_hh,
    biasIh: data.bias_ih,
    biasHh: data.bias_hh,
    h0: data.h0,
  };
}

/** The parameter count of the case's layer, read from its weight shapes. */
function params(data: RecurrentCase, cell: "rnn" | "lstm" | "gru") {
  return recurrentParameterCount({
    cell,
    inputSize: data.weight_ih[0].length,
    hiddenSize: data.weight_hh[0].length,
  });
}

/** `rnn`: tanh RNN. */
export const evaluateRnn: Evaluate = (data: RecurrentCase, name, tolerance) => {
  const run = rnn(data.input, weights(data));
  return [
    ...compare(run.output, data.output, `${name}.output`, tolerance),
    ...compare(run.hN, data.h_n, `${name}.h_n`, tolerance),
    ...compare(params(data, "rnn"), data.params, `${name}.params`, tolerance),
  ];
};

/** `lstm`. */
export const evaluateLstm: Evaluate = (data: RecurrentCase, name, tolerance) => {
  const run = lstm(data.input, { ...weights(data), c0: data.c0 });
  return [
    ...compare(run.output, data.output, `${name}.output`, tolerance),
    ...compare(run.hN, data.h_n, `${name}.h_n`, tolerance),
    ...compare(run.cN, data.c_n, `${name}.c_n`, tolerance),
    ...compare(params(data, "lstm"), data.params, `${name}.params`, tolerance),
  ];
};

/** `gru`. */
export const evaluateGru: Evaluate = (data: RecurrentCase, name, tolerance) => {
  const run = gru(data.input, weights(data));
  return [
    ...compare(run.output, data.output, `${name}.output`, tolerance),
    ...compare(run.hN, data.h_n, `${name}.h_n`, tolerance),
    ...compare(params(data, "gru"), data.params, `${name}.params`, tolerance),
  ];
};
