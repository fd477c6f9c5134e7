import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { QuotaError, RunStore } from './store';
import type { ImageRecord, RunRecord } from './types';

let n = 0;
const dbName = () => `eval-test-${++n}-${Math.random()}`;
const stores: RunStore[] = [];
async function openStore(name = dbName()) {
  const s = await RunStore.open(name);
  stores.push(s);
  return s;
}
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function run(id: string, keys: string[], createdAt = 1): RunRecord {
  return {
    id,
    name: id,
    createdAt,
    updatedAt: createdAt,
    source: 'files',
    modelId: 'm',
    classes: ['cat'],
    scoreNames: ['mcm'],
    sets: [{ name: 'n', kind: 'id' }],
    files: keys.map((key) => ({ key, set: 'n', size: 1, hash: key, label: 0 })),
    skipped: [],
    status: 'running',
    doneCount: 0,
    owner: 'tab-1',
  };
}
const image = (key: string, v: number): ImageRecord => ({
  runId: '',
  key,
  set: 'n',
  label: 0,
  predicted: 0,
  scores: { mcm: v },
  embedding: new Float32Array([v, 1 - v]),
});

describe('RunStore', () => {
  it('stores per batch, counts each image once, and reopens after a "reload"', async () => {
    const name = dbName();
    const a = await openStore(name);
    await a.createRun(run('r1', ['n/1', 'n/2', 'n/3']));
    await a.appendBatch('r1', [image('n/1', 0.1), image('n/2', 0.2)]);
    const again = await a.appendBatch('r1', [image('n/2', 0.2)]); // a retried batch does not double-count
    expect(again.doneCount).toBe(2);
    a.close();
    const b = await openStore(name);
    expect([...(await b.doneKeys('r1'))].sort()).toEqual(['n/1', 'n/2']);
    const imgs = await b.getImages('r1');
    expect(imgs.map((i) => i.scores.mcm).sort()).toEqual([0.1, 0.2]);
    expect(imgs[0].embedding).toBeInstanceOf(Float32Array);
  });

  it('marks runs left running by another tab as paused (resumable), not its own', async () => {
    const s = await openStore();
    await s.createRun(run('mine', ['n/1']));
    await s.createRun({ ...run('crashed', ['n/1']), owner: 'tab-0' });
    expect(await s.recoverInterrupted('tab-1')).toEqual(['crashed']);
    expect((await s.getRun('crashed'))!.status).toBe('paused');
    expect((await s.getRun('mine'))!.status).toBe('running');
  });

  it('leaves a run that another live tab is encoding (it holds the run lock) as running (issue 13)', async () => {
    const s = await openStore();
    await s.createRun({ ...run('live', ['n/1']), owner: 'tab-0' });
    await s.createRun({ ...run('gone', ['n/1']), owner: 'tab-0' });
    expect(await s.recoverInterrupted('tab-1', new Set(['live']))).toEqual(['gone']);
    expect((await s.getRun('live'))!.status).toBe('running');
  });

  it('stores an import all or nothing, with progress; a cancel or a closed tab keeps nothing (issue 13, item 5)', async () => {
    const s = await openStore();
    const rows = (id: string, k: number) => Array.from({ length: k }, (_, i) => ({ ...image(`n/${i}`, i), runId: id }));
    const seen: number[] = [];
    const done = await s.storeImport(run('imp', []), rows('imp', 12), (k) => seen.push(k), undefined, 2);
    expect(seen).toEqual([8, 12]); // chunks of 2 rows, 4 chunks per transaction
    expect(done.status).toBe('done');
    expect(done.doneCount).toBe(12);
    expect((await s.getImages('imp')).length).toBe(12);

    const ctrl = new AbortController();
    const cancelled = s.storeImport(run('cut', []), rows('cut', 12), () => ctrl.abort(), ctrl.signal, 2);
    await expect(cancelled).rejects.toThrow(/import cancelled/);
    expect(await s.getRun('cut')).toBeUndefined();
    expect((await s.getImages('cut')).length).toBe(0);

    await s.createRun({ ...run('half', []), status: 'importing', owner: 'tab-0' });
    await s.appendBatch('half', [image('n/1', 0.1)]);
    await s.createRun({ ...run('other-tab', []), status: 'importing', owner: 'tab-0' });
    expect(await s.recoverInterrupted('tab-1', new Set(['other-tab']))).toEqual(['half']);
    expect(await s.getRun('half')).toBeUndefined();
    expect((await s.getImages('half')).length).toBe(0);
    expect((await s.getRun('other-tab'))!.status).toBe('importing');
    expect((await s.getImages('imp')).length).toBe(12); // other runs untouched
  });

  it('deletes a run with its images only', async () => {
    const s = await openStore();
    await s.createRun(run('a', ['n/1']));
    await s.createRun(run('b', ['n/1'], 2));
    await s.appendBatch('a', [image('n/1', 0.5)]);
    await s.appendBatch('b', [image('n/1', 0.6)]);
    await s.deleteRun('a');
    expect((await s.listRuns()).map((r) => r.id)).toEqual(['b']);
    expect((await s.getImages('b')).length).toBe(1);
    expect((await s.getImages('a')).length).toBe(0);
  });

  it('a quota error on put keeps earlier runs and earlier batches, and says so', async () => {
    const s = await openStore();
    await s.createRun(run('old', ['n/1']));
    await s.appendBatch('old', [image('n/1', 0.3)]);
    await s.createRun(run('new', ['n/1', 'n/2', 'n/3']));
    await s.appendBatch('new', [image('n/1', 0.4)]);

    const proto = IDBObjectStore.prototype;
    const realPut = proto.put;
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const value = args[0] as ImageRecord;
      if (this.name === 'images' && value.key === 'n/3')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    let err: unknown;
    try {
      await s.appendBatch('new', [image('n/2', 0.5), image('n/3', 0.6)]);
    } catch (e) {
      err = e;
    } finally {
      proto.put = realPut;
    }
    expect(err).toBeInstanceOf(QuotaError);
    expect((err as Error).message).toMatch(/storage for this site is full.*earlier runs are kept/);
    expect((await s.getRun('new'))!.doneCount).toBe(1);
    expect([...(await s.doneKeys('new'))]).toEqual(['n/1']);
    expect((await s.getRun('old'))!.doneCount).toBe(1);
    expect((await s.getImages('old'))[0].scores.mcm).toBe(0.3);
  });

  it('a quota error when creating a run leaves the list as it was', async () => {
    const s = await openStore();
    await s.createRun(run('kept', ['n/1']));
    const proto = IDBObjectStore.prototype;
    const realAdd = proto.add;
    proto.add = function () {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      await expect(s.createRun(run('big', ['n/1']))).rejects.toBeInstanceOf(QuotaError);
    } finally {
      proto.add = realAdd;
    }
    expect((await s.listRuns()).map((r) => r.id)).toEqual(['kept']);
  });
});
