/** The sphere: ID images, ID class prompts and OoD images projected to 3-D (PCA) and put back on the unit sphere. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EmbeddingSpace, PointKind } from '../projection/dataset';
import { sampleIndices } from '../projection/umap';
import { useProjection } from '../projection/useProjection';
import { CLASS_PROMPT_COLOUR, NEG_PROMPT_COLOUR, OOD_COLOURS, PHOTO_COLOUR } from '../map/encoding';
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
const KINDS: PointKind[] = ['id-image', 'class-text', 'ood-image', 'photo', 'neg-text'];

function fmt(v: number | undefined, digits = 3): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v !== 0 && Math.abs(v) < 10 ** -digits ? v.toExponential(2) : v.toFixed(digits);
}

export function SphereView({ space, dataKey, title, figures, maxPerKind = 1500, height = 420, testId, onReady }: SphereViewProps) {
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
  // Uncentred: axes from PCA, but the origin stays the sphere's centre, so directions (and the gap) stay honest.
  const proj = useProjection(picked.v, picked.idx.length, space.dim, 'pca', 3, `sphere|${dataKey}`, true);
  const numbers = useMemo(() => sphereNumbers(space), [space]);

  useEffect(() => {
    if (!elRef.current) return;
    const chart = createSphereChart(elRef.current);
    chartRef.current = chart;
    (elRef.current as HTMLDivElement & { __sphere?: SphereChart }).__sphere = chart;
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => { window.removeEventListener('resize', onResize); chart.destroy(); chartRef.current = null; };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !proj.result || proj.result.dims !== 3) return;
    const coords = toUnitSphere(proj.result.coords.slice());
    const groups = new Map<string, { colour: string; size: number; symbol: SphereSeries['symbol']; rows: number[] }>();
    picked.idx.forEach((src, r) => {
      const p = space.points[src];
      const name = p.kind === 'id-image' ? 'ID images' : p.kind === 'class-text' ? 'ID class prompts' : p.kind === 'ood-image' ? `OoD: ${p.set}` : p.kind === 'photo' ? 'checked photos' : 'negative prompts';
      if (!groups.has(name)) {
        const oodIndex = space.oodSets.indexOf(p.set);
        const colour = p.kind === 'id-image' ? ID_IMAGE_COLOUR : p.kind === 'class-text' ? CLASS_PROMPT_COLOUR : p.kind === 'ood-image' ? OOD_COLOURS[Math.max(0, oodIndex) % OOD_COLOURS.length] : p.kind === 'photo' ? PHOTO_COLOUR : NEG_PROMPT_COLOUR;
        const prompt = p.kind === 'class-text' || p.kind === 'neg-text';
        groups.set(name, { colour, size: p.kind === 'class-text' ? 12 : prompt ? 6 : 4, symbol: prompt ? 'diamond' : 'circle', rows: [] });
      }
      groups.get(name)!.rows.push(r);
    });
    const series: SphereSeries[] = [...groups.entries()].map(([name, g]) => ({
      name, colour: g.colour, size: g.size, symbol: g.symbol,
      points: Float32Array.from(g.rows.flatMap((r) => [coords[3 * r], coords[3 * r + 1], coords[3 * r + 2]])),
      labels: g.rows.map((r) => space.points[picked.idx[r]].name),
    }));
    chart.setSeries(series, title);
    setDrawn(chart.pointCount());
    onReady?.(chart);
  }, [proj.result, picked, space, title]); // eslint-disable-line react-hooks/exhaustive-deps

  const figureRows = Object.entries(figures ?? {}).filter(([, v]) => typeof v === 'number');
  return (
    <div className="sphere-view" style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <div ref={elRef} data-testid={testId ?? 'sphere'} data-points={drawn} style={{ flex: '1 1 360px', height, border: '1px solid #ddd', borderRadius: 4 }} />
      <table className="sphere-numbers" style={{ fontSize: 13, borderCollapse: 'collapse' }}>
        <caption style={{ textAlign: 'left', fontWeight: 600 }}>Geometry (computed here)</caption>
        <tbody>
          <tr><th scope="row" style={{ textAlign: 'left' }} title="‖mean(ID images) − mean(class prompts)‖">Modality gap</th><td data-testid="gap">{fmt(numbers.gap)}</td></tr>
          <tr><th scope="row" style={{ textAlign: 'left' }} title="mean ‖image − its class prompt‖², lower = closer">Alignment</th><td>{fmt(numbers.alignment)}</td></tr>
          <tr><th scope="row" style={{ textAlign: 'left' }} title="log mean exp(−2‖x − y‖²) over ID image pairs, lower = more uniform">Uniformity</th><td>{fmt(numbers.uniformityImages)}</td></tr>
          <tr><th scope="row" style={{ textAlign: 'left' }}>ID images / prompts</th><td>{numbers.nIdImages} / {numbers.nPrompts}</td></tr>
          {figureRows.length > 0 && <tr><th colSpan={2} style={{ textAlign: 'left', paddingTop: 8 }}>From the recipe (metrics.json)</th></tr>}
          {figureRows.map(([k, v]) => <tr key={k}><th scope="row" style={{ textAlign: 'left', fontWeight: 'normal' }}>{k.replace(/_/g, ' ')}</th><td>{fmt(v)}</td></tr>)}
        </tbody>
      </table>
      {proj.progress && <div role="progressbar">Projecting…</div>}
      {proj.error && <div role="alert">Sphere projection failed: {proj.error}</div>}
    </div>
  );
}
