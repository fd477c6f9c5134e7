// Encodes a run's remaining files in batches, scores them and stores each batch as it finishes (with progress),
// so a reload or crash loses at most one batch and a resume never encodes a finished image again.
import { InferenceError } from '../inference/errors';
import type { SourceFile } from './sources';
import { MIME, sniffImage } from './sniff';
import { isQuotaError, type RunStore } from './store';
import type { ImageScorer } from './scorer';
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
}

async function toBlob(source: SourceFile): Promise<Blob> {
  const bytes = await source.read();
  const format = sniffImage(bytes);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format ? MIME[format] : 'application/octet-stream' });
}

/** Encodes a batch; when the batch fails (a file the decoder rejects), each file alone, so one bad photo skips only itself. */
async function encodeBatch(
  encoder: ImageEncoder,
  items: { file: PlannedFile; source: SourceFile }[],
): Promise<{ ok: { file: PlannedFile; embedding: Float32Array }[]; bad: SkippedFile[]; dim: number }> {
  const blobs: (Blob | null)[] = [];
  const bad: SkippedFile[] = [];
  for (const it of items) {
    try {
      blobs.push(await toBlob(it.source));
    } catch (e) {
      blobs.push(null);
      bad.push({ key: it.file.key, set: it.file.set, reason: 'unreadable', detail: `could not be read again: ${(e as Error).message}` });
    }
  }
  const readable = items.filter((_, i) => blobs[i]);
  const readableBlobs = blobs.filter((b): b is Blob => b !== null);
  const split = (r: { embeddings: Float32Array; n: number; dim: number }) =>
    Array.from({ length: r.n }, (_, i) => r.embeddings.slice(i * r.dim, (i + 1) * r.dim));
  if (readable.length === 0) return { ok: [], bad, dim: 0 };
  try {
    const r = await encoder.encodeImages(readableBlobs);
    const rows = split(r);
    return { ok: readable.map((it, i) => ({ file: it.file, embedding: rows[i] })), bad, dim: r.dim };
  } catch (batchError) {
    if (isFatal(batchError)) throw batchError;
    if (readable.length === 1) {
      bad.push({ key: readable[0].file.key, set: readable[0].file.set, reason: 'unreadable', detail: `the image could not be decoded: ${(batchError as Error).message}` });
      return { ok: [], bad, dim: 0 };
    }
    const ok: { file: PlannedFile; embedding: Float32Array }[] = [];
    let dim = 0;
    for (let i = 0; i < readable.length; i++) {
      try {
        const r = await encoder.encodeImages([readableBlobs[i]]);
        ok.push({ file: readable[i].file, embedding: split(r)[0] });
        dim = r.dim;
      } catch (e) {
        if (isFatal(e)) throw e;
        bad.push({ key: readable[i].file.key, set: readable[i].file.set, reason: 'unreadable', detail: `the image could not be decoded: ${(e as Error).message}` });
      }
    }
    // Every photo of the batch failing alone is the model or worker failing, not the photos: stop (resumable), skip none.
    if (ok.length === 0) throw batchError;
    return { ok, bad, dim };
  }
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

export async function runEvaluation(o: RunOptions): Promise<RunOutcome> {
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
    o.onProgress?.({ runId: run.id, done: run.doneCount, total, skipped: run.skipped.length, rate, etaSeconds: rate > 0 ? left / rate : NaN });
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
      const { ok, bad, dim } = await encodeBatch(o.encoder, batch);
      const scored = ok.length ? o.scorer.score(concat(ok.map((x) => x.embedding), dim), ok.length, dim) : [];
      const records: ImageRecord[] = ok.map((x, k) => ({
        runId: o.runId,
        key: x.file.key,
        set: x.file.set,
        label: x.file.label,
        predicted: scored[k].predicted,
        scores: scored[k].scores,
        embedding: x.embedding,
      }));
      run = await o.store.appendBatch(o.runId, records, bad);
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

function concat(rows: Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(r, i * dim));
  return out;
}
