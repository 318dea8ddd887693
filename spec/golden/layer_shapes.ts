/**
 * Golden section `layer_shapes`: the output shapes and parameter counts PyTorch reports
 * for `nn.Conv2d`, `nn.MaxPool2d` (with dilation) and `nn.Linear` modules. nnspec computes
 * them with {@linkcode summary} (which reads every shape and count from lib/shapes.ts) and,
 * for the dense layer, with {@linkcode denseParameterCount}.
 */
import { denseParameterCount, summary } from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case of the section: three independent layers, as PyTorch built them. */
interface LayerShapesCase {
  conv: {
    in_channels: number;
    out_channels: number;
    kernel: number;
    stride: number;
    padding: number;
    dilation: number;
    bias: boolean;
    input_hw: [number, number];
    output_shape: [number, number, number];
    params: number;
  };
  maxpool: {
    channels: number;
    kernel: number;
    stride: number;
    padding: number;
    dilation: number;
    input_hw: [number, number];
    output_shape: [number, number, number];
  };
  dense: { in_features: number; out_features: number; bias: boolean; params: number };
}

/** Recomputes the three layers' shapes and counts. */
export const evaluate: Evaluate = (data: LayerShapesCase, name, tolerance) => {
  const { conv, maxpool, dense } = data;
  const convRow = summary([{
    type: "conv2d",
    filters: conv.out_channels,
    kernel: conv.kernel,
    stride: conv.stride,
    padding: conv.padding,
    dilation: conv.dilation,
    bias: conv.bias,
  }], { height: conv.input_hw[0], width: conv.input_hw[1], channels: conv.in_channels }).rows[0];
  const poolRow = summary([{
    type: "maxPool2d",
    pool: maxpool.kernel,
    stride: maxpool.stride,
    padding: maxpool.padding,
    dilation: maxpool.dilation,
  }], {
    height: maxpool.input_hw[0],
    width: maxpool.input_hw[1],
    channels: maxpool.channels,
  }).rows[0];
  const denseParams = denseParameterCount({
    inFeatures: dense.in_features,
    outFeatures: dense.out_features,
    bias: dense.bias,
  });
  return [
    ...compare(convRow.outputShapeCHW, conv.output_shape, `${name}.conv.output_shape`, tolerance),
    ...compare(convRow.params, conv.params, `${name}.conv.params`, tolerance),
    ...compare(
      poolRow.outputShapeCHW,
      maxpool.output_shape,
      `${name}.maxpool.output_shape`,
      tolerance,
    ),
    ...compare(denseParams, dense.params, `${name}.dense.params`, tolerance),
  ];
};
