/**
 * The ONLY module importing onnxruntime-web. Picks the execution provider (WebGPU when the browser hands out an
 * adapter, else WASM, multi-threaded when cross-origin isolated) and says why, then creates sessions.
 */
import * as ort from 'onnxruntime-web/webgpu';
// The webgpu build's runtime (it also carries the WASM EP). Passed as URLs so Vite emits them and the threaded
// WASM's pthread workers can import the .mjs from our origin (COOP/COEP served by scripts/serve.mjs / vite.config.ts).
import wasmMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { MakeTensor, RunnableSession } from './encoders';
import type { BackendInfo, BackendPreference } from './protocol';

let configured = false;
function configure(threads: number): void {
  if (configured) return;
  ort.env.wasm.wasmPaths = { mjs: new URL(wasmMjsUrl, self.location.href).href, wasm: new URL(wasmUrl, self.location.href).href };
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false; // we already are in a worker
  ort.env.logLevel = 'error';
  configured = true;
}

export const makeTensor: MakeTensor = (type, data, dims) => new ort.Tensor(type, data, dims);

type GpuLike = { requestAdapter(): Promise<{ info?: Record<string, string> } | null> };

/** Decide the execution provider, before any session exists. */
export async function pickBackend(preference: BackendPreference): Promise<BackendInfo> {
  const isolated = (self as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threads = isolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
  configure(threads);
  const wasm = (why: string): BackendInfo => ({
    ep: 'wasm',
    threads,
    reason: `${why}: WASM, ${threads} thread${threads === 1 ? '' : 's'}${isolated ? '' : ' (page not cross-origin isolated)'}`,
  });
  if (preference === 'wasm') return wasm('WASM chosen in settings');
  const gpu = (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) return wasm('no WebGPU in this browser');
  let adapter;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return wasm(`WebGPU adapter request failed (${(e as Error).message})`);
  }
  if (!adapter) return wasm('no WebGPU adapter');
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return {
    ep: 'webgpu',
    threads,
    reason: `WebGPU adapter: ${name}`,
    adapter: { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' },
  };
}

export async function createSession(bytes: Uint8Array, backend: BackendInfo): Promise<RunnableSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: backend.ep === 'webgpu' ? ['webgpu'] : ['wasm'],
    graphOptimizationLevel: 'all',
  });
}
