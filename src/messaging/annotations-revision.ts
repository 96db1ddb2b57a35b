/**
 * The worker's change signal for annotations: after every write it sets this
 * `storage.local` key to a new number, and pages showing annotations refetch.
 * Its own module so content scripts can watch it without bundling the protocol.
 */
import { browser } from 'wxt/browser';

export const ANNOTATIONS_REVISION_KEY = 'annotationsRevision';

/** Calls back whenever the annotations change (here or in another tab); returns a stop function. */
export function watchAnnotationsRevision(callback: () => void): () => void {
  const listener = (changes: Record<string, unknown>, areaName: string): void => {
    if (areaName === 'local' && ANNOTATIONS_REVISION_KEY in changes) callback();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
