// The shipped bundles on the 120 real full-size photos of ../shared/data/photos (60 CIFAR-like, 60 unrelated), the
// way the app sees them: the browser's pixels (sharp: libjpeg-turbo), the app's preprocessing, onnxruntime-node, web/ood's scores and metrics.
// Logs every score's AUROC / FPR95 and the ID accuracy, and holds the default bundle's default score above floors
// set a few points under what the committed bundle measures (2026-12-03: max-logit AUROC 89.8 %, accuracy 71.7 %;
// issue 11's goals are 85 % and 80 %: the AUROC goal is met, the accuracy goal not yet), so a retrained bundle that
// generalises worse fails here. These 120 photos are never used to train or tune the recipe.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auroc, fpr95 } from '../../web/ood/metrics';
import { availableScores, fitScore } from '../../web/ood/scores/registry';
import { bundlePrompts, encodePhoto, indexedBundles, openBundle, photosDir, readManifest } from './nodeBundle';

/** Floors for the default bundle's default score (fractions). */
const FLOOR = { auroc: 0.86, accuracy: 0.68 };

interface Photo {
  rel: string;
  id: boolean;
  cls: string;
}

function readLabels(): Photo[] {
  const lines = readFileSync(path.join(photosDir, 'labels.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [rel, group, cls] = l.split('\t');
    return { rel, id: group === 'id', cls: cls ?? '' };
  });
}

describe.each(indexedBundles())('$id on the 120 shared photos', ({ dir, isDefault }) => {
  it('separates CIFAR-like photos from unrelated ones and names the class of the CIFAR-like ones', async () => {
    const m = readManifest(dir);
    const enc = await openBundle(dir, m);
    const prompts = await bundlePrompts(dir, m, enc);
    const photos = readLabels();
    const images: Float32Array[] = [];
    for (const p of photos) images.push(await encodePhoto(enc, m, p.rel));
    await enc.release();
    const lines: string[] = [];
    const byScore: Record<string, { auroc: number; fpr95: number }> = {};
    for (const name of availableScores(!!prompts.negatives)) {
      const fitted = fitScore(name, prompts, m.scoring);
      const s = images.map((e) => fitted.score(e));
      const idS = s.filter((_, i) => photos[i].id);
      const oodS = s.filter((_, i) => !photos[i].id);
      byScore[name] = { auroc: auroc(idS, oodS), fpr95: fpr95(idS, oodS) };
      lines.push(
        `${name}: AUROC ${(byScore[name].auroc * 100).toFixed(1)} %, FPR95 ${(byScore[name].fpr95 * 100).toFixed(1)} %`,
      );
    }
    const top = fitScore('mcm', prompts, m.scoring);
    const ids = photos.map((p, i) => ({ p, i })).filter(({ p }) => p.id);
    const correct = ids.filter(({ p, i }) => {
      const cos = top.classCosines(images[i]);
      return m.classes[cos.indexOf(Math.max(...cos))] === p.cls;
    }).length;
    const accuracy = correct / ids.length;
    console.log(
      `[photos] ${m.id}: ID accuracy ${(accuracy * 100).toFixed(1)} % (${correct} of ${ids.length}); ${lines.join('; ')}`,
    );
    const def = m.scoring.default ?? 'mcm';
    expect(Object.keys(byScore)).toContain(def);
    if (isDefault) {
      expect(byScore[def].auroc, `${m.id} ${def} AUROC on the shared photos`).toBeGreaterThanOrEqual(FLOOR.auroc);
      expect(accuracy, `${m.id} ID accuracy on the shared photos`).toBeGreaterThanOrEqual(FLOOR.accuracy);
    } else {
      expect(byScore[def].auroc).toBeGreaterThan(0.5); // better than chance at least
    }
  }, 180_000);
});
