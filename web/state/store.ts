/**
 * The one zustand store, composed from slices (one file per concern in web/state/). Read with single-field
 * selectors so components re-render only for what they show:
 *   const manifest = useAppStore((s) => s.activeModel?.manifest);
 * To add a slice: write `fooSlice.ts` exporting `FooSlice` and `createFooSlice`, add both here.
 */
import { create } from 'zustand';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';

export type AppState = ModelSlice & SettingsSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
  ...createSettingsSlice(...a),
}));
