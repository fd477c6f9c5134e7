/** Drop, paste (Ctrl+V anywhere on the screen) or pick a photo; on a phone the picker offers the camera. */
import { useEffect, useRef } from 'react';
import { useDropZone } from '../../views/useDropZone';

export function PhotoInput({ onPhoto, busy }: { onPhoto: (file: File) => void; busy: boolean }) {
  const { over, handlers: dropHandlers } = useDropZone((data) => {
    const f = data.files[0];
    if (f) onPhoto(f);
  });
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      const file = files.find((f) => f.type.startsWith('image/')) ?? files[0];
      if (!file) return; // plain text: let it reach the caption box
      e.preventDefault();
      onPhoto(file.name ? file : new File([file], 'pasted-image', { type: file.type }));
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onPhoto]);

  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="photo-drop"
      role="button"
      tabIndex={0}
      aria-busy={busy}
      onClick={() => input.current?.click()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') input.current?.click();
      }}
      {...dropHandlers}
    >
      {busy ? 'Checking…' : 'Drop a photo, paste one (Ctrl+V), or click to choose or take one.'}
      <br />
      <span className="muted">It is checked on this machine; nothing is uploaded.</span>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid="photo-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onPhoto(f);
          e.target.value = ''; // the same file again still triggers a check
        }}
      />
    </div>
  );
}
