/**
 * The loops behind lib/matmul.ts (private to lib): the 4x4 register-blocked product
 * $C \mathrel{+}= A B^\top$ on flat arrays, and im2col / col2im with the valid tap range of
 * each patch row and column computed once instead of a test per tap. The module text of
 * matmul.ts explains the technique; conv2d, convTranspose2d, dense and the backward passes
 * call these directly on their storage.
 *
 * @module
 */

/** Columns per panel of the blocked product: 64 rows of $B$ stay in the cache. */
const PANEL = 64;

/** Steps of $p$ per block of the product: 4 rows of $A$ (8 KB) and a panel of $B$ (128 KB). */
const DEPTH = 256;

/**
 * About how many entries (2^20, 8 MB) a patch matrix may hold at once; larger ones are made
 * and used a strip of grid rows at a time, so memory stays bounded on large images.
 */
export const STRIP_ENTRIES = 1 << 20;

const scratchBuffers = [new Float64Array(0), new Float64Array(0)];

/**
 * Work buffer number `slot` (0 or 1), at least `size` entries, reused from call to call
 * (lib is synchronous, so no two calls share one at once); its contents are whatever the
 * last user left.
 */
export function scratch(size: number, slot: 0 | 1): Float64Array {
  // a buffer past 2^22 entries (32 MB) is the caller's alone: not kept after the call
  if (size > 2 ** 22) return new Float64Array(size);
  if (scratchBuffers[slot].length < size) scratchBuffers[slot] = new Float64Array(size);
  return scratchBuffers[slot];
}

/** Grid rows per strip for patch rows of `rowLength` entries and `cols` patches per row. */
export function stripRows(cols: number, rowLength: number, rows: number): number {
  return Math.max(1, Math.min(rows, Math.floor(STRIP_ENTRIES / (cols * rowLength))));
}

/**
 * The blocked product on flat arrays (row-major, with leading dimensions):
 * `c[cOff + i ldc + j] += sum_p a[aOff + i lda + p] * b[bOff + j ldb + p]` for
 * `0 <= i < m`, `0 <= j < n`, `0 <= p < k`. Internal to lib; {@linkcode matmul} is the
 * public form.
 *
 * @param m Rows of $A$ and of $C$.
 * @param n Rows of $B$, columns of $C$.
 * @param k The length of each dot product.
 * @param a $A$'s storage.
 * @param aOff Offset of $A_{00}$.
 * @param lda Distance between rows of $A$.
 * @param b $B$'s storage.
 * @param bOff Offset of $B_{00}$.
 * @param ldb Distance between rows of $B$.
 * @param c $C$'s storage, added to.
 * @param cOff Offset of $C_{00}$.
 * @param ldc Distance between rows of $C$.
 */
function gemmNTBlock(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let jb = 0; jb < n; jb += PANEL) {
    const je = Math.min(n, jb + PANEL);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
      const r0 = cOff + i * ldc, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
      let j = jb;
      for (; j + 4 <= je; j += 4) {
        const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0; p < k; p++) {
          const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
          const y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
          c00 += x0 * y0, c01 += x0 * y1, c02 += x0 * y2, c03 += x0 * y3;
          c10 += x1 * y0, c11 += x1 * y1, c12 += x1 * y2, c13 += x1 * y3;
          c20 += x2 * y0, c21 += x2 * y1, c22 += x2 * y2, c23 += x2 * y3;
          c30 += x3 * y0, c31 += x3 * y1, c32 += x3 * y2, c33 += x3 * y3;
        }
        c[r0 + j] += c00, c[r0 + j + 1] += c01, c[r0 + j + 2] += c02, c[r0 + j + 3] += c03;
        c[r1 + j] += c10, c[r1 + j + 1] += c11, c[r1 + j + 2] += c12, c[r1 + j + 3] += c13;
        c[r2 + j] += c20, c[r2 + j + 1] += c21, c[r2 + j + 2] += c22, c[r2 + j + 3] += c23;
        c[r3 + j] += c30, c[r3 + j + 1] += c31, c[r3 + j + 2] += c32, c[r3 + j + 3] += c33;
      }
      // the last columns of the panel (fewer than four): four rows against one
      for (; j < je; j++) {
        const b0 = bOff + j * ldb;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let p = 0; p < k; p++) {
          const y = b[b0 + p];
          s0 += a[a0 + p] * y, s1 += a[a1 + p] * y, s2 += a[a2 + p] * y, s3 += a[a3 + p] * y;
        }
        c[r0 + j] += s0, c[r1 + j] += s1, c[r2 + j] += s2, c[r3 + j] += s3;
      }
    }
    // the last rows (fewer than four): one row against four, then one against one
    for (; i < m; i++) {
      const a0 = aOff + i * lda, r0 = cOff + i * ldc;
      let j = jb;
      for (; j + 4 <= je; j += 4) {
        const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let p = 0; p < k; p++) {
          const x = a[a0 + p];
          s0 += x * b[b0 + p], s1 += x * b[b1 + p], s2 += x * b[b2 + p], s3 += x * b[b3 + p];
        }
        c[r0 + j] += s0, c[r0 + j + 1] += s1, c[r0 + j + 2] += s2, c[r0 + j + 3] += s3;
      }
      for (; j < je; j++) {
        const b0 = bOff + j * ldb;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[a0 + p] * b[b0 + p];
        c[r0 + j] += s;
      }
    }
  }
}

/**
 * {@linkcode gemmNTBlock} over blocks of `DEPTH` steps of $p$, so that the rows of $A$ and
 * the panel of $B$ one block reads stay in the cache however long the dot products are.
 * Internal to lib; the parameters are gemmNTBlock's.
 */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  // with fewer than four rows (dense on one sample) nothing is reused: no blocking
  if (m < 4) return gemmNTBlock(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
  for (let p0 = 0; p0 < k; p0 += DEPTH) {
    const depth = Math.min(DEPTH, k - p0);
    gemmNTBlock(m, n, depth, a, aOff + p0, lda, b, bOff + p0, ldb, c, cOff, ldc);
  }
}

/** Where the patches of a convolution sit: what im2col and col2im share, all resolved. */
export interface PatchGrid {
  /** Channels of the image. */
  channels: number;
  /** The image's height. */
  height: number;
  /** The image's width. */
  width: number;
  /** Patch rows (the convolution's output height). */
  rows: number;
  /** Patch columns (the convolution's output width). */
  cols: number;
  /** Kernel height $k_h$. */
  kh: number;
  /** Kernel width $k_w$. */
  kw: number;
  /** Vertical stride $s_h$. */
  sh: number;
  /** Horizontal stride $s_w$. */
  sw: number;
  /** Rows of padding above, $p_\text{top}$ (rows below need no number: they read as zero). */
  top: number;
  /** Columns of padding on the left, $p_\text{left}$. */
  left: number;
  /** Vertical dilation $d_h$. */
  dh: number;
  /** Horizontal dilation $d_w$. */
  dw: number;
}

/**
 * The taps $t$ of one axis that land inside the image, $0 \le \text{start} + t d < n$, as a
 * half-open range `[lo, hi)` of $[0, k)$: computed once per row instead of a test per tap.
 */
function tapRange(start: number, d: number, k: number, n: number): [number, number] {
  const lo = start >= 0 ? 0 : Math.ceil(-start / d);
  const hi = start > n - 1 ? 0 : Math.min(k, Math.floor((n - 1 - start) / d) + 1);
  return [Math.min(lo, k), Math.max(hi, Math.min(lo, k))];
}

/** The valid tap ranges of every patch column: `lo[j]`, `hi[j]`. */
function columnRanges(g: PatchGrid): [Int32Array, Int32Array] {
  const lo = new Int32Array(g.cols), hi = new Int32Array(g.cols);
  for (let j = 0; j < g.cols; j++) {
    [lo[j], hi[j]] = tapRange(j * g.sw - g.left, g.dw, g.kw, g.width);
  }
  return [lo, hi];
}

/**
 * Writes the patch rows of grid rows `i0 <= i < i1` of the image `x` (`[C][H][W]`) into
 * `out` (`[(i1 - i0) cols][C kh kw]`, zero-filled by the caller): internal to lib.
 *
 * @param x The image's storage.
 * @param g The patch geometry.
 * @param out The patch matrix's storage; entries over the padding are left as they are.
 * @param i0 The first grid row.
 * @param i1 One past the last grid row.
 */
export function im2colInto(
  x: Float64Array,
  g: PatchGrid,
  out: Float64Array,
  i0 = 0,
  i1: number = g.rows,
): void {
  const taps = g.kh * g.kw, K = g.channels * taps, plane = g.height * g.width;
  const [vlo, vhi] = columnRanges(g);
  for (let i = i0; i < i1; i++) {
    const r0 = i * g.sh - g.top;
    const [u0, u1] = tapRange(r0, g.dh, g.kh, g.height);
    for (let j = 0; j < g.cols; j++) {
      const q0 = j * g.sw - g.left, v0 = vlo[j], v1 = vhi[j];
      const row = ((i - i0) * g.cols + j) * K;
      for (let c = 0; c < g.channels; c++) {
        for (let u = u0; u < u1; u++) {
          const src = c * plane + (r0 + u * g.dh) * g.width + q0;
          const dst = row + c * taps + u * g.kw;
          for (let v = v0; v < v1; v++) out[dst + v] = x[src + v * g.dw];
        }
      }
    }
  }
}

/**
 * Adds each patch row of grid rows `i0 <= i < i1` (`cols`, `[(i1 - i0) cols][C kh kw]`)
 * into the patch of the image `out` (`[C][H][W]`) it belongs to; taps over the padding are
 * dropped. Internal to lib.
 *
 * @param cols The patch matrix's storage.
 * @param g The patch geometry.
 * @param out The image's storage, added to.
 * @param i0 The first grid row.
 * @param i1 One past the last grid row.
 */
export function col2imInto(
  cols: Float64Array,
  g: PatchGrid,
  out: Float64Array,
  i0 = 0,
  i1: number = g.rows,
): void {
  const taps = g.kh * g.kw, K = g.channels * taps, plane = g.height * g.width;
  const [vlo, vhi] = columnRanges(g);
  for (let i = i0; i < i1; i++) {
    const r0 = i * g.sh - g.top;
    const [u0, u1] = tapRange(r0, g.dh, g.kh, g.height);
    for (let j = 0; j < g.cols; j++) {
      const q0 = j * g.sw - g.left, v0 = vlo[j], v1 = vhi[j];
      const row = ((i - i0) * g.cols + j) * K;
      for (let c = 0; c < g.channels; c++) {
        for (let u = u0; u < u1; u++) {
          const dst = c * plane + (r0 + u * g.dh) * g.width + q0;
          const src = row + c * taps + u * g.kw;
          for (let v = v0; v < v1; v++) out[dst + v * g.dw] += cols[src + v];
        }
      }
    }
  }
}

/**
 * The blocked product with $B$ stored by rows of its transpose's columns, $C \mathrel{+}= A B$:
 * `c[cOff + i ldc + j] += sum_p a[aOff + i lda + p] * b[bOff + p ldb + j]`. Same 4x4 blocks
 * and panels as {@linkcode gemmNT}; here each step of $p$ reads four neighbouring entries of
 * one row of $B$. Internal to lib.
 *
 * @param m Rows of $A$ and of $C$.
 * @param n Columns of $B$ and of $C$.
 * @param k Columns of $A$, rows of $B$.
 * @param a $A$'s storage.
 * @param aOff Offset of $A_{00}$.
 * @param lda Distance between rows of $A$.
 * @param b $B$'s storage.
 * @param bOff Offset of $B_{00}$.
 * @param ldb Distance between rows of $B$.
 * @param c $C$'s storage, added to.
 * @param cOff Offset of $C_{00}$.
 * @param ldc Distance between rows of $C$.
 */
function gemmNNBlock(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let jb = 0; jb < n; jb += PANEL) {
    const je = Math.min(n, jb + PANEL);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
      const r0 = cOff + i * ldc, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
      let j = jb;
      for (; j + 4 <= je; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, q = bOff + j; p < k; p++, q += ldb) {
          const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
          const y0 = b[q], y1 = b[q + 1], y2 = b[q + 2], y3 = b[q + 3];
          c00 += x0 * y0, c01 += x0 * y1, c02 += x0 * y2, c03 += x0 * y3;
          c10 += x1 * y0, c11 += x1 * y1, c12 += x1 * y2, c13 += x1 * y3;
          c20 += x2 * y0, c21 += x2 * y1, c22 += x2 * y2, c23 += x2 * y3;
          c30 += x3 * y0, c31 += x3 * y1, c32 += x3 * y2, c33 += x3 * y3;
        }
        c[r0 + j] += c00, c[r0 + j + 1] += c01, c[r0 + j + 2] += c02, c[r0 + j + 3] += c03;
        c[r1 + j] += c10, c[r1 + j + 1] += c11, c[r1 + j + 2] += c12, c[r1 + j + 3] += c13;
        c[r2 + j] += c20, c[r2 + j + 1] += c21, c[r2 + j + 2] += c22, c[r2 + j + 3] += c23;
        c[r3 + j] += c30, c[r3 + j + 1] += c31, c[r3 + j + 2] += c32, c[r3 + j + 3] += c33;
      }
      for (; j < je; j++) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let p = 0, q = bOff + j; p < k; p++, q += ldb) {
          const y = b[q];
          s0 += a[a0 + p] * y, s1 += a[a1 + p] * y, s2 += a[a2 + p] * y, s3 += a[a3 + p] * y;
        }
        c[r0 + j] += s0, c[r1 + j] += s1, c[r2 + j] += s2, c[r3 + j] += s3;
      }
    }
    for (; i < m; i++) {
      const a0 = aOff + i * lda, r0 = cOff + i * ldc;
      let j = jb;
      for (; j + 4 <= je; j += 4) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let p = 0, q = bOff + j; p < k; p++, q += ldb) {
          const x = a[a0 + p];
          s0 += x * b[q], s1 += x * b[q + 1], s2 += x * b[q + 2], s3 += x * b[q + 3];
        }
        c[r0 + j] += s0, c[r0 + j + 1] += s1, c[r0 + j + 2] += s2, c[r0 + j + 3] += s3;
      }
      for (; j < je; j++) {
        let s = 0;
        for (let p = 0, q = bOff + j; p < k; p++, q += ldb) s += a[a0 + p] * b[q];
        c[r0 + j] += s;
      }
    }
  }
}

/**
 * {@linkcode gemmNNBlock} over blocks of `DEPTH` steps of $p$, so that the rows of $A$ and
 * the panel of $B$ one block reads stay in the cache however long the dot products are.
 * Internal to lib; the parameters are gemmNNBlock's.
 */
export function gemmNN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let p0 = 0; p0 < k; p0 += DEPTH) {
    const depth = Math.min(DEPTH, k - p0);
    gemmNNBlock(m, n, depth, a, aOff + p0, lda, b, bOff + p0 * ldb, ldb, c, cOff, ldc);
  }
}

/**
 * The patch matrix stored tap by tap, `out[t][(i - i0) cols + j]` for tap $t = (c, u, v)$
 * and grid rows `i0 <= i < i1`, zeros over the padding written too (so `out` may be a
 * reused buffer): the transpose of {@linkcode im2colInto}'s layout. Its inner loop runs along a whole output row, reading
 * the input row at the stride. Internal to lib.
 *
 * @param x The image's storage.
 * @param g The patch geometry.
 * @param out The tap-major patch matrix's storage.
 * @param i0 The first grid row.
 * @param i1 One past the last grid row.
 */
export function im2colByTapInto(
  x: Float64Array,
  g: PatchGrid,
  out: Float64Array,
  i0 = 0,
  i1: number = g.rows,
): void {
  const n = (i1 - i0) * g.cols, plane = g.height * g.width;
  for (let c = 0, t = 0; c < g.channels; c++) {
    for (let u = 0; u < g.kh; u++) {
      for (let v = 0; v < g.kw; v++, t++) {
        // the output columns j whose tap v lands inside: 0 <= j sw - left + v dw < W
        const offset = v * g.dw - g.left;
        const [j0, j1] = tapRange(offset, g.sw, g.cols, g.width);
        for (let i = i0; i < i1; i++) {
          const r = i * g.sh - g.top + u * g.dh;
          const dst = t * n + (i - i0) * g.cols;
          if (r < 0 || r >= g.height) { // one test per row, not per tap
            out.fill(0, dst, dst + g.cols);
            continue;
          }
          const src = c * plane + r * g.width + offset;
          for (let j = 0; j < j0; j++) out[dst + j] = 0;
          if (g.sw === 1) {
            for (let j = j0; j < j1; j++) out[dst + j] = x[src + j];
          } else {
            for (let j = j0; j < j1; j++) out[dst + j] = x[src + j * g.sw];
          }
          for (let j = j1; j < g.cols; j++) out[dst + j] = 0;
        }
      }
    }
  }
}
