/**
 * The evaluation API for screens (what modelHooks.ts is for the model): the one door from screens to web/eval.
 * Screens import from here, never from that folder. Actions on stored runs: evaluateActions.ts; the open table, its
 * score, threshold and summary: evaluateSlice.ts.
 *
 *   useRunForMap(runId)          query → a stored run's embeddings (EmbeddingSource), table and name (null: disabled)
 *   useActiveReferenceData()     query → the active bundle's reference evaluation as a map space | null (ships none)
 *   useBundledReferenceData(entries)  queries → each bundled model's, for the side-by-side comparison
 *
 * Pure helpers re-exported for what screens draw: picking files (fromFileList, fromDataTransfer, setNameOf), a
 * table's numbers (scoresBySide, costCurve, dailyCost, dailyCostAt, scoreSpan, STRATEGY_LABELS, referenceNumbers),
 * what Explore and Present draw (exploreData), the meeting story (buildStory) and the report's lines (reportLines).
 */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { activeReferenceData, referenceData, type ReferenceData } from '../eval/referenceSpace';
import { readRunForMap } from '../eval/session';
import { useBundledReferenceEvals, useReferenceEval, type ModelIndex } from './modelHooks';

export type { EmbeddingPoint } from '../eval/embeddingSpace';
export { setLabel } from '../eval/setNames';
export { NORMAL_SET_MAP_ROWS } from '../eval/liveSources';
export type { EvalTable, RunRecord } from '../eval/types';
export { fromDataTransfer, fromFileList, setNameOf, type SourceFile } from '../eval/sources';
export {
  costCurve,
  dailyCost,
  dailyCostAt,
  scoreSpan,
  STRATEGY_LABELS,
  type DailyCost,
  type RunSummary,
  type ThresholdStrategy,
} from '../eval/summary';
export { scoresBySide } from '../eval/table';
export { buildStory, type StoryStep } from '../eval/story';
export { examplesAt, examplesStep, type ExamplePhoto, type ExamplesAt } from '../eval/examples';
export { compareStep, separationOf, type ModelSeparation } from '../eval/compare';
export { reportLines } from '../eval/report';
export { exploreData, type ExploreData } from '../eval/exploreData';
export { referenceNumbers, type RecipeFigures, type ReferenceData } from '../eval/referenceSpace';

/** A stored run for the map, read once per run id (Explore and Present share it). */
export function useRunForMap(runId: string | null): UseQueryResult<Awaited<ReturnType<typeof readRunForMap>>> {
  return useQuery({
    queryKey: ['explore-run', runId],
    queryFn: () => readRunForMap(runId!),
    enabled: !!runId,
    retry: false,
  });
}

/** The active bundle's reference evaluation as Explore draws it; null when the bundle ships none. */
export const useActiveReferenceData = (): UseQueryResult<ReferenceData | null> => useReferenceEval(activeReferenceData);

/** Each bundled model's reference evaluation as a map space (a bundle without one is an error of its query). */
export const useBundledReferenceData = (entries: ModelIndex['models']): UseQueryResult<ReferenceData>[] =>
  useBundledReferenceEvals(entries, referenceData);
