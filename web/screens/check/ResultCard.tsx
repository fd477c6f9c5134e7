/** The verdict of one photo (and caption): flagged or not, why, and every number behind it. */
import type { CheckResult } from '../../ood/check';
import { BORDERLINE_POINTS, UNCERTAIN_CAPTION, UNREADABLE_CAPTION } from '../../ood/verdict';
import { percent, plural, score } from '../../lib/format';

const pctl = (p: number, among: 'id' | 'normal-set') =>
  Number.isFinite(p)
    ? `percentile ${Math.round(p)} among ${among === 'id' ? 'ID' : "the normal set's"} calibration photos`
    : 'no calibration';

/** "1 of 1 token is unknown to this model's tokenizer" (no known word at all reads as such). */
const unknownTokens = (unknown: number, words: number) =>
  words === 0
    ? 'the tokenizer found no word in it'
    : `${unknown} of ${plural(words, 'token')} ${unknown === 1 ? 'is' : 'are'} unknown to this model's tokenizer`;

export function ResultCard(props: {
  result: CheckResult;
  classNames: readonly string[];
  photoUrl: string;
  fileName: string;
  contextLength: number;
  captionText: string;
}) {
  const { result: r } = props;
  const v = r.verdict;
  const truncatedNote = r.caption?.truncated ? (
    <dd className="muted" data-testid="caption-truncated">
      The caption is longer than the model's {props.contextLength} tokens: only its beginning was read.
    </dd>
  ) : null;
  return (
    <article
      className={`check-card ${v.flagged ? 'flagged' : 'ok'}`}
      data-testid="verdict"
      aria-live="polite"
      data-flagged={v.flagged}
      data-raised-by={v.raisedBy.join(' ')}
      data-score={r.score}
      data-threshold={r.threshold}
    >
      <img src={props.photoUrl} alt={props.fileName} />
      <div>
        <h2 className="verdict-title" data-testid="verdict-title" data-borderline={v.borderline}>
          {v.flagged ? 'FLAGGED' : 'Not flagged'}
          {v.borderline ? (
            <span
              className="borderline"
              title={`within ${BORDERLINE_POINTS} percentile points of the threshold: a small change flips it`}
            >
              {' '}
              · borderline
            </span>
          ) : null}
        </h2>
        <p data-testid="verdict-reason">{v.reason}</p>
        <dl className="check-numbers">
          <dt>{r.scoreLabel}</dt>
          <dd data-testid="image-score">
            {score(r.score)}{' '}
            <span className="muted">
              ({pctl(r.percentile, r.percentileAmong)}; threshold {score(r.threshold)})
            </span>
          </dd>
          <dt>Nearest classes</dt>
          <dd>
            <table className="top5" data-testid="top5">
              <tbody>
                {r.topClasses.map((t, i) => (
                  <tr key={t.index} data-testid={i === 0 ? 'top-class' : undefined} data-label={t.name}>
                    <td>{t.name}</td>
                    <td>{percent(t.probability)}</td>
                    <td className="bar-cell">
                      <span className="bar" style={{ width: `${Math.max(1, t.probability * 100)}%` }} />
                    </td>
                    <td className="muted">cos {t.cosine.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </dd>
          {r.caption && !r.caption.readable ? (
            <>
              <dt>Caption</dt>
              <dd className="muted" data-testid="caption-unreadable">
                {UNREADABLE_CAPTION}: {unknownTokens(r.caption.unknown, r.caption.words)}, so it counts neither for nor
                against the photo.
              </dd>
              {truncatedNote}
            </>
          ) : r.caption && !r.caption.judgeable ? (
            <>
              <dt>Caption</dt>
              <dd className="muted" data-testid="caption-cant-tell" data-idness={r.caption.idness.score}>
                {UNCERTAIN_CAPTION}: this model&apos;s text encoder does not read the wording as any of its classes
                (familiarity {r.caption.idness.score.toFixed(3)}, closest class{' '}
                {props.classNames[r.caption.idness.topClass] ?? '?'}), so it counts neither for nor against the photo.
                It reads captions like &ldquo;a photo of a{' '}
                {props.classNames.find((c) => !/^[aeiou]/i.test(c)) ?? props.classNames[0]}.&rdquo;
              </dd>
              {truncatedNote}
            </>
          ) : r.caption ? (
            <>
              <dt>Caption agreement</dt>
              <dd
                data-testid="caption-cosine"
                data-cos={r.caption.agreement.cosine}
                data-percentile={r.caption.agreement.percentile}
                data-flagged={!!v.signals.captionAgreement?.flagged}
              >
                cosine {r.caption.agreement.cosine.toFixed(3)}{' '}
                <span className="muted">
                  (
                  {Number.isFinite(r.caption.agreement.percentile)
                    ? `closer than for ${Math.round(r.caption.agreement.percentile)} % of normal photos and their own class`
                    : 'no reference pairs in this bundle'}
                  )
                </span>
                {v.signals.captionAgreement?.flagged ? (
                  <strong className="flag"> does not match the photo</strong>
                ) : null}
              </dd>
              <dt title="caption ID-ness: MCM of the caption against the class prompts">Caption familiarity</dt>
              <dd
                data-testid="caption-idness"
                data-idness={r.caption.idness.score}
                data-flagged={!!v.signals.captionIdness?.flagged}
              >
                {r.caption.idness.score.toFixed(3)}{' '}
                <span className="muted">(closest class: {props.classNames[r.caption.idness.topClass] ?? '?'})</span>
                {v.signals.captionIdness?.flagged ? (
                  <strong className="flag"> describes something unseen</strong>
                ) : null}
              </dd>
              {truncatedNote}
            </>
          ) : (
            <>
              <dt>Caption</dt>
              <dd className="muted" data-testid="caption-none">
                {props.captionText.trim() ? 'reading the caption…' : 'none: the verdict uses the photo only'}
              </dd>
            </>
          )}
        </dl>
      </div>
    </article>
  );
}
