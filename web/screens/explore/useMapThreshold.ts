/**
 * Which score and threshold flag points on the map: the Evaluate screen's (live) when the same evaluation is open
 * there, else Explore's own: the TPR-95 threshold of the shown ID images (web/ood), or a hand-set value.
 */
import { useMemo, useState } from 'react';
import type { EvalTable } from '../../eval/types';
import { thresholdAtTpr } from '../../ood/thresholds';
import type { RunSlice } from '../../state/runSlice';
import { useAppStore } from '../../state/store';

export interface MapThreshold {
  scoreName: string;
  threshold: number | null;
  source: 'evaluate' | 'tpr95' | 'manual';
  scoreNames: string[];
  range: [number, number] | null;
  setScore(name: string): void;
  setThreshold(t: number | null): void;
}

export function useMapThreshold(table: EvalTable | null, defaultScore: string | undefined): MapThreshold {
  const evalOpen = useAppStore((s) => (s as Partial<RunSlice>).evalOpen ?? null);
  const evalTable = useAppStore((s) => (s as Partial<RunSlice>).evalTable ?? null);
  const evalScore = useAppStore((s) => (s as Partial<RunSlice>).evalScore ?? null);
  const evalThreshold = useAppStore((s) => (s as Partial<RunSlice>).evalThreshold ?? null);
  const [score, setScore] = useState<string | null>(null);
  const [manual, setManual] = useState<number | null>(null);
  const scoreNames = table?.scoreNames ?? [];
  const linked = !!evalOpen && evalTable === table && evalScore !== null && evalThreshold !== null && score === null && manual === null;
  const scoreName = linked ? evalScore! : (score && scoreNames.includes(score) ? score : defaultScore && scoreNames.includes(defaultScore) ? defaultScore : scoreNames[0] ?? '');
  const { tpr95, range } = useMemo(() => {
    if (!table || !scoreName) return { tpr95: null, range: null };
    const id = table.sets.filter((s) => s.kind === 'id').flatMap((s) => s.scores[scoreName] ?? []).filter(Number.isFinite);
    const all = table.sets.flatMap((s) => s.scores[scoreName] ?? []).filter(Number.isFinite);
    let lo = Infinity, hi = -Infinity;
    for (const v of all) { if (v < lo) lo = v; if (v > hi) hi = v; }
    return { tpr95: id.length ? thresholdAtTpr(id, 0.95) : null, range: all.length ? ([lo, hi] as [number, number]) : null };
  }, [table, scoreName]);
  return {
    scoreName,
    threshold: linked ? evalThreshold : manual ?? tpr95,
    source: linked ? 'evaluate' : manual !== null ? 'manual' : 'tpr95',
    scoreNames,
    range,
    setScore: (n) => { setScore(n); setManual(null); },
    setThreshold: setManual,
  };
}
