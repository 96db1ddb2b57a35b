/**
 * The worker's annotation backend: the store, plus what the browser adds —
 * the change signal after writes, and opening a page that then reveals the
 * annotation (remembered in `storage.session`, which content scripts cannot read).
 */
import { browser } from 'wxt/browser';
import type { Annotation } from '../core/annotations/model';
import type { AnnotationStore } from '../db/annotation-store';
import { ANNOTATIONS_REVISION_KEY } from '../messaging/annotations-revision';
import type { AnnotationBackend } from '../messaging/handler';
import { ProtocolError } from '../messaging/protocol';

/** Pages Footnote's content script runs on; anything else (javascript:, data:, browser pages) is not opened. */
const OPENABLE_SCHEMES = new Set(['http:', 'https:', 'file:']);

function revealKey(tabId: number): string {
  return `annotationReveal:${tabId}`;
}

function isOpenable(url: string): boolean {
  try {
    return OPENABLE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

export interface WorkerAnnotations extends AnnotationBackend {
  /** Drops a closed tab's pending reveal. */
  forgetTab(tabId: number): Promise<void>;
}

export function createAnnotationBackend(store: AnnotationStore, now: () => number = Date.now): WorkerAnnotations {
  let lastSignal: Promise<void> = Promise.resolve();
  /** Settles once every `open` so far has stored its reveal: the opened page may ask before `tabs.create` resolves. */
  let revealsStored: Promise<unknown> = Promise.resolve();

  /** A strictly larger number each time, so two writes in one millisecond still change the key. */
  function signalChange(): Promise<void> {
    lastSignal = lastSignal
      .catch(() => undefined)
      .then(async () => {
        const previous = (await browser.storage.local.get(ANNOTATIONS_REVISION_KEY))[ANNOTATIONS_REVISION_KEY];
        const revision = Math.max(now(), typeof previous === 'number' ? previous + 1 : 0);
        await browser.storage.local.set({ [ANNOTATIONS_REVISION_KEY]: revision });
      });
    return lastSignal;
  }

  async function takeReveal(tabId: number, annotations: readonly Annotation[]): Promise<string | undefined> {
    const key = revealKey(tabId);
    const id = (await browser.storage.session.get(key))[key];
    // Another frame of the tab (an embedded page) must not use up the reveal meant for the top page.
    if (typeof id !== 'string' || !annotations.some((annotation) => annotation.id === id)) return undefined;
    await browser.storage.session.remove(key);
    return id;
  }

  return {
    get: (id) => store.get(id),
    list: () => store.list(),
    tags: () => store.tags(),

    async forPage(url, tabId) {
      const annotations = await store.forPage(url);
      if (tabId !== undefined) await revealsStored;
      const reveal = tabId === undefined ? undefined : await takeReveal(tabId, annotations);
      return reveal === undefined ? { annotations } : { annotations, reveal };
    },

    async save(annotation, options) {
      const stored = await store.save(annotation, options);
      await signalChange();
      return stored;
    },

    async remove(id) {
      const removed = await store.remove(id);
      if (removed) await signalChange();
      return removed;
    },

    async importAnnotations(annotations) {
      const summary = await store.importAnnotations(annotations);
      // An updated copy changes what open pages and the annotations page show, as an added one does.
      if (summary.added > 0 || summary.updated > 0) await signalChange();
      return summary;
    },

    async open(id) {
      const annotation = await store.get(id);
      if (!annotation) throw new ProtocolError('not-found', `no annotation ${id}`);
      const url = annotation.target.source;
      if (!isOpenable(url)) return { opened: false };
      const stored = browser.tabs.create({ url }).then(async (tab) => {
        if (tab.id !== undefined) await browser.storage.session.set({ [revealKey(tab.id)]: id });
      });
      revealsStored = Promise.allSettled([revealsStored, stored]);
      await stored;
      return { opened: true };
    },

    forgetTab: (tabId) => browser.storage.session.remove(revealKey(tabId)),
  };
}
