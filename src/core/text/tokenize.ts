import { foldString } from './normalize';

/** Words too common in news prose to say anything about a passage. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by for from had has have he her his i in into is it its of on or our ' +
    'she so than that the their them then there these they this those to was we were what when where which ' +
    'who will with would not no do does did can could should may might also any all more most some such ' +
    'only over said says about after before up out if just us were being while during'
  ).split(' '),
);

const TOKEN = /[\p{L}\p{N}]+(?:[.,'][\p{L}\p{N}]+)*/gu;

/**
 * Light stemming: enough to let "arrests"/"arrest" and "cities"/"city" meet,
 * without a full Porter stemmer whose stems read badly in "why it matched".
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("'s")) word = word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Splits text into search terms: folded, lower-cased, stopwords dropped,
 * thousands separators removed so "2,000" and "2000" are one term.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const match of foldString(text).toLowerCase().matchAll(TOKEN)) {
    let word = match[0];
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(word)) word = word.replace(/,/g, '');
    else if (word.includes(',')) {
      for (const part of word.split(',')) pushTerm(terms, part);
      continue;
    }
    pushTerm(terms, word);
  }
  return terms;
}

function pushTerm(terms: string[], word: string): void {
  if (word.length === 0 || STOPWORDS.has(word)) return;
  if (word.length === 1 && !/\d/.test(word)) return;
  terms.push(stem(word));
}
