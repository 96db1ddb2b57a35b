import { beforeAll, describe, expect, it } from 'vitest';
import {
  entityTypeLabel,
  figureKindLabel,
  formatCount,
  formatDate,
  formatFigure,
  formatNumber,
  formatValue,
} from '../../../src/card/format';
import type { CorpusIndex } from '../../../src/core/index/format';
import { ENTITY_TYPES, FIGURE_KINDS } from '../../../src/core/index/types';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

function figureWritten(text: string) {
  const figure = index.figures.find((f) => f.text === text);
  if (!figure) throw new Error(`no corpus figure written "${text}"`);
  return figure;
}

describe('formatFigure', () => {
  it.each([
    ['more than 2,000 people', 'more than 2,000 people'],
    ['498 individuals', '498 individuals'],
    ['approximately 85 percent', 'about 85%'],
    ['nearly 1,300 ICE arrests', 'nearly 1,300 arrests'],
    ['some 700 people', 'about 700 people'],
    ['317 of those detained', '317 detained'],
    ['one-year', '1 year'],
    ['four-day', '4 days'],
    ['nearly 50 majority-Muslim countries', 'nearly 50 countries'],
    ['more than 1.8 million ICE ERO arrests', 'more than 1.8 million arrests'],
    ['326,876 ICE Enforcement and Removal Operations (ERO) arrests', '326,876 arrests'],
    ['$4.6 billion', '$4.6 billion'],
    ['seven poultry processing plants', '7 plants'],
    ['ten sensationalized stories', '10 stories'],
    ['a dozen arrests', '12 arrests'],
    ['more than 660 children', 'more than 660 children'],
    ['19 detention centers', '19 centers'],
  ])('reads the corpus figure "%s" as "%s"', (written, expected) => {
    expect(formatFigure(figureWritten(written))).toBe(expected);
  });
});

describe('formatNumber and formatValue', () => {
  it.each([
    [14, 'arrests', '14'],
    [2000, 'people', '2,000'],
    [326876, 'arrests', '326,876'],
    [1_500_000, 'apprehensions', '1.5 million'],
    [4_600_000_000, 'money', '$4.6 billion'],
    [45000, 'money', '$45,000'],
    [85, 'percent', '85%'],
    [2.5, 'percent', '2.5%'],
  ] as const)('%d %s → %s', (value, kind, expected) => {
    expect(formatValue(value, kind)).toBe(expected);
  });

  it('keeps at most two decimals', () => {
    expect(formatNumber(1 / 3)).toBe('0.33');
  });
});

describe('formatDate', () => {
  it.each([
    ['2020-02-17', '17 Feb 2020'],
    ['2017-09-30', '30 Sep 2017'],
    ['2020-09-04', '4 Sep 2020'],
    ['2020-02', 'Feb 2020'],
    ['2020', '2020'],
    ['last Friday', 'last Friday'],
    ['2020-13-01', '2020-13-01'],
  ])('%s → %s', (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });

  it('writes every corpus document date as day, three-letter month, year', () => {
    const dates = index.documents.map((d) => formatDate(d.date!));
    expect(dates).toHaveLength(5);
    for (const date of dates) expect(date).toMatch(/^\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/);
  });
});

describe('labels', () => {
  it.each([
    [1, 'passage', '1 passage'],
    [10, 'passage', '10 passages'],
    [1200, 'article', '1,200 articles'],
  ])('formatCount(%d, %s) → %s', (count, noun, expected) => {
    expect(formatCount(count, noun)).toBe(expected);
  });

  it('names every entity type and figure kind in words, each differently', () => {
    const typeLabels = ENTITY_TYPES.map(entityTypeLabel);
    const kindLabels = FIGURE_KINDS.map(figureKindLabel);
    expect(new Set(typeLabels).size).toBe(ENTITY_TYPES.length);
    expect(new Set(kindLabels).size).toBe(FIGURE_KINDS.length);
    expect(entityTypeLabel('policy')).toBe('Policy term');
    expect(figureKindLabel('percent')).toBe('percentage');
  });
});
