// How photos come in, everywhere (a run's two sides, a normal set): a drop zone for folders and zips, a folder
// picker and a zip-or-photos picker. What to do with the files is the caller's.
import { useEffect, useRef, type ReactNode } from 'react';
import { fromDataTransfer, fromFileList, type SourceFile } from '../eval/sources';
import { useDropZone } from './useDropZone';

export interface PhotoPickerProps {
  hint: ReactNode;
  /** test ids of the two inputs: `${testId}-dir` style is the caller's choice */
  dirTestId: string;
  filesTestId: string;
  filesLabel?: string;
  onFiles: (files: SourceFile[]) => void;
}

export function PhotoPicker({ hint, dirTestId, filesTestId, filesLabel, onFiles }: PhotoPickerProps) {
  const dirInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // React does not know webkitdirectory; set it on the element.
    if (dirInput.current) dirInput.current.webkitdirectory = true;
  }, []);
  const { over, handlers } = useDropZone((data) => void fromDataTransfer(data).then(onFiles));
  return (
    <div className={`dropzone${over ? ' over' : ''}`} {...handlers}>
      <p>{hint}</p>
      <label className="button">
        Choose a folder…
        <input
          ref={dirInput}
          type="file"
          multiple
          hidden
          data-testid={dirTestId}
          onChange={(e) => e.target.files && onFiles(fromFileList(e.target.files))}
        />
      </label>{' '}
      <label className="button">
        {filesLabel ?? 'Choose zips or photos…'}
        <input
          type="file"
          multiple
          hidden
          accept=".zip,image/*"
          data-testid={filesTestId}
          onChange={(e) => e.target.files && onFiles(fromFileList(e.target.files))}
        />
      </label>
    </div>
  );
}
