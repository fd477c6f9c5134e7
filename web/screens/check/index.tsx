/**
 * Minimal Check screen (placeholder until the OoD screen replaces it): drop a photo → its top-5 ID classes
 * (softmax over s·cos); type a caption → its cosine to the photo. Shows how screens use web/state/modelHooks.ts.
 */
import { useEffect, useMemo, useState } from 'react';
import { exposeDebug } from '../../state/debug';
import { useActiveModel, useClassEmbeddings, useInference } from '../../state/modelHooks';
import { useAppStore } from '../../state/store';

type Photo = { file: File; url: string; embedding: Float32Array; ep: string; ms: number };

function dot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[bOffset + i];
  return s;
}

export default function CheckScreen() {
  const model = useActiveModel();
  const client = useInference();
  const classes = useClassEmbeddings();
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [caption, setCaption] = useState('');
  const [captionResult, setCaptionResult] = useState<{ cos: number; truncated: boolean } | null>(null);
  const [over, setOver] = useState(false);
  const imageBatch = useAppStore((s) => s.imageBatch);

  // A model switch invalidates embeddings computed with the previous one.
  useEffect(() => setPhoto(null), [model?.loadId]);
  useEffect(() => () => (photo ? URL.revokeObjectURL(photo.url) : undefined), [photo]);

  const check = async (file: File | undefined) => {
    if (!file || !model) return;
    setError(null);
    try {
      const r = await client.encodeImages([file], imageBatch);
      setPhoto({ file, url: URL.createObjectURL(file), embedding: r.embeddings, ep: r.ep, ms: r.ms });
      exposeDebug({ lastImageEmbedding: Array.from(r.embeddings), lastImageEp: r.ep });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const top = useMemo(() => {
    if (!photo || !classes.data || !model) return null;
    const { rows, dim, data } = classes.data;
    const s = model.manifest.logitScale;
    const logits = Array.from({ length: rows }, (_, k) => s * dot(photo.embedding, data, k * dim));
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const z = exps.reduce((a, b) => a + b, 0);
    return exps
      .map((e, k) => ({ label: model.manifest.classes[k], p: e / z, cos: logits[k] / s }))
      .sort((a, b) => b.p - a.p)
      .slice(0, 5);
  }, [photo, classes.data, model]);

  useEffect(() => {
    if (top) exposeDebug({ lastTop: top.map(({ label, p }) => ({ label, p })) });
  }, [top]);

  useEffect(() => {
    if (!photo || !caption.trim()) return setCaptionResult(null);
    let live = true;
    const t = setTimeout(async () => {
      try {
        const r = await client.encodeTexts([caption]);
        if (!live) return;
        exposeDebug({ lastTextEmbedding: Array.from(r.embeddings) });
        setCaptionResult({ cos: dot(photo.embedding, r.embeddings), truncated: r.truncated[0] });
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [caption, photo, client]);

  if (!model) return <p className="muted">Waiting for a model…</p>;
  return (
    <>
      <label
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="photo-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void check(e.dataTransfer.files[0]);
        }}
      >
        Drop a photo here or click to choose one. It is checked on this machine; nothing is uploaded.
        <input type="file" accept="image/*" hidden data-testid="photo-input" onChange={(e) => void check(e.target.files?.[0])} />
      </label>
      {error ? (
        <div className="error" role="alert" data-testid="check-error">
          {error}
        </div>
      ) : null}
      {photo ? (
        <div className="check-result">
          <img src={photo.url} alt={photo.file.name} />
          <div>
            <p className="muted">
              {photo.file.name}: encoded on {photo.ep === 'webgpu' ? 'WebGPU' : 'WASM'} in {Math.round(photo.ms)} ms
            </p>
            {top ? (
              <table className="top5" data-testid="top5">
                <tbody>
                  {top.map((t, i) => (
                    <tr key={t.label} data-testid={i === 0 ? 'top-class' : undefined} data-label={t.label}>
                      <td>{t.label}</td>
                      <td>{(t.p * 100).toFixed(1)}%</td>
                      <td>
                        <span className="bar" style={{ width: `${Math.max(1, t.p * 160)}px` }} />
                      </td>
                      <td className="muted">cos {t.cos.toFixed(3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">Encoding class prompts…</p>
            )}
            <p>
              <input type="text" placeholder="Caption (optional)" value={caption} onChange={(e) => setCaption(e.target.value)} data-testid="caption" />
            </p>
            {captionResult ? (
              <p data-testid="caption-cosine" data-cos={captionResult.cos}>
                Caption ↔ photo cosine: <strong>{captionResult.cos.toFixed(3)}</strong>
                {captionResult.truncated ? (
                  <span className="muted" data-testid="caption-truncated">
                    {' '}
                    (caption cut to {model.manifest.tokenizer.contextLength} tokens)
                  </span>
                ) : null}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
