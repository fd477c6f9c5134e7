/**
 * The opt-in for drawing the photos checked on Check on Explore's and Present's maps (issue 12): they are the
 * person's own photos, so they appear only when asked for, and the switch says how many there are either way.
 */
import { useAppStore } from '../../state/store';

export function CheckedPhotosToggle() {
  const on = useAppStore((s) => s.showCheckedPhotos);
  const set = useAppStore((s) => s.setShowCheckedPhotos);
  const n = useAppStore((s) => s.history.length);
  if (!n) return null;
  return (
    <label className="checked-toggle" data-testid="show-checked" data-on={on}>
      <input type="checkbox" checked={on} onChange={(e) => set(e.target.checked)} /> Show my {n} checked photo
      {n === 1 ? '' : 's'} on the map
      <span className="muted"> (only on this device)</span>
    </label>
  );
}
