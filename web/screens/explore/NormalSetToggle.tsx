/** The opt-in for drawing the normal set in force on Explore's and Present's maps (issue 14), like the checked photos. */
import { count } from '../../lib/format';
import { NORMAL_SET_MAP_ROWS } from '../../state/evalHooks';
import { useActiveNormalSet } from '../../state/normalSetHooks';
import { useAppStore } from '../../state/store';

/** `short`: a toolbar's label (Present), the set named in the tooltip. */
export function NormalSetToggle({ short = false }: { short?: boolean }) {
  const on = useAppStore((s) => s.showNormalSet);
  const set = useAppStore((s) => s.setShowNormalSet);
  const active = useActiveNormalSet();
  if (active?.kind !== 'set') return null;
  const n = active.set.files.length;
  const sample =
    n > NORMAL_SET_MAP_ROWS ? `${count(NORMAL_SET_MAP_ROWS)} of its ${count(n)} photos` : `${count(n)} photos`;
  if (short)
    return (
      <label
        className="checked-toggle"
        data-testid="show-normal-set"
        data-on={on}
        title={`“${active.set.name}”: ${sample}`}
      >
        <input type="checkbox" checked={on} onChange={(e) => set(e.target.checked)} /> normal set
      </label>
    );
  return (
    <label className="checked-toggle" data-testid="show-normal-set" data-on={on}>
      <input type="checkbox" checked={on} onChange={(e) => set(e.target.checked)} /> Show the normal set “
      {active.set.name}” on the map
      <span className="muted"> ({sample})</span>
    </label>
  );
}
