/**
 * One photo (and optional caption) through every signal: the pure core of the Check screen and of anything that
 * shows a single verdict (the meeting screen). No React, no worker: it takes embeddings already computed.
 */
import { argmax, softmax, type Vector } from './linalg';
import type { ScoreCalibration } from './calibration';
import { captionReadable } from './captionCheck';
import { captionAgreement, captionIdness, type CaptionAgreement, type CaptionIdness } from './scores/caption';
import { SCORES } from './scores/registry';
import type { FittedScore, PromptEmbeddings } from './scores/types';
import { percentile, type SortedScores } from './thresholds/sorted';
import { ratesAt, type Rates } from './thresholds/thresholds';
import { verdict, type NormalSetSignal, type Verdict, type VerdictRules } from './verdict';
import { isFittedFused } from './scores/fused';

export interface ClassProbability {
  index: number;
  name: string;
  /** CLIP zero-shot probability: softmax(s · cosine) over the classes */
  probability: number;
  cosine: number;
}

export interface CheckInput {
  image: Vector;
  /**
   * The caption's embedding, and what the tokenizer made of it: `words` read by the model and how many of them were
   * `unknown` (both absent: counted as readable). An unreadable caption is shown but never counts in the verdict.
   */
  caption?: { embedding: Vector; truncated?: boolean; text?: string; words?: number; unknown?: number };
  prompts: PromptEmbeddings;
  classNames: readonly string[];
  /** the chosen score, fitted on `prompts` with the chosen options */
  fitted: FittedScore;
  /** that score of `image` when a batch scorer has already computed it (KNN's cosines to a whole normal set are not
   * worth computing twice); absent: computed here */
  score?: number;
  threshold: number;
  /** that score's calibration (same options), for percentiles and expected rates */
  calibration?: ScoreCalibration;
  /** `caption_agreement_id` of the bundle, sorted */
  captionAgreementId?: SortedScores;
  /** temperature of the caption's ID-ness (MCM); default 1 */
  captionTemperature?: number;
  /** the ID-ness a caption needs to count (captionJudgeBar); undefined = every readable caption counts */
  captionJudgeBar?: number;
  rules?: Partial<VerdictRules>;
  /** how many nearest classes to list; default 3 */
  topK?: number;
  /** the normal set an exemplar score compares with, as people read it ("your 240 normal photos") */
  normalSetPhotos?: string;
}

export interface CheckResult {
  score: number;
  scoreLabel: string;
  /** percentile (0–100) among the ID calibration scores; NaN without calibration */
  percentile: number;
  /** whose photos that percentile is among: the bundle's ID calibration split, or a normal set's calibration split */
  percentileAmong: 'id' | 'normal-set';
  threshold: number;
  topClasses: ClassProbability[];
  caption?: {
    agreement: CaptionAgreement;
    idness: CaptionIdness;
    truncated: boolean;
    /** false: mostly unknown tokens; the verdict ignores the caption */
    readable: boolean;
    /** false: read, but not as any class (ID-ness below captionJudgeBar); the verdict ignores it: "can't tell" */
    judgeable: boolean;
    words: number;
    unknown: number;
  };
  /** expected rates at this threshold from the calibration */
  rates?: Rates;
  verdict: Verdict;
}

/** The K nearest ID classes of an embedding with CLIP probabilities. */
export function topClasses(classCos: Vector, logitScale: number, names: readonly string[], k = 3): ClassProbability[] {
  const p = softmax(Array.from(classCos, (c) => logitScale * c));
  return Array.from(p, (probability, index) => ({
    index,
    name: names[index] ?? `class ${index}`,
    probability,
    cosine: classCos[index],
  }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, Math.max(1, k));
}

/** The verdict's wording of an exemplar score (undefined for a text score or without the set's description). */
function normalSetSignal(fitted: FittedScore, image: Vector, photos?: string): NormalSetSignal | undefined {
  if (!photos || (fitted.name !== 'knn' && fitted.name !== 'prototype' && fitted.name !== 'fused')) return undefined;
  const parts = isFittedFused(fitted) ? fitted.partsOf(image) : undefined;
  return {
    score: fitted.name,
    photos,
    k: fitted.options.k,
    fused: parts && {
      textLabel: SCORES[parts.text.name].label,
      textPercentile: parts.text.percentile,
      knnPercentile: parts.knn.percentile,
    },
  };
}

export function checkPhoto(input: CheckInput): CheckResult {
  const { fitted, prompts, classNames } = input;
  const classCos = fitted.classCosines(input.image);
  const score = input.score ?? fitted.score(input.image);
  const cal = input.calibration;
  const pct = cal ? percentile(cal.id, score) : NaN;
  const scoreLabel = SCORES[fitted.name].label;
  let caption: CheckResult['caption'];
  if (input.caption) {
    const words = input.caption.words ?? NaN;
    const unknown = input.caption.unknown ?? 0;
    const idness = captionIdness(input.caption.embedding, prompts.classes, input.captionTemperature ?? 1);
    caption = {
      readable: Number.isNaN(words) || captionReadable({ words, unknown }),
      judgeable: input.captionJudgeBar === undefined || idness.score >= input.captionJudgeBar,
      words,
      unknown,
      agreement: captionAgreement(input.image, input.caption.embedding, input.captionAgreementId),
      idness,
      truncated: !!input.caption.truncated,
    };
  }
  const ns = normalSetSignal(fitted, input.image, input.normalSetPhotos);
  const v = verdict({
    normalSet: ns,
    scoreLabel,
    imageScore: score,
    threshold: input.threshold,
    imagePercentile: pct,
    thresholdPercentile: cal && Number.isFinite(input.threshold) ? percentile(cal.id, input.threshold) : NaN,
    classNames,
    imageTopClass: argmax(classCos),
    caption:
      caption?.readable && caption.judgeable ? { agreement: caption.agreement, idness: caption.idness } : undefined,
    unreadableCaption: caption ? !caption.readable : false,
    uncertainCaption: caption ? caption.readable && !caption.judgeable : false,
    rules: input.rules,
  });
  return {
    score,
    scoreLabel,
    percentile: pct,
    percentileAmong: SCORES[fitted.name].requiresExemplars ? 'normal-set' : 'id',
    threshold: input.threshold,
    topClasses: topClasses(classCos, prompts.logitScale, classNames, input.topK ?? 3),
    caption,
    rates: cal ? ratesAt(input.threshold, { id: cal.id, ood: cal.ood }) : undefined,
    verdict: v,
  };
}
