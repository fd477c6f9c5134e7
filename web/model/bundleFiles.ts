/**
 * One typed reader per optional bundle file, each with the one schema of that file: what the hooks in
 * web/state/modelHooks.ts call. Each returns null when the manifest names no such file.
 */
import { calibrationSchema, type CalibrationFile } from './calibration';
import { readBundleJson, readJson, readManifest } from './loadBundle';
import { negativeLabelsSchema, type Manifest, type NegativeLabels } from './manifest';
import { recipeMetricsSchema, summarise, type BundleSummary, type RecipeMetrics } from './metrics';
import { decodeReferenceEmbeddings, parseReferenceEval, type ReferenceEval } from './referenceEval';
import type { BundleSource } from './sources';
import { parseNormalSet, type NormalSet } from '../ood/exemplars';

export const readNegativeLabels = (source: BundleSource, m: Manifest): Promise<NegativeLabels | null> =>
  readBundleJson(source, m.negativeLabels, negativeLabelsSchema);

export const readCalibration = (source: BundleSource, m: Manifest): Promise<CalibrationFile | null> =>
  readBundleJson(source, m.calibration, calibrationSchema);

/** The bundle's own normal set, checked, and checked to be made with this bundle (same id and dimension). */
export async function readBundledNormalSet(source: BundleSource, m: Manifest): Promise<NormalSet | null> {
  if (!m.normalSet) return null;
  const set = parseNormalSet(new TextDecoder().decode(await source.read(m.normalSet)), m.normalSet);
  if (set.modelId !== m.id || set.dim !== m.embedDim)
    throw new Error(
      `${m.normalSet} was made with model ${set.modelId} (${set.dim}-d), not with this bundle ${m.id} (${m.embedDim}-d)`,
    );
  return set;
}

export const readMetrics = (source: BundleSource, m: Manifest): Promise<RecipeMetrics | null> =>
  readBundleJson(source, m.metrics, recipeMetricsSchema);

/** What the Models screen lists for a bundle it has not loaded: manifest.json and metrics.json only. */
export async function readBundleSummary(source: BundleSource): Promise<BundleSummary> {
  const { manifest } = await readManifest(source);
  return summarise(manifest, await readMetrics(source, manifest).catch(() => null));
}

/** reference_eval.json and its binary, both checked (the binary's size against the JSON's rows × dim). */
export async function readReferenceEval(source: BundleSource, m: Manifest): Promise<ReferenceEval | null> {
  if (!m.referenceEval) return null;
  const data = parseReferenceEval(await readJson(source, m.referenceEval), m.referenceEval);
  const embeddings = data.embeddings
    ? decodeReferenceEmbeddings(await source.read(data.embeddings.file), data.embeddings)
    : null;
  return { data, embeddings };
}

/** A bundle's reference evaluation with what shows it: its manifest and the recipe's figures. */
export interface ReferenceBundle {
  manifest: Manifest;
  /** null when the bundle ships none. */
  reference: ReferenceEval | null;
  /** null when the bundle has no metrics.json or it cannot be read: the figures are extras. */
  metrics: RecipeMetrics | null;
}

/** Any bundle's reference evaluation (the active one, or a bundled one beside it), with its manifest and metrics. */
export async function readReferenceBundle(source: BundleSource, manifest?: Manifest): Promise<ReferenceBundle> {
  const m = manifest ?? (await readManifest(source)).manifest;
  if (!m.referenceEval) return { manifest: m, reference: null, metrics: null };
  const [reference, metrics] = await Promise.all([
    readReferenceEval(source, m),
    readMetrics(source, m).catch(() => null),
  ]);
  return { manifest: m, reference, metrics };
}
