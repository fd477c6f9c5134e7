/**
 * `alignscope normal-set <folders…> --out site.json`: photos that are normal for a site → a normal set file (the
 * format of web/ood/exemplars.ts: embeddings, names, sizes and hashes, never the photos), made with one model. Its
 * KNN score then joins `score --normal-set`. Duplicates (same bytes) are counted once and listed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeScorer } from '../web/eval/scorer';
import { plural } from '../web/lib/format';
import {
  calibrationSplit,
  MIN_NORMAL_PHOTOS,
  parseNormalSet,
  toNormalSetJson,
  type NormalSet,
} from '../web/ood/exemplars';
import { openModel, resolveModelDir, type NodeModel } from './bundle';
import { CliError, EXIT, firstLine } from './errors';
import { listInputs } from './inputs';
import { isSkipped, scorePhotos } from './pipeline';
import { Progress } from './progress';

export interface NormalSetOptions {
  inputs: string[];
  model?: string;
  out: string;
  name?: string;
  batch: number;
  threads: number;
  quiet: boolean;
}

export async function normalSetCommand(o: NormalSetOptions, signal: AbortSignal): Promise<number> {
  if (!o.out.toLowerCase().endsWith('.json')) throw new CliError('usage', `--out ${o.out}: name it .json`);
  const inputs = listInputs(o.inputs);
  const model = await openModel(resolveModelDir(o.model), { threads: o.threads, batch: o.batch });
  try {
    const scorer = makeScorer(model.prompts, model.scoring);
    const files: NormalSet['files'] = [];
    const rows: Float32Array[] = [];
    const duplicates: NormalSet['duplicates'] = [];
    const firstByHash = new Map<string, string>();
    const progress = new Progress(inputs.files.length, 'photos', o.quiet);
    for (const m of inputs.missing) progress.say(`skipped ${m.key}: ${m.detail}`);
    for await (const batch of scorePhotos(model, scorer, inputs.files, { batch: o.batch, signal })) {
      for (const r of batch) {
        if (isSkipped(r)) {
          progress.say(`skipped ${r.key}: ${r.detail}`);
          continue;
        }
        const first = firstByHash.get(r.hash);
        if (first) {
          duplicates.push({ key: r.key, sameAs: first });
          continue;
        }
        firstByHash.set(r.hash, r.key);
        files.push({ key: r.key, size: r.size, sha256: r.hash });
        rows.push(r.embedding);
      }
      progress.tick(batch.length, batch.filter(isSkipped).length);
    }
    progress.finish();
    if (signal.aborted) {
      process.stderr.write('interrupted: no normal set written\n');
      return EXIT.interrupted;
    }
    for (const d of duplicates) process.stderr.write(`counted once: ${d.key} has the same bytes as ${d.sameAs}\n`);
    if (files.length < MIN_NORMAL_PHOTOS)
      throw new CliError(
        'input',
        `${o.inputs.join(', ')}: ${plural(files.length, 'distinct photo')}; a normal set needs at least ${MIN_NORMAL_PHOTOS}`,
      );
    const dim = model.manifest.embedDim;
    const embeddings = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => embeddings.set(r, i * dim));
    const set: NormalSet = {
      name: o.name ?? path.basename(path.resolve(o.inputs[0])),
      modelId: model.manifest.id,
      dim,
      createdAt: Date.now(),
      files,
      embeddings,
      calibration: calibrationSplit(files.length),
      duplicates,
    };
    writeFileSync(o.out, toNormalSetJson(set));
    if (!o.quiet)
      process.stderr.write(
        `normal set "${set.name}": ${plural(files.length, 'photo')} (${set.calibration.length} held back for calibration), ` +
          `${plural(duplicates.length, 'duplicate')} counted once; model ${set.modelId} → ${o.out}\n`,
      );
    return EXIT.ok;
  } finally {
    await model.release();
  }
}

/** `--normal-set`: the file, checked, and checked against the model it will be scored with. */
export function readNormalSet(file: string, model: NodeModel): NormalSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError('input', `--normal-set ${file}: cannot be read (${firstLine(e)})`);
  }
  let set: NormalSet;
  try {
    set = parseNormalSet(text, file);
  } catch (e) {
    throw new CliError('input', firstLine(e));
  }
  if (set.modelId !== model.manifest.id || set.dim !== model.manifest.embedDim)
    throw new CliError(
      'input',
      `${file} was made with model ${set.modelId} (${set.dim}-d); this run uses ${model.manifest.id} ` +
        `(${model.manifest.embedDim}-d): make the set again with --model ${model.manifest.id}`,
    );
  return set;
}
