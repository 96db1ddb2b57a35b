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
  /**
   * `map[i]` is the index in the original string of folded char `i`; `map[text.length]` is one past the last source char.
   * Read-only, and a view into a buffer shared with other maps (see `mapOfLength`).
   */
  map: Int32Array;
}

/** Characters dropped entirely: soft hyphen and zero-width marks. */
function isInvisible(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}

function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Single-character equivalents by code unit; everything not listed maps to itself. */
const CODE_FOLD = new Map<number, number>([
  [0x2018, 0x27],
  [0x2019, 0x27],
  [0x201a, 0x27],
  [0x201b, 0x27],
  [0x2032, 0x27],
  [0xb4, 0x27],
  [0x201c, 0x22],
  [0x201d, 0x22],
  [0x201e, 0x22],
  [0x2033, 0x22],
  [0x2010, 0x2d],
  [0x2011, 0x2d],
  [0x2012, 0x2d],
  [0x2013, 0x2d],
  [0x2014, 0x2d],
  [0x2015, 0x2d],
  [0x2212, 0x2d],
]);

/**
 * Maps are views into shared buffers: a typed array of its own per text
 * costs more than folding the text (each is a separately allocated buffer,
 * counted against the garbage collector). Unchanged texts share identity
 * offsets 0, 1, 2…; the others are carved one after another out of blocks,
 * and a view keeps its block alive while it is held.
 */
let identity = new Int32Array(0);
const MAP_BLOCK_LENGTH = 1 << 16;
let mapBlock = new Int32Array(0);
let mapBlockUsed = 0;

/** A fresh map of `length` entries (their values are the caller's to set). */
function mapOfLength(length: number): Int32Array {
  if (length > MAP_BLOCK_LENGTH / 8) return new Int32Array(length);
  if (mapBlockUsed + length > mapBlock.length) {
    mapBlock = new Int32Array(MAP_BLOCK_LENGTH);
    mapBlockUsed = 0;
  }
  mapBlockUsed += length;
  return mapBlock.subarray(mapBlockUsed - length, mapBlockUsed);
}

/** Gives back the unused end of the map just taken, which folding turned out not to need. */
function shortenLastMap(map: Int32Array, length: number): Int32Array {
  if (map.buffer === mapBlock.buffer) mapBlockUsed -= map.length - length;
  return map.subarray(0, length);
}

function identityMap(length: number): Int32Array {
  if (identity.length < length) {
    identity = new Int32Array(Math.max(length, identity.length * 2, 4096));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, length);
}

/**
 * The first place folding changes: anything but printable ASCII, a space at
 * either end, or a space not followed by a visible char. A regular
 * expression scans for it in native code, the usual case being none at all.
 */
const FOLD_NEEDED_RE = /[^\x20-\x7e]|^ | (?![\x21-\x7e])/;

/** What makes folding shift offsets: dropped chars, and whitespace other than single spaces between visible chars. */
const OFFSET_CHANGE_RE = /[\t-\r\u00a0\u00ad\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]|^ | $| {2}/;
/** The keys of CODE_FOLD by what they fold to. */
const FOLDS_TO_APOSTROPHE_RE = /[\u2018-\u201b\u2032\u00b4]/g;
const FOLDS_TO_QUOTE_RE = /[\u201c-\u201e\u2033]/g;
const FOLDS_TO_HYPHEN_RE = /[\u2010-\u2015\u2212]/g;

/**
 * Folds `raw` for matching: drops soft hyphens and zero-width characters,
 * collapses every whitespace run (including NBSP and newlines) to one space,
 * and maps curly quotes and dash variants to ASCII. One folded char never
 * stands for more than one visible source char, so offsets map back exactly.
 * Runs on every block of every page: it returns `raw` itself when folding
 * would not change it (most blocks), and otherwise builds the folded text
 * from slices of `raw` between the changes.
 */
export function foldText(raw: string): FoldedText {
  const unchanged = raw.search(FOLD_NEEDED_RE);
  if (unchanged < 0) return { text: raw, map: identityMap(raw.length + 1) };
  // Curly quotes and dashes only (a third of a news page's blocks): replaced in native code, offsets kept.
  if (!OFFSET_CHANGE_RE.test(raw)) {
    const text = raw.replace(FOLDS_TO_APOSTROPHE_RE, "'").replace(FOLDS_TO_QUOTE_RE, '"').replace(FOLDS_TO_HYPHEN_RE, '-');
    return { text, map: identityMap(raw.length + 1) };
  }
  const map = mapOfLength(raw.length + 1);
  for (let i = 0; i < unchanged; i++) map[i] = i;
  // The folded text is `text` followed by raw[runStart, runEnd), kept as it is.
  let text = '';
  let runStart = 0;
  let runEnd = unchanged;
  let length = unchanged;
  let pendingSpace = -1;
  for (let i = unchanged; i < raw.length; i++) {
    const original = raw.charCodeAt(i);
    let code = original;
    if (code <= 0x20 || code >= 0x7f) {
      if (isInvisible(code)) continue;
      if (isSpace(code)) {
        if (pendingSpace < 0) pendingSpace = i;
        continue;
      }
      code = CODE_FOLD.get(code) ?? code;
    }
    if (pendingSpace >= 0) {
      if (length > 0) {
        if (pendingSpace !== runEnd || raw.charCodeAt(pendingSpace) !== 0x20) {
          text += raw.slice(runStart, runEnd) + ' ';
          runStart = pendingSpace + 1;
        }
        runEnd = pendingSpace + 1;
        map[length++] = pendingSpace;
      }
      pendingSpace = -1;
    }
    if (i !== runEnd || code !== original) {
      text += raw.slice(runStart, runEnd) + String.fromCharCode(code);
      runStart = i + 1;
    }
    runEnd = i + 1;
    map[length++] = i;
  }
  text += raw.slice(runStart, runEnd);
  // A trailing space is dropped; map one past the last kept char.
  map[length] = length > 0 ? map[length - 1]! + 1 : 0;
  return { text, map: shortenLastMap(map, length + 1) };
}

/** Folded text only, for callers that need no offsets (tokenizing, display keys). */
export function foldString(raw: string): string {
  return isFolded(raw) ? raw : foldText(raw).text;
}

/** True when folding leaves `raw` as it is: printable ASCII, single spaces between words (most words, many sentences). */
function isFolded(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code > 0x20 && code < 0x7f) continue;
    if (code !== 0x20 || i === 0 || i === raw.length - 1 || raw.charCodeAt(i - 1) === 0x20) return false;
  }
  return true;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether each UTF-16 code unit is a word char, filled in as met: 0 not yet known, 1 no, 2 yes. */
const WORD_CODES = new Uint8Array(0x10000);

/** True when the code unit `code` is part of a word (letter or digit in any script; a lone surrogate is not). */
export function isWordCode(code: number): boolean {
  let known = WORD_CODES[code]!;
  if (known === 0) WORD_CODES[code] = known = WORD_CHAR.test(String.fromCharCode(code)) ? 2 : 1;
  return known === 2;
}

/** True when `ch` is part of a word (letter or digit in any script). */
export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return ch.length === 1 ? isWordCode(ch.charCodeAt(0)) : WORD_CHAR.test(ch);
}

/** `file` without a leading byte order mark: editors on Windows often save UTF-8 with one, which JSON.parse refuses. */
export function withoutByteOrderMark(file: string): string {
  return file.startsWith('\ufeff') ? file.slice(1) : file;
}
