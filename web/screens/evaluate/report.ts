// One-page PNG report: the three charts (echarts getDataURL) and the key numbers composited on a canvas.
import type { RunSummary } from '../../eval/summary';
import { STRATEGY_LABELS, type DailyCost, type ThresholdStrategy } from '../../eval/summary';
import { chartInstance } from '../../views/charts/EChart';
import { percent } from '../../lib/format';

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('chart image did not load'));
    img.src = src;
  });
}

const pct = (x: number | null | undefined) => percent(x, { digits: 2, missing: '–' });

export interface ReportInput {
  title: string;
  scoreLabel: string;
  summary: RunSummary;
  strategy: ThresholdStrategy;
  cost: DailyCost | null;
}

/** Returns a PNG data URL of the report page (A4-ish, 1600 px wide). */
export async function renderReport(r: ReportInput): Promise<string> {
  const W = 1600;
  const pad = 32;
  const charts = ['eval-histogram', 'eval-roc', 'eval-cost'].map((id) => chartInstance(id)).filter((c) => c !== undefined);
  const images = await Promise.all(charts.map((c) => loadImage(c!.getDataURL({ type: 'png', pixelRatio: 1.5, backgroundColor: '#fff' }))));
  const lines: string[] = [
    `Score: ${r.scoreLabel} · threshold ${r.summary.threshold.toPrecision(6)} (${STRATEGY_LABELS[r.strategy]})`,
    `Normal photos: ${r.summary.nId} · not normal: ${r.summary.nOod} · ID accuracy ${pct(r.summary.idAccuracy)}`,
    `All OoD: AUROC ${pct(r.summary.overall.metrics?.auroc)} · FPR95 ${pct(r.summary.overall.metrics?.fpr95)} · AUPR-in ${pct(r.summary.overall.metrics?.auprIn)} · AUPR-out ${pct(r.summary.overall.metrics?.auprOut)}`,
    `At the threshold: detected ${pct(r.summary.overall.confusion.detectionRate)} · false alarms ${pct(r.summary.overall.confusion.falseAlarmRate)} · kept/flagged normal ${r.summary.overall.confusion.tp}/${r.summary.overall.confusion.fn} · kept/flagged not normal ${r.summary.overall.confusion.fp}/${r.summary.overall.confusion.tn}`,
    ...r.summary.perSet.map((s) => `  ${s.name} (${s.n}): AUROC ${pct(s.metrics?.auroc)} · FPR95 ${pct(s.metrics?.fpr95)} · detected ${pct(s.confusion.detectionRate)}`),
    ...(r.cost ? [`Cost: ${r.cost.falseAlarmsPerDay.toFixed(1)} false alarms/day, ${r.cost.missesPerDay.toFixed(1)} misses/day, ${r.cost.costPerDay.toFixed(2)} per day`] : []),
    ...r.summary.missing,
  ];
  const lineH = 26;
  const chartW = (W - pad * 3) / 2;
  const scaled = images.map((img) => ({ img, w: chartW, h: (img.height / img.width) * chartW }));
  const rowH = Math.max(scaled[0]?.h ?? 0, scaled[1]?.h ?? 0);
  const H = pad + 48 + lines.length * lineH + pad + rowH + pad + (scaled[2]?.h ?? 0) + pad + 24;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = Math.ceil(H);
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#111';
  g.font = 'bold 30px system-ui, sans-serif';
  g.fillText(r.title, pad, pad + 30);
  g.font = '18px system-ui, sans-serif';
  let y = pad + 48 + lineH;
  for (const l of lines) {
    g.fillText(l, pad, y);
    y += lineH;
  }
  y += pad - lineH;
  scaled.slice(0, 2).forEach((s, i) => g.drawImage(s.img, pad + i * (chartW + pad), y, s.w, s.h));
  y += rowH + pad;
  if (scaled[2]) g.drawImage(scaled[2].img, pad, y, scaled[2].w, scaled[2].h);
  g.fillStyle = '#777';
  g.font = '14px system-ui, sans-serif';
  g.fillText(`AlignScope · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · computed in the browser, nothing uploaded`, pad, H - 16);
  return canvas.toDataURL('image/png');
}
