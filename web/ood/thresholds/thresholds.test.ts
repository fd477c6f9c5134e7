import { describe, expect, it } from 'vitest';
import { costOptimal, percentile, ratesAt, sortScores, thresholdAtTpr, youden, isFlagged } from './index';

describe('thresholds', () => {
  it('TPR-95 keeps 19 of 20 ID scores and is the highest such threshold', () => {
    const id = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1
    expect(thresholdAtTpr(id)).toBe(2);
    expect(thresholdAtTpr(id, 1)).toBe(1);
    expect(thresholdAtTpr([5])).toBe(5);
    // 100 scores: drop 5
    expect(thresholdAtTpr(Array.from({ length: 100 }, (_, i) => i))).toBe(5);
    expect(() => thresholdAtTpr([])).toThrow(/no ID/);
  });

  it('flags below the threshold, keeps at and above', () => {
    expect(isFlagged(0.1, 0.2)).toBe(true);
    expect(isFlagged(0.2, 0.2)).toBe(false);
  });

  it('percentile counts ties half', () => {
    const s = sortScores([1, 2, 2, 3]);
    expect(percentile(s, 2)).toBe(50); // 1 below + ½·2 equal of 4
    expect(percentile([1, 2, 3, 4], 0)).toBe(0);
    expect(percentile([1, 2, 3, 4], 5)).toBe(100);
    expect(percentile([1, 2, 3, 4], 2.5)).toBe(50);
  });

  it('Youden picks the ROC point with the largest TPR − FPR', () => {
    // id 0.9 0.8 0.4, ood 0.7 0.3: J at 0.8 = 2/3, at 0.4 = 1 − ½ = ½
    const y = youden([0.9, 0.8, 0.4], [0.7, 0.3]);
    expect(y.threshold).toBe(0.8);
    expect(y.j).toBeCloseTo(2 / 3, 12);
  });

  it('cost-optimal threshold and the cost curve', () => {
    // 100 photos/day, half OoD, false alarm 1, miss 1 → cost = 50·FAR + 50·miss rate
    const r = costOptimal(
      { photosPerDay: 100, costFalseAlarm: 1, costMiss: 1, abnormalShare: 0.5 },
      [0.9, 0.8, 0.4],
      [0.7, 0.3],
    );
    // at 0.8: FAR 1/3, miss 0 → 16.67; at 0.4: FAR 0, miss ½ → 25; at +∞: FAR 1 → 50; at 0.3: miss 1 → 50
    expect(r.threshold).toBe(0.8);
    expect(r.cost).toBeCloseTo(50 / 3, 12);
    expect(r.curve.map((p) => p.threshold)).toEqual([Infinity, 0.9, 0.8, 0.7, 0.4, 0.3]);
    expect(r.curve[0].cost).toBeCloseTo(50, 12);
    // misses 10× dearer: flag more
    const r2 = costOptimal(
      { photosPerDay: 100, costFalseAlarm: 1, costMiss: 10, abnormalShare: 0.5 },
      [0.9, 0.8, 0.4],
      [0.7, 0.3],
    );
    expect(r2.threshold).toBe(0.8);
  });

  it('ratesAt gives false alarms on ID and detection on each OoD set', () => {
    const r = ratesAt(0.5, { id: [0.2, 0.6, 0.7, 0.9], ood: { a: [0.1, 0.4, 0.6], b: [0.3, 0.5] } });
    expect(r.falseAlarmRate).toBe(0.25);
    expect(r.perSet.a).toBeCloseTo(2 / 3, 12);
    expect(r.perSet.b).toBe(0.5); // 0.5 is kept (≥)
    expect(r.detectionRate).toBeCloseTo((2 / 3 + 0.5) / 2, 12);
    expect(Number.isNaN(ratesAt(0.5, { id: [1], ood: {} }).detectionRate)).toBe(true);
  });
});
