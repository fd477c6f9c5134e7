import { beforeEach, describe, expect, it } from 'vitest';
import { activeClassSet, cleanClassSet, exportClassSet } from './classesSlice';
import { HISTORY_MAX } from './historySlice';
import { LEGACY_KEYS, STORE_KEY, STORE_VERSION } from './persist';
import { createAppStore } from './store';

// Node has no localStorage; a Map-backed Storage plays the browser's part (the store and its persistence are what is tested).
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
});
/** A new store over the same storage: what a reload sees. */
const make = () => createAppStore(() => storage);
const saved = () =>
  JSON.parse(storage.getItem(STORE_KEY) ?? 'null') as { state: Record<string, unknown>; version: number } | null;
const savedHistory = () => (saved()?.state.history ?? []) as unknown[];

describe('history (historySlice, persisted)', () => {
  const entry = (fileName: string) => ({
    fileName,
    thumb: 'data:image/jpeg;base64,AAAA',
    modelId: 'm',
    scoreName: 'mcm' as const,
    score: 0.4,
    threshold: 0.3,
    flagged: false,
    reason: 'ok',
    topClass: 'dog',
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
    expect(savedHistory()).toEqual([]);
    expect(make().getState().history).toEqual([]);
  });

  it('drops oversized thumbnails and oldest entries when storage is full; ignores garbage', () => {
    const s = make();
    const e = s.getState().addHistory({ ...entry('big.jpg'), thumb: 'x'.repeat(50_000) });
    expect(e.thumb).toBe('');
    storage.quota = 900;
    for (let i = 0; i < 5; i++) s.getState().addHistory(entry(`${i}.jpg`));
    expect(s.getState().history).toHaveLength(6); // in memory all stay
    expect(savedHistory().length).toBeGreaterThan(0);
    expect(savedHistory().length).toBeLessThan(6);
    expect((savedHistory()[0] as { fileName: string }).fileName).toBe('4.jpg'); // the oldest are the ones dropped
    storage.data.set(STORE_KEY, '{not json');
    expect(make().getState().history).toEqual([]);
    storage.data.set(
      STORE_KEY,
      JSON.stringify({
        state: { history: [{ id: 1 }, 'x'], imageBatch: -3, backendPreference: 'gpu' },
        version: STORE_VERSION,
      }),
    );
    expect(make().getState()).toMatchObject({
      history: [],
      imageBatch: 16,
      backendPreference: 'auto',
      customClasses: {},
    });
  });
});

describe('classes (classesSlice, persisted)', () => {
  const bundle = { classes: ['cat', 'dog'], promptTemplates: ['a photo of a {}.'] };

  it('edits per model, persists, resets, exports with the bundle settings', () => {
    const s = make();
    expect(activeClassSet(s.getState().customClasses, 'm', bundle).edited).toBe(false);
    s.getState().setCustomClasses('m', {
      classes: [' cat ', 'dog', 'dog', '', 'pizza'],
      promptTemplates: ['a photo of a {}.'],
    });
    const a = activeClassSet(make().getState().customClasses, 'm', bundle);
    expect(a).toEqual({ classes: ['cat', 'dog', 'pizza'], promptTemplates: ['a photo of a {}.'], edited: true });
    expect(activeClassSet(s.getState().customClasses, 'other', bundle).edited).toBe(false);
    const json = JSON.parse(exportClassSet('m', a, { default: 'mcm' }, 100));
    expect(json).toMatchObject({
      format: 'alignscope-classes',
      modelId: 'm',
      classes: ['cat', 'dog', 'pizza'],
      logitScale: 100,
    });
    s.getState().resetClasses('m');
    expect(activeClassSet(make().getState().customClasses, 'm', bundle).edited).toBe(false);
  });

  it('refuses sets a score cannot use, with a readable message', () => {
    expect(() => cleanClassSet({ classes: ['only'], promptTemplates: ['{}'] })).toThrow(/at least two classes/);
    expect(() => cleanClassSet({ classes: ['a', 'b'], promptTemplates: ['a photo'] })).toThrow(/needs a \{\}/);
  });
});

describe('persist', () => {
  it('keeps settings, classes, history and normal-set choices; not the score, threshold, model or evaluation state', () => {
    const s = make();
    s.getState().chooseNormalSet('m', 'ns-1');
    s.getState().setNormalSetBuild({ name: 'x', notes: [], done: false });
    s.getState().setBackendPreference('wasm');
    s.getState().setImageBatch(4);
    s.getState().setScore('energy');
    s.getState().setThreshold(0.3, { on: 'check' });
    s.getState().setEvalCost({ costMiss: 5 });
    s.getState().setShowCheckedPhotos(true);
    expect(saved()).toEqual({
      state: {
        backendPreference: 'wasm',
        imageBatch: 4,
        showCheckedPhotos: true,
        showNormalSet: false,
        customClasses: {},
        history: [],
        normalSetChoice: { m: 'ns-1' },
      },
      version: STORE_VERSION,
    });
    const reloaded = make().getState();
    expect(reloaded).toMatchObject({
      backendPreference: 'wasm',
      imageBatch: 4,
      showCheckedPhotos: true,
      decisions: {},
      normalSetChoice: { m: 'ns-1' },
      normalSetBuild: null,
    });
    expect(reloaded.evalCost.costMiss).not.toBe(5);
  });

  it('imports the keys of earlier versions once, then removes them; a progress tick writes nothing', () => {
    const old = {
      id: 'h1',
      at: 1,
      fileName: 'old.jpg',
      thumb: '',
      modelId: 'm',
      scoreName: 'mcm',
      score: 0.5,
      threshold: 0.4,
      flagged: false,
      reason: '',
      topClass: 'cat',
    };
    storage.data.set(LEGACY_KEYS.settings, JSON.stringify({ backendPreference: 'wasm' }));
    storage.data.set(
      LEGACY_KEYS.classes,
      JSON.stringify({ m: { classes: ['a', 'b'], promptTemplates: ['{}'] }, bad: { classes: [] } }),
    );
    storage.data.set(LEGACY_KEYS.history, JSON.stringify([old, { nonsense: true }]));
    const s = make();
    expect(s.getState()).toMatchObject({
      backendPreference: 'wasm',
      imageBatch: 16,
      customClasses: { m: { classes: ['a', 'b'] } },
      history: [old],
    });
    expect(Object.keys(s.getState().customClasses)).toEqual(['m']);
    expect(saved()!.state.history).toEqual([old]);
    for (const key of Object.values(LEGACY_KEYS)) expect(storage.getItem(key)).toBeNull();
    storage.data.set(LEGACY_KEYS.settings, JSON.stringify({ backendPreference: 'auto' })); // the new key wins from now on
    expect(make().getState().backendPreference).toBe('wasm');
    const writes: string[] = [];
    const setItem = storage.setItem;
    storage.setItem = (k, v) => (writes.push(k), setItem(k, v));
    s.getState().setEvalProgress(null);
    s.setState({ loadingLabel: 'x' });
    expect(writes).toEqual([]);
  });
});
