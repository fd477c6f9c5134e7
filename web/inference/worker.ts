/// <reference lib="webworker" />
/**
 * The inference worker: owns the ONNX Runtime sessions for the loaded model's lifetime, decodes and preprocesses
 * images, tokenizes captions. Requests run one at a time in arrival order. A failed load leaves the previous model
 * loaded and usable.
 */
import { ModelFileError } from '../model/errors';
import { assertNotBlank, bitmapToRgba, decodeForModel } from '../preprocess/decode';
import type { JpegTurbo } from '../preprocess/jpegTurbo';
import { loadJpegTurbo } from '../preprocess/jpegTurboWasm';
import { preprocessRgb, preprocessRgba, type Rgb } from '../preprocess/pixels';
import { ClipTokenizer } from '../text/tokenize';
import { createSession, makeTensor, pickBackend, warmRuntime } from './backend';
import { ClipEncoders, type RunnableSession } from './encoders';
import { InferenceError, toWorkerError } from './errors';
import type {
  BackendInfo,
  BackendPreference,
  BundlePayload,
  ImageInput,
  ImagesResult,
  LoadResult,
  Request,
  Response,
  TextsResult,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** The loaded model; `turbo` decodes its JPEGs reduced when the manifest asks for it (null: the browser decodes) */
let current: { encoders: ClipEncoders; backend: BackendInfo; turbo: JpegTurbo | null } | null = null;

/**
 * The float16 vision file when the bundle carries one and the WebGPU adapter has shader-f16; if ONNX Runtime cannot
 * open it, the float32 file (the reference) runs and the reason says so.
 */
async function openVision(
  bundle: BundlePayload,
  backend: BackendInfo,
  open: (b: ArrayBuffer, f: string) => Promise<RunnableSession>,
): Promise<RunnableSession> {
  const fp16File = bundle.manifest.vision.fp16File;
  if (backend.ep === 'webgpu' && backend.shaderF16 && fp16File && bundle.visionFp16) {
    try {
      const s = await open(bundle.visionFp16, fp16File);
      backend.visionPrecision = 'fp16';
      backend.reason += `; vision in float16 (${fp16File})`;
      return s;
    } catch (e) {
      backend.reason += `; float16 vision file not usable (${(e as Error).message}), float32 runs`;
    }
  }
  backend.visionPrecision = 'fp32';
  return open(bundle.vision, bundle.manifest.vision.file);
}

async function createBoth(bundle: BundlePayload, backend: BackendInfo): Promise<[RunnableSession, RunnableSession]> {
  const { manifest } = bundle;
  const open = async (bytes: ArrayBuffer, file: string) => {
    try {
      return await createSession(new Uint8Array(bytes), backend);
    } catch (e) {
      throw new ModelFileError(file, `ONNX Runtime cannot open it (${(e as Error).message})`);
    }
  };
  const vision = await openVision(bundle, backend, open);
  try {
    return [vision, await open(bundle.text, manifest.text.file)];
  } catch (e) {
    await vision.release?.();
    throw e;
  }
}

async function load(bundle: BundlePayload, prefer: BackendPreference): Promise<LoadResult> {
  const t0 = performance.now();
  let tokenizer: ClipTokenizer;
  try {
    tokenizer = new ClipTokenizer(bundle.tokenizerJson, bundle.manifest.tokenizer);
  } catch (e) {
    throw new InferenceError('model-file', (e as Error).message, bundle.manifest.tokenizer.file);
  }
  // libjpeg-turbo compiles while the sessions are created: both are ready by the first photo
  const turbo = bundle.manifest.image.decode === 'jpeg-draft' ? loadJpegTurbo() : Promise.resolve(null);
  let backend = await pickBackend(prefer);
  let sessions: [RunnableSession, RunnableSession];
  try {
    sessions = await createBoth(bundle, backend);
  } catch (e) {
    if (backend.ep !== 'webgpu') throw e;
    // The adapter exists but the WebGPU EP could not take this graph: say so and run on WASM.
    const why = (e as Error).message;
    backend = await pickBackend('wasm');
    backend = {
      ...backend,
      reason: `WebGPU failed (${why}); ${backend.reason.replace(/^WASM chosen in settings: /, '')}`,
    };
    sessions = await createBoth(bundle, backend);
  }
  let encoders: ClipEncoders;
  try {
    encoders = new ClipEncoders(bundle.manifest, sessions[0], sessions[1], tokenizer, makeTensor);
  } catch (e) {
    await Promise.all(sessions.map((s) => s.release?.()));
    throw e;
  }
  const t1 = performance.now();
  try {
    await encoders.warmUp();
  } catch (e) {
    await encoders.release();
    throw e;
  }
  const t2 = performance.now();
  const previous = current;
  current = { encoders, backend, turbo: await turbo };
  await previous?.encoders.release();
  return { backend, modelId: bundle.manifest.id, loadMs: t1 - t0, warmUpMs: t2 - t1 };
}

function need(): NonNullable<typeof current> {
  if (!current) throw new InferenceError('no-model', 'no model loaded');
  return current;
}

/** Decodes run on the browser's image-decoding threads: keep a few in flight while this thread preprocesses. */
const DECODE_AHEAD = 4;
/** One pixel buffer reused across requests (they run one at a time): no per-request multi-MB allocation. */
let scratch = new Float32Array(0);

async function toPixels(
  images: ImageInput[],
  encoders: ClipEncoders,
  turbo: JpegTurbo | null,
): Promise<{ pixels: Float32Array; reduced: number }> {
  const per = encoders.pixelsPerImage;
  const spec = encoders.manifest.image;
  if (scratch.length < images.length * per) scratch = new Float32Array(images.length * per);
  const out = scratch.subarray(0, images.length * per);
  const decoding: Array<Promise<ImageBitmap | Rgb> | undefined> = [];
  let reduced = 0;
  const startDecode = (j: number) => {
    const img = images[j];
    if (j < images.length && img instanceof Blob) {
      decoding[j] = decodeForModel(img, spec, turbo);
      decoding[j]!.catch(() => undefined); // awaited (and reported) in order below
    }
  };
  for (let j = 0; j < DECODE_AHEAD; j++) startDecode(j);
  let i = 0;
  try {
    for (; i < images.length; i++) {
      startDecode(i + DECODE_AHEAD);
      const img = images[i];
      if (img instanceof Float32Array) {
        if (img.length !== per)
          throw new InferenceError(
            'bad-input',
            `image tensor ${i} has ${img.length} values, expected ${per} (3×${encoders.manifest.image.size}²)`,
          );
        out.set(img, i * per);
        continue;
      }
      try {
        const decoded = img instanceof Blob ? await decoding[i]! : img;
        decoding[i] = undefined;
        if (!(decoded instanceof ImageBitmap)) {
          preprocessRgb(decoded, spec, out, i * per); // decoded reduced: no canvas, nothing to read back blank
          reduced++;
          continue;
        }
        try {
          const rgba = bitmapToRgba(decoded);
          if (img instanceof Blob) await assertNotBlank(rgba, img);
          preprocessRgba(rgba.data, rgba.width, rgba.height, spec, out, i * per);
        } finally {
          decoded.close();
        }
      } catch (e) {
        // this image only: the caller may retry the others without it
        throw new InferenceError('decode', (e as Error).message ?? String(e));
      }
    }
  } finally {
    // A failed image stops the request: close what was decoded ahead of it.
    for (const d of decoding.slice(i))
      d?.then(
        (b) => (b instanceof ImageBitmap ? b.close() : undefined),
        () => undefined,
      );
  }
  return { pixels: out, reduced };
}

async function encodeImages(images: ImageInput[], batch: number): Promise<ImagesResult> {
  const { encoders, backend, turbo } = need();
  const t0 = performance.now();
  const { pixels, reduced } = await toPixels(images, encoders, turbo);
  const t1 = performance.now();
  const embeddings = await encoders.encodePixels(pixels, images.length, batch);
  const t2 = performance.now();
  return {
    embeddings,
    n: images.length,
    dim: encoders.manifest.embedDim,
    ms: t2 - t0,
    ep: backend.ep,
    stages: { pixelsMs: t1 - t0, modelMs: t2 - t1, reducedDecodes: reduced },
  };
}

async function encodeTexts(texts: string[]): Promise<TextsResult> {
  const { encoders } = need();
  const t0 = performance.now();
  const r = await encoders.encodeTexts(texts);
  return {
    embeddings: r.embeddings,
    n: texts.length,
    dim: r.dim,
    truncated: r.truncated,
    ids: r.ids,
    words: r.words,
    unknown: r.unknown,
    ms: performance.now() - t0,
  };
}

async function handle(req: Exclude<Request, { type: 'prewarm' }>): Promise<Response> {
  try {
    switch (req.type) {
      case 'load':
        return { id: req.id, type: 'result', result: await load(req.bundle, req.prefer) };
      case 'encodeImages':
        return { id: req.id, type: 'result', result: await encodeImages(req.images, req.batch) };
      case 'encodeTexts':
        return { id: req.id, type: 'result', result: await encodeTexts(req.texts) };
      case 'unload': {
        const previous = current;
        current = null;
        await previous?.encoders.release();
        return { id: req.id, type: 'result', result: null };
      }
    }
  } catch (e) {
    return { id: req.id, type: 'error', error: toWorkerError(e) };
  }
}

let queue: Promise<unknown> = Promise.resolve();
self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  if (req.type === 'prewarm') {
    // The backend answer needs no runtime: it goes out at once, even while an earlier request runs (the app decides on
    // the float16 download with it); the warm-up itself waits its turn. Never an error: load reports real problems.
    const picked = pickBackend(req.prefer).catch(() => null);
    void picked.then((backend) => self.postMessage({ id: req.id, type: 'result', result: backend } satisfies Response));
    queue = queue.then(async () => {
      const backend = await picked;
      if (backend) await warmRuntime(backend).catch(() => undefined);
    });
    return;
  }
  queue = queue.then(async () => {
    const res = await handle(req);
    const transfer: Transferable[] = [];
    if (res.type === 'result' && res.result && 'embeddings' in res.result)
      transfer.push(res.result.embeddings.buffer as ArrayBuffer);
    self.postMessage(res, transfer);
  });
};
