/**
 * Saving something the app made (an export, a report, a chart) as a file, the way a download link does: nothing
 * leaves the machine. Browser only (needs `document`).
 */

/** How long a blob: URL stays valid after the click: the browser has started the save well before. */
const REVOKE_AFTER_MS = 10_000;

/** Save what `url` points at (a data: or blob: URL) as `fileName`. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  // Attached for the click: Firefox ignores clicks on links outside the document.
  document.body.append(a);
  a.click();
  a.remove();
}

/** Save text or bytes as `fileName`, with the given MIME type (ignored for a Blob, which has its own). */
export function downloadFile(fileName: string, content: string | Blob, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content);
  downloadUrl(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
