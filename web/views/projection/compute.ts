/** The work the projection worker does, as a plain function (also runnable in tests and Node). */
import { count } from '../../lib/format';
import { gapAlignedAxes } from './axes';
import { pca, project } from './pca';
import type { ProjectRequest, ResultMessage } from './protocol';
import { runUmap, sampleIndices, TooFewPointsError } from './umap';

export const DEFAULT_MAX_UMAP_POINTS = 10_000;
/** umap-js picks 500 epochs below 2,500 points; 200 lay out the same clusters in 40 % of the time (a person is waiting). */
export const UMAP_EPOCHS = 200;

export function computeProjection(
  req: ProjectRequest,
  onProgress: (fraction: number, stage: string) => void,
): ResultMessage {
  const started = performance.now();
  const { n, dim, vectors } = req;
  if (vectors.length !== n * dim)
    throw new Error(`Projection: ${n} rows × ${dim} dims needs ${n * dim} numbers, got ${vectors.length}.`);
  const dims = req.method === 'umap' ? 2 : req.method === 'gap' ? 3 : req.dims;
  if (req.method === 'umap') {
    const rows = sampleIndices(n, req.maxUmapPoints ?? DEFAULT_MAX_UMAP_POINTS);
    const sample = rows.length === n ? vectors : gatherRows(vectors, rows, dim);
    try {
      const coords = runUmap(sample, rows.length, dim, { seed: req.seed, nEpochs: UMAP_EPOCHS, onProgress });
      const notice =
        rows.length < n ? `UMAP of an evenly spaced sample: ${count(rows.length)} of ${count(n)} points.` : undefined;
      return {
        type: 'result',
        jobId: req.jobId,
        method: 'umap',
        dims: 2,
        coords,
        rows: rows.length < n ? rows : undefined,
        notice,
        elapsedMs: performance.now() - started,
      };
    } catch (e) {
      if (!(e instanceof TooFewPointsError)) throw e;
      const r = pcaResult(req, 2);
      return { ...r, notice: e.message, elapsedMs: performance.now() - started };
    }
  }
  if (req.method === 'gap') {
    const axes = req.groups && req.groups.length === n ? gapAlignedAxes(vectors, n, dim, req.groups) : null;
    if (axes) {
      const coords = project(vectors, n, dim, new Float64Array(dim), axes, 3);
      return {
        type: 'result',
        jobId: req.jobId,
        method: 'gap',
        dims: 3,
        coords,
        elapsedMs: performance.now() - started,
      };
    }
    const r = pcaResult({ ...req, uncentred: true }, 3);
    return {
      ...r,
      notice: 'Centroid-plane axes need both ID images and class prompts: showing PCA axes.',
      elapsedMs: performance.now() - started,
    };
  }
  onProgress(0, 'pca');
  const r = pcaResult(req, dims);
  onProgress(1, 'pca');
  return { ...r, elapsedMs: performance.now() - started };
}

function pcaResult(req: ProjectRequest, dims: 2 | 3): ResultMessage {
  const { n, dim, vectors } = req;
  if (n === 0)
    return { type: 'result', jobId: req.jobId, method: 'pca', dims, coords: new Float32Array(0), elapsedMs: 0 };
  const r = pca(vectors, n, dim, { k: dims, seed: req.seed ?? 1 });
  let coords = r.coords;
  if (dim < dims) {
    // Fewer input dims than wanted axes: pad with zeros so consumers can rely on `dims` columns.
    coords = new Float32Array(n * dims);
    for (let i = 0; i < n; i++) for (let c = 0; c < r.k; c++) coords[i * dims + c] = r.coords[i * r.k + c];
  } else if (req.uncentred) {
    coords = project(vectors, n, dim, new Float64Array(dim), r.components, r.k);
  }
  return { type: 'result', jobId: req.jobId, method: 'pca', dims, coords, explained: [...r.explained], elapsedMs: 0 };
}

function gatherRows(vectors: Float32Array, rows: Uint32Array, dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((src, r) => out.set(vectors.subarray(src * dim, (src + 1) * dim), r * dim));
  return out;
}
