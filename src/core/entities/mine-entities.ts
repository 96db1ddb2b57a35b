/**
 * Entities read from the corpus itself, to complement the curated gazetteer:
 * - acronym definitions, "Immigration and Customs Enforcement (ICE)": the long
 *   form is the run of capitalised words (with and/of/the/for allowed inside,
 *   a possessive allowed at the end) right before the parenthesis whose
 *   initials spell the acronym;
 * - titled people, "Acting ICE director Matthew Albence", "Mike Alvarez, an
 *   ICE spokesman": the name becomes the alias, the title the description.
 */
import type { EntityRecord, EntityType, GazetteerEntry } from '../index/types';
import { foldString } from '../text/normalize';
import { aliasKey, expandAliases, isAcronym } from './aliases';

export interface MinedAcronym {
  acronym: string;
  longForm: string;
  type: EntityType;
}

export interface MinedPerson {
  name: string;
  /** Titles as written around the name, distinct, in order of appearance. */
  titles: string[];
}

export interface MinedEntities {
  acronyms: MinedAcronym[];
  people: MinedPerson[];
}

/** An entity before passages are attached. */
export type MergedEntity = Omit<EntityRecord, 'passages'>;

// ---------------------------------------------------------------- acronyms

const CONNECTORS = new Set(['and', 'of', 'the', 'for', '&']);
const PARENTHESISED = /\(([^()\s]{2,12})\)/g;
const CAPITALISED = /^\p{Lu}[\p{L}.'-]*$/u;

/** Head nouns that tell an acronym's entity type; the last one in the long form wins. */
const TYPE_BY_HEAD: Record<string, EntityType> = {};
for (const [type, heads] of [
  ['agency', 'Enforcement Protection Patrol Agency Department Service Services Bureau Administration Commission Customs Security Operations Office Investigations Review'],
  ['unit', 'Unit Team Teams Squad Division Force'],
  ['organisation', 'Convention Party Committee Union Council Association Federation Foundation Coalition Network Alliance Institute Center Centre Project League Court Organization Organisation International Campaign'],
  ['policy', 'Act Program Programme Policy Protocols Order Arrivals Status'],
] as const) {
  for (const head of heads.split(' ')) TYPE_BY_HEAD[head] = type;
}

/** Entity type guessed from an acronym's long form; 'organisation' when nothing tells. */
export function guessAcronymType(longForm: string): EntityType {
  const words = longForm.split(' ');
  if (words[0] === 'Operation') return 'operation';
  for (let i = words.length - 1; i >= 0; i--) {
    const type = TYPE_BY_HEAD[words[i]!];
    if (type) return type;
  }
  return 'organisation';
}

/**
 * True when the initials of `words` spell `acronym`: every capitalised word
 * (or hyphen part) gives its first letter; connectors and lower-case hyphen
 * parts may give theirs or nothing ("Department of Justice" is DOJ or DJ).
 */
function spells(words: readonly string[], acronym: string): boolean {
  const parts = words.flatMap((word) => (CONNECTORS.has(word.toLowerCase()) ? [word.toLowerCase()] : word.split('-')));
  const fits = (p: number, a: number): boolean => {
    if (p === parts.length) return a === acronym.length;
    const part = parts[p]!;
    const initial = part[0]!.toUpperCase();
    const takes = a < acronym.length && acronym[a] === initial && fits(p + 1, a + 1);
    const optional = CONNECTORS.has(part) || !/^\p{Lu}/u.test(part);
    return takes || (optional && fits(p + 1, a));
  };
  return fits(0, 0);
}

/** Acronyms defined in `text` as "Long Form (ACRONYM)". */
export function mineAcronyms(text: string): MinedAcronym[] {
  const folded = foldString(text);
  const found: MinedAcronym[] = [];
  for (const match of folded.matchAll(PARENTHESISED)) {
    const acronym = match[1]!;
    if (!isAcronym(acronym)) continue;
    const before = folded.slice(0, match.index);
    if (!before.endsWith(' ')) continue;
    const words = before.trimEnd().split(' ');
    words[words.length - 1] = words[words.length - 1]!.replace(/'s?$/, '');
    // The run of capitalised words and connectors that ends at the parenthesis.
    let runStart = words.length;
    while (runStart > 0) {
      const word = words[runStart - 1]!;
      if (!CAPITALISED.test(word) && !CONNECTORS.has(word)) break;
      runStart--;
    }
    // The longest suffix of the run, starting on a capitalised non-connector, that spells the acronym.
    for (let start = runStart; start < words.length; start++) {
      const first = words[start]!;
      if (CONNECTORS.has(first.toLowerCase())) continue;
      const longForm = words.slice(start);
      if (spells(longForm, acronym)) {
        const joined = longForm.join(' ');
        found.push({ acronym, longForm: joined, type: guessAcronymType(joined) });
        break;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------- people

const TITLE_NOUNS = [
  'director', 'official', 'spokesman', 'spokeswoman', 'spokesperson', 'secretary', 'commissioner', 'chief',
  'judge', 'general', 'president', 'senator', 'governor', 'mayor', 'sheriff', 'adviser', 'advisor',
  'administrator', 'ambassador', 'attorney', 'lawyer',
];
const TITLE_NOUN_SET = new Set(TITLE_NOUNS);
/** Lower-case words that may stand inside a title before its noun ("acting ICE director"). */
const TITLE_MODIFIERS = new Set([
  'acting', 'executive', 'deputy', 'assistant', 'associate', 'senior', 'former', 'interim', 'press', 'field',
  'regional', 'chief', 'vice', 'attorney', 'district', 'federal', 'immigration', 'agency',
]);
/** Capitalised words that mark an organisation or place, never a person's name. */
const NON_NAME_WORDS = new Set(
  ('Department Agency Patrol Security Enforcement Service Services Office Party Court County City State States ' +
    'House Committee Convention Union Protection Customs Immigration Border Homeland Operations Administration ' +
    'Bureau Unit Police Republican Democratic National Federal University Act Program').split(' '),
);
const PREPOSITIONS = new Set(['for', 'of', 'at', 'in', 'with', 'to']);

const NAME_WORD = String.raw`(?:Mc|O')?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?`;
const NAME = String.raw`${NAME_WORD}(?: (?:\p{Lu}\.|${NAME_WORD})){0,2} ${NAME_WORD}`;
const TITLE_NOUN = TITLE_NOUNS.map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1)}`).join('|');
const OF_PHRASE = String.raw`(?: of (?:the )?\p{Lu}\p{Ll}+(?: (?:(?:of|and|the|for) )?\p{Lu}\p{Ll}+)*)?`;
const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}])`;
const NOT_BEFORE_WORD = String.raw`(?![\p{L}\p{N}])`;
/** "ICE official Henry Lucero", "Secretary of State Rex Tillerson". */
const TITLE_THEN_NAME = new RegExp(
  String.raw`${NOT_AFTER_WORD}((?:${TITLE_NOUN})${OF_PHRASE}) (${NAME})${NOT_BEFORE_WORD}`,
  'gu',
);
/** "Mike Alvarez, an ICE spokesman," */
const NAME_THEN_TITLE = new RegExp(String.raw`${NOT_AFTER_WORD}(${NAME}), (?:an?|the) ([^,.;:()"]{2,100}?)(?=[,.;])`, 'gu');

function isPersonName(name: string): boolean {
  return !name.split(' ').some((word) => NON_NAME_WORDS.has(word));
}

function startsSentence(tokens: readonly string[], k: number): boolean {
  return k === 0 || /[.!?]["')\]]*$/.test(tokens[k - 1]!);
}

/** Widens a title leftwards over its modifiers: "director" → "Acting ICE director". */
function widenTitle(before: string, title: string): string {
  const tokens = before.trimEnd().split(' ');
  let k = tokens.length - 1;
  const words: string[] = [];
  while (k >= 0 && words.length < 5) {
    const token = tokens[k]!;
    const fits =
      isAcronym(token) ||
      TITLE_MODIFIERS.has(token.toLowerCase()) ||
      (/^\p{Lu}\p{Ll}+$/u.test(token) && !startsSentence(tokens, k));
    if (!fits) break;
    words.unshift(token);
    k--;
  }
  return [...words, title].join(' ');
}

/** A title in the appositive is valid when its title noun is the head: last, or before a preposition. */
function appositiveTitle(phrase: string): string | undefined {
  const words = phrase.trim().split(' ');
  if (words.length > 10) return undefined;
  const head = words.findIndex((word) => TITLE_NOUN_SET.has(word.toLowerCase()));
  if (head < 0) return undefined;
  const next = words[head + 1];
  return next === undefined || PREPOSITIONS.has(next) ? words.join(' ') : undefined;
}

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** People named with a title in `text`, in order of appearance (a person may appear twice). */
export function mineTitledPeople(text: string): MinedPerson[] {
  const folded = foldString(text);
  const found: { at: number; person: MinedPerson }[] = [];
  for (const match of folded.matchAll(TITLE_THEN_NAME)) {
    const name = match[2]!;
    if (!isPersonName(name)) continue;
    const title = widenTitle(folded.slice(0, match.index), match[1]!);
    found.push({ at: match.index, person: { name, titles: [capitaliseFirst(title)] } });
  }
  for (const match of folded.matchAll(NAME_THEN_TITLE)) {
    const name = match[1]!;
    const title = appositiveTitle(match[2]!);
    if (title === undefined || !isPersonName(name)) continue;
    found.push({ at: match.index, person: { name, titles: [capitaliseFirst(title)] } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.person);
}

/** Acronyms and titled people across paragraphs, each listed once (a person's titles gathered). */
export function mineEntities(paragraphs: readonly string[]): MinedEntities {
  const acronyms = new Map<string, MinedAcronym>();
  const people = new Map<string, MinedPerson>();
  for (const paragraph of paragraphs) {
    for (const acronym of mineAcronyms(paragraph)) {
      const key = `${acronym.acronym} ${aliasKey(acronym.longForm)}`;
      if (!acronyms.has(key)) acronyms.set(key, acronym);
    }
    for (const person of mineTitledPeople(paragraph)) {
      const key = aliasKey(person.name);
      const known = people.get(key);
      if (!known) people.set(key, { name: person.name, titles: [...person.titles] });
      else {
        for (const title of person.titles) {
          if (!known.titles.some((t) => aliasKey(t) === aliasKey(title))) known.titles.push(title);
        }
      }
    }
  }
  return { acronyms: [...acronyms.values()], people: [...people.values()] };
}

// ---------------------------------------------------------------- merging

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The gazetteer plus what was mined. A mined acronym or long form that is
 * already an alias of an entry adds its missing forms to that entry (origin
 * 'both'); otherwise it becomes `mined:<acronym>`. A mined person whose name
 * is a known person alias (or whose `person:<slug>` id exists) merges the same
 * way; a name that belongs to a non-person entry is dropped as a misreading.
 * An alias never moves from the entity that has it.
 */
export function mergeEntities(gazetteer: readonly GazetteerEntry[], mined: MinedEntities): MergedEntity[] {
  const entities: MergedEntity[] = [];
  const owner = new Map<string, number>();
  const byId = new Map<string, number>();

  const addAliases = (index: number, texts: readonly string[]): void => {
    const entity = entities[index]!;
    for (const alias of expandAliases(texts)) {
      const key = aliasKey(alias.text);
      if (owner.has(key)) continue;
      owner.set(key, index);
      entity.aliases.push(alias);
    }
  };
  const add = (entity: MergedEntity, texts: readonly string[]): void => {
    const index = entities.length;
    entities.push(entity);
    byId.set(entity.id, index);
    addAliases(index, texts);
  };
  const confirm = (index: number, texts: readonly string[]): void => {
    const entity = entities[index]!;
    if (entity.origin === 'gazetteer') entity.origin = 'both';
    addAliases(index, texts);
  };

  for (const entry of gazetteer) {
    const { id, type, name, description } = entry;
    add({ id, type, name, aliases: [], description, origin: 'gazetteer' }, [name, ...entry.aliases]);
  }

  for (const { acronym, longForm, type } of mined.acronyms) {
    const known = owner.get(aliasKey(acronym)) ?? owner.get(aliasKey(longForm));
    if (known !== undefined) confirm(known, [longForm, acronym]);
    else {
      add(
        {
          id: `mined:${slugify(acronym)}`,
          type,
          name: longForm,
          aliases: [],
          description: `${longForm} (${acronym}), as defined in the corpus.`,
          origin: 'mined',
        },
        [longForm, acronym],
      );
    }
  }

  for (const { name, titles } of mined.people) {
    const id = `person:${slugify(name)}`;
    const known = owner.get(aliasKey(name)) ?? byId.get(id);
    if (known === undefined) {
      add({ id, type: 'person', name, aliases: [], description: titles.join('; '), origin: 'mined' }, [name]);
    } else if (entities[known]!.type === 'person') confirm(known, [name]);
  }

  return entities;
}
