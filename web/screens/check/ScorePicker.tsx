/** Which score decides, and its temperature. */
import { SCORES } from '../../ood/scores/registry';
import type { ScoreName } from '../../ood/scores/types';
import { useAppStore } from '../../state/store';
import type { ScoreChoice } from './useCheckData';

export function ScorePicker({ choice }: { choice: ScoreChoice }) {
  const setScore = useAppStore((s) => s.setScore);
  const setTemperature = useAppStore((s) => s.setCheckTemperature);
  const setGroups = useAppStore((s) => s.setCheckGroups);
  const post = SCORES[choice.name];
  const t = choice.options.temperature;
  return (
    <fieldset className="check-scores" data-testid="score-picker">
      <legend>Score</legend>
      {(Object.keys(SCORES) as ScoreName[]).map((n) => {
        const disabled = !choice.available.includes(n);
        // a score that needs a normal set (or a labelled one) is not shown at all without it
        if (disabled && SCORES[n].requiresExemplars) return null;
        return (
          <label key={n} title={disabled ? 'needs negative labels, which this bundle lacks' : SCORES[n].summary}>
            <input
              type="radio"
              name="check-score"
              value={n}
              checked={choice.name === n}
              disabled={disabled}
              onChange={() => setScore(n)}
              data-testid={`score-${n}`}
            />{' '}
            {SCORES[n].label}
          </label>
        );
      })}
      <p className="muted">{post.summary}</p>
      {choice.name === 'fused' ? (
        <p className="muted" data-testid="fused-recipe">
          fused = ½ × (percentile of {SCORES[choice.options.fusedText].label} + percentile of the nearest-photos
          similarity (k = {choice.options.k})), both among the normal set's held-back calibration photos.
        </p>
      ) : choice.name === 'knn' ? (
        <p className="muted">
          k = {choice.options.k}: the {choice.options.k === 1 ? 'nearest' : `${choice.options.k}th nearest`} of the
          normal set's photos.
        </p>
      ) : null}
      {post.usesTemperature ? (
        <label>
          {choice.name === 'neglabel' ? 'τ' : 'T'}{' '}
          <input
            type="number"
            min={0.001}
            step={choice.name === 'neglabel' ? 0.001 : 0.05}
            value={t}
            data-testid="temperature"
            onChange={(e) => {
              const v = Number(e.target.value);
              if (v > 0) setTemperature(choice.name, v);
            }}
          />{' '}
          {!choice.isDefault ? (
            <button
              type="button"
              onClick={() => {
                setTemperature(choice.name, null);
                setGroups(null);
              }}
            >
              default
            </button>
          ) : (
            <span className="muted">(the bundle's default)</span>
          )}
        </label>
      ) : null}
      {choice.name === 'neglabel' ? (
        <label title="NegLabel's grouping: the negatives are shuffled (seeded) into this many groups and the score averaged over them">
          {' '}
          groups{' '}
          <input
            type="number"
            min={1}
            step={1}
            value={choice.options.groups}
            data-testid="neglabel-groups"
            onChange={(e) => {
              const v = Math.floor(Number(e.target.value));
              if (v >= 1) setGroups(v);
            }}
          />
        </label>
      ) : null}
    </fieldset>
  );
}
