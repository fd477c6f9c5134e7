import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../lib/rng';
import { cosines, cosinesBlock, dotsJs, rowNorms, type EmbeddingMatrix } from '../linalg';
import { KERNEL_MIN_ROWS, rowDots } from './dots';

const rng = mulberry32(7);
const matrix = (rows: number, dim: number): EmbeddingMatrix => ({
  data: Float32Array.from({ length: rows * dim }, () => rng() - 0.5),
  rows,
  dim,
});

describe('WASM SIMD dot kernel', () => {
  it('equals the JS loop to float64 rounding, one query and four, at two dimensions', () => {
    for (const dim of [128, 512]) {
      const m = matrix(1000, dim);
      const kernel = rowDots(m);
      expect(kernel).not.toBeNull();
      const qs = [0, 1, 2, 3].map(() => Float64Array.from({ length: dim }, () => rng() - 0.5));
      for (const count of [1, 2, 3, 4]) {
        const got = kernel!.dots(qs.slice(0, count));
        expect(got).toHaveLength(count);
        got.forEach((d, p) => {
          const ref = dotsJs(qs[p], m);
          let worst = 0;
          for (let i = 0; i < m.rows; i++) worst = Math.max(worst, Math.abs(d[i] - ref[i]));
          expect(worst).toBeLessThan(1e-12);
        });
      }
    }
  });

  it('keeps one copy per matrix, and leaves small or odd-width matrices to the JS loop', () => {
    const m = matrix(KERNEL_MIN_ROWS, 128);
    expect(rowDots(m)).toBe(rowDots(m));
    expect(rowDots(matrix(KERNEL_MIN_ROWS - 1, 128))).toBeNull();
    expect(rowDots(matrix(1000, 130))).toBeNull();
  });

  it('refuses a query of the wrong length or too many queries', () => {
    const kernel = rowDots(matrix(300, 128))!;
    expect(() => kernel.dots([new Float64Array(64)])).toThrow(/length 64 vs matrix dim 128/);
    expect(() => kernel.dots(Array.from({ length: 5 }, () => new Float64Array(128)))).toThrow(/1 to 4 queries/);
  });

  it('gives linalg.cosines the same cosines through either path', () => {
    const m = matrix(2000, 128);
    const norms = rowNorms(m);
    const vs = [0, 1, 2, 3, 4].map(() => Float64Array.from({ length: 128 }, () => rng() - 0.5));
    const block = cosinesBlock(vs, m, norms);
    vs.forEach((v, p) => {
      const viaKernel = cosines(v, m, norms);
      const js = dotsJs(v, m);
      const vn = Math.hypot(...v);
      for (const i of [0, 17, 1999]) {
        expect(block[p][i]).toBeCloseTo(js[i] / (vn * norms[i]), 14);
        expect(viaKernel[i]).toBeCloseTo(block[p][i], 14);
      }
    });
  });

  it('is built from the committed .wat (scripts/build-kernels.mjs --check)', () => {
    expect(() => execFileSync('node', ['scripts/build-kernels.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
