/**
 * What `score` and `eval` read: folders (walked recursively), zips (a zip is a folder of its own, as in the app) and
 * file lists (a text file, one path per line, relative to the list's folder). Every photo gets the key the app would
 * give it (the folder or zip name first, then the path inside), and a locator a queue worker on another machine can
 * open it by.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { sniffImage } from '../web/eval/sniff';
import { isZipName, looseName, type SourceFile } from '../web/eval/sources';
import { CliError, firstLine } from './errors';

/** Where a worker finds the bytes: a file, or a member of a zip. */
export interface Locator {
  file: string;
  member?: string;
}

export interface InputFile extends SourceFile {
  locator: Locator;
}

/** A listed path that is not there or not readable: scored as skipped, never fatal. */
export interface MissingInput {
  key: string;
  detail: string;
}

export interface Inputs {
  files: InputFile[];
  missing: MissingInput[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The first bytes of a file (what sniffing needs), without reading the rest. */
function head(file: string, n = 16): Uint8Array {
  const buf = new Uint8Array(n);
  const fd = openSync(file, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function isZip(file: string): boolean {
  const b = head(file, 4);
  return isZipName(file) || ZIP_MAGIC.every((x, i) => b[i] === x);
}

function fromFolder(root: string, arg: string): InputFile[] {
  const base = path.basename(path.resolve(root));
  const rel = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.')) // .DS_Store and friends are not photos anyone dropped
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort((a, b) => a.localeCompare(b));
  if (rel.length === 0) throw new CliError('input', `${arg}: the folder holds no files`);
  return rel.map((r) => {
    const file = path.join(root, r);
    const key = `${base}/${r.split(path.sep).join('/')}`;
    return fileSource(key, file, statSync(file));
  });
}

function fileSource(key: string, file: string, st: Stats): InputFile {
  return { key, size: st.size, locator: { file }, read: async () => new Uint8Array(await readFile(file)) };
}

/** The members of a zip as sources under `<zip name>/` (inflated once, in memory: for huge archives use a folder). */
export function fromZip(file: string, arg: string): InputFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(readFileSync(file)));
  } catch (e) {
    throw new CliError('input', `${arg}: the zip does not open (${firstLine(e)})`);
  }
  const base = path.basename(file);
  const out: InputFile[] = [];
  for (const [member, data] of Object.entries(entries)) {
    if (member.endsWith('/')) continue;
    const key = `${base}/${member.replace(/\\/g, '/').replace(/^\/+/, '')}`;
    out.push({ key, size: data.byteLength, locator: { file, member }, read: async () => data });
  }
  if (out.length === 0) throw new CliError('input', `${arg}: the zip holds no files`);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

function fromList(listFile: string, arg: string): Inputs {
  const dir = path.dirname(listFile);
  const lines = readFileSync(listFile, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new CliError('input', `${arg}: the file list names no files`);
  const files: InputFile[] = [];
  const missing: MissingInput[] = [];
  for (const line of lines) {
    const file = path.resolve(dir, line);
    const key = line.replace(/\\/g, '/');
    try {
      const st = statSync(file);
      if (!st.isFile()) missing.push({ key, detail: 'is not a file' });
      else files.push(fileSource(key, file, st));
    } catch (e) {
      missing.push({ key, detail: `could not be read: ${firstLine(e)}` });
    }
  }
  return { files, missing };
}

/** Every photo of the arguments; a missing argument or an empty folder is an error, a missing listed file is not. */
export function listInputs(args: string[]): Inputs {
  if (args.length === 0) throw new CliError('usage', 'no photos given: name a folder, a zip or a file list');
  const files: InputFile[] = [];
  const missing: MissingInput[] = [];
  for (const arg of args) {
    let st: Stats;
    try {
      st = statSync(arg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError('input', `${arg}: ${code === 'ENOENT' ? 'no such file or folder' : firstLine(e)}`);
    }
    if (st.isDirectory()) files.push(...fromFolder(arg, arg));
    else if (st.size === 0) throw new CliError('input', `${arg}: the file is empty`);
    else if (isZip(arg)) files.push(...fromZip(arg, arg));
    else if (sniffImage(head(arg))) files.push(fileSource(looseName(path.basename(arg)), path.resolve(arg), st));
    else {
      const list = fromList(arg, arg);
      files.push(...list.files);
      missing.push(...list.missing);
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.key))
      throw new CliError('input', `two inputs give the same name "${f.key}": rename one of the folders`);
    seen.add(f.key);
  }
  return { files, missing };
}

/** A worker's reads of the locators of one job; each zip is read once and only the wanted members inflated. */
export async function readLocated(items: Locator[]): Promise<({ bytes: Uint8Array } | { error: string })[]> {
  const byZip = new Map<string, Set<string>>();
  for (const it of items)
    if (it.member !== undefined) {
      if (!byZip.has(it.file)) byZip.set(it.file, new Set());
      byZip.get(it.file)!.add(it.member);
    }
  const zips = new Map<string, Record<string, Uint8Array> | string>();
  for (const [file, wanted] of byZip) {
    try {
      zips.set(file, unzipSync(new Uint8Array(await readFile(file)), { filter: (f) => wanted.has(f.name) }));
    } catch (e) {
      zips.set(file, `the zip ${file} could not be read: ${firstLine(e)}`);
    }
  }
  return Promise.all(
    items.map(async (it) => {
      if (it.member === undefined) {
        try {
          return { bytes: new Uint8Array(await readFile(it.file)) };
        } catch (e) {
          return { error: `could not be read: ${firstLine(e)}` };
        }
      }
      const zip = zips.get(it.file)!;
      if (typeof zip === 'string') return { error: zip };
      const bytes = zip[it.member];
      return bytes ? { bytes } : { error: `not in ${it.file} any more` };
    }),
  );
}
