/**
 * One result row per photo, as `score` writes it (CSV or JSON Lines): the score in force, its percentile among the
 * bundle's calibration photos, the top class and the verdict with its one-line reason — all from web/ood's
 * `checkPhoto`, the very function behind the Check screen, so a photo reads the same in the app and in the archive.
 */
import { calibrationFor, exemplarCalibration, type ScoreCalibration } from '../web/ood/calibration';
import { checkPhoto } from '../web/ood/check';
import { chooseScore } from '../web/ood/scores/chooseScore';
import { availableFor, fitScore, type FittedScore, type ScoreName } from '../web/ood/scores/registry';
import { thresholdAtTpr } from '../web/ood/thresholds';
import type { NodeModel } from './bundle';
import { CliError } from './errors';
import { isSkipped, type PhotoOutcome } from './pipeline';

/** Which score decides, and where its alarm threshold sits. */
export interface Decision {
  modelId: string;
  scoreName: ScoreName;
  threshold: number;
  /** how the threshold was set, for the summary: "keeps 95 % of the calibration photos" or "given" */
  thresholdFrom: string;
  fitted: FittedScore;
  calibration?: ScoreCalibration;
  classNames: readonly string[];
  offered: ScoreName[];
}

export function makeDecision(
  model: NodeModel,
  opts: { score?: string; threshold?: number; keepNormal?: number },
): Decision {
  const offered = availableFor(model.prompts);
  if (opts.score !== undefined && !offered.includes(opts.score as ScoreName))
    throw new CliError('usage', `--score ${opts.score}: this model offers ${offered.join(', ')}`);
  const scoreName = chooseScore(opts.score, model.manifest.scoring?.default, offered)!;
  const fitted = fitScore(scoreName, model.prompts, model.scoring);
  // an exemplar score's percentiles and threshold come from the normal set's own calibration split, the others' from
  // the bundle's
  const calibration =
    exemplarCalibration(fitted, model.prompts) ?? (model.calibration && calibrationFor(model.calibration, scoreName));
  let threshold: number;
  let thresholdFrom: string;
  if (opts.threshold !== undefined) {
    threshold = opts.threshold;
    thresholdFrom = 'given with --threshold';
  } else {
    const keep = opts.keepNormal ?? 0.95;
    if (!calibration)
      throw new CliError(
        'model',
        `${model.dir}: the bundle has no calibration photos for ${scoreName}, so --keep-normal cannot place the threshold; give --threshold`,
      );
    threshold = thresholdAtTpr(calibration.id, keep);
    thresholdFrom = `keeps ${+(keep * 100).toFixed(2)} % of the ${scoreName === 'knn' ? "normal set's" : "bundle's"} calibration photos`;
  }
  return {
    modelId: model.manifest.id,
    scoreName,
    threshold,
    thresholdFrom,
    fitted,
    calibration,
    classNames: model.manifest.classes,
    offered,
  };
}

export interface ResultRow {
  path: string;
  size: number;
  sha256: string;
  model: string;
  score_name: string;
  threshold: number;
  /** the deciding score; null for a skipped file */
  score: number | null;
  /** 0–100 among the calibration photos; null without calibration or for a skipped file */
  percentile: number | null;
  top_class: string;
  top_probability: number | null;
  flagged: boolean | null;
  reason: string;
  /** why the file was skipped; "" when scored */
  error: string;
  /** every score the model offers (higher = more normal) */
  scores: Record<string, number>;
}

export function rowOf(o: PhotoOutcome, d: Decision, prompts: NodeModel['prompts']): ResultRow {
  const base = { path: o.key, size: o.size, sha256: o.hash ?? '', model: d.modelId, score_name: d.scoreName };
  if (isSkipped(o))
    return {
      ...base,
      threshold: d.threshold,
      score: null,
      percentile: null,
      top_class: '',
      top_probability: null,
      flagged: null,
      reason: '',
      error: `${o.reason}: ${o.detail}`,
      scores: {},
    };
  const r = checkPhoto({
    image: o.embedding,
    prompts,
    classNames: d.classNames,
    fitted: d.fitted,
    score: o.scores[d.scoreName], // the batch scorer's: same formula, same prompts and options
    threshold: d.threshold,
    calibration: d.calibration,
    topK: 1,
  });
  return {
    ...base,
    threshold: d.threshold,
    score: r.score,
    percentile: Number.isFinite(r.percentile) ? r.percentile : null,
    top_class: r.topClasses[0].name,
    top_probability: r.topClasses[0].probability,
    flagged: r.verdict.flagged,
    reason: r.verdict.reason,
    error: '',
    scores: o.scores,
  };
}
