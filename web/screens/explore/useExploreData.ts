/**
 * What Explore (and Present) draw for the active model, as a hook: gathers the loaded model, the open run read for the
 * map, the bundle's reference evaluation, the checked photos (only when the person opted in: CheckedPhotosToggle) and
 * what Evaluate has open; the choosing and checking of
 * sources is web/eval/exploreData.ts (pure).
 */
import { useMemo } from 'react';
import { exploreData, useActiveReferenceData, useRunForMap, type ExploreData } from '../../state/evalHooks';
import { useActiveModel } from '../../state/modelHooks';
import { useActiveNormalSet } from '../../state/normalSetHooks';
import { useAppStore } from '../../state/store';

export function useExploreData(): ExploreData {
  const model = useActiveModel();
  const evalOpen = useAppStore((s) => s.evalOpen);
  const evalTable = useAppStore((s) => s.evalTable);
  const showChecked = useAppStore((s) => s.showCheckedPhotos);
  const allHistory = useAppStore((s) => s.history);
  const history = useMemo(() => (showChecked ? allHistory : []), [showChecked, allHistory]);
  const reference = useActiveReferenceData();
  const run = useRunForMap(evalOpen?.kind === 'run' ? evalOpen.id : null);
  const showNormalSet = useAppStore((s) => s.showNormalSet);
  const active = useActiveNormalSet();
  const normalSet = showNormalSet && active?.kind === 'set' ? active.set : null;

  return useMemo<ExploreData>(
    () =>
      exploreData({
        model,
        reference: { data: reference.data, error: reference.error, isLoading: reference.isLoading },
        run: { data: run.data, error: run.error, isLoading: run.isLoading },
        checked: history,
        normalSet,
        evalOpen,
        evalTable,
      }),
    [
      model,
      reference.data,
      reference.error,
      reference.isLoading,
      run.data,
      run.error,
      run.isLoading,
      history,
      normalSet,
      evalOpen,
      evalTable,
    ],
  );
}
