/** The points picked with the lasso: name, set, class and score, first 200 shown. */
import type { EmbeddingPoint } from '../../state/evalHooks';

export function SelectionList({
  points,
  classes,
  scoreName,
}: {
  points: EmbeddingPoint[];
  classes: string[];
  scoreName: string;
}) {
  if (!points.length)
    return <p className="muted">Lasso: switch to “Select” (or hold Shift) and draw around points to list them.</p>;
  const bySet = new Map<string, number>();
  for (const p of points) bySet.set(p.set, (bySet.get(p.set) ?? 0) + 1);
  return (
    <div data-testid="selection">
      <p>
        <strong>{points.length}</strong> selected — {[...bySet].map(([s, c]) => `${s}: ${c}`).join(', ')}
      </p>
      <div style={{ maxHeight: 260, overflow: 'auto' }}>
        <table className="cache">
          <thead>
            <tr>
              <th>name</th>
              <th>set</th>
              <th>class</th>
              <th>{scoreName}</th>
            </tr>
          </thead>
          <tbody>
            {points.slice(0, 200).map((p, i) => (
              <tr key={`${p.name}-${i}`}>
                <td>{p.name}</td>
                <td>{p.set}</td>
                <td>{p.classIndex >= 0 ? (classes[p.classIndex] ?? p.classIndex) : ''}</td>
                <td>{p.scores?.[scoreName]?.toFixed(4) ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {points.length > 200 && <p className="muted">… and {points.length - 200} more.</p>}
    </div>
  );
}
