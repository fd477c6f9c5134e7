// One side of a new run ("known normal" or "not normal"): drop folders/zips, or pick a folder or zips/files.
import { plural } from '../../lib/format';
import { setNameOf, type SourceFile } from '../../state/evalHooks';
import { PhotoPicker } from '../../views/PhotoPicker';

export interface DropSideProps {
  kind: 'id' | 'ood';
  title: string;
  hint: string;
  files: SourceFile[];
  onFiles: (files: SourceFile[]) => void;
}

/** Folders of a file list, with counts, for the summary under the drop zone. */
export function describeSources(files: SourceFile[]): string {
  const sets = new Map<string, number>();
  const zips: string[] = [];
  for (const f of files) {
    // a picked zip is one file named like itself until the run opens it ("1 files: files (1 file)" before)
    if (!f.key.includes('/') && /\.zip$/i.test(f.key)) zips.push(f.key);
    else sets.set(setNameOf(f.key), (sets.get(setNameOf(f.key)) ?? 0) + 1);
  }
  const named = [...sets].map(([name, n]) =>
    name === 'files' ? plural(n, 'loose photo') : `${name} (${plural(n, 'file')})`,
  );
  return [...zips, ...named].join(', ');
}

export function DropSide({ kind, title, hint, files, onFiles }: DropSideProps) {
  const add = (more: SourceFile[]) => {
    const seen = new Set(files.map((f) => f.key));
    onFiles([...files, ...more.filter((f) => !seen.has(f.key))]);
  };
  return (
    <div className="eval-side" data-testid={`eval-side-${kind}`}>
      <h3>{title}</h3>
      <PhotoPicker hint={hint} dirTestId={`eval-dir-${kind}`} filesTestId={`eval-files-${kind}`} onFiles={add} />
      {files.length ? (
        <p className="muted" data-testid={`eval-side-${kind}-summary`}>
          {plural(files.length, 'file')}: {describeSources(files)}{' '}
          <button className="link" onClick={() => onFiles([])}>
            clear
          </button>
        </p>
      ) : null}
    </div>
  );
}
