/**
 * The decision every screen shares: which score, and where the alarm threshold sits. Check, Evaluate, Explore and
 * Present read and write it here, so a threshold moved on one screen is the threshold on the others.
 *
 * One decision per model id: a score's scale belongs to a model, so switching models never carries a threshold over.
 * Not persisted (as before this slice existed): each visit starts from the bundle's default score and threshold.
 */
import type { StateCreator } from 'zustand';
import type { ThresholdStrategy } from '../eval/summary';
import type { AppMiddlewares, AppState } from './store';

export type DecisionScreen = 'check' | 'evaluate' | 'explore';

export interface Decision {
  /** the score a person chose; null = the bundle's default (`chooseScore` in web/ood decides what is in force) */
  score: string | null;
  /**
   * 'tpr95' is the default: the threshold that keeps 95 % of the ID scores each screen holds (Check: the calibration;
   * Evaluate, Explore, Present: the table's normal photos), so `threshold` is null. Otherwise `threshold` is the value.
   */
  strategy: ThresholdStrategy;
  threshold: number | null;
  /** the screen that set `threshold` (Explore says "from Evaluate"); null with the default */
  setOn: DecisionScreen | null;
  /**
   * Whether `threshold` is on the bundle's scale (its classes and score options, what evaluation tables are scored
   * with), or on Check's own (edited classes, a hand-set temperature): a value means nothing on the other scale.
   */
  bundleScale: boolean;
}

export interface DecisionSlice {
  /** per model id (the active model's is `selectDecision`) */
  decisions: Record<string, Decision>;
  /** Chooses the score; a threshold set on another score's scale means nothing here, so it returns to the default. */
  setScore(name: string): void;
  /** A threshold set by hand ('manual') or by one of Evaluate's strategies; non-finite values are ignored. */
  setThreshold(
    t: number,
    how: { on: DecisionScreen; strategy?: Exclude<ThresholdStrategy, 'tpr95'>; bundleScale?: boolean },
  ): void;
  /** Back to the default (TPR-95 on the ID scores at hand). */
  resetThreshold(): void;
}

const DEFAULT_THRESHOLD = {
  strategy: 'tpr95',
  threshold: null,
  setOn: null,
  bundleScale: true,
} as const satisfies Partial<Decision>;
export const DEFAULT_DECISION: Decision = { score: null, ...DEFAULT_THRESHOLD };

const modelKey = (s: Pick<AppState, 'activeModel'>): string => s.activeModel?.manifest.id ?? '';

/** The active model's decision (a stable object: fine as a zustand selector). */
export const selectDecision = (s: Pick<AppState, 'activeModel' | 'decisions'>): Decision =>
  s.decisions[modelKey(s)] ?? DEFAULT_DECISION;

/** The threshold where scores are on the bundle's scale (`bundleScale`) or Check's own; null = the default there. */
export function thresholdOn(d: Decision, bundleScale: boolean): number | null {
  return d.threshold !== null && d.bundleScale === bundleScale ? d.threshold : null;
}

/** How that threshold was chosen, seen from such a place ('tpr95' where a value from the other scale is ignored). */
export function strategyOn(d: Decision, bundleScale: boolean): ThresholdStrategy {
  return thresholdOn(d, bundleScale) === null ? 'tpr95' : d.strategy;
}

export const createDecisionSlice: StateCreator<AppState, AppMiddlewares, [], DecisionSlice> = (set, get) => {
  const update = (patch: Partial<Decision>) => {
    const s = get();
    set({ decisions: { ...s.decisions, [modelKey(s)]: { ...selectDecision(s), ...patch } } });
  };
  return {
    decisions: {},
    setScore: (name) => {
      if (selectDecision(get()).score !== name) update({ score: name, ...DEFAULT_THRESHOLD });
    },
    setThreshold: (t, { on, strategy = 'manual', bundleScale = true }) => {
      if (Number.isFinite(t)) update({ threshold: t, strategy, setOn: on, bundleScale });
    },
    resetThreshold: () => update(DEFAULT_THRESHOLD),
  };
};
