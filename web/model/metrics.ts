/**
 * `metrics.json`: the recipe's own figures (training/metrics.py), in percent, one row per model × score. Shown beside
 * the app's numbers so a person can see both agree; the one schema of the file and the pick of one model's figures.
 */
import { z } from 'zod';

const oodFigures = z.object({ fpr95: z.number(), auroc: z.number(), aupr_in: z.number(), aupr_out: z.number() });

const photoFigures = z.object({ id_acc: z.number() }).catchall(z.unknown());

export const recipeMetricsSchema = z.object({
  /** This bundle's model among the rows ("cma", "flyp"); older files leave it out. */
  model: z.string().optional(),
  /** The recipe's own run on the 120 shared photos, per model (reported only; percent). */
  photos: z.record(z.string(), photoFigures).optional(),
  /** The score each model's bundle defaults to, with the rule and the validation figures it was chosen on. */
  default_score_validation: z.object({ rule: z.string() }).catchall(z.unknown()).optional(),
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

/** What the Models screen says about a bundle before it is loaded: its manifest's words and the recipe's figures. */
export interface BundleSummary {
  id: string;
  name: string;
  description: string;
  defaultScore: string;
  classes: number;
  /** ID accuracy on the recipe's ID test set, percent. */
  idAcc?: number;
  /** The default score's average over the recipe's OoD sets, percent. */
  avg?: { fpr95: number; auroc: number };
  /** The recipe's own run on the 120 shared real photos with the default score, percent. */
  photos?: { idAcc: number; auroc?: number };
}

export function summarise(
  m: { id: string; name: string; description: string; classes: string[]; scoring: { default: string } },
  metrics: RecipeMetrics | null,
): BundleSummary {
  const out: BundleSummary = {
    id: m.id,
    name: m.name,
    description: m.description,
    defaultScore: m.scoring.default,
    classes: m.classes.length,
  };
  const model = metrics?.model;
  if (!metrics || !model) return out;
  const row = metrics.results.find((r) => r.model === model && r.score === m.scoring.default);
  if (row) {
    out.idAcc = row.id_acc;
    out.avg = row.avg;
  }
  const p = metrics.photos?.[model];
  if (p) {
    const s = p[m.scoring.default] as { auroc?: number } | undefined;
    out.photos = { idAcc: p.id_acc, auroc: s?.auroc };
  }
  return out;
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
