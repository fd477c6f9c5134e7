import { describe, expect, it } from 'vitest';
import { parseWith } from './manifest';
import { figuresFromMetrics, recipeMetricsSchema } from './metrics';

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
