/** Annotations shared by the export, import and round-trip tests, built through the public API. */
import { describeQuote } from '../../../../src/core/annotations/anchoring';
import { createAnnotation, type Annotation, type PassageCitation } from '../../../../src/core/annotations/model';

export const PAGE_TEXT =
  'ICE arrests 2,000 in six-week operation. On Tuesday, ICE announced the arrest of more than 2,000 people ' +
  'in a widespread series of raids. # 1 priority, officials said, was "at-large" cases. ' +
  '> Quoted from a press release: agents, "working with partners", made 498 arrests.';

export const PASSAGE: PassageCitation = {
  indexHash: '0a1b2c3d4e5f60',
  passageId: 3,
  title: "Oppose Trump's mass arrest of 2,000 immigrants!",
  author: 'Norissa Santa Cruz',
  date: '2020-09-04',
  publisher: 'World Socialist Web Site',
  text: 'On Tuesday, ICE announced the arrest of more than 2,000 people in a widespread series of raids over the course of six weeks.',
};

function selectorsFor(quote: string): ReturnType<typeof describeQuote> {
  const start = PAGE_TEXT.indexOf(quote);
  if (start < 0) throw new Error(`sample quote not in page: ${quote}`);
  return describeQuote(PAGE_TEXT, start, start + quote.length);
}

/** Fixed clock and ids so the samples (and the fixture made from them) never change. */
function fixed(index: number): [() => Date, () => string] {
  return [
    () => new Date(Date.UTC(2024, 4, 1, 9, 30 + index)),
    () => `00000000-0000-4000-8000-00000000000${index}`,
  ];
}

export function sampleAnnotations(): Annotation[] {
  return [
    createAnnotation(
      {
        pageUrl: 'https://WWW.Example.com:443/news/ice-raids?utm_source=newsletter&id=7#comments',
        pageTitle: 'ICE arrests 2,000 in six-week operation',
        selectors: selectorsFor('ICE announced the arrest of more than 2,000 people'),
        note: 'Compare with the "498 individuals", figure\nfrom the earlier report.',
        tags: ['ICE', 'figures', ' ice '],
        passages: [PASSAGE],
      },
      ...fixed(1),
    ),
    createAnnotation(
      {
        pageUrl: 'https://www.example.com/news/ice-raids?id=7',
        pageTitle: 'ICE arrests 2,000 in six-week operation',
        selectors: selectorsFor('# 1 priority, officials said'),
        note: '**Check** the [source](https://example.org/release)',
        noteFormat: 'text/markdown',
        tags: ['to check'],
      },
      ...fixed(2),
    ),
    createAnnotation(
      {
        pageUrl: 'https://news.example.org/press?fbclid=abc',
        selectors: selectorsFor('> Quoted from a press release: agents, "working with partners", made 498 arrests.'),
        note: '=SUM(A1:A3) is not a formula here',
      },
      ...fixed(3),
    ),
  ];
}
