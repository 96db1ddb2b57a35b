import { beforeAll, describe, expect, it } from 'vitest';
import { barScale } from '../../../src/card/FigureChart';
import { inDateOrder, passagesOfFigures, reportedDate } from '../../../src/card/figure-hits';
import { passagesForFigure, type FigureAnswer } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { bundledCorpusIndex } from '../helpers/corpus';

let twoThousandPeople: FigureAnswer;
let arrests: FigureAnswer;
beforeAll(async () => {
  const source = memorySource(await bundledCorpusIndex());
  twoThousandPeople = await passagesForFigure(source, { kind: 'people', value: 2000 });
  arrests = await passagesForFigure(source, { kind: 'arrests', value: 167, place: 'Los Angeles County', limit: 30 });
});

describe('inDateOrder', () => {
  it('puts the comparable figures of three articles oldest first, whatever their rank', () => {
    const ordered = inDateOrder(twoThousandPeople.hits);
    const dates = ordered.map((hit) => reportedDate(hit)!);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates)).toEqual(new Set(['2017-09-30', '2019-10-07', '2020-09-04']));
    // The ranking starts with 2020's "more than 2,000 people", so sorting had something to do.
    expect(reportedDate(twoThousandPeople.hits[0]!)).toBe('2020-09-04');
  });

  it('keeps figures of one article in reading order', () => {
    const ordered = inDateOrder(arrests.hits).filter((hit) => reportedDate(hit) === '2017-09-30');
    const positions = ordered.map((hit) => hit.figure.id);
    expect(positions.length).toBeGreaterThan(5);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(ordered.map((hit) => hit.figure.text).slice(0, 3)).toEqual(['498 individuals', '167 arrests', '107']);
  });
});

describe('passagesOfFigures', () => {
  it('lists the 2017 city list once, with every city count in it highlighted', () => {
    const passages = passagesOfFigures(arrests.hits);
    const ids = passages.map((p) => p.passage.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...new Set(arrests.hits.map((hit) => hit.passage.id))]);

    const cityList = passages.find((p) => p.passage.text.includes('Los Angeles County (167 arrests)'))!;
    const figuresInList = arrests.hits.filter((hit) => hit.passage.id === cityList.passage.id);
    expect(figuresInList.length).toBeGreaterThan(5);
    const highlighted = cityList.highlights.map(([s, e]) => cityList.passage.text.slice(s, e));
    for (const hit of figuresInList) {
      expect(highlighted).toContain(hit.figure.text);
      expect(cityList.matched).toContain(hit.figure.text);
    }
    const starts = cityList.highlights.map(([s]) => s);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('barScale', () => {
  it('stays linear while values are within a hundredfold', () => {
    const scale = barScale([14, 167, 498]);
    expect(scale.log).toBe(false);
    expect(scale.fraction(498)).toBe(1);
    expect(scale.fraction(167)).toBeCloseTo(167 / 498);
  });

  it('turns logarithmic across orders of magnitude, keeping the smallest bar visible and the order intact', () => {
    const values = [14, 167, 498, 45000];
    const scale = barScale(values);
    expect(scale.log).toBe(true);
    const fractions = values.map(scale.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[0]).toBeGreaterThan(0.15);
    expect(fractions[3]).toBe(1);
  });

  it('draws no bar for zero or for no values', () => {
    expect(barScale([0, 5, 10]).fraction(0)).toBe(0);
    expect(barScale([]).fraction(3)).toBe(0);
  });
});
