/**
 * `metrics.json`: the recipe's own figures (training/metrics.py), in percent, one row per model × score. Shown beside
 * the app's numbers so a person can see both agree; the one schema of the file and the pick of one model's figures.
 */
import { z } from 'zod';

const oodFigures = z.object({ fpr95: z.number(), auroc: z.number(), aupr_in: z.number(), aupr_out: z.number() });

export const recipeMetricsSchema = z.object({
  id_dataset: z.string().optional(),
  ood_sets: z.array(z.string()).optional(),
  /** The OoD sets the averages run over (the others are reported apart). */
  avg_over: z.array(z.string()).optional(),
  results: z
    .array(
      z.object({
        model: z.string(),
        score: z.string(),
        id_acc: z.number(),
        ood: z.record(z.string(), oodFigures).default({}),
        avg: z.object({ fpr95: z.number(), auroc: z.number() }),
      }),
    )
    .default([]),
  /** One number, or one per model. */
  modality_gap: z.union([z.number(), z.record(z.string(), z.number())]).optional(),
  geometry: z
    .record(
      z.string(),
      z.object({
        alignment: z.number().optional(),
        uniformity_image: z.number().optional(),
        uniformity_text: z.number().optional(),
      }),
    )
    .optional(),
});

export type RecipeMetrics = z.output<typeof recipeMetricsSchema>;

export interface RecipeFigures {
  /** The recipe's model name in metrics.json ("cma", "flyp"). */
  model: string;
  modalityGap?: number;
  alignment?: number;
  uniformityImage?: number;
  uniformityText?: number;
  /** Per score: average FPR95 / AUROC over the recipe's averaged OoD sets, in percent. */
  avg: Record<string, { fpr95: number; auroc: number }>;
  idAcc?: number;
}

/** The recipe's numbers for one model (a reference evaluation's `model`); null without a model name. */
export function figuresFromMetrics(metrics: RecipeMetrics, model: string): RecipeFigures | null {
  if (!model) return null;
  const geom = metrics.geometry?.[model] ?? {};
  const gap = metrics.modality_gap;
  const avg: RecipeFigures['avg'] = {};
  let idAcc: number | undefined;
  for (const row of metrics.results) {
    if (row.model !== model) continue;
    avg[row.score] = { fpr95: row.avg.fpr95, auroc: row.avg.auroc };
    idAcc = row.id_acc;
  }
  return {
    model,
    modalityGap: typeof gap === 'number' ? gap : gap?.[model],
    alignment: geom.alignment,
    uniformityImage: geom.uniformity_image,
    uniformityText: geom.uniformity_text,
    avg,
    idAcc,
  };
}
