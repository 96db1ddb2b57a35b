import type { CorpusIndex } from '../core/index/format';
import type { FigureKind } from '../core/index/types';
import { INDEX_STORES, PASSAGES_PER_CHUNK, type FootnoteDb, type IndexMeta, type IndexPart } from './schema';

export type LoadOutcome = { loaded: false; meta: IndexMeta } | { loaded: true; meta: IndexMeta; millis: number };

export async function readIndexMeta(db: FootnoteDb): Promise<IndexMeta | undefined> {
  const meta = await db.get('meta', 'index');
  return meta?.key === 'index' ? meta : undefined;
}

/** The records `loadIndex` writes for `index`, passages cut into chunks. */
export function indexParts(index: CorpusIndex): IndexPart[] {
  const parts: IndexPart[] = [
    { part: 'documents', documents: index.documents },
    { part: 'entities', entities: index.entities },
    { part: 'figures', figures: index.figures },
    ...(index.figureReadings ? [{ part: 'figureReadings' as const, figureReadings: index.figureReadings }] : []),
    { part: 'bm25', bm25: index.bm25 },
  ];
  for (let chunk = 0; chunk * PASSAGES_PER_CHUNK < index.passages.length; chunk++) {
    const passages = index.passages.slice(chunk * PASSAGES_PER_CHUNK, (chunk + 1) * PASSAGES_PER_CHUNK);
    parts.push({ part: `passages:${chunk}`, passages });
  }
  return parts;
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
      terms: Object.keys(index.bm25.postings).length,
    },
    figureKinds: [...new Set<FigureKind>(index.figures.map((figure) => figure.kind))].sort(),
  };

  const tx = db.transaction([...INDEX_STORES], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (const store of INDEX_STORES) writes.push(tx.objectStore(store).clear());
    for (const part of indexParts(index)) writes.push(tx.objectStore('indexParts').put(part));
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
