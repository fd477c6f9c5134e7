import { describe, expect, it } from 'vitest';
import { referenceEmbeddings, referenceLayoutSchema } from './reference';

describe('referenceEmbeddings', () => {
  const layout = referenceLayoutSchema.parse({
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
    const r = referenceEmbeddings(layout, buf);
    expect(r.id.rows).toBe(2);
    expect(Array.from(r.id.data)).toEqual([1, 0, 0, 1]);
    expect(r.ood.mnist.data[1]).toBeCloseTo(0.8, 6);
  });
  it('names the file when the size is wrong', () => {
    expect(() => referenceEmbeddings(layout, new ArrayBuffer(20))).toThrow(/reference_embeddings\.bin: 20 bytes, expected 3 × 2/);
  });
});
