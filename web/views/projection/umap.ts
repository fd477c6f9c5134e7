/**
 * UMAP (umap-js) over row-major Float32 embeddings, with a progress callback and a seeded PRNG.
 * Runs synchronously: call it from the projection worker, never on the main thread.
 */
import { UMAP } from 'umap-js';
import { mulberry32 } from '../../lib/rng';

export interface UmapOptions {
  nNeighbors?: number;
  minDist?: number;
  seed?: number;
  nEpochs?: number;
  /** Called with a fraction in [0, 1] and a short stage name. */
  onProgress?: (fraction: number, stage: string) => void;
}

/** Fewer points than this and UMAP's neighbour graph is meaningless; the views fall back to PCA. */
export const UMAP_MIN_POINTS = 20;

export class TooFewPointsError extends Error {
  constructor(
    readonly count: number,
    readonly needed: number,
  ) {
    super(`UMAP needs at least ${needed} points; this view has ${count}. Showing PCA instead.`);
    this.name = 'TooFewPointsError';
  }
}

export function umapNeighbours(n: number, wanted = 15): number {
  return Math.max(2, Math.min(wanted, Math.floor((n - 1) / 2)));
}

export function runUmap(data: ArrayLike<number>, n: number, dim: number, options: UmapOptions = {}): Float32Array {
  if (n < UMAP_MIN_POINTS) throw new TooFewPointsError(n, UMAP_MIN_POINTS);
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(dim);
    for (let j = 0; j < dim; j++) row[j] = data[i * dim + j];
    rows[i] = row;
  }
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: umapNeighbours(n, options.nNeighbors),
    minDist: options.minDist ?? 0.1,
    nEpochs: options.nEpochs,
    random: mulberry32(options.seed ?? 42),
  });
  options.onProgress?.(0, 'neighbours');
  const epochs = umap.initializeFit(rows);
  const every = Math.max(1, Math.floor(epochs / 50));
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (e % every === 0) options.onProgress?.((e + 1) / epochs, 'layout');
  }
  options.onProgress?.(1, 'layout');
  const emb = umap.getEmbedding();
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i * 2] = emb[i][0];
    out[i * 2 + 1] = emb[i][1];
  }
  return out;
}

/** Evenly spaced row indices, at most `max` of them, so a big run gets a UMAP of a fair sample. */
export function sampleIndices(n: number, max: number): Uint32Array {
  if (n <= max) return Uint32Array.from({ length: n }, (_, i) => i);
  const out = new Uint32Array(max);
  const step = n / max;
  for (let r = 0; r < max; r++) out[r] = Math.floor(r * step);
  return out;
}
