import { describe, expect, it } from 'vitest';
import { NetworkRecorder, useExtensionHarness, type RecordedRequest } from './harness';

const harness = useExtensionHarness();

const foreignUrl = 'http://example.invalid/probe';

function hostOf(request: RecordedRequest): string {
  // CONNECT targets are recorded as "host:port", everything else as a URL.
  return request.method === 'CONNECT' ? request.url.replace(/:\d+$/, '') : new URL(request.url).hostname;
}

describe('network guard', () => {
  it('loads the built extension and a served page with no foreign request', async () => {
    const h = harness();
    const worker = await h.worker();
    expect(worker.url()).toBe(h.extensionUrl('background.js'));

    const url = h.server.addPage('/guard/plain.html', '<!doctype html><title>plain</title><p id="text">served locally</p>');
    const page = await h.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('#text')).toBe('served locally');
    await page.close();

    expect(h.network.requests).toContainEqual(expect.objectContaining({ url, source: 'page' }));
    // Since the last check: other tests of this file make foreign requests on purpose (and take them).
    expect(h.network.takeForeignRequests()).toEqual([]);
  });

  it("aborts a page's request to another host before it is sent, and flags it", async () => {
    const h = harness();
    const first = h.network.requests.length;
    const page = await h.newPage();
    await page.goto(h.server.addPage('/guard/fetcher.html', '<!doctype html><title>fetcher</title>'));
    const failed = page.waitForEvent('requestfailed', (request) => request.url() === foreignUrl);

    const outcome = await page.evaluate(async (url) => {
      try {
        return `status ${(await fetch(url)).status}`;
      } catch (error) {
        return `error ${(error as Error).message}`;
      }
    }, foreignUrl);

    expect(outcome).toBe('error Failed to fetch');
    // Chromium names the blocker: ".Inspector" is DevTools, through which Playwright aborted it.
    expect((await failed).failure()?.errorText).toBe('net::ERR_BLOCKED_BY_CLIENT.Inspector');
    await page.close();
    const foreign = h.network.takeForeignRequests();
    expect(foreign).toEqual([expect.objectContaining({ url: foreignUrl, method: 'GET', source: 'page' })]);
    // Aborted inside the browser: the proxy sink, the only way out, never saw it (the WebSocket
    // test makes it see that host on purpose, so only this test's requests count).
    const proxied = h.network.requests.slice(first).filter((r) => r.source === 'browser-proxy' && hostOf(r) === 'example.invalid');
    expect(proxied).toEqual([]);
  });

  it("sees and flags a fetch made inside the extension's service worker", async () => {
    const h = harness();
    const worker = await h.worker();
    const fetchFromWorker = (url: string): Promise<string> =>
      worker.evaluate(async (target) => {
        try {
          return `status ${(await fetch(target)).status}`;
        } catch (error) {
          return `error ${(error as Error).message}`;
        }
      }, url);

    expect(await fetchFromWorker(`${foreignUrl}/worker`)).toBe('error Failed to fetch');
    // The extension may load only its own files: even the local test server is off limits to it.
    const local = h.server.url('/guard/worker-local');
    expect(await fetchFromWorker(local)).toBe('error Failed to fetch');
    expect(await fetchFromWorker(h.extensionUrl('manifest.json'))).toBe('status 200');

    const foreign = h.network.takeForeignRequests();
    expect(foreign).toEqual([
      { url: `${foreignUrl}/worker`, method: 'GET', source: 'extension-worker', initiator: worker.url() },
      { url: local, method: 'GET', source: 'extension-worker', initiator: worker.url() },
    ]);
  });

  it('records traffic that bypasses request routing (a WebSocket) at the proxy sink, and flags it', async () => {
    const h = harness();
    const page = await h.newPage();
    await page.goto(h.server.addPage('/guard/socket.html', '<!doctype html><title>socket</title>'));
    const closed = await page.evaluate(
      () =>
        new Promise<boolean>((done) => {
          const socket = new WebSocket('ws://example.invalid/socket');
          socket.onclose = () => done(true);
        }),
    );
    expect(closed).toBe(true);
    await page.close();

    const foreign = h.network.takeForeignRequests();
    expect(foreign).toEqual([
      { url: 'example.invalid:80', method: 'CONNECT', source: 'browser-proxy', initiator: '' },
    ]);
  });

  it('fails the guard with the offending request listed', () => {
    const h = harness();
    h.network.record({ url: 'https://tracker.example/pixel', method: 'GET', source: 'extension-page', initiator: h.extensionUrl('popup.html') });
    expect(() => h.assertNoForeignRequests()).toThrow(
      `GET https://tracker.example/pixel (from extension-page ${h.extensionUrl('popup.html')})`,
    );
    // Reported once: the file's own afterEach check does not fail on it again.
    expect(() => h.assertNoForeignRequests()).not.toThrow();
  });
});

describe("excusing a saved page's own foreign requests", () => {
  const fixtureOrigin = 'http://127.0.0.1:9';
  const extensionId = 'a'.repeat(32);
  const toAdHost = (source: RecordedRequest['source']): RecordedRequest => ({
    url: 'https://ads.example/tag.js',
    method: 'GET',
    source,
    initiator: '',
  });

  it("lets an excused page's or proxy sink's request pass, still recorded as foreign", () => {
    const network = new NetworkRecorder(fixtureOrigin, extensionId, (request) => hostOf(request) === 'ads.example');
    network.record(toAdHost('page'));
    network.record({ url: 'ads.example:443', method: 'CONNECT', source: 'browser-proxy', initiator: '' });
    expect(() => network.assertNoForeignRequests()).not.toThrow();
    expect(network.foreignRequests()).toHaveLength(2);
  });

  it("never excuses the extension's own pages or worker, whatever the option says", () => {
    const network = new NetworkRecorder(fixtureOrigin, extensionId, () => true);
    network.record(toAdHost('extension-worker'));
    network.record(toAdHost('extension-page'));
    expect(() => network.assertNoForeignRequests()).toThrow(/from extension-worker[\s\S]*from extension-page/);
  });

  it('fails on a page request the option does not excuse', () => {
    const network = new NetworkRecorder(fixtureOrigin, extensionId, (request) => hostOf(request) === 'other.example');
    network.record(toAdHost('page'));
    expect(() => network.assertNoForeignRequests()).toThrow('GET https://ads.example/tag.js (from page)');
  });
});
