// One-page PNG report: the charts on screen (echarts getDataURL, by test id) under a title and lines of text (the
// numbers: web/eval/report.ts), composited on a canvas.
import { chartInstance } from './EChart';

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('chart image did not load'));
    img.src = src;
  });
}

export interface ReportPage {
  title: string;
  lines: string[];
  /** test ids of the charts to draw: the first two side by side, the third below across the page */
  charts: string[];
}

/** Returns a PNG data URL of the report page (A4-ish, 1600 px wide). */
export async function renderReport(r: ReportPage): Promise<string> {
  const W = 1600;
  const pad = 32;
  const charts = r.charts.map((id) => chartInstance(id)).filter((c) => c !== undefined);
  const images = await Promise.all(
    charts.map((c) => loadImage(c!.getDataURL({ type: 'png', pixelRatio: 1.5, backgroundColor: '#fff' }))),
  );
  const lines = r.lines;
  const lineH = 26;
  const chartW = (W - pad * 3) / 2;
  // the first two side by side; the third (the cost chart) across the page, where its axis labels stay readable
  const scaled = images.map((img, i) => {
    const w = i < 2 ? chartW : W - pad * 2;
    return { img, w, h: (img.height / img.width) * w };
  });
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
  g.fillText(
    `AlignScope · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · computed in the browser, nothing uploaded`,
    pad,
    H - 16,
  );
  return canvas.toDataURL('image/png');
}
