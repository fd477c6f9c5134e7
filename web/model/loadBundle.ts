/**
 * Read everything a model needs from a source (bundle layout or Hugging Face layout), validate it, and hand back
 * the payload for the inference worker. The optional files (calibration, reference evaluation, negative labels,
 * metrics) are read on demand by their own readers in bundleFiles.ts (react-query hooks in web/state/modelHooks.ts).
 */
import type { z } from 'zod';
import { ModelFileError } from './errors';
import { HF_FILES, manifestFromHf } from './hfLayout';
import { manifestFiles, parseJsonText, parseManifest, parseWith, type Manifest } from './manifest';
import type { BundleSource, OnProgress, Progress } from './sources';

/** Everything the inference worker needs to build sessions; ArrayBuffers are transferred, not copied. */
export type BundlePayload = {
  manifest: Manifest;
  vision: ArrayBuffer;
  text: ArrayBuffer;
  tokenizerJson: unknown;
  /** The manifest's optional float16 vision file, when loadBundle fetched it (adapter with shader-f16). */
  visionFp16?: ArrayBuffer;
};

export type LoadProgress = { loaded: number; total: number | null; files: Record<string, Progress> };

export type LoadedBundle = {
  manifest: Manifest;
  layout: 'bundle' | 'hf';
  payload: BundlePayload;
  bytes: number;
  downloadMs: number;
};

const decoder = new TextDecoder();

/** A JSON file of the bundle, parsed (not validated); the message names the file when it is not JSON. */
export async function readJson(
  source: BundleSource,
  file: string,
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<unknown> {
  return parseJsonText(decoder.decode(await source.read(file, onProgress, signal)), file);
}

const isMissing = (e: unknown): boolean => e instanceof ModelFileError && e.reason === 'missing';

/** The manifest of a bundle folder, or one made from a Hugging Face export's config files. */
export async function readManifest(
  source: BundleSource,
  signal?: AbortSignal,
): Promise<{ manifest: Manifest; layout: 'bundle' | 'hf' }> {
  if (source.has && !source.has('manifest.json') && source.has(HF_FILES.config))
    return { manifest: await readHf(source, signal), layout: 'hf' };
  try {
    return {
      manifest: parseManifest(await readJson(source, 'manifest.json', undefined, signal), 'manifest.json'),
      layout: 'bundle',
    };
  } catch (e) {
    if (!isMissing(e)) throw e;
    try {
      return { manifest: await readHf(source, signal), layout: 'hf' };
    } catch (hfError) {
      if (isMissing(hfError))
        throw new ModelFileError(
          'manifest.json',
          `not found in ${source.label}, and no Hugging Face config.json + preprocessor_config.json either`,
          'missing',
        );
      throw hfError;
    }
  }
}

async function readHf(source: BundleSource, signal?: AbortSignal): Promise<Manifest> {
  const [config, preprocessor, tokenizer] = await Promise.all([
    readJson(source, HF_FILES.config, undefined, signal),
    readJson(source, HF_FILES.preprocessor, undefined, signal),
    readJson(source, HF_FILES.tokenizer, undefined, signal),
  ]);
  return manifestFromHf({ config, preprocessor, tokenizer });
}

/** Does this browser hand out a WebGPU adapter with shader-f16? Only for callers without the worker's answer. */
async function gpuHasShaderF16(): Promise<boolean> {
  const gpu = (
    globalThis.navigator as
      { gpu?: { requestAdapter(): Promise<{ features: ReadonlySet<string> } | null> } } | undefined
  )?.gpu;
  try {
    return (await gpu?.requestAdapter())?.features.has('shader-f16') === true;
  } catch {
    return false;
  }
}

/**
 * `opts.fp16`: also read the manifest's optional float16 vision file. The app passes the inference worker's backend
 * answer (so the GPU is probed once, and WASM-only machines never download it); without it, this asks the adapter.
 * The required files start downloading before that answer is in. A missing or unreadable float16 file is not an
 * error: float32 runs.
 */
export async function loadBundle(
  source: BundleSource,
  onProgress?: (p: LoadProgress) => void,
  signal?: AbortSignal,
  opts: { fp16?: boolean | Promise<boolean> } = {},
): Promise<LoadedBundle> {
  const t0 = performance.now();
  const { manifest, layout } = await readManifest(source, signal);
  const files: Record<string, Progress> = {};
  const report = (p: Progress) => {
    files[p.file] = p;
    const all = Object.values(files);
    const total = all.every((f) => f.total !== null) ? all.reduce((s, f) => s + (f.total ?? 0), 0) : null;
    onProgress?.({ loaded: all.reduce((s, f) => s + f.loaded, 0), total, files: { ...files } });
  };
  const fp16File = manifest.vision.fp16File;
  const readFp16 = async (): Promise<ArrayBuffer | undefined> => {
    if (fp16File === undefined || !(await (opts.fp16 ?? gpuHasShaderF16()))) return undefined;
    return source.read(fp16File, report, signal).catch(() => undefined);
  };
  const [[vision, text, tokBytes], visionFp16] = await Promise.all([
    Promise.all(manifestFiles(manifest).required.map((f) => source.read(f, report, signal))),
    readFp16(),
  ]);
  for (const [file, bytes] of [
    [manifest.vision.file, vision],
    [manifest.text.file, text],
  ] as const) {
    if (bytes.byteLength < 16) throw new ModelFileError(file, `is ${bytes.byteLength} bytes: not an ONNX model`);
  }
  const tokenizerJson = parseJsonText(decoder.decode(tokBytes), manifest.tokenizer.file);
  return {
    manifest,
    layout,
    payload: {
      manifest,
      vision,
      text,
      tokenizerJson,
      ...(visionFp16 && visionFp16.byteLength >= 16 ? { visionFp16 } : {}),
    },
    bytes: tokBytes.byteLength + vision.byteLength + text.byteLength + (visionFp16?.byteLength ?? 0),
    downloadMs: performance.now() - t0,
  };
}

/** An optional JSON file the manifest names, validated with `schema`; null when the manifest names none. */
export async function readBundleJson<T>(
  source: BundleSource,
  file: string | undefined,
  schema: z.ZodType<T>,
): Promise<T | null> {
  if (!file) return null;
  return parseWith(schema, await readJson(source, file), file);
}
