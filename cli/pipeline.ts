/**
 * Photos → embeddings, scores and predicted class, in batches, with the app's own checks per photo (web/eval/sniff:
 * empty, not an image, duplicate-free hashing) and its preprocessing (via NodeModel.encodeRgba). Reading and
 * decoding of batch n+1 run (on libuv's threads) while the model runs batch n: on 2 cores that hides most of it.
 * A photo that fails alone is skipped with the reason; the others of its batch are scored.
 */
import { sha256Hex, sniffImage } from '../web/eval/sniff';
import type { ImageScorer } from '../web/eval/scorer';
import type { SkipReason } from '../web/eval/types';
import { decodeImage, type DecodedImage } from './decode';
import type { NodeModel } from './bundle';
import { firstLine } from './errors';

export interface PhotoInput {
  key: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface ScoredPhoto {
  key: string;
  size: number;
  hash: string;
  embedding: Float32Array;
  scores: Record<string, number>;
  predicted: number;
}

export interface SkippedPhoto {
  key: string;
  size: number;
  hash?: string;
  reason: SkipReason;
  detail: string;
}

export type PhotoOutcome = ScoredPhoto | SkippedPhoto;

export const isSkipped = (o: PhotoOutcome): o is SkippedPhoto => 'reason' in o;

type Prepared = { key: string; size: number; hash: string; image: DecodedImage } | SkippedPhoto;

async function prepare(p: PhotoInput): Promise<Prepared> {
  let bytes: Uint8Array;
  try {
    bytes = await p.read();
  } catch (e) {
    return { key: p.key, size: p.size, reason: 'unreadable', detail: `could not be read: ${firstLine(e)}` };
  }
  const size = bytes.byteLength;
  if (size === 0) return { key: p.key, size, reason: 'empty', detail: 'the file is empty (0 bytes)' };
  const hash = await sha256Hex(bytes);
  if (!sniffImage(bytes))
    return { key: p.key, size, hash, reason: 'not-image', detail: 'not a JPEG, PNG, GIF, WebP, BMP or AVIF image' };
  try {
    return { key: p.key, size, hash, image: await decodeImage(bytes) };
  } catch (e) {
    return { key: p.key, size, hash, reason: 'unreadable', detail: `the image could not be decoded: ${firstLine(e)}` };
  }
}

/** One batch: prepared photos → outcomes in input order. */
async function encodeBatch(model: NodeModel, scorer: ImageScorer, prepared: Prepared[]): Promise<PhotoOutcome[]> {
  const ok = prepared.filter((p): p is Exclude<Prepared, SkippedPhoto> => !('reason' in p));
  if (ok.length === 0) return prepared as SkippedPhoto[];
  const dim = model.manifest.embedDim;
  const embeddings = await model.encodeRgba(ok.map((p) => p.image));
  const scored = scorer.score(embeddings, ok.length, dim);
  const byKey = new Map<string, ScoredPhoto>();
  ok.forEach((p, i) =>
    byKey.set(p.key, {
      key: p.key,
      size: p.size,
      hash: p.hash,
      embedding: embeddings.slice(i * dim, (i + 1) * dim),
      scores: scored[i].scores,
      predicted: scored[i].predicted,
    }),
  );
  return prepared.map((p) => ('reason' in p ? p : byKey.get(p.key)!));
}

/**
 * Scores `photos` batch by batch, yielding each batch's outcomes as soon as it is done (the caller writes them, so an
 * interruption loses at most the batch in flight). Stops before the next batch once `signal` is aborted.
 */
export async function* scorePhotos(
  model: NodeModel,
  scorer: ImageScorer,
  photos: PhotoInput[],
  opts: { batch: number; signal?: AbortSignal },
): AsyncGenerator<PhotoOutcome[]> {
  const batches: PhotoInput[][] = [];
  for (let i = 0; i < photos.length; i += opts.batch) batches.push(photos.slice(i, i + opts.batch));
  const prepareAll = (b: PhotoInput[]) => Promise.all(b.map(prepare));
  let next = batches.length ? prepareAll(batches[0]) : null;
  for (let i = 0; i < batches.length && next; i++) {
    const prepared = await next;
    next = i + 1 < batches.length && !opts.signal?.aborted ? prepareAll(batches[i + 1]) : null;
    yield await encodeBatch(model, scorer, prepared);
    if (opts.signal?.aborted) return;
  }
}
