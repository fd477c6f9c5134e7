/**
 * Hypersphere geometry of an embedding space (pure functions, row-major Float32 rows).
 * Wang & Isola (2020): alignment = E‖x − y‖² over positive pairs; uniformity = log E exp(−2‖x − y‖²)
 * over all distinct pairs. Modality gap = ‖mean(images) − mean(texts)‖ (Liang et al., 2022).
 */

export function centroid(rows: ArrayLike<number>, n: number, dim: number): Float64Array {
  const c = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) c[j] += rows[i * dim + j];
  if (n > 0) for (let j = 0; j < dim; j++) c[j] /= n;
  return c;
}

export function squaredDistance(
  a: ArrayLike<number>,
  ai: number,
  b: ArrayLike<number>,
  bi: number,
  dim: number,
): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const d = a[ai * dim + j] - b[bi * dim + j];
    s += d * d;
  }
  return s;
}

/** Euclidean distance between the image centroid and the text centroid. */
export function modalityGap(
  images: ArrayLike<number>,
  nImages: number,
  texts: ArrayLike<number>,
  nTexts: number,
  dim: number,
): number {
  if (nImages === 0 || nTexts === 0) return Number.NaN;
  const ci = centroid(images, nImages, dim);
  const ct = centroid(texts, nTexts, dim);
  let s = 0;
  for (let j = 0; j < dim; j++) s += (ci[j] - ct[j]) ** 2;
  return Math.sqrt(s);
}

/**
 * Alignment: mean ‖x_i − t_{label_i}‖² over images and their own class prompt (lower = closer).
 * Images whose label is outside [0, nClasses) are skipped (they are not ID).
 */
export function alignment(
  images: ArrayLike<number>,
  labels: ArrayLike<number>,
  nImages: number,
  classTexts: ArrayLike<number>,
  nClasses: number,
  dim: number,
): number {
  let s = 0,
    count = 0;
  for (let i = 0; i < nImages; i++) {
    const y = labels[i];
    if (!(y >= 0 && y < nClasses)) continue;
    s += squaredDistance(images, i, classTexts, y, dim);
    count++;
  }
  return count ? s / count : Number.NaN;
}

/**
 * Uniformity: log mean over distinct pairs i<j of exp(−t‖x_i − x_j‖²), t = 2 (lower = more uniform).
 * O(n²): pass at most a few thousand rows (`maxRows` takes an evenly spaced sample).
 */
export function uniformity(rows: ArrayLike<number>, n: number, dim: number, { t = 2, maxRows = 2000 } = {}): number {
  const m = Math.min(n, maxRows);
  if (m < 2) return Number.NaN;
  const step = n / m;
  const idx = Array.from({ length: m }, (_, r) => Math.floor(r * step));
  // log-mean-exp, shifted by the largest exponent for stability.
  const exps: number[] = [];
  let max = -Infinity;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const e = -t * squaredDistance(rows, idx[a], rows, idx[b], dim);
      exps.push(e);
      if (e > max) max = e;
    }
  }
  let s = 0;
  for (const e of exps) s += Math.exp(e - max);
  return max + Math.log(s / exps.length);
}

/** Normalise each row to unit length in place (zero rows stay zero). Returns the same array. */
export function normaliseRows(rows: Float32Array, n: number, dim: number): Float32Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += rows[i * dim + j] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) rows[i * dim + j] *= inv;
  }
  return rows;
}
