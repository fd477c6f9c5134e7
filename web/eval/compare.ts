/**
 * FLYP and CMA (or any bundled models) on the same axes for the meeting: each model's ROC over its own reference
 * evaluation with its own default score. Raw scores of two models are on different scales (max-logit grows with the
 * logit scale), so the shared axes are the rates: normal photos kept against unknown photos let through.
 */
import { percent } from '../lib/format';
import { auroc, fprAtTpr, rocCurve } from '../ood/metrics';
import type { StoryStep } from './story';
import { scoresBySide } from './table';
import type { EvalTable } from './types';

export interface ModelSeparation {
  name: string;
  score: string;
  fpr: Float64Array;
  tpr: Float64Array;
  auroc: number;
  fpr95: number;
  nId: number;
  nOod: number;
}

/** One model's pooled separation (all OoD sets together) with `score`; null without both sides. */
export function separationOf(name: string, table: EvalTable, score: string): ModelSeparation | null {
  const { id, ood } = scoresBySide(table, score);
  const pooled = ood.flatMap((s) => s.scores);
  if (!id.length || !pooled.length) return null;
  const { fpr, tpr } = rocCurve(id, pooled);
  return {
    name,
    score,
    fpr,
    tpr,
    auroc: auroc(id, pooled),
    fpr95: fprAtTpr(id, pooled),
    nId: id.length,
    nOod: pooled.length,
  };
}

/** The meeting's comparison step (step `number`) over two or more models' separations. */
export function compareStep(models: ModelSeparation[], number: number): StoryStep {
  const best = [...models].sort((a, b) => b.auroc - a.auroc)[0];
  return {
    id: 'compare',
    title: `${number} · The models side by side`,
    line:
      `The same kind of photos through ${models.map((m) => m.name).join(' and ')}: the higher curve keeps more normal ` +
      `photos for each unknown one it lets through. ${best.name} separates best here.`,
    facts: models.flatMap((m) => [
      { label: `${m.name}: told apart (AUROC, ${m.score})`, value: percent(m.auroc) },
      { label: `${m.name}: unknown let through at 95 % kept`, value: percent(m.fpr95) },
    ]),
    show: 'all',
  };
}
