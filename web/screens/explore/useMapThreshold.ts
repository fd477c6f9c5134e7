/**
 * Which score and threshold flag points on the map (Explore, Present): the shared decision (decisionSlice), so the
 * threshold moved here is the one on Check and Evaluate too. Unset, it is TPR-95 on the shown table's normal photos
 * (Evaluate's own number when it has this table open).
 */
import { useMemo } from 'react';
import { chooseScore } from '../../ood/scores/chooseScore';
import { scoreSpan, type EvalTable } from '../../state/evalHooks';
import { selectDecision, thresholdOn } from '../../state/decisionSlice';
import { selectEvalThreshold } from '../../state/evaluateSlice';
import { useAppStore } from '../../state/store';

export interface MapThreshold {
  scoreName: string;
  threshold: number | null;
  source: 'evaluate' | 'check' | 'tpr95' | 'manual';
  scoreNames: string[];
  range: [number, number] | null;
  setScore(name: string): void;
  setThreshold(t: number | null): void;
}

export function useMapThreshold(table: EvalTable | null, defaultScore: string | undefined): MapThreshold {
  const decision = useAppStore(selectDecision);
  const linked = useAppStore((s) => s.evalOpen !== null && s.evalTable === table);
  const evalThreshold = useAppStore((s) => (s.evalTable === table ? selectEvalThreshold(s) : null));
  const setScore = useAppStore((s) => s.setScore);
  const setShared = useAppStore((s) => s.setThreshold);
  const reset = useAppStore((s) => s.resetThreshold);
  const scoreNames = table?.scoreNames ?? [];
  const scoreName = chooseScore(decision.score, defaultScore, scoreNames) ?? '';
  const { tpr95, range } = useMemo(
    () => (table && scoreName ? scoreSpan(table, scoreName) : { tpr95: null, range: null }),
    [table, scoreName],
  );
  const chosen = thresholdOn(decision, true);
  const source =
    chosen === null
      ? linked
        ? 'evaluate'
        : 'tpr95'
      : decision.setOn === 'explore'
        ? 'manual'
        : decision.setOn === 'check'
          ? 'check'
          : 'evaluate';
  return {
    scoreName,
    threshold: chosen ?? (linked ? evalThreshold : tpr95),
    source,
    scoreNames,
    range,
    setScore,
    setThreshold: (t) => (t === null ? reset() : setShared(t, { on: 'explore' })),
  };
}
