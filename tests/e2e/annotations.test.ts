/**
 * Annotating on the page with the built extension: select, annotate, reload and
 * find it again, survive edits to the page, become an orphan when the quote is
 * gone, save from a context card, and keep the note out of the page's reach.
 */
import type { Frame, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { browser } from 'wxt/browser';
import { settledMarks } from './corpus-pages';
import { useExtensionHarness } from './harness';

declare const chrome: typeof browser;

const harness = useExtensionHarness();

const QUOTE = 'a four-day sweep in sanctuary jurisdictions ended with the arrest of 498 individuals';

function newsPage({ lead = 'Back in 2017, officials said', word = 'four-day', extra = '', keep = true } = {}): string {
  const quoted = keep ? `<p id="quoted">${lead} a ${word} sweep in sanctuary jurisdictions ended with the arrest of 498 individuals. The city objected.</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sweep news</title>
<style>body { font: 18px/1.6 Georgia, serif; max-width: 38em; margin: 3em auto; }</style></head><body>
<h1>Federal tactical teams head to more cities</h1>
<p id="bortac">Early in 2020 the administration sent BORTAC teams, the Border Patrol's SWAT-like unit, to sanctuary cities such as Chicago and New York.</p>
${extra}${quoted}
<p>Local officials criticised the plan in a statement on Monday.</p>
</body></html>`;
}

let page: Page;
let path: string;
let pageCount = 0;

beforeEach(async () => {
  const h = harness();
  await Promise.all(h.context.pages().filter((p) => p.url().startsWith('http')).map((p) => p.close()));
  // A fresh URL per test: annotations are kept per page.
  path = `/annotated-${++pageCount}.html`;
  page = await h.newPage();
});

async function open(html: string): Promise<void> {
  await page.goto(harness().server.addPage(path, html));
  await settledMarks(page);
}

/** Selects `text` inside the element with `id`, as a reader dragging over it would end up. */
async function select(id: string, text: string): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ id, text }) => {
      const node = document.getElementById(id)!.firstChild as Text;
      const start = node.data.indexOf(text);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + text.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const rects = range.getClientRects();
      const last = rects[rects.length - 1]!;
      return { x: last.right, y: last.bottom };
    },
    { id, text },
  );
}

/** Clicks the Annotate button, which sits below the end of the selection in our closed shadow root. */
async function clickAnnotate(selectionEnd: { x: number; y: number }): Promise<void> {
  const target = { x: selectionEnd.x - 40 + 30, y: selectionEnd.y + 6 + 12 };
  // The page sees only our host element there, never the button inside it.
  await expect
    .poll(() => page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, target))
    .toBe('FOOTNOTE-PRIVATE');
  await page.mouse.click(target.x, target.y);
}

/** Moves the pointer onto the page's first annotation mark; resolves with the panel that opens. */
async function hoverAnnotation(): Promise<Frame> {
  const box = await page.evaluate(() => {
    const rect = ([...CSS.highlights.get('footnote-annotation')!][0] as Range).getClientRects()[0]!;
    return { x: rect.left + 20, y: rect.top + rect.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  return panelFrame();
}

async function panelFrame(): Promise<Frame> {
  let frame: Frame | undefined;
  await expect
    .poll(() => {
      frame = page.frames().find((f) => f.url().includes('/annotation-panel.html'));
      return frame !== undefined;
    })
    .toBe(true);
  await frame!.waitForSelector('.panel');
  return frame!;
}

/**
 * Waits until keys reach the panel's note field: the field has its frame's focus (set once the
 * editor has rendered) and the frame the page's (given when the frame has loaded).
 */
async function noteFieldFocused(frame: Frame): Promise<void> {
  await expect.poll(() => frame.evaluate(() => document.hasFocus() && document.activeElement?.tagName === 'TEXTAREA')).toBe(true);
}

function annotationMarks(target: Page = page): Promise<string[]> {
  return target.evaluate(() => [...(CSS.highlights.get('footnote-annotation') ?? [])].map((range) => range.toString()));
}

async function annotate(note: string, tags: string[]): Promise<void> {
  const end = await select('quoted', QUOTE);
  await clickAnnotate(end);
  const frame = await panelFrame();
  expect(await frame.locator('blockquote').innerText()).toBe(QUOTE);
  // Focus goes into the editor: the reader types without clicking.
  await noteFieldFocused(frame);
  await page.keyboard.type(note);
  const tagInput = frame.getByLabel('Tags', { exact: true });
  for (const tag of tags) {
    await tagInput.fill(tag);
    await tagInput.press('Enter');
  }
  await frame.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.frames().some((f) => f.url().includes('/annotation-panel.html'))).toBe(false);
}

/**
 * Sends `message` to the top frame of the tab showing `url`. Without the `tabs` permission the
 * worker sees no tab URLs, so each tab's content script is asked for its page's address (a tab
 * with none, such as an extension page, is given a moment and skipped).
 */
async function sendToPage<T>(url: string, message: unknown): Promise<T> {
  const worker = await harness().worker();
  return worker.evaluate(
    async ({ url, message }) => {
      const ask = (tabId: number, payload: unknown) =>
        Promise.race([
          chrome.tabs.sendMessage(tabId, payload, { frameId: 0 }).catch(() => undefined),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000)),
        ]);
      for (const tab of await chrome.tabs.query({})) {
        const info = (await ask(tab.id!, { type: 'page.info' })) as { url?: string } | undefined;
        if (info?.url === url) return chrome.tabs.sendMessage(tab.id!, message, { frameId: 0 });
      }
      throw new Error(`no tab shows ${url}`);
    },
    { url, message },
  ) as Promise<T>;
}

/** This frame's annotation status, as the popup reads it. */
async function annotationStatus(): Promise<{ total: number; anchored: number; orphans: { quote: string }[] }> {
  const info = await sendToPage<{ annotations: { total: number; anchored: number; orphans: { quote: string }[] } }>(page.url(), {
    type: 'page.info',
  });
  return info.annotations;
}

describe('annotating a page', () => {
  it('annotates a selection with a note and tags, marks it, and finds it again after a reload', async () => {
    await open(newsPage());
    await annotate('Compare with the 2019 raids.', ['figures', 'ICE']);
    await expect.poll(() => annotationMarks()).toEqual([QUOTE]);

    await page.reload();
    await expect.poll(() => annotationMarks()).toEqual([QUOTE]);
    expect(await annotationStatus()).toMatchObject({ total: 1, anchored: 1, orphans: [] });

    // Hovering the mark shows the note and tags.
    const frame = await hoverAnnotation();
    await expect.poll(() => frame.locator('.note').innerText()).toBe('Compare with the 2019 raids.');
    expect(await frame.locator('.tag').allInnerTexts()).toEqual(['figures', 'ICE']);
    expect(await frame.locator('.changed').count()).toBe(0);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Compare with the 2019 raids.');
  });

  it('stays anchored when the page changes a word, gains a sentence and reflows its markup', async () => {
    await open(newsPage());
    await annotate('Survives edits.', []);
    await open(
      newsPage({
        lead: 'Back in 2017, <em>city</em> officials said',
        word: 'four day',
        extra: '<p>An editor added this paragraph after publication, with an update.</p>',
      }),
    );
    await expect.poll(() => annotationMarks()).toEqual(['a four day sweep in sanctuary jurisdictions ended with the arrest of 498 individuals']);
    expect(await annotationStatus()).toMatchObject({ total: 1, anchored: 1 });
    // Found approximately: the note says the text changed and shows what was quoted.
    const frame = await hoverAnnotation();
    await expect.poll(() => frame.locator('.changed').innerText()).toBe('The text here has changed since you annotated it. You quoted:');
    expect(await frame.locator('blockquote').innerText()).toBe(QUOTE);
  });

  it('lists an annotation whose quote was removed as an orphan, and keeps it; found again, the popup opens it from the keyboard', async () => {
    await open(newsPage());
    await annotate('Will be orphaned.', []);
    await open(newsPage({ keep: false }));
    await expect.poll(async () => (await annotationStatus()).total).toBe(1);
    expect(await annotationMarks()).toEqual([]);
    expect(await annotationStatus()).toMatchObject({ anchored: 0, orphans: [{ quote: QUOTE }] });
    // The popup lists it.
    await page.bringToFront();
    const popup = await harness().openPopup();
    try {
      await popup.waitForSelector('ul.orphans li');
      expect(await popup.$eval('#annotations-heading', (h) => h.textContent)).toBe('1 annotation on this page');
      const listed = await popup.$$eval('ul.orphans li', (items) => items.map((li) => li.textContent ?? ''));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatch(/^“a four-day sweep in sanctuary jurisdictions ended with the arrest of 498.*…”$/);
    } finally {
      await popup.close();
    }

    // Back on the original text, the same annotation is found again.
    await open(newsPage());
    await expect.poll(() => annotationMarks()).toEqual([QUOTE]);

    // The popup lists it as found, and opens its note on the page from the keyboard, with focus there.
    await page.bringToFront();
    const again = await harness().openPopup();
    try {
      const item = await again.waitForSelector('[aria-label="Annotations on this page"] button');
      expect(await item!.evaluate((button) => button.textContent)).toMatch(/^“a four-day sweep in sanctuary jurisdictions ended with the arrest of 498.*…”$/);
      expect(await again.$$('ul.orphans li')).toHaveLength(0);
      await item!.focus();
      await again.keyboard.press('Enter');
    } finally {
      await again.close().catch(() => undefined);
    }
    const frame = await panelFrame();
    await expect.poll(() => frame.locator('.note').innerText()).toBe('Will be orphaned.');
    await expect.poll(() => frame.evaluate(() => document.hasFocus())).toBe(true);
  });

  it("follows a single-page site's address: another address's annotations come and go with it", async () => {
    await open(newsPage());
    await annotate('On the annotated address.', []);
    const annotatedUrl = page.url();
    const articleBody = await page.evaluate(() => document.body.innerHTML);
    const homeUrl = harness().server.addPage(`/home-${pageCount}.html`, '<!doctype html><title>Home</title><p id="teaser">Front page: the weather.</p>');
    await page.goto(homeUrl);
    await expect.poll(async () => (await annotationStatus()).total).toBe(0);

    // The site's own router: a new address in the history, then the new view.
    await page.evaluate(({ url, body }) => {
      history.pushState({}, '', url);
      document.body.innerHTML = body;
    }, { url: new URL(annotatedUrl).pathname, body: articleBody });
    expect(page.url()).toBe(annotatedUrl);
    await expect.poll(() => annotationMarks()).toEqual([QUOTE]);
    expect(await annotationStatus()).toMatchObject({ total: 1, anchored: 1 });

    // And back: the front page has no annotation, and lists none as an orphan.
    await page.evaluate((url) => {
      history.pushState({}, '', url);
      document.body.innerHTML = '<p id="teaser">Front page: the weather.</p>';
    }, new URL(homeUrl).pathname);
    await expect.poll(async () => (await annotationStatus()).total).toBe(0);
    expect(await annotationStatus()).toMatchObject({ anchored: 0, orphans: [] });
    expect(await annotationMarks()).toEqual([]);
  });

  it('keeps notes private: a page script sees no note, no tag and no typed key', async () => {
    await open(newsPage());
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      for (const type of ['keydown', 'keypress', 'keyup', 'input', 'beforeinput']) {
        window.addEventListener(type, (event) => seen.push((event as KeyboardEvent).key ?? (event as InputEvent).data ?? ''), true);
      }
      window.addEventListener('message', (event) => seen.push(JSON.stringify(event.data)), true);
    });
    await annotate('secret-note-7f3a', ['private-tag-9c1']);
    await expect.poll(() => annotationMarks()).toEqual([QUOTE]);
    await page.mouse.move(5, 5);

    const probe = await page.evaluate(() => {
      const host = document.querySelector('footnote-private');
      const frames: string[] = [];
      for (let i = 0; i < window.frames.length; i++) {
        try {
          frames.push(window.frames[i]!.document.body.innerText);
        } catch (error) {
          frames.push(`blocked: ${(error as Error).name}`);
        }
      }
      return {
        hostFound: host !== null,
        shadowRoot: host?.shadowRoot ?? null,
        html: document.documentElement.outerHTML,
        text: document.body.innerText,
        iframes: document.querySelectorAll('iframe').length,
        seen: (window as unknown as { seen: string[] }).seen.join('|'),
        frames,
      };
    });
    expect(probe.hostFound).toBe(true);
    expect(probe.shadowRoot).toBeNull();
    // A frame in a shadow tree is not among the page's frames: the page cannot even reach its window.
    expect(probe.iframes).toBe(0);
    expect(probe.frames).toEqual([]);
    for (const secret of ['secret-note-7f3a', 'private-tag-9c1']) {
      expect(probe.html).not.toContain(secret);
      expect(probe.text).not.toContain(secret);
      expect(probe.seen).not.toContain(secret);
    }
    // Not one of the typed characters reached the page's listeners.
    expect(probe.seen).not.toMatch(/\|s\|e\|c\|r\|e\|t/);

    // Opening the saved annotation again: the page still cannot read the panel.
    const frame = await hoverAnnotation();
    await expect.poll(() => frame.locator('.note').innerText()).toBe('secret-note-7f3a');
    const framesNow = await page.evaluate(() => {
      const out: string[] = [];
      for (let i = 0; i < window.frames.length; i++) {
        try {
          out.push(window.frames[i]!.document.body.innerText);
        } catch (error) {
          out.push(`blocked: ${(error as Error).name}`);
        }
      }
      return out;
    });
    expect(framesNow).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);
  });

  it('saves from a context card: the mention as the quote, the chosen passage linked', async () => {
    await open(newsPage());
    const point = await page.evaluate(() => {
      const range = [...CSS.highlights.get('footnote-entity')!].find((r) => r.toString() === 'BORTAC') as Range;
      const box = range.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    await page.mouse.move(point.x, point.y);
    const card = page.locator('footnote-ui [role=dialog]');
    await expect.poll(() => card.locator('.card__passage').count()).toBeGreaterThan(0);
    const chosenTitle = await card.locator('.card__passage').first().locator('.card__source').innerText();
    await card.locator('.card__passage').first().getByRole('button', { name: 'Save' }).click();

    const frame = await panelFrame();
    expect(await frame.locator('blockquote').innerText()).toBe('BORTAC');
    const ticks = await frame.locator('.passages input[type=checkbox]').evaluateAll((inputs) =>
      inputs.map((input) => (input as HTMLInputElement).checked),
    );
    expect(ticks[0]).toBe(true);
    expect(ticks.slice(1).every((checked) => !checked)).toBe(true);
    await frame.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => annotationMarks()).toEqual(['BORTAC']);

    const stored = await harness().sendMessage<{ ok: true; value: { annotations: { body: { purpose: string; 'dcterms:title'?: string; source?: string }[] }[] } }>(
      { type: 'annotations.forPage', url: page.url() },
    );
    const links = stored.value.annotations[0]!.body.filter((body) => body.purpose === 'linking');
    expect(links).toHaveLength(1);
    expect(chosenTitle).toContain(links[0]!['dcterms:title']!);
    expect(links[0]!.source).toMatch(/^urn:footnote:passage:[0-9a-f]+:\d+$/);
  });

  it('opens the editor for the selection from the context-menu item', async () => {
    await open(newsPage());
    await select('quoted', '498 individuals');
    // What the worker does when the context-menu item is clicked.
    const opened = await sendToPage(page.url(), { type: 'annotation.create' });
    expect(opened).toEqual({ opened: true });
    const frame = await panelFrame();
    expect(await frame.locator('blockquote').innerText()).toBe('498 individuals');
    // Escape is the panel's: it must have the keyboard.
    await noteFieldFocused(frame);
    // Key down only while the panel is there: a key up sent as Escape removes the panel's frame can
    // go unanswered by Chromium, and Playwright would wait for it forever.
    await page.keyboard.down('Escape');
    await expect.poll(() => page.frames().some((f) => f.url().includes('/annotation-panel.html'))).toBe(false);
    await page.keyboard.up('Escape');
    expect(harness().consoleErrors.filter((error) => error.source.startsWith('http'))).toEqual([]);
  });
});
