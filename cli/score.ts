/**
 * `alignscope score`: every photo of folders, zips or file lists → one row each in a CSV / JSON Lines file, with
 * the app's scores, threshold and verdicts. Resumes what a file already holds; with --queue the photos are scored
 * by `alignscope worker` processes through BullMQ (queue.ts) and collected here into the same file.
 */
import path from 'node:path';
import { makeScorer } from '../web/eval/scorer';
import { count, elapsed, percent, plural } from '../web/lib/format';
import { openModel, resolveModelDir, type NodeModel } from './bundle';
import { EXIT } from './errors';
import { listInputs, type InputFile, type MissingInput } from './inputs';
import { readNormalSet } from './normalSet';
import { scorePhotos } from './pipeline';
import { Progress } from './progress';
import { assertReachable, runOnQueue } from './queue';
import { ResultsFile } from './results';
import { makeDecision, rowOf, type Decision, type ResultRow } from './rows';
import { sha256Hex } from '../web/eval/sniff';

export interface ScoreOptions {
  inputs: string[];
  model?: string;
  score?: string;
  threshold?: number;
  keepNormal?: number;
  out: string;
  batch: number;
  threads: number;
  queue?: string;
  queueName: string;
  jobSize: number;
  quiet: boolean;
  /** a normal set file (alignscope normal-set): adds the KNN score */
  normalSet?: string;
}

/** Files still to score: those not in the results file with the same size and bytes. */
async function stillToDo(files: InputFile[], results: ResultsFile): Promise<{ todo: InputFile[]; resumed: number }> {
  const todo: InputFile[] = [];
  let resumed = 0;
  for (const f of files) {
    const done = results.done.get(f.key);
    let same = false;
    if (done && done.size === f.size) {
      if (!done.sha256)
        same = true; // skipped before without being read (unreadable): the same outcome again
      else {
        try {
          same = (await sha256Hex(await f.read())) === done.sha256;
        } catch {
          same = false;
        }
      }
    }
    if (same) resumed++;
    else todo.push(f);
  }
  return { todo, resumed };
}

function missingRows(missing: MissingInput[], results: ResultsFile, d: Decision, model: NodeModel): ResultRow[] {
  return missing
    .filter((m) => !results.done.has(m.key))
    .map((m) => rowOf({ key: m.key, size: 0, reason: 'unreadable', detail: m.detail }, d, model.prompts));
}

export interface Tally {
  scored: number;
  flagged: number;
  skipped: { path: string; error: string }[];
}

export function tallyRows(rows: ResultRow[], t: Tally): void {
  for (const r of rows) {
    if (r.error) t.skipped.push({ path: r.path, error: r.error });
    else {
      t.scored++;
      if (r.flagged) t.flagged++;
    }
  }
}

export async function scoreCommand(o: ScoreOptions, signal: AbortSignal): Promise<number> {
  const t0 = performance.now();
  if (o.queue) await assertReachable(o.queue); // before anything is opened or written: one line, exit 5
  const inputs = listInputs(o.inputs);
  const modelDir = resolveModelDir(o.model);
  const model = await openModel(modelDir, { threads: o.threads, batch: o.batch });
  try {
    const normalSet = o.normalSet ? path.resolve(o.normalSet) : undefined;
    if (normalSet) model.useNormalSet(readNormalSet(normalSet, model));
    const decision = makeDecision(model, o);
    const scorer = makeScorer(model.prompts, model.scoring);
    const results = ResultsFile.open(
      o.out,
      { model: decision.modelId, score_name: decision.scoreName, threshold: decision.threshold },
      scorer.scoreNames,
    );
    const tally: Tally = { scored: 0, flagged: 0, skipped: [] };
    let interrupted = false;
    try {
      const { todo, resumed } = await stillToDo(inputs.files, results);
      const say = (s: string) => !o.quiet && process.stderr.write(`${s}\n`);
      say(
        `alignscope score: ${plural(inputs.files.length + inputs.missing.length, 'file')}, ` +
          `${count(resumed)} already in ${o.out}; model ${decision.modelId}, score ${decision.scoreName}, ` +
          `threshold ${decision.threshold} (${decision.thresholdFrom})`,
      );
      const early = missingRows(inputs.missing, results, decision, model);
      results.append(early);
      tallyRows(early, tally);
      for (const r of early) process.stderr.write(`skipped ${r.path}: ${r.error}\n`);
      const progress = new Progress(todo.length, 'photos', o.quiet);
      // rows written (here, or by the queue's producer): counted, their skipped files listed, progress moved on
      const written = (rows: ResultRow[]) => {
        tallyRows(rows, tally);
        for (const r of rows) if (r.error) progress.say(`skipped ${r.path}: ${r.error}`);
        progress.tick(rows.length, rows.filter((r) => r.error).length);
      };
      if (o.queue) {
        const r = await runOnQueue(
          { url: o.queue, name: o.queueName, jobSize: o.jobSize },
          { modelDir, score: decision.scoreName, threshold: decision.threshold, normalSet },
          todo,
          results,
          written,
          signal,
        );
        interrupted = r.interrupted;
      } else {
        for await (const batch of scorePhotos(model, scorer, todo, { batch: o.batch, signal })) {
          const rows = batch.map((x) => rowOf(x, decision, model.prompts));
          results.append(rows);
          written(rows);
        }
        interrupted = signal.aborted;
      }
      progress.finish();
      const seconds = (performance.now() - t0) / 1000;
      const left = todo.length - progress.doneCount;
      say(
        `${interrupted ? 'interrupted' : 'done'}: ${plural(tally.scored, 'photo')} scored, ${count(tally.flagged)} ` +
          `flagged (${percent(tally.scored ? tally.flagged / tally.scored : NaN)}), ` +
          `${count(tally.skipped.length)} skipped, ${count(resumed)} already there; ${elapsed(seconds)} → ${o.out}` +
          (interrupted ? `\n${plural(left, 'photo')} left: run the same command again to resume` : ''),
      );
    } finally {
      results.close();
    }
    return interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    await model.release();
  }
}
