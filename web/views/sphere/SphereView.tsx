/** The sphere: ID images, ID class prompts and OoD images projected to 3-D (PCA) and put back on the unit sphere. */
import { setLabel } from '../../eval/setNames';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EmbeddingSpace, PointKind } from '../../eval/embeddingSpace';
import { sampleIndices } from '../projection/umap';
import { useProjection } from '../projection/useProjection';
import { decimal, MISSING } from '../../lib/format';
import { CLASS_PROMPT_COLOUR, NEG_PROMPT_COLOUR, NORMAL_SET_COLOUR, oodColour, PHOTO_COLOUR } from '../palette';
import { sphereNumbers } from './numbers';
import { createSphereChart, toUnitSphere, type SphereChart, type SphereSeries } from './sphereGl';

export interface RecipeFigures {
  /** From metrics.json: whatever the recipe reports (modality gap, alignment, uniformity…), by name. */
  [name: string]: number | undefined;
}

export interface SphereViewProps {
  space: EmbeddingSpace;
  dataKey: string;
  title?: string;
  figures?: RecipeFigures | null;
  /** Per kind, at most this many points are drawn (evenly spaced), to keep rotation smooth. */
  maxPerKind?: number;
  height?: number;
  testId?: string;
  onReady?: (chart: SphereChart) => void;
}

const ID_IMAGE_COLOUR = '#4e79a7';
const KINDS: PointKind[] = ['id-image', 'class-text', 'ood-image', 'photo', 'neg-text', 'normal-photo'];

/**
 * The gap made visible: directions of the ID image centroid and the class-prompt centroid (the projection is linear and
 * uncentred, so the projected mean is the projection of the mean) and the great-circle arc between them, dotted.
 */
function gapSeries(raw: Float32Array, kinds: PointKind[]): SphereSeries[] {
  const mean = (kind: PointKind) => {
    const m = [0, 0, 0];
    let c = 0;
    kinds.forEach((k, r) => {
      if (k === kind) {
        m[0] += raw[3 * r];
        m[1] += raw[3 * r + 1];
        m[2] += raw[3 * r + 2];
        c++;
      }
    });
    const n = Math.hypot(m[0], m[1], m[2]);
    return c && n > 0 ? m.map((v) => v / n) : null;
  };
  const a = mean('id-image'),
    b = mean('class-text');
  if (!a || !b) return [];
  const omega = Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
  const steps = 40;
  const arc = new Float32Array(3 * (steps + 1));
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const wa = omega < 1e-6 ? 1 - t : Math.sin((1 - t) * omega) / Math.sin(omega);
    const wb = omega < 1e-6 ? t : Math.sin(t * omega) / Math.sin(omega);
    for (let j = 0; j < 3; j++) arc[3 * k + j] = wa * a[j] + wb * b[j];
  }
  return [
    {
      name: 'gap (arc between centroids)',
      colour: '#444444',
      size: 2.5,
      points: arc,
      labels: Array.from({ length: steps + 1 }, () => 'modality gap'),
    },
    {
      name: 'image centroid',
      colour: '#1f3b73',
      size: 16,
      points: Float32Array.from(a),
      labels: ['mean direction of the ID images'],
    },
    {
      name: 'text centroid',
      colour: '#0b6e4f',
      size: 16,
      symbol: 'diamond',
      points: Float32Array.from(b),
      labels: ['mean direction of the class prompts'],
    },
  ];
}

export function SphereView({
  space,
  dataKey,
  title,
  figures,
  maxPerKind = 1500,
  height = 420,
  testId,
  onReady,
}: SphereViewProps) {
  const elRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<SphereChart | null>(null);
  const [drawn, setDrawn] = useState(0);

  // Evenly spaced sample of each kind, so 10k ID images do not hide 40 prompts.
  const picked = useMemo(() => {
    const idx: number[] = [];
    for (const kind of KINDS) {
      const ofKind = space.points.flatMap((p, i) => (p.kind === kind ? [i] : []));
      const limit = kind === 'neg-text' ? Math.min(maxPerKind, 300) : maxPerKind;
      sampleIndices(ofKind.length, limit).forEach((r) => idx.push(ofKind[r]));
    }
    const v = new Float32Array(idx.length * space.dim);
    idx.forEach((src, r) => v.set(space.vectors.subarray(src * space.dim, (src + 1) * space.dim), r * space.dim));
    return { idx, v };
  }, [space, maxPerKind]);
  // Uncentred projections: the origin stays the sphere's centre. 'gap' axes span the plane of the image and text
  // centroids, so the angle between them is the true one; plain PCA axes can exaggerate or hide it.
  const [axes, setAxes] = useState<'gap' | 'pca'>('gap');
  const groups = useMemo(
    () =>
      Uint8Array.from(picked.idx, (src) =>
        space.points[src].kind === 'id-image' ? 1 : space.points[src].kind === 'class-text' ? 2 : 0,
      ),
    [picked, space],
  );
  const proj = useProjection(
    picked.v,
    picked.idx.length,
    space.dim,
    axes,
    3,
    `sphere|${axes}|${dataKey}`,
    true,
    groups,
  );
  const numbers = useMemo(() => sphereNumbers(space), [space]);

  useEffect(() => {
    if (!elRef.current) return;
    const chart = createSphereChart(elRef.current);
    chartRef.current = chart;
    (elRef.current as HTMLDivElement & { __sphere?: SphereChart }).__sphere = chart;
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !proj.result || proj.result.dims !== 3) return;
    const coords = toUnitSphere(proj.result.coords.slice());
    const groups = new Map<string, { colour: string; size: number; symbol: SphereSeries['symbol']; rows: number[] }>();
    picked.idx.forEach((src, r) => {
      const p = space.points[src];
      const name =
        p.kind === 'id-image'
          ? 'ID images'
          : p.kind === 'class-text'
            ? 'ID class prompts'
            : p.kind === 'ood-image'
              ? `OoD: ${setLabel(p.set)}`
              : p.kind === 'photo'
                ? 'checked photos'
                : p.kind === 'normal-photo'
                  ? 'normal set photos'
                  : 'negative prompts';
      if (!groups.has(name)) {
        const oodIndex = space.oodSets.indexOf(p.set);
        const colour =
          p.kind === 'id-image'
            ? ID_IMAGE_COLOUR
            : p.kind === 'class-text'
              ? CLASS_PROMPT_COLOUR
              : p.kind === 'ood-image'
                ? oodColour(Math.max(0, oodIndex))
                : p.kind === 'photo'
                  ? PHOTO_COLOUR
                  : p.kind === 'normal-photo'
                    ? NORMAL_SET_COLOUR
                    : NEG_PROMPT_COLOUR;
        const prompt = p.kind === 'class-text' || p.kind === 'neg-text';
        groups.set(name, {
          colour,
          size: p.kind === 'class-text' ? 12 : prompt ? 6 : 4,
          symbol: prompt ? 'diamond' : 'circle',
          rows: [],
        });
      }
      groups.get(name)!.rows.push(r);
    });
    const series: SphereSeries[] = [...groups.entries()].map(([name, g]) => ({
      name,
      colour: g.colour,
      size: g.size,
      symbol: g.symbol,
      points: Float32Array.from(g.rows.flatMap((r) => [coords[3 * r], coords[3 * r + 1], coords[3 * r + 2]])),
      labels: g.rows.map((r) => space.points[picked.idx[r]].name),
    }));
    const overlay = gapSeries(
      proj.result.coords,
      picked.idx.map((src) => space.points[src].kind),
    );
    chart.setSeries([...series, ...overlay], title);
    // data-points counts embeddings only, not the centroid markers and the arc.
    setDrawn(chart.pointCount() - overlay.reduce((a, o) => a + o.points.length / 3, 0));
    onReady?.(chart);
  }, [proj.result, picked, space, title]); // eslint-disable-line react-hooks/exhaustive-deps

  const figureRows = Object.entries(figures ?? {}).filter(([, v]) => typeof v === 'number');
  return (
    <div className="sphere-view" style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <div style={{ flex: '1 1 360px' }}>
        <div role="radiogroup" aria-label="sphere axes" style={{ fontSize: 13, marginBottom: 4 }}>
          Axes:{' '}
          <label>
            <input type="radio" checked={axes === 'gap'} onChange={() => setAxes('gap')} /> centroid plane (true gap
            angle)
          </label>{' '}
          <label>
            <input type="radio" checked={axes === 'pca'} onChange={() => setAxes('pca')} /> PCA
          </label>
          {proj.result?.notice && <span className="muted"> — {proj.result.notice}</span>}
        </div>
        <div
          ref={elRef}
          data-testid={testId ?? 'sphere'}
          data-points={drawn}
          data-axes={proj.result?.method ?? ''}
          style={{ height, border: '1px solid #ddd', borderRadius: 4 }}
        />
      </div>
      <table className="sphere-numbers" style={{ fontSize: 13, borderCollapse: 'collapse' }}>
        <caption style={{ textAlign: 'left', fontWeight: 600 }}>Geometry (computed here)</caption>
        <tbody>
          <tr>
            <th scope="row" style={{ textAlign: 'left' }} title="‖mean(ID images) − mean(class prompts)‖">
              Modality gap
            </th>
            <td data-testid="gap">{decimal(numbers.gap, 3, MISSING)}</td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left' }} title="mean ‖image − its class prompt‖², lower = closer">
              Alignment
            </th>
            <td>{decimal(numbers.alignment, 3, MISSING)}</td>
          </tr>
          <tr>
            <th
              scope="row"
              style={{ textAlign: 'left' }}
              title="log mean exp(−2‖x − y‖²) over ID image pairs, lower = more uniform"
            >
              Uniformity
            </th>
            <td>{decimal(numbers.uniformityImages, 3, MISSING)}</td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left' }}>
              ID images / prompts
            </th>
            <td>
              {numbers.nIdImages} / {numbers.nPrompts}
            </td>
          </tr>
          {figureRows.length > 0 && (
            <tr>
              <th colSpan={2} style={{ textAlign: 'left', paddingTop: 8 }}>
                From the recipe (metrics.json)
              </th>
            </tr>
          )}
          {figureRows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal' }}>
                {k.replace(/_/g, ' ')}
              </th>
              <td>{decimal(v, 3, MISSING)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {proj.progress && <div role="progressbar">Projecting…</div>}
      {proj.error && <div role="alert">Sphere projection failed: {proj.error}</div>}
    </div>
  );
}
