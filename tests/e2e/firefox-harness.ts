/**
 * End-to-end harness for Firefox: Debian's Firefox ESR, driven by puppeteer over WebDriver BiDi,
 * with the built Firefox extension installed as a temporary add-on and test pages served from
 * 127.0.0.1 by the Chromium harness's fixture server.
 *
 * Network guard: every connection Firefox makes to a host other than loopback goes through a
 * proxy that is the local sink of the Chromium harness, which records and refuses it, whoever
 * made it (page, content script, background page, the browser itself). MOZ_DISABLE_NONLOCAL_CONNECTIONS
 * makes Firefox refuse any non-loopback socket besides, and lets the prefs below point its
 * remote settings client at nothing (release builds ignore that pref otherwise).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FixtureServer, NetworkSink, useHarness, type ConsoleError, type RecordedRequest } from './harness';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const firefoxExtensionDir = join(repoRoot, '.output', 'firefox-mv2');
const firefoxPath = '/usr/bin/firefox-esr';
const addonId = 'footnote@footnote.local';
/** Fixed by pref, so the add-on's origin is known before it is installed. */
const addonUuid = '5f0c3a8e-2b7d-4c1e-9a6f-0d4e8b1c7a52';

/** Prefs that stop Firefox's own background traffic (puppeteer already turns off updates, safe browsing and telemetry uploads). */
function isolatedFirefoxPrefs(sinkPort: number): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': sinkPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': sinkPort,
    'network.proxy.share_proxy_settings': true,
    // Loopback stays direct, so the fixture server is reached without the proxy.
    'network.proxy.allow_hijacking_localhost': false,
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.predictor.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'app.normandy.enabled': false,
    'browser.region.update.enabled': false,
    'browser.region.network.url': '',
    'extensions.blocklist.enabled': false,
    'toolkit.telemetry.enabled': false,
    'media.peerconnection.enabled': false,
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: addonUuid }),
  };
}

/** The built Firefox extension running in Firefox ESR with a throwaway profile. */
export class FirefoxHarness {
  readonly consoleErrors: ConsoleError[] = [];
  private taken = 0;

  private constructor(
    /** Every request seen: by the sink (left loopback) or by a page of ours. */
    private readonly requests: RecordedRequest[],
    readonly server: FixtureServer,
    private readonly sink: NetworkSink,
    private readonly browser: Browser,
  ) {}

  static async launch(extensionDir = firefoxExtensionDir): Promise<FirefoxHarness> {
    if (!existsSync(join(extensionDir, 'manifest.json'))) {
      throw new Error(`No extension at ${extensionDir}: run \`npm run build\` first.`);
    }
    if (!existsSync(firefoxPath)) throw new Error(`No Firefox at ${firefoxPath}: apt-get install -y firefox-esr`);
    const requests: RecordedRequest[] = [];
    const server = await FixtureServer.start();
    const sink = await NetworkSink.start((request) => requests.push(request));
    let browser: Browser | undefined;
    try {
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: firefoxPath,
        headless: true,
        env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
        extraPrefsFirefox: isolatedFirefoxPrefs(Number(new URL(sink.origin).port)),
      });
      await browser.installExtension(resolve(extensionDir));
    } catch (error) {
      await browser?.close();
      await Promise.allSettled([server.close(), sink.close()]);
      throw error;
    }
    return new FirefoxHarness(requests, server, sink, browser);
  }

  /** Origin of the add-on's packaged files. */
  get extensionOrigin(): string {
    return `moz-extension://${addonUuid}`;
  }

  /** A new tab whose console errors, uncaught errors and requests are recorded. */
  async newPage(): Promise<Page> {
    const page = await this.browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push({ kind: 'console', source: page.url(), text: message.text() });
    });
    page.on('pageerror', (error) => {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.consoleErrors.push({ kind: 'uncaught', source: page.url(), text });
    });
    page.on('request', (request) => {
      this.requests.push({ url: request.url(), method: request.method(), source: 'page', initiator: page.url() });
    });
    return page;
  }

  /** Allowed: pages asking the fixture server, the add-on's own files, data: and blob:. Whatever reached the sink left loopback. */
  private isForeign(request: RecordedRequest): boolean {
    if (request.source !== 'page') return true;
    const allowed = [`${this.server.origin}/`, `${this.extensionOrigin}/`, 'data:', 'blob:'];
    return !allowed.some((prefix) => request.url.startsWith(prefix));
  }

  /**
   * Returns the foreign requests recorded since the last take or report, and marks them taken,
   * so a test that provokes one on purpose can assert on it without failing the file's guard.
   */
  takeForeignRequests(): RecordedRequest[] {
    const fresh = this.requests.slice(this.taken).filter((request) => this.isForeign(request));
    this.taken = this.requests.length;
    return fresh;
  }

  /** Throws, listing them, if a foreign request was recorded since the last take or report. */
  assertNoForeignRequests(): void {
    const fresh = this.takeForeignRequests();
    if (fresh.length === 0) return;
    const lines = fresh.map((r) => `  ${r.method} ${r.url} (from ${r.source}${r.initiator ? ` ${r.initiator}` : ''})`);
    throw new Error(`Foreign network requests were made:\n${lines.join('\n')}`);
  }

  /** Closes Firefox (puppeteer deletes its profile) and both servers. */
  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await Promise.allSettled([this.server.close(), this.sink.close()]);
    }
  }
}

/** `useHarness` for Firefox with the built extension installed. */
export function useFirefoxHarness(): () => FirefoxHarness {
  return useHarness(() => FirefoxHarness.launch(), 'Firefox');
}
