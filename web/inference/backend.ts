/**
 * The ONLY module importing onnxruntime-web. Picks the execution provider (WebGPU when the browser hands out an
 * adapter, else WASM, multi-threaded when cross-origin isolated) and says why, then creates sessions.
 */
// Two builds of the same runtime, loaded on demand: the WebGPU bundle (asyncify WASM, 27 MB: the WebGPU EP needs it)
// only when WebGPU was picked, else the plain WASM build (14 MB), whose CPU kernels ran 1.9–3.7× faster than the
// asyncify build's on the same model (docs/benchmarks.md, suite runtime-build). Passed as URLs so Vite emits them and the threaded
// WASM's pthread workers can import the .mjs from our origin (COOP/COEP served by scripts/serve.mjs / vite.config.ts).
import gpuMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import gpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import cpuMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import cpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { softwareAdapterReason, type AdapterSignals } from './adapter';
import type { MakeTensor, RunnableSession, TensorData } from './encoders';
import type { BackendInfo, BackendPreference } from './protocol';

type Ort = typeof import('onnxruntime-web/wasm');
const runtimes = new Map<BackendInfo['ep'], Promise<Ort>>();

/** The runtime build for a provider, configured once (ONNX Runtime fixes threads and paths at its first session). */
function runtime(ep: BackendInfo['ep'], threads: number): Promise<Ort> {
  let r = runtimes.get(ep);
  if (!r) {
    r = (ep === 'webgpu' ? (import('onnxruntime-web/webgpu') as Promise<Ort>) : import('onnxruntime-web/wasm')).then(
      (ort) => {
        const [mjs, wasm] = ep === 'webgpu' ? [gpuMjsUrl, gpuWasmUrl] : [cpuMjsUrl, cpuWasmUrl];
        ort.env.wasm.wasmPaths = {
          mjs: new URL(mjs, self.location.href).href,
          wasm: new URL(wasm, self.location.href).href,
        };
        ort.env.wasm.numThreads = threads;
        ort.env.wasm.proxy = false; // we already are in a worker
        ort.env.logLevel = 'error';
        return ort;
      },
    );
    r.catch(() => runtimes.delete(ep)); // a failed fetch (offline a moment) is retried by the next session, not cached
    runtimes.set(ep, r);
  }
  return r;
}

/**
 * Tensors are described, not built: each runtime build carries its own Tensor class, so the session (which knows its
 * build) makes the real tensor at run time. No copy: the descriptor holds the caller's typed array.
 */
type TensorDescriptor = { type: 'float32' | 'int64'; data: TensorData; dims: number[] };
export const makeTensor: MakeTensor = (type, data, dims): TensorDescriptor => ({ type, data, dims });

type GpuLike = { requestAdapter(): Promise<(AdapterSignals & { features?: ReadonlySet<string> }) | null> };
type AdapterProbe =
  { adapter: NonNullable<BackendInfo['adapter']>; shaderF16: boolean; software: string | null } | { none: string };

/**
 * The one WebGPU adapter request of this worker: prewarm and every load share its answer (each request costs an
 * adapter and, on some drivers, tens of milliseconds).
 */
let adapterProbe: Promise<AdapterProbe> | null = null;

async function probeAdapter(): Promise<AdapterProbe> {
  const gpu = (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) return { none: 'no WebGPU in this browser' };
  let adapter;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { none: `WebGPU adapter request failed (${(e as Error).message})` };
  }
  if (!adapter) return { none: 'no WebGPU adapter' };
  const info = adapter.info ?? {};
  return {
    adapter: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
    },
    shaderF16: adapter.features?.has('shader-f16') === true,
    software: softwareAdapterReason(adapter),
  };
}

/** Decide the execution provider, before any session exists. A fresh object each call: loads annotate `reason`. */
export async function pickBackend(preference: BackendPreference): Promise<BackendInfo> {
  const isolated = (self as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threads = isolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
  const wasm = (why: string): BackendInfo => ({
    ep: 'wasm',
    threads,
    reason: `${why}: WASM, ${threads} thread${threads === 1 ? '' : 's'}${isolated ? '' : ' (page not cross-origin isolated)'}`,
  });
  if (preference === 'wasm') return wasm('WASM chosen in settings');
  const probe = await (adapterProbe ??= probeAdapter());
  if ('none' in probe) return wasm(probe.none);
  const { vendor, architecture, device, description } = probe.adapter;
  const name = [vendor, architecture, device, description].filter(Boolean).join(' ') || 'unnamed adapter';
  // A software adapter is 10-20x slower than WASM here: only an explicit choice gets it.
  if (probe.software && preference !== 'webgpu')
    return wasm(`WebGPU adapter "${name}" is ${probe.software}, slower than WASM`);
  return {
    ep: 'webgpu',
    threads,
    reason: `${preference === 'webgpu' ? 'WebGPU chosen in settings' : 'WebGPU adapter'}: ${name}${probe.software ? ` (${probe.software})` : ''}`,
    adapter: { ...probe.adapter },
    shaderF16: probe.shaderF16,
  };
}

/** A 68-byte ONNX model (one Identity): opening it instantiates the runtime's WASM and thread pool. */
const WARM_MODEL = 'CAg6OgoQCgF4EgF5IghJZGVudGl0eRIEd2FybVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0=';
const warmed = new Map<BackendInfo['ep'], Promise<void>>();

/**
 * Load and initialise the runtime build of `backend` (JS, WASM compile, threads) while the model files are still
 * downloading, so `load` finds it ready (docs/benchmarks.md, cold start). Once per provider: a second call (app
 * start, then the first model load) waits for the first instead of warming again.
 */
export function warmRuntime(backend: BackendInfo): Promise<void> {
  let w = warmed.get(backend.ep);
  if (!w) {
    w = (async () => {
      const ort = await runtime(backend.ep, backend.threads);
      const session = await ort.InferenceSession.create(
        Uint8Array.from(atob(WARM_MODEL), (c) => c.charCodeAt(0)),
        { executionProviders: [backend.ep] },
      );
      await session.release();
    })();
    w.catch(() => warmed.delete(backend.ep)); // a failed warm-up may be retried
    warmed.set(backend.ep, w);
  }
  return w;
}

export async function createSession(bytes: Uint8Array, backend: BackendInfo): Promise<RunnableSession> {
  const ort = await runtime(backend.ep, backend.threads);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend.ep],
    graphOptimizationLevel: 'all',
  });
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    outputMetadata: session.outputMetadata,
    run: (feeds) => {
      const tensors: Record<string, InstanceType<Ort['Tensor']>> = {};
      for (const [name, f] of Object.entries(feeds)) {
        const d = f as TensorDescriptor;
        tensors[name] =
          d.type === 'int64'
            ? new ort.Tensor('int64', d.data as BigInt64Array, d.dims)
            : new ort.Tensor('float32', d.data as Float32Array, d.dims);
      }
      return session.run(tensors);
    },
    release: () => session.release(),
  };
}
