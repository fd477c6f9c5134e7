import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { expandZips, fromFile, setNameOf } from './sources';
import { planRun } from './plan';
import { memSource, JPEG_HEAD } from './testkit';

describe('zips', () => {
  it('become a folder of their own, nested paths kept, directory entries dropped', async () => {
    const zip = zipSync({
      'cats/a.jpg': new Uint8Array([...JPEG_HEAD, 1]),
      'b.txt': new Uint8Array([1]),
      'empty/': new Uint8Array(),
    });
    const { files, problems } = await expandZips([
      memSource('extra.zip', zip),
      memSource('loose/x.jpg', [...JPEG_HEAD]),
    ]);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.key).sort()).toEqual(['extra.zip/b.txt', 'extra.zip/cats/a.jpg', 'loose/x.jpg']);
    expect(setNameOf('extra.zip/cats/a.jpg')).toBe('extra.zip');
    expect(setNameOf('lonely.jpg')).toBe('files');
  });

  it('report a zip that does not open, naming it', async () => {
    const { files, problems } = await expandZips([memSource('bad.zip', [1, 2, 3, 4])]);
    expect(files).toEqual([]);
    expect(problems[0].key).toBe('bad.zip');
    expect(problems[0].detail).toMatch(/zip could not be opened/);
  });
});

describe('loose files (issue 13)', () => {
  it('a "/" or "\\" in a loose file name never makes a set or a class folder', async () => {
    const sources = ['../a/x.jpg', 'dog\\y.jpg', 'plain.jpg'].map((name, i) =>
      fromFile(new File([new Uint8Array([...JPEG_HEAD, i])], name)),
    );
    expect(sources.every((s) => !s.key.includes('/'))).toBe(true);
    expect(sources[0].key).toBe('..\u2215a\u2215x.jpg');
    const plan = await planRun([{ kind: 'id', files: sources }], ['dog']);
    expect(plan.sets).toEqual([{ name: 'photos (normal)', kind: 'id' }]);
    expect(plan.files.map((f) => f.label)).toEqual([-1, -1, -1]); // "dog\\y.jpg" is not in a folder "dog"
  });
  it('a real folder path still makes the set', () => {
    const f = new File([new Uint8Array([1])], 'x.jpg');
    expect(setNameOf(fromFile(f, '/holiday/dog/x.jpg').key)).toBe('holiday');
  });
  it('an empty zip is reported as such', async () => {
    const { files, problems } = await expandZips([memSource('empty.zip', zipSync({}))]);
    expect(files).toEqual([]);
    expect(problems).toEqual([{ key: 'empty.zip', detail: 'empty zip' }]);
  });
});
