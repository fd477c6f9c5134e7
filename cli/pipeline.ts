/**
 * Photos → embeddings, scores and predicted class, in batches, with the app's own checks per photo (web/eval/sniff:
 * empty, not an image, SHA-256) and its preprocessing (NodeModel.preprocess, as each photo is decoded, so only the
 * small model input is held). Reading and decoding of batch n+1 run (on libuv's threads) while the model runs batch n.
 * A photo that fails alone is skipped with the reason; the others of its batch are scored.
 */
import { sha256Hex, sniffImage } from '../web/eval/sniff';
import type { ImageScorer } from '../web/eval/scorer';
import type { SkipReason } from '../web/eval/types';
import { decodeImage } from './decode';
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

type Prepared = { key: string; size: number; hash: string; pixels: Float32Array } | SkippedPhoto;

async function prepare(model: NodeModel, p: PhotoInput): Promise<Prepared> {
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
    return { key: p.key, size, hash, pixels: model.preprocess(await decodeImage(bytes, model.manifest.image)) };
  } catch (e) {
    return { key: p.key, size, hash, reason: 'unreadable', detail: `the image could not be decoded: ${firstLine(e)}` };
  }
}

/** One batch: prepared photos → outcomes in input order. */
async function encodeBatch(model: NodeModel, scorer: ImageScorer, prepared: Prepared[]): Promise<PhotoOutcome[]> {
  const ok = prepared.filter((p): p is Exclude<Prepared, SkippedPhoto> => !('reason' in p));
  if (ok.length === 0) return prepared as SkippedPhoto[];
  const dim = model.manifest.embedDim;
  const per = ok[0].pixels.length;
  const pixels = new Float32Array(ok.length * per);
  ok.forEach((p, i) => pixels.set(p.pixels, i * per));
  const embeddings = await model.encode(pixels, ok.length);
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
  const prepareAll = (b: PhotoInput[]) => Promise.all(b.map((p) => prepare(model, p)));
  let next = batches.length ? prepareAll(batches[0]) : null;
  for (let i = 0; i < batches.length && next; i++) {
    const prepared = await next;
    next = i + 1 < batches.length && !opts.signal?.aborted ? prepareAll(batches[i + 1]) : null;
    yield await encodeBatch(model, scorer, prepared);
    if (opts.signal?.aborted) return;
  }
}
