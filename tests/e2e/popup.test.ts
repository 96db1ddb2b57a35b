import type { Page } from 'playwright-core';
import type { Page as PopupPage } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { allMarkedTexts, articlePage, badges, markedTexts, patchSettings, settledMarks, type MarkedTexts } from './corpus-pages';
import { useExtensionHarness } from './harness';

const harness = useExtensionHarness();
const ARTICLE = articlePage('004_f192af33ea0bcae1.txt');

let popup: PopupPage | undefined;
afterEach(async () => {
  await popup?.close().catch(() => undefined);
  popup = undefined;
  const h = harness();
  await Promise.all(h.context.pages().filter((p) => p.url().startsWith('http')).map((p) => p.close()));
  await patchSettings(await h.worker(), { enabled: true, mode: 'blocklist', blocklist: [], allowlist: [] });
});

/** Opens the article and waits until its marks are settled and, where it is marked, counted on the badge. */
async function openArticle(): Promise<{ page: Page; marks: MarkedTexts; badge: string[] }> {
  const h = harness();
  const page = await h.newPage();
  await page.goto(h.server.addPage('/popup-article.html', ARTICLE.html));
  const marks = await settledMarks(page);
  const total = marks.entities.length + marks.figures.length;
  const badge = total > 0 ? [String(total)] : [];
  const worker = await h.worker();
  await expect.poll(() => badges(worker)).toEqual(badge);
  await page.bringToFront();
  return { page, marks, badge };
}

const text = (selector: string) => popup!.$eval(selector, (el) => (el as HTMLElement).innerText);
const switchState = (id: string) => popup!.$eval(`#${id}`, (el) => (el as HTMLInputElement).checked);

describe('the toolbar popup', () => {
  it('shows the site, and the page’s mentions grouped, totalling the badge', async () => {
    const { marks, badge: [badge] } = await openArticle();
    popup = await harness().openPopup();
    await popup.waitForSelector('[data-testid=mention-total]');
    expect(await text('.site-name')).toBe('127.0.0.1');
    expect(await switchState('site-switch')).toBe(true);
    expect(await text('[data-testid=mention-total]')).toBe(badge);
    const groups = await popup.$$eval('.mentions button', (buttons) => buttons.map((b) => (b as HTMLElement).innerText.replace(/\s+/g, ' ')));
    expect(groups).toEqual(expect.arrayContaining([expect.stringMatching(/^Operation Safe City \d+$/)]));
    const listed = groups.reduce((sum, g) => sum + Number(g.split(' ').pop()), 0);
    expect(listed).toBe(Number(badge));
    expect(listed).toBe(marks.entities.length + marks.figures.length);
  });

  it('scrolls to a mention and opens its card when one is clicked', async () => {
    const { page } = await openArticle();
    popup = await harness().openPopup();
    await popup.waitForSelector('.mentions button');
    const buttons = await popup.$$('.mentions button');
    for (const button of buttons) {
      if ((await button.evaluate((b) => (b as HTMLElement).innerText)).startsWith('Operation Safe City')) await button.click();
    }
    await expect.poll(async () => (await markedTexts(page)).focus).toEqual(['Operation Safe City']);
    await expect.poll(() => page.locator('footnote-ui [role=dialog]').innerText()).toMatch(/Operation Safe City/);
  });

  it('switches the site off and on in the open tab without reload, and the badge follows', async () => {
    // Only marks near the viewport are registered: compare all of them, read by scrolling through.
    const { page, marks: before, badge } = await openArticle();
    const worker = await harness().worker();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    popup = await harness().openPopup();
    await popup.waitForSelector('#site-switch');
    await popup.click('#site-switch');
    await expect.poll(() => markedTexts(page)).toEqual({ entities: [], figures: [], focus: [] });
    await expect.poll(() => badges(worker)).toEqual([]);
    await expect.poll(() => switchState('site-switch')).toBe(false);
    await popup.click('#site-switch');
    await expect.poll(() => badges(worker)).toEqual(badge);
    await expect
      .poll(async () => (await allMarkedTexts(page)).entities.sort(), { timeout: 30_000 })
      .toEqual(before.entities.sort());
    await expect.poll(() => badges(worker)).toEqual(badge);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  });

  it('pauses everywhere with the global switch', async () => {
    const { page } = await openArticle();
    popup = await harness().openPopup();
    await popup.waitForSelector('#global');
    await popup.click('#global');
    await expect.poll(async () => (await markedTexts(page)).entities).toEqual([]);
    await popup.click('#global');
    await expect.poll(async () => (await markedTexts(page)).entities.length).toBeGreaterThan(0);
  });

  it('in allow-list mode, marks only once the site is switched on', async () => {
    const worker = await harness().worker();
    await patchSettings(worker, { mode: 'allowlist', allowlist: [] });
    // Settled means the page was told it is off here: nothing marks it until a setting changes.
    const { page, marks } = await openArticle();
    expect(marks.entities).toEqual([]);
    popup = await harness().openPopup();
    await popup.waitForSelector('#site-switch');
    expect(await switchState('site-switch')).toBe(false);
    await popup.click('#site-switch');
    await expect.poll(async () => (await markedTexts(page)).entities.length).toBeGreaterThan(0);
    const stored = await worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
    expect(stored).toMatchObject({ mode: 'allowlist', allowlist: [{ kind: 'site', value: '127.0.0.1' }] });
  });

  it('says plainly when it cannot run on the page', async () => {
    const page = await harness().newPage();
    await page.goto('chrome://version');
    await page.bringToFront();
    popup = await harness().openPopup();
    await popup.waitForSelector('.notice');
    expect(await text('.notice')).toMatch(/can’t run on this page/);
    await page.close();
  });

  it('keeps a site switched off across a browser restart', async () => {
    const h = harness();
    await openArticle();
    popup = await h.openPopup();
    await popup.waitForSelector('#site-switch');
    await popup.click('#site-switch');
    await expect.poll(async () => (await h.worker()).evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { blocklist?: unknown } | undefined)?.blocklist)).toEqual([
      { kind: 'site', value: '127.0.0.1' },
    ]);
    popup = undefined;
    await h.reopen();
    const { marks } = await openArticle();
    expect(marks.entities).toEqual([]);
  });
});

declare const chrome: typeof import('wxt/browser').browser;
