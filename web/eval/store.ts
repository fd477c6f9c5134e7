// IndexedDB persistence of runs: a run record (plan, status, progress) and one record per finished image,
// written per batch in one transaction with the run's progress, so a crash loses at most the batch in flight.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { announceRunsChanged } from './runLocks';
import type { ImageRecord, RunRecord } from './types';

/** Up to IMPORT_CHUNK rows of an imported run in one record (imports write no per-image records: see storeImport). */
interface ImportChunk {
  runId: string;
  index: number;
  rows: ImageRecord[];
}

interface EvalDbSchema extends DBSchema {
  runs: { key: string; value: RunRecord };
  images: { key: [string, string]; value: ImageRecord; indexes: { byRun: string } };
  chunks: { key: [string, number]; value: ImportChunk; indexes: { byRun: string } };
}

export const EVAL_DB_NAME = 'alignscope-eval';
const VERSION = 2;
const IMPORT_CHUNK = 5000;

/** Storage ran out. Carries a sentence for the user; what was stored before stays. */
export class QuotaError extends Error {
  constructor(what: string) {
    super(
      `The browser's storage for this site is full (${what}). Finished images and earlier runs are kept; ` +
        'delete old runs or free disk space, then resume.',
    );
    this.name = 'QuotaError';
  }
}

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError' || name === 'QuotaError';
}

export type EvalDb = IDBPDatabase<EvalDbSchema>;

export function openEvalDb(name = EVAL_DB_NAME): Promise<EvalDb> {
  return openDB<EvalDbSchema>(name, VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('images', { keyPath: ['runId', 'key'] }).createIndex('byRun', 'runId');
      }
      if (oldVersion < 2) db.createObjectStore('chunks', { keyPath: ['runId', 'index'] }).createIndex('byRun', 'runId');
    },
  });
}

async function guard<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isQuotaError(e)) throw new QuotaError(what);
    throw e;
  }
}

export class RunStore {
  constructor(private readonly db: EvalDb) {}

  static async open(name?: string): Promise<RunStore> {
    return new RunStore(await openEvalDb(name));
  }

  close(): void {
    this.db.close();
  }

  /** Newest first. */
  async listRuns(): Promise<RunRecord[]> {
    const runs = await this.db.getAll('runs');
    return runs.sort((a, b) => b.createdAt - a.createdAt);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  async createRun(run: RunRecord): Promise<void> {
    await guard(`saving run "${run.name}"`, async () => {
      await this.db.add('runs', run);
    });
    announceRunsChanged();
  }

  async updateRun(id: string, patch: Partial<Omit<RunRecord, 'id'>>): Promise<RunRecord> {
    return guard('updating a run', async () => {
      const tx = this.db.transaction('runs', 'readwrite');
      const run = await tx.store.get(id);
      if (!run) throw new Error(`run ${id} does not exist (deleted in another tab?)`);
      const next = { ...run, ...patch, updatedAt: Date.now() };
      await tx.store.put(next);
      await tx.done;
      announceRunsChanged();
      return next;
    });
  }

  /**
   * Stores a finished batch and the run's new progress atomically. On a full disk the transaction aborts (this batch
   * is not stored, nothing earlier is touched) and a QuotaError is thrown.
   */
  async appendBatch(
    runId: string,
    records: ImageRecord[],
    skipped: RunRecord['skipped'] = [],
    examples?: RunRecord['examples'],
  ): Promise<RunRecord> {
    return guard(`storing ${records.length} results`, async () => {
      const tx = this.db.transaction(['runs', 'images'], 'readwrite');
      const runs = tx.objectStore('runs');
      const images = tx.objectStore('images');
      const run = await runs.get(runId);
      if (!run) throw new Error(`run ${runId} does not exist (deleted in another tab?)`);
      try {
        let added = 0;
        for (const r of records) {
          if ((await images.getKey([runId, r.key])) === undefined) added++;
          await images.put({ ...r, runId });
        }
        const next: RunRecord = {
          ...run,
          doneCount: run.doneCount + added,
          skipped: skipped.length ? [...run.skipped, ...skipped] : run.skipped,
          ...(examples ? { examples } : {}),
          updatedAt: Date.now(),
        };
        await runs.put(next);
        await tx.done;
        announceRunsChanged();
        return next;
      } catch (e) {
        // All or nothing: never leave images whose run progress was not counted.
        try {
          tx.abort();
        } catch {
          /* already aborted by the browser */
        }
        tx.done.catch(() => undefined);
        throw e;
      }
    });
  }

  /** Every stored result of a run: its per-image records, or an import's chunks in order. */
  async getImages(runId: string): Promise<ImageRecord[]> {
    const [images, chunks] = await Promise.all([
      this.db.getAllFromIndex('images', 'byRun', runId),
      this.db.getAll('chunks', IDBKeyRange.bound([runId, -Infinity], [runId, Infinity])),
    ]);
    return chunks.length ? images.concat(chunks.flatMap((c) => c.rows)) : images;
  }

  async doneKeys(runId: string): Promise<Set<string>> {
    const keys = await this.db.getAllKeysFromIndex('images', 'byRun', runId);
    return new Set(keys.map((k) => k[1]));
  }

  async deleteRun(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'images', 'chunks'], 'readwrite');
    // every [id, key] in one range delete (an array sorts after every string and number): one request, not one
    // per image; a failure aborts the transaction and tx.done rejects
    tx.objectStore('images')
      .delete(IDBKeyRange.bound([id], [id, []]))
      .catch(() => undefined);
    tx.objectStore('chunks')
      .delete(IDBKeyRange.bound([id], [id, []]))
      .catch(() => undefined);
    await tx.objectStore('runs').delete(id);
    await tx.done;
    announceRunsChanged();
  }

  /**
   * Stores an imported run (numbers only) all or nothing: the run record once, as "importing"; then the rows in
   * chunks of IMPORT_CHUNK rows, one record each, a few chunks per transaction, never rewriting the run record (it
   * used to rewrite the whole record, a million file entries, per 500 rows, and one IndexedDB request per row writes
   * ~12,000 rows/s here: chunks write the same rows ~10× faster); then the run as "done". A failure or a cancel
   * (`signal`) deletes what was written and throws. `onProgress` hears the rows stored so far.
   */
  async storeImport(
    run: RunRecord,
    records: ImageRecord[],
    onProgress?: (stored: number) => void,
    signal?: AbortSignal,
    chunk = IMPORT_CHUNK,
  ): Promise<RunRecord> {
    await this.createRun({ ...run, status: 'importing', doneCount: 0 });
    try {
      const perTx = 4 * chunk;
      for (let i = 0; i < records.length; i += perTx) {
        if (signal?.aborted) throw new DOMException('import cancelled', 'AbortError');
        await guard(`storing ${records.length} imported results`, async () => {
          const tx = this.db.transaction('chunks', 'readwrite');
          for (let j = i; j < Math.min(records.length, i + perTx); j += chunk) {
            const rows = records.slice(j, j + chunk);
            // a failed put aborts the transaction: tx.done rejects with the cause, the puts need no handler
            tx.store.put({ runId: run.id, index: j / chunk, rows }).catch(() => undefined);
          }
          await tx.done;
        });
        onProgress?.(Math.min(records.length, i + perTx));
      }
      return await this.updateRun(run.id, { status: 'done', doneCount: records.length, owner: undefined });
    } catch (e) {
      await this.deleteRun(run.id).catch(() => undefined); // a half import is worse than none
      throw e;
    }
  }

  /**
   * Runs left "running" by a closed or crashed tab become "paused" so they can be resumed, and runs it left
   * "importing" are deleted; a run that another live tab holds (`ownedElsewhere`: it holds the run's lock) is left as
   * it is.
   */
  async recoverInterrupted(currentOwner: string, ownedElsewhere: ReadonlySet<string> = new Set()): Promise<string[]> {
    const ids: string[] = [];
    for (const run of await this.listRuns()) {
      if (ownedElsewhere.has(run.id)) continue;
      if (run.status === 'importing' && run.owner !== currentOwner) {
        await this.deleteRun(run.id); // its tab went away mid-import: half an import is never kept
        ids.push(run.id);
      } else if (run.status === 'running' && run.owner !== currentOwner) {
        await this.updateRun(run.id, {
          status: 'paused',
          owner: undefined,
          error: 'interrupted (page closed or reloaded)',
        });
        ids.push(run.id);
      }
    }
    return ids;
  }
}

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
