// Check screen: the options of the score it fits itself (temperature, NegLabel groups) and the TPR its default keeps.
// The score and the threshold are the shared decision (decisionSlice). A threshold means nothing under other options,
// so changing them returns it to the default: the TPR-95 threshold of the calibration for the chosen score and options.
import type { StateCreator } from 'zustand';
import { thresholdAtTpr, type SortedScores } from '../ood/thresholds';
import type { ScoreName } from '../ood/scores/types';
import { thresholdOn, type Decision } from './decisionSlice';
import type { AppMiddlewares, AppState } from './store';

export type ThresholdSource = 'tpr95' | 'manual';

export interface CheckSlice {
  /** per score: the temperature chosen by hand; absent = the manifest default */
  checkTemperature: Partial<Record<ScoreName, number>>;
  /** NegLabel groups chosen by hand; null = the manifest's `neglabelGroups` */
  checkGroups: number | null;
  /** the TPR the default keeps (0.95) */
  checkTargetTpr: number;

  /** null returns to the manifest default */
  setCheckTemperature(name: ScoreName, t: number | null): void;
  setCheckGroups(groups: number | null): void;
  /** Drops Check's own options for `name`, keeping the shared threshold (Evaluate's "Use this threshold on Check"). */
  dropCheckOptions(name: ScoreName): void;
}

export const createCheckSlice: StateCreator<AppState, AppMiddlewares, [], CheckSlice> = (set, get) => ({
  checkTemperature: {},
  checkGroups: null,
  checkTargetTpr: 0.95,
  setCheckTemperature: (name, t) => {
    const next = { ...get().checkTemperature };
    if (t === null || !(t > 0)) delete next[name];
    else next[name] = t;
    set({ checkTemperature: next });
    get().resetThreshold();
  },
  setCheckGroups: (groups) => {
    set({ checkGroups: groups !== null && groups >= 1 ? Math.floor(groups) : null });
    get().resetThreshold();
  },
  dropCheckOptions: (name) => {
    const next = { ...get().checkTemperature };
    delete next[name];
    set({ checkTemperature: next, ...(name === 'neglabel' ? { checkGroups: null } : {}) });
  },
});

/** Whether Check scores `name` on the bundle's scale: its own classes and options, as evaluation tables are scored. */
export function checkOnBundleScale(
  s: Pick<AppState, 'checkTemperature' | 'checkGroups' | 'customClasses' | 'activeModel'>,
  name: string,
): boolean {
  const modelId = s.activeModel?.manifest.id;
  const edited = modelId !== undefined && s.customClasses[modelId] !== undefined;
  const ownT = Object.hasOwn(s.checkTemperature, name);
  return !edited && !ownT && !(name === 'neglabel' && s.checkGroups !== null);
}

/** The threshold in force on Check and where it comes from; null when there is neither a set value nor calibration. */
export function effectiveThreshold(
  decision: Decision,
  bundleScale: boolean,
  targetTpr: number,
  idCalibration: SortedScores | undefined,
): { threshold: number; source: ThresholdSource } | null {
  const set = thresholdOn(decision, bundleScale);
  if (set !== null) return { threshold: set, source: 'manual' };
  if (idCalibration && idCalibration.ascending.length) {
    return { threshold: thresholdAtTpr(idCalibration, targetTpr), source: 'tpr95' };
  }
  return null;
}
