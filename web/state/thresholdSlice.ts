// Check screen: which score, its temperature, and the threshold. The threshold is null until a person moves it:
// null means "the default", the TPR-95 threshold of the bundle's ID calibration for the chosen score and options
// (computed where the calibration is, see `effectiveThreshold`). A hand-set value means nothing on another
// score's scale, so changing the score or its temperature returns to the default.
import { thresholdAtTpr, type SortedScores } from '../ood/thresholds';
import type { ScoreName } from '../ood/scores/types';

export type ThresholdSource = 'tpr95' | 'manual';

export interface ThresholdSlice {
  checkScore: ScoreName | null;
  /** per score: the temperature chosen by hand; absent = the manifest default */
  checkTemperature: Partial<Record<ScoreName, number>>;
  /** NegLabel groups chosen by hand; null = the manifest's `neglabelGroups` */
  checkGroups: number | null;
  /** null = default (TPR-95 on the ID calibration) */
  checkThreshold: number | null;
  /** the TPR the default keeps (0.95) */
  checkTargetTpr: number;

  setCheckScore(name: ScoreName): void;
  /** null returns to the manifest default */
  setCheckTemperature(name: ScoreName, t: number | null): void;
  setCheckGroups(groups: number | null): void;
  setCheckThreshold(t: number): void;
  resetCheckThreshold(): void;
}

type Set<S> = (partial: Partial<ThresholdSlice> | ((s: S) => Partial<ThresholdSlice>)) => void;

export function createThresholdSlice<S extends ThresholdSlice>(set: Set<S>, get: () => S): ThresholdSlice {
  return {
    checkScore: null,
    checkTemperature: {},
    checkGroups: null,
    checkThreshold: null,
    checkTargetTpr: 0.95,
    setCheckScore: (name) => {
      if (get().checkScore !== name) set({ checkScore: name, checkThreshold: null });
    },
    setCheckTemperature: (name, t) => {
      const next = { ...get().checkTemperature };
      if (t === null || !(t > 0)) delete next[name];
      else next[name] = t;
      set({ checkTemperature: next, checkThreshold: null });
    },
    setCheckGroups: (groups) => set({ checkGroups: groups !== null && groups >= 1 ? Math.floor(groups) : null, checkThreshold: null }),
    setCheckThreshold: (t) => {
      if (Number.isFinite(t)) set({ checkThreshold: t });
    },
    resetCheckThreshold: () => set({ checkThreshold: null }),
  };
}

/** The threshold in force and where it comes from; null when there is neither a hand-set value nor calibration. */
export function effectiveThreshold(
  s: Pick<ThresholdSlice, 'checkThreshold' | 'checkTargetTpr'>,
  idCalibration: SortedScores | undefined,
): { threshold: number; source: ThresholdSource } | null {
  if (s.checkThreshold !== null) return { threshold: s.checkThreshold, source: 'manual' };
  if (idCalibration && idCalibration.ascending.length) {
    return { threshold: thresholdAtTpr(idCalibration, s.checkTargetTpr), source: 'tpr95' };
  }
  return null;
}
