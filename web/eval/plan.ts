// Run planning and resume bookkeeping: pure functions over sources, no IndexedDB, no model.
import type { EvalSetSpec, PlannedFile, SetKind, SkippedFile } from './types';
import { setNameOf, type SourceFile } from './sources';
import { sha256Hex, sniffImage } from './sniff';

export interface DroppedGroup {
  kind: SetKind;
  files: SourceFile[];
}

export interface RunPlan {
  sets: EvalSetSpec[];
  files: PlannedFile[];
  skipped: SkippedFile[];
  /** The sources of the planned files by key, for the runner (not stored). */
  sources: Map<string, SourceFile>;
}

/** Index of the class named by the nearest folder on the path (the dropped folder included) (case-insensitive, "_"/"-" as spaces), else -1. */
export function labelFromPath(key: string, classes: string[]): number {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]+/g, ' ').trim();
  const byName = new Map(classes.map((c, i) => [norm(c), i]));
  const folders = key.split('/').slice(0, -1); // a dropped folder named like a class counts too; the file name never
  for (let i = folders.length - 1; i >= 0; i--) {
    const hit = byName.get(norm(folders[i]));
    if (hit !== undefined) return hit;
  }
  return -1;
}

/**
 * Reads every dropped file once: empty, non-image (by its bytes), unreadable and duplicate (same SHA-256 as an
 * earlier file of the run, on either side) files are skipped with the reason; the rest are planned.
 * A set is the first folder (or zip) of the path; the same name dropped on both sides is an error the caller shows.
 */
export async function planRun(
  groups: DroppedGroup[],
  classes: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<RunPlan> {
  const sets: EvalSetSpec[] = [];
  const kindOf = new Map<string, SetKind>();
  const files: PlannedFile[] = [];
  const skipped: SkippedFile[] = [];
  const sources = new Map<string, SourceFile>();
  const firstByHash = new Map<string, string>();
  const total = groups.reduce((n, g) => n + g.files.length, 0);
  let done = 0;
  for (const group of groups) {
    for (const src of group.files) {
      // Loose photos (picked one by one, no folder) form one set per side, so both sides can take loose photos.
      const set =
        src.key.indexOf('/') > 0 ? setNameOf(src.key) : group.kind === 'id' ? 'photos (normal)' : 'photos (not normal)';
      const known = kindOf.get(set);
      if (known === undefined) {
        kindOf.set(set, group.kind);
        sets.push({ name: set, kind: group.kind });
      } else if (known !== group.kind) {
        throw new Error(`"${set}" was dropped both as normal and as not normal: rename one of the folders.`);
      }
      if (sources.has(src.key) || skipped.some((s) => s.key === src.key)) {
        done++;
        continue; // the same path dropped twice: one entry is enough
      }
      const result = await inspect(src, firstByHash);
      if ('reason' in result) skipped.push({ key: src.key, set, ...result });
      else {
        firstByHash.set(result.hash, src.key);
        files.push({ key: src.key, set, size: src.size, hash: result.hash, label: labelFromPath(src.key, classes) });
        sources.set(src.key, src);
      }
      onProgress?.(++done, total);
    }
  }
  return { sets, files, skipped, sources };
}

async function inspect(
  src: SourceFile,
  firstByHash: Map<string, string>,
): Promise<{ hash: string } | Omit<SkippedFile, 'key' | 'set'>> {
  let bytes: Uint8Array;
  try {
    bytes = await src.read();
  } catch (e) {
    return { reason: 'unreadable', detail: `could not be read: ${(e as Error).message || String(e)}` };
  }
  if (bytes.byteLength === 0) return { reason: 'empty', detail: 'the file is empty (0 bytes)' };
  if (!sniffImage(bytes)) return { reason: 'not-image', detail: 'not a JPEG, PNG, GIF, WebP, BMP or AVIF image' };
  const hash = await sha256Hex(bytes);
  const first = firstByHash.get(hash);
  if (first) return { reason: 'duplicate', detail: `same bytes as ${first}`, sameAs: first };
  return { hash };
}

export interface ResumeMatch {
  /** Planned files still to encode, each with the source that holds its bytes now. */
  todo: { file: PlannedFile; source: SourceFile }[];
  /** Planned, not done, and not found in what was dropped again (or found with other bytes). */
  missing: PlannedFile[];
  /** Finished before: never encoded again. */
  alreadyDone: number;
}

/**
 * Matches files dropped again after a reload with the run's file list: same relative path + size + SHA-256.
 * A file whose path changed (another parent folder dropped) is still found by size + hash. Finished files are skipped
 * without reading them.
 */
export async function matchForResume(
  planned: PlannedFile[],
  doneKeys: ReadonlySet<string>,
  dropped: SourceFile[],
): Promise<ResumeMatch> {
  const pending = planned.filter((f) => !doneKeys.has(f.key));
  const byKey = new Map(dropped.map((s) => [s.key, s]));
  const todo: ResumeMatch['todo'] = [];
  const unresolved: PlannedFile[] = [];
  for (const file of pending) {
    const src = byKey.get(file.key);
    if (src && src.size === file.size && (await hashOf(src)) === file.hash) todo.push({ file, source: src });
    else unresolved.push(file);
  }
  const missing: PlannedFile[] = [];
  if (unresolved.length > 0) {
    const wantedSizes = new Set(unresolved.map((f) => f.size));
    // Sources already matched, and the finished files dropped again, are not hashed a second time.
    const used = new Set([...todo.map((t) => t.source.key), ...doneKeys]);
    const byHash = new Map<string, SourceFile>();
    for (const s of dropped) {
      if (used.has(s.key) || !wantedSizes.has(s.size)) continue;
      const h = await hashOf(s);
      if (h && !byHash.has(h)) byHash.set(h, s);
    }
    for (const file of unresolved) {
      const src = byHash.get(file.hash);
      if (src && src.size === file.size) todo.push({ file, source: src });
      else missing.push(file);
    }
  }
  const order = new Map(planned.map((f, i) => [f.key, i]));
  todo.sort((a, b) => order.get(a.file.key)! - order.get(b.file.key)!);
  return { todo, missing, alreadyDone: planned.length - pending.length };
}

async function hashOf(src: SourceFile): Promise<string | null> {
  try {
    return await sha256Hex(await src.read());
  } catch {
    return null;
  }
}

/** Splits work into batches of `size` (the last may be shorter). */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
