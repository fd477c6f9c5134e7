/** FLYP vs CMA (any bundled models with a reference evaluation): the same photos in each model's space, with numbers. */
import { useMemo, useState } from 'react';
import { thresholdAtTpr } from '../../ood/thresholds';
import { count, percent, percentValue } from '../../lib/format';
import { referenceNumbers, useBundledReferenceData, type ReferenceData } from '../../state/evalHooks';
import { useModelIndex } from '../../state/modelHooks';
import { MapView } from '../../views/map/MapView';
import type { ProjectionMethod } from '../../views/projection/protocol';
import { restrictToCommon } from '../../views/projection/compare';
import { SphereView } from '../../views/sphere/SphereView';

function Numbers({ data, scoreName }: { data: ReferenceData; scoreName: string }) {
  const { idAccuracy, average, nAvg } = useMemo(() => referenceNumbers(data, scoreName), [data, scoreName]);
  const recipe = data.figures?.avg[scoreName];
  return (
    <table className="cache" data-testid="compare-numbers">
      <tbody>
        <tr>
          <th>
            avg FPR95 ({scoreName}, {nAvg} OoD sets, lower is better)
          </th>
          <td>{percent(average?.fpr95, 2)}</td>
          <td className="muted">recipe {percentValue(recipe?.fpr95, 2)}</td>
        </tr>
        <tr>
          <th>avg AUROC ({scoreName})</th>
          <td>{percent(average?.auroc, 2)}</td>
          <td className="muted">recipe {percentValue(recipe?.auroc, 2)}</td>
        </tr>
        <tr>
          <th>ID accuracy</th>
          <td>{percent(idAccuracy, 2)}</td>
          <td className="muted">recipe {percentValue(data.figures?.idAcc, 2)}</td>
        </tr>
        <tr>
          <th>modality gap (recipe)</th>
          <td colSpan={2}>{data.figures?.modalityGap?.toFixed(4) ?? '—'}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function ComparePanel({ method }: { method: ProjectionMethod }) {
  const index = useModelIndex();
  const entries = index.data?.models ?? [];
  const results = useBundledReferenceData(entries);
  const loaded = results.flatMap((r) => (r.data ? [r.data] : []));
  const failed = results.flatMap((r, i) => (r.error ? [`${entries[i].id}: ${(r.error as Error).message}`] : []));
  const [scoreName, setScoreName] = useState<string | null>(null);
  // keyed by the loaded models' ids: `loaded` is a new array every render
  const loadedKey = loaded.map((d) => d.manifest.id).join();
  const { spaces, common } = useMemo(
    () => restrictToCommon(loaded.map((d) => d.space)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [loadedKey],
  );
  if (index.isLoading || results.some((r) => r.isLoading))
    return <p className="muted">Loading the reference evaluations…</p>;
  if (loaded.length < 2) {
    return (
      <div role="status">
        <p>Side by side needs two bundled models with a reference evaluation; found {loaded.length}.</p>
        {failed.map((f) => (
          <p key={f} className="muted">
            {f}
          </p>
        ))}
      </div>
    );
  }
  const scores = loaded[0].table.scoreNames.filter((n) => loaded.every((d) => d.table.scoreNames.includes(n)));
  const score =
    scoreName && scores.includes(scoreName)
      ? scoreName
      : loaded[0].manifest.scoring?.default && scores.includes(loaded[0].manifest.scoring.default)
        ? loaded[0].manifest.scoring.default
        : scores[0];
  return (
    <div data-testid="compare">
      <p>
        The same {count(common)} photos, embedded by each model. Score:{' '}
        <select value={score} onChange={(e) => setScoreName(e.target.value)} aria-label="score for the comparison">
          {scores.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </p>
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${loaded.length}, minmax(0, 1fr))`, gap: 12 }}>
        {loaded.map((d, i) => {
          const t = d.table.sets.filter((x) => x.kind === 'id').flatMap((x) => x.scores[score] ?? []);
          return (
            <section key={d.manifest.id} data-model={d.manifest.id}>
              <h3>{d.manifest.name}</h3>
              <Numbers data={d} scoreName={score} />
              <MapView
                space={spaces[i]}
                dataKey={`compare|${d.manifest.id}|${common}`}
                method={method}
                colourMode="class"
                scoreName={score}
                threshold={t.length ? thresholdAtTpr(t, 0.95) : null}
                height={340}
                equalAxes // two models' shapes compared: true distances on both
                testId={`compare-map-${i}`}
              />
              <SphereView
                space={spaces[i]}
                dataKey={`compare|${d.manifest.id}|${common}`}
                figures={
                  d.figures
                    ? {
                        modality_gap: d.figures.modalityGap,
                        alignment: d.figures.alignment,
                        uniformity_image: d.figures.uniformityImage,
                      }
                    : null
                }
                height={300}
                testId={`compare-sphere-${i}`}
                maxPerKind={600}
              />
            </section>
          );
        })}
      </div>
    </div>
  );
}
