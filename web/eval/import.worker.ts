/**
 * Imports a run export off the page's thread (issue 13: reading, parsing and validating a million-row export on the
 * page froze it for 2.7 s). The worker opens the run store itself (IndexedDB, Web Locks and BroadcastChannel all
 * work in workers), so nothing but progress crosses back; the other tabs and the page hear of the new run the usual
 * way (runLocks.ts). Typed messages both ways.
 */
import { importExport, type ImportProgress } from './session';
import { RunStore } from './store';

export type ImportRequest = { type: 'import'; file: File; classes?: string[] } | { type: 'cancel' };
export type ImportReply =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; runId: string }
  | { type: 'error'; message: string; cancelled: boolean };

const ctrl = new AbortController();
const post = (m: ImportReply) => self.postMessage(m);

self.onmessage = async (ev: MessageEvent<ImportRequest>) => {
  const req = ev.data;
  if (req.type === 'cancel') return ctrl.abort();
  const store = await RunStore.open();
  try {
    const run = await importExport(
      req.file,
      req.classes,
      (progress) => post({ type: 'progress', progress }),
      ctrl.signal,
      store,
    );
    post({ type: 'done', runId: run.id });
  } catch (e) {
    post({ type: 'error', message: (e as Error).message, cancelled: (e as Error).name === 'AbortError' });
  } finally {
    store.close();
  }
};
