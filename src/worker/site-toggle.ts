import { browser } from 'wxt/browser';
import { siteKeyOf } from '../core/site/site-key';
import type { PageInfo, TabMessage } from '../messaging/tab-protocol';
import { toggleSite } from '../settings/schema';
import { updateSettings } from '../settings/store';

/**
 * Switches Footnote on or off for the site shown in a tab (keyboard command,
 * context menu). The page's address comes from its own content script, so no
 * `tabs` permission is needed; a tab without one cannot be switched.
 */
export async function toggleSiteInTab(tabId: number): Promise<boolean> {
  const message: TabMessage = { type: 'page.info' };
  const info = (await browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined)) as PageInfo | undefined;
  if (!info) return false;
  const key = siteKeyOf(info.url);
  if ('unsupported' in key) return false;
  await updateSettings((settings) => toggleSite(settings, key, 'site'));
  return true;
}
