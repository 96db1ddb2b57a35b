import type { Bm25Index } from '../search/bm25';
import type { SerializedMatcher } from '../match/alias-matcher';
import type { DocumentRecord, EntityRecord, FigureReadings, FigureRecord, PassageRecord } from './types';

export const INDEX_FORMAT = 'footnote-index';
/**
 * Bump when a field changes meaning or shape. Readers refuse other versions
 * loudly instead of misreading them; tests keep a fixture of every version.
 * Version 2 added `figureReadings`.
 */
export const INDEX_VERSION = 2;
/** The versions this build reads: it writes the latest, and queries read what an older one lacks from the text. */
const READABLE_VERSIONS: readonly number[] = [1, INDEX_VERSION];

export interface CorpusIndex {
  format: typeof INDEX_FORMAT;
  version: 1 | typeof INDEX_VERSION;
  /** Content hash of everything below; equal hashes mean equal indexes. */
  hash: string;
  documents: DocumentRecord[];
  passages: PassageRecord[];
  entities: EntityRecord[];
  figures: FigureRecord[];
  /** What cards read from each figure's passage. From version 2. */
  figureReadings?: FigureReadings;
  bm25: Bm25Index;
  /** The alias automaton, prebuilt so pages never pay for its construction. */
  matcher: SerializedMatcher;
}

export type IndexBody = Omit<CorpusIndex, 'format' | 'version' | 'hash'>;

export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/** cyrb53: a fast 53-bit string hash; enough to tell index builds apart, not for security. */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

export function sealIndex(body: IndexBody): CorpusIndex {
  return { format: INDEX_FORMAT, version: INDEX_VERSION, hash: contentHash(JSON.stringify(body)), ...body };
}

const REQUIRED_ARRAYS = ['documents', 'passages', 'entities', 'figures'] as const;

/**
 * Checks that `value` is an index this code can read. Only the envelope and
 * the top-level shape are checked: the body comes from our own compiler.
 */
export function parseIndex(value: unknown): CorpusIndex {
  if (typeof value !== 'object' || value === null) throw new IndexFormatError('index is not an object');
  const record = value as Record<string, unknown>;
  if (record.format !== INDEX_FORMAT) {
    throw new IndexFormatError(`not a Footnote index (format is ${JSON.stringify(record.format)})`);
  }
  if (typeof record.version !== 'number' || !READABLE_VERSIONS.includes(record.version)) {
    throw new IndexFormatError(
      `index version ${String(record.version)} is not supported (this build reads versions ${READABLE_VERSIONS.join(' and ')}); rebuild the index`,
    );
  }
  if (typeof record.hash !== 'string' || record.hash.length === 0) throw new IndexFormatError('index has no hash');
  for (const key of REQUIRED_ARRAYS) {
    if (!Array.isArray(record[key])) throw new IndexFormatError(`index field "${key}" is missing or not a list`);
  }
  const bm25 = record.bm25 as Record<string, unknown> | undefined;
  if (!bm25 || !Array.isArray(bm25.lengths) || typeof bm25.postings !== 'object') {
    throw new IndexFormatError('index field "bm25" is missing or malformed');
  }
  if (typeof record.matcher !== 'object' || record.matcher === null) {
    throw new IndexFormatError('index field "matcher" is missing');
  }
  const readings = record.figureReadings as Record<string, unknown> | undefined;
  const readingsFit =
    typeof readings === 'object' &&
    readings !== null &&
    Array.isArray(readings.termLists) &&
    Array.isArray(readings.byFigure) &&
    readings.byFigure.length === (record.figures as unknown[]).length;
  if (record.version >= 2 && !readingsFit) {
    throw new IndexFormatError('index field "figureReadings" is missing or does not match "figures"');
  }
  return value as CorpusIndex;
}
