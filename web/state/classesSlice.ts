// "What is normal": the ID class names and prompt templates a person edits on the Check screen. null = the
// bundle's own. Saved per model in localStorage; exported as JSON together with the bundle's scoring settings.
import { z } from 'zod';
import { schemaProblems } from '../lib/schemaProblems';

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

export const CLASSES_KEY = 'alignscope.classes';

export const classSetSchema = z.object({
  classes: z.array(z.string().trim().min(1)).min(2, 'at least two classes'),
  promptTemplates: z.array(z.string().includes('{}', { message: 'every template needs a {} for the class name' })).min(1),
});

/** Checks and tidies an edited set: trims, drops empty lines and duplicates; throws a readable message. */
export function cleanClassSet(set: ClassSet): ClassSet {
  const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
  const r = classSetSchema.safeParse({ classes: uniq(set.classes), promptTemplates: uniq(set.promptTemplates) });
  if (!r.success) throw new Error(schemaProblems(r.error));
  return r.data;
}

function load(): Record<string, ClassSet> {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(CLASSES_KEY) ?? '{}');
    const out: Record<string, ClassSet> = {};
    for (const [id, v] of Object.entries(raw ?? {})) {
      const r = classSetSchema.safeParse(v);
      if (r.success) out[id] = r.data;
    }
    return out;
  } catch {
    return {};
  }
}

function save(v: Record<string, ClassSet>): void {
  try {
    globalThis.localStorage?.setItem(CLASSES_KEY, JSON.stringify(v));
  } catch {
    // storage full or disabled: the edit lasts for this visit
  }
}

type Set<S> = (partial: Partial<ClassesSlice> | ((s: S) => Partial<ClassesSlice>)) => void;

export function createClassesSlice<S extends ClassesSlice>(set: Set<S>, get: () => S): ClassesSlice {
  const commit = (customClasses: Record<string, ClassSet>) => {
    set({ customClasses });
    save(customClasses);
  };
  return {
    customClasses: load(),
    setCustomClasses: (modelId, s) => commit({ ...get().customClasses, [modelId]: cleanClassSet(s) }),
    resetClasses: (modelId) => {
      const next = { ...get().customClasses };
      delete next[modelId];
      commit(next);
    },
  };
}

/** The set in force for a model: the edited one, else the bundle's. */
export function activeClassSet(custom: Record<string, ClassSet>, modelId: string, bundle: ClassSet): ClassSet & { edited: boolean } {
  const c = custom[modelId];
  return c ? { ...c, edited: true } : { classes: bundle.classes, promptTemplates: bundle.promptTemplates, edited: false };
}

/** What "Export" downloads: the class set plus the bundle settings it goes with. */
export function exportClassSet(modelId: string, set: ClassSet, scoring: unknown, logitScale: number): string {
  return JSON.stringify(
    { format: 'alignscope-classes', formatVersion: 1, modelId, classes: set.classes, promptTemplates: set.promptTemplates, scoring, logitScale },
    null,
    2,
  );
}
