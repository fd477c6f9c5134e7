/** Explore: the embedding map (PCA/UMAP), the sphere with the modality gap, and FLYP vs CMA side by side. */
import { useState } from 'react';
import { count } from '../../lib/format';
import type { ColourMode } from '../../views/map/encoding';
import { MapView } from '../../views/map/MapView';
import { ViewBoundary } from '../../views/map/ViewBoundary';
import type { EmbeddingPoint } from '../../state/evalHooks';
import type { ProjectionMethod } from '../../views/projection/protocol';
import { SphereView } from '../../views/sphere/SphereView';
import { ComparePanel } from './ComparePanel';
import { SelectionList } from './SelectionList';
import { CheckedPhotosToggle } from './CheckedPhotosToggle';
import { NormalSetToggle } from './NormalSetToggle';
import { useExploreData } from './useExploreData';
import { useMapThreshold } from './useMapThreshold';

type View = 'model' | 'compare';

export default function ExploreScreen() {
  const data = useExploreData();
  const [view, setView] = useState<View>('model');
  const [method, setMethod] = useState<ProjectionMethod>('pca');
  const [colourMode, setColourMode] = useState<ColourMode>('class');
  const [lasso, setLasso] = useState(false);
  const [equalAxes, setEqualAxes] = useState(false);
  const [selection, setSelection] = useState<EmbeddingPoint[]>([]);
  const th = useMapThreshold(data.table, data.manifest?.scoring?.default);

  return (
    <div className="explore" data-testid="explore">
      <div role="radiogroup" aria-label="what to explore" style={{ display: 'flex', gap: 12, marginBottom: 8 }}>
        <label>
          <input type="radio" checked={view === 'model'} onChange={() => setView('model')} /> This model
        </label>
        <label>
          <input type="radio" checked={view === 'compare'} onChange={() => setView('compare')} /> Side by side (FLYP vs
          CMA)
        </label>
        <span style={{ marginLeft: 24 }}>Projection:</span>
        <label>
          <input
            type="radio"
            name="method"
            checked={method === 'pca'}
            onChange={() => setMethod('pca')}
            data-testid="method-pca"
          />{' '}
          PCA
        </label>
        <label>
          <input
            type="radio"
            name="method"
            checked={method === 'umap'}
            onChange={() => setMethod('umap')}
            data-testid="method-umap"
          />{' '}
          UMAP
        </label>
      </div>
      <CheckedPhotosToggle />
      <NormalSetToggle />
      {data.notices.map((n) => (
        <div key={n} className="notice" role="status">
          {n}
        </div>
      ))}
      {view === 'compare' ? (
        <ViewBoundary what="comparison">
          <ComparePanel method={method} />
        </ViewBoundary>
      ) : data.error ? (
        <p className="muted">{data.error}</p>
      ) : data.loading || !data.space ? (
        <p className="muted">Loading embeddings…</p>
      ) : (
        <>
          {data.space.missing.map((m) => (
            <div key={m} className="notice" data-testid="missing">
              {m}
            </div>
          ))}
          <section className="panel">
            <h2 style={{ fontSize: '1.1rem' }}>
              Map of {data.origin}{' '}
              <span className="muted">
                ({count(data.space.points.length)} points, {data.space.dim}-d)
              </span>
            </h2>
            <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'center', marginBottom: 8 }}>
              <label>
                Colour:{' '}
                <select
                  value={colourMode}
                  onChange={(e) => setColourMode(e.target.value as ColourMode)}
                  aria-label="colour by"
                >
                  <option value="class">class / OoD set</option>
                  <option value="flagged">flagged at the threshold</option>
                </select>
              </label>
              <label>
                <input type="checkbox" checked={lasso} onChange={(e) => setLasso(e.target.checked)} /> Select (lasso)
              </label>
              <label title="One scale for both axes, so distances on the map are true; otherwise the map fills its panel">
                <input
                  type="checkbox"
                  checked={equalAxes}
                  onChange={(e) => setEqualAxes(e.target.checked)}
                  data-testid="map-equal-axes"
                />{' '}
                Equal axes
              </label>
              {th.scoreNames.length > 0 && (
                <label>
                  Score:{' '}
                  <select value={th.scoreName} onChange={(e) => th.setScore(e.target.value)} aria-label="score">
                    {th.scoreNames.map((n) => (
                      <option key={n}>{n}</option>
                    ))}
                  </select>
                </label>
              )}
              {th.range && th.threshold !== null && (
                <label>
                  Threshold {th.threshold.toPrecision(4)}{' '}
                  <span className="muted">
                    (
                    {th.source === 'evaluate'
                      ? 'from Evaluate'
                      : th.source === 'check'
                        ? 'from Check'
                        : th.source === 'tpr95'
                          ? 'keeps 95 % of normal photos'
                          : 'set here'}
                    )
                  </span>{' '}
                  <input
                    type="range"
                    min={th.range[0]}
                    max={th.range[1]}
                    step={(th.range[1] - th.range[0]) / 500 || 1e-6}
                    value={th.threshold}
                    onChange={(e) => th.setThreshold(Number(e.target.value))}
                    aria-label="threshold"
                  />
                  {th.source === 'manual' && <button onClick={() => th.setThreshold(null)}>reset</button>}
                </label>
              )}
            </div>
            <ViewBoundary what="map">
              <MapView
                space={data.space}
                dataKey={data.dataKey}
                method={method}
                colourMode={colourMode}
                scoreName={th.scoreName}
                threshold={th.threshold}
                lasso={lasso}
                onSelect={setSelection}
                equalAxes={equalAxes}
                height={520}
              />
            </ViewBoundary>
            <SelectionList points={selection} classes={data.space.classes} scoreName={th.scoreName} />
          </section>
          <section className="panel">
            <h2 style={{ fontSize: '1.1rem' }}>On the sphere</h2>
            <p className="muted">
              ID images, their class prompts (diamonds) and OoD images, projected to 3 dimensions (origin kept) and put
              back on the unit sphere; the dotted arc joins the image and text centroid directions. Drag to rotate.
            </p>
            <ViewBoundary what="sphere">
              <SphereView
                space={data.space}
                dataKey={data.dataKey}
                figures={
                  data.figures
                    ? {
                        modality_gap: data.figures.modalityGap,
                        alignment: data.figures.alignment,
                        uniformity_image: data.figures.uniformityImage,
                        uniformity_text: data.figures.uniformityText,
                      }
                    : null
                }
              />
            </ViewBoundary>
          </section>
        </>
      )}
    </div>
  );
}
