// Evaluate screen state: the runs list, the open run's numbers (a columnar EvalTable), the chosen score, the threshold
// and how it was chosen, the cost inputs, and run progress. Threshold state lives here because no shared
// thresholdSlice exists; a Check screen can read `evalThreshold` / `evalScore` the same way.
import type { CostParams } from '../ood/thresholds';
import { chooseThreshold, DEFAULT_COST, summariseAt, summariseScore, type RunSummary, type ScoreSummary, type ThresholdStrategy } from '../eval/summary';
import type { RunProgress } from '../eval/runner';
import type { EvalTable, RunRecord } from '../eval/types';

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

export interface RunSlice {
  evalRuns: RunRecord[];
  evalOpen: OpenEval | null;
  evalTable: EvalTable | null;
  evalScore: string | null;
  evalThreshold: number | null;
  evalStrategy: ThresholdStrategy;
  evalCost: CostParams;
  evalProgress: RunProgress | null;
  evalNotice: EvalNotice | null;

  setEvalRuns(runs: RunRecord[]): void;
  /** Shows a table; keeps the current score if the table has it (else `preferredScore`, else its first), then applies the current strategy. */
  openEvalTable(open: OpenEval, table: EvalTable, preferredScore?: string): void;
  closeEval(): void;
  setEvalScore(name: string): void;
  /** A threshold set by hand (drag, slider): the strategy becomes "manual". */
  setEvalThreshold(t: number): void;
  applyEvalStrategy(strategy: ThresholdStrategy): void;
  setEvalCost(patch: Partial<CostParams>): void;
  setEvalProgress(p: RunProgress | null): void;
  setEvalNotice(n: EvalNotice | null): void;
}

type Set<S> = (partial: Partial<RunSlice> | ((s: S) => Partial<RunSlice>)) => void;

/** Slice creator for the app's one store: `...createRunSlice(set, get)`. */
export function createRunSlice<S extends RunSlice>(set: Set<S>, get: () => S): RunSlice {
  /** The threshold the strategy gives on this table/score, or (for manual / impossible) a notice and the fallback. */
  const resolve = (table: EvalTable | null, score: string | null, strategy: ThresholdStrategy, cost: CostParams, current: number | null): Partial<RunSlice> => {
    if (!table || !score) return { evalThreshold: null, evalStrategy: strategy };
    if (strategy === 'manual') return { evalThreshold: current ?? fallbackThreshold(table, score, cost), evalStrategy: strategy };
    const r = chooseThreshold(strategy, table, score, cost);
    if ('threshold' in r) return { evalThreshold: r.threshold, evalStrategy: strategy };
    return {
      evalThreshold: current ?? fallbackThreshold(table, score, cost),
      evalStrategy: 'manual',
      evalNotice: { tone: 'info', text: `That strategy ${r.reason}; the threshold stays where it was.`, about: 'strategy' },
    };
  };
  return {
    evalRuns: [],
    evalOpen: null,
    evalTable: null,
    evalScore: null,
    evalThreshold: null,
    evalStrategy: 'tpr95',
    evalCost: DEFAULT_COST,
    evalProgress: null,
    evalNotice: null,

    setEvalRuns: (runs) => set({ evalRuns: runs }),
    openEvalTable(open, table, preferredScore) {
      const s = get();
      const score = [s.evalScore, preferredScore].find((n) => n && table.scoreNames.includes(n)) ?? table.scoreNames[0] ?? null;
      const strategy = s.evalStrategy === 'manual' ? 'tpr95' : s.evalStrategy;
      set({ evalOpen: open, evalTable: table, evalScore: score, evalNotice: null, ...resolve(table, score, strategy, s.evalCost, null) });
    },
    closeEval: () => set({ evalOpen: null, evalTable: null, evalThreshold: null }),
    setEvalScore(name) {
      const s = get();
      const strategy = s.evalStrategy === 'manual' ? 'tpr95' : s.evalStrategy; // a hand-set value means nothing on another scale
      set({ evalScore: name, ...resolve(s.evalTable, name, strategy, s.evalCost, null) });
    },
    setEvalThreshold: (t) => set({ evalThreshold: t, evalStrategy: 'manual' }),
    applyEvalStrategy(strategy) {
      const s = get();
      // a run's outcome ("cancelled", "storage full") must survive the table refresh that follows it
      const notice = s.evalNotice?.about === 'strategy' ? null : s.evalNotice;
      set({ evalNotice: notice, ...resolve(s.evalTable, s.evalScore, strategy, s.evalCost, s.evalThreshold) });
    },
    setEvalCost(patch) {
      const s = get();
      const cost = { ...s.evalCost, ...patch };
      set({ evalCost: cost, ...(s.evalStrategy === 'cost' ? resolve(s.evalTable, s.evalScore, 'cost', cost, s.evalThreshold) : {}) });
    },
    setEvalProgress: (p) => set({ evalProgress: p }),
    setEvalNotice: (n) => set({ evalNotice: n }),
  };
}

function fallbackThreshold(table: EvalTable, score: string, cost: CostParams): number | null {
  const r = chooseThreshold('tpr95', table, score, cost);
  if ('threshold' in r) return r.threshold;
  const all = table.sets.flatMap((s) => s.scores[score] ?? []);
  if (!all.length) return null;
  return all.reduce((a, b) => a + b, 0) / all.length;
}

// ---------- selectors (memoised on their inputs: cheap to call from several components) ----------

let lastBase: { table: EvalTable; score: string; value: ScoreSummary } | null = null;
let lastSummary: { base: ScoreSummary; threshold: number; value: RunSummary } | null = null;

/** The open run's summary; the sorting part is cached per table and score, so dragging the threshold stays cheap. */
export function selectEvalSummary(s: Pick<RunSlice, 'evalTable' | 'evalScore' | 'evalThreshold'>): RunSummary | null {
  if (!s.evalTable || !s.evalScore || s.evalThreshold === null) return null;
  if (!lastBase || lastBase.table !== s.evalTable || lastBase.score !== s.evalScore)
    lastBase = { table: s.evalTable, score: s.evalScore, value: summariseScore(s.evalTable, s.evalScore) };
  if (lastSummary && lastSummary.base === lastBase.value && lastSummary.threshold === s.evalThreshold) return lastSummary.value;
  const value = summariseAt(s.evalTable, lastBase.value, s.evalThreshold);
  lastSummary = { base: lastBase.value, threshold: s.evalThreshold, value };
  return value;
}
