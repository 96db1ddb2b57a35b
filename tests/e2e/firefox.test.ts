/**
 * The Firefox build in Firefox ESR: the content script marks a page, and the card gets its passages
 * from the background page's IndexedDB index by messaging. Chromium-only features are tested elsewhere.
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../src/core/index/format';
import { bundledCorpusIndex } from '../unit/helpers/corpus';
import { ARTICLE_2017, articlePage, expectArticle2017Marks, quietMarks, readMarks, unrelatedPage } from './corpus-pages';
import { useFirefoxHarness } from './firefox-harness';

const firefox = useFirefoxHarness();
const NO_MARKS = { entities: [], figures: [], focus: [] };
/** The first page after install waits for the background page to store the index; the machine may be busy. */
const PATIENCE = { timeout: 15_000 };

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

type Probe = { textBefore: string; marksBefore: number };

/** Opens `url`, recording the page's text (and that nothing is marked yet) before our content script runs. */
async function openWithTextProbe(url: string): Promise<Page> {
  const page = await firefox().newPage();
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const probe = window as unknown as Probe;
      probe.textBefore = document.body.innerText;
      probe.marksBefore = CSS.highlights.size;
    });
  });
  await page.goto(url);
  return page;
}

/**
 * Moves the pointer onto the mark of `text` (its first line: a wrapped mark's bounding box is mostly
 * blank), once it is registered (marks come in batches after a scroll).
 */
async function hover(page: Page, text: string): Promise<void> {
  const centreOfMark = () =>
    page.evaluate((wanted) => {
      for (const name of ['footnote-entity', 'footnote-figure']) {
        for (const range of CSS.highlights.get(name) ?? []) {
          if (range.toString() !== wanted) continue;
          const box = (range as Range).getClientRects()[0]!;
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }
      }
      return null;
    }, text);
  await expect.poll(centreOfMark, { ...PATIENCE, message: `"${text}" is marked` }).not.toBeNull();
  const point = (await centreOfMark())!;
  await page.mouse.move(point.x, point.y);
}

/** Text of the card in our open shadow root, once its answer has arrived (null before). */
function answeredCardText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const card = document.querySelector('footnote-ui')?.shadowRoot?.querySelector<HTMLElement>('[role=dialog][aria-busy=false]');
    return card ? card.innerText : null;
  });
}

describe('Footnote in Firefox ESR', () => {
  it('marks the expected mentions of a corpus article and leaves its text alone', async () => {
    const h = firefox();
    const { html, title, paragraphs } = articlePage(ARTICLE_2017);
    const page = await openWithTextProbe(h.server.addPage('/article-2017.html', html));
    await expect.poll(() => page.evaluate(readMarks), PATIENCE).not.toEqual(NO_MARKS);
    const marks = await quietMarks(page);

    const byline = await page.$eval('.byline', (element) => (element as HTMLElement).innerText);
    expectArticle2017Marks(marks, index, [title, byline, ...paragraphs]);

    const { textBefore, marksBefore, textAfter } = await page.evaluate(() => ({
      ...(window as unknown as Probe),
      textAfter: document.body.innerText,
    }));
    expect(marksBefore).toBe(0);
    expect(textAfter).toBe(textBefore);
    expect(h.consoleErrors).toEqual([]);
    await page.close();
  });

  it('marks nothing on a page without relevant terms, yet marks one added to it', async () => {
    const h = firefox();
    const url = h.server.addPage('/recipes.html', unrelatedPage('<main id="feed"></main>'));
    const page = await openWithTextProbe(url);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await page.evaluate(readMarks)).toEqual(NO_MARKS);

    // The content script is running and reading this page: a relevant term added now is marked, alone.
    await page.evaluate(() => {
      document.getElementById('feed')!.innerHTML = '<p>Agents of BORTAC were sent in.</p>';
    });
    await expect.poll(() => page.evaluate(readMarks), PATIENCE).toEqual({ ...NO_MARKS, entities: ['BORTAC'] });
    expect(h.consoleErrors).toEqual([]);
    await page.close();
  });

  it('opens the context card on hover with the passages the corpus holds for the mention', async () => {
    const h = firefox();
    const page = await h.newPage();
    await page.goto(h.server.addPage('/article-2017-card.html', articlePage(ARTICLE_2017).html));

    const entity = index.entities.find((e) => e.id === 'operation:safe-city')!;
    const docs = new Set(index.passages.filter((passage) => entity.passages.includes(passage.id)).map((passage) => passage.doc));
    const titles = index.documents.filter((doc) => docs.has(doc.id)).map((doc) => doc.title);
    expect(titles.length).toBeGreaterThan(0);
    await hover(page, entity.name);
    await expect.poll(() => answeredCardText(page), PATIENCE).not.toBeNull();
    const text = (await answeredCardText(page))!;
    expect(text).toContain(entity.name);
    expect(text).toContain(entity.description);
    for (const title of titles) expect(text).toContain(title);

    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => !!document.querySelector('footnote-ui')?.shadowRoot?.querySelector('[role=dialog]')), PATIENCE)
      .toBe(false);
    expect(h.consoleErrors).toEqual([]);
    await page.close();
  });

  it('has a network guard that sees a request to another host, from the page and at the proxy', async () => {
    const h = firefox();
    const page = await h.newPage();
    await page.goto(h.server.addPage('/leak.html', '<!doctype html><title>Leak</title><p>Nothing to mark.</p>'));
    await page.evaluate(() => fetch('http://example.com/footnote-guard-probe').catch(() => undefined));
    const seen: string[] = [];
    await expect
      .poll(() => {
        seen.push(...h.takeForeignRequests().map((request) => `${request.source} ${request.url}`));
        return [...new Set(seen)].sort();
      }, PATIENCE)
      .toEqual(['browser-proxy http://example.com/footnote-guard-probe', 'page http://example.com/footnote-guard-probe']);
    await page.close();
  });
});
