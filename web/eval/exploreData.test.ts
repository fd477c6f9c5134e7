import { describe, expect, it } from 'vitest';
import type { Manifest } from '../model/manifest';
import { combineSources, type EmbeddingSource } from './embeddingSpace';
import { exploreData, type ExploreInput } from './exploreData';
import type { ReferenceData } from './referenceSpace';
import { sampleTable } from './testkit';

// Only the manifest fields exploreData reads; the rest of a bundle plays no part here.
const manifest = {
  id: 'm',
  name: 'Model M',
  embedDim: 2,
  classes: ['cat', 'dog'],
  referenceEval: 'reference_eval.json',
} as unknown as Manifest;
const source = (
  origin: string,
  modelId: string,
  dim: number,
  n: number,
  kind: 'id-image' | 'class-text' = 'id-image',
): EmbeddingSource => ({
  origin,
  modelId,
  dim,
  vectors: Float32Array.from({ length: n * dim }, (_, i) => (i % dim === 0 ? 1 : 0)),
  points: Array.from({ length: n }, (_, i) => ({ kind, name: `${origin}/${i}`, set: origin, classIndex: 0 })),
});
const refSources = [source('reference', 'm', 2, 3), source('class prompts', 'm', 2, 2, 'class-text')];
const reference: ReferenceData = {
  manifest,
  sources: refSources,
  space: combineSources(refSources, manifest.classes),
  table: sampleTable(1),
  figures: null,
  avgSets: null,
};
const idle = { data: undefined, error: null, isLoading: false };
const input = (patch: Partial<ExploreInput>): ExploreInput => ({
  model: { manifest, loadId: 7 },
  reference: { ...idle, data: reference },
  run: idle,
  checked: [],
  evalOpen: null,
  evalTable: null,
  ...patch,
});

describe('exploreData', () => {
  it('without a model says so; while a query loads it is loading', () => {
    expect(exploreData(input({ model: null })).error).toBe('No model loaded yet.');
    expect(exploreData(input({ run: { ...idle, isLoading: true } })).loading).toBe(true);
  });

  it('draws the normal set in force when asked (a sample of its rows), and refuses one of another model', () => {
    const set = (modelId: string, n: number) => ({
      name: 'site',
      modelId,
      dim: 2,
      createdAt: 5,
      files: Array.from({ length: n }, (_, i) => ({ key: `site/${i}.jpg`, size: 1, sha256: String(i) })),
      embeddings: Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0 : 1)),
      calibration: [0, 1],
      duplicates: [],
    });
    const d = exploreData(input({ normalSet: set('m', 12) }));
    const normal = d.space!.points.filter((p) => p.kind === 'normal-photo');
    expect(normal).toHaveLength(12);
    expect(normal[0]).toMatchObject({ name: 'site/0.jpg', set: 'normal set “site”', classIndex: -1 });
    expect(d.dataKey).toBe('7|reference evaluation|17|set 5');
    expect(exploreData(input({ normalSet: set('m', 2500) })).space!.points).toHaveLength(5 + 1000);
    const other = exploreData(input({ normalSet: set('other', 12) }));
    expect(other.space!.points.some((p) => p.kind === 'normal-photo')).toBe(false);
    expect(other.notices.join(' ')).toMatch(/Not drawn: .*normal set “site” by "other"/);
  });

  it('draws the reference with its prompts and the reference table when no run is open', () => {
    const d = exploreData(input({}));
    expect(d.origin).toBe('reference evaluation');
    expect(d.table).toBe(reference.table);
    expect(d.space!.points).toHaveLength(5);
    expect(d.dataKey).toBe('7|reference evaluation|5');
    expect(d.notices).toEqual([]);
  });

  it('an open run in another space is refused with a notice (the reference is drawn); checked photos of another model are counted', () => {
    const runTable = sampleTable(2);
    const d = exploreData(
      input({
        run: { ...idle, data: { source: source('run "x"', 'other', 3, 4), table: runTable, name: 'x' } },
        checked: [{ fileName: 'a.jpg', thumb: '', modelId: 'other', scoreName: 'mcm', score: 0.5, embedding: [1, 0] }],
      }),
    );
    expect(d.origin).toBe('reference evaluation');
    expect(d.table).toBe(reference.table);
    expect(d.notices[0]).toMatch(
      /^Not drawn: Cannot draw these together: .* has 2-dimensional embeddings, run "x" has 3/,
    );
    expect(d.notices).toContain('1 checked photo(s) come from another model and are not drawn.');
  });

  it("an open run of this model is drawn with Evaluate's own table, so their threshold stays linked", () => {
    const evalTable = sampleTable(3);
    const d = exploreData(
      input({
        run: { ...idle, data: { source: source('run "x"', 'm', 2, 4), table: sampleTable(2), name: 'x' } },
        evalOpen: { kind: 'run', id: 'r' },
        evalTable,
      }),
    );
    expect(d.origin).toBe('run "x"');
    expect(d.table).toBe(evalTable);
    expect(d.space!.points.filter((p) => p.kind === 'id-image')).toHaveLength(4);
  });
});
