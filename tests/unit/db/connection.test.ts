import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/core/annotations/model';
import { createAnnotationStore } from '../../../src/db/annotation-store';
import { footnoteDbOpener } from '../../../src/db/schema';
import { sampleAnnotations } from '../core/annotations/sample';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('footnoteDbOpener', () => {
  it('shares one connection between its callers', async () => {
    const openDb = footnoteDbOpener();
    expect(await openDb()).toBe(await openDb());
  });

  it('opens the database again after the browser closed the connection, and nothing is lost', async () => {
    const openDb = footnoteDbOpener();
    const store = createAnnotationStore(openDb);
    const [first, second] = sampleAnnotations() as [Annotation, Annotation];
    await store.save(first);
    const closed = await openDb();
    // fake-indexeddb types its argument as the class, though it takes a connection.
    forceCloseDatabase(unwrap(closed) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await store.save(second);
    expect(await openDb()).not.toBe(closed);
    expect((await store.list()).map((annotation) => annotation.id).sort()).toEqual([first.id, second.id].sort());
  });
});
