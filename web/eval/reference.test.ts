import { describe, expect, it } from 'vitest';
import { parseReferenceEval } from '../model/referenceEval';
import { tableFromReference } from './reference';

const table = (json: unknown, classes?: string[]) => tableFromReference(parseReferenceEval(json), classes);

// The layout training/export.py writes (trimmed).
const REF = {
  model: 'cma',
  id_set: 'cifar10_test',
  sets: [
    {
      name: 'cifar10_test',
      kind: 'id',
      count: 3,
      scores: { mcm: [0.9, 0.8, 0.4], energy: [5, 4, 1] },
      labels: [0, 1, 1],
      predictions: [0, 1, 0],
    },
    { name: 'mnist', kind: 'ood', count: 2, scores: { mcm: [0.2, 0.5], energy: [0, 2] } },
    { name: 'dtd10', count: 1, scores: { mcm: [0.3], energy: [1] } },
  ],
};

describe('tableFromReference', () => {
  it('reads the export.py layout: kinds, labels of the ID set, -1 elsewhere, every score', () => {
    const t = table(REF, ['airplane', 'automobile']);
    expect(t.scoreNames).toEqual(['mcm', 'energy']);
    expect(t.classes).toEqual(['airplane', 'automobile']);
    expect(t.sets.map((s) => [s.name, s.kind, s.keys.length])).toEqual([
      ['cifar10_test', 'id', 3],
      ['mnist', 'ood', 2],
      ['dtd10', 'ood', 1],
    ]);
    expect(t.sets[0].predictions).toEqual([0, 1, 0]);
    expect(t.sets[1].labels).toEqual([-1, -1]);
  });

  it('names the set and the problem when numbers are missing', () => {
    expect(() => table({ sets: [{ name: 'a', scores: { mcm: [1, 2] }, labels: [0] }] })).toThrow(
      /"a" labels\/predictions do not match its 2 scores/,
    );
    expect(() => table({ sets: [] })).toThrow(/no "sets"/);
    expect(() =>
      table({
        sets: [
          { name: 'a', scores: { mcm: [1] } },
          { name: 'b', scores: { energy: [1] } },
        ],
      }),
    ).toThrow(/"b" lacks score "mcm"/);
  });
});
