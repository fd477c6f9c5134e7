// The shipped bundles' reference evaluation (written by training/export.py) recomputed by web/ood:
// • scores of the embedding rows stored in reference_embeddings.bin, from class_text_embeds / neg_text_embeds and the
//   manifest's logit scale and scoring defaults, vs the Python `embedding_scores` — to 1e-6;
// • AUROC / FPR95 / AUPR-in / AUPR-out per OoD set and their average, from the full stored score arrays, vs the
//   Python `metrics` — to 1e-6; ID accuracy from the stored predictions and, for the stored ID rows, from argmax cosine.
// Skipped (with the reason) for a bundle that has no reference_eval.json yet.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { endianness } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCalibration } from '../../web/model/calibration';
import { calibrationFor } from '../../web/ood/calibration';
import { argmax, cosines, makeMatrix, matrixFromRows, rowOf, type EmbeddingMatrix } from '../../web/ood/linalg';
import { accuracy, evaluate, metricsFor } from '../../web/ood/metrics';
import { fitScore, isScoreName, SCORE_NAMES, SCORES } from '../../web/ood/scores/registry';
import type { ScoringDefaults } from '../../web/ood/scores/types';
import { percentile, ratesAt, thresholdAtTpr } from '../../web/ood/thresholds';

const MODELS = resolve(__dirname, '../../models');
const TOL = 1e-6;

interface RefSet {
  name: string;
  kind: 'id' | 'ood';
  in_avg?: boolean;
  scores: Record<string, number[]>;
  embedding_rows: [number, number];
  embedding_index: number[];
  embedding_scores: Record<string, number[]>;
  labels?: number[];
  predictions?: number[];
}
interface RefEval {
  id_set: string;
  logit_scale: number;
  metrics: Record<string, unknown> & { id_acc: number };
  sets: RefSet[];
  embeddings: { file: string; dtype: string; byteOrder: string; dim: number; rows: number };
  class_text_embeds: number[][];
  neg_text_embeds: number[][];
}
type PyMetrics = { fpr95: number; auroc: number; aupr_in: number; aupr_out: number };

const bundles = existsSync(MODELS)
  ? readdirSync(MODELS).filter((d) => existsSync(join(MODELS, d, 'manifest.json')))
  : [];
const expected = ['cifar10-cma-tiny', ...bundles.filter((b) => b !== 'cifar10-cma-tiny')];

function readEmbeddings(dir: string, ref: RefEval): EmbeddingMatrix {
  const e = ref.embeddings;
  expect(e.dtype).toBe('float32');
  expect(e.byteOrder).toBe('little');
  expect(endianness()).toBe('LE');
  const buf = readFileSync(join(dir, e.file));
  expect(buf.byteLength).toBe(e.rows * e.dim * 4);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return makeMatrix(data, e.rows, e.dim);
}

for (const id of expected) {
  const dir = join(MODELS, id);
  const has = existsSync(join(dir, 'reference_eval.json')) && existsSync(join(dir, 'manifest.json'));
  describe.skipIf(!has)(
    `${id}: web/ood reproduces the recipe's reference evaluation${has ? '' : ' (skipped: no reference_eval.json in models/' + id + ' yet)'}`,
    () => {
      const load = () => {
        const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
          logitScale: number;
          scoring?: ScoringDefaults;
        };
        const ref = JSON.parse(readFileSync(join(dir, 'reference_eval.json'), 'utf8')) as RefEval;
        const prompts = {
          classes: matrixFromRows(ref.class_text_embeds),
          negatives: ref.neg_text_embeds.length ? matrixFromRows(ref.neg_text_embeds) : undefined,
          logitScale: manifest.logitScale,
        };
        return { manifest, ref, prompts };
      };

      it('scores of the stored embedding rows match embedding_scores to 1e-6', () => {
        const { manifest, ref, prompts } = load();
        expect(ref.logit_scale).toBe(manifest.logitScale);
        const emb = readEmbeddings(dir, ref);
        let compared = 0;
        let worst = 0;
        for (const set of ref.sets) {
          const [start, end] = set.embedding_rows;
          const rows = makeMatrix(emb.data.subarray(start * emb.dim, end * emb.dim), end - start, emb.dim);
          for (const [name, want] of Object.entries(set.embedding_scores)) {
            expect(isScoreName(name), `unknown score ${name}`).toBe(true);
            // the exemplar scores need the bundled normal set: tests/integration/normal_set.test.ts compares them
            if (!isScoreName(name) || SCORES[name].requiresExemplars) continue;
            const got = fitScore(name, prompts, manifest.scoring).scoreMany(rows);
            expect(got.length).toBe(want.length);
            for (let i = 0; i < got.length; i++) {
              const d = Math.abs(got[i] - want[i]);
              worst = Math.max(worst, d / Math.max(1, Math.abs(want[i])));
              expect(d, `${set.name} ${name} row ${i}: TS ${got[i]} vs Python ${want[i]}`).toBeLessThan(
                TOL * Math.max(1, Math.abs(want[i])),
              );
              compared++;
            }
          }
          // the stored full-set scores at the subsample indices are the same numbers
          for (const [name, all] of Object.entries(set.scores)) {
            set.embedding_index.forEach((j, i) => expect(all[j]).toBe(set.embedding_scores[name][i]));
          }
        }
        expect(compared).toBeGreaterThan(0);
        console.log(
          `[ood_reference] ${id}: ${compared} scores recomputed, worst relative difference ${worst.toExponential(2)}`,
        );
      });

      it('AUROC, FPR95, AUPR-in/out per set and averaged match the Python metrics to 1e-6', () => {
        const { ref } = load();
        const idSet = ref.sets.find((s) => s.name === ref.id_set)!;
        expect(idSet).toBeDefined();
        let compared = 0;
        for (const score of SCORE_NAMES) {
          const py = ref.metrics[score] as { ood: Record<string, PyMetrics>; avg: PyMetrics } | undefined;
          if (!py) continue;
          const oodSets = ref.sets.filter((s) => s.kind === 'ood' && py.ood[s.name]);
          for (const s of oodSets) {
            const ts = metricsFor(idSet.scores[score], s.scores[score]);
            const want = py.ood[s.name];
            expect(Math.abs(ts.auroc - want.auroc), `${score} ${s.name} auroc`).toBeLessThan(TOL);
            expect(Math.abs(ts.fpr95 - want.fpr95), `${score} ${s.name} fpr95`).toBeLessThan(TOL);
            expect(Math.abs(ts.auprIn - want.aupr_in), `${score} ${s.name} aupr_in`).toBeLessThan(TOL);
            expect(Math.abs(ts.auprOut - want.aupr_out), `${score} ${s.name} aupr_out`).toBeLessThan(TOL);
            compared++;
          }
          const avgSets = oodSets.filter((s) => s.in_avg !== false);
          const e = evaluate(idSet.scores[score], Object.fromEntries(avgSets.map((s) => [s.name, s.scores[score]])));
          for (const [k, pyk] of [
            ['auroc', 'auroc'],
            ['fpr95', 'fpr95'],
            ['auprIn', 'aupr_in'],
            ['auprOut', 'aupr_out'],
          ] as const) {
            if (py.avg[pyk] !== undefined)
              expect(Math.abs(e.average[k] - py.avg[pyk]), `${score} avg ${pyk}`).toBeLessThan(TOL);
          }
        }
        expect(compared).toBeGreaterThan(0);
      });

      it('ID accuracy: stored predictions vs labels, and argmax cosine of the stored ID rows', () => {
        const { ref, prompts } = load();
        const idSet = ref.sets.find((s) => s.name === ref.id_set)!;
        expect(Math.abs(accuracy(idSet.predictions!, idSet.labels!) - ref.metrics.id_acc)).toBeLessThan(TOL);
        const emb = readEmbeddings(dir, ref);
        const [start] = idSet.embedding_rows;
        idSet.embedding_index.forEach((j, i) => {
          expect(argmax(cosines(rowOf(emb, start + i), prompts.classes))).toBe(idSet.predictions![j]);
        });
      });

      it.skipIf(!existsSync(join(dir, 'calibration.json')))(
        'calibration.json parses and gives a TPR-95 threshold keeping 95 % of ID validation',
        () => {
          const cal = parseCalibration(JSON.parse(readFileSync(join(dir, 'calibration.json'), 'utf8')));
          for (const score of SCORE_NAMES) {
            const c = calibrationFor(cal, score);
            if (!c) continue;
            const t = thresholdAtTpr(c.id, 0.95);
            const r = ratesAt(t, { id: c.id, ood: c.ood });
            expect(r.falseAlarmRate).toBeLessThanOrEqual(0.05);
            expect(percentile(c.id, t)).toBeLessThanOrEqual(100);
          }
        },
      );
    },
  );
}
