import type { DocumentRecord, EntityType, FigureRecord, PassageRecord } from '../index/types';
import { QueryError } from './queries';
import type { IndexSource } from './source';

/** A passage in another document, for "see also" links. */
export interface PassageLink {
  passage: number;
  doc: number;
  title: string;
  date?: string;
}

export interface DocumentView {
  document: DocumentRecord;
  passages: PassageRecord[];
  /** Entities named in the document, most mentioned first, with their passages here and elsewhere. */
  entities: { id: string; name: string; type: EntityType; here: number[]; elsewhere: PassageLink[] }[];
  figures: FigureRecord[];
}

/** Everything the reader page shows for one document. */
export async function documentView(source: IndexSource, docId: number): Promise<DocumentView> {
  const [document] = await source.documents([docId]);
  if (!document) throw new QueryError('not-found', `no document with id ${docId}`);
  const ids = Array.from({ length: document.passageEnd - document.passageStart }, (_, i) => document.passageStart + i);
  const [passages, allEntities, figures] = await Promise.all([
    source.passages(ids),
    source.entities(),
    source.figuresOfDocument(docId),
  ]);
  const inDocument = (p: number) => p >= document.passageStart && p < document.passageEnd;
  const named = allEntities.filter((e) => e.passages.some(inDocument));
  const elsewhereIds = [...new Set(named.flatMap((e) => e.passages.filter((p) => !inDocument(p))))];
  const elsewherePassages = await source.passages(elsewhereIds);
  const docs = new Map((await source.documents([...new Set(elsewherePassages.map((p) => p.doc))])).map((d) => [d.id, d]));
  const linkOf = new Map(
    elsewherePassages.map((p): [number, PassageLink] => {
      const doc = docs.get(p.doc);
      return [p.id, { passage: p.id, doc: p.doc, title: doc?.title ?? '', ...(doc?.date ? { date: doc.date } : {}) }];
    }),
  );
  const entities = named
    .map((e) => ({
      id: e.id,
      name: e.name,
      type: e.type,
      here: e.passages.filter(inDocument),
      elsewhere: e.passages.filter((p) => !inDocument(p)).flatMap((p) => linkOf.get(p) ?? []),
    }))
    .sort((a, b) => b.here.length - a.here.length || a.name.localeCompare(b.name));
  return { document, passages, entities, figures: figures.sort((a, b) => a.passage - b.passage || a.start - b.start) };
}
