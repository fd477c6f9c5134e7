/**
 * The meeting story as numbers: four steps built from an evaluation table, a score, a threshold and cost inputs.
 * Pure (no React): every number comes from web/eval's summary and web/ood's metrics/thresholds.
 */
import { setLabel } from './setNames';
import { costCurve, dailyCost, summarise } from './summary';
import { count, percent } from '../lib/format';
import type { EvalTable } from './types';
import type { CostParams } from '../ood/thresholds';

export type StepId = 'normal' | 'unknown' | 'threshold' | 'cost' | 'examples' | 'compare';

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
    line: hasId
      ? `${count(s.nId)} photos of the ${table.classes.length} classes the model knows.`
      : 'This evaluation has no normal photos.',
    facts: [
      { label: 'normal photos', value: count(s.nId) },
      { label: 'classes', value: String(table.classes.length) },
      { label: 'recognised correctly', value: percent(s.idAccuracy) },
    ],
    show: 'id',
    missing: hasId ? undefined : 'No normal (ID) photos in this evaluation.',
  };
  const unknown: StoryStep = {
    id: 'unknown',
    title: '2 · Add the unknown photos',
    line: hasOod
      ? `${count(s.nOod)} photos the model was never meant to see, from ${oodSets.length} source${oodSets.length === 1 ? '' : 's'}.`
      : 'This evaluation has no unknown photos.',
    facts: hasOod
      ? [
          { label: 'unknown photos', value: count(s.nOod) },
          { label: 'told apart (AUROC, average)', value: percent(s.average?.auroc ?? s.overall.metrics?.auroc) },
          {
            label: 'unknown photos let through when 95 % of normal ones are kept (FPR95)',
            value: percent(s.average?.fpr95 ?? s.overall.metrics?.fpr95),
          },
          ...oodSets
            .slice(0, 5)
            .map((p) => ({ label: `${setLabel(p.name)} (AUROC)`, value: percent(p.metrics?.auroc) })),
        ]
      : [],
    show: 'all',
    missing: hasOod
      ? undefined
      : 'No OoD photos: separation, AUROC and FPR95 need some. Run an evaluation with an OoD folder.',
  };
  const thresholdStep: StoryStep = {
    id: 'threshold',
    title: '3 · Where we draw the line',
    // what the line means in a day a stakeholder knows (issue 12): the cost inputs' photos per day and unusual share
    line:
      `Photos scoring below ${threshold.toPrecision(4)} (${scoreName}) are flagged: of ${count(cost.photosPerDay)} photos a day, ` +
      `${count(daily.falseAlarmsPerDay, 0)} normal ones are flagged by mistake` +
      (hasOod
        ? ` and ${count(cost.photosPerDay * cost.abnormalShare - daily.missesPerDay, 0)} of the ${count(cost.photosPerDay * cost.abnormalShare, 0)} unusual ones are caught.`
        : '.'),
    facts: [
      { label: 'normal photos flagged (false alarms)', value: percent(conf.falseAlarmRate) },
      { label: 'unknown photos caught', value: percent(conf.detectionRate) },
      { label: 'unknown photos let through', value: hasOod ? count(conf.fp) : '—' },
    ],
    show: 'flagged',
    missing: hasOod ? undefined : 'Without OoD photos only the false-alarm rate can be shown.',
  };
  const costStep: StoryStep = {
    id: 'cost',
    title: '4 · What it costs per day',
    line: `At ${count(cost.photosPerDay)} photos a day, ${percent(cost.abnormalShare, 0)} of them unknown.`,
    facts: [
      { label: 'false alarms per day', value: count(daily.falseAlarmsPerDay, 1) },
      { label: 'unknown photos missed per day', value: hasOod ? count(daily.missesPerDay, 1) : '—' },
      {
        label: `cost per day (alarm ${count(cost.costFalseAlarm, 2)}, miss ${count(cost.costMiss, 2)})`,
        value: hasOod ? count(daily.costPerDay, 1) : '—',
      },
      ...(best ? [{ label: 'cheapest threshold would cost', value: `${count(best.cost, 1)} per day` }] : []),
    ],
    show: 'flagged',
    missing: hasOod ? undefined : 'Misses and cost need OoD photos.',
  };
  return [normal, unknown, thresholdStep, costStep];
}
