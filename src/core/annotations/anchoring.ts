/**
 * Describing a quote on a page and finding it again later, on the page's text
 * as one string. Turning offsets into DOM Ranges is the page layer's job.
 *
 * Modelled on the Hypothesis client's anchoring: try the stored position,
 * then the exact quote, then an approximate match (Myers' bit-parallel
 * algorithm from approx-string-match), scoring candidates by how well the
 * text around them matches the stored prefix and suffix. Beyond Hypothesis:
 * what now stands between the stored prefix and suffix near the old place is
 * a candidate too (an empty span there means the quote was deleted), and an
 * approximate match with only one side of its context is taken only at the
 * old place (elsewhere it is likely a caption or teaser repeating the words).
 * Unlike Hypothesis, which takes the best-scoring copy whatever its context,
 * the exact quote found only where neither side of its stored context
 * matches is not taken as exact (see `MIN_QUOTE_WITHOUT_CONTEXT`).
 *
 * The quote and fuzzy steps work on folded text (see `foldText`), so a quote
 * whose whitespace was reflowed, or whose quotes and dashes changed between
 * curly and straight, still counts as an exact `quote` match. Offsets are
 * mapped back to the original text before they are returned.
 */
import approxSearch, { type Match } from 'approx-string-match';
import { foldString, isWordChar, type FoldedText } from '../text/normalize';
import { approxSearchInSteps, foldInSteps } from './stepped-search';
import type { TextPositionSelector, TextQuoteSelector } from './model';

/** Characters of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;
/** The fuzzy step allows up to this share of the quote's length in edits… */
export const FUZZY_ERROR_RATE = 0.5;
/** …and never more than this many (the search slows with the budget). */
export const FUZZY_MAX_ERRORS = 256;
/**
 * A fuzzy match is kept only when the weighted similarity of quote, prefix
 * and suffix reaches this. A quote with a word changed and its context intact
 * scores near 0.9; a deleted quote matched by chance elsewhere, with unrelated
 * context, scores near 0.5.
 */
export const MIN_FUZZY_SIMILARITY = 0.7;
/**
 * A side of context this similar or more still matches. Unrelated text of
 * the same length scores about 0.3 (0.45 for the top 1 % on the saved real
 * pages); a context with one word changed, 0.75 or more.
 */
export const MIN_CONTEXT_SIMILARITY = 0.6;

/**
 * The exact quote found only where neither side of its context matches may
 * be the quote moved, or the same words in another passage: a mayor's and a
 * governor's paragraph both saying "the city would not cooperate". It is
 * taken, as approximate, only when no edited quote in its context is found
 * and it is at least this long (folded characters), as long as the context
 * it lost; shorter, it is an orphan.
 */
export const MIN_QUOTE_WITHOUT_CONTEXT = 2 * CONTEXT_LENGTH;

const QUOTE_WEIGHT = 50;
const CONTEXT_WEIGHT = 20;

/**
 * How the quote was found: `position` and `quote` are exact (the quote, in
 * its context); `fuzzy` is approximate (an edited quote, or the exact quote
 * without its context).
 */
export type AnchorMethod = 'position' | 'quote' | 'fuzzy';
export type Anchor = { start: number; end: number; method: AnchorMethod } | { orphan: true };

const ORPHAN: Anchor = { orphan: true };

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Moves `offset` off the middle of a surrogate pair so no selector holds half a character. */
function snapToCharacter(text: string, offset: number, direction: -1 | 1): number {
  if (offset > 0 && offset < text.length && isLowSurrogate(text.charCodeAt(offset))) return offset + direction;
  return offset;
}

const WHITESPACE = /\s/;

/**
 * The offset `CONTEXT_LENGTH` characters from `offset` in `direction`, a run
 * of whitespace counting as one character (anchoring folds it to one space):
 * in indented page source, 32 raw characters after a paragraph are often all
 * whitespace, a context that tells nothing.
 */
function contextEdge(text: string, offset: number, direction: -1 | 1): number {
  let at = offset;
  const next = () => text[direction === -1 ? at - 1 : at];
  const inText = () => (direction === -1 ? at > 0 : at < text.length);
  for (let kept = 0; kept < CONTEXT_LENGTH && inText(); kept++) {
    if (!WHITESPACE.test(next()!)) at += direction;
    else while (inText() && WHITESPACE.test(next()!)) at += direction;
  }
  return at;
}

/**
 * Selectors for `text.slice(start, end)` with up to 32 characters of context
 * each side (a whitespace run counting as one). Offsets are clamped to the
 * text and put in order.
 */
export function describeQuote(text: string, start: number, end: number): [TextQuoteSelector, TextPositionSelector] {
  const clamp = (offset: number): number =>
    Number.isFinite(offset) ? Math.min(Math.max(Math.trunc(offset), 0), text.length) : 0;
  const from = Math.min(clamp(start), clamp(end));
  const to = Math.max(clamp(start), clamp(end));
  const prefixStart = snapToCharacter(text, contextEdge(text, from, -1), 1);
  const suffixEnd = snapToCharacter(text, contextEdge(text, to, 1), -1);
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(from, to),
      prefix: text.slice(prefixStart, from),
      suffix: text.slice(to, suffixEnd),
    },
    { type: 'TextPositionSelector', start: from, end: to },
  ];
}

interface StoredQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads selectors defensively: stored and imported data may be damaged. */
function readSelectors(selectors: readonly unknown[]): {
  quote?: StoredQuote;
  position?: { start: number; end: number };
} {
  const list: readonly unknown[] = Array.isArray(selectors) ? selectors : [];
  let quote: StoredQuote | undefined;
  let position: { start: number; end: number } | undefined;
  for (const selector of list) {
    if (!isRecord(selector)) continue;
    if (selector.type === 'TextQuoteSelector' && typeof selector.exact === 'string' && quote === undefined) {
      quote = {
        exact: selector.exact,
        prefix: typeof selector.prefix === 'string' ? selector.prefix : '',
        suffix: typeof selector.suffix === 'string' ? selector.suffix : '',
      };
    } else if (
      selector.type === 'TextPositionSelector' &&
      Number.isSafeInteger(selector.start) &&
      Number.isSafeInteger(selector.end) &&
      position === undefined
    ) {
      position = { start: selector.start as number, end: selector.end as number };
    }
  }
  return { quote, position };
}

/** 1 when `pattern` occurs in `window`, falling towards 0 with each edit needed. */
function contextSimilarity(window: string, pattern: string): number {
  if (window.length === 0) return 0;
  const best = approxSearch(window, pattern, pattern.length)[0];
  return best === undefined ? 0 : 1 - best.errors / pattern.length;
}

/**
 * Weighted mean of the parts that exist. A quote at the very start of the
 * text, or after only whitespace, has no prefix: that says nothing about a
 * candidate, so it neither helps nor hurts.
 */
function weightedSimilarity(parts: [weight: number, similarity: number | undefined][]): number {
  let total = 0;
  let weights = 0;
  for (const [weight, similarity] of parts) {
    if (similarity === undefined) continue;
    total += weight * similarity;
    weights += weight;
  }
  return weights === 0 ? 0 : total / weights;
}

const supports = (similarity: number | undefined): boolean => similarity !== undefined && similarity >= MIN_CONTEXT_SIMILARITY;
const contradicts = (similarity: number | undefined): boolean => similarity !== undefined && similarity < MIN_CONTEXT_SIMILARITY;

interface Candidate {
  /** Offsets in the folded text. */
  start: number;
  end: number;
  similarity: number;
  distance: number;
}

/** Index of the first folded character at or after source offset `offset`. */
function foldedOffset(folded: FoldedText, offset: number): number {
  let low = 0;
  let high = folded.text.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (folded.map[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The last page folded. A page's annotations are anchored one after another
 * against the same text, and folding a long page costs far more than
 * anchoring on it, so that work is shared; the memo holds one page only.
 */
let lastFolded: { text: string; folded: FoldedText } | undefined;

function* foldPageInSteps(text: string): Generator<void, FoldedText> {
  if (lastFolded?.text !== text) lastFolded = { text, folded: yield* foldInSteps(text) };
  return lastFolded.folded;
}

class FoldedPage {
  readonly folded: FoldedText;
  readonly prefix: string;
  readonly suffix: string;
  /** Where the quote used to start, in folded offsets; undefined when unknown. */
  readonly hint: number | undefined;
  /** The selection began at the start of a word (and ended at the end of one). */
  readonly quoteStartsWord: boolean;
  readonly quoteEndsWord: boolean;

  constructor(folded: FoldedText, quote: StoredQuote, position: { start: number } | undefined) {
    this.folded = folded;
    this.prefix = foldString(quote.prefix);
    this.suffix = foldString(quote.suffix);
    this.hint = position === undefined ? undefined : foldedOffset(this.folded, position.start);
    const trimmed = quote.exact.trim();
    const before = trimmed.length === quote.exact.trimEnd().length ? quote.prefix.at(-1) : ' ';
    const after = trimmed.length === quote.exact.trimStart().length ? quote.suffix[0] : ' ';
    this.quoteStartsWord = isWordChar(trimmed[0]) && !isWordChar(before);
    this.quoteEndsWord = isWordChar(trimmed.at(-1)) && !isWordChar(after);
  }

  /** How well the text around folded `[start, end)` matches the stored prefix and suffix (undefined: none stored). */
  contextScore(start: number, end: number): { prefix: number | undefined; suffix: number | undefined } {
    // Folded text has single spaces, so one extra character covers the space folding trimmed off the context.
    const text = this.folded.text;
    const before = text.slice(Math.max(0, start - this.prefix.length - 1), start).trimEnd();
    const after = text.slice(end, end + this.suffix.length + 1).trimStart();
    return {
      prefix:
        this.prefix === ''
          ? undefined
          : contextSimilarity(before.slice(Math.max(0, before.length - this.prefix.length)), this.prefix),
      suffix: this.suffix === '' ? undefined : contextSimilarity(after.slice(0, this.suffix.length), this.suffix),
    };
  }

  distance(start: number): number {
    return this.hint === undefined ? 0 : Math.abs(start - this.hint);
  }

  /**
   * How far from the old start a match is still at the quote's old place (in
   * folded characters): moved by an inserted or removed text about as long
   * as the quote and its context.
   */
  static nearMargin(quoteLength: number): number {
    return quoteLength + CONTEXT_LENGTH;
  }

  /** Whether folded offset `start` is at the quote's old place (never, without a stored position). */
  isAtOldPlace(start: number, quoteLength: number): boolean {
    return this.hint !== undefined && Math.abs(start - this.hint) <= FoldedPage.nearMargin(quoteLength);
  }

  /** Source offsets of folded `[start, end)`. */
  toSource(candidate: Candidate, method: AnchorMethod): Anchor {
    const map = this.folded.map;
    return { start: map[candidate.start]!, end: map[candidate.end - 1]! + 1, method };
  }
}

/** Most similar first; among equals, the one nearest the old position, then the earliest. */
function best<C extends Candidate>(candidates: C[]): C | undefined {
  let chosen: C | undefined;
  for (const candidate of candidates) {
    if (
      chosen === undefined ||
      candidate.similarity > chosen.similarity ||
      (candidate.similarity === chosen.similarity && candidate.distance < chosen.distance)
    ) {
      chosen = candidate;
    }
  }
  return chosen;
}

/** Each occurrence of the exact quote; `inContext` when a side of its stored context matches there, or none was stored. */
function exactCandidates(page: FoldedPage, quote: string): (Candidate & { inContext: boolean })[] {
  const candidates: (Candidate & { inContext: boolean })[] = [];
  const contextStored = page.prefix !== '' || page.suffix !== '';
  for (let at = page.folded.text.indexOf(quote); at >= 0; at = page.folded.text.indexOf(quote, at + 1)) {
    const context = page.contextScore(at, at + quote.length);
    candidates.push({
      start: at,
      end: at + quote.length,
      similarity: weightedSimilarity([
        [CONTEXT_WEIGHT, context.prefix],
        [CONTEXT_WEIGHT, context.suffix],
      ]),
      distance: page.distance(at),
      inContext: !contextStored || supports(context.prefix) || supports(context.suffix),
    });
  }
  return candidates;
}

/**
 * When the stored quote began (or ended) on a word boundary, grows an
 * approximate match that starts (or ends) inside a word to that word's edge:
 * with "detained" edited to "arrested", equally cheap alignments may start at
 * "rested", and the researcher selected whole words.
 */
function snapToWords(page: FoldedPage, match: { start: number; end: number }): { start: number; end: number } {
  const text = page.folded.text;
  let { start, end } = match;
  if (page.quoteStartsWord) {
    while (start > 0 && isWordChar(text[start - 1])) start--;
  }
  if (page.quoteEndsWord) {
    while (end < text.length && isWordChar(text[end])) end++;
  }
  return { start, end };
}

/**
 * Approximate matches near the old position. The search reports only the
 * matches with the fewest errors, so a near-copy elsewhere on the page (a
 * repeated name, a caption) would hide the edited quote itself in a search
 * of the whole text.
 */
function nearMatches(page: FoldedPage, quote: string, maxErrors: number): Match[] {
  if (page.hint === undefined) return [];
  const margin = FoldedPage.nearMargin(quote.length);
  const from = Math.max(0, page.hint - margin);
  const near = approxSearch(page.folded.text.slice(from, page.hint + quote.length + margin), quote, maxErrors);
  return near.map((match) => ({ ...match, start: match.start + from, end: match.end + from }));
}

/**
 * How much an approximate match looks like the quote in its place, or
 * undefined when it must not be taken. When one side of the stored context
 * no longer matches, the match is either the edited quote with new text next
 * to it (a sentence inserted before it, a neighbouring word rewritten) or a
 * look-alike elsewhere: a caption or teaser that repeats or paraphrases the
 * sentence and shares the words on one side. Only the old position tells
 * them apart, so such a match is taken only at the quote's old place, with
 * the other side still matching, and the side that changed is not held
 * against it there.
 */
function fuzzySimilarity(
  page: FoldedPage,
  quoteSimilarity: number,
  start: number,
  end: number,
  quoteLength: number,
): { similarity: number; inContext: boolean } | undefined {
  const { prefix, suffix } = page.contextScore(start, end);
  if (!contradicts(prefix) && !contradicts(suffix)) {
    const similarity = weightedSimilarity([
      [QUOTE_WEIGHT, quoteSimilarity],
      [CONTEXT_WEIGHT, prefix],
      [CONTEXT_WEIGHT, suffix],
    ]);
    return { similarity, inContext: true };
  }
  if (!page.isAtOldPlace(start, quoteLength) || !(supports(prefix) || supports(suffix))) return undefined;
  const similarity = weightedSimilarity([
    [QUOTE_WEIGHT, quoteSimilarity],
    [CONTEXT_WEIGHT, supports(prefix) ? prefix : undefined],
    [CONTEXT_WEIGHT, supports(suffix) ? suffix : undefined],
  ]);
  return { similarity, inContext: false };
}

/**
 * What now stands between the stored prefix and suffix, both found as
 * written near the old place: the quote as edited, even when a look-alike
 * nearby needs fewer edits ("on the basis of race, on the basis of
 * religion"), or an empty span when the quote was cut out from between them.
 * Undefined when either neighbour is missing or changed.
 */
function betweenNeighbours(page: FoldedPage, quoteLength: number): { start: number; end: number } | undefined {
  const { hint, prefix, suffix } = page;
  if (hint === undefined || prefix === '' || suffix === '') return undefined;
  const text = page.folded.text;
  const margin = FoldedPage.nearMargin(quoteLength);
  const prefixStart = text.lastIndexOf(prefix, hint + margin);
  if (prefixStart < 0 || prefixStart + prefix.length < hint - margin) return undefined;
  let start = prefixStart + prefix.length;
  const suffixStart = text.indexOf(suffix, start);
  if (suffixStart < 0 || suffixStart - start > quoteLength + margin) return undefined;
  let end = suffixStart;
  // Folding keeps at most one space on either side of the quote.
  if (text[start] === ' ') start++;
  if (end > start && text[end - 1] === ' ') end--;
  return { start, end };
}

/** The span between the neighbours as a match: the quote's best alignment in it, plus what is left over on either side. */
function spanMatch(page: FoldedPage, quote: string, span: { start: number; end: number }, maxErrors: number): Match | undefined {
  const aligned = approxSearch(page.folded.text.slice(span.start, span.end), quote, maxErrors)[0];
  if (aligned === undefined) return undefined;
  const errors = aligned.errors + (span.end - span.start) - (aligned.end - aligned.start);
  return errors <= maxErrors ? { ...span, errors } : undefined;
}

/** `found` as a candidate, or undefined when it falls short; `snap` grows it to whole words. */
function scoreMatch(page: FoldedPage, quote: string, found: Match, snap: boolean): (Candidate & { inContext: boolean }) | undefined {
  if (found.end <= found.start) return undefined;
  const { start, end } = snap ? snapToWords(page, found) : found;
  const scored = fuzzySimilarity(page, 1 - found.errors / quote.length, start, end, quote.length);
  if (scored === undefined || scored.similarity < MIN_FUZZY_SIMILARITY) return undefined;
  return { start, end, ...scored, distance: page.distance(start) };
}

/**
 * The edited quote: looked for at its old place first (between its old
 * neighbours, and near its old position), then anywhere. A match at the old
 * place with both sides of its context could only lose to a copy of the
 * quote and its context elsewhere, so the whole text, whose search is most
 * of the work on a long page, is then not searched.
 */
function* approximateAnchor(page: FoldedPage, quote: string): Generator<void, Candidate | undefined> {
  const maxErrors = Math.min(FUZZY_MAX_ERRORS, Math.floor(quote.length * FUZZY_ERROR_RATE));
  if (maxErrors === 0) return undefined;
  const between = betweenNeighbours(page, quote.length);
  // Its neighbours now meet: the quote was deleted, whatever look-alike the page has elsewhere.
  if (between !== undefined && between.end <= between.start) return undefined;
  const inPlace = between === undefined ? undefined : spanMatch(page, quote, between, maxErrors);
  const candidates: (Candidate & { inContext: boolean })[] = [];
  const consider = (found: Match, snap: boolean) => {
    const candidate = scoreMatch(page, quote, found, snap);
    if (candidate) candidates.push(candidate);
  };
  // The span between the neighbours has the researcher's own boundaries: no snapping.
  if (inPlace) consider(inPlace, false);
  for (const found of nearMatches(page, quote, maxErrors)) consider(found, true);
  const atOldPlace = best(candidates);
  if (atOldPlace?.inContext) return atOldPlace;
  for (const found of yield* approxSearchInSteps(page.folded.text, quote, maxErrors)) consider(found, true);
  return best(candidates);
}

/**
 * Whether the text next to the stored position still reads as the stored
 * prefix or suffix, as written (or neither was stored). Another passage with
 * the same words can land on the old offsets when the quote's paragraph is
 * removed; otherwise the folded search below judges the context.
 */
function contextUnchangedAt(text: string, quote: StoredQuote, position: { start: number; end: number }): boolean {
  if (quote.prefix === '' && quote.suffix === '') return true;
  return (
    (quote.prefix !== '' && text.endsWith(quote.prefix, position.start)) ||
    (quote.suffix !== '' && text.startsWith(quote.suffix, position.end))
  );
}

/**
 * Finds the quote described by `selectors` (an annotation's
 * `target.selector`) in `text`: at its stored position if the text there and
 * a side of its context are unchanged, else the best exact occurrence with a
 * side of its context, else the best approximate one, else a long enough
 * exact occurrence without its context (as approximate), else
 * `{ orphan: true }`. Never throws: damaged selectors or a non-string text
 * give an orphan.
 */
export function anchor(text: string, selectors: readonly unknown[]): Anchor {
  const steps = anchorInSteps(text, selectors);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `anchor`, cut into steps of bounded work (folding a long page and
 * searching all of it for an edited quote are done a slice at a time): the
 * caller may hand the main thread back to the page at each yield.
 */
export function* anchorInSteps(text: string, selectors: readonly unknown[]): Generator<void, Anchor> {
  if (typeof text !== 'string') return ORPHAN;
  const { quote, position } = readSelectors(selectors);
  if (quote === undefined || quote.exact === '') return ORPHAN;
  if (
    position !== undefined &&
    position.start >= 0 &&
    position.end <= text.length &&
    text.slice(position.start, position.end) === quote.exact &&
    contextUnchangedAt(text, quote, position)
  ) {
    return { start: position.start, end: position.end, method: 'position' };
  }
  const foldedQuote = foldString(quote.exact);
  if (foldedQuote === '') return ORPHAN;
  const page = new FoldedPage(yield* foldPageInSteps(text), quote, position);
  const exact = exactCandidates(page, foldedQuote);
  const inContext = best(exact.filter((candidate) => candidate.inContext));
  if (inContext !== undefined) return page.toSource(inContext, 'quote');
  const fuzzy = yield* approximateAnchor(page, foldedQuote);
  if (fuzzy !== undefined) return page.toSource(fuzzy, 'fuzzy');
  const withoutContext = foldedQuote.length >= MIN_QUOTE_WITHOUT_CONTEXT ? best(exact) : undefined;
  return withoutContext === undefined ? ORPHAN : page.toSource(withoutContext, 'fuzzy');
}
