import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../linalg';
import { smoothPercentile, sortScores } from '../thresholds/sorted';
import { fusedFromParts, isFittedFused } from './fused';
import { centroidNorms, prototypeFromCosines } from './prototype';
import { availableFor, fitScore } from './registry';

// Expected values are worked by hand (the comments show the arithmetic).
describe('smoothPercentile', () => {
  const cal = sortScores([1, 2, 3, 4]); // n = 4, mean 2.5, population std √1.25
  it('is the mid-rank at each calibration score and linear between', () => {
    expect(smoothPercentile(cal, 1)).toBeCloseTo(0.125, 12); // (0 + ½)/4
    expect(smoothPercentile(cal, 3)).toBeCloseTo(0.625, 12); // (2 + ½)/4
    expect(smoothPercentile(cal, 2.5)).toBeCloseTo(0.5, 12); // halfway between 0.375 and 0.625
  });
  it('has exponential tails of length σ, so photos unlike every calibration photo still rank', () => {
    const sigma = Math.sqrt(1.25);
    expect(smoothPercentile(cal, 0)).toBeCloseTo(0.125 * Math.exp(-1 / sigma), 12);
    expect(smoothPercentile(cal, 6)).toBeCloseTo(1 - 0.125 * Math.exp(-2 / sigma), 12);
    expect(smoothPercentile(cal, -10)).toBeLessThan(smoothPercentile(cal, -9));
  });
  it('is continuous and increasing through ties', () => {
    const tied = sortScores([1, 2, 2, 3]);
    expect(smoothPercentile(tied, 2)).toBeCloseTo(0.375, 12); // first of the tie: (1 + ½)/4
    expect(smoothPercentile(tied, 2.000001)).toBeGreaterThan(smoothPercentile(tied, 2));
    expect(smoothPercentile(tied, 2.000001)).toBeCloseTo(0.625, 5);
  });
});

describe('prototype', () => {
  it('is the cosine to the nearest renormalised class mean, from the exemplar cosines', () => {
    // class 0: (1,0) and (0,1) → sum (1,1), norm √2; class 1: (−1,0), norm 1; the last row has no class
    const rows = Float32Array.from([1, 0, 0, 1, -1, 0, 0.6, 0.8]);
    const labels = Int32Array.from([0, 0, 1, -1]);
    const norms = centroidNorms(rows, 2, labels);
    expect(Array.from(norms)).toEqual([Math.SQRT2, 1].map((v) => expect.closeTo(v, 12)));
    // image (1, 0): cosines 1, 0, −1, 0.6 → class 0: (1 + 0)/√2 = 0.7071; class 1: −1 → 0.7071
    expect(prototypeFromCosines([1, 0, -1, 0.6], labels, norms)).toBeCloseTo(Math.SQRT1_2, 12);
    const prompts = {
      classes: matrixFromRows([[1, 0]]),
      exemplars: matrixFromRows([
        [1, 0],
        [0, 1],
        [-1, 0],
      ]),
      exemplarLabels: Int32Array.from([0, 0, 1]),
      logitScale: 10,
    };
    expect(fitScore('prototype', prompts).score(Float32Array.from([-2, 0]))).toBeCloseTo(1, 6); // unnormalised input
    expect(() => fitScore('prototype', { ...prompts, exemplarLabels: undefined })).toThrow(/class folders/);
  });
});

describe('fused', () => {
  const classes = matrixFromRows([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  const exemplars = matrixFromRows([
    [1, 0, 0],
    [0, 1, 0],
    [0.8, 0.6, 0],
  ]);
  const held = matrixFromRows([
    [0.6, 0.8, 0],
    [1, 0, 0],
    [0, 0.6, 0.8],
  ]);
  const prompts = { classes, exemplars, exemplarCalibration: held, logitScale: 10 };

  it('averages the percentiles of its text score and KNN among the calibration split', () => {
    const f = fitScore('fused', prompts, { default: 'maxlogit' });
    expect(f.options.fusedText).toBe('maxlogit');
    expect(isFittedFused(f)).toBe(true);
    if (!isFittedFused(f)) return;
    // calibration: max-logit 10·max cos = 8, 10, 6; KNN k=1 nearest cosine = 0.96 (to (0.8,0.6)), 1, 0.6
    expect(Array.from(f.calibration.text.ascending).map((v) => +v.toFixed(5))).toEqual([6, 8, 10]); // float32 rows
    expect(Array.from(f.calibration.knn.ascending).map((v) => +v.toFixed(6))).toEqual([0.6, 0.96, 1]);
    // image (0, 1, 0): max-logit 10 → top of the calibration: mid-rank 5/6; KNN 1 → 5/6 too; fused = 50·(5/6 + 5/6)
    const x = Float32Array.from([0, 1, 0]);
    expect(f.score(x)).toBeCloseTo(100 * (5 / 6), 6);
    const parts = f.parts(f.classCosines(x), undefined, [0, 1, 0.6]);
    expect(parts.text).toEqual({ name: 'maxlogit', score: 10, percentile: expect.closeTo(500 / 6, 9) });
    expect(parts.knn.score).toBe(1);
    expect(fusedFromParts(8, 0.96, f.calibration)).toBeCloseTo(50, 5); // both at the middle calibration photo: ½
  });

  it('is offered only with a normal set and its calibration split', () => {
    expect(availableFor({ classes, logitScale: 10 })).not.toContain('fused');
    expect(availableFor({ classes, exemplars, logitScale: 10 })).not.toContain('fused');
    expect(availableFor(prompts)).toEqual(expect.arrayContaining(['knn', 'fused']));
    expect(availableFor(prompts)).not.toContain('prototype');
    expect(availableFor({ ...prompts, exemplarLabels: Int32Array.from([0, 1, -1]) })).toContain('prototype');
    expect(() => fitScore('fused', { classes, exemplars, logitScale: 10 })).toThrow(/calibration split/);
  });
});
