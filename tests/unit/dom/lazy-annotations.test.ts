import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeQuote } from '../../../src/core/annotations/anchoring';
import { createAnnotation, type Annotation } from '../../../src/core/annotations/model';
import { LazyAnnotations } from '../../../src/page/annotations/lazy-annotations';
import { PageAnnotations, type PageAnnotationList } from '../../../src/page/annotations/page-annotations';
import { PageText } from '../../../src/page/page-text';

const SENTENCE = 'ICE agents arrested 498 individuals in sanctuary cities.';

let stored: PageAnnotationList;
let loads: number;
let annotations: LazyAnnotations;

function annotationOf(quote: string): Annotation {
  const text = PageText.read(document).text;
  const start = text.indexOf(quote);
  return createAnnotation({ pageUrl: location.href, selectors: describeQuote(text, start, start + quote.length) });
}

beforeEach(() => {
  document.body.innerHTML = `<p>${SENTENCE}</p>`;
  stored = { annotations: [] };
  loads = 0;
  annotations = new LazyAnnotations(
    document,
    { forPage: async () => stored, extensionUrl: (path) => `about:blank#${path}` },
    async () => {
      loads++;
      return { PageAnnotations };
    },
  );
});

afterEach(() => {
  annotations.dispose();
  document.body.innerHTML = '';
});

describe('LazyAnnotations', () => {
  it('leaves the annotation layer unloaded on a page without annotations', async () => {
    await annotations.refresh();
    expect(loads).toBe(0);
    expect(await annotations.status()).toEqual({ total: 0, anchored: 0, found: [], orphans: [] });
    expect(await annotations.reveal('urn:uuid:none')).toBe(false);
  });

  it('loads the layer once, and anchors, when the page has annotations', async () => {
    const [later, earlier] = [annotationOf('sanctuary cities'), annotationOf('498 individuals')];
    stored = { annotations: [later, earlier] };
    await Promise.all([annotations.refresh(), annotations.refresh()]);
    await annotations.refresh();
    expect(loads).toBe(1);
    // Listed in the page's order, for the popup.
    expect(await annotations.status()).toEqual({
      total: 2,
      anchored: 2,
      found: [
        { id: earlier.id, quote: '498 individuals' },
        { id: later.id, quote: 'sanctuary cities' },
      ],
      orphans: [],
    });
    expect(await annotations.reveal(later.id)).toBe(true);
    expect(await annotations.reveal('urn:uuid:none')).toBe(false);
  });

  it('loads the layer to annotate, even on a page that had none', async () => {
    await annotations.refresh();
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('p')!);
    expect(await annotations.annotateRange(range, [])).toBe(true);
    expect(loads).toBe(1);
  });

  it('says no, without a rejection, when the layer cannot be loaded', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const failing = new LazyAnnotations(document, { forPage: async () => stored, extensionUrl: (path) => path }, () =>
      Promise.reject(new Error('Failed to fetch dynamically imported module')),
    );
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('p')!);
    expect(await failing.annotateRange(range, [])).toBe(false);
    expect(debug).toHaveBeenCalled();
    failing.dispose();
    debug.mockRestore();
  });

  it('opens no editor when Footnote is switched off here while the layer loads', async () => {
    let finishLoad: () => void = () => undefined;
    const slow = new LazyAnnotations(
      document,
      { forPage: async () => stored, extensionUrl: (path) => `about:blank#${path}` },
      () => new Promise((resolve) => (finishLoad = () => resolve({ PageAnnotations }))),
    );
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('p')!);
    const opened = slow.annotateRange(range, []);
    const hostsBefore = document.documentElement.children.length;
    slow.dispose();
    finishLoad();
    expect(await opened).toBe(false);
    expect(document.documentElement.children.length).toBeLessThanOrEqual(hostsBefore);
  });
});
