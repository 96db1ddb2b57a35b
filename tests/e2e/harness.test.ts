import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionHarness, FixtureServer, useExtensionHarness } from './harness';

const harness = useExtensionHarness();

interface StorageArea {
  set(items: Record<string, unknown>): Promise<void>;
  get(key: string): Promise<Record<string, unknown>>;
}

function storageOf(worker: Worker) {
  return {
    set: (key: string, value: string) =>
      worker.evaluate(
        ([k, v]) => (globalThis as unknown as { chrome: { storage: { local: StorageArea } } }).chrome.storage.local.set({ [k]: v }),
        [key, value] as const,
      ),
    get: (key: string) =>
      worker.evaluate(
        async (k) => (await (globalThis as unknown as { chrome: { storage: { local: StorageArea } } }).chrome.storage.local.get(k))[k],
        key,
      ),
  };
}

describe('extension harness', () => {
  it("sends a runtime message from the popup page to the extension's worker and returns its reply", async () => {
    const h = harness();
    // An unknown type is answered by the worker's protocol check, naming what it received.
    const reply = await h.sendMessage<{ ok: boolean; error?: { code: string; message: string } }>({ type: 'harness.ping' });
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe('bad-request');
    expect(reply.error?.message).toContain('harness.ping');
  });

  it('reopens the same profile, keeping what the extension stored', async () => {
    const h = harness();
    const token = `kept-${Date.now()}`;
    const before = await h.worker();
    await storageOf(before).set('harnessMark', token);
    const oldContext = h.context;

    await h.reopen();

    const after = await h.worker();
    expect(h.context).not.toBe(oldContext);
    expect(after.url()).toBe(before.url());
    expect(await storageOf(after).get('harnessMark')).toBe(token);
    // The reopened browser is guarded too.
    expect(h.network.foreignRequests()).toEqual([]);
  });

  it("collects console errors of the extension's worker", async () => {
    const h = harness();
    const worker = await h.worker();
    await worker.evaluate(() => console.error('harness: worker error'));
    await expect
      .poll(() => h.consoleErrors.filter((e) => e.source === worker.url()))
      .toEqual([{ kind: 'console', source: worker.url(), text: 'harness: worker error' }]);
  });

  it('collects console errors and uncaught exceptions of pages', async () => {
    const h = harness();
    const url = h.server.addPage(
      '/harness/noisy.html',
      `<!doctype html><title>noisy</title><script>
        console.error('harness: logged error');
        setTimeout(() => { throw new Error('harness: thrown error'); });
      </script>`,
    );
    const page = await h.newPage();
    await page.goto(url);
    await expect.poll(() => h.consoleErrors.filter((e) => e.source === url).length).toBe(2);
    await page.close();
    expect(h.consoleErrors).toContainEqual({ kind: 'console', source: url, text: 'harness: logged error' });
    expect(h.consoleErrors).toContainEqual(
      expect.objectContaining({ kind: 'uncaught', source: url, text: expect.stringContaining('harness: thrown error') }),
    );
  });

  it('close() shuts the browser and servers and deletes the profile', async () => {
    const other = await ExtensionHarness.launch();
    const { userDataDir } = other;
    const origin = other.server.origin;
    expect(existsSync(userDataDir)).toBe(true);
    other.assertNoForeignRequests();

    await other.close();

    expect(existsSync(userDataDir)).toBe(false);
    await expect(fetch(origin)).rejects.toThrow();
    expect(() => other.context).toThrow('not running');
  });

  it('refuses to launch without a built extension, saying how to build one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'footnote-no-build-'));
    try {
      await expect(ExtensionHarness.launch({ extensionDir: empty })).rejects.toThrow('npm run build');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** Status and content type of a raw GET, with the path sent exactly as written. */
function rawGet(origin: string, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((done, fail) => {
    const outgoing = request(`${origin}${path}`, { method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? '', body }));
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

describe('fixture server', () => {
  let root: string;
  let server: FixtureServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'footnote-fixtures-'));
    mkdirSync(join(root, 'pages'));
    writeFileSync(join(root, 'pages', 'article.html'), '<p>from disk</p>');
    writeFileSync(join(root, 'notes.txt'), 'plain');
    server = await FixtureServer.start(root);
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['/pages/article.html', 200, 'text/html; charset=utf-8', '<p>from disk</p>'],
    ['/notes.txt', 200, 'text/plain; charset=utf-8', 'plain'],
    ['/missing.html', 404, 'text/plain', 'not found'],
    ['/..%2f..%2fetc%2fpasswd', 403, 'text/plain', 'outside fixtures'],
    ['/%E0%A4%A', 400, 'text/plain', 'bad path'],
  ])('GET %s answers %i', async (path, status, type, body) => {
    expect(await rawGet(server.origin, path)).toEqual({ status, type, body });
  });

  it('serves registered pages on 127.0.0.1, over files at the same path', async () => {
    const url = server.addPage('/pages/article.html', '<p>registered</p>');
    expect(url).toBe(`${server.origin}/pages/article.html`);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await rawGet(server.origin, '/pages/article.html')).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<p>registered</p>',
    });
  });
});
