/**
 * Text folding shared by the compiler and the page scanner.
 *
 * Pages and raw articles spell the same words with different code points
 * (curly quotes, non-breaking spaces, soft hyphens, line breaks). Folding maps
 * them to one form so a single matcher and tokenizer serve both; `map` keeps
 * the way back to offsets in the original string.
 */

export interface FoldedText {
  /** Folded text: case kept, whitespace runs collapsed to one space. */
  text: string;
  /** `map[i]` is the index in the original string of folded char `i`; `map[text.length]` is one past the last source char. */
  map: Int32Array;
}

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
const SPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]/;

/** Single-character equivalents; everything not listed maps to itself. */
const CHAR_FOLD: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u00B4': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};

/** Folds one character (already known not to be invisible or space). */
export function foldChar(ch: string): string {
  return CHAR_FOLD[ch] ?? ch;
}

/**
 * Folds `raw` for matching: drops soft hyphens and zero-width characters,
 * collapses every whitespace run (including NBSP and newlines) to one space,
 * and maps curly quotes and dash variants to ASCII. One folded char never
 * stands for more than one visible source char, so offsets map back exactly.
 */
export function foldText(raw: string): FoldedText {
  let out = '';
  const map: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (INVISIBLE.test(ch)) continue;
    if (SPACE.test(ch)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0) {
      if (out.length > 0) {
        out += ' ';
        map.push(pendingSpace);
      }
      pendingSpace = -1;
    }
    out += foldChar(ch);
    map.push(i);
  }
  // A trailing space is dropped; map one past the last kept char.
  const last = map.length > 0 ? map[map.length - 1]! + 1 : 0;
  map.push(last);
  return { text: out, map: Int32Array.from(map) };
}

/** Folded text only, for callers that need no offsets (tokenizing, display keys). */
export function foldString(raw: string): string {
  return foldText(raw).text;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** True when `ch` is part of a word (letter or digit in any script). */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}
