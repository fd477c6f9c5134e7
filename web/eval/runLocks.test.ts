import { describe, expect, it } from 'vitest';
import { runsOwnedElsewhere, withRunLock } from './runLocks';

// Node has no Web Locks: this is the process-local fallback; the browser path is pinned in real Chromium by
// tests/e2e/two-tabs.e2e.test.ts.
describe('run locks', () => {
  it('one holder per run: a second attempt does not start its work', async () => {
    let inner: unknown;
    const outer = await withRunLock('r1', async () => {
      inner = await withRunLock('r1', async () => 'second');
      return 'first';
    });
    expect(outer).toEqual({ ok: true, value: 'first' });
    expect(inner).toEqual({ ok: false });
    expect(await withRunLock('r1', async () => 'again')).toEqual({ ok: true, value: 'again' }); // released
  });
  it("this tab's own runs are never 'owned elsewhere'", async () => {
    await withRunLock('r2', async () => expect((await runsOwnedElsewhere()).has('r2')).toBe(false));
  });
});
