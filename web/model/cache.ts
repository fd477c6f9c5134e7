/**
 * Cache Storage of model files, so a second visit loads without network. Large files (ONNX) are served from the
 * cache after a cheap HEAD revalidation (size + Last-Modified/ETag); when offline the cached copy is used as is.
 */
const MODEL_CACHE = 'alignscope-models-v1';

export type CachedEntry = { url: string; bytes: number; storedAt: string };

function hasCaches(): boolean {
  return typeof caches !== 'undefined';
}

export async function cacheGet(url: string): Promise<Response | undefined> {
  if (!hasCaches()) return undefined;
  return (await caches.open(MODEL_CACHE)).match(url);
}

export async function cachePut(url: string, bytes: ArrayBuffer, headers: Headers): Promise<void> {
  if (!hasCaches()) return;
  const h = new Headers({
    'content-type': headers.get('content-type') ?? 'application/octet-stream',
    'content-length': String(bytes.byteLength),
    'x-stored-at': new Date().toISOString(),
  });
  for (const k of ['etag', 'last-modified']) {
    const v = headers.get(k);
    if (v) h.set(k, v);
  }
  try {
    await (await caches.open(MODEL_CACHE)).put(url, new Response(bytes, { headers: h }));
    problems.delete(url);
  } catch (e) {
    // quota exceeded or private mode: the model still loads, only the next visit downloads again (the Models screen says so)
    const full = (e as { name?: string } | null)?.name === 'QuotaExceededError';
    problems.set(
      url,
      full
        ? "the browser's storage for this site is full"
        : `the browser refused to store it (${(e as Error)?.message ?? String(e)})`,
    );
  }
}

const problems = new Map<string, string>();
/** Files that could not be kept for offline use in this session, and why. */
export function cacheProblems(): Array<{ url: string; why: string }> {
  return [...problems].map(([url, why]) => ({ url, why }));
}

/** Is the cached copy still what the server has? Offline (HEAD fails) counts as yes. */
export async function cachedIsFresh(url: string, cached: Response): Promise<boolean> {
  let head: Response;
  try {
    head = await fetch(url, { method: 'HEAD', cache: 'no-store' });
  } catch {
    return true;
  }
  if (!head.ok) return true;
  const same = (k: string) =>
    !head.headers.get(k) || !cached.headers.get(k) || head.headers.get(k) === cached.headers.get(k);
  return same('content-length') && same('etag') && same('last-modified');
}

export async function listCache(): Promise<CachedEntry[]> {
  if (!hasCaches()) return [];
  const cache = await caches.open(MODEL_CACHE);
  const out: CachedEntry[] = [];
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    if (!res) continue;
    const len = Number(res.headers.get('content-length'));
    out.push({
      url: req.url,
      bytes: Number.isFinite(len) && len > 0 ? len : (await res.arrayBuffer()).byteLength,
      storedAt: res.headers.get('x-stored-at') ?? '',
    });
  }
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

export async function clearCache(): Promise<void> {
  problems.clear();
  if (hasCaches()) await caches.delete(MODEL_CACHE);
}
