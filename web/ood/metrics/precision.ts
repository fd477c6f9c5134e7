import { cumulativeCounts, type Scores } from './roc';

/**
 * Average precision (sklearn `average_precision_score`): Σ_n (R_n − R_{n−1}) · P_n over the distinct thresholds,
 * walking down from the highest score; `pos` are the positive-class scores (higher = more positive).
 */
export function averagePrecision(pos: Scores, neg: Scores): number {
  if (pos.length === 0) throw new Error('averagePrecision: no positive scores');
  const { tp, fp } = cumulativeCounts(pos, neg);
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < tp.length; i++) {
    const recall = tp[i] / pos.length;
    const precision = tp[i] / (tp[i] + fp[i]);
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}

/** AUPR-in: average precision with ID as the positive class. */
export function auprIn(idScores: Scores, oodScores: Scores): number {
  return averagePrecision(idScores, oodScores);
}

/** AUPR-out: average precision with OoD as the positive class and the scores negated. */
export function auprOut(idScores: Scores, oodScores: Scores): number {
  return averagePrecision(
    Array.from(oodScores, (s) => -s),
    Array.from(idScores, (s) => -s),
  );
}
