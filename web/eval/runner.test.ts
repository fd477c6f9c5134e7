import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { InferenceError } from '../inference/errors';
import { makeMatrix } from '../ood/linalg';
import { matchForResume, planRun } from './plan';
import { runEvaluation, type ImageEncoder } from './runner';
import { makeScorer } from './scorer';
import { QuotaError, RunStore } from './store';
import { tableFromRecords } from './table';
import { fakeJpeg } from './testkit';
import type { RunRecord } from './types';

const CLASSES = ['cat', 'dog'];
// Two class prompts along the axes: an image embedding [a, b] is "cat" when a > b.
const scorer = makeScorer({ classes: makeMatrix(new Float32Array([1, 0, 0, 1]), 2, 2), logitScale: 100 });

/** Encoder stand-in (the model is not under test here): embedding from the file's seed byte; counts encodes. */
function countingEncoder(opts: { failSeed?: number } = {}) {
  const encoded: number[] = [];
  const enc: ImageEncoder & { encoded: number[] } = {
    encoded,
    async encodeImages(blobs) {
      const rows: number[] = [];
      for (const b of blobs) {
        const seed = new Uint8Array(await b.arrayBuffer())[4];
        // named the way the worker's decoder names a file it cannot read (web/preprocess/decode.ts)
        if (seed === opts.failSeed) throw new Error(`${(b as File).name ?? 'image'}: decode failed`);
        rows.push(seed);
      }
      encoded.push(...rows);
      const data = new Float32Array(rows.flatMap((s) => [Math.cos(s / 10), Math.sin(s / 10)]));
      return { embeddings: data, n: rows.length, dim: 2 };
    },
  };
  return enc;
}

const stores: RunStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

async function setup(n: number, failSeed?: number) {
  const store = await RunStore.open(`runner-${Math.random()}`);
  stores.push(store);
  const files = Array.from({ length: n }, (_, i) => fakeJpeg(`normal/${i % 2 ? 'cat' : 'dog'}/${i}.jpg`, i + 1));
  const plan = await planRun([{ kind: 'id', files }], CLASSES);
  const run: RunRecord = {
    id: 'r',
    name: 'r',
    createdAt: 1,
    updatedAt: 1,
    source: 'files',
    modelId: 'm',
    classes: CLASSES,
    scoreNames: scorer.scoreNames,
    sets: plan.sets,
    files: plan.files,
    skipped: plan.skipped,
    status: 'paused',
    doneCount: 0,
  };
  await store.createRun(run);
  return { store, plan, files, encoder: countingEncoder({ failSeed }) };
}

describe('runEvaluation', () => {
  it('stores per batch; cancelled mid-way, a resume encodes only the unfinished images', async () => {
    const { store, plan, files, encoder } = await setup(10);
    const ctrl = new AbortController();
    const progress: number[] = [];
    const first = await runEvaluation({
      store,
      runId: 'r',
      owner: 'tab',
      todo: plan.files.map((file) => ({ file, source: plan.sources.get(file.key)! })),
      encoder,
      scorer,
      batchSize: 3,
      signal: ctrl.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done >= 6) ctrl.abort();
      },
    });
    expect(first.status).toBe('paused');
    expect(first.run!.doneCount).toBe(6);
    expect(progress).toEqual([0, 3, 6]);

    // "reload": the same folder dropped again
    const m = await matchForResume(plan.files, await store.doneKeys('r'), files);
    expect(m.todo.length).toBe(4);
    const second = await runEvaluation({
      store,
      runId: 'r',
      owner: 'tab2',
      todo: m.todo,
      encoder,
      scorer,
      batchSize: 3,
    });
    expect(second.status).toBe('done');
    expect(second.run!.doneCount).toBe(10);
    expect(encoder.encoded.length).toBe(10); // each image encoded exactly once
    expect(new Set(encoder.encoded).size).toBe(10);

    const run = (await store.getRun('r'))!;
    const table = tableFromRecords(run, await store.getImages('r'));
    expect(table.sets[0].keys).toEqual(plan.files.map((f) => f.key));
    expect(table.sets[0].labels).toEqual(plan.files.map((f) => f.label));
    expect(table.sets[0].scores.mcm.every((v) => v > 0.5 && v <= 1)).toBe(true);
  });

  it('a photo the decoder rejects is skipped with its reason; the rest of its batch is kept', async () => {
    const { store, plan, encoder } = await setup(5, 3);
    const out = await runEvaluation({
      store,
      runId: 'r',
      owner: 't',
      todo: plan.files.map((file) => ({ file, source: plan.sources.get(file.key)! })),
      encoder,
      scorer,
      batchSize: 5,
    });
    expect(out.status).toBe('done');
    expect(out.run!.doneCount).toBe(4);
    expect(out.run!.skipped).toEqual([
      {
        key: 'normal/dog/2.jpg',
        set: 'normal',
        reason: 'unreadable',
        detail: 'the image could not be decoded: 2.jpg: decode failed', // its name, not "image:" (issue 13)
      },
    ]);
  });

  it('a model that fails on every photo stops the run (resumable) instead of skipping the photos', async () => {
    const { store, plan } = await setup(4);
    let calls = 0;
    const broken: ImageEncoder = {
      encodeImages: async () =>
        Promise.reject(new InferenceError('crashed', `inference worker crashed (${++calls}): out of memory`)),
    };
    const out = await runEvaluation({
      store,
      runId: 'r',
      owner: 't',
      todo: plan.files.map((file) => ({ file, source: plan.sources.get(file.key)! })),
      encoder: broken,
      scorer,
      batchSize: 2,
    });
    expect(out.status).toBe('failed');
    expect((out as { error: Error }).error.message).toMatch(/worker crashed/);
    expect((await store.getRun('r'))!.skipped).toEqual([]);
    expect(calls).toBe(1); // a crash is known by its kind: no photo-by-photo retries
  });

  it('a full disk stops the run as failed with the quota message; finished batches stay', async () => {
    const { store, plan, encoder } = await setup(6);
    const realAppend = store.appendBatch.bind(store);
    let calls = 0;
    store.appendBatch = async (...args) => {
      if (++calls === 2) throw new QuotaError('storing 3 results');
      return realAppend(...args);
    };
    const out = await runEvaluation({
      store,
      runId: 'r',
      owner: 't',
      todo: plan.files.map((file) => ({ file, source: plan.sources.get(file.key)! })),
      encoder,
      scorer,
      batchSize: 3,
    });
    expect(out.status).toBe('failed');
    expect((out as { error: Error }).error.message).toMatch(/storage for this site is full/);
    const run = (await store.getRun('r'))!;
    expect(run.status).toBe('failed');
    expect(run.doneCount).toBe(3);
  });
});
