import { describe, expect, it } from 'vitest';
import { fromCsv, fromJson, parseCsvRows, toCsv, toJson, unpackEmbeddings } from './serialise';
import { summarise } from './summary';
import { sampleTable } from './testkit';

const META = { name: 'my run', createdAt: 123, modelId: 'cifar10-cma-tiny', skipped: [] };

describe('export / import', () => {
  it('JSON round trip gives the same table and the same metrics at any threshold', () => {
    const table = sampleTable(7);
    const back = fromJson(toJson(table, META), 'run.json');
    expect(back.table).toEqual(table);
    expect(back.name).toBe('my run');
    for (const score of table.scoreNames) {
      for (const t of [0.3, 0.45, 0.6]) expect(summarise(back.table, score, t)).toEqual(summarise(table, score, t));
    }
  });

  it('CSV round trip (quotes, commas in names) gives the same metrics, class names kept', () => {
    const table = sampleTable(3);
    const csv = toCsv(table);
    expect(csv.split('\r\n')[0]).toBe('set,kind,file,label,predicted,score_mcm,score_energy');
    const back = fromCsv(csv, 'run.csv');
    expect(back.table.sets.map((s) => s.keys)).toEqual(table.sets.map((s) => s.keys));
    for (const score of table.scoreNames) {
      for (const t of [0.2, 0.5]) {
        const a = summarise(table, score, t);
        const b = summarise(back.table, score, t);
        expect(b).toEqual(a);
      }
    }
    // same with the model's class list given: indices identical
    expect(fromCsv(csv, 'run.csv', ['cat', 'dog']).table).toEqual(table);
  });

  it('a set left out of the mean over OoD sets stays out after CSV and JSON round trips', () => {
    const base = sampleTable(11);
    const table = { ...base, sets: base.sets.map((s) => (s.name === 'oodB' ? { ...s, inAverage: false } : s)) };
    const want = summarise(table, 'mcm', 0.4);
    expect(want.averagedSets).toEqual(['oodA']);
    expect(summarise(fromCsv(toCsv(table), 'r.csv', ['cat', 'dog']).table, 'mcm', 0.4)).toEqual(want);
    expect(summarise(fromJson(toJson(table, META)).table, 'mcm', 0.4)).toEqual(want);
    expect(toCsv(table).split('\r\n')[0]).toBe('set,kind,file,label,predicted,in_average,score_mcm,score_energy');
  });

  it('JSON can carry the embeddings, bit for bit', () => {
    const table = sampleTable(1, { id: 2, oodA: 1, oodB: 1 });
    const emb = new Map(
      table.sets.flatMap((s) => s.keys).map((k, i) => [k, new Float32Array([i, Math.PI, -1e-7 * i])]),
    );
    const data = JSON.parse(toJson(table, META, emb));
    const rows = unpackEmbeddings(data.sets[0].embeddings);
    expect(rows).toEqual([emb.get(table.sets[0].keys[0]), emb.get(table.sets[0].keys[1])]);
  });

  it('bad imports name the file and the problem', () => {
    expect(() => fromJson('{', 'a.json')).toThrow(/a.json is not JSON/);
    expect(() => fromJson('{"format":"x"}', 'a.json')).toThrow(/a.json is not an AlignScope run export/);
    expect(() => fromCsv('x,y\n1,2\n', 'b.csv')).toThrow(/b.csv: expected a header/);
    expect(() => fromCsv('set,kind,file,label,predicted,score_mcm\ns,id,f,,,abc\n', 'b.csv')).toThrow(
      /b.csv, line 2, column 6 \(score_mcm\): "abc" is not a finite number/,
    );
    expect(() => fromCsv('set,kind,file,label,predicted,score_mcm\ns,maybe,f,,,1\n', 'b.csv')).toThrow(/kind "maybe"/);
  });

  it('never stores a run that cannot be opened (issue 13, item 6)', () => {
    const head = 'set,kind,file,label,predicted,score_mcm\n';
    for (const cell of ['NaN', 'Infinity', '-Infinity', '1e999', ''])
      expect(() => fromCsv(`${head}s,id,a,,,0.5\ns,id,f,,,${cell}\n`, 'b.csv'), cell).toThrow(
        /b.csv, line 3, column 6 \(score_mcm\): .* is not a finite number/,
      );
    expect(() => fromCsv(`${head}o,ood,f,,,0.5\n`, 'b.csv')).toThrow(/b.csv: no photo in a normal \(id\) set/);
    const run = (over: object) =>
      JSON.stringify({
        format: 'alignscope-eval-run',
        formatVersion: 1,
        name: 'r',
        createdAt: 1,
        modelId: 'm',
        classes: ['cat', 'dog'],
        scoreNames: ['maxlogit'],
        sets: [
          {
            name: 's',
            kind: 'id',
            keys: ['a', 'b'],
            labels: [0, 1],
            predictions: [0, 1],
            scores: { maxlogit: [1, 2] },
            ...over,
          },
        ],
        skipped: [],
      });
    expect(() => fromJson(run({}), 'r.json')).not.toThrow();
    expect(() => fromJson(run({ scores: { maxlogit: [null, null] } }), 'r.json')).toThrow(
      /r.json: not a complete run export: field "sets.0.scores.maxlogit.0"/,
    );
    expect(() => fromJson(run({ scores: { maxlogit: [1, 2] }, labels: [0, 7] }), 'r.json')).toThrow(
      /r.json: set "s", photo "b": label 7 is not a class index \(0 to 1, or -1 for none\)/,
    );
    expect(() => fromJson(run({ scores: { maxlogit: [1, 2] }, predictions: [-2, 0] }), 'r.json')).toThrow(
      /photo "a": prediction -2 is not a class index/,
    );
  });

  it('parses RFC 4180 quoting', () => {
    expect(parseCsvRows('a,"b,""c"""\n"d\ne",f\r\n')).toEqual([
      ['a', 'b,"c"'],
      ['d\ne', 'f'],
    ]);
  });
});
