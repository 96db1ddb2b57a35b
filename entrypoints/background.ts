import { BUNDLED_INDEX } from 'virtual:footnote-index';
import { createAnnotationStore } from '../src/db/annotation-store';
import { createIndexService } from '../src/db/index-service';
import { footnoteDbOpener } from '../src/db/schema';
import { handleMessage, servePort, type MessageSender } from '../src/messaging/handler';
import { REQUEST_PORT } from '../src/messaging/port';
import { readerPath } from '../src/reader/reader-url';
import { loadSettings } from '../src/settings/store';
import { createAnnotationBackend } from '../src/worker/annotations';
import { createBadge } from '../src/worker/badge';
import { createPageSetup } from '../src/worker/page-setup';
import { toggleSiteInTab } from '../src/worker/site-toggle';
import type { TabMessage } from '../src/messaging/tab-protocol';

const COMMAND_DIRECTIONS: Record<string, 'next' | 'previous'> = {
  'next-mention': 'next',
  'previous-mention': 'previous',
};
const TOGGLE_SITE = 'toggle-site';
const ANNOTATE_SELECTION = 'annotate-selection';

export default defineBackground(() => {
  // One connection for the index and the annotations.
  const openDb = footnoteDbOpener();
  const annotations = createAnnotationBackend(createAnnotationStore(openDb));
  const extensionOrigin = browser.runtime.getURL('/');
  const index = createIndexService({
    openDb,
    bundledHash: BUNDLED_INDEX.hash,
    // A packaged file read from the extension itself: no network involved.
    fetchIndex: async () => (await fetch(browser.runtime.getURL(`/${BUNDLED_INDEX.file}` as '/'))).json(),
  });
  const badge = createBadge();
  const pageSetup = createPageSetup(index, loadSettings);
  const services = {
    index,
    annotations,
    pages: {
      setup: pageSetup.setup,
      findMentions: pageSetup.findMentions,
      reportMentions: badge.report,
      openReader: async (sender: MessageSender, target: { doc: number; passage?: number }) => {
        const url = browser.runtime.getURL(readerPath(target) as `/reader.html${string}`);
        await browser.tabs.create({ url, ...(sender.tabId !== undefined ? { openerTabId: sender.tabId } : {}) });
        return { opened: true };
      },
    },
  };

  browser.runtime.onInstalled.addListener(() => {
    index.ready().catch((error: unknown) => console.error('Footnote: index load failed', error));
    browser.contextMenus.create({ id: TOGGLE_SITE, title: 'Footnote: switch on or off for this site', contexts: ['page', 'selection', 'link'] });
    browser.contextMenus.create({ id: ANNOTATE_SELECTION, title: 'Footnote: annotate selection', contexts: ['selection'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined) return;
    if (info.menuItemId === TOGGLE_SITE) void toggleSiteInTab(tab.id);
    if (info.menuItemId === ANNOTATE_SELECTION) {
      const message: TabMessage = { type: 'annotation.create' };
      // The frame the selection is in opens the editor.
      browser.tabs.sendMessage(tab.id, message, { frameId: info.frameId ?? 0 }).catch(() => undefined);
    }
  });
  const senderOf = (sender: Browser.runtime.MessageSender | undefined): MessageSender => ({
    tabId: sender?.tab?.id,
    frameId: sender?.frameId,
    url: sender?.url,
    extensionPage: sender?.url?.startsWith(extensionOrigin) ?? false,
  });
  browser.runtime.onMessage.addListener((message: unknown, sender) => handleMessage(message, services, senderOf(sender)));
  // Content scripts send their card requests over a port (see messaging/port.ts).
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === REQUEST_PORT) servePort(port, services, senderOf(port.sender));
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void badge.clear(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void badge.clear(tabId);
    void annotations.forgetTab(tabId);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_SITE && tab?.id !== undefined) void toggleSiteInTab(tab.id);
    const direction = COMMAND_DIRECTIONS[command];
    if (!direction || tab?.id === undefined) return;
    const message: TabMessage = { type: 'mention.focus', direction };
    // The top frame's content script leads keyboard navigation.
    browser.tabs.sendMessage(tab.id, message, { frameId: 0 }).catch(() => undefined);
  });
});
