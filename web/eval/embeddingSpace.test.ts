import { describe, expect, it } from 'vitest';
import { combineSources, MixedSpacesError, selectRows, type EmbeddingSource } from './embeddingSpace';

const src = (
  origin: string,
  modelId: string,
  dim: number,
  kinds: ('id-image' | 'ood-image' | 'class-text')[],
): EmbeddingSource => ({
  origin,
  modelId,
  dim,
  vectors: new Float32Array(kinds.length * dim).map((_, i) => i),
  points: kinds.map((kind, i) => ({
    kind,
    name: `${origin}-${i}`,
    set: kind === 'ood-image' ? 'SVHN' : 'CIFAR-10',
    classIndex: kind === 'ood-image' ? -1 : 0,
  })),
});

describe('combineSources', () => {
  it('concatenates sources of one model and lists OoD sets', () => {
    const s = combineSources(
      [src('run', 'm', 2, ['id-image', 'ood-image']), src('prompts', 'm', 2, ['class-text'])],
      ['cat'],
    );
    expect(s.points).toHaveLength(3);
    expect([...s.vectors]).toEqual([0, 1, 2, 3, 0, 1]);
    expect(s.oodSets).toEqual(['SVHN']);
    expect(s.missing).toEqual([]);
    expect(selectRows(s, ['class-text'])).toEqual({ vectors: new Float32Array([0, 1]), indices: [2] });
  });

  it('refuses embeddings of different dimension or model, naming both', () => {
    expect(() =>
      combineSources([src('run 1', 'a', 2, ['id-image']), src('checked photos', 'a', 3, ['id-image'])], []),
    ).toThrow(MixedSpacesError);
    expect(() =>
      combineSources([src('run 1', 'a', 2, ['id-image']), src('checked photos', 'a', 3, ['id-image'])], []),
    ).toThrow(/run 1 has 2-dimensional.*checked photos has 3/);
    expect(() => combineSources([src('run 1', 'a', 2, ['id-image']), src('run 2', 'b', 2, ['id-image'])], [])).toThrow(
      /"a".*"b"/,
    );
  });

  it('an ID-only run says what is missing instead of failing', () => {
    const s = combineSources([src('run', 'm', 2, ['id-image', 'class-text'])], ['cat']);
    expect(s.missing).toHaveLength(1);
    expect(s.missing[0]).toMatch(/No OoD images/);
  });
});
