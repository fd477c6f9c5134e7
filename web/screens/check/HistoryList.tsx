/** Photos checked this session (kept across reloads on this machine only). */
import { useAppStore } from '../../state/store';

export function HistoryList() {
  const history = useAppStore((s) => s.history);
  const remove = useAppStore((s) => s.removeHistory);
  const clear = useAppStore((s) => s.clearHistory);
  if (!history.length) return null;
  return (
    <section className="panel check-history" data-testid="history">
      <h3>
        Checked so far{' '}
        <button type="button" onClick={clear} data-testid="history-clear">
          clear
        </button>
      </h3>
      <ul>
        {history.map((h) => (
          <li key={h.id} data-testid="history-item" data-flagged={h.flagged} title={h.reason}>
            {h.thumb ? <img src={h.thumb} alt="" width={40} height={40} /> : <span className="thumb-none" />}
            <span className="name">{h.fileName}</span>
            <span className={h.flagged ? 'flag' : 'muted'}>{h.flagged ? 'FLAGGED' : 'ok'}</span>
            <span className="muted">
              {h.scoreName} {h.score.toPrecision(3)} · {h.topClass}
            </span>
            <button type="button" aria-label={`remove ${h.fileName}`} onClick={() => remove(h.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
