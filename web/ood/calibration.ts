import type { CalibrationFile } from '../model/calibration';
import type { EmbeddingMatrix } from './linalg';
import type { FittedScore, ScoreName } from './scores/types';
import { sortScores, type SortedScores } from './thresholds/sorted';

/** One score's calibration, sorted for fast percentiles and rates. */
export interface ScoreCalibration {
  score: ScoreName;
  id: SortedScores;
  ood: Record<string, SortedScores>;
}

/** The calibration of one score, or undefined when the bundle has no ID scores for it. */
export function calibrationFor(cal: CalibrationFile, score: ScoreName): ScoreCalibration | undefined {
  const id = cal.id_val[score];
  if (!id || id.length === 0) return undefined;
  const ood: Record<string, SortedScores> = {};
  for (const [set, byScore] of Object.entries(cal.ood_ref)) {
    const s = byScore[score];
    if (s && s.length) ood[set] = sortScores(s);
  }
  return { score, id: sortScores(id), ood };
}

/**
 * Calibration recomputed from reference embeddings (e.g. `reference_eval.json`'s subsample) for a score with
 * non-default options (another T, other classes): the shipped `calibration.json` only holds the defaults.
 */
export function calibrationFromEmbeddings(
  fitted: FittedScore,
  reference: { id: EmbeddingMatrix; ood: Record<string, EmbeddingMatrix> },
): ScoreCalibration {
  const ood: Record<string, SortedScores> = {};
  for (const [set, m] of Object.entries(reference.ood)) if (m.rows) ood[set] = sortScores(fitted.scoreMany(m));
  return { score: fitted.name, id: sortScores(fitted.scoreMany(reference.id)), ood };
}
