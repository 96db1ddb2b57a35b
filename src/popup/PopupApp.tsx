import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { siteKeyOf } from '../core/site/site-key';
import { sendRequest } from '../messaging/client';
import type { IndexStatus } from '../messaging/protocol';
import type { MentionGroup, PageInfo, TabMessage } from '../messaging/tab-protocol';
import { siteState, toggleSite } from '../settings/schema';
import { loadSettings, updateSettings, watchSettings } from '../settings/store';
import { IndexSummary } from './IndexSummary';
import { PopupView, type PopupState } from './PopupView';

const NO_CONTENT_SCRIPT =
  'Browsers keep extensions out of their own pages, extension stores and some special pages.';
/** The page rescans after a switch; read its mentions again shortly after. */
const REFRESH_MS = 1000;

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Asks the tab's top frame what it shows; undefined where no content script runs. */
async function pageInfo(tabId: number): Promise<PageInfo | undefined> {
  const message: TabMessage = { type: 'page.info' };
  try {
    return (await browser.tabs.sendMessage(tabId, message, { frameId: 0 })) as PageInfo | undefined;
  } catch {
    return undefined;
  }
}

async function badgeTotal(tabId: number, fallback: number): Promise<number> {
  const text = await (browser.action ?? browser.browserAction).getBadgeText({ tabId });
  return text === '' ? 0 : Number.parseInt(text, 10) || fallback;
}

export function PopupApp() {
  const [state, setState] = useState<PopupState>({ kind: 'loading' });
  const [hostScope, setHostScope] = useState(false);
  const [status, setStatus] = useState<IndexStatus>();
  const [statusError, setStatusError] = useState<string>();

  const refresh = useCallback(async () => {
    const [tabId, settings] = await Promise.all([activeTabId(), loadSettings()]);
    const info = tabId === undefined ? undefined : await pageInfo(tabId);
    const key = info ? siteKeyOf(info.url) : { unsupported: NO_CONTENT_SCRIPT };
    if (!info || tabId === undefined || 'unsupported' in key) {
      setState({ kind: 'unsupported', reason: 'unsupported' in key ? key.unsupported : NO_CONTENT_SCRIPT, globalEnabled: settings.enabled });
      return;
    }
    setState({
      kind: 'page',
      key,
      site: siteState(settings, key),
      globalEnabled: settings.enabled,
      hostScope,
      groups: info.groups,
      total: await badgeTotal(tabId, info.total),
      annotations: info.annotations,
    });
  }, [hostScope]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const stop = watchSettings(() => void refresh());
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [refresh]);

  useEffect(() => {
    sendRequest('index.status', {}).then(setStatus, (e: Error) => setStatusError(e.message));
  }, []);

  /** To the active tab's top frame, which does the scrolling and opening. */
  const toPage = async (message: TabMessage) => {
    const tabId = await activeTabId();
    if (tabId !== undefined) await browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined);
  };
  const actions = {
    toggleSite: () => {
      if (state.kind !== 'page') return;
      void updateSettings((current) => toggleSite(current, state.key, hostScope ? 'host' : 'site')).then(refresh);
    },
    setHostScope,
    toggleGlobal: () => void updateSettings((current) => ({ ...current, enabled: !current.enabled })).then(refresh),
    reveal: (group: MentionGroup) => void toPage({ type: 'page.reveal', key: group.key }),
    revealAnnotation: (id: string) => void toPage({ type: 'annotation.reveal', id }),
    openOptions: () => void browser.runtime.openOptionsPage(),
  };
  const openAnnotations = () => void browser.tabs.create({ url: browser.runtime.getURL('/annotations.html') });

  return (
    <main class="popup">
      <h1>Footnote</h1>
      <PopupView state={state} actions={actions} />
      <footer>
        <IndexSummary status={status} error={statusError} />
        <button type="button" class="link" onClick={actions.openOptions}>
          Settings
        </button>{' '}
        <button type="button" class="link" onClick={openAnnotations}>
          Annotations
        </button>
      </footer>
    </main>
  );
}
