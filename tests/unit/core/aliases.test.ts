import { describe, expect, it } from 'vitest';
import { expandAliases, isAcronym, numberVariant, toAlias } from '../../../src/core/entities/aliases';

describe('isAcronym', () => {
  it.each([
    ['ICE', true],
    ['CBP', true],
    ['BORTAC', true],
    ['I9', true],
    ['USCIS', true],
    ['A', false],
    ['Ice', false],
    ['COVID-19', false],
    ['ABCDEFGHI', false],
    ['2020', false],
    ['U.S.', false],
  ])('%j → %s', (text, expected) => {
    expect(isAcronym(text)).toBe(expected);
  });

  it('makes acronyms case-sensitive aliases and everything else not', () => {
    expect(toAlias('ICE')).toEqual({ text: 'ICE', caseSensitive: true });
    expect(toAlias('Operation Safe City')).toEqual({ text: 'Operation Safe City', caseSensitive: false });
  });
});

describe('numberVariant', () => {
  it.each([
    ['sanctuary city', 'sanctuary cities'],
    ['sanctuary cities', 'sanctuary city'],
    ['sanctuary jurisdictions', 'sanctuary jurisdiction'],
    ['sanctuary policies', 'sanctuary policy'],
    ['travel ban', 'travel bans'],
    ['detainers', 'detainer'],
    ['at-large arrests', 'at-large arrest'],
    ['SWAT team', 'SWAT teams'],
    ['search', 'searches'],
    ['taxes', 'tax'],
    ['crisis', 'crises'],
    ['day', 'days'],
    ['child', 'children'],
    ['people', 'person'],
    ['sanctuary op', 'sanctuary ops'],
  ])('%j ↔ %j', (phrase, variant) => {
    expect(numberVariant(phrase)).toBe(variant);
  });

  it.each([['Operation Safe City'], ['Matthew Albence'], ['ICE'], ['cap on refugees'], ['Title 42'], ['287(g)']])(
    'leaves %j alone',
    (phrase) => {
      expect(numberVariant(phrase)).toBeUndefined();
    },
  );
});

describe('expandAliases', () => {
  it('adds variants after their source, folds, and drops case-blind duplicates', () => {
    expect(expandAliases(['Sanctuary cities', 'sanctuary city', 'ICE', 'Operation \u2018Safe City\u2019', ''])).toEqual([
      { text: 'Sanctuary cities', caseSensitive: false },
      { text: 'Sanctuary city', caseSensitive: false },
      { text: 'ICE', caseSensitive: true },
      { text: "Operation 'Safe City'", caseSensitive: false },
    ]);
  });
});
