/// <reference lib="webworker" />
/**
 * Model-only throughput: one vision ONNX file through the app's own session factory (web/inference/backend.ts:
 * same provider choice, same session options), a fixed random batch, timed `session.run` calls. One worker per
 * measurement, because ONNX Runtime Web fixes its thread count at the first session of a worker.
 */
import './memoryProbe';
import { createSession, makeTensor, pickBackend } from '../../../web/inference/backend';
import type { MakeTensor, RunnableSession } from '../../../web/inference/encoders';
import type { BackendInfo } from '../../../web/inference/protocol';
import asyncifyMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

declare const self: DedicatedWorkerGlobalScope;

export type BatchPlan = { batch: number; minRuns: number; maxRuns: number; minMs: number };
export type ModelOnlyRequest = {
  /** 'app': web/inference/backend.ts as shipped; 'asyncify-wasm': the WebGPU bundle's asyncify build on the WASM EP, same options (what the app ran before). */
  runtime?: 'app' | 'asyncify-wasm';
  url: string;
  input: string;
  size: number;
  ep: 'wasm' | 'webgpu';
  threads: number;
  plans: BatchPlan[];
  warmEach: boolean;
};
export type BatchResult = { batch: number; ms: number; runs: number; firstRunMs: number };
export type ModelOnlyResult =
  | {
      ok: true;
      results: BatchResult[];
      createMs: number;
      ep: string;
      threads: number;
      reason: string;
      adapter?: string;
      shaderF16?: boolean;
    }
  | { ok: false; skipped?: string; error?: string };

async function adapterInfo(): Promise<{ name?: string; shaderF16?: boolean }> {
  const gpu = (
    navigator as unknown as {
      gpu?: { requestAdapter(): Promise<{ info?: Record<string, string>; features: Set<string> } | null> };
    }
  ).gpu;
  const a = await gpu?.requestAdapter();
  if (!a) return {};
  const i = a.info ?? {};
  return {
    name: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') || 'unnamed adapter',
    shaderF16: a.features.has('shader-f16'),
  };
}

function pseudoRandom(n: number): Float32Array {
  const data = new Float32Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = (seed / 2 ** 32) * 4 - 2;
  }
  return data;
}

/** The same session options as backend.ts, on the WebGPU bundle's asyncify WASM (27 MB) instead of the plain build. */
async function asyncifySession(bytes: Uint8Array, backend: BackendInfo) {
  const ort = await import('onnxruntime-web/webgpu');
  ort.env.wasm.wasmPaths = {
    mjs: new URL(asyncifyMjsUrl, self.location.href).href,
    wasm: new URL(asyncifyWasmUrl, self.location.href).href,
  };
  ort.env.wasm.numThreads = backend.threads;
  ort.env.wasm.proxy = false;
  const session: RunnableSession = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const tensor: MakeTensor = (type, data, dims) => new ort.Tensor(type, data as Float32Array, dims);
  return { session, tensor };
}

/** One session, every batch size of the plan in turn (a warm-up run first: kernel compilation, arena growth). */
async function measure(r: ModelOnlyRequest): Promise<ModelOnlyResult> {
  // backend.ts sizes the WASM thread pool from hardwareConcurrency (capped at 4): pin it for this measurement.
  Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: r.threads, configurable: true });
  const backend = await pickBackend(r.ep === 'webgpu' ? 'webgpu' : 'wasm'); // the bench measures SwiftShader on purpose
  if (r.ep === 'webgpu' && backend.ep !== 'webgpu') return { ok: false, skipped: backend.reason };
  const gpu = r.ep === 'webgpu' ? await adapterInfo() : {};
  if (r.plans.length === 0)
    return {
      ok: true,
      results: [],
      createMs: 0,
      ep: backend.ep,
      threads: backend.threads,
      reason: backend.reason,
      adapter: gpu.name,
      shaderF16: gpu.shaderF16,
    };
  const bytes = new Uint8Array(await (await fetch(r.url)).arrayBuffer());
  const tc = performance.now();
  const { session, tensor } =
    r.runtime === 'asyncify-wasm'
      ? await asyncifySession(bytes, backend)
      : { session: await createSession(bytes, backend), tensor: makeTensor as MakeTensor };
  const createMs = performance.now() - tc;
  const results: BatchResult[] = [];
  for (const [k, p] of r.plans.entries()) {
    const feeds = {
      [r.input]: tensor('float32', pseudoRandom(p.batch * 3 * r.size * r.size), [p.batch, 3, r.size, r.size]),
    };
    let firstRunMs = NaN;
    if (k === 0 || r.warmEach) {
      const tf = performance.now();
      await session.run(feeds);
      firstRunMs = performance.now() - tf;
    }
    let runs = 0;
    const t0 = performance.now();
    while (runs < p.minRuns || (performance.now() - t0 < p.minMs && runs < p.maxRuns)) {
      await session.run(feeds);
      runs++;
    }
    results.push({ batch: p.batch, ms: (performance.now() - t0) / runs, runs, firstRunMs });
  }
  await session.release?.();
  return {
    ok: true,
    results,
    createMs,
    ep: backend.ep,
    threads: backend.threads,
    reason: backend.reason,
    adapter: gpu.name,
    shaderF16: gpu.shaderF16,
  };
}

self.onmessage = (ev: MessageEvent<ModelOnlyRequest>) => {
  measure(ev.data).then(
    (res) => self.postMessage(res),
    (e: unknown) => self.postMessage({ ok: false, error: (e as Error).message ?? String(e) } satisfies ModelOnlyResult),
  );
};
