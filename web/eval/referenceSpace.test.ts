import { describe, expect, it } from 'vitest';
import { decodeReferenceEmbeddings, parseReferenceEval } from '../model/referenceEval';
import { MixedSpacesError } from './embeddingSpace';
import { sourcesFromReference } from './referenceSpace';

const manifest = { id: 'm', embedDim: 2, classes: ['cat', 'dog'], promptTemplates: ['a photo of a {}.'] };
// Layout written by training/export.py: rows of each set's subsample, with the set-level indices they came from.
const json = {
  model: 'cma',
  id_set: 'cifar10_test',
  sets: [
    {
      name: 'cifar10_test',
      kind: 'id',
      labels: [1, 0, 1],
      embedding_rows: [0, 2],
      embedding_index: [0, 2],
      embedding_scores: { mcm: [0.9, 0.8] },
      scores: { mcm: [0.9, 0.1, 0.8] },
    },
    {
      name: 'mnist',
      kind: 'ood',
      embedding_rows: [2, 3],
      embedding_index: [5],
      embedding_scores: { mcm: [0.2] },
      scores: { mcm: [0, 0, 0, 0, 0, 0.2] },
    },
  ],
  embeddings: { file: 'reference_embeddings.bin', dtype: 'float32', dim: 2, rows: 3 },
  class_text_embeds: [
    [1, 0],
    [0, 1],
  ],
  neg_text_embeds: [[-1, 0]],
  neg_labels: ['rock'],
};
const bin = new Float32Array([1, 0, 0, 1, 0.6, 0.8]).buffer;
const data = parseReferenceEval(json);
const ref = { data, embeddings: decodeReferenceEmbeddings(bin, data.embeddings!) };

describe('reference evaluation → embedding space', () => {
  it('maps rows to sets, labels, scores and prompts', () => {
    const [images, classes, negs] = sourcesFromReference(ref, manifest);
    expect(images.points.map((p) => [p.kind, p.name, p.classIndex, p.scores?.mcm])).toEqual([
      ['id-image', 'cifar10_test/0', 1, 0.9],
      ['id-image', 'cifar10_test/2', 1, 0.8],
      ['ood-image', 'mnist/5', -1, 0.2],
    ]);
    expect([...images.vectors]).toEqual([...new Float32Array([1, 0, 0, 1, 0.6, 0.8])]);
    expect(classes.points.map((p) => p.name)).toEqual(['a photo of a cat.', 'a photo of a dog.']);
    expect(negs.points[0]).toMatchObject({ kind: 'neg-text', name: 'rock' });
  });

  it('refuses another model’s dimension (the binary’s size is checked when it is read: web/model)', () => {
    expect(() => sourcesFromReference(ref, { ...manifest, embedDim: 4 })).toThrow(MixedSpacesError);
  });
});
