import { useEffect, useRef, useState } from 'preact/hooks';
import { exportAnnotationsCsv, exportAnnotationsJson, exportAnnotationsMarkdown } from '../core/annotations/export';
import { importSizeError } from '../core/annotations/import';
import type { Annotation } from '../core/annotations/model';
import type { ImportSummary } from '../messaging/protocol';
import type { AnnotationsApi } from './api';
import { downloadText, EXPORT_TYPES, exportFileName, type ExportFormat } from './download';
import { messageOf } from '../core/text/error-message';

const EXPORTS: { format: ExportFormat; label: string; write: (annotations: readonly Annotation[]) => string }[] = [
  { format: 'jsonld', label: 'JSON-LD', write: exportAnnotationsJson },
  { format: 'md', label: 'Markdown', write: exportAnnotationsMarkdown },
  { format: 'csv', label: 'CSV', write: exportAnnotationsCsv },
];

type ImportOutcome = { file: string; error: string } | { file: string; summary: ImportSummary };

function importSummary({ added, updated, duplicates }: ImportSummary): string {
  return `${added} added, ${updated > 0 ? `${updated} updated, ` : ''}${duplicates} already there.`;
}

/** Export of every annotation in three formats, and import of a JSON-LD export (all or nothing). */
export function Transfer({
  annotations,
  api,
  now,
  onImported,
}: {
  annotations: readonly Annotation[];
  api: AnnotationsApi;
  now: () => Date;
  /** Called once an import has changed the stored annotations. */
  onImported: () => Promise<void>;
}) {
  const [outcome, setOutcome] = useState<ImportOutcome>();
  /** The file being imported: a big one takes seconds in the worker. */
  const [importing, setImporting] = useState<string>();
  const importInput = useRef<HTMLInputElement>(null);
  /** Disabling the focused control drops focus to the page; it goes back once the import ends. */
  const refocusInput = useRef(false);
  useEffect(() => {
    if (importing === undefined && refocusInput.current) {
      refocusInput.current = false;
      importInput.current?.focus();
    }
  }, [importing]);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    // Cleared so that choosing the same file again, once fixed, is a change too.
    input.value = '';
    // Checked before reading: a huge file would be read whole into memory, and a message over the
    // browser's limit fails with its own, unclear error before the worker can refuse it.
    const tooBig = importSizeError(file.size);
    if (tooBig !== undefined) {
      setOutcome({ file: file.name, error: tooBig });
      return;
    }
    setOutcome(undefined);
    refocusInput.current = input.ownerDocument.activeElement === input;
    setImporting(file.name);
    try {
      const summary = await api.importText(await file.text());
      // The list is read again now rather than on the worker's change signal, which comes later.
      if (summary.added + summary.updated > 0) await onImported();
      setOutcome({ file: file.name, summary });
    } catch (error) {
      setOutcome({ file: file.name, error: messageOf(error) });
    } finally {
      setImporting(undefined);
    }
  };

  return (
    <>
      <div class="row" role="group" aria-labelledby="export-label">
        <span id="export-label">Export all {annotations.length === 1 ? '1 annotation' : `${annotations.length} annotations`}:</span>
        {EXPORTS.map(({ format, label, write }) => (
          <button
            key={format}
            type="button"
            disabled={annotations.length === 0}
            onClick={() => downloadText(exportFileName(format, now()), EXPORT_TYPES[format], write(annotations))}
          >
            {label}
          </button>
        ))}
      </div>
      <p class="muted">
        JSON-LD is the W3C Web Annotation format, which Footnote imports again; Markdown groups the
        annotations by page for reading; CSV opens in a spreadsheet.
      </p>
      <p aria-busy={importing !== undefined}>
        <label for="import-annotations">Import annotations from a JSON-LD file</label>{' '}
        <input
          id="import-annotations"
          ref={importInput}
          type="file"
          accept=".jsonld,.json,application/ld+json,application/json"
          aria-describedby="import-hint"
          disabled={importing !== undefined}
          onChange={(event) => void importFile(event.currentTarget)}
        />
      </p>
      <p id="import-hint" class="muted">
        An annotation already here (same id) is kept, unless the file’s copy was edited later: that copy replaces
        it. A file with any problem is refused and nothing changes.
      </p>
      {/* Live regions exist before they are filled, so screen readers announce the outcome. */}
      <div class="error" role="alert">
        {outcome && 'error' in outcome && (
          <>
            <p>{outcome.file} was not imported; your annotations are unchanged.</p>
            <p class="details">{outcome.error}</p>
          </>
        )}
      </div>
      <div class="status" role="status">
        {importing !== undefined && <p>Importing {importing}…</p>}
        {outcome && 'summary' in outcome && (
          <p>
            {outcome.file}: {importSummary(outcome.summary)}
          </p>
        )}
      </div>
    </>
  );
}
