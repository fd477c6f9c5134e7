/**
 * Inference bench page (driven by tests/bench/run.mjs through playwright-core). Everything is reached through
 * `window.bench`: our side is the app's real code path (web/model loadBundle → InferenceClient → the app's worker,
 * Blobs in, L2-normalised embeddings out), the peer is transformers.js in its own worker; both results are scored on
 * this page with the same function (energy over the class prompts), so the end-to-end figures cover the same work.
 */
import { buildNormalSet } from '../../../web/eval/normalSetBuild';
import { InferenceClient } from '../../../web/inference/client';
import { encodeClassPrompts } from '../../../web/inference/prompts';
import type { LoadResult } from '../../../web/inference/protocol';
import { loadBundle } from '../../../web/model/loadBundle';
import type { Manifest } from '../../../web/model/manifest';
import { UrlSource } from '../../../web/model/sources';
import { cosines, type EmbeddingMatrix } from '../../../web/ood/linalg';
import { energyFromCosines } from '../../../web/ood/scores/energy';
import { bitmapToRgba, decodeToBitmap } from '../../../web/preprocess/decode';
import { jpegDraft } from '../../../web/preprocess/jpegDraft';
import { loadJpegTurbo } from '../../../web/preprocess/jpegTurboWasm';
import {
  centerCropRgb,
  normalizeToChw,
  preprocessRgb,
  resizeRgba,
  shortestEdgeSize,
} from '../../../web/preprocess/pixels';
import type { ModelOnlyRequest, ModelOnlyResult } from './modelWorker';
import type { TjsRequest } from './tjsWorker';

type Memory = { wasmBytes: number; memories: number };
/** Per-photo milliseconds by stage, summed over a run (the bench divides by n). */
type Stages = Record<string, number>;
type E2E = { n: number; ms: number; images_per_s: number; meanScore: number; stages?: Stages };

const addStages = (into: Stages, more: Record<string, number> | undefined) => {
  for (const [k, v] of Object.entries(more ?? {})) into[k] = (into[k] ?? 0) + v;
};

let photos: Blob[] = [];
let ours: { client: InferenceClient; worker: Worker; manifest: Manifest; classes: EmbeddingMatrix } | null = null;
let tjs: {
  worker: Worker;
  next: number;
  pending: Map<number, (m: { result?: unknown; error?: string }) => void>;
} | null = null;
let classesForPeer: { classes: EmbeddingMatrix; logitScale: number } | null = null;

async function loadPhotos(): Promise<number> {
  if (photos.length) return photos.length;
  const list = (await (await fetch('/photos/list.json')).json()) as string[];
  photos = await Promise.all(list.map(async (p) => (await fetch(`/photos/${p}`)).blob()));
  return photos.length;
}

/** n photos, cycling through the folder, starting at `offset` (so a later run does not reuse the same order). */
function take(n: number, offset = 0): Blob[] {
  return Array.from({ length: n }, (_, i) => photos[(offset + i) % photos.length]);
}

function score(
  embeddings: Float32Array,
  n: number,
  dim: number,
  classes: EmbeddingMatrix,
  logitScale: number,
  normalise: boolean,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const row = embeddings.subarray(i * dim, (i + 1) * dim);
    if (normalise) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += row[j] * row[j];
      const inv = 1 / Math.sqrt(s || 1);
      for (let j = 0; j < dim; j++) row[j] *= inv;
    }
    sum += energyFromCosines(cosines(row, classes), logitScale);
  }
  return sum;
}

function askMemory(worker: Worker): Promise<Memory> {
  return new Promise((resolve) => {
    const on = (ev: MessageEvent) => {
      if ((ev.data as { type?: string })?.type !== 'bench:memory') return;
      worker.removeEventListener('message', on);
      resolve(ev.data as Memory);
    };
    worker.addEventListener('message', on);
    worker.postMessage({ type: 'bench:memory' });
  });
}

async function oursLoad(
  modelId: string,
  prefer: 'auto' | 'wasm' | 'webgpu',
): Promise<LoadResult & { downloadMs: number }> {
  await oursUnload();
  const worker = new Worker(new URL('./appWorker.ts', import.meta.url), {
    type: 'module',
    name: 'alignscope-inference',
  });
  const client = new InferenceClient(worker);
  const bundle = await loadBundle(new UrlSource(`/models/${modelId}/`));
  const manifest = bundle.manifest;
  const r = await client.load(bundle.payload, prefer);
  const classes = await encodeClassPrompts(client, manifest);
  ours = { client, worker, manifest, classes };
  classesForPeer = { classes, logitScale: manifest.logitScale };
  return { ...r, downloadMs: bundle.downloadMs };
}

async function oursUnload(): Promise<void> {
  if (!ours) return;
  await ours.client.unload();
  ours.client.terminate();
  ours = null;
}

/** The app's way (web/eval/runner.ts): requests of `request` Blobs, one at a time, each encoded and scored. */
async function oursE2E(n: number, request = 16, offset = 0): Promise<E2E> {
  if (!ours) throw new Error('ours not loaded');
  await loadPhotos();
  const blobs = take(n, offset);
  let total = 0;
  const stages: Stages = {};
  const t0 = performance.now();
  for (let s = 0; s < n; s += request) {
    const r = await ours.client.encodeImages(blobs.slice(s, s + request), request);
    addStages(stages, r.stages);
    const t = performance.now();
    total += score(r.embeddings, r.n, r.dim, ours.classes, ours.manifest.logitScale, false);
    addStages(stages, { scoreMs: performance.now() - t });
  }
  const ms = performance.now() - t0;
  return { n, ms, images_per_s: (n * 1000) / ms, meanScore: total / n, stages };
}

/**
 * A normal set of n photos made the app's way (web/eval/normalSetBuild.ts: read, hash, encode in batches of 16, with
 * progress), to set beside oursE2E's rate. The folder has fewer distinct photos than n, so each copy gets 4 bytes
 * after the JPEG's end marker: its hash differs (no duplicate dropped), its pixels do not.
 */
async function oursNormalSet(n: number, offset = 0): Promise<E2E> {
  if (!ours) throw new Error('ours not loaded');
  await loadPhotos();
  const bytes = await Promise.all(take(n, offset).map(async (b) => new Uint8Array(await b.arrayBuffer())));
  const sources = bytes.map((b, i) => {
    const tagged = new Uint8Array(b.length + 4);
    tagged.set(b);
    new DataView(tagged.buffer).setUint32(b.length, i);
    return { key: `site/${i}.jpg`, size: tagged.length, read: async () => tagged };
  });
  const client = ours.client;
  const t0 = performance.now();
  const r = await buildNormalSet({
    name: 'site',
    modelId: ours.manifest.id,
    sources,
    encoder: { encodeImages: (images) => client.encodeImages(images, 16) },
  });
  const ms = performance.now() - t0;
  if (r.status !== 'done') throw new Error(`normal set: ${r.status}`);
  return { n: r.set.files.length, ms, images_per_s: (r.set.files.length * 1000) / ms, meanScore: NaN };
}

/** Caption throughput of the text tower, through the app's worker (tokenise + encode + normalise). */
async function oursTexts(n: number): Promise<{ n: number; ms: number; texts_per_s: number }> {
  if (!ours) throw new Error('ours not loaded');
  const words = ['a photo of a', 'a blurry picture of the', 'a close-up of my', 'an old photograph of a'];
  const texts = Array.from(
    { length: n },
    (_, i) => `${words[i % words.length]} ${ours!.manifest.classes[i % ours!.manifest.classes.length]} number ${i}.`,
  );
  const t0 = performance.now();
  await ours.client.encodeTexts(texts);
  const ms = performance.now() - t0;
  return { n, ms, texts_per_s: (n * 1000) / ms };
}

type TjsBody = TjsRequest extends infer R ? (R extends TjsRequest ? Omit<R, 'id'> : never) : never;

function tjsCall<T>(req: TjsBody): Promise<T> {
  if (!tjs) {
    const worker = new Worker(new URL('./tjsWorker.ts', import.meta.url), { type: 'module', name: 'transformersjs' });
    const pending = new Map<number, (m: { result?: unknown; error?: string }) => void>();
    worker.onmessage = (ev: MessageEvent<{ id?: number; result?: unknown; error?: string }>) => {
      if (ev.data.id === undefined) return;
      pending.get(ev.data.id)?.(ev.data);
      pending.delete(ev.data.id);
    };
    tjs = { worker, next: 1, pending };
  }
  const t = tjs;
  const id = t.next++;
  return new Promise<T>((resolve, reject) => {
    t.pending.set(id, (m) =>
      m.error !== undefined ? reject(new Error(`transformers.js: ${m.error}`)) : resolve(m.result as T),
    );
    t.worker.postMessage({ ...req, id });
  });
}

async function tjsE2E(n: number, batch = 16, offset = 0): Promise<E2E> {
  if (!classesForPeer) throw new Error('load ours first: the class prompts come from our text encoder');
  await loadPhotos();
  const blobs = take(n, offset);
  let total = 0;
  const stages: Stages = {};
  const t0 = performance.now();
  // Requests of `batch` Blobs, one at a time, as for ours.
  for (let s = 0; s < n; s += batch) {
    const r = await tjsCall<{ embeddings: Float32Array; n: number; dim: number; stages: Stages }>({
      type: 'e2e',
      blobs: blobs.slice(s, s + batch),
      batch,
    });
    addStages(stages, r.stages);
    const t = performance.now();
    total += score(r.embeddings, r.n, r.dim, classesForPeer.classes, classesForPeer.logitScale, true);
    addStages(stages, { scoreMs: performance.now() - t });
  }
  const ms = performance.now() - t0;
  return { n, ms, images_per_s: (n * 1000) / ms, meanScore: total / n, stages };
}

function tjsUnload(): void {
  tjs?.worker.terminate();
  tjs = null;
}

function modelOnly(req: ModelOnlyRequest, timeoutMs = 300_000): Promise<ModelOnlyResult> {
  const worker = new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module', name: 'model-only' });
  return new Promise<ModelOnlyResult>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    worker.onmessage = (ev: MessageEvent<ModelOnlyResult>) => {
      clearTimeout(timer);
      resolve(ev.data);
    };
    worker.onerror = (ev) => {
      clearTimeout(timer);
      resolve({ ok: false, error: ev.message });
    };
    worker.postMessage(req);
  }).finally(() => worker.terminate());
}

/** JS heap of this page and its workers (measureUserAgentSpecificMemory, cross-origin isolated pages only). */
async function uaMemory(): Promise<{
  bytes: number;
  breakdown: Array<{ bytes: number; scope: string; url: string }>;
} | null> {
  const p = performance as unknown as {
    measureUserAgentSpecificMemory?: () => Promise<{
      bytes: number;
      breakdown: Array<{ bytes: number; attribution: Array<{ scope: string; url: string }> }>;
    }>;
  };
  if (!p.measureUserAgentSpecificMemory) return null;
  const m = await p.measureUserAgentSpecificMemory();
  return {
    bytes: m.bytes,
    breakdown: m.breakdown
      .filter((b) => b.bytes > 0)
      .map((b) => ({
        bytes: b.bytes,
        scope: b.attribution.map((a) => a.scope).join('+'),
        url: b.attribution.map((a) => a.url).join(' '),
      })),
  };
}

/** Where preprocessing time goes, per image, on this page's thread (the worker runs the same functions). */
async function preprocessBreakdown(modelId: string, n: number): Promise<Record<string, number>> {
  await loadPhotos();
  const spec = ((await (await fetch(`/models/${modelId}/manifest.json`)).json()) as Manifest).image;
  const t = { decode: 0, getImageData: 0, resize: 0, cropNormalize: 0, pixels: 0 };
  const out = new Float32Array(3 * spec.size * spec.size);
  for (const blob of take(n)) {
    let t0 = performance.now();
    const bitmap = await decodeToBitmap(blob);
    let t1 = performance.now();
    t.decode += t1 - t0;
    const rgba = bitmapToRgba(bitmap);
    bitmap.close();
    t0 = performance.now();
    t.getImageData += t0 - t1;
    t.pixels += rgba.width * rgba.height;
    const [w, h] =
      spec.resize === 'shortest_edge'
        ? shortestEdgeSize(rgba.width, rgba.height, spec.resizeTo)
        : [spec.resizeTo, spec.resizeTo];
    const resized = resizeRgba(rgba.data, rgba.width, rgba.height, w, h, spec.interpolation);
    t1 = performance.now();
    t.resize += t1 - t0;
    t0 = t1;
    normalizeToChw(spec.crop === 'center' ? centerCropRgb(resized, spec.cropSize) : resized, spec, out);
    t.cropNormalize += performance.now() - t0;
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / n]));
}

/**
 * The same photos through the path the app's worker takes for a "jpeg-draft" manifest: libjpeg-turbo at a reduced
 * DCT scale (jpegDraft.ts) straight to RGB, then resize + crop + normalise (preprocessRgb). Photos it does not
 * reduce (small or not JPEG) are counted, not timed: the worker hands them to the browser's decode above.
 */
async function reducedBreakdown(modelId: string, n: number): Promise<Record<string, number> | null> {
  await loadPhotos();
  const spec = ((await (await fetch(`/models/${modelId}/manifest.json`)).json()) as Manifest).image;
  const turbo = spec.decode === 'jpeg-draft' ? await loadJpegTurbo() : null;
  if (!turbo) return null;
  const t = { read: 0, decode: 0, pixels: 0, reduced: 0, full: 0 };
  const out = new Float32Array(3 * spec.size * spec.size);
  for (const blob of take(n)) {
    let t0 = performance.now();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const t1 = performance.now();
    t.read += t1 - t0;
    const rgb = jpegDraft(turbo, bytes, spec.resizeTo);
    t0 = performance.now();
    t.decode += t0 - t1;
    if (!rgb) {
      t.full++;
      continue;
    }
    t.reduced++;
    preprocessRgb(rgb, spec, out);
    t.pixels += performance.now() - t0;
  }
  const k = Math.max(1, t.reduced);
  return { read: t.read / n, decode: t.decode / k, pixels: t.pixels / k, reduced: t.reduced, full: t.full };
}

const bench = {
  preprocessBreakdown,
  reducedBreakdown,
  loadPhotos,
  oursLoad,
  oursUnload,
  oursE2E,
  oursNormalSet,
  oursTexts,
  oursMemory: () => (ours ? askMemory(ours.worker) : Promise.resolve(null)),
  tjsLoad: (model: string, threads: number) =>
    tjsCall<{ loadMs: number; version: string; ort: unknown }>({ type: 'load', model, threads }),
  tjsE2E,
  tjsModelOnly: (batch: number, size: number, minRuns: number, maxRuns: number, minMs: number) =>
    tjsCall<{ ms: number; runs: number }>({ type: 'modelOnly', batch, size, minRuns, maxRuns, minMs }),
  tjsMemory: () => (tjs ? askMemory(tjs.worker) : Promise.resolve(null)),
  tjsUnload,
  modelOnly,
  uaMemory,
};
(window as unknown as { bench: typeof bench }).bench = bench;
document.getElementById('status')!.textContent = 'ready';
