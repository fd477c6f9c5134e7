import { describe, expect, it } from 'vitest';
import { parseWith } from './manifest';
import { figuresFromMetrics, recipeMetricsSchema, summarise } from './metrics';

describe('metrics.json', () => {
  it('reads the recipe figures of its own model', () => {
    const metrics = parseWith(
      recipeMetricsSchema,
      {
        results: [
          { model: 'cma', score: 'mcm', id_acc: 80, avg: { fpr95: 40, auroc: 90 } },
          { model: 'flyp', score: 'mcm', id_acc: 79, avg: { fpr95: 50, auroc: 85 } },
        ],
        modality_gap: { cma: 0.3, flyp: 0.6 },
        geometry: { cma: { alignment: 1.1, uniformity_image: -2 }, flyp: { alignment: 1.4, uniformity_image: -3 } },
      },
      'metrics.json',
    );
    expect(figuresFromMetrics(metrics, 'cma')).toMatchObject({
      modalityGap: 0.3,
      alignment: 1.1,
      uniformityImage: -2,
      idAcc: 80,
      avg: { mcm: { fpr95: 40, auroc: 90 } },
    });
    expect(figuresFromMetrics(metrics, '')).toBeNull();
  });
});

describe('the Models screen summary of a bundle (issue 12)', () => {
  const manifest = {
    id: 'b',
    name: 'B',
    description: 'trained on x',
    classes: ['a', 'b'],
    scoring: { default: 'energy' },
  };
  it("takes this bundle's model rows, at its default score, and its shared-photo figures", () => {
    const metrics = parseWith(
      recipeMetricsSchema,
      {
        model: 'cma',
        results: [
          { model: 'cma', score: 'mcm', id_acc: 86, avg: { fpr95: 40, auroc: 90 } },
          { model: 'cma', score: 'energy', id_acc: 86, avg: { fpr95: 35, auroc: 92 } },
          { model: 'flyp', score: 'energy', id_acc: 85, avg: { fpr95: 50, auroc: 85 } },
        ],
        photos: { cma: { id_acc: 71.7, energy: { auroc: 91.2, fpr95: 30 } } },
      },
      'metrics.json',
    );
    expect(summarise(manifest, metrics)).toEqual({
      id: 'b',
      name: 'B',
      description: 'trained on x',
      defaultScore: 'energy',
      classes: 2,
      idAcc: 86,
      avg: { fpr95: 35, auroc: 92 },
      photos: { idAcc: 71.7, auroc: 91.2 },
    });
  });
  it('says only what the manifest says without metrics, or without a model name in them', () => {
    expect(summarise(manifest, null).idAcc).toBeUndefined();
    expect(summarise(manifest, parseWith(recipeMetricsSchema, { results: [] }, 'm')).avg).toBeUndefined();
  });
});
