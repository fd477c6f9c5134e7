/**
 * Thin promise client over the inference worker. One per app (`getInferenceClient()` in web/state/inferenceClient.ts);
 * screens reach it through `useInference()` in web/state/modelHooks.ts rather than constructing their own.
 * Failures reject with an `InferenceError` whose `kind` says what failed (web/inference/protocol.ts).
 */
import { InferenceError } from './errors';
import type {
  BackendInfo,
  BackendPreference,
  BundlePayload,
  ImageInput,
  ImagesResult,
  LoadResult,
  Request,
  RequestBody,
  Response,
  ResultOf,
  TextsResult,
} from './protocol';

export { InferenceError };

export class InferenceClient {
  private readonly worker: Worker;
  private nextId = 1;
  private crashed: InferenceError | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(worker?: Worker) {
    this.worker =
      worker ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'alignscope-inference' });
    this.worker.onmessage = (ev: MessageEvent<Response>) => {
      const p = this.pending.get(ev.data.id);
      if (!p) return;
      this.pending.delete(ev.data.id);
      if (ev.data.type === 'result') p.resolve(ev.data.result);
      else p.reject(InferenceError.fromWire(ev.data.error));
    };
    this.worker.onerror = (ev) => {
      const err = new InferenceError('crashed', `inference worker crashed: ${ev.message}; reload the page`);
      this.crashed = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private call<T extends RequestBody>(body: T, transfer: Transferable[] = []): Promise<ResultOf<T['type']>> {
    const id = this.nextId++;
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...body, id } as Request, transfer);
    });
  }

  /** Build sessions for a bundle (its ONNX buffers are transferred: do not reuse them) and warm up. */
  load(bundle: BundlePayload, prefer: BackendPreference = 'auto'): Promise<LoadResult> {
    return this.call({ type: 'load', bundle, prefer }, [
      bundle.vision,
      bundle.text,
      ...(bundle.visionFp16 ? [bundle.visionFp16] : []),
    ]);
  }

  /** L2-normalised image embeddings, N×D row-major. Blobs are decoded in the worker; bitmaps and tensors are transferred. */
  encodeImages(images: ImageInput[], batch = 16): Promise<ImagesResult> {
    const transfer: Transferable[] = [];
    for (const im of images) {
      if (typeof ImageBitmap !== 'undefined' && im instanceof ImageBitmap) transfer.push(im);
      else if (im instanceof Float32Array) transfer.push(im.buffer as ArrayBuffer);
    }
    return this.call({ type: 'encodeImages', images, batch }, transfer);
  }

  /** L2-normalised text embeddings, N×D, with per-text `truncated` flags (caption longer than the context). */
  encodeTexts(texts: string[]): Promise<TextsResult> {
    return this.call({ type: 'encodeTexts', texts });
  }

  /**
   * Initialise the runtime `prefer` will pick, ahead of `load` (call it before downloading the bundle). Resolves with
   * the backend the worker picked (null if it could not tell) as soon as it is known, before the warm-up ends.
   */
  prewarm(prefer: BackendPreference = 'auto'): Promise<BackendInfo | null> {
    return this.call({ type: 'prewarm', prefer });
  }

  unload(): Promise<null> {
    return this.call({ type: 'unload' });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
