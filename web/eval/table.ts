// Columnar view of a run (EvalTable) built from stored image records; the shape metrics, charts and export use.
import type { EvalSetData, EvalTable, ImageRecord, RunRecord } from './types';

export function tableFromRecords(
  run: Pick<RunRecord, 'classes' | 'scoreNames' | 'sets' | 'files'>,
  images: ImageRecord[],
): EvalTable {
  const order = new Map(run.files.map((f, i) => [f.key, i]));
  const sorted = [...images].sort(
    (a, b) => (order.get(a.key) ?? 1e12) - (order.get(b.key) ?? 1e12) || a.key.localeCompare(b.key),
  );
  const sets: EvalSetData[] = run.sets.map((s) => ({
    name: s.name,
    kind: s.kind,
    keys: [],
    labels: [],
    predictions: [],
    scores: Object.fromEntries(run.scoreNames.map((n) => [n, [] as number[]])),
    ...(s.inAverage === false ? { inAverage: false } : {}),
  }));
  const byName = new Map(sets.map((s) => [s.name, s]));
  for (const img of sorted) {
    const set = byName.get(img.set);
    if (!set) continue;
    set.keys.push(img.key);
    set.labels.push(img.label);
    set.predictions.push(img.predicted);
    for (const n of run.scoreNames) set.scores[n].push(img.scores[n]);
  }
  return { classes: run.classes, scoreNames: run.scoreNames, sets };
}

/** Scores of one score function: all ID sets pooled, and each OoD set apart. */
export function scoresBySide(
  table: EvalTable,
  scoreName: string,
): { id: number[]; ood: { name: string; scores: number[] }[] } {
  const id: number[] = [];
  const ood: { name: string; scores: number[] }[] = [];
  for (const s of table.sets) {
    const values = s.scores[scoreName] ?? [];
    if (s.kind === 'id')
      for (const v of values) id.push(v); // no spread: a million arguments overflow the stack
    else ood.push({ name: s.name, scores: values });
  }
  return { id, ood };
}

/** ID labels and predictions pooled over the ID sets, only where the label is known. */
export function idLabelled(table: EvalTable): { labels: number[]; predictions: number[] } {
  const labels: number[] = [];
  const predictions: number[] = [];
  for (const s of table.sets) {
    if (s.kind !== 'id') continue;
    s.labels.forEach((l, i) => {
      if (l >= 0) {
        labels.push(l);
        predictions.push(s.predictions[i]);
      }
    });
  }
  return { labels, predictions };
}
