/**
 * One alias matcher for the compiler and the page scanner.
 *
 * An alias may only start where a word starts (no letter or digit before it),
 * so instead of an Aho–Corasick automaton the matcher walks a trie from each
 * such position. That finds exactly the matches Aho–Corasick plus a boundary
 * filter would, needs no failure links (a smaller serialised form), and does
 * work at word starts only. A walk is bounded by the longest alias.
 *
 * Two tries: case-sensitive aliases (acronyms) as written, walked over the
 * folded text; the rest lower-cased, walked over the lower-cased text.
 * A candidate is kept when:
 * - it ends at a word boundary too, so "dice", "NICE" and "ICED" are not ICE,
 *   while "ICE's" and "agents'" match (the apostrophe is a boundary and the
 *   span stops before it);
 * - for a case-sensitive alias, it is not shouting: an acronym inside all-caps
 *   text is ambiguous ("FREE ICE CREAM FRIDAY"). Look at the nearest words on
 *   each side (up to SHOUT_WINDOW, not crossing . ! ? ; |, ignoring words of
 *   fewer than two letters); if at least half of them are all-caps words that
 *   are not themselves known single-word aliases, the candidate is dropped. So
 *   "ICE and CBP agents" and "ICE ERO arrests" match, "FREE ICE CREAM FRIDAY"
 *   and "ABOLISH ICE" as a whole headline do not, "protesters chanted ABOLISH
 *   ICE at the rally" does;
 * - for a case-sensitive alias, it does not begin an idiom compound ("ICE-cold",
 *   see `startsIdiomCompound`), while "ICE-led" and "anti-ICE" match;
 * - for an alias of a person (an entity whose id has the person prefix), it is
 *   not followed by a generation suffix ("Donald Trump Jr." is not Donald
 *   Trump) and, for a one-word alias (a surname), it does not follow another
 *   given name ("Michelle Obama" is not Barack Obama; "President Obama",
 *   "Under Obama" and "Mr. Obama" are). See name-context.ts.
 * Matches are leftmost-longest and never overlap; on an exact tie the earlier
 * pattern wins.
 */
import type { Alias } from '../index/types';
import { ID_PREFIX } from '../entities/gazetteer';
import { foldString, isWordCode } from '../text/normalize';
import { followsOtherGivenName, precedesGenerationSuffix, startsIdiomCompound } from './name-context';

export interface AliasPattern {
  text: string;
  caseSensitive: boolean;
  entityId: string;
}

export interface AliasMatch {
  /** Offsets into the folded text given to `match`. */
  start: number;
  end: number;
  entityId: string;
  /** The alias as given (folded), not the text as written on the page. */
  alias: string;
}

/**
 * A trie in breadth-first order with each node's children sorted by char, so
 * edge `e` always leads to node `e + 1` and needs no stored target.
 */
export interface SerializedTrie {
  /** Edge labels (UTF-16 units). */
  edgeChars: string;
  /** Per node: number of outgoing edges. */
  childCounts: number[];
  /** Per node: number of patterns ending there; their indexes follow in `outputs`. */
  outputCounts: number[];
  outputs: number[];
}

export const MATCHER_FORMAT_VERSION = 1;

export interface SerializedMatcher {
  version: typeof MATCHER_FORMAT_VERSION;
  entityIds: string[];
  /** Folded alias text per pattern. */
  aliases: string[];
  /** Per pattern: entity index * 2 + 1 if case-sensitive. */
  patternInfo: number[];
  /** Case-sensitive aliases as written. */
  exact: SerializedTrie;
  /** Other aliases, lower-cased. */
  folded: SerializedTrie;
}

/** Words inspected on each side of an acronym by the shouting rule. */
const SHOUT_WINDOW = 3;
const CLAUSE_STOP_CODES = new Set([...'.!?;|'].map((ch) => ch.charCodeAt(0)));
const PERSON_ID_PREFIX = `${ID_PREFIX.person}:`;

/**
 * Lower-cases without changing length, so offsets stay valid. Characters
 * whose lower case is longer (U+0130) are kept as they are.
 */
export function lowerCaseAligned(text: string): string {
  const lower = text.toLowerCase();
  // Lower-casing never shrinks a code point, so equal length means no code point grew.
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const lowered = ch.toLowerCase();
    out += lowered.length === ch.length ? lowered : ch;
  }
  return out;
}

/** `isWordChar(text[index])`; false outside the text. */
function wordCharAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isWordCode(text.charCodeAt(index));
}

/** ASCII lower case by code: what `lowerCaseAligned` does to an ASCII char. */
const ASCII_LOWER = new Uint8Array(128);
for (let code = 0; code < 128; code++) ASCII_LOWER[code] = code >= 65 && code <= 90 ? code + 32 : code;
/** The same for ASCII word chars, 0 for other ASCII chars: one look tells both. */
const ASCII_WORD_LOWER = new Uint8Array(128);
for (let code = 0; code < 128; code++) ASCII_WORD_LOWER[code] = isWordCode(code) ? ASCII_LOWER[code]! : 0;

const NON_ASCII_RE = /[^\0-\x7f]/;

/** FNV-1a over lower-cased code units, to recognise words. */
const HASH_SEED = 0x811c9dc5;
const HASH_PRIME = 0x01000193;

/** Bits in the table of first words: a few thousand aliases leave it sparse. */
const FIRST_WORD_BITS = 15;

/**
 * How aliases begin: their first words, lower-cased, as a bit set of their
 * hashes, and the first chars of those that begin with another char. A word
 * that begins no alias (most words of a page) is passed over without walking
 * the tries from it; a hash collision only costs a walk.
 */
class AliasStarts {
  private readonly firstWords = new Int32Array(1 << (FIRST_WORD_BITS - 5));
  private readonly otherFirstChars = new Set<number>();

  add(alias: string): void {
    const lower = lowerCaseAligned(alias);
    let hash = HASH_SEED;
    let length = 0;
    for (; length < lower.length && isWordCode(lower.charCodeAt(length)); length++) hash = Math.imul(hash ^ lower.charCodeAt(length), HASH_PRIME);
    if (length === 0) {
      this.otherFirstChars.add(lower.charCodeAt(0));
      return;
    }
    const slot = hash >>> (32 - FIRST_WORD_BITS);
    this.firstWords[slot >>> 5]! |= 1 << (slot & 31);
  }

  /** Whether an alias may begin with the word whose lower-cased code units hash to `hash`. */
  mayBeginWith(hash: number): boolean {
    const slot = hash >>> (32 - FIRST_WORD_BITS);
    return (this.firstWords[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  /** Whether an alias may begin with `code`, which is no word char (beyond ASCII, any may: its lower case is not looked up). */
  mayBeginWithOther(code: number): boolean {
    return code < 128 ? this.otherFirstChars.has(code) : this.otherFirstChars.size > 0;
  }
}

const UPPER = /\p{Lu}/u;
const NUMBER = /\p{N}/u;

function isUpperLetter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code < 128 ? code >= 65 && code <= 90 : UPPER.test(text[index]!);
}

/** A letter that is not upper case (lower case or uncased), so its word is not all caps. */
function isNonUpperLetter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return code >= 97 && code <= 122;
  const ch = text[index]!;
  return !UPPER.test(ch) && !NUMBER.test(ch);
}

/** Printable ASCII with single inner spaces: what folding leaves unchanged. */
const ALREADY_FOLDED = /^(?! )(?!.* {2})[\x20-\x7E]*(?<! )$/;

/** `foldString`, skipped for the usual alias that is already folded (it costs a regex per char). */
function foldPattern(text: string): string {
  return ALREADY_FOLDED.test(text) ? text : foldString(text);
}

function prefixSums(counts: ArrayLike<number>): Int32Array {
  const sums = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) sums[i + 1] = sums[i]! + counts[i]!;
  return sums;
}

function charCodesToString(codes: Uint16Array): string {
  let out = '';
  // Chunked: spreading a large array into fromCharCode overflows the argument limit.
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.subarray(i, i + 8192));
  return out;
}

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error(`matcher: ${field} must be an array of strings`);
  }
  return value;
}

/**
 * Non-negative integers below `bound`, checked and copied in one plain loop:
 * every page loads a matcher, and runs this code cold.
 */
function intArray(value: unknown, field: string, bound: number): Int32Array {
  const invalid = () => new Error(`matcher: ${field} must be an array of integers in [0, ${bound})`);
  if (!Array.isArray(value)) throw invalid();
  const ints = new Int32Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= bound) throw invalid();
    ints[i] = v;
  }
  return ints;
}

/**
 * `sums[i]` is the total of the first `i` counts of `value`, which must be
 * non-negative integers below `bound`: checked and summed in one plain loop.
 */
function checkedPrefixSums(value: unknown, field: string, bound: number): Int32Array {
  const invalid = () => new Error(`matcher: ${field} must be an array of integers in [0, ${bound})`);
  if (!Array.isArray(value)) throw invalid();
  const sums = new Int32Array(value.length + 1);
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= bound) throw invalid();
    total += v;
    sums[i + 1] = total;
  }
  // A total past the Int32 range would have wrapped.
  if (sums[value.length] !== total) throw invalid();
  return sums;
}

class Trie {
  /** Root edges for ASCII, the commonest first step, without a search. */
  private readonly rootAscii: Int32Array;

  /** `edgeStart` and `outputStart` are the prefix sums of the nodes' edge and output counts. */
  constructor(
    private readonly edgeChars: Uint16Array,
    private readonly edgeStart: Int32Array,
    private readonly outputStart: Int32Array,
    private readonly outputs: Int32Array,
  ) {
    this.rootAscii = new Int32Array(128).fill(-1);
    for (let e = 0; e < this.edgeStart[1]! && edgeChars[e]! < 128; e++) this.rootAscii[edgeChars[e]!] = e + 1;
  }

  /** Throws on anything malformed rather than matching wrongly. */
  static fromJSON(value: unknown, field: string, patternCount: number): Trie {
    if (typeof value !== 'object' || value === null) throw new Error(`matcher: ${field} must be an object`);
    const j = value as Record<string, unknown>;
    if (typeof j.edgeChars !== 'string') throw new Error(`matcher: ${field}.edgeChars must be a string`);
    const edgeText = j.edgeChars;
    const nodeCount = edgeText.length + 1;
    // Each array is read in one pass (every page loads a matcher, and runs this code cold).
    const edgeStart = checkedPrefixSums(j.childCounts, `${field}.childCounts`, nodeCount);
    const outputStart = checkedPrefixSums(j.outputCounts, `${field}.outputCounts`, patternCount + 1);
    const outputs = intArray(j.outputs, `${field}.outputs`, patternCount);
    const lengthsAgree = edgeStart.length === nodeCount + 1 && outputStart.length === nodeCount + 1;
    // The last prefix sums are the totals: one edge into every node but the root, and every output listed.
    if (!lengthsAgree || edgeStart[nodeCount] !== nodeCount - 1 || outputStart[nodeCount] !== outputs.length) {
      throw new Error(`matcher: ${field} array lengths do not agree`);
    }
    const edgeChars = new Uint16Array(nodeCount - 1);
    for (let node = 0; node < nodeCount; node++) {
      const first = edgeStart[node]!;
      const end = edgeStart[node + 1]!;
      // Children come after their parent, and each node's edges are sorted for the binary search.
      if (end > first && first < node) throw new Error(`matcher: ${field} is not in breadth-first order`);
      let previous = -1;
      for (let e = first; e < end; e++) {
        const code = edgeText.charCodeAt(e);
        if (code <= previous) throw new Error(`matcher: ${field} edges are not sorted`);
        edgeChars[e] = code;
        previous = code;
      }
    }
    return new Trie(edgeChars, edgeStart, outputStart, outputs);
  }

  toJSON(): SerializedTrie {
    const nodeCount = this.edgeChars.length + 1;
    const counts = (starts: Int32Array): number[] =>
      Array.from({ length: nodeCount }, (_, i) => starts[i + 1]! - starts[i]!);
    return {
      edgeChars: charCodesToString(this.edgeChars),
      childCounts: counts(this.edgeStart),
      outputCounts: counts(this.outputStart),
      outputs: Array.from(this.outputs),
    };
  }

  /**
   * Walks `text` from `start` and appends (end, pattern) for every pattern
   * that ends where `boundaryText` has no word char right after. `text` is
   * `boundaryText` itself or its aligned lower case; with `lowerAscii`, it is
   * ASCII and lower-cased here, char by char.
   */
  walk(text: string, boundaryText: string, start: number, found: number[], lowerAscii: boolean): void {
    const { edgeStart, edgeChars, outputStart, outputs } = this;
    const first = lowerAscii ? ASCII_LOWER[text.charCodeAt(start)]! : text.charCodeAt(start);
    let node = first < 128 ? this.rootAscii[first]! : findEdge(edgeStart, edgeChars, 0, first);
    for (let i = start + 1; node > 0; i++) {
      if (outputStart[node + 1]! > outputStart[node]! && !wordCharAt(boundaryText, i)) {
        for (let o = outputStart[node]!; o < outputStart[node + 1]!; o++) found.push(i, outputs[o]!);
      }
      if (i >= text.length) return;
      const code = text.charCodeAt(i);
      node = findEdge(edgeStart, edgeChars, node, lowerAscii ? ASCII_LOWER[code]! : code);
    }
  }
}

/** Child of `node` along `code`, or -1. Binary search over the node's sorted edges. */
function findEdge(edgeStart: Int32Array, edgeChars: Uint16Array, node: number, code: number): number {
  let low = edgeStart[node]!;
  let high = edgeStart[node + 1]! - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const c = edgeChars[mid]!;
    if (c === code) return mid + 1;
    if (c < code) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

export class AliasMatcher {
  /** Single-word aliases: exact for case-sensitive ones, lower case otherwise. */
  private readonly knownWords = new Set<string>();
  private readonly starts = new AliasStarts();
  /** Per entity: 1 for a person, whose aliases the name rules check. Read from the ids, so the serialised form is unchanged. */
  private readonly personEntities: Uint8Array;

  /** Made by `buildAliasMatcher` or `AliasMatcher.fromJSON`. */
  constructor(
    private readonly entityIds: readonly string[],
    private readonly aliases: readonly string[],
    private readonly patternInfo: Int32Array,
    private readonly exact: Trie,
    private readonly folded: Trie,
  ) {
    this.personEntities = Uint8Array.from(entityIds, (id) => (id.startsWith(PERSON_ID_PREFIX) ? 1 : 0));
    aliases.forEach((alias, p) => {
      if (!alias.includes(' ')) this.knownWords.add(this.isCaseSensitive(p) ? alias : alias.toLowerCase());
      this.starts.add(alias);
    });
  }

  /** Loads a matcher saved with `toJSON`; throws on anything malformed or of another format version. */
  static fromJSON(json: unknown): AliasMatcher {
    if (typeof json !== 'object' || json === null) throw new Error('matcher: expected an object');
    const j = json as Record<string, unknown>;
    if (j.version !== MATCHER_FORMAT_VERSION) {
      throw new Error(`matcher: format version ${String(j.version)}, expected ${MATCHER_FORMAT_VERSION}`);
    }
    const entityIds = stringArray(j.entityIds, 'entityIds');
    const aliases = stringArray(j.aliases, 'aliases');
    const patternInfo = intArray(j.patternInfo, 'patternInfo', entityIds.length * 2);
    if (patternInfo.length !== aliases.length) throw new Error('matcher: patternInfo and aliases differ in length');
    return new AliasMatcher(
      entityIds,
      aliases,
      patternInfo,
      Trie.fromJSON(j.exact, 'exact', aliases.length),
      Trie.fromJSON(j.folded, 'folded', aliases.length),
    );
  }

  toJSON(): SerializedMatcher {
    return {
      version: MATCHER_FORMAT_VERSION,
      entityIds: [...this.entityIds],
      aliases: [...this.aliases],
      patternInfo: Array.from(this.patternInfo),
      exact: this.exact.toJSON(),
      folded: this.folded.toJSON(),
    };
  }

  /** Leftmost-longest, non-overlapping alias matches in `foldedText` (see `foldText`). */
  match(foldedText: string): AliasMatch[] {
    // Most page text is ASCII, lower-cased as it is walked; other text is lower-cased whole first.
    const ascii = !NON_ASCII_RE.test(foldedText);
    const lower = ascii ? foldedText : lowerCaseAligned(foldedText);
    const matches: AliasMatch[] = [];
    // Candidates at the current start as flat pairs: end, pattern.
    const found: number[] = [];
    let reached = 0;
    let afterWordChar = false;
    const length = foldedText.length;
    for (let start = 0; start < length; ) {
      const code = foldedText.charCodeAt(start);
      const isWord = code < 128 ? ASCII_WORD_LOWER[code] !== 0 : isWordCode(code);
      if (afterWordChar || start < reached) {
        afterWordChar = isWord;
        start++;
        continue;
      }
      let next = start + 1;
      if (isWord) {
        // The word beginning here, and whether an alias may begin with it (not known for words beyond ASCII).
        let hashed = code < 128;
        let hash = hashed ? Math.imul(HASH_SEED ^ ASCII_WORD_LOWER[code]!, HASH_PRIME) : 0;
        for (; next < length; next++) {
          const c = foldedText.charCodeAt(next);
          const lowerWordCode = c < 128 ? ASCII_WORD_LOWER[c]! : 0;
          if (lowerWordCode !== 0) hash = Math.imul(hash ^ lowerWordCode, HASH_PRIME);
          else if (c < 128 || !isWordCode(c)) break;
          else hashed = false;
        }
        // The char after the word is no word char: the next place a match may begin is past it.
        next++;
        if (hashed && !this.starts.mayBeginWith(hash)) {
          start = next;
          continue;
        }
      } else if (!this.starts.mayBeginWithOther(code)) {
        start = next;
        continue;
      }
      found.length = 0;
      this.exact.walk(foldedText, foldedText, start, found, false);
      this.folded.walk(lower, foldedText, start, found, ascii);
      const best = this.longestAccepted(foldedText, start, found);
      if (best >= 0) {
        const end = found[best]!;
        const pattern = found[best + 1]!;
        matches.push({ start, end, entityId: this.entityIds[this.patternInfo[pattern]! >> 1]!, alias: this.aliases[pattern]! });
        reached = end;
      }
      start = next;
    }
    return matches;
  }

  /**
   * Index in `found` of the longest candidate (earliest pattern on a tie)
   * that its context accepts (see `accepts`), or -1. Marks rejected candidates in `found`.
   */
  private longestAccepted(text: string, start: number, found: number[]): number {
    for (;;) {
      let best = -1;
      for (let k = 0; k < found.length; k += 2) {
        const end = found[k]!;
        if (end < 0) continue;
        if (best < 0 || end > found[best]! || (end === found[best] && found[k + 1]! < found[best + 1]!)) best = k;
      }
      if (best < 0 || this.accepts(text, start, found[best]!, found[best + 1]!)) return best;
      found[best] = -1;
    }
  }

  /** The context rules of the file comment, for a candidate that already ends at a word boundary. */
  private accepts(text: string, start: number, end: number, pattern: number): boolean {
    if (this.isCaseSensitive(pattern)) {
      return !this.isShouting(text, start, end) && !startsIdiomCompound(text, start, end);
    }
    if (this.personEntities[this.patternInfo[pattern]! >> 1] !== 1) return true;
    if (precedesGenerationSuffix(text, end)) return false;
    return this.aliases[pattern]!.includes(' ') || !followsOtherGivenName(text, start);
  }

  private isCaseSensitive(pattern: number): boolean {
    return (this.patternInfo[pattern]! & 1) === 1;
  }

  private isShouting(text: string, start: number, end: number): boolean {
    const [wordsBefore, shoutedBefore] = this.tallyNearbyWords(text, start - 1, -1);
    const [wordsAfter, shoutedAfter] = this.tallyNearbyWords(text, end, 1);
    const shouted = shoutedBefore + shoutedAfter;
    return shouted > 0 && shouted * 2 >= wordsBefore + wordsAfter;
  }

  /**
   * Walks up to SHOUT_WINDOW words from `from` in `direction`, stopping at a
   * clause stop; returns how many have two or more letters, and how many of
   * those are all caps and not a known alias.
   */
  private tallyNearbyWords(text: string, from: number, direction: -1 | 1): [number, number] {
    let words = 0;
    let shouted = 0;
    let i = from;
    for (let seen = 0; seen < SHOUT_WINDOW && i >= 0 && i < text.length; ) {
      if (CLAUSE_STOP_CODES.has(text.charCodeAt(i))) break;
      if (!wordCharAt(text, i)) {
        i += direction;
        continue;
      }
      const first = i;
      let upper = 0;
      let nonUpper = 0;
      for (; i >= 0 && i < text.length && wordCharAt(text, i); i += direction) {
        if (isUpperLetter(text, i)) upper++;
        else if (isNonUpperLetter(text, i)) nonUpper++;
      }
      seen++;
      if (upper + nonUpper < 2) continue;
      words++;
      if (nonUpper > 0) continue;
      const word = direction < 0 ? text.slice(i + 1, first + 1) : text.slice(first, i);
      if (!this.knownWords.has(word) && !this.knownWords.has(word.toLowerCase())) shouted++;
    }
    return [words, shouted];
  }
}

/** A trie of `keys`, where `keys[k]` is the text of pattern `patterns[k]`. */
function buildTrie(keys: readonly string[], patterns: readonly number[]): Trie {
  // Under construction, children are linked lists: first child, next sibling, edge label.
  const capacity = keys.reduce((total, key) => total + key.length, 1);
  const firstChild = new Int32Array(capacity).fill(-1);
  const nextSibling = new Int32Array(capacity).fill(-1);
  const label = new Uint16Array(capacity);
  const endNode = new Int32Array(keys.length);
  let size = 1;
  keys.forEach((key, k) => {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let child = firstChild[node]!;
      while (child >= 0 && label[child] !== code) child = nextSibling[child]!;
      if (child < 0) {
        child = size++;
        label[child] = code;
        nextSibling[child] = firstChild[node]!;
        firstChild[node] = child;
      }
      node = child;
    }
    endNode[k] = node;
  });

  // Renumber breadth-first with children sorted by label.
  const order = new Int32Array(size);
  const renumbered = new Int32Array(size);
  const edgeChars = new Uint16Array(size - 1);
  const childCounts = new Int32Array(size);
  let placed = 1;
  for (let i = 0; i < size; i++) {
    const first = placed;
    for (let child = firstChild[order[i]!]!; child >= 0; child = nextSibling[child]!) order[placed++] = child;
    if (placed - first > 1) order.subarray(first, placed).sort((a, b) => label[a]! - label[b]!);
    childCounts[i] = placed - first;
    for (let k = first; k < placed; k++) {
      edgeChars[k - 1] = label[order[k]!]!;
      renumbered[order[k]!] = k;
    }
  }
  const outputCounts = new Int32Array(size);
  for (const node of endNode) outputCounts[renumbered[node]!]!++;
  const outputs = new Int32Array(keys.length);
  const outputStart = prefixSums(outputCounts);
  const next = outputStart.slice();
  endNode.forEach((node, k) => {
    outputs[next[renumbered[node]!]!++] = patterns[k]!;
  });
  return new Trie(edgeChars, prefixSums(childCounts), outputStart, outputs);
}

/**
 * A matcher for `patterns` (the compiler builds one per index; pages load it
 * with `AliasMatcher.fromJSON`, so this code stays out of the content script).
 */
export function buildAliasMatcher(patterns: readonly AliasPattern[]): AliasMatcher {
  const entityIds: string[] = [];
  const entityIndex = new Map<string, number>();
  const aliases: string[] = [];
  const info: number[] = [];
  const seen = new Set<string>();
  const exact = { keys: [] as string[], patterns: [] as number[] };
  const folded = { keys: [] as string[], patterns: [] as number[] };
  for (const pattern of patterns) {
    const text = foldPattern(pattern.text);
    if (text === '') continue;
    const key = pattern.caseSensitive ? text : lowerCaseAligned(text);
    const dedupeKey = `${pattern.caseSensitive ? 1 : 0}\u0000${pattern.entityId}\u0000${key}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    let entity = entityIndex.get(pattern.entityId);
    if (entity === undefined) {
      entity = entityIds.length;
      entityIds.push(pattern.entityId);
      entityIndex.set(pattern.entityId, entity);
    }
    const target = pattern.caseSensitive ? exact : folded;
    target.keys.push(key);
    target.patterns.push(aliases.length);
    aliases.push(text);
    info.push(entity * 2 + (pattern.caseSensitive ? 1 : 0));
  }
  return new AliasMatcher(
    entityIds,
    aliases,
    Int32Array.from(info),
    buildTrie(exact.keys, exact.patterns),
    buildTrie(folded.keys, folded.patterns),
  );
}

/** Every alias of every entity as a pattern, in entity order (earlier entities win exact ties). */
export function patternsFromEntities(
  entities: readonly { id: string; aliases: readonly Alias[] }[],
): AliasPattern[] {
  return entities.flatMap((entity) =>
    entity.aliases.map((alias) => ({ text: alias.text, caseSensitive: alias.caseSensitive, entityId: entity.id })),
  );
}
