// Photos checked this session: a tiny thumbnail the app makes from the person's own photo, the file name, the
// score and the verdict. Kept in localStorage so it survives a reload; never uploaded. Short on purpose.
import type { ScoreName } from '../ood/scores/types';

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

export const HISTORY_KEY = 'alignscope.history';
export const HISTORY_MAX = 24;
/** thumbnails larger than this (characters of data URL) are dropped, to keep localStorage small */
export const THUMB_MAX_CHARS = 12_000;

type Set<S> = (partial: Partial<HistorySlice> | ((s: S) => Partial<HistorySlice>)) => void;

function isEntry(x: unknown): x is HistoryEntry {
  const e = x as HistoryEntry;
  return !!e && typeof e.id === 'string' && typeof e.fileName === 'string' && typeof e.score === 'number' && typeof e.flagged === 'boolean';
}

export function loadHistory(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): HistoryEntry[] {
  try {
    const raw = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter(isEntry).slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

function save(entries: HistoryEntry[]): void {
  const storage = globalThis.localStorage;
  if (!storage) return;
  // If the quota is hit, drop the oldest entries until it fits: history is a convenience, never a reason to fail.
  for (let n = entries.length; n >= 0; n--) {
    try {
      storage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, n)));
      return;
    } catch {
      // try with fewer
    }
  }
}

let counter = 0;

export function createHistorySlice<S extends HistorySlice>(set: Set<S>, get: () => S): HistorySlice {
  const commit = (history: HistoryEntry[]) => {
    set({ history });
    save(history);
  };
  return {
    history: loadHistory(),
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
}
