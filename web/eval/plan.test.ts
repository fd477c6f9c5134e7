import { describe, expect, it } from 'vitest';
import { batches, labelFromPath, matchForResume, planRun } from './plan';
import { fakeJpeg, memSource, PNG_HEAD } from './testkit';
import { sha256Hex } from './sniff';

const CLASSES = ['airplane', 'automobile', 'bird'];

describe('planRun', () => {
  it('plans images, labels them from class folders and lists every skipped file with its reason', async () => {
    const plan = await planRun(
      [
        {
          kind: 'id',
          files: [
            fakeJpeg('normal/bird/a.jpg', 1),
            fakeJpeg('normal/Automobile/b.jpg', 2),
            memSource('normal/notes.txt', [104, 105]),
            memSource('normal/empty.jpg', []),
            fakeJpeg('normal/bird/copy-of-a.jpg', 1),
            fakeJpeg('normal/broken.jpg', 3, { failRead: true }),
            memSource('normal/x.png', [...PNG_HEAD, 9]),
          ],
        },
        { kind: 'ood', files: [fakeJpeg('weird/a.jpg', 1), fakeJpeg('weird/c.jpg', 4)] },
      ],
      CLASSES,
    );
    expect(plan.sets).toEqual([
      { name: 'normal', kind: 'id' },
      { name: 'weird', kind: 'ood' },
    ]);
    expect(plan.files.map((f) => [f.key, f.set, f.label])).toEqual([
      ['normal/bird/a.jpg', 'normal', 2],
      ['normal/Automobile/b.jpg', 'normal', 1],
      ['normal/x.png', 'normal', -1],
      ['weird/c.jpg', 'weird', -1],
    ]);
    expect(plan.skipped.map((s) => [s.key, s.reason])).toEqual([
      ['normal/notes.txt', 'not-image'],
      ['normal/empty.jpg', 'empty'],
      ['normal/bird/copy-of-a.jpg', 'duplicate'],
      ['normal/broken.jpg', 'unreadable'],
      ['weird/a.jpg', 'duplicate'],
    ]);
    expect(plan.skipped.find((s) => s.key === 'weird/a.jpg')!.detail).toBe('same bytes as normal/bird/a.jpg');
    expect(plan.skipped.find((s) => s.key === 'normal/broken.jpg')!.detail).toMatch(/could not be read/);
    expect(plan.files[0].hash).toBe(await sha256Hex(await fakeJpeg('x', 1).read()));
    expect(plan.sources.get('weird/c.jpg')).toBeDefined();
  });

  it('refuses the same folder name on both sides', async () => {
    await expect(
      planRun(
        [
          { kind: 'id', files: [fakeJpeg('a/1.jpg', 1)] },
          { kind: 'ood', files: [fakeJpeg('a/2.jpg', 2)] },
        ],
        CLASSES,
      ),
    ).rejects.toThrow(/both as normal and as not normal/);
  });

  it('loose photos picked on both sides make one set per side', async () => {
    const plan = await planRun(
      [
        { kind: 'id', files: [fakeJpeg('1.jpg', 1)] },
        { kind: 'ood', files: [fakeJpeg('2.jpg', 2)] },
      ],
      CLASSES,
    );
    expect(plan.sets).toEqual([
      { name: 'photos (normal)', kind: 'id' },
      { name: 'photos (not normal)', kind: 'ood' },
    ]);
    expect(plan.files.map((f) => f.set)).toEqual(['photos (normal)', 'photos (not normal)']);
  });

  it('takes the nearest class folder on the path (a dropped "bird" folder too), never the file name', () => {
    expect(labelFromPath('bird/x.jpg', CLASSES)).toBe(2);
    expect(labelFromPath('x.jpg', CLASSES)).toBe(-1);
    expect(labelFromPath('set/airplane/bird/x.jpg', CLASSES)).toBe(2);
    expect(labelFromPath('set/misc/airplane.jpg', CLASSES)).toBe(-1);
  });
});

describe('matchForResume', () => {
  it('skips finished files without reading them and finds the rest by path + size + hash', async () => {
    const first = [fakeJpeg('n/1.jpg', 1), fakeJpeg('n/2.jpg', 2), fakeJpeg('n/3.jpg', 3), fakeJpeg('n/4.jpg', 4)];
    const plan = await planRun([{ kind: 'id', files: first }], CLASSES);
    let reads = 0;
    const again = [
      fakeJpeg('n/1.jpg', 1, { onRead: () => reads++ }),
      fakeJpeg('n/2.jpg', 2, { onRead: () => reads++ }),
      fakeJpeg('n/3.jpg', 99), // same path, other bytes: not the planned file
      fakeJpeg('moved/4.jpg', 4), // other path, same bytes: found by hash
    ];
    const m = await matchForResume(plan.files, new Set(['n/1.jpg', 'n/2.jpg']), again);
    expect(reads).toBe(0);
    expect(m.alreadyDone).toBe(2);
    expect(m.todo.map((t) => [t.file.key, t.source.key])).toEqual([['n/4.jpg', 'moved/4.jpg']]);
    expect(m.missing.map((f) => f.key)).toEqual(['n/3.jpg']);
  });

  it('with nothing dropped, every unfinished file is missing', async () => {
    const plan = await planRun([{ kind: 'ood', files: [fakeJpeg('o/1.jpg', 1), fakeJpeg('o/2.jpg', 2)] }], CLASSES);
    const m = await matchForResume(plan.files, new Set(['o/1.jpg']), []);
    expect(m.todo).toEqual([]);
    expect(m.missing.map((f) => f.key)).toEqual(['o/2.jpg']);
  });
});

describe('batches', () => {
  it('splits with a short last batch', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 3)).toEqual([]);
  });
});
