/** Test pages built from the bundled corpus, and the marks Footnote should put on them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../../src/core/corpus/parse-article';
import type { CorpusIndex } from '../../src/core/index/format';
import { AliasMatcher } from '../../src/core/match/alias-matcher';
import { markableMentions } from '../../src/core/match/dictionary';
import { findMentions } from '../../src/core/match/find-mentions';
import { defaultSettings } from '../../src/settings/schema';
import type { Page, Worker } from 'playwright-core';
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
  const filter = {
    entityIds: new Set(Object.keys(markable.entities)),
    figureKinds: new Set(markable.figureKinds),
    firstPerBlock: true,
  };
  const entities: string[] = [];
  const figures: string[] = [];
  for (const block of blocks) {
    for (const mention of findMentions(block, matcher, filter)) {
      (mention.type === 'entity' ? entities : figures).push(block.slice(mention.start, mention.end));
    }
  }
  return { entities, figures };
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

/**
 * Every mark on the page: scrolls it through a viewport at a time, as a
 * reader would, collecting what is registered on the way, and scrolls back.
 */
export function allMarkedTexts(page: EvaluatingPage): Promise<MarkedTexts> {
  return page.evaluate(async () => {
    const names = ['footnote-entity', 'footnote-figure', 'footnote-focus'];
    const seen = new Map(names.map((name) => [name, new Set<AbstractRange>()]));
    // Marks come with the viewport watcher's report, a task after the frame that computed it, and
    // at once only if none came in the last 150 ms: wait that out before each step.
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 200));
    const scroller = document.scrollingElement ?? document.documentElement;
    const start = scrollY;
    // The marks one viewport height above and below the viewport are registered too.
    for (let y = 0; ; y += 2 * innerHeight) {
      await pause();
      scrollTo(0, y);
      await frame();
      await frame();
      for (const name of names) for (const range of CSS.highlights.get(name) ?? []) seen.get(name)!.add(range);
      if (y + innerHeight >= scroller.scrollHeight) break;
    }
    scrollTo(0, start);
    const texts = (name: string) => [...seen.get(name)!].map((range) => range.toString());
    return { entities: texts('footnote-entity'), figures: texts('footnote-figure'), focus: texts('footnote-focus') };
  });
}

/** Waits until the marks near the viewport stop changing, and returns every mark on the page. */
export async function settledMarks(page: EvaluatingPage, quietMs = 400, timeoutMs = 10_000): Promise<MarkedTexts> {
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
