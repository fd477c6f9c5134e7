import { describe, expect, it } from 'vitest';
import { accuracy, auprIn, auprOut, auroc, confusionAt, evaluate, fpr95, fprAtTpr, rocCurve } from './index';

// Small cases worked out by hand (see the comments); tolerance 1e-12 unless said.
const ID = [0.9, 0.8, 0.4];
const OOD = [0.7, 0.3];
// sorted: 0.9 I, 0.8 I, 0.7 O, 0.4 I, 0.3 O

describe('ROC and AUROC', () => {
  it('walks every distinct threshold from (0,0) to (1,1)', () => {
    const r = rocCurve(ID, OOD);
    expect(Array.from(r.thresholds)).toEqual([Infinity, 0.9, 0.8, 0.7, 0.4, 0.3]);
    expect(Array.from(r.tpr)).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1]);
    expect(Array.from(r.fpr)).toEqual([0, 0, 0, 0.5, 0.5, 1]);
  });

  it('AUROC = share of (ID, OoD) pairs ordered right: 5 of 6', () => {
    expect(auroc(ID, OOD)).toBeCloseTo(5 / 6, 12);
    expect(auroc([1, 2], [3, 4])).toBe(0);
    expect(auroc([3, 4], [1, 2])).toBe(1);
  });

  it('ties are one step and count ½', () => {
    // pairs: (0.5,0.5) twice → ½ each, (0.5,0.1) twice → 1 each: 3 of 4
    const r = rocCurve([0.5, 0.5], [0.5, 0.1]);
    expect(Array.from(r.tpr)).toEqual([0, 1, 1]);
    expect(Array.from(r.fpr)).toEqual([0, 0.5, 1]);
    expect(auroc([0.5, 0.5], [0.5, 0.1])).toBeCloseTo(0.75, 12);
    expect(auroc([1, 1], [1, 1])).toBeCloseTo(0.5, 12);
  });

  it('refuses NaN and empty sides with a message', () => {
    expect(() => auroc([NaN], [1])).toThrow(/NaN/);
    expect(() => auroc([], [1])).toThrow(/needs ID and OoD/);
  });
});

describe('FPR95 (interpolated on the ROC)', () => {
  it('interpolates between the points around TPR 0.95', () => {
    // tpr 2/3 → 1 at fpr 0.5 → 0.5: flat, so 0.5
    expect(fpr95(ID, OOD)).toBeCloseTo(0.5, 12);
    // 10 ID, 1 OoD between the 9th and 10th ID: tpr 0.9 (fpr 0) → 0.9 (fpr 1) → 1 (fpr 1): at 0.95, 1
    expect(fpr95([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [1.5])).toBeCloseTo(1, 12);
    // 20 ID, 1 OoD below all: tpr reaches 1 at fpr 0
    expect(
      fpr95(
        Array.from({ length: 20 }, (_, i) => i + 1),
        [0],
      ),
    ).toBe(0);
  });

  it('with several points at exactly TPR 0.95 takes the first one (CONTRIBUTING.md; numpy would give the last)', () => {
    // 20 ID scores 1..20 and OoD 1.5, 1.6, 1.7: tpr = 19/20 = 0.95 at fpr 0, 1/3, 2/3, 1 → 0
    expect(
      fpr95(
        Array.from({ length: 20 }, (_, i) => i + 1),
        [1.5, 1.6, 1.7],
      ),
    ).toBe(0);
    // 20 ID, OoD 2.5 above the 19th ID: tpr 18/20 (fpr 0) → 18/20 (fpr 1) → 19/20 (fpr 1): exactly 0.95 at fpr 1
    expect(
      fpr95(
        Array.from({ length: 20 }, (_, i) => i + 1),
        [2.5],
      ),
    ).toBe(1);
  });

  it('between points it interpolates linearly', () => {
    // 10 ID 10..1, OoD 0.5, 2.5: ROC … (tpr .8, fpr 0) (tpr .8, fpr .5) (tpr .9,.5) (tpr 1,.5) …: 0.95 → .5
    expect(fpr95([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [2.5, 0.5])).toBeCloseTo(0.5, 12);
    // 4 ID (tpr steps of ¼) and 2 OoD: 3, 1.5 between: ROC (.5,0)(.5,.5)(.75,.5)(1,.5)… with ID 4,3.5,2,1, OoD 3,0
    // points: 4→(.25,0) 3.5→(.5,0) 3→(.5,.5) 2→(.75,.5) 1→(1,.5) 0→(1,1); 0.95 between (.75,.5) and (1,.5) → .5
    expect(fpr95([4, 3.5, 2, 1], [3, 0])).toBeCloseTo(0.5, 12);
    // ID 4,3,2,1 and OoD 2.5, 1.5: (.5,0)(.5,.5)(.75,.5)(.75,1)(1,1): 0.95 between (.75,1)→(1,1) → 1
    expect(fpr95([4, 3, 2, 1], [2.5, 1.5])).toBeCloseTo(1, 12);
    // ID 2,1 and OoD 1.5: (0,0)(.5,0)(.5,1)(1,1): between (.5,1) and (1,1) → 1; TPR 0.4 between (0,0) and (.5,0) → 0
    expect(fprAtTpr([2, 1], [1.5], 0.4)).toBe(0);
    // a genuine slope: ID 3,1 and OoD 2 with ID 1 tied to an OoD 1: (.5,0)(.5,.5)(1,1): 0.75 → .5 + .25·(.5/.5) = .75
    expect(fprAtTpr([3, 1], [2, 1], 0.75)).toBeCloseTo(0.75, 12);
  });
});

describe('AUPR (average precision)', () => {
  it('AUPR-in: Σ ΔR · P with ID positive = 1/3 + 1/3 + 1/3 · 3/4', () => {
    expect(auprIn(ID, OOD)).toBeCloseTo(11 / 12, 12);
  });
  it('AUPR-out: OoD positive, scores negated = ½ · 1 + ½ · 2/3', () => {
    expect(auprOut(ID, OOD)).toBeCloseTo(5 / 6, 12);
  });
  it('perfect separation gives 1 on both', () => {
    expect(auprIn([3, 4], [1, 2])).toBe(1);
    expect(auprOut([3, 4], [1, 2])).toBe(1);
  });
});

describe('confusion, accuracy, evaluate', () => {
  it('counts at a threshold (kept as ID when score ≥ threshold)', () => {
    const c = confusionAt(0.8, ID, OOD);
    expect(c).toMatchObject({ tp: 2, fn: 1, fp: 0, tn: 2 });
    expect(c.falseAlarmRate).toBeCloseTo(1 / 3, 12);
    expect(c.detectionRate).toBe(1);
    expect(c.tpr).toBeCloseTo(2 / 3, 12);
  });
  it('accuracy', () => {
    expect(accuracy([0, 1, 2, 2], [0, 1, 1, 2])).toBe(0.75);
    expect(() => accuracy([0], [0, 1])).toThrow(/1 predictions for 2 labels/);
  });
  it('evaluate gives each set and the mean', () => {
    const e = evaluate(ID, { a: OOD, b: [0.1] });
    expect(e.sets.a.auroc).toBeCloseTo(5 / 6, 12);
    expect(e.sets.b.auroc).toBe(1);
    expect(e.average.auroc).toBeCloseTo((5 / 6 + 1) / 2, 12);
    expect(e.average.fpr95).toBeCloseTo((0.5 + 0) / 2, 12);
    expect(Object.keys(e.sets)).toEqual(['a', 'b']);
  });
});
