/// <reference lib="webworker" />
/**
 * Bench-only: counts the WebAssembly memories this worker creates or instantiates (ONNX Runtime's heap), so the
 * bench can read WASM memory growth. Import it FIRST in a worker. Answers `{type:'bench:memory'}` messages itself
 * (stopping them before the worker's own handler) with `{type:'bench:memory', wasmBytes, memories}`.
 */
declare const self: DedicatedWorkerGlobalScope;

const memories: WebAssembly.Memory[] = [];
const OriginalMemory = WebAssembly.Memory;
const note = (m: unknown) => {
  if (m instanceof OriginalMemory && !memories.includes(m)) memories.push(m);
};
function CountedMemory(descriptor: WebAssembly.MemoryDescriptor): WebAssembly.Memory {
  const m = new OriginalMemory(descriptor);
  note(m);
  return m;
}
CountedMemory.prototype = OriginalMemory.prototype;
(WebAssembly as unknown as { Memory: unknown }).Memory = CountedMemory;

type Instantiated = WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance;
const noteExports = (r: Instantiated) => {
  const inst = 'instance' in r ? r.instance : r;
  for (const v of Object.values(inst.exports)) note(v);
  return r;
};
const originalInstantiate = WebAssembly.instantiate.bind(WebAssembly) as (...a: unknown[]) => Promise<Instantiated>;
(WebAssembly as unknown as { instantiate: unknown }).instantiate = (...args: unknown[]) =>
  originalInstantiate(...args).then(noteExports);
if (WebAssembly.instantiateStreaming) {
  const originalStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly) as (
    ...a: unknown[]
  ) => Promise<Instantiated>;
  (WebAssembly as unknown as { instantiateStreaming: unknown }).instantiateStreaming = (...args: unknown[]) =>
    originalStreaming(...args).then(noteExports);
}

export function wasmBytes(): number {
  return memories.reduce((s, m) => s + m.buffer.byteLength, 0);
}

self.addEventListener('message', (ev: MessageEvent) => {
  if ((ev.data as { type?: string } | null)?.type !== 'bench:memory') return;
  ev.stopImmediatePropagation();
  self.postMessage({ type: 'bench:memory', wasmBytes: wasmBytes(), memories: memories.length });
});
