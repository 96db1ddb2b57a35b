import type { CorpusIndex } from '../core/index/format';
import type { PassageRecord } from '../core/index/types';
import { memorySource, type IndexSource } from '../core/query/source';
import type { FootnoteDb } from './schema';

export type StoredIndex = Pick<CorpusIndex, 'documents' | 'passages' | 'entities' | 'figures' | 'figureReadings' | 'bm25'>;

/** Every record of the stored index, in one read; undefined when no index is stored. */
export async function readStoredIndex(db: FootnoteDb): Promise<StoredIndex | undefined> {
  const parts = await db.getAll('indexParts');
  const stored: Partial<StoredIndex> = {};
  const chunks: [number, PassageRecord[]][] = [];
  for (const record of parts) {
    if (record.part === 'documents') stored.documents = record.documents;
    else if (record.part === 'entities') stored.entities = record.entities;
    else if (record.part === 'figures') stored.figures = record.figures;
    else if (record.part === 'figureReadings') stored.figureReadings = record.figureReadings;
    else if (record.part === 'bm25') stored.bm25 = record.bm25;
    else chunks.push([Number(record.part.slice('passages:'.length)), record.passages]);
  }
  const { documents, entities, figures, figureReadings, bm25 } = stored;
  if (!documents || !entities || !figures || !bm25) return undefined;
  // Keys sort as text ("passages:10" before "passages:2").
  const passages = chunks.sort((a, b) => a[0] - b[0]).flatMap(([, list]) => list);
  return { documents, passages, entities, figures, ...(figureReadings && { figureReadings }), bm25 };
}

export interface StoredSource extends IndexSource {
  /** Reads the index into memory now, instead of on the first query. */
  warm(): Promise<void>;
}

/**
 * Answers queries from IndexedDB: the whole index is read in one request on
 * first use and kept for the life of the worker, so a card never waits on
 * IndexedDB once it is in. The store is read-only between index loads, and a
 * stopped worker simply reads it again.
 */
export function idbSource(db: FootnoteDb): StoredSource {
  let loaded: Promise<IndexSource> | undefined;
  const load = (): Promise<IndexSource> =>
    (loaded ??= readStoredIndex(db)
      .then((stored) => {
        if (!stored) throw new Error('the corpus index is not loaded yet');
        return memorySource(stored);
      })
      .catch((error: unknown) => {
        // The next query tries again.
        loaded = undefined;
        throw error;
      }));

  return {
    warm: async () => {
      await load();
    },
    stats: async () => (await load()).stats(),
    entity: async (id) => (await load()).entity(id),
    postings: async (terms) => (await load()).postings(terms),
    passages: async (ids) => (await load()).passages(ids),
    documents: async (ids) => (await load()).documents(ids),
    figuresOfKind: async (kind) => (await load()).figuresOfKind(kind),
    figureReadings: async () => (await load()).figureReadings(),
    figuresOfDocument: async (doc) => (await load()).figuresOfDocument(doc),
    entities: async () => (await load()).entities(),
  };
}
