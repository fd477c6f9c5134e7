/** One meeting step as a PNG: the step's words in large type beside its picture (the map's WebGL canvas). */
import { setLabel, type ExamplesAt, type StoryStep } from '../../state/evalHooks';
import { score as formatScore } from '../../lib/format';
import { EXAMPLE_ROWS } from './Examples';

export function renderStepPng(step: StoryStep, picture: HTMLCanvasElement | null, width = 1600, height = 900): string {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const g = c.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#111111';
  g.font = 'bold 48px system-ui, sans-serif';
  g.fillText(step.title, 48, 84);
  // the spoken line wrapped into the page's width (one squeezed line was unreadable once it grew)
  const lines = wrapLines(g, step.line, width - 96);
  let y = 136;
  for (const l of lines) {
    g.fillText(l, 48, y);
    y += 38;
  }
  y += 36;
  for (const f of step.facts) {
    g.font = '26px system-ui, sans-serif';
    g.fillStyle = '#555555';
    g.fillText(f.label, 48, y, 520);
    g.font = 'bold 40px system-ui, sans-serif';
    g.fillStyle = '#111111';
    g.fillText(f.value, 48, y + 44, 520);
    y += 100;
  }
  if (step.missing) {
    g.font = 'italic 24px system-ui, sans-serif';
    g.fillStyle = '#b00020';
    g.fillText(step.missing, 48, height - 40, width - 96);
  }
  if (picture && picture.width > 0 && picture.height > 0) {
    const boxX = 620,
      boxY = 136 + 38 * lines.length,
      boxW = width - boxX - 48,
      boxH = height - boxY - 80;
    const s = Math.min(boxW / picture.width, boxH / picture.height);
    g.drawImage(picture, boxX, boxY, picture.width * s, picture.height * s);
  }
  return c.toDataURL('image/png');
}

/** `text` cut into lines of at most `max` px in the 30 px font of the spoken line, at spaces. */
function wrapLines(g: CanvasRenderingContext2D, text: string, max: number): string[] {
  g.font = '30px system-ui, sans-serif';
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The examples step's picture for the PNG: its three rows of thumbnails with their headings, set names and scores. */
export async function examplesCanvas(at: ExamplesAt, thumbs: Record<string, string>): Promise<HTMLCanvasElement> {
  const tw = 150,
    th = 112,
    gap = 14,
    rowH = 44 + th + 52;
  const c = document.createElement('canvas');
  c.width = 6 * (tw + gap);
  c.height = EXAMPLE_ROWS.length * rowH;
  const g = c.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, c.width, c.height);
  for (const [r, row] of EXAMPLE_ROWS.entries()) {
    const y0 = r * rowH;
    g.fillStyle = row.colour;
    g.font = 'bold 26px system-ui, sans-serif';
    g.fillText(row.title, 0, y0 + 30, c.width);
    const photos = at[row.key];
    if (!photos.length) {
      g.fillStyle = '#555555';
      g.font = '22px system-ui, sans-serif';
      g.fillText(row.none, 0, y0 + 44 + th / 2, c.width);
    }
    for (const [i, p] of photos.slice(0, 6).entries()) {
      const x = i * (tw + gap);
      const url = thumbs[p.key];
      g.fillStyle = '#eeeeee';
      g.fillRect(x, y0 + 44, tw, th);
      if (url) {
        const img = new Image();
        img.src = url;
        try {
          await img.decode();
          const s = Math.max(tw / img.width, th / img.height); // cover, as on screen
          const w = img.width * s,
            h = img.height * s;
          g.save();
          g.beginPath();
          g.rect(x, y0 + 44, tw, th);
          g.clip();
          g.drawImage(img, x + (tw - w) / 2, y0 + 44 + (th - h) / 2, w, h);
          g.restore();
        } catch {
          /* a thumbnail that does not decode stays grey */
        }
      }
      g.fillStyle = '#111111';
      g.font = '18px system-ui, sans-serif';
      g.fillText(setLabel(p.set), x, y0 + 44 + th + 22, tw);
      g.fillStyle = '#555555';
      g.fillText(`score ${formatScore(p.score)}`, x, y0 + 44 + th + 44, tw);
    }
  }
  return c;
}
