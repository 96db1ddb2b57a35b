import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendRequest } from '../messaging/client';
import { SETTINGS_KEY } from '../settings/storage-key';
import type { FocusDirection } from './mention-focus';
import { PageSession, type SessionHooks } from './page-session';

/** Messages the worker relays to a tab's content script (from keyboard commands). */
export type ContentCommand = { type: 'mention.focus'; direction: FocusDirection };

function isContentCommand(message: unknown): message is ContentCommand {
  const m = message as ContentCommand | undefined;
  return m?.type === 'mention.focus' && (m.direction === 'next' || m.direction === 'previous');
}

/**
 * Footnote in one frame: asks the worker whether it is on here and what to
 * mark, runs a PageSession while it is, and follows settings changes at once.
 */
export async function runContentApp(ctx: ContentScriptContext, hooks: Omit<SessionHooks, 'onCount'> = {}) {
  let session: PageSession | undefined;
  let applying = Promise.resolve();

  const reportCount = (count: number) => {
    if (ctx.isValid) sendRequest('page.mentions', { count }).catch(() => undefined);
  };

  const apply = async () => {
    const setup = await sendRequest('page.setup', { url: location.href });
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
    session = new PageSession(document, setup.dictionary, setup.display, { ...hooks, onCount: reportCount });
    await session.start();
  };
  // Settings can change again while a setup is in flight: apply them in order.
  const reapply = () => {
    applying = applying.then(apply).catch((error: unknown) => console.debug('Footnote:', error));
    return applying;
  };

  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) void reapply();
  };
  browser.storage.onChanged.addListener(onStorage);
  const onMessage = (message: unknown) => {
    if (isContentCommand(message) && session) session.moveFocus(message.direction);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    browser.storage.onChanged.removeListener(onStorage);
    browser.runtime.onMessage.removeListener(onMessage);
    session?.stop();
  });

  await reapply();
  return { session: () => session };
}
