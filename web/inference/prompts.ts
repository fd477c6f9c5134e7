/**
 * Prompt embeddings every screen needs, computed with the loaded text encoder (no React here).
 * Class embedding = L2-normalise( mean over templates of the normalised template embeddings ), as OpenAI CLIP's
 * zero-shot ensembling and the recipe's evaluate.py.
 */
import type { Manifest, NegativeLabels } from '../model/manifest';
import { ensembleTemplates, type EmbeddingMatrix } from '../ood/linalg';
import { fillTemplate } from '../text/template';
import type { InferenceClient } from './client';

/** K×D normalised class-prompt embeddings, in manifest.classes order (ensembling: web/ood/linalg.ts). */
export async function encodeClassPrompts(
  client: Pick<InferenceClient, 'encodeTexts'>,
  manifest: Manifest,
): Promise<EmbeddingMatrix> {
  const { classes, promptTemplates } = manifest;
  const r = await client.encodeTexts(classes.flatMap((c) => promptTemplates.map((t) => fillTemplate(t, c))));
  return ensembleTemplates({ data: r.embeddings, rows: r.n, dim: r.dim }, promptTemplates.length);
}

/** M×D normalised negative-label embeddings (negative_labels.json, each label put in its template). */
export async function encodeNegativeLabels(
  client: Pick<InferenceClient, 'encodeTexts'>,
  negatives: NegativeLabels,
): Promise<EmbeddingMatrix> {
  const r = await client.encodeTexts(negatives.labels.map((l) => fillTemplate(negatives.template, l)));
  return { data: r.embeddings, rows: r.n, dim: r.dim };
}
