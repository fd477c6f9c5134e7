import { describe, expect, it } from 'vitest';
import { sortScores } from '../ood/thresholds';
import type { ActiveModel } from './modelSlice';
import { checkOnBundleScale, effectiveThreshold } from './checkSlice';
import { DEFAULT_DECISION, selectDecision } from './decisionSlice';
import { createAppStore } from './store';

// No storage: these slices are not persisted.
const make = () => createAppStore(() => undefined);
const model = (id: string) => ({ manifest: { id } }) as ActiveModel; // only the id is read by these slices

describe('checkSlice + decisionSlice', () => {
  const cal = sortScores(Array.from({ length: 20 }, (_, i) => i + 1));
  const onCheck = (s: ReturnType<typeof make>) =>
    effectiveThreshold(
      selectDecision(s.getState()),
      checkOnBundleScale(s.getState(), 'mcm'),
      s.getState().checkTargetTpr,
      cal,
    );

  it('defaults to TPR-95 of the calibration; a hand-set value wins until the score or T changes', () => {
    const s = make();
    expect(onCheck(s)).toEqual({ threshold: 2, source: 'tpr95' });
    expect(effectiveThreshold(selectDecision(s.getState()), true, 0.95, undefined)).toBeNull();
    s.getState().setScore('mcm');
    s.getState().setThreshold(7, { on: 'check' });
    expect(onCheck(s)).toEqual({ threshold: 7, source: 'manual' });
    s.getState().setCheckTemperature('mcm', 0.5);
    expect(selectDecision(s.getState()).threshold).toBeNull();
    expect(s.getState().checkTemperature.mcm).toBe(0.5);
    s.getState().setThreshold(3, { on: 'check', bundleScale: false });
    s.getState().setScore('energy');
    expect(selectDecision(s.getState()).threshold).toBeNull();
    s.getState().setCheckTemperature('mcm', null);
    expect(s.getState().checkTemperature.mcm).toBeUndefined();
    s.getState().setThreshold(NaN, { on: 'check' });
    expect(selectDecision(s.getState()).threshold).toBeNull();
  });

  it('one decision per model, shared by the screens; a value on one scale is not used on the other', () => {
    const s = make();
    s.setState({ activeModel: model('a') });
    s.getState().setScore('energy');
    s.getState().setThreshold(5, { on: 'evaluate', strategy: 'youden' });
    expect(selectDecision(s.getState())).toMatchObject({
      score: 'energy',
      threshold: 5,
      strategy: 'youden',
      setOn: 'evaluate',
    });
    s.setState({ activeModel: model('b') });
    expect(selectDecision(s.getState())).toBe(DEFAULT_DECISION);
    s.setState({ activeModel: model('a') });
    expect(onCheck(s)).toEqual({ threshold: 5, source: 'manual' }); // set on Evaluate, in force on Check
    s.getState().setCustomClasses('a', { classes: ['cat', 'dog'], promptTemplates: ['a {}'] });
    expect(checkOnBundleScale(s.getState(), 'mcm')).toBe(false);
    expect(onCheck(s)).toEqual({ threshold: 2, source: 'tpr95' }); // Check's edited classes: another scale
    s.getState().resetClasses('a');
    s.setState({ checkTemperature: { energy: 2 } });
    s.getState().dropCheckOptions('energy');
    expect(s.getState().checkTemperature).toEqual({});
    expect(selectDecision(s.getState()).threshold).toBe(5); // dropping Check's options keeps the shared value
    s.getState().resetThreshold();
    expect(selectDecision(s.getState())).toMatchObject({
      score: 'energy',
      threshold: null,
      strategy: 'tpr95',
      setOn: null,
    });
  });
});
