/**
 * The one zustand store, composed from slices the zustand-docs way (each a `StateCreator<AppState, AppMiddlewares,
 * [], XSlice>`, one file per screen or concern in web/state/), wrapped once in `persist` (persist.ts says what is kept).
 * Read with single-field selectors so components re-render only for what they show:
 *   const manifest = useAppStore((s) => s.activeModel?.manifest);
 * To add a slice: write `fooSlice.ts` exporting `FooSlice` and `createFooSlice`, add both here.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { createCheckSlice, type CheckSlice } from './checkSlice';
import { createClassesSlice, type ClassesSlice } from './classesSlice';
import { createDecisionSlice, type DecisionSlice } from './decisionSlice';
import { createEvaluateSlice, type EvaluateSlice } from './evaluateSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createNormalSetSlice, type NormalSetSlice } from './normalSetSlice';
import { persistOptions, type Backing } from './persist';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';

export type AppState = ModelSlice &
  SettingsSlice &
  DecisionSlice &
  CheckSlice &
  EvaluateSlice &
  HistorySlice &
  ClassesSlice &
  NormalSetSlice;
export type AppMiddlewares = [['zustand/persist', unknown]];

const slices: StateCreator<AppState, AppMiddlewares> = (...a) => ({
  ...createModelSlice(...a),
  ...createSettingsSlice(...a),
  ...createDecisionSlice(...a),
  ...createCheckSlice(...a),
  ...createEvaluateSlice(...a),
  ...createHistorySlice(...a),
  ...createClassesSlice(...a),
  ...createNormalSetSlice(...a),
});

export const useAppStore = create<AppState>()(persist(slices, persistOptions()));

/** A store of its own over the given storage (tests: a fresh store is a reload). */
export const createAppStore = (backing?: () => Backing | undefined) =>
  createStore<AppState>()(persist(slices, persistOptions(backing)));
