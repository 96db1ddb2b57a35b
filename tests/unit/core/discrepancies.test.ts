import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import type { FigureKind, FigureQualifier } from '../../../src/core/index/types';
import { findDiscrepancies, termsToWeigh, type TermRarity } from '../../../src/core/query/discrepancies';
import { sentenceSpan } from '../../../src/core/text/sentences';
import { passagesForFigure, type FigureHit } from '../../../src/core/query/queries';
import { memorySource, type IndexSource } from '../../../src/core/query/source';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
let source: IndexSource;
let corpusRarity: TermRarity;
beforeAll(async () => {
  index = await bundledCorpusIndex();
  source = memorySource(index);
  corpusRarity = {
    passageCount: index.passages.length,
    documentFrequency: (term) => (index.bm25.postings[term]?.length ?? 0) / 2,
  };
});

/** Every figure of the bundled corpus as a hit, as the queries would return it. */
function corpusHits(): FigureHit[] {
  return index.figures.map((figure) => ({
    figure,
    passage: index.passages[figure.passage]!,
    document: index.documents[figure.doc]!,
    score: 0,
    matched: [],
    highlights: [],
  }));
}

function corpusHit(date: string, text: string): FigureHit {
  const hit = corpusHits().find((h) => h.figure.date === date && h.figure.text === text);
  if (!hit) throw new Error(`no figure "${text}" dated ${date}`);
  return hit;
}

const label = (hit: FigureHit) => `${hit.figure.date} ${hit.figure.text}`;
const MISSISSIPPI = ['2019-10-07 680 workers', '2020-09-04 some 700 people'];

describe('findDiscrepancies on the bundled corpus', () => {
  it('flags the Mississippi raids and nothing else among all its figures', () => {
    const found = findDiscrepancies(corpusHits(), corpusRarity);
    expect(found.map((d) => d.figures.map(label))).toEqual([MISSISSIPPI]);
    const [mississippi] = found;
    expect(mississippi!.summary).toBe(
      'Accounts differ: 680 workers (7 Oct 2019) vs some 700 people (4 Sep 2020) for what reads as the same raid (Mississippi poultry processing plants).',
    );
    expect(mississippi!.evidence).toEqual(['Mississippi poultry processing plants']);
  });

  it.each([
    ['more than 2,000 people (2020 operation) vs 597 immigrants (2019 surge)', '2020-09-04', 'more than 2,000 people', '2019-10-07', '597 immigrants'],
    ['498 individuals (Operation Safe City) vs more than 2,000 people (2020 operation)', '2017-09-30', '498 individuals', '2020-09-04', 'more than 2,000 people'],
    ['700 ICE arrests (2019 surge week) vs some 700 people (Mississippi): one number, two events', '2019-10-07', '700 ICE arrests', '2020-09-04', 'some 700 people'],
    ['500 children (after the raid) vs 680 workers (the raid): different groups', '2020-09-04', '500 children', '2019-10-07', '680 workers'],
    ['more than 660 children (hotels, 2020) vs 680 workers (Mississippi, 2019)', '2020-09-04', 'more than 660 children', '2019-10-07', '680 workers'],
  ])('does not flag %s', (_name, dateA, textA, dateB, textB) => {
    expect(findDiscrepancies([corpusHit(dateA, textA), corpusHit(dateB, textB)], corpusRarity)).toEqual([]);
  });

  it('never flags two figures of one document, however alike', () => {
    const raid = corpusHit('2019-10-07', '680 workers');
    const other = corpusHit('2020-09-04', 'some 700 people');
    const sameDocument: FigureHit = { ...other, figure: { ...other.figure, doc: raid.figure.doc }, document: raid.document };
    expect(findDiscrepancies([raid, other], corpusRarity)).toHaveLength(1);
    expect(findDiscrepancies([raid, sameDocument], corpusRarity)).toEqual([]);
  });

  it('asks for the rarity of the words plausible pairs share, and only those', () => {
    const terms = termsToWeigh([corpusHit('2019-10-07', '680 workers'), corpusHit('2020-09-04', 'some 700 people')]);
    expect(terms).toEqual(expect.arrayContaining(['mississippi', 'poultry', 'processing', 'plant']));
    expect(terms).not.toContain('worker');
    expect(terms).not.toContain('august');
    expect(termsToWeigh([corpusHit('2017-09-30', '498 individuals'), corpusHit('2020-09-04', 'more than 2,000 people')])).toEqual([]);
  });

  it('reports only pairs involving the figures asked about', () => {
    const hits = corpusHits();
    const involving = (date: string, text: string) => ({ involving: new Set([corpusHit(date, text).figure.id]) });
    expect(findDiscrepancies(hits, corpusRarity, involving('2019-10-07', '680 workers'))).toHaveLength(1);
    expect(findDiscrepancies(hits, corpusRarity, involving('2017-09-30', '498 individuals'))).toEqual([]);
  });
});

describe('passagesForFigure discrepancies', () => {
  it.each([
    ['680 workers', 'workers', 680, 'Agents detained 680 workers at chicken processing plants across Mississippi.'],
    ['680 workers, no page sentence', 'workers', 680, undefined],
    ['some 700 people', 'people', 700, 'Some 700 people were arrested in the Mississippi raids on food processing plants.'],
  ] as const)('flags the Mississippi accounts from a query for %s', async (_name, kind, value, context) => {
    const answer = await passagesForFigure(source, { kind, value, context });
    expect(answer.discrepancies.map((d) => d.figures.map(label))).toEqual([MISSISSIPPI]);
    expect(answer.discrepancies[0]!.summary).toMatch(/^Accounts differ: 680 workers \(7 Oct 2019\) vs some 700 people \(4 Sep 2020\)/);
  });

  it.each([
    ['498 individuals', 'people', 498, 'Officers arrested 498 people in sanctuary cities over four days.'],
    ['more than 2,000 people', 'people', 2000, 'ICE arrested more than 2,000 people in a six-week operation.'],
    ['597 immigrants', 'immigrants', 597, 'ICE arrested 597 immigrants in a five-day surge.'],
  ] as const)('reports no discrepancy for %s', async (_name, kind, value, context) => {
    expect((await passagesForFigure(source, { kind, value, context })).discrepancies).toEqual([]);
  });
});

interface SyntheticFigure {
  id: number;
  /** ISO date of the document. */
  date: string;
  text: string;
  figure: string;
  value: number;
  kind?: FigureKind;
  qualifier?: FigureQualifier;
  place?: string;
}

/** A one-passage document holding one figure. */
function synthetic(spec: SyntheticFigure): FigureHit {
  const start = spec.text.indexOf(spec.figure);
  if (start < 0) throw new Error(`"${spec.figure}" not in "${spec.text}"`);
  return {
    figure: {
      id: spec.id,
      passage: spec.id,
      doc: spec.id,
      date: spec.date,
      start,
      end: start + spec.figure.length,
      text: spec.figure,
      value: spec.value,
      qualifier: spec.qualifier ?? 'exact',
      kind: spec.kind ?? 'people',
      noun: 'person',
      ...(spec.place === undefined ? {} : { place: spec.place }),
    },
    passage: { id: spec.id, doc: spec.id, text: spec.text, start: 0, end: spec.text.length },
    document: { id: spec.id, source: `${spec.id}.txt`, title: `Report ${spec.id}`, date: spec.date, passageStart: spec.id, passageEnd: spec.id + 1 },
    score: 0,
    matched: [],
    highlights: [],
  };
}

/** A large corpus where the raid's particulars are rare and the trade's vocabulary is common. */
const COMMON = new Set(['ice', 'arrested', 'people', 'raid', 'agent', 'said', 'workplace']);
const syntheticRarity: TermRarity = {
  passageCount: 10_000,
  documentFrequency: (term) => (COMMON.has(term) ? 3_000 : 3),
};

const fresno = (id: number, date: string, count: string, extra = '', kind: FigureKind = 'people') =>
  synthetic({
    id,
    date,
    text: `Agents arrested ${count} ${kind} at a Fresno almond packing plant${extra}.`,
    figure: `${count} ${kind}`,
    value: Number(count.replace(/\D/g, '')),
    kind,
    place: 'Fresno',
    ...(count.startsWith('more than') ? { qualifier: 'more-than' as const } : {}),
  });

describe('findDiscrepancies rules (synthetic accounts)', () => {
  it.each([
    ['same place, undated, articles a month apart', true, fresno(1, '2020-05-01', '300'), fresno(2, '2020-06-01', '340')],
    ['same place, undated, articles three years apart', false, fresno(1, '2017-03-01', '300'), fresno(2, '2020-06-01', '340')],
    ['written dates that agree ("in August" / "August 7, 2019")', true, fresno(1, '2019-10-07', '300', ' in August'), fresno(2, '2020-09-04', '340', ' on August 7, 2019')],
    ['written dates two years apart', false, fresno(1, '2020-06-01', '300', ' in March 2018'), fresno(2, '2020-06-01', '340', ' in June 2020')],
    ['values within 1.5×', true, fresno(1, '2020-05-01', '300'), fresno(2, '2020-06-01', '420')],
    ['values too far apart (over 1.5×)', false, fresno(1, '2020-05-01', '300'), fresno(2, '2020-06-01', '500')],
    ['a lower bound the other figure meets ("more than 300" / 340)', false, fresno(1, '2020-05-01', 'more than 300'), fresno(2, '2020-06-01', '340')],
    ['workers and people: one headcount', true, fresno(1, '2020-05-01', '300', '', 'workers'), fresno(2, '2020-06-01', '340')],
    ['workers and children: two groups', false, fresno(1, '2020-05-01', '300', '', 'workers'), fresno(2, '2020-06-01', '340', '', 'children')],
    ['days and weeks: different units', false, fresno(1, '2020-05-01', '5', '', 'days'), fresno(2, '2020-06-01', '6', '', 'weeks')],
  ])('%s → flagged: %s', (_name, flagged, a, b) => {
    expect(findDiscrepancies([a, b], syntheticRarity)).toHaveLength(flagged ? 1 : 0);
  });

  it('needs rare shared words: the same common words alone are not one event', () => {
    const a = synthetic({ id: 1, date: '2020-05-01', text: 'ICE agents said they arrested 300 people in a workplace raid.', figure: '300 people', value: 300 });
    const b = synthetic({ id: 2, date: '2020-06-01', text: 'ICE said agents arrested 340 people during a workplace raid.', figure: '340 people', value: 340 });
    expect(findDiscrepancies([a, b], syntheticRarity)).toEqual([]);
  });

  it('keeps figures of different named places apart', () => {
    const a = synthetic({ id: 1, date: '2020-05-01', text: 'Agents arrested 300 people at an almond packing plant in Fresno.', figure: '300 people', value: 300, place: 'Fresno' });
    const b = synthetic({ id: 2, date: '2020-06-01', text: 'Agents arrested 340 people at an almond packing plant in Modesto.', figure: '340 people', value: 340, place: 'Modesto' });
    expect(findDiscrepancies([a, b], syntheticRarity)).toEqual([]);
  });

  it('names the event and the shared particulars in the summary, earliest account first', () => {
    const [found] = findDiscrepancies([fresno(2, '2020-06-01', '340'), fresno(1, '2020-05-01', '300')], syntheticRarity);
    expect(found!.summary).toBe(
      'Accounts differ: 300 people (1 May 2020) vs 340 people (1 Jun 2020) for what reads as the same event (Fresno almond packing plant).',
    );
    expect(found!.figures.map((f) => f.figure.id)).toEqual([1, 2]);
  });
});

describe('sentenceSpan', () => {
  it.each([
    ['the middle sentence', 'One thing. Agents arrested 45 people. Then more.', '45 people', 'Agents arrested 45 people.'],
    ['past an abbreviation', 'Agents in Washington, D.C. arrested 14 people. Next.', '14 people', 'Agents in Washington, D.C. arrested 14 people.'],
    ['a closing quote', 'He said “we arrested 300.” Others disagreed.', '300', 'He said “we arrested 300.”'],
  ])('finds %s', (_name, text, figure, expected) => {
    const start = text.indexOf(figure);
    const { start: from, end } = sentenceSpan(text, start, start + figure.length);
    expect(text.slice(from, end)).toBe(expected);
  });
});
