// The recipe's shipped bundles (training/export.py) against the bundle contract of models/README.md:
// index with CMA as default, manifest fields, size budget, tokenizer id layout, ONNX I/O names, dynamic batch and
// EOS pooling, metrics.json layout. Real files, real onnxruntime-node sessions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { indexedBundles, readManifest } from './nodeBundle';

const bundles = indexedBundles();
const MAX_BUNDLE_BYTES = 30 * 1024 * 1024;

describe.skipIf(bundles.length === 0)('recipe bundles in models/index.json', () => {
  it('lists cifar10-cma-tiny as the default and cifar10-flyp-tiny', () => {
    expect(bundles[0]).toMatchObject({ id: 'cifar10-cma-tiny', isDefault: true });
    expect(bundles.map((b) => b.id)).toContain('cifar10-flyp-tiny');
  });

  for (const b of bundles.filter((x) => x.id.startsWith('cifar10-'))) {
    describe(b.id, () => {
      const m = readManifest(b.dir);
      it('manifest follows the contract and the bundle fits 30 MB', () => {
        expect(m.id).toBe(b.id);
        expect(m.image.size).toBe(32);
        expect(m.tokenizer.contextLength).toBe(16);
        expect(m.classes).toHaveLength(10);
        expect(m.logitScale).toBeGreaterThan(1);
        const bytes = readdirSync(b.dir).reduce((s, f) => s + statSync(path.join(b.dir, f)).size, 0);
        expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
      });

      it('tokenizer: [PAD]=0, [UNK]=1, BOS = V-2, EOS = V-1 (largest id)', () => {
        const tj = JSON.parse(readFileSync(path.join(b.dir, 'tokenizer.json'), 'utf8'));
        const vocab = tj.model.vocab as Record<string, number>;
        const V = Object.keys(vocab).length;
        expect(tj.model.type).toBe('WordPiece');
        expect([vocab['[PAD]'], vocab['[UNK]'], vocab['<|startoftext|>'], vocab['<|endoftext|>']]).toEqual([
          0,
          1,
          V - 2,
          V - 1,
        ]);
      });

      it('ONNX: named I/O, dynamic batch, text pooled at the EOS token', async () => {
        const vision = await ort.InferenceSession.create(path.join(b.dir, 'vision.onnx'));
        const text = await ort.InferenceSession.create(path.join(b.dir, 'text.onnx'));
        expect(vision.inputNames).toEqual(['pixel_values']);
        expect(vision.outputNames).toEqual(['image_embeds']);
        expect(text.inputNames).toEqual(['input_ids']);
        expect(text.outputNames).toEqual(['text_embeds']);
        for (const n of [1, 3]) {
          const px = new ort.Tensor('float32', new Float32Array(n * 3 * 32 * 32).fill(0.1), [n, 3, 32, 32]);
          const out = (await vision.run({ pixel_values: px })).image_embeds;
          expect(out.dims).toEqual([n, m.embedDim]);
        }
        const tj = JSON.parse(readFileSync(path.join(b.dir, 'tokenizer.json'), 'utf8'));
        const V = Object.keys(tj.model.vocab).length;
        const word = tj.model.vocab['cat'] as number;
        // same prefix, EOS at position 2 vs 3: tokens after EOS (padding) must not matter, the EOS position does
        const rows = [
          [V - 2, word, V - 1, 0],
          [V - 2, word, V - 1, word],
          [V - 2, word, word, V - 1],
        ].map((r) => [...r, ...Array(12).fill(0)]);
        const ids = new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [3, 16]);
        const e = (await text.run({ input_ids: ids })).text_embeds.data as Float32Array;
        const D = m.embedDim;
        const diff = (i: number, j: number) =>
          Math.max(...Array.from({ length: D }, (_, k) => Math.abs(e[i * D + k] - e[j * D + k])));
        expect(diff(0, 1)).toBeLessThan(1e-5); // causal mask + EOS pooling: later tokens are invisible
        expect(diff(0, 2)).toBeGreaterThan(1e-4);
      });

      it('metrics.json has the issue #2 layout', () => {
        const mj = JSON.parse(readFileSync(path.join(b.dir, 'metrics.json'), 'utf8'));
        expect(mj.id_dataset).toBe('cifar10');
        const models = new Set(mj.results.map((r: { model: string }) => r.model));
        expect([...models].sort()).toEqual(['cma', 'flyp', 'zeroshot']);
        for (const r of mj.results) {
          // the text scores for every model; the bundled normal set's scores for the fine-tuned ones
          const exemplar = ['knn', 'prototype', 'fused'];
          expect(['mcm', 'energy', 'maxlogit', 'neglabel', ...(r.model === 'zeroshot' ? [] : exemplar)]).toContain(
            r.score,
          );
          expect(Object.keys(r.ood).sort()).toEqual([...mj.ood_sets].sort());
          expect(r.avg.auroc).toBeGreaterThanOrEqual(0);
          expect(r.avg.auroc).toBeLessThanOrEqual(100);
        }
        expect(Object.keys(mj.modality_gap).sort()).toEqual(['cma', 'flyp', 'zeroshot']);
        for (const m of ['cma', 'flyp'])
          expect(
            mj.results.filter((r: { model: string }) => r.model === m).map((r: { score: string }) => r.score),
          ).toEqual(expect.arrayContaining(['knn', 'prototype', 'fused']));
      });
    });
  }
});
