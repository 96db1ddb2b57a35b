import type { Bm25Stats, Postings } from '../search/bm25';
import type { CorpusIndex } from '../index/format';
import type { DocumentRecord, EntityRecord, FigureKind, FigureReadings, FigureRecord, PassageRecord } from '../index/types';

/**
 * What the queries need from an index, whether it sits in memory (Node, tests,
 * benchmarks) or in IndexedDB (the worker). Async so a store can load lazily.
 */
export interface IndexSource {
  stats(): Promise<Bm25Stats>;
  entity(id: string): Promise<EntityRecord | undefined>;
  postings(terms: readonly string[]): Promise<Map<string, Postings>>;
  /** Passages by index, in the order asked; unknown indexes are left out. */
  passages(ids: readonly number[]): Promise<PassageRecord[]>;
  documents(ids: readonly number[]): Promise<DocumentRecord[]>;
  figuresOfKind(kind: FigureKind): Promise<FigureRecord[]>;
  /** What the compiler read from each figure's passage; absent in indexes of version 1. */
  figureReadings(): Promise<FigureReadings | undefined>;
  figuresOfDocument(doc: number): Promise<FigureRecord[]>;
  /** Every entity; for the reader page's list, not for hot paths. */
  entities(): Promise<EntityRecord[]>;
}

/** An index held in memory: queries read it without waiting on anything. */
export function memorySource(
  index: Pick<CorpusIndex, 'documents' | 'passages' | 'entities' | 'figures' | 'figureReadings' | 'bm25'>,
): IndexSource {
  const entities = new Map(index.entities.map((e) => [e.id, e]));
  const figuresByKind = new Map<FigureKind, FigureRecord[]>();
  for (const figure of index.figures) {
    const list = figuresByKind.get(figure.kind);
    if (list) list.push(figure);
    else figuresByKind.set(figure.kind, [figure]);
  }
  const pick = <T>(items: readonly T[], ids: readonly number[]): T[] => {
    const picked: T[] = [];
    for (const id of ids) {
      const item = items[id];
      if (item !== undefined) picked.push(item);
    }
    return picked;
  };
  return {
    stats: async () => index.bm25,
    entity: async (id) => entities.get(id),
    postings: async (terms) => {
      const found = new Map<string, Postings>();
      for (const term of terms) {
        const postings = index.bm25.postings[term];
        if (postings) found.set(term, postings);
      }
      return found;
    },
    passages: async (ids) => pick(index.passages, ids),
    documents: async (ids) => pick(index.documents, ids),
    figuresOfKind: async (kind) => figuresByKind.get(kind) ?? [],
    figureReadings: async () => index.figureReadings,
    figuresOfDocument: async (doc) => index.figures.filter((f) => f.doc === doc),
    entities: async () => index.entities,
  };
}
