import { describe, expect, it } from 'vitest';
import { combineSources } from '../../eval/embeddingSpace';
import { restrictToCommon } from './compare';

const space = (id: string, names: string[]) =>
  combineSources(
    [
      {
        origin: id,
        modelId: id,
        dim: 1,
        vectors: Float32Array.from(names.map((_, i) => i + 1)),
        points: names.map((name) => ({
          kind: name === 'prompt' ? ('class-text' as const) : ('id-image' as const),
          name,
          set: 'ID',
          classIndex: 0,
        })),
      },
    ],
    ['cat'],
  );

describe('restrictToCommon', () => {
  it('keeps the photos present in both spaces (and every prompt), with their own vectors', () => {
    const { spaces, common } = restrictToCommon([
      space('a', ['x/1', 'x/2', 'prompt']),
      space('b', ['x/2', 'x/3', 'prompt']),
    ]);
    expect(common).toBe(1);
    expect(spaces[0].points.map((p) => p.name)).toEqual(['x/2', 'prompt']);
    expect([...spaces[0].vectors]).toEqual([2, 3]);
    expect([...spaces[1].vectors]).toEqual([1, 3]);
  });
});
