import { readFile } from 'node:fs/promises';
import type { Page, Worker } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { browser } from 'wxt/browser';
import type { IndexStatus, Reply } from '../../src/messaging/protocol';
import { defaultSettings, SETTINGS_FORMAT, type Settings } from '../../src/settings/schema';
import { allMarkedTexts, articlePage, markedTexts, pageInfo, settledMarks } from './corpus-pages';
import { useExtensionHarness } from './harness';

/** The extension API as seen inside the worker, for code passed to `worker.evaluate`. */
declare const chrome: typeof browser;

const harness = useExtensionHarness();
const ARTICLE_2017 = '004_f192af33ea0bcae1.txt';
const NO_MARKS = { entities: [], figures: [], focus: [] };

function storedSettings(worker: Worker): Promise<unknown> {
  return worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
}

// Each test starts from the defaults with only its own tabs open.
beforeEach(async () => {
  const h = harness();
  await Promise.all(h.context.pages().filter((p) => !p.url().startsWith('about:')).map((p) => p.close()));
  const worker = await h.worker();
  await worker.evaluate(() => chrome.storage.local.remove('settings'));
});

async function openArticle(path: string): Promise<Page> {
  const h = harness();
  const page = await h.newPage();
  await page.goto(h.server.addPage(path, articlePage(ARTICLE_2017).html));
  return page;
}

async function openOptions(): Promise<Page> {
  const options = await harness().openExtensionPage('options.html');
  await options.getByRole('heading', { name: 'Footnote settings' }).waitFor();
  await options.getByRole('group', { name: 'Block list' }).waitFor();
  return options;
}

/** Every rule of the stylesheets the document has adopted, as the browser serialises them. */
/** How the page paints its first entity mark: the computed ::highlight(footnote-entity) style where it is. */
function entityLook(page: Page): Promise<{ line: string; color: string; background: string }> {
  return page.evaluate(() => {
    const range = [...(CSS.highlights.get('footnote-entity') ?? [])][0] as Range;
    const style = getComputedStyle(range.startContainer.parentElement!, '::highlight(footnote-entity)');
    return { line: style.textDecorationLine, color: style.textDecorationColor, background: style.backgroundColor };
  });
}

function optionsPageErrors() {
  return harness().consoleErrors.filter((error) => error.source.includes('/options.html'));
}

describe('the options page of the built extension', () => {
  it('opens in a tab from the manifest', async () => {
    const manifest = JSON.parse(await readFile(`${harness().extensionDir}/manifest.json`, 'utf8')) as {
      options_ui?: { page: string; open_in_tab?: boolean };
    };
    expect(manifest.options_ui).toEqual({ page: 'options.html', open_in_tab: true });
  });

  it('turns an open page’s marks off and on again as rules and the mode change, without reload', async () => {
    const h = harness();
    const worker = await h.worker();
    const article = await openArticle('/options-lists.html');
    const on = await settledMarks(article);
    expect(on.entities.length).toBeGreaterThan(5);
    await article.evaluate(() => ((window as unknown as { pageState: string }).pageState = 'not reloaded'));

    const options = await openOptions();
    const blockList = options.getByRole('group', { name: 'Block list' });
    // By keyboard: type and press Enter.
    await blockList.getByLabel('Add a site').fill('127.0.0.1');
    await blockList.getByLabel('Add a site').press('Enter');
    await expect.poll(() => blockList.getByRole('status').textContent()).toBe('Added 127.0.0.1.');
    expect(await storedSettings(worker)).toMatchObject({ mode: 'blocklist', blocklist: [{ kind: 'site', value: '127.0.0.1' }] });
    await expect.poll(() => markedTexts(article)).toEqual(NO_MARKS);

    await options.getByLabel('Only on the allow list').check();
    await expect.poll(() => storedSettings(worker)).toMatchObject({ mode: 'allowlist' });
    // 127.0.0.1 is not on the allow list: still off, once the page has taken the mode in.
    await expect.poll(async () => (await pageInfo(article))?.reason).toBe('Off: 127.0.0.1 is not on your allow list.');
    expect(await markedTexts(article)).toEqual(NO_MARKS);

    const allowList = options.getByRole('group', { name: 'Allow list' });
    await allowList.getByLabel(/^Add many sites/).fill('example.com, 127.0.0.1\nnot a site');
    await allowList.getByRole('button', { name: 'Add all' }).click();
    await expect.poll(() => allowList.getByRole('alert').textContent()).toContain('“not a site” (line 2): spaces are not allowed.');
    // The errors show at once; the good entries are saved after.
    await expect.poll(() => storedSettings(worker)).toMatchObject({
      allowlist: [
        { kind: 'site', value: 'example.com' },
        { kind: 'site', value: '127.0.0.1' },
      ],
    });
    await expect.poll(async () => (await allMarkedTexts(article)).entities.sort()).toEqual([...on.entities].sort());
    await expect.poll(async () => (await allMarkedTexts(article)).figures.sort()).toEqual([...on.figures].sort());

    // Removing the rule by keyboard turns the page off again.
    await allowList.getByRole('button', { name: 'Remove 127.0.0.1 from the allow list' }).press('Enter');
    await expect.poll(() => markedTexts(article)).toEqual(NO_MARKS);
    expect(await storedSettings(worker)).toMatchObject({ allowlist: [{ kind: 'site', value: 'example.com' }] });
    expect(await article.evaluate(() => (window as unknown as { pageState: string }).pageState)).toBe('not reloaded');
    expect(optionsPageErrors()).toEqual([]);
  });

  it('restyles the page’s marks and the preview when the highlight colour and style change', async () => {
    const h = harness();
    const article = await openArticle('/options-colour.html');
    await settledMarks(article);
    expect(await entityLook(article)).toEqual({ line: 'underline', color: 'rgb(245, 183, 0)', background: 'rgba(0, 0, 0, 0)' });
    // The default look comes with the manifest's CSS: nothing adopted, so no restyle of the whole page.
    expect(await article.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);

    const options = await openOptions();
    await options.getByLabel('Colour').fill('#1a7f37');
    await expect.poll(() => entityLook(article)).toEqual({ line: 'underline', color: 'rgb(26, 127, 55)', background: 'rgba(0, 0, 0, 0)' });
    // The preview's marks carry the colour the page shows.
    const previewEntity = options.getByTestId('mark-preview').locator('.footnote-entity').first();
    expect(await previewEntity.evaluate((span) => getComputedStyle(span).textDecorationColor)).toBe('rgb(26, 127, 55)');

    await options.getByLabel('Background').check();
    // 35% of #1a7f37 over transparent.
    await expect.poll(() => entityLook(article)).toMatchObject({ line: 'none', background: 'color(srgb 0.101961 0.498039 0.215686 / 0.35)' });
    expect(await previewEntity.evaluate((span) => getComputedStyle(span).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await previewEntity.evaluate((span) => getComputedStyle(span).textDecorationLine)).toBe('none');
    expect((await markedTexts(article)).entities.length).toBeGreaterThan(5);
    expect(await storedSettings(await h.worker())).toMatchObject({ highlight: { style: 'background', color: '#1a7f37' } });
    expect(optionsPageErrors()).toEqual([]);
  });

  it('lists the five corpus documents with their dates and the loaded index', async () => {
    const h = harness();
    const options = await openOptions();
    const table = options.locator('table.documents');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toBe('5 articles in the corpus');
    const dates = await table.locator('tbody tr td:first-of-type').allTextContents();
    expect(dates).toEqual(['30 Sep 2017', '7 Oct 2019', '17 Feb 2020', '4 Sep 2020', '1 Oct 2020']);
    const titles = await table.locator('tbody th a').allTextContents();
    expect(titles[0]).toBe('ICE arrests nearly 500 immigrants in raids on “sanctuary cities” across US');

    const status = await h.sendMessage<Reply<IndexStatus>>({ type: 'index.status' }, 'options.html');
    if (!status.ok) throw new Error(status.error.message);
    const indexLine = await options.getByTestId('index-line').textContent();
    expect(indexLine).toContain(`Index ${status.value.hash} (format ${status.value.version}), loaded`);
    expect(indexLine).toContain(`${status.value.counts.passages} passages`);
    expect(optionsPageErrors()).toEqual([]);
  });

  it('exports the settings to a file and imports it back; a broken file changes nothing', async () => {
    const h = harness();
    const worker = await h.worker();
    const options = await openOptions();
    await options.getByRole('group', { name: 'Block list' }).getByLabel('Add a site').fill('news.example.org');
    await options.getByRole('group', { name: 'Block list' }).getByRole('button', { name: 'Add', exact: true }).click();
    // Saved before the next change: the page redraws from each saved change, which would briefly
    // undo a check made while the first is saving.
    await expect.poll(() => options.getByRole('group', { name: 'Block list' }).getByRole('status').textContent()).toBe('Added news.example.org.');
    await options.getByLabel('Every mention').check();
    await expect.poll(() => storedSettings(worker)).toMatchObject({ markEvery: 'every', blocklist: [{ value: 'news.example.org' }] });
    const exportedSettings = (await storedSettings(worker)) as Settings;

    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('link', { name: 'Export settings' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('footnote-settings.json');
    const path = await download.path();
    const file = JSON.parse(await readFile(path, 'utf8')) as { format: string; settings: Settings };
    expect(file).toEqual({ format: SETTINGS_FORMAT, settings: exportedSettings });

    // Change everything the file holds back to the defaults, then import it.
    await worker.evaluate((defaults) => chrome.storage.local.set({ settings: defaults }), defaultSettings());
    await expect.poll(() => options.getByLabel('Every mention').isChecked()).toBe(false);
    await options.getByLabel('Import settings from a file').setInputFiles(path);
    await expect
      .poll(() => options.getByRole('region', { name: 'Back up settings' }).getByRole('status').textContent())
      .toContain('Imported the settings from');
    expect(await storedSettings(worker)).toEqual(exportedSettings);
    expect(await options.getByLabel('Every mention').isChecked()).toBe(true);

    await options.getByLabel('Import settings from a file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "format": "footnote-settings", "settings": { "markEvery": "sometimes" } }'),
    });
    const alert = options.getByRole('region', { name: 'Back up settings' }).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('broken.json was not imported; your settings are unchanged.');
    expect(await alert.textContent()).toContain('markEvery: expected "every" or "first-per-paragraph", got "sometimes"');
    expect(await storedSettings(worker)).toEqual(exportedSettings);
    expect(optionsPageErrors()).toEqual([]);
  });

  it('keeps the fields a newer Footnote wrote when a setting is changed here', async () => {
    const worker = await harness().worker();
    const fromNewer = {
      ...defaultSettings(),
      version: 2,
      sync: { every: 'hour', devices: ['laptop'] },
      entityTypes: { ...defaultSettings().entityTypes, court: false },
      highlight: { ...defaultSettings().highlight, glow: 2 },
      blocklist: [{ kind: 'site', value: 'example.com', note: 'work' }],
    };
    await worker.evaluate((settings) => chrome.storage.local.set({ settings }), fromNewer);
    const options = await openOptions();
    await options.getByLabel('Every mention').check();
    await expect.poll(() => storedSettings(worker)).toEqual({ ...fromNewer, markEvery: 'every' });
    expect(optionsPageErrors()).toEqual([]);
  });
});
