/** Models: what is loaded and how, load from a URL or a local folder, and the offline cache of model files. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { megabytes, milliseconds, percent } from '../../lib/format';
import {
  bundledModelSource,
  cacheProblems,
  clearCache,
  FilesSource,
  filesFromDataTransfer,
  filesFromList,
  listCache,
  UrlSource,
  useActiveModel,
  useBundledSummaries,
  useModelIndex,
} from '../../state/modelHooks';
import { useAppStore } from '../../state/store';
import { NormalSetPanel } from '../normalSets/NormalSetPanel';

function LoadedModel() {
  const model = useActiveModel();
  if (!model) return <p className="muted">No model loaded.</p>;
  const { manifest, backend, timings } = model;
  return (
    <dl data-testid="loaded-model">
      <dt>Model</dt>
      <dd>
        {manifest.name} <span className="muted">({manifest.id}, {model.layout === 'hf' ? 'Hugging Face layout' : 'bundle'}, from {model.source.label})</span>
      </dd>
      <dt>Embedding</dt>
      <dd>
        {manifest.embedDim}-d, logit scale {manifest.logitScale.toFixed(2)}, {manifest.classes.length} classes, image {manifest.image.size}px ({manifest.image.interpolation}), context {manifest.tokenizer.contextLength} tokens
      </dd>
      <dt>Backend</dt>
      <dd data-testid="backend-reason">{backend.reason}</dd>
      <dt>Load</dt>
      <dd>
        {megabytes(model.bytes)}; files {milliseconds(timings.downloadMs)}, sessions {milliseconds(timings.sessionMs)}, warm-up {milliseconds(timings.warmUpMs)}
      </dd>
    </dl>
  );
}

/** The bundled models side by side: what each was trained on, how well it separates, and a switch to it. */
function BundledModels() {
  const index = useModelIndex();
  const entries = index.data?.models ?? [];
  const summaries = useBundledSummaries(entries);
  const model = useActiveModel();
  const loadModel = useAppStore((s) => s.loadModel);
  const busy = useAppStore((s) => s.modelPhase === 'downloading' || s.modelPhase === 'initialising');
  if (index.isError) return <p className="eval-error">{String(index.error)}</p>;
  if (!entries.length) return <p className="muted">No bundled models.</p>;
  const pct = (v?: number) => (v === undefined ? '—' : percent(v / 100));
  return (
    <table className="bundled-models" data-testid="bundled-models">
      <thead>
        <tr>
          <th>Model</th>
          <th>Trained on</th>
          <th title="top-1 accuracy on the recipe's ID test set">Names normal photos correctly</th>
          <th title="average over the recipe's reference OoD sets, default score: AUROC / FPR95">Separation (AUROC · false alarms at 95 % kept)</th>
          <th title="the recipe's run on the 120 shared real photos (reported only, never used for a choice)">Real photos (AUROC · accuracy)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, i) => {
          const s = summaries[i]?.data;
          const active = model?.source.key === bundledModelSource(entry).key;
          return (
            <tr key={entry.id} data-testid="bundled-model" data-model-id={entry.id} className={active ? 'active' : ''}>
              <td>
                <strong>{s?.name ?? entry.name ?? entry.id}</strong>
                {entry.default ? <span className="muted"> (loads first)</span> : null}
                {s ? (
                  <div className="muted">
                    {s.classes} classes; scores with {s.defaultScore} unless you pick another
                  </div>
                ) : null}
              </td>
              <td className="muted">{summaries[i]?.isError ? String(summaries[i].error) : (s?.description ?? '…')}</td>
              <td data-testid="bundled-model-acc">{pct(s?.idAcc)}</td>
              <td data-testid="bundled-model-auroc">
                {s?.avg ? `${pct(s.avg.auroc)} · ${pct(s.avg.fpr95)}` : '—'}
              </td>
              <td>{s?.photos ? `${pct(s.photos.auroc)} · ${pct(s.photos.idAcc)}` : '—'}</td>
              <td>
                {active ? (
                  <span className="muted">in use</span>
                ) : (
                  <button disabled={busy} onClick={() => void loadModel(bundledModelSource(entry))} data-testid="bundled-model-use">
                    Use
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LoadFromUrl() {
  const [url, setUrl] = useState('');
  const loadModel = useAppStore((s) => s.loadModel);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (url.trim()) void loadModel(new UrlSource(url.trim()));
      }}
    >
      <input type="url" placeholder="https://…/my-bundle/ (manifest.json or a Hugging Face CLIP export)" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="model-url" />{' '}
      <button type="submit">Load</button>
    </form>
  );
}

function LoadFromFolder() {
  const loadModel = useAppStore((s) => s.loadModel);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const load = (entries: Array<{ path: string; file: File }>) => {
    if (entries.length) void loadModel(new FilesSource(entries));
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="model-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={async (e) => {
        e.preventDefault();
        setOver(false);
        load(await filesFromDataTransfer(e.dataTransfer));
      }}
      onClick={() => input.current?.click()}
    >
      Drop a model folder here, or click to pick one (bundle with manifest.json, or a Hugging Face CLIP export). It stays on this machine.
      <input
        ref={input}
        type="file"
        hidden
        multiple
        data-testid="model-folder-input"
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          if (e.target.files) load(filesFromList(e.target.files));
          e.target.value = '';
        }}
      />
    </div>
  );
}

function CacheTable() {
  const qc = useQueryClient();
  // Re-read after every model load (files are cached as they download) and every few seconds while shown.
  const loadId = useActiveModel()?.loadId;
  const entries = useQuery({ queryKey: ['modelCache', loadId], queryFn: listCache, refetchInterval: 5000 });
  const clear = useMutation({ mutationFn: clearCache, onSuccess: () => qc.invalidateQueries({ queryKey: ['modelCache'] }) });
  if (!entries.data) return null;
  const total = entries.data.reduce((s, e) => s + e.bytes, 0);
  const problems = cacheProblems();
  return (
    <>
      {problems.length ? (
        <p className="notice" data-testid="cache-problem">
          Could not keep {[...new Set(problems.map((p) => new URL(p.url).pathname.split('/').slice(-2).join('/')))].join(', ')} for offline use: {problems[0].why}. The model works;
          it downloads again next time.
        </p>
      ) : null}
      <p>
        {entries.data.length} file{entries.data.length === 1 ? '' : 's'}, {megabytes(total)} kept for offline use.{' '}
        <button onClick={() => clear.mutate()} disabled={!entries.data.length} data-testid="clear-cache">
          Clear cache
        </button>
      </p>
      {entries.data.length ? (
        <table className="cache" data-testid="cache-table">
          <thead>
            <tr>
              <th>File</th>
              <th>Size</th>
              <th>Stored</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.map((e) => (
              <tr key={e.url}>
                <td>{new URL(e.url).pathname}</td>
                <td>{megabytes(e.bytes)}</td>
                <td className="muted">{e.storedAt.replace('T', ' ').slice(0, 19)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

export default function ModelsScreen() {
  const pref = useAppStore((s) => s.backendPreference);
  const setPref = useAppStore((s) => s.setBackendPreference);
  return (
    <>
      <section className="panel">
        <h2>Loaded model</h2>
        <LoadedModel />
        <label>
          Backend{' '}
          <select
            data-testid="backend-preference"
            value={pref}
            onChange={(e) => setPref(e.target.value as typeof pref)}
          >
            <option value="auto">automatic: a hardware GPU (WebGPU), else WASM</option>
            <option value="wasm">always WASM</option>
            <option value="webgpu">always WebGPU, even a software adapter</option>
          </select>{' '}
          (applies to the next load)
        </label>
      </section>
      <section className="panel">
        <h2>Normal sets</h2>
        <p className="muted">
          Example photos of what is normal for your site, as embeddings: the KNN, prototype and fused scores compare
          each photo with them, no training needed.
        </p>
        <NormalSetPanel manage />
      </section>
      <section className="panel">
        <h2>Bundled models</h2>
        <BundledModels />
      </section>
      <section className="panel">
        <h2>Load from a URL</h2>
        <LoadFromUrl />
      </section>
      <section className="panel">
        <h2>Load from this computer</h2>
        <LoadFromFolder />
      </section>
      <section className="panel">
        <h2>Cache</h2>
        <CacheTable />
      </section>
    </>
  );
}
