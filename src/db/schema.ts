import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Bm25Index } from '../core/search/bm25';
import type { Annotation } from '../core/annotations/model';
import type { SerializedMatcher } from '../core/match/alias-matcher';
import type { DocumentRecord, EntityRecord, FigureKind, FigureReadings, FigureRecord, PassageRecord } from '../core/index/types';

export const DB_NAME = 'footnote';
/** Bump with a new entry in MIGRATIONS; never edit an old one. */
export const DB_VERSION = 4;

/** Passages are stored this many to a record: IndexedDB costs per record far more than per byte. */
export const PASSAGES_PER_CHUNK = 1000;

export interface IndexMeta {
  key: 'index';
  hash: string;
  version: number;
  loadedAt: number;
  counts: { documents: number; passages: number; entities: number; figures: number; terms: number };
  /** Every kind of figure the corpus holds, sorted. */
  figureKinds: FigureKind[];
}

/**
 * The index, packed into a few records the worker reads at once and keeps in
 * memory: a record read costs about as much as thousands of bytes.
 */
export type IndexPart =
  | { part: 'documents'; documents: DocumentRecord[] }
  | { part: 'entities'; entities: EntityRecord[] }
  | { part: 'figures'; figures: FigureRecord[] }
  | { part: 'figureReadings'; figureReadings: FigureReadings }
  | { part: 'bm25'; bm25: Bm25Index }
  | { part: `passages:${number}`; passages: PassageRecord[] };

export interface MatcherRecord {
  key: 'matcher';
  hash: string;
  matcher: SerializedMatcher;
}

export interface FootnoteSchema extends DBSchema {
  meta: { key: string; value: IndexMeta | MatcherRecord };
  indexParts: { key: string; value: IndexPart };
  /** User data: never cleared by an index load. Web Annotation records as exported. */
  annotations: { key: string; value: Annotation; indexes: { source: string; created: string } };
  /** User data: never cleared by an index load. */
  settings: { key: string; value: { key: string; value: unknown } };
}

export type FootnoteDb = IDBPDatabase<FootnoteSchema>;
/** Migrations see the database untyped: each describes the layout of its own time, not today's types. */
type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

/** The stores a new index replaces; user stores are deliberately absent. */
export const INDEX_STORES = ['meta', 'indexParts'] as const;

/** MIGRATIONS[n] upgrades a database from version n to n + 1. */
const MIGRATIONS: ((db: IDBPDatabase, tx: UpgradeTransaction) => void)[] = [
  (db) => {
    db.createObjectStore('meta', { keyPath: 'key' });
    db.createObjectStore('documents', { keyPath: 'id' });
    db.createObjectStore('passageChunks', { keyPath: 'chunk' });
    db.createObjectStore('entities', { keyPath: 'id' });
    db.createObjectStore('figures', { keyPath: 'id' }).createIndex('kind', 'kind');
    db.createObjectStore('termBuckets', { keyPath: 'bucket' });
    const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
    annotations.createIndex('url', 'url');
    annotations.createIndex('created', 'created');
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  // v2: the reader page lists a document's figures.
  (_db, tx) => {
    tx.objectStore('figures').createIndex('doc', 'doc');
  },
  // v3: annotations are Web Annotation records, whose page is `target.source`, not `url`.
  (_db, tx) => {
    const annotations = tx.objectStore('annotations');
    annotations.deleteIndex('url');
    annotations.createIndex('source', 'target.source');
  },
  // v4: the index in a few large records instead of one per passage chunk, term bucket, entity, figure
  // and document. Its meta goes too, so that the next wake-up loads the index into the new layout.
  (db, tx) => {
    for (const store of ['documents', 'passageChunks', 'entities', 'figures', 'termBuckets']) db.deleteObjectStore(store);
    db.createObjectStore('indexParts', { keyPath: 'part' });
    tx.objectStore('meta').clear();
  },
];

/** `onClosed` is called when the connection closes other than by `close()` from its holder. */
export async function openFootnoteDb(name = DB_NAME, onClosed?: () => void): Promise<FootnoteDb> {
  const db: FootnoteDb = await openDB<FootnoteSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      const untyped = db as unknown as IDBPDatabase;
      const untypedTx = tx as unknown as UpgradeTransaction;
      for (let version = oldVersion; version < DB_VERSION; version++) MIGRATIONS[version]!(untyped, untypedTx);
    },
    blocking() {
      // A newer worker wants to upgrade: step aside rather than block it.
      db.close();
      onClosed?.();
    },
    // The browser closed it: site data cleared, a disk error.
    terminated: onClosed,
  });
  return db;
}

/**
 * One connection shared by its callers, opened on first use, and opened again once it failed
 * to open or was closed: a worker kept alive by open pages would otherwise fail every request.
 */
export function footnoteDbOpener(name = DB_NAME): () => Promise<FootnoteDb> {
  let db: Promise<FootnoteDb> | undefined;
  const forget = (): void => {
    db = undefined;
  };
  return () => {
    db ??= openFootnoteDb(name, forget).catch((error: unknown) => {
      forget();
      throw error;
    });
    return db;
  };
}
