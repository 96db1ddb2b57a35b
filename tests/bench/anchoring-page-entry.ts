/**
 * Bundled by esbuild for the anchoring bench, on `window.footnoteAnchoringBench`.
 * In a saved real page (its scripts off): picks quotes in the article's prose
 * and describes each as the Annotate button does (a DOM Range → PageText
 * offsets → describeQuote). Then, for each quote and each kind of edit, one at
 * a time: edits the live DOM, re-anchors as the annotation layer does
 * (PageText.read → anchor → rangeFor), checks the Range against the text the
 * edit left where the quote was, and puts a pristine clone of the paragraph
 * back, so every edit starts from the page as loaded. (Replacing the whole
 * body instead would re-create the page's frames: up to a second per edit.)
 */
import { anchor, describeQuote } from '../../src/core/annotations/anchoring';
import { createAnnotation, type Annotation, type TextSelectors } from '../../src/core/annotations/model';
import { foldString } from '../../src/core/text/normalize';
import { AnnotationLayer } from '../../src/page/annotations/annotation-layer';
import { PageText } from '../../src/page/page-text';
import type { EditKind, EditResult, Outcome, PageSetupResult, PlaceTiming } from './anchoring-results';

/** About 50 characters: short quotes are the hard case for telling a deleted quote from a chance match. */
const QUOTE_WORDS = 8;
/** Quotes start this many words into their paragraph, so an edit can go before them in the same paragraph. */
const FIRST_WORD = 2;
/** Words from one quote's start to the next in the same paragraph (quotes never overlap). */
const WORD_STEP = 10;
const MIN_PROSE_CHARS = 150;
const INSERTED_SENTENCE = 'An editor added this sentence after publication. ';
const INSERTED_PARAGRAPH = 'An editor added this paragraph after publication, with a little more reporting on the story.';
const REFLOW = '\n        ';

/** A quote: characters [from, to) of the textContent of the document's `paragraph`-th <p>. */
interface QuoteSpot {
  paragraph: number;
  from: number;
  to: number;
}

interface Described extends QuoteSpot {
  selectors: TextSelectors;
}

/** What an edit left where the quote was: its text now (unique on the page), or null once it is gone. */
type Expected = string | null;

/** The document's <p> elements as they are now (a restored paragraph is a new element). */
let paragraphs: HTMLParagraphElement[] = [];
/** Clones of the quoted paragraphs as loaded, never put in the page themselves. */
const pristine = new Map<number, HTMLParagraphElement>();
let described: Described[] = [];
let loadedText = '';

/** Paragraphs whose text PageText reads in full (nothing inside that it skips), so offsets in textContent are offsets in it. */
function isProse(p: HTMLParagraphElement): boolean {
  if (p.closest('noscript, template, [data-footnote-ui]') || p.querySelector('script, style, noscript, template, [data-footnote-ui]')) return false;
  const text = (p.textContent ?? '').trim();
  return text.length >= MIN_PROSE_CHARS && /[a-z]{3,} [a-z]{3,} [a-z]{2,}/.test(text);
}

/** A Range over characters [from, to) of `element`'s textContent, in its text nodes. */
function rangeInText(element: Element, from: number, to: number): Range {
  const range = element.ownerDocument.createRange();
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const end = offset + node.data.length;
    if (!started && from < end) {
      range.setStart(node, from - offset);
      started = true;
    }
    if (started && to <= end) {
      range.setEnd(node, to - offset);
      return range;
    }
    offset = end;
  }
  throw new Error(`no text [${from}, ${to}) in a <${element.tagName}> of ${offset} characters`);
}

/** Text nodes of `element` with their offsets in its textContent. */
function textNodes(element: Element): { node: Text; start: number }[] {
  const nodes: { node: Text; start: number }[] = [];
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    nodes.push({ node, start: offset });
    offset += node.data.length;
  }
  return nodes;
}

function countOf(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/**
 * Eight-word windows in each prose paragraph, kept when unique on the page
 * (as written and folded). Taken round-robin (every paragraph's first window,
 * then every second one…) so the quotes spread over the whole article; the
 * last round is thinned evenly.
 */
function pickQuotes(doc: Document, text: string, count: number): { spots: QuoteSpot[]; prose: number } {
  const folded = foldString(text);
  const paragraphs = [...doc.querySelectorAll('p')];
  const windows: QuoteSpot[][] = [];
  paragraphs.forEach((p, index) => {
    if (!isProse(p)) return;
    const content = p.textContent ?? '';
    const words = [...content.matchAll(/\S+/g)];
    const spots: QuoteSpot[] = [];
    for (let first = FIRST_WORD; first + QUOTE_WORDS <= words.length; first += WORD_STEP) {
      const last = words[first + QUOTE_WORDS - 1]!;
      const spot = { paragraph: index, from: words[first]!.index, to: last.index + last[0].length };
      const quote = content.slice(spot.from, spot.to);
      // A word of four letters or more, for the word-change edit.
      if (/\p{L}{4,}/u.test(quote) && countOf(text, quote) === 1 && countOf(folded, foldString(quote)) === 1) spots.push(spot);
    }
    windows.push(spots);
  });
  const chosen: QuoteSpot[] = [];
  for (let round = 0; chosen.length < count; round++) {
    const inRound = windows.flatMap((spots) => spots.slice(round, round + 1));
    if (inRound.length === 0) throw new Error(`only ${chosen.length} unique quotes in ${windows.length} prose paragraphs, ${count} wanted`);
    const wanted = count - chosen.length;
    chosen.push(...(inRound.length <= wanted ? inRound : Array.from({ length: wanted }, (_, i) => inRound[Math.floor((i * inRound.length) / wanted)]!)));
  }
  chosen.sort((a, b) => a.paragraph - b.paragraph || a.from - b.from);
  return { spots: chosen, prose: windows.length };
}

/** Picks `count` quotes and describes them on the page as loaded. */
function setup(count: number): PageSetupResult {
  const text = PageText.read(document);
  loadedText = text.text;
  paragraphs = [...document.querySelectorAll('p')];
  const { spots, prose } = pickQuotes(document, text.text, count);
  described = spots.map((spot) => {
    const selection = rangeInText(paragraphs[spot.paragraph]!, spot.from, spot.to);
    const offsets = text.offsetsOf(selection);
    const quote = selection.toString();
    if (!offsets || text.text.slice(offsets.start, offsets.end) !== quote) {
      throw new Error(`PageText.offsetsOf misread the selection "${quote}"`);
    }
    pristine.set(spot.paragraph, paragraphs[spot.paragraph]!.cloneNode(true) as HTMLParagraphElement);
    return { ...spot, selectors: describeQuote(text.text, offsets.start, offsets.end) };
  });
  return { selectors: described.map((d) => d.selectors), textLength: text.text.length, proseParagraphs: prose };
}

/** Paragraphs opened for editing, and how to put the page back as it was loaded. */
class PageEdits {
  /** Each edited paragraph's parent and the children it had. */
  private readonly children = new Map<Node, Set<Node>>();
  private readonly opened = new Map<number, { p: HTMLParagraphElement; parent: Node; next: Node | null }>();

  open(index: number): HTMLParagraphElement {
    const p = paragraphs[index]!;
    const parent = p.parentNode!;
    if (!this.children.has(parent)) this.children.set(parent, new Set(parent.childNodes));
    if (!this.opened.has(index)) this.opened.set(index, { p, parent, next: p.nextSibling });
    return p;
  }

  /** Removes what the edits added beside the paragraphs and puts a pristine clone in place of each. */
  restore(): void {
    for (const [parent, children] of this.children) {
      for (const node of [...parent.childNodes]) if (!children.has(node)) node.remove();
    }
    for (const [index, { p, parent, next }] of this.opened) {
      const clean = pristine.get(index)!.cloneNode(true) as HTMLParagraphElement;
      if (p.isConnected) p.replaceWith(clean);
      else if (next === null || next.parentNode === parent) parent.insertBefore(clean, next);
      else throw new Error('cannot restore a deleted paragraph whose next sibling is gone too');
      paragraphs[index] = clean;
    }
  }
}

const EDITS: Record<EditKind, (p: HTMLParagraphElement, spot: QuoteSpot, quote: string) => Expected> = {
  unedited: (_p, _spot, quote) => quote,

  'word changed': (p, spot, quote) => {
    // The word nearest the quote's middle that sits in one text node.
    const words = [...quote.matchAll(/\p{L}{4,}/gu)];
    const middle = quote.length / 2;
    words.sort((a, b) => Math.abs(a.index + a[0].length / 2 - middle) - Math.abs(b.index + b[0].length / 2 - middle));
    for (const word of words) {
      const range = rangeInText(p, spot.from + word.index, spot.from + word.index + word[0].length);
      if (range.startContainer !== range.endContainer) continue;
      const replacement = word[0].toLowerCase() === 'revised' ? 'amended' : 'revised';
      (range.startContainer as Text).replaceData(range.startOffset, word[0].length, replacement);
      return quote.slice(0, word.index) + replacement + quote.slice(word.index + word[0].length);
    }
    throw new Error(`no word to change in "${quote}"`);
  },

  'paragraph inserted before': (p, _spot, quote) => {
    const added = p.ownerDocument.createElement('p');
    added.textContent = INSERTED_PARAGRAPH;
    // A newline between the blocks, as in served HTML.
    p.before(added, '\n');
    return quote;
  },

  'sentence inserted before, same paragraph': (p, spot, quote) => {
    const at = rangeInText(p, spot.from, spot.to);
    (at.startContainer as Text).insertData(at.startOffset, INSERTED_SENTENCE);
    return quote;
  },

  'word changed and sentence inserted before': (p, spot, quote) => {
    EDITS['sentence inserted before, same paragraph'](p, spot, quote);
    const shift = INSERTED_SENTENCE.length;
    return EDITS['word changed'](p, { ...spot, from: spot.from + shift, to: spot.to + shift }, quote);
  },

  // Re-rendered with other inline markup: the paragraph's own links and emphasis unwrapped, every other word of the quote wrapped in <em> or <span>.
  'inline markup changed': (p, spot, quote) => {
    for (const inline of p.querySelectorAll('a, em, strong, b, i, span, u')) inline.replaceWith(...inline.childNodes);
    const words = [...quote.matchAll(/\S+/g)].filter((_, i) => i % 2 === 1);
    words.forEach((word, i) => {
      const range = rangeInText(p, spot.from + word.index, spot.from + word.index + word[0].length);
      if (range.startContainer === range.endContainer) range.surroundContents(p.ownerDocument.createElement(i % 2 === 0 ? 'em' : 'span'));
    });
    return quote;
  },

  'text split across nodes': (p, spot, quote) => {
    // Every text node over the quote split every five characters, from the end so earlier offsets hold.
    for (const { node, start } of textNodes(p).reverse()) {
      const from = Math.max(spot.from - start, 0);
      const to = Math.min(spot.to - start, node.data.length);
      for (let at = to - 1; at > from; at--) if ((at - from) % 5 === 0) node.splitText(at);
    }
    return quote;
  },

  'paragraph split before the quote': (p, spot, quote) => {
    // At the word boundary nearest halfway between the paragraph's start and the quote.
    const content = p.textContent ?? '';
    const space = content.lastIndexOf(' ', Math.floor(spot.from / 2));
    const splitAt = space > 0 ? space + 1 : content.indexOf(' ') + 1;
    const before = p.ownerDocument.createRange();
    before.setStart(p, 0);
    const point = rangeInText(p, splitAt, splitAt + 1);
    before.setEnd(point.startContainer, point.startOffset);
    const first = p.cloneNode(false) as HTMLParagraphElement;
    first.removeAttribute('id');
    first.append(before.extractContents());
    p.before(first, '\n');
    return quote;
  },

  'whitespace and line breaks changed': (p, spot) => {
    // Every whitespace run in the paragraph becomes a line break and indent, as a re-rendered source reflows it.
    let expected = '';
    for (const { node, start } of textNodes(p)) {
      const from = Math.min(Math.max(spot.from - start, 0), node.data.length);
      const to = Math.min(Math.max(spot.to - start, 0), node.data.length);
      const reflow = (part: string) => part.replace(/\s+/g, REFLOW);
      // The quote starts and ends on non-space characters, so reflowing the three parts apart equals reflowing the whole.
      expected += reflow(node.data.slice(from, to));
      node.data = reflow(node.data.slice(0, from)) + reflow(node.data.slice(from, to)) + reflow(node.data.slice(to));
    }
    return expected;
  },

  'quote deleted': (p, spot) => {
    rangeInText(p, spot.from, spot.to).deleteContents();
    return null;
  },

  'paragraph deleted': (p) => {
    p.remove();
    return null;
  },
};

function judge(text: PageText, expected: Expected, found: ReturnType<typeof anchor>): { outcome: Outcome; detail?: string } {
  if ('orphan' in found) {
    return expected === null ? { outcome: 'orphan' } : { outcome: 'orphan', detail: `orphaned, though "${expected}" is on the page` };
  }
  const range = text.rangeFor(found.start, found.end);
  const got = range?.toString() ?? '';
  if (expected === null) return { outcome: 'wrong', detail: `deleted, yet anchored (${found.method}) to "${got}"` };
  const at = text.text.indexOf(expected);
  if (at < 0 || text.text.indexOf(expected, at + 1) >= 0) throw new Error(`the edit left "${expected}" ${at < 0 ? 'nowhere' : 'twice'} on the page`);
  if (found.start !== at || found.end !== at + expected.length || got !== expected) {
    return { outcome: 'wrong', detail: `anchored (${found.method}) to [${found.start}, ${found.end}) "${got}", expected [${at}, ${at + expected.length}) "${expected}"` };
  }
  return { outcome: found.method === 'fuzzy' ? 'approximate' : 'exact' };
}

/** Every quote through every edit kind, one edit at a time on the page as loaded. */
function run(kinds: readonly EditKind[]): EditResult[] {
  const results: EditResult[] = [];
  described.forEach((quote, index) => {
    for (const kind of kinds) {
      const edits = new PageEdits();
      const expected = EDITS[kind](edits.open(quote.paragraph), quote, quote.selectors[0].exact);
      const readStart = performance.now();
      const text = PageText.read(document);
      const anchorStart = performance.now();
      const found = anchor(text.text, quote.selectors);
      const anchorEnd = performance.now();
      results.push({
        kind,
        quote: index,
        method: 'orphan' in found ? 'orphan' : found.method,
        anchorMs: anchorEnd - anchorStart,
        readMs: anchorStart - readStart,
        ...judge(text, expected, found),
      });
      edits.restore();
    }
    if (PageText.read(document).text !== loadedText) throw new Error(`the page is not as loaded after editing around quote ${index}`);
  });
  return results;
}

let pending: PageEdits | undefined;

/** Edits every quote `kind`'s way at once (last to first, so the spots before each edit still hold), until `restoreAll`. */
function editAll(kind: EditKind): void {
  pending = new PageEdits();
  for (const quote of [...described].reverse()) EDITS[kind](pending.open(quote.paragraph), quote, quote.selectors[0].exact);
}

function restoreAll(): void {
  pending?.restore();
  pending = undefined;
}

/**
 * Called in a fresh isolated world, as a content script runs: its first
 * PageText.read compiles its code and creates a JS wrapper for every node it
 * visits, which later reads do not.
 */
function timeRead(): number {
  const start = performance.now();
  PageText.read(document);
  return performance.now() - start;
}

/** The content script's whole job on load: the annotation layer placing every annotation, in slices. */
async function place(selectors: readonly TextSelectors[]): Promise<PlaceTiming> {
  const annotations: Annotation[] = selectors.map((quote) => createAnnotation({ pageUrl: location.href, selectors: quote }));
  const layer = new AnnotationLayer(document);
  const slices: number[] = [];
  let sliceStart = performance.now();
  await layer.place(annotations, async () => {
    slices.push(performance.now() - sliceStart);
    // The saved pages run with scripts off, where timers never fire: a slice boundary is all this needs to see.
    await Promise.resolve();
    sliceStart = performance.now();
  });
  slices.push(performance.now() - sliceStart);
  const anchored = layer.status().anchored;
  layer.dispose();
  return { ms: slices.reduce((sum, slice) => sum + slice, 0), longestSlice: Math.max(...slices), anchored };
}

const api = { setup, run, editAll, restoreAll, timeRead, place };

export type FootnoteAnchoringBench = typeof api;

declare global {
  interface Window {
    footnoteAnchoringBench: FootnoteAnchoringBench;
  }
}

window.footnoteAnchoringBench = api;
