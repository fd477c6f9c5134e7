// The numbers of a run for one score at one threshold: ID accuracy, AUROC / FPR95 / AUPR (overall and per OoD set),
// detection and false-alarm rates, confusion matrix, costs. Uses web/ood's metrics and thresholds; never reimplements them.
import { accuracy, confusionAt, evaluate, metricsFor, type Confusion, type OodMetrics } from '../ood/metrics';
import { costOptimal, thresholdAtTpr, youden, type CostParams, type CostPoint } from '../ood/thresholds';
import { idLabelled, scoresBySide } from './table';
import type { EvalTable } from './types';

export type ThresholdStrategy = 'tpr95' | 'youden' | 'cost' | 'manual';

export const STRATEGY_LABELS: Record<ThresholdStrategy, string> = {
  tpr95: 'Keep 95 % of normal photos',
  youden: 'Best balance',
  cost: 'Lowest cost',
  manual: 'Chosen by hand',
};

export interface SetSummary {
  name: string;
  n: number;
  /** null when the ID side is empty or the set is empty. */
  metrics: OodMetrics | null;
  confusion: Confusion;
}

export interface DailyCost {
  falseAlarmsPerDay: number;
  missesPerDay: number;
  costPerDay: number;
}

export interface RunSummary {
  scoreName: string;
  threshold: number;
  nId: number;
  nOod: number;
  /** ID top-1 accuracy over ID photos with a known class; null when none has one. */
  idAccuracy: number | null;
  nLabelled: number;
  /** labelled normal photos whose top class is their folder's class */
  nCorrect: number;
  /** ID vs all OoD photos pooled. */
  overall: { metrics: OodMetrics | null; confusion: Confusion };
  /** Plain mean over the OoD sets (how OoD papers report "average"), sets marked `inAverage: false` left out; null without OoD sets. */
  average: OodMetrics | null;
  /** The sets that mean is over. */
  averagedSets: string[];
  perSet: SetSummary[];
  /** What cannot be computed and why, in words for the screen. */
  missing: string[];
}

/** Everything of a summary that does not depend on the threshold (the sorting work): compute once per table and score. */
export type ScoreSummary = Omit<RunSummary, 'threshold' | 'overall' | 'perSet'> & {
  overallMetrics: OodMetrics | null;
  perSetMetrics: { name: string; n: number; metrics: OodMetrics | null }[];
};

export function summariseScore(table: EvalTable, scoreName: string): ScoreSummary {
  const { id, ood } = scoresBySide(table, scoreName);
  const pooled = ood.flatMap((s) => s.scores);
  const nonEmpty = ood.filter((s) => s.scores.length > 0);
  const missing: string[] = [];
  if (id.length === 0)
    missing.push('No normal (ID) photos: AUROC, FPR95, AUPR, the false-alarm rate and the TPR-95 threshold need some.');
  if (pooled.length === 0)
    missing.push(
      'No "not normal" (OoD) photos: AUROC, FPR95, AUPR, the detection rate, best balance and lowest cost need some.',
    );
  for (const s of ood) if (s.scores.length === 0) missing.push(`OoD set "${s.name}" has no photos.`);
  const { labels, predictions } = idLabelled(table);
  if (id.length > 0 && labels.length === 0)
    missing.push('No normal photo sits in a folder named like a class: ID accuracy needs class sub-folders.');
  const both = id.length > 0 && pooled.length > 0;
  const evaluation =
    both && nonEmpty.length > 0 ? evaluate(id, Object.fromEntries(nonEmpty.map((s) => [s.name, s.scores]))) : null;
  const averaged = table.sets
    .filter((s) => s.kind === 'ood' && s.inAverage !== false && s.keys.length > 0)
    .map((s) => s.name);
  const average =
    evaluation && averaged.length
      ? (Object.fromEntries(
          (['auroc', 'fpr95', 'auprIn', 'auprOut'] as const).map((k) => [
            k,
            averaged.reduce((a, n) => a + evaluation.sets[n][k], 0) / averaged.length,
          ]),
        ) as unknown as OodMetrics)
      : null;
  return {
    scoreName,
    averagedSets: averaged,
    nId: id.length,
    nOod: pooled.length,
    idAccuracy: labels.length ? accuracy(predictions, labels) : null,
    nLabelled: labels.length,
    nCorrect: predictions.filter((p, i) => p === labels[i]).length,
    overallMetrics: both ? metricsFor(id, pooled) : null,
    average,
    perSetMetrics: ood.map((s) => ({ name: s.name, n: s.scores.length, metrics: evaluation?.sets[s.name] ?? null })),
    missing,
  };
}

/** The threshold-dependent part (linear in the number of photos): cheap enough for every drag event. */
export function summariseAt(table: EvalTable, base: ScoreSummary, threshold: number): RunSummary {
  const { id, ood } = scoresBySide(table, base.scoreName);
  const pooled = ood.flatMap((s) => s.scores);
  const { overallMetrics, perSetMetrics, ...rest } = base;
  return {
    ...rest,
    threshold,
    overall: { metrics: overallMetrics, confusion: confusionAt(threshold, id, pooled) },
    perSet: perSetMetrics.map((m, i) => ({ ...m, confusion: confusionAt(threshold, id, ood[i].scores) })),
  };
}

export function summarise(table: EvalTable, scoreName: string, threshold: number): RunSummary {
  return summariseAt(table, summariseScore(table, scoreName), threshold);
}

/** A threshold above every score: flags everything (what "+∞" on the ROC means, but drawable). */
export function aboveAll(scores: number[]): number {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  return max === -Infinity ? 0 : max + Math.max(Math.abs(max) * 1e-9, 1e-12);
}

/** The threshold a strategy picks, or null with the reason when the data cannot give it. */
export function chooseThreshold(
  strategy: Exclude<ThresholdStrategy, 'manual'>,
  table: EvalTable,
  scoreName: string,
  cost: CostParams,
): { threshold: number } | { reason: string } {
  const { id, ood } = scoresBySide(table, scoreName);
  const pooled = ood.flatMap((s) => s.scores);
  if (strategy === 'tpr95')
    return id.length ? { threshold: thresholdAtTpr(id, 0.95) } : { reason: 'needs normal (ID) photos' };
  if (id.length === 0 || pooled.length === 0) return { reason: 'needs both normal and not-normal photos' };
  const t = strategy === 'youden' ? youden(id, pooled).threshold : costOptimal(cost, id, pooled).threshold;
  return { threshold: Number.isFinite(t) ? t : aboveAll([...id, ...pooled]) };
}

export function dailyCost(confusion: Confusion, p: CostParams): DailyCost {
  const far = Number.isNaN(confusion.falseAlarmRate) ? 0 : confusion.falseAlarmRate;
  const miss = Number.isNaN(confusion.detectionRate) ? 0 : 1 - confusion.detectionRate;
  const falseAlarmsPerDay = p.photosPerDay * (1 - p.abnormalShare) * far;
  const missesPerDay = p.photosPerDay * p.abnormalShare * miss;
  return {
    falseAlarmsPerDay,
    missesPerDay,
    costPerDay: falseAlarmsPerDay * p.costFalseAlarm + missesPerDay * p.costMiss,
  };
}

/** Cost per day over all thresholds (ROC points, the "+∞" end drawn just above the top score) and the cheapest. */
export function costCurve(
  table: EvalTable,
  scoreName: string,
  p: CostParams,
): { curve: CostPoint[]; best: CostPoint } | null {
  const { id, ood } = scoresBySide(table, scoreName);
  const pooled = ood.flatMap((s) => s.scores);
  if (id.length === 0 || pooled.length === 0) return null;
  const res = costOptimal(p, id, pooled);
  const top = aboveAll([...id, ...pooled]);
  const fix = (c: CostPoint): CostPoint => (Number.isFinite(c.threshold) ? c : { ...c, threshold: top });
  return { curve: res.curve.map(fix), best: fix(res) };
}

export const DEFAULT_COST: CostParams = { photosPerDay: 1000, costFalseAlarm: 1, costMiss: 10, abnormalShare: 0.05 };

/** Expected cost per day at one threshold (all OoD sets pooled). */
export function dailyCostAt(table: EvalTable, scoreName: string, threshold: number, p: CostParams): DailyCost {
  const { id, ood } = scoresBySide(table, scoreName);
  return dailyCost(
    confusionAt(
      threshold,
      id,
      ood.flatMap((o) => o.scores),
    ),
    p,
  );
}

/**
 * A map's defaults for one score (Explore, Present): the TPR-95 threshold on the table's normal photos (null without
 * any) and the range of all its finite scores (null when none).
 */
export function scoreSpan(
  table: EvalTable,
  scoreName: string,
): { tpr95: number | null; range: [number, number] | null } {
  const id = table.sets
    .filter((s) => s.kind === 'id')
    .flatMap((s) => s.scores[scoreName] ?? [])
    .filter(Number.isFinite);
  const all = table.sets.flatMap((s) => s.scores[scoreName] ?? []).filter(Number.isFinite);
  let lo = Infinity,
    hi = -Infinity;
  for (const v of all) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { tpr95: id.length ? thresholdAtTpr(id, 0.95) : null, range: all.length ? [lo, hi] : null };
}
