import type { IndexSource } from '../core/query/source';
import type { Postings } from '../core/search/bm25';
import type { DocumentRecord, EntityRecord, FigureKind, FigureRecord, PassageRecord } from '../core/index/types';
import { PASSAGES_PER_CHUNK, termBucket, type FootnoteDb, type IndexMeta } from './schema';
import { readIndexMeta } from './load-index';

/**
 * Answers queries from IndexedDB. Records read once are kept for the life of
 * the worker: the store is read-only between index loads, and a stopped worker
 * simply starts with empty caches.
 */
export function idbSource(db: FootnoteDb): IndexSource {
  let meta: Promise<IndexMeta> | undefined;
  const chunks = new Map<number, Promise<PassageRecord[]>>();
  const buckets = new Map<number, Promise<Record<string, number[]>>>();
  const entities = new Map<string, Promise<EntityRecord | undefined>>();
  const figures = new Map<FigureKind, Promise<FigureRecord[]>>();
  const documents = new Map<number, Promise<DocumentRecord | undefined>>();

  const loadMeta = (): Promise<IndexMeta> =>
    (meta ??= readIndexMeta(db).then((m) => {
      if (!m) {
        meta = undefined;
        throw new Error('the corpus index is not loaded yet');
      }
      return m;
    }));

  const loadChunk = (chunk: number): Promise<PassageRecord[]> => {
    let pending = chunks.get(chunk);
    if (!pending) {
      pending = db.get('passageChunks', chunk).then((record) => record?.passages ?? []);
      chunks.set(chunk, pending);
    }
    return pending;
  };

  const loadBucket = (bucket: number): Promise<Record<string, number[]>> => {
    let pending = buckets.get(bucket);
    if (!pending) {
      pending = db.get('termBuckets', bucket).then((record) => record?.postings ?? {});
      buckets.set(bucket, pending);
    }
    return pending;
  };

  return {
    stats: async () => (await loadMeta()).bm25,
    entity: (id) => {
      let pending = entities.get(id);
      if (!pending) {
        pending = db.get('entities', id);
        entities.set(id, pending);
      }
      return pending;
    },
    postings: async (terms) => {
      const { termBuckets } = await loadMeta();
      const found = new Map<string, Postings>();
      await Promise.all(
        terms.map(async (term) => {
          const postings = (await loadBucket(termBucket(term, termBuckets)))[term];
          if (postings) found.set(term, postings);
        }),
      );
      return found;
    },
    passages: async (ids) => {
      // One wait per chunk, not per passage: an entity may be in thousands of passages.
      const chunkIds = [...new Set(ids.map((id) => Math.floor(id / PASSAGES_PER_CHUNK)))];
      const loaded = new Map(await Promise.all(chunkIds.map(async (chunk) => [chunk, await loadChunk(chunk)] as const)));
      return ids.flatMap((id) => {
        const passage = loaded.get(Math.floor(id / PASSAGES_PER_CHUNK))![id % PASSAGES_PER_CHUNK];
        return passage === undefined ? [] : [passage];
      });
    },
    documents: async (ids) => {
      const missing = [...new Set(ids)].filter((id) => !documents.has(id));
      if (missing.length > 0) {
        // One transaction for all: a card asks for the documents of every passage it ranks.
        const store = db.transaction('documents').store;
        for (const id of missing) documents.set(id, store.get(id));
      }
      const docs = await Promise.all(ids.map((id) => documents.get(id)!));
      return docs.filter((d) => d !== undefined);
    },
    figuresOfDocument: (doc) => db.getAllFromIndex('figures', 'doc', doc),
    entities: () => db.getAll('entities'),
    figuresOfKind: (kind) => {
      let pending = figures.get(kind);
      if (!pending) {
        pending = db.getAllFromIndex('figures', 'kind', kind);
        figures.set(kind, pending);
      }
      return pending;
    },
  };
}
