import { argmax, cosine, cosines, softmax, type EmbeddingMatrix, type Vector } from '../linalg';
import { percentile, type SortedScores } from '../thresholds/sorted';
import type { Scores } from '../metrics/roc';

/**
 * Caption scores. They are not image postprocessors (not in the registry): they read the caption's text embedding.
 */

export interface CaptionAgreement {
  /** cosine of the image and caption embeddings */
  cosine: number;
  /** percentile (0–100) of that cosine among ID image–class-prompt pairs (`caption_agreement_id`); NaN without them */
  percentile: number;
}

/** How well the caption matches the photo, and how that compares with ID photos and their own class prompt. */
export function captionAgreement(
  image: Vector,
  caption: Vector,
  idAgreement?: Scores | SortedScores,
): CaptionAgreement {
  const c = cosine(image, caption);
  const hasRef =
    idAgreement !== undefined && ('ascending' in idAgreement ? idAgreement.ascending.length : idAgreement.length) > 0;
  return { cosine: c, percentile: hasRef ? percentile(idAgreement, c) : NaN };
}

export interface CaptionIdness {
  /** MCM of the caption embedding against the class prompts: max softmax(c / T) */
  score: number;
  /** the class the caption is closest to */
  topClass: number;
  /** softmax(c / T) over the classes */
  probabilities: Float64Array;
  /** raw cosines of the caption with each class prompt */
  cosines: Float64Array;
}

/**
 * The caption's own ID-ness: MCM of its embedding against the ID class prompts. A caption about something the
 * model never saw ("a plate of spaghetti") spreads its probability over the classes.
 */
export function captionIdness(caption: Vector, classes: EmbeddingMatrix, temperature = 1): CaptionIdness {
  if (!(temperature > 0)) throw new Error(`captionIdness: temperature must be positive, got ${temperature}`);
  const cos = cosines(caption, classes);
  const probabilities = softmax(Array.from(cos, (c) => c / temperature));
  const topClass = argmax(probabilities);
  return { score: probabilities[topClass], topClass, probabilities, cosines: cos };
}
