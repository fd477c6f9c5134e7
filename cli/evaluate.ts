/**
 * `alignscope eval <id folder> <ood folder>…`: what the Evaluate screen computes, from the command line. The files
 * are planned by the app's own planRun (same set names, class labels from folder names, duplicates and non-images
 * skipped with the same sentences), scored like `score`, summarised by web/eval/summary and written as the app's run
 * export (web/eval/serialise toJson), so Evaluate › Import opens it with its charts and the same numbers.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { planRun, type DroppedGroup } from '../web/eval/plan';
import { makeScorer } from '../web/eval/scorer';
import { toJson } from '../web/eval/serialise';
import { chooseThreshold, DEFAULT_COST, summarise, type RunSummary, type ThresholdStrategy } from '../web/eval/summary';
import { tableFromRecords } from '../web/eval/table';
import type { ImageRecord, SkippedFile } from '../web/eval/types';
import { count, decimal, percent, plural } from '../web/lib/format';
import { chooseScore } from '../web/ood/scores/chooseScore';
import { openModel, resolveModelDir } from './bundle';
import { CliError, EXIT } from './errors';
import { listInputs, type InputFile } from './inputs';
import { isSkipped, scorePhotos } from './pipeline';
import { Progress } from './progress';

export interface EvalOptions {
  idFolder: string;
  oodFolders: string[];
  model?: string;
  score?: string;
  threshold?: number;
  strategy: Exclude<ThresholdStrategy, 'manual'>;
  out?: string;
  embeddings: boolean;
  json: boolean;
  batch: number;
  threads: number;
  quiet: boolean;
}

const side = (arg: string, kind: 'id' | 'ood'): DroppedGroup => ({ kind, files: listInputs([arg]).files });

export async function evalCommand(o: EvalOptions, signal: AbortSignal): Promise<number> {
  const groups = [side(o.idFolder, 'id'), ...o.oodFolders.map((f) => side(f, 'ood'))];
  const model = await openModel(resolveModelDir(o.model), { threads: o.threads, batch: o.batch });
  try {
    const classes = model.manifest.classes;
    let plan;
    try {
      plan = await planRun(groups, classes);
    } catch (e) {
      throw new CliError('input', (e as Error).message); // e.g. the same folder name on both sides
    }
    if (plan.files.length === 0)
      throw new CliError('input', `nothing to evaluate: none of the ${plural(plan.skipped.length, 'file')} is a photo`);
    const scorer = makeScorer(model.prompts, model.scoring);
    const todo = plan.files.map((f) => plan.sources.get(f.key)! as InputFile);
    const byKey = new Map(plan.files.map((f) => [f.key, f]));
    const images: ImageRecord[] = [];
    const skipped: SkippedFile[] = [...plan.skipped];
    const progress = new Progress(todo.length, 'photos', o.quiet);
    for await (const batch of scorePhotos(model, scorer, todo, { batch: o.batch, signal })) {
      for (const r of batch) {
        const f = byKey.get(r.key)!;
        if (isSkipped(r)) skipped.push({ key: r.key, set: f.set, reason: r.reason, detail: r.detail });
        else
          images.push({
            runId: 'cli',
            key: r.key,
            set: f.set,
            label: f.label,
            predicted: r.predicted,
            scores: r.scores,
            embedding: r.embedding,
          });
      }
      progress.tick(batch.length, batch.filter(isSkipped).length);
    }
    progress.finish();
    if (signal.aborted) {
      process.stderr.write('interrupted: nothing written (eval starts over when run again)\n');
      return EXIT.interrupted;
    }
    const table = tableFromRecords(
      { classes, scoreNames: scorer.scoreNames, sets: plan.sets, files: plan.files },
      images,
    );
    if (o.score !== undefined && !scorer.scoreNames.includes(o.score as never))
      throw new CliError('usage', `--score ${o.score}: this model offers ${scorer.scoreNames.join(', ')}`);
    const scoreName = chooseScore(o.score, model.manifest.scoring?.default, scorer.scoreNames)!;
    let threshold = o.threshold;
    if (threshold === undefined) {
      const t = chooseThreshold(o.strategy, table, scoreName, DEFAULT_COST);
      if ('reason' in t) throw new CliError('input', `--strategy ${o.strategy} ${t.reason}`);
      threshold = t.threshold;
    }
    const summary = summarise(table, scoreName, threshold);
    const createdAt = Date.now();
    const name = `${path.basename(path.resolve(o.idFolder))} vs ${o.oodFolders.map((f) => path.basename(path.resolve(f))).join(', ')}`;
    const out = o.out ?? `alignscope-eval-${new Date(createdAt).toISOString().slice(0, 10)}.json`;
    const embeddings = o.embeddings ? new Map(images.map((i) => [i.key, i.embedding!])) : undefined;
    writeFileSync(out, toJson(table, { name, createdAt, modelId: model.manifest.id, skipped }, embeddings));
    for (const s of skipped) process.stderr.write(`skipped ${s.key}: ${s.detail}\n`);
    if (o.json) process.stdout.write(JSON.stringify({ model: model.manifest.id, out, ...summary }, null, 1) + '\n');
    else process.stdout.write(describe(summary, model.manifest.id, out));
    return EXIT.ok;
  } finally {
    await model.release();
  }
}

/** The Evaluate screen's numbers as text. */
export function describe(s: RunSummary, modelId: string, out: string): string {
  const m = s.overall.metrics;
  const c = s.overall.confusion;
  const lines = [
    `model ${modelId} · score ${s.scoreName} · threshold ${decimal(s.threshold, 4)}`,
    `normal photos ${count(s.nId)} · not normal ${count(s.nOod)}`,
    `ID accuracy      ${s.idAccuracy === null ? '—' : `${percent(s.idAccuracy, 2)} (${s.nCorrect}/${s.nLabelled})`}`,
    `AUROC            ${percent(m?.auroc, 2)}`,
    `FPR95            ${percent(m?.fpr95, 2)}`,
    `AUPR in / out    ${percent(m?.auprIn, 2)} / ${percent(m?.auprOut, 2)}`,
    `at the threshold: ${percent(c.detectionRate)} of not-normal photos flagged (detections), ` +
      `${percent(c.falseAlarmRate)} of normal photos flagged (false alarms)`,
  ];
  if (s.perSet.length > 1)
    for (const p of s.perSet)
      lines.push(
        `  ${p.name}: ${count(p.n)} photos · AUROC ${percent(p.metrics?.auroc)} · FPR95 ${percent(p.metrics?.fpr95)}`,
      );
  for (const why of s.missing) lines.push(`note: ${why}`);
  lines.push(`run export → ${out} (Evaluate › Import opens it)`);
  return lines.join('\n') + '\n';
}
