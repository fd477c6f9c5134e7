/**
 * Where a model's files come from: a bundled model (models/index.json, served with the app), a URL, or local
 * files (a dropped or picked folder). Each source reads a file by its path relative to the bundle root.
 */
import { cacheGet, cachePut, cachedIsFresh } from './cache';
import { ModelFileError } from './errors';

export type Progress = { file: string; loaded: number; total: number | null };
export type OnProgress = (p: Progress) => void;

export interface BundleSource {
  /** Stable key (react-query, cache): 'bundled:<id>', 'url:<base>', 'files:<folder>'. */
  readonly key: string;
  /** What to show a person: the URL or the folder name. */
  readonly label: string;
  has?(path: string): boolean;
  read(path: string, onProgress?: OnProgress, signal?: AbortSignal): Promise<ArrayBuffer>;
}

const LARGE = 1 << 20;

/** Streamed download with progress. A dropped connection becomes an error naming the file and how far it got. */
export async function download(
  url: string,
  file: string,
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<{ bytes: ArrayBuffer; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(url, { signal, cache: 'no-cache' });
  } catch (e) {
    throw new ModelFileError(file, `cannot download ${url} (${(e as Error).message})`, 'unreadable');
  }
  if (!res.ok)
    throw new ModelFileError(
      file,
      `download failed: HTTP ${res.status} ${res.statusText} for ${url}`,
      res.status === 404 ? 'missing' : 'unreadable',
    );
  // A dev server's SPA fallback answers unknown paths with index.html: that is a missing file, not a model file.
  if ((res.headers.get('content-type') ?? '').includes('text/html'))
    throw new ModelFileError(file, `not found at ${url} (the server sent an HTML page)`, 'missing');
  const lenHeader = res.headers.get('content-length');
  const total = lenHeader !== null && res.headers.get('content-encoding') === null ? Number(lenHeader) : null;
  if (!res.body) {
    const bytes = await res.arrayBuffer();
    onProgress?.({ file, loaded: bytes.byteLength, total: bytes.byteLength });
    return { bytes, headers: res.headers };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress?.({ file, loaded, total });
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (e) {
      throw new ModelFileError(
        file,
        `download interrupted after ${loaded} of ${total ?? '?'} bytes (${(e as Error).message})`,
        'unreadable',
      );
    }
    if (step.done) break;
    chunks.push(step.value);
    loaded += step.value.byteLength;
    onProgress?.({ file, loaded, total });
  }
  if (total !== null && loaded !== total)
    throw new ModelFileError(file, `download incomplete: got ${loaded} of ${total} bytes`, 'unreadable');
  const out = new Uint8Array(loaded);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return { bytes: out.buffer, headers: res.headers };
}

/** Files under an http(s) base URL; large files go through Cache Storage. */
export class UrlSource implements BundleSource {
  readonly key: string;
  readonly base: string;
  constructor(
    base: string,
    readonly label: string = base,
    key?: string,
  ) {
    this.base = base.endsWith('/') ? base : `${base}/`;
    this.key = key ?? `url:${this.base}`;
  }

  /**
   * The address of one file of the bundle. It must stay inside the bundle's folder (same origin, under the base
   * path): the manifest schema already refuses names that leave it, this is the last word before any fetch.
   */
  url(path: string): string {
    const folder = new URL(this.base, typeof location !== 'undefined' ? location.href : undefined);
    const url = new URL(path, folder);
    if (url.origin !== folder.origin || !url.pathname.startsWith(folder.pathname))
      throw new ModelFileError(path, `resolves to ${url.href}, outside the bundle's folder ${folder.href}`, 'invalid');
    return url.href;
  }

  async read(path: string, onProgress?: OnProgress, signal?: AbortSignal): Promise<ArrayBuffer> {
    const url = this.url(path);
    const cached = await cacheGet(url);
    if (cached && (await cachedIsFresh(url, cached))) {
      const bytes = await cached.arrayBuffer();
      onProgress?.({ file: path, loaded: bytes.byteLength, total: bytes.byteLength });
      return bytes;
    }
    try {
      const { bytes, headers } = await download(url, path, onProgress, signal);
      if (bytes.byteLength >= LARGE || path.endsWith('.onnx') || path.endsWith('.json'))
        await cachePut(url, bytes, headers);
      return bytes;
    } catch (e) {
      if (cached) return cached.arrayBuffer(); // offline with a stale copy beats no model
      throw e;
    }
  }
}

export function bundledSource(
  id: string,
  path: string,
  baseUrl = `${import.meta.env?.BASE_URL ?? '/'}models/`,
): UrlSource {
  return new UrlSource(`${baseUrl}${path}`, `bundled: ${id}`, `bundled:${id}`);
}

/** A dropped or picked folder. Paths are relative to the folder that holds manifest.json (or config.json). */
export class FilesSource implements BundleSource {
  readonly key: string;
  readonly label: string;
  private readonly files = new Map<string, File>();

  constructor(entries: Array<{ path: string; file: File }>) {
    const norm = entries.map((e) => ({ path: e.path.replace(/^\/+/, ''), file: e.file }));
    const root = findRoot(norm.map((e) => e.path));
    for (const e of norm) if (e.path.startsWith(root)) this.files.set(e.path.slice(root.length), e.file);
    this.label = root ? root.replace(/\/$/, '') : (norm[0]?.path.split('/')[0] ?? 'local files');
    this.key = `files:${this.label}:${[...this.files.values()].reduce((s, f) => s + f.size, 0)}`;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  async read(path: string, onProgress?: OnProgress): Promise<ArrayBuffer> {
    const f = this.files.get(path);
    if (!f)
      throw new ModelFileError(
        path,
        `missing from the dropped folder "${this.label}" (it has: ${this.paths().slice(0, 8).join(', ')})`,
        'missing',
      );
    const bytes = await f.arrayBuffer();
    onProgress?.({ file: path, loaded: bytes.byteLength, total: bytes.byteLength });
    return bytes;
  }
}

/** The shallowest folder that holds manifest.json, else config.json, else the common prefix. */
function findRoot(paths: string[]): string {
  for (const marker of ['manifest.json', 'config.json']) {
    const hits = paths.filter((p) => p === marker || p.endsWith(`/${marker}`)).sort((a, b) => a.length - b.length);
    if (hits.length) return hits[0].slice(0, hits[0].length - marker.length);
  }
  return '';
}

/** Collect files from a drop (folders walked recursively via webkitGetAsEntry) or an <input webkitdirectory>. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<Array<{ path: string; file: File }>> {
  const out: Array<{ path: string; file: File }> = [];
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return filesFromList(dt.files);
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push({ path: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

export function filesFromList(list: FileList | File[]): Array<{ path: string; file: File }> {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}
