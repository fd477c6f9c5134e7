/**
 * Axes for the sphere that keep the modality gap honest. PCA of image + text embeddings spends its axes on the
 * largest spreads and can show the two centroid directions 100° apart when they really are 20° apart. These axes
 * span the plane of the two centroids (their bisector and their difference), plus the main remaining spread, so the
 * angle between the image and text centroid directions on the sphere is the true one.
 */
import { columnMean, covariance, topEigen } from './pca';

function meanDirection(data: ArrayLike<number>, dim: number, rows: number[]): Float64Array | null {
  if (!rows.length) return null;
  const m = new Float64Array(dim);
  for (const r of rows) for (let j = 0; j < dim; j++) m[j] += data[r * dim + j];
  const n = Math.hypot(...m);
  if (!(n > 0)) return null;
  for (let j = 0; j < dim; j++) m[j] /= n;
  return m;
}

function normalise(v: Float64Array): boolean {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  if (!(n > 1e-12)) return false;
  for (let j = 0; j < v.length; j++) v[j] /= n;
  return true;
}

/**
 * 3 × dim orthonormal axes (row-major): bisector of the centroid directions, their difference, then the top principal
 * axis of what those two leave. `groups[i]`: 1 = ID image, 2 = class prompt, other = neither. Null without both groups.
 */
export function gapAlignedAxes(
  data: ArrayLike<number>,
  n: number,
  dim: number,
  groups: ArrayLike<number>,
): Float64Array | null {
  const img: number[] = [],
    txt: number[] = [];
  for (let i = 0; i < n; i++) {
    if (groups[i] === 1) img.push(i);
    else if (groups[i] === 2) txt.push(i);
  }
  const a = meanDirection(data, dim, img),
    b = meanDirection(data, dim, txt);
  if (!a || !b || dim < 3) return null;
  const e1 = a.map((v, j) => v + b[j]);
  const e2 = a.map((v, j) => v - b[j]);
  if (!normalise(e1)) return null; // antipodal centroids: no bisector
  // (a + b)·(a − b) = |a|² − |b|² = 0 for unit a, b: e2 is already orthogonal to e1.
  const hasGap = normalise(e2);
  const basis = hasGap ? [e1, e2] : [e1];
  // Residual spread after removing the fixed axes; its top axes complete the basis.
  const resid = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) resid[o + j] = data[o + j];
    for (const e of basis) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += resid[o + j] * e[j];
      for (let j = 0; j < dim; j++) resid[o + j] -= d * e[j];
    }
  }
  const mean = columnMean(resid, n, dim);
  const { vectors } = topEigen(covariance(resid, n, dim, mean), dim, 3 - basis.length);
  const axes = new Float64Array(3 * dim);
  basis.forEach((e, k) => axes.set(e, k * dim));
  for (let k = basis.length; k < 3; k++) {
    const v = vectors.subarray((k - basis.length) * dim, (k - basis.length + 1) * dim);
    // Numerical safety: re-orthogonalise against the fixed axes.
    const w = Float64Array.from(v);
    for (const e of basis) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += w[j] * e[j];
      for (let j = 0; j < dim; j++) w[j] -= d * e[j];
    }
    normalise(w);
    axes.set(w, k * dim);
  }
  return axes;
}
