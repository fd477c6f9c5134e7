import { describe, expect, it } from 'vitest';
import { gapAlignedAxes } from './axes';
import { mulberry32 } from '../../lib/rng';
import { project } from './pca';

function unitRows(rand: () => number, n: number, centre: number[], spread: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = centre.map((c) => c + (rand() - 0.5) * spread);
    const s = Math.hypot(...v);
    out.push(...v.map((x) => x / s));
  }
  return out;
}

describe('gapAlignedAxes', () => {
  it('keeps the true angle between the image and text centroid directions, where PCA does not have to', () => {
    const rand = mulberry32(4);
    const dim = 16;
    const ci = Array.from({ length: dim }, (_, j) => (j === 0 ? 1 : j === 1 ? 0.35 : 0));
    const ct = Array.from({ length: dim }, (_, j) => (j === 0 ? 1 : j === 1 ? -0.35 : 0));
    const rows = [...unitRows(rand, 60, ci, 0.9), ...unitRows(rand, 20, ct, 0.3)];
    const groups = [...new Array(60).fill(1), ...new Array(20).fill(2)];
    const n = 80;
    const data = new Float32Array(rows);
    const axes = gapAlignedAxes(data, n, dim, groups)!;
    // orthonormal
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let d = 0;
        for (let j = 0; j < dim; j++) d += axes[a * dim + j] * axes[b * dim + j];
        expect(d).toBeCloseTo(a === b ? 1 : 0, 6);
      }
    const centroidDir = (g: number) => {
      const m = new Array(dim).fill(0);
      groups.forEach((x, i) => {
        if (x === g) for (let j = 0; j < dim; j++) m[j] += data[i * dim + j];
      });
      const s = Math.hypot(...m);
      return m.map((v) => v / s);
    };
    const a = centroidDir(1),
      b = centroidDir(2);
    const trueAngle = Math.acos(a.reduce((s, v, j) => s + v * b[j], 0));
    // Project the centroid directions (uncentred, as the sphere does) and measure their angle in 3-D.
    const p = project(new Float32Array([...a, ...b]), 2, dim, new Float64Array(dim), axes, 3);
    const pa = [p[0], p[1], p[2]],
      pb = [p[3], p[4], p[5]];
    const cos = (pa[0] * pb[0] + pa[1] * pb[1] + pa[2] * pb[2]) / (Math.hypot(...pa) * Math.hypot(...pb));
    expect(Math.acos(cos)).toBeCloseTo(trueAngle, 5);
  });

  it('needs both ID images and prompts', () => {
    expect(gapAlignedAxes(new Float32Array(8), 2, 4, [1, 1])).toBeNull();
  });
});
