import { describe, expect, it } from 'vitest';
import { ModelFileError } from './errors';
import { averagedSets, decodeReferenceEmbeddings, parseReferenceEval } from './referenceEval';

const layout = { file: 'reference_embeddings.bin', dtype: 'float32', byteOrder: 'little', dim: 2, rows: 3 } as const;

describe('reference_eval.json and its binary', () => {
  it('decodes little-endian float32 rows', () => {
    const buf = new ArrayBuffer(24);
    const v = new DataView(buf);
    [1, 0, 0, 1, 0.6, 0.8].forEach((x, i) => v.setFloat32(i * 4, x, true));
    const rows = decodeReferenceEmbeddings(buf, layout);
    expect(rows.length).toBe(6);
    expect(rows[5]).toBeCloseTo(0.8, 6);
  });

  it('names the file when the binary has the wrong size', () => {
    expect(() => decodeReferenceEmbeddings(new ArrayBuffer(20), layout)).toThrow(
      /reference_embeddings\.bin: 20 bytes, expected 3 rows × 2/,
    );
    expect(() => decodeReferenceEmbeddings(new ArrayBuffer(8), layout)).toThrow(
      /reference_embeddings.bin: 8 bytes, expected 3 rows/,
    );
    expect(() => decodeReferenceEmbeddings(new ArrayBuffer(8), layout)).toThrow(ModelFileError);
  });

  it('refuses a set whose rows lie outside the binary, and names the file and field of a bad value', () => {
    const sets = [{ name: 'a', kind: 'id', embedding_rows: [0, 4] }];
    expect(() => parseReferenceEval({ sets, embeddings: layout })).toThrow(
      /reference_eval\.json: set "a" has rows 0–4 outside the 3 stored rows/,
    );
    expect(() => parseReferenceEval({ sets: [{ name: 'a', scores: { mcm: ['x'] } }] }, 'ref.json')).toThrow(
      /ref\.json: field "sets\.0\.scores\.mcm\.0"/,
    );
  });

  it('one rule for the ID set, and the older spellings (sets keyed by name, idSet, y/pred)', () => {
    const r = parseReferenceEval({
      idSet: 'b',
      sets: { a: { scores: { mcm: [1] } }, b: { scores: { mcm: [2] }, y: [0], pred: [1] } },
    });
    expect(r.sets.map((s) => [s.name, s.kind])).toEqual([
      ['a', 'ood'],
      ['b', 'id'],
    ]);
    expect(r.sets[1]).toMatchObject({ labels: [0], predictions: [1] });
    expect(parseReferenceEval({ sets: [{ name: 'first' }, { name: 'second' }] }).sets.map((s) => s.kind)).toEqual([
      'id',
      'ood',
    ]);
    expect(parseReferenceEval({ sets: [{ name: 'x', scores: { mcm: [null, 1] } }] }).sets[0].scores!.mcm).toEqual([
      NaN,
      1,
    ]);
  });

  it('knows which OoD sets the recipe averages over', () => {
    expect(
      averagedSets(
        parseReferenceEval({
          sets: [
            { name: 'id', kind: 'id' },
            { name: 'a', kind: 'ood', in_avg: true },
            { name: 'b', kind: 'ood', in_avg: false },
          ],
        }),
      ),
    ).toEqual(['a']);
    expect(
      averagedSets(
        parseReferenceEval({
          id_set: 'id',
          sets: [
            { name: 'id', kind: 'id' },
            { name: 'a', kind: 'ood' },
          ],
        }),
      ),
    ).toBeNull();
  });
});
