// Normal sets with real parts: the bundled set of each shipped bundle read by the app's parser and scored by web/ood
// against the recipe's own numbers (Python ↔ TypeScript to 1e-6), and a set made from real photo files through the
// app's builder (web/eval/normalSetBuild.ts) with onnxruntime-node sessions behind the app's encoders.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocessDecoded, decodeImage } from '../../cli/decode';
import { buildNormalSet, classFolderOf } from '../../web/eval/normalSetBuild';
import type { SourceFile } from '../../web/eval/sources';
import { decodeReferenceEmbeddings, parseReferenceEval } from '../../web/model/referenceEval';
import { chooseK, MIN_NORMAL_PHOTOS, parseNormalSet, splitBank, withNormalSet } from '../../web/ood/exemplars';
import { makeMatrix, matrixFromRows } from '../../web/ood/linalg';
import { fitScore } from '../../web/ood/scores/registry';
import { indexedBundles, openBundle, photosDir, readManifest } from './nodeBundle';

const bundles = indexedBundles().filter((b) => readManifest(b.dir).normalSet);

describe.skipIf(bundles.length === 0)('the bundled normal sets', () => {
  for (const b of bundles) {
    it(`${b.id}: knn, prototype and fused of the reference rows equal the recipe's to 1e-6`, async () => {
      const m = readManifest(b.dir);
      const set = parseNormalSet(readFileSync(path.join(b.dir, m.normalSet!), 'utf8'), m.normalSet);
      expect(set.modelId).toBe(m.id);
      expect(set.dim).toBe(m.embedDim);
      expect(set.classes).toEqual(m.classes);
      const { bank, calibration } = splitBank(set);
      const json = JSON.parse(readFileSync(path.join(b.dir, m.referenceEval!), 'utf8'));
      const ref = parseReferenceEval(json, 'ref');
      // the recipe's record of the bundled set's scores (the app's schema does not read it)
      const raw = json as { normal_set: { k: number; k_rule: string; text: string; bank_rows: number } };
      expect(raw.normal_set.bank_rows).toBe(bank.rows);
      // k, chosen on the calibration split by the recipe (training/scores.py choose_k), is what the app chooses
      const mine = chooseK({ ...set, knn: undefined });
      expect({ k: mine.k, rule: mine.rule }).toEqual({ k: raw.normal_set.k, rule: raw.normal_set.k_rule });
      expect(set.knn).toEqual({ k: raw.normal_set.k, rule: raw.normal_set.k_rule });
      expect(calibration.rows).toBeGreaterThanOrEqual(2);
      const bin = readFileSync(path.join(b.dir, ref.embeddings!.file));
      const rows = decodeReferenceEmbeddings(
        bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        ref.embeddings!,
      );
      const dim = ref.embeddings!.dim;
      // the recipe's own prompt embeddings (reference_eval.json), so the comparison is of the formulas and the set
      const prompts = withNormalSet(
        {
          classes: matrixFromRows(json.class_text_embeds),
          negatives: matrixFromRows(json.neg_text_embeds),
          logitScale: m.logitScale,
        },
        set,
      );
      const defaults = { ...m.scoring, default: raw.normal_set.text, knnK: raw.normal_set.k };
      for (const name of ['knn', 'prototype', 'fused'] as const) {
        const fitted = fitScore(name, prompts, defaults);
        let worst = 0;
        for (const s of ref.sets) {
          const [a, z] = s.embedding_rows!;
          const mine = fitted.scoreMany(makeMatrix(rows.subarray(a * dim, z * dim), z - a, dim));
          const theirs = s.embedding_scores![name]!;
          for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - theirs[i]!));
        }
        expect(worst, `${b.id} ${name}`).toBeLessThan(1e-6);
      }
    }, 120_000);
  }
});

/** Real photo files as the builder's sources, under a folder named `root`: `root/<class>/<file>` (shared photos sit
 * in id/<class>/), or `root/<file>` with `flat`. */
function photoSources(root: string, rels: string[], flat = false): SourceFile[] {
  return rels.map((rel) => {
    const bytes = readFileSync(path.join(photosDir, rel));
    const [, cls, file] = rel.split('/');
    const key = flat ? `${root}/${file}` : `${root}/${cls}/${file}`;
    return { key, size: bytes.byteLength, read: async () => new Uint8Array(bytes) };
  });
}

const labels = readFileSync(path.join(photosDir, 'labels.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));

describe('making a normal set from photo files', async () => {
  const b = indexedBundles()[0];
  const m = readManifest(b.dir);
  const enc = await openBundle(b.dir, m);
  // the app's encoder interface, over onnxruntime-node: decode, preprocess, one batch
  const encoder = {
    async encodeImages(blobs: Blob[]) {
      const px = await Promise.all(
        blobs.map(async (x) =>
          preprocessDecoded(await decodeImage(new Uint8Array(await x.arrayBuffer()), m.image), m.image),
        ),
      );
      const all = new Float32Array(px.reduce((n, p) => n + p.length, 0));
      px.reduce((o, p) => (all.set(p, o), o + p.length), 0);
      const embeddings = (await enc.encodePixels(all, blobs.length)).slice();
      return { embeddings, n: blobs.length, dim: m.embedDim };
    },
  };
  const idRels = labels.filter((r) => r[1] === 'id').map((r) => r[0]);

  it('keeps embeddings, names, sizes and hashes; counts a duplicate once; labels from class folders', async () => {
    const rels = idRels.slice(0, 24);
    const sources = photoSources('site', rels);
    sources.push({ ...sources[3], key: `site/${rels[3].split('/')[1]}/copy.jpg` }); // same bytes, another name
    const progress: string[] = [];
    const out = await buildNormalSet({
      name: 'site',
      modelId: m.id,
      sources,
      encoder,
      batchSize: 8,
      onProgress: (p) => progress.push(p.phase),
    });
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.set.files).toHaveLength(24);
    expect(out.set.duplicates).toEqual([{ key: `site/${rels[3].split('/')[1]}/copy.jpg`, sameAs: sources[3].key }]);
    expect(out.set.calibration.length).toBe(5); // ⌈20 % of 24⌉
    expect(out.set.embeddings.length).toBe(24 * m.embedDim);
    expect(out.set.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(progress).toContain('reading');
    expect(progress).toContain('encoding');
    // class subfolders make it labelled: each row's label names its folder
    const classes = [...new Set(rels.map((r) => r.split('/')[1]))].sort();
    expect(classes.length).toBeGreaterThanOrEqual(2);
    expect(out.set.classes).toEqual(classes);
    out.set.files.forEach((f, i) => expect(out.set.classes![out.set.labels![i]]).toBe(classFolderOf(f.key)));
    // the same photos without class folders make an unlabelled set
    const flat = await buildNormalSet({
      name: 'flat',
      modelId: m.id,
      sources: photoSources('flat', rels, true),
      encoder,
    });
    expect(flat.status === 'done' && flat.set.labels).toBe(undefined);
    // k is chosen once and kept: on held-out classes for the labelled set, 0.1 % of the bank for the flat one
    expect(out.set.knn?.rule).toBe('held-out classes');
    expect(flat.status === 'done' && flat.set.knn).toEqual({ k: 1, rule: 'share of the bank' });
    // the first photo's row is its own embedding, as Check computes it
    const first = (await encoder.encodeImages([new Blob([readFileSync(path.join(photosDir, rels[0]))])])).embeddings;
    expect(Array.from(out.set.embeddings.subarray(0, m.embedDim))).toEqual(Array.from(first));
  }, 120_000);

  it(`refuses an empty folder and fewer than ${MIN_NORMAL_PHOTOS} distinct photos, naming them; cancels`, async () => {
    const empty = await buildNormalSet({ name: 'empty', modelId: m.id, sources: [], encoder });
    expect(empty).toMatchObject({ status: 'refused', message: expect.stringMatching(/^empty: there are no files/) });
    const one = photoSources('one', [idRels[0]]);
    const few = await buildNormalSet({
      name: 'one',
      modelId: m.id,
      sources: [...one, { ...one[0], key: 'one/again.jpg' }],
      encoder,
    });
    expect(few).toMatchObject({
      status: 'refused',
      message: expect.stringMatching(/^one: 1 distinct photo in it; a normal set needs at least 10/),
    });
    const ctrl = new AbortController();
    ctrl.abort();
    const cancelled = await buildNormalSet({
      name: 'c',
      modelId: m.id,
      sources: photoSources('c', idRels.slice(0, 12)),
      encoder,
      signal: ctrl.signal,
    });
    expect(cancelled.status).toBe('cancelled');
  }, 60_000);
});
