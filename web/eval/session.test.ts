import 'fake-indexeddb/auto';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createRunFromDrop, listStoredRuns } from './session';
import { fakeJpeg, memSource } from './testkit';

const model = { id: 'm', classes: ['dog', 'ship'], scoreNames: ['mcm'] };
const emptyZip = () => memSource('holiday.zip', zipSync({}));

describe('createRunFromDrop (issue 13)', () => {
  it('an empty zip alone is refused, naming it, and no run is stored', async () => {
    const before = (await listStoredRuns()).length;
    await expect(createRunFromDrop([emptyZip()], [], model, () => undefined)).rejects.toThrow(
      /^Nothing to evaluate: .*holiday\.zip: empty zip/,
    );
    expect(await listStoredRuns()).toHaveLength(before);
  });

  it('an empty zip next to photos is listed as skipped, not ignored', async () => {
    const { run } = await createRunFromDrop(
      [emptyZip(), fakeJpeg('dog/a.jpg', 1)],
      [fakeJpeg('x.jpg', 2)],
      model,
      () => undefined,
    );
    expect(run.files.map((f) => f.key)).toEqual(['dog/a.jpg', 'x.jpg']);
    expect(run.skipped).toEqual([
      { key: 'holiday.zip', set: 'holiday.zip', reason: 'unreadable', detail: 'empty zip' },
    ]);
    expect(run.name).toMatch(/^dog \+ photos \(not normal\) · /);
  });
});
