/** Class-prompt embeddings: mean over templates of normalised template embeddings, renormalised (real tiny ONNX text tower). */
import { expect, it } from 'vitest';
import { encodeClassPrompts, encodeNegativeLabels } from '../../web/inference/prompts';
import { openBundle, readManifest, tinyBundle } from './nodeBundle';

it('averages the templates per class and renormalises', async () => {
  const manifest = readManifest(tinyBundle);
  expect(manifest.promptTemplates.length).toBeGreaterThan(1);
  const enc = await openBundle(tinyBundle, manifest);
  const client = { encodeTexts: async (t: string[]) => ({ ...(await enc.encodeTexts(t)), n: t.length, ms: 0 }) };
  const m = await encodeClassPrompts(client, manifest);
  expect(m.rows).toBe(manifest.classes.length);
  const d = m.dim;
  const k = manifest.classes.indexOf('cat');
  const each = await enc.encodeTexts(manifest.promptTemplates.map((t) => t.replace('{}', 'cat')));
  const mean = new Float64Array(d);
  for (let j = 0; j < each.truncated.length; j++) for (let i = 0; i < d; i++) mean[i] += each.embeddings[j * d + i];
  const norm = Math.hypot(...mean);
  for (let i = 0; i < d; i++) expect(m.data[k * d + i]).toBeCloseTo(mean[i] / norm, 6);
  const neg = await encodeNegativeLabels(client, { labels: ['keyboard', 'valley'], template: 'a photo of a {}.' });
  expect([neg.rows, neg.dim]).toEqual([2, d]);
  await enc.release();
});
