import { describe, expect, it } from 'vitest';
import { computeProjection } from './compute';
import { mulberry32 } from '../../lib/rng';

describe('computeProjection (the worker body)', () => {
  it('UMAP with too few points falls back to PCA and says so', () => {
    const r = computeProjection(
      {
        type: 'project',
        jobId: 1,
        method: 'umap',
        dims: 2,
        vectors: new Float32Array(30).map((_, i) => i % 7),
        n: 10,
        dim: 3,
      },
      () => {},
    );
    expect(r.method).toBe('pca');
    expect(r.coords).toHaveLength(20);
    expect(r.notice).toMatch(/at least 20 points/);
  });

  it('UMAP samples big inputs, reports progress and which rows it kept', () => {
    const rand = mulberry32(3);
    const n = 300,
      dim = 8;
    const progress: number[] = [];
    const r = computeProjection(
      {
        type: 'project',
        jobId: 2,
        method: 'umap',
        dims: 2,
        vectors: new Float32Array(n * dim).map(() => rand()),
        n,
        dim,
        maxUmapPoints: 100,
      },
      (f) => progress.push(f),
    );
    expect(r.method).toBe('umap');
    expect(r.rows).toHaveLength(100);
    expect(r.coords).toHaveLength(200);
    expect(progress.at(-1)).toBe(1);
    expect(r.notice).toMatch(/100 of 300/);
  });

  it('PCA to 3 dims pads a 2-D input and rejects a wrong-length buffer', () => {
    const r = computeProjection(
      {
        type: 'project',
        jobId: 3,
        method: 'pca',
        dims: 3,
        vectors: new Float32Array([0, 0, 1, 1, 2, 2]),
        n: 3,
        dim: 2,
      },
      () => {},
    );
    expect(r.coords).toHaveLength(9);
    expect(() =>
      computeProjection(
        { type: 'project', jobId: 4, method: 'pca', dims: 2, vectors: new Float32Array(5), n: 3, dim: 2 },
        () => {},
      ),
    ).toThrow(/needs 6/);
  });

  it("'gap' axes project to 3-D; without prompts it falls back to PCA and says so", () => {
    const rand = mulberry32(8);
    const n = 30,
      dim = 6;
    const vectors = new Float32Array(n * dim).map(() => rand() - 0.5);
    const groups = Uint8Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 2));
    const r = computeProjection(
      { type: 'project', jobId: 5, method: 'gap', dims: 3, vectors, n, dim, groups },
      () => {},
    );
    expect(r.method).toBe('gap');
    expect(r.coords).toHaveLength(n * 3);
    const f = computeProjection(
      { type: 'project', jobId: 6, method: 'gap', dims: 3, vectors, n, dim, groups: new Uint8Array(n).fill(1) },
      () => {},
    );
    expect(f.method).toBe('pca');
    expect(f.notice).toMatch(/showing PCA/);
  });
});
