/**
 * End-to-end harness: launches a built extension in Debian's Chromium with a throwaway profile,
 * serves test pages from 127.0.0.1, and records every request the browser makes so a test can
 * prove that nothing left the machine.
 *
 * Network guard, in three layers:
 * 1. Playwright sees requests from pages, extension pages and the extension's service worker;
 *    each is recorded and, unless allowed, aborted before it is sent.
 * 2. Everything else (requests made before the route was installed, WebSockets, the browser's
 *    own traffic) goes through `--proxy-server` to a local sink that records and refuses it.
 * 3. Chromium's built-in Google services that flags cannot turn off (account listing, the
 *    component updater) are pointed at the sink by switch, so they are recorded as
 *    `browser-service` requests and never addressed to the internet.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Request, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage, type Target } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { BASE_CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const builtExtensionDir = join(repoRoot, '.output', 'chrome-mv3');
export const fixturesDir = join(repoRoot, 'tests', 'fixtures');
const startupTimeoutMs = 30_000;

/** Who made a request. `browser-*` requests were seen only by the local network sink. */
export type RequestSource =
  | 'page'
  | 'extension-page'
  | 'extension-worker'
  | 'browser-proxy'
  | 'browser-service';

export interface RecordedRequest {
  url: string;
  method: string;
  source: RequestSource;
  /** URL of the page, frame or worker that made the request; empty for browser requests. */
  initiator: string;
}

export interface ConsoleError {
  kind: 'console' | 'uncaught';
  /** URL of the page or worker that logged or threw. */
  source: string;
  text: string;
}

export interface LaunchOptions {
  /** Unpacked extension to load; defaults to the Chrome MV3 build. */
  extensionDir?: string;
  /**
   * For saved real-world pages, which ask other hosts for their ads and scripts: foreign requests
   * of pages or seen by the proxy sink for which this returns true are still aborted (or refused)
   * and recorded, but do not fail the test. The extension's own pages and worker are never
   * excused. Chromium attributes a content script's requests to its page, so a test using this
   * must prove those are not ours itself (for example, against the page loaded without us).
   */
  allowPageForeignRequestsToBeAborted?: (request: RecordedRequest) => boolean;
}

/** Chromium derives an unpacked extension's id from its absolute path. */
export function unpackedExtensionId(extensionDir: string): string {
  const digest = createHash('sha256').update(resolve(extensionDir)).digest('hex').slice(0, 32);
  return [...digest].map((hex) => String.fromCharCode(97 + Number.parseInt(hex, 16))).join('');
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

async function listen(server: Server): Promise<void> {
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
}

function originOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
}

/** Static server for `tests/fixtures/` plus pages registered by the test. */
export class FixtureServer {
  private readonly pages = new Map<string, string>();
  private readonly server = createServer((request, response) => {
    void this.respond(request.url ?? '/').then(({ status, type, body }) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    });
  });

  private constructor(private readonly root: string) {}

  static async start(root = fixturesDir): Promise<FixtureServer> {
    const fixtures = new FixtureServer(resolve(root));
    await listen(fixtures.server);
    return fixtures;
  }

  get origin(): string {
    return originOf(this.server);
  }

  /** Absolute URL of a path on this server. */
  url(path: string): string {
    return new URL(path, this.origin).href;
  }

  /** Serves `html` at `path` (overriding any fixture file there) and returns its URL. */
  addPage(path: string, html: string): string {
    const url = this.url(path);
    this.pages.set(new URL(url).pathname, html);
    return url;
  }

  async close(): Promise<void> {
    await stop(this.server);
  }

  private async respond(rawPath: string): Promise<{ status: number; type: string; body: string | Buffer }> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(rawPath, this.origin).pathname);
    } catch {
      return { status: 400, type: 'text/plain', body: 'bad path' };
    }
    const registered = this.pages.get(pathname);
    if (registered !== undefined) return { status: 200, type: contentTypes['.html']!, body: registered };
    const file = resolve(this.root, `.${pathname}`);
    if (!file.startsWith(this.root + sep)) return { status: 403, type: 'text/plain', body: 'outside fixtures' };
    try {
      const body = await readFile(file);
      return { status: 200, type: contentTypes[extname(file)] ?? 'application/octet-stream', body };
    } catch {
      return { status: 404, type: 'text/plain', body: 'not found' };
    }
  }
}

/**
 * A web-accessible file with use_dynamic_url, as pages reach it: a per-session GUID stands for the
 * extension's id (ours is the only extension loaded).
 */
const DYNAMIC_EXTENSION_URL = /^chrome-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\//;

/** Everything the browser asked for during a harness's life, and which of it was foreign. */
export class NetworkRecorder {
  readonly requests: RecordedRequest[] = [];
  private readonly settled = new Set<RecordedRequest>();

  constructor(
    private readonly fixtureOrigin: string,
    private readonly extensionId: string,
    private readonly excused: (request: RecordedRequest) => boolean = () => false,
  ) {}

  record(request: RecordedRequest): void {
    this.requests.push(request);
  }

  /** Allowed: the fixture server (from pages only), our own packaged files, data: and blob:. */
  isForeign(request: RecordedRequest): boolean {
    if (request.source === 'browser-service') return false;
    if (request.source === 'browser-proxy') return true;
    const { url } = request;
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    if (url.startsWith(`chrome-extension://${this.extensionId}/`) || DYNAMIC_EXTENSION_URL.test(url)) return false;
    return request.source !== 'page' || !url.startsWith(`${this.fixtureOrigin}/`);
  }

  private isExcused(request: RecordedRequest): boolean {
    return (request.source === 'page' || request.source === 'browser-proxy') && this.excused(request);
  }

  foreignRequests(): RecordedRequest[] {
    return this.requests.filter((request) => this.isForeign(request));
  }

  /**
   * Returns the foreign requests not yet taken or reported, and marks them settled, so a test
   * that provokes one on purpose can assert on it without failing the file's guard.
   */
  takeForeignRequests(): RecordedRequest[] {
    const fresh = this.foreignRequests().filter((request) => !this.settled.has(request));
    for (const request of fresh) this.settled.add(request);
    return fresh;
  }

  /**
   * Throws, listing them, if any foreign request was recorded since the last take or report
   * (other than a page's that the launch options excuse).
   */
  assertNoForeignRequests(): void {
    const fresh = this.takeForeignRequests().filter((request) => !this.isExcused(request));
    if (fresh.length === 0) return;
    const lines = fresh.map((r) => `  ${r.method} ${r.url} (from ${r.source}${r.initiator ? ` ${r.initiator}` : ''})`);
    throw new Error(`Foreign network requests were made:\n${lines.join('\n')}`);
  }
}

/**
 * Local endpoint that Chromium uses as its HTTP proxy and as the address of its own Google
 * services. Proxy-form requests and CONNECTs are traffic to other hosts that escaped Playwright's
 * routing; origin-form requests are the redirected built-in services. All are refused.
 */
export class NetworkSink {
  private readonly server: Server;

  private constructor(record: (request: RecordedRequest) => void) {
    this.server = createServer((request, response) => {
      const target = request.url ?? '/';
      const proxied = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
      record({
        url: proxied ? target : `${this.origin}${target}`,
        method: request.method ?? 'GET',
        source: proxied ? 'browser-proxy' : 'browser-service',
        initiator: '',
      });
      response.writeHead(proxied ? 403 : 404).end();
    });
    this.server.on('connect', (request, socket) => {
      socket.on('error', () => {});
      record({ url: request.url ?? '', method: 'CONNECT', source: 'browser-proxy', initiator: '' });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  static async start(record: (request: RecordedRequest) => void): Promise<NetworkSink> {
    const sink = new NetworkSink(record);
    await listen(sink.server);
    return sink;
  }

  get origin(): string {
    return originOf(this.server);
  }

  async close(): Promise<void> {
    await stop(this.server);
  }
}

function describeRequest(request: Request, extensionId: string): RecordedRequest {
  const base = { url: request.url(), method: request.method() };
  const worker = request.serviceWorker();
  if (worker) {
    const ours = worker.url().startsWith(`chrome-extension://${extensionId}/`);
    return { ...base, source: ours ? 'extension-worker' : 'page', initiator: worker.url() };
  }
  let initiator = '';
  try {
    initiator = request.frame().url();
  } catch {
    // Requests of workers that Playwright does not track carry no frame.
  }
  // A navigation is attributed to the page it loads into, not to the document it replaces.
  const fromExtension = !request.isNavigationRequest() && initiator.startsWith(`chrome-extension://${extensionId}/`);
  return { ...base, source: fromExtension ? 'extension-page' : 'page', initiator };
}

/** Switches that keep Chromium off the network: whatever escapes request routing reaches `sinkOrigin`. */
function isolatedChromiumArgs(sinkOrigin: string): string[] {
  return [
    ...BASE_CHROMIUM_ARGS,
    `--proxy-server=${sinkOrigin}`,
    `--gaia-url=${sinkOrigin}`,
    `--component-updater=url-source=${sinkOrigin}/component-updater`,
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    // A --disable-features switch replaces Playwright's own, so this repeats the network-related
    // features Playwright turns off (network time, optimization hints, search preconnect, AI mode)
    // and adds autofill, which any form field on a test page makes Chromium query.
    `--disable-features=${[
      'AutofillServerCommunication',
      'NetworkTimeServiceQuerying',
      'OptimizationHints',
      'OptimizationHintsFetching',
      'OptimizationGuideModelDownloading',
      'PreconnectToSearch',
      'AimEnabled',
      'MediaRouter',
      'Translate',
      'LensOverlay',
      'HttpsUpgrades',
      'HttpsFirstBalancedModeAutoEnable',
      'PaintHolding',
      'ThirdPartyStoragePartitioning',
      'AvoidUnnecessaryBeforeUnloadCheckSync',
      'DestroyProfileOnBrowserClose',
      'AvoidCorsURLLoaderRestartOnRedirect',
    ].join(',')}`,
  ];
}

/**
 * A fresh Chromium profile. Spell checking is off in it: the first keystroke in a text field
 * would otherwise make the browser download a dictionary from Google, which the network guard
 * (rightly) reports, though it is the browser's doing, not ours.
 */
function newProfile(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ browser: { enable_spellchecking: false }, spellcheck: { dictionaries: [], dictionary: '' } }));
  return dir;
}

/** A built extension running in a persistent Chromium profile. */
export class ExtensionHarness {
  readonly consoleErrors: ConsoleError[] = [];
  private readonly plainBrowsers: BrowserContext[] = [];
  private readonly plainProfiles: string[] = [];
  private current: BrowserContext | undefined;
  private messenger: Page | undefined;

  private constructor(
    readonly extensionDir: string,
    readonly extensionId: string,
    private readonly serviceWorkerPath: string,
    readonly server: FixtureServer,
    readonly network: NetworkRecorder,
    private readonly sink: NetworkSink,
    readonly userDataDir: string,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<ExtensionHarness> {
    const extensionDir = resolve(options.extensionDir ?? builtExtensionDir);
    const manifestPath = join(extensionDir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      throw new Error(`No extension at ${extensionDir}: run \`npm run build\` first.`);
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { background?: { service_worker?: string } };
    const serviceWorkerPath = manifest.background?.service_worker;
    if (!serviceWorkerPath) throw new Error(`${manifestPath} declares no background.service_worker`);

    const extensionId = unpackedExtensionId(extensionDir);
    const server = await FixtureServer.start();
    const network = new NetworkRecorder(server.origin, extensionId, options.allowPageForeignRequestsToBeAborted);
    const sink = await NetworkSink.start((request) => network.record(request));
    const userDataDir = newProfile('footnote-e2e-');
    const harness = new ExtensionHarness(extensionDir, extensionId, serviceWorkerPath, server, network, sink, userDataDir);
    try {
      await harness.start();
    } catch (error) {
      await harness.close();
      throw error;
    }
    return harness;
  }

  get context(): BrowserContext {
    if (!this.current) throw new Error('The browser is not running.');
    return this.current;
  }

  /** URL of a packaged file of the extension. */
  extensionUrl(path: string): string {
    return `chrome-extension://${this.extensionId}/${path.replace(/^\//, '')}`;
  }

  /** The extension's running service worker; waits for it if it has not started yet. */
  async worker(): Promise<Worker> {
    const workerUrl = this.extensionUrl(this.serviceWorkerPath);
    const isOurs = (worker: Worker): boolean => worker.url() === workerUrl;
    const running = this.context.serviceWorkers().find(isOurs);
    if (running) return running;
    return this.context.waitForEvent('serviceworker', { predicate: isOurs, timeout: startupTimeoutMs });
  }

  async newPage(): Promise<Page> {
    return this.context.newPage();
  }

  /** Opens a packaged page of the extension (its popup by default) in a new tab. */
  async openExtensionPage(path = 'popup.html'): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(this.extensionUrl(path));
    return page;
  }

  /**
   * Sends `message` with `chrome.runtime.sendMessage` from an extension page (kept open between
   * calls) and resolves with the response, as the popup or options page would.
   */
  async sendMessage<Response = unknown>(message: unknown, fromPage = 'popup.html'): Promise<Response> {
    const url = this.extensionUrl(fromPage);
    if (this.messenger?.url() !== url || this.messenger.isClosed()) {
      await this.messenger?.close();
      this.messenger = await this.openExtensionPage(fromPage);
    }
    return this.messenger.evaluate(async (payload) => {
      const { chrome } = globalThis as unknown as {
        chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
      };
      return chrome.runtime.sendMessage(payload);
    }, message) as Promise<Response>;
  }

  /**
   * A second Chromium with a fresh profile but no extension, isolated like this one (its stray
   * traffic reaches this harness's sink), to compare a page with and without us. It has no
   * request routing: the caller routes it. `close()` closes it too and deletes its profile.
   */
  async launchPlainBrowser(): Promise<BrowserContext> {
    const profile = newProfile('footnote-e2e-plain-');
    this.plainProfiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: isolatedChromiumArgs(this.sink.origin),
    });
    this.plainBrowsers.push(context);
    return context;
  }

  /** Closes the browser and starts it again on the same profile, as a user restarting it would. */
  async reopen(): Promise<void> {
    await this.shutdownBrowser();
    await this.start();
  }

  /** Foreign requests recorded since the last take or report fail the calling test. */
  assertNoForeignRequests(): void {
    this.network.assertNoForeignRequests();
  }

  private puppeteer: PuppeteerBrowser | undefined;

  /** Closes the browser (and any plain one) and both servers, and deletes the profiles. */
  async close(): Promise<void> {
    try {
      await Promise.all([this.shutdownBrowser(), ...this.plainBrowsers.map((context) => context.close())]);
    } finally {
      await Promise.allSettled([this.server.close(), this.sink.close()]);
      for (const dir of [this.userDataDir, ...this.plainProfiles]) rmSync(dir, { recursive: true, force: true });
    }
  }

  private async start(): Promise<void> {
    const context = await chromium.launchPersistentContext(this.userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        ...isolatedChromiumArgs(this.sink.origin),
        `--disable-extensions-except=${this.extensionDir}`,
        `--load-extension=${this.extensionDir}`,
        // Lets puppeteer attach for the popup, which Playwright does not list. Loopback only.
        '--remote-debugging-address=127.0.0.1',
        '--remote-debugging-port=0',
      ],
    });
    this.current = context;
    context.on('request', (request) => this.network.record(describeRequest(request, this.extensionId)));
    await context.route('**/*', async (route) => {
      const request = describeRequest(route.request(), this.extensionId);
      await (this.network.isForeign(request) ? route.abort('blockedbyclient') : route.continue());
    });
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      const source = message.page()?.url() ?? message.worker()?.url() ?? '';
      this.consoleErrors.push({ kind: 'console', source, text: message.text() });
    });
    context.on('weberror', (webError) => {
      const error = webError.error();
      this.consoleErrors.push({ kind: 'uncaught', source: webError.page()?.url() ?? '', text: error.stack ?? error.message });
    });
    await this.worker();
  }

  /**
   * Opens the extension's real toolbar popup for the active tab (as a click on the toolbar button
   * would) and returns it as a puppeteer page: Playwright does not expose popups.
   */
  async openPopup(): Promise<PuppeteerPage> {
    if (!this.puppeteer) {
      const port = readFileSync(join(this.userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
      this.puppeteer = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
    }
    const worker = await this.worker();
    // popup.html may already be open in a tab (sendMessage's messenger): wait for the new one.
    const isPopup = (target: Target) => target.url().endsWith('/popup.html');
    const before = new Set(this.puppeteer.targets().filter(isPopup));
    await worker.evaluate(() => (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome.action.openPopup());
    const target = await this.puppeteer.waitForTarget((t) => isPopup(t) && !before.has(t), { timeout: 10_000 });
    const page = await target.asPage();
    await page.waitForSelector('main.popup');
    return page;
  }

  private async shutdownBrowser(): Promise<void> {
    this.messenger = undefined;
    await this.puppeteer?.disconnect();
    this.puppeteer = undefined;
    const context = this.current;
    this.current = undefined;
    await context?.close();
  }
}

/** What `useHarness` needs of a browser harness. */
export interface GuardedHarness {
  assertNoForeignRequests(): void;
  close(): Promise<void>;
}

/**
 * Vitest wiring for one test file: launches before the first test, fails any test during which a
 * foreign request was recorded, checks once more after the browser has closed, and cleans up.
 */
export function useHarness<H extends GuardedHarness>(launch: () => Promise<H>, name: string): () => H {
  let harness: H | undefined;
  beforeAll(async () => {
    harness = await launch();
  });
  afterEach(() => {
    harness?.assertNoForeignRequests();
  });
  afterAll(async () => {
    await harness?.close();
    harness?.assertNoForeignRequests();
  });
  return () => {
    if (!harness) throw new Error(`The ${name} harness did not launch.`);
    return harness;
  };
}

/** `useHarness` for Chromium with the built extension loaded. */
export function useExtensionHarness(options: LaunchOptions = {}): () => ExtensionHarness {
  return useHarness(() => ExtensionHarness.launch(options), 'extension');
}
