import { useEffect, useMemo, useState } from 'preact/hooks';
import { exportSettings, importSettings, type Settings } from '../settings/schema';
import type { UpdateSettings } from './types';

export const EXPORT_FILE_NAME = 'footnote-settings.json';

type ImportOutcome = { file: string; error: string } | { file: string; imported: true };

/** Export to a JSON file, and import one: an import with any problem changes nothing. */
export function SettingsTransfer({ settings, update }: { settings: Settings; update: UpdateSettings }) {
  const href = useMemo(
    () => URL.createObjectURL(new Blob([exportSettings(settings)], { type: 'application/json' })),
    [settings],
  );
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  const [outcome, setOutcome] = useState<ImportOutcome>();

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    // Cleared so that choosing the same file again, once fixed, is a change too.
    input.value = '';
    const result = importSettings(await file.text());
    if ('error' in result) {
      setOutcome({ file: file.name, error: result.error });
      return;
    }
    if (await update(() => result.settings)) setOutcome({ file: file.name, imported: true });
    else setOutcome(undefined);
  };

  return (
    <>
      <p>
        <a class="button" href={href} download={EXPORT_FILE_NAME}>
          Export settings
        </a>{' '}
        <span class="muted">Saves your lists and choices to a file.</span>
      </p>
      <p>
        <label for="import-settings">Import settings from a file</label>{' '}
        <input
          id="import-settings"
          type="file"
          accept=".json,application/json"
          aria-describedby="import-hint"
          onChange={(event) => void importFile(event.currentTarget)}
        />
      </p>
      <p id="import-hint" class="muted">
        Importing replaces all your settings. A file with any problem is refused and nothing changes.
      </p>
      {outcome && 'error' in outcome && (
        <div class="error" role="alert">
          <p>
            {outcome.file} was not imported; your settings are unchanged.
          </p>
          <p class="details">{outcome.error}</p>
        </div>
      )}
      {outcome && 'imported' in outcome && (
        <p class="status" role="status">
          Imported the settings from {outcome.file}.
        </p>
      )}
    </>
  );
}
