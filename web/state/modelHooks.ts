/**
 * What other screens use to reach the loaded model (the public API of web/model + web/inference):
 *
 *   useActiveModel()          ActiveModel | null    manifest, backend (ep, reason, adapter), source, timings
 *   useManifest()             Manifest | undefined
 *   useInference()            InferenceClient       encodeImages(blobs|bitmaps|tensors, batch), encodeTexts(strings)
 *   useClassEmbeddings()      query → EmbeddingMatrix (K×D, normalised, mean over templates, renormalised)
 *   useNegativeEmbeddings()   query → EmbeddingMatrix | null (negative_labels.json through the loaded text encoder)
 *   usePromptEmbeddings()     query → PromptEmbeddings for web/ood/scores (classes, negatives, logitScale)
 *   useBundleJson(field, schema)  query → an optional bundle file ('calibration' | 'referenceEval' | 'metrics' | 'fixtures')
 *   useModelIndex()           query → models/index.json
 *
 * Query keys carry the model's loadId, so everything recomputes after a model switch and nothing is computed twice.
 * Outside React: `useAppStore.getState().activeModel`, `getInferenceClient()`, and web/inference/prompts.ts.
 */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { z } from 'zod';
import { encodeClassPrompts, encodeNegativeLabels } from '../inference/prompts';
import { readBundleJson } from '../model/loadBundle';
import { UrlSource } from '../model/sources';
import { modelIndexSchema, negativeLabelsSchema, parseJsonText, parseWith, type Manifest, type ModelIndex } from '../model/manifest';
import type { EmbeddingMatrix } from '../ood/linalg';
import type { PromptEmbeddings } from '../ood/scores/types';
import { getInferenceClient } from './inferenceClient';
import type { ActiveModel } from './modelSlice';
import { useAppStore } from './store';

export const useActiveModel = (): ActiveModel | null => useAppStore((s) => s.activeModel);
export const useManifest = (): Manifest | undefined => useAppStore((s) => s.activeModel?.manifest);
export const useInference = getInferenceClient;

export const MODELS_BASE = `${import.meta.env.BASE_URL}models/`;

/** models/index.json, through the same cached source as the bundles so an offline second visit still finds it. */
export async function fetchModelIndex(): Promise<ModelIndex> {
  const bytes = await new UrlSource(MODELS_BASE, 'bundled models').read('index.json');
  return parseWith(modelIndexSchema, parseJsonText(new TextDecoder().decode(bytes), 'models/index.json'), 'models/index.json');
}

export function useModelIndex(): UseQueryResult<ModelIndex> {
  return useQuery({ queryKey: ['modelIndex'], queryFn: fetchModelIndex, staleTime: Infinity, retry: false });
}

export function useClassEmbeddings(): UseQueryResult<EmbeddingMatrix> {
  const model = useActiveModel();
  return useQuery({
    queryKey: ['classEmbeddings', model?.loadId],
    queryFn: () => encodeClassPrompts(getInferenceClient(), model!.manifest),
    enabled: !!model,
    staleTime: Infinity,
  });
}

export function useNegativeEmbeddings(): UseQueryResult<EmbeddingMatrix | null> {
  const model = useActiveModel();
  return useQuery({
    queryKey: ['negativeEmbeddings', model?.loadId],
    queryFn: async () => {
      const negatives = await readBundleJson(model!.source, model!.manifest.negativeLabels, negativeLabelsSchema);
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
    queryFn: () => ({ classes: classes.data!, negatives: negatives.data ?? undefined, logitScale: model!.manifest.logitScale }),
    enabled: !!model && classes.isSuccess && (negatives.isSuccess || negatives.isError),
    staleTime: Infinity,
  });
}

type OptionalFile = 'calibration' | 'referenceEval' | 'metrics' | 'fixtures' | 'negativeLabels';

/** An optional JSON file of the active bundle, validated with the caller's schema; null when the manifest names none. */
export function useBundleJson<T>(field: OptionalFile, schema: z.ZodType<T>): UseQueryResult<T | null> {
  const model = useActiveModel();
  return useQuery({
    queryKey: ['bundleJson', field, model?.loadId],
    queryFn: () => readBundleJson(model!.source, model!.manifest[field], schema),
    enabled: !!model,
    staleTime: Infinity,
    retry: false,
  });
}
