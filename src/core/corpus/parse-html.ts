/**
 * Reads an HTML news page into the same structure as parseArticle, using
 * Readability to find the article body. The DOM parser is a parameter so core
 * stays free of DOM globals (DOMParser in a browser, linkedom in Node).
 */
import { Readability } from '@mozilla/readability';
import {
  ArticleParseError,
  assertArticleText,
  parseDate,
  publisherForDomain,
  splitByline,
  type ParsedArticle,
  type ParsedParagraph,
} from './parse-article';

export interface ParsedHtmlArticle extends ParsedArticle {
  /**
   * The article's plain text: paragraphs joined by blank lines. Paragraph
   * offsets point into this string, not into the HTML, because Readability
   * rebuilds the DOM and source positions are lost.
   */
  text: string;
}

/** Readability's own lower bound for a page worth reading (isProbablyReaderable's minContentLength). */
const MIN_ARTICLE_CHARS = 140;
// Captions and table cells are left out: they are not the article's prose.
const TEXT_BLOCKS = 'p, li, blockquote, pre';

/**
 * Deepest element nesting read. News pages nest a few dozen levels (the twelve real pages in the
 * tests: 13 to 38); Readability's time grows with the cube of the depth (1 s at 250 levels, 19 s
 * at 1,000, 3 minutes at 2,000), and past some thousands it overflows the stack.
 */
export const MAX_NESTING = 200;

/** Whether any element of `document` sits more than `limit` levels deep; walked without recursion. */
function nestsDeeperThan(document: Document, limit: number): boolean {
  let element: Element | null = document.documentElement;
  let depth = 1;
  while (element) {
    if (depth > limit) return true;
    if (element.firstElementChild) {
      element = element.firstElementChild;
      depth++;
      continue;
    }
    while (element && !element.nextElementSibling) {
      element = element.parentElement;
      depth--;
    }
    element = element?.nextElementSibling ?? null;
  }
  return false;
}

/** Text of the innermost text blocks, in document order; headings are not passages. */
function blockTexts(content: Element): string[] {
  for (const br of Array.from(content.querySelectorAll('br'))) {
    br.replaceWith(content.ownerDocument.createTextNode(' '));
  }
  return Array.from(content.querySelectorAll(TEXT_BLOCKS))
    .filter((block) => block.querySelector(TEXT_BLOCKS) === null)
    .map((block) => (block.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((text) => text !== '');
}

/** Readability's byline rule (rel/itemprop author, byline-like class, under 100 chars), applied to the whole page. */
function bylineText(document: Document): string | undefined {
  const candidates = document.querySelectorAll('[rel="author"], [itemprop~="author"], [class*="byline"], [class*="author"]');
  for (const element of Array.from(candidates)) {
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text && text.length < 100) return text;
  }
  return undefined;
}

function hostOf(source: string): string | undefined {
  try {
    const url = new URL(source);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A title from the file's name ("ice-raids_chicago.html" → "ice raids chicago"), for a saved page that
 * has none of its own; undefined when the name has no letters.
 */
function titleFromName(source: string): string | undefined {
  const path = source.replace(/[?#].*$/, '');
  const name = (path.split(/[\\/]/).filter(Boolean).pop() ?? '').replace(/\.[a-z0-9]+$/i, '');
  const title = name.replace(/[-_.+]+/g, ' ').replace(/\s+/g, ' ').trim();
  return /\p{L}/u.test(title) ? title : undefined;
}

/** Parses an HTML article; throws ArticleParseError when the page has no article text. */
export function parseHtmlArticle(
  html: string,
  source: string,
  parseDocument: (html: string) => Document,
): ParsedHtmlArticle {
  assertArticleText(html, source);
  const document = parseDocument(html);
  if (nestsDeeperThan(document, MAX_NESTING)) {
    throw new ArticleParseError(
      source,
      `the page's markup is nested more than ${MAX_NESTING} elements deep (news pages use a few dozen): it looks generated or damaged, save the article again or as text`,
    );
  }
  // Read before Readability, which removes page headers (and the byline and <time> in them) as clutter.
  const timeAttribute = document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
  const bylineElement = bylineText(document);
  const result = new Readability<Element>(document, { serializer: (node) => node as Element }).parse();
  if (!result?.content) {
    throw new ArticleParseError(source, 'no article text found: the page has no main body that reads as an article');
  }

  const bylineSource = result.byline ?? bylineElement;
  const byline = bylineSource ? splitByline(bylineSource) : undefined;
  const date = parseDate(result.publishedTime ?? '') ?? parseDate(timeAttribute ?? '');
  // Readability keeps a visible "By …" or date line in the body when it took the byline from metadata.
  const isHeaderLine = (text: string): boolean =>
    parseDate(text) !== undefined || (byline !== undefined && splitByline(text).author === byline.author);
  const texts = blockTexts(result.content);
  while (texts[0] !== undefined && isHeaderLine(texts[0])) texts.shift();

  const length = texts.reduce((sum, t) => sum + t.length, 0);
  if (length < MIN_ARTICLE_CHARS) {
    throw new ArticleParseError(
      source,
      `no article text found: the page's main body has only ${length} characters of paragraph text`,
    );
  }
  const title = (result.title ?? '').replace(/\s+/g, ' ').trim() || titleFromName(source);
  if (!title) throw new ArticleParseError(source, 'the page has no title, nor a file name to take one from');

  const paragraphs: ParsedParagraph[] = [];
  let offset = 0;
  for (const text of texts) {
    paragraphs.push({ text, start: offset, end: offset + text.length });
    offset += text.length + 2;
  }
  const host = hostOf(source);
  const publisher = result.siteName?.trim() || (host ? publisherForDomain(host) : undefined);
  return {
    source,
    title,
    ...(byline?.author ? { author: byline.author } : {}),
    ...(byline?.role ? { authorRole: byline.role } : {}),
    ...(date ? { date } : {}),
    ...(publisher ? { publisher } : {}),
    paragraphs,
    text: texts.join('\n\n'),
  };
}
