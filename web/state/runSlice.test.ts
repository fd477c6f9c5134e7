import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createRunSlice, selectEvalSummary, type RunSlice } from './runSlice';
import { sampleTable } from '../eval/testkit';
import { chooseThreshold } from '../eval/summary';

const make = () => createStore<RunSlice>()((set, get) => createRunSlice(set, get));

describe('runSlice', () => {
  it('opening a table picks a score and the TPR-95 threshold; dragging makes it manual; strategies recompute', () => {
    const store = make();
    const table = sampleTable(4);
    store.getState().openEvalTable({ kind: 'run', id: 'r', name: 'r' }, table, 'energy');
    let s = store.getState();
    expect(s.evalScore).toBe('energy');
    expect(s.evalThreshold).toBe((chooseThreshold('tpr95', table, 'energy', s.evalCost) as { threshold: number }).threshold);
    s.setEvalThreshold(0.1);
    expect(store.getState().evalStrategy).toBe('manual');
    s.applyEvalStrategy('cost');
    s = store.getState();
    expect(s.evalStrategy).toBe('cost');
    const before = s.evalThreshold;
    s.setEvalCost({ costMiss: 1e6 }); // misses now ruinous: the cheapest threshold flags more
    expect(store.getState().evalThreshold!).toBeGreaterThanOrEqual(before!);
    expect(selectEvalSummary(store.getState())!.threshold).toBe(store.getState().evalThreshold);
  });

  it('with only normal photos, "best balance" explains itself and keeps a usable threshold', () => {
    const store = make();
    const full = sampleTable(4);
    store.getState().openEvalTable({ kind: 'run', id: 'r', name: 'r' }, { ...full, sets: full.sets.slice(0, 1) });
    const t = store.getState().evalThreshold;
    store.getState().applyEvalStrategy('youden');
    const s = store.getState();
    expect(s.evalThreshold).toBe(t);
    expect(s.evalStrategy).toBe('manual');
    expect(s.evalNotice!.text).toMatch(/needs both normal and not-normal photos/);
  });

  it("a run's outcome notice survives re-applying the strategy (live refresh); a strategy notice does not", () => {
    const store = make();
    const full = sampleTable(4);
    store.getState().openEvalTable({ kind: 'run', id: 'r', name: 'r' }, { ...full, sets: full.sets.slice(0, 1) });
    store.getState().applyEvalStrategy('youden');
    expect(store.getState().evalNotice!.about).toBe('strategy');
    store.getState().applyEvalStrategy('tpr95');
    expect(store.getState().evalNotice).toBeNull();
    store.getState().setEvalNotice({ tone: 'error', text: 'storage full' });
    store.getState().applyEvalStrategy('tpr95');
    expect(store.getState().evalNotice!.text).toBe('storage full');
  });
});
