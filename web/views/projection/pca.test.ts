import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../lib/rng';
import { pca } from './pca';

/** |a·b| for unit vectors: 1 when parallel up to sign. */
function absCos(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] ** 2;
    nb += b[i] ** 2;
  }
  return Math.abs(dot) / Math.sqrt(na * nb);
}

describe('pca', () => {
  it('points on a line: one axis along the line, coordinates = signed distance from the mean', () => {
    // x = t·(1, 2, 2)/3 + (5, 5, 5), t = -2..2 → mean (5,5,5), axis (1,2,2)/3, coordinates ±t.
    const ts = [-2, -1, 0, 1, 2];
    const data = new Float32Array(ts.flatMap((t) => [5 + t / 3, 5 + (2 * t) / 3, 5 + (2 * t) / 3]));
    const r = pca(data, 5, 3, { k: 2 });
    expect(absCos(r.components.subarray(0, 3), [1 / 3, 2 / 3, 2 / 3])).toBeCloseTo(1, 6);
    // variance = mean(t²) = (4+1+0+1+4)/5 = 2; all of it on the first axis.
    expect(r.variances[0]).toBeCloseTo(2, 5);
    expect(r.explained[0]).toBeCloseTo(1, 5);
    expect(r.variances[1]).toBeCloseTo(0, 5);
    const sign = Math.sign(r.coords[0 * 2]) === Math.sign(-2) ? 1 : -1;
    ts.forEach((t, i) => expect(r.coords[i * 2] * sign).toBeCloseTo(t, 5));
    expect([...r.mean].map((m) => +m.toFixed(5))).toEqual([5, 5, 5]);
  });

  it('an ellipse with known axes: semi-axes 3 and 1, rotated by 30°, in a 3-D space', () => {
    // Points (3cosθ, sinθ) at 8 evenly spaced θ have variances 9/2 and 1/2 along the semi-axes.
    const rot = Math.PI / 6;
    const ax1 = [Math.cos(rot), Math.sin(rot), 0];
    const ax2 = [-Math.sin(rot), Math.cos(rot), 0];
    const pts: number[] = [];
    for (let i = 0; i < 8; i++) {
      const th = (2 * Math.PI * i) / 8;
      const a = 3 * Math.cos(th),
        b = Math.sin(th);
      pts.push(a * ax1[0] + b * ax2[0], a * ax1[1] + b * ax2[1], 1);
    }
    const r = pca(new Float32Array(pts), 8, 3, { k: 3 });
    expect(r.variances[0]).toBeCloseTo(4.5, 5);
    expect(r.variances[1]).toBeCloseTo(0.5, 5);
    expect(r.variances[2]).toBeCloseTo(0, 5);
    expect(absCos(r.components.subarray(0, 3), ax1)).toBeCloseTo(1, 6);
    expect(absCos(r.components.subarray(3, 6), ax2)).toBeCloseTo(1, 6);
    // Projected point 0 (θ=0) sits at (±3, 0).
    expect(Math.abs(r.coords[0])).toBeCloseTo(3, 5);
    expect(Math.abs(r.coords[1])).toBeCloseTo(0, 5);
  });

  it('fitting on a subsample of rows finds the same axes for a large set', () => {
    const rand = mulberry32(7);
    const n = 3000,
      dim = 16;
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) data[i * dim + j] = (rand() - 0.5) * (j === 3 ? 10 : 1);
    const full = pca(data, n, dim, { k: 1 });
    const sub = pca(data, n, dim, { k: 1, maxFitRows: 500 });
    expect(absCos(full.components, sub.components)).toBeGreaterThan(0.999);
    expect(full.coords.length).toBe(n);
    expect(sub.coords.length).toBe(n);
  });
});
