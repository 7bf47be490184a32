/** Hands a Blob to the browser as a file download (the same as following a download link). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; revoking later gives slow browsers time to read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
