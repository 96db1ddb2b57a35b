import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../../../src/core/annotations/model';
import { sealIndex, type CorpusIndex } from '../../../src/core/index/format';
import { passagesForEntity, passagesForFigure, passagesForText } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { idbSource, readStoredIndex } from '../../../src/db/idb-source';
import { createIndexService } from '../../../src/db/index-service';
import { loadIndex, readIndexMeta } from '../../../src/db/load-index';
import { DB_NAME, DB_VERSION, footnoteDbOpener, openFootnoteDb, PASSAGES_PER_CHUNK } from '../../../src/db/schema';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});
beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

/** The same corpus with one passage changed: a different index with a different hash. */
function editedIndex(): CorpusIndex {
  const { format: _f, version: _v, hash: _h, ...body } = structuredClone(index);
  body.passages[0]!.text += ' (edited)';
  return sealIndex(body);
}

const KEPT_ANNOTATION: Annotation = {
  id: 'a1',
  type: 'Annotation',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  body: [{ type: 'TextualBody', purpose: 'commenting', value: 'keep me', format: 'text/plain' }],
  target: { source: 'https://example.org/', selector: [{ type: 'TextQuoteSelector', exact: 'ICE', prefix: '', suffix: '' }] },
};

async function putUserData(db: Awaited<ReturnType<typeof openFootnoteDb>>) {
  await db.put('annotations', KEPT_ANNOTATION);
  await db.put('settings', { key: 'sites', value: { 'example.org': false } });
}

describe('loadIndex', () => {
  it('stores every record in a few parts, and reads them back as they were', async () => {
    const db = await openFootnoteDb();
    const outcome = await loadIndex(db, index, 1234);
    expect(outcome.loaded).toBe(true);
    expect(outcome.meta).toMatchObject({ hash: index.hash, loadedAt: 1234 });
    expect(outcome.meta.figureKinds).toEqual([...new Set(index.figures.map((f) => f.kind))].sort());
    expect(await db.count('indexParts')).toBe(5 + Math.ceil(index.passages.length / PASSAGES_PER_CHUNK));
    const { documents, passages, entities, figures, figureReadings, bm25 } = index;
    expect(await readStoredIndex(db)).toEqual({ documents, passages, entities, figures, figureReadings, bm25 });
  });

  it('reads passages back in order from more chunks than sort as text ("passages:10" before "passages:2")', async () => {
    const { format: _f, version: _v, hash: _h, ...body } = structuredClone(index);
    const copies = Math.ceil((11 * PASSAGES_PER_CHUNK) / body.passages.length);
    body.passages = Array.from({ length: copies }, () => body.passages)
      .flat()
      .map((passage, id) => ({ ...passage, id }));
    const db = await openFootnoteDb();
    await loadIndex(db, sealIndex(body));
    expect((await readStoredIndex(db))?.passages.map((p) => p.id)).toEqual(body.passages.map((p) => p.id));
  });

  it('does not reload an index with the same hash', async () => {
    const db = await openFootnoteDb();
    await loadIndex(db, index, 1);
    const again = await loadIndex(db, index, 2);
    expect(again.loaded).toBe(false);
    expect(again.meta.loadedAt).toBe(1);
  });

  it('replaces a different index and keeps annotations and settings', async () => {
    const db = await openFootnoteDb();
    await loadIndex(db, index);
    await putUserData(db);
    const edited = editedIndex();
    expect((await loadIndex(db, edited)).loaded).toBe(true);
    expect((await readIndexMeta(db))?.hash).toBe(edited.hash);
    expect((await readStoredIndex(db))?.passages[0]?.text).toMatch(/\(edited\)$/);
    expect(await db.get('annotations', 'a1')).toEqual(KEPT_ANNOTATION);
    expect(await db.get('settings', 'sites')).toEqual({ key: 'sites', value: { 'example.org': false } });
  });

  it('leaves the previous index whole when a load fails part-way', async () => {
    const db = await openFootnoteDb();
    await loadIndex(db, index);
    await putUserData(db);
    const broken = editedIndex();
    // A value IndexedDB cannot store aborts the transaction, as a full disk would.
    (broken.figures[3] as unknown as { bad: unknown }).bad = () => 0;
    await expect(loadIndex(db, broken)).rejects.toThrow();
    expect((await readIndexMeta(db))?.hash).toBe(index.hash);
    expect((await readStoredIndex(db))?.figures).toEqual(index.figures);
    expect(await db.get('annotations', 'a1')).toEqual(KEPT_ANNOTATION);
  });
});

describe('schema upgrades', () => {
  it('opens a version 1 database written by raw IndexedDB and keeps its user data', async () => {
    // Fixture: the v1 layout created without our code, as a released build would have left it.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const store of ['meta', 'documents', 'entities', 'settings']) {
          db.createObjectStore(store, { keyPath: store === 'documents' ? 'id' : store === 'entities' ? 'id' : 'key' });
        }
        db.createObjectStore('passageChunks', { keyPath: 'chunk' });
        const figures = db.createObjectStore('figures', { keyPath: 'id' });
        figures.createIndex('kind', 'kind');
        figures.put({ id: 0, doc: 3, kind: 'arrests', value: 12 });
        db.createObjectStore('termBuckets', { keyPath: 'bucket' });
        const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
        annotations.createIndex('url', 'url');
        annotations.createIndex('created', 'created');
        annotations.put({ id: 'old', url: 'https://example.org/a', created: '2025-05-05', note: 'from v1' });
        request.transaction!.oncomplete = () => {
          db.close();
          resolve();
        };
      };
      request.onerror = () => reject(request.error);
    });
    const db = await openFootnoteDb();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('annotations', 'old')).toMatchObject({ note: 'from v1' });
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'indexParts', 'meta', 'settings']);
  });
});

/** Opens `version` with raw IndexedDB, runs `build` in its upgrade, and closes it: a database an older build left. */
function rawDatabase(version: number, build: (db: IDBDatabase) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, version);
    request.onupgradeneeded = () => {
      build(request.result);
      request.transaction!.oncomplete = () => {
        request.result.close();
        resolve();
      };
    };
    request.onerror = () => reject(request.error);
  });
}

describe('schema upgrade to version 3', () => {
  it('re-indexes a version 2 database’s annotations by page (target.source) and keeps them and the settings', async () => {
    const onPage = { ...KEPT_ANNOTATION, id: 'urn:uuid:on-page', target: { ...KEPT_ANNOTATION.target, source: 'https://example.org/a' } };
    const elsewhere = { ...KEPT_ANNOTATION, id: 'urn:uuid:elsewhere', created: '2026-02-01T00:00:00.000Z' };
    // Fixture: the v2 layout as a released v2 build left it, written without our code.
    await rawDatabase(2, (db) => {
      db.createObjectStore('meta', { keyPath: 'key' });
      const settings = db.createObjectStore('settings', { keyPath: 'key' });
      for (const store of ['documents', 'entities']) db.createObjectStore(store, { keyPath: 'id' });
      db.createObjectStore('passageChunks', { keyPath: 'chunk' });
      const figures = db.createObjectStore('figures', { keyPath: 'id' });
      figures.createIndex('kind', 'kind');
      figures.createIndex('doc', 'doc');
      db.createObjectStore('termBuckets', { keyPath: 'bucket' });
      const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
      annotations.createIndex('url', 'url');
      annotations.createIndex('created', 'created');
      annotations.put(onPage);
      annotations.put(elsewhere);
      settings.put({ key: 'sites', value: { 'example.org': false } });
    });
    const db = await openFootnoteDb();
    expect(db.version).toBe(DB_VERSION);
    const store = db.transaction('annotations').store;
    expect([...store.indexNames].sort()).toEqual(['created', 'source']);
    expect(await db.getAllFromIndex('annotations', 'source', 'https://example.org/a')).toEqual([onPage]);
    expect((await db.getAllFromIndex('annotations', 'created')).map((a) => a.id)).toEqual([onPage.id, elsewhere.id]);
    expect(await db.get('settings', 'sites')).toEqual({ key: 'sites', value: { 'example.org': false } });
  });
});

describe('schema upgrade to version 4', () => {
  it('drops a version 3 database’s index records, keeping its user data, and the index is loaded again', async () => {
    // Fixture: the v3 layout as a released v3 build left it, with the bundled index stored.
    await rawDatabase(3, (db) => {
      const meta = db.createObjectStore('meta', { keyPath: 'key' });
      const settings = db.createObjectStore('settings', { keyPath: 'key' });
      for (const store of ['documents', 'entities']) db.createObjectStore(store, { keyPath: 'id' });
      db.createObjectStore('passageChunks', { keyPath: 'chunk' }).put({ chunk: 0, passages: index.passages });
      const figures = db.createObjectStore('figures', { keyPath: 'id' });
      figures.createIndex('kind', 'kind');
      figures.createIndex('doc', 'doc');
      db.createObjectStore('termBuckets', { keyPath: 'bucket' });
      const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
      annotations.createIndex('source', 'target.source');
      annotations.createIndex('created', 'created');
      annotations.put(KEPT_ANNOTATION);
      settings.put({ key: 'sites', value: { 'example.org': false } });
      meta.put({ key: 'index', hash: index.hash, version: 1, loadedAt: 1, counts: {}, bm25: {}, termBuckets: 1 });
    });
    const db = await openFootnoteDb();
    expect(db.version).toBe(4);
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'indexParts', 'meta', 'settings']);
    expect(await readIndexMeta(db)).toBeUndefined();
    expect(await db.get('annotations', KEPT_ANNOTATION.id)).toEqual(KEPT_ANNOTATION);
    expect(await db.get('settings', 'sites')).toEqual({ key: 'sites', value: { 'example.org': false } });
    db.close();

    // The stored hash is gone with the old records, so the worker loads the bundled index again.
    let fetches = 0;
    const service = createIndexService({
      bundledHash: index.hash,
      fetchIndex: async () => {
        fetches++;
        return structuredClone(index);
      },
    });
    const { source } = await service.ready();
    expect(fetches).toBe(1);
    const query = { entityId: 'unit:bortac', context: 'deployed to sanctuary cities' };
    expect(await passagesForEntity(source, query)).toEqual(await passagesForEntity(memorySource(index), query));
  });
});

describe('idbSource', () => {
  it('answers exactly as the in-memory index does', async () => {
    const db = await openFootnoteDb();
    await loadIndex(db, index);
    const stored = idbSource(db);
    const memory = memorySource(index);
    const entityQuery = { entityId: 'unit:bortac', context: 'deployed to sanctuary cities' };
    expect(await passagesForEntity(stored, entityQuery)).toEqual(await passagesForEntity(memory, entityQuery));
    const figureQuery = { kind: 'people' as const, value: 498, context: 'arrests in sanctuary cities' };
    expect(await passagesForFigure(stored, figureQuery)).toEqual(await passagesForFigure(memory, figureQuery));
    const textQuery = { text: 'poultry processing plants Mississippi' };
    expect(await passagesForText(stored, textQuery)).toEqual(await passagesForText(memory, textQuery));
  });

  it('says the index is not loaded instead of answering from an empty store, and answers once it is', async () => {
    const db = await openFootnoteDb();
    const stored = idbSource(db);
    await expect(passagesForText(stored, { text: 'ICE' })).rejects.toThrow(/not loaded/);
    await loadIndex(db, index);
    expect((await passagesForText(stored, { text: 'ICE' })).total).toBeGreaterThan(0);
  });

  it('answers from an index of version 1 (no figure readings) as from memory', async () => {
    const { figureReadings: _readings, ...body } = structuredClone(index);
    const old = { ...body, version: 1 as const };
    const db = await openFootnoteDb();
    await loadIndex(db, old);
    const stored = idbSource(db);
    expect(await stored.figureReadings()).toBeUndefined();
    const query = { kind: 'people' as const, value: 498, context: 'arrests in sanctuary cities' };
    expect(await passagesForFigure(stored, query)).toEqual(await passagesForFigure(memorySource(index), query));
  });

  it('reads the index once: warmed, it answers with the database closed', async () => {
    const db = await openFootnoteDb();
    await loadIndex(db, index);
    const stored = idbSource(db);
    await stored.warm();
    db.close();
    const query = { kind: 'people' as const, value: 498, context: 'arrests in sanctuary cities' };
    expect(await passagesForFigure(stored, query)).toEqual(await passagesForFigure(memorySource(index), query));
  });
});

describe('createIndexService', () => {
  it('loads the bundled index once and survives a worker restart without refetching', async () => {
    let fetches = 0;
    const options = {
      bundledHash: index.hash,
      fetchIndex: async () => {
        fetches++;
        return JSON.parse(JSON.stringify(index));
      },
    };
    const first = await createIndexService(options).ready();
    expect(first.status.counts.documents).toBe(5);
    // A new service on the same database is what a restarted worker gets.
    const restarted = await createIndexService(options).ready();
    expect(restarted.status.hash).toBe(index.hash);
    expect(fetches).toBe(1);
  });

  it('reports not-ready with the reason, then recovers on the next call', async () => {
    let fail = true;
    const service = createIndexService({
      bundledHash: index.hash,
      fetchIndex: async () => {
        if (fail) throw new Error('packaged file missing');
        return index;
      },
    });
    await expect(service.ready()).rejects.toMatchObject({ code: 'not-ready', message: /packaged file missing/ });
    fail = false;
    expect((await service.ready()).status.hash).toBe(index.hash);
  });

  it('prepares again on a new connection once the browser closed the first (site data cleared)', async () => {
    const openDb = footnoteDbOpener();
    const service = createIndexService({ bundledHash: index.hash, fetchIndex: async () => structuredClone(index), openDb });
    const first = await service.ready();
    forceCloseDatabase(unwrap(first.db) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    // The opener learns of it from the connection's close event, a task or two later.
    await vi.waitUntil(async () => (await openDb()) !== first.db);
    const again = await service.ready();
    expect(again.db).not.toBe(first.db);
    // The new connection answers: the index is read through it, as page setup does.
    expect(await readIndexMeta(again.db)).toMatchObject({ hash: index.hash });
    expect((await passagesForEntity(again.source, { entityId: 'agency:ice' })).hits.length).toBeGreaterThan(0);
  });

  it('refuses an index file of another format version', async () => {
    const service = createIndexService({ bundledHash: 'x', fetchIndex: async () => ({ ...index, version: 99 }) });
    await expect(service.ready()).rejects.toMatchObject({ code: 'not-ready', message: /version 99 is not supported/ });
  });
});
