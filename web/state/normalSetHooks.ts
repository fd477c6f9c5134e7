/**
 * The door from screens to normal sets (issue 14): the bundle's own set, the person's stored sets, which one is in
 * force for the loaded model, and the actions that make, import, export, rename and delete them.
 *
 *   useNormalSetList()        query → the stored sets' summaries (every model's)
 *   useActiveNormalSet()      the set in force for the loaded model: { set, origin, id } | a mismatch | null
 *   withActiveNormalSet(p)    hook: the prompts with that set joined (web/ood/exemplars.ts withNormalSet)
 *   makeNormalSet(sources, name)   encodes through the loaded model (progress in normalSetBuild), stores, chooses it
 *   importNormalSet(file) · exportNormalSet(id) · renameNormalSet(id, name) · deleteNormalSet(id) · cancelNormalSet()
 *   useRunScorer()            query → the ImageScorer of batch runs: every score, the exemplar ones included
 *   useSizeCurve(open)        the open evaluation's KNN / fused numbers against the normal set's size
 */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { buildNormalSet } from '../eval/normalSetBuild';
import { NormalSetStore, type NormalSetSummary } from '../eval/normalSetStore';
import type { SourceFile } from '../eval/sources';
import { downloadFile } from '../lib/download';
import { count, plural } from '../lib/format';
import { readBundledNormalSet } from '../model/bundleFiles';
import { chooseK, parseNormalSet, toNormalSetJson, withNormalSet, type NormalSet } from '../ood/exemplars';
import type { PromptEmbeddings } from '../ood/scores/types';
import { getInferenceClient } from './inferenceClient';
import { queryClient } from './queryClient';
import { useActiveModel, usePromptEmbeddings, useReferenceEmbeddings, type ImageScorer } from './modelHooks';
import { readRunForMap } from '../eval/session';
import { curveSizes, sizeCurve, textBaseline, type CurvePoint } from '../eval/normalSetCurve';
import { SCORES } from '../ood/scores/registry';
import { makeMatrix } from '../ood/linalg';
import { makeScorer } from '../eval/scorer';
import { useAppStore } from './store';

export type { NormalSet } from '../ood/exemplars';
export type { NormalSetSummary } from '../eval/normalSetStore';
export type { CurvePoint } from '../eval/normalSetCurve';
export { MIN_NORMAL_PHOTOS } from '../ood/exemplars';

const store = new NormalSetStore();
const refresh = () => queryClient.invalidateQueries({ queryKey: ['normalSets'] });

export function useNormalSetList(): UseQueryResult<NormalSetSummary[]> {
  return useQuery({ queryKey: ['normalSets', 'list'], queryFn: () => store.list(), staleTime: Infinity });
}

export type ActiveNormalSet =
  | { kind: 'set'; set: NormalSet; origin: 'bundled' | 'yours'; id: string }
  /** the chosen stored set was made with another model: never scored against, said so */
  | { kind: 'mismatch'; summary: NormalSetSummary; modelId: string };

function useBundledNormalSet(): UseQueryResult<NormalSet | null> {
  const model = useActiveModel();
  return useQuery({
    queryKey: ['normalSets', 'bundled', model?.source.key, model?.manifest.id],
    queryFn: () => readBundledNormalSet(model!.source, model!.manifest),
    enabled: !!model,
    staleTime: Infinity,
    retry: false,
  });
}

/** The set in force for the loaded model (absent choice: the bundle's own), a mismatch, or null (none / loading). */
export function useActiveNormalSet(): ActiveNormalSet | null {
  const model = useActiveModel();
  const choice = useAppStore((s) => (model ? s.normalSetChoice[model.manifest.id] : undefined)) ?? 'bundled';
  const bundled = useBundledNormalSet();
  const list = useNormalSetList();
  const own = choice !== 'bundled' && choice !== 'none' ? choice : undefined;
  const stored = useQuery({
    queryKey: ['normalSets', 'set', own],
    queryFn: async () => (await store.get(own!)) ?? null,
    enabled: !!own,
    staleTime: Infinity,
  });
  return useMemo(() => {
    if (!model || choice === 'none') return null;
    const m = model.manifest;
    if (choice === 'bundled')
      return bundled.data ? { kind: 'set', set: bundled.data, origin: 'bundled', id: 'bundled' } : null;
    const set = stored.data;
    if (!set) return null;
    if (set.modelId !== m.id || set.dim !== m.embedDim) {
      const summary = list.data?.find((s) => s.id === own);
      return summary ? { kind: 'mismatch', summary, modelId: m.id } : null;
    }
    return { kind: 'set', set, origin: 'yours', id: own! };
  }, [model, choice, bundled.data, stored.data, list.data, own]);
}

/** The prompts with the set in force joined (bank, labels, calibration split); as they are without one. */
export function useWithActiveNormalSet(prompts: PromptEmbeddings | undefined): PromptEmbeddings | undefined {
  const active = useActiveNormalSet();
  const set = active?.kind === 'set' ? active.set : undefined;
  return useMemo(() => (prompts && set ? withNormalSet(prompts, set) : prompts), [prompts, set]);
}

let building: AbortController | undefined;

/** Makes a normal set of `sources` with the loaded model, stores it and puts it in force; progress and the outcome
 * are in `normalSetBuild`. Earlier sets are never touched, whatever happens. */
export async function makeNormalSet(
  sources: SourceFile[],
  name: string,
  /** the stored set (of another model) whose photos these are again: the new set says how many it found again */
  reencodeOf?: string,
): Promise<void> {
  const { activeModel, imageBatch, setNormalSetBuild, chooseNormalSet } = useAppStore.getState();
  if (!activeModel) return setNormalSetBuild({ name, error: 'Load a model first.', notes: [], done: true });
  building?.abort();
  const ctrl = (building = new AbortController());
  const progress = { name, notes: [] as string[], done: false };
  setNormalSetBuild(progress);
  try {
    const outcome = await buildNormalSet({
      name,
      modelId: activeModel.manifest.id,
      sources,
      encoder: { encodeImages: (blobs) => getInferenceClient().encodeImages(blobs, imageBatch) },
      batchSize: imageBatch,
      signal: ctrl.signal,
      onProgress: (p) => useAppStore.getState().setNormalSetBuild({ ...progress, progress: p }),
    });
    if (outcome.status === 'cancelled') return setNormalSetBuild(null);
    const notes = outcome.skipped.map(
      (s) => `${s.key}: ${s.reason === 'duplicate' ? `counted once (${s.detail})` : s.detail}`,
    );
    if (outcome.status === 'refused') return setNormalSetBuild({ name, error: outcome.message, notes, done: true });
    const saved = await store.add(outcome.set);
    chooseNormalSet(activeModel.manifest.id, saved.id);
    await refresh();
    const original = reencodeOf ? await store.get(reencodeOf) : undefined;
    let message: string | undefined;
    if (original) {
      const again = new Set(outcome.set.files.map((f) => f.sha256));
      const found = original.files.filter((f) => again.has(f.sha256)).length;
      message =
        `Re-encoded “${original.name}” with ${activeModel.manifest.id} as “${saved.name}”: ${found} of its ` +
        `${plural(original.files.length, 'photo')} found again by their bytes` +
        (found < original.files.length ? '; the others were not among the photos dropped.' : '.');
    }
    setNormalSetBuild({ name: saved.name, notes, done: true, message });
  } catch (e) {
    setNormalSetBuild({ name, error: `${name}: ${(e as Error).message}`, notes: [], done: true });
  } finally {
    if (building === ctrl) building = undefined;
  }
}

export const cancelNormalSet = (): void => building?.abort();

/** A normal set file (an export of this app or of `alignscope normal-set`) into the store; a bad file is named and
 * nothing stored is touched. Returns the sentence to show. */
export async function importNormalSet(file: File): Promise<string> {
  const set = parseNormalSet(await file.text(), file.name);
  const saved = await store.add(set);
  const model = useAppStore.getState().activeModel?.manifest;
  if (model && set.modelId === model.id && set.dim === model.embedDim)
    useAppStore.getState().chooseNormalSet(model.id, saved.id);
  await refresh();
  const other =
    model && set.modelId !== model.id ? ` It was made with ${set.modelId}, not the loaded ${model.id}.` : '';
  return `Imported "${saved.name}": ${plural(saved.photos, 'photo')}.${other}`;
}

export async function exportNormalSet(id: string): Promise<void> {
  const set = await store.get(id);
  if (!set) throw new Error('This normal set is no longer stored.');
  downloadFile(`${set.name.replace(/[^\w.-]+/g, '_')}.normal-set.json`, toNormalSetJson(set), 'application/json');
}

export async function renameNormalSet(id: string, name: string): Promise<void> {
  await store.rename(id, name);
  await refresh();
}

export async function deleteNormalSet(id: string): Promise<void> {
  await store.remove(id);
  const s = useAppStore.getState();
  for (const [modelId, choice] of Object.entries(s.normalSetChoice))
    if (choice === id) s.chooseNormalSet(modelId, 'bundled');
  await refresh();
}

/** The set in force as the verdict names it: "your 240 normal photos (“Site A”)" or the bundle's own. */
export function normalSetPhrase(active: ActiveNormalSet | null): string | undefined {
  if (active?.kind !== 'set') return undefined;
  const n = count(active.set.files.length);
  return active.origin === 'bundled'
    ? `the ${n} normal photos bundled with the model`
    : `your ${n} normal photos (“${active.set.name}”)`;
}

/** How KNN's k was chosen for a set, in a few words (the panel's summary line). */
export function knnPhrase(set: NormalSet): string {
  const { k, rule } = chooseK(set);
  const nth = k === 1 ? 'the nearest photo' : `its ${ordinal(k)} nearest photo`;
  return rule === 'held-out classes'
    ? `KNN reads ${nth} (k = ${k}, chosen on the held-back photos with each class left out in turn)`
    : `KNN reads ${nth} (k = ${k}, 0.1 % of the photos)`;
}

function ordinal(n: number): string {
  const tail = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${tail}`;
}

/**
 * Every score of the loaded model for a batch run, the exemplar scores against the normal set in force included
 * (Evaluate compares text, exemplar and fused side by side); refitted when the set changes.
 */
export function useRunScorer(): UseQueryResult<ImageScorer> {
  const model = useActiveModel();
  const prompts = usePromptEmbeddings();
  const active = useActiveNormalSet();
  const set = active?.kind === 'set' ? active : undefined;
  return useQuery({
    queryKey: ['runScorer', model?.loadId, prompts.dataUpdatedAt, set?.id, set?.set.createdAt],
    queryFn: () => {
      const joined = set ? withNormalSet(prompts.data!, set.set) : prompts.data!;
      return makeScorer(joined, { ...model!.manifest.scoring, knnK: joined.exemplarK });
    },
    enabled: !!model && prompts.isSuccess,
    staleTime: Infinity,
    structuralSharing: false,
  });
}

/**
 * The open evaluation's AUROC / FPR95 with KNN and fused against seeded subsets of the normal set in force
 * (web/eval/normalSetCurve.ts), computed size by size when `run` is called, yielding to the page between sizes.
 */
export function useSizeCurve(open: { kind: 'run' | 'reference'; id: string } | null): {
  points: CurvePoint[];
  /** the text score fused builds on, on the same photos */
  text?: { label: string; auroc: number; fpr95: number };
  busy: boolean;
  error?: string;
  run: () => void;
  /** there is something to measure (the panel shows) */
  ready: boolean;
  /** the photos are read and current, and the run is not still encoding (Measure is enabled) */
  canRun: boolean;
  encoding: boolean;
} {
  const model = useActiveModel();
  const prompts = usePromptEmbeddings();
  const active = useActiveNormalSet();
  // the run's rows as stored now: keyed by the open table's size, so a run opened while it was still encoding is
  // read again once it has more photos (a read from its first batches would measure on a few photos)
  const tableRows = useAppStore((s) => s.evalTable?.sets.reduce((n, x) => n + x.keys.length, 0) ?? 0);
  const stored = useQuery({
    queryKey: ['size-curve-run', open?.kind === 'run' ? open.id : null, tableRows],
    queryFn: () => readRunForMap(open!.id),
    enabled: open?.kind === 'run',
    retry: false,
  });
  const reference = useReferenceEmbeddings();
  const [state, setState] = useState<{
    points: CurvePoint[];
    text?: { label: string; auroc: number; fpr95: number };
    busy: boolean;
    error?: string;
    key?: string;
  }>({
    points: [],
    busy: false,
  });
  const set = active?.kind === 'set' ? active.set : undefined;
  const rows = useMemo(() => {
    if (open?.kind === 'run' && stored.data) {
      const { vectors, points, dim } = stored.data.source;
      if (!dim || !points.length) return undefined; // an imported run keeps no embeddings
      const pick = (kind: string) => {
        const idx = points.flatMap((p, i) => (p.kind === kind ? [i] : []));
        const out = new Float32Array(idx.length * dim);
        idx.forEach((r, i) => out.set(vectors.subarray(r * dim, (r + 1) * dim), i * dim));
        return makeMatrix(out, idx.length, dim);
      };
      return { id: pick('id-image'), ood: pick('ood-image') };
    }
    if (open?.kind === 'reference' && reference.data) {
      const parts = Object.values(reference.data.ood);
      const dim = reference.data.id.dim;
      const all = new Float32Array(parts.reduce((n, m) => n + m.rows * dim, 0));
      parts.reduce((o, m) => (all.set(m.data.subarray(0, m.rows * dim), o), o + m.rows * dim), 0);
      return { id: reference.data.id, ood: makeMatrix(all, all.length / dim, dim) };
    }
    return undefined;
  }, [open?.kind, stored.data, reference.data]);
  // the run's size is in the key: numbers measured on a run that has grown since are not shown as its numbers
  const key = `${open?.kind}:${open?.id}:${active?.kind === 'set' ? active.id : 'none'}:${tableRows}`;
  // a run still encoding is measured once it is done (its photos would change under the measurement)
  const encoding = useAppStore((s) => open?.kind === 'run' && s.evalProgress?.runId === open.id);
  // shown while the run is read again (the panel must not unmount and close itself), measurable once it is read
  const noRows = rows ? !rows.id.rows || !rows.ood.rows : open?.kind === 'run' && !!stored.data;
  const ready = !!(model && prompts.data && set && !noRows);
  const canRun = ready && !!rows && !stored.isFetching && !encoding;
  const run = () => {
    if (!canRun) return;
    setState({ points: [], busy: true, key });
    void (async () => {
      try {
        const points: CurvePoint[] = [];
        const defaults = model!.manifest.scoring;
        const base = textBaseline({ prompts: prompts.data!, ...rows!, defaults });
        const text = { label: SCORES[base.name].label, auroc: base.auroc, fpr95: base.fpr95 };
        for (const size of curveSizes(set!.files.length)) {
          await new Promise((r) => setTimeout(r, 0)); // let the page paint between sizes
          const seeds = size >= 1000 || size === set!.files.length ? [0] : [0, 1, 2];
          points.push(...sizeCurve({ prompts: prompts.data!, set: set!, ...rows!, defaults, sizes: [size], seeds }));
          setState({ points: [...points], text, busy: true, key });
        }
        setState({ points, text, busy: false, key });
      } catch (e) {
        setState({ points: [], busy: false, error: (e as Error).message, key });
      }
    })();
  };
  const current = state.key === key ? state : { points: [], busy: false };
  return { ...current, run, ready, canRun, encoding };
}
