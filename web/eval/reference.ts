// The bundle's reference evaluation (reference_eval.json: the recipe's numbers, no images) as an EvalTable, so the
// Evaluate screen works on a fresh clone, and the recipe's metrics.json rows for comparison.
import type { EvalSetData, EvalTable, SetKind } from './types';

type Json = Record<string, unknown>;

const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const numArray = (x: unknown, what: string): number[] => {
  if (!Array.isArray(x) || x.some((v) => typeof v !== 'number' && v !== null)) throw new Error(`reference_eval.json: ${what} is not a list of numbers`);
  return x.map((v) => (v === null ? NaN : (v as number)));
};

/**
 * Reads the recipe's reference evaluation. Sets come as a list (`[{name, kind, labels, predictions, scores}]`) or
 * an object keyed by set name; kind defaults to "id" for the `id_set` (or the first set) and "ood" for the rest.
 * Sets without labels (OoD) get -1 labels and predictions.
 */
export function tableFromReference(data: unknown, classesFallback: string[] = []): EvalTable {
  if (!isObj(data)) throw new Error('reference_eval.json: expected a JSON object');
  const rawSets: Json[] = Array.isArray(data.sets)
    ? (data.sets as Json[])
    : isObj(data.sets)
      ? Object.entries(data.sets).map(([name, v]) => ({ name, ...(v as Json) }))
      : [];
  if (!rawSets.length) throw new Error('reference_eval.json: no "sets"');
  const idName = typeof data.id_set === 'string' ? data.id_set : typeof data.idSet === 'string' ? data.idSet : String(rawSets[0].name);
  const classes = Array.isArray(data.classes) ? (data.classes as string[]) : classesFallback;
  let scoreNames: string[] | null = Array.isArray(data.score_names) ? (data.score_names as string[]) : null;
  const sets: EvalSetData[] = rawSets.map((s) => {
    const name = String(s.name);
    if (!isObj(s.scores)) throw new Error(`reference_eval.json: set "${name}" has no scores`);
    const scores: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(s.scores)) scores[k] = numArray(v, `scores.${k} of "${name}"`);
    scoreNames ??= Object.keys(scores);
    for (const k of scoreNames) if (!scores[k]) throw new Error(`reference_eval.json: set "${name}" lacks score "${k}"`);
    const n = scores[scoreNames[0]]?.length ?? 0;
    const kind: SetKind = s.kind === 'id' || s.kind === 'ood' ? s.kind : name === idName ? 'id' : 'ood';
    const labels = s.labels ?? s.y;
    const preds = s.predictions ?? s.pred;
    const fill = (x: unknown, what: string) => (x === undefined || x === null ? new Array<number>(n).fill(-1) : numArray(x, `${what} of "${name}"`));
    const out: EvalSetData = {
      name,
      kind,
      keys: Array.isArray(s.keys) ? (s.keys as string[]) : Array.from({ length: n }, (_, i) => `${name}/${i}`),
      labels: fill(labels, 'labels'),
      predictions: fill(preds, 'predictions'),
      scores,
      ...(kind === 'ood' && s.in_avg === false ? { inAverage: false } : {}),
    };
    for (const [k, v] of Object.entries(scores)) if (v.length !== n) throw new Error(`reference_eval.json: "${name}" has ${v.length} ${k} scores, expected ${n}`);
    if (out.labels.length !== n || out.predictions.length !== n) throw new Error(`reference_eval.json: "${name}" labels/predictions do not match its ${n} scores`);
    return out;
  });
  return { classes, scoreNames: scoreNames!, sets };
}

export interface RecipeMetricsRow {
  model: string;
  score: string;
  id_acc: number;
  ood: Record<string, { fpr95: number; auroc: number; aupr_in: number; aupr_out: number }>;
  avg: { fpr95: number; auroc: number };
}

export interface RecipeMetrics {
  id_dataset: string;
  ood_sets: string[];
  avg_over: string[];
  results: RecipeMetricsRow[];
}
