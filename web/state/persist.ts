/**
 * What survives a reload, through zustand's `persist`: the settings, the edited class sets, the history of
 * checked photos and each model's choice of normal set, under one localStorage key. Evaluation runs live in IndexedDB (web/eval); the shared score and
 * threshold (decisionSlice) and everything else start afresh each visit.
 */
import type { PersistOptions, PersistStorage, StorageValue } from 'zustand/middleware';
import { cleanCustomClasses } from './classesSlice';
import { cleanHistory } from './historySlice';
import { cleanNormalSetChoice } from './normalSetSlice';
import { cleanSettings } from './settingsSlice';
import type { AppState } from './store';

export const STORE_KEY = 'alignscope.state';
export const STORE_VERSION = 1;
/** Before version 1 each slice wrote its own key: read once when STORE_KEY is absent, removed after its first write. */
export const LEGACY_KEYS = {
  settings: 'alignscope.settings',
  classes: 'alignscope.classes',
  history: 'alignscope.history',
} as const;

export type Persisted = Pick<
  AppState,
  | 'backendPreference'
  | 'imageBatch'
  | 'showCheckedPhotos'
  | 'showNormalSet'
  | 'customClasses'
  | 'history'
  | 'normalSetChoice'
>;
export type Backing = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The browser's localStorage; undefined where there is none (Node) or where it is disabled (reading it throws). */
export function browserStorage(): Backing | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

const partialize = (s: AppState): Persisted => ({
  backendPreference: s.backendPreference,
  imageBatch: s.imageBatch,
  showCheckedPhotos: s.showCheckedPhotos,
  showNormalSet: s.showNormalSet,
  customClasses: s.customClasses,
  history: s.history,
  normalSetChoice: s.normalSetChoice,
});

/** Whatever storage held (another version, a hand edit, garbage) is cleaned field by field; what fails is the default. */
function merge(persisted: unknown, current: AppState): AppState {
  const p = (persisted && typeof persisted === 'object' ? persisted : {}) as Partial<Record<keyof Persisted, unknown>>;
  return {
    ...current,
    ...cleanSettings(p),
    customClasses: cleanCustomClasses(p.customClasses),
    history: cleanHistory(p.history),
    normalSetChoice: cleanNormalSetChoice(p.normalSetChoice),
  };
}

/** Version 0 is the three legacy keys' values as `readLegacy` found them; merge cleans what comes out. */
function migrate(state: unknown, version: number): Persisted {
  if (version !== 0) return state as Persisted; // merge validates every field anyway
  const legacy = (state ?? {}) as { settings?: unknown; classes?: unknown; history?: unknown };
  return {
    ...cleanSettings(legacy.settings),
    customClasses: cleanCustomClasses(legacy.classes),
    history: cleanHistory(legacy.history),
    normalSetChoice: {},
  };
}

function readLegacy(b: Backing): StorageValue<unknown> | null {
  const read = (key: string): unknown => {
    try {
      return JSON.parse(b.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  };
  const state = {
    settings: read(LEGACY_KEYS.settings),
    classes: read(LEGACY_KEYS.classes),
    history: read(LEGACY_KEYS.history),
  };
  return state.settings === null && state.classes === null && state.history === null ? null : { state, version: 0 };
}

/** Writes; when storage is full, drops the oldest history entries until it fits (history is a convenience, never a reason to fail). */
function write(b: Backing, name: string, value: StorageValue<Persisted>): boolean {
  const history = value.state.history;
  for (let n = history.length; n >= 0; n--) {
    try {
      b.setItem(name, JSON.stringify({ ...value, state: { ...value.state, history: history.slice(0, n) } }));
      return true;
    } catch {
      // quota (or storage disabled): try with fewer entries
    }
  }
  return false;
}

/** JSON in `backing()`, with the legacy import and the quota fallback. */
export function appStorage(backing: () => Backing | undefined): PersistStorage<Persisted> {
  let last: Persisted | null = null;
  let legacyCleared = false;
  return {
    getItem(name) {
      const b = backing();
      if (!b) return null;
      const raw = b.getItem(name);
      if (raw === null) return readLegacy(b) as StorageValue<Persisted> | null; // version 0: `migrate` reads its shape
      try {
        return JSON.parse(raw) as StorageValue<Persisted>;
      } catch {
        return null;
      }
    },
    setItem(name, value) {
      const b = backing();
      // persist calls this on every state change (download and run progress too): write only when a kept field changed
      if (!b || (last && (Object.keys(last) as (keyof Persisted)[]).every((k) => last![k] === value.state[k]))) return;
      if (!write(b, name, value)) return;
      last = value.state;
      if (!legacyCleared) for (const key of Object.values(LEGACY_KEYS)) b.removeItem(key);
      legacyCleared = true;
    },
    removeItem(name) {
      backing()?.removeItem(name);
      last = null;
    },
  };
}

export function persistOptions(
  backing: () => Backing | undefined = browserStorage,
): PersistOptions<AppState, Persisted> {
  return { name: STORE_KEY, version: STORE_VERSION, storage: appStorage(backing), partialize, merge, migrate };
}
