// The words of the one-page report (Evaluate's "Report (PNG)"): one line per fact, drawn by web/views/charts/report.ts.
import { percent } from '../lib/format';
import { STRATEGY_LABELS, type DailyCost, type RunSummary, type ThresholdStrategy } from './summary';

const pct = (x: number | null | undefined) => percent(x, { digits: 2, missing: '–' });

export interface ReportInput {
  scoreLabel: string;
  summary: RunSummary;
  strategy: ThresholdStrategy;
  cost: DailyCost | null;
}

export function reportLines(r: ReportInput): string[] {
  return [
    `Score: ${r.scoreLabel} · threshold ${r.summary.threshold.toPrecision(6)} (${STRATEGY_LABELS[r.strategy]})`,
    `Normal photos: ${r.summary.nId} · not normal: ${r.summary.nOod} · ID accuracy ${pct(r.summary.idAccuracy)}`,
    `All OoD: AUROC ${pct(r.summary.overall.metrics?.auroc)} · FPR95 ${pct(r.summary.overall.metrics?.fpr95)} · AUPR-in ${pct(r.summary.overall.metrics?.auprIn)} · AUPR-out ${pct(r.summary.overall.metrics?.auprOut)}`,
    `At the threshold: detected ${pct(r.summary.overall.confusion.detectionRate)} · false alarms ${pct(r.summary.overall.confusion.falseAlarmRate)} · kept/flagged normal ${r.summary.overall.confusion.tp}/${r.summary.overall.confusion.fn} · kept/flagged not normal ${r.summary.overall.confusion.fp}/${r.summary.overall.confusion.tn}`,
    ...r.summary.perSet.map(
      (s) =>
        `  ${s.name} (${s.n}): AUROC ${pct(s.metrics?.auroc)} · FPR95 ${pct(s.metrics?.fpr95)} · detected ${pct(s.confusion.detectionRate)}`,
    ),
    ...(r.cost
      ? [
          `Cost: ${r.cost.falseAlarmsPerDay.toFixed(1)} false alarms/day, ${r.cost.missesPerDay.toFixed(1)} misses/day, ${r.cost.costPerDay.toFixed(2)} per day`,
        ]
      : []),
    ...r.summary.missing,
  ];
}
