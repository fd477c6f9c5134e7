import { describe, expect, it } from 'vitest';
import { sourceFromChecked, sourceFromRun } from './liveSources';

describe('live embedding sources', () => {
  it('a run’s images become ID/OoD points by their set kind, skipping images without embeddings', () => {
    const s = sourceFromRun(
      {
        id: 'r',
        name: 'Tuesday',
        modelId: 'm',
        sets: [
          { name: 'normal', kind: 'id' },
          { name: 'odd', kind: 'ood' },
        ],
      },
      [
        {
          runId: 'r',
          key: 'normal/cat/a.jpg',
          set: 'normal',
          label: 0,
          predicted: 0,
          scores: { mcm: 0.9 },
          embedding: new Float32Array([1, 0]),
        },
        {
          runId: 'r',
          key: 'odd/b.jpg',
          set: 'odd',
          label: -1,
          predicted: 1,
          scores: { mcm: 0.1 },
          embedding: new Float32Array([0, 1]),
        },
        { runId: 'r', key: 'odd/c.jpg', set: 'odd', label: -1, predicted: 1, scores: { mcm: 0.2 } },
      ],
    );
    expect(s.dim).toBe(2);
    expect(s.points.map((p) => [p.kind, p.name, p.classIndex])).toEqual([
      ['id-image', 'normal/cat/a.jpg', 0],
      ['ood-image', 'odd/b.jpg', -1],
    ]);
    expect([...s.vectors]).toEqual([1, 0, 0, 1]);
  });

  it('checked photos of another model or without embedding are counted, not drawn', () => {
    const base = { thumb: 'data:image/jpeg;base64,xx', scoreName: 'mcm', score: 0.5 };
    const r = sourceFromChecked(
      [
        { ...base, fileName: 'mine.jpg', modelId: 'm', embedding: [0, 1] },
        { ...base, fileName: 'other.jpg', modelId: 'x', embedding: [0, 1] },
        { ...base, fileName: 'wrongdim.jpg', modelId: 'm', embedding: [0, 1, 0] },
        { ...base, fileName: 'old.jpg', modelId: 'm' },
      ],
      'm',
      2,
    );
    expect(r.source.points.map((p) => p.name)).toEqual(['mine.jpg']);
    expect(r.source.points[0].thumbnail).toMatch(/^data:/);
    expect([r.otherModel, r.noEmbedding]).toEqual([2, 1]);
  });
});
