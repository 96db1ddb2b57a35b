import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/core/annotations/model';
import { createAnnotationStore, type AnnotationStore } from '../../../src/db/annotation-store';
import { openFootnoteDb } from '../../../src/db/schema';
import { sampleAnnotations } from '../core/annotations/sample';

const NOW = new Date('2025-03-04T05:06:07.000Z');

let store: AnnotationStore;
let samples: [Annotation, Annotation, Annotation];
beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
  store = createAnnotationStore(() => openFootnoteDb(), () => NOW);
  samples = sampleAnnotations() as [Annotation, Annotation, Annotation];
});

/** The same annotation made at another time, on another page or with other tags. */
function variant(base: Annotation, change: { id: string; created?: string; source?: string; tags?: string[] }): Annotation {
  const tags = change.tags?.map((value) => ({ type: 'TextualBody' as const, purpose: 'tagging' as const, value }));
  return {
    ...base,
    id: change.id,
    created: change.created ?? base.created,
    modified: change.created ?? base.modified,
    body: tags ?? base.body,
    target: { ...base.target, source: change.source ?? base.target.source },
  };
}

describe('annotation store', () => {
  it('saves a new annotation with its own created time, and modified the same: not edited yet', async () => {
    const [first] = samples;
    const stored = await store.save({ ...first, modified: NOW.toISOString() });
    expect(stored).toEqual({ ...first, modified: first.created });
    expect(await store.get(first.id)).toEqual(stored);
  });

  it('updates by id, keeping the stored created time whatever the update says', async () => {
    const [first] = samples;
    await store.save(first);
    const edited: Annotation = {
      ...first,
      created: '2030-01-01T00:00:00.000Z',
      body: [{ type: 'TextualBody', purpose: 'commenting', value: 'rewritten', format: 'text/plain' }],
    };
    const stored = await store.save(edited);
    expect(stored).toEqual({ ...edited, created: first.created, modified: NOW.toISOString() });
    expect(await store.list()).toEqual([stored]);
  });

  it('deletes and restores exactly with keepModified (undo)', async () => {
    const [first] = samples;
    const saved = await store.save(first);
    expect(await store.remove(first.id)).toEqual(saved);
    expect(await store.get(first.id)).toBeUndefined();
    expect(await store.remove(first.id)).toBeNull();
    expect(await store.save(saved, { keepModified: true })).toEqual(saved);
    expect(await store.get(first.id)).toEqual(saved);
  });

  it('finds a page’s annotations by any form of its URL, oldest first', async () => {
    const [first, second, third] = samples;
    // first and second are on https://www.example.com/news/ice-raids?id=7, third elsewhere.
    const earlier = variant(second, { id: 'urn:uuid:earlier', created: '2024-04-30T23:00:00.000Z' });
    for (const annotation of [second, third, first, earlier]) await store.save(annotation);
    const found = await store.forPage('https://WWW.example.com/news/ice-raids?utm_campaign=x&id=7#section-2');
    expect(found.map((annotation) => annotation.id)).toEqual([earlier.id, first.id, second.id]);
    expect(await store.forPage('https://www.example.com/news/ice-raids?id=8')).toEqual([]);
  });

  it('lists newest first, comparing instants rather than strings', async () => {
    const [first, second, third] = samples;
    // 09:40+02:00 is 07:40Z: the earliest, though its string sorts last.
    const offset = variant(first, { id: 'urn:uuid:offset', created: '2024-05-01T09:40:00+02:00' });
    for (const annotation of [second, offset, third, first]) await store.save(annotation);
    expect((await store.list()).map((annotation) => annotation.id)).toEqual([third.id, second.id, first.id, offset.id]);
  });

  it('counts tags across annotations, most used first, one entry per spelling that differs only in case', async () => {
    const [first] = samples;
    await store.save(variant(first, { id: 'a', created: '2024-01-01T00:00:00.000Z', tags: ['ICE', 'raids'] }));
    await store.save(variant(first, { id: 'b', created: '2024-01-02T00:00:00.000Z', tags: ['ice', 'Budget'] }));
    await store.save(variant(first, { id: 'c', created: '2024-01-03T00:00:00.000Z', tags: ['raids', 'ICE'] }));
    expect(await store.tags()).toEqual([
      // The newest annotation's spelling names a tag.
      { tag: 'ICE', count: 3 },
      { tag: 'raids', count: 2 },
      { tag: 'Budget', count: 1 },
    ]);
  });

  it('imports new annotations and counts the ones already stored without doubling them', async () => {
    const [first, second, third] = samples;
    const saved = await store.save(first);
    const changedCopy = { ...first, body: [] };
    expect(await store.importAnnotations([changedCopy, second, third])).toEqual({ added: 2, updated: 0, duplicates: 1 });
    expect(await store.get(first.id)).toEqual(saved);
    expect(await store.get(second.id)).toEqual(second);
    expect(await store.importAnnotations([second, third])).toEqual({ added: 0, updated: 0, duplicates: 2 });
    expect(await store.list()).toHaveLength(3);
  });

  it('imports a copy edited after the stored one in its place', async () => {
    const [first] = samples;
    await store.save(first);
    const editedElsewhere: Annotation = { ...first, body: [], modified: '2030-01-01T00:00:00.000Z' };
    expect(await store.importAnnotations([editedElsewhere])).toEqual({ added: 0, updated: 1, duplicates: 0 });
    expect(await store.get(first.id)).toEqual(editedElsewhere);
    expect(await store.list()).toHaveLength(1);
  });

  it('imports all or nothing: a record that cannot be stored leaves the store as it was', async () => {
    const [first, second, third] = samples;
    const saved = await store.save(first);
    // A value IndexedDB cannot clone fails the third add after two have been made.
    const unstorable = { ...third, target: { ...third.target, extra: () => 0 } } as unknown as Annotation;
    await expect(store.importAnnotations([second, variant(second, { id: 'other' }), unstorable])).rejects.toThrow();
    expect(await store.list()).toEqual([saved]);
  });
});
