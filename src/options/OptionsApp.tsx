import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CorpusDocument } from '../core/query/corpus-documents';
import type { IndexStatus } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import type { CorpusInfo } from './CorpusSection';
import { OptionsView } from './OptionsView';
import type { UpdateSettings } from './types';
import { messageOf } from '../core/text/error-message';

/** What the page needs from the extension; the entrypoint passes the real store and worker. */
export interface OptionsServices {
  loadSettings(): Promise<Settings>;
  updateSettings(change: (current: Settings) => Settings): Promise<Settings>;
  /** Calls back on every stored change (from this page, the popup or another window); returns a stop function. */
  watchSettings(callback: (settings: Settings) => void): () => void;
  indexStatus(): Promise<IndexStatus>;
  corpusDocuments(): Promise<CorpusDocument[]>;
}

/** Loads and follows the stored settings and the corpus, and saves each change. */
export function OptionsApp({ services }: { services: OptionsServices }) {
  const [settings, setSettings] = useState<Settings>();
  const [loadError, setLoadError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [corpus, setCorpus] = useState<CorpusInfo>({});

  useEffect(() => {
    const stop = services.watchSettings(setSettings);
    // A change seen by the watcher before the first load answers is the newer one.
    services.loadSettings().then(
      (loaded) => setSettings((current) => current ?? loaded),
      (error: unknown) => setLoadError(messageOf(error)),
    );
    Promise.all([services.indexStatus(), services.corpusDocuments()]).then(
      ([status, documents]) => setCorpus({ status, documents }),
      (error: unknown) => setCorpus({ error: messageOf(error) }),
    );
    return stop;
  }, [services]);

  const update = useCallback<UpdateSettings>(
    (change) =>
      services.updateSettings(change).then(
        (next) => {
          setSettings(next);
          setSaveError(undefined);
          return true;
        },
        (error: unknown) => {
          setSaveError(`Your change was not saved: ${messageOf(error)}`);
          return false;
        },
      ),
    [services],
  );

  return (
    <main class="options">
      <h1>Footnote settings</h1>
      {loadError ? (
        <p role="alert">Your settings could not be read: {loadError}</p>
      ) : settings ? (
        <OptionsView settings={settings} update={update} corpus={corpus} saveError={saveError} />
      ) : (
        <p aria-busy="true">Loading your settings…</p>
      )}
    </main>
  );
}
