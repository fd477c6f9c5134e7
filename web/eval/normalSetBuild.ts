/**
 * Photos that are normal for a site → a normal set (web/ood/exemplars.ts): read once (duplicates, non-images and
 * unreadable files named), encoded in batches by the loaded model with progress and cancel, and only embeddings,
 * names, sizes and hashes kept. Class subfolders (`site/<class>/photo.jpg`) make it labelled (the prototype score);
 * without them it is unlabelled. No IndexedDB here: the caller stores the result (normalSetStore.ts).
 */
import { plural } from '../lib/format';
import { calibrationSplit, chooseK, MIN_NORMAL_PHOTOS, type NormalSet } from '../ood/exemplars';
import { planRun } from './plan';
import { encodeBatch, type ImageEncoder } from './runner';
import { expandZips, type SourceFile } from './sources';
import type { SkippedFile } from './types';

export interface NormalSetProgress {
  /** 'reading': hashing and checking the files; 'encoding': through the model */
  phase: 'reading' | 'encoding';
  done: number;
  total: number;
  /** photos per second while encoding (NaN before the first batch) */
  rate: number;
}

export interface BuildNormalSetOptions {
  name: string;
  modelId: string;
  sources: SourceFile[];
  encoder: ImageEncoder;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: NormalSetProgress) => void;
  now?: () => number;
}

export type BuildOutcome =
  | { status: 'done'; set: NormalSet; skipped: SkippedFile[] }
  | { status: 'cancelled' }
  | { status: 'refused'; message: string; skipped: SkippedFile[] };

/** The class of a photo from its folders: `root/<class>/…/photo` → `<class>`; a photo right in the root has none. */
export function classFolderOf(key: string): string | undefined {
  const parts = key.split('/');
  return parts.length >= 3 ? parts[1] : undefined;
}

export async function buildNormalSet(o: BuildNormalSetOptions): Promise<BuildOutcome> {
  const now = o.now ?? (() => performance.now());
  const { files: sources, problems } = await expandZips(o.sources);
  const zipSkips: SkippedFile[] = problems.map((p) => ({
    key: p.key,
    set: 'normal',
    reason: 'unreadable',
    detail: p.detail,
  }));
  if (sources.length === 0)
    return {
      status: 'refused',
      message: `${o.name}: there are no files in it to make a normal set from`,
      skipped: zipSkips,
    };
  const plan = await planRun([{ kind: 'id', files: sources }], [], (done, total) =>
    o.onProgress?.({ phase: 'reading', done, total, rate: NaN }),
  );
  const skipped = [...zipSkips, ...plan.skipped];
  const few = (n: number, what: string) =>
    `${o.name}: ${plural(n, 'distinct photo')} ${what}; a normal set needs at least ${MIN_NORMAL_PHOTOS}, so that a ` +
    `fifth of them can be held back to set the threshold on`;
  if (plan.files.length < MIN_NORMAL_PHOTOS)
    return { status: 'refused', message: few(plan.files.length, 'in it'), skipped };
  const files: NormalSet['files'] = [];
  const rows: Float32Array[] = [];
  const classOf: (string | undefined)[] = [];
  let dim = 0;
  let rate = NaN;
  const batchSize = o.batchSize ?? 16;
  o.onProgress?.({ phase: 'encoding', done: 0, total: plan.files.length, rate });
  for (let i = 0; i < plan.files.length; i += batchSize) {
    if (o.signal?.aborted) return { status: 'cancelled' };
    const t0 = now();
    const batch = plan.files.slice(i, i + batchSize).map((file) => ({ file, source: plan.sources.get(file.key)! }));
    const r = await encodeBatch(o.encoder, batch);
    r.ok.forEach((f, k) => {
      files.push({ key: f.key, size: f.size, sha256: f.hash });
      rows.push(r.embeddings.slice(k * r.dim, (k + 1) * r.dim));
      classOf.push(classFolderOf(f.key));
    });
    dim = r.dim || dim;
    skipped.push(...r.bad);
    const batchRate = batch.length / Math.max(1e-3, (now() - t0) / 1000);
    rate = Number.isNaN(rate) ? batchRate : 0.7 * rate + 0.3 * batchRate;
    o.onProgress?.({
      phase: 'encoding',
      done: Math.min(plan.files.length, i + batchSize),
      total: plan.files.length,
      rate,
    });
  }
  if (files.length < MIN_NORMAL_PHOTOS)
    return { status: 'refused', message: few(files.length, 'could be read'), skipped };
  const embeddings = new Float32Array(files.length * dim);
  rows.forEach((r, i) => embeddings.set(r, i * dim));
  // labelled only when every photo sits in a class folder and there are at least two classes
  const classes = [...new Set(classOf.filter((c): c is string => !!c))].sort();
  const labelled = classes.length >= 2 && classOf.every((c) => c !== undefined);
  const set: NormalSet = {
    name: o.name,
    modelId: o.modelId,
    dim,
    createdAt: Date.now(),
    files,
    embeddings,
    calibration: calibrationSplit(files.length),
    duplicates: skipped.flatMap((s) => (s.sameAs ? [{ key: s.key, sameAs: s.sameAs }] : [])),
    ...(labelled ? { classes, labels: classOf.map((c) => classes.indexOf(c!)) } : {}),
  };
  const { k, rule } = chooseK(set); // chosen once, kept in the set and its export
  return { status: 'done', set: { ...set, knn: { k, rule } }, skipped };
}
