import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { markedTexts, sendFocusCommand, settledMarks } from './corpus-pages';
import { useExtensionHarness } from './harness';

const harness = useExtensionHarness();

const NEWS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Border news</title>
<style>body { font: 18px/1.6 Georgia, serif; max-width: 38em; margin: 3em auto; }</style></head><body>
<h1>Federal tactical teams head to more cities</h1>
<p id="bortac">Early in 2020 the administration sent BORTAC teams, the Border Patrol's SWAT-like unit, to sanctuary cities such as Chicago and New York.</p>
<p id="safe-city">Back in 2017, officials said a four-day sweep in sanctuary jurisdictions ended with the arrest of 498 individuals.</p>
<p>Local officials criticised the plan.</p>
</body></html>`;

let page: Page;
beforeEach(async () => {
  const h = harness();
  await Promise.all(h.context.pages().filter((p) => p.url().startsWith('http')).map((p) => p.close()));
  page = await h.newPage();
  await page.goto(h.server.addPage('/news.html', NEWS_PAGE));
  await settledMarks(page);
});

const card = () => page.locator('footnote-ui [role=dialog]');
/** The card once its answer has arrived: while loading it already shows the entity's name. */
const answeredCard = () => page.locator('footnote-ui [role=dialog][aria-busy=false]');

async function hover(text: string) {
  const point = await page.evaluate((wanted) => {
    for (const name of ['footnote-entity', 'footnote-figure']) {
      for (const range of CSS.highlights.get(name) ?? []) {
        if (range.toString() !== wanted) continue;
        const box = (range as Range).getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
    }
    throw new Error(`"${wanted}" is not marked`);
  }, text);
  await page.mouse.move(point.x, point.y);
}

describe('the context card', () => {
  it('opens on hover over "BORTAC" with the February 2020 article, and closes on Escape', async () => {
    await hover('BORTAC');
    await expect.poll(() => answeredCard().count()).toBe(1);
    const text = await card().innerText();
    expect(text).toMatch(/Border Patrol Tactical Unit/);
    expect(text).toMatch(/Stop all anti-immigrant raids! Abolish ICE and CBP!/);
    expect(text).toMatch(/17 Feb 2020/);
    expect(text).toMatch(/Norissa Santa Cruz/);
    expect(await card().getAttribute('aria-labelledby')).toBeTruthy();
    // The card sits inside the viewport.
    const box = (await card().boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);

    await page.keyboard.press('Escape');
    await expect.poll(() => card().count()).toBe(0);
    expect(harness().consoleErrors).toEqual([]);
  });

  it('does not open when the pointer only passes over a mention', async () => {
    // The page stamps the frame after each pointer move: the frame the content script reads the
    // move in, starting the 250 ms hover intent on the mention and cancelling it off it.
    await page.evaluate(() => {
      const frames: number[] = [];
      (window as unknown as { moveFrames: number[] }).moveFrames = frames;
      addEventListener('pointermove', () => requestAnimationFrame(() => frames.push(performance.now())), { capture: true });
    });
    const moveFrames = () => page.evaluate(() => (window as unknown as { moveFrames: number[] }).moveFrames.splice(0));
    const afterNextFrame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    // A loaded machine may be too slow to pass over in under the hover intent: then try again.
    for (let attempt = 1; ; attempt++) {
      await moveFrames();
      await hover('BORTAC');
      await afterNextFrame();
      await page.mouse.move(5, 5);
      await afterNextFrame();
      const [on, off] = await moveFrames();
      // Under 200 ms apart, the 250 ms intent timer started in the first frame cannot have fired.
      if (on !== undefined && off !== undefined && off - on < 200) break;
      if (attempt === 5) throw new Error(`the pointer never passed over in under 200 ms (last: ${on} to ${off})`);
      await expect.poll(() => card().count()).toBe(0);
    }
    // Well past the 250 ms intent.
    await page.waitForTimeout(1000);
    expect(await card().count()).toBe(0);
  });

  it('closes after the pointer leaves, but stays while the pointer is inside it', async () => {
    await hover('BORTAC');
    // Answered: the card has its final size and place (while loading it is smaller).
    await expect.poll(() => answeredCard().count()).toBe(1);
    const box = (await card().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 4 });
    // Well past the 300 ms grace after leaving the mention.
    await page.waitForTimeout(1000);
    expect(await card().count()).toBe(1);
    await page.mouse.move(2, 2);
    await expect.poll(() => card().count()).toBe(0);
  });

  it('shows the comparable arrest counts for "498 individuals", including the 2019 and 2020 operations', async () => {
    await hover('498 individuals');
    await expect.poll(() => card().locator('table').count()).toBe(1);
    const rows = await card().locator('table tbody tr').allInnerTexts();
    const table = rows.join('\n');
    expect(table).toMatch(/2019.*597/);
    expect(table).toMatch(/2020.*2,000/);
    expect(table).toMatch(/2017.*498/);
    expect(await card().locator('svg [role=img]').count()).toBeGreaterThan(2);

    // Passages below the card's fold are skipped until scrolled to: shown, each is rendered with its text.
    const passages = card().locator('.card__passage');
    const renderedWhenShown = await passages.evaluateAll(async (items) => {
      const shown: boolean[] = [];
      for (const item of items) {
        item.scrollIntoView({ block: 'nearest' });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        // A skipped passage's content, not the passage itself, is what checkVisibility reports hidden.
        const snippet = item.querySelector('.card__snippet');
        shown.push(!!snippet?.checkVisibility({ contentVisibilityAuto: true }) && (snippet as HTMLElement).innerText.trim().length > 0);
      }
      return shown;
    });
    expect(renderedWhenShown).toEqual(Array(await passages.count()).fill(true));
  });

  it('opens from the keyboard, takes focus, and hands it back on Escape', async () => {
    await sendFocusCommand(await harness().worker(), 'next');
    await expect.poll(async () => (await markedTexts(page)).focus).toEqual(['BORTAC']);
    // Tab moves on to the next mention, in reading order.
    await page.keyboard.press('Tab');
    const second = (await markedTexts(page)).focus[0];
    expect(second).not.toBe('BORTAC');
    await page.keyboard.press('Shift+Tab');
    expect((await markedTexts(page)).focus).toEqual(['BORTAC']);

    await page.keyboard.press('Enter');
    await expect.poll(() => answeredCard().count()).toBe(1);
    expect(await card().innerText()).toMatch(/Border Patrol Tactical Unit/);
    const focusedInCard = await page.evaluate(
      () => document.querySelector('footnote-ui')?.shadowRoot?.activeElement?.getAttribute('role') ?? null,
    );
    expect(focusedInCard).toBe('dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => card().count()).toBe(0);
    // Back on the mention, still navigating.
    expect((await markedTexts(page)).focus).toEqual(['BORTAC']);
    await page.keyboard.press('Escape');
    expect((await markedTexts(page)).focus).toEqual([]);
  });

  it('leaves Tab and Enter to an open card: Tab reaches its links, Enter follows them', async () => {
    const h = harness();
    await sendFocusCommand(await h.worker(), 'next');
    await expect.poll(async () => (await markedTexts(page)).focus).toEqual(['BORTAC']);
    await page.keyboard.press('Enter');
    await expect.poll(() => answeredCard().count()).toBe(1);
    const focusedInCard = () =>
      page.evaluate(() => {
        const active = document.querySelector('footnote-ui')?.shadowRoot?.activeElement;
        return active ? `${active.getAttribute('role') ?? active.tagName.toLowerCase()}: ${active.textContent?.trim()}` : null;
      });
    const visited: (string | null)[] = [];
    while (visited.length < 8 && !/^a: Read in context/.test(visited.at(-1) ?? '')) {
      await page.keyboard.press('Tab');
      visited.push(await focusedInCard());
    }
    // Close (×) first, then on into the passages; the card is still about the mention, which keeps its mark.
    expect(visited[0]).toBe('button: ×');
    expect(visited.at(-1)).toMatch(/^a: Read in context/);
    expect((await markedTexts(page)).focus).toEqual(['BORTAC']);
    expect(await card().innerText()).toMatch(/Border Patrol Tactical Unit/);
    const opened = h.context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const reader = await opened;
    await reader.waitForLoadState();
    expect(reader.url()).toMatch(/\/reader\.html\?doc=\d+&passage=\d+/);
    await reader.close();
  });

  it('opens the reader page at the passage from "Read in context"', async () => {
    const h = harness();
    await hover('BORTAC');
    await expect.poll(() => card().innerText()).toMatch(/17 Feb 2020/);
    const opened = h.context.waitForEvent('page');
    await card().getByRole('link', { name: /Read in context/ }).first().click();
    const reader = await opened;
    await reader.waitForLoadState();
    expect(reader.url()).toMatch(/\/reader\.html\?doc=\d+&passage=\d+/);
    const target = reader.locator('[aria-current=location]');
    await expect.poll(() => target.count()).toBe(1);
    expect(await target.innerText()).toMatch(/BORTAC/);
    expect(await reader.locator('h1').innerText()).toMatch(/Stop all anti-immigrant raids/);
    // The reader lists the document's entities, linking to their passages elsewhere.
    expect(await reader.locator('[data-entity="unit:bortac"]').innerText()).toMatch(/Border Patrol Tactical Unit/);
    await reader.close();
  });
});
