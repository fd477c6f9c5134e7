/**
 * The one zustand store, composed from slices (one file per concern in web/state/). Read with single-field
 * selectors so components re-render only for what they show:
 *   const manifest = useAppStore((s) => s.activeModel?.manifest);
 * To add a slice: write `fooSlice.ts` exporting `FooSlice` and `createFooSlice`, add both here.
 */
import { create } from 'zustand';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createThresholdSlice, type ThresholdSlice } from './thresholdSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createClassesSlice, type ClassesSlice } from './classesSlice';
import { createRunSlice, type RunSlice } from './runSlice';

export type AppState = ModelSlice & SettingsSlice & ThresholdSlice & HistorySlice & ClassesSlice & RunSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
  ...createSettingsSlice(...a),
  ...createThresholdSlice(a[0], a[1]),
  ...createHistorySlice(a[0], a[1]),
  ...createClassesSlice(a[0], a[1]),
  ...createRunSlice(a[0], a[1]),
}));
