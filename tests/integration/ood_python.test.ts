// Cross-check of web/ood against the Python recipe's own functions (training/scores.py, metrics.py):
// the same seeded random embeddings and score arrays go through both; results must agree to 1e-6 (CONTRIBUTING.md).
// Runs the real Python (Debian's /usr/bin/python3 with numpy); skipped, with the reason, where that is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixFromRows, rowOf } from '../../web/ood/linalg';
import { metricsFor } from '../../web/ood/metrics';
import { fitScore } from '../../web/ood/scores/registry';
import { mulberry32 } from '../../web/lib/rng';

const ROOT = resolve(__dirname, '../..');
const PY = '/usr/bin/python3';
const havePython = (() => {
  if (!existsSync(PY) || !existsSync(resolve(ROOT, 'training/metrics.py'))) return false;
  try {
    execFileSync(PY, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller reads its own JSON shape from Python
function python(script: string, input: unknown): any {
  const out = execFileSync(PY, ['-c', script], { cwd: ROOT, input: JSON.stringify(input), maxBuffer: 64 << 20 });
  return JSON.parse(out.toString());
}

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function unitRows(rng: () => number, rows: number, dim: number, shift = 0): number[][] {
  return Array.from({ length: rows }, () => {
    const v = Array.from({ length: dim }, (_, k) => gaussian(rng) + (k === 0 ? shift : 0));
    const n = Math.hypot(...v);
    return v.map((x) => Math.fround(x / n)); // float32, as the bundles store them
  });
}

describe.skipIf(!havePython)('web/ood vs training (Python) on shared random data', () => {
  it('KNN agrees to 1e-6 for several k (a normal set of 200 photos)', () => {
    const rng = mulberry32(23);
    const dim = 16;
    const img = unitRows(rng, 40, dim, 1);
    const bank = unitRows(rng, 200, dim, 1.2);
    const ks = [1, 5, 50, 500];
    const py = python(
      `import json,sys,numpy as np
from training import scores as S
d=json.load(sys.stdin); f=lambda k: np.asarray(d[k],np.float32).astype(np.float64)
print(json.dumps({str(k): S.knn(f('img'), f('bank'), k).tolist() for k in d['ks']}))`,
      { img, bank, ks },
    );
    const prompts = { classes: matrixFromRows(unitRows(rng, 3, dim)), exemplars: matrixFromRows(bank), logitScale: 10 };
    const images = matrixFromRows(img);
    for (const k of ks) {
      const ts = fitScore('knn', prompts, undefined, { k }).scoreMany(images);
      for (let i = 0; i < img.length; i++)
        expect(Math.abs(ts[i] - py[String(k)][i]), `k=${k} image ${i}`).toBeLessThan(1e-6);
    }
  });

  it('prototype and fused agree to 1e-6 (a labelled normal set of 150 photos + 40 held back)', () => {
    const rng = mulberry32(31);
    const dim = 16;
    const img = unitRows(rng, 40, dim, 0.8);
    const cls = unitRows(rng, 5, dim, 1);
    const neg = unitRows(rng, 20, dim, -0.5);
    const bank = unitRows(rng, 150, dim, 1.2);
    const held = unitRows(rng, 40, dim, 1.2);
    const labels = bank.map((_, i) => (i % 7 === 6 ? -1 : i % 4)); // 4 classes and some unlabelled rows
    const s = 14.2;
    const k = 3;
    const py = python(
      `import json,sys,numpy as np
from training import scores as S
d=json.load(sys.stdin); f=lambda k: np.asarray(d[k],np.float32).astype(np.float64)
out={t: S.exemplar_scores(f('img'),f('cls'),f('neg'),d['s'],f('bank'),f('held'),d['k'],t,np.asarray(d['labels'])) for t in ['mcm','maxlogit','neglabel']}
print(json.dumps({t:{n:v.tolist() for n,v in r.items()} for t,r in out.items()}))`,
      { img, cls, neg, bank, held, labels, s, k },
    );
    const prompts = {
      classes: matrixFromRows(cls),
      negatives: matrixFromRows(neg),
      exemplars: matrixFromRows(bank),
      exemplarLabels: Int32Array.from(labels),
      exemplarCalibration: matrixFromRows(held),
      logitScale: s,
    };
    const images = matrixFromRows(img);
    const proto = fitScore('prototype', prompts).scoreMany(images);
    for (const text of ['mcm', 'maxlogit', 'neglabel'] as const) {
      const fusedTs = fitScore('fused', prompts, { default: text, knnK: k }).scoreMany(images);
      for (let i = 0; i < img.length; i++) {
        expect(Math.abs(fusedTs[i] - py[text].fused[i]), `fused(${text}) image ${i}`).toBeLessThan(1e-6);
        expect(Math.abs(proto[i] - py[text].prototype[i]), `prototype image ${i}`).toBeLessThan(1e-6);
      }
    }
  });

  it('scores agree to 1e-6', () => {
    const rng = mulberry32(11);
    const dim = 16;
    const img = unitRows(rng, 40, dim, 1.5);
    const cls = unitRows(rng, 10, dim, 1);
    const neg = unitRows(rng, 30, dim, -0.5);
    const s = 27.3;
    const py = python(
      `import json,sys,numpy as np
from training import scores as S
d=json.load(sys.stdin); f=lambda k: np.asarray(d[k],np.float32).astype(np.float64)
r=S.all_scores(f('img'),f('cls'),f('neg'),d['s'],mcm_T=1.0,tau=0.01)
print(json.dumps({k:v.tolist() for k,v in r.items()}))`,
      { img, cls, neg, s },
    );
    const prompts = { classes: matrixFromRows(cls), negatives: matrixFromRows(neg), logitScale: s };
    const images = matrixFromRows(img);
    for (const name of ['mcm', 'energy', 'maxlogit', 'neglabel'] as const) {
      const ts = fitScore(name, prompts).scoreMany(images);
      expect(py[name]).toHaveLength(img.length);
      for (let i = 0; i < img.length; i++) expect(Math.abs(ts[i] - py[name][i]), `${name}[${i}]`).toBeLessThan(1e-6);
    }
    expect(rowOf(images, 0).length).toBe(dim);
  });

  it('metrics agree to 1e-9, ties included', () => {
    const rng = mulberry32(5);
    const cases = Array.from({ length: 12 }, (_, c) => {
      const round = c % 2 === 0 ? 10 : 1e6; // coarse rounding makes many ties
      const nId = 20 + Math.floor(rng() * 200);
      const nOod = 5 + Math.floor(rng() * 200);
      const id = Array.from({ length: nId }, () => Math.round((gaussian(rng) + 1) * round) / round);
      const ood = Array.from({ length: nOod }, () => Math.round(gaussian(rng) * round) / round);
      return { id, ood };
    });
    cases.push({ id: Array.from({ length: 20 }, (_, i) => i + 1), ood: [1.5, 1.6, 1.7] }); // TPR exactly 0.95 at ties
    const py = python(
      `import json,sys
from training import metrics as M
print(json.dumps([M.ood_metrics(c['id'],c['ood']) for c in json.load(sys.stdin)]))`,
      cases,
    );
    cases.forEach((c, i) => {
      const ts = metricsFor(c.id, c.ood);
      expect(Math.abs(ts.auroc - py[i].auroc), `auroc case ${i}`).toBeLessThan(1e-9);
      expect(Math.abs(ts.fpr95 - py[i].fpr95), `fpr95 case ${i}`).toBeLessThan(1e-9);
      expect(Math.abs(ts.auprIn - py[i].aupr_in), `aupr_in case ${i}`).toBeLessThan(1e-9);
      expect(Math.abs(ts.auprOut - py[i].aupr_out), `aupr_out case ${i}`).toBeLessThan(1e-9);
    });
  });
});
