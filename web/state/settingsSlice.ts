import type { StateCreator } from 'zustand';
import type { BackendPreference } from '../inference/protocol';
import type { AppState } from './store';

export type SettingsSlice = {
  /** 'auto' = WebGPU when an adapter exists, else WASM; 'wasm' forces WASM. Applies to the next model load. */
  backendPreference: BackendPreference;
  /** Images per vision-encoder call. */
  imageBatch: number;
  setBackendPreference: (p: BackendPreference) => void;
  setImageBatch: (n: number) => void;
};

const STORAGE_KEY = 'alignscope.settings';

function initial(): Pick<SettingsSlice, 'backendPreference' | 'imageBatch'> {
  const defaults = { backendPreference: 'auto' as BackendPreference, imageBatch: 16 };
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}');
    return {
      backendPreference: saved.backendPreference === 'wasm' ? 'wasm' : 'auto',
      imageBatch: Number.isInteger(saved.imageBatch) && saved.imageBatch > 0 ? saved.imageBatch : defaults.imageBatch,
    };
  } catch {
    return defaults;
  }
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => {
  const save = () => {
    const { backendPreference, imageBatch } = get();
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ backendPreference, imageBatch }));
    } catch {
      // storage disabled: settings last for this visit
    }
  };
  return {
    ...initial(),
    setBackendPreference: (backendPreference) => {
      set({ backendPreference });
      save();
    },
    setImageBatch: (imageBatch) => {
      set({ imageBatch });
      save();
    },
  };
};
