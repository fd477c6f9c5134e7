// Where a run's files come from: <input webkitdirectory> file lists, drag-and-drop entries (walked recursively) and zips.
// Everything becomes a SourceFile with a stable key (the path as dropped, top folder first) so a reload can find it again.
import { unzipSync } from 'fflate';

export interface SourceFile {
  key: string;
  size: number;
  read(): Promise<Uint8Array>;
}

const normaliseKey = (path: string): string => path.replace(/\\/g, '/').replace(/^\/+/, '');

export function isZipName(name: string): boolean {
  return /\.zip$/i.test(name);
}

/**
 * A loose file's name as one path segment: a "/" or "\\" in a name is not a folder (a set name comes only from a real
 * folder or zip), so it becomes a look-alike that keys and set names never split on.
 */
export const looseName = (name: string): string => name.replace(/\//g, '\u2215').replace(/\\/g, '\u29f5');

/** A File (from an input or a drop) as a source; `path` defaults to webkitRelativePath, then the (loose) name. */
export function fromFile(file: File, path?: string): SourceFile {
  const key = normaliseKey(path ?? (file.webkitRelativePath || looseName(file.name)));
  return { key, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) };
}

/** The entries of a zip as sources under `<zip key>/`; directories and nested folders flattened to paths. */
export function fromZipBytes(zipKey: string, bytes: Uint8Array): SourceFile[] {
  const entries = unzipSync(bytes);
  const out: SourceFile[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue; // directory entry
    out.push({ key: `${normaliseKey(zipKey)}/${normaliseKey(name)}`, size: data.byteLength, read: async () => data });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export interface ZipProblem {
  key: string;
  detail: string;
}

/** Expands zips among the sources (a zip is a folder of its own); a zip that does not open is reported, not thrown. */
export async function expandZips(sources: SourceFile[]): Promise<{ files: SourceFile[]; problems: ZipProblem[] }> {
  const files: SourceFile[] = [];
  const problems: ZipProblem[] = [];
  for (const s of sources) {
    if (!isZipName(s.key)) {
      files.push(s);
      continue;
    }
    try {
      const inside = fromZipBytes(s.key, await s.read());
      if (inside.length === 0) problems.push({ key: s.key, detail: 'empty zip' });
      for (const f of inside) files.push(f); // no spread: a zip of 100,000+ photos would overflow the stack
    } catch (e) {
      problems.push({ key: s.key, detail: `zip could not be opened: ${(e as Error).message}` });
    }
  }
  return { files, problems };
}

/** Files of an <input type=file webkitdirectory multiple> (or plain multiple). */
export function fromFileList(list: FileList | File[]): SourceFile[] {
  return Array.from(list).map((f) => fromFile(f));
}

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    // readEntries returns at most ~100 entries per call: keep calling until it returns none.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walkEntry(entry: FileSystemEntry, out: SourceFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(fromFile(file, entry.fullPath));
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await walkEntry(child, out);
  }
}

/** Files of a drop: folders walked recursively (webkitGetAsEntry), plain files as they are. Call synchronously in the drop handler. */
export function fromDataTransfer(dt: DataTransfer): Promise<SourceFile[]> {
  // Entries must be taken during the event; reading them can be async afterwards.
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  return (async () => {
    const out: SourceFile[] = loose.map((f) => fromFile(f));
    for (const e of entries) await walkEntry(e, out);
    return out.sort((a, b) => a.key.localeCompare(b.key));
  })();
}

/** Set name of a source: the first path segment (the dropped folder or zip), or "files" for loose files. */
export function setNameOf(key: string): string {
  const i = key.indexOf('/');
  return i > 0 ? key.slice(0, i) : 'files';
}
