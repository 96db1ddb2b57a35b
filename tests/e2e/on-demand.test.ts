/**
 * The content script's on-demand parts (src/page/chunks.ts) load only where they are needed: the
 * card's rendering once a page shows a mark, the annotation layer on a page with annotations.
 */
import { describe, expect, it } from 'vitest';
import { settledMarks, setupAnswered } from './corpus-pages';
import { useExtensionHarness } from './harness';

const harness = useExtensionHarness();

const MARKED = `<!doctype html><html><head><meta charset="utf-8"><title>Marked</title></head><body>
<p>Early in 2020 the administration sent BORTAC teams to sanctuary cities such as Chicago.</p></body></html>`;
const PLAIN = `<!doctype html><html><head><meta charset="utf-8"><title>Plain</title></head><body>
<p>The bakery on the corner sells bread and cakes.</p></body></html>`;
/** Longer than the card's idle preload may wait (CARD_PRELOAD_TIMEOUT_MS) after the count is reported. */
const PRELOAD_WINDOW_MS = 3000;

/**
 * The on-demand scripts a page's frame asked for. Each load shows as two requests: Chromium
 * redirects the per-session URL (use_dynamic_url) to the extension's own.
 */
function partsLoadedBy(pageUrl: string): string[] {
  const names = harness()
    .network.requests.filter((request) => request.initiator === pageUrl)
    .map((request) => /\/(card-view|page-annotations)\.js$/.exec(request.url)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)];
}

describe('on-demand parts of the content script', () => {
  it('a page without mentions or annotations loads neither', async () => {
    const h = harness();
    const url = h.server.addPage('/plain.html', PLAIN);
    const page = await h.newPage();
    await page.goto(url);
    expect((await setupAnswered(page)).enabled).toBe(true);
    await page.waitForTimeout(PRELOAD_WINDOW_MS);
    expect(partsLoadedBy(url)).toEqual([]);
  });

  it('a page with a mark loads the card rendering before any hover, and not the annotation layer', async () => {
    const h = harness();
    const url = h.server.addPage('/marked.html', MARKED);
    const page = await h.newPage();
    await page.goto(url);
    await settledMarks(page);
    await expect.poll(() => partsLoadedBy(url)).toEqual(['card-view']);
    await page.waitForTimeout(PRELOAD_WINDOW_MS);
    expect(partsLoadedBy(url)).toEqual(['card-view']);
  });
});
