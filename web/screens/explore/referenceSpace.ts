/**
 * The bundle's reference evaluation as an embedding space: reference_eval.json (sets, scores, which rows of the
 * subsample belong to which set, class/negative prompt embeddings) + reference_embeddings.bin (float32 rows),
 * and the recipe's own figures from metrics.json. No React; `loadReference` reads any bundle, active or not,
 * so FLYP and CMA can sit side by side.
 */
import { tableFromReference } from '../../eval/reference';
import type { EvalTable } from '../../eval/types';
import { parseJsonText, parseManifest, type Manifest } from '../../model/manifest';
import type { BundleSource } from '../../model/sources';
import { fillTemplate } from '../../text/template';
import { combineSources, MixedSpacesError, type EmbeddingPoint, type EmbeddingSource, type EmbeddingSpace } from '../../views/projection/dataset';

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface RecipeFigures {
  /** The recipe's model name in metrics.json ("cma", "flyp"). */
  model: string;
  modalityGap?: number;
  alignment?: number;
  uniformityImage?: number;
  uniformityText?: number;
  /** Per score: average FPR95 / AUROC over the recipe's averaged OoD sets, in percent. */
  avg: Record<string, { fpr95: number; auroc: number }>;
  idAcc?: number;
}

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

/** The OoD sets whose metrics the recipe averages (`in_avg: true`); null when the file does not say. */
export function averagedSets(ref: unknown): string[] | null {
  if (!isObj(ref) || !Array.isArray(ref.sets)) return null;
  const ood = (ref.sets as Json[]).filter((s) => s.kind === 'ood');
  if (!ood.some((s) => typeof s.in_avg === 'boolean')) return null;
  return ood.filter((s) => s.in_avg !== false).map((s) => String(s.name));
}

function rows2d(x: unknown, dim: number, what: string): Float32Array {
  if (!Array.isArray(x)) throw new Error(`reference_eval.json: ${what} is missing`);
  const out = new Float32Array(x.length * dim);
  x.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== dim) throw new Error(`reference_eval.json: ${what} row ${i} has ${Array.isArray(row) ? row.length : 'no'} numbers, expected ${dim}`);
    for (let j = 0; j < dim; j++) out[i * dim + j] = Number(row[j]);
  });
  return out;
}

/** Pure: the parsed JSON + the binary file + the manifest → embedding sources. */
export function sourcesFromReference(ref: unknown, bin: ArrayBuffer, manifest: Pick<Manifest, 'id' | 'embedDim' | 'classes' | 'promptTemplates'>): EmbeddingSource[] {
  if (!isObj(ref) || !Array.isArray(ref.sets)) throw new Error('reference_eval.json: expected an object with "sets"');
  const emb = isObj(ref.embeddings) ? ref.embeddings : {};
  const dim = Number(emb.dim ?? manifest.embedDim);
  if (dim !== manifest.embedDim) {
    throw new MixedSpacesError(`reference_embeddings.bin holds ${dim}-dimensional rows but the model "${manifest.id}" embeds into ${manifest.embedDim} dimensions: the reference evaluation belongs to another model.`);
  }
  const nRows = Number(emb.rows ?? bin.byteLength / 4 / dim);
  if (bin.byteLength !== nRows * dim * 4) {
    throw new Error(`reference_embeddings.bin: ${bin.byteLength} bytes, expected ${nRows} rows × ${dim} × 4 = ${nRows * dim * 4}.`);
  }
  const all = new Float32Array(bin.slice(0)); // little-endian float32, as every browser
  const idSet = typeof ref.id_set === 'string' ? ref.id_set : '';
  const points: EmbeddingPoint[] = new Array(nRows);
  for (const s of ref.sets as Json[]) {
    const range = s.embedding_rows;
    if (!Array.isArray(range)) continue;
    const [a, b] = range as number[];
    if (!(a >= 0 && b <= nRows && a <= b)) throw new Error(`reference_eval.json: set "${String(s.name)}" has rows ${a}–${b} outside the ${nRows} stored rows.`);
    const name = String(s.name);
    const isId = s.kind === 'id' || (s.kind === undefined && name === idSet);
    const index = Array.isArray(s.embedding_index) ? (s.embedding_index as number[]) : [];
    const labels = Array.isArray(s.labels) ? (s.labels as number[]) : null;
    const scores = isObj(s.embedding_scores) ? (s.embedding_scores as Record<string, number[]>) : {};
    for (let r = a; r < b; r++) {
      const j = r - a;
      const src = index[j] ?? j;
      const sc: Record<string, number> = {};
      for (const [k, v] of Object.entries(scores)) if (Array.isArray(v) && typeof v[j] === 'number') sc[k] = v[j];
      points[r] = { kind: isId ? 'id-image' : 'ood-image', name: `${name}/${src}`, set: name, classIndex: isId && labels ? (labels[src] ?? -1) : -1, scores: sc };
    }
  }
  const missing = points.findIndex((p) => !p);
  if (missing >= 0) throw new Error(`reference_eval.json: row ${missing} of reference_embeddings.bin belongs to no set.`);
  const origin = `reference evaluation of ${manifest.id}`;
  const sources: EmbeddingSource[] = [{ origin, modelId: manifest.id, dim, vectors: all, points }];
  const template = manifest.promptTemplates[0] ?? '{}';
  if (Array.isArray(ref.class_text_embeds)) {
    const v = rows2d(ref.class_text_embeds, dim, 'class_text_embeds');
    sources.push({
      origin: `class prompts of ${manifest.id}`, modelId: manifest.id, dim, vectors: v,
      points: Array.from({ length: v.length / dim }, (_, c) => ({ kind: 'class-text' as const, name: fillTemplate(template, manifest.classes[c] ?? `class ${c}`), set: 'class prompts', classIndex: c })),
    });
  }
  if (Array.isArray(ref.neg_text_embeds) && ref.neg_text_embeds.length) {
    const v = rows2d(ref.neg_text_embeds, dim, 'neg_text_embeds');
    const words = Array.isArray(ref.neg_labels) ? (ref.neg_labels as string[]) : [];
    sources.push({
      origin: `negative prompts of ${manifest.id}`, modelId: manifest.id, dim, vectors: v,
      points: Array.from({ length: v.length / dim }, (_, j) => ({ kind: 'neg-text' as const, name: words[j] ?? `negative ${j}`, set: 'negative prompts', classIndex: -1 })),
    });
  }
  return sources;
}

/** The recipe's numbers for the model this reference evaluation belongs to (`ref.model`). */
export function figuresFromMetrics(metrics: unknown, model: string): RecipeFigures | null {
  if (!isObj(metrics) || !model) return null;
  const pick = (x: unknown): number | undefined => (typeof x === 'number' ? x : isObj(x) && typeof x[model] === 'number' ? (x[model] as number) : undefined);
  const geom = isObj(metrics.geometry) && isObj(metrics.geometry[model]) ? (metrics.geometry[model] as Json) : {};
  const avg: RecipeFigures['avg'] = {};
  let idAcc: number | undefined;
  for (const row of Array.isArray(metrics.results) ? (metrics.results as Json[]) : []) {
    if (row.model !== model || !isObj(row.avg)) continue;
    avg[String(row.score)] = { fpr95: Number(row.avg.fpr95), auroc: Number(row.avg.auroc) };
    if (typeof row.id_acc === 'number') idAcc = row.id_acc;
  }
  return {
    model,
    modalityGap: pick(metrics.modality_gap),
    alignment: typeof geom.alignment === 'number' ? geom.alignment : undefined,
    uniformityImage: typeof geom.uniformity_image === 'number' ? geom.uniformity_image : undefined,
    uniformityText: typeof geom.uniformity_text === 'number' ? geom.uniformity_text : undefined,
    avg,
    idAcc,
  };
}

const decoder = new TextDecoder();
const readJson = async (source: BundleSource, file: string) => parseJsonText(decoder.decode(await source.read(file)), file);

/** Reads manifest, reference evaluation, its embeddings and metrics.json of any bundle. */
export async function loadReference(source: BundleSource, manifest?: Manifest): Promise<ReferenceData> {
  const m = manifest ?? parseManifest(await readJson(source, 'manifest.json'), 'manifest.json');
  if (!m.referenceEval) throw new Error(`${m.name}: this bundle has no reference evaluation (no "referenceEval" in manifest.json).`);
  const ref = await readJson(source, m.referenceEval);
  const embFile = isObj(ref) && isObj(ref.embeddings) && typeof ref.embeddings.file === 'string' ? ref.embeddings.file : 'reference_embeddings.bin';
  const [bin, metrics] = await Promise.all([source.read(embFile), m.metrics ? readJson(source, m.metrics).catch(() => null) : Promise.resolve(null)]);
  const sources = sourcesFromReference(ref, bin, m);
  const table = tableFromReference(ref, m.classes);
  const model = isObj(ref) && typeof ref.model === 'string' ? ref.model : '';
  return { manifest: m, sources, space: combineSources(sources, m.classes), table, figures: figuresFromMetrics(metrics, model), avgSets: averagedSets(ref) };
}
