import { beforeAll, describe, expect, it } from 'vitest';
import { AliasMatcher } from '../../../src/core/match/alias-matcher';
import { markableFilter, markableMentions } from '../../../src/core/match/dictionary';
import { describeFigure, findMentions, type MentionFilter } from '../../../src/core/match/find-mentions';
import { defaultSettings } from '../../../src/settings/schema';
import { bundledCorpusIndex } from '../helpers/corpus';

let matcher: AliasMatcher;
let filter: MentionFilter;
beforeAll(async () => {
  const index = await bundledCorpusIndex();
  matcher = AliasMatcher.fromJSON(index.matcher);
  const markable = markableMentions(index.entities, [...new Set(index.figures.map((f) => f.kind))], defaultSettings());
  filter = markableFilter(markable);
});

const marked = (text: string, options: Partial<MentionFilter> = {}) =>
  findMentions(text, matcher, { ...filter, ...options }).map((m) => text.slice(m.start, m.end));

describe('what a page scan marks', () => {
  it.each([
    // Sentences in the style of wire reports on enforcement operations.
    ['Immigration agents arrested 680 workers at seven Mississippi poultry plants on Wednesday.', ['680 workers']],
    ['ICE said more than 2,000 people were taken into custody during the six-week operation.', ['ICE', 'more than 2,000 people']],
    ['The sweep, dubbed Operation Safe City, netted 498 individuals, the agency said.', ['Operation Safe City', '498 individuals']],
    ['Nearly 1,300 ICE arrests were made that week, officials said.', ['Nearly 1,300 ICE arrests', 'ICE']],
    ['Border Patrol agents made 1.5 million apprehensions last year.', ['Border Patrol', '1.5 million apprehensions']],
    ['Congress approved $4.6 billion for border enforcement.', ['$4.6 billion']],
    ['Sanctuary cities such as Denver refused 45 detainer requests.', ['Sanctuary cities', 'detainer requests']],
    ['Under President Obama, ICE deported 409,849 immigrants.', ['President Obama', 'ICE', '409,849 immigrants']],
    ['Michelle Obama said ICE held 300 detainees.', ['ICE', '300 detainees']],
    ['Donald Trump Jr. praised ICE agents.', ['ICE']],
    ['ICE-cold water was denied to 40 detainees.', ['40 detainees']],
    ['Anti-ICE protesters said 1 in 5 detainees was sick.', ['ICE']],
    ['One in five detainees was sick, ICE-led inspections found.', ['ICE']],
  ])('%j', (sentence, expected) => {
    expect(marked(sentence)).toEqual(expected);
  });

  it.each([
    'At least 19 people were injured when the storm hit the coast.',
    'The album sold 2,000 copies in its first week.',
    'Subscribe for $1 a week. 12 comments. Page 2.',
    'He has lived in the city for two years and plans to stay 30 days more.',
    'FREE ICE CREAM FRIDAY at the dice club: police say nice.',
    'The ice age ended 11,700 years ago.',
    'Agents made 2 out of 3 arrests at homes, Maria Lucero wrote.',
  ])('marks nothing in %j', (sentence) => {
    expect(marked(sentence)).toEqual([]);
  });

  it('keeps only the first mention of each entity and figure kind per block when asked', () => {
    const text = 'ICE arrested 300 people; ICE then arrested 200 more people.';
    expect(marked(text, { firstPerBlock: true })).toEqual(['ICE', '300 people']);
    expect(marked(text, { firstPerBlock: false })).toEqual(['ICE', '300 people', 'ICE', '200 more people'].filter((m) => text.includes(m)));
  });

  it('leaves out entities and figure kinds the reader switched off', () => {
    const text = 'BORTAC agents arrested 300 people.';
    expect(marked(text, { entityIds: new Set(), figureKinds: new Set(['people']) })).toEqual(['300 people']);
    expect(marked(text, { figureKinds: new Set() })).toEqual(['BORTAC']);
  });

  it('marks figures without their place and operation, which describeFigure reads', () => {
    const text = 'The sweep, dubbed Operation Safe City, netted 498 individuals in Los Angeles, the agency said.';
    const figure = findMentions(text, matcher, filter).find((m) => m.type === 'figure');
    if (figure?.type !== 'figure') throw new Error('no figure marked');
    expect(figure.figure.place).toBeUndefined();
    expect(figure.figure.operation).toBeUndefined();
    expect(describeFigure(text, figure.figure)).toEqual({ ...figure.figure, place: 'Los Angeles', operation: 'Operation Safe City' });
  });
});
