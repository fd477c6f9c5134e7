import { describe, expect, it } from 'vitest';
import { sortScores } from './sorted';
import { SLIDER_STEPS, sliderScale } from './sliderScale';

describe('sliderScale (issue 12)', () => {
  it('spreads crowded scores over the whole slider: NegLabel-like values near 0 and 1', () => {
    const id = sortScores(Array.from({ length: 950 }, (_, i) => 0.99 + i / 1e5)); // 0.99…0.9995
    const ood = sortScores(Array.from({ length: 50 }, (_, i) => i / 1e4)); // 0…0.005
    const s = sliderScale([id, ood]);
    // the TPR-95 threshold (~0.9905) lands near 5 % of the way... of the pooled photos, not in the first pixel
    const t = 0.99 + 47.5 / 1e5;
    const pos = s.toPosition(t);
    expect(pos).toBeGreaterThan(0.05 * SLIDER_STEPS);
    expect(pos).toBeLessThan(0.15 * SLIDER_STEPS);
    expect(s.toScore(pos)).toBeCloseTo(t, 12);
  });
  it('is monotone, reaches both ends and round-trips every score in range', () => {
    const s = sliderScale([sortScores([3, 1, 2, 2, 10])], [-4]);
    expect(s.toScore(0)).toBe(-4);
    expect(s.toScore(SLIDER_STEPS)).toBe(10);
    let prev = -Infinity;
    for (let p = 0; p <= SLIDER_STEPS; p += 50) {
      const v = s.toScore(p);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
      expect(s.toPosition(v)).toBeCloseTo(p, 6);
    }
    expect(s.toPosition(-100)).toBe(0);
    expect(s.toPosition(100)).toBe(SLIDER_STEPS);
  });
  it('has a usable range with one value or none', () => {
    expect(sliderScale([]).toScore(SLIDER_STEPS)).toBe(1);
    expect(sliderScale([sortScores([2])]).toScore(0)).toBe(1.5);
  });
});
