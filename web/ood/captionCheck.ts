/**
 * The Check screen's caption ID-ness rule: a caption's ID-ness is MCM against the class prompts at CAPTION_TEMPERATURE;
 * it is flagged as describing something unseen when no more ID-like than the CAPTION_NEGATIVE_QUANTILE quantile of the
 * negative labels' ID-ness (words chosen to be unlike every class). Pure: no React, embeddings already computed.
 */
import { rowOf, type EmbeddingMatrix } from './linalg';
import { captionIdness } from './scores/caption';
import { percentile, sortScores, type SortedScores } from './thresholds/sorted';
import type { CalibrationFile } from '../model/calibration';
import type { PromptEmbeddings } from './scores/types';
import { idnessThresholdFromNegatives, verdict, type VerdictRules } from './verdict';

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

/**
 * A caption is judged only when the text encoder reads it as one of the classes about as surely as it reads the
 * class prompts themselves: its ID-ness (MCM at CAPTION_TEMPERATURE) must reach this share of the lowest ID-ness of
 * the class prompts (issue 12). The shipped text tower learned template captions; an ordinary caption ("a small pug
 * dog sitting.", "a large container ship at sea.") comes out near-uniform over the classes, and its cosine with the
 * photo then said "does not match" for 6 of 10 correct captions tried. Below the bar the card says "can't tell".
 * 0.85: the lowest share at which none of those 10 hand-written captions raises a flag on the shipped bundle
 * (tests/integration/ood_photos.test.ts); every class prompt, and captions worded like one, stay judged.
 */
export const CAPTION_JUDGE_SHARE = 0.85;

/** The ID-ness a caption needs to be judged (see CAPTION_JUDGE_SHARE); undefined without class prompts. */
export function captionJudgeBar(prompts: PromptEmbeddings): number | undefined {
  const k = prompts.classes.rows;
  if (!k) return undefined;
  let lowest = Infinity;
  for (let i = 0; i < k; i++)
    lowest = Math.min(lowest, captionIdness(rowOf(prompts.classes, i), prompts.classes, CAPTION_TEMPERATURE).score);
  return CAPTION_JUDGE_SHARE * lowest;
}

/** A caption is unreadable when more than this share of the word tokens the model reads are the unknown token. */
export const MAX_UNKNOWN_SHARE = 0.5;

/**
 * Whether the model could read the caption: at least one known word token, and no more than MAX_UNKNOWN_SHARE of
 * them unknown. 5,000 emoji or a run of zero-width spaces become one unknown token; its embedding is the model's
 * guess at "something", and its cosine with any photo says nothing, so it must not count for or against the photo.
 */
export function captionReadable(tokens: { words: number; unknown: number }): boolean {
  const known = tokens.words - tokens.unknown;
  return known > 0 && tokens.unknown <= MAX_UNKNOWN_SHARE * tokens.words;
}

export interface NaturalCaptionRates {
  /** photo–caption pairs measured */
  n: number;
  /** share of those correct captions that raise a caption flag (a false alarm of the caption check) */
  falseAlarm: number;
  /** share the card answers "can't tell" for (read, but not as any class) or cannot read */
  cantTell: number;
}

/**
 * How the caption check does on ordinary, correct captions: each validation photo with a hand-written caption of its
 * own class (calibration.json `caption_natural`), judged by the very rules of the Check card (readability, the judge
 * bar, agreement percentile, ID-ness threshold, through `verdict`). `captions` are the captions' embeddings and token
 * counts as this app's text encoder gives them.
 */
export function naturalCaptionRates(input: {
  captions: { embeddings: EmbeddingMatrix; words: number[]; unknown: number[] };
  pairs: { caption: number[]; agreement: number[] };
  prompts: PromptEmbeddings;
  captionAgreementId: SortedScores;
  judgeBar?: number;
  rules?: Partial<VerdictRules>;
}): NaturalCaptionRates {
  const { captions, pairs, prompts } = input;
  const perCaption = Array.from({ length: captions.embeddings.rows }, (_, j) => {
    const idness = captionIdness(rowOf(captions.embeddings, j), prompts.classes, CAPTION_TEMPERATURE);
    const readable = captionReadable({ words: captions.words[j], unknown: captions.unknown[j] });
    const judged = readable && (input.judgeBar === undefined || idness.score >= input.judgeBar);
    return { idness, judged };
  });
  let flagged = 0;
  let cantTell = 0;
  for (let i = 0; i < pairs.caption.length; i++) {
    const c = perCaption[pairs.caption[i]];
    if (!c.judged) {
      cantTell++;
      continue;
    }
    const cos = pairs.agreement[i];
    const v = verdict({
      scoreLabel: 'image',
      imageScore: Infinity, // the image signal is not what is measured here
      threshold: 0,
      caption: { agreement: { cosine: cos, percentile: percentile(input.captionAgreementId, cos) }, idness: c.idness },
      rules: input.rules,
    });
    if (v.raisedBy.some((r) => r !== 'image')) flagged++;
  }
  const n = pairs.caption.length;
  return { n, falseAlarm: n ? flagged / n : NaN, cantTell: n ? cantTell / n : NaN };
}

/**
 * What a caption's agreement with its photo is compared with (the percentile the agreement rule reads): cosines of
 * ID validation photos with an everyday caption of their class, when the bundle ships them (`caption_natural`, the
 * even-numbered pairs: the odd ones are kept for measuring, `naturalCaptionHeldOut`), else with their class prompt
 * (`caption_agreement_id`). Everyday captions sit farther from their photos than template prompts do; compared with
 * template pairs, FLYP's flagged 20.9 % of correct everyday captions, compared with everyday pairs 2-3 %, while a
 * contradicting caption is still flagged (tests/integration/ood_photos.test.ts).
 */
export function captionAgreementReference(cal: CalibrationFile | null | undefined): SortedScores | undefined {
  const natural = cal?.caption_natural?.agreement.filter((_, i) => i % 2 === 0);
  if (natural?.length) return sortScores(natural);
  return cal?.caption_agreement_id?.length ? sortScores(cal.caption_agreement_id) : undefined;
}

/** The everyday-caption pairs not used as the agreement reference: where the rate the Check screen shows is measured. */
export function naturalCaptionHeldOut(
  cal: CalibrationFile | null | undefined,
): { caption: number[]; agreement: number[] } | undefined {
  const n = cal?.caption_natural;
  if (!n?.caption.length) return undefined;
  const odd = (_: number, i: number) => i % 2 === 1;
  return { caption: n.caption.filter(odd), agreement: n.agreement.filter(odd) };
}
