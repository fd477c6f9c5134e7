/**
 * How many normal photos are enough (issue 14): a run's AUROC and FPR95 with KNN and fused against seeded subsets
 * of the normal set in force, a fifth of each held back as its calibration split (as a set of that size would be).
 * Pure: the photos' embeddings, the prompts and the set in; numbers out.
 */
import { calibrationSplit, MIN_NORMAL_PHOTOS, withNormalSet, type NormalSet } from '../ood/exemplars';
import type { EmbeddingMatrix } from '../ood/linalg';
import { metricsFor } from '../ood/metrics';
import { seededPermutation } from '../ood/scores/rng';
import { defaultOptions, fitScore } from '../ood/scores/registry';
import type { PromptEmbeddings, ScoringDefaults, TextScoreName } from '../ood/scores/types';

export interface CurvePoint {
  /** photos in the subset (bank + calibration split) */
  size: number;
  k: number;
  /** mean over the seeds, fractions */
  knn: { auroc: number; fpr95: number };
  fused: { auroc: number; fpr95: number };
}

export const CURVE_SIZES = [10, 30, 100, 300, 1000, 3000, 10000];

/** The sizes measured for a set of n photos: those of CURVE_SIZES below n, then the whole set. */
export const curveSizes = (n: number): number[] => [...CURVE_SIZES.filter((s) => s < n), n];

/** A seeded subset of a set's rows as a set of its own (its own calibration split). */
export function subsetOf(set: NormalSet, size: number, seed: number): NormalSet {
  const rows = Array.from(seededPermutation(set.files.length, seed).subarray(0, size));
  const embeddings = new Float32Array(size * set.dim);
  rows.forEach((r, i) => embeddings.set(set.embeddings.subarray(r * set.dim, (r + 1) * set.dim), i * set.dim));
  return {
    ...set,
    files: rows.map((r) => set.files[r]),
    embeddings,
    calibration: calibrationSplit(size, seed),
    labels: set.labels ? rows.map((r) => set.labels![r]) : undefined,
    duplicates: [],
    knn: undefined, // a subset chooses its own k (the parent's was chosen on the parent's calibration split)
  };
}

export function sizeCurve(o: {
  prompts: PromptEmbeddings;
  set: NormalSet;
  id: EmbeddingMatrix;
  ood: EmbeddingMatrix;
  defaults?: ScoringDefaults;
  sizes?: number[];
  seeds?: number[];
}): CurvePoint[] {
  const sizes = (o.sizes ?? curveSizes(o.set.files.length)).filter(
    (n) => n >= MIN_NORMAL_PHOTOS && n <= o.set.files.length,
  );
  const seeds = o.seeds ?? [0, 1, 2];
  return sizes.map((size) => {
    const per = { knn: [] as { auroc: number; fpr95: number }[], fused: [] as { auroc: number; fpr95: number }[] };
    let k = 1;
    // the whole set is the set itself (its own calibration split): the same numbers as the run's own scores
    const whole = size === o.set.files.length;
    for (const seed of whole ? [0] : seeds) {
      const prompts = withNormalSet(o.prompts, whole ? o.set : subsetOf(o.set, size, seed));
      k = prompts.exemplarK!;
      for (const name of ['knn', 'fused'] as const) {
        const f = fitScore(name, prompts, { ...o.defaults, knnK: k });
        per[name].push(metricsFor(f.scoreMany(o.id), f.scoreMany(o.ood)));
      }
    }
    const mean = (xs: { auroc: number; fpr95: number }[]) => ({
      auroc: xs.reduce((s, x) => s + x.auroc, 0) / xs.length,
      fpr95: xs.reduce((s, x) => s + x.fpr95, 0) / xs.length,
    });
    return { size, k, knn: mean(per.knn), fused: mean(per.fused) };
  });
}

/** The text score fused builds on (the bundle's default), on the same photos: the flat line the curve is read against. */
export function textBaseline(o: {
  prompts: PromptEmbeddings;
  id: EmbeddingMatrix;
  ood: EmbeddingMatrix;
  defaults?: ScoringDefaults;
}): { name: TextScoreName; auroc: number; fpr95: number } {
  const name = defaultOptions('fused', o.defaults).fusedText;
  const f = fitScore(name, o.prompts, o.defaults);
  return { name, ...metricsFor(f.scoreMany(o.id), f.scoreMany(o.ood)) };
}
