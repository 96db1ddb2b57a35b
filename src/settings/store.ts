/**
 * Settings in `browser.storage.local` under one key. Every read is validated, so a corrupt or
 * outdated stored value yields per-field defaults instead of an exception.
 */
import { browser } from 'wxt/browser';
import { validateSettings, type Settings } from './schema';
import { SETTINGS_KEY } from './storage-key';

export { SETTINGS_KEY };

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return validateSettings(stored[SETTINGS_KEY]).settings;
}

/** Refuses settings that do not validate cleanly, so storage only ever holds good values. */
export async function saveSettings(next: Settings): Promise<void> {
  const { settings, problems } = validateSettings(next);
  if (problems.length > 0) throw new Error(`Refusing to save invalid settings: ${problems.join('; ')}`);
  await browser.storage.local.set({ [SETTINGS_KEY]: settings });
}

let pendingUpdate: Promise<unknown> = Promise.resolve();

/**
 * Reads, changes and writes the settings. Updates from this page run one after another; storage
 * has no transactions, so two pages updating at the same instant can still lose one change.
 */
export function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const run = pendingUpdate.then(async () => {
    const next = change(await loadSettings());
    await saveSettings(next);
    return next;
  });
  pendingUpdate = run.catch(() => undefined);
  return run;
}

/** Calls back with the validated settings whenever they change; stops on abort or when the returned function is called. */
export function watchSettings(callback: (settings: Settings) => void, signal?: AbortSignal): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    const change = changes[SETTINGS_KEY];
    if (areaName !== 'local' || !change) return;
    // A removed key reads as nothing stored (null in some implementations): the defaults.
    callback(validateSettings(change.newValue ?? undefined).settings);
  };
  const stop = (): void => browser.storage.onChanged.removeListener(listener);
  if (signal?.aborted) return () => undefined;
  browser.storage.onChanged.addListener(listener);
  signal?.addEventListener('abort', stop, { once: true });
  return stop;
}
