import type { IndexStatus } from '../messaging/protocol';

export function IndexSummary({ status, error }: { status?: IndexStatus; error?: string }) {
  if (error) return <p role="alert">Corpus unavailable: {error}</p>;
  if (!status) return <p aria-busy="true">Loading the corpus…</p>;
  const { documents, passages, entities, figures } = status.counts;
  return (
    <section aria-label="Corpus">
      <p data-testid="corpus-counts">
        {documents} articles · {passages} passages · {entities} entities · {figures} figures
      </p>
      <p class="muted">
        Index {status.hash.slice(0, 8)} (format {status.version}), loaded{' '}
        {new Date(status.loadedAt).toLocaleString()}
      </p>
    </section>
  );
}
