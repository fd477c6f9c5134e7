import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../lib/rng';
import { runUmap, TooFewPointsError } from './umap';

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12),
    v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

describe('runUmap', () => {
  it('keeps three well-separated 32-D Gaussian blobs apart in 2-D', () => {
    const rand = mulberry32(123);
    const dim = 32,
      perBlob = 40,
      blobs = 3,
      n = perBlob * blobs;
    const centres = Array.from({ length: blobs }, () => Array.from({ length: dim }, () => gaussian(rand) * 10));
    const data = new Float32Array(n * dim);
    const label: number[] = [];
    for (let b = 0; b < blobs; b++) {
      for (let p = 0; p < perBlob; p++) {
        const i = b * perBlob + p;
        label.push(b);
        for (let j = 0; j < dim; j++) data[i * dim + j] = centres[b][j] + gaussian(rand);
      }
    }
    const progress: number[] = [];
    const xy = runUmap(data, n, dim, { seed: 5, nEpochs: 200, onProgress: (f) => progress.push(f) });
    expect(progress.at(-1)).toBe(1);
    const cx = [0, 0, 0],
      cy = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      cx[label[i]] += xy[i * 2] / perBlob;
      cy[label[i]] += xy[i * 2 + 1] / perBlob;
    }
    // Largest within-cluster spread (RMS distance to own centroid).
    let spread = 0;
    for (let b = 0; b < blobs; b++) {
      let s = 0;
      for (let i = b * perBlob; i < (b + 1) * perBlob; i++)
        s += (xy[i * 2] - cx[b]) ** 2 + (xy[i * 2 + 1] - cy[b]) ** 2;
      spread = Math.max(spread, Math.sqrt(s / perBlob));
    }
    for (let a = 0; a < blobs; a++) {
      for (let b = a + 1; b < blobs; b++) {
        expect(Math.hypot(cx[a] - cx[b], cy[a] - cy[b])).toBeGreaterThan(2 * spread);
      }
    }
  });

  it('refuses a handful of points with a message that says PCA is shown instead', () => {
    expect(() => runUmap(new Float32Array(5 * 4), 5, 4)).toThrow(TooFewPointsError);
    expect(() => runUmap(new Float32Array(5 * 4), 5, 4)).toThrow(/at least 20 points.*PCA/);
  });
});
