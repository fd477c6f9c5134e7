import { describe, expect, it } from 'vitest';
import { selectEvalScore, selectEvalStrategy, selectEvalSummary, selectEvalThreshold } from './evaluateSlice';
import { selectDecision } from './decisionSlice';
import { createAppStore } from './store';
import { sampleTable } from '../eval/testkit';
import { chooseThreshold } from '../eval/summary';

const make = () => createAppStore(() => undefined);

describe('evaluateSlice', () => {
  it('opening a table picks a score and the TPR-95 threshold; dragging makes it manual; strategies recompute', () => {
    const store = make();
    const table = sampleTable(4);
    store.getState().setScore('energy');
    store.getState().openEvalTable({ kind: 'run', id: 'r', name: 'r' }, table);
    let s = store.getState();
    expect(selectEvalScore(s)).toBe('energy');
    expect(selectEvalThreshold(s)).toBe(
      (chooseThreshold('tpr95', table, 'energy', s.evalCost) as { threshold: number }).threshold,
    );
    s.setEvalThreshold(0.1);
    expect(selectEvalStrategy(store.getState())).toBe('manual');
    s.applyEvalStrategy('cost');
    s = store.getState();
    expect(selectEvalStrategy(s)).toBe('cost');
    const before = selectEvalThreshold(s);
    s.setEvalCost({ costMiss: 1e6 }); // misses now ruinous: the cheapest threshold flags more
    expect(selectEvalThreshold(store.getState())!).toBeGreaterThanOrEqual(before!);
    expect(selectEvalSummary(store.getState())!.threshold).toBe(selectEvalThreshold(store.getState()));
  });

  it('with only normal photos, "best balance" explains itself and keeps a usable threshold', () => {
    const store = make();
    const full = sampleTable(4);
    store.getState().openEvalTable({ kind: 'run', id: 'r', name: 'r' }, { ...full, sets: full.sets.slice(0, 1) });
    const t = selectEvalThreshold(store.getState());
    store.getState().applyEvalStrategy('youden');
    const s = store.getState();
    expect(selectEvalThreshold(s)).toBe(t);
    expect(selectEvalStrategy(s)).toBe('manual');
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

  it('the threshold chosen here is the shared one; TPR-95 stays unset so each screen computes it on its own ID scores', () => {
    const store = make();
    const table = sampleTable(4);
    store.getState().openEvalTable({ kind: 'reference', id: 'm', name: 'ref' }, table);
    expect(selectDecision(store.getState()).threshold).toBeNull();
    store.getState().applyEvalStrategy('youden');
    const youden = (
      chooseThreshold('youden', table, selectEvalScore(store.getState())!, store.getState().evalCost) as {
        threshold: number;
      }
    ).threshold;
    expect(selectDecision(store.getState())).toMatchObject({
      threshold: youden,
      strategy: 'youden',
      setOn: 'evaluate',
    });
    // a value set on Check's own scale (edited classes, own temperature) is not Evaluate's, and Evaluate leaves it be
    store.getState().setThreshold(42, { on: 'check', bundleScale: false });
    expect(selectEvalStrategy(store.getState())).toBe('tpr95');
    store.getState().refreshEvalTable(table);
    expect(selectDecision(store.getState()).threshold).toBe(42);
    // a hand-set value survives opening another table; a new score returns to TPR-95
    store.getState().setEvalThreshold(0.2);
    store.getState().openEvalTable({ kind: 'run', id: 'r', name: 'r' }, sampleTable(5));
    expect(selectEvalThreshold(store.getState())).toBe(0.2);
    store.getState().setEvalScore(table.scoreNames.find((n) => n !== selectEvalScore(store.getState()))!);
    expect(selectEvalStrategy(store.getState())).toBe('tpr95');
  });
});
