/**
 * Normal sets on any screen (issue 14): which set the loaded model scores against, making one from a folder or zip
 * of photos (progress, cancel), and — with `manage` — the stored sets: rename, delete, export, import.
 */
import { useState } from 'react';
import { count, plural } from '../../lib/format';
import { fromFileList, setNameOf, type SourceFile } from '../../state/evalHooks';
import { useActiveModel } from '../../state/modelHooks';
import {
  cancelNormalSet,
  deleteNormalSet,
  exportNormalSet,
  importNormalSet,
  makeNormalSet,
  MIN_NORMAL_PHOTOS,
  renameNormalSet,
  useActiveNormalSet,
  useNormalSetList,
  type NormalSetSummary,
  knnPhrase,
} from '../../state/normalSetHooks';
import { useAppStore } from '../../state/store';
import { PhotoPicker } from '../../views/PhotoPicker';
import './normalSets.css';

/** The name a dropped folder or zip gives a new set. */
const nameOf = (files: SourceFile[]): string => {
  const first = files[0]?.key ?? '';
  const top = /\.zip$/i.test(first) ? first : setNameOf(first); // a picked zip: its own name
  return top === 'files' ? 'my normal photos' : top.replace(/\.zip$/i, '');
};

function Chooser() {
  const model = useActiveModel();
  const list = useNormalSetList();
  const active = useActiveNormalSet();
  const choice = useAppStore((s) => (model ? s.normalSetChoice[model.manifest.id] : undefined)) ?? 'bundled';
  const choose = useAppStore((s) => s.chooseNormalSet);
  if (!model) return null;
  const m = model.manifest;
  const mine = (list.data ?? []).filter((s) => s.modelId === m.id && s.dim === m.embedDim);
  const other = (list.data ?? []).filter((s) => !(s.modelId === m.id && s.dim === m.embedDim));
  return (
    <div className="ns-chooser">
      <label>
        Normal set{' '}
        <select data-testid="normal-set-choice" value={choice} onChange={(e) => choose(m.id, e.target.value)}>
          {m.normalSet ? <option value="bundled">the bundle's own (CIFAR-10 training photos)</option> : null}
          {mine.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({plural(s.photos, 'photo')})
            </option>
          ))}
          {other.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} (made with {s.modelId})
            </option>
          ))}
          <option value="none">none: text scores only</option>
        </select>
      </label>
      {active?.kind === 'set' ? (
        <span className="muted" data-testid="normal-set-active">
          {' '}
          {plural(active.set.files.length - active.set.calibration.length, 'photo')} to compare with,{' '}
          {count(active.set.calibration.length)} held back to set the threshold
          {active.set.classes?.length
            ? `; ${plural(active.set.classes.length, 'class', 'classes')}`
            : '; unlabelled'}; {knnPhrase(active.set)}
        </span>
      ) : null}
      {active?.kind === 'mismatch' ? (
        <p className="notice" data-testid="normal-set-mismatch">
          “{active.summary.name}” was made with the model {active.summary.modelId}; {active.modelId} has other
          embeddings, so it is not used here (the exemplar scores are off). Only embeddings were kept, never the photos:
          pick them again (a zip or the photos; or drop their folder below) to re-encode them with {active.modelId}.{' '}
          <label className="button">
            Re-encode with {active.modelId}…
            <input
              type="file"
              multiple
              hidden
              accept=".zip,image/*"
              data-testid="normal-set-reencode"
              onChange={(e) => {
                if (e.target.files?.length)
                  void makeNormalSet(fromFileList(e.target.files), active.summary.name, active.summary.id);
              }}
            />
          </label>
        </p>
      ) : null}
    </div>
  );
}

function Maker() {
  const build = useAppStore((s) => s.normalSetBuild);
  const clear = useAppStore((s) => s.setNormalSetBuild);
  const [files, setFiles] = useState<SourceFile[]>([]);
  const [name, setName] = useState('');
  const take = (more: SourceFile[]) => {
    setFiles(more);
    setName(nameOf(more));
  };
  const running = !!build && !build.done;
  const p = build?.progress;
  return (
    <div className="ns-maker">
      <PhotoPicker
        hint={`Drop a folder or zip of photos that are normal for your site (at least ${MIN_NORMAL_PHOTOS}; class subfolders optional). Only their embeddings, names, sizes and hashes are kept, in this browser.`}
        dirTestId="normal-set-dir"
        filesTestId="normal-set-files"
        filesLabel="Choose a zip or photos…"
        onFiles={take}
      />
      {files.length && !running ? (
        <p>
          <label>
            Name <input data-testid="normal-set-name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>{' '}
          <button
            data-testid="normal-set-make"
            onClick={() => {
              void makeNormalSet(files, name.trim() || nameOf(files));
              setFiles([]);
            }}
          >
            Make the normal set ({plural(files.length, 'file')})
          </button>
        </p>
      ) : null}
      {running ? (
        <p data-testid="normal-set-progress">
          {p?.phase === 'encoding'
            ? `Encoding “${build.name}”: ${count(p.done)} of ${plural(p.total, 'photo')}` +
              (Number.isFinite(p.rate) ? ` (${count(p.rate)} photos/s)` : '')
            : `Reading “${build.name}”: ${count(p?.done ?? 0)} of ${plural(p?.total ?? files.length, 'file')}`}{' '}
          <progress max={p?.total || 1} value={p?.done ?? 0} /> <button onClick={cancelNormalSet}>Cancel</button>
        </p>
      ) : null}
      {build?.done ? (
        <div data-testid="normal-set-outcome" className={build.error ? 'error' : 'muted'}>
          {build.error ?? build.message ?? `Made “${build.name}” and put it in force.`}{' '}
          <button className="link" onClick={() => clear(null)}>
            dismiss
          </button>
          {build.notes.length ? (
            <details>
              <summary>{plural(build.notes.length, 'file')} left out</summary>
              <ul>
                {build.notes.slice(0, 200).map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function StoredSets() {
  const list = useNormalSetList();
  const [message, setMessage] = useState<string | null>(null);
  const act = (f: () => Promise<unknown>) => f().catch((e: Error) => setMessage(e.message));
  const rename = (s: NormalSetSummary) => {
    const name = window.prompt('New name', s.name);
    if (name && name.trim() && name !== s.name) void act(() => renameNormalSet(s.id, name));
  };
  return (
    <div className="ns-stored">
      {list.data?.length ? (
        <table data-testid="normal-set-list">
          <thead>
            <tr>
              <th>Normal set</th>
              <th>Model</th>
              <th>Photos</th>
              <th>Classes</th>
              <th>Made</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.modelId}</td>
                <td>
                  {count(s.photos)} ({count(s.calibration)} held back
                  {s.duplicates ? `, ${plural(s.duplicates, 'duplicate')} counted once` : ''})
                </td>
                <td>{s.classes.length ? s.classes.join(', ') : 'unlabelled'}</td>
                <td>{new Date(s.createdAt).toLocaleDateString()}</td>
                <td className="ns-actions">
                  <button className="link" onClick={() => rename(s)}>
                    rename
                  </button>{' '}
                  <button className="link" onClick={() => void act(() => exportNormalSet(s.id))}>
                    export
                  </button>{' '}
                  <button
                    className="link"
                    onClick={() =>
                      window.confirm(`Delete “${s.name}”? Its photos are not affected.`) &&
                      void act(() => deleteNormalSet(s.id))
                    }
                  >
                    delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No normal sets of your own yet.</p>
      )}
      <label className="button">
        Import a normal set…
        <input
          type="file"
          hidden
          accept=".json,application/json"
          data-testid="normal-set-import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importNormalSet(f).then(setMessage, (err: Error) => setMessage(err.message));
          }}
        />
      </label>
      {message ? (
        <p data-testid="normal-set-message" className="muted">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** `manage`: the stored sets too (the Models screen); elsewhere the choice and the maker, folded. */
export function NormalSetPanel({ manage = false }: { manage?: boolean }) {
  const building = useAppStore((s) => !!s.normalSetBuild); // a set being made (or just made) stays in view
  return (
    <div className="normal-sets" data-testid="normal-sets">
      <Chooser />
      {manage || building ? (
        <>
          <Maker />
          <StoredSets />
        </>
      ) : (
        <details>
          <summary>Make a normal set from your own photos…</summary>
          <Maker />
        </details>
      )}
    </div>
  );
}
