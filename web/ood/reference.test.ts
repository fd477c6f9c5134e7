import { describe, expect, it } from 'vitest';
import { decodeReferenceEmbeddings, parseReferenceEval } from '../model/referenceEval';
import { referenceEmbeddings } from './reference';

describe('referenceEmbeddings', () => {
  const data = parseReferenceEval({
    id_set: 'cifar',
    sets: [
      { name: 'cifar', kind: 'id', embedding_rows: [0, 2] },
      { name: 'mnist', kind: 'ood', embedding_rows: [2, 3] },
    ],
    embeddings: { file: 'reference_embeddings.bin', dtype: 'float32', byteOrder: 'little', dim: 2, rows: 3 },
  });
  it('splits little-endian float32 rows by set', () => {
    const buf = new ArrayBuffer(24);
    const v = new DataView(buf);
    [1, 0, 0, 1, 0.6, 0.8].forEach((x, i) => v.setFloat32(i * 4, x, true));
    const r = referenceEmbeddings({ data, embeddings: decodeReferenceEmbeddings(buf, data.embeddings!) })!;
    expect(r.id.rows).toBe(2);
    expect(Array.from(r.id.data)).toEqual([1, 0, 0, 1]);
    expect(r.ood.mnist.data[1]).toBeCloseTo(0.8, 6);
  });
  it('is null when the bundle ships no embeddings', () => {
    expect(referenceEmbeddings({ data: parseReferenceEval({ sets: [] }), embeddings: null })).toBeNull();
  });
});
