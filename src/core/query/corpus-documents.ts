import type { DocumentRecord } from '../index/types';
import type { IndexSource } from './source';

/** One corpus document as the options page lists it. */
export interface CorpusDocument {
  id: number;
  title: string;
  author?: string;
  /** ISO date, YYYY-MM-DD. */
  date?: string;
  publisher?: string;
  passages: number;
  figures: number;
}

function summary(document: DocumentRecord, figures: number): CorpusDocument {
  const { id, title, author, date, publisher, passageStart, passageEnd } = document;
  return {
    id,
    title,
    ...(author ? { author } : {}),
    ...(date ? { date } : {}),
    ...(publisher ? { publisher } : {}),
    passages: passageEnd - passageStart,
    figures,
  };
}

/**
 * Every document of an index holding `documentCount` documents (ids 0 to count - 1, as the
 * compiler numbers them), oldest first; undated ones last, in index order.
 */
export async function corpusDocuments(source: IndexSource, documentCount: number): Promise<CorpusDocument[]> {
  const documents = await source.documents(Array.from({ length: documentCount }, (_, id) => id));
  const listed = await Promise.all(
    documents.map(async (document) => summary(document, (await source.figuresOfDocument(document.id)).length)),
  );
  return listed.sort((a, b) => {
    if (a.date === b.date) return a.id - b.id;
    if (a.date === undefined) return 1;
    if (b.date === undefined) return -1;
    return a.date < b.date ? -1 : 1;
  });
}
