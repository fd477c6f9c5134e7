import { describe, expect, it } from 'vitest';
import {
  argmax,
  cosine,
  cosines,
  ensembleTemplates,
  l2Normalize,
  logSumExp,
  makeMatrix,
  matrixFromRows,
  normalizeRows,
  softmax,
} from './linalg';

describe('linalg', () => {
  it('normalises to unit length and leaves zero vectors at zero', () => {
    expect(Array.from(l2Normalize([3, 4]))).toEqual([0.6, 0.8]);
    expect(Array.from(l2Normalize([0, 0]))).toEqual([0, 0]);
    const m = normalizeRows(
      matrixFromRows([
        [3, 4],
        [0, 2],
      ]),
    );
    expect(Array.from(m.data)).toEqual([0.6000000238418579, 0.800000011920929, 0, 1]);
  });

  it('computes cosines of one vector with every row, unnormalised inputs', () => {
    const m = matrixFromRows([
      [1, 0],
      [0, 2],
      [-3, 3],
      [0, 0],
    ]);
    const c = cosines([2, 2], m);
    expect(c[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(c[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(c[2]).toBeCloseTo(0, 12);
    expect(c[3]).toBe(0);
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
  });

  it('rejects shapes that do not fit', () => {
    expect(() => makeMatrix(new Float32Array(5), 2, 3)).toThrow(/2x3/);
    expect(() => cosines([1, 2, 3], matrixFromRows([[1, 2]]))).toThrow(/dim 2/);
  });

  it('logsumexp is stable for large and small inputs', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 9);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.log(2), 9);
    expect(logSumExp([0, Math.log(3)])).toBeCloseTo(Math.log(4), 12);
    expect(logSumExp([])).toBe(-Infinity);
    const p = softmax([100, 100, 100 + Math.log(2)]);
    expect(Array.from(p).map((x) => +x.toFixed(12))).toEqual([0.25, 0.25, 0.5]);
  });

  it('ensembles prompt templates as the normalised mean of normalised embeddings', () => {
    // class 0: templates (1,0) and (0,1) → (1,1)/√2; class 1: (0,3) and (0,1) → (0,1)
    const e = ensembleTemplates(
      matrixFromRows([
        [1, 0],
        [0, 1],
        [0, 3],
        [0, 1],
      ]),
      2,
    );
    expect(e.rows).toBe(2);
    expect(e.data[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(e.data[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Array.from(e.data.slice(2))).toEqual([0, 1]);
  });

  it('argmax takes the first maximum', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax([])).toBe(-1);
  });
});
