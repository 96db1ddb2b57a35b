import type { CorpusIndex } from '../core/index/format';
import {
  INDEX_STORES,
  PASSAGES_PER_CHUNK,
  TERMS_PER_BUCKET,
  termBucket,
  type FootnoteDb,
  type IndexMeta,
} from './schema';

export type LoadOutcome = { loaded: false; meta: IndexMeta } | { loaded: true; meta: IndexMeta; millis: number };

export async function readIndexMeta(db: FootnoteDb): Promise<IndexMeta | undefined> {
  const meta = await db.get('meta', 'index');
  return meta?.key === 'index' ? meta : undefined;
}

/**
 * Replaces the stored index with `index` unless the same hash is already
 * there. Everything goes in one transaction: a failure (a full disk) aborts
 * it and leaves the previous index and all user data as they were.
 */
export async function loadIndex(db: FootnoteDb, index: CorpusIndex, now = Date.now()): Promise<LoadOutcome> {
  const current = await readIndexMeta(db);
  if (current && current.hash === index.hash && current.version === index.version) {
    return { loaded: false, meta: current };
  }
  const started = performance.now();
  const terms = Object.entries(index.bm25.postings);
  const bucketCount = Math.max(1, Math.ceil(terms.length / TERMS_PER_BUCKET));
  const buckets = Array.from({ length: bucketCount }, (): Record<string, number[]> => ({}));
  for (const [term, postings] of terms) buckets[termBucket(term, bucketCount)]![term] = postings;

  const meta: IndexMeta = {
    key: 'index',
    hash: index.hash,
    version: index.version,
    loadedAt: now,
    counts: {
      documents: index.documents.length,
      passages: index.passages.length,
      entities: index.entities.length,
      figures: index.figures.length,
      terms: terms.length,
    },
    bm25: { k1: index.bm25.k1, b: index.bm25.b, avgLength: index.bm25.avgLength, lengths: index.bm25.lengths },
    termBuckets: bucketCount,
  };

  const tx = db.transaction([...INDEX_STORES], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (const store of INDEX_STORES) writes.push(tx.objectStore(store).clear());
    for (const doc of index.documents) writes.push(tx.objectStore('documents').put(doc));
    for (let chunk = 0; chunk * PASSAGES_PER_CHUNK < index.passages.length; chunk++) {
      const passages = index.passages.slice(chunk * PASSAGES_PER_CHUNK, (chunk + 1) * PASSAGES_PER_CHUNK);
      writes.push(tx.objectStore('passageChunks').put({ chunk, passages }));
    }
    for (const entity of index.entities) writes.push(tx.objectStore('entities').put(entity));
    for (const figure of index.figures) writes.push(tx.objectStore('figures').put(figure));
    buckets.forEach((postings, bucket) => writes.push(tx.objectStore('termBuckets').put({ bucket, postings })));
    writes.push(tx.objectStore('meta').put({ key: 'matcher', hash: index.hash, matcher: index.matcher }));
    writes.push(tx.objectStore('meta').put(meta));
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    // A put that throws (a value that cannot be stored) does not abort the transaction by
    // itself: without this, the clears would commit and the previous index would be lost.
    for (const pending of [...writes, tx.done]) pending.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request.
    }
    throw error;
  }
  return { loaded: true, meta, millis: performance.now() - started };
}
