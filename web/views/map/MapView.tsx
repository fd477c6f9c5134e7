/** The embedding map: WebGL scatter with hover details, lasso selection and live threshold flags. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { percent, score } from '../../lib/format';
import type { EmbeddingPoint, EmbeddingSpace } from '../../eval/embeddingSpace';
import type { ProjectionMethod } from '../projection/protocol';
import { useProjection } from '../projection/useProjection';
import { colourIndex, fillBox, flagsFor, legendFor, normaliseToView, type ColourMode } from './encoding';
import { createScatterMap, type ScatterMap } from './scatterMap';

export interface MapViewProps {
  space: EmbeddingSpace;
  /** Changes when the data changes (model id + run id + photo count). */
  dataKey: string;
  method: ProjectionMethod;
  colourMode: ColourMode;
  scoreName: string;
  threshold: number | null;
  lasso?: boolean;
  height?: number | string;
  testId?: string;
  onSelect?: (points: EmbeddingPoint[]) => void;
  /** Project and draw only points of these kinds. */
  kinds?: EmbeddingPoint['kind'][];
  /** Of the projected points, draw only these kinds (the layout stays put: meeting mode adds OoD in step 2). */
  showKinds?: EmbeddingPoint['kind'][];
  /** Receives the renderer once drawn (export, tests). */
  onReady?: (map: ScatterMap) => void;
  /** One scale for both axes (distances kept, the cloud may leave the panel's sides empty); default: fill the panel. */
  equalAxes?: boolean;
}

interface Hover {
  index: number;
  x: number;
  y: number;
}

export function MapView(props: MapViewProps) {
  const { space, method, colourMode, scoreName, threshold, kinds, equalAxes } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const legendRef = useRef<HTMLUListElement>(null);
  const mapRef = useRef<ScatterMap | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [drawn, setDrawn] = useState(0);
  const onSelectRef = useRef(props.onSelect);
  onSelectRef.current = props.onSelect;

  // Rows projected: all rows of the allowed kinds (projection is done on what is shown).
  const rows = useMemo(() => {
    const idx: number[] = [];
    space.points.forEach((p, i) => {
      if (!kinds || kinds.includes(p.kind)) idx.push(i);
    });
    const v = new Float32Array(idx.length * space.dim);
    idx.forEach((src, r) => v.set(space.vectors.subarray(src * space.dim, (src + 1) * space.dim), r * space.dim));
    return { idx, v };
  }, [space, kinds]);
  const key = `${props.dataKey}|${kinds?.join(',') ?? 'all'}`;
  const proj = useProjection(rows.v, rows.idx.length, space.dim, method, 2, key);

  // Point index in the drawn set → index into space.points; `drawnRows` → row of the projection result.
  const showKey = props.showKinds?.join(',') ?? '';
  const { drawnToSpace, drawnRows } = useMemo(() => {
    if (!proj.result) return { drawnToSpace: [] as number[], drawnRows: [] as number[] };
    const sampled = proj.result.rows;
    const all = sampled ? Array.from(sampled, (r) => rows.idx[r]) : rows.idx;
    const keep: number[] = [];
    all.forEach((src, r) => {
      if (!props.showKinds || props.showKinds.includes(space.points[src].kind)) keep.push(r);
    });
    return { drawnToSpace: keep.map((r) => all[r]), drawnRows: keep };
  }, [proj.result, rows, showKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const drawnRef = useRef(drawnToSpace);
  drawnRef.current = drawnToSpace;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const map = createScatterMap(canvas, {
      onHover: (i, pos) => setHover(i === null || !pos ? null : { index: i, x: pos[0], y: pos[1] }),
      onSelect: (ids) => onSelectRef.current?.(ids.map((i) => space.points[drawnRef.current[i]]).filter(Boolean)),
    });
    mapRef.current = map;
    (canvas.parentElement as HTMLElement & { __map?: ScatterMap }).__map = map;
    return () => {
      map.destroy();
      mapRef.current = null;
    };
    // One renderer per space: a new space gets a fresh WebGL context and camera.
  }, [space]);

  const flags = useMemo(() => {
    const all = flagsFor(space.points, scoreName, threshold);
    return Uint8Array.from(drawnToSpace, (i) => all[i]);
  }, [space, scoreName, threshold, drawnToSpace]);

  const flagsRef = useRef(flags);
  flagsRef.current = flags;
  const drawnFlagsRef = useRef<Uint8Array | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !proj.result || proj.result.dims !== 2) return;
    const flags = flagsRef.current;
    drawnFlagsRef.current = flags;
    const canvas = canvasRef.current;
    // fill the panel, leaving the legend's strip free so it covers no point
    const box =
      canvas && canvas.clientWidth > 0 && canvas.clientHeight > 0 && !equalAxes
        ? fillBox(canvas.clientWidth, canvas.clientHeight, (legendRef.current?.offsetWidth ?? 0) + 16)
        : undefined;
    const full = normaliseToView(proj.result.coords, 0.08, box);
    const x = Float32Array.from(drawnRows, (r) => full.x[r]);
    const y = Float32Array.from(drawnRows, (r) => full.y[r]);
    const legend = legendFor(space, colourMode);
    const colour = new Uint16Array(drawnToSpace.length);
    drawnToSpace.forEach((src, i) => {
      colour[i] = colourMode === 'flagged' ? flags[i] : colourIndex(space.points[src], space);
    });
    let live = true;
    void map.draw({ x, y, colour, flagged: flags, colours: legend.colours }).then(() => {
      if (live) setDrawn(map.pointCount());
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [proj.result, drawnToSpace, drawnRows, colourMode, space, equalAxes, colourMode === 'flagged' ? flags : null]);

  // Threshold moved while colouring by class: only the flag channel changes (no re-upload of positions/colours).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || colourMode === 'flagged' || drawnFlagsRef.current === flags || map.pointCount() !== flags.length)
      return;
    drawnFlagsRef.current = flags;
    void map.setFlagged(flags);
  }, [flags, colourMode]);

  useEffect(() => {
    mapRef.current?.setMode(props.lasso ? 'lasso' : 'panZoom');
  }, [props.lasso]);
  useEffect(() => {
    if (drawn && mapRef.current) props.onReady?.(mapRef.current);
  }, [drawn]); // eslint-disable-line react-hooks/exhaustive-deps

  const hovered = hover ? space.points[drawnToSpace[hover.index]] : null;
  const legend = legendFor(space, colourMode);
  const used = new Set(drawnToSpace.map((i) => (colourMode === 'flagged' ? -1 : colourIndex(space.points[i], space))));
  return (
    <div
      className="map-view"
      data-testid={props.testId ?? 'map'}
      data-points={drawn}
      data-method={proj.result?.method ?? ''}
      style={{ position: 'relative', height: props.height ?? 480, border: '1px solid #ddd', borderRadius: 4 }}
    >
      <canvas ref={canvasRef} style={{ width: '100%', height: '100%', display: 'block' }} />
      {proj.progress && (
        <div
          role="progressbar"
          aria-valuenow={Math.round(proj.progress.fraction * 100)}
          style={{ position: 'absolute', top: 8, left: 8, background: '#fffc', padding: '2px 6px' }}
        >
          {method === 'umap' ? 'UMAP' : 'PCA'} {proj.progress.stage}: {percent(proj.progress.fraction, 0)}
        </div>
      )}
      {proj.error && (
        <div role="alert" style={{ position: 'absolute', top: 8, left: 8, color: '#b00020', background: '#fff' }}>
          Projection failed: {proj.error}
        </div>
      )}
      {proj.result?.notice && (
        <div
          className="map-notice"
          style={{ position: 'absolute', bottom: 8, left: 8, background: '#fffd', padding: '2px 6px', fontSize: 12 }}
        >
          {proj.result.notice}
        </div>
      )}
      {hovered && hover && (
        <div
          data-testid="map-tooltip"
          style={{
            color: '#111',
            position: 'absolute',
            left: Math.min(hover.x + 12, 9999),
            top: hover.y + 12,
            background: '#fff',
            border: '1px solid #999',
            padding: 6,
            fontSize: 12,
            pointerEvents: 'none',
            maxWidth: 280,
            zIndex: 2,
          }}
        >
          {hovered.thumbnail && (
            <img
              src={hovered.thumbnail}
              alt=""
              width={64}
              height={64}
              style={{ objectFit: 'cover', display: 'block' }}
            />
          )}
          <div>
            <strong>{hovered.name}</strong>
          </div>
          <div>
            {hovered.set}
            {hovered.classIndex >= 0 && hovered.kind !== 'ood-image'
              ? ` · ${space.classes[hovered.classIndex] ?? ''}`
              : ''}
          </div>
          {hovered.scores &&
            Object.entries(hovered.scores).map(([k, v]) => (
              <div key={k}>
                {k}: {score(v, 4)}
              </div>
            ))}
        </div>
      )}
      <ul
        ref={legendRef}
        className="map-legend"
        style={{
          position: 'absolute',
          top: 8,
          right: 8,
          listStyle: 'none',
          margin: 0,
          padding: 4,
          background: '#fffd',
          color: '#222',
          fontSize: 11,
          pointerEvents: 'none',
          zIndex: 1,
        }}
      >
        {legend.labels.map(
          (l, i) =>
            (colourMode === 'flagged' || used.has(i)) && (
              <li key={l}>
                <span
                  style={{
                    display: 'inline-block',
                    width: 9,
                    height: 9,
                    background: legend.colours[i],
                    marginRight: 4,
                  }}
                />
                {l}
              </li>
            ),
        )}
        {colourMode === 'class' && threshold !== null && (
          <li className="muted">larger dot = flagged at the threshold</li>
        )}
      </ul>
    </div>
  );
}
