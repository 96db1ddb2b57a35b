import { describe, expect, it } from 'vitest';
import { curatedGazetteer, rawCorpusParagraphs } from '../helpers/corpus';
import {
  guessAcronymType,
  mergeEntities,
  mineAcronyms,
  mineEntities,
  mineTitledPeople,
  slugify,
  type MinedEntities,
} from '../../../src/core/entities/mine-entities';
import type { GazetteerEntry } from '../../../src/core/index/types';

const paragraphs = rawCorpusParagraphs();
const gazetteer = curatedGazetteer();

/** The corpus paragraph containing `needle` (the test data is the real articles). */
function paragraphWith(needle: string): string {
  const found = paragraphs.find((p) => p.replace(/\s+/g, ' ').includes(needle));
  if (found === undefined) throw new Error(`no corpus paragraph contains ${JSON.stringify(needle)}`);
  return found;
}

describe('mineAcronyms on the corpus', () => {
  it.each([
    ['Immigration and Customs Enforcement (ICE)', 'ICE', 'Immigration and Customs Enforcement', 'agency'],
    ['Customs and Border Protection (CBP)', 'CBP', 'Customs and Border Protection', 'agency'],
    ['Customs and Border Patrol (CBP)', 'CBP', 'Customs and Border Patrol', 'agency'],
    ['Enforcement and Removal Operations (ERO)', 'ERO', 'Enforcement and Removal Operations', 'agency'],
    ["Republican National Convention's (RNC)", 'RNC', 'Republican National Convention', 'organisation'],
    ['US Immigration and Customs Enforcement (ICE) agency', 'ICE', 'Immigration and Customs Enforcement', 'agency'],
  ])('reads %j', (needle, acronym, longForm, type) => {
    expect(mineAcronyms(paragraphWith(needle))).toContainEqual({ acronym, longForm, type });
  });

  it('finds exactly the definitions the corpus makes', () => {
    const found = mineEntities(paragraphs).acronyms.map((a) => `${a.longForm} (${a.acronym})`);
    expect(found.sort()).toEqual(
      [
        'Customs and Border Patrol (CBP)',
        'Customs and Border Protection (CBP)',
        'Enforcement and Removal Operations (ERO)',
        'Immigration and Customs Enforcement (ICE)',
        'Republican National Convention (RNC)',
      ].sort(),
    );
  });
});

describe('mineAcronyms rules', () => {
  it.each([
    ['Department of Justice (DOJ)', 'DOJ', 'Department of Justice'],
    ['the Federal Bureau of Investigation (FBI) said', 'FBI', 'Federal Bureau of Investigation'],
    ['the Anti-Defamation League (ADL)', 'ADL', 'Anti-Defamation League'],
    ['the U.S. Immigration and Customs Enforcement (ICE)', 'ICE', 'Immigration and Customs Enforcement'],
    ['the Republican National Convention\u2019s (RNC) broadcast', 'RNC', 'Republican National Convention'],
    ['Deferred Action for Childhood Arrivals (DACA)', 'DACA', 'Deferred Action for Childhood Arrivals'],
  ])('reads %j', (text, acronym, longForm) => {
    expect(mineAcronyms(text).map((a) => [a.acronym, a.longForm])).toEqual([[acronym, longForm]]);
  });

  it.each([
    ['cases of the disease (COVID-19) rose'],
    ['detained by the agency (ICE) last week'],
    ['the Department of Homeland Security (ICE)'],
    ['Immigration and Customs Enforcement (Ice)'],
    ['the first option (A) and the second'],
    ['arrests (2019) rose'],
    ['Immigration and Customs Enforcement(ICE)'],
  ])('rejects %j', (text) => {
    expect(mineAcronyms(text)).toEqual([]);
  });

  it.each([
    ['Immigration and Customs Enforcement', 'agency'],
    ['Border Patrol Tactical Unit', 'unit'],
    ['Socialist Equality Party', 'organisation'],
    ['International Committee of the Fourth International', 'organisation'],
    ['Deferred Action for Childhood Arrivals', 'policy'],
    ['Operation Safe City', 'operation'],
    ['Rocky Mountain Highs', 'organisation'],
  ])('guesses the type of %j', (longForm, type) => {
    expect(guessAcronymType(longForm)).toBe(type);
  });
});

describe('mineTitledPeople on the corpus', () => {
  it.each([
    ['Acting ICE director Matthew Albence', 'Matthew Albence', 'Acting ICE director'],
    ['ICE Acting Director Thomas Homan', 'Thomas Homan', 'ICE Acting Director'],
    ['ICE official Henry Lucero', 'Henry Lucero', 'ICE official'],
    [
      'acting Secretary of the Department of Homeland Security Chad Wolf',
      'Chad Wolf',
      'Acting Secretary of the Department of Homeland Security',
    ],
    ['Mike Alvarez, an ICE spokesman', 'Mike Alvarez', 'ICE spokesman'],
    ['ACLU executive director Anthony Romero', 'Anthony Romero', 'ACLU executive director'],
    ['Judge William H. Orrick', 'William H. Orrick', 'California District Court Judge'],
    [
      'Henry Lucero, the executive official',
      'Henry Lucero',
      'Executive official for enforcement and removal operations',
    ],
    ['Secretary of State Rex Tillerson', 'Rex Tillerson', 'Secretary of State'],
  ])('reads %j', (needle, name, title) => {
    expect(mineTitledPeople(paragraphWith(needle))).toContainEqual({ name, titles: [title] });
  });

  it('gathers every title of a person named twice', () => {
    const lucero = mineEntities(paragraphs).people.find((p) => p.name === 'Henry Lucero');
    expect(lucero?.titles).toEqual(['Executive official for enforcement and removal operations', 'ICE official']);
  });

  it.each([
    ['the chief Border Patrol agent said'],
    ['Los Angeles, an official sanctuary city, refused'],
    ['Yesterday the official said nothing.'],
    ['ICE official said the agency would act'],
    ['Stephen Miller, the author of the plan, spoke'],
  ])('finds no titled person in %j', (text) => {
    expect(mineTitledPeople(text)).toEqual([]);
  });
});

describe('mergeEntities', () => {
  const merged = mergeEntities(gazetteer, mineEntities(paragraphs));
  const byId = new Map(merged.map((e) => [e.id, e]));

  it('folds mined acronyms into the gazetteer entries they name', () => {
    expect(byId.get('agency:cbp')?.origin).toBe('both');
    expect(byId.get('agency:ice')?.origin).toBe('both');
    expect(byId.get('agency:ero')?.origin).toBe('both');
    expect(merged.filter((e) => e.id.startsWith('mined:')).map((e) => e.id)).toEqual(['mined:rnc']);
  });

  it('adds a new entity for an acronym the gazetteer lacks', () => {
    expect(byId.get('mined:rnc')).toEqual({
      id: 'mined:rnc',
      type: 'organisation',
      name: 'Republican National Convention',
      aliases: [
        { text: 'Republican National Convention', caseSensitive: false },
        { text: 'RNC', caseSensitive: true },
      ],
      description: 'Republican National Convention (RNC), as defined in the corpus.',
      origin: 'mined',
    });
  });

  it('keeps curated descriptions for people the gazetteer knows', () => {
    const albence = gazetteer.find((g) => g.id === 'person:matthew-albence')!;
    expect(byId.get('person:matthew-albence')).toMatchObject({ origin: 'both', description: albence.description });
  });

  it('leaves untouched what was not mined', () => {
    expect(byId.get('unit:borstar')?.origin).toBe('gazetteer');
    expect(merged.length).toBe(gazetteer.length + 1);
  });

  it('gives every alias to exactly one entity', () => {
    const owners = new Map<string, string>();
    for (const entity of merged) {
      for (const alias of entity.aliases) {
        const key = alias.text.toLowerCase();
        expect(owners.get(key) ?? entity.id, `"${alias.text}"`).toBe(entity.id);
        owners.set(key, entity.id);
      }
    }
  });

  const small: GazetteerEntry[] = [
    { id: 'agency:ice', type: 'agency', name: 'ICE', aliases: [], description: 'Immigration agency.' },
    {
      id: 'agency:cbp',
      type: 'agency',
      name: 'U.S. Customs and Border Protection',
      aliases: ['CBP'],
      description: 'Border agency.',
    },
    { id: 'place:rio-grande', type: 'place', name: 'Rio Grande', aliases: [], description: 'River.' },
  ];

  it('adds the long form of a known acronym as a new alias', () => {
    const mined: MinedEntities = {
      acronyms: [
        { acronym: 'CBP', longForm: 'Customs and Border Patrol', type: 'agency' },
        { acronym: 'ICE', longForm: 'Immigration and Customs Enforcement', type: 'agency' },
      ],
      people: [],
    };
    const result = mergeEntities(small, mined);
    expect(result.find((e) => e.id === 'agency:cbp')).toMatchObject({
      origin: 'both',
      aliases: [
        { text: 'U.S. Customs and Border Protection', caseSensitive: false },
        { text: 'CBP', caseSensitive: true },
        { text: 'Customs and Border Patrol', caseSensitive: false },
      ],
    });
    expect(result.find((e) => e.id === 'agency:ice')?.aliases.map((a) => a.text)).toEqual([
      'ICE',
      'Immigration and Customs Enforcement',
    ]);
  });

  it('creates people from their titles, and drops names that belong to something else', () => {
    const mined: MinedEntities = {
      acronyms: [],
      people: [
        { name: 'Matthew Albence', titles: ['Acting ICE director'] },
        { name: 'Rio Grande', titles: ['Chief'] },
        { name: 'Henry Lucero', titles: ['ICE official', 'Executive official for enforcement and removal operations'] },
      ],
    };
    const result = mergeEntities(small, mined);
    expect(result.slice(small.length)).toEqual([
      {
        id: 'person:matthew-albence',
        type: 'person',
        name: 'Matthew Albence',
        aliases: [{ text: 'Matthew Albence', caseSensitive: false }],
        description: 'Acting ICE director',
        origin: 'mined',
      },
      {
        id: 'person:henry-lucero',
        type: 'person',
        name: 'Henry Lucero',
        aliases: [{ text: 'Henry Lucero', caseSensitive: false }],
        description: 'ICE official; Executive official for enforcement and removal operations',
        origin: 'mined',
      },
    ]);
    expect(result.find((e) => e.id === 'place:rio-grande')?.origin).toBe('gazetteer');
  });

  it('never moves an alias away from the entity that has it', () => {
    const mined: MinedEntities = {
      acronyms: [{ acronym: 'RGV', longForm: 'Rio Grande', type: 'place' }],
      people: [],
    };
    const result = mergeEntities(small, mined);
    expect(result.find((e) => e.id === 'place:rio-grande')).toMatchObject({
      origin: 'both',
      aliases: [
        { text: 'Rio Grande', caseSensitive: false },
        { text: 'RGV', caseSensitive: true },
      ],
    });
    expect(result).toHaveLength(small.length);
  });
});

describe('slugify', () => {
  it.each([
    ['William H. Orrick', 'william-h-orrick'],
    ['Trévon Austin', 'trevon-austin'],
    ['RNC', 'rnc'],
  ])('slugifies %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });
});
