import { bundledModelSource, useActiveModel, useModelIndex } from '../../state/modelHooks';
import { useAppStore } from '../../state/store';

/** Header picker over models/index.json. Other sources (URL, folder) are on the Models screen. */
export function ModelPicker() {
  const index = useModelIndex();
  const model = useActiveModel();
  const loadModel = useAppStore((s) => s.loadModel);
  const busy = useAppStore((s) => s.modelPhase === 'downloading' || s.modelPhase === 'initialising');
  if (index.isError) return <span className="muted" title={String(index.error)}>No bundled models</span>;
  if (!index.data) return null;
  const current = model?.source.key.startsWith('bundled:') ? model.source.key.slice('bundled:'.length) : '';
  return (
    <label>
      <span className="muted">Model </span>
      <select
        data-testid="model-picker"
        value={current}
        disabled={busy}
        onChange={(e) => {
          const entry = index.data.models.find((m) => m.id === e.target.value);
          if (entry) void loadModel(bundledModelSource(entry));
        }}
      >
        {current === '' ? <option value="">{model ? model.source.label : '—'}</option> : null}
        {index.data.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name ?? m.id}
          </option>
        ))}
      </select>
    </label>
  );
}
