import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../lib/rng';
import { pointsInPolygon, SpatialGrid } from './spatialGrid';

describe('spatial grid and lasso', () => {
  it('nearest agrees with a brute-force search', () => {
    const rand = mulberry32(9);
    const n = 5000;
    const x = Float32Array.from({ length: n }, () => rand() * 2 - 1);
    const y = Float32Array.from({ length: n }, () => rand() * 2 - 1);
    const grid = new SpatialGrid(x, y, 64);
    for (let q = 0; q < 200; q++) {
      const px = rand() * 2 - 1,
        py = rand() * 2 - 1,
        r = 0.05;
      let best = -1,
        bestD = r * r;
      for (let i = 0; i < n; i++) {
        const d = (x[i] - px) ** 2 + (y[i] - py) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
      const got = grid.nearest(px, py, r);
      if (best === -1) expect(got).toBe(-1);
      else expect((x[got] - px) ** 2 + (y[got] - py) ** 2).toBeCloseTo(bestD, 12);
    }
  });

  it('lasso keeps the points inside a triangle', () => {
    const x = new Float32Array([0.1, 0.5, 0.9, 0.2, -1]);
    const y = new Float32Array([0.1, 0.2, 0.05, 0.7, 0]);
    // triangle (0,0) (1,0) (0,1): inside if x+y < 1
    expect(pointsInPolygon(x, y, [0, 0, 1, 0, 0, 1])).toEqual([0, 1, 2, 3]);
    expect(pointsInPolygon(x, y, [0, 0, 1, 0])).toEqual([]);
  });
});
