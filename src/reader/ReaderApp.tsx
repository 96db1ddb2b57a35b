import { useEffect, useState } from 'preact/hooks';
import type { DocumentView, PassageLink } from '../core/query/document-view';
import { formatDate } from '../card/format';
import { readerPath, type ReaderTarget } from './reader-url';

interface Props {
  target: ReaderTarget | undefined;
  load: (doc: number) => Promise<DocumentView>;
}

const TYPE_LABELS: Record<string, string> = {
  agency: 'agency',
  unit: 'unit',
  operation: 'operation',
  policy: 'policy term',
  person: 'person',
  place: 'place',
  organisation: 'organisation',
};

function OtherPassages({ links }: { links: PassageLink[] }) {
  if (links.length === 0) return null;
  return (
    <ul class="elsewhere">
      {links.map((link) => (
        <li key={link.passage}>
          <a href={readerPath({ doc: link.doc, passage: link.passage })}>
            {link.title}
            {link.date ? ` (${formatDate(link.date)})` : ''}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The extension's reader: one corpus document, cleanly, opened at a passage. */
export function ReaderApp({ target, load }: Props) {
  const [view, setView] = useState<DocumentView>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!target) return;
    load(target.doc).then(setView, (e: Error) => setError(e.message));
  }, [target?.doc]);

  useEffect(() => {
    if (view) document.title = `${view.document.title} · Footnote`;
    if (view && target?.passage !== undefined) {
      document.getElementById(`passage-${target.passage}`)?.scrollIntoView({ block: 'center' });
    }
  }, [view, target?.passage]);

  if (!target) return <main class="reader"><p role="alert">No document was asked for.</p></main>;
  if (error) return <main class="reader"><p role="alert">This document cannot be shown: {error}</p></main>;
  if (!view) return <main class="reader"><p aria-busy="true">Loading…</p></main>;

  const { document: doc, passages, entities, figures } = view;
  return (
    <div class="layout">
      <main class="reader">
        <article aria-labelledby="doc-title">
          <h1 id="doc-title">{doc.title}</h1>
          <p class="byline">
            {[doc.author, doc.date && formatDate(doc.date), doc.publisher].filter(Boolean).join(' · ')}
          </p>
          {passages.map((passage) => (
            <p
              key={passage.id}
              id={`passage-${passage.id}`}
              class={passage.id === target.passage ? 'passage target' : 'passage'}
              aria-current={passage.id === target.passage ? 'location' : undefined}
            >
              {passage.text}
            </p>
          ))}
        </article>
      </main>
      <aside class="index" aria-label="In this article">
        <h2>Named here</h2>
        <ul class="entities">
          {entities.map((entity) => (
            <li key={entity.id} data-entity={entity.id}>
              <details>
                <summary>
                  {entity.name} <span class="muted">{TYPE_LABELS[entity.type]} · {entity.here.length}×</span>
                </summary>
                <p class="muted">Here:</p>
                <ul>
                  {entity.here.map((p) => (
                    <li key={p}>
                      <a href={`#passage-${p}`}>paragraph {p - doc.passageStart + 1}</a>
                    </li>
                  ))}
                </ul>
                {entity.elsewhere.length > 0 && <p class="muted">Elsewhere in the corpus:</p>}
                <OtherPassages links={entity.elsewhere} />
              </details>
            </li>
          ))}
        </ul>
        <h2>Figures</h2>
        <ul class="figures">
          {figures.map((figure) => (
            <li key={figure.id}>
              <a href={`#passage-${figure.passage}`}>{figure.text}</a>{' '}
              <span class="muted">
                {figure.kind}
                {figure.place ? ` · ${figure.place}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
