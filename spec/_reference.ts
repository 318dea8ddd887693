/**
 * The reference implementations: the textbook loops, one line of code per symbol of each
 * formula, that lib/ computed with before issue 13 moved the kernels onto im2col and a
 * blocked matrix product. They are slow and kept only here, as the definition the fast
 * kernels are checked against (spec/fast_kernels_test.ts). They take plain tensors and
 * resolved settings and validate nothing.
 *
 * @module
 */
import { Tensor } from "../mod.ts";

/** Four sides of padding. */
export interface Sides {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Settings of {@linkcode referenceConv2d}, resolved. */
export interface Conv2dSettings {
  stride: [number, number];
  padding: Sides;
  dilation: [number, number];
  groups: number;
  bias: number[];
}

/**
 * $y_{o,i,j} = b_o + \sum_{c \in \text{group}(o)} \sum_{u,v} w_{o,c,u,v}\, x_{c,\; i s_h - p_t + u d_h,\;
 * j s_w - p_l + v d_w}$ for `x` `[C][H][W]` and `w` `[C_out][C/G][kH][kW]`, a test per tap.
 */
export function referenceConv2d(x: Tensor, w: Tensor, s: Conv2dSettings): Tensor {
  const [C, H, W] = x.shape;
  const [F, Cg, kh, kw] = w.shape;
  const [sh, sw] = s.stride, [dh, dw] = s.dilation;
  const oh = Math.floor((H + s.padding.top + s.padding.bottom - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((W + s.padding.left + s.padding.right - dw * (kw - 1) - 1) / sw) + 1;
  const perGroup = F / s.groups;
  const out = new Tensor([F, oh, ow]);
  for (let o = 0; o < F; o++) {
    const c0 = Math.floor(o / perGroup) * Cg;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let sum = s.bias[o];
        for (let c = 0; c < Cg; c++) {
          for (let u = 0; u < kh; u++) {
            const r = i * sh - s.padding.top + u * dh;
            if (r < 0 || r >= H) continue;
            for (let v = 0; v < kw; v++) {
              const q = j * sw - s.padding.left + v * dw;
              if (q < 0 || q >= W) continue;
              sum += w.data[((o * Cg + c) * kh + u) * kw + v] * x.data[((c0 + c) * H + r) * W + q];
            }
          }
        }
        out.data[(o * oh + i) * ow + j] = sum;
      }
    }
  }
  if (C % s.groups !== 0) throw new Error("reference: groups must divide the channels");
  return out;
}

/** Settings of {@linkcode referenceConvTranspose2d}, resolved. */
export interface ConvTranspose2dSettings {
  stride: [number, number];
  padding: Sides;
  outputPadding: [number, number];
  dilation: [number, number];
  bias: number[];
}

/**
 * The scatter $y_{o,\; i s_h - p_t + u d_h,\; j s_w - p_l + v d_w} \mathrel{+}= x_{c,i,j}\,
 * w_{c,o,u,v}$ from $y_{o} = b_o$, for `x` `[C][H][W]` and `w` `[C][C_out][kH][kW]`.
 */
export function referenceConvTranspose2d(
  x: Tensor,
  w: Tensor,
  s: ConvTranspose2dSettings,
): Tensor {
  const [C, H, W] = x.shape;
  const [, F, kh, kw] = w.shape;
  const [sh, sw] = s.stride, [dh, dw] = s.dilation;
  const oh = (H - 1) * sh - s.padding.top - s.padding.bottom + dh * (kh - 1) +
    s.outputPadding[0] + 1;
  const ow = (W - 1) * sw - s.padding.left - s.padding.right + dw * (kw - 1) +
    s.outputPadding[1] + 1;
  const out = new Tensor([F, oh, ow]);
  for (let o = 0; o < F; o++) out.data.fill(s.bias[o], o * oh * ow, (o + 1) * oh * ow);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < W; j++) {
        const value = x.data[(c * H + i) * W + j];
        for (let o = 0; o < F; o++) {
          for (let u = 0; u < kh; u++) {
            const r = i * sh - s.padding.top + u * dh;
            if (r < 0 || r >= oh) continue;
            for (let v = 0; v < kw; v++) {
              const q = j * sw - s.padding.left + v * dw;
              if (q < 0 || q >= ow) continue;
              out.data[(o * oh + r) * ow + q] += value * w.data[((c * F + o) * kh + u) * kw + v];
            }
          }
        }
      }
    }
  }
  return out;
}

/** Settings of {@linkcode referenceMaxPool2d}, resolved (floor mode). */
export interface PoolSettings {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

/** $y_{c,i,j} = \max_{u,v} x_{c,\; i s_h - p_h + u d_h,\; j s_w - p_w + v d_w}$, padding $-\infty$. */
export function referenceMaxPool2d(x: Tensor, s: PoolSettings): Tensor {
  const [C, H, W] = x.shape;
  const [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
  const oh = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const out = new Tensor([C, oh, ow]);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let best = -Infinity;
        for (let u = 0; u < kh; u++) {
          const r = i * sh - ph + u * dh;
          if (r < 0 || r >= H) continue;
          for (let v = 0; v < kw; v++) {
            const q = j * sw - pw + v * dw;
            if (q < 0 || q >= W) continue;
            best = Math.max(best, x.data[(c * H + r) * W + q]);
          }
        }
        out.data[(c * oh + i) * ow + j] = best;
      }
    }
  }
  return out;
}

/** $y_{c,i,j} = \frac{1}{k_h k_w} \sum_{u,v} x_{c,\dots}$, zeros in the padding counted (floor mode). */
export function referenceAvgPool2d(x: Tensor, s: Omit<PoolSettings, "dilation">): Tensor {
  const [C, H, W] = x.shape;
  const [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding;
  const oh = Math.floor((H + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((W + 2 * pw - kw) / sw) + 1;
  const out = new Tensor([C, oh, ow]);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let sum = 0;
        for (let u = 0; u < kh; u++) {
          const r = i * sh - ph + u;
          if (r < 0 || r >= H) continue;
          for (let v = 0; v < kw; v++) {
            const q = j * sw - pw + v;
            if (q < 0 || q >= W) continue;
            sum += x.data[(c * H + r) * W + q];
          }
        }
        out.data[(c * oh + i) * ow + j] = sum / (kh * kw);
      }
    }
  }
  return out;
}

/** $y_{n,o} = b_o + \sum_i W_{o,i}\, x_{n,i}$ for `x` `[N][n_in]` and `w` `[n_out][n_in]`. */
export function referenceDense(x: Tensor, w: Tensor, bias: number[]): Tensor {
  const [N, nin] = x.shape;
  const nout = w.shape[0];
  const out = new Tensor([N, nout]);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < nout; o++) {
      let sum = bias[o];
      for (let i = 0; i < nin; i++) sum += w.data[o * nin + i] * x.data[n * nin + i];
      out.data[n * nout + o] = sum;
    }
  }
  return out;
}

/** $C_{ij} = \sum_p A_{ip} B_{pj}$. */
export function referenceMatmul(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out = new Tensor([m, n]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a.data[i * k + p] * b.data[p * n + j];
      out.data[i * n + j] = sum;
    }
  }
  return out;
}

/**
 * The same loops with every product's absolute value, $\sum |w|\,|x|$ (plus $|b|$): the
 * scale against which two summation orders of the same terms are compared. Rounding each
 * partial sum differs by at most about $k \epsilon$ times this scale for $k$ terms.
 */
export function absolute(t: Tensor): Tensor {
  return new Tensor(t.shape, t.data.map(Math.abs));
}
