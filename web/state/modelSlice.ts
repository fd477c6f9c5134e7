/**
 * The active model: which bundle is loaded, on which backend, how loading went. Loading a new model never
 * drops the current one until the new one is ready; a failed load leaves the previous model active and usable.
 */
import type { StateCreator } from 'zustand';
import type { BackendInfo } from '../inference/protocol';
import { loadBundle, type LoadProgress } from '../model/loadBundle';
import type { Manifest } from '../model/manifest';
import type { BundleSource } from '../model/sources';
import { getInferenceClient } from './inferenceClient';
import type { AppMiddlewares, AppState } from './store';

export type ActiveModel = {
  manifest: Manifest;
  source: BundleSource;
  layout: 'bundle' | 'hf';
  backend: BackendInfo;
  /** Increments on every successful load: part of react-query keys of derived data. */
  loadId: number;
  bytes: number;
  timings: { downloadMs: number; sessionMs: number; warmUpMs: number };
};

export type ModelPhase = 'idle' | 'downloading' | 'initialising' | 'ready' | 'error';

export type ModelSlice = {
  activeModel: ActiveModel | null;
  modelPhase: ModelPhase;
  /** What is loading now (label), while modelPhase is downloading/initialising. */
  loadingLabel: string | null;
  loadProgress: LoadProgress | null;
  /** The last load's failure; the previous model (if any) stays active. */
  modelError: { message: string; file?: string; source: string } | null;
  loadModel: (source: BundleSource) => Promise<boolean>;
  dismissModelError: () => void;
};

let loadCounter = 0;
let inFlight: AbortController | null = null;

export const createModelSlice: StateCreator<AppState, AppMiddlewares, [], ModelSlice> = (set, get) => ({
  activeModel: null,
  modelPhase: 'idle',
  loadingLabel: null,
  loadProgress: null,
  modelError: null,
  dismissModelError: () => set({ modelError: null }),
  loadModel: async (source) => {
    const ticket = ++loadCounter;
    const stale = () => ticket !== loadCounter;
    inFlight?.abort(); // a newer choice wins: stop downloading the older one
    const abort = (inFlight = new AbortController());
    set({ modelPhase: 'downloading', loadingLabel: source.label, loadProgress: null, modelError: null });
    // The worker starts its runtime (WASM compile, threads) while the files download, not after; its backend
    // answer (the one GPU probe) decides whether the float16 vision file is worth downloading.
    const backend = getInferenceClient().prewarm(get().backendPreference);
    const fp16 = backend.then(
      (b) => b?.ep === 'webgpu' && b.shaderF16 === true,
      () => false,
    );
    try {
      const bundle = await loadBundle(
        source,
        (p) => {
          if (!stale()) set({ loadProgress: p });
        },
        abort.signal,
        { fp16 },
      );
      if (stale()) return false;
      set({ modelPhase: 'initialising' });
      const r = await getInferenceClient().load(bundle.payload, get().backendPreference);
      if (stale()) return false;
      set({
        activeModel: {
          manifest: bundle.manifest,
          source,
          layout: bundle.layout,
          backend: r.backend,
          loadId: ticket,
          bytes: bundle.bytes,
          timings: { downloadMs: bundle.downloadMs, sessionMs: r.loadMs, warmUpMs: r.warmUpMs },
        },
        modelPhase: 'ready',
        loadingLabel: null,
        loadProgress: null,
      });
      return true;
    } catch (e) {
      if (stale()) return false;
      set({
        modelPhase: get().activeModel ? 'ready' : 'error',
        loadingLabel: null,
        loadProgress: null,
        modelError: {
          message: (e as Error).message ?? String(e),
          file: (e as { file?: string }).file,
          source: source.label,
        },
      });
      return false;
    }
  },
});
