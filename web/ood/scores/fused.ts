import { cosines, rowOf, type Vector } from '../linalg';
import { smoothPercentile, sortScores, type SortedScores } from '../thresholds/sorted';
import { energy } from './energy';
import { fitFromCosines } from './fitted';
import { knn, knnFromCosines } from './knn';
import { maxlogit } from './maxlogit';
import { mcm } from './mcm';
import { neglabel } from './neglabel';
import type { FittedScore, Postprocessor, ScoreOptions, TextScoreName } from './types';

/** The scores `fused` can take its text part from (imported directly: the registry imports this file). */
const TEXT_SCORES = { mcm, energy, maxlogit, neglabel } as const satisfies Record<TextScoreName, Postprocessor>;

export const isTextScore = (x: unknown): x is TextScoreName =>
  typeof x === 'string' && Object.prototype.hasOwnProperty.call(TEXT_SCORES, x);

/** How a fused score is made, for the screens to show: each part's value and percentile among the calibration split. */
export interface FusedParts {
  text: { name: TextScoreName; score: number; percentile: number };
  knn: { k: number; score: number; percentile: number };
  /** 100 · mean of the two percentiles */
  fused: number;
}

/** The two parts' calibration scores, sorted: what their percentiles are taken among. */
export interface FusedCalibration {
  text: SortedScores;
  knn: SortedScores;
}

/** fused = 100 · ½ (P_text + P_knn), each P a smoothPercentile among the normal set's calibration split. */
export function fusedFromParts(textScore: number, knnScore: number, cal: FusedCalibration): number {
  return 50 * (smoothPercentile(cal.text, textScore) + smoothPercentile(cal.knn, knnScore));
}

/**
 * Fused (after COOkeD, 2025: a zero-shot text score and an image-feature score ensembled): the text score and KNN,
 * each first mapped to its percentile among the normal set's calibration split so units never mix, then averaged.
 * 0–100; 50 = as normal as a typical calibration photo by both signals.
 */
export const fused: Postprocessor = {
  name: 'fused',
  label: 'Text + normal photos (fused)',
  summary:
    'The text score and the nearest-normal-photos score, each turned into its percentile among your calibration photos, then averaged.',
  requiresNegatives: false,
  requiresExemplars: true,
  usesTemperature: false,
  // the text part keeps its own defaults (temperature, NegLabel's groups): the options fused passes on to it
  defaultOptions: (d) => {
    const fusedText = isTextScore(d?.default) ? d.default : 'mcm';
    return { ...TEXT_SCORES[fusedText].defaultOptions(d), k: d?.knnK ?? 1, fusedText };
  },
  setup(prompts, options) {
    const o: ScoreOptions = { ...fused.defaultOptions(), ...options };
    const held = prompts.exemplarCalibration;
    if (!held || held.rows < 2)
      throw new Error("fused: this score needs a normal set's calibration split, and none is loaded");
    if (!isTextScore(o.fusedText)) throw new Error(`fused: ${String(o.fusedText)} is not a text score`);
    const text = TEXT_SCORES[o.fusedText].setup(prompts, o);
    const near: FittedScore = knn.setup(prompts, { k: o.k });
    const cal: FusedCalibration = {
      text: sortScores(text.scoreMany(held)),
      knn: sortScores(Float64Array.from({ length: held.rows }, (_, i) => near.score(rowOf(held, i)))),
    };
    const parts = (c: Vector, n: Vector | undefined, e: Vector | undefined): FusedParts => {
      if (!e) throw new Error("fused: the normal set's cosines are required");
      const t = text.fromCosines(c, n);
      const kn = knnFromCosines(e, o.k);
      const pt = smoothPercentile(cal.text, t);
      const pk = smoothPercentile(cal.knn, kn);
      return {
        text: { name: o.fusedText, score: t, percentile: 100 * pt },
        knn: { k: o.k, score: kn, percentile: 100 * pk },
        fused: 50 * (pt + pk),
      };
    };
    const fitted = fitFromCosines(
      'fused',
      prompts,
      o,
      o.fusedText === 'neglabel',
      (c, n, e) => parts(c, n, e).fused,
      true,
    );
    const partsOf = (image: Vector) =>
      parts(
        fitted.classCosines(image),
        prompts.negatives && o.fusedText === 'neglabel' ? cosines(image, prompts.negatives) : undefined,
        cosines(image, prompts.exemplars!),
      );
    return Object.assign(fitted, { parts, partsOf, calibration: cal });
  },
};

/** A fitted fused score, with what it is made of (screens: "how the fused score is made"). */
export type FittedFused = FittedScore & {
  parts(classCos: Vector, negCos: Vector | undefined, exemplarCos: Vector | undefined): FusedParts;
  /** the same from an image embedding (one photo on Check: its cosines computed here) */
  partsOf(image: Vector): FusedParts;
  calibration: FusedCalibration;
};

export const isFittedFused = (f: FittedScore): f is FittedFused => f.name === 'fused' && 'parts' in f;
