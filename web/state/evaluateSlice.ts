// Evaluate screen: the runs list, the open run's numbers (a columnar EvalTable), the cost inputs, run progress and
// notices. The score and threshold it shows are the shared decision (decisionSlice); the strategies that need a table
// (youden, cost) are resolved here and written there.
import type { StateCreator } from 'zustand';
import type { CostParams } from '../ood/thresholds';
import { chooseScore } from '../ood/scores/chooseScore';
import {
  chooseThreshold,
  DEFAULT_COST,
  summariseAt,
  summariseScore,
  type RunSummary,
  type ScoreSummary,
  type ThresholdStrategy,
} from '../eval/summary';
import type { RunProgress } from '../eval/runner';
import type { EvalTable, RunRecord } from '../eval/types';
import { selectDecision, strategyOn, thresholdOn } from './decisionSlice';
import type { AppMiddlewares, AppState } from './store';

export interface OpenEval {
  kind: 'reference' | 'run';
  /** run id, or the bundle id for its reference evaluation */
  id: string;
  name: string;
}

export interface EvalNotice {
  tone: 'info' | 'error';
  text: string;
  /** 'strategy': about the threshold strategy; cleared when another strategy applies. Other notices (a run's outcome) stay. */
  about?: 'strategy';
}

export interface EvaluateSlice {
  evalRuns: RunRecord[];
  evalOpen: OpenEval | null;
  evalTable: EvalTable | null;
  evalCost: CostParams;
  evalProgress: RunProgress | null;
  evalNotice: EvalNotice | null;

  setEvalRuns(runs: RunRecord[]): void;
  /** Shows a table and applies the strategy in force to it (a hand-set threshold stays: it is shared with the other screens). */
  openEvalTable(open: OpenEval, table: EvalTable): void;
  /** The open run grew: the same run, new rows; score and threshold stay, a strategy is recomputed. */
  refreshEvalTable(table: EvalTable): void;
  closeEval(): void;
  /** Another score: its strategy is recomputed on it (a hand-set value means nothing on another scale: back to TPR-95). */
  setEvalScore(name: string): void;
  /** A threshold set by hand (drag, slider): the strategy becomes "manual". */
  setEvalThreshold(t: number): void;
  applyEvalStrategy(strategy: ThresholdStrategy): void;
  setEvalCost(patch: Partial<CostParams>): void;
  setEvalProgress(p: RunProgress | null): void;
  setEvalNotice(n: EvalNotice | null): void;
}

export const createEvaluateSlice: StateCreator<AppState, AppMiddlewares, [], EvaluateSlice> = (set, get) => {
  /**
   * Writes the threshold a strategy gives on the open table to the decision. One the table cannot give (youden with
   * only normal photos) keeps `keep` (else a fallback) as a hand-set value, and says why in a notice.
   */
  // A threshold on Check's own scale is Check's: Evaluate's default leaves it be.
  const clearBundleThreshold = () => {
    if (thresholdOn(selectDecision(get()), true) !== null) get().resetThreshold();
  };
  const resolve = (strategy: ThresholdStrategy, keep: number | null): EvalNotice | null => {
    const s = get();
    const table = s.evalTable;
    const score = selectEvalScore(s);
    if (!table || !score) {
      if (strategy === 'tpr95') clearBundleThreshold();
      return null;
    }
    if (strategy === 'manual') {
      const t = keep ?? fallbackThreshold(table, score, s.evalCost);
      if (t !== null) s.setThreshold(t, { on: 'evaluate' });
      return null;
    }
    const r = chooseThreshold(strategy, table, score, s.evalCost);
    if ('threshold' in r) {
      // TPR-95 is every screen's default: left unset, each computes it on the ID scores it holds.
      if (strategy === 'tpr95') clearBundleThreshold();
      else s.setThreshold(r.threshold, { on: 'evaluate', strategy });
      return null;
    }
    const t = keep ?? fallbackThreshold(table, score, s.evalCost);
    if (t !== null) s.setThreshold(t, { on: 'evaluate' });
    return { tone: 'info', text: `That strategy ${r.reason}; the threshold stays where it was.`, about: 'strategy' };
  };
  /** The strategy in force, re-applied to a new table; a hand-set value is left alone. */
  const reapply = (keep: number | null): EvalNotice | null => {
    const strategy = selectEvalStrategy(get());
    return strategy === 'manual' ? null : resolve(strategy, keep);
  };
  return {
    evalRuns: [],
    evalOpen: null,
    evalTable: null,
    evalCost: DEFAULT_COST,
    evalProgress: null,
    evalNotice: null,

    setEvalRuns: (runs) => set({ evalRuns: runs }),
    openEvalTable(open, table) {
      set({ evalOpen: open, evalTable: table, evalNotice: null });
      const notice = reapply(null);
      if (notice) set({ evalNotice: notice });
    },
    refreshEvalTable(table) {
      set({ evalTable: table });
      const strategy = selectEvalStrategy(get());
      if (strategy !== 'manual') get().applyEvalStrategy(strategy);
    },
    closeEval: () => set({ evalOpen: null, evalTable: null }),
    setEvalScore(name) {
      const before = selectEvalStrategy(get());
      get().setScore(name);
      const notice = resolve(before === 'manual' ? 'tpr95' : before, null);
      if (notice) set({ evalNotice: notice });
    },
    setEvalThreshold: (t) => get().setThreshold(t, { on: 'evaluate' }),
    applyEvalStrategy(strategy) {
      const s = get();
      // a run's outcome ("cancelled", "storage full") must survive the table refresh that follows it
      const kept = s.evalNotice?.about === 'strategy' ? null : s.evalNotice;
      const notice = resolve(strategy, selectEvalThreshold(s));
      set({ evalNotice: notice ?? kept });
    },
    setEvalCost(patch) {
      const s = get();
      set({ evalCost: { ...s.evalCost, ...patch } });
      const notice = selectEvalStrategy(s) === 'cost' ? resolve('cost', selectEvalThreshold(s)) : null;
      if (notice) set({ evalNotice: notice });
    },
    setEvalProgress: (p) => set({ evalProgress: p }),
    setEvalNotice: (n) => set({ evalNotice: n }),
  };
};

function fallbackThreshold(table: EvalTable, score: string, cost: CostParams): number | null {
  const r = chooseThreshold('tpr95', table, score, cost);
  if ('threshold' in r) return r.threshold;
  const all = table.sets.flatMap((s) => s.scores[score] ?? []);
  if (!all.length) return null;
  return all.reduce((a, b) => a + b, 0) / all.length;
}

// ---------- selectors (memoised on their inputs: cheap to call from several components) ----------

type EvalView = Pick<AppState, 'evalTable' | 'evalCost' | 'activeModel' | 'decisions'>;

/** The score Evaluate shows: the shared choice if the table has it, else the bundle's default, else its first. */
export function selectEvalScore(s: EvalView): string | null {
  return s.evalTable
    ? chooseScore(selectDecision(s).score, s.activeModel?.manifest.scoring.default, s.evalTable.scoreNames)
    : null;
}

/** How the threshold on the open table was chosen (tables are scored on the bundle's scale). */
export const selectEvalStrategy = (s: EvalView): ThresholdStrategy => strategyOn(selectDecision(s), true);

let lastDefault: { table: EvalTable; score: string; value: number | null } | null = null;

/** The threshold on the open table: the shared one, else TPR-95 on the table's normal photos (else a fallback). */
export function selectEvalThreshold(s: EvalView): number | null {
  const score = selectEvalScore(s);
  if (!s.evalTable || !score) return null;
  const chosen = thresholdOn(selectDecision(s), true);
  if (chosen !== null) return chosen;
  // TPR-95 (cost plays no part in it), computed once per table and score
  if (!lastDefault || lastDefault.table !== s.evalTable || lastDefault.score !== score)
    lastDefault = { table: s.evalTable, score, value: fallbackThreshold(s.evalTable, score, s.evalCost) };
  return lastDefault.value;
}

let lastBase: { table: EvalTable; score: string; value: ScoreSummary } | null = null;
let lastSummary: { base: ScoreSummary; threshold: number; value: RunSummary } | null = null;

/** The open run's summary; the sorting part is cached per table and score, so dragging the threshold stays cheap. */
export function selectEvalSummary(s: EvalView): RunSummary | null {
  const score = selectEvalScore(s);
  const threshold = selectEvalThreshold(s);
  if (!s.evalTable || !score || threshold === null) return null;
  if (!lastBase || lastBase.table !== s.evalTable || lastBase.score !== score)
    lastBase = { table: s.evalTable, score, value: summariseScore(s.evalTable, score) };
  if (lastSummary && lastSummary.base === lastBase.value && lastSummary.threshold === threshold)
    return lastSummary.value;
  const value = summariseAt(s.evalTable, lastBase.value, threshold);
  lastSummary = { base: lastBase.value, threshold, value };
  return value;
}
