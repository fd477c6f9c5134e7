import type { CalibrationFile } from '../model/calibration';
import type { EmbeddingMatrix } from './linalg';
import { SCORES } from './scores/registry';
import type { FittedScore, PromptEmbeddings, ScoreName } from './scores/types';
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

/**
 * An exemplar score's calibration (KNN, prototype, fused): its scores on the normal set's calibration split (rows the
 * bank does not hold), so its percentiles, thresholds and expected false alarms come from the set itself, exactly as
 * a text score's come from the bundle's ID split; `referenceOod` adds the bundle's reference OoD sets for the
 * expected detections. Undefined for a text score or without a calibration split.
 */
export function exemplarCalibration(
  fitted: FittedScore,
  prompts: PromptEmbeddings,
  referenceOod: Record<string, EmbeddingMatrix> = {},
): ScoreCalibration | undefined {
  const held = prompts.exemplarCalibration;
  if (!SCORES[fitted.name].requiresExemplars || !held || held.rows === 0) return undefined;
  return calibrationFromEmbeddings(fitted, { id: held, ood: referenceOod });
}
