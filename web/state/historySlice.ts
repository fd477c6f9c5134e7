// Photos checked this session: a tiny thumbnail the app makes from the person's own photo, the file name, the
// score and the verdict. Persisted so it survives a reload (see persist.ts: when storage is full the oldest entries
// are not saved); never uploaded. Short on purpose.
import type { StateCreator } from 'zustand';
import type { ScoreName } from '../ood/scores/types';
import type { AppMiddlewares, AppState } from './store';

export interface HistoryEntry {
  id: string;
  /** ms since epoch */
  at: number;
  fileName: string;
  /** data: URL of a small JPEG (≤ 64 px), or '' when none could be made */
  thumb: string;
  modelId: string;
  scoreName: ScoreName;
  score: number;
  threshold: number;
  flagged: boolean;
  reason: string;
  topClass: string;
  caption?: string;
  /** The photo's image embedding (6 significant digits), so Explore can place it on the map of the same model. */
  embedding?: number[];
}

export interface HistorySlice {
  history: HistoryEntry[];
  addHistory(e: Omit<HistoryEntry, 'id' | 'at'> & Partial<Pick<HistoryEntry, 'id' | 'at'>>): HistoryEntry;
  removeHistory(id: string): void;
  clearHistory(): void;
}

export const HISTORY_MAX = 24;
/** thumbnails larger than this (characters of data URL) are dropped, to keep the saved history small */
export const THUMB_MAX_CHARS = 12_000;

function isEntry(x: unknown): x is HistoryEntry {
  const e = x as HistoryEntry;
  return (
    !!e &&
    typeof e.id === 'string' &&
    typeof e.fileName === 'string' &&
    typeof e.score === 'number' &&
    typeof e.flagged === 'boolean'
  );
}

/** A saved history as it comes from storage (any shape): entries that do not look right are dropped. */
export function cleanHistory(saved: unknown): HistoryEntry[] {
  return Array.isArray(saved) ? saved.filter(isEntry).slice(0, HISTORY_MAX) : [];
}

let counter = 0;

export const createHistorySlice: StateCreator<AppState, AppMiddlewares, [], HistorySlice> = (set, get) => {
  const commit = (history: HistoryEntry[]) => set({ history });
  return {
    history: [],
    addHistory: (e) => {
      const entry: HistoryEntry = {
        ...e,
        thumb: e.thumb.length <= THUMB_MAX_CHARS ? e.thumb : '',
        id: e.id ?? `${Date.now().toString(36)}-${(counter++).toString(36)}`,
        at: e.at ?? Date.now(),
      };
      commit([entry, ...get().history.filter((h) => h.id !== entry.id)].slice(0, HISTORY_MAX));
      return entry;
    },
    removeHistory: (id) => commit(get().history.filter((h) => h.id !== id)),
    clearHistory: () => commit([]),
  };
};
