/**
 * IndexedDB keeping of a person's normal sets (web/ood/exemplars.ts): embeddings, names, sizes and hashes, never
 * photos. One record per set; the list reads only what it shows. Each write is one transaction, so a failed import
 * or save leaves every earlier set as it was.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NormalSet } from '../ood/exemplars';
import { isQuotaError, QuotaError } from './store';

/** What the list shows of a stored set (no embeddings). */
export interface NormalSetSummary {
  id: string;
  name: string;
  modelId: string;
  dim: number;
  photos: number;
  calibration: number;
  duplicates: number;
  classes: string[];
  createdAt: number;
}

interface StoredSet {
  id: string;
  summary: NormalSetSummary;
  set: NormalSet;
}

interface NormalSetDb extends DBSchema {
  sets: { key: string; value: StoredSet };
}

export const NORMAL_SET_DB = 'alignscope-normal-sets';

export function summariseSet(id: string, set: NormalSet): NormalSetSummary {
  return {
    id,
    name: set.name,
    modelId: set.modelId,
    dim: set.dim,
    photos: set.files.length,
    calibration: set.calibration.length,
    duplicates: set.duplicates.length,
    classes: set.classes ?? [],
    createdAt: set.createdAt,
  };
}

export class NormalSetStore {
  private db?: Promise<IDBPDatabase<NormalSetDb>>;

  constructor(private readonly name = NORMAL_SET_DB) {}

  private open(): Promise<IDBPDatabase<NormalSetDb>> {
    this.db ??= openDB<NormalSetDb>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('sets', { keyPath: 'id' });
      },
    });
    return this.db;
  }

  async list(): Promise<NormalSetSummary[]> {
    const all = await (await this.open()).getAll('sets');
    return all.map((r) => r.summary).sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(id: string): Promise<NormalSet | undefined> {
    return (await (await this.open()).get('sets', id))?.set;
  }

  /** Stores a set under a new id; the name is made unique among the stored sets ("site (2)"). */
  async add(set: NormalSet): Promise<NormalSetSummary> {
    const taken = new Set((await this.list()).map((s) => s.name));
    let name = set.name.trim() || 'normal set';
    for (let i = 2; taken.has(name); i++) name = `${set.name.trim() || 'normal set'} (${i})`;
    const id = `ns-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const named = { ...set, name };
    try {
      await (await this.open()).put('sets', { id, summary: summariseSet(id, named), set: named });
    } catch (e) {
      if (isQuotaError(e)) throw new QuotaError(`saving the normal set "${name}"`);
      throw e;
    }
    return summariseSet(id, named);
  }

  async rename(id: string, name: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('sets', 'readwrite');
    const rec = await tx.store.get(id);
    if (!rec) throw new Error('This normal set is no longer stored (deleted in another tab?)');
    const set = { ...rec.set, name: name.trim() || rec.set.name };
    await tx.store.put({ id, set, summary: summariseSet(id, set) });
    await tx.done;
  }

  async remove(id: string): Promise<void> {
    await (await this.open()).delete('sets', id);
  }
}
