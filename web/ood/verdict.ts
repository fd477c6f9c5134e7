import type { CaptionAgreement, CaptionIdness } from './scores/caption';
import { isFlagged } from './thresholds/thresholds';
import { asSorted, type SortedScores } from './thresholds/sorted';
import type { Scores } from './metrics/roc';
import { percentValue } from '../lib/format';

/** The three signals a verdict combines. */
export type SignalName = 'image' | 'caption-agreement' | 'caption-idness';

export interface SignalResult {
  flagged: boolean;
  /** the number compared, and what it was compared with */
  value: number;
  limit: number;
  /** one short sentence about this signal alone */
  note: string;
}

export interface VerdictRules {
  /** caption agreement is flagged when its percentile among ID pairs is below this (0–100); default 5 */
  agreementMinPercentile: number;
  /** caption ID-ness is flagged below this; undefined = report only, never flag */
  idnessThreshold?: number;
}

export const DEFAULT_RULES: VerdictRules = { agreementMinPercentile: 5 };

export interface VerdictInput {
  /** label of the image score, e.g. "MCM" */
  scoreLabel: string;
  imageScore: number;
  threshold: number;
  /** percentile (0–100) of the image score among the ID calibration scores; NaN/undefined when unknown */
  imagePercentile?: number;
  /** percentile (0–100) of the threshold among the same scores, for the borderline band; NaN/undefined when unknown */
  thresholdPercentile?: number;
  /** class names, for readable notes */
  classNames?: readonly string[];
  /** the image's top class (argmax cosine), for the caption mismatch note */
  imageTopClass?: number;
  caption?: { agreement: CaptionAgreement; idness: CaptionIdness };
  /** a caption was given but the tokenizer could not read it: said in the reason, counted neither way */
  unreadableCaption?: boolean;
  /** a caption was read but the text encoder cannot tell which class it describes: said, counted neither way */
  uncertainCaption?: boolean;
  rules?: Partial<VerdictRules>;
  /** the score compares with a normal set (KNN, prototype, fused): its wording names the set, not "ID photos" */
  normalSet?: NormalSetSignal;
}

/** What the verdict says of an exemplar score: which photos it compares with, and how a fused score is made. */
export interface NormalSetSignal {
  score: 'knn' | 'prototype' | 'fused';
  /** the set's photos, e.g. "your 240 normal photos" */
  photos: string;
  /** KNN's k */
  k?: number;
  /** fused: each part's percentile among the set's calibration photos */
  fused?: { textLabel: string; textPercentile: number; knnPercentile: number };
}

/** The image signal's note for an exemplar score: "unlike your 240 normal photos: nearest similarity 0.41 …". */
function normalSetNote(ns: NormalSetSignal, score: number, threshold: number, flagged: boolean, p?: number): string {
  const hasP = p !== undefined && Number.isFinite(p);
  const what =
    ns.score === 'knn'
      ? ns.k && ns.k > 1
        ? `similarity to its ${ordinal(ns.k)} nearest ${fmt(score)}`
        : `nearest similarity ${fmt(score)}`
      : ns.score === 'prototype'
        ? `similarity to the nearest kind of them ${fmt(score)}`
        : `fused ${fmt(score)} (${ns.fused ? `${ns.fused.textLabel} at percentile ${Math.round(ns.fused.textPercentile)}, nearest photos at percentile ${Math.round(ns.fused.knnPercentile)}` : 'text and nearest photos'})`;
  if (flagged)
    return `unlike ${ns.photos}: ${what} is below the threshold ${fmt(threshold)}${hasP ? `, lower than ${pct(100 - p)} of them` : ''}`;
  return `like ${ns.photos}: ${what}${Number.isFinite(threshold) ? ` ≥ threshold ${fmt(threshold)}` : ''}${hasP ? ` (percentile ${Math.round(p)} among them)` : ''}`;
}

const ordinal = (k: number) =>
  `${k}${k % 10 === 1 && k % 100 !== 11 ? 'st' : k % 10 === 2 && k % 100 !== 12 ? 'nd' : k % 10 === 3 && k % 100 !== 13 ? 'rd' : 'th'}`;

export interface Verdict {
  flagged: boolean;
  /** the image score sits within BORDERLINE_POINTS percentile points of the threshold: a small change flips it */
  borderline: boolean;
  /** signals that raised the flag, image first */
  raisedBy: SignalName[];
  signals: { image: SignalResult; captionAgreement?: SignalResult; captionIdness?: SignalResult };
  /** one line a person reads first */
  reason: string;
}

const fmt = (x: number) => (Math.abs(x) >= 100 || (Math.abs(x) < 0.01 && x !== 0) ? x.toPrecision(3) : x.toFixed(3));
/** whole percent, except just below 100 (99.8 %, not a misleading 100 %) */
const pct = (p: number) => percentValue(p, { digits: 0, keepBelow100: true });

/**
 * Width of the borderline band, in percentile points of the ID calibration scores on either side of the threshold:
 * a photo 0.006 above the line is not a clear case, and the card says so.
 */
export const BORDERLINE_POINTS = 2.5;

/** What the verdict and the Check card say of a caption made mostly of tokens the tokenizer does not know. */
export const UNREADABLE_CAPTION = "can't read this caption";
/** What they say of a caption whose wording the text encoder does not read as any of its classes. */
export const UNCERTAIN_CAPTION = "can't tell whether the caption fits";

/** Combines the image score at the threshold with the caption signals into a readable verdict. */
export function verdict(input: VerdictInput): Verdict {
  const rules: VerdictRules = { ...DEFAULT_RULES, ...input.rules };
  const name = (k: number | undefined) =>
    (k !== undefined && input.classNames?.[k]) || (k !== undefined ? `class ${k}` : '');
  const p = input.imagePercentile;
  const hasP = p !== undefined && Number.isFinite(p);

  const imageFlag = isFlagged(input.imageScore, input.threshold);
  const noThreshold = !Number.isFinite(input.threshold);
  const image: SignalResult = {
    flagged: imageFlag,
    value: input.imageScore,
    limit: input.threshold,
    note: input.normalSet
      ? normalSetNote(input.normalSet, input.imageScore, input.threshold, imageFlag, p)
      : imageFlag
        ? `${input.scoreLabel} ${fmt(input.imageScore)} is below the threshold ${fmt(input.threshold)}` +
          (hasP ? ` (lower than ${pct(100 - p)} of ID photos)` : '')
        : `${input.scoreLabel} ${fmt(input.imageScore)}` +
          (noThreshold ? ' (no threshold set)' : ` ≥ threshold ${fmt(input.threshold)}`) +
          (hasP ? ` (percentile ${Math.round(p)} among ID photos)` : ''),
  };
  const signals: Verdict['signals'] = { image };
  const raisedBy: SignalName[] = imageFlag ? ['image'] : [];

  const cap = input.caption;
  if (cap) {
    const a = cap.agreement;
    const hasRef = Number.isFinite(a.percentile);
    const aFlag = hasRef && a.percentile < rules.agreementMinPercentile;
    const mismatch =
      input.imageTopClass !== undefined && cap.idness.topClass !== input.imageTopClass
        ? ` — the caption reads as “${name(cap.idness.topClass)}”, the photo as “${name(input.imageTopClass)}”`
        : '';
    signals.captionAgreement = {
      flagged: aFlag,
      value: a.cosine,
      limit: rules.agreementMinPercentile,
      note: aFlag
        ? `the caption does not match the photo: cosine ${fmt(a.cosine)} is lower than ${pct(100 - a.percentile)} of ID photos with their class prompt${mismatch}`
        : `caption agreement ${fmt(a.cosine)}` +
          (hasRef ? ` (percentile ${Math.round(a.percentile)} among ID pairs)` : ''),
    };
    if (aFlag) raisedBy.push('caption-agreement');

    const t = rules.idnessThreshold;
    const iFlag = t !== undefined && cap.idness.score < t;
    signals.captionIdness = {
      flagged: iFlag,
      value: cap.idness.score,
      limit: t ?? NaN,
      note: iFlag
        ? `the caption describes something unseen: its familiarity ${fmt(cap.idness.score)} is below ${fmt(t)} (closest class “${name(cap.idness.topClass)}”)`
        : `caption familiarity ${fmt(cap.idness.score)} (closest class “${name(cap.idness.topClass)}”)`,
    };
    if (iFlag) raisedBy.push('caption-idness');
  }

  const flagged = raisedBy.length > 0;
  const tp = input.thresholdPercentile;
  const borderline = hasP && tp !== undefined && Number.isFinite(tp) && Math.abs(p - tp) <= BORDERLINE_POINTS;
  const near = borderline ? ' — borderline: the photo is close to the threshold' : '';
  const first = (s: SignalName) =>
    s === 'image'
      ? input.normalSet
        ? `the photo is ${image.note}`
        : `the photo looks out of distribution: ${image.note}`
      : s === 'caption-agreement'
        ? signals.captionAgreement!.note
        : signals.captionIdness!.note;
  const unread =
    input.unreadableCaption && !cap
      ? `; ${UNREADABLE_CAPTION} (not counted)`
      : input.uncertainCaption && !cap
        ? `; ${UNCERTAIN_CAPTION} (not counted)`
        : '';
  const reason = flagged
    ? `Flagged — ${raisedBy.map(first).join('; ')}${unread}${near}.`
    : `Looks in-distribution — ${image.note}${cap ? '; the caption agrees' : unread}${near}.`;
  return { flagged, borderline, raisedBy, signals, reason };
}

/**
 * A caption ID-ness threshold from the negative labels (captions the model knows are unseen): the `q` quantile of
 * their ID-ness. A caption no more ID-like than that is flagged as describing something unseen.
 */
export function idnessThresholdFromNegatives(negativeIdness: Scores | SortedScores, q = 0.95): number | undefined {
  const a = asSorted(negativeIdness).ascending;
  if (a.length === 0) return undefined;
  const pos = Math.min(a.length - 1, Math.max(0, q * (a.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}
