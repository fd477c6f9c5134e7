// How models run: the backend preference and the image batch size. Persisted (see persist.ts).
import type { StateCreator } from 'zustand';
import type { BackendPreference } from '../inference/protocol';
import type { AppMiddlewares, AppState } from './store';

export type SettingsSlice = {
  /** 'auto' = WebGPU when an adapter exists, else WASM; 'wasm' forces WASM. Applies to the next model load. */
  backendPreference: BackendPreference;
  /** Images per vision-encoder call. */
  imageBatch: number;
  setBackendPreference: (p: BackendPreference) => void;
  setImageBatch: (n: number) => void;
};

const DEFAULT_IMAGE_BATCH = 16;

/** Saved settings as they come from storage (any shape): what is not valid falls back to the default. */
export function cleanSettings(saved: unknown): Pick<SettingsSlice, 'backendPreference' | 'imageBatch'> {
  const s = (saved ?? {}) as { backendPreference?: unknown; imageBatch?: unknown };
  const batch = s.imageBatch;
  return {
    backendPreference:
      s.backendPreference === 'wasm' || s.backendPreference === 'webgpu' ? s.backendPreference : 'auto',
    imageBatch: typeof batch === 'number' && Number.isInteger(batch) && batch > 0 ? batch : DEFAULT_IMAGE_BATCH,
  };
}

export const createSettingsSlice: StateCreator<AppState, AppMiddlewares, [], SettingsSlice> = (set) => ({
  backendPreference: 'auto',
  imageBatch: DEFAULT_IMAGE_BATCH,
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  setImageBatch: (imageBatch) => set({ imageBatch }),
});
