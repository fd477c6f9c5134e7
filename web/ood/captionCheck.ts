/**
 * The Check screen's caption ID-ness rule: a caption's ID-ness is MCM against the class prompts at CAPTION_TEMPERATURE;
 * it is flagged as describing something unseen when no more ID-like than the CAPTION_NEGATIVE_QUANTILE quantile of the
 * negative labels' ID-ness (words chosen to be unlike every class). Pure: no React, embeddings already computed.
 */
import { rowOf } from './linalg';
import { captionIdness } from './scores/caption';
import type { PromptEmbeddings } from './scores/types';
import { idnessThresholdFromNegatives } from './verdict';

/** MCM temperature of the caption's ID-ness (the same for the caption and the negative labels it is compared with). */
export const CAPTION_TEMPERATURE = 0.05;
/** Quantile of the negative labels' ID-ness used as the threshold: the median. */
export const CAPTION_NEGATIVE_QUANTILE = 0.5;

/** The caption ID-ness threshold from the negative labels; undefined when the bundle has none. */
export function captionIdnessThreshold(prompts: PromptEmbeddings): number | undefined {
  const neg = prompts.negatives;
  if (!neg?.rows) return undefined;
  const idness = Array.from(
    { length: neg.rows },
    (_, i) => captionIdness(rowOf(neg, i), prompts.classes, CAPTION_TEMPERATURE).score,
  );
  return idnessThresholdFromNegatives(idness, CAPTION_NEGATIVE_QUANTILE);
}
