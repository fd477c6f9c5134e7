/**
 * Check: one photo (and optionally its caption) → is it out of distribution for the loaded model?
 * Encoding runs in the inference worker; everything after the embeddings is web/ood's `checkPhoto`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { checkPhoto, type CheckResult } from '../../ood/check';
import { exposeDebug } from '../../state/debug';
import { useActiveModel, useInference } from '../../state/modelHooks';
import { checkOnBundleScale, effectiveThreshold } from '../../state/checkSlice';
import { selectDecision } from '../../state/decisionSlice';
import type { HistoryEntry } from '../../state/historySlice';
import { normalSetPhrase, useActiveNormalSet } from '../../state/normalSetHooks';
import { useAppStore } from '../../state/store';
import { ClassesEditor } from './ClassesEditor';
import { HistoryList } from './HistoryList';
import { PhotoInput } from './PhotoInput';
import { ResultCard } from './ResultCard';
import { ScorePicker } from './ScorePicker';
import { NormalSetPanel } from '../normalSets/NormalSetPanel';
import { ThresholdControl } from './ThresholdControl';
import { makeThumbnail } from '../../preprocess/thumbnail';
import { CAPTION_TEMPERATURE } from '../../ood/captionCheck';
import { count, percent } from '../../lib/format';
import {
  useCaptionIdnessThreshold,
  useCaptionJudgeBar,
  useNaturalCaptionRates,
  useCheckCalibration,
  useCheckPrompts,
  useScoreChoice,
} from './useCheckData';
import './check.css';

type Photo = { id: number; loadId: number; file: File; url: string; embedding: Float32Array; thumb: Promise<string> };
type Caption = {
  loadId: number;
  text: string;
  embedding: Float32Array;
  truncated: boolean;
  words: number;
  unknown: number;
};

export default function CheckScreen() {
  const model = useActiveModel();
  const client = useInference();
  const imageBatch = useAppStore((s) => s.imageBatch);
  const addHistory = useAppStore((s) => s.addHistory);
  const decision = useAppStore(selectDecision);
  const targetTpr = useAppStore((s) => s.checkTargetTpr);

  const [photo, setPhoto] = useState<Photo | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [captionText, setCaptionText] = useState('');
  const [caption, setCaption] = useState<Caption | null>(null);
  const [captionError, setCaptionError] = useState<string | null>(null);
  const ticket = useRef(0);
  const recorded = useRef(new Map<number, { id: string; at: number; caption: string }>());

  const { prompts, classNames, edited, loading, error: promptError } = useCheckPrompts();
  const choice = useScoreChoice(prompts);
  const cal = useCheckCalibration(choice, edited, prompts);
  const idnessThreshold = useCaptionIdnessThreshold(prompts);
  const judgeBar = useCaptionJudgeBar(prompts);
  const naturalRates = useNaturalCaptionRates(prompts, judgeBar, idnessThreshold, cal.captionAgreementId);
  const loadId = model?.loadId ?? -1;

  const bundleScale = useAppStore((s) => checkOnBundleScale(s, choice.name));
  const normalSetPhotos = normalSetPhrase(useActiveNormalSet());

  // Embeddings from another model mean nothing here (its threshold is its own: decisions are kept per model).
  useEffect(() => {
    setPhoto(null);
    setCaption(null);
  }, [loadId]);
  useEffect(() => () => (photo?.url.startsWith('blob:') ? URL.revokeObjectURL(photo.url) : undefined), [photo]);

  const check = useCallback(
    async (file: File) => {
      if (!model) return;
      const id = ++ticket.current;
      setBusy(true);
      setError(null);
      try {
        const r = await client.encodeImages([file], imageBatch);
        if (id !== ticket.current) return;
        const embedding = r.embeddings.slice(0, r.dim);
        setPhoto({
          id,
          loadId: model.loadId,
          file,
          url: URL.createObjectURL(file),
          embedding,
          thumb: makeThumbnail(file),
        });
        exposeDebug({
          lastImageEmbedding: Array.from(embedding),
          lastImageEp: r.ep,
          lastImageReducedDecode: (r.stages?.reducedDecodes ?? 0) > 0,
        });
      } catch (e) {
        if (id !== ticket.current) return;
        setPhoto(null);
        const msg = (e as Error).message || String(e);
        setError(`Could not check “${file.name || 'the pasted image'}”: ${msg}. Try a JPEG, PNG or WebP photo.`);
      } finally {
        if (id === ticket.current) setBusy(false);
      }
    },
    [model, client, imageBatch],
  );

  // A history item reopens from what was kept of it: its embedding (6 significant digits), thumbnail and caption. The
  // verdict is computed again with today's prompts and threshold; its history entry stays the same one.
  const reopen = useCallback(
    (h: HistoryEntry) => {
      if (!model) return;
      if (h.modelId !== model.manifest.id || h.embedding?.length !== model.manifest.embedDim) {
        setError(
          `“${h.fileName}” was checked with model ${h.modelId}: load that model to reopen it, or check the photo again.`,
        );
        return;
      }
      const id = ++ticket.current;
      recorded.current.set(id, { id: h.id, at: h.at, caption: h.caption ?? '' });
      setError(null);
      setCaptionText(h.caption ?? '');
      setPhoto({
        id,
        loadId: model.loadId,
        file: new File([], h.fileName),
        url: h.thumb,
        embedding: Float32Array.from(h.embedding),
        thumb: Promise.resolve(h.thumb),
      });
    },
    [model],
  );

  // The caption is encoded a moment after typing stops; an empty caption means an image-only verdict.
  useEffect(() => {
    const text = captionText.trim();
    if (!text || !model) {
      setCaption(null);
      setCaptionError(null);
      return;
    }
    let live = true;
    const t = setTimeout(async () => {
      try {
        const r = await client.encodeTexts([text]);
        if (!live) return;
        setCaption({
          loadId: model.loadId,
          text,
          embedding: r.embeddings.slice(0, r.dim),
          truncated: r.truncated[0] ?? false,
          words: r.words[0] ?? NaN,
          unknown: r.unknown[0] ?? 0,
        });
        setCaptionError(null);
        exposeDebug({ lastTextEmbedding: Array.from(r.embeddings.slice(0, r.dim)) });
      } catch (e) {
        if (live) setCaptionError(`Could not read the caption: ${(e as Error).message}`);
      }
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [captionText, model, client]);

  const thr = effectiveThreshold(decision, bundleScale, targetTpr, cal.calibration?.id);
  const result = useMemo<CheckResult | null>(() => {
    if (!photo || photo.loadId !== loadId || !prompts || !choice.fitted) return null;
    if (photo.embedding.length !== prompts.classes.dim) return null;
    const cap = caption && caption.loadId === loadId && caption.text === captionText.trim() ? caption : null;
    return checkPhoto({
      image: photo.embedding,
      caption: cap
        ? { embedding: cap.embedding, truncated: cap.truncated, text: cap.text, words: cap.words, unknown: cap.unknown }
        : undefined,
      prompts,
      classNames,
      fitted: choice.fitted,
      threshold: thr?.threshold ?? -Infinity,
      calibration: cal.calibration,
      captionAgreementId: cal.captionAgreementId,
      captionTemperature: CAPTION_TEMPERATURE,
      captionJudgeBar: judgeBar,
      rules: { idnessThreshold },
      topK: 5,
      normalSetPhotos,
    });
  }, [
    normalSetPhotos,
    photo,
    loadId,
    prompts,
    choice.fitted,
    caption,
    captionText,
    classNames,
    thr?.threshold,
    cal,
    idnessThreshold,
    judgeBar,
  ]);

  useEffect(() => {
    if (result) exposeDebug({ lastTop: result.topClasses.map((t) => ({ label: t.name, p: t.probability })) });
  }, [result]);

  // One history entry per photo, holding the verdict the card shows: it waits for a typed caption to be read, and is
  // rewritten (same entry, moved to the top) when the caption changes, so history never keeps the image-only verdict
  // of a photo its caption flagged. Threshold moves do not rewrite it: the entry says how the photo was judged.
  useEffect(() => {
    if (!result || !photo || !model) return;
    const typed = captionText.trim();
    if (typed && !result.caption && !captionError) return; // the caption is still being read
    const readCaption = result.caption ? typed : '';
    const prev = recorded.current.get(photo.id);
    if (prev && prev.caption === readCaption) return;
    const id = prev?.id ?? `${Date.now().toString(36)}-p${photo.id}`;
    const at = prev?.at ?? Date.now();
    recorded.current.set(photo.id, { id, at, caption: readCaption });
    const entry = {
      id,
      at,
      fileName: photo.file.name || 'pasted image',
      modelId: model.manifest.id,
      scoreName: choice.name,
      score: result.score,
      threshold: result.threshold,
      flagged: result.verdict.flagged,
      reason: result.verdict.reason,
      topClass: result.topClasses[0]?.name ?? '',
      caption: readCaption || undefined,
      embedding: Array.from(photo.embedding, (v) => Number(v.toPrecision(6))),
    };
    void photo.thumb.then((thumb) => addHistory({ ...entry, thumb }));
  }, [result, photo, model, choice.name, captionText, captionError, addHistory]);

  if (!model) return <p className="muted">Waiting for a model…</p>;
  return (
    <div className="check-screen">
      <div className="check-main">
        <PhotoInput onPhoto={(f) => void check(f)} busy={busy} />
        <p>
          <input
            type="text"
            placeholder="Caption (optional): what the photo is said to show"
            value={captionText}
            onChange={(e) => setCaptionText(e.target.value)}
            data-testid="caption"
            aria-label="caption"
          />
        </p>
        {naturalRates && naturalRates.n > 0 ? (
          <p
            className="muted caption-natural"
            data-testid="caption-natural-rate"
            data-false-alarm={naturalRates.falseAlarm}
            data-cant-tell={naturalRates.cantTell}
          >
            On ordinary, correct captions the caption check flags {percent(naturalRates.falseAlarm)} of photos by
            mistake and can&rsquo;t tell for {percent(naturalRates.cantTell)} (measured here on {count(naturalRates.n)}{' '}
            of this model&rsquo;s validation photos, each with a hand-written caption of its class, apart from those the
            check is calibrated on).
          </p>
        ) : null}
        {error ? (
          <div className="error" role="alert" data-testid="check-error">
            {error}
          </div>
        ) : null}
        {captionError ? (
          <div className="error" role="alert" data-testid="caption-error">
            {captionError}
          </div>
        ) : null}
        {promptError ? (
          <div className="error" role="alert">
            Could not encode the class prompts: {promptError}
          </div>
        ) : null}
        {loading ? <p className="muted">Encoding the class prompts…</p> : null}
        {result && photo ? (
          <ResultCard
            result={result}
            classNames={classNames}
            photoUrl={photo.url}
            fileName={photo.file.name}
            contextLength={model.manifest.tokenizer.contextLength}
            captionText={captionText}
          />
        ) : null}
        {thr ? (
          <ThresholdControl
            threshold={thr.threshold}
            source={thr.source}
            bundleScale={bundleScale}
            calibration={cal.calibration}
            calibrationNote={cal.note}
            photoScore={result?.score}
          />
        ) : (
          <p className="notice" data-testid="threshold-missing">
            This bundle has no calibration, so there is no default threshold: the image score is shown without a flag.
          </p>
        )}
      </div>
      <aside className="check-side">
        <ScorePicker choice={choice} />
        <section className="check-card">
          <NormalSetPanel />
        </section>
        <ClassesEditor busy={loading} />
        <HistoryList onOpen={reopen} openId={photo ? recorded.current.get(photo.id)?.id : undefined} />
      </aside>
    </div>
  );
}
