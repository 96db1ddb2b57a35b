import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../src/core/index/format';
import { bundledCorpusIndex } from '../unit/helpers/corpus';
import { allMarkedTexts, ARTICLE_2017, articlePage, badges, expectArticle2017Marks, markedTexts, patchSettings, sendFocusCommand, settledMarks, setupAnswered, unrelatedPage } from './corpus-pages';
import { useExtensionHarness } from './harness';

const harness = useExtensionHarness();

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});
// Each test reads the badges of all tabs: start from none.
beforeEach(async () => {
  await Promise.all(harness().context.pages().filter((p) => p.url().startsWith('http')).map((p) => p.close()));
});

async function openWithTextProbe(url: string) {
  const h = harness();
  const page = await h.newPage();
  // Record the text before our content script (document_idle) can run.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      (window as unknown as { textBefore: string }).textBefore = document.body.innerText;
    });
  });
  await page.goto(url);
  return page;
}

describe('marking a page built from a corpus article', () => {
  it('marks the expected mentions, counts them on the badge, and leaves the text alone', async () => {
    const h = harness();
    const { html, title, paragraphs } = articlePage(ARTICLE_2017);
    const page = await openWithTextProbe(h.server.addPage('/article-2017.html', html));
    const marks = await settledMarks(page);

    const byline = await page.locator('.byline').innerText();
    expectArticle2017Marks(marks, index, [title, byline, ...paragraphs]);
    expect(marks.entities).not.toContain('ice');

    const total = marks.entities.length + marks.figures.length;
    const worker = await h.worker();
    await expect.poll(() => badges(worker)).toEqual([String(total)]);

    const [before, after] = await page.evaluate(() => [
      (window as unknown as { textBefore: string }).textBefore,
      document.body.innerText,
    ]);
    expect(after).toBe(before);
    expect(await page.locator('body [data-footnote-ui]').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
    await page.close();
  });

  it('marks nothing and shows no badge on a page with no relevant terms', async () => {
    const h = harness();
    const url = h.server.addPage('/recipes.html', unrelatedPage());
    const page = await openWithTextProbe(url);
    expect(await setupAnswered(page)).toMatchObject({ enabled: true });
    // Well past the scan of three paragraphs, the viewport report and the count's 100 ms debounce.
    await page.waitForTimeout(1500);
    expect(await markedTexts(page)).toEqual({ entities: [], figures: [], focus: [] });
    expect(await badges(await h.worker())).toEqual([]);
    await page.close();
  });
});

describe('following the page', () => {
  it('marks content added after load and drops marks of removed content', async () => {
    const h = harness();
    const url = h.server.addPage('/feed.html', `<!doctype html><title>Feed</title><main id="feed"><p>Weather today: sunny.</p></main>`);
    const page = await h.newPage();
    await page.goto(url);
    const worker = await h.worker();
    // Running, so what comes next is found by following the page, not by the first scan.
    expect(await setupAnswered(page)).toMatchObject({ enabled: true });
    expect((await markedTexts(page)).entities).toEqual([]);

    await page.evaluate(() => {
      const item = document.createElement('article');
      item.id = 'late';
      item.innerHTML = '<p>Agents of <b>BORTAC</b> were sent to Portland; <i>ICE</i> confirmed it.</p>';
      document.getElementById('feed')!.append(item);
    });
    await expect.poll(async () => (await markedTexts(page)).entities.sort()).toEqual(['BORTAC', 'ICE']);
    await expect.poll(() => badges(worker)).toEqual(['2']);

    // Inline edit inside an existing block: the block is read again.
    await page.evaluate(() => {
      document.querySelector('#feed > p')!.append(' Customs and Border Protection said nothing.');
    });
    await expect.poll(async () => (await markedTexts(page)).entities.sort()).toEqual(['BORTAC', 'Customs and Border Protection', 'ICE']);

    await page.evaluate(() => document.getElementById('late')!.remove());
    await expect.poll(async () => (await markedTexts(page)).entities).toEqual(['Customs and Border Protection']);
    await expect.poll(() => badges(worker)).toEqual(['1']);
    expect(h.consoleErrors).toEqual([]);
    await page.close();
  });

  it('reads across inline markup, into open shadow roots and same-origin iframes, and skips non-reading text', async () => {
    const h = harness();
    h.server.addPage('/inner.html', `<!doctype html><p>The raid was called Operation Safe City.</p>`);
    const url = h.server.addPage(
      '/structure.html',
      `<!doctype html><title>Structure</title>
       <p id="split">The <a href="#">Immigration and</a> <em>Customs</em> Enforcement&nbsp;agency.</p>
       <div id="host"></div>
       <textarea>BORTAC in a textarea</textarea>
       <div contenteditable="true">BORTAC being edited</div>
       <p hidden>BORTAC hidden</p>
       <p style="display:none">BORTAC not displayed</p>
       <p style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)">BORTAC for screen readers only</p>
       <div style="height:0"><p style="height:0;margin:0">CBP text that overflows a box of no height is still seen</p></div>
       <script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<p>Sanctuary cities in a shadow root</p>';</script>
       <iframe src="/inner.html" id="frame"></iframe>
       <iframe srcdoc="<p>Its own BORTAC team</p>" id="made"></iframe>`,
    );
    const page = await h.newPage();
    await page.goto(url);
    await expect
      .poll(async () => (await markedTexts(page)).entities.sort())
      .toEqual(['CBP', 'Immigration and Customs Enforcement', 'Sanctuary cities']);
    await expect.poll(async () => (await markedTexts(page, '#frame')).entities).toEqual(['Operation Safe City']);
    await expect.poll(async () => (await markedTexts(page, '#made')).entities).toEqual(['BORTAC']);
    // Once the top frame's count is settled and all painted, nothing else is marked there.
    expect((await settledMarks(page)).entities.sort()).toEqual(['CBP', 'Immigration and Customs Enforcement', 'Sanctuary cities']);
    // The badge counts the frames' mentions too, until a frame is removed.
    const worker = await h.worker();
    await expect.poll(() => badges(worker)).toEqual(['5']);
    await page.evaluate(() => document.getElementById('frame')!.remove());
    await expect.poll(() => badges(worker)).toEqual(['4']);
    await page.close();
  });
});

describe('a long page', () => {
  it('counts every mention on the badge but paints only those near the viewport, following the scroll', async () => {
    const h = harness();
    const paragraphs = Array.from(
      { length: 80 },
      (_, i) => `<p id="p${i}">Report ${i}: BORTAC teams were seen downtown. ${'The council met again on the budget. '.repeat(8)}</p>`,
    );
    const url = h.server.addPage('/long.html', `<!doctype html><title>Long</title><body style="max-width: 30em">${paragraphs.join('')}</body>`);
    const page = await h.newPage();
    await page.goto(url);
    const worker = await h.worker();
    await expect.poll(() => badges(worker)).toEqual(['80']);

    const painted = async () => {
      // The watcher reports a task after the frame that computed it.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
      return page.evaluate(() => [...(CSS.highlights.get('footnote-entity') ?? [])].map((range) => (range.startContainer.parentElement as Element).id));
    };
    // The badge can come before the marks near the viewport are painted (they are batched).
    await expect.poll(painted).toContain('p0');
    const atTop = await painted();
    expect(atTop).not.toContain('p79');
    expect(atTop.length).toBeLessThan(80);

    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(painted).toContain('p79');
    await expect.poll(painted).not.toContain('p0');
    await expect.poll(async () => (await allMarkedTexts(page)).entities).toHaveLength(80);
    expect(h.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('keyboard access', () => {
  it('moves between mentions with the command, Tab and Shift+Tab, and leaves with Escape', async () => {
    const h = harness();
    const url = h.server.addPage(
      '/keyboard.html',
      `<!doctype html><title>Keys</title><p>First BORTAC.</p><p>Then ICE.</p><p>Last, Operation Safe City.</p>`,
    );
    const page = await h.newPage();
    await page.goto(url);
    await expect.poll(async () => (await markedTexts(page)).entities.length).toBe(3);
    const worker = await h.worker();
    await sendFocusCommand(worker, 'next');
    await expect.poll(async () => (await markedTexts(page)).focus).toEqual(['BORTAC']);
    await expect
      .poll(() => page.evaluate(() => document.querySelector('footnote-ui')?.shadowRoot?.querySelector('[role=status]')?.textContent))
      .toMatch(/Border Patrol Tactical Unit.*1 of 3/);
    await page.keyboard.press('Tab');
    expect((await markedTexts(page)).focus).toEqual(['ICE']);
    await page.keyboard.press('Tab');
    expect((await markedTexts(page)).focus).toEqual(['Operation Safe City']);
    await page.keyboard.press('Shift+Tab');
    expect((await markedTexts(page)).focus).toEqual(['ICE']);
    await page.keyboard.press('Escape');
    expect((await markedTexts(page)).focus).toEqual([]);
    await page.close();
  });
});

describe('site switches', () => {
  it('turns marks off and on in an open tab at once, without reload', async () => {
    const h = harness();
    const { html } = articlePage(ARTICLE_2017);
    const page = await h.newPage();
    await page.goto(h.server.addPage('/toggle.html', html));
    const worker = await h.worker();
    const on = await settledMarks(page);
    expect(on.entities.length).toBeGreaterThan(5);
    // The count reaches the badge through a debounce and the worker.
    const badge = [String(on.entities.length + on.figures.length)];
    await expect.poll(() => badges(worker)).toEqual(badge);
    await page.evaluate(() => ((window as unknown as { pageState: string }).pageState = 'not reloaded'));

    await patchSettings(worker, { blocklist: [{ kind: 'site', value: '127.0.0.1' }] });
    await expect.poll(() => markedTexts(page)).toEqual({ entities: [], figures: [], focus: [] });
    await expect.poll(() => badges(worker)).toEqual([]);

    await patchSettings(worker, { blocklist: [] });
    await expect.poll(async () => (await allMarkedTexts(page)).entities.sort()).toEqual(on.entities.sort());
    await expect.poll(() => badges(worker)).toEqual(badge);

    await patchSettings(worker, { enabled: false });
    await expect.poll(async () => (await markedTexts(page)).entities).toEqual([]);
    await patchSettings(worker, { enabled: true });
    await expect.poll(async () => (await allMarkedTexts(page)).entities.length).toBe(on.entities.length);
    expect(await page.evaluate(() => (window as unknown as { pageState: string }).pageState)).toBe('not reloaded');
    await page.close();
  });
});
