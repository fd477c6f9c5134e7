/**
 * The data the Check screen scores with: the class set in force (the bundle's or the person's edit) and its prompt
 * embeddings, the negative labels, and the calibration for the chosen score and options.
 */
import { useMemo } from 'react';
import {
  calibrationFor,
  calibrationFromEmbeddings,
  exemplarCalibration,
  type ScoreCalibration,
} from '../../ood/calibration';
import {
  captionIdnessThreshold,
  captionAgreementReference,
  captionJudgeBar,
  naturalCaptionRates,
  type NaturalCaptionRates,
} from '../../ood/captionCheck';
import { chooseScore } from '../../ood/scores/chooseScore';
import { availableFor, defaultOptions, fitScore } from '../../ood/scores/registry';
import type { FittedScore, PromptEmbeddings, ScoreName, ScoreOptions } from '../../ood/scores/types';
import type { SortedScores } from '../../ood/thresholds';
import { activeClassSet } from '../../state/classesSlice';
import { selectDecision } from '../../state/decisionSlice';
import {
  useActiveModel,
  useCalibration,
  useClassEmbeddings,
  useNegativeEmbeddings,
  useNaturalCaptionEncodings,
  useReferenceEmbeddings,
} from '../../state/modelHooks';
import { useWithActiveNormalSet } from '../../state/normalSetHooks';
import { useAppStore } from '../../state/store';

export interface CheckPrompts {
  prompts?: PromptEmbeddings;
  classNames: string[];
  edited: boolean;
  loading: boolean;
  error?: string;
}

export function useCheckPrompts(): CheckPrompts {
  const model = useActiveModel();
  const custom = useAppStore((s) => s.customClasses);
  const manifest = model?.manifest;
  const set = manifest ? activeClassSet(custom, manifest.id, manifest) : undefined;
  const bundleClasses = useClassEmbeddings();
  const negatives = useNegativeEmbeddings();
  const editedEmbeds = useClassEmbeddings(set?.edited ? set : null);
  const classes = set?.edited ? editedEmbeds : bundleClasses;
  const negDone = negatives.isSuccess || negatives.isError;
  const textPrompts = useMemo<PromptEmbeddings | undefined>(
    () =>
      manifest && classes.data && negDone
        ? { classes: classes.data, negatives: negatives.data ?? undefined, logitScale: manifest.logitScale }
        : undefined,
    [manifest, classes.data, negatives.data, negDone],
  );
  const prompts = useWithActiveNormalSet(textPrompts); // + the normal set in force: the exemplar scores
  return {
    prompts,
    classNames: set?.classes ?? [],
    edited: !!set?.edited,
    loading: !!model && !prompts && !classes.error,
    error: (classes.error as Error | null)?.message,
  };
}

export interface ScoreChoice {
  name: ScoreName;
  options: ScoreOptions;
  /** whether the options are the manifest's defaults (then calibration.json applies) */
  isDefault: boolean;
  available: ScoreName[];
  fitted?: FittedScore;
}

export function useScoreChoice(prompts: PromptEmbeddings | undefined): ScoreChoice {
  const manifest = useActiveModel()?.manifest;
  const chosen = useAppStore((s) => selectDecision(s).score);
  const temps = useAppStore((s) => s.checkTemperature);
  const available = availableFor(prompts);
  const name: ScoreName = chooseScore(chosen, manifest?.scoring.default, available) ?? 'mcm';
  const defaults = defaultOptions(name, { ...manifest?.scoring, knnK: prompts?.exemplarK });
  const groups = useAppStore((s) => s.checkGroups);
  const t = temps[name];
  const options: ScoreOptions = {
    ...defaults,
    ...(t !== undefined ? { temperature: t } : {}),
    ...(groups !== null && name === 'neglabel' ? { groups } : {}),
  };
  const fitted = useMemo(() => {
    if (!prompts) return undefined;
    try {
      return fitScore(name, prompts, undefined, options);
    } catch {
      return undefined;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prompts, name, options.temperature, options.groups, options.seed, options.k, options.fusedText]);
  const isDefault = options.temperature === defaults.temperature && options.groups === defaults.groups;
  return { name, options, isDefault, available, fitted };
}

export interface CheckCalibration {
  calibration?: ScoreCalibration;
  captionAgreementId?: SortedScores;
  /** where the numbers come from, said to a person */
  note: string;
  exact: boolean;
}

export function useCheckCalibration(
  choice: ScoreChoice,
  edited: boolean,
  prompts: PromptEmbeddings | undefined,
): CheckCalibration {
  const file = useCalibration();
  const reference = useReferenceEmbeddings();
  return useMemo(() => {
    const captionAgreementId = captionAgreementReference(file.data);
    // an exemplar score: the normal set's own calibration split (and the bundle's reference OoD sets)
    const fromSet = choice.fitted && prompts && exemplarCalibration(choice.fitted, prompts, reference.data?.ood);
    if (fromSet)
      return {
        calibration: fromSet,
        captionAgreementId,
        note: `the normal set's ${prompts!.exemplarCalibration!.rows} calibration photos (held out of its bank)`,
        exact: true,
      };
    const shipped = file.data ? calibrationFor(file.data, choice.name) : undefined;
    if (shipped && choice.isDefault && !edited) {
      return {
        calibration: shipped,
        captionAgreementId,
        note: "the bundle's calibration (ID validation split)",
        exact: true,
      };
    }
    if (reference.data && choice.fitted) {
      return {
        calibration: calibrationFromEmbeddings(choice.fitted, reference.data),
        captionAgreementId,
        note: `recomputed on the bundle's ${reference.data.id.rows} reference ID embeddings for ${edited ? 'your classes' : 'this temperature'}`,
        exact: true,
      };
    }
    if (shipped) {
      return {
        calibration: shipped,
        captionAgreementId,
        note: `the bundle's calibration, made for its own classes and default temperature: approximate here`,
        exact: false,
      };
    }
    return { captionAgreementId, note: 'this bundle has no calibration: set the threshold by hand', exact: false };
  }, [file.data, reference.data, choice.name, choice.isDefault, choice.fitted, edited, prompts]);
}

/** The caption ID-ness threshold from the negative labels (undefined without negatives). */
export function useCaptionIdnessThreshold(prompts: PromptEmbeddings | undefined): number | undefined {
  return useMemo(() => (prompts ? captionIdnessThreshold(prompts) : undefined), [prompts]);
}

/** The ID-ness a caption needs before the card judges it (captionJudgeBar); undefined without prompts. */
export function useCaptionJudgeBar(prompts: PromptEmbeddings | undefined): number | undefined {
  return useMemo(() => (prompts ? captionJudgeBar(prompts) : undefined), [prompts]);
}

/**
 * The caption check's false-alarm rate on ordinary, correct captions (the bundle's hand-written captions, encoded by
 * this app, judged by the card's own rules); undefined when the bundle ships none or the prompts are not ready.
 */
export function useNaturalCaptionRates(
  prompts: PromptEmbeddings | undefined,
  judgeBar: number | undefined,
  idnessThreshold: number | undefined,
  captionAgreementId: SortedScores | undefined,
): NaturalCaptionRates | undefined {
  const natural = useNaturalCaptionEncodings();
  return useMemo(
    () =>
      prompts && natural.data && captionAgreementId
        ? naturalCaptionRates({
            captions: natural.data,
            pairs: natural.data.heldOut,
            prompts,
            captionAgreementId,
            judgeBar,
            rules: { idnessThreshold },
          })
        : undefined,
    [prompts, natural.data, captionAgreementId, judgeBar, idnessThreshold],
  );
}
