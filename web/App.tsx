/**
 * The shell: header (model status + picker, backend badge), tabs, the active screen. Each tab in TABS is the
 * default export of web/screens/<id>/index.tsx, found by import.meta.glob and loaded when first shown.
 */
import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { megabytes } from './lib/format';
import { ModelPicker } from './screens/models/ModelPicker';
import { exposeDebug } from './state/debug';
import { bundledModelSource, useActiveModel, useModelIndex } from './state/modelHooks';
import { useAppStore } from './state/store';

const TABS = [
  { id: 'check', title: 'Check' },
  { id: 'evaluate', title: 'Evaluate' },
  { id: 'explore', title: 'Explore' },
  { id: 'present', title: 'Present' },
  { id: 'models', title: 'Models' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const screens: Partial<Record<TabId, LazyExoticComponent<ComponentType>>> = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: ComponentType }>('./screens/*/index.tsx')).map(([file, load]) => [
    file.split('/')[2],
    lazy(load),
  ]),
);

function initialTab(): TabId {
  const hash = location.hash.replace('#', '');
  return (TABS.find((t) => t.id === hash)?.id ?? 'check') as TabId;
}

export function BackendBadge() {
  const backend = useActiveModel()?.backend;
  if (!backend) return null;
  return (
    <span className="badge" data-testid="backend-badge" data-ep={backend.ep} title={backend.reason}>
      {backend.ep === 'webgpu' ? 'WebGPU' : `WASM ×${backend.threads}`}
    </span>
  );
}

function ModelStatus() {
  const phase = useAppStore((s) => s.modelPhase);
  const label = useAppStore((s) => s.loadingLabel);
  const progress = useAppStore((s) => s.loadProgress);
  const model = useActiveModel();
  if (phase === 'downloading' || phase === 'initialising') {
    return (
      <span data-testid="model-loading">
        {phase === 'downloading' ? `Downloading ${label}` : `Starting ${label}`}{' '}
        {phase === 'downloading' && progress ? (
          <>
            <progress max={progress.total ?? undefined} value={progress.loaded} aria-label="download progress" />{' '}
            {megabytes(progress.loaded, false)}
            {progress.total ? ` / ${megabytes(progress.total, false)}` : ''} MB
          </>
        ) : (
          <progress aria-label="starting" />
        )}
      </span>
    );
  }
  if (!model) return <span className="muted">No model loaded</span>;
  return (
    <span data-testid="model-status" data-model-id={model.manifest.id}>
      {model.manifest.name} <span className="muted">({model.manifest.embedDim}-d)</span>
    </span>
  );
}

function ModelErrorBanner() {
  const error = useAppStore((s) => s.modelError);
  const dismiss = useAppStore((s) => s.dismissModelError);
  const model = useActiveModel();
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="model-error">
      <div>
        <strong>Could not load {error.source}.</strong> {error.message}
        {model ? <div className="muted">Still using {model.manifest.name}.</div> : null}
      </div>
      <button onClick={dismiss}>Dismiss</button>
    </div>
  );
}

/** Why this backend, in the header beside its badge (one line, the whole text on hover): not a row of its own. */
function BackendNotice() {
  const backend = useActiveModel()?.backend;
  if (!backend) return null;
  return (
    <span className="muted backend-reason" data-testid="backend-notice" data-ep={backend.ep} title={backend.reason}>
      {backend.reason}
    </span>
  );
}

/** Load the index's default model once on start (unless one is already loaded). */
function useDefaultModel(): void {
  const index = useModelIndex();
  const loadModel = useAppStore((s) => s.loadModel);
  useEffect(() => {
    if (!index.data || useAppStore.getState().activeModel || useAppStore.getState().modelPhase !== 'idle') return;
    const entry = index.data.models.find((m) => m.default) ?? index.data.models[0];
    void loadModel(bundledModelSource(entry));
  }, [index.data, loadModel]);
}

export function App() {
  const [tab, setTab] = useState<TabId>(initialTab);
  const model = useActiveModel();
  useDefaultModel();
  useEffect(() => {
    exposeDebug({
      modelId: model?.manifest.id,
      ep: model?.backend.ep,
      backendReason: model?.backend.reason,
      loadTimings: model ? { ...model.timings, bytes: model.bytes } : undefined,
    });
  }, [model]);
  const Screen = screens[tab];
  return (
    <>
      <header className="app-header">
        <h1>AlignScope</h1>
        <ModelPicker />
        <ModelStatus />
        <BackendBadge />
        <BackendNotice />
      </header>
      <ModelErrorBanner />
      <nav className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            onClick={() => {
              setTab(t.id);
              history.replaceState(null, '', `#${t.id}`);
            }}
          >
            {t.title}
          </button>
        ))}
      </nav>
      <main>
        {Screen ? (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Screen />
          </Suspense>
        ) : (
          <p className="muted">This screen is not built yet.</p>
        )}
      </main>
    </>
  );
}
