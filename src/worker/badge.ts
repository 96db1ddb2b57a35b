import { browser } from 'wxt/browser';
import type { MessageSender } from '../messaging/handler';

/** Per-tab, per-frame mention counts, kept in session storage so a restarted worker still knows them. */
const STORAGE_KEY = 'mentionCounts';
type Counts = Record<string, Record<string, number>>;

export function badgeText(total: number): string {
  if (total <= 0) return '';
  return total > 999 ? '999+' : String(total);
}

export function createBadge() {
  // Serialise read-modify-write of the shared record: frames report at the same moment.
  let queue: Promise<unknown> = Promise.resolve();
  const update = <T>(change: (counts: Counts) => T): Promise<T> => {
    const next = queue.then(async () => {
      const counts = ((await browser.storage.session.get(STORAGE_KEY))[STORAGE_KEY] ?? {}) as Counts;
      const result = change(counts);
      await browser.storage.session.set({ [STORAGE_KEY]: counts });
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const show = async (tabId: number, total: number) => {
    try {
      // Firefox's MV2 build has browserAction where MV3 has action.
      await (browser.action ?? browser.browserAction).setBadgeText({ tabId, text: badgeText(total) });
    } catch {
      // The tab closed between the report and the update.
    }
  };

  return {
    async report(sender: MessageSender, count: number): Promise<{ total: number }> {
      const { tabId, frameId = 0 } = sender;
      if (tabId === undefined || tabId < 0) return { total: count };
      const total = await update((counts) => {
        const frames = (counts[tabId] ??= {});
        if (count > 0) frames[frameId] = count;
        else delete frames[frameId];
        if (Object.keys(frames).length === 0) delete counts[tabId];
        return Object.values(frames).reduce((sum, n) => sum + n, 0);
      });
      await show(tabId, total);
      return { total };
    },

    /** A tab navigated or closed: its marks are gone. */
    async clear(tabId: number): Promise<void> {
      await update((counts) => {
        delete counts[tabId];
      });
      await show(tabId, 0);
    },
  };
}
