import { describe, expect, it } from 'vitest';
import { MixedSpacesError } from '../../views/projection/dataset';
import { averagedSets, figuresFromMetrics, sourcesFromReference } from './referenceSpace';

const manifest = { id: 'm', embedDim: 2, classes: ['cat', 'dog'], promptTemplates: ['a photo of a {}.'] };
// Layout written by training/export.py: rows of each set's subsample, with the set-level indices they came from.
const ref = {
  model: 'cma', id_set: 'cifar10_test',
  sets: [
    { name: 'cifar10_test', kind: 'id', labels: [1, 0, 1], embedding_rows: [0, 2], embedding_index: [0, 2], embedding_scores: { mcm: [0.9, 0.8] }, scores: { mcm: [0.9, 0.1, 0.8] } },
    { name: 'mnist', kind: 'ood', embedding_rows: [2, 3], embedding_index: [5], embedding_scores: { mcm: [0.2] }, scores: { mcm: [0, 0, 0, 0, 0, 0.2] } },
  ],
  embeddings: { file: 'reference_embeddings.bin', dim: 2, rows: 3 },
  class_text_embeds: [[1, 0], [0, 1]],
  neg_text_embeds: [[-1, 0]],
  neg_labels: ['rock'],
};
const bin = new Float32Array([1, 0, 0, 1, 0.6, 0.8]).buffer;

describe('reference evaluation → embedding space', () => {
  it('maps rows to sets, labels, scores and prompts', () => {
    const [images, classes, negs] = sourcesFromReference(ref, bin, manifest);
    expect(images.points.map((p) => [p.kind, p.name, p.classIndex, p.scores?.mcm])).toEqual([
      ['id-image', 'cifar10_test/0', 1, 0.9],
      ['id-image', 'cifar10_test/2', 1, 0.8],
      ['ood-image', 'mnist/5', -1, 0.2],
    ]);
    expect([...images.vectors]).toEqual([...new Float32Array([1, 0, 0, 1, 0.6, 0.8])]);
    expect(classes.points.map((p) => p.name)).toEqual(['a photo of a cat.', 'a photo of a dog.']);
    expect(negs.points[0]).toMatchObject({ kind: 'neg-text', name: 'rock' });
  });

  it('refuses a binary of the wrong size or another model’s dimension, naming the file', () => {
    expect(() => sourcesFromReference(ref, new ArrayBuffer(8), manifest)).toThrow(/reference_embeddings.bin: 8 bytes, expected 3 rows/);
    expect(() => sourcesFromReference(ref, bin, { ...manifest, embedDim: 4 })).toThrow(MixedSpacesError);
  });

  it('knows which OoD sets the recipe averages over', () => {
    expect(averagedSets({ sets: [{ name: 'id', kind: 'id' }, { name: 'a', kind: 'ood', in_avg: true }, { name: 'b', kind: 'ood', in_avg: false }] })).toEqual(['a']);
    expect(averagedSets(ref)).toBeNull();
  });

  it('reads the recipe figures of its own model from metrics.json', () => {
    const metrics = {
      results: [
        { model: 'cma', score: 'mcm', id_acc: 80, avg: { fpr95: 40, auroc: 90 } },
        { model: 'flyp', score: 'mcm', id_acc: 79, avg: { fpr95: 50, auroc: 85 } },
      ],
      modality_gap: { cma: 0.3, flyp: 0.6 },
      geometry: { cma: { alignment: 1.1, uniformity_image: -2 }, flyp: { alignment: 1.4, uniformity_image: -3 } },
    };
    expect(figuresFromMetrics(metrics, 'cma')).toMatchObject({ modalityGap: 0.3, alignment: 1.1, uniformityImage: -2, idAcc: 80, avg: { mcm: { fpr95: 40, auroc: 90 } } });
    expect(figuresFromMetrics(metrics, '')).toBeNull();
  });
});
