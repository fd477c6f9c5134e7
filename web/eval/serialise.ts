// Export / import of a run as JSON (everything but embeddings unless asked) and CSV (one row per image).
// Numbers are written with JavaScript's shortest round-trip form, so an import gives the very same metrics.
import { z } from 'zod';
import { packRows, unpackEmbeddings } from '../lib/packedRows';
import { schemaProblems } from '../lib/schemaProblems';
import type { EvalSetData, EvalSetSpec, EvalTable, SetKind, SkippedFile } from './types';

export const JSON_FORMAT = 'alignscope-eval-run';

export interface RunExport {
  format: typeof JSON_FORMAT;
  formatVersion: 1;
  name: string;
  createdAt: number;
  modelId: string;
  classes: string[];
  scoreNames: string[];
  sets: (EvalSetData & { embeddings?: string })[];
  skipped: SkippedFile[];
}

export interface ImportedRun {
  name: string;
  modelId: string;
  createdAt: number;
  table: EvalTable;
  skipped: SkippedFile[];
}

export interface ExportMeta {
  name: string;
  createdAt: number;
  modelId: string;
  skipped: SkippedFile[];
}

export function toJson(table: EvalTable, meta: ExportMeta, embeddings?: Map<string, Float32Array>): string {
  const out: RunExport = {
    format: JSON_FORMAT,
    formatVersion: 1,
    name: meta.name,
    createdAt: meta.createdAt,
    modelId: meta.modelId,
    classes: table.classes,
    scoreNames: table.scoreNames,
    sets: table.sets.map((s) => ({ ...s, ...(embeddings ? { embeddings: packEmbeddings(s.keys, embeddings) } : {}) })),
    skipped: meta.skipped,
  };
  return JSON.stringify(out);
}

/** What fromJson reads, checked before use so a hand-edited or foreign file is named, not a TypeError. */
const exportShape = z.object({
  name: z.string(),
  createdAt: z.number(),
  modelId: z.string(),
  classes: z.array(z.string()),
  scoreNames: z.array(z.string()),
  sets: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      keys: z.array(z.string()),
      labels: z.array(z.number()),
      predictions: z.array(z.number()),
      scores: z.record(z.string(), z.array(z.number())), // zod 4: finite numbers only (JSON's null for NaN fails)
    }),
  ),
  skipped: z.array(z.object({ key: z.string(), set: z.string(), reason: z.string(), detail: z.string() })).optional(),
});

export function fromJson(text: string, fileName = 'the file'): ImportedRun {
  let data: RunExport;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (data?.format !== JSON_FORMAT)
    throw new Error(`${fileName} is not an AlignScope run export (format "${String(data?.format)}")`);
  if (data.formatVersion !== 1)
    throw new Error(`${fileName}: run export version ${data.formatVersion} is newer than this app reads`);
  const shape = exportShape.safeParse(data);
  if (!shape.success) {
    throw new Error(`${fileName}: not a complete run export: ${schemaProblems(shape.error)}`);
  }
  const sets: EvalSetData[] = data.sets.map((s) => {
    const n = s.keys.length;
    for (const name of data.scoreNames)
      if (s.scores[name]?.length !== n)
        throw new Error(`${fileName}: set "${s.name}" lacks score "${name}" for some images`);
    if (s.labels.length !== n || s.predictions.length !== n)
      throw new Error(`${fileName}: set "${s.name}" has rows of unequal length`);
    if (s.kind !== 'id' && s.kind !== 'ood')
      throw new Error(`${fileName}: set "${s.name}" has kind "${s.kind}", expected id or ood`);
    return {
      name: s.name,
      kind: s.kind,
      keys: s.keys,
      labels: s.labels,
      predictions: s.predictions,
      scores: s.scores,
      ...(s.inAverage === false ? { inAverage: false } : {}),
    };
  });
  const table = { classes: data.classes, scoreNames: data.scoreNames, sets };
  checkOpenable(table, fileName);
  return { name: data.name, modelId: data.modelId, createdAt: data.createdAt, table, skipped: data.skipped ?? [] };
}

/**
 * What every stored run must hold so that opening it cannot fail (issue 13: a CSV with NaN scores, or class indices
 * past the class list, used to be stored and then threw when opened): photos in at least one normal (ID) set, and
 * class indices inside the class list (-1 = none). Scores are checked as they are read (finite numbers only).
 */
export function checkOpenable(table: EvalTable, fileName: string): void {
  if (!table.sets.some((s) => s.kind === 'id' && s.keys.length > 0))
    throw new Error(`${fileName}: no photo in a normal (id) set, so there is nothing to set a threshold on`);
  const k = table.classes.length;
  for (const s of table.sets) {
    for (const [what, values] of [
      ['label', s.labels],
      ['prediction', s.predictions],
    ] as const) {
      const i = values.findIndex((v) => !Number.isInteger(v) || v < -1 || v >= k);
      if (i >= 0)
        throw new Error(
          `${fileName}: set "${s.name}", photo "${s.keys[i]}": ${what} ${values[i]} is not a class index (0 to ${k - 1}, or -1 for none)`,
        );
    }
  }
}

function packEmbeddings(keys: string[], embeddings: Map<string, Float32Array>): string | undefined {
  const rows = keys.map((k) => embeddings.get(k));
  if (rows.some((r) => !r)) return undefined;
  const dim = rows[0]?.length ?? 0;
  const all = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => all.set(r!, i * dim));
  return packRows(all, dim);
}

export { unpackEmbeddings };

// ---------- CSV ----------

const FIXED = ['set', 'kind', 'file', 'label', 'predicted'] as const;
const SCORE_PREFIX = 'score_';

export function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Optional column after `predicted`, written only when a set is left out of the mean over OoD sets. */
const IN_AVERAGE = 'in_average';

export function toCsv(table: EvalTable): string {
  const withAverage = table.sets.some((s) => s.inAverage === false);
  const header = [...FIXED, ...(withAverage ? [IN_AVERAGE] : []), ...table.scoreNames.map((n) => SCORE_PREFIX + n)];
  const lines = [header.join(',')];
  const className = (i: number) => (i >= 0 && i < table.classes.length ? table.classes[i] : '');
  for (const s of table.sets) {
    for (let i = 0; i < s.keys.length; i++) {
      const row = [
        s.name,
        s.kind,
        s.keys[i],
        className(s.labels[i]),
        className(s.predictions[i]),
        ...(withAverage ? [s.kind === 'ood' ? (s.inAverage === false ? '0' : '1') : ''] : []),
        ...table.scoreNames.map((n) => String(s.scores[n][i])),
      ];
      lines.push(row.map(csvCell).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF or LF). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** CSV back to a table. Class names become indices in `classes` (given: the model's) or in order of appearance. */
export function fromCsv(text: string, fileName = 'the file', classes?: string[]): ImportedRun {
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header || FIXED.some((h, i) => header[i] !== h))
    throw new Error(`${fileName}: expected a header starting with ${FIXED.join(',')}`);
  const avgCol = header[FIXED.length] === IN_AVERAGE ? FIXED.length : -1;
  const first = FIXED.length + (avgCol >= 0 ? 1 : 0);
  const scoreNames = header.slice(first).map((h) => {
    if (!h.startsWith(SCORE_PREFIX)) throw new Error(`${fileName}: column "${h}" is not a score_<name> column`);
    return h.slice(SCORE_PREFIX.length);
  });
  const classList = classes ? [...classes] : [];
  const classIndex = (name: string) => {
    if (name === '') return -1;
    let i = classList.indexOf(name);
    if (i < 0) i = classList.push(name) - 1;
    return i;
  };
  const sets = new Map<string, EvalSetData>();
  const specs: EvalSetSpec[] = [];
  rows.forEach((r, lineIndex) => {
    const line = lineIndex + 2;
    if (r.length !== header.length)
      throw new Error(`${fileName}, line ${line}: ${r.length} cells, expected ${header.length}`);
    const [setName, kind, key, label, predicted] = r;
    const apart = avgCol >= 0 && kind === 'ood' && r[avgCol] === '0';
    if (kind !== 'id' && kind !== 'ood')
      throw new Error(`${fileName}, line ${line}: kind "${kind}", expected id or ood`);
    let set = sets.get(setName);
    if (!set) {
      set = {
        name: setName,
        kind: kind as SetKind,
        keys: [],
        labels: [],
        predictions: [],
        scores: Object.fromEntries(scoreNames.map((n) => [n, []])),
        ...(apart ? { inAverage: false } : {}),
      };
      sets.set(setName, set);
      specs.push({ name: setName, kind: kind as SetKind });
    }
    set.keys.push(key);
    set.labels.push(classIndex(label));
    set.predictions.push(classIndex(predicted));
    scoreNames.forEach((n, j) => {
      const cell = r[first + j];
      const v = cell.trim() === '' ? NaN : Number(cell);
      if (!Number.isFinite(v))
        throw new Error(
          `${fileName}, line ${line}, column ${first + j + 1} (score_${n}): "${cell}" is not a finite number`,
        );
      set!.scores[n].push(v);
    });
  });
  const table = { classes: classList, scoreNames, sets: specs.map((s) => sets.get(s.name)!) };
  checkOpenable(table, fileName);
  return { name: fileName.replace(/\.csv$/i, ''), modelId: '', createdAt: Date.now(), table, skipped: [] };
}
