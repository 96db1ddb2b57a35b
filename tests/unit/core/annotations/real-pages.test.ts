/**
 * Re-anchoring measured on saved real news pages: 20 quotes per page, each
 * re-anchored after the edits a page sees between two visits. Prints a table
 * of how each edit was resolved and asserts the behaviour each edit must have.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchor, describeQuote, type Anchor } from '../../../../src/core/annotations/anchoring';
import { foldString } from '../../../../src/core/text/normalize';

const PAGES = ['guardian-1', 'nytimes-1', 'telegraph'] as const;
const QUOTES_PER_PAGE = 20;
const INSERTED = 'An editor added this sentence after publication. ';

/** The page's text as the page layer sees it: body text without script and style contents. */
function pageText(name: string): string {
  const html = readFileSync(join(__dirname, '../../../fixtures/pages', `${name}.html`), 'utf8');
  const { document } = parseHTML(html);
  for (const element of document.querySelectorAll('script, style, noscript, template')) element.remove();
  return document.body.textContent ?? '';
}

/**
 * The first ten words of prose lines (a capital, 80+ characters on one line,
 * three lower-case words in a row: not navigation), kept only when they occur
 * once on the page, then 20 spread evenly over the page.
 */
function pickQuotes(text: string): { start: number; end: number }[] {
  const candidates: { start: number; end: number }[] = [];
  for (const line of text.matchAll(/[A-Z][^\n]{80,}/g)) {
    if (!/[a-z]{3,} [a-z]{3,} [a-z]{2,}/.test(line[0])) continue;
    const tenth = [...line[0].matchAll(/\S+/g)][9];
    if (tenth === undefined) continue;
    const start = line.index;
    const end = start + tenth.index + tenth[0].length;
    const quote = text.slice(start, end);
    if (text.indexOf(quote) === text.lastIndexOf(quote)) candidates.push({ start, end });
  }
  expect(candidates.length).toBeGreaterThanOrEqual(QUOTES_PER_PAGE);
  return Array.from({ length: QUOTES_PER_PAGE }, (_, i) => candidates[Math.floor((i * candidates.length) / QUOTES_PER_PAGE)]!);
}

interface Edit {
  name: 'unedited' | 'inserted before' | 'word changed' | 'whitespace reflowed' | 'quote deleted';
  text: string;
  /** Where the quote now is, when it is still on the page. */
  expected?: { start: number; end: number };
}

function edits(text: string, start: number, end: number): Edit[] {
  const quote = text.slice(start, end);
  const words = [...quote.matchAll(/\p{L}{4,}/gu)];
  const middle = words[Math.floor(words.length / 2)]!;
  const replacement = middle[0] === 'revised' ? 'amended' : 'revised';
  const changed = quote.slice(0, middle.index) + replacement + quote.slice(middle.index + middle[0].length);
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const reflowFrom = Math.max(0, start - 40);
  const reflowed = text.slice(reflowFrom, end + 40).replace(/ /g, '\n        ');
  const reflowedText = text.slice(0, reflowFrom) + reflowed + text.slice(end + 40);
  return [
    { name: 'unedited', text, expected: { start, end } },
    {
      name: 'inserted before',
      text: text.slice(0, lineStart) + INSERTED + text.slice(lineStart),
      expected: { start: start + INSERTED.length, end: end + INSERTED.length },
    },
    {
      name: 'word changed',
      text: text.slice(0, start) + changed + text.slice(end),
      expected: { start, end: start + changed.length },
    },
    { name: 'whitespace reflowed', text: reflowedText },
    { name: 'quote deleted', text: text.slice(0, start) + text.slice(end) },
  ];
}

type Outcome = 'position' | 'quote' | 'fuzzy' | 'orphan';
const outcome = (result: Anchor): Outcome => ('orphan' in result ? 'orphan' : result.method);

describe('re-anchoring on real news pages', () => {
  const counts = new Map<string, Record<Outcome, number>>();
  const results: { edit: Edit; quote: string; result: Anchor }[] = [];

  beforeAll(() => {
    for (const page of PAGES) {
      const text = pageText(page);
      for (const { start, end } of pickQuotes(text)) {
        const selectors = describeQuote(text, start, end);
        for (const edit of edits(text, start, end)) {
          const result = anchor(edit.text, selectors);
          results.push({ edit, quote: selectors[0].exact, result });
          const row = counts.get(edit.name) ?? { position: 0, quote: 0, fuzzy: 0, orphan: 0 };
          row[outcome(result)]++;
          counts.set(edit.name, row);
        }
      }
    }
  });

  const forEdit = (name: Edit['name']): typeof results => results.filter((entry) => entry.edit.name === name);

  it('prints the table', () => {
    const table = [...counts].map(([edit, row]) => ({ edit, ...row }));
    console.log(`${PAGES.length} pages × ${QUOTES_PER_PAGE} quotes`);
    console.table(table);
    expect(counts.size).toBe(5);
    expect(table.every((row) => row.position + row.quote + row.fuzzy + row.orphan === PAGES.length * QUOTES_PER_PAGE)).toBe(
      true,
    );
  });

  it('anchors unedited pages by position', () => {
    for (const { edit, result } of forEdit('unedited')) expect(result).toEqual({ ...edit.expected, method: 'position' });
  });

  it('finds quotes shifted by an inserted sentence as exact quotes at their new place', () => {
    for (const { edit, result } of forEdit('inserted before')) expect(result).toEqual({ ...edit.expected, method: 'quote' });
  });

  it('finds quotes with a changed word approximately, covering the edited quote', () => {
    for (const { edit, result } of forEdit('word changed')) expect(result).toEqual({ ...edit.expected, method: 'fuzzy' });
  });

  it('finds reflowed quotes as exact quotes, with the new line breaks inside', () => {
    for (const { edit, quote, result } of forEdit('whitespace reflowed')) {
      expect(outcome(result)).toBe('quote');
      if ('orphan' in result) continue;
      const found = edit.text.slice(result.start, result.end);
      expect(found).toContain('\n        ');
      expect(foldString(found)).toBe(foldString(quote));
    }
  });

  it('orphans every deleted quote', () => {
    for (const { result } of forEdit('quote deleted')) expect(result).toEqual({ orphan: true });
  });
});
