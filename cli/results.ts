/**
 * The results file of `score`: CSV or JSON Lines by its extension, appended one batch at a time (one write, then
 * fsync), so a crash or SIGKILL loses at most the batch in flight. Opening an existing file resumes it: a line cut
 * short by a kill is dropped, and photos already there (path + size + SHA-256) are not scored again.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { csvCell, parseCsvRows } from '../web/eval/serialise';
import { CliError } from './errors';
import type { ResultRow } from './rows';

export type ResultsFormat = 'csv' | 'jsonl';

const FIXED = [
  'path',
  'size',
  'sha256',
  'model',
  'score_name',
  'threshold',
  'score',
  'percentile',
  'top_class',
  'top_probability',
  'flagged',
  'reason',
  'error',
] as const;
const SCORE_PREFIX = 'score_';

export function formatOf(file: string): ResultsFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new CliError('usage', `--out ${file}: name it .csv or .jsonl (the format follows the extension)`);
}

/** What a resumed file must share with this run, or its rows would mean something else. */
export interface ResultsIdentity {
  model: string;
  score_name: string;
  threshold: number;
}

/** What is known of a photo already in the file. */
export interface DoneEntry {
  size: number;
  sha256: string;
}

const num = (x: number | null) => (x === null ? '' : String(x));

function csvLine(row: ResultRow, scoreNames: string[]): string {
  const cells = [
    row.path,
    String(row.size),
    row.sha256,
    row.model,
    row.score_name,
    String(row.threshold),
    num(row.score),
    num(row.percentile),
    row.top_class,
    num(row.top_probability),
    row.flagged === null ? '' : row.flagged ? '1' : '0',
    row.reason,
    row.error,
    ...scoreNames.map((n) => (n in row.scores ? String(row.scores[n]) : '')),
  ];
  return cells.map(csvCell).join(',') + '\n';
}

function jsonLine(row: ResultRow): string {
  return JSON.stringify(row) + '\n';
}

/** Rows of a file written by `score` (either format), as path / size / hash / identity. */
export function readResults(file: string, text: string, format: ResultsFormat): ResultRow[] {
  if (format === 'jsonl') {
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        try {
          return JSON.parse(l) as ResultRow;
        } catch {
          throw new CliError('input', `${file}: line ${i + 1} is not JSON; is this a results file of alignscope?`);
        }
      });
  }
  const rows = parseCsvRows(text);
  const header = rows.shift() ?? [];
  if (FIXED.some((c, i) => header[i] !== c))
    throw new CliError('input', `${file}: its header is not that of alignscope's results (${FIXED.join(',')},…)`);
  const scoreCols = header.slice(FIXED.length).map((h) => h.slice(SCORE_PREFIX.length));
  return rows.map((r) => ({
    path: r[0],
    size: Number(r[1]),
    sha256: r[2],
    model: r[3],
    score_name: r[4],
    threshold: Number(r[5]),
    score: r[6] === '' ? null : Number(r[6]),
    percentile: r[7] === '' ? null : Number(r[7]),
    top_class: r[8],
    top_probability: r[9] === '' ? null : Number(r[9]),
    flagged: r[10] === '' ? null : r[10] === '1',
    reason: r[11],
    error: r[12],
    scores: Object.fromEntries(
      scoreCols.flatMap((n, k) => (r[FIXED.length + k] === '' ? [] : [[n, Number(r[FIXED.length + k])]])),
    ),
  }));
}

export class ResultsFile {
  /** rows already in the file, by path (the last row of a path counts) */
  readonly done = new Map<string, DoneEntry>();
  private constructor(
    readonly file: string,
    private readonly fd: number,
    private readonly format: ResultsFormat,
    private readonly scoreNames: string[],
  ) {}

  /** Creates the file, or opens it to resume when it exists and was written by the same model, score and threshold. */
  static open(file: string, identity: ResultsIdentity, scoreNames: string[]): ResultsFile {
    const format = formatOf(file);
    let existing = '';
    if (existsSync(file)) {
      existing = readFileSync(file, 'utf8');
      const cut = existing.lastIndexOf('\n') + 1; // a line a kill cut short is dropped (its batch is scored again)
      existing = existing.slice(0, cut);
    }
    if (format === 'csv' && existing) {
      // a CSV's score columns are fixed by its header: another set of scores (a normal set added or left out) would
      // shift every column after it
      const header = parseCsvRows(existing.slice(0, existing.indexOf('\n') + 1))[0] ?? [];
      const cols = header.slice(FIXED.length).map((h) => h.slice(SCORE_PREFIX.length));
      if (cols.join() !== scoreNames.join())
        throw new CliError(
          'input',
          `${file} has the score columns ${cols.join(', ') || 'none'}; this run gives ${scoreNames.join(', ')} ` +
            `(with or without --normal-set): use another --out, or the same options to resume`,
        );
    }
    let fd: number;
    try {
      fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    } catch (e) {
      throw new CliError('input', `--out ${file}: cannot be written (${(e as Error).message})`);
    }
    const out = new ResultsFile(file, fd, format, scoreNames);
    const rows = existing ? readResults(file, existing, format) : [];
    for (const r of rows) {
      if (r.model !== identity.model || r.score_name !== identity.score_name || r.threshold !== identity.threshold) {
        closeSync(fd);
        throw new CliError(
          'input',
          `${file} holds results of model ${r.model}, score ${r.score_name}, threshold ${r.threshold}; this run is ` +
            `${identity.model}, ${identity.score_name}, ${identity.threshold}: use another --out, or the same options to resume`,
        );
      }
      out.done.set(r.path, { size: r.size, sha256: r.sha256 });
    }
    out.position = Buffer.byteLength(existing);
    ftruncateSync(fd, out.position);
    if (!existing && format === 'csv')
      out.write([...FIXED, ...scoreNames.map((n) => SCORE_PREFIX + n)].join(',') + '\n');
    return out;
  }

  /** where the next batch goes: the end of the (repaired) file */
  private position = 0;

  private write(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, this.position + off);
    this.position += buf.length;
    fsyncSync(this.fd);
  }

  /** One batch, one write. */
  append(rows: ResultRow[]): void {
    if (rows.length === 0) return;
    this.write(rows.map((r) => (this.format === 'csv' ? csvLine(r, this.scoreNames) : jsonLine(r))).join(''));
    for (const r of rows) this.done.set(r.path, { size: r.size, sha256: r.sha256 });
  }

  close(): void {
    closeSync(this.fd);
  }
}
