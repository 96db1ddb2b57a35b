import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Bm25Parameters } from '../core/search/bm25';
import type { Annotation } from '../core/annotations/model';
import type { SerializedMatcher } from '../core/match/alias-matcher';
import type { DocumentRecord, EntityRecord, FigureKind, FigureRecord, PassageRecord } from '../core/index/types';

export const DB_NAME = 'footnote';
/** Bump with a new entry in MIGRATIONS; never edit an old one. */
export const DB_VERSION = 3;

/** Passages and postings are packed: IndexedDB costs per record, not per byte. */
export const PASSAGES_PER_CHUNK = 250;
export const TERMS_PER_BUCKET = 250;

export interface IndexMeta {
  key: 'index';
  hash: string;
  version: number;
  loadedAt: number;
  counts: { documents: number; passages: number; entities: number; figures: number; terms: number };
  bm25: Bm25Parameters & { avgLength: number; lengths: number[] };
  termBuckets: number;
}

export interface MatcherRecord {
  key: 'matcher';
  hash: string;
  matcher: SerializedMatcher;
}

export interface FootnoteSchema extends DBSchema {
  meta: { key: string; value: IndexMeta | MatcherRecord };
  documents: { key: number; value: DocumentRecord };
  passageChunks: { key: number; value: { chunk: number; passages: PassageRecord[] } };
  entities: { key: string; value: EntityRecord };
  figures: { key: number; value: FigureRecord; indexes: { kind: FigureKind; doc: number } };
  termBuckets: { key: number; value: { bucket: number; postings: Record<string, number[]> } };
  /** User data: never cleared by an index load. Web Annotation records as exported. */
  annotations: { key: string; value: Annotation; indexes: { source: string; created: string } };
  /** User data: never cleared by an index load. */
  settings: { key: string; value: { key: string; value: unknown } };
}

export type FootnoteDb = IDBPDatabase<FootnoteSchema>;
/** Migrations see the database untyped: each describes the layout of its own time, not today's types. */
type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

/** The stores a new index replaces; user stores are deliberately absent. */
export const INDEX_STORES = ['meta', 'documents', 'passageChunks', 'entities', 'figures', 'termBuckets'] as const;

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
];

export async function openFootnoteDb(name = DB_NAME): Promise<FootnoteDb> {
  const db: FootnoteDb = await openDB<FootnoteSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      const untyped = db as unknown as IDBPDatabase;
      const untypedTx = tx as unknown as UpgradeTransaction;
      for (let version = oldVersion; version < DB_VERSION; version++) MIGRATIONS[version]!(untyped, untypedTx);
    },
    blocking() {
      // A newer worker wants to upgrade: step aside rather than block it.
      db.close();
    },
  });
  return db;
}

/** Same string hash on both sides of the store: term → bucket number. */
export function termBucket(term: string, buckets: number): number {
  let h = 2166136261;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
  return (h >>> 0) % buckets;
}
