import type { DocumentRecord, FigureRecord, PassageRecord } from '../core/index/types';
import type { FigureHit } from '../core/query/queries';
import type { CardState } from './card-state';

const sampleDocument: DocumentRecord = {
  id: 0,
  source: 'warm-up.txt',
  title: 'A sample article',
  author: 'A. Writer',
  date: '2020-02-14',
  publisher: 'A publisher',
  passageStart: 0,
  passageEnd: 2,
};

const passages: PassageRecord[] = [
  { id: 0, doc: 0, text: 'Agents arrested more than 2,000 people in the operation, the agency said on Friday.', start: 0, end: 83 },
  { id: 1, doc: 0, text: 'A year earlier, some 700 people were detained at seven plants across the state.', start: 85, end: 164 },
];

function figureHit(passage: PassageRecord, figure: Omit<FigureRecord, 'passage' | 'doc' | 'date' | 'start' | 'end'>): FigureHit {
  const start = passage.text.indexOf(figure.text);
  const end = start + figure.text.length;
  return {
    figure: { ...figure, start, end, passage: passage.id, doc: passage.doc, date: sampleDocument.date! },
    passage,
    document: sampleDocument,
    score: 1,
    matched: [figure.text, 'agency'],
    highlights: [[start, end]],
  };
}

const figureHits = [
  figureHit(passages[0]!, { id: 0, text: 'more than 2,000 people', value: 2000, qualifier: 'more-than', kind: 'people', noun: 'person', operation: 'Operation Sample' }),
  figureHit(passages[1]!, { id: 1, text: 'some 700 people', value: 700, qualifier: 'about', kind: 'people', noun: 'person', place: 'Sampleton' }),
];

/**
 * Made-up cards, one of each kind that shows corpus passages, drawn detached
 * (never shown) while the page is idle: the first card a reader opens then
 * runs code V8 has compiled already, instead of drawing several times slower.
 */
export const WARM_UP_STATES: readonly CardState[] = [
  {
    kind: 'entity',
    answer: {
      entity: { id: 'sample', type: 'agency', name: 'Sample Agency', aliases: [], description: 'A sample.', origin: 'gazetteer' },
      hits: figureHits.map(({ figure: _figure, ...hit }) => hit),
      total: 4,
      documentCount: 1,
    },
  },
  {
    kind: 'figure',
    figure: figureHits[0]!.figure,
    answer: {
      hits: figureHits,
      total: 2,
      discrepancies: [{ summary: 'Accounts differ: 2,000 in one, some 700 in another.', figures: figureHits, evidence: ['plants'] }],
    },
  },
];
