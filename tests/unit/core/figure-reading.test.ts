import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { readClause } from '../../../src/core/query/discrepancies';
import { compiledReading, sentenceTermsAt } from '../../../src/core/query/figure-reading';
import { passagesForFigure } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function readingOf(text: string) {
  const figure = index.figures.find((f) => f.text === text);
  expect(figure).toBeDefined();
  const reading = compiledReading(index.figureReadings, figure!)!;
  return { reading, clause: index.passages[figure!.passage]!.text.slice(reading.clause.start, reading.clause.end) };
}

describe('the figure readings the compiler stores', () => {
  it.each([
    // A list sentence: the figure's own clause, not its neighbours'.
    ['82 immigrants', ' 82 immigrants in New York City, the Hudson Valley, and Long Island in New York', ['hudson', 'valley', 'island'], ['midwest', 'england', 'immigrant']],
    ['97 immigrants', 'The operation saw the arrest of 97 immigrants across the Midwest', ['midwest', 'operation'], ['hudson', '97']],
    // "in August" dates the event; the month is left out of the evidence.
    ['680 workers', 'Last month’s ICE roundup follows the ICE raids in August at multiple Mississippi poultry processing plants, which detained 680 workers.', ['mississippi', 'poultry'], ['august', 'worker', '680']],
  ])('reads the clause of "%s"', (text, clause, having, without) => {
    const found = readingOf(text);
    expect(found.clause).toBe(clause);
    for (const term of having) expect(found.reading.clause.terms).toContain(term);
    for (const term of without) expect(found.reading.clause.terms).not.toContain(term);
  });

  it.each([
    ['680 workers', ['2019-08-01', '2019-08-31']],
    // Nothing in the sentence dates it: the half year before the article.
    ['82 immigrants', ['2019-04-07', '2019-10-07']],
    ['498 individuals', ['2017-09-23', '2017-09-30']],
  ])('dates the event of "%s"', (text, [from, to]) => {
    expect(readingOf(text).reading.clause.when).toEqual({ from: day(from!), to: day(to!) });
  });

  it('keeps every search term of the whole sentence once, numbers included', () => {
    const { sentenceTerms } = readingOf('82 immigrants').reading;
    expect(sentenceTerms).toEqual(expect.arrayContaining(['82', '97', 'midwest', 'hudson', 'immigrant']));
    expect(new Set(sentenceTerms).size).toBe(sentenceTerms.length);
  });

  it('is what a card reads for each figure', () => {
    for (const figure of index.figures) {
      const text = index.passages[figure.passage]!.text;
      expect(compiledReading(index.figureReadings, figure)).toEqual({
        sentenceTerms: sentenceTermsAt(text, figure.start, figure.end),
        clause: readClause(figure, text, figure.date),
      });
    }
  });

  it('keeps each list of terms once: the figures of one list sentence share theirs', () => {
    const { termLists, byFigure } = index.figureReadings!;
    expect(new Set(termLists.map((terms) => terms.join(' '))).size).toBe(termLists.length);
    const listSentence = ['97 immigrants', '82 immigrants'].map((text) => byFigure[index.figures.find((f) => f.text === text)!.id]!);
    expect(listSentence[0]!.sentenceTerms).toBe(listSentence[1]!.sentenceTerms);
    expect(listSentence[0]!.clauseTerms).not.toBe(listSentence[1]!.clauseTerms);
  });
});

describe('figure cards with and without compiled readings', () => {
  it('answer every figure of the corpus the same (an index of version 1 has none)', async () => {
    const compiled = memorySource(index);
    // Records of its own: cards keep what they read by figure record.
    const { figureReadings: _readings, ...withoutReadings } = structuredClone(index);
    const reading = memorySource(withoutReadings);
    expect(await reading.figureReadings()).toBeUndefined();
    for (const figure of index.figures) {
      const request = {
        kind: figure.kind,
        value: figure.value,
        text: figure.text,
        ...(figure.place ? { place: figure.place } : {}),
        context: index.passages[figure.passage]!.text,
      };
      expect(await passagesForFigure(reading, request)).toEqual(await passagesForFigure(compiled, request));
    }
  });
});
