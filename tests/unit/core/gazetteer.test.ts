import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasKey, expandAliases } from '../../../src/core/entities/aliases';
import { checkGazetteer, ID_PREFIX, parseGazetteer } from '../../../src/core/entities/gazetteer';
import { ENTITY_TYPES } from '../../../src/core/index/types';

const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../../../assets/gazetteer.json'), 'utf8')) as unknown;

describe('assets/gazetteer.json', () => {
  const entries = parseGazetteer(raw);

  it('passes the schema check', () => {
    expect(checkGazetteer(raw)).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });

  it('has unique ids with the prefix of their known type', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const entry of entries) {
      expect(ENTITY_TYPES).toContain(entry.type);
      expect(entry.id.startsWith(`${ID_PREFIX[entry.type]}:`), entry.id).toBe(true);
    }
  });

  it('has a one-line description for every entry', () => {
    for (const entry of entries) expect(entry.description, entry.id).toMatch(/^[^\n]{10,200}$/);
  });

  it('gives no alias, variants included, to two entries', () => {
    const owners = new Map<string, string>();
    for (const entry of entries) {
      for (const alias of expandAliases([entry.name, ...entry.aliases])) {
        const key = aliasKey(alias.text);
        expect(owners.get(key) ?? entry.id, `"${alias.text}"`).toBe(entry.id);
        owners.set(key, entry.id);
      }
    }
  });

  it.each([
    ['agency:ice', ['ICE', 'Immigration and Customs Enforcement']],
    ['agency:cbp', ['CBP', 'Customs and Border Protection', 'Customs and Border Patrol']],
    ['agency:ero', ['ERO', 'Enforcement and Removal Operations']],
    ['agency:dhs', ['DHS', 'Department of Homeland Security']],
    ['agency:border-patrol', ['Border Patrol']],
    ['unit:bortac', ['BORTAC', 'Border Patrol Tactical Unit']],
    ['operation:safe-city', ['Operation Safe City']],
    ['operation:sanctuary-op', ['sanctuary op']],
    ['policy:sanctuary-cities', ['sanctuary cities', 'sanctuary city', 'sanctuary jurisdictions']],
    ['policy:travel-ban', ['travel ban', 'Muslim ban']],
    ['person:matthew-albence', ['Matthew Albence']],
    ['org:aclu', ['ACLU']],
  ])('covers %s', (id, expected) => {
    const entry = entries.find((e) => e.id === id);
    expect(entry, id).toBeDefined();
    const keys = expandAliases([entry!.name, ...entry!.aliases]).map((a) => aliasKey(a.text));
    for (const alias of expected) expect(keys, alias).toContain(aliasKey(alias));
  });
});

describe('checkGazetteer', () => {
  const good = {
    id: 'agency:ice',
    type: 'agency',
    name: 'U.S. Immigration and Customs Enforcement',
    aliases: ['ICE'],
    description: 'Immigration enforcement agency.',
  };

  it('accepts a well-formed entry', () => {
    expect(checkGazetteer([good])).toEqual([]);
  });

  it.each([
    ['a non-array', { entries: [good] }, /must be an array/],
    ['a non-object entry', [good, 'ICE'], /not an object/],
    ['a duplicate id', [good, { ...good, aliases: [], name: 'Other' }], /duplicate id/],
    ['an unknown type', [{ ...good, type: 'gang' }], /unknown type/],
    ['an id prefix of another type', [{ ...good, id: 'unit:ice' }], /id must look like "agency:/],
    ['an id with capitals', [{ ...good, id: 'agency:ICE' }], /id must look like/],
    ['an empty name', [{ ...good, name: ' ' }], /name must be/],
    ['aliases that are not strings', [{ ...good, aliases: ['ICE', 3] }], /aliases must be/],
    ['an empty description', [{ ...good, description: '' }], /description must be a non-empty/],
    ['a two-line description', [{ ...good, description: 'One.\nTwo.' }], /one line/],
    [
      'an alias claimed twice',
      [good, { ...good, id: 'agency:other', name: 'Other agency', aliases: ['ice'] }],
      /alias "ice" also belongs to entry 0 \(agency:ice\)/,
    ],
    [
      'a plural variant claimed twice',
      [
        { ...good, id: 'policy:a', type: 'policy', name: 'sanctuary city', aliases: [] },
        { ...good, id: 'policy:b', type: 'policy', name: 'Sanctuary cities', aliases: [] },
      ],
      /alias "Sanctuary cities" also belongs/,
    ],
  ])('reports %s', (_, value, problem) => {
    const problems = checkGazetteer(value);
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
    expect(() => parseGazetteer(value)).toThrow(/invalid gazetteer/);
  });
});
