/**
 * Prompt embeddings every screen needs, computed with the loaded text encoder (no React here).
 * Class embedding = L2-normalise( mean over templates of the normalised template embeddings ), as OpenAI CLIP's
 * zero-shot ensembling and the recipe's evaluate.py.
 */
import type { Manifest, NegativeLabels } from '../model/manifest';
import type { EmbeddingMatrix } from '../ood/linalg';
import type { InferenceClient } from './client';
import { normalizeRows } from './encoders';

export function fillTemplate(template: string, label: string): string {
  return template.replaceAll('{}', label);
}

/** K×D normalised class-prompt embeddings, in manifest.classes order. */
export async function encodeClassPrompts(client: Pick<InferenceClient, 'encodeTexts'>, manifest: Manifest): Promise<EmbeddingMatrix> {
  const { classes, promptTemplates } = manifest;
  const texts = classes.flatMap((c) => promptTemplates.map((t) => fillTemplate(t, c)));
  const r = await client.encodeTexts(texts);
  const d = r.dim;
  const t = promptTemplates.length;
  const out = new Float32Array(classes.length * d);
  for (let k = 0; k < classes.length; k++) {
    for (let j = 0; j < t; j++) {
      const row = (k * t + j) * d;
      for (let i = 0; i < d; i++) out[k * d + i] += r.embeddings[row + i] / t;
    }
  }
  return { data: normalizeRows(out, d), rows: classes.length, dim: d };
}

/** M×D normalised negative-label embeddings (negative_labels.json, each label put in its template). */
export async function encodeNegativeLabels(client: Pick<InferenceClient, 'encodeTexts'>, negatives: NegativeLabels): Promise<EmbeddingMatrix> {
  const r = await client.encodeTexts(negatives.labels.map((l) => fillTemplate(negatives.template, l)));
  return { data: r.embeddings, rows: r.n, dim: r.dim };
}
