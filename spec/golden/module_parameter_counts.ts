/**
 * Golden section `module_parameter_counts`: the trainable parameters and non-trainable
 * buffers PyTorch counts for a module, keyed by the module as PyTorch prints it
 * (`Conv2d(16, 32, 3, groups=4)`). The description is parsed into a constructor name,
 * positional arguments and keyword arguments, and the matching nnspec count is computed;
 * a module nnspec cannot read is reported as an error naming it.
 */
import {
  batchNormParameterCount,
  conv2dParameterCount,
  embeddingParameterCount,
  layerNormParameterCount,
  multiHeadAttentionParameterCount,
  recurrentParameterCount,
} from "../../mod.ts";
import { compare } from "./_compare.ts";
import type { Evaluate } from "./sections.ts";

/** One case: what PyTorch counted. */
interface CountCase {
  trainable: number;
  non_trainable_buffers: number;
}

/** A parsed description: `LSTM(10, 20, num_layers=2)`. */
interface Description {
  module: string;
  args: number[];
  kwargs: Record<string, number | boolean>;
}

/** Parses `Name(1, 2, key=3, flag=True)`; throws for anything else. */
export function parseModule(text: string): Description {
  const match = /^(\w+)\((.*)\)$/.exec(text);
  if (!match) throw new TypeError(`module_parameter_counts: cannot read ${JSON.stringify(text)}`);
  const args: number[] = [];
  const kwargs: Record<string, number | boolean> = {};
  for (const part of match[2].split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const [key, value] = part.includes("=") ? part.split("=") : [null, part];
    const parsed = value === "True" ? true : value === "False" ? false : Number(value);
    if (typeof parsed === "number" && !Number.isFinite(parsed)) {
      throw new TypeError(
        `module_parameter_counts: cannot read ${JSON.stringify(part)} in ${text}`,
      );
    }
    if (key === null) args.push(parsed as number);
    else kwargs[key] = parsed;
  }
  return { module: match[1], args, kwargs };
}

/** nnspec's trainable and non-trainable counts for a parsed module. */
function counts({ module, args, kwargs }: Description): [number, number] {
  const n = (k: string, d: number) => (kwargs[k] as number | undefined) ?? d;
  switch (module) {
    case "Conv2d":
    case "ConvTranspose2d":
      return [
        conv2dParameterCount({
          inChannels: args[0],
          outChannels: args[1],
          kernel: args[2],
          groups: n("groups", 1),
          bias: (kwargs.bias as boolean | undefined) ?? true,
        }),
        0,
      ];
    case "BatchNorm2d": {
      const c = batchNormParameterCount(args[0]);
      return [c.trainable, c.nonTrainable];
    }
    case "LayerNorm": {
      const c = layerNormParameterCount(args[0]);
      return [c.trainable, c.nonTrainable];
    }
    case "Embedding":
      return [embeddingParameterCount({ numEmbeddings: args[0], embeddingDim: args[1] }), 0];
    case "RNN":
    case "LSTM":
    case "GRU":
      return [
        recurrentParameterCount({
          cell: module.toLowerCase() as "rnn" | "lstm" | "gru",
          inputSize: args[0],
          hiddenSize: args[1],
          numLayers: n("num_layers", 1),
          bidirectional: kwargs.bidirectional === true,
        }),
        0,
      ];
    case "MultiheadAttention":
      return [multiHeadAttentionParameterCount({ embedDim: args[0], heads: args[1] }), 0];
  }
  throw new TypeError(`module_parameter_counts: no nnspec count for the module ${module}`);
}

/** Recomputes both counts of one module. */
export const evaluate: Evaluate = (data: CountCase, name, tolerance) => {
  const description = name.slice("module_parameter_counts.".length);
  const [trainable, buffers] = counts(parseModule(description));
  return [
    ...compare(trainable, data.trainable, `${name}.trainable`, tolerance),
    ...compare(buffers, data.non_trainable_buffers, `${name}.non_trainable_buffers`, tolerance),
  ];
};
