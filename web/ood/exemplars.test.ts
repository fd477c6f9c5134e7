import { describe, expect, it } from 'vitest';
import { calibrationSplit, defaultK, parseNormalSet, splitBank, toNormalSetJson, type NormalSet } from './exemplars';

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
});
