/**
 * ROC, AUROC and FPR95 exactly as CONTRIBUTING.md defines them (ID = positive class, predicted ID when score ≥ t).
 * Scores are plain numbers (higher = more ID); every function returns fractions in [0, 1].
 */
export type Scores = ArrayLike<number>;

export interface RocCurve {
  /** Decreasing: +∞ (the (0,0) point), then every distinct score. */
  thresholds: Float64Array;
  /** OoD fraction with score ≥ threshold. */
  fpr: Float64Array;
  /** ID fraction with score ≥ threshold. */
  tpr: Float64Array;
}

export function checkScores(name: string, s: Scores): void {
  for (let i = 0; i < s.length; i++) {
    if (Number.isNaN(s[i])) throw new Error(`${name}: score ${i} is NaN`);
  }
}

interface Labelled {
  score: number;
  positive: boolean;
}

/** Positives and negatives merged and sorted by decreasing score. */
export function sortedLabelled(pos: Scores, neg: Scores): Labelled[] {
  checkScores('positives', pos);
  checkScores('negatives', neg);
  const all: Labelled[] = [];
  for (let i = 0; i < pos.length; i++) all.push({ score: pos[i], positive: true });
  for (let i = 0; i < neg.length; i++) all.push({ score: neg[i], positive: false });
  all.sort((a, b) => b.score - a.score);
  return all;
}

/**
 * Cumulative counts at each distinct score, walking down from the highest: the number of positives (tp) and
 * negatives (fp) with score ≥ that score. Tied scores are one step.
 */
export function cumulativeCounts(pos: Scores, neg: Scores): { thresholds: number[]; tp: number[]; fp: number[] } {
  const all = sortedLabelled(pos, neg);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i].positive) t++;
    else f++;
    if (i === all.length - 1 || all[i + 1].score !== all[i].score) {
      thresholds.push(all[i].score);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp };
}

/** The ROC curve over all distinct thresholds, from (0,0) to (1,1). */
export function rocCurve(idScores: Scores, oodScores: Scores): RocCurve {
  if (idScores.length === 0 || oodScores.length === 0) {
    throw new Error(`rocCurve: needs ID and OoD scores (got ${idScores.length} ID, ${oodScores.length} OoD)`);
  }
  const { thresholds, tp, fp } = cumulativeCounts(idScores, oodScores);
  const n = thresholds.length + 1;
  const out: RocCurve = { thresholds: new Float64Array(n), fpr: new Float64Array(n), tpr: new Float64Array(n) };
  out.thresholds[0] = Infinity;
  for (let i = 0; i < thresholds.length; i++) {
    out.thresholds[i + 1] = thresholds[i];
    out.tpr[i + 1] = tp[i] / idScores.length;
    out.fpr[i + 1] = fp[i] / oodScores.length;
  }
  return out;
}

/** Trapezoid area under the ROC curve (= Mann–Whitney U / (n·m) with ties counted ½). */
export function auroc(idScores: Scores, oodScores: Scores): number {
  const { fpr, tpr } = rocCurve(idScores, oodScores);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return area;
}

/**
 * FPR at TPR = `level` on the ROC curve (CONTRIBUTING.md, same steps as training/metrics.py `fpr_at_tpr`):
 * linear interpolation between the two curve points around `level` (what `np.interp` does), and where several
 * points sit at exactly `level`, the FIRST of them in threshold-decreasing order (the lowest FPR). numpy's own
 * `np.interp` would take the last one there; the project's definition deliberately does not.
 */
export function fprAtTpr(idScores: Scores, oodScores: Scores, level = 0.95): number {
  const { tpr, fpr } = rocCurve(idScores, oodScores);
  let i = 0;
  while (i < tpr.length && !(tpr[i] >= level)) i++;
  if (i === tpr.length) i = 0; // as np.argmax of an all-false mask (level above 1)
  if (tpr[i] === level || i === 0) return fpr[i];
  const t0 = tpr[i - 1];
  const t1 = tpr[i];
  return fpr[i - 1] + ((level - t0) * (fpr[i] - fpr[i - 1])) / (t1 - t0);
}

export function fpr95(idScores: Scores, oodScores: Scores): number {
  return fprAtTpr(idScores, oodScores, 0.95);
}
