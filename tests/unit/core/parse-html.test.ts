import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { ArticleParseError } from '../../../src/core/corpus/parse-article';
import { parseHtmlArticle } from '../../../src/core/corpus/parse-html';

const parseDocument = (html: string): Document => parseHTML(html).document as unknown as Document;
const FIXTURE = readFileSync(join(__dirname, '../../fixtures/articles/courier-ice-raids.html'), 'utf8');

function parseError(html: string): ArticleParseError {
  try {
    parseHtmlArticle(html, 'page.html', parseDocument);
  } catch (error) {
    if (error instanceof ArticleParseError) return error;
    throw error;
  }
  throw new Error('expected an ArticleParseError');
}

const LONG_PARAGRAPH =
  'Agents detained dozens of workers at a packing plant on Tuesday, and relatives waited outside until late in the evening for news.';

describe('parseHtmlArticle on a news page', () => {
  const article = parseHtmlArticle(FIXTURE, 'courier-ice-raids.html', parseDocument);

  it('reads title, byline, date and site name', () => {
    expect(article).toMatchObject({
      source: 'courier-ice-raids.html',
      title: 'Families in Riverside wait for news after ICE detains 43 workers at packing plant',
      author: 'Maria Lopez',
      date: '2021-03-12',
      publisher: 'Riverside Courier',
    });
  });

  it('keeps the story paragraphs in order and nothing else', () => {
    const texts = article.paragraphs.map((p) => p.text);
    expect(texts).toHaveLength(5);
    expect(texts[0]).toMatch(/^Immigration and Customs Enforcement agents detained 43 workers on Tuesday/);
    expect(texts[1]).toContain('loaded into unmarked vans. Several said');
    expect(texts[2]).toMatch(/^\u201CMy brother has worked on that line for eleven years,\u201D said Ana Ruiz/);
    expect(texts[3]).toMatch(/^The operation is the third workplace raid in the region this year\./);
    expect(texts[4]).toContain('legal help for the families. A hotline has been set up for relatives.');
    const all = texts.join('\n');
    for (const clutter of ['Subscribe', 'Politics', 'Related stories', 'High school', 'All rights reserved', 'A pattern of workplace raids', 'Relatives wait outside the Valley Fresh plant', 'By Maria Lopez']) {
      expect(all).not.toContain(clutter);
    }
  });

  it('gives offsets into the extracted text', () => {
    for (const paragraph of article.paragraphs) {
      expect(article.text.slice(paragraph.start, paragraph.end)).toBe(paragraph.text);
    }
    expect(article.text.split('\n\n')).toEqual(article.paragraphs.map((p) => p.text));
  });

  it('takes the publisher from the page URL when the page names no site', () => {
    const html = FIXTURE.replace(/<meta property="og:site_name"[^>]*>/, '');
    expect(parseHtmlArticle(html, 'https://www.wsws.org/en/articles/x.html', parseDocument).publisher).toBe(
      'World Socialist Web Site',
    );
    expect(parseHtmlArticle(html, 'saved-page.html', parseDocument).publisher).toBeUndefined();
  });

  it('drops a visible byline paragraph when the byline came from metadata', () => {
    const html = `<html><head><title>Raid at the plant leaves families waiting</title>
      <meta name="author" content="Jane Doe"></head><body><article>
      <p>By Jane Doe \u2014 Labor reporter</p><p>September 4, 2020</p>
      <p>${LONG_PARAGRAPH}</p><p>${LONG_PARAGRAPH} A second paragraph follows.</p></article></body></html>`;
    const parsed = parseHtmlArticle(html, 'page.html', parseDocument);
    expect(parsed.author).toBe('Jane Doe');
    expect(parsed.paragraphs.map((p) => p.text)).toEqual([LONG_PARAGRAPH, `${LONG_PARAGRAPH} A second paragraph follows.`]);
  });
});

describe('parseHtmlArticle on pages that are not articles', () => {
  it.each([
    [
      'a sign-in page',
      '<html><head><title>Sign in</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><form><label>Email <input name="e"></label><button>Sign in</button></form><p>Forgot your password?</p></body></html>',
      /no article text found: the page's main body has only \d+ characters/,
    ],
    ['an empty document', '<html><head></head><body></body></html>', /no article text found/],
    ['an empty file', '   ', /the file is empty/],
    ['binary data', '<html>\u0000\u0001', /NUL bytes/],
  ])('rejects %s', (_, html, reason) => {
    const error = parseError(html);
    expect(error.source).toBe('page.html');
    expect(error.reason).toMatch(reason);
  });

  const untitled = `<html><body><article><p>${LONG_PARAGRAPH}</p><p>${LONG_PARAGRAPH}</p></article></body></html>`;

  it.each([
    ['ice-raids_chicago.html', 'ice raids chicago'],
    ['saved/2020-09-04 Portland sweep.html', '2020 09 04 Portland sweep'],
    ['https://news.example.org/2020/ice-surge?id=7#top', 'ice surge'],
  ])('takes the title of a page without one from its name, %j', (source, title) => {
    expect(parseHtmlArticle(untitled, source, parseDocument).title).toBe(title);
  });

  it('rejects an article without a title whose name has no letters either', () => {
    expect(() => parseHtmlArticle(untitled, '2024-01.html', parseDocument)).toThrow(/the page has no title, nor a file name/);
  });
});
