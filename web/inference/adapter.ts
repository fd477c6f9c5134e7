/**
 * Is a WebGPU adapter a software one? Chromium hands out SwiftShader (a CPU rasteriser) when no GPU is usable, and
 * on it the models run 10-20x slower than on the plain WASM build (docs/benchmarks.md, suite webgpu): such an
 * adapter must lose to WASM unless a person asks for WebGPU. Signals: the spec's `isFallbackAdapter` (on the adapter
 * in older browsers, on its info in newer ones), or an adapter naming a known software renderer.
 */
export interface AdapterSignals {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; device?: string; description?: string };
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|warp/i;

/** The reason an adapter counts as software, or null for a hardware one. */
export function softwareAdapterReason(adapter: AdapterSignals): string | null {
  if (adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true) return 'a fallback adapter';
  const i = adapter.info ?? {};
  const named = [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ');
  const hit = SOFTWARE_RENDERERS.exec(named);
  return hit ? `a software renderer (${hit[0]})` : null;
}
