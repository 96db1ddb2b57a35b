/**
 * The researcher's annotations in IndexedDB (user data: an index load never
 * touches this store). Records are validated before they get here; the store
 * keeps them exactly as given, apart from the times it owns on save.
 */
import { mergeImport } from '../core/annotations/import';
import { canonicalAnnotation, type Annotation } from '../core/annotations/model';
import { countTags, type TagCount } from '../core/annotations/tags';
import { normalisePageUrl } from '../core/annotations/url';
import type { ImportSummary } from '../messaging/protocol';
import type { FootnoteDb } from './schema';

export interface SaveOptions {
  /** Keep the given `modified` instead of stamping now: restoring a deleted annotation exactly. */
  keepModified?: boolean;
}

export interface AnnotationStore {
  get(id: string): Promise<Annotation | undefined>;
  /** Creates or updates by id; keeps the stored `created` on update. Returns the record as stored. */
  save(annotation: Annotation, options?: SaveOptions): Promise<Annotation>;
  remove(id: string): Promise<Annotation | null>;
  /** A page's annotations (any form of its URL), oldest first. */
  forPage(url: string): Promise<Annotation[]>;
  /** Every annotation, newest first. */
  list(): Promise<Annotation[]>;
  /** Tags across all annotations, most used first; spellings that differ only in case count as one. */
  tags(): Promise<TagCount[]>;
  /** Adds the annotations whose ids are new, in one transaction: all of them or, on any failure, none. */
  importAnnotations(annotations: readonly Annotation[]): Promise<ImportSummary>;
}

/** ISO times with other offsets or precision do not sort as strings; compare instants, then ids for a stable order. */
function byCreated(a: Annotation, b: Annotation): number {
  return Date.parse(a.created) - Date.parse(b.created) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function createAnnotationStore(
  openDb: () => Promise<FootnoteDb>,
  now: () => Date = () => new Date(),
): AnnotationStore {
  async function list(): Promise<Annotation[]> {
    const annotations = await (await openDb()).getAll('annotations');
    return annotations.sort((a, b) => byCreated(b, a));
  }

  return {
    list,

    async get(id) {
      return (await openDb()).get('annotations', id);
    },

    async save(annotation, { keepModified = false } = {}) {
      const tx = (await openDb()).transaction('annotations', 'readwrite');
      const stored = await tx.store.get(annotation.id);
      const record = canonicalAnnotation({
        ...annotation,
        created: stored?.created ?? annotation.created,
        // A new annotation has not been edited yet: the annotations page shows "edited" when the two differ.
        modified: keepModified ? annotation.modified : stored ? now().toISOString() : annotation.created,
      });
      await tx.store.put(record);
      await tx.done;
      return record;
    },

    async remove(id) {
      const tx = (await openDb()).transaction('annotations', 'readwrite');
      const stored = await tx.store.get(id);
      if (stored) await tx.store.delete(id);
      await tx.done;
      return stored ?? null;
    },

    async forPage(url) {
      const annotations = await (await openDb()).getAllFromIndex('annotations', 'source', normalisePageUrl(url));
      return annotations.sort(byCreated);
    },

    async tags() {
      return countTags(await list());
    },

    async importAnnotations(annotations) {
      const tx = (await openDb()).transaction('annotations', 'readwrite');
      const writes: Promise<unknown>[] = [];
      try {
        const { added, updated, duplicates } = mergeImport(await tx.store.getAll(), annotations);
        // `add`, not `put`: an id stored meanwhile fails the whole import instead of being overwritten.
        for (const annotation of added) writes.push(tx.store.add(annotation));
        for (const annotation of updated) writes.push(tx.store.put(annotation));
        await Promise.all([...writes, tx.done]);
        return { added: added.length, updated: updated.length, duplicates: duplicates.length };
      } catch (error) {
        // A value that cannot be stored throws before its request exists and leaves the
        // transaction open: abort it so the writes already made are undone too.
        try {
          tx.abort();
        } catch {
          // The failing request has already aborted it.
        }
        await Promise.allSettled([...writes, tx.done]);
        throw error;
      }
    },
  };
}
