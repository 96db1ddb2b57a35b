import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendRequest } from '../messaging/client';
import { createPortChannel, REQUEST_PORT } from '../messaging/port';
import { SETTINGS_KEY } from '../settings/storage-key';
import { CHROMIUM_DELIVERY, UNIVERSAL_DELIVERY } from './highlight-styles';
import { PageSession, type SessionHooks } from './page-session';
import { workerMentionFinder } from './mention-finder';
import { formatCitation } from '../core/query/citation';
import { readerPath } from '../reader/reader-url';

import { isTabMessage, type TabMessage, type TabResponses } from '../messaging/tab-protocol';
import { LazyAnnotations, NO_ANNOTATIONS } from './annotations/lazy-annotations';
import { passageDrafts } from './annotations/passage-drafts';
import { chunkLoader } from './chunks';
import { ANNOTATIONS_REVISION_KEY } from '../messaging/annotations-revision';
import { normalisePageUrl } from '../core/annotations/url';

/**
 * Footnote in one frame: asks the worker whether it is on here and what to
 * mark, runs a PageSession while it is, and follows settings changes at once.
 */
export async function runContentApp(ctx: ContentScriptContext) {
  let session: PageSession | undefined;
  let annotations: LazyAnnotations | undefined;
  let state = { enabled: false, reason: 'starting' };
  let applying = Promise.resolve();

  // Web-accessible, in Chrome by a per-session URL (wxt.config.ts): pages cannot probe for the extension by its id.
  const loadChunk = chunkLoader((path) => browser.runtime.getURL(path));
  const requests = createPortChannel(() => {
    const port = browser.runtime.connect({ name: REQUEST_PORT });
    // Read, so that a worker that could not be reached is not also logged as an unchecked error.
    port.onDisconnect.addListener(() => void browser.runtime.lastError);
    return port;
  });
  const cardServices: SessionHooks['card'] = {
    requests: {
      entity: (request) => requests.send('entity.passages', request),
      figure: (request) => requests.send('figure.passages', request),
    },
    view: () => loadChunk('card-view'),
    actions: {
      readerHref: (hit) => browser.runtime.getURL(readerPath({ doc: hit.passage.doc, passage: hit.passage.id }) as `/reader.html${string}`),
      openReader: (hit) => void sendRequest('reader.open', { doc: hit.passage.doc, passage: hit.passage.id }),
      copyCitation: (hit) => navigator.clipboard.writeText(formatCitation(hit)),
      // The mention's quote with the chosen passage linked and the card's other passages offered.
      save: (hit) => {
        const shown = session?.card.shown();
        if (!shown || !annotations) return;
        session?.card.close();
        void annotations.annotateRange(shown.mark.range, passageDrafts(shown.hits, hit));
      },
    },
  };

  // A single-page site changes its address without loading a page: the annotations shown must be the new
  // address's. Heard from the Navigation API where there is one, else when the site swaps its content.
  let annotatedAddress = normalisePageUrl(location.href);
  const followAddress = () => {
    const address = normalisePageUrl(location.href);
    if (address === annotatedAddress) return;
    annotatedAddress = address;
    annotations?.refresh().catch((error: unknown) => console.debug('Footnote: annotations', error));
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;

  const reportCount = (count: number) => {
    if (ctx.isValid) sendRequest('page.mentions', { count }).catch(() => undefined);
  };

  // A frame of its page's own making (srcdoc, about:blank) has its page's origin, and is on or off with that
  // site. It has no address of its own to keep annotations under (about:srcdoc is the same on every site).
  const madeByPage = location.protocol === 'about:';
  const siteUrl = madeByPage && origin !== 'null' ? origin : location.href;

  const apply = async () => {
    const setup = await sendRequest('page.setup', { url: siteUrl });
    state = { enabled: setup.enabled, reason: setup.reason };
    if (!setup.enabled || madeByPage) {
      annotations?.dispose();
      annotations = undefined;
    } else if (!annotations) {
      annotations = new LazyAnnotations(
        document,
        {
          forPage: (url) => sendRequest('annotations.forPage', { url }),
          extensionUrl: (path) => browser.runtime.getURL(path as '/'),
        },
        () => loadChunk('page-annotations'),
      );
      annotations.refresh().catch((error: unknown) => console.debug('Footnote: annotations', error));
    }
    if (!setup.enabled || !setup.dictionary) {
      session?.stop();
      session = undefined;
      return;
    }
    if (session && session.dictionaryKey === setup.dictionary.key && session.markEvery === setup.display.markEvery) {
      session.restyle(setup.display.highlight);
      return;
    }
    session?.stop();
    const styles = import.meta.env.FIREFOX ? UNIVERSAL_DELIVERY : CHROMIUM_DELIVERY;
    const finder = workerMentionFinder(
      requests,
      { key: setup.dictionary.key, firstPerBlock: setup.display.markEvery === 'first-per-paragraph' },
      () => void reapply(),
    );
    session = new PageSession(document, setup.dictionary, setup.display, { onCount: reportCount, onContentChange: followAddress, finder, card: cardServices }, styles);
    // Not awaited: a settings change must not wait for the worker's answers (the next session stops this one).
    void session.start();
  };
  // Settings can change again while a setup is in flight: apply them in order.
  const reapply = () => {
    applying = applying.then(apply).catch((error: unknown) => console.debug('Footnote:', error));
    return applying;
  };

  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) void reapply();
    if (area === 'local' && ANNOTATIONS_REVISION_KEY in changes) {
      annotations?.refresh().catch((error: unknown) => console.debug('Footnote: annotations', error));
    }
  };
  browser.storage.onChanged.addListener(onStorage);
  const answer = async (message: TabMessage): Promise<TabResponses[TabMessage['type']]> => {
    switch (message.type) {
      case 'mention.focus':
        return { focused: !!session?.moveFocus(message.direction) };
      case 'page.info':
        return {
          url: location.href,
          ...state,
          total: session?.scanner.count ?? 0,
          groups: session?.groups() ?? [],
          annotations: (await annotations?.status()) ?? NO_ANNOTATIONS,
        };
      case 'page.reveal':
        return { revealed: !!session?.reveal(message.key) };
      case 'annotation.create':
        return { opened: (await annotations?.annotateSelection()) ?? false };
      case 'annotation.reveal':
        return { revealed: (await annotations?.reveal(message.id)) ?? false };
    }
  };
  const onMessage = (message: unknown) => {
    // Returning undefined leaves other listeners free to answer messages that are not ours.
    if (isTabMessage(message)) return answer(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  // A frame removed from its page, or left, takes its marks along: the badge must stop counting them (only a
  // tab's own navigation clears its count). Back from the back/forward cache, they count again.
  const onPageHide = () => reportCount(0);
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && session) reportCount(session.scanner.count);
  };
  addEventListener('pagehide', onPageHide);
  addEventListener('pageshow', onPageShow);
  navigation?.addEventListener('currententrychange', followAddress);
  ctx.onInvalidated(() => {
    removeEventListener('pagehide', onPageHide);
    removeEventListener('pageshow', onPageShow);
    navigation?.removeEventListener('currententrychange', followAddress);
    browser.storage.onChanged.removeListener(onStorage);
    browser.runtime.onMessage.removeListener(onMessage);
    session?.stop();
    annotations?.dispose();
  });

  await reapply();
  return { session: () => session };
}
