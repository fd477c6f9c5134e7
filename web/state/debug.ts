/**
 * `window.__alignscope`: a read-only view for browser tests and curious people (devtools). Holds the last embeddings
 * the UI computed and the backend that ran them; tests compare WebGPU and WASM runs through it.
 */
export type DebugView = {
  modelId?: string;
  ep?: 'webgpu' | 'wasm';
  backendReason?: string;
  /** How the last successful load went: files (download or cache), session creation, warm-up; bytes of the model files. */
  loadTimings?: { downloadMs: number; sessionMs: number; warmUpMs: number; bytes: number };
  lastImageEmbedding?: number[];
  lastImageEp?: 'webgpu' | 'wasm';
  /** whether the last photo was a JPEG decoded at a reduced DCT scale (manifest image.decode "jpeg-draft") */
  lastImageReducedDecode?: boolean;
  lastTextEmbedding?: number[];
  lastTop?: Array<{ label: string; p: number }>;
};

declare global {
  interface Window {
    __alignscope?: DebugView;
  }
}

export function exposeDebug(patch: Partial<DebugView>): void {
  if (typeof window === 'undefined') return;
  window.__alignscope = { ...window.__alignscope, ...patch };
}
