/**
 * `alignscope score` as a script runs it (a child process): rows as the app's Check screen judges each photo, a run
 * killed with SIGKILL and resumed (no photo missing, none twice), and the bad input a person will give it.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationFor } from '../../../web/ood/calibration';
import { checkPhoto } from '../../../web/ood/check';
import { fitScore } from '../../../web/ood/scores/registry';
import { thresholdAtTpr } from '../../../web/ood/thresholds';
import { parseCalibration } from '../../../web/model/calibration';
import type { ScoreName } from '../../../web/ood/scores/types';
import type { ClipEncoders } from '../../../web/inference/encoders';
import { bundlePrompts, encodePhoto, indexedBundles, openBundle, photosDir, readManifest } from '../nodeBundle';
import { freePort, linesOf, photoFolder, runCli, scratch, sortedLines, startCli } from './kit';

const bundle = indexedBundles()[0];
let enc: ClipEncoders;
beforeAll(async () => {
  enc = await openBundle(bundle.dir);
});

type Row = {
  path: string;
  size: number;
  sha256: string;
  score: number | null;
  threshold: number;
  percentile: number | null;
  top_class: string;
  flagged: boolean | null;
  reason: string;
  error: string;
  score_name: string;
  scores: Record<string, number>;
};
const rowsOf = (file: string): Row[] => linesOf(readFileSync(file, 'utf8')).map((l) => JSON.parse(l));

describe('alignscope score', () => {
  it('gives each photo the verdict the Check screen gives it, and lists the file that is not a photo', async () => {
    const out = path.join(scratch('score'), 'results.jsonl');
    const r = await runCli(['score', photosDir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = rowsOf(out);
    expect(rows.length).toBe(121);
    const notPhoto = rows.filter((x) => x.error);
    expect(notPhoto.map((x) => x.path)).toEqual(['photos/labels.tsv']);
    expect(notPhoto[0].error).toMatch(/^not-image: not a JPEG/);
    expect(r.stderr).toMatch(/skipped photos\/labels\.tsv: not-image/);
    expect(r.stderr).toMatch(/done: 120 photos scored, \d+ flagged/);

    // the same photo through the app's own functions: bundle prompts, calibration, checkPhoto
    const manifest = readManifest(bundle.dir);
    const prompts = await bundlePrompts(bundle.dir, manifest, enc);
    const scoreName = manifest.scoring!.default as ScoreName;
    const cal = calibrationFor(
      parseCalibration(JSON.parse(readFileSync(path.join(bundle.dir, manifest.calibration!), 'utf8'))),
      scoreName,
    )!;
    const threshold = thresholdAtTpr(cal.id, 0.95);
    const fitted = fitScore(scoreName, prompts, manifest.scoring);
    const scored = rows.filter((x) => !x.error);
    let flagged = 0;
    for (const row of scored.filter((_, i) => i % 6 === 0)) {
      const v = await encodePhoto(enc, manifest, row.path.replace(/^photos\//, ''));
      const want = checkPhoto({ image: v, prompts, classNames: manifest.classes, fitted, threshold, calibration: cal });
      expect(row.score_name).toBe(scoreName);
      expect(row.threshold).toBe(threshold);
      expect(row.score!).toBeCloseTo(want.score, 9);
      expect(row.percentile!).toBeCloseTo(want.percentile, 9);
      expect(row.top_class).toBe(want.topClasses[0].name);
      expect(row.flagged).toBe(want.verdict.flagged);
      expect(row.reason).toBe(want.verdict.reason);
      expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
      flagged += Number(row.flagged);
    }
    expect(flagged).toBeGreaterThan(0); // both verdicts occur among the photos checked
    expect(flagged).toBeLessThan(scored.filter((_, i) => i % 6 === 0).length);
  });

  it('killed with SIGKILL mid-run and run again: every photo once, the same rows as a run never killed', async () => {
    const dir = photoFolder(5); // 600 photos
    const work = scratch('kill');
    const whole = path.join(work, 'whole.jsonl');
    const killed = path.join(work, 'killed.jsonl');
    expect((await runCli(['score', dir, '--out', whole, '--batch', '8', '--quiet'])).code).toBe(0);

    const child = startCli(['score', dir, '--out', killed, '--batch', '8']);
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (existsSync(killed) && linesOf(readFileSync(killed, 'utf8')).length >= 40) {
          clearInterval(t);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    const first = await child.done;
    expect(first.signal).toBe('SIGKILL');
    const partial = linesOf(readFileSync(killed, 'utf8')).length;
    expect(partial).toBeLessThan(600);

    const again = await runCli(['score', dir, '--out', killed, '--batch', '8']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`${partial} already in`));
    const rows = rowsOf(killed);
    expect(new Set(rows.map((x) => x.path)).size).toBe(rows.length); // none twice
    expect(sortedLines(readFileSync(killed, 'utf8'))).toEqual(sortedLines(readFileSync(whole, 'utf8')));

    // a third run finds everything there and scores nothing
    const third = await runCli(['score', dir, '--out', killed]);
    expect(third.stderr).toMatch(/done: 0 photos scored, .*600 already there/);
  });

  it('a CSV resumes too, and refuses to mix in results of another score or threshold', async () => {
    const out = path.join(scratch('csv'), 'results.csv');
    const one = path.join(photosDir, 'id', 'ship');
    expect((await runCli(['score', one, '--out', out, '--quiet'])).code).toBe(0);
    const before = readFileSync(out, 'utf8');
    expect(before.split('\n')[0]).toMatch(/^path,size,sha256,model,score_name,threshold,score,/);
    const again = await runCli(['score', one, '--out', out]);
    expect(again.stderr).toMatch(/done: 0 photos scored/);
    expect(readFileSync(out, 'utf8')).toBe(before);
    const other = await runCli(['score', one, '--out', out, '--score', 'mcm']);
    expect(other.code).toBe(4);
    expect(other.stderr.trim()).toMatch(
      /^alignscope: .*results\.csv holds results of model .*, score maxlogit|score \w+/,
    );
    expect(readFileSync(out, 'utf8')).toBe(before); // nothing the person made is lost
  });
});

describe('alignscope score: bad input gets one line naming the thing and the cause', () => {
  const oneLine = (s: string) => {
    const lines = s.trim().split('\n');
    expect(lines.length, s).toBe(1);
    return lines[0];
  };
  const photos = path.join(photosDir, 'id', 'ship');

  it('a missing model, a folder that is no bundle, a broken manifest, a broken ONNX file', async () => {
    const out = path.join(scratch('bad'), 'r.csv');
    let r = await runCli(['score', photos, '--model', '/nowhere/model', '--out', out]);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toMatch(/--model \/nowhere\/model: no such folder, and not a bundled model id/);

    const notBundle = scratch('notbundle');
    r = await runCli(['score', photos, '--model', notBundle, '--out', out]);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toMatch(/no manifest\.json in that folder/);

    const broken = scratch('broken');
    writeFileSync(path.join(broken, 'manifest.json'), '{"format": "alignscope-clip-bundle", ');
    r = await runCli(['score', photos, '--model', broken, '--out', out]);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toMatch(/manifest\.json.*JSON/i);

    const badOnnx = scratch('badonnx');
    for (const f of ['manifest.json', 'tokenizer.json', 'text.onnx', 'calibration.json', 'negative_labels.json'])
      copyFileSync(path.join(bundle.dir, f), path.join(badOnnx, f));
    writeFileSync(path.join(badOnnx, 'vision.onnx'), Buffer.from('this is not an onnx file'));
    r = await runCli(['score', photos, '--model', badOnnx, '--out', out]);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toMatch(/vision\.onnx: not a model ONNX Runtime can open/);
    expect(existsSync(out)).toBe(false);
  });

  it('an empty folder, a missing folder; unreadable files are listed and skipped, the run goes on', async () => {
    const empty = scratch('empty');
    let r = await runCli(['score', empty, '--out', path.join(empty, '..', 'r.csv')]);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/the folder holds no files/);

    r = await runCli(['score', '/nowhere/photos', '--out', '/tmp/r.csv']);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/\/nowhere\/photos: no such file or folder/);

    const work = scratch('unreadable');
    mkdirSync(path.join(work, 'p'));
    writeFileSync(path.join(work, 'p', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]));
    copyFileSync(path.join(photos, readdirFirst(photos)), path.join(work, 'p', 'ok.jpg'));
    writeFileSync(path.join(work, 'list.txt'), 'p/ok.jpg\np/broken.jpg\np/gone.jpg\n');
    const out = path.join(work, 'r.jsonl');
    r = await runCli(['score', path.join(work, 'list.txt'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = rowsOf(out);
    expect(rows.map((x) => [x.path, x.error.split(':')[0]]).sort()).toEqual([
      ['p/broken.jpg', 'unreadable'],
      ['p/gone.jpg', 'unreadable'],
      ['p/ok.jpg', ''],
    ]);
    expect(r.stderr).toMatch(/skipped p\/broken\.jpg: unreadable: the image could not be decoded/);
    expect(r.stderr).toMatch(/skipped p\/gone\.jpg: unreadable: could not be read: ENOENT/);
  });

  it('an unreachable Redis, for the producer and for a worker', async () => {
    const port = await freePort();
    const out = path.join(scratch('redis'), 'r.csv');
    let r = await runCli(['score', photos, '--queue', `redis://127.0.0.1:${port}`, '--out', out]);
    expect(r.code).toBe(5);
    expect(oneLine(r.stderr)).toMatch(
      new RegExp(`--queue redis://127.0.0.1:${port}: Redis is unreachable \\(ECONNREFUSED\\)`),
    );
    expect(existsSync(out)).toBe(false);
    r = await runCli(['worker', '--queue', `redis://127.0.0.1:${port}`]);
    expect(r.code).toBe(5);
    expect(oneLine(r.stderr)).toMatch(/Redis is unreachable/);
  });

  it('a bad option says which and how to fix it; --help lists every option with examples', async () => {
    let r = await runCli(['score', photos, '--out', '/tmp/r.txt']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--out \/tmp\/r\.txt: name it \.csv or \.jsonl/);
    r = await runCli(['score', photos, '--out', '/tmp/r.csv', '--keep-normal', '1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--keep-normal: a fraction in \(0, 1\]/);
    r = await runCli(['score', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--model',
      '--score',
      '--threshold',
      '--keep-normal',
      '--out',
      '--queue',
      '--job-size',
      'Examples:',
    ])
      expect(r.stdout).toContain(flag);
  });
});

function readdirFirst(dir: string): string {
  return readdirSync(dir).sort()[0];
}
