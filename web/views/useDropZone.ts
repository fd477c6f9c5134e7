/**
 * A drop zone's drag state and handlers, shared by the Check photo input and the Evaluate sides: `over` while
 * something is dragged over it (for the `.over` style), and `onDrop` gets the DataTransfer of what was dropped.
 */
import { useState, type DragEvent } from 'react';

export function useDropZone(onDrop: (data: DataTransfer) => void): {
  over: boolean;
  handlers: { onDragOver: (e: DragEvent) => void; onDragLeave: () => void; onDrop: (e: DragEvent) => void };
} {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver: (e) => {
        e.preventDefault();
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop: (e) => {
        e.preventDefault();
        setOver(false);
        onDrop(e.dataTransfer);
      },
    },
  };
}
