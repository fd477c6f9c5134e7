/**
 * The meeting story as numbers: four steps built from an evaluation table, a score, a threshold and cost inputs.
 * Pure (no React): every number comes from web/eval's summary and web/ood's metrics/thresholds.
 */
import { costCurve, dailyCost, summarise } from '../../eval/summary';
import type { EvalTable } from '../../eval/types';
import type { CostParams } from '../../ood/thresholds';

export type StepId = 'normal' | 'unknown' | 'threshold' | 'cost';

export interface StoryFact {
  label: string;
  value: string;
}

export interface StoryStep {
  id: StepId;
  title: string;
  /** One sentence a person says out loud. */
  line: string;
  facts: StoryFact[];
  /** Which points the picture shows. */
  show: 'id' | 'all' | 'flagged';
  /** What this step cannot show with this data. */
  missing?: string;
}

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)} %`);
const num = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

export function buildStory(table: EvalTable, scoreName: string, threshold: number, cost: CostParams): StoryStep[] {
  const s = summarise(table, scoreName, threshold);
  const oodSets = s.perSet.filter((p) => p.n > 0);
  const hasOod = s.nOod > 0;
  const hasId = s.nId > 0;
  const conf = s.overall.confusion;
  const daily = dailyCost(conf, cost);
  const best = costCurve(table, scoreName, cost)?.best ?? null;

  const normal: StoryStep = {
    id: 'normal',
    title: '1 · The normal photos',
    line: hasId ? `${num(s.nId)} photos of the ${table.classes.length} classes the model knows.` : 'This evaluation has no normal photos.',
    facts: [
      { label: 'normal photos', value: num(s.nId) },
      { label: 'classes', value: String(table.classes.length) },
      { label: 'recognised correctly', value: pct(s.idAccuracy) },
    ],
    show: 'id',
    missing: hasId ? undefined : 'No normal (ID) photos in this evaluation.',
  };
  const unknown: StoryStep = {
    id: 'unknown',
    title: '2 · Add the unknown photos',
    line: hasOod ? `${num(s.nOod)} photos the model was never meant to see, from ${oodSets.length} source${oodSets.length === 1 ? '' : 's'}.` : 'This evaluation has no unknown photos.',
    facts: hasOod
      ? [
          { label: 'unknown photos', value: num(s.nOod) },
          { label: 'told apart (AUROC, avg)', value: pct(s.average?.auroc ?? s.overall.metrics?.auroc) },
          { label: 'wrongly kept at 95 % (FPR95, avg)', value: pct(s.average?.fpr95 ?? s.overall.metrics?.fpr95) },
          ...oodSets.slice(0, 5).map((p) => ({ label: `${p.name} (AUROC)`, value: pct(p.metrics?.auroc) })),
        ]
      : [],
    show: 'all',
    missing: hasOod ? undefined : 'No OoD photos: separation, AUROC and FPR95 need some. Run an evaluation with an OoD folder.',
  };
  const thresholdStep: StoryStep = {
    id: 'threshold',
    title: '3 · Where we draw the line',
    line: `Photos scoring below ${threshold.toPrecision(4)} (${scoreName}) are flagged.`,
    facts: [
      { label: 'normal photos flagged (false alarms)', value: pct(conf.falseAlarmRate) },
      { label: 'unknown photos caught', value: pct(conf.detectionRate) },
      { label: 'unknown photos let through', value: hasOod ? num(conf.fp) : '—' },
    ],
    show: 'flagged',
    missing: hasOod ? undefined : 'Without OoD photos only the false-alarm rate can be shown.',
  };
  const costStep: StoryStep = {
    id: 'cost',
    title: '4 · What it costs per day',
    line: `At ${num(cost.photosPerDay)} photos a day, ${pct(cost.abnormalShare, 0)} of them unknown.`,
    facts: [
      { label: 'false alarms per day', value: num(daily.falseAlarmsPerDay, 1) },
      { label: 'unknown photos missed per day', value: hasOod ? num(daily.missesPerDay, 1) : '—' },
      { label: `cost per day (alarm ${num(cost.costFalseAlarm, 2)}, miss ${num(cost.costMiss, 2)})`, value: hasOod ? num(daily.costPerDay, 1) : '—' },
      ...(best ? [{ label: 'cheapest threshold would cost', value: `${num(best.cost, 1)} per day` }] : []),
    ],
    show: 'flagged',
    missing: hasOod ? undefined : 'Misses and cost need OoD photos.',
  };
  return [normal, unknown, thresholdStep, costStep];
}
