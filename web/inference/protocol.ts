/**
 * Messages between the app and the inference worker (web/inference/worker.ts). Every request carries an id; the
 * worker answers each with exactly one `result` or `error` with the same id. Big buffers travel as transferables.
 */
import type { Manifest } from '../model/manifest';

export type BackendPreference = 'auto' | 'wasm';

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

/** Everything the worker needs to build sessions; ArrayBuffers are transferred, not copied. */
export type BundlePayload = {
  manifest: Manifest;
  vision: ArrayBuffer;
  text: ArrayBuffer;
  tokenizerJson: unknown;
  /** The manifest's optional float16 vision file, when loadBundle fetched it (adapter with shader-f16). */
  visionFp16?: ArrayBuffer;
};

/** An image as the worker accepts it: an encoded file (decoded in the worker, EXIF-aware), a decoded bitmap, or an already preprocessed CHW tensor. */
export type ImageInput = Blob | ImageBitmap | Float32Array;

export type Request =
  | { id: number; type: 'load'; bundle: BundlePayload; prefer: BackendPreference }
  | { id: number; type: 'encodeImages'; images: ImageInput[]; batch: number }
  | { id: number; type: 'encodeTexts'; texts: string[] }
  | { id: number; type: 'unload' }
  /** Start the runtime early (while model files download); answers null, never an error. */
  | { id: number; type: 'prewarm'; prefer: BackendPreference };

export type LoadResult = { backend: BackendInfo; modelId: string; loadMs: number; warmUpMs: number };
export type ImagesResult = { embeddings: Float32Array; n: number; dim: number; ms: number; ep: BackendInfo['ep'] };
export type TextsResult = { embeddings: Float32Array; n: number; dim: number; truncated: boolean[]; ids: number[][]; ms: number };

export type ResultOf<T extends Request['type']> = T extends 'load'
  ? LoadResult
  : T extends 'encodeImages'
    ? ImagesResult
    : T extends 'encodeTexts'
      ? TextsResult
      : null;

export type Response =
  | { id: number; type: 'result'; result: LoadResult | ImagesResult | TextsResult | null }
  | { id: number; type: 'error'; message: string; file?: string };

/** Distributive Omit so each union member keeps its own fields. */
export type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;
