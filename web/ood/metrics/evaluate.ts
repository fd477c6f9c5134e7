import { auprIn, auprOut } from './precision';
import { auroc, fpr95, type Scores } from './roc';

export interface OodMetrics {
  auroc: number;
  fpr95: number;
  auprIn: number;
  auprOut: number;
}

export interface Evaluation {
  /** One entry per OoD set, in the order of `oodSets`. */
  sets: Record<string, OodMetrics>;
  /** The plain mean of each metric over the sets (how OoD papers report "average"). */
  average: OodMetrics;
}

export function metricsFor(idScores: Scores, oodScores: Scores): OodMetrics {
  return {
    auroc: auroc(idScores, oodScores),
    fpr95: fpr95(idScores, oodScores),
    auprIn: auprIn(idScores, oodScores),
    auprOut: auprOut(idScores, oodScores),
  };
}

/** All four metrics per OoD set and their average, in one call. */
export function evaluate(idScores: Scores, oodSets: Record<string, Scores>): Evaluation {
  const names = Object.keys(oodSets);
  if (names.length === 0) throw new Error('evaluate: no OoD sets');
  const sets: Record<string, OodMetrics> = {};
  for (const n of names) sets[n] = metricsFor(idScores, oodSets[n]);
  const mean = (k: keyof OodMetrics) => names.reduce((a, n) => a + sets[n][k], 0) / names.length;
  return {
    sets,
    average: { auroc: mean('auroc'), fpr95: mean('fpr95'), auprIn: mean('auprIn'), auprOut: mean('auprOut') },
  };
}
