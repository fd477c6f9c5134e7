/** Save what `url` points at (a data: or blob: URL) as `fileName`, the way a download link does. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}
