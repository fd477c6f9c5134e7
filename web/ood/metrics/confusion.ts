import type { Scores } from './roc';

/** Counts at one threshold (ID = positive; a photo is kept as ID when score ≥ threshold, flagged otherwise). */
export interface Confusion {
  threshold: number;
  /** ID kept */
  tp: number;
  /** ID flagged (false alarms) */
  fn: number;
  /** OoD kept (misses) */
  fp: number;
  /** OoD flagged (detections) */
  tn: number;
  tpr: number;
  fpr: number;
  /** fn / #ID: share of ID photos flagged */
  falseAlarmRate: number;
  /** tn / #OoD: share of OoD photos flagged */
  detectionRate: number;
}

export function confusionAt(threshold: number, idScores: Scores, oodScores: Scores): Confusion {
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idScores.length; i++) if (idScores[i] >= threshold) tp++;
  for (let i = 0; i < oodScores.length; i++) if (oodScores[i] >= threshold) fp++;
  const fn = idScores.length - tp;
  const tn = oodScores.length - fp;
  const rate = (a: number, n: number) => (n === 0 ? NaN : a / n);
  return {
    threshold,
    tp,
    fn,
    fp,
    tn,
    tpr: rate(tp, idScores.length),
    fpr: rate(fp, oodScores.length),
    falseAlarmRate: rate(fn, idScores.length),
    detectionRate: rate(tn, oodScores.length),
  };
}

/** Top-1 accuracy: share of predictions equal to the labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) {
    throw new Error(`accuracy: ${predicted.length} predictions for ${labels.length} labels`);
  }
  if (labels.length === 0) throw new Error('accuracy: no labels');
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) ok++;
  return ok / labels.length;
}
