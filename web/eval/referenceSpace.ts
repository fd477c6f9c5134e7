/**
 * The bundle's reference evaluation as an embedding space: the reference subsample (rows of reference_embeddings.bin
 * by set), the class and negative prompt embeddings, its table and the recipe's own figures. No React and no file
 * reading: the files are read and checked once by the model API (`useReferenceEval`, `useBundledReferenceEvals`);
 * `referenceData` is their `select`, so FLYP and CMA can sit side by side.
 */
import type { EvalTable } from './types';
import { fillTemplate } from '../text/template';
import type { ReferenceBundle } from '../model/bundleFiles';
import type { Manifest } from '../model/manifest';
import { figuresFromMetrics, type RecipeFigures } from '../model/metrics';
import { averagedSets, type ReferenceEval } from '../model/referenceEval';
import { evaluate, type OodMetrics } from '../ood/metrics';
import { thresholdAtTpr } from '../ood/thresholds';
import { tableFromReference } from './reference';
import { summarise } from './summary';
import {
  combineSources,
  MixedSpacesError,
  type EmbeddingPoint,
  type EmbeddingSource,
  type EmbeddingSpace,
} from './embeddingSpace';

export type { RecipeFigures };

export interface ReferenceData {
  manifest: Manifest;
  /** Reference subsample + class prompts + negative prompts. */
  sources: EmbeddingSource[];
  space: EmbeddingSpace;
  table: EvalTable;
  figures: RecipeFigures | null;
  /** OoD sets the recipe averages over (`in_avg` in reference_eval.json); null = all of them. */
  avgSets: string[] | null;
}

function rows2d(x: number[][], dim: number, what: string): Float32Array {
  const out = new Float32Array(x.length * dim);
  x.forEach((row, i) => {
    if (row.length !== dim)
      throw new Error(`reference_eval.json: ${what} row ${i} has ${row.length} numbers, expected ${dim}`);
    out.set(row, i * dim);
  });
  return out;
}

/** Pure: the parsed reference evaluation (its rows decoded) + the manifest → embedding sources. */
export function sourcesFromReference(
  ref: ReferenceEval,
  manifest: Pick<Manifest, 'id' | 'embedDim' | 'classes' | 'promptTemplates'>,
): EmbeddingSource[] {
  const { data, embeddings } = ref;
  if (!data.embeddings || !embeddings)
    throw new Error('reference_eval.json: no "embeddings" entry (reference_embeddings.bin)');
  const { dim, rows: nRows } = data.embeddings;
  if (dim !== manifest.embedDim) {
    throw new MixedSpacesError(
      `reference_embeddings.bin holds ${dim}-dimensional rows but the model "${manifest.id}" embeds into ${manifest.embedDim} dimensions: the reference evaluation belongs to another model.`,
    );
  }
  const points: EmbeddingPoint[] = new Array(nRows);
  for (const s of data.sets) {
    if (!s.embedding_rows) continue;
    const [a, b] = s.embedding_rows; // within the stored rows: checked when the file was read
    const isId = s.kind === 'id';
    const index = s.embedding_index ?? [];
    const labels = s.labels ?? null;
    const scores = s.embedding_scores ?? {};
    for (let r = a; r < b; r++) {
      const j = r - a;
      const src = index[j] ?? j;
      const sc: Record<string, number> = {};
      for (const [k, v] of Object.entries(scores)) if (typeof v[j] === 'number') sc[k] = v[j];
      points[r] = {
        kind: isId ? 'id-image' : 'ood-image',
        name: `${s.name}/${src}`,
        set: s.name,
        classIndex: isId && labels ? (labels[src] ?? -1) : -1,
        scores: sc,
      };
    }
  }
  const missing = points.findIndex((p) => !p);
  if (missing >= 0)
    throw new Error(`reference_eval.json: row ${missing} of reference_embeddings.bin belongs to no set.`);
  const origin = `reference evaluation of ${manifest.id}`;
  const sources: EmbeddingSource[] = [{ origin, modelId: manifest.id, dim, vectors: embeddings, points }];
  const template = manifest.promptTemplates[0] ?? '{}';
  if (data.class_text_embeds) {
    const v = rows2d(data.class_text_embeds, dim, 'class_text_embeds');
    sources.push({
      origin: `class prompts of ${manifest.id}`,
      modelId: manifest.id,
      dim,
      vectors: v,
      points: Array.from({ length: v.length / dim }, (_, c) => ({
        kind: 'class-text' as const,
        name: fillTemplate(template, manifest.classes[c] ?? `class ${c}`),
        set: 'class prompts',
        classIndex: c,
      })),
    });
  }
  if (data.neg_text_embeds?.length) {
    const v = rows2d(data.neg_text_embeds, dim, 'neg_text_embeds');
    const words = data.neg_labels ?? [];
    sources.push({
      origin: `negative prompts of ${manifest.id}`,
      modelId: manifest.id,
      dim,
      vectors: v,
      points: Array.from({ length: v.length / dim }, (_, j) => ({
        kind: 'neg-text' as const,
        name: words[j] ?? `negative ${j}`,
        set: 'negative prompts',
        classIndex: -1,
      })),
    });
  }
  return sources;
}

/** Everything Explore draws of a bundle's reference evaluation; a `select` of the model API's reference queries. */
export function referenceData({ manifest: m, reference, metrics }: ReferenceBundle): ReferenceData {
  if (!reference)
    throw new Error(`${m.name}: this bundle has no reference evaluation (no "referenceEval" in manifest.json).`);
  const sources = sourcesFromReference(reference, m);
  const table = tableFromReference(reference.data, m.classes);
  const figures = metrics ? figuresFromMetrics(metrics, reference.data.model ?? '') : null;
  return {
    manifest: m,
    sources,
    space: combineSources(sources, m.classes),
    table,
    figures,
    avgSets: averagedSets(reference.data),
  };
}

/** The active model's: null when it ships no reference evaluation (Explore then says so once, not as an error). */
export const activeReferenceData = (b: ReferenceBundle): ReferenceData | null =>
  b.reference ? referenceData(b) : null;

/**
 * The side-by-side numbers of one bundle's reference evaluation for a score: ID accuracy at the TPR-95 threshold, and
 * FPR95/AUROC averaged over the same OoD sets as the recipe (it leaves out sets marked in_avg: false), so the
 * columns compare with the recipe's figures; `nAvg` is how many sets that average has.
 */
export function referenceNumbers(
  data: Pick<ReferenceData, 'table' | 'avgSets'>,
  scoreName: string,
): { idAccuracy: number | null; average: OodMetrics | null; nAvg: number } {
  const { table, avgSets } = data;
  const id = table.sets.filter((x) => x.kind === 'id').flatMap((x) => x.scores[scoreName] ?? []);
  const s =
    id.length && table.scoreNames.includes(scoreName) ? summarise(table, scoreName, thresholdAtTpr(id, 0.95)) : null;
  const ood = table.sets.filter(
    (x) => x.kind === 'ood' && (!avgSets || avgSets.includes(x.name)) && (x.scores[scoreName]?.length ?? 0) > 0,
  );
  const average =
    id.length && ood.length
      ? evaluate(id, Object.fromEntries(ood.map((x) => [x.name, x.scores[scoreName]]))).average
      : null;
  const nAvg = avgSets?.length ?? table.sets.filter((x) => x.kind === 'ood').length;
  return { idAccuracy: s?.idAccuracy ?? null, average, nAvg };
}
