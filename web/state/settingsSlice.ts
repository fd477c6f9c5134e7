// How models run (the backend preference, the image batch size) and what the maps may show. Persisted (persist.ts).
import type { StateCreator } from 'zustand';
import type { BackendPreference } from '../inference/protocol';
import type { AppMiddlewares, AppState } from './store';

export type SettingsSlice = {
  /** 'auto' = WebGPU when an adapter exists, else WASM; 'wasm' forces WASM. Applies to the next model load. */
  backendPreference: BackendPreference;
  /** Images per vision-encoder call. */
  imageBatch: number;
  /** Whether Explore and Present draw the photos checked on Check (opt-in: they are the person's own photos). */
  showCheckedPhotos: boolean;
  /** Whether Explore and Present draw the normal set in force (opt-in, like the checked photos). */
  showNormalSet: boolean;
  setBackendPreference: (p: BackendPreference) => void;
  setImageBatch: (n: number) => void;
  setShowCheckedPhotos: (on: boolean) => void;
  setShowNormalSet: (on: boolean) => void;
};

const DEFAULT_IMAGE_BATCH = 16;

/** Saved settings as they come from storage (any shape): what is not valid falls back to the default. */
export function cleanSettings(
  saved: unknown,
): Pick<SettingsSlice, 'backendPreference' | 'imageBatch' | 'showCheckedPhotos' | 'showNormalSet'> {
  const s = (saved ?? {}) as {
    backendPreference?: unknown;
    imageBatch?: unknown;
    showCheckedPhotos?: unknown;
    showNormalSet?: unknown;
  };
  const batch = s.imageBatch;
  return {
    backendPreference:
      s.backendPreference === 'wasm' || s.backendPreference === 'webgpu' ? s.backendPreference : 'auto',
    imageBatch: typeof batch === 'number' && Number.isInteger(batch) && batch > 0 ? batch : DEFAULT_IMAGE_BATCH,
    showCheckedPhotos: s.showCheckedPhotos === true,
    showNormalSet: s.showNormalSet === true,
  };
}

export const createSettingsSlice: StateCreator<AppState, AppMiddlewares, [], SettingsSlice> = (set) => ({
  backendPreference: 'auto',
  imageBatch: DEFAULT_IMAGE_BATCH,
  showCheckedPhotos: false,
  showNormalSet: false,
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  setImageBatch: (imageBatch) => set({ imageBatch }),
  setShowCheckedPhotos: (showCheckedPhotos) => set({ showCheckedPhotos }),
  setShowNormalSet: (showNormalSet) => set({ showNormalSet }),
});
