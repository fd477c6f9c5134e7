import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../linalg';
import { captionAgreement, captionIdness } from './caption';
import { energyFromCosines } from './energy';
import { knnFromCosines } from './knn';
import { maxLogitFromCosines } from './maxlogit';
import { mcmFromCosines } from './mcm';
import { neglabelFromCosines, neglabelGrouped, neglabelGroups } from './neglabel';
import { SCORES, SCORE_NAMES, availableScores, fitScore, isScoreName } from './registry';
import { seededPermutation } from './rng';

// Expected values are hand formulas evaluated with Python's math module.
describe('image scores from cosines', () => {
  it('MCM = max softmax(c / T)', () => {
    expect(mcmFromCosines([0.2, 0.1, 0.0])).toBeCloseTo(0.3671654011109255, 12);
    expect(mcmFromCosines([0.1, 0.2, 0.0], 0.5)).toBeCloseTo(0.4017595785333555, 12);
    expect(() => mcmFromCosines([0.1], 0)).toThrow(/temperature/);
  });

  it('energy = T · logsumexp(s · c / T)', () => {
    expect(energyFromCosines([0.2, 0.1, 0.0], 10)).toBeCloseTo(2.40760596444438, 12);
    expect(energyFromCosines([0.2, 0.1, 0.0], 10, 2)).toBeCloseTo(3.360539341283469, 12);
    // s = 100, cosines near 1: e^{100} must not overflow into the answer
    expect(energyFromCosines([0.99, 0.99], 100, 0.01)).toBeCloseTo(99 + 0.01 * Math.log(2), 9);
  });

  it('max-logit = max s · c', () => {
    expect(maxLogitFromCosines([0.2, -0.5, 0.15], 10)).toBeCloseTo(2, 12);
  });

  it('NegLabel = Σ e^{c/τ} / (Σ e^{c/τ} + Σ e^{c̃/τ}), stable at τ = 0.01', () => {
    expect(neglabelFromCosines([0.3, 0.2], [0.25, 0.1], 0.1)).toBeCloseTo(0.6483623338944072, 12);
    expect(neglabelFromCosines([0.9], [0.95], 0.01)).toBeCloseTo(0.0066928509242848554, 12);
    expect(neglabelFromCosines([0.9], [], 0.01)).toBe(1);
  });

  it('NegLabel grouping: drops M mod g, shuffles with the seed, averages the per-group scores', () => {
    const groups = neglabelGroups(5, 2, 7);
    expect(groups).toHaveLength(2);
    expect(groups.every((g) => g.length === 2)).toBe(true);
    expect(Array.from(groups[0]).concat(Array.from(groups[1])).sort()).toEqual([0, 1, 2, 3]);
    expect(neglabelGroups(5, 2, 7)).toEqual(groups); // same seed, same groups
    const cls = [0.3, 0.2];
    const neg = [0.25, 0.1, 0.28, 0.05, 0.4];
    const want =
      (neglabelFromCosines(
        cls,
        Array.from(groups[0], (j) => neg[j]),
        0.1,
      ) +
        neglabelFromCosines(
          cls,
          Array.from(groups[1], (j) => neg[j]),
          0.1,
        )) /
      2;
    expect(neglabelGrouped(cls, neg, 0.1, groups)).toBeCloseTo(want, 14);
    expect(neglabelGroups(3, 10, 0)).toHaveLength(3); // clamped to M
  });

  it('seeded permutation is a permutation and depends on the seed', () => {
    const p = seededPermutation(50, 1);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(seededPermutation(50, 2))).not.toEqual(Array.from(p));
  });
});

describe('registry and fitted scores', () => {
  const classes = matrixFromRows([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  const negatives = matrixFromRows([
    [0, 0, 1],
    [0.6, 0, 0.8],
  ]);
  const prompts = { classes, negatives, logitScale: 10 };

  it('has one entry per name, keyed by its own name', () => {
    for (const n of SCORE_NAMES) expect(SCORES[n].name).toBe(n);
    expect(isScoreName('mcm')).toBe(true);
    expect(isScoreName('toString')).toBe(false);
    expect(availableScores(false)).not.toContain('neglabel');
    expect(availableScores(true)).toContain('neglabel');
  });

  it('takes defaults from the manifest scoring block and allows overrides', () => {
    expect(fitScore('mcm', prompts, { mcmTemperature: 0.5 }).options.temperature).toBe(0.5);
    expect(fitScore('mcm', prompts, { mcmTemperature: 0.5 }, { temperature: 2 }).options.temperature).toBe(2);
    expect(fitScore('neglabel', prompts).options.temperature).toBe(0.01);
  });

  it('score(image) = formula(cosines) for every score, and scoreMany agrees', () => {
    const img = [2, 1, 1];
    const n = Math.sqrt(6);
    const cls = [2 / n, 1 / n];
    const f6 = Math.fround(0.6);
    const f8 = Math.fround(0.8);
    const neg = [1 / n, (2 * f6 + f8) / (n * Math.hypot(f6, f8))]; // negatives are stored as float32
    expect(fitScore('mcm', prompts).score(img)).toBeCloseTo(mcmFromCosines(cls, 1), 12);
    expect(fitScore('energy', prompts).score(img)).toBeCloseTo(energyFromCosines(cls, 10, 1), 12);
    expect(fitScore('maxlogit', prompts).score(img)).toBeCloseTo(10 * cls[0], 12);
    const nl = fitScore('neglabel', prompts, undefined, { temperature: 0.1 });
    expect(nl.score(img)).toBeCloseTo(neglabelFromCosines(cls, neg, 0.1), 12);
    const many = nl.scoreMany(matrixFromRows([img, [0, 0, 1]]));
    expect(many[0]).toBeCloseTo(nl.score(img), 14);
    expect(many[1]).toBeCloseTo(nl.score([0, 0, 1]), 14);
  });

  it('NegLabel without negatives fails with a clear message', () => {
    expect(() => fitScore('neglabel', { classes, logitScale: 10 })).toThrow(/negative-label/);
  });
});

describe('caption scores', () => {
  it('agreement = image–caption cosine, with its percentile among ID pairs', () => {
    const a = captionAgreement([1, 0], [3, 4], [0.1, 0.5, 0.6, 0.9]);
    expect(a.cosine).toBe(0.6);
    expect(a.percentile).toBeCloseTo(62.5, 9); // 2 below, 1 tied (half) of 4
    expect(Number.isNaN(captionAgreement([1, 0], [1, 1]).percentile)).toBe(true);
  });

  it('ID-ness = MCM of the caption against the class prompts', () => {
    const classes = matrixFromRows([
      [1, 0],
      [0, 1],
      [-1, 0],
    ]);
    const r = captionIdness([0.6, 0.8], classes, 0.5);
    expect(r.topClass).toBe(1);
    expect(r.score).toBeCloseTo(mcmFromCosines([0.6, 0.8, -0.6], 0.5), 12);
    expect(Array.from(r.cosines).map((x) => +x.toFixed(12))).toEqual([0.6, 0.8, -0.6]);
  });
});

describe('knn', () => {
  it('is the cosine to the k-th nearest normal photo, k clamped to the set', () => {
    expect(knnFromCosines(Float64Array.from([0.1, 0.9, 0.5, 0.7]), 1)).toBe(0.9);
    expect(knnFromCosines(Float64Array.from([0.1, 0.9, 0.5, 0.7]), 2)).toBe(0.7);
    expect(knnFromCosines(Float64Array.from([0.1, 0.9, 0.5, 0.7]), 4)).toBe(0.1);
    expect(knnFromCosines(Float64Array.from([0.1, 0.9, 0.5, 0.7]), 10)).toBe(0.1);
    expect(knnFromCosines(Float64Array.from([0.3, 0.3, 0.2]), 2)).toBe(0.3); // ties count once each
    expect(() => knnFromCosines(new Float64Array(0), 1)).toThrow(/empty/);
  });

  it('is offered only with a normal set, and scores by hand-computed cosines', () => {
    const classes = matrixFromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(availableScores(true)).not.toContain('knn');
    expect(availableScores(false, true)).toContain('knn');
    const exemplars = matrixFromRows([
      [1, 0],
      [0.6, 0.8],
      [0, 1],
    ]);
    const f = fitScore('knn', { classes, exemplars, logitScale: 10 }, undefined, { k: 2 });
    // image (0.8, 0.6): cosines 0.8, 0.96, 0.6 → 2nd nearest 0.8
    expect(f.score(Float32Array.from([0.8, 0.6]))).toBeCloseTo(0.8, 6);
    expect(() => fitScore('knn', { classes, logitScale: 10 })).toThrow(/normal set/);
  });
});
