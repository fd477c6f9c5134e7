// Which normal set each model scores against ('bundled' = the bundle's own, 'none', or a stored set's id), and the
// one set being made right now (its progress survives a change of screen). The choice is persisted (persist.ts).
import type { StateCreator } from 'zustand';
import type { NormalSetProgress } from '../eval/normalSetBuild';
import type { AppMiddlewares, AppState } from './store';

export type NormalSetChoice = 'bundled' | 'none' | string;

export interface NormalSetBuild {
  name: string;
  progress?: NormalSetProgress;
  /** set when it ended without a set: the sentence to show (the earlier sets are untouched) */
  error?: string;
  /** a re-encode: how many of the original set's photos were found again */
  message?: string;
  /** photos left out, one line each (duplicates, non-images, unreadable files) */
  notes: string[];
  done: boolean;
}

export type NormalSetSlice = {
  /** per model id; absent = 'bundled' */
  normalSetChoice: Record<string, NormalSetChoice>;
  normalSetBuild: NormalSetBuild | null;
  chooseNormalSet: (modelId: string, choice: NormalSetChoice) => void;
  setNormalSetBuild: (b: NormalSetBuild | null) => void;
};

/** Saved choices as they come from storage: only string values survive. */
export function cleanNormalSetChoice(saved: unknown): Record<string, NormalSetChoice> {
  if (!saved || typeof saved !== 'object') return {};
  return Object.fromEntries(Object.entries(saved).filter(([, v]) => typeof v === 'string' && v.length > 0));
}

export const createNormalSetSlice: StateCreator<AppState, AppMiddlewares, [], NormalSetSlice> = (set) => ({
  normalSetChoice: {},
  normalSetBuild: null,
  chooseNormalSet: (modelId, choice) => set((s) => ({ normalSetChoice: { ...s.normalSetChoice, [modelId]: choice } })),
  setNormalSetBuild: (normalSetBuild) => set({ normalSetBuild }),
});
