// The bundle's reference evaluation (reference_eval.json: the recipe's numbers, no images) as an EvalTable, so the
// Evaluate screen works on a fresh clone. The file is parsed once in web/model/referenceEval.ts.
import type { ReferenceEvalJson } from '../model/referenceEval';
import type { EvalSetData, EvalTable } from './types';

/**
 * Every set with its scores; labels and predictions of sets without them (OoD) are -1. The score names are the
 * file's `score_names`, else the first set's; every set must have each of them, as many as it has images.
 */
export function tableFromReference(ref: ReferenceEvalJson, classesFallback: string[] = []): EvalTable {
  if (!ref.sets.length) throw new Error('reference_eval.json: no "sets"');
  let scoreNames: string[] | null = ref.score_names ?? null;
  const sets: EvalSetData[] = ref.sets.map((s) => {
    const { name } = s;
    if (!s.scores) throw new Error(`reference_eval.json: set "${name}" has no scores`);
    const scores = s.scores;
    scoreNames ??= Object.keys(scores);
    for (const k of scoreNames)
      if (!scores[k]) throw new Error(`reference_eval.json: set "${name}" lacks score "${k}"`);
    const n = scores[scoreNames[0]]?.length ?? 0;
    const out: EvalSetData = {
      name,
      kind: s.kind,
      keys: s.keys ?? Array.from({ length: n }, (_, i) => `${name}/${i}`),
      labels: s.labels ?? new Array<number>(n).fill(-1),
      predictions: s.predictions ?? new Array<number>(n).fill(-1),
      scores,
      ...(s.kind === 'ood' && s.in_avg === false ? { inAverage: false } : {}),
    };
    for (const [k, v] of Object.entries(scores))
      if (v.length !== n) throw new Error(`reference_eval.json: "${name}" has ${v.length} ${k} scores, expected ${n}`);
    if (out.labels.length !== n || out.predictions.length !== n)
      throw new Error(`reference_eval.json: "${name}" labels/predictions do not match its ${n} scores`);
    return out;
  });
  return { classes: ref.classes ?? classesFallback, scoreNames: scoreNames!, sets };
}
