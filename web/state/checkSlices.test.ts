import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { sortScores } from '../ood/thresholds';
import { activeClassSet, cleanClassSet, createClassesSlice, exportClassSet, type ClassesSlice } from './classesSlice';
import { createHistorySlice, HISTORY_KEY, HISTORY_MAX, loadHistory, type HistorySlice } from './historySlice';
import { createThresholdSlice, effectiveThreshold, type ThresholdSlice } from './thresholdSlice';

// Node has no localStorage; a Map-backed Storage plays the browser's part (the slices are what is tested).
class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  data = new Map<string, string>();
  quota = Infinity;
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => {
    if (v.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(k, v);
  };
  removeItem = (k: string) => void this.data.delete(k);
}
let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  (globalThis as { localStorage?: unknown }).localStorage = storage;
});

describe('thresholdSlice', () => {
  const make = () => createStore<ThresholdSlice>()((set, get) => createThresholdSlice(set, get));
  const cal = sortScores(Array.from({ length: 20 }, (_, i) => i + 1));

  it('defaults to TPR-95 of the calibration; a hand-set value wins until the score or T changes', () => {
    const s = make();
    expect(effectiveThreshold(s.getState(), cal)).toEqual({ threshold: 2, source: 'tpr95' });
    expect(effectiveThreshold(s.getState(), undefined)).toBeNull();
    s.getState().setCheckScore('mcm');
    s.getState().setCheckThreshold(7);
    expect(effectiveThreshold(s.getState(), cal)).toEqual({ threshold: 7, source: 'manual' });
    s.getState().setCheckTemperature('mcm', 0.5);
    expect(s.getState().checkThreshold).toBeNull();
    expect(s.getState().checkTemperature.mcm).toBe(0.5);
    s.getState().setCheckThreshold(3);
    s.getState().setCheckScore('energy');
    expect(s.getState().checkThreshold).toBeNull();
    s.getState().setCheckTemperature('mcm', null);
    expect(s.getState().checkTemperature.mcm).toBeUndefined();
    s.getState().setCheckThreshold(NaN);
    expect(s.getState().checkThreshold).toBeNull();
  });
});

describe('historySlice', () => {
  const make = () => createStore<HistorySlice>()((set, get) => createHistorySlice(set, get));
  const entry = (fileName: string) => ({
    fileName, thumb: 'data:image/jpeg;base64,AAAA', modelId: 'm', scoreName: 'mcm' as const, score: 0.4,
    threshold: 0.3, flagged: false, reason: 'ok', topClass: 'dog',
  });

  it('adds newest first, survives a reload, stays short', () => {
    const s = make();
    s.getState().addHistory(entry('a.jpg'));
    s.getState().addHistory(entry('b.jpg'));
    expect(s.getState().history.map((h) => h.fileName)).toEqual(['b.jpg', 'a.jpg']);
    const reloaded = make();
    expect(reloaded.getState().history.map((h) => h.fileName)).toEqual(['b.jpg', 'a.jpg']);
    for (let i = 0; i < HISTORY_MAX + 5; i++) reloaded.getState().addHistory(entry(`${i}.jpg`));
    expect(reloaded.getState().history).toHaveLength(HISTORY_MAX);
    reloaded.getState().removeHistory(reloaded.getState().history[0].id);
    expect(reloaded.getState().history).toHaveLength(HISTORY_MAX - 1);
    reloaded.getState().clearHistory();
    expect(loadHistory(storage)).toEqual([]);
  });

  it('drops oversized thumbnails and oldest entries when storage is full; ignores garbage', () => {
    const s = make();
    const e = s.getState().addHistory({ ...entry('big.jpg'), thumb: 'x'.repeat(50_000) });
    expect(e.thumb).toBe('');
    storage.quota = 400;
    for (let i = 0; i < 5; i++) s.getState().addHistory(entry(`${i}.jpg`));
    expect(s.getState().history).toHaveLength(6); // in memory all stay
    expect(loadHistory(storage).length).toBeGreaterThan(0);
    expect(loadHistory(storage).length).toBeLessThan(6);
    storage.data.set(HISTORY_KEY, '{not json');
    expect(loadHistory(storage)).toEqual([]);
  });
});

describe('classesSlice', () => {
  const make = () => createStore<ClassesSlice>()((set, get) => createClassesSlice(set, get));
  const bundle = { classes: ['cat', 'dog'], promptTemplates: ['a photo of a {}.'] };

  it('edits per model, persists, resets, exports with the bundle settings', () => {
    const s = make();
    expect(activeClassSet(s.getState().customClasses, 'm', bundle).edited).toBe(false);
    s.getState().setCustomClasses('m', { classes: [' cat ', 'dog', 'dog', '', 'pizza'], promptTemplates: ['a photo of a {}.'] });
    const a = activeClassSet(make().getState().customClasses, 'm', bundle);
    expect(a).toEqual({ classes: ['cat', 'dog', 'pizza'], promptTemplates: ['a photo of a {}.'], edited: true });
    expect(activeClassSet(s.getState().customClasses, 'other', bundle).edited).toBe(false);
    const json = JSON.parse(exportClassSet('m', a, { default: 'mcm' }, 100));
    expect(json).toMatchObject({ format: 'alignscope-classes', modelId: 'm', classes: ['cat', 'dog', 'pizza'], logitScale: 100 });
    s.getState().resetClasses('m');
    expect(activeClassSet(make().getState().customClasses, 'm', bundle).edited).toBe(false);
  });

  it('refuses sets a score cannot use, with a readable message', () => {
    expect(() => cleanClassSet({ classes: ['only'], promptTemplates: ['{}'] })).toThrow(/at least two classes/);
    expect(() => cleanClassSet({ classes: ['a', 'b'], promptTemplates: ['a photo'] })).toThrow(/needs a \{\}/);
  });
});
