import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnnotationsApp, LIST_STEP } from '../../../src/annotations-page/AnnotationsApp';
import type { AnnotationsApi } from '../../../src/annotations-page/api';
import { annotationsApi, type SendRequest } from '../../../src/annotations-page/client';
import { exportFileName } from '../../../src/annotations-page/download';
import { editAnnotation } from '../../../src/core/annotations/model';
import { exportAnnotationsCsv, exportAnnotationsJson, exportAnnotationsMarkdown } from '../../../src/core/annotations/export';
import { DEFAULT_MAX_IMPORT_BYTES, importSizeError, parseAnnotationImport } from '../../../src/core/annotations/import';
import { passageReference, annotationPassages, type Annotation } from '../../../src/core/annotations/model';
import { createAnnotationStore, type AnnotationStore } from '../../../src/db/annotation-store';
import { openFootnoteDb } from '../../../src/db/schema';
import { handleMessage, type AnnotationBackend, type Services } from '../../../src/messaging/handler';
import { ProtocolError, type Response } from '../../../src/messaging/protocol';
import { sampleAnnotations } from '../core/annotations/sample';

const NOW = new Date('2025-06-07T08:09:10.000Z');

/** Sample annotations (from the core tests) plus one on another site whose note holds markup. */
function seedAnnotations(): Annotation[] {
  const [first, second, third] = sampleAnnotations() as [Annotation, Annotation, Annotation];
  const markup: Annotation = {
    ...editAnnotation(third, { note: 'Looks like <img src="x" onerror="window.pwned = 1"> **bold**', tags: ['budget'] }),
    id: 'urn:uuid:00000000-0000-4000-8000-000000000004',
    created: '2024-05-02T10:00:00.000Z',
    modified: '2024-05-02T11:00:00.000Z',
    target: {
      source: 'https://cbp.gov/newsroom/release-1',
      'dcterms:title': 'CBP release',
      selector: [{ type: 'TextQuoteSelector', exact: 'Officers seized 1,200 pounds', prefix: 'On Monday, ', suffix: ' of cargo' }],
    },
  };
  return [first, second, third, markup];
}

/**
 * The worker as far as this page sees it: the real store (fake IndexedDB), the real handler with
 * its validation and sender rules, and requests and replies serialised as runtime messages are.
 */
interface World {
  store: AnnotationStore;
  api: ReturnType<typeof annotationsApi>;
  opened: string[];
  /** A write from elsewhere (another tab's content script): stored and signalled like the worker does. */
  writeElsewhere(annotation: Annotation): Promise<void>;
}

async function world(initial: Annotation[]): Promise<World> {
  const store = createAnnotationStore(() => openFootnoteDb(), () => NOW);
  for (const annotation of initial) await store.save(annotation, { keepModified: true });
  const watchers = new Set<() => void>();
  const signal = <T,>(result: T): T => {
    for (const watcher of watchers) watcher();
    return result;
  };
  const opened: string[] = [];
  const annotations: AnnotationBackend = {
    get: (id) => store.get(id),
    forPage: async (url) => ({ annotations: await store.forPage(url) }),
    save: async (annotation, options) => signal(await store.save(annotation, options)),
    remove: async (id) => signal(await store.remove(id)),
    list: () => store.list(),
    tags: () => store.tags(),
    importAnnotations: async (list) => signal(await store.importAnnotations(list)),
    open: async (id) => {
      opened.push(id);
      const annotation = await store.get(id);
      return { opened: annotation?.target.source.startsWith('https:') ?? false };
    },
  };
  const unused = () => Promise.reject(new Error('not used by the annotations page'));
  const services: Services = { index: { ready: unused }, pages: { setup: unused, findMentions: unused, reportMentions: unused, openReader: unused }, annotations };
  const send = (async (type: string, payload: object) => {
    const message = JSON.parse(JSON.stringify({ type, ...payload })) as unknown;
    const reply = await handleMessage(message, services, { url: 'chrome-extension://test/annotations.html', extensionPage: true });
    const received = JSON.parse(JSON.stringify(reply)) as typeof reply;
    if (!received.ok) throw new ProtocolError(received.error.code, received.error.message);
    return received.value as Response<never>;
  }) as SendRequest;
  const api = annotationsApi(send, (onChange) => {
    watchers.add(onChange);
    return () => void watchers.delete(onChange);
  });
  return {
    store,
    api,
    opened,
    async writeElsewhere(annotation) {
      signal(await store.save(annotation));
    },
  };
}

let container: HTMLElement | undefined;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  if (container) act(() => render(null, container!));
  container?.remove();
  container = undefined;
  vi.restoreAllMocks();
});

/** Lets pending promises (IndexedDB, file reads) and Preact's renders run. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function showApp(w: World, api: AnnotationsApi = w.api): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  act(() => render(<AnnotationsApp api={api} now={() => NOW} />, container!));
  await settle();
  return container;
}

function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function labelled<T extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): T {
  const found = [...root.querySelectorAll('label')].filter((l) => textOf(l) === label);
  if (found.length !== 1) throw new Error(`${found.length} labels "${label}"`);
  const target = document.getElementById(found[0]!.htmlFor);
  if (!target) throw new Error(`label ${label} names no control`);
  return target as T;
}

function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].filter((b) => textOf(b) === name);
  if (found.length !== 1) throw new Error(`${found.length} buttons "${name}"`);
  return found[0]!;
}

/** The list item whose quote contains `quote`. */
function item(root: ParentNode, quote: string): HTMLElement {
  const found = [...root.querySelectorAll<HTMLElement>('.annotation')].filter((li) => textOf(li.querySelector('blockquote')).includes(quote));
  if (found.length !== 1) throw new Error(`${found.length} items quoting "${quote}"`);
  return found[0]!;
}

const quotes = (root: ParentNode) => [...root.querySelectorAll('.annotation blockquote')].map(textOf);

function type(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  act(() => {
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function choose(select: HTMLSelectElement, value: string): void {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function click(element: HTMLElement): Promise<void> {
  act(() => element.click());
  await settle();
}

const Q = {
  ice: 'ICE announced the arrest of more than 2,000 people',
  priority: '# 1 priority, officials said',
  press: '> Quoted from a press release',
  cbp: 'Officers seized 1,200 pounds',
};

describe('the annotations page', () => {
  it('lists every annotation newest first with its quote, note, tags, passages, page and dates', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const shown = quotes(root);
    expect(shown).toHaveLength(4);
    [Q.cbp, Q.press, Q.priority, Q.ice].forEach((quote, i) => expect(shown[i]).toContain(quote));
    expect(textOf(root.querySelector('[data-testid="shown-count"]'))).toBe('4 annotations, newest first');

    const [first] = sampleAnnotations() as [Annotation];
    const ice = item(root, Q.ice);
    expect(textOf(ice.querySelector('.note'))).toBe('Compare with the "498 individuals", figure from the earlier report.');
    expect(ice.querySelector('.note')!.textContent).toContain('figure\nfrom');
    expect([...ice.querySelectorAll('.tags li')].map(textOf)).toEqual(['ICE', 'figures']);
    const link = annotationPassages(first)[0]!;
    expect(textOf(ice.querySelector('.passages cite'))).toBe(passageReference(link));
    expect(textOf(ice.querySelector('.passages q'))).toBe(link.selector.exact);
    expect(textOf(ice.querySelector('.page'))).toBe('ICE arrests 2,000 in six-week operation www.example.com');
    expect(ice.querySelector('time')!.getAttribute('datetime')).toBe(first.created);
    // Not edited since made: one date only.
    expect(ice.querySelectorAll('time')).toHaveLength(1);
    expect(item(root, 'working with partners').querySelector('.page .title')!.textContent).toBe('news.example.org');
  });

  it('shows notes as text: markup in a note never becomes elements', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const cbp = item(root, Q.cbp);
    expect(textOf(cbp.querySelector('.page'))).toBe('CBP release cbp.gov');
    expect(cbp.querySelector('.note')!.textContent).toBe('Looks like <img src="x" onerror="window.pwned = 1"> **bold**');
    expect(root.querySelector('img')).toBeNull();
    expect([...cbp.querySelectorAll('time')].map((t) => t.getAttribute('datetime'))).toEqual([
      '2024-05-02T10:00:00.000Z',
      '2024-05-02T11:00:00.000Z',
    ]);
  });

  it.each([
    ['a word of a quote', 'partners', ['working with partners']],
    ['a word of a note, folding case and curly quotes', '“498 INDIVIDUALS”', [Q.ice]],
    ['a tag', 'to check', [Q.priority]],
    ['a site', 'cbp.gov', [Q.cbp]],
    ['a page title and a quote word together', 'six-week priority', [Q.priority]],
  ])('searches by %s', async (_label, query, expected) => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    type(labelled(root, 'Search'), query);
    await settle();
    expect(quotes(root)).toHaveLength(expected.length);
    expected.forEach((quote, i) => expect(quotes(root)[i]).toContain(quote));
    expect(textOf(root.querySelector('[data-testid="shown-count"]'))).toBe(
      `${expected.length} annotation${expected.length === 1 ? '' : 's'} of 4 shown Show all`,
    );
  });

  it('says when nothing matches, and Show all clears the search and filters', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    type(labelled(root, 'Search'), 'no such words');
    choose(labelled<HTMLSelectElement>(root, 'Tag'), 'ICE');
    await settle();
    expect(textOf(root.querySelector('.empty'))).toBe('No annotation matches.');
    await click(button(root, 'Show all'));
    expect(quotes(root)).toHaveLength(4);
    expect(labelled(root, 'Search').value).toBe('');
    expect(labelled<HTMLSelectElement>(root, 'Tag').value).toBe('');
  });

  it(`draws ${LIST_STEP} annotations at a time, newest first, with Show more for the rest; a new search starts again`, async () => {
    const [base] = sampleAnnotations() as [Annotation];
    const count = 2 * LIST_STEP + 7;
    const many = Array.from({ length: count }, (_, i): Annotation => ({
      ...base,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      created: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      modified: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      target: { ...base.target, selector: [{ type: 'TextQuoteSelector', exact: `quote number ${i}${i % 2 === 0 ? ' even' : ''}`, prefix: '', suffix: '' }] },
    }));
    const w = await world(many);
    const root = await showApp(w);
    const newest = (n: number, from = count - 1) => Array.from({ length: n }, (_, k) => `quote number ${from - k}${(from - k) % 2 === 0 ? ' even' : ''}`);
    expect(quotes(root)).toEqual(newest(LIST_STEP));
    expect(textOf(root.querySelector('[data-testid="shown-count"]'))).toBe(`${count} annotations, newest first`);
    expect(textOf(button(root, `Show ${LIST_STEP} more`).parentElement)).toBe(`Show ${LIST_STEP} more (${count - LIST_STEP} not shown yet)`);

    await click(button(root, `Show ${LIST_STEP} more`));
    expect(quotes(root)).toEqual(newest(2 * LIST_STEP));
    await click(button(root, 'Show 7 more'));
    expect(quotes(root)).toEqual(newest(count));
    expect([...root.querySelectorAll('button')].some((b) => textOf(b).startsWith('Show') && textOf(b).endsWith('more'))).toBe(false);

    type(labelled(root, 'Search'), 'even');
    await settle();
    expect(quotes(root)).toEqual(newest(2 * LIST_STEP, count - 1).filter((q) => q.endsWith('even')).slice(0, LIST_STEP));
    expect(button(root, 'Show 4 more')).toBeTruthy();
  });

  it('filters by tag and by site, offering each with its count', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const tag = labelled<HTMLSelectElement>(root, 'Tag');
    expect([...tag.options].map((o) => o.textContent)).toEqual(['All tags', 'budget (1)', 'figures (1)', 'ICE (1)', 'to check (1)']);
    choose(tag, 'to check');
    await settle();
    expect(quotes(root)).toEqual([Q.priority]);

    choose(tag, '');
    const site = labelled<HTMLSelectElement>(root, 'Site');
    expect([...site.options].map((o) => o.textContent)).toEqual(['All sites', 'example.com (2)', 'cbp.gov (1)', 'example.org (1)']);
    choose(site, 'example.com');
    await settle();
    expect(quotes(root)).toHaveLength(2);
    expect(quotes(root)[0]).toBe(Q.priority);
    expect(quotes(root)[1]).toBe(Q.ice);
  });

  it('edits a note and tags inline; the worker stamps modified and keeps created', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const [first] = sampleAnnotations() as [Annotation];
    await click(button(item(root, Q.ice), 'Edit'));
    const note = labelled<HTMLTextAreaElement>(root, 'Note');
    expect(document.activeElement).toBe(note);
    expect(note.value).toBe('Compare with the "498 individuals", figure\nfrom the earlier report.');
    expect(labelled(root, 'Tags').value).toBe('ICE, figures');
    type(note, 'Rechecked:\nthe figure holds.');
    type(labelled(root, 'Tags'), 'figures, checked, , Checked');
    await click(button(root, 'Save'));

    const stored = await w.store.get(first.id);
    expect(stored).toEqual({
      ...editAnnotation(first, { note: 'Rechecked:\nthe figure holds.', tags: ['figures', 'checked'] }),
      modified: NOW.toISOString(),
    });
    const ice = item(root, Q.ice);
    expect(ice.querySelector('.note')!.textContent).toBe('Rechecked:\nthe figure holds.');
    expect([...ice.querySelectorAll('.tags li')].map(textOf)).toEqual(['figures', 'checked']);
    expect(ice.querySelectorAll('time')).toHaveLength(2);
    expect(document.activeElement).toBe(button(ice, 'Edit'));
    expect(textOf(root.querySelector('.notice'))).toBe('Saved.');
  });

  it.each([
    ['Ctrl+Enter in the note', 'Note', { ctrlKey: true }],
    ['Cmd+Enter in the tags', 'Tags', { metaKey: true }],
  ])('saves an edit with %s, as the on-page editor does', async (_label, field, modifier) => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const [first] = sampleAnnotations() as [Annotation];
    await click(button(item(root, Q.ice), 'Edit'));
    type(labelled<HTMLTextAreaElement>(root, 'Note'), 'Saved from the keyboard.');
    const key = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...modifier });
    act(() => void labelled(root, field).dispatchEvent(key));
    await settle();
    expect(key.defaultPrevented).toBe(true);
    expect(root.querySelector('form')).toBeNull();
    expect((await w.store.get(first.id))?.body[0]).toEqual({
      type: 'TextualBody',
      purpose: 'commenting',
      value: 'Saved from the keyboard.',
      format: 'text/plain',
    });
    expect(document.activeElement).toBe(button(item(root, Q.ice), 'Edit'));
  });

  it('keeps a plain Enter in the note as a line break, saving nothing', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const before = await w.store.list();
    await click(button(item(root, Q.ice), 'Edit'));
    const key = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    act(() => void labelled<HTMLTextAreaElement>(root, 'Note').dispatchEvent(key));
    await settle();
    expect(key.defaultPrevented).toBe(false);
    expect(root.querySelector('form')).not.toBeNull();
    expect(await w.store.list()).toEqual(before);
  });

  it('cancels an edit with Escape, saving nothing', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const before = await w.store.list();
    await click(button(item(root, Q.ice), 'Edit'));
    const note = labelled<HTMLTextAreaElement>(root, 'Note');
    type(note, 'never saved');
    act(() => void note.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await settle();
    expect(root.querySelector('form')).toBeNull();
    expect(await w.store.list()).toEqual(before);
    expect(document.activeElement).toBe(button(item(root, Q.ice), 'Edit'));
  });

  it('deletes with an Undo that restores the annotation exactly', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const [, second] = sampleAnnotations() as [Annotation, Annotation];
    const before = await w.store.get(second.id);
    await click(button(item(root, Q.priority), 'Delete'));

    expect(await w.store.get(second.id)).toBeUndefined();
    expect(quotes(root).some((quote) => quote.includes(Q.priority))).toBe(false);
    expect(textOf(root.querySelector('.notice'))).toBe('Deleted “# 1 priority, officials said”. Undo');
    expect(document.activeElement).toBe(button(root, 'Undo'));

    await click(button(root, 'Undo'));
    expect(await w.store.get(second.id)).toEqual(before);
    expect(quotes(root)).toHaveLength(4);
    expect(textOf(root.querySelector('.notice'))).toBe('Annotation restored.');
    expect(document.activeElement).toBe(button(item(root, Q.priority), 'Edit'));
  });

  it('undoes each of several deletions in turn, latest first, keeping focus on Undo while there is more to undo', async () => {
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    const before = await w.store.list();
    await click(button(item(root, Q.priority), 'Delete'));
    await click(button(item(root, Q.cbp), 'Delete'));
    expect(quotes(root)).toHaveLength(2);
    expect(textOf(root.querySelector('.notice'))).toBe('Deleted “Officers seized 1,200 pounds”. Undo');
    expect(document.activeElement).toBe(button(root, 'Undo'));

    await click(button(root, 'Undo'));
    expect(quotes(root)).toHaveLength(3);
    expect(textOf(root.querySelector('.notice'))).toBe(
      'Restored “Officers seized 1,200 pounds”. Deleted “# 1 priority, officials said”. Undo',
    );
    expect(document.activeElement).toBe(button(root, 'Undo'));

    await click(button(root, 'Undo'));
    expect(await w.store.list()).toEqual(before);
    expect(textOf(root.querySelector('.notice'))).toBe('Annotation restored.');
    expect(document.activeElement).toBe(button(item(root, Q.priority), 'Edit'));
  });

  it('opens an annotation’s page through the worker, and says when its address is not a web page', async () => {
    const [first] = sampleAnnotations() as [Annotation];
    const local: Annotation = { ...first, id: 'urn:uuid:local', target: { ...first.target, source: 'ftp://example.org/notes.txt' } };
    const w = await world([first, local]);
    const root = await showApp(w);
    const [shownLocal, shownFirst] = [...root.querySelectorAll<HTMLElement>('.annotation')];
    await click(button(shownFirst!, 'Open page'));
    expect(w.opened).toEqual([first.id]);
    expect(textOf(root.querySelector('[role="alert"]'))).toBe('');
    await click(button(shownLocal!, 'Open page'));
    expect(w.opened).toEqual([first.id, local.id]);
    expect(textOf(root.querySelector('[role="alert"]'))).toBe('Can’t open ftp://example.org/notes.txt: it is not a web page address.');
  });

  it('follows changes made elsewhere (another tab)', async () => {
    const [first, second] = sampleAnnotations() as [Annotation, Annotation];
    const w = await world([first]);
    const root = await showApp(w);
    expect(quotes(root)).toEqual([Q.ice]);
    await w.writeElsewhere(second);
    await settle();
    expect(quotes(root)).toEqual([Q.priority, Q.ice]);
  });

  it('invites to annotate when there is nothing yet, and offers no export', async () => {
    const root = await showApp(await world([]));
    expect(textOf(root.querySelector('.empty'))).toBe('No annotations yet. Select text on a page and choose Annotate to keep it here.');
    expect(button(root, 'JSON-LD').disabled).toBe(true);
  });
});

describe('export and import', () => {
  it.each([
    ['JSON-LD', 'jsonld', 'application/ld+json;charset=utf-8', exportAnnotationsJson],
    ['Markdown', 'md', 'text/markdown;charset=utf-8', exportAnnotationsMarkdown],
    ['CSV', 'csv', 'text/csv;charset=utf-8', exportAnnotationsCsv],
  ] as const)('exports every annotation, newest first, as %s through a Blob URL and a download link', async (name, format, mime, write) => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return `blob:annotations/${blobs.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href')!, download: this.download });
    });
    const w = await world(seedAnnotations());
    const root = await showApp(w);
    // The export is of everything, whatever the filters show.
    type(labelled(root, 'Search'), 'partners');
    await click(button(root, name));

    expect(clicked).toEqual([{ href: 'blob:annotations/1', download: exportFileName(format, NOW) }]);
    expect(clicked[0]!.download).toMatch(new RegExp(`^footnote-annotations-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
    expect(blobs[0]!.type).toBe(mime);
    expect(await blobs[0]!.text()).toBe(write(await w.store.list()));
    expect(root.querySelector('a[download]')).toBeNull();
  });

  async function chooseFile(root: ParentNode, name: string, text: string): Promise<void> {
    const input = labelled(root, 'Import annotations from a JSON-LD file');
    const file = new File([text], name, { type: 'application/ld+json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
  }

  it('imports a file, counting what was added and what was already there', async () => {
    const samples = seedAnnotations();
    const w = await world(samples.slice(0, 1));
    const root = await showApp(w);
    await chooseFile(root, 'mine.jsonld', exportAnnotationsJson(samples));
    expect(textOf(root.querySelector('[aria-labelledby="transfer-heading"] [role="status"]'))).toBe('mine.jsonld: 3 added, 1 already there.');
    expect(quotes(root)).toHaveLength(4);
    expect(await w.store.list()).toHaveLength(4);
  });

  it('shows an import under way, clears the last file’s error, and lists what it added without waiting for the change signal', async () => {
    const samples = seedAnnotations();
    const w = await world(samples.slice(0, 1));
    let release = () => {};
    let gated = false;
    const api: AnnotationsApi = {
      ...w.api,
      // The worker's change signal can come late (after 10 s for 5,000 annotations): here it never comes.
      watch: () => () => undefined,
      importText: async (text) => {
        if (gated) await new Promise<void>((resolve) => (release = resolve));
        return w.api.importText(text);
      },
    };
    const root = await showApp(w, api);
    const alert = () => textOf(root.querySelector('[aria-labelledby="transfer-heading"] [role="alert"]'));
    const status = () => textOf(root.querySelector('[aria-labelledby="transfer-heading"] [role="status"]'));
    const input = labelled(root, 'Import annotations from a JSON-LD file');
    await chooseFile(root, 'broken.jsonld', 'not JSON');
    expect(alert()).toContain('broken.jsonld was not imported');

    gated = true;
    await chooseFile(root, 'big.jsonld', exportAnnotationsJson(samples));
    expect(alert()).toBe('');
    expect(status()).toBe('Importing big.jsonld…');
    expect(input.disabled).toBe(true);
    expect(input.parentElement!.getAttribute('aria-busy')).toBe('true');

    release();
    await settle();
    expect(status()).toBe('big.jsonld: 3 added, 1 already there.');
    expect(quotes(root)).toHaveLength(4);
    expect(textOf(root.querySelector('[data-testid="shown-count"]'))).toBe('4 annotations, newest first');
    expect(input.disabled).toBe(false);
    expect(input.parentElement!.getAttribute('aria-busy')).toBe('false');
  });

  it('imports a copy edited on another machine in place of the stored one, and says so', async () => {
    const samples = seedAnnotations();
    const w = await world(samples.slice(0, 2));
    const root = await showApp(w);
    const editedElsewhere = { ...samples[0]!, body: [], modified: '2030-01-01T00:00:00.000Z' };
    await chooseFile(root, 'laptop.jsonld', exportAnnotationsJson([editedElsewhere, samples[1]!]));
    expect(textOf(root.querySelector('[aria-labelledby="transfer-heading"] [role="status"]'))).toBe('laptop.jsonld: 0 added, 1 updated, 1 already there.');
    expect(await w.store.get(samples[0]!.id)).toEqual(editedElsewhere);
  });

  it('describes the import as it behaves: a stored annotation is kept unless the file’s copy was edited later', async () => {
    const root = await showApp(await world([]));
    const hint = document.getElementById(labelled(root, 'Import annotations from a JSON-LD file').getAttribute('aria-describedby')!);
    expect(textOf(hint)).toBe(
      'An annotation already here (same id) is kept, unless the file’s copy was edited later: that copy replaces it. ' +
        'A file with any problem is refused and nothing changes.',
    );
  });

  it('refuses a file over the size limit without reading it or asking the worker', async () => {
    const w = await world(seedAnnotations().slice(0, 1));
    const root = await showApp(w);
    const input = labelled(root, 'Import annotations from a JSON-LD file');
    const file = new File(['x'.repeat(DEFAULT_MAX_IMPORT_BYTES + 1)], 'huge.jsonld', { type: 'application/ld+json' });
    const read = vi.spyOn(file, 'text');
    const asked = vi.spyOn(w.api, 'importText');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    const alert = root.querySelector('[aria-labelledby="transfer-heading"] [role="alert"]')!;
    expect([...alert.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'huge.jsonld was not imported; your annotations are unchanged.',
      importSizeError(DEFAULT_MAX_IMPORT_BYTES + 1),
    ]);
    expect(read).not.toHaveBeenCalled();
    expect(asked).not.toHaveBeenCalled();
  });

  it.each([
    ['cut off', (text: string) => text.slice(0, text.length / 2)],
    ['with a bad date', (text: string) => text.replace('"2024-05-01T09:32:00.000Z"', '"May 1st"')],
    ['not JSON at all', () => 'annotations, please'],
  ])('refuses a file %s with the import’s own message, changing nothing', async (_label, spoil) => {
    const samples = seedAnnotations();
    const w = await world(samples.slice(0, 2));
    const before = await w.store.list();
    const root = await showApp(w);
    const text = spoil(exportAnnotationsJson(samples));
    const expected = parseAnnotationImport(text);
    if (!('error' in expected)) throw new Error('the spoiled file should be refused');
    await chooseFile(root, 'broken.jsonld', text);
    const alert = root.querySelector('[aria-labelledby="transfer-heading"] [role="alert"]')!;
    expect([...alert.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'broken.jsonld was not imported; your annotations are unchanged.',
      expected.error,
    ]);
    expect(await w.store.list()).toEqual(before);
    expect(quotes(root)).toHaveLength(2);
  });
});
