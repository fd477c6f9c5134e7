import { energy } from './energy';
import { fused } from './fused';
import { knn } from './knn';
import { maxlogit } from './maxlogit';
import { mcm } from './mcm';
import { neglabel } from './neglabel';
import { prototype } from './prototype';
import type { Postprocessor, PromptEmbeddings, ScoreName, ScoreOptions, ScoringDefaults, FittedScore } from './types';

/** The one registry of image scores, keyed by name. Add a score: one file in this folder + one line here. */
export const SCORES = { mcm, energy, maxlogit, neglabel, knn, prototype, fused } as const satisfies Record<
  ScoreName,
  Postprocessor
>;

export const SCORE_NAMES = Object.keys(SCORES) as ScoreName[];

export function isScoreName(x: unknown): x is ScoreName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(SCORES, x);
}

/** Scores usable with these prompts: NegLabel only when negatives exist, KNN and fused only with a normal set
 * (its bank and calibration split), prototype only with a labelled one. */
export function availableScores(hasNegatives: boolean, hasExemplars = false, hasLabels = false): ScoreName[] {
  return SCORE_NAMES.filter(
    (n) =>
      (hasNegatives || !SCORES[n].requiresNegatives) &&
      (hasExemplars || !SCORES[n].requiresExemplars) &&
      (hasLabels || !SCORES[n].requiresLabels),
  );
}

/** availableScores for a PromptEmbeddings as it is. */
export function availableFor(p: PromptEmbeddings | undefined): ScoreName[] {
  const ex = !!p?.exemplars?.rows && !!p.exemplarCalibration && p.exemplarCalibration.rows >= 2;
  return availableScores(!!p?.negatives?.rows, ex, ex && !!p?.exemplarLabels?.some((l) => l >= 0));
}

/** Default options for a score from the manifest's `scoring` block. */
export function defaultOptions(name: ScoreName, defaults?: ScoringDefaults): ScoreOptions {
  return SCORES[name].defaultOptions(defaults);
}

/** setup() by name, options = the manifest defaults overridden by `overrides`. */
export function fitScore(
  name: ScoreName,
  prompts: PromptEmbeddings,
  defaults?: ScoringDefaults,
  overrides?: Partial<ScoreOptions>,
): FittedScore {
  return SCORES[name].setup(prompts, { ...defaultOptions(name, defaults), ...overrides });
}

export type { FittedScore, Postprocessor, PromptEmbeddings, ScoreName, ScoreOptions, ScoringDefaults } from './types';
