// "What is normal": the ID class names and prompt templates a person edits on the Check screen; absent = the
// bundle's own. Persisted per model (see persist.ts); exported as JSON together with the bundle's scoring settings.
import type { StateCreator } from 'zustand';
import { z } from 'zod';
import { schemaProblems } from '../lib/schemaProblems';
import type { AppMiddlewares, AppState } from './store';

export interface ClassSet {
  classes: string[];
  promptTemplates: string[];
}

export interface ClassesSlice {
  /** per model id: the edited set (absent = the bundle's) */
  customClasses: Record<string, ClassSet>;
  setCustomClasses(modelId: string, set: ClassSet): void;
  resetClasses(modelId: string): void;
}

export const classSetSchema = z.object({
  classes: z.array(z.string().trim().min(1)).min(2, 'at least two classes'),
  promptTemplates: z
    .array(z.string().includes('{}', { message: 'every template needs a {} for the class name' }))
    .min(1),
});

/** Checks and tidies an edited set: trims, drops empty lines and duplicates; throws a readable message. */
export function cleanClassSet(set: ClassSet): ClassSet {
  const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
  const r = classSetSchema.safeParse({ classes: uniq(set.classes), promptTemplates: uniq(set.promptTemplates) });
  if (!r.success) throw new Error(schemaProblems(r.error));
  return r.data;
}

/** Saved sets as they come from storage (any shape): only valid ones are kept. */
export function cleanCustomClasses(saved: unknown): Record<string, ClassSet> {
  const out: Record<string, ClassSet> = {};
  if (!saved || typeof saved !== 'object') return out;
  for (const [id, v] of Object.entries(saved)) {
    const r = classSetSchema.safeParse(v);
    if (r.success) out[id] = r.data;
  }
  return out;
}

export const createClassesSlice: StateCreator<AppState, AppMiddlewares, [], ClassesSlice> = (set, get) => ({
  customClasses: {},
  setCustomClasses: (modelId, s) => set({ customClasses: { ...get().customClasses, [modelId]: cleanClassSet(s) } }),
  resetClasses: (modelId) => {
    const next = { ...get().customClasses };
    delete next[modelId];
    set({ customClasses: next });
  },
});

/** The set in force for a model: the edited one, else the bundle's. */
export function activeClassSet(
  custom: Record<string, ClassSet>,
  modelId: string,
  bundle: ClassSet,
): ClassSet & { edited: boolean } {
  const c = custom[modelId];
  return c
    ? { ...c, edited: true }
    : { classes: bundle.classes, promptTemplates: bundle.promptTemplates, edited: false };
}

/** What "Export" downloads: the class set plus the bundle settings it goes with. */
export function exportClassSet(modelId: string, set: ClassSet, scoring: unknown, logitScale: number): string {
  return JSON.stringify(
    {
      format: 'alignscope-classes',
      formatVersion: 1,
      modelId,
      classes: set.classes,
      promptTemplates: set.promptTemplates,
      scoring,
      logitScale,
    },
    null,
    2,
  );
}
