/**
 * What Explore (and Present) draw for the active model: the open evaluation run's embeddings when it has them, else the
 * bundle's reference evaluation subsample; plus its ID class prompts, negative prompts and the photos checked on the
 * Check screen. Mixed spaces are refused per source with a message; what remains is still drawn. Pure: the hook in
 * web/screens/explore/useExploreData.ts gathers the inputs (model, queries, store) and memoises this.
 */
import type { Manifest } from '../model/manifest';
import {
  checkCompatible,
  combineSources,
  MixedSpacesError,
  type EmbeddingSource,
  type EmbeddingSpace,
} from './embeddingSpace';
import { sourceFromChecked, sourceFromNormalSet, type CheckedPhoto } from './liveSources';
import type { NormalSet } from '../ood/exemplars';
import type { RecipeFigures, ReferenceData } from './referenceSpace';
import type { RunExamples } from './examples';
import type { EvalTable } from './types';

export interface ExploreData {
  manifest: Manifest | null;
  space: EmbeddingSpace | null;
  table: EvalTable | null;
  figures: RecipeFigures | null;
  /** "reference evaluation" or the run's name. */
  origin: string;
  /** Changes whenever the drawn data changes. */
  dataKey: string;
  loading: boolean;
  /** Sources refused, and other things the person should know. */
  notices: string[];
  error: string | null;
  /** Whether the table is a run of the person's own (not the reference), and that run's example photos. */
  fromRun: boolean;
  examples?: RunExamples;
}

/** A query's state as far as this needs it. */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
}

export interface ExploreInput {
  model: { manifest: Manifest; loadId: number } | null;
  /** The active bundle's reference evaluation (null: it ships none). */
  reference: Loaded<ReferenceData | null>;
  /** The open run read for the map (web/eval/session.ts readRunForMap). */
  run: Loaded<{ source: EmbeddingSource; table: EvalTable; name: string; examples?: RunExamples }>;
  checked: CheckedPhoto[];
  /** the normal set in force, when the person asked to see it (null: not shown) */
  normalSet?: NormalSet | null;
  /** What Evaluate has open, so its score and threshold stay linked (the same table object). */
  evalOpen: { kind: 'reference' | 'run'; id: string } | null;
  evalTable: EvalTable | null;
}

export function exploreData({
  model,
  reference,
  run,
  checked: history,
  normalSet,
  evalOpen,
  evalTable,
}: ExploreInput): ExploreData {
  const manifest = model?.manifest ?? null;
  const notices: string[] = [];
  const base: ExploreData = {
    manifest,
    space: null,
    table: null,
    figures: reference.data?.figures ?? null,
    origin: '',
    dataKey: '',
    loading: false,
    notices,
    error: null,
    fromRun: false,
  };
  if (!model) return { ...base, error: 'No model loaded yet.' };
  if (reference.isLoading || run.isLoading) return { ...base, loading: true };
  // Every source must live in the active model's space; refused ones are named in a notice.
  const active: EmbeddingSource = {
    origin: `the loaded model "${model.manifest.id}"`,
    modelId: model.manifest.id,
    dim: model.manifest.embedDim,
    vectors: new Float32Array(0),
    points: [],
  };
  const fits = (s: EmbeddingSource): boolean => {
    try {
      checkCompatible(active, s);
      return true;
    } catch (e) {
      if (!(e instanceof MixedSpacesError)) throw e;
      notices.push(`Not drawn: ${e.message}`);
      return false;
    }
  };
  const kept: EmbeddingSource[] = [];
  let table: EvalTable | null = null;
  let origin = 'reference evaluation';
  let fromRun = false;
  const ref = reference.data;
  if (run.data && run.data.source.points.length > 0 && fits(run.data.source)) {
    kept.push(run.data.source);
    // Evaluate's own table of this run, so its score and threshold stay linked (same object).
    table = evalTable ?? run.data.table;
    origin = `run "${run.data.name}"`;
    fromRun = true;
  } else {
    if (run.data && run.data.source.points.length === 0)
      notices.push(
        `Run "${run.data.name}" kept no embeddings (imported runs have only scores): showing the reference evaluation.`,
      );
    if (run.error) notices.push(`Could not read the run: ${(run.error as Error).message}`);
    if (ref && fits(ref.sources[0])) {
      kept.push(ref.sources[0]);
      table = evalOpen?.kind === 'reference' && evalOpen.id === model.manifest.id && evalTable ? evalTable : ref.table;
    }
  }
  if (ref) kept.push(...ref.sources.slice(1).filter(fits)); // class and negative prompts of this model
  if (reference.error) notices.push(`Reference evaluation: ${(reference.error as Error).message}`);
  if (!manifest?.referenceEval && !run.data)
    notices.push(`${manifest?.name}: this bundle ships no reference evaluation; run one on the Evaluate screen.`);
  const checked = sourceFromChecked(history, model.manifest.id, model.manifest.embedDim);
  if (checked.source.points.length) kept.push(checked.source);
  if (checked.otherModel)
    notices.push(`${checked.otherModel} checked photo(s) come from another model and are not drawn.`);
  if (checked.noEmbedding)
    notices.push(
      `${checked.noEmbedding} checked photo(s) were saved without their embedding (before this version) and are not drawn; check them again to place them.`,
    );
  if (normalSet) {
    const ns = sourceFromNormalSet(normalSet);
    if (fits(ns)) kept.unshift(ns); // first: drawn under the evaluation's points
  }
  const space = combineSources(kept, manifest!.classes);
  const dataKey = `${model.loadId}|${origin}|${space.points.length}${normalSet ? `|set ${normalSet.createdAt}` : ''}`;
  return {
    ...base,
    space,
    table,
    origin,
    dataKey,
    notices,
    fromRun,
    examples: fromRun ? run.data?.examples : undefined,
  };
}
