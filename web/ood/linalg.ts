/**
 * Embedding matrices and the few linear-algebra steps the scores need.
 * Inputs stay Float32Array (what ONNX Runtime returns); every reduction runs in float64 so that the TS scores
 * agree with the Python recipe (float64 numpy) to 1e-6 even after NegLabel's e^{c/0.01} amplification.
 */
import { KERNEL_BLOCK, rowDots } from './kernels/dots';

/** A row-major matrix of embeddings: `rows` vectors of length `dim`. */
export interface EmbeddingMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly dim: number;
}

export type Vector = ArrayLike<number>;

export function makeMatrix(data: Float32Array, rows: number, dim: number): EmbeddingMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || rows < 0 || dim <= 0) {
    throw new Error(`makeMatrix: bad shape ${rows}x${dim}`);
  }
  if (data.length !== rows * dim) {
    throw new Error(`makeMatrix: ${data.length} values do not make a ${rows}x${dim} matrix`);
  }
  return { data, rows, dim };
}

/** Stacks vectors of one length into a matrix. */
export function matrixFromRows(vectors: readonly Vector[], dim?: number): EmbeddingMatrix {
  const d = dim ?? vectors[0]?.length;
  if (d === undefined) throw new Error('matrixFromRows: no rows and no dim');
  const data = new Float32Array(vectors.length * d);
  vectors.forEach((v, i) => {
    if (v.length !== d) throw new Error(`matrixFromRows: row ${i} has length ${v.length}, expected ${d}`);
    for (let k = 0; k < d; k++) data[i * d + k] = v[k];
  });
  return { data, rows: vectors.length, dim: d };
}

/** A view (no copy) of row i. */
export function rowOf(m: EmbeddingMatrix, i: number): Float32Array {
  if (i < 0 || i >= m.rows) throw new Error(`rowOf: row ${i} outside 0..${m.rows - 1}`);
  return m.data.subarray(i * m.dim, (i + 1) * m.dim);
}

export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new Error(`dot: lengths ${a.length} and ${b.length} differ`);
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

export function norm(v: Vector): number {
  return Math.sqrt(dot(v, v));
}

/** v / ‖v‖ in float64; a zero vector stays zero (its cosines are 0, not NaN). */
export function l2Normalize(v: Vector): Float64Array {
  const n = norm(v);
  const out = new Float64Array(v.length);
  if (n === 0) return out;
  for (let k = 0; k < v.length; k++) out[k] = v[k] / n;
  return out;
}

/** Every row divided by its norm (stored back as float32, the format the app passes around). */
export function normalizeRows(m: EmbeddingMatrix): EmbeddingMatrix {
  const out = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    const r = l2Normalize(rowOf(m, i));
    out.set(r, i * m.dim);
  }
  return { data: out, rows: m.rows, dim: m.dim };
}

/** The norm of each row, float64. */
export function rowNorms(m: EmbeddingMatrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = norm(rowOf(m, i));
  return out;
}

/**
 * Cosine of one vector with every row of a matrix, float64: (v·m_i) / (‖v‖‖m_i‖).
 * Neither side needs to be normalised beforehand; zero vectors give cosine 0.
 */
export function cosines(v: Vector, m: EmbeddingMatrix, mNorms?: Float64Array): Float64Array {
  return cosinesBlock([v], m, mNorms)[0];
}

/**
 * `cosines` of several vectors at once. A large matrix (a normal set) goes through the WASM SIMD kernel
 * (kernels/dots.ts), four vectors per pass over its rows; a small one, or where the kernel cannot run, through the
 * JS loop. Both sum in float64 and agree to ~1e-16.
 */
export function cosinesBlock(vs: readonly Vector[], m: EmbeddingMatrix, mNorms?: Float64Array): Float64Array[] {
  for (const v of vs)
    if (v.length !== m.dim) throw new Error(`cosines: vector of length ${v.length} vs matrix dim ${m.dim}`);
  const norms = mNorms ?? rowNorms(m);
  const kernel = rowDots(m);
  const out: Float64Array[] = [];
  for (let b = 0; b < vs.length; b += KERNEL_BLOCK) {
    const block = vs.slice(b, b + KERNEL_BLOCK);
    const dots = kernel ? kernel.dots(block) : block.map((v) => dotsJs(v, m));
    block.forEach((v, p) => {
      const vn = norm(v);
      const d = dots[p];
      for (let i = 0; i < m.rows; i++) {
        const denom = vn * norms[i];
        d[i] = denom === 0 ? 0 : d[i] / denom;
      }
      out.push(d);
    });
  }
  return out;
}

/** v · m_i for every row, float64, in JS: the reference for the kernel and its fallback. */
export function dotsJs(v: Vector, m: EmbeddingMatrix): Float64Array {
  const out = new Float64Array(m.rows);
  const d = m.dim;
  const data = m.data;
  // inline over the flat data with four running sums: no row view per row, and four independent additions per step
  for (let i = 0, off = 0; i < m.rows; i++, off += d) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0,
      k = 0;
    for (; k + 3 < d; k += 4) {
      s0 += v[k] * data[off + k];
      s1 += v[k + 1] * data[off + k + 1];
      s2 += v[k + 2] * data[off + k + 2];
      s3 += v[k + 3] * data[off + k + 3];
    }
    for (; k < d; k++) s0 += v[k] * data[off + k];
    out[i] = s0 + s1 + s2 + s3;
  }
  return out;
}

/** Cosine of two vectors (float64). */
export function cosine(a: Vector, b: Vector): number {
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : dot(a, b) / d;
}

/**
 * Class embeddings from prompt-template embeddings: for each class the normalised mean of its normalised template
 * embeddings (CLIP's prompt ensembling). `perClass` is K·T rows ordered class-major (class 0 templates 0..T−1, …).
 */
export function ensembleTemplates(perClass: EmbeddingMatrix, templatesPerClass: number): EmbeddingMatrix {
  const t = templatesPerClass;
  if (t <= 0 || perClass.rows % t !== 0) {
    throw new Error(`ensembleTemplates: ${perClass.rows} rows are not a multiple of ${t} templates`);
  }
  const k = perClass.rows / t;
  const out = new Float32Array(k * perClass.dim);
  const acc = new Float64Array(perClass.dim);
  for (let c = 0; c < k; c++) {
    acc.fill(0);
    for (let j = 0; j < t; j++) {
      const r = l2Normalize(rowOf(perClass, c * t + j));
      for (let d = 0; d < perClass.dim; d++) acc[d] += r[d];
    }
    out.set(l2Normalize(acc), c * perClass.dim);
  }
  return { data: out, rows: k, dim: perClass.dim };
}

/** Index of the largest value (first on ties); −1 for an empty input. */
export function argmax(v: Vector): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < v.length; k++) {
    if (v[k] > bestValue || best === -1) {
      best = k;
      bestValue = v[k];
    }
  }
  return best;
}

/** log Σ exp(x_k), stable (shifted by the maximum); −∞ for an empty input. */
export function logSumExp(x: Vector): number {
  let m = -Infinity;
  for (let k = 0; k < x.length; k++) if (x[k] > m) m = x[k];
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (let k = 0; k < x.length; k++) s += Math.exp(x[k] - m);
  return m + Math.log(s);
}

/** softmax(x), stable, float64. */
export function softmax(x: Vector): Float64Array {
  const lse = logSumExp(x);
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = Math.exp(x[k] - lse);
  return out;
}
