import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { exportAnnotationsJson } from '../../../src/core/annotations/export';
import { parseAnnotationImport } from '../../../src/core/annotations/import';
import { editAnnotation, type Annotation } from '../../../src/core/annotations/model';
import { createAnnotationStore } from '../../../src/db/annotation-store';
import { openFootnoteDb } from '../../../src/db/schema';
import { ANNOTATIONS_REVISION_KEY } from '../../../src/messaging/annotations-revision';
import { handleMessage, type MessageSender, type Services } from '../../../src/messaging/handler';
import type { Reply } from '../../../src/messaging/protocol';
import { createAnnotationBackend, type WorkerAnnotations } from '../../../src/worker/annotations';
import { sampleAnnotations } from '../core/annotations/sample';

const FIXTURES = join(__dirname, '../../fixtures/annotations');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const NOW = new Date('2025-03-04T05:06:07.000Z');
/** first and second are on this page (as normalised), third on https://news.example.org/press. */
const PAGE = 'https://www.example.com/news/ice-raids?id=7';
const EXTENSION_PAGE: MessageSender = { url: 'chrome-extension://abc/annotations.html', extensionPage: true };
/** A content script in tab 7's top frame, on the page as the reader reached it. */
const CONTENT_SCRIPT: MessageSender = {
  tabId: 7,
  frameId: 0,
  url: 'https://www.example.com/news/ice-raids?utm_source=feed&id=7#comments',
  extensionPage: false,
};
const OTHER_PAGE_SCRIPT: MessageSender = { tabId: 8, frameId: 0, url: 'https://news.example.org/press', extensionPage: false };

let annotations: WorkerAnnotations;
let services: Services;
let samples: [Annotation, Annotation, Annotation];
beforeEach(() => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  let clock = 1_000;
  annotations = createAnnotationBackend(
    createAnnotationStore(() => openFootnoteDb(), () => NOW),
    () => clock++,
  );
  const unused = () => Promise.reject(new Error('not used by annotation requests'));
  services = {
    index: { ready: unused },
    pages: { setup: unused, findMentions: unused, reportMentions: unused, openReader: unused },
    annotations,
  };
  samples = sampleAnnotations() as [Annotation, Annotation, Annotation];
});
afterEach(() => vi.restoreAllMocks());

async function send<T>(message: unknown, sender: MessageSender): Promise<Reply<T>> {
  return (await handleMessage(message, services, sender)) as Reply<T>;
}

async function value<T>(message: unknown, sender: MessageSender = EXTENSION_PAGE): Promise<T> {
  const reply = await send<T>(message, sender);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

async function revision(): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(ANNOTATIONS_REVISION_KEY))[ANNOTATIONS_REVISION_KEY];
}

async function seed(...list: Annotation[]): Promise<Annotation[]> {
  const stored: Annotation[] = [];
  for (const annotation of list) stored.push(await value<Annotation>({ type: 'annotations.save', annotation }));
  return stored;
}

function badRequest(message: string | RegExp) {
  return { ok: false, error: { code: 'bad-request', message: typeof message === 'string' ? message : expect.stringMatching(message) } };
}

describe('annotation requests', () => {
  it('saves (a new one not edited yet), bumping the revision; an update keeps created and stamps modified', async () => {
    const [first] = samples;
    expect(await revision()).toBeUndefined();
    const stored = await value<Annotation>({ type: 'annotations.save', annotation: first });
    expect(stored).toEqual({ ...first, modified: first.created });
    const afterSave = await revision();
    expect(typeof afterSave).toBe('number');

    const update = { ...first, created: '2031-01-01T00:00:00.000Z', body: [] };
    expect(await value({ type: 'annotations.save', annotation: update })).toEqual({ ...update, created: first.created, modified: NOW.toISOString() });
    expect(await revision()).toBeGreaterThan(afterSave as number);
  });

  it('validates a saved annotation as an import does, naming what is wrong, and stores nothing', async () => {
    const [first] = samples;
    const { source: _dropped, ...target } = first.target;
    expect(await send({ type: 'annotations.save', annotation: { ...first, target } }, EXTENSION_PAGE)).toEqual(
      badRequest('The annotation: "target.source" is missing.'),
    );
    expect(await value({ type: 'annotations.list' })).toEqual([]);
    expect(await revision()).toBeUndefined();
  });

  it('deletes and undoes the delete exactly with keepModified', async () => {
    const [stored] = await seed(samples[0]);
    expect(await value({ type: 'annotations.delete', id: stored!.id })).toEqual({ removed: stored });
    expect(await value({ type: 'annotations.delete', id: stored!.id })).toEqual({ removed: null });
    expect(await value({ type: 'annotations.save', annotation: stored, keepModified: true })).toEqual(stored);
    expect(await value({ type: 'annotations.list' })).toEqual([stored]);
  });

  it('answers a page with its annotations by normalised URL, oldest first, and lists all newest first', async () => {
    const [first, second, third] = await seed(samples[1], samples[2], samples[0]);
    expect(await value({ type: 'annotations.forPage', url: `${PAGE}#top` }, CONTENT_SCRIPT)).toEqual({ annotations: [third, first] });
    expect(await value({ type: 'annotations.list' })).toEqual([second, first, third]);
    expect(await value({ type: 'annotations.tags' }, CONTENT_SCRIPT)).toEqual([
      { tag: 'figures', count: 1 },
      { tag: 'ICE', count: 1 },
      { tag: 'to check', count: 1 },
    ]);
  });

  describe('a content script', () => {
    it('reads, saves and deletes only its own origin’s annotations', async () => {
      const [onPage, elsewhere] = await seed(samples[0], samples[2]);
      const before = await revision();

      expect(await send({ type: 'annotations.forPage', url: 'https://news.example.org/press' }, CONTENT_SCRIPT)).toEqual(
        badRequest(`"annotations.forPage" from a page may only touch the annotations of its own origin`),
      );
      expect(await send({ type: 'annotations.save', annotation: samples[2] }, CONTENT_SCRIPT)).toEqual(badRequest(/only touch the annotations of its own origin/));
      expect(await send({ type: 'annotations.delete', id: elsewhere!.id }, CONTENT_SCRIPT)).toEqual(badRequest(/only touch the annotations of its own origin/));
      // Nor by reusing another page's id for an annotation on its own page.
      const hijack = { ...samples[0], id: elsewhere!.id };
      expect(await send({ type: 'annotations.save', annotation: hijack }, CONTENT_SCRIPT)).toEqual(badRequest(/only touch the annotations of its own origin/));
      expect(await value({ type: 'annotations.list' })).toEqual([elsewhere, onPage]);
      expect(await revision()).toBe(before);

      expect(await value({ type: 'annotations.delete', id: onPage!.id }, CONTENT_SCRIPT)).toEqual({ removed: onPage });
      expect(await value<Annotation>({ type: 'annotations.save', annotation: samples[1] }, CONTENT_SCRIPT)).toMatchObject({ id: samples[1].id });
    });

    it('reads another address of its origin: a single-page site moves there without a load', async () => {
      const [onPage] = await seed(samples[0]);
      // The browser still reports the address the page loaded at.
      expect(await value({ type: 'annotations.forPage', url: 'https://www.example.com/news/other-story' }, CONTENT_SCRIPT)).toEqual({ annotations: [] });
      const moved: MessageSender = { ...CONTENT_SCRIPT, url: 'https://www.example.com/' };
      expect(await value({ type: 'annotations.forPage', url: PAGE }, moved)).toEqual({ annotations: [onPage] });
    });

    it('on a file: page reads only that page, as files have no origin to share', async () => {
      const file: MessageSender = { ...CONTENT_SCRIPT, url: 'file:///home/reader/a.html' };
      expect(await value({ type: 'annotations.forPage', url: 'file:///home/reader/a.html#x' }, file)).toEqual({ annotations: [] });
      expect(await send({ type: 'annotations.forPage', url: 'file:///home/reader/b.html' }, file)).toEqual(badRequest(/of its own origin/));
    });

    it('in a frame its page made (about:srcdoc, the same address on every site) touches none', async () => {
      const made: MessageSender = { ...CONTENT_SCRIPT, url: 'about:srcdoc' };
      expect(await send({ type: 'annotations.forPage', url: 'about:srcdoc' }, made)).toEqual(badRequest(/of its own origin/));
    });

    it('whose URL the browser did not give is refused', async () => {
      const unknown: MessageSender = { tabId: 7, frameId: 0, extensionPage: false };
      expect(await send({ type: 'annotations.forPage', url: PAGE }, unknown)).toEqual(badRequest(/only touch the annotations of its own origin/));
    });

    it.each([
      ['annotations.list', {}],
      ['annotations.import', { text: exportAnnotationsJson([]) }],
      ['annotations.open', { id: 'urn:uuid:x' }],
    ])('may not send %s', async (type, fields) => {
      expect(await send({ type, ...fields }, CONTENT_SCRIPT)).toEqual(badRequest(`"${type}" is only answered to Footnote's own pages`));
    });
  });

  describe('import', () => {
    it('adds a valid file and counts what was already stored, without doubling it', async () => {
      const text = exportAnnotationsJson(samples);
      await seed(samples[0]);
      expect(await value({ type: 'annotations.import', text })).toEqual({ added: 2, updated: 0, duplicates: 1 });
      expect(await value({ type: 'annotations.import', text })).toEqual({ added: 0, updated: 0, duplicates: 3 });
      expect(await value<Annotation[]>({ type: 'annotations.list' })).toHaveLength(3);
    });

    it('signals a change when an import only updates, and none when it changes nothing', async () => {
      const [stored] = await seed(samples[0]);
      const edited = { ...editAnnotation(stored!, { note: 'newer note' }), modified: '2031-01-01T00:00:00.000Z' };
      const before = await revision();
      expect(await value({ type: 'annotations.import', text: exportAnnotationsJson([edited]) })).toEqual({ added: 0, updated: 1, duplicates: 0 });
      const afterUpdate = await revision();
      expect(afterUpdate).toBeGreaterThan(before as number);
      expect(await value({ type: 'annotations.import', text: exportAnnotationsJson([edited]) })).toEqual({ added: 0, updated: 0, duplicates: 1 });
      expect(await revision()).toBe(afterUpdate);
    });

    it.each(['truncated.json', 'bad-date.json', 'duplicate-id.json', 'total-mismatch.json'])(
      'refuses %s with the import’s own message and changes nothing',
      async (name) => {
        const stored = await seed(samples[0]);
        const before = await revision();
        const text = fixture(name);
        const expected = parseAnnotationImport(text);
        if (!('error' in expected)) throw new Error(`${name} should be invalid`);
        expect(await send({ type: 'annotations.import', text }, EXTENSION_PAGE)).toEqual(badRequest(expected.error));
        expect(await value({ type: 'annotations.list' })).toEqual(stored);
        expect(await revision()).toBe(before);
      },
    );
  });

  describe('open', () => {
    it('opens the page in a new tab, which is given the annotation to reveal once', async () => {
      const [first, second] = await seed(samples[0], samples[1]);
      expect(await value({ type: 'annotations.open', id: second!.id })).toEqual({ opened: true });
      const tabs = await fakeBrowser.tabs.query({});
      const opened = tabs.find((tab) => tab.url === PAGE);
      expect(opened?.id).toBeDefined();
      const inTab = (url: string): MessageSender => ({ tabId: opened!.id, frameId: 0, url, extensionPage: false });

      // An embedded frame of that tab, on another page, does not use it up.
      expect(await value({ type: 'annotations.forPage', url: 'https://news.example.org/press' }, inTab('https://news.example.org/press'))).toEqual({ annotations: [] });
      expect(await value({ type: 'annotations.forPage', url: PAGE }, inTab(PAGE))).toEqual({ annotations: [first, second], reveal: second!.id });
      expect(await value({ type: 'annotations.forPage', url: PAGE }, inTab(PAGE))).toEqual({ annotations: [first, second] });
      // Other tabs on the same page never see it.
      expect(await value({ type: 'annotations.forPage', url: PAGE }, CONTENT_SCRIPT)).toEqual({ annotations: [first, second] });
    });

    it('gives the reveal to the opened page even when it asks before the tab is reported created', async () => {
      const [first] = await seed(samples[0]);
      const create = fakeBrowser.tabs.create.bind(fakeBrowser.tabs);
      let earlyAsk: Promise<unknown> | undefined;
      vi.spyOn(fakeBrowser.tabs, 'create').mockImplementation(async (properties) => {
        const tab = await create(properties);
        // The page loads and its content script asks while the worker still awaits tabs.create.
        earlyAsk = value({ type: 'annotations.forPage', url: PAGE }, { tabId: tab.id, frameId: 0, url: PAGE, extensionPage: false });
        await new Promise((resolve) => setTimeout(resolve, 0));
        return tab;
      });
      await value({ type: 'annotations.open', id: first!.id });
      expect(await earlyAsk).toEqual({ annotations: [first], reveal: first!.id });
    });

    it('forgets a closed tab’s reveal', async () => {
      const [first] = await seed(samples[0]);
      await value({ type: 'annotations.open', id: first!.id });
      expect(Object.keys(await fakeBrowser.storage.session.get(null))).toHaveLength(1);
      const [tab] = await fakeBrowser.tabs.query({ url: PAGE });
      await annotations.forgetTab(tab!.id!);
      expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    });

    it('does not open an address that is not a web page, and says when the annotation is gone', async () => {
      const [first] = samples;
      const script = { ...first, id: 'urn:uuid:script', target: { ...first.target, source: 'javascript:alert(1)' } };
      await seed(script);
      const tabsBefore = await fakeBrowser.tabs.query({});
      expect(await value({ type: 'annotations.open', id: script.id })).toEqual({ opened: false });
      expect(await fakeBrowser.tabs.query({})).toEqual(tabsBefore);
      expect(await send({ type: 'annotations.open', id: 'urn:uuid:gone' }, EXTENSION_PAGE)).toEqual({
        ok: false,
        error: { code: 'not-found', message: 'no annotation urn:uuid:gone' },
      });
    });
  });
});
