/** Test pages built from the bundled corpus, and the marks Footnote should put on them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../../src/core/corpus/parse-article';
import type { CorpusIndex } from '../../src/core/index/format';
import { AliasMatcher } from '../../src/core/match/alias-matcher';
import { markableFilter, markableMentions } from '../../src/core/match/dictionary';
import { findMentions } from '../../src/core/match/find-mentions';
import { defaultSettings } from '../../src/settings/schema';
import type { Page, Worker } from 'playwright-core';
import { expect } from 'vitest';
import type { PageInfo } from '../../src/messaging/tab-protocol';
import type { browser } from 'wxt/browser';

/** The extension API as seen inside the worker, for code passed to `worker.evaluate`. */
declare const chrome: typeof browser;

const corpusDir = fileURLToPath(new URL('../../assets/corpus/', import.meta.url));

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A news-like page of one corpus article: headline, byline, paragraphs. */
export function articlePage(file: string): { html: string; title: string; paragraphs: string[] } {
  const article = parseArticle(readFileSync(join(corpusDir, file), 'utf8'), file);
  const paragraphs = article.paragraphs.map((p) => p.text);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(article.title)}</title>
<style>body { font: 16px/1.5 Georgia, serif; max-width: 40em; margin: 2em auto; } </style></head>
<body><header><h1>${escapeHtml(article.title)}</h1><p class="byline">${escapeHtml(article.author ?? '')} · ${article.date ?? ''}</p></header>
<article>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</article></body></html>`;
  return { html, title: article.title, paragraphs };
}

/** What the compiler's own rules mark in these blocks, first mention per block (the default). */
export function expectedMarks(index: CorpusIndex, blocks: readonly string[]): { entities: string[]; figures: string[] } {
  const settings = defaultSettings();
  const kinds = [...new Set(index.figures.map((f) => f.kind))];
  const markable = markableMentions(index.entities, kinds, settings);
  const matcher = AliasMatcher.fromJSON(index.matcher);
  const filter = { ...markableFilter(markable), firstPerBlock: true };
  const entities: string[] = [];
  const figures: string[] = [];
  for (const block of blocks) {
    for (const mention of findMentions(block, matcher, filter)) {
      (mention.type === 'entity' ? entities : figures).push(block.slice(mention.start, mention.end));
    }
  }
  return { entities, figures };
}

/** The 2017 article on Operation Safe City: the page both browsers' marking tests are built from. */
export const ARTICLE_2017 = '004_f192af33ea0bcae1.txt';

/**
 * Asserts that `marks`, read from ARTICLE_2017's page whose text is `blocks`
 * (title, byline, paragraphs), are what the compiler's rules mark there, and
 * include what a reader of the article should see marked.
 */
export function expectArticle2017Marks(marks: MarkedTexts, index: CorpusIndex, blocks: readonly string[]): void {
  const expected = expectedMarks(index, blocks);
  expect([...marks.entities].sort()).toEqual(expected.entities.sort());
  expect([...marks.figures].sort()).toEqual(expected.figures.sort());
  // Read by hand from the article.
  expect(marks.entities).toEqual(
    expect.arrayContaining(['ICE', 'US Immigration and Customs Enforcement', 'Operation Safe City', 'sanctuary cities', 'Thomas Homan']),
  );
  expect(marks.figures).toEqual(expect.arrayContaining(['498 individuals', '167 arrests']));
}

/**
 * A page with no relevant terms, made of near misses: an all-caps "ICE", "ice", "Nice", "police",
 * figures of kinds the corpus lacks, page furniture. `extraBody` is appended to its body.
 */
export function unrelatedPage(extraBody = ''): string {
  return `<!doctype html><title>Recipes</title><h1>FREE ICE CREAM FRIDAY</h1>
       <p>Put the ice in a bowl, add 2 cups of sugar and stir for 12 minutes. Nice and cold: the police of taste approve.</p>
       <p>Page 2 · 12 comments · posted 4 September 2020</p>${extraBody}`;
}

export type MarkedTexts = { entities: string[]; figures: string[]; focus: string[] };

/** What reading marks needs of a page: Playwright's and puppeteer's pages both have it. */
export interface EvaluatingPage {
  evaluate<R>(pageFunction: () => R | Promise<R>): Promise<R>;
}

/**
 * In the page's own (main) world: what is marked as it stands. Marks are
 * registered with CSS.highlights only near the viewport.
 */
export function readMarks(): MarkedTexts {
  const texts = (name: string) => {
    const highlight = CSS.highlights.get(name);
    return highlight ? [...highlight].map((range) => range.toString()) : [];
  };
  return { entities: texts('footnote-entity'), figures: texts('footnote-figure'), focus: texts('footnote-focus') };
}

/** What is marked in a page (or the frame `frameSelector` selects) as it stands. */
export function markedTexts(page: Page, frameSelector?: string): Promise<MarkedTexts> {
  if (!frameSelector) return page.evaluate(readMarks);
  return page.frameLocator(frameSelector).locator('html').evaluate(readMarks);
}

/** A mark as scrolling the page through found it: its highlight, its text, and up to 60 characters of its block on either side. */
export interface ScrolledMark {
  highlight: string;
  text: string;
  context: string;
}

/**
 * In the page's own (main) world: every mark on the page. Marks are
 * registered with CSS.highlights only near the viewport, so the page is
 * scrolled through a viewport at a time, as a reader would, collecting what
 * is registered on the way, and scrolled back.
 */
export async function scrollThroughMarks(): Promise<ScrolledMark[]> {
  const names = ['footnote-entity', 'footnote-figure', 'footnote-focus'];
  const seen = new Map(names.map((name) => [name, new Set<AbstractRange>()]));
  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const sizes = () => names.map((name) => CSS.highlights.get(name)?.size ?? 0).join('/');
  // Marks come with the viewport watcher's report, a task after the frame that computed it, and
  // are applied in batches at most every 150 ms: wait until nothing changed for longer than that.
  const quiet = async () => {
    await frame();
    await frame();
    let last = sizes();
    for (let since = performance.now(); performance.now() - since < 300; ) {
      await sleep(50);
      if (sizes() !== last) [last, since] = [sizes(), performance.now()];
    }
  };
  const markOf = (highlight: string, range: Range): ScrolledMark => {
    const block = range.startContainer.parentElement?.closest('p, li, td, dd, dt, h1, h2, h3, h4, h5, h6, div') ?? document.body;
    const before = document.createRange();
    before.setStart(block, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const text = range.toString();
    const start = before.toString().length;
    const all = block.textContent ?? '';
    const context = `${all.slice(Math.max(0, start - 60), start)}[${text}]${all.slice(start + text.length, start + text.length + 60)}`;
    return { highlight, text, context: context.replace(/\s+/g, ' ') };
  };
  const scroller = document.scrollingElement ?? document.documentElement;
  const start = scrollY;
  // The marks one viewport height above and below the viewport are registered too.
  for (let y = 0; ; y += 2 * innerHeight) {
    scrollTo(0, y);
    await quiet();
    for (const name of names) for (const range of CSS.highlights.get(name) ?? []) seen.get(name)!.add(range);
    if (y + innerHeight >= scroller.scrollHeight) break;
  }
  // Back where the reader was, with that place's marks registered again.
  if (scrollY !== start) {
    scrollTo(0, start);
    await quiet();
  }
  return names.flatMap((name) => [...seen.get(name)!].map((range) => markOf(name, range as Range)));
}

/** The text of every mark on the page (see `scrollThroughMarks`). */
export async function allMarkedTexts(page: EvaluatingPage): Promise<MarkedTexts> {
  const marks = await page.evaluate(scrollThroughMarks);
  const texts = (name: string) => marks.filter((mark) => mark.highlight === name).map((mark) => mark.text);
  return { entities: texts('footnote-entity'), figures: texts('footnote-figure'), focus: texts('footnote-focus') };
}

/**
 * Waits until the marks near the viewport stop changing, and returns every mark on the page: for
 * Firefox, whose harness cannot ask the content script for its count as `settledMarks` does.
 */
export async function quietMarks(page: EvaluatingPage, quietMs = 400, timeoutMs = 10_000): Promise<MarkedTexts> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(await page.evaluate(readMarks));
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = JSON.stringify(await page.evaluate(readMarks));
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs && now !== '{"entities":[],"figures":[],"focus":[]}') break;
    else if (Date.now() - stableSince >= quietMs * 3) break;
  }
  return allMarkedTexts(page);
}

/** The extension's service worker in `page`'s browser. */
async function extensionWorker(page: Page): Promise<Worker> {
  const context = page.context();
  const isOurs = (worker: Worker) => worker.url().startsWith('chrome-extension://');
  return context.serviceWorkers().find(isOurs) ?? context.waitForEvent('serviceworker', { predicate: isOurs });
}

/**
 * What the content script in `page`'s top frame reports (its page.info answer), or undefined
 * while none answers. Without the `tabs` permission the worker sees no tab URLs, so every tab
 * is asked and the one showing the page's URL answers; the URL must be in one tab only.
 */
export async function pageInfo(page: Page): Promise<PageInfo | undefined> {
  const worker = await extensionWorker(page);
  const answers = await worker.evaluate(async () => {
    const ask = (tabId: number) =>
      Promise.race([
        chrome.tabs.sendMessage(tabId, { type: 'page.info' }, { frameId: 0 }).catch(() => undefined),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000)),
      ]);
    return Promise.all((await chrome.tabs.query({})).map((tab) => ask(tab.id!)));
  });
  const url = page.url();
  const ours = (answers as (PageInfo | undefined)[]).filter((info) => info?.url === url);
  if (ours.length > 1) throw new Error(`${ours.length} tabs show ${url}: pageInfo cannot tell them apart.`);
  return ours[0];
}

/** Waits until the content script in `page` has heard from the worker whether to run, and returns what it says. */
export async function setupAnswered(page: Page, timeoutMs = 20_000): Promise<PageInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await pageInfo(page);
    if (info && info.reason !== 'starting') return info;
    if (Date.now() > deadline) throw new Error(`No content script in ${page.url()} was set up in ${timeoutMs} ms.`);
    await page.waitForTimeout(100);
  }
}

/**
 * Every mark on the page once its scan has settled, for a page Footnote marks something on (or
 * is switched off for: then what is registered, which should be nothing). Settled means the
 * content script is set up and counts marks, its count did not change while the page was
 * scrolled through, and every counted mark was seen painted on the way, or (where some cannot
 * be painted, being clipped out of sight) two passes running saw the same marks.
 */
export async function settledMarks(page: Page, timeoutMs = 30_000): Promise<MarkedTexts> {
  const deadline = Date.now() + timeoutMs;
  let info = await setupAnswered(page, timeoutMs);
  if (!info.enabled) return markedTexts(page);
  let previous = '';
  for (;;) {
    if (info.total > 0) {
      const marks = await allMarkedTexts(page);
      const after = await pageInfo(page);
      const count = marks.entities.length + marks.figures.length;
      const seen = JSON.stringify(marks);
      if (after?.total === info.total && count > 0 && (count === info.total || seen === previous)) return marks;
      previous = seen;
    } else {
      await page.waitForTimeout(100);
    }
    if (Date.now() > deadline) throw new Error(`The marks of ${page.url()} did not settle in ${timeoutMs} ms: ${JSON.stringify(info)}`);
    info = (await pageInfo(page)) ?? info;
  }
}

/** Badge text of every open tab that has one. */
export function badges(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => {
    const tabs = await chrome.tabs.query({});
    const texts = await Promise.all(tabs.map((tab) => chrome.action.getBadgeText({ tabId: tab.id! })));
    return texts.filter((text) => text !== '');
  });
}

/** Writes settings as the options page would; `patch` is merged over what is stored. */
export function patchSettings(worker: Worker, patch: Record<string, unknown>): Promise<void> {
  return worker.evaluate(async (change) => {
    const stored = ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ settings: { version: 1, ...stored, ...change } });
  }, patch);
}

/** Sends the keyboard command's message to the top frame of the only tab showing `url`. */
export function sendFocusCommand(worker: Worker, direction: 'next' | 'previous'): Promise<void> {
  return worker.evaluate(async (dir) => {
    const tabs = await chrome.tabs.query({ active: true });
    for (const tab of tabs) {
      await chrome.tabs.sendMessage(tab.id!, { type: 'mention.focus', direction: dir }, { frameId: 0 }).catch(() => undefined);
    }
  }, direction);
}
