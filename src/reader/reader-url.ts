/** Where the reader page opens: a document, optionally scrolled to one passage. */
export interface ReaderTarget {
  doc: number;
  passage?: number;
}

/** The reader page's address for a target, relative to the extension root. */
export function readerPath(target: ReaderTarget): string {
  const query = new URLSearchParams({ doc: String(target.doc) });
  if (target.passage !== undefined) query.set('passage', String(target.passage));
  const hash = target.passage !== undefined ? `#passage-${target.passage}` : '';
  return `/reader.html?${query}${hash}`;
}

export function readerTarget(search: string): ReaderTarget | undefined {
  const query = new URLSearchParams(search);
  const doc = Number(query.get('doc'));
  if (!query.has('doc') || !Number.isInteger(doc) || doc < 0) return undefined;
  const passage = Number(query.get('passage'));
  return query.has('passage') && Number.isInteger(passage) && passage >= 0 ? { doc, passage } : { doc };
}
