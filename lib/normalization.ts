/**
 * # Normalization: batch norm and layer norm
 *
 * A deep network trains faster when each layer sees inputs of a steady scale. Batch
 * normalization (Ioffe and Szegedy, 2015) takes one channel, computes its mean $\mu$ and
 * variance $\sigma^2$ over the whole mini-batch (every sample and every pixel), rescales the
 * channel to mean 0 and variance 1, and then lets the network choose the scale and shift it
 * really wants with two learned numbers per channel, $\gamma$ and $\beta$:
 *
 * $$ \hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad y = \gamma \hat x + \beta . $$
 *
 * Work one channel by hand. A batch of four samples holds the values $0, 0, 2, 2$. Their mean
 * is $\mu = 1$ and their variance, averaged over the four (the *biased* variance, which is
 * what training divides by), is $\sigma^2 = (1 + 1 + 1 + 1)/4 = 1$. With $\varepsilon = 0$ the
 * normalized values are $-1, -1, 1, 1$, and with $\gamma = 2$, $\beta = 0.5$ the layer outputs
 * $-1.5, -1.5, 2.5, 2.5$.
 *
 * At test time there may be a single sample, so the layer cannot use batch statistics.
 * During training it therefore keeps *running* estimates, updated after every batch with
 * PyTorch's momentum $m$ (default 0.1): $\hat\mu \leftarrow (1 - m)\hat\mu + m\mu$ and
 * $\hat\sigma^2 \leftarrow (1 - m)\hat\sigma^2 + m \frac{n}{n-1}\sigma^2$, where the running
 * variance uses the *unbiased* estimate (divide by $n - 1$). From $\hat\mu = 0$,
 * $\hat\sigma^2 = 1$, our batch gives $\hat\mu = 0.1$ and
 * $\hat\sigma^2 = 0.9 + 0.1 \cdot 4/3 = 1.0\overline{3}$. (Keras writes the same update with
 * its own `momentum` $= 1 - m$, 0.99 by default.) In evaluation mode the layer normalizes
 * with these running numbers instead.
 *
 * Each channel therefore holds four numbers, but only $\gamma$ and $\beta$ are learned by
 * gradient descent; the running mean and variance are *non-trainable* state (PyTorch calls
 * them buffers and leaves them out of `parameters()`, Keras lists them as non-trainable
 * parameters). A batch norm over 64 channels has 128 trainable parameters and 128
 * non-trainable ones; counting all 256 as trainable is a common slip.
 *
 * Layer normalization (Ba, Kiros and Hinton, 2016) is the same computation turned
 * sideways: it normalizes each sample over its own features, so it needs no batch and no
 * running statistics, and behaves identically in training and evaluation. It is the
 * normalization of transformers and recurrent networks.
 *
 * Both layers are differentiable, and their backward passes sit beside them here. Because
 * $\mu$ and $\sigma$ depend on every input, the gradient of one input collects three terms:
 * its own path, the path through the mean, and the path through the variance.
 *
 * ## Summary
 *
 * - Batch norm standardises each channel over the batch, $\hat{x} = (x - \mu)/\sqrt{\sigma^2 +
 *   \epsilon}$, then scales and shifts it by $\gamma$ and $\beta$.
 * - In training it uses the batch's statistics and updates running averages (the unbiased
 *   variance); in evaluation it uses the running averages.
 * - Per channel it has 2 trainable parameters and 2 running statistics, which Keras counts as
 *   non-trainable and PyTorch keeps as buffers.
 * - Layer norm standardises each sample over its features instead, the same in training and
 *   evaluation.
 *
 * @example The worked batch: 0, 0, 2, 2 becomes -1.5, -1.5, 2.5, 2.5
 * ```ts
 * import { batchNorm } from "./normalization.ts";
 * import { deepStrictEqual, ok } from "node:assert/strict";
 *
 * const result = batchNorm([[0], [0], [2], [2]], { weight: [2], bias: [0.5], eps: 0 });
 * deepStrictEqual(result.output, [[-1.5], [-1.5], [2.5], [2.5]]);
 * deepStrictEqual(result.runningMean, [0.1]);
 * ok(Math.abs(result.runningVar[0] - (0.9 + 0.1 * 4 / 3)) < 1e-15);
 * ```
 *
 * @module
 */
import { expectLength, vectorOf } from "./_arrays.ts";
import { finiteNumber, positiveInteger, show } from "./_validate.ts";
import { commonMistakes } from "./mistakes.ts";
import { expectRank, type NestedArray, Tensor, type TensorLike } from "./tensor.ts";

/** Options of {@linkcode batchNorm}. */
export interface BatchNormOptions {
  /**
   * The learned scale $\gamma$, one per channel.
   * @default {all ones}
   */
  weight?: TensorLike;
  /**
   * The learned shift $\beta$, one per channel.
   * @default {all zeros}
   */
  bias?: TensorLike;
  /**
   * The running mean $\hat\mu$ before this batch, one per channel.
   * @default {all zeros}
   */
  runningMean?: TensorLike;
  /**
   * The running variance $\hat\sigma^2$ before this batch, one per channel.
   * @default {all ones}
   */
  runningVar?: TensorLike;
  /**
   * $\varepsilon$, added to the variance before the square root; a finite number >= 0.
   * @default {1e-5}
   */
  eps?: number;
  /**
   * PyTorch's momentum $m$ of the running statistics, in $[0, 1]$.
   * @default {0.1}
   */
  momentum?: number;
  /**
   * `true`: normalize with the batch's statistics and update the running ones. `false`
   * (evaluation): normalize with the running statistics, which stay as they are.
   * @default {true}
   */
  training?: boolean;
}

/** What {@linkcode batchNorm} returns. */
export interface BatchNormResult {
  /** $y = \gamma \hat x + \beta$, the input's shape. */
  output: NestedArray;
  /** The statistics used per channel: the batch mean in training, the running mean in evaluation. */
  mean: number[];
  /** The variance used per channel: the batch's biased variance, or the running variance. */
  variance: number[];
  /** The running mean after the update (unchanged in evaluation). */
  runningMean: number[];
  /** The running variance after the update, fed the unbiased batch variance (unchanged in evaluation). */
  runningVar: number[];
}

/** The input read as (batch, channel, positions per channel). */
interface Layout {
  x: Tensor;
  n: number;
  c: number;
  s: number;
}

function layout(fn: string, input: TensorLike): Layout {
  const x = expectRank(fn, "input", input, [2, 3, 4]);
  const [n, c] = x.shape;
  return { x, n, c, s: x.size / (n * c) };
}

function perChannel(
  fn: string,
  name: string,
  value: TensorLike | undefined,
  c: number,
  fill: number,
): number[] {
  if (value === undefined) return new Array(c).fill(fill);
  const v = vectorOf(fn, name, value);
  expectLength(fn, name, v.length, c, "one entry per channel of input");
  return v;
}

function epsilon(fn: string, eps: unknown): number {
  const e = finiteNumber(fn, "eps", eps ?? 1e-5);
  if (e < 0) throw new RangeError(`${fn}: eps must be a finite number >= 0, got ${show(e)}`);
  return e;
}

/**
 * Batch normalization of a batch `[N][C]`, `[N][C][L]` or `[N][C][H][W]`, per channel $c$
 * over the $n$ values of the batch and positions:
 *
 * $$ \mu_c = \frac{1}{n} \sum x, \quad \sigma_c^2 = \frac{1}{n} \sum (x - \mu_c)^2, \quad
 * y = \gamma_c \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \varepsilon}} + \beta_c , $$
 *
 * and, in training, the running statistics follow PyTorch's update with momentum $m$:
 *
 * $$ \hat\mu_c \leftarrow (1 - m)\hat\mu_c + m \mu_c, \qquad
 * \hat\sigma_c^2 \leftarrow (1 - m)\hat\sigma_c^2 + m \frac{n}{n - 1}\sigma_c^2 . $$
 *
 * In evaluation ($\texttt{training} = \text{false}$) $\mu_c, \sigma_c^2$ are replaced by
 * $\hat\mu_c, \hat\sigma_c^2$. The gradient is {@linkcode batchNormBackward}.
 *
 * @param input The batch; the channel axis is the second.
 * @param options $\gamma$, $\beta$, the running statistics, $\varepsilon$, $m$ and the mode.
 * @returns The output, the statistics used and the running statistics after the batch.
 * @throws {TypeError} If the input has another rank, or a per-channel vector has the wrong length.
 * @throws {RangeError} If an entry is not finite, `eps` is negative, `momentum` is outside
 *   $[0, 1]$, or training sees a single value per channel ($n = 1$, no unbiased variance).
 *
 * @example Training, then evaluation with the updated running statistics
 * ```ts
 * import { batchNorm } from "./normalization.ts";
 * import { deepStrictEqual, ok } from "node:assert/strict";
 *
 * // one channel holding 0, 0, 2, 2: mean 1, biased variance 1
 * const train = batchNorm([[0], [0], [2], [2]], { weight: [2], bias: [0.5], eps: 0 });
 * deepStrictEqual(train.output, [[-1.5], [-1.5], [2.5], [2.5]]);
 * deepStrictEqual(train.mean, [1]);
 * deepStrictEqual(train.variance, [1]);
 * // running variance fed the unbiased 4/3: 0.9·1 + 0.1·4/3
 * ok(Math.abs(train.runningVar[0] - (0.9 + 0.1 * 4 / 3)) < 1e-15);
 *
 * const evaluation = batchNorm([[2]], {
 *   runningMean: train.runningMean,
 *   runningVar: [1],
 *   eps: 0,
 *   training: false,
 * });
 * deepStrictEqual(evaluation.output, [[1.9]]); // (2 - 0.1)/1
 * ```
 */
export function batchNorm(input: TensorLike, options: BatchNormOptions = {}): BatchNormResult {
  const fn = "batchNorm";
  const { x, n, c, s } = layout(fn, input);
  const gamma = perChannel(fn, "weight", options.weight, c, 1);
  const beta = perChannel(fn, "bias", options.bias, c, 0);
  const runMean = perChannel(fn, "runningMean", options.runningMean, c, 0);
  const runVar = perChannel(fn, "runningVar", options.runningVar, c, 1);
  const eps = epsilon(fn, options.eps);
  const m = finiteNumber(fn, "momentum", options.momentum ?? 0.1);
  if (m < 0 || m > 1) {
    throw new RangeError(`${fn}: momentum must be in [0, 1], got ${show(m)}`);
  }
  const training = options.training ?? true;
  const count = n * s;
  if (training && count < 2) {
    throw new RangeError(
      `${fn}: training needs more than one value per channel (the unbiased variance divides by n - 1), got n = ${count}`,
    );
  }
  const mean: number[] = [], variance: number[] = [];
  const runningMean = [...runMean], runningVar = [...runVar];
  const out = new Float64Array(x.size);
  for (let ch = 0; ch < c; ch++) {
    let mu = runMean[ch], v = runVar[ch];
    if (training) {
      const values = channelValues(x, n, c, s, ch);
      mu = values.reduce((a, b) => a + b, 0) / count;
      v = values.reduce((a, b) => a + (b - mu) ** 2, 0) / count;
      runningMean[ch] = (1 - m) * runMean[ch] + m * mu;
      runningVar[ch] = (1 - m) * runVar[ch] + m * v * count / (count - 1);
    }
    mean.push(mu);
    variance.push(v);
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `${fn}: channel ${ch}'s variance overflows float64 (entries of magnitude about 1e154 or more); rescale the input`,
      );
    }
    const scale = 1 / Math.sqrt(v + eps);
    if (!Number.isFinite(scale)) {
      throw new RangeError(
        `${fn}: channel ${ch} has variance 0 and eps is 0, so 1/sqrt(variance + eps) is infinite; give eps > 0`,
      );
    }
    forChannel(n, c, s, ch, (k) => {
      out[k] = gamma[ch] * (x.data[k] - mu) * scale + beta[ch];
    });
  }
  return {
    output: new Tensor(x.shape, out).toArray(),
    mean,
    variance,
    runningMean,
    runningVar,
  };
}

commonMistakes(batchNorm, [{
  id: "biased-running-variance",
  name: "running variance fed the biased batch variance",
  why:
    "The batch normalizes with the variance divided by n, so it seems natural to store the same number; PyTorch stores the unbiased n - 1 estimate.",
  variant: (input, options = {}) => {
    const r = batchNorm(input, options);
    if (options.training === false) return r;
    const m = options.momentum ?? 0.1;
    const prior = options.runningVar === undefined
      ? r.variance.map(() => 1)
      : vectorOf("batchNorm", "runningVar", options.runningVar);
    return { ...r, runningVar: prior.map((p, ch) => (1 - m) * p + m * r.variance[ch]) };
  },
  example: {
    args: [[[0], [0], [2], [2]], { eps: 0 }],
    result: {
      output: [[-1], [-1], [1], [1]],
      mean: [1],
      variance: [1],
      runningMean: [0.1],
      runningVar: [1],
    },
  },
}]);

function channelValues(x: Tensor, n: number, c: number, s: number, ch: number): number[] {
  const values: number[] = [];
  forChannel(n, c, s, ch, (k) => values.push(x.data[k]));
  return values;
}

function forChannel(n: number, c: number, s: number, ch: number, f: (k: number) => void): void {
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < s; p++) f((b * c + ch) * s + p);
  }
}

/** Options of {@linkcode batchNormBackward}. */
export interface BatchNormBackwardOptions {
  /**
   * The scale $\gamma$, one per channel.
   * @default {all ones}
   */
  weight?: TensorLike;
  /**
   * $\varepsilon$, as in the forward pass.
   * @default {1e-5}
   */
  eps?: number;
}

/** The gradients {@linkcode batchNormBackward} returns. */
export interface NormGradients {
  /** $\partial E/\partial x$, the input's shape. */
  input: NestedArray;
  /** $\partial E/\partial \gamma$. */
  weight: number[];
  /** $\partial E/\partial \beta$. */
  bias: number[];
}

/**
 * The backward pass of {@linkcode batchNorm} in training mode: given the upstream
 * gradient $g = \partial E/\partial y$, the gradients of the input, $\gamma$ and $\beta$.
 * With $\hat x$ the normalized input of the channel and sums over its $n$ values,
 *
 * $$ \frac{\partial E}{\partial \beta} = \sum g, \qquad
 * \frac{\partial E}{\partial \gamma} = \sum g \hat x, \qquad
 * \frac{\partial E}{\partial x} = \frac{\gamma}{n\sqrt{\sigma^2 + \varepsilon}}
 * \Big( n g - \sum g - \hat x \sum g \hat x \Big) . $$
 *
 * The three terms are the direct path, the path through $\mu$ and the path through
 * $\sigma^2$.
 *
 * @param input The batch the forward pass saw.
 * @param upstream $\partial E/\partial y$, the input's shape.
 * @param options $\gamma$ and $\varepsilon$.
 * @returns The three gradients.
 * @throws {TypeError} If the shapes differ or a per-channel vector has the wrong length.
 * @throws {RangeError} If an entry is not finite or `eps` is negative.
 *
 * @example A uniform upstream gradient reaches no input: the mean absorbs it
 * ```ts
 * import { batchNormBackward } from "./normalization.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const g = batchNormBackward([[0], [0], [2], [2]], [[1], [1], [1], [1]], { eps: 0 });
 * deepStrictEqual(g.input, [[0], [0], [0], [0]]);
 * deepStrictEqual(g.bias, [4]);
 * deepStrictEqual(g.weight, [0]); // -1 - 1 + 1 + 1
 * ```
 */
export function batchNormBackward(
  input: TensorLike,
  upstream: TensorLike,
  options: BatchNormBackwardOptions = {},
): NormGradients {
  const fn = "batchNormBackward";
  const { x, n, c, s } = layout(fn, input);
  const g = expectRank(fn, "upstream", upstream, [x.rank]);
  if (g.shape.some((d, k) => d !== x.shape[k])) {
    throw new TypeError(
      `${fn}: upstream must have the input's shape ${show([...x.shape])}, got ${
        show([...g.shape])
      }`,
    );
  }
  const gamma = perChannel(fn, "weight", options.weight, c, 1);
  const eps = epsilon(fn, options.eps);
  const count = n * s;
  const dx = new Float64Array(x.size);
  const weight: number[] = [], bias: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const values = channelValues(x, n, c, s, ch);
    const mu = values.reduce((a, b) => a + b, 0) / count;
    const v = values.reduce((a, b) => a + (b - mu) ** 2, 0) / count;
    const inv = 1 / Math.sqrt(v + eps);
    let sumG = 0, sumGX = 0;
    forChannel(n, c, s, ch, (k) => {
      sumG += g.data[k];
      sumGX += g.data[k] * (x.data[k] - mu) * inv;
    });
    forChannel(n, c, s, ch, (k) => {
      const xhat = (x.data[k] - mu) * inv;
      dx[k] = gamma[ch] * inv / count * (count * g.data[k] - sumG - xhat * sumGX);
    });
    weight.push(sumGX);
    bias.push(sumG);
  }
  return { input: new Tensor(x.shape, dx).toArray(), weight, bias };
}

/** Parameter counts of a normalization layer. */
export interface NormParameterCount {
  /** Learned by gradient descent: $\gamma$ and $\beta$. */
  trainable: number;
  /** State that training does not differentiate: the running mean and variance. */
  nonTrainable: number;
}

/**
 * The parameters of a batch normalization over $C$ channels: $\gamma$ and $\beta$ are
 * trainable, the running mean and variance are not,
 *
 * $$ P_\text{trainable} = 2C, \qquad P_\text{non-trainable} = 2C . $$
 *
 * PyTorch's `parameters()` counts only the first (the others are buffers); Keras's
 * `summary()` lists both and adds them into its total.
 *
 * @param channels $C$, a positive integer.
 * @returns The trainable and non-trainable counts.
 * @throws {RangeError} If `channels` is not a positive integer.
 *
 * @example BatchNorm2d(64): 128 trainable, 128 non-trainable
 * ```ts
 * import { batchNormParameterCount } from "./normalization.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(batchNormParameterCount(64), { trainable: 128, nonTrainable: 128 });
 * ```
 */
export function batchNormParameterCount(channels: number): NormParameterCount {
  const c = positiveInteger("batchNormParameterCount", "channels", channels);
  return { trainable: 2 * c, nonTrainable: 2 * c };
}

commonMistakes(batchNormParameterCount, [{
  id: "running-statistics-trainable",
  name: "running statistics counted as trainable",
  why:
    "All four per-channel vectors are stored with the layer, so all four look like weights; only gamma and beta receive gradients.",
  variant: (channels) => {
    const { trainable, nonTrainable } = batchNormParameterCount(channels); // its checks
    return { trainable: trainable + nonTrainable, nonTrainable: 0 };
  },
  example: { args: [64], result: { trainable: 256, nonTrainable: 0 } },
}]);

/** Options of {@linkcode layerNorm} and {@linkcode layerNormBackward}. */
export interface LayerNormOptions {
  /**
   * The learned scale $\gamma$, one per feature.
   * @default {all ones}
   */
  weight?: TensorLike;
  /**
   * The learned shift $\beta$, one per feature (ignored by the backward pass).
   * @default {all zeros}
   */
  bias?: TensorLike;
  /**
   * $\varepsilon$, added to the variance; a finite number >= 0.
   * @default {1e-5}
   */
  eps?: number;
}

function rowsOf(fn: string, input: TensorLike): { rows: number[][]; vector: boolean } {
  const x = expectRank(fn, "input", input, [1, 2]);
  const d = x.shape[x.rank - 1];
  const b = x.rank === 1 ? 1 : x.shape[0];
  const rows = Array.from({ length: b }, (_, i) => Array.from(x.data.subarray(i * d, (i + 1) * d)));
  return { rows, vector: x.rank === 1 };
}

function normalizeRow(row: number[], eps: number): { xhat: number[]; inv: number } {
  const d = row.length;
  const mu = row.reduce((a, b) => a + b, 0) / d;
  const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / d;
  const inv = 1 / Math.sqrt(v + eps);
  return { xhat: row.map((x) => (x - mu) * inv), inv };
}

/**
 * Layer normalization of each sample (a row of `[B][D]`, or one vector `[D]`) over its $D$
 * features, with the biased variance and no running statistics:
 *
 * $$ \mu = \frac{1}{D}\sum_j x_j, \quad \sigma^2 = \frac{1}{D}\sum_j (x_j - \mu)^2, \quad
 * y_j = \gamma_j \frac{x_j - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta_j . $$
 *
 * It has $2D$ trainable parameters ($\gamma$, $\beta$). The gradient is
 * {@linkcode layerNormBackward}.
 *
 * @param input One sample `[D]` or a batch `[B][D]`.
 * @param options $\gamma$, $\beta$ and $\varepsilon$.
 * @returns The normalized input, same shape.
 * @throws {TypeError} If the input is not rank 1 or 2, or $\gamma$ or $\beta$ has the wrong length.
 * @throws {RangeError} If an entry is not finite, `eps` is negative, or a row is constant with `eps` 0.
 *
 * @example The features 1, 2, 3, 6 have mean 3 and variance 3.5
 * ```ts
 * import { layerNorm } from "./normalization.ts";
 * import { ok } from "node:assert/strict";
 *
 * const y = layerNorm([1, 2, 3, 6], { eps: 0 }) as number[];
 * const s = Math.sqrt(3.5);
 * [-2 / s, -1 / s, 0, 3 / s].forEach((e, j) => ok(Math.abs(y[j] - e) < 1e-15));
 * ```
 */
export function layerNorm(input: TensorLike, options: LayerNormOptions = {}): NestedArray {
  const fn = "layerNorm";
  const { rows, vector } = rowsOf(fn, input);
  const d = rows[0].length;
  const gamma = perChannel(fn, "weight", options.weight, d, 1);
  const beta = perChannel(fn, "bias", options.bias, d, 0);
  const eps = epsilon(fn, options.eps);
  const out = rows.map((row, i) => {
    const { xhat, inv } = normalizeRow(row, eps);
    if (!Number.isFinite(inv)) {
      throw new RangeError(`${fn}: row ${i} is constant and eps is 0; give eps > 0`);
    }
    if (inv === 0) {
      throw new RangeError(
        `${fn}: row ${i}'s variance overflows float64 (entries of magnitude about 1e154 or more); rescale the input`,
      );
    }
    return xhat.map((h, j) => gamma[j] * h + beta[j]);
  });
  return vector ? out[0] : out;
}

commonMistakes(layerNorm, [{
  id: "unbiased-variance",
  name: "the variance divided by D - 1 (the unbiased estimate) instead of D",
  why: "Statistics courses and NumPy's std with ddof=1 teach the n - 1 sample variance, while " +
    "layer and batch normalization divide by the number of features.",
  variant: (input, options = {}) => {
    layerNorm(input, options); // the checks of the function itself
    const { rows, vector } = rowsOf("layerNorm", input);
    const d = rows[0].length;
    const gamma = perChannel("layerNorm", "weight", options.weight, d, 1);
    const beta = perChannel("layerNorm", "bias", options.bias, d, 0);
    const eps = epsilon("layerNorm", options.eps);
    const out = rows.map((row) => {
      const mu = row.reduce((a, b) => a + b, 0) / d;
      const v = d > 1 ? row.reduce((a, b) => a + (b - mu) ** 2, 0) / (d - 1) : 0;
      return row.map((x, j) => gamma[j] * (x - mu) / Math.sqrt(v + eps) + beta[j]);
    });
    return vector ? out[0] : out;
  },
  // [1, 3]: mean 2, unbiased variance 2, so ±1/sqrt(2 + 1e-5), where D gives ±1/sqrt(1 + 1e-5)
  example: { args: [[1, 3]], result: [-1 / Math.sqrt(2 + 1e-5), 1 / Math.sqrt(2 + 1e-5)] },
}]);

/**
 * The backward pass of {@linkcode layerNorm}: per row, with $\hat g_j = g_j \gamma_j$,
 *
 * $$ \frac{\partial E}{\partial x_j} = \frac{1}{D\sqrt{\sigma^2 + \varepsilon}}
 * \Big( D \hat g_j - \sum_k \hat g_k - \hat x_j \sum_k \hat g_k \hat x_k \Big), \qquad
 * \frac{\partial E}{\partial \gamma_j} = \sum_\text{rows} g_j \hat x_j, \qquad
 * \frac{\partial E}{\partial \beta_j} = \sum_\text{rows} g_j . $$
 *
 * @param input The input the forward pass saw.
 * @param upstream $\partial E/\partial y$, the input's shape.
 * @param options $\gamma$ and $\varepsilon$.
 * @returns The gradients of the input (its shape), $\gamma$ and $\beta$.
 * @throws {TypeError} If the shapes differ or $\gamma$ has the wrong length.
 * @throws {RangeError} If an entry is not finite or `eps` is negative.
 *
 * @example A constant upstream gradient reaches no input
 * ```ts
 * import { layerNormBackward } from "./normalization.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const g = layerNormBackward([[1, 3]], [[1, 1]], { eps: 0 });
 * deepStrictEqual(g.input, [[0, 0]]);
 * deepStrictEqual(g.weight, [-1, 1]);
 * deepStrictEqual(g.bias, [1, 1]);
 * ```
 */
export function layerNormBackward(
  input: TensorLike,
  upstream: TensorLike,
  options: LayerNormOptions = {},
): NormGradients {
  const fn = "layerNormBackward";
  const { rows, vector } = rowsOf(fn, input);
  const up = rowsOf(fn, upstream).rows;
  const d = rows[0].length;
  if (up.length !== rows.length || up[0].length !== d) {
    throw new TypeError(
      `${fn}: upstream must have the input's shape [${rows.length}][${d}], got [${up.length}][${
        up[0].length
      }]`,
    );
  }
  const gamma = perChannel(fn, "weight", options.weight, d, 1);
  const eps = epsilon(fn, options.eps);
  const weight = new Array(d).fill(0), bias = new Array(d).fill(0);
  const dx = rows.map((row, i) => {
    const { xhat, inv } = normalizeRow(row, eps);
    const gh = up[i].map((g, j) => g * gamma[j]);
    const sum = gh.reduce((a, b) => a + b, 0);
    const sumX = gh.reduce((a, b, j) => a + b * xhat[j], 0);
    up[i].forEach((g, j) => {
      weight[j] += g * xhat[j];
      bias[j] += g;
    });
    return gh.map((g, j) => inv / d * (d * g - sum - xhat[j] * sumX));
  });
  return { input: vector ? dx[0] : dx, weight, bias };
}

/**
 * The parameters of a layer normalization over $D$ features: a scale and a shift per
 * feature, and no running statistics (each sample is normalized on its own),
 *
 * $$ P_\text{trainable} = 2D, \qquad P_\text{non-trainable} = 0 . $$
 *
 * @param features $D$, a positive integer.
 * @returns The trainable and non-trainable counts.
 * @throws {RangeError} If `features` is not a positive integer.
 *
 * @example LayerNorm(128): 256 trainable, none non-trainable
 * ```ts
 * import { layerNormParameterCount } from "./normalization.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(layerNormParameterCount(128), { trainable: 256, nonTrainable: 0 });
 * ```
 */
export function layerNormParameterCount(features: number): NormParameterCount {
  return {
    trainable: 2 * positiveInteger("layerNormParameterCount", "features", features),
    nonTrainable: 0,
  };
}

commonMistakes(layerNormParameterCount, [{
  id: "per-position",
  name: "one γ and β per position of the sequence as well as per feature",
  why: "Layer normalization averages over a sample's features, and its parameters are then " +
    "pictured as covering the whole normalized input rather than one vector of features.",
  variant: (features) => {
    layerNormParameterCount(features); // the checks of the function itself
    return { trainable: 2 * features * features, nonTrainable: 0 };
  },
  example: { args: [4], result: { trainable: 32, nonTrainable: 0 } },
}, {
  id: "running-statistics-counted",
  name: "running mean and variance counted, as for batch normalization",
  why: "Batch normalization keeps running statistics, and layer normalization, which " +
    "normalizes each sample on its own and keeps none, is given them too.",
  variant: (features) => {
    layerNormParameterCount(features);
    return { trainable: 2 * features, nonTrainable: 2 * features };
  },
  example: { args: [4], result: { trainable: 8, nonTrainable: 8 } },
}]);
