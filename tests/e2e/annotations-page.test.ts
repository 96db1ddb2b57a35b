import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { browser } from 'wxt/browser';
import { exportFileName } from '../../src/annotations-page/download';
import { exportAnnotationsCsv, exportAnnotationsJson, exportAnnotationsMarkdown } from '../../src/core/annotations/export';
import { parseAnnotationImport } from '../../src/core/annotations/import';
import { createAnnotation, type Annotation, type PassageCitation, type TextSelectors } from '../../src/core/annotations/model';
import type { Reply, RequestMap, RequestType } from '../../src/messaging/protocol';
import { ExtensionHarness, useExtensionHarness } from './harness';

/** The extension API as seen inside the worker, for code passed to `worker.evaluate`. */
declare const chrome: typeof browser;

const harness = useExtensionHarness();

const PASSAGE: PassageCitation = {
  indexHash: '0a1b2c3d4e5f60',
  passageId: 3,
  title: "Oppose Trump's mass arrest of 2,000 immigrants!",
  author: 'Norissa Santa Cruz',
  date: '2020-09-04',
  publisher: 'World Socialist Web Site',
  text: 'On Tuesday, ICE announced the arrest of more than 2,000 people in a widespread series of raids.',
};

const ARTICLE_HTML = `<!doctype html><html><head><title>ICE raids</title></head><body><article>
<h1>ICE raids</h1><p>On Tuesday, ICE announced the arrest of more than 2,000 people in a widespread series of raids.</p>
</article></body></html>`;

/** Three annotations on three sites, made at fixed times; the first is on the served article. */
function seedAnnotations(articleUrl: string): Annotation[] {
  const made = (minute: number, id: number) =>
    [() => new Date(Date.UTC(2024, 4, 1, 9, minute)), () => `00000000-0000-4000-8000-00000000000${id}`] as const;
  const quote = (exact: string, prefix = '', suffix = ''): TextSelectors => [{ type: 'TextQuoteSelector', exact, prefix, suffix }];
  return [
    createAnnotation(
      {
        pageUrl: `${articleUrl}?utm_source=newsletter#top`,
        pageTitle: 'ICE raids',
        selectors: quote('the arrest of more than 2,000 people', 'ICE announced ', ' in a widespread'),
        note: 'Compare with the 498 arrests in 2017.',
        tags: ['ICE', 'figures'],
        passages: [PASSAGE],
      },
      ...made(1, 1),
    ),
    createAnnotation(
      {
        pageUrl: 'https://www.cbp.gov/newsroom/release',
        pageTitle: 'CBP release',
        selectors: quote('BORTAC agents were deployed'),
        note: '**Markdown** <b>stays text</b>',
        noteFormat: 'text/markdown',
        tags: ['BORTAC'],
      },
      ...made(2, 2),
    ),
    createAnnotation(
      {
        pageUrl: 'https://news.example.org/sanctuary',
        selectors: quote('sanctuary cities'),
        tags: ['policy', 'ice'],
      },
      ...made(3, 3),
    ),
  ];
}

/** A worker request from an extension page, as the annotations page makes it. */
async function request<K extends RequestType>(
  h: ExtensionHarness,
  type: K,
  payload: RequestMap[K]['request'],
): Promise<RequestMap[K]['response']> {
  const reply = await h.sendMessage<Reply<RequestMap[K]['response']>>({ type, ...payload }, 'annotations.html');
  if (!reply.ok) throw new Error(`${type}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

async function seed(h: ExtensionHarness, annotations: Annotation[]): Promise<Annotation[]> {
  const stored: Annotation[] = [];
  for (const annotation of annotations) {
    stored.push(await request(h, 'annotations.save', { annotation, keepModified: true }));
  }
  return stored;
}

async function openAnnotationsPage(h: ExtensionHarness): Promise<Page> {
  const page = await h.openExtensionPage('annotations.html');
  await page.getByRole('heading', { name: 'Footnote annotations' }).waitFor();
  await page.locator('.annotation, .empty').first().waitFor();
  return page;
}

const quotes = (page: Page) => page.locator('.annotation blockquote').allTextContents();
const item = (page: Page, quote: string) => page.getByRole('listitem').filter({ has: page.locator('blockquote', { hasText: quote }) });

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

function pageErrors(h: ExtensionHarness) {
  return h.consoleErrors.filter((error) => error.source.includes('/annotations.html'));
}

let articleUrl: string;
// Each test starts with no annotations and only its own tabs.
beforeEach(async () => {
  const h = harness();
  await Promise.all(h.context.pages().filter((p) => p.url().startsWith('http')).map((p) => p.close()));
  for (const annotation of await request(h, 'annotations.list', {})) {
    await request(h, 'annotations.delete', { id: annotation.id });
  }
  articleUrl = h.server.addPage('/annotated-article.html', ARTICLE_HTML);
});

describe('the annotations page of the built extension', () => {
  it('lists annotations newest first, searches and filters by tag and site', async () => {
    const h = harness();
    await seed(h, seedAnnotations(articleUrl));
    const page = await openAnnotationsPage(h);
    expect(await quotes(page)).toEqual(['sanctuary cities', 'BORTAC agents were deployed', 'the arrest of more than 2,000 people']);

    const first = item(page, 'the arrest of more than 2,000 people');
    expect(await first.locator('.note').textContent()).toBe('Compare with the 498 arrests in 2017.');
    expect(await first.getByRole('list', { name: 'Tags' }).getByRole('listitem').allTextContents()).toEqual(['ICE', 'figures']);
    expect(await first.locator('.passages cite').textContent()).toBe(
      "Oppose Trump's mass arrest of 2,000 immigrants! Norissa Santa Cruz. World Socialist Web Site, 2020-09-04.",
    );
    // Markup in a note is shown as text.
    expect(await item(page, 'BORTAC').locator('.note').textContent()).toBe('**Markdown** <b>stays text</b>');
    expect(await page.locator('.annotation b').count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search' }).fill('498');
    await expect.poll(() => quotes(page)).toEqual(['the arrest of more than 2,000 people']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('cbp.gov');
    await expect.poll(() => quotes(page)).toEqual(['BORTAC agents were deployed']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    // "ICE" and "ice" are one tag, named as the newest annotation spells it.
    await page.getByLabel('Tag', { exact: true }).selectOption({ label: 'ice (2)' });
    await expect.poll(() => quotes(page)).toEqual(['sanctuary cities', 'the arrest of more than 2,000 people']);
    await page.getByLabel('Site', { exact: true }).selectOption('example.org');
    await expect.poll(() => quotes(page)).toEqual(['sanctuary cities']);
    expect(await page.getByTestId('shown-count').textContent()).toBe('1 annotation of 3 shown Show all');
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => quotes(page)).toHaveLength(3);
    expect(pageErrors(h)).toEqual([]);
  });

  it('edits a note and tags inline, and deletes with an Undo that restores exactly', async () => {
    const h = harness();
    const [first, second] = await seed(h, seedAnnotations(articleUrl));
    const page = await openAnnotationsPage(h);

    await item(page, first!.target.selector[0].exact).getByRole('button', { name: 'Edit' }).click();
    // By keyboard: the note field takes focus once the editor has rendered.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Checked against the 2017 raids.');
    const tags = page.getByRole('textbox', { name: 'Tags' });
    await tags.fill('figures, checked');
    await tags.press('Enter');
    await expect.poll(() => item(page, first!.target.selector[0].exact).locator('.note').textContent()).toBe('Checked against the 2017 raids.');
    const edited = (await request(h, 'annotations.list', {})).find((annotation) => annotation.id === first!.id)!;
    expect(edited.created).toBe(first!.created);
    expect(Date.parse(edited.modified)).toBeGreaterThan(Date.parse(first!.modified));
    expect(edited.body.filter((body) => body.purpose === 'tagging').map((body) => body.value)).toEqual(['figures', 'checked']);

    const before = await request(h, 'annotations.list', {});
    await item(page, 'BORTAC').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => quotes(page)).toHaveLength(2);
    expect((await request(h, 'annotations.list', {})).map((annotation) => annotation.id)).not.toContain(second!.id);
    // Focus moves to Undo (once the notice has rendered): Enter restores.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await expect.poll(() => quotes(page)).toHaveLength(3);
    expect(await request(h, 'annotations.list', {})).toEqual(before);
    expect(pageErrors(h)).toEqual([]);
  });

  it('opens an annotation’s page in a new tab, which scrolls to the annotation and shows it', async () => {
    const h = harness();
    const [first] = await seed(h, seedAnnotations(articleUrl));
    const page = await openAnnotationsPage(h);
    const [opened] = await Promise.all([
      h.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(articleUrl) }),
      item(page, first!.target.selector[0].exact).getByRole('button', { name: 'Open page' }).click(),
    ]);
    // The normalised address: no tracking parameter, no fragment.
    expect(opened.url()).toBe(articleUrl);
    // The content script found the annotation, marked it and opened its panel with the note.
    await expect
      .poll(() => opened.evaluate(() => [...(CSS.highlights.get('footnote-annotation') ?? [])].map((range) => range.toString())))
      .toEqual(['the arrest of more than 2,000 people']);
    await expect.poll(() => opened.frames().some((frame) => frame.url().includes('/annotation-panel.html'))).toBe(true);
    const panel = opened.frames().find((frame) => frame.url().includes('/annotation-panel.html'))!;
    await expect.poll(() => panel.locator('.note').textContent()).toBe('Compare with the 498 arrests in 2017.');
    // The reveal was handed out once: reloading the page does not open the panel again.
    const worker = await h.worker();
    const reveals = await worker.evaluate(async () =>
      Object.keys(await chrome.storage.session.get(null)).filter((key) => key.startsWith('annotationReveal:')),
    );
    expect(reveals).toEqual([]);
    expect(pageErrors(h)).toEqual([]);
  });

  it('is reached from the popup', async () => {
    const h = harness();
    const article = await h.newPage();
    await article.goto(articleUrl);
    await article.bringToFront();
    const popup = await h.openPopup();
    try {
      const [page] = await Promise.all([
        h.context.waitForEvent('page', { predicate: (p) => p.url() === h.extensionUrl('annotations.html') }),
        popup.locator('button ::-p-text(Annotations)').click(),
      ]);
      await page.getByRole('heading', { name: 'Footnote annotations' }).waitFor();
    } finally {
      await popup.close().catch(() => undefined);
    }
  });

  it('exports JSON-LD, Markdown and CSV; JSON-LD imported into a fresh profile exports the same; a bad file changes nothing', async () => {
    const h = harness();
    await seed(h, seedAnnotations(articleUrl));
    const stored = await request(h, 'annotations.list', {});
    const page = await openAnnotationsPage(h);
    const jsonld = await download(page, 'JSON-LD');
    // Dated today, in the time zone the browser shares with this process.
    expect(jsonld.name).toBe(exportFileName('jsonld', new Date()));
    expect(jsonld.text).toBe(exportAnnotationsJson(stored));
    const markdown = await download(page, 'Markdown');
    expect(markdown.name).toBe(jsonld.name.replace(/\.jsonld$/, '.md'));
    expect(markdown.text).toBe(exportAnnotationsMarkdown(stored));
    const csv = await download(page, 'CSV');
    expect(csv.name).toBe(jsonld.name.replace(/\.jsonld$/, '.csv'));
    expect(csv.text).toBe(exportAnnotationsCsv(stored));

    const fresh = await ExtensionHarness.launch();
    try {
      expect(await request(fresh, 'annotations.list', {})).toEqual([]);
      const freshPage = await openAnnotationsPage(fresh);
      const importInput = freshPage.getByLabel('Import annotations from a JSON-LD file');
      const transfer = freshPage.getByRole('region', { name: 'Export and import' });
      await importInput.setInputFiles({ name: jsonld.name, mimeType: 'application/ld+json', buffer: Buffer.from(jsonld.text) });
      await expect.poll(() => transfer.getByRole('status').textContent()).toBe(`${jsonld.name}: 3 added, 0 already there.`);
      await expect.poll(() => quotes(freshPage)).toHaveLength(3);
      expect(await request(fresh, 'annotations.list', {})).toEqual(stored);
      expect((await download(freshPage, 'JSON-LD')).text).toBe(jsonld.text);

      // The same file again adds nothing.
      await importInput.setInputFiles({ name: 'again.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(jsonld.text) });
      await expect.poll(() => transfer.getByRole('status').textContent()).toBe('again.jsonld: 0 added, 3 already there.');

      // A file cut off part-way is refused with the importer's message, and nothing changes.
      const broken = jsonld.text.slice(0, Math.floor(jsonld.text.length * 0.6));
      const expected = parseAnnotationImport(broken);
      if (!('error' in expected)) throw new Error('the cut file should be refused');
      await importInput.setInputFiles({ name: 'cut.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(broken) });
      const alert = transfer.getByRole('alert');
      await expect.poll(() => alert.locator('p').allTextContents()).toEqual([
        'cut.jsonld was not imported; your annotations are unchanged.',
        expected.error,
      ]);
      expect(await request(fresh, 'annotations.list', {})).toEqual(stored);
      expect(fresh.consoleErrors.filter((error) => error.source.includes('/annotations.html'))).toEqual([]);
    } finally {
      await fresh.close();
    }
    fresh.assertNoForeignRequests();
    expect(pageErrors(h)).toEqual([]);
  });

  it('shows a big import under way, lists its annotations as soon as it is done, and gives focus back to the control', async () => {
    // A profile of its own: deleting 2,000 annotations one by one before the next test would outlast its hook.
    const h = await ExtensionHarness.launch();
    try {
      const page = await openAnnotationsPage(h);
      const count = 2000;
      const many = Array.from({ length: count }, (_, i) =>
        createAnnotation({
          pageUrl: `https://example.org/page-${i % 50}`,
          selectors: [{ type: 'TextQuoteSelector', exact: `quote ${i}`, prefix: '', suffix: '' }],
          note: 'n'.repeat(500),
          tags: [`tag-${i % 30}`],
        }),
      );
      const importInput = page.getByLabel('Import annotations from a JSON-LD file');
      const status = page.getByRole('region', { name: 'Export and import' }).getByRole('status');
      await importInput.focus();
      await importInput.setInputFiles({ name: 'big.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(exportAnnotationsJson(many)) });
      await expect.poll(() => status.textContent()).toBe('Importing big.jsonld…');
      expect(await importInput.isDisabled()).toBe(true);

      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe(`big.jsonld: ${count} added, 0 already there.`);
      // Read again with the summary, not seconds later on the worker's change signal.
      expect(await page.getByTestId('shown-count').textContent()).toBe(`${count} annotations, newest first`);
      expect(await page.getByRole('group', { name: /^Export all/ }).textContent()).toContain(`Export all ${count} annotations`);
      expect(await importInput.isDisabled()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-annotations');
      expect(pageErrors(h)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('keeps every annotation across a browser restart', async () => {
    const h = harness();
    await seed(h, seedAnnotations(articleUrl));
    const before = await request(h, 'annotations.list', {});
    expect(before).toHaveLength(3);
    await h.reopen();
    expect(await request(h, 'annotations.list', {})).toEqual(before);
    const page = await openAnnotationsPage(h);
    expect(await quotes(page)).toEqual(before.map((annotation) => annotation.target.selector[0].exact));
  });
});
