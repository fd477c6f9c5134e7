import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng';

describe('mulberry32', () => {
  it('keeps the sequence seeded results (NegLabel groups, PCA start vectors, test tables) were made with', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()].map((u) => u * 4294967296)).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('draws in [0, 1) and repeats for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const u = a();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(b()).toBe(u);
    }
  });
});
