/// <reference lib="webworker" />
/**
 * Model-only throughput: one vision ONNX file through the app's own session factory (web/inference/backend.ts:
 * same provider choice, same session options), a fixed random batch, timed `session.run` calls. One worker per
 * measurement, because ONNX Runtime Web fixes its thread count at the first session of a worker.
 */
import './memoryProbe';
import { createSession, makeTensor, pickBackend } from '../../../web/inference/backend';

declare const self: DedicatedWorkerGlobalScope;

export type ModelOnlyRequest = {
  url: string; input: string; size: number; ep: 'wasm' | 'webgpu'; threads: number; batch: number;
  minRuns: number; maxRuns: number; minMs: number;
};
export type ModelOnlyResult =
  | { ok: true; ms: number; runs: number; createMs: number; firstRunMs: number; ep: string; threads: number; reason: string; adapter?: string; shaderF16?: boolean }
  | { ok: false; skipped?: string; error?: string };

async function adapterInfo(): Promise<{ name?: string; shaderF16?: boolean }> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string>; features: Set<string> } | null> } }).gpu;
  const a = await gpu?.requestAdapter();
  if (!a) return {};
  const i = a.info ?? {};
  return { name: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') || 'unnamed adapter', shaderF16: a.features.has('shader-f16') };
}

async function measure(r: ModelOnlyRequest): Promise<ModelOnlyResult> {
  // backend.ts sizes the WASM thread pool from hardwareConcurrency (capped at 4): pin it for this measurement.
  Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: r.threads, configurable: true });
  const backend = await pickBackend(r.ep === 'webgpu' ? 'auto' : 'wasm');
  if (r.ep === 'webgpu' && backend.ep !== 'webgpu') return { ok: false, skipped: backend.reason };
  const gpu = r.ep === 'webgpu' ? await adapterInfo() : {};
  const bytes = new Uint8Array(await (await fetch(r.url)).arrayBuffer());
  const tc = performance.now();
  const session = await createSession(bytes, backend);
  const createMs = performance.now() - tc;
  const data = new Float32Array(r.batch * 3 * r.size * r.size);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = (seed / 2 ** 32) * 4 - 2;
  }
  const feeds = { [r.input]: makeTensor('float32', data, [r.batch, 3, r.size, r.size]) };
  const tf = performance.now();
  await session.run(feeds); // warm-up: kernel compilation, arena growth
  const firstRunMs = performance.now() - tf;
  let runs = 0;
  const t0 = performance.now();
  while (runs < r.minRuns || (performance.now() - t0 < r.minMs && runs < r.maxRuns)) {
    await session.run(feeds);
    runs++;
  }
  const ms = (performance.now() - t0) / runs;
  await session.release?.();
  return { ok: true, ms, runs, createMs, firstRunMs, ep: backend.ep, threads: backend.threads, reason: backend.reason, adapter: gpu.name, shaderF16: gpu.shaderF16 };
}

self.onmessage = (ev: MessageEvent<ModelOnlyRequest>) => {
  measure(ev.data).then(
    (res) => self.postMessage(res),
    (e: unknown) => self.postMessage({ ok: false, error: (e as Error).message ?? String(e) } satisfies ModelOnlyResult),
  );
};
