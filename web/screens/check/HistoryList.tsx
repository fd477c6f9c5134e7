/** Photos checked this session (kept across reloads on this machine only). */
import type { HistoryEntry } from '../../state/historySlice';
import { useAppStore } from '../../state/store';

/** `onOpen` reopens an item on the card (its kept embedding, thumbnail and caption); `openId` is the one shown. */
export function HistoryList({ onOpen, openId }: { onOpen: (h: HistoryEntry) => void; openId?: string }) {
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
          <li
            key={h.id}
            data-testid="history-item"
            data-flagged={h.flagged}
            title={h.reason}
            className={h.id === openId ? 'open' : ''}
          >
            {h.thumb ? <img src={h.thumb} alt="" width={40} height={40} /> : <span className="thumb-none" />}
            <button
              type="button"
              className="link name"
              onClick={() => onOpen(h)}
              title="Open this photo's verdict again"
              data-testid="history-open"
            >
              {h.fileName}
            </button>
            <span className={h.flagged ? 'flag' : 'muted'}>{h.flagged ? 'FLAGGED' : 'ok'}</span>
            <span className="muted">
              {h.scoreName} {h.score.toPrecision(3)} · {h.topClass}
            </span>
            <button type="button" className="remove" aria-label={`remove ${h.fileName}`} onClick={() => remove(h.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
