// The Evaluate screen's numbers on each shipped bundle's reference evaluation equal the Python recipe's
// (reference_eval.json "metrics" in fractions, metrics.json in percent) to 1e-6: the app's own code path
// (parseReferenceEval → tableFromReference → summarise → web/ood/metrics), nothing recomputed here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromReference } from '../../web/eval/reference';
import type { RecipeMetrics } from '../../web/model/metrics';
import { parseReferenceEval } from '../../web/model/referenceEval';
import { fromCsv, fromJson, toCsv, toJson } from '../../web/eval/serialise';
import { summarise } from '../../web/eval/summary';

const repo = path.resolve(__dirname, '../..');
const index = JSON.parse(readFileSync(path.join(repo, 'models/index.json'), 'utf8')) as {
  models: { id: string; path: string }[];
};

type RefMetrics = { id_acc: number } & Record<
  string,
  {
    ood: Record<string, { fpr95: number; auroc: number; aupr_in: number; aupr_out: number }>;
    avg: Record<string, number>;
  }
>;

for (const entry of index.models) {
  const dir = path.join(repo, 'models', entry.path);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : null;
  const refFile = manifest?.referenceEval ? path.join(dir, manifest.referenceEval) : '';
  const has = !!refFile && existsSync(refFile);
  describe.skipIf(!has)(
    `reference evaluation of ${entry.id}${has ? '' : ' (skipped: the bundle has no reference_eval.json yet)'}`,
    () => {
      const ref = has ? JSON.parse(readFileSync(refFile, 'utf8')) : null;
      const table = has ? tableFromReference(parseReferenceEval(ref), manifest.classes) : null;
      const recipe: RecipeMetrics | null =
        has && manifest.metrics && existsSync(path.join(dir, manifest.metrics))
          ? JSON.parse(readFileSync(path.join(dir, manifest.metrics), 'utf8'))
          : null;
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6);

      it('has every score of the recipe and its sets', () => {
        expect(table!.scoreNames.sort()).toEqual(
          Object.keys(ref.metrics)
            .filter((k) => k !== 'id_acc')
            .sort(),
        );
        expect(table!.sets.filter((s) => s.kind === 'id').length).toBe(1);
      });

      it('ID accuracy, AUROC, FPR95, AUPR-in/out per OoD set and the recipe average match to 1e-6', () => {
        const m = ref.metrics as RefMetrics;
        const inAvg = (ref.sets as { name: string; in_avg?: boolean }[]).filter((s) => s.in_avg).map((s) => s.name);
        let compared = 0;
        for (const score of table!.scoreNames) {
          const s = summarise(table!, score, 0);
          close(s.idAccuracy!, m.id_acc);
          const row = recipe?.results.find((r) => r.model === ref.model && r.score === score);
          if (recipe) expect(row, `metrics.json has a row for ${ref.model}/${score}`).toBeDefined();
          for (const set of s.perSet) {
            const want = m[score].ood[set.name];
            close(set.metrics!.auroc, want.auroc);
            close(set.metrics!.fpr95, want.fpr95);
            close(set.metrics!.auprIn, want.aupr_in);
            close(set.metrics!.auprOut, want.aupr_out);
            if (row) {
              close(set.metrics!.auroc, row.ood[set.name].auroc / 100);
              close(set.metrics!.fpr95, row.ood[set.name].fpr95 / 100);
              close(set.metrics!.auprIn, row.ood[set.name].aupr_in / 100);
              close(set.metrics!.auprOut, row.ood[set.name].aupr_out / 100);
            }
            compared++;
          }
          const avgSets = s.perSet.filter((p) => inAvg.includes(p.name));
          const mean = (k: 'auroc' | 'fpr95') => avgSets.reduce((a, p) => a + p.metrics![k], 0) / avgSets.length;
          close(mean('auroc'), m[score].avg.auroc);
          close(mean('fpr95'), m[score].avg.fpr95);
          // the screen's "mean over sets" row is the recipe's average (its in_avg sets)
          expect(s.averagedSets.sort()).toEqual([...inAvg].sort());
          close(s.average!.auroc, m[score].avg.auroc);
          close(s.average!.fpr95, m[score].avg.fpr95);
          close(s.average!.auprIn, m[score].avg.aupr_in);
          close(s.average!.auprOut, m[score].avg.aupr_out);
          if (row) {
            close(mean('auroc'), row.avg.auroc / 100);
            close(mean('fpr95'), row.avg.fpr95 / 100);
            close(s.idAccuracy!, row.id_acc / 100);
          }
        }
        expect(compared).toBeGreaterThan(0);
        console.log(
          `[eval_reference] ${entry.id}: ${compared} set×score comparisons (model "${ref.model}") within 1e-6; metrics.json ${recipe ? 'checked' : 'absent'}`,
        );
      });

      it('an export of the reference (CSV and JSON) re-imports to the same metrics', () => {
        const score = manifest.scoring?.default ?? table!.scoreNames[0];
        const t = summarise(table!, score, 0).threshold;
        const want = summarise(table!, score, t);
        const meta = { name: 'ref', createdAt: 0, modelId: entry.id, skipped: [] };
        expect(summarise(fromJson(toJson(table!, meta)).table, score, t)).toEqual(want);
        expect(summarise(fromCsv(toCsv(table!), 'ref.csv', manifest.classes).table, score, t)).toEqual(want);
      });
    },
  );
}
