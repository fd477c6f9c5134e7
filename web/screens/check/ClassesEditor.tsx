/** "What is normal": edit the ID class names and prompt templates; the text encoder re-encodes them. */
import { useEffect, useState } from 'react';
import { downloadFile } from '../../lib/download';
import { activeClassSet, cleanClassSet, exportClassSet } from '../../state/classesSlice';
import { useActiveModel } from '../../state/modelHooks';
import { useAppStore } from '../../state/store';

export function ClassesEditor({ busy }: { busy: boolean }) {
  const manifest = useActiveModel()?.manifest;
  const custom = useAppStore((s) => s.customClasses);
  const save = useAppStore((s) => s.setCustomClasses);
  const reset = useAppStore((s) => s.resetClasses);
  const set = manifest ? activeClassSet(custom, manifest.id, manifest) : undefined;
  const [classes, setClasses] = useState('');
  const [templates, setTemplates] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!set) return;
    setClasses(set.classes.join('\n'));
    setTemplates(set.promptTemplates.join('\n'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [manifest?.id, set?.edited, set?.classes.join('\n'), set?.promptTemplates.join('\n')]);

  if (!manifest || !set) return null;
  const lines = (s: string) => s.split('\n');
  const download = () => {
    const json = exportClassSet(manifest.id, set, manifest.scoring, manifest.logitScale);
    downloadFile(`${manifest.id}-classes.json`, json, 'application/json');
  };
  return (
    <details className="panel check-classes" data-testid="classes-editor">
      <summary>
        What is normal: {set.classes.length} classes{set.edited ? ' (edited)' : " (the bundle's)"}
      </summary>
      <div className="row">
        <label>
          Classes, one per line
          <textarea
            rows={Math.min(12, set.classes.length + 2)}
            value={classes}
            onChange={(e) => setClasses(e.target.value)}
            data-testid="classes-text"
          />
        </label>
        <label>
          Prompt templates ({'{}'} = the class)
          <textarea
            rows={4}
            value={templates}
            onChange={(e) => setTemplates(e.target.value)}
            data-testid="templates-text"
          />
        </label>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <p>
        <button
          type="button"
          disabled={busy}
          data-testid="classes-save"
          onClick={() => {
            try {
              const next = cleanClassSet({ classes: lines(classes), promptTemplates: lines(templates) });
              setError(null);
              save(manifest.id, next);
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          Save and re-encode
        </button>{' '}
        <button type="button" disabled={!set.edited} onClick={() => reset(manifest.id)} data-testid="classes-reset">
          Back to the bundle's
        </button>{' '}
        <button type="button" onClick={download} data-testid="classes-export">
          Export JSON
        </button>
      </p>
      <p className="muted">
        The scores follow the new list at once. The bundle's calibration was made for its own classes, so with an edit
        the threshold and rates are recomputed on reference embeddings when the bundle has them, else approximate.
      </p>
    </details>
  );
}
