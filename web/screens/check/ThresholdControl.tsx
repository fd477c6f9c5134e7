/**
 * The threshold: default TPR-95 on the ID calibration; a slider (on the calibration photos' scale) and a number box to
 * move it, with the expected false-alarm and detection rates from the calibration updating live.
 */
import { setLabel } from '../../state/evalHooks';
import { useMemo, useState } from 'react';
import type { ScoreCalibration } from '../../ood/calibration';
import { ratesAt, SLIDER_STEPS, sliderScale } from '../../ood/thresholds';
import { percent } from '../../lib/format';
import type { ThresholdSource } from '../../state/checkSlice';
import { useAppStore } from '../../state/store';

export function ThresholdControl(props: {
  threshold: number;
  source: ThresholdSource;
  /** whether Check scores on the bundle's scale (its classes and options): a value set here is marked so */
  bundleScale: boolean;
  calibration?: ScoreCalibration;
  calibrationNote: string;
  photoScore?: number;
}) {
  const { threshold, source, calibration, photoScore, bundleScale } = props;
  const set = useAppStore((s) => s.setThreshold);
  const setThreshold = (t: number) => set(t, { on: 'check', bundleScale });
  const reset = useAppStore((s) => s.resetThreshold);
  // positions spread over the calibration photos, so every score's interesting range is usable (web/ood/thresholds)
  // (not the threshold itself: the scale must not move under the pointer while the threshold is dragged)
  const scale = useMemo(
    () =>
      sliderScale(
        calibration ? [calibration.id, ...Object.values(calibration.ood)] : [],
        photoScore !== undefined ? [photoScore] : [],
      ),
    [calibration, photoScore],
  );
  const rates = calibration ? ratesAt(threshold, { id: calibration.id, ood: calibration.ood }) : undefined;
  const sets = rates ? Object.entries(rates.perSet) : [];
  // The number box is a draft while typed in: it commits on Enter or leaving the box (Escape drops it), so a
  // half-typed "4" on the way to "0.42" never becomes the threshold and stretches the slider.
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    const v = Number(draft);
    if (draft !== null && draft.trim() !== '' && Number.isFinite(v)) setThreshold(v);
    setDraft(null);
  };
  return (
    <section className="panel check-threshold" data-testid="threshold">
      <h3>Threshold</h3>
      <div className="row">
        <input
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          value={scale.toPosition(threshold)}
          aria-label="threshold"
          aria-valuetext={String(Number(threshold.toPrecision(6)))}
          title="Each step of the slider passes about the same number of calibration photos"
          data-testid="threshold-slider"
          onChange={(e) => setThreshold(scale.toScore(Number(e.target.value)))}
        />
        <input
          type="number"
          step="any"
          value={draft ?? Number(threshold.toPrecision(6))}
          aria-label="threshold value (Enter to apply)"
          title="Type a value and press Enter (Escape to cancel)"
          data-testid="threshold-input"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
        {source === 'manual' ? (
          <button type="button" onClick={reset} data-testid="threshold-reset">
            back to default (keep 95 % of ID)
          </button>
        ) : (
          <span className="muted" data-testid="threshold-default">
            default: keeps 95 % of ID calibration photos
          </span>
        )}
      </div>
      {rates ? (
        <p data-testid="threshold-rates" data-false-alarm={rates.falseAlarmRate} data-detection={rates.detectionRate}>
          Expected: <strong>{percent(rates.falseAlarmRate)}</strong> of normal photos flagged (false alarms);{' '}
          <strong>{percent(rates.detectionRate)}</strong> of out-of-distribution photos caught
          {sets.length > 1 ? (
            <span className="muted"> ({sets.map(([n, r]) => `${setLabel(n)} ${percent(r)}`).join(', ')})</span>
          ) : null}
          .
        </p>
      ) : null}
      <p className="muted">Rates from {props.calibrationNote}.</p>
    </section>
  );
}
