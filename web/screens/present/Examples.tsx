/**
 * Present's examples step: three rows of the person's own photos at the current line — unknown photos caught,
 * unknown photos that slip through, normal photos flagged (web/eval/examples.ts picks them; thumbnails were made
 * from the person's files while the run encoded them and never left the machine).
 */
import { setLabel, type ExamplePhoto, type ExamplesAt } from '../../state/evalHooks';
import { score as formatScore } from '../../lib/format';

export const EXAMPLE_ROWS: { key: keyof ExamplesAt; title: string; none: string; colour: string }[] = [
  {
    key: 'caught',
    title: 'Caught: unknown photos flagged',
    none: 'No unknown photo is flagged at this line.',
    colour: '#1b7f3b',
  },
  {
    key: 'missed',
    title: 'Slipped through: unknown photos not flagged',
    none: 'No unknown photo slips through at this line.',
    colour: '#b00020',
  },
  {
    key: 'falseAlarms',
    title: 'False alarms: normal photos flagged',
    none: 'No normal photo is flagged at this line.',
    colour: '#b26a00',
  },
];

/** Six to a row at any width (a projector at 1280×720 included), 4:3 like most photos. */
const THUMB = { width: '100%', aspectRatio: '4 / 3', borderRadius: 4, display: 'block' } as const;

function Photo({ p, thumb, scoreLabel }: { p: ExamplePhoto; thumb: string; scoreLabel: string }) {
  const name = p.key.split('/').pop() ?? p.key;
  return (
    <figure style={{ margin: 0, minWidth: 0 }} data-testid="present-example" data-key={p.key}>
      {thumb ? (
        <img src={thumb} alt={name} style={{ ...THUMB, objectFit: 'cover' }} />
      ) : (
        <div style={{ ...THUMB, background: '#eee' }} aria-label={`${name}: no thumbnail`} />
      )}
      <figcaption
        style={{ fontSize: 13, lineHeight: 1.3, marginTop: 3, overflowWrap: 'anywhere' }}
        title={`${p.key} · ${scoreLabel} score ${formatScore(p.score)}`}
      >
        {setLabel(p.set)} <span className="muted">· score {formatScore(p.score)}</span>
      </figcaption>
    </figure>
  );
}

export function ExampleRows({
  at,
  thumbs,
  scoreLabel,
}: {
  at: ExamplesAt;
  thumbs: Record<string, string>;
  scoreLabel: string;
}) {
  return (
    <div data-testid="present-examples" style={{ display: 'flex', flexDirection: 'column', gap: 14 }}>
      {EXAMPLE_ROWS.map((row) => (
        <section key={row.key} data-testid={`present-examples-${row.key}`} data-n={at[row.key].length}>
          <h3 style={{ fontSize: 'clamp(18px, 1.6vw, 26px)', margin: '0 0 6px', color: row.colour }}>{row.title}</h3>
          {at[row.key].length ? (
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(6, minmax(0, 1fr))', gap: 10, maxWidth: 900 }}>
              {at[row.key].map((p) => (
                <Photo key={p.key} p={p} thumb={thumbs[p.key] ?? ''} scoreLabel={scoreLabel} />
              ))}
            </div>
          ) : (
            <p className="muted" style={{ margin: 0, fontSize: 16 }}>
              {row.none}
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
