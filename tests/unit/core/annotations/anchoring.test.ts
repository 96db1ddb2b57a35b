import { describe, expect, it } from 'vitest';
import { anchor, CONTEXT_LENGTH, describeQuote, MIN_QUOTE_WITHOUT_CONTEXT, type Anchor } from '../../../../src/core/annotations/anchoring';

const ARTICLE =
  'On Tuesday, Immigration and Customs Enforcement announced the arrest of more than 2,000 people in a ' +
  'widespread series of raids over the course of six weeks. Twenty-four US cities were subject to raids, ' +
  'including so-called sanctuary cities; there were 125 arrests in Central and South Texas, and the sanctuary ' +
  'city of Los Angeles alone saw 300 arrests. The raids were conducted at workplaces, including essential ' +
  'businesses, but mainly at homes.';

function select(text: string, quote: string, occurrence = 0): ReturnType<typeof describeQuote> {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`"${quote}" not in text`);
  return describeQuote(text, start, start + quote.length);
}

function anchoredText(text: string, result: Anchor): string | undefined {
  return 'orphan' in result ? undefined : text.slice(result.start, result.end);
}

describe('describeQuote', () => {
  it('keeps the quote, 32 characters of context each side, and the offsets', () => {
    const start = ARTICLE.indexOf('more than 2,000 people');
    const [quote, position] = describeQuote(ARTICLE, start, start + 22);
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'more than 2,000 people',
      prefix: ARTICLE.slice(start - CONTEXT_LENGTH, start),
      suffix: ARTICLE.slice(start + 22, start + 22 + CONTEXT_LENGTH),
    });
    expect(quote.prefix).toHaveLength(32);
    expect(position).toEqual({ type: 'TextPositionSelector', start, end: start + 22 });
  });

  it('shortens the context at the ends of the text', () => {
    const [quote] = describeQuote('Agents detained 43 workers.', 0, 6);
    expect(quote).toMatchObject({ exact: 'Agents', prefix: '', suffix: ' detained 43 workers.' });
  });

  it.each([
    ['reversed offsets', 6, 0, 'Agents', 0, 6],
    ['offsets past the end', 19, 99, 'workers.', 19, 27],
    ['negative start', -5, 6, 'Agents', 0, 6],
    ['NaN offset', Number.NaN, 6, 'Agents', 0, 6],
  ])('clamps and orders %s', (_case, start, end, exact, from, to) => {
    const [quote, position] = describeQuote('Agents detained 43 workers.', start, end);
    expect(quote.exact).toBe(exact);
    expect(position).toMatchObject({ start: from, end: to });
  });

  it('counts a run of whitespace once, so the context of a quote in indented markup still holds words', () => {
    const indent = `\n${' '.repeat(40)}`;
    const text = `${indent}Agents detained 43 workers.${indent}Officials said more raids would follow.`;
    const [quote] = select(text, 'Agents detained 43 workers.');
    expect(quote.prefix).toBe(indent);
    expect(quote.suffix).toBe(`${indent}Officials said more raids would`);
  });

  it('never cuts a surrogate pair in the context', () => {
    // 32 code units either side of the quote land on the second half of an emoji.
    const text = `😀${'x'.repeat(30)} quoted words ${'y'.repeat(30)}😀 end`;
    const start = text.indexOf('quoted');
    const [quote] = describeQuote(text, start, start + 'quoted words'.length);
    expect(quote.prefix).toBe(`${'x'.repeat(30)} `);
    expect(quote.suffix).toBe(` ${'y'.repeat(30)}`);
  });
});

describe('anchor', () => {
  const quote = 'arrest of more than 2,000 people';
  const selectors = select(ARTICLE, quote);

  it('uses the stored position when the text there is unchanged', () => {
    const result = anchor(ARTICLE, selectors);
    expect(result).toMatchObject({ method: 'position' });
    expect(anchoredText(ARTICLE, result)).toBe(quote);
  });

  it('finds the exact quote when text inserted before it shifts it', () => {
    const edited = `Breaking: a correction was added at the top of this story. ${ARTICLE}`;
    const result = anchor(edited, selectors);
    expect(result).toEqual({ start: edited.indexOf(quote), end: edited.indexOf(quote) + quote.length, method: 'quote' });
  });

  it('finds a quote whose word was edited, covering the edited words', () => {
    const edited = ARTICLE.replace('more than 2,000 people', 'more than 2,000 immigrants');
    const result = anchor(edited, selectors);
    expect(result).toMatchObject({ method: 'fuzzy' });
    expect(anchoredText(edited, result)).toBe('arrest of more than 2,000 immigrants');
  });

  it('keeps whole words when the edited word is the first of the quote', () => {
    const original = 'Immigration agents detained 43 workers at a packing plant on Tuesday evening.';
    const first = select(original, 'detained 43 workers at a packing plant');
    const edited = original.replace('detained', 'arrested');
    const result = anchor(edited, first);
    expect(result).toMatchObject({ method: 'fuzzy' });
    expect(anchoredText(edited, result)).toBe('arrested 43 workers at a packing plant');
  });

  it('finds a quote whose whitespace was reflowed, as an exact quote match', () => {
    const edited = ARTICLE.replace(/ /g, '\n      ');
    const result = anchor(edited, selectors);
    expect(result).toMatchObject({ method: 'quote' });
    expect(anchoredText(edited, result)).toBe(quote.replace(/ /g, '\n      '));
  });

  it('treats curly and straight quotes as the same text', () => {
    const original = 'The so-called "at-large" raids were described as routine by the agency.';
    const curly = select(original, '"at-large" raids');
    const edited = original.replace('"at-large"', '“at-large”');
    expect(anchoredText(edited, anchor(edited, curly))).toBe('“at-large” raids');
  });

  it('finds a quote that survives an inserted sentence and a changed word around it', () => {
    const sentence = 'there were 125 arrests in Central and South Texas';
    const stored = select(ARTICLE, sentence);
    const edited = ARTICLE.replace('Twenty-four US cities', 'Officials declined to comment. Twenty-five US cities').replace(
      '125 arrests',
      '126 arrests',
    );
    const result = anchor(edited, stored);
    expect(result).toMatchObject({ method: 'fuzzy' });
    expect(anchoredText(edited, result)).toBe('there were 126 arrests in Central and South Texas');
  });

  it('finds an edited quote at its old place even when a closer copy is elsewhere on the page', () => {
    const original =
      'Officials from the UN refugee agency met in Geneva on Monday. Much later, a UN refugee agenda for the ' +
      'coming year was published by a different group of delegates.';
    const stored = select(original, 'UN refugee agency');
    const edited = original.replace('UN refugee agency', 'UN refugee body');
    const result = anchor(edited, stored);
    expect(result).toMatchObject({ method: 'fuzzy' });
    expect(anchoredText(edited, result)).toBe('UN refugee body');
  });

  it('orphans a quote whose text was removed', () => {
    const edited = ARTICLE.replace('the arrest of more than 2,000 people ', '');
    expect(anchor(edited, selectors)).toEqual({ orphan: true });
  });

  it('orphans a quote rewritten beyond small edits', () => {
    const edited = ARTICLE.replace('the arrest of more than 2,000 people', 'that nobody was held');
    expect(anchor(edited, selectors)).toEqual({ orphan: true });
  });

  it('does not take a different sentence that begins with the same words', () => {
    const original =
      'Prime Minister Benjamin Netanyahu pledged to form a new governing coalition quickly. ' +
      'Elsewhere in the city, Prime Minister Benjamin Netanyahu reacts as he visits the Western Wall.';
    const stored = select(original, 'Prime Minister Benjamin Netanyahu pledged to form a new');
    const edited = original.replace('Prime Minister Benjamin Netanyahu pledged to form a new governing coalition quickly. ', '');
    expect(anchor(edited, stored)).toEqual({ orphan: true });
  });

  describe('a look-alike of the quote elsewhere on the page', () => {
    // A photo caption paraphrases the story's sentence and shares the words after the quote.
    const caption =
      'Peacekeepers at a camp on Monday. In exchange for the lifting of sanctions, Sudan has said it will improve ' +
      'access for aid groups, stop supporting rebels in neighboring South Sudan and cooperate with agents.';
    const filler = ' The decision came after months of talks between officials of both governments in Khartoum and Washington. ';
    const story =
      'The sanctions will be eased. In return, Sudan will improve access for aid groups, stop supporting rebels in ' +
      'neighboring South Sudan, cease the bombing of insurgent territory.';
    const original = caption + filler + story;
    const quoted = 'Sudan will improve access for aid groups, stop';
    const stored = select(original, quoted, 0);

    it('is not taken when the quote and its sentence are gone', () => {
      expect(anchor(caption + filler, stored)).toEqual({ orphan: true });
    });

    it('does not win over the edited quote, with a sentence inserted before it, at its old place', () => {
      const edited = original.replace(
        `In return, ${quoted}`,
        'In return, Officials confirmed the deal on Friday. Sudan will improve revised for aid groups, stop',
      );
      const result = anchor(edited, stored);
      expect(result).toMatchObject({ method: 'fuzzy' });
      expect(anchoredText(edited, result)).toBe('Sudan will improve revised for aid groups, stop');
    });
  });

  describe('a short quote in a sentence that repeats its words', () => {
    const original =
      'He said he was not a fan of bullying of anybody on the basis of race, on the basis of religion, ' +
      'on the basis of belief, he said.';
    const stored = select(original, 'on the basis of race,');

    it('is orphaned when deleted, though the next clause looks like it', () => {
      expect(anchor(original.replace('on the basis of race, ', ''), stored)).toEqual({ orphan: true });
    });

    it('is found with a changed word between its old neighbours, though the next clause needs fewer edits', () => {
      const edited = original.replace('on the basis of race,', 'on the grounds of race,');
      const result = anchor(edited, stored);
      expect(result).toMatchObject({ method: 'fuzzy' });
      expect(anchoredText(edited, result)).toBe('on the grounds of race,');
    });
  });

  it('prefers the edited text between the quote\'s old neighbours to a closer copy of its passage elsewhere', () => {
    const passage = (time: string) => `From the wire service, agents said the raid began at ${time} on Tuesday in the valley east of town. `;
    const original = `${passage('dawn')}Other news followed for a while. ${passage('noon')}`;
    const stored = select(original, 'the raid began at noon on Tuesday');
    const edited = original.replace('began at noon', 'began shortly after noon');
    const result = anchor(edited, stored);
    expect(result).toMatchObject({ method: 'fuzzy', start: edited.lastIndexOf('the raid began') });
    expect(anchoredText(edited, result)).toBe('the raid began shortly after noon on Tuesday');
  });

  it('finds a quote that ends its indented paragraph after a word changed and a sentence was inserted before it', () => {
    const indent = `\n${' '.repeat(40)}`;
    const original = `${indent}Agents detained 43 workers at a packing plant on Tuesday.${indent}Officials said more raids would follow.`;
    const stored = select(original, 'workers at a packing plant on Tuesday.');
    const edited = original.replace('43 workers at a packing', '43 people, a report said. Workers at a meat');
    const result = anchor(edited, stored);
    expect(result).toMatchObject({ method: 'fuzzy' });
    expect(anchoredText(edited, result)).toBe('Workers at a meat plant on Tuesday.');
  });

  describe('a quote that occurs more than once', () => {
    const text =
      'In Texas the sanctuary city debate went on. ICE made 300 arrests in Houston last week. ' +
      'In California the sanctuary city of Los Angeles saw 300 arrests as well. ICE made 300 arrests in Houston last week, ' +
      'a spokesman repeated later.';
    const repeated = 'ICE made 300 arrests in Houston last week';

    it.each([0, 1])('picks occurrence %i by its context after the text shifts', (occurrence) => {
      const stored = select(text, repeated, occurrence);
      const edited = `Updated at noon. ${text}`;
      const result = anchor(edited, stored);
      const expectedStart = stored[1].start + 'Updated at noon. '.length;
      expect(result).toEqual({ start: expectedStart, end: expectedStart + repeated.length, method: 'quote' });
    });

    it('picks the occurrence nearest the old position when the contexts match equally', () => {
      const twice = 'Raids. ICE made arrests. Raids. ICE made arrests. Raids.';
      const second = select(twice, 'ICE made arrests', 1);
      const edited = `X ${twice}`;
      expect(anchor(edited, second)).toMatchObject({ start: second[1].start + 2, method: 'quote' });
    });

    it('does not move to the other occurrence, whose context differs on both sides, when the annotated one is deleted', () => {
      const stored = select(text, repeated, 1);
      const edited = text.replace(`${repeated}, a spokesman`, 'A spokesman');
      expect(repeated.length).toBeLessThan(MIN_QUOTE_WITHOUT_CONTEXT);
      expect(anchor(edited, stored)).toEqual({ orphan: true });
    });
  });

  describe('the same words in another paragraph, with other context', () => {
    const quoted = 'the city would not cooperate';
    const lead = 'ICE arrested 498 individuals.';
    const mayor = 'The mayor of Chicago said on Monday that the city would not cooperate with federal agents in the sweep.';
    const governor = 'In a separate statement, the governor said the city would not cooperate with anyone at all.';
    const weather = 'Weather: rain is expected tomorrow across the region with cooler temperatures.';
    const page = (...paragraphs: string[]) => paragraphs.join('\n');
    const stored = select(page(lead, mayor, governor, weather), quoted);

    it('are not taken when the annotated paragraph is removed', () => {
      expect(anchor(page(lead, governor, weather), stored)).toEqual({ orphan: true });
    });

    it('are not taken by position when they land on the old offsets', () => {
      const mayorSaid = 'Speaking to reporters on Tuesday, the mayor said the city would not cooperate with federal agents.';
      const governorSaid = 'Asked whether police will help, Pritzker replied the city would not cooperate with anyone at all.';
      const atSameOffsets = select(page(lead, mayorSaid, governorSaid), quoted);
      const edited = page(lead, governorSaid);
      expect(edited.indexOf(quoted)).toBe(atSameOffsets[1].start);
      expect(anchor(edited, atSameOffsets)).toEqual({ orphan: true });
    });

    it('do not take the annotation while its own paragraph is there, moved', () => {
      const edited = page('Updated: this story has been revised.', lead, mayor, governor, weather);
      const result = anchor(edited, stored);
      expect(result).toMatchObject({ start: edited.indexOf(quoted), method: 'quote' });
    });
  });

  it.each([
    ['prefix', 'On Tuesday, Immigration and Customs Enforcement announced the ', 'Federal officers on Tuesday confirmed the '],
    ['suffix', ' in a widespread series of raids over', ' across several states in raids over'],
  ])('finds the exact quote whose %s was rewritten while the other side was kept', (_side, before, after) => {
    const edited = ARTICLE.replace(before, after);
    const result = anchor(edited, selectors);
    expect(result).toMatchObject({ start: edited.indexOf(quote) });
    expect(['position', 'quote']).toContain('method' in result ? result.method : 'orphan');
  });

  describe('a quoted sentence moved to another paragraph, its context changed on both sides', () => {
    const moved = (sentence: string) => ({
      original:
        `The operation began before dawn. ${sentence} Lawyers for the workers were not allowed inside.\n` +
        'Local officials criticised the timing of the raid.\nA spokesman declined to comment further.',
      edited:
        'The operation began before dawn. Lawyers for the workers were not allowed inside.\n' +
        `Local officials criticised the timing of the raid. ${sentence}\nA spokesman declined to comment further.`,
    });

    it('is found approximately when it is long enough to stand without its context', () => {
      const sentence = 'Agents detained 43 workers at a meatpacking plant outside Omaha on Tuesday morning.';
      expect(sentence.length).toBeGreaterThanOrEqual(MIN_QUOTE_WITHOUT_CONTEXT);
      const { original, edited } = moved(sentence);
      const result = anchor(edited, select(original, sentence));
      expect(result).toMatchObject({ start: edited.indexOf(sentence), method: 'fuzzy' });
      expect(anchoredText(edited, result)).toBe(sentence);
    });

    it('is orphaned when it is short', () => {
      const sentence = 'Agents detained 43 workers in Omaha.';
      expect(sentence.length).toBeLessThan(MIN_QUOTE_WITHOUT_CONTEXT);
      const { original, edited } = moved(sentence);
      expect(anchor(edited, select(original, sentence))).toEqual({ orphan: true });
    });
  });

  it('prefers the edited quote in its context to an exact copy of it without its context', () => {
    const sentence = 'Agents detained 43 workers at a meatpacking plant outside Omaha on Tuesday morning';
    const original =
      `Pull quote: “${sentence}.” Sign up for our newsletter.\nThe operation began before dawn. ${sentence}, ` +
      'and lawyers for the workers were not allowed inside the plant.';
    const stored = select(original, sentence, 1);
    const edited = original.replace(`dawn. ${sentence}`, `dawn. ${sentence.replace('detained', 'arrested')}`);
    const result = anchor(edited, stored);
    expect(result).toMatchObject({ method: 'fuzzy' });
    expect(anchoredText(edited, result)).toBe(sentence.replace('detained', 'arrested'));
  });

  it('anchors without a position selector', () => {
    const [quoteOnly] = selectors;
    expect(anchor(ARTICLE, [quoteOnly])).toMatchObject({ start: ARTICLE.indexOf(quote), method: 'quote' });
  });

  it.each<[string, unknown, readonly unknown[]]>([
    ['no selectors', ARTICLE, []],
    ['an empty quote', ARTICLE, [{ type: 'TextQuoteSelector', exact: '' }]],
    ['a whitespace-only quote not at its position', ARTICLE, [{ type: 'TextQuoteSelector', exact: '   ' }]],
    ['a quote that is not a string', ARTICLE, [{ type: 'TextQuoteSelector', exact: 42 }]],
    ['selectors that are not objects', ARTICLE, [null, 'TextQuoteSelector', 7]],
    ['a position past the end', ARTICLE, [{ type: 'TextPositionSelector', start: 9e15, end: 9e15 + 5 }]],
    ['a text that is not a string', undefined, selectors],
    ['selectors that are not an array', ARTICLE, { type: 'TextQuoteSelector', exact: 'arrest' } as unknown as unknown[]],
  ])('gives an orphan and does not throw for %s', (_case, text, odd) => {
    expect(anchor(text as string, odd)).toEqual({ orphan: true });
  });

  it('ignores a damaged position and still finds the quote', () => {
    const damaged = [selectors[0], { type: 'TextPositionSelector', start: 'x', end: -4 }];
    expect(anchor(ARTICLE, damaged)).toMatchObject({ start: ARTICLE.indexOf(quote), method: 'quote' });
  });

  it('does not trust a position whose text differs, even with the right length', () => {
    const [quoteSelector] = selectors;
    const wrongPlace = [quoteSelector, { type: 'TextPositionSelector', start: 0, end: quote.length }];
    expect(anchor(ARTICLE, wrongPlace)).toMatchObject({ start: ARTICLE.indexOf(quote), method: 'quote' });
  });

  it('anchors on an empty page as an orphan', () => {
    expect(anchor('', selectors)).toEqual({ orphan: true });
  });
});
