// Encodes a run's remaining files in batches, scores them and stores each batch as it finishes (with progress),
// so a reload or crash loses at most one batch and a resume never encodes a finished image again.
import { InferenceError } from '../inference/errors';
import type { SourceFile } from './sources';
import { MIME, sniffImage } from './sniff';
import { withRunLock } from './runLocks';
import { isQuotaError, type RunStore } from './store';
import type { ImageScorer } from './scorer';
import { mergeExamples, type RunExamples } from './examples';
import type { ImageRecord, PlannedFile, RunRecord, SkippedFile } from './types';

export interface ImageEncoder {
  encodeImages(images: Blob[]): Promise<{ embeddings: Float32Array; n: number; dim: number }>;
}

export interface RunProgress {
  runId: string;
  done: number;
  total: number;
  skipped: number;
  /** images per second over the recent batches */
  rate: number;
  /** seconds left at that rate; NaN before the first batch */
  etaSeconds: number;
}

export type RunOutcome =
  | { status: 'done'; run: RunRecord }
  | { status: 'paused'; run: RunRecord }
  | { status: 'failed'; run: RunRecord | undefined; error: Error };

export interface RunOptions {
  store: RunStore;
  runId: string;
  owner: string;
  todo: { file: PlannedFile; source: SourceFile }[];
  encoder: ImageEncoder;
  scorer: ImageScorer;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  now?: () => number;
  /** a photo → a small JPEG data URL for Present's examples ('' when it cannot); absent: no examples kept */
  thumbnail?: (b: Blob) => Promise<string>;
}

/** The photo's bytes as a File named like it (the decoder names the file in its errors: "x.jpg: …", not "image: …"). */
export async function toBlob(source: SourceFile): Promise<File> {
  const bytes = await source.read();
  const format = sniffImage(bytes);
  return new File([bytes as Uint8Array<ArrayBuffer>], source.key.split('/').pop() || source.key, {
    type: format ? MIME[format] : 'application/octet-stream',
  });
}

export type EncodedBatch = {
  /** The files encoded, in the order of their rows in `embeddings` (ok.length × dim, row-major). */
  ok: PlannedFile[];
  /** their bytes, by key, for the example thumbnails (examples.ts) */
  blobs: Map<string, Blob>;
  embeddings: Float32Array;
  dim: number;
  bad: SkippedFile[];
};

/** Encodes a batch; when the batch fails (a file the decoder rejects), each file alone, so one bad photo skips only itself. */
export async function encodeBatch(
  encoder: ImageEncoder,
  items: { file: PlannedFile; source: SourceFile }[],
): Promise<EncodedBatch> {
  const blobs: (Blob | null)[] = [];
  const bad: SkippedFile[] = [];
  for (const it of items) {
    try {
      blobs.push(await toBlob(it.source));
    } catch (e) {
      blobs.push(null);
      bad.push({
        key: it.file.key,
        set: it.file.set,
        reason: 'unreadable',
        detail: `could not be read again: ${(e as Error).message}`,
      });
    }
  }
  const readable = items.filter((_, i) => blobs[i]).map((it) => it.file);
  const readableBlobs = blobs.filter((b): b is Blob => b !== null);
  const byKey = new Map(readable.map((f, i) => [f.key, readableBlobs[i]]));
  if (readable.length === 0) return { ok: [], blobs: byKey, embeddings: new Float32Array(0), dim: 0, bad };
  const undecodable = (file: PlannedFile, e: unknown): SkippedFile => ({
    key: file.key,
    set: file.set,
    reason: 'unreadable',
    detail: `the image could not be decoded: ${(e as Error).message}`,
  });
  try {
    const r = await encoder.encodeImages(readableBlobs);
    return { ok: readable, blobs: byKey, embeddings: r.embeddings, dim: r.dim, bad };
  } catch (batchError) {
    if (isFatal(batchError)) throw batchError;
    if (readable.length === 1)
      return {
        ok: [],
        blobs: byKey,
        embeddings: new Float32Array(0),
        dim: 0,
        bad: [...bad, undecodable(readable[0], batchError)],
      };
    const ok: PlannedFile[] = [];
    const rows: Float32Array[] = [];
    let dim = 0;
    for (let i = 0; i < readable.length; i++) {
      try {
        const r = await encoder.encodeImages([readableBlobs[i]]);
        ok.push(readable[i]);
        rows.push(r.embeddings);
        dim = r.dim;
      } catch (e) {
        if (isFatal(e)) throw e;
        bad.push(undecodable(readable[i], e));
      }
    }
    // Every photo of the batch failing alone is the model or worker failing, not the photos: stop (resumable), skip none.
    if (ok.length === 0) throw batchError;
    const embeddings = new Float32Array(ok.length * dim);
    rows.forEach((row, k) => embeddings.set(row.subarray(0, dim), k * dim));
    return { ok, blobs: byKey, embeddings, dim, bad };
  }
}

/** The run's examples after a batch, with thumbnails of the photos that just entered a list (examples.ts). */
async function nextExamples(
  run: RunRecord,
  records: ImageRecord[],
  blobs: Map<string, Blob>,
  thumbnail: (b: Blob) => Promise<string>,
): Promise<RunExamples> {
  const kinds = new Map(run.sets.map((s) => [s.name, s.kind]));
  const { next, needThumb } = mergeExamples(run.examples, records, (set) => kinds.get(set));
  for (const key of needThumb) {
    const blob = blobs.get(key);
    next.thumbs[key] = blob ? await thumbnail(blob) : '';
  }
  return next;
}

/** Errors that are about the model or the worker, never one photo: the run stops (and can be resumed). */
function isFatal(e: unknown): boolean {
  if (!(e instanceof InferenceError)) return false; // unknown: retried photo by photo (all failing stops the run too)
  switch (e.kind) {
    case 'crashed':
    case 'no-model':
    case 'out-of-memory':
    case 'session':
      return true;
    case 'model-file':
    case 'decode':
    case 'bad-input':
    case 'internal':
      return false;
  }
}

/** Encodes the run holding its lock (runLocks.ts); a run another tab is encoding is left alone, its record untouched. */
export async function runEvaluation(o: RunOptions): Promise<RunOutcome> {
  const locked = await withRunLock(o.runId, () => encodeRun(o));
  if (locked.ok) return locked.value;
  const run = await o.store.getRun(o.runId);
  const name = run ? `"${run.name}"` : 'This run';
  return {
    status: 'failed',
    run,
    error: new Error(
      `${name} is being encoded in another tab of AlignScope; follow it there, or close that tab first.`,
    ),
  };
}

async function encodeRun(o: RunOptions): Promise<RunOutcome> {
  const now = o.now ?? (() => performance.now());
  const batchSize = o.batchSize ?? 16;
  let run = await o.store.updateRun(o.runId, { status: 'running', owner: o.owner, error: undefined });
  const total = run.files.length;
  const skippedKeys = new Set(run.skipped.map((s) => s.key));
  const todo = o.todo.filter((t) => !skippedKeys.has(t.file.key));
  let rate = NaN;
  let processed = 0;
  const report = () => {
    const left = todo.length - processed;
    o.onProgress?.({
      runId: run.id,
      done: run.doneCount,
      total,
      skipped: run.skipped.length,
      rate,
      etaSeconds: rate > 0 ? left / rate : NaN,
    });
  };
  report();
  try {
    for (let i = 0; i < todo.length; i += batchSize) {
      if (o.signal?.aborted) {
        run = await o.store.updateRun(o.runId, { status: 'paused', owner: undefined, error: 'cancelled' });
        return { status: 'paused', run };
      }
      const t0 = now();
      const batch = todo.slice(i, i + batchSize);
      const { ok, blobs, embeddings, dim, bad } = await encodeBatch(o.encoder, batch);
      const scored = ok.length ? o.scorer.score(embeddings, ok.length, dim) : [];
      const records: ImageRecord[] = ok.map((file, k) => ({
        runId: o.runId,
        key: file.key,
        set: file.set,
        label: file.label,
        predicted: scored[k].predicted,
        scores: scored[k].scores,
        // its own copy: a view would store the whole batch's buffer with every record
        embedding: embeddings.slice(k * dim, (k + 1) * dim),
      }));
      const examples = o.thumbnail && records.length ? await nextExamples(run, records, blobs, o.thumbnail) : undefined;
      run = await o.store.appendBatch(o.runId, records, bad, examples);
      processed += batch.length;
      const seconds = Math.max(1e-3, (now() - t0) / 1000);
      const batchRate = batch.length / seconds;
      rate = Number.isNaN(rate) ? batchRate : 0.7 * rate + 0.3 * batchRate;
      report();
    }
    run = await o.store.updateRun(o.runId, { status: 'done', owner: undefined, error: undefined });
    return { status: 'done', run };
  } catch (e) {
    const error = isQuotaError(e) ? (e as Error) : new Error(`Run stopped: ${(e as Error).message}`);
    let stored: RunRecord | undefined;
    try {
      stored = await o.store.updateRun(o.runId, { status: 'failed', owner: undefined, error: error.message });
    } catch {
      stored = await o.store.getRun(o.runId).catch(() => undefined);
    }
    return { status: 'failed', run: stored, error };
  }
}
