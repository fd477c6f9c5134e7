/**
 * Which tab owns a running run, seen by every tab of the app (issue 13: a second tab marked the first tab's running
 * run as interrupted, resumed it alongside — 880 encodings for 800 photos — or deleted it under it).
 *
 * A run being encoded holds a Web Lock named after it for as long as its tab encodes it. The browser frees a lock
 * when its tab closes, reloads or crashes, so a run stored as "running" whose lock is free was interrupted, and one
 * whose lock is held is being encoded by another live tab. Every change to the stored runs is announced on a
 * BroadcastChannel so each tab's list follows the others. Where the browser has neither (Node tests), locks are
 * local to this process and nothing is announced.
 */

const LOCK_PREFIX = 'alignscope-run:';
const CHANNEL = 'alignscope-runs';

/** Runs this tab holds the lock of. */
const mine = new Set<string>();

function locks(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
}

/** Ids of the runs another tab is encoding right now. */
export async function runsOwnedElsewhere(): Promise<Set<string>> {
  const manager = locks();
  if (!manager) return new Set();
  const { held = [] } = await manager.query();
  const ids = held
    .map((l) => l.name ?? '')
    .filter((n) => n.startsWith(LOCK_PREFIX))
    .map((n) => n.slice(LOCK_PREFIX.length));
  return new Set(ids.filter((id) => !mine.has(id)));
}

export type Locked<T> = { ok: true; value: T } | { ok: false };

/** Runs `work` holding run `id`'s lock; `{ok: false}` (and `work` never starts) when another holder has it. */
export async function withRunLock<T>(id: string, work: () => Promise<T>): Promise<Locked<T>> {
  const manager = locks();
  const hold = async (): Promise<Locked<T>> => {
    mine.add(id);
    try {
      return { ok: true, value: await work() };
    } finally {
      mine.delete(id);
    }
  };
  if (!manager) return mine.has(id) ? { ok: false } : hold();
  return manager.request(LOCK_PREFIX + id, { ifAvailable: true }, (lock) => (lock ? hold() : { ok: false }));
}

let channel: BroadcastChannel | null | undefined;
function runsChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    (channel as { unref?: () => void } | null)?.unref?.(); // Node: an open channel must not keep the process alive
  }
  return channel;
}

/** Tells the other tabs that the stored runs changed (a message never reaches the tab that sent it). */
export function announceRunsChanged(): void {
  runsChannel()?.postMessage('changed');
}

/** Calls `listener` whenever another tab changed the stored runs; returns the unsubscribe. */
export function onRunsChangedElsewhere(listener: () => void): () => void {
  const ch = runsChannel();
  if (!ch) return () => undefined;
  ch.addEventListener('message', listener);
  return () => ch.removeEventListener('message', listener);
}
