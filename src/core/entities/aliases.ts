/**
 * Alias rules: which surface forms of an entity the matcher looks for.
 *
 * - Acronyms (2-8 capitals/digits with at least one letter: ICE, CBP, BORTAC)
 *   match case-sensitively, so "ice" and "Ice Age" are not ICE. Everything
 *   else matches in any case.
 * - Number variants are generated here, at build time: an alias whose last
 *   word is a lower-case common noun gets its other number ("sanctuary city"
 *   ↔ "sanctuary cities"). Capitalised last words are names ("Operation Safe
 *   City", "Matthew Albence") and are left alone, as are heads after a
 *   preposition ("cap on refugees").
 * - Possessives get no variants: the matcher treats the apostrophe as a word
 *   boundary, so "ICE's" and "agents'" match as "ICE" and "agents" (the match
 *   span stops before the apostrophe).
 */
import type { Alias } from '../index/types';
import { foldString } from '../text/normalize';

const ACRONYM = /^(?=.*[A-Z])[A-Z0-9]{2,8}$/;

export function isAcronym(text: string): boolean {
  return ACRONYM.test(text);
}

export function toAlias(text: string): Alias {
  const folded = foldString(text);
  return { text: folded, caseSensitive: isAcronym(folded) };
}

/**
 * Identity of an alias for duplicate and ownership checks. Deliberately case
 * blind even for acronyms: "ICE" and "ice" must not belong to two entities.
 */
export function aliasKey(text: string): string {
  return foldString(text).toLowerCase();
}

const IRREGULAR_PLURALS: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
};
const IRREGULAR_SINGULARS: Record<string, string> = Object.fromEntries(
  Object.entries(IRREGULAR_PLURALS).map(([singular, plural]) => [plural, singular]),
);

/** Words after which the last word is not the head noun ("cap on refugees"). */
const HEAD_BLOCKERS = new Set(['of', 'on', 'in', 'for', 'to', 'from', 'at', 'with', 'by', 'the', 'a', 'an']);

function looksPlural(word: string): boolean {
  return word in IRREGULAR_SINGULARS || (word.endsWith('s') && !/(ss|us|is)$/.test(word));
}

export function pluralize(word: string): string {
  const irregular = IRREGULAR_PLURALS[word];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/is$/.test(word)) return word.slice(0, -2) + 'es';
  if (/(s|x|z|ch|sh)$/.test(word)) return word + 'es';
  return word + 's';
}

export function singularize(word: string): string {
  const irregular = IRREGULAR_SINGULARS[word];
  if (irregular) return irregular;
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** The other grammatical number of `phrase`, or undefined when its last word is not a common noun. */
export function numberVariant(phrase: string): string | undefined {
  const words = phrase.split(' ');
  const last = words[words.length - 1]!;
  const before = words[words.length - 2];
  if (!/^[a-z]{2,}$/.test(last)) return undefined;
  if (before !== undefined && HEAD_BLOCKERS.has(before.toLowerCase())) return undefined;
  const other = looksPlural(last) ? singularize(last) : pluralize(last);
  return [...words.slice(0, -1), other].join(' ');
}

/**
 * All aliases for the given surface forms: folded, with number variants,
 * without duplicates (by `aliasKey`), in input order with each variant
 * right after its source.
 */
export function expandAliases(texts: readonly string[]): Alias[] {
  const seen = new Set<string>();
  const aliases: Alias[] = [];
  const add = (text: string): void => {
    const alias = toAlias(text);
    const key = aliasKey(alias.text);
    if (alias.text === '' || seen.has(key)) return;
    seen.add(key);
    aliases.push(alias);
  };
  for (const text of texts) {
    const folded = foldString(text);
    add(folded);
    const variant = numberVariant(folded);
    if (variant !== undefined) add(variant);
  }
  return aliases;
}
