import type { Settings } from '../settings/schema';
import { CorpusSection, type CorpusInfo } from './CorpusSection';
import { MarkChoices } from './MarkChoices';
import { SettingsTransfer } from './SettingsTransfer';
import { SiteLists } from './SiteLists';
import type { UpdateSettings } from './types';

export interface OptionsViewProps {
  settings: Settings;
  update: UpdateSettings;
  corpus: CorpusInfo;
  /** Why the last change could not be saved. */
  saveError?: string;
}

/** The whole options page; every change is saved as it is made. */
export function OptionsView({ settings, update, corpus, saveError }: OptionsViewProps) {
  return (
    <>
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      <section aria-labelledby="general-heading">
        <h2 id="general-heading">Footnote</h2>
        <label class="choice switch">
          <input
            type="checkbox"
            role="switch"
            checked={settings.enabled}
            aria-describedby="enabled-hint"
            onChange={(event) => {
              const enabled = event.currentTarget.checked;
              void update((current) => ({ ...current, enabled }));
            }}
          />
          Footnote on everywhere
        </label>
        <p id="enabled-hint" class="muted">
          Switch off to pause Footnote on every site; your lists are kept.
        </p>
      </section>
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <SiteLists settings={settings} update={update} />
      </section>
      <section aria-labelledby="marks-heading">
        <h2 id="marks-heading">What to mark</h2>
        <MarkChoices settings={settings} update={update} />
      </section>
      <section aria-labelledby="corpus-heading">
        <h2 id="corpus-heading">Corpus</h2>
        <CorpusSection corpus={corpus} />
      </section>
      <section aria-labelledby="transfer-heading">
        <h2 id="transfer-heading">Back up settings</h2>
        <SettingsTransfer settings={settings} update={update} />
      </section>
    </>
  );
}
