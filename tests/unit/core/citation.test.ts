import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import type { DocumentRecord } from '../../../src/core/index/types';
import { formatCitation, readIsoDate } from '../../../src/core/query/citation';
import type { PassageHit } from '../../../src/core/query/queries';
import { bundledCorpusIndex, docByDate } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

/** The first passage of the corpus document of `date`, with its document changed by `edit`. */
function hitFrom(date: string, edit: (doc: DocumentRecord) => DocumentRecord = (doc) => doc): PassageHit {
  const document = docByDate(index, date);
  const passage = index.passages[document.passageStart]!;
  return { passage, document: edit(document), score: 1, matched: [], highlights: [] };
}

describe('formatCitation', () => {
  it('cites a corpus article by title, author, publisher and long date, then quotes the passage', () => {
    const hit = hitFrom('2020-02-17');
    expect(formatCitation(hit)).toBe(
      'Stop all anti-immigrant raids! Abolish ICE and CBP! For a socialist policy of open borders! Norissa Santa Cruz. ' +
        `World Socialist Web Site, 17 February 2020.\n\n“${hit.passage.text}”`,
    );
  });

  it('turns the passage’s own double quotes into single ones, so the quotation does not end in ””', () => {
    const hit = hitFrom('2017-09-30');
    const quoting = { ...hit, passage: { ...hit.passage, text: 'Homan said, “Sanctuary jurisdictions are “shielding” aliens.” A "plain" one.' } };
    expect(formatCitation(quoting).split('\n\n')[1]).toBe('“Homan said, ‘Sanctuary jurisdictions are ‘shielding’ aliens.’ A \'plain\' one.”');
  });

  it('ends a title with a full stop when it has no closing punctuation of its own', () => {
    expect(formatCitation(hitFrom('2017-09-30')).split('\n')[0]).toBe(
      'ICE arrests nearly 500 immigrants in raids on “sanctuary cities” across US. Evan Blake. World Socialist Web Site, 30 September 2017.',
    );
  });

  it.each([
    ['no author', { author: undefined }, 'Oppose Trump\'s mass arrest of 2,000 immigrants! World Socialist Web Site, 4 September 2020.'],
    ['no publisher', { publisher: undefined }, 'Oppose Trump\'s mass arrest of 2,000 immigrants! Norissa Santa Cruz. 4 September 2020.'],
    ['no date', { date: undefined }, 'Oppose Trump\'s mass arrest of 2,000 immigrants! Norissa Santa Cruz. World Socialist Web Site.'],
    ['a blank author', { author: '  ' }, 'Oppose Trump\'s mass arrest of 2,000 immigrants! World Socialist Web Site, 4 September 2020.'],
    ['only a title', { author: undefined, publisher: undefined, date: undefined }, 'Oppose Trump\'s mass arrest of 2,000 immigrants!'],
    ['a date that is not ISO', { date: 'Friday' }, 'Oppose Trump\'s mass arrest of 2,000 immigrants! Norissa Santa Cruz. World Socialist Web Site, Friday.'],
  ])('leaves out missing parts: %s', (_case, change, reference) => {
    const hit = hitFrom('2020-09-04', (doc) => ({ ...doc, ...change }));
    expect(formatCitation(hit)).toBe(`${reference}\n\n“${hit.passage.text}”`);
  });
});

describe('readIsoDate', () => {
  it.each([
    ['2020-02-17', { year: 2020, month: 'February', day: 17 }],
    ['2017-09-30', { year: 2017, month: 'September', day: 30 }],
    ['2020-12', { year: 2020, month: 'December' }],
    ['2019', { year: 2019 }],
    ['2020-13-01', undefined],
    ['2020-00-10', undefined],
    ['17 February 2020', undefined],
    ['', undefined],
  ])('reads %j', (iso, expected) => {
    expect(readIsoDate(iso)).toEqual(expected);
  });
});
