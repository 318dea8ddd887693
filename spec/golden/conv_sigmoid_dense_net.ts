/**
 * Golden section conv_sigmoid_dense_net: the question-5 network generalised,
 * c = sigmoid(conv_valid(x, wc) + bc), o = sigmoid(Wf vec(c) + bf), E = sum((y - o)^2);
 * checks c, o, the loss and PyTorch's autograd gradients for wc, bc, Wf and bf against the
 * hand-derived backpropagation of lib/network.ts.
 */
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";
import { convSigmoidDenseBackprop } from "../../mod.ts";

export const evaluate: Evaluate = (data, name, tolerance) => {
  const r = convSigmoidDenseBackprop({ x: data.x, y: data.y }, {
    wc: data.wc,
    bc: data.bc,
    Wf: data.Wf,
    bf: data.bf,
  });
  return [
    ...compare(r.c.toArray(), data.c, `${name}.c`, tolerance),
    ...compare(r.o.toArray(), data.o, `${name}.o`, tolerance),
    ...compare(r.loss, data.loss, `${name}.loss`, tolerance),
    ...compare(r.gradients.wc.toArray(), data.grad_wc, `${name}.grad_wc`, tolerance),
    ...compare(r.gradients.bc, data.grad_bc, `${name}.grad_bc`, tolerance),
    ...compare(r.gradients.Wf.toArray(), data.grad_Wf, `${name}.grad_Wf`, tolerance),
    ...compare(r.gradients.bf.toArray(), data.grad_bf, `${name}.grad_bf`, tolerance),
  ];
};
