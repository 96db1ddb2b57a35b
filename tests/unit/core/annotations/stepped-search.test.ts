import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import approxSearch from 'approx-string-match';
import { describe, expect, it } from 'vitest';
import { anchor, anchorInSteps, describeQuote } from '../../../../src/core/annotations/anchoring';
import { approxSearchInSteps, foldInSteps, STEP_CHARS } from '../../../../src/core/annotations/stepped-search';
import { foldText } from '../../../../src/core/text/normalize';

const corpusDir = join(__dirname, '../../../../assets/corpus');
/** The five raw articles, as received (curly quotes, odd whitespace), repeated into a long page. */
const CORPUS = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => readFileSync(join(corpusDir, name), 'utf8'))
  .join('\n\n');
const LONG_PAGE = CORPUS.repeat(Math.ceil((6 * STEP_CHARS) / CORPUS.length));

/** Runs a stepped computation to its end; returns its value and how many times it yielded. */
function run<T>(steps: Generator<void, T>): { value: T; yields: number } {
  let yields = 0;
  for (let step = steps.next(); ; step = steps.next(), yields++) {
    if (step.done) return { value: step.value, yields };
  }
}

describe('foldInSteps', () => {
  it('folds a long page exactly as foldText does, in several steps', () => {
    const { value, yields } = run(foldInSteps(LONG_PAGE));
    const whole = foldText(LONG_PAGE);
    expect(value.text).toBe(whole.text);
    expect([...value.map]).toEqual([...whole.map]);
    expect(yields).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['whitespace runs', 'word \u00a0\n\t '],
    ['soft hyphens and zero-width chars', 'inter\u00adnational\u200b '],
    ['curly quotes and dashes', '\u201cquoted\u201d \u2014 '],
    ['letters beyond ASCII', 'Ciudad Ju\u00e1rez \u4e2d\u6587 '],
  ])('splits %s only where folding each side alone changes nothing', (_, unit) => {
    const text = `  ${unit.repeat(Math.ceil((3 * STEP_CHARS) / unit.length))}  `;
    const whole = foldText(text);
    const { value } = run(foldInSteps(text));
    expect(value.text).toBe(whole.text);
    expect([...value.map]).toEqual([...whole.map]);
  });

  it('folds a short text in one step', () => {
    expect(run(foldInSteps('A  short\u00a0text')).yields).toBe(0);
  });
});

describe('approxSearchInSteps', () => {
  const text = foldText(LONG_PAGE).text;

  it.each([
    ['an edited sentence', (s: string) => s.replace('the', 'thee')],
    ['a sentence with a word dropped', (s: string) => s.replace(/ \w+ /, ' ')],
    ['a sentence that appears unedited', (s: string) => s],
  ])('finds the same best matches as one whole-text search: %s', (_, edit) => {
    // Quotes that straddle the step boundaries, and so the windows' overlaps.
    for (const boundary of [STEP_CHARS, 2 * STEP_CHARS, 3 * STEP_CHARS + 7]) {
      const quote = edit(text.slice(boundary - 60, boundary + 60));
      const maxErrors = 30;
      const { value, yields } = run(approxSearchInSteps(text, quote, maxErrors));
      expect(value).toEqual(approxSearch(text, quote, maxErrors));
      expect(value.length).toBeGreaterThan(0);
      expect(yields).toBeGreaterThan(3);
    }
  });

  it('finds nothing, like the whole-text search, when the pattern is too far from the text', () => {
    const { value } = run(approxSearchInSteps(text, 'zqxjzqxjzqxjzqxjzqxjzqxj', 3));
    expect(value).toEqual([]);
    expect(approxSearch(text, 'zqxjzqxjzqxjzqxjzqxjzqxj', 3)).toEqual([]);
  });
});

describe('anchorInSteps', () => {
  it('anchors an edited quote on a long page in bounded steps, where anchor finds it too', () => {
    const start = LONG_PAGE.indexOf('Operation Safe City', 4 * STEP_CHARS);
    const selectors = describeQuote(LONG_PAGE, start, start + 120);
    const quote = LONG_PAGE.slice(start, start + 120);
    // Every copy of the quote edited, and moved far from its old place: only a search of the whole text finds it.
    const edited = `${'Breaking news. '.repeat(STEP_CHARS / 4)}${LONG_PAGE.replaceAll(quote, quote.replace('Safe', 'Secure'))}`;
    const { value, yields } = run(anchorInSteps(edited, selectors));
    expect(value).toEqual(anchor(edited, selectors));
    expect(value).toMatchObject({ method: 'fuzzy' });
    if ('orphan' in value) throw new Error('orphaned');
    expect(edited.slice(value.start, value.end)).toContain('Operation Secure City');
    expect(yields).toBeGreaterThan(3);
  });
});
