import { describe, expect, it } from 'vitest';
import {
  calibrationSplit,
  chooseK,
  defaultK,
  parseNormalSet,
  splitBank,
  toNormalSetJson,
  type NormalSet,
} from './exemplars';

function set(n: number, dim = 3): NormalSet {
  const embeddings = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) embeddings[i * dim + (i % dim)] = 1;
  return {
    name: 'site',
    modelId: 'm',
    dim,
    createdAt: 1,
    files: Array.from({ length: n }, (_, i) => ({ key: `p/${i}.jpg`, size: 100 + i, sha256: `h${i}` })),
    embeddings,
    calibration: calibrationSplit(n),
    duplicates: [{ key: 'p/copy.jpg', sameAs: 'p/0.jpg' }],
  };
}

describe('normal sets', () => {
  it('hold back a seeded fifth (at least 2) as the calibration split; the bank is the rest', () => {
    expect(calibrationSplit(100)).toEqual(calibrationSplit(100));
    expect(calibrationSplit(100).length).toBe(20);
    expect(calibrationSplit(10).length).toBe(2);
    expect(calibrationSplit(100, 1)).not.toEqual(calibrationSplit(100, 2));
    const s = set(30);
    const { bank, calibration } = splitBank(s);
    expect(bank.rows + calibration.rows).toBe(30);
    expect(calibration.rows).toBe(6);
    expect(defaultK(50_000)).toBe(50);
    expect(defaultK(240)).toBe(1);
  });

  it('round-trip through their file exactly', () => {
    const s = set(12);
    const back = parseNormalSet(toNormalSetJson(s), 'site.json');
    expect(back.embeddings).toEqual(s.embeddings);
    expect(back.files).toEqual(s.files);
    expect(back.calibration).toEqual(s.calibration);
    expect(back.duplicates).toEqual(s.duplicates);
  });

  it('refuse a foreign, cut or too small file, naming it', () => {
    expect(() => parseNormalSet('{"format": "alignscope-eval-run"}', 'run.json')).toThrow(
      /run\.json is not an AlignScope normal set/,
    );
    expect(() => parseNormalSet(toNormalSetJson(set(12)).slice(0, 100), 'cut.json')).toThrow(/cut\.json is not JSON/);
    expect(() => parseNormalSet(toNormalSetJson(set(3)), 'tiny.json')).toThrow(
      /3 photos; a normal set needs at least 10/,
    );
    const wrong = JSON.parse(toNormalSetJson(set(12)));
    wrong.dim = 4;
    expect(() => parseNormalSet(JSON.stringify(wrong), 'dim.json')).toThrow(/dim\.json: 12 embeddings of dimension 3/);
  });

  it('choose k on held-out classes: a stray photo that looks like another class fools k = 1 only', () => {
    // classes 0, 1, 2 along the axes; each class's bank has 4 photos on its axis and one stray on the next axis
    const rows: { v: number[]; label: number; held?: boolean }[] = [];
    const axis = (a: number) => [0, 1, 2].map((k) => (k === a ? 1 : 0));
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 4; i++) rows.push({ v: axis(c), label: c });
      rows.push({ v: axis((c + 1) % 3), label: c }); // the stray
      for (let i = 0; i < 2; i++) rows.push({ v: axis(c), label: c, held: true });
    }
    const labelled: NormalSet = {
      ...set(rows.length),
      embeddings: Float32Array.from(rows.flatMap((r) => r.v)),
      calibration: rows.flatMap((r, i) => (r.held ? [i] : [])),
      classes: ['a', 'b', 'c'],
      labels: rows.map((r) => r.label),
    };
    const c = chooseK(labelled);
    // class c held out: its photos meet the stray of class c - 1 at cosine 1 (k = 1 ties them with normal ones:
    // AUROC 0.5); from k = 2 on they meet only other axes (cosine 0). The grid stops at the smallest class (5).
    expect(c.tried).toEqual([
      { k: 1, auroc: 0.5 },
      { k: 2, auroc: 1 },
      { k: 3, auroc: 1 },
      { k: 5, auroc: expect.any(Number) },
    ]);
    expect(c.tried![3].auroc).toBeLessThan(1);
    expect({ k: c.k, rule: c.rule }).toEqual({ k: 2, rule: 'held-out classes' }); // ties go to the smaller k
    // kept in the file; an unlabelled set keeps 0.1 % of its bank
    const back = parseNormalSet(toNormalSetJson({ ...labelled, knn: { k: c.k, rule: c.rule } }), 'k.json');
    expect(chooseK(back)).toEqual({ k: 2, rule: 'held-out classes' });
    expect(chooseK(set(30))).toEqual({ k: 1, rule: 'share of the bank' });
    const tooBig = JSON.parse(toNormalSetJson({ ...labelled, knn: { k: 99, rule: 'held-out classes' } }));
    expect(() => parseNormalSet(JSON.stringify(tooBig), 'big.json')).toThrow(/big\.json: its k of 99 is more than/);
  });
});
