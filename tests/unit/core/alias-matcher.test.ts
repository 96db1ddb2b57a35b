import { describe, expect, it } from 'vitest';
import { curatedGazetteer, rawCorpusParagraphs } from '../helpers/corpus';
import { mergeEntities, mineEntities } from '../../../src/core/entities/mine-entities';
import {
  AliasMatcher,
  buildAliasMatcher,
  lowerCaseAligned,
  patternsFromEntities,
  type AliasPattern,
} from '../../../src/core/match/alias-matcher';
import { foldString, foldText } from '../../../src/core/text/normalize';

const paragraphs = rawCorpusParagraphs();
const gazetteer = curatedGazetteer();
const entities = mergeEntities(gazetteer, mineEntities(paragraphs));
const matcher = buildAliasMatcher(patternsFromEntities(entities));

/** Matched substrings with their entity ids. */
function hits(m: AliasMatcher, raw: string): [string, string][] {
  const folded = foldString(raw);
  return m.match(folded).map((hit) => [folded.slice(hit.start, hit.end), hit.entityId]);
}

describe('AliasMatcher with the gazetteer and mined entities', () => {
  it.each([
    ['ICE agents raided homes', 'ICE', 'agency:ice'],
    ["ICE's goal is cooperation", 'ICE', 'agency:ice'],
    ['led by Immigration and Customs Enforcement.', 'Immigration and Customs Enforcement', 'agency:ice'],
    ['led by immigration and customs enforcement.', 'immigration and customs enforcement', 'agency:ice'],
    ['raids in sanctuary cities', 'sanctuary cities', 'policy:sanctuary-cities'],
    ['the sanctuary city of Los Angeles', 'sanctuary city', 'policy:sanctuary-cities'],
    ['Sanctuary Cities Under Fire', 'Sanctuary Cities', 'policy:sanctuary-cities'],
    ["the sanctuary city's mayor", 'sanctuary city', 'policy:sanctuary-cities'],
    ['dubbed Operation Safe City, it', 'Operation Safe City', 'operation:safe-city'],
    ["Operation 'Safe City' focused", "Operation 'Safe City'", 'operation:safe-city'],
    ['teams from BORTAC were sent', 'BORTAC', 'unit:bortac'],
    ['said Matthew Albence on Tuesday', 'Matthew Albence', 'person:matthew-albence'],
    ['CBP made 1.5 million apprehensions', 'CBP', 'agency:cbp'],
    ['the Republican National Convention', 'Republican National Convention', 'mined:rnc'],
    ['protesters chanted ABOLISH ICE at the rally', 'ICE', 'agency:ice'],
    ['ICE-led raids', 'ICE', 'agency:ice'],
    ['an anti-ICE protest', 'ICE', 'agency:ice'],
    ['ICE-free schools', 'ICE', 'agency:ice'],
    // A surname after a title, a sentence opener or an initial is still the person.
    ['President Obama said', 'President Obama', 'person:barack-obama'],
    ['Mr. Obama said', 'Obama', 'person:barack-obama'],
    ['Sen. Obama said', 'Obama', 'person:barack-obama'],
    ['former President Barack Obama said', 'Barack Obama', 'person:barack-obama'],
    ['Under Obama, arrests rose', 'Obama', 'person:barack-obama'],
    ['The Obama administration', 'Obama', 'person:barack-obama'],
    ['On Monday Obama said', 'Obama', 'person:barack-obama'],
    ['Barack H. Obama said', 'Obama', 'person:barack-obama'],
    ['This week, Lucero reminded', 'Lucero', 'person:henry-lucero'],
    ['the official Henry Lucero said', 'Henry Lucero', 'person:henry-lucero'],
    ['said Donald Trump on Friday', 'Donald Trump', 'person:donald-trump'],
    ['Donald Trump In Court', 'Donald Trump', 'person:donald-trump'],
    // In a title-case headline a capital before the surname is no given name.
    ['Judge Blocks Obama Policy', 'Obama', 'person:barack-obama'],
    ['Critics Say Lucero Lied', 'Lucero', 'person:henry-lucero'],
    ['Gov. Newsom Slams Lucero', 'Lucero', 'person:henry-lucero'],
  ])('finds the alias in %j', (text, alias, entityId) => {
    expect(hits(matcher, text)).toEqual([[alias, entityId]]);
  });

  it.each([
    ['ice on the road'],
    ['roll the dice'],
    ['NICE guidance'],
    ['the police arrived'],
    ['the Ice Age'],
    ['Ice cold'],
    ['ICED coffee'],
    ['FREE ICE CREAM FRIDAY'],
    // A whole all-caps headline is ambiguous: the documented rule drops it.
    ['ABOLISH ICE'],
    ['ÉICE and ICEñ'],
    ['a sanctuary citywide plan'],
    ['ICE-cold water'],
    ['an ICE-covered road'],
    // Another person's given name before a surname alias.
    ['Michelle Obama said'],
    ['the speech by Michelle Obama'],
    ['Sasha and Malia Obama'],
    ['Maria Lucero wrote a novel'],
    // Another person of the same full name.
    ['Donald Trump Jr. said'],
    ['Donald Trump, Jr. said'],
    ['Donald J. Trump Jr. said'],
    ['Donald Trump III said'],
  ])('finds nothing in %j', (text) => {
    expect(hits(matcher, text)).toEqual([]);
  });

  it('keeps acronyms next to other known acronyms or lower-case words', () => {
    expect(hits(matcher, 'ICE and CBP agents')).toEqual([
      ['ICE', 'agency:ice'],
      ['CBP', 'agency:cbp'],
    ]);
    expect(hits(matcher, 'ICE ERO arrests')).toEqual([
      ['ICE', 'agency:ice'],
      ['ERO', 'agency:ero'],
    ]);
    expect(hits(matcher, 'ICE-ERO arrests')).toEqual([
      ['ICE', 'agency:ice'],
      ['ERO', 'agency:ero'],
    ]);
  });

  it('prefers the longest alias at the leftmost start', () => {
    expect(hits(matcher, 'US Customs and Border Patrol (CBP), a separate agency')).toEqual([
      ['US Customs and Border Patrol', 'agency:cbp'],
      ['CBP', 'agency:cbp'],
    ]);
    expect(hits(matcher, "the Border Patrol's BORTAC and the Border Patrol Tactical Unit")).toEqual([
      ['Border Patrol', 'agency:border-patrol'],
      ['BORTAC', 'unit:bortac'],
      ['Border Patrol Tactical Unit', 'unit:bortac'],
    ]);
  });

  it('finds every alias, as written and in other case where case does not matter', () => {
    const texts = patternsFromEntities(entities).flatMap((pattern) => {
      const alias = foldString(pattern.text);
      const upper = alias.toUpperCase();
      return pattern.caseSensitive || upper.length !== alias.length ? [alias] : [alias, alias.toLowerCase(), upper];
    });
    expect(texts.length).toBeGreaterThan(500);
    const missed = texts.filter((alias) => {
      const text = `said ${alias}, then`;
      return !matcher.match(text).some((hit) => hit.start === 5 && hit.end >= 5 + alias.length);
    });
    expect(missed).toEqual([]);
  });

  it('reports offsets that map back to the raw text through the fold map', () => {
    const raw = 'Yesterday\u00A0ICE\u2019s agents and\ncustoms  and Border Protection staff';
    const folded = foldText(raw);
    const found = matcher.match(folded.text).map((hit) => raw.slice(folded.map[hit.start]!, folded.map[hit.end - 1]! + 1));
    expect(found).toEqual(['ICE', 'customs  and Border Protection']);
  });

  it('matches the same after a JSON round trip', () => {
    const json = JSON.parse(JSON.stringify(matcher.toJSON())) as unknown;
    const reloaded = AliasMatcher.fromJSON(json);
    expect(reloaded.toJSON()).toEqual(matcher.toJSON());
    const all = (m: AliasMatcher) => paragraphs.map((p) => m.match(foldString(p)));
    const original = all(matcher);
    expect(original.flat().length).toBeGreaterThan(100);
    expect(all(reloaded)).toEqual(original);
  });
});

describe('AliasMatcher with its own patterns', () => {
  const patterns: AliasPattern[] = [
    { text: 'Customs', caseSensitive: false, entityId: 'customs' },
    { text: 'Border Protection', caseSensitive: false, entityId: 'border-protection' },
    { text: 'Customs and Border Protection', caseSensitive: false, entityId: 'cbp' },
    { text: 'Trévon Austin', caseSensitive: false, entityId: 'author' },
    { text: 'ICE', caseSensitive: true, entityId: 'ice' },
    { text: 'ICE', caseSensitive: true, entityId: 'other' },
  ];
  const own = buildAliasMatcher(patterns);

  it('reports one leftmost-longest match, not the shorter aliases inside it', () => {
    expect(hits(own, 'Customs and Border Protection officers')).toEqual([['Customs and Border Protection', 'cbp']]);
    expect(hits(own, 'Customs, then Border Protection')).toEqual([
      ['Customs', 'customs'],
      ['Border Protection', 'border-protection'],
    ]);
  });

  it('gives an exact tie to the earlier pattern', () => {
    expect(hits(own, 'ICE')).toEqual([['ICE', 'ice']]);
  });

  it('applies the name rules to people only, as told by the entity id', () => {
    const named = buildAliasMatcher([
      { text: 'Lucero', caseSensitive: false, entityId: 'person:henry-lucero' },
      { text: 'Santa Fe', caseSensitive: false, entityId: 'place:santa-fe' },
      { text: 'Fe', caseSensitive: false, entityId: 'place:fe' },
      { text: 'Austin', caseSensitive: false, entityId: 'place:austin' },
    ]);
    const reloaded = AliasMatcher.fromJSON(JSON.parse(JSON.stringify(named.toJSON())));
    for (const m of [named, reloaded]) {
      expect(hits(m, 'Maria Lucero and Trévon Austin')).toEqual([['Austin', 'place:austin']]);
      expect(hits(m, 'Lucero of Santa Fe Jr.')).toEqual([
        ['Lucero', 'person:henry-lucero'],
        ['Santa Fe', 'place:santa-fe'],
      ]);
    }
  });

  it('folds case beyond ASCII', () => {
    expect(hits(own, 'BY TRÉVON AUSTIN')).toEqual([['TRÉVON AUSTIN', 'author']]);
  });

  it('folds curly apostrophes in the pattern and the text alike', () => {
    const curly = buildAliasMatcher([{ text: 'Operation \u2018Safe City\u2019', caseSensitive: false, entityId: 'op' }]);
    expect(hits(curly, "the Operation 'Safe City' raids")).toEqual([["Operation 'Safe City'", 'op']]);
    expect(hits(curly, 'the Operation \u2018Safe City\u2019 raids')).toEqual([["Operation 'Safe City'", 'op']]);
  });

  it('finds aliases that begin with something other than a letter or digit', () => {
    const odd = buildAliasMatcher([
      { text: '#AbolishICE', caseSensitive: false, entityId: 'hashtag' },
      { text: '(ERO) teams', caseSensitive: true, entityId: 'ero' },
      { text: '¡Basta!', caseSensitive: false, entityId: 'basta' },
    ]);
    expect(hits(odd, 'chanting #abolishice and ¡BASTA! as (ERO) teams left')).toEqual([
      ['#abolishice', 'hashtag'],
      ['¡BASTA!', 'basta'],
      ['(ERO) teams', 'ero'],
    ]);
  });

  it('matches nothing when built from no patterns', () => {
    expect(buildAliasMatcher([]).match('ICE and CBP')).toEqual([]);
  });

  type Json = Record<string, unknown>;
  type Trie = { edgeChars: string; childCounts: number[]; outputCounts: number[]; outputs: number[] };
  const withTrie = (j: Json, field: 'exact' | 'folded', change: (t: Trie) => Partial<Trie>): Json => ({
    ...j,
    [field]: { ...(j[field] as Trie), ...change(j[field] as Trie) },
  });

  it.each([
    ['another version', (j: Json) => ({ ...j, version: 99 }), /format version 99/],
    ['a missing trie', (j: Json) => ({ ...j, folded: undefined }), /folded must be an object/],
    ['a pattern pointing past the entities', (j: Json) => ({ ...j, patternInfo: [99] }), /patternInfo must be/],
    [
      'an output pointing past the patterns',
      (j: Json) => withTrie(j, 'exact', (t) => ({ outputs: t.outputs.map(() => 7) })),
      /exact.outputs must be/,
    ],
    [
      'child counts that do not add up',
      (j: Json) => withTrie(j, 'exact', (t) => ({ childCounts: t.childCounts.map(() => 1) })),
      /lengths do not agree/,
    ],
    [
      'a truncated edge list',
      (j: Json) => withTrie(j, 'exact', (t) => ({ edgeChars: t.edgeChars.slice(1) })),
      /exact/,
    ],
    [
      'unsorted edges',
      (j: Json) => withTrie(j, 'folded', () => ({ edgeChars: 'ba', childCounts: [2, 0, 0], outputCounts: [0, 0, 0] })),
      /edges are not sorted/,
    ],
    [
      'edges leading back to earlier nodes',
      (j: Json) =>
        withTrie(j, 'folded', () => ({ edgeChars: 'ab', childCounts: [1, 0, 1], outputCounts: [0, 0, 0] })),
      /breadth-first/,
    ],
  ])('refuses to load a matcher with %s', (_, corrupt, message) => {
    const json = JSON.parse(JSON.stringify(buildAliasMatcher([patterns[4]!]).toJSON())) as Json;
    expect(() => AliasMatcher.fromJSON(json)).not.toThrow();
    expect(() => AliasMatcher.fromJSON(corrupt(json))).toThrow(message);
  });
});

describe('patternsFromEntities', () => {
  it('makes one pattern per alias, keeping case sensitivity', () => {
    expect(
      patternsFromEntities([
        {
          id: 'agency:ice',
          aliases: [
            { text: 'ICE', caseSensitive: true },
            { text: 'Immigration and Customs Enforcement', caseSensitive: false },
          ],
        },
      ]),
    ).toEqual([
      { text: 'ICE', caseSensitive: true, entityId: 'agency:ice' },
      { text: 'Immigration and Customs Enforcement', caseSensitive: false, entityId: 'agency:ice' },
    ]);
  });
});

describe('lowerCaseAligned', () => {
  it.each([
    ['ICE and CBP', 'ice and cbp'],
    ['TRÉVON', 'trévon'],
    ['\u0130STANBUL', '\u0130stanbul'],
  ])('lower-cases %j without changing its length', (text, lower) => {
    expect(lowerCaseAligned(text)).toBe(lower);
    expect(lowerCaseAligned(text)).toHaveLength(text.length);
  });
});
