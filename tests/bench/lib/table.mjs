/** Rows of bench-results.json and the printed table. */
export const rows = [];

const round = (x) => (typeof x === 'number' && Number.isFinite(x) ? +x.toPrecision(4) : x);

export function addRow(r) {
  const clean = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]));
  rows.push(clean);
  console.error(`  ${fmt(clean)}`);
}

/** One `model-only` row per timed batch of a run (`results`: {batch, ms, runs}), `extra` fields before the note. */
export function addModelOnlyRows(results, { runtime, model, backend, threads, note = '', ...extra }) {
  for (const x of results)
    addRow({
      suite: 'model-only',
      runtime,
      model,
      backend,
      threads,
      batch: x.batch,
      images_per_s: (x.batch * 1000) / x.ms,
      ms: x.ms,
      n: x.runs * x.batch,
      ...extra,
      note,
    });
}

/** A `model-only` row for a run that did not happen: why, in `note`. */
export function addSkippedModelOnly({ runtime, model, backend, threads, note, ...extra }) {
  addRow({ suite: 'model-only', runtime, model, backend, threads, batch: 0, n: 0, ...extra, note });
}

function value(r) {
  if (r.images_per_s !== undefined) return `${r.images_per_s} img/s`;
  if (r.texts_per_s !== undefined) return `${r.texts_per_s} texts/s`;
  if (r.fps !== undefined) return `${r.fps} FPS`;
  if (r.wasm_growth_pct !== undefined)
    return `WASM ${r.wasm_mb_start}→${r.wasm_mb_end} MB (${r.wasm_growth_pct}%), JS ${r.workers_js_mb_start}→${r.workers_js_mb_end} MB (${r.workers_js_growth_pct}%)`;
  if (r.ms !== undefined) return `${r.ms} ms`;
  return '—';
}

function fmt(r) {
  return [
    r.suite,
    r.runtime,
    r.model,
    r.backend,
    `t${r.threads}`,
    `b${r.batch}`,
    value(r),
    `n=${r.n}`,
    r.adapter ?? '',
    r.note ?? '',
  ].join(' | ');
}

export function printTable(all, ratios, env) {
  const head = ['suite', 'runtime', 'model', 'backend', 'threads', 'batch', 'value', 'n', 'note'];
  const body = all.map((r) => [
    r.suite,
    r.runtime,
    r.model,
    r.backend,
    String(r.threads),
    String(r.batch),
    value(r),
    String(r.n),
    [r.adapter, r.note].filter(Boolean).join('; '),
  ]);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells) => `| ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  console.log(`\nratios: ${JSON.stringify(ratios, null, 1)}`);
  console.log(
    `load average (1/5/15 min): start ${env.loadavgStart.join(' ')}, end ${env.loadavgEnd.join(' ')}; ${env.cpus} CPUs (${env.cpuModel}); Chromium ${env.chromium}; ${env.seconds} s${env.quick ? ' (--quick)' : ''}`,
  );
}
