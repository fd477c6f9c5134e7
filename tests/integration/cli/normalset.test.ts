/**
 * `alignscope normal-set` and `score --normal-set` (issue 15's option; the normal set file and the KNN score are
 * issue 14's groundwork, web/ood/exemplars.ts and web/ood/scores/knn.ts): a set made from the shared ID photos, its
 * KNN threshold from its own calibration split, and the bad input a person will give it.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseK, parseNormalSet, splitBank } from '../../../web/ood/exemplars';
import { fitScore } from '../../../web/ood/scores/registry';
import { thresholdAtTpr } from '../../../web/ood/thresholds';
import { matrixFromRows } from '../../../web/ood/linalg';
import { photosDir } from '../nodeBundle';
import { linesOf, runCli, scratch } from './kit';

const oneLine = (s: string) => {
  const lines = s.trim().split('\n');
  expect(lines.length, s).toBe(1);
  return lines[0];
};

describe('alignscope normal-set', () => {
  it('makes a set of embeddings (duplicates counted once), and score --normal-set adds KNN with its own threshold', async () => {
    const work = scratch('normalset');
    const dir = path.join(work, 'normal');
    mkdirSync(dir);
    const ships = path.join(photosDir, 'id', 'ship');
    for (const side of ['airplane', 'ship', 'truck'])
      for (const f of readdirSync(path.join(photosDir, 'id', side)))
        copyFileSync(path.join(photosDir, 'id', side, f), path.join(dir, `${side}-${f}`));
    copyFileSync(path.join(ships, readdirSync(ships).sort()[0]), path.join(dir, 'zz-copy.JPEG'));
    const setFile = path.join(work, 'site.json');
    const made = await runCli(['normal-set', dir, '--out', setFile, '--name', 'site']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/counted once: normal\/zz-copy\.JPEG has the same bytes as normal\/ship-/);
    const set = parseNormalSet(readFileSync(setFile, 'utf8'), setFile);
    expect(set.files.length).toBe(readdirSync(dir).length - 1);
    expect(set.duplicates.length).toBe(1);
    expect(set.name).toBe('site');
    expect(JSON.stringify(JSON.parse(readFileSync(setFile, 'utf8')).files)).not.toMatch(/base64|jpeg;/); // no photos

    const out = path.join(work, 'r.jsonl');
    const r = await runCli([
      'score',
      path.join(photosDir, 'ood'),
      '--normal-set',
      setFile,
      '--score',
      'knn',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/keeps 95 % of the normal set's calibration photos/);
    const rows = linesOf(readFileSync(out, 'utf8')).map((l) => JSON.parse(l));
    expect(rows.length).toBe(60);
    // the threshold is TPR-95 of the calibration split's KNN scores against the rest of the set (k as the set chose it)
    const { bank, calibration } = splitBank(set);
    const fitted = fitScore(
      'knn',
      { classes: matrixFromRows([[1, ...new Array(set.dim - 1).fill(0)]]), exemplars: bank, logitScale: 1 },
      { knnK: chooseK(set).k },
    );
    expect(rows[0].threshold).toBeCloseTo(thresholdAtTpr(fitted.scoreMany(calibration), 0.95), 12);
    for (const row of rows) {
      expect(row.score_name).toBe('knn');
      expect(row.scores.knn).toBe(row.score);
      expect(row.flagged).toBe(row.score < row.threshold);
    }
    expect(rows[0].reason).toMatch(/Nearest normal photos \(KNN\)/);

    // the same file without the set: another set of score columns, refused rather than mixed
    const csv = path.join(work, 'r.csv');
    expect((await runCli(['score', ships, '--normal-set', setFile, '--out', csv, '--quiet'])).code).toBe(0);
    const mixed = await runCli(['score', ships, '--out', csv]);
    expect(mixed.code).toBe(4);
    expect(oneLine(mixed.stderr)).toMatch(
      /score columns mcm, energy, maxlogit, neglabel, knn, fused; this run gives mcm, energy, maxlogit, neglabel/,
    );
  });

  it('refuses too few photos, a set of another model, a foreign or broken file — one line each', async () => {
    const work = scratch('normalset-bad');
    const few = path.join(work, 'few');
    mkdirSync(few);
    const ships = path.join(photosDir, 'id', 'ship');
    copyFileSync(path.join(ships, readdirSync(ships).sort()[0]), path.join(few, 'only.JPEG'));
    let r = await runCli(['normal-set', few, '--out', path.join(work, 'few.json'), '--quiet']);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/1 distinct photo; a normal set needs at least 10/);

    const setFile = path.join(work, 'id.json');
    expect((await runCli(['normal-set', path.join(photosDir, 'id'), '--out', setFile, '--quiet'])).code).toBe(0);
    r = await runCli([
      'score',
      ships,
      '--model',
      'cifar10-flyp-tiny',
      '--normal-set',
      setFile,
      '--out',
      path.join(work, 'x.csv'),
    ]);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(
      /was made with model cifar10-cma-tiny \(128-d\); this run uses cifar10-flyp-tiny .*--model cifar10-flyp-tiny/,
    );

    const foreign = path.join(work, 'run.json');
    writeFileSync(foreign, JSON.stringify({ format: 'alignscope-eval-run', formatVersion: 1 }));
    r = await runCli(['score', ships, '--normal-set', foreign, '--out', path.join(work, 'y.csv')]);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/run\.json is not an AlignScope normal set/);

    const cut = path.join(work, 'cut.json');
    writeFileSync(cut, readFileSync(setFile, 'utf8').slice(0, 500));
    r = await runCli(['score', ships, '--normal-set', cut, '--out', path.join(work, 'z.csv')]);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/cut\.json is not JSON/);

    r = await runCli(['score', '--score', 'knn', ships, '--out', path.join(work, 'w.csv')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--score knn: this model offers mcm, energy, maxlogit, neglabel/);
  });
});
