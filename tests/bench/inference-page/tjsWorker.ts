/// <reference lib="webworker" />
/**
 * The peer: @huggingface/transformers (transformers.js) CLIP image features from the SAME vision ONNX file, laid out
 * HF-style by tests/bench/run.mjs under /hf/<id>/ (config.json, preprocessor_config.json, onnx/vision_model.onnx →
 * our vision.onnx). Local files only; its own onnxruntime-web runtime files are served from /tjs/. Runs in a worker,
 * like ours, so neither side pays for the page's main thread.
 */
import './memoryProbe';
import { AutoImageProcessor, CLIPVisionModelWithProjection, RawImage, Tensor, env } from '@huggingface/transformers';

declare const self: DedicatedWorkerGlobalScope;

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = new URL('/hf/', self.location.href).href;
env.useBrowserCache = false;
env.useWasmCache = false;
const onnx = env.backends.onnx as { wasm: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } };
onnx.wasm.wasmPaths = {
  mjs: new URL('/tjs/ort-wasm-simd-threaded.asyncify.mjs', self.location.href).href,
  wasm: new URL('/tjs/ort-wasm-simd-threaded.asyncify.wasm', self.location.href).href,
};

type Processor = (images: RawImage[]) => Promise<{ pixel_values: Tensor }>;
type Model = (inputs: { pixel_values: Tensor }) => Promise<{ image_embeds: Tensor }>;
let processor: Processor | null = null;
let model: Model | null = null;

export type TjsRequest =
  | { id: number; type: 'load'; model: string; threads: number }
  | { id: number; type: 'e2e'; blobs: Blob[]; batch: number }
  | { id: number; type: 'modelOnly'; batch: number; size: number; minRuns: number; maxRuns: number; minMs: number };

async function handle(r: TjsRequest): Promise<unknown> {
  switch (r.type) {
    case 'load': {
      onnx.wasm.numThreads = r.threads;
      const t0 = performance.now();
      processor = (await AutoImageProcessor.from_pretrained(r.model)) as unknown as Processor;
      model = (await CLIPVisionModelWithProjection.from_pretrained(r.model, {
        dtype: 'fp32',
        device: 'wasm',
      })) as unknown as Model;
      return {
        loadMs: performance.now() - t0,
        version: env.version,
        ort: (env.backends.onnx as { versions?: Record<string, string> }).versions ?? null,
      };
    }
    case 'e2e': {
      if (!processor || !model) throw new Error('transformers.js model not loaded');
      // Their documented path: RawImage.fromBlob → image processor → model; embeddings returned raw (we normalise and
      // score them on the page, with the same code as ours).
      const t0 = performance.now();
      const parts: Float32Array[] = [];
      const stages = { decodeMs: 0, preprocessMs: 0, modelMs: 0 };
      let dim = 0;
      for (let s = 0; s < r.blobs.length; s += r.batch) {
        let t = performance.now();
        const images = await Promise.all(r.blobs.slice(s, s + r.batch).map((b) => RawImage.fromBlob(b)));
        stages.decodeMs += performance.now() - t;
        t = performance.now();
        const inputs = await processor(images);
        stages.preprocessMs += performance.now() - t;
        t = performance.now();
        const { image_embeds } = await model(inputs);
        stages.modelMs += performance.now() - t;
        dim = image_embeds.dims[1] as number;
        parts.push(new Float32Array(image_embeds.data as Float32Array));
      }
      const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return { embeddings: out, n: r.blobs.length, dim, ms: performance.now() - t0, stages };
    }
    case 'modelOnly': {
      if (!model) throw new Error('transformers.js model not loaded');
      const data = new Float32Array(r.batch * 3 * r.size * r.size);
      for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 250 - 2;
      const pixel_values = new Tensor('float32', data, [r.batch, 3, r.size, r.size]);
      await model({ pixel_values });
      let runs = 0;
      const t0 = performance.now();
      while (runs < r.minRuns || (performance.now() - t0 < r.minMs && runs < r.maxRuns)) {
        await model({ pixel_values });
        runs++;
      }
      return { ms: (performance.now() - t0) / runs, runs };
    }
  }
}

self.onmessage = (ev: MessageEvent<TjsRequest>) => {
  const { id } = ev.data;
  handle(ev.data).then(
    (result) =>
      self.postMessage(
        { id, result },
        result && typeof result === 'object' && 'embeddings' in result
          ? [(result as { embeddings: Float32Array }).embeddings.buffer]
          : [],
      ),
    (e: unknown) => self.postMessage({ id, error: (e as Error).message ?? String(e) }),
  );
};
