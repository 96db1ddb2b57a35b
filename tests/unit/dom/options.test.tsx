import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseIndex, type CorpusIndex } from '../../../src/core/index/format';
import { corpusDocuments, type CorpusDocument } from '../../../src/core/query/corpus-documents';
import { memorySource } from '../../../src/core/query/source';
import type { SiteRule } from '../../../src/core/site/site-key';
import type { IndexStatus } from '../../../src/messaging/protocol';
import { OptionsApp, type OptionsServices } from '../../../src/options/OptionsApp';
import { OptionsView } from '../../../src/options/OptionsView';
import { defaultSettings, exportSettings, importSettings, validateSettings, type Settings } from '../../../src/settings/schema';
import indexFixture from '../../fixtures/index/index-v1.json';

let index: CorpusIndex;
let documents: CorpusDocument[];
let status: IndexStatus;
beforeAll(async () => {
  index = parseIndex(indexFixture);
  documents = await corpusDocuments(memorySource(index), index.documents.length);
  status = {
    hash: index.hash,
    version: index.version,
    loadedAt: Date.UTC(2025, 10, 20, 9, 30),
    counts: {
      documents: index.documents.length,
      passages: index.passages.length,
      entities: index.entities.length,
      figures: index.figures.length,
      terms: Object.keys(index.bm25.postings).length,
    },
  };
});

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) act(() => render(null, container!));
  container?.remove();
  container = undefined;
  vi.restoreAllMocks();
});

/** Settings storage in memory, validating like the real store, with everything saved kept in order. */
function memoryStore(initial: Settings = defaultSettings(), corpus?: { fail: string }) {
  let stored = initial;
  const watchers = new Set<(settings: Settings) => void>();
  const saves: Settings[] = [];
  let failNextSave: string | undefined;
  const services: OptionsServices = {
    loadSettings: async () => stored,
    updateSettings: async (change) => {
      if (failNextSave) {
        const message = failNextSave;
        failNextSave = undefined;
        throw new Error(message);
      }
      const { settings, problems } = validateSettings(change(stored));
      if (problems.length > 0) throw new Error(problems.join('; '));
      stored = settings;
      saves.push(settings);
      for (const watcher of watchers) watcher(settings);
      return settings;
    },
    watchSettings: (callback) => {
      watchers.add(callback);
      return () => void watchers.delete(callback);
    },
    indexStatus: async () => (corpus ? Promise.reject(new Error(corpus.fail)) : status),
    corpusDocuments: async () => documents,
  };
  return {
    services,
    saves,
    stored: () => stored,
    /** A change made elsewhere (the popup, another window). */
    changeElsewhere(next: Settings) {
      stored = next;
      for (const watcher of watchers) watcher(next);
    },
    failNextSave(message: string) {
      failNextSave = message;
    },
  };
}

/** Lets pending promises (storage, file reads) and Preact's renders run. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function showApp(store: ReturnType<typeof memoryStore>): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  act(() => render(<OptionsApp services={store.services} />, container!));
  await settle();
  return container;
}

function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The control a label names (by its `for`, or the control inside it). */
function control<T extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string | RegExp, within?: string): T {
  const scope = within ? fieldset(root, within) : root;
  const labels = [...scope.querySelectorAll('label')].filter((l) =>
    typeof label === 'string' ? textOf(l) === label : label.test(textOf(l)),
  );
  if (labels.length !== 1) throw new Error(`${labels.length} labels match ${label}`);
  const found = labels[0]!;
  const target = found.htmlFor ? document.getElementById(found.htmlFor) : found.querySelector('input, textarea, select');
  if (!target) throw new Error(`label ${label} has no control`);
  return target as T;
}

function fieldset(root: ParentNode, legend: string): HTMLFieldSetElement {
  const found = [...root.querySelectorAll('fieldset')].find((f) => textOf(f.querySelector(':scope > legend')) === legend);
  if (!found) throw new Error(`no fieldset "${legend}"`);
  return found;
}

function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? textOf(b)) === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

function type(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  act(() => {
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(element: HTMLElement): Promise<void> {
  act(() => element.click());
  await settle();
}

const listed = (root: ParentNode, legend: string) =>
  [...fieldset(root, legend).querySelectorAll('.rules .rule-value')].map((item) => textOf(item));
const site = (value: string): SiteRule => ({ kind: 'site', value });
const host = (value: string): SiteRule => ({ kind: 'host', value });

describe('site lists', () => {
  it('adds one rule from what is typed, normalised, and lists it with a remove button', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    const input = control(root, 'Add a site', 'Block list');
    type(input, 'https://www.Example.com/news/today');
    await click(button(fieldset(root, 'Block list'), 'Add'));

    expect(store.stored().blocklist).toEqual([site('example.com')]);
    expect(listed(root, 'Block list')).toEqual(['example.com']);
    expect(button(root, 'Remove example.com from the block list')).toBeDefined();
    expect(input.value).toBe('');
    expect(textOf(fieldset(root, 'Block list').querySelector('[role="status"]'))).toBe('Added example.com.');
    expect(store.stored().allowlist).toEqual([]);
  });

  it.each([
    ['foo bar', 'Can’t add “foo bar”: spaces are not allowed.'],
    ['someone@example.com', 'Can’t add “someone@example.com”: not a web address.'],
    ['*.github.io', 'Can’t add “*.github.io”: a public suffix such as github.io cannot be a site: many sites share it.'],
    ['chrome://settings', 'Can’t add “chrome://settings”: This is a page of the browser itself; extensions are not allowed to run on it.'],
  ])('refuses %j with a message naming it and why, saving nothing', async (entry, message) => {
    const store = memoryStore();
    const root = await showApp(store);
    const input = control(root, 'Add a site', 'Allow list');
    type(input, entry);
    await click(button(fieldset(root, 'Allow list'), 'Add'));

    const alert = fieldset(root, 'Allow list').querySelector('[role="alert"]');
    expect(textOf(alert)).toBe(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(alert!.id);
    expect(input.value).toBe(entry);
    expect(store.saves).toEqual([]);
  });

  it('says a rule is already listed instead of adding it twice', async () => {
    const store = memoryStore({ ...defaultSettings(), blocklist: [site('example.com')] });
    const root = await showApp(store);
    type(control(root, 'Add a site', 'Block list'), 'www.example.com');
    await click(button(fieldset(root, 'Block list'), 'Add'));

    expect(store.saves).toEqual([]);
    expect(textOf(fieldset(root, 'Block list').querySelector('[role="status"]'))).toBe('example.com is already on the block list.');
  });

  it('removes a rule and moves focus to the next one, then to the field once the list is empty', async () => {
    const store = memoryStore({ ...defaultSettings(), blocklist: [site('a.com'), site('b.com'), host('news.c.com')] });
    const root = await showApp(store);
    expect(listed(root, 'Block list')).toEqual(['a.com', 'b.com', 'news.c.com']);

    await click(button(root, 'Remove b.com from the block list'));
    expect(store.stored().blocklist).toEqual([site('a.com'), host('news.c.com')]);
    expect(listed(root, 'Block list')).toEqual(['a.com', 'news.c.com']);
    expect(document.activeElement).toBe(button(root, 'Remove news.c.com from the block list'));

    await click(button(root, 'Remove news.c.com from the block list'));
    expect(document.activeElement).toBe(button(root, 'Remove a.com from the block list'));
    await click(button(root, 'Remove a.com from the block list'));
    expect(store.stored().blocklist).toEqual([]);
    expect(textOf(fieldset(root, 'Block list'))).toContain('The block list is empty.');
    expect(document.activeElement).toBe(control(root, 'Add a site', 'Block list'));
  });

  it('adds many pasted rules, lists each rejected entry with its line and reason, and ignores duplicates', async () => {
    const store = memoryStore({ ...defaultSettings(), blocklist: [site('example.com')] });
    const root = await showApp(store);
    const box = control<HTMLTextAreaElement>(root, /^Add many sites/, 'Block list');
    type(box, 'news.bbc.co.uk, example.com\nfoo bar\nlocalhost:8080, www.nytimes.com\n\nnytimes.com,someone@mail.com');
    await click(button(fieldset(root, 'Block list'), 'Add all'));

    expect(store.stored().blocklist).toEqual([
      site('example.com'),
      host('news.bbc.co.uk'),
      host('localhost:8080'),
      site('nytimes.com'),
    ]);
    expect(store.saves).toHaveLength(1);
    const alert = fieldset(root, 'Block list').querySelector('[role="alert"]');
    expect(textOf(alert?.querySelector('p'))).toBe('2 entries were not added:');
    expect([...alert!.querySelectorAll('li')].map(textOf)).toEqual([
      '“foo bar” (line 2): spaces are not allowed.',
      '“someone@mail.com” (line 5): not a web address.',
    ]);
    expect(textOf(fieldset(root, 'Block list').querySelector('[role="status"]'))).toBe('Added 3 sites; 1 was already on the list.');
    // What was refused stays in the box to be corrected.
    expect(box.value).toBe('foo bar\nsomeone@mail.com');
    expect(box.getAttribute('aria-invalid')).toBe('true');
  });

  it('says so when everything pasted was already listed', async () => {
    const store = memoryStore({ ...defaultSettings(), allowlist: [site('example.com'), host('localhost:8080')] });
    const root = await showApp(store);
    type(control<HTMLTextAreaElement>(root, /^Add many sites/, 'Allow list'), 'example.com\nlocalhost:8080');
    await click(button(fieldset(root, 'Allow list'), 'Add all'));

    expect(store.saves).toEqual([]);
    expect(textOf(fieldset(root, 'Allow list').querySelector('[role="status"]'))).toBe('Nothing new: 2 were already on the list.');
    expect(fieldset(root, 'Allow list').querySelector('[role="alert"]')).toBeNull();
  });

  it('switches mode with the radio group, keeping both lists and marking which one is in use', async () => {
    const store = memoryStore({ ...defaultSettings(), blocklist: [site('a.com')], allowlist: [site('b.com')] });
    const root = await showApp(store);
    const everywhere = control(root, 'On everywhere except the block list');
    const allowOnly = control(root, 'Only on the allow list');
    expect(everywhere.checked).toBe(true);
    expect(everywhere.name).toBe(allowOnly.name);
    expect(fieldset(root, 'Allow list').classList.contains('unused')).toBe(true);
    expect(textOf(fieldset(root, 'Allow list'))).toContain('Not in use');

    await click(allowOnly);
    expect(store.stored()).toMatchObject({ mode: 'allowlist', blocklist: [site('a.com')], allowlist: [site('b.com')] });
    expect(allowOnly.checked).toBe(true);
    expect(everywhere.checked).toBe(false);
    expect(fieldset(root, 'Block list').classList.contains('unused')).toBe(true);
    expect(fieldset(root, 'Allow list').classList.contains('unused')).toBe(false);
  });
});

describe('switches and choices', () => {
  function showView(settings: Settings) {
    const changes: ((current: Settings) => Settings)[] = [];
    container = document.createElement('div');
    document.body.append(container);
    const update = async (change: (current: Settings) => Settings) => {
      changes.push(change);
      return true;
    };
    act(() => render(<OptionsView settings={settings} update={update} corpus={{}} />, container!));
    return { root: container, changes };
  }

  const defaults = defaultSettings();
  it.each<[string, string | RegExp, Partial<Settings>]>([
    ['the global switch', 'Footnote on everywhere', { enabled: false }],
    ['an entity type', 'Agency', { entityTypes: { ...defaults.entityTypes, agency: false } }],
    ['another entity type', 'Policy term', { entityTypes: { ...defaults.entityTypes, policy: false } }],
    ['a figure kind', 'Arrests', { figureKinds: { ...defaults.figureKinds, arrests: false } }],
    ['a figure kind with a long label', 'Agents and officers', { figureKinds: { ...defaults.figureKinds, agents: false } }],
    ['every mention', 'Every mention', { markEvery: 'every' }],
    ['the background style', 'Background', { highlight: { ...defaults.highlight, style: 'background' } }],
  ])('%s saves the matching settings change', async (_name, label, expected) => {
    const { root, changes } = showView(defaultSettings());
    await click(control(root, label));
    expect(changes).toHaveLength(1);
    expect(changes[0]!(defaultSettings())).toEqual({ ...defaultSettings(), ...expected });
    // A change applies to what is stored when it runs, keeping what another page changed meanwhile.
    const meanwhile = { ...defaultSettings(), blocklist: [site('example.com')] };
    expect(changes[0]!(meanwhile)).toEqual({ ...meanwhile, ...expected });
  });

  it.each(['Footnote on everywhere', 'Agency', 'Arrests', 'Every mention', 'Background'])(
    '%s keeps the fields a newer Footnote wrote',
    async (label) => {
      const fromNewer = {
        ...defaultSettings(),
        version: 2,
        sync: { every: 'hour' },
        entityTypes: { ...defaults.entityTypes, court: false },
        figureKinds: { ...defaults.figureKinds, fines: false },
        highlight: { ...defaults.highlight, glow: 2 },
        blocklist: [{ ...site('example.com'), note: 'work' }],
      };
      const { root, changes } = showView(fromNewer);
      await click(control(root, label));
      // Validated as the store does before writing.
      const { settings, problems } = validateSettings(changes[0]!(fromNewer));
      expect(problems).toEqual([]);
      expect(settings).toMatchObject({
        version: 2,
        sync: { every: 'hour' },
        entityTypes: { court: false },
        figureKinds: { fines: false },
        highlight: { glow: 2 },
        blocklist: [{ note: 'work' }],
      });
    },
  );

  it('turns a switch back on from its stored state', async () => {
    const { root, changes } = showView({ ...defaultSettings(), enabled: false, entityTypes: { ...defaults.entityTypes, person: false } });
    expect(control(root, 'Footnote on everywhere').checked).toBe(false);
    expect(control(root, 'Person').checked).toBe(false);
    await click(control(root, 'Footnote on everywhere'));
    await click(control(root, 'Person'));
    const [enable, person] = changes;
    expect(enable!(defaultSettings()).enabled).toBe(true);
    expect(person!({ ...defaultSettings(), entityTypes: { ...defaults.entityTypes, person: false } }).entityTypes.person).toBe(true);
  });

  it('offers only figure kinds that pages can mark', () => {
    const { root } = showView(defaultSettings());
    const kinds = [...fieldset(root, 'Figures to mark').querySelectorAll('label')].map(textOf);
    expect(kinds).toEqual(expect.arrayContaining(['Arrests', 'People', 'Money', 'Percentage', 'Centres and facilities']));
    // Durations and "other" are never marked on pages, whatever is chosen.
    for (const never of ['Days', 'Weeks', 'Years', 'Other count']) expect(kinds).not.toContain(never);
  });

  it('gives every control a label and groups them in fieldsets with legends', () => {
    const { root } = showView(defaultSettings());
    for (const field of root.querySelectorAll('input, textarea')) {
      const labelled = field.closest('label') ?? (field.id && root.querySelector(`label[for="${field.id}"]`));
      expect(labelled, field.outerHTML).toBeTruthy();
    }
    for (const group of root.querySelectorAll('fieldset')) expect(textOf(group.querySelector(':scope > legend'))).not.toBe('');
    expect(root.querySelectorAll('input[type="radio"][name="mode"]')).toHaveLength(2);
  });
});

describe('highlight preview', () => {
  const previewOf = (root: ParentNode) => root.querySelector('[data-testid="mark-preview"]')!;
  const marked = (root: ParentNode, kind: 'entity' | 'figure') =>
    [...previewOf(root).querySelectorAll(`.footnote-${kind}`)].map(textOf);
  const previewStyle = (root: ParentNode) => textOf(root.querySelector('.preview style'));

  it('marks an entity and a figure as the page would, first mention only by default', async () => {
    const root = await showApp(memoryStore());
    expect(textOf(previewOf(root))).toBe(
      'ICE arrested 498 individuals in raids on sanctuary cities; ICE said more raids would follow.',
    );
    expect(marked(root, 'entity')).toEqual(['ICE', 'sanctuary cities']);
    expect(marked(root, 'figure')).toEqual(['498 individuals']);
    expect(previewStyle(root)).toContain('.mark-preview .footnote-entity { text-decoration: underline 2px #f5b700;');
    expect(previewStyle(root)).toContain('.mark-preview .footnote-figure { text-decoration: underline dotted 2px #f5b700;');
  });

  it('follows the chosen style, colour, frequency and types', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    await click(control(root, 'Background'));
    expect(previewStyle(root)).toContain('.mark-preview .footnote-entity { background-color: color-mix(in srgb, #f5b700 35%, transparent); }');
    expect(previewStyle(root)).not.toContain('underline');

    await click(control(root, 'Every mention'));
    expect(marked(root, 'entity')).toEqual(['ICE', 'sanctuary cities', 'ICE']);
    await click(control(root, 'Agency'));
    expect(marked(root, 'entity')).toEqual(['sanctuary cities']);
    await click(control(root, 'People'));
    expect(marked(root, 'figure')).toEqual([]);
  });

  it('previews a colour while it is picked and saves it when it is chosen', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    const colour = control(root, 'Colour');
    expect(colour.type).toBe('color');
    expect(colour.value).toBe('#f5b700');

    act(() => {
      colour.value = '#1a7f37';
      colour.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(previewStyle(root)).toContain('underline 2px #1a7f37');
    expect(store.saves).toEqual([]);

    act(() => void colour.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    expect(store.stored().highlight).toEqual({ style: 'underline', color: '#1a7f37' });
    expect(previewStyle(root)).toContain('underline 2px #1a7f37');
  });

  it('shows a colour changed elsewhere', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    act(() => store.changeElsewhere({ ...defaultSettings(), highlight: { style: 'underline', color: '#0055aa' } }));
    await settle();
    expect(control(root, 'Colour').value).toBe('#0055aa');
    expect(previewStyle(root)).toContain('#0055aa');
  });
});

describe('corpus', () => {
  it('lists the documents with dates and counts, and the index build and load time', async () => {
    const root = await showApp(memoryStore());
    const table = root.querySelector('table.documents')!;
    expect(textOf(table.querySelector('caption'))).toBe(`${index.documents.length} article in the corpus`);
    const rows = [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map(textOf));
    const doc = index.documents[0]!;
    expect(rows).toEqual([
      [
        `${doc.title}Evan Blake · World Socialist Web Site`,
        '30 Sep 2017',
        String(doc.passageEnd - doc.passageStart),
        String(index.figures.filter((f) => f.doc === doc.id).length),
      ],
    ]);
    expect(table.querySelector('tbody a')!.getAttribute('href')).toBe(`/reader.html?doc=${doc.id}`);
    expect(table.querySelector('time')!.getAttribute('datetime')).toBe('2017-09-30');
    const line = root.querySelector('[data-testid="index-line"]')!;
    expect(textOf(line)).toContain(`Index ${index.hash} (format 1), loaded`);
    expect(line.querySelector('time')!.getAttribute('datetime')).toBe('2025-11-20T09:30:00.000Z');
    expect(textOf(line)).toContain(`${index.passages.length} passages`);
  });

  it('says why when the corpus cannot be read', async () => {
    const root = await showApp(memoryStore(defaultSettings(), { fail: 'the corpus index is not loaded yet' }));
    expect(textOf(root.querySelector('[aria-labelledby="corpus-heading"] [role="alert"]'))).toBe(
      'The corpus is unavailable: the corpus index is not loaded yet',
    );
  });
});

describe('export and import', () => {
  async function chooseFile(root: ParentNode, name: string, text: string): Promise<void> {
    const input = control(root, 'Import settings from a file');
    const file = new File([text], name, { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
  }

  it('exports the current settings as a JSON file through a Blob URL and a download link', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return `blob:options/${blobs.length}`;
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const custom = { ...defaultSettings(), mode: 'allowlist' as const, allowlist: [site('example.com')] };
    const store = memoryStore(custom);
    const root = await showApp(store);

    const link = [...root.querySelectorAll('a')].find((a) => textOf(a) === 'Export settings')!;
    expect(link.getAttribute('download')).toBe('footnote-settings.json');
    const href = link.getAttribute('href')!;
    const exported = blobs[Number(href.split('/').pop()) - 1]!;
    expect(exported.type).toBe('application/json');
    expect(importSettings(await exported.text())).toEqual({ settings: custom });

    await click(control(root, 'Every mention'));
    expect(link.getAttribute('href')).not.toBe(href);
    expect(revoke).toHaveBeenCalledWith(href);
    const latest = blobs[Number(link.getAttribute('href')!.split('/').pop()) - 1]!;
    expect(importSettings(await latest.text())).toEqual({ settings: { ...custom, markEvery: 'every' } });
  });

  it('imports a file, replacing the settings', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    const imported = { ...defaultSettings(), enabled: false, blocklist: [site('example.com'), host('localhost:8080')] };
    await chooseFile(root, 'mine.json', exportSettings(imported));

    expect(store.stored()).toEqual(imported);
    expect(textOf(root.querySelector('[aria-labelledby="transfer-heading"] [role="status"]'))).toBe(
      'Imported the settings from mine.json.',
    );
    expect(listed(root, 'Block list')).toEqual(['example.com', 'localhost:8080']);
    expect(control(root, 'Footnote on everywhere').checked).toBe(false);
  });

  it.each([
    [
      'a file that is cut off',
      '{"format": "footnote-settings",',
      /^The file is incomplete \(it looks cut off\): at line 1, column 32, the file ends inside an object \(1 unclosed bracket\)\.$/,
    ],
    ['a file that is not JSON', '{"format": footnote-settings}', /^The file is not valid JSON: at line 1, column 12, expected a value, found 'f'\.$/],
    ['a file of another program', '{"theme": "dark"}', /no "format": "footnote-settings" marker/],
    [
      'settings with problems',
      JSON.stringify({ format: 'footnote-settings', settings: { version: 1, mode: 'sometimes', blocklist: ['example.com'] } }),
      /^The settings file has 2 problem\(s\):\n- mode: expected "blocklist" or "allowlist", got "sometimes"\n- blocklist\[0\]/,
    ],
  ])('refuses %s, showing why and changing nothing', async (_name, text, reason) => {
    const before = { ...defaultSettings(), blocklist: [site('example.com')] };
    const store = memoryStore(before);
    const root = await showApp(store);
    await chooseFile(root, 'broken.json', text);

    const alert = root.querySelector('[aria-labelledby="transfer-heading"] [role="alert"]')!;
    expect(textOf(alert.querySelector('p'))).toBe('broken.json was not imported; your settings are unchanged.');
    expect(alert.querySelector('.details')!.textContent).toMatch(reason);
    expect(store.saves).toEqual([]);
    expect(store.stored()).toEqual(before);
  });
});

describe('the page wiring', () => {
  it('follows changes made elsewhere, such as a site switched off in the popup', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    act(() => store.changeElsewhere({ ...defaultSettings(), blocklist: [site('nytimes.com')] }));
    await settle();
    expect(listed(root, 'Block list')).toEqual(['nytimes.com']);
  });

  it('says when a change could not be saved, and shows the stored state', async () => {
    const store = memoryStore();
    const root = await showApp(store);
    store.failNextSave('QUOTA_BYTES quota exceeded');
    const global = control(root, 'Footnote on everywhere');
    await click(global);

    expect(textOf(root.querySelector('main > [role="alert"]'))).toBe('Your change was not saved: QUOTA_BYTES quota exceeded');
    expect(store.stored().enabled).toBe(true);
    expect(global.checked).toBe(true);

    await click(global);
    expect(store.stored().enabled).toBe(false);
    expect(root.querySelector('main > [role="alert"]')).toBeNull();
  });

  it('says why when the settings cannot be read', async () => {
    const store = memoryStore();
    store.services.loadSettings = () => Promise.reject(new Error('storage is disabled'));
    const root = await showApp(store);
    expect(textOf(root.querySelector('[role="alert"]'))).toBe('Your settings could not be read: storage is disabled');
  });
});
