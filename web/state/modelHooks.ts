/**
 * The model API: the one door from screens to the loaded model (web/model, web/inference and what is computed
 * from the bundle's files). Screens import from here, never from those folders.
 *
 *   useActiveModel()              ActiveModel | null    manifest, backend (ep, reason, adapter), source, timings
 *   useManifest()                 Manifest | undefined
 *   useInference()                InferenceClient       encodeImages(blobs|bitmaps|tensors, batch), encodeTexts(strings)
 *   useClassEmbeddings(set?)      query → EmbeddingMatrix (K×D, normalised, mean over templates, renormalised);
 *                                 `set` = other classes/templates (an edited class list), null = disabled
 *   useNegativeEmbeddings()       query → EmbeddingMatrix | null (negative_labels.json through the loaded text encoder)
 *   usePromptEmbeddings()         query → PromptEmbeddings for web/ood/scores (classes, negatives, logitScale)
 *   useCalibration()              query → calibration.json | null
 *   useReferenceEval(select?)     query → the active bundle's ReferenceBundle (reference_eval.json + .bin + metrics.json)
 *   useReferenceEmbeddings()      query → its embeddings split by set (web/ood/reference.ts) | null
 *   useReferenceTable()           query → its EvalTable (web/eval/reference.ts) | null
 *   useBundledReferenceEvals(entries, select)   queries → each bundled model's ReferenceBundle, through `select`
 *   useModelIndex()               query → models/index.json;  bundledModelSource(entry) → its BundleSource
 *   useBundledSummaries(entries)  queries → each bundled model's BundleSummary (Models screen)
 *   runWithModel(options)         a batch evaluation (web/eval/runner.ts) encoding with the loaded model
 *
 * Query keys carry the model's loadId where the data comes from the worker, so everything recomputes after a model
 * switch and nothing is computed twice; a bundle file is read once per source (`['referenceEval', source.key]`).
 * Outside React: `useAppStore.getState().activeModel`, and `runWithModel` (web/state/evaluateActions.ts runs with it).
 */
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { tableFromReference } from '../eval/reference';
import { runEvaluation, type RunOptions, type RunOutcome } from '../eval/runner';
import { makeThumbnail } from '../preprocess/thumbnail';
import { naturalCaptionHeldOut } from '../ood/captionCheck';
import type { EvalTable } from '../eval/types';
import { encodeClassPrompts, encodeNegativeLabels } from '../inference/prompts';
import {
  readBundleSummary,
  readCalibration,
  readNegativeLabels,
  readReferenceBundle,
  type ReferenceBundle,
} from '../model/bundleFiles';
import type { BundleSummary } from '../model/metrics';
import type { CalibrationFile } from '../model/calibration';
import { modelIndexSchema, parseJsonText, parseWith, type Manifest, type ModelIndex } from '../model/manifest';
import { bundledSource, UrlSource, type BundleSource } from '../model/sources';
import type { EmbeddingMatrix } from '../ood/linalg';
import { referenceEmbeddings, type ReferenceEmbeddings } from '../ood/reference';
import type { PromptEmbeddings } from '../ood/scores/types';
import { getInferenceClient } from './inferenceClient';
import type { ActiveModel } from './modelSlice';
import { useAppStore } from './store';

// What screens may name of the model rooms, re-exported so they need no path into them.
export type { ImageScorer } from '../eval/scorer';
export type { BackendInfo } from '../inference/protocol';
export type { Manifest, ModelIndex } from '../model/manifest';
export type { BundleSummary, RecipeFigures } from '../model/metrics';
export type { ReferenceBundle } from '../model/bundleFiles';
export type { BundleSource } from '../model/sources';
export type { RunOptions, RunOutcome } from '../eval/runner';
export { tableFromReference } from '../eval/reference';
export {
  averagedSets,
  decodeReferenceEmbeddings,
  parseReferenceEval,
  type ReferenceEval,
} from '../model/referenceEval';
export { figuresFromMetrics } from '../model/metrics';
// Where a model comes from, and the download cache: the Models screen's part of the API.
export { FilesSource, UrlSource, filesFromDataTransfer, filesFromList } from '../model/sources';
export { cacheProblems, clearCache, listCache } from '../model/cache';

export const useActiveModel = (): ActiveModel | null => useAppStore((s) => s.activeModel);
export const useManifest = (): Manifest | undefined => useAppStore((s) => s.activeModel?.manifest);
export const useInference = getInferenceClient;

/**
 * A batch evaluation run (web/eval/runner.ts) whose images go through the loaded model's worker, `batch` images per
 * inference call; `onEncoded` counts them (the e2e hook checks a resume repeats no work).
 */
/** Side of the example thumbnails kept with a run (longest side, px): big enough for a projector row of six. */
const EXAMPLE_THUMB_PX = 128;

export function runWithModel(
  o: Omit<RunOptions, 'encoder'> & { batch: number; onEncoded?: (n: number) => void },
): Promise<RunOutcome> {
  const { batch, onEncoded, ...options } = o;
  return runEvaluation({
    thumbnail: (b) => makeThumbnail(b, EXAMPLE_THUMB_PX), // Present's example photos (web/eval/examples.ts)
    ...options,
    encoder: {
      async encodeImages(blobs) {
        const r = await getInferenceClient().encodeImages(blobs, batch);
        onEncoded?.(r.n);
        return r;
      },
    },
  });
}

const MODELS_BASE = `${import.meta.env.BASE_URL}models/`;

/** The source of a model listed in models/index.json. */
export const bundledModelSource = (entry: ModelIndex['models'][number]): BundleSource =>
  bundledSource(entry.id, entry.path, MODELS_BASE);

/** models/index.json, through the same cached source as the bundles so an offline second visit still finds it. */
async function fetchModelIndex(): Promise<ModelIndex> {
  const bytes = await new UrlSource(MODELS_BASE, 'bundled models').read('index.json');
  return parseWith(
    modelIndexSchema,
    parseJsonText(new TextDecoder().decode(bytes), 'models/index.json'),
    'models/index.json',
  );
}

export function useModelIndex(): UseQueryResult<ModelIndex> {
  return useQuery({ queryKey: ['modelIndex'], queryFn: fetchModelIndex, staleTime: Infinity, retry: false });
}

type ClassSet = Pick<Manifest, 'classes' | 'promptTemplates'>;

/** The bundle's class prompts, or (with `set`) another class list's; `null` disables the query. */
export function useClassEmbeddings(set?: ClassSet | null): UseQueryResult<EmbeddingMatrix> {
  const model = useActiveModel();
  return useQuery({
    queryKey: set
      ? ['classEmbeddings', model?.loadId, set.classes, set.promptTemplates]
      : ['classEmbeddings', model?.loadId],
    queryFn: () =>
      encodeClassPrompts(
        getInferenceClient(),
        set ? { ...model!.manifest, classes: set.classes, promptTemplates: set.promptTemplates } : model!.manifest,
      ),
    enabled: !!model && set !== null,
    staleTime: Infinity,
  });
}

export function useNegativeEmbeddings(): UseQueryResult<EmbeddingMatrix | null> {
  const model = useActiveModel();
  return useQuery({
    queryKey: ['negativeEmbeddings', model?.loadId],
    queryFn: async () => {
      const negatives = await readNegativeLabels(model!.source, model!.manifest);
      return negatives ? encodeNegativeLabels(getInferenceClient(), negatives) : null;
    },
    enabled: !!model,
    staleTime: Infinity,
  });
}

export function usePromptEmbeddings(): UseQueryResult<PromptEmbeddings> {
  const model = useActiveModel();
  const classes = useClassEmbeddings();
  const negatives = useNegativeEmbeddings();
  return useQuery({
    queryKey: ['promptEmbeddings', model?.loadId, classes.dataUpdatedAt, negatives.dataUpdatedAt],
    queryFn: () => ({
      classes: classes.data!,
      negatives: negatives.data ?? undefined,
      logitScale: model!.manifest.logitScale,
    }),
    enabled: !!model && classes.isSuccess && (negatives.isSuccess || negatives.isError),
    staleTime: Infinity,
  });
}

export function useCalibration(): UseQueryResult<CalibrationFile | null> {
  const model = useActiveModel();
  return useQuery({
    queryKey: ['calibration', model?.source.key],
    queryFn: () => readCalibration(model!.source, model!.manifest),
    enabled: !!model,
    staleTime: Infinity,
    retry: false,
  });
}

/**
 * The bundle's hand-written everyday captions (calibration.json `caption_natural`) through this app's own text
 * encoder: what the Check screen needs to measure its caption check on ordinary captions. null: the bundle has none.
 */
export function useNaturalCaptionEncodings(): UseQueryResult<{
  embeddings: EmbeddingMatrix;
  words: number[];
  unknown: number[];
  /** the pairs to measure on (held out of the agreement reference: web/ood/captionCheck.ts) */
  heldOut: { caption: number[]; agreement: number[] };
} | null> {
  const model = useActiveModel();
  const calibration = useCalibration();
  return useQuery({
    queryKey: ['naturalCaptions', model?.loadId, calibration.dataUpdatedAt],
    queryFn: async () => {
      const natural = calibration.data?.caption_natural;
      const heldOut = naturalCaptionHeldOut(calibration.data);
      if (!natural?.captions.length || !heldOut) return null;
      const r = await getInferenceClient().encodeTexts(natural.captions);
      return {
        embeddings: { data: r.embeddings, rows: r.n, dim: r.dim },
        words: r.words,
        unknown: r.unknown,
        heldOut,
      };
    },
    enabled: !!model && calibration.isSuccess,
    staleTime: Infinity,
  });
}

/** One query per bundle source for its reference files, whichever screen (or the comparison) asks first. */
const referenceQuery = (source: BundleSource | undefined, manifest?: Manifest) => ({
  queryKey: ['referenceEval', source?.key],
  queryFn: () => readReferenceBundle(source!, manifest),
  enabled: !!source,
  staleTime: Infinity,
  retry: false,
  structuralSharing: false,
});

const identity = <T>(x: T): T => x;

/**
 * The active bundle's reference evaluation, read once for every screen; `select` (a stable function) derives what a
 * screen shows from it, computed once per observer and data. A `select` that throws puts the query in error.
 */
export function useReferenceEval(): UseQueryResult<ReferenceBundle>;
export function useReferenceEval<T>(select: (r: ReferenceBundle) => T): UseQueryResult<T>;
export function useReferenceEval<T>(select: (r: ReferenceBundle) => T = identity as never): UseQueryResult<T> {
  const model = useActiveModel();
  return useQuery({ ...referenceQuery(model?.source, model?.manifest), select });
}

const selectEmbeddings = (r: ReferenceBundle) => (r.reference ? referenceEmbeddings(r.reference) : null);
const selectTable = (r: ReferenceBundle) =>
  r.reference ? tableFromReference(r.reference.data, r.manifest.classes) : null;

export const useReferenceEmbeddings = (): UseQueryResult<ReferenceEmbeddings | null> =>
  useReferenceEval(selectEmbeddings);
export const useReferenceTable = (): UseQueryResult<EvalTable | null> => useReferenceEval(selectTable);

/** Each bundled model's reference evaluation, through `select` (a stable function, as for useReferenceEval). */
export function useBundledReferenceEvals<T>(
  entries: ModelIndex['models'],
  select: (r: ReferenceBundle) => T,
): UseQueryResult<T>[] {
  return useQueries({ queries: entries.map((entry) => ({ ...referenceQuery(bundledModelSource(entry)), select })) });
}

/** Each bundled model's summary (manifest words, the recipe's figures) for the Models screen, without loading it. */
export function useBundledSummaries(entries: ModelIndex['models']): UseQueryResult<BundleSummary>[] {
  return useQueries({
    queries: entries.map((entry) => ({
      queryKey: ['bundleSummary', entry.id],
      queryFn: () => readBundleSummary(bundledModelSource(entry)),
      staleTime: Infinity,
      retry: false,
    })),
  });
}
