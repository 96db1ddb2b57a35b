import { formatCount, formatDate } from '../card/format';
import type { CorpusDocument } from '../core/query/corpus-documents';
import type { IndexStatus } from '../messaging/protocol';
import { readerPath } from '../reader/reader-url';

export interface CorpusInfo {
  status?: IndexStatus;
  documents?: CorpusDocument[];
  error?: string;
}

function IndexLine({ status }: { status: IndexStatus }) {
  const { passages, entities, figures } = status.counts;
  return (
    <p class="muted" data-testid="index-line">
      Index <code>{status.hash}</code> (format {status.version}), loaded{' '}
      <time dateTime={new Date(status.loadedAt).toISOString()}>{new Date(status.loadedAt).toLocaleString()}</time>:{' '}
      {formatCount(passages, 'passage')}, {formatCount(entities, 'entity')}, {formatCount(figures, 'figure')}.
    </p>
  );
}

/** The articles Footnote compares pages with, and which build of the index is loaded. */
export function CorpusSection({ corpus }: { corpus: CorpusInfo }) {
  const { status, documents, error } = corpus;
  if (error) return <p role="alert">The corpus is unavailable: {error}</p>;
  if (!status || !documents) return <p aria-busy="true">Loading the corpus…</p>;
  return (
    <>
      <table class="documents">
        <caption>{formatCount(documents.length, 'article')} in the corpus</caption>
        <thead>
          <tr>
            <th scope="col">Article</th>
            <th scope="col">Published</th>
            <th scope="col" class="number">
              Passages
            </th>
            <th scope="col" class="number">
              Figures
            </th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <tr key={doc.id}>
              <th scope="row">
                <a href={readerPath({ doc: doc.id })} target="_blank" rel="noopener">
                  {doc.title}
                </a>
                {(doc.author || doc.publisher) && (
                  <span class="byline">{[doc.author, doc.publisher].filter(Boolean).join(' · ')}</span>
                )}
              </th>
              <td>{doc.date ? <time dateTime={doc.date}>{formatDate(doc.date)}</time> : 'undated'}</td>
              <td class="number">{doc.passages}</td>
              <td class="number">{doc.figures}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <IndexLine status={status} />
    </>
  );
}
