import { rocCurve, type Scores } from '../metrics/roc';
import { asSorted, countBelow, type SortedScores } from './sorted';

/** Convention everywhere: a photo is flagged OoD when its score < threshold (kept as ID when ≥). */
export function isFlagged(score: number, threshold: number): boolean {
  return score < threshold;
}

/**
 * The highest threshold that keeps at least `tpr` of the ID scores (score ≥ threshold): the default operating point
 * (TPR 95 %). It is always one of the ID scores.
 */
export function thresholdAtTpr(idScores: Scores | SortedScores, tpr = 0.95): number {
  const a = asSorted(idScores).ascending;
  const n = a.length;
  if (n === 0) throw new Error('thresholdAtTpr: no ID scores');
  if (!(tpr >= 0 && tpr <= 1)) throw new Error(`thresholdAtTpr: tpr must be in [0, 1], got ${tpr}`);
  const mustKeep = Math.ceil(tpr * n - 1e-9);
  const k = Math.min(n - 1, Math.max(0, n - mustKeep));
  return a[k];
}

export interface OperatingPoint {
  threshold: number;
  tpr: number;
  fpr: number;
}

/** Youden's J: the ROC point maximising TPR − FPR (first one on ties, i.e. the highest such threshold). */
export function youden(idScores: Scores, oodScores: Scores): OperatingPoint & { j: number } {
  const roc = rocCurve(idScores, oodScores);
  let best = 0;
  for (let i = 1; i < roc.tpr.length; i++) {
    if (roc.tpr[i] - roc.fpr[i] > roc.tpr[best] - roc.fpr[best]) best = i;
  }
  return { threshold: roc.thresholds[best], tpr: roc.tpr[best], fpr: roc.fpr[best], j: roc.tpr[best] - roc.fpr[best] };
}

export interface CostParams {
  photosPerDay: number;
  /** cost of one ID photo wrongly flagged */
  costFalseAlarm: number;
  /** cost of one OoD photo let through */
  costMiss: number;
  /** share of incoming photos that are OoD, in [0, 1] */
  abnormalShare: number;
}

export interface CostPoint {
  threshold: number;
  falseAlarmRate: number;
  detectionRate: number;
  /** expected cost per day */
  cost: number;
}

/**
 * Expected daily cost at every ROC threshold, and the cheapest:
 * photosPerDay · [(1 − a) · falseAlarmRate · costFalseAlarm + a · (1 − detectionRate) · costMiss].
 * The curve runs from +∞ (flag everything) down to the lowest score (flag nothing).
 */
export function costOptimal(
  params: CostParams,
  idScores: Scores,
  oodScores: Scores,
): CostPoint & { curve: CostPoint[] } {
  const { photosPerDay, costFalseAlarm, costMiss, abnormalShare: a } = params;
  if (!(a >= 0 && a <= 1)) throw new Error(`costOptimal: abnormalShare must be in [0, 1], got ${a}`);
  const roc = rocCurve(idScores, oodScores);
  const curve: CostPoint[] = [];
  for (let i = 0; i < roc.tpr.length; i++) {
    const falseAlarmRate = 1 - roc.tpr[i];
    const detectionRate = 1 - roc.fpr[i];
    const cost = photosPerDay * ((1 - a) * falseAlarmRate * costFalseAlarm + a * (1 - detectionRate) * costMiss);
    curve.push({ threshold: roc.thresholds[i], falseAlarmRate, detectionRate, cost });
  }
  let best = curve[0];
  for (const p of curve) if (p.cost < best.cost) best = p;
  return { ...best, curve };
}

export interface CalibrationScores {
  id: Scores | SortedScores;
  ood: Record<string, Scores | SortedScores>;
}

export interface Rates {
  threshold: number;
  /** share of ID calibration scores below the threshold (ID photos that would be flagged) */
  falseAlarmRate: number;
  /** mean over the reference OoD sets of the share flagged (NaN without OoD sets) */
  detectionRate: number;
  perSet: Record<string, number>;
}

/** Expected false-alarm and detection rates at a threshold, from the calibration scores of one score function. */
export function ratesAt(threshold: number, calibration: CalibrationScores): Rates {
  const id = asSorted(calibration.id);
  const falseAlarmRate = id.ascending.length ? countBelow(id, threshold) / id.ascending.length : NaN;
  const perSet: Record<string, number> = {};
  const names = Object.keys(calibration.ood);
  for (const name of names) {
    const s = asSorted(calibration.ood[name]);
    perSet[name] = s.ascending.length ? countBelow(s, threshold) / s.ascending.length : NaN;
  }
  const detectionRate = names.length ? names.reduce((acc, n) => acc + perSet[n], 0) / names.length : NaN;
  return { threshold, falseAlarmRate, detectionRate, perSet };
}
