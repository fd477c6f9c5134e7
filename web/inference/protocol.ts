/**
 * Messages between the app and the inference worker (web/inference/worker.ts). Every request carries an id; the
 * worker answers each with exactly one `result` or `error` with the same id. Big buffers travel as transferables.
 */
import type { BundlePayload } from '../model/loadBundle';

export type { BundlePayload };

/** auto: a hardware WebGPU adapter, else WASM; wasm / webgpu: that one (webgpu even on a software adapter). */
export type BackendPreference = 'auto' | 'wasm' | 'webgpu';

export type BackendInfo = {
  ep: 'webgpu' | 'wasm';
  threads: number;
  /** Human-readable: which provider and why, e.g. "no WebGPU adapter: WASM, 2 threads". */
  reason: string;
  adapter?: { vendor: string; architecture: string; device: string; description: string };
  /** WebGPU only: the adapter has `shader-f16` (a bundle's float16 vision file may run). */
  shaderF16?: boolean;
  /** Which vision file the session runs, when it is the manifest's float16 variant. */
  visionPrecision?: 'fp32' | 'fp16';
};

/** An image as the worker accepts it: an encoded file (decoded in the worker, EXIF-aware), a decoded bitmap, or an already preprocessed CHW tensor. */
export type ImageInput = Blob | ImageBitmap | Float32Array;

export type Request =
  | { id: number; type: 'load'; bundle: BundlePayload; prefer: BackendPreference }
  | { id: number; type: 'encodeImages'; images: ImageInput[]; batch: number }
  | { id: number; type: 'encodeTexts'; texts: string[] }
  | { id: number; type: 'unload' }
  /**
   * Start the runtime early (while model files download). Answers as soon as the backend is picked (the one GPU
   * probe, so the app can decide on the float16 file) or null when that failed; never an error.
   */
  | { id: number; type: 'prewarm'; prefer: BackendPreference };

export type LoadResult = { backend: BackendInfo; modelId: string; loadMs: number; warmUpMs: number };
export type ImagesResult = {
  embeddings: Float32Array;
  n: number;
  dim: number;
  ms: number;
  ep: BackendInfo['ep'];
  /**
   * where the worker's time went: photos to pixels (waiting for decodes included), and the model; how many photos
   * were JPEGs decoded at a reduced DCT scale (manifest image.decode "jpeg-draft", web/preprocess/jpegDraft.ts)
   */
  stages?: { pixelsMs: number; modelMs: number; reducedDecodes: number };
};
export type TextsResult = {
  embeddings: Float32Array;
  n: number;
  dim: number;
  truncated: boolean[];
  ids: number[][];
  /** per text: word tokens the model read, and how many were the tokenizer's unknown token */
  words: number[];
  unknown: number[];
  ms: number;
};

export type ResultOf<T extends Request['type']> = T extends 'load'
  ? LoadResult
  : T extends 'encodeImages'
    ? ImagesResult
    : T extends 'encodeTexts'
      ? TextsResult
      : T extends 'prewarm'
        ? BackendInfo | null
        : null;

/**
 * Why a request failed, as data (callers switch on `kind`; `message` is for people):
 *   model-file     a file of the bundle is wrong (`file` names it): ONNX Runtime cannot open it, wrong signature, bad tokenizer
 *   decode         one image could not be decoded or preprocessed: the other images are fine
 *   bad-input      the request itself is malformed (e.g. a tensor of the wrong length)
 *   no-model       encode before any model was loaded
 *   out-of-memory  an allocation failed (the worker may be unusable)
 *   session        the runtime aborted (its WebAssembly instance is gone until a reload)
 *   crashed        the worker itself died (set by the client, never sent)
 *   internal       anything else
 */
export type InferenceErrorKind =
  'model-file' | 'decode' | 'bad-input' | 'no-model' | 'out-of-memory' | 'session' | 'crashed' | 'internal';
export type WorkerError = { kind: InferenceErrorKind; message: string; file?: string };

export type Response =
  | { id: number; type: 'result'; result: LoadResult | ImagesResult | TextsResult | BackendInfo | null }
  | { id: number; type: 'error'; error: WorkerError };

/** Distributive Omit so each union member keeps its own fields. */
export type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;
