/**
 * Principal component analysis for embedding views.
 *
 * Own small eigensolver instead of a dependency: we only ever need the top 2–3 components of a
 * D×D covariance (D ≤ ~1024), which power iteration with deflation gives in a few milliseconds,
 * and the maintained numeric libraries (ml-matrix & co.) would add ~100 kB for one function.
 * Rows are points; `data` is row-major n×dim.
 */
import { mulberry32 } from '../../lib/rng';

export interface PcaResult {
  /** n × k projected coordinates, row-major. */
  coords: Float32Array;
  /** k principal axes, each `dim` long (unit vectors), row-major k × dim. */
  components: Float64Array;
  /** Variance along each axis (eigenvalue of the covariance, divided by n). */
  variances: Float64Array;
  /** Fraction of total variance each axis explains. */
  explained: Float64Array;
  mean: Float64Array;
  k: number;
}

export interface PcaOptions {
  k: number;
  /** Power-iteration steps per component (converges much sooner on embedding data). */
  maxIterations?: number;
  tolerance?: number;
  /** Seed for the start vectors, so the same data always gives the same signs. */
  seed?: number;
  /**
   * Fit the axes on at most this many evenly spaced rows (all rows are still projected):
   * the covariance costs n·D²/2, so 100k × 512-D would take many seconds; 5k evenly spaced rows pin the top axes.
   */
  maxFitRows?: number;
}

/** Seeded so projections are reproducible (re-exported for the views' tests and the map bench). */

export function columnMean(data: ArrayLike<number>, n: number, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) mean[j] += data[o + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= Math.max(n, 1);
  return mean;
}

/** Covariance (divided by n) of the centred data, dim × dim, symmetric. */
export function covariance(data: ArrayLike<number>, n: number, dim: number, mean: Float64Array): Float64Array {
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) row[j] = data[o + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const base = a * dim;
      for (let b = a; b < dim; b++) cov[base + b] += ra * row[b];
    }
  }
  const inv = 1 / Math.max(n, 1);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = cov[a * dim + b] * inv;
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  return cov;
}

/**
 * Top-k eigenpairs of a symmetric positive semi-definite matrix by power iteration with deflation.
 * Each vector's sign is fixed so its largest-magnitude entry is positive (stable across runs).
 */
export function topEigen(
  matrix: Float64Array,
  dim: number,
  k: number,
  { maxIterations = 500, tolerance = 1e-10, seed = 1 }: Omit<PcaOptions, 'k'> = {},
): { vectors: Float64Array; values: Float64Array } {
  const m = Float64Array.from(matrix);
  const vectors = new Float64Array(k * dim);
  const values = new Float64Array(k);
  const rand = mulberry32(seed);
  const v = new Float64Array(dim);
  const w = new Float64Array(dim);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < dim; j++) v[j] = rand() - 0.5;
    // Keep the start orthogonal to the axes already found (helps when eigenvalues are tied).
    orthogonalise(v, vectors, c, dim);
    normalise(v);
    for (let it = 0; it < maxIterations; it++) {
      multiply(m, v, w, dim);
      orthogonalise(w, vectors, c, dim);
      let sq = 0;
      for (let j = 0; j < dim; j++) sq += w[j] * w[j];
      const norm = Math.sqrt(sq);
      if (norm < 1e-300) break;
      let delta = 0;
      for (let j = 0; j < dim; j++) {
        const next = w[j] / norm;
        delta += Math.abs(Math.abs(next) - Math.abs(v[j]));
        v[j] = next;
      }
      if (delta < tolerance * dim) break;
    }
    // Rayleigh quotient gives a better eigenvalue than the last norm.
    multiply(m, v, w, dim);
    let rq = 0;
    for (let j = 0; j < dim; j++) rq += v[j] * w[j];
    const lambda = Math.max(rq, 0);
    fixSign(v);
    vectors.set(v, c * dim);
    values[c] = lambda;
    // Deflate: m ← m − λ v vᵀ
    for (let a = 0; a < dim; a++) {
      for (let b = 0; b < dim; b++) m[a * dim + b] -= lambda * v[a] * v[b];
    }
  }
  return { vectors, values };
}

export function pca(data: ArrayLike<number>, n: number, dim: number, options: PcaOptions): PcaResult {
  if (data.length < n * dim) throw new Error(`PCA: expected ${n}×${dim} values, got ${data.length}`);
  const k = Math.min(options.k, dim);
  const fit = subsampleRows(data, n, dim, options.maxFitRows ?? 5_000);
  const mean = columnMean(fit.data, fit.n, dim);
  const cov = covariance(fit.data, fit.n, dim, mean);
  let total = 0;
  for (let j = 0; j < dim; j++) total += cov[j * dim + j];
  const { vectors, values } = topEigen(cov, dim, k, options);
  const coords = project(data, n, dim, mean, vectors, k);
  const explained = values.map((v) => (total > 0 ? v / total : 0));
  return { coords, components: vectors, variances: values, explained, mean, k };
}

/** Project (possibly other) rows onto axes found by `pca`. */
export function project(
  data: ArrayLike<number>,
  n: number,
  dim: number,
  mean: Float64Array,
  components: Float64Array,
  k: number,
): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let c = 0; c < k; c++) {
      const base = c * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) s += (data[o + j] - mean[j]) * components[base + j];
      out[i * k + c] = s;
    }
  }
  return out;
}

function subsampleRows(
  data: ArrayLike<number>,
  n: number,
  dim: number,
  max: number,
): { data: ArrayLike<number>; n: number } {
  if (n <= max) return { data, n };
  const out = new Float32Array(max * dim);
  const step = n / max;
  for (let r = 0; r < max; r++) {
    const src = Math.floor(r * step) * dim;
    for (let j = 0; j < dim; j++) out[r * dim + j] = data[src + j];
  }
  return { data: out, n: max };
}

function multiply(m: Float64Array, v: Float64Array, out: Float64Array, dim: number): void {
  for (let a = 0; a < dim; a++) {
    let s = 0;
    const base = a * dim;
    for (let b = 0; b < dim; b++) s += m[base + b] * v[b];
    out[a] = s;
  }
}

function orthogonalise(v: Float64Array, basis: Float64Array, count: number, dim: number): void {
  for (let c = 0; c < count; c++) {
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += v[j] * basis[c * dim + j];
    for (let j = 0; j < dim; j++) v[j] -= dot * basis[c * dim + j];
  }
}

function normalise(v: Float64Array): void {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  const n = Math.sqrt(s) || 1;
  for (let j = 0; j < v.length; j++) v[j] /= n;
}

function fixSign(v: Float64Array): void {
  let best = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[best]) + 1e-12) best = j;
  if (v[best] < 0) for (let j = 0; j < v.length; j++) v[j] = -v[j];
}
