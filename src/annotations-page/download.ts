export type ExportFormat = 'jsonld' | 'md' | 'csv';

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  jsonld: 'application/ld+json',
  md: 'text/markdown',
  csv: 'text/csv',
};

/** `footnote-annotations-YYYY-MM-DD.<ext>`, dated in the reader's own time zone. */
export function exportFileName(format: ExportFormat, date: Date): string {
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, '0'));
  return `footnote-annotations-${day.join('-')}.${format}`;
}

const REVOKE_AFTER_MS = 10_000;

/** Saves text as a file through a Blob URL and a download link, as a link the reader clicked would. */
export function downloadText(fileName: string, type: string, text: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Firefox may still be reading the blob just after the click; revoke once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
