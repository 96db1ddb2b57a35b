import { useEffect, useId, useState } from 'preact/hooks';
import type { PassageHit } from '../core/query/queries';
import type { CardActions } from './card-state';
import { formatDate } from './format';
import { snippetAround } from './snippet';
import { messageOf } from '../core/text/error-message';

/** How long "Copied" stays before the status clears. */
const COPIED_FOR_MS = 2000;

type CopyStatus = { state: 'idle' } | { state: 'copied' } | { state: 'failed'; message: string };

function CopyCitationButton({ hit, actions }: { hit: PassageHit; actions: CardActions }) {
  const [status, setStatus] = useState<CopyStatus>({ state: 'idle' });

  useEffect(() => {
    if (status.state !== 'copied') return undefined;
    const timer = setTimeout(() => setStatus({ state: 'idle' }), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = () =>
    actions.copyCitation(hit).then(
      () => setStatus({ state: 'copied' }),
      (error: unknown) =>
        setStatus({ state: 'failed', message: messageOf(error) }),
    );

  return (
    <>
      <button type="button" class="card__action" onClick={copy}>
        Copy citation
      </button>
      <span role="status" class={status.state === 'failed' ? 'card__copy-status card__copy-status--failed' : 'card__copy-status'}>
        {status.state === 'copied' && 'Copied'}
        {status.state === 'failed' && `Could not copy: ${status.message}`}
      </span>
    </>
  );
}

/** One corpus passage: where it is from, the words around the match, why it matched, and what to do with it. */
export function PassageItem({ hit, actions }: { hit: PassageHit; actions: CardActions }) {
  const titleId = useId();
  const { document } = hit;
  const snippet = snippetAround(hit.passage.text, hit.highlights);
  const byline = [document.author, document.date && formatDate(document.date)].filter(Boolean).join(' · ');

  return (
    <li class="card__passage">
      <p class="card__source">
        <cite id={titleId}>{document.title}</cite>
        {byline && <span class="card__byline">{byline}</span>}
      </p>
      <blockquote class="card__snippet">
        {snippet.cutBefore && '… '}
        {snippet.parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}
        {snippet.cutAfter && ' …'}
      </blockquote>
      {hit.matched.length > 0 && <p class="card__matched">Matched: {matchedSummary(hit.matched)}</p>}
      <div class="card__actions">
        <a
          class="card__action"
          href={actions.readerHref(hit)}
          target="_blank"
          rel="noopener noreferrer"
          aria-describedby={titleId}
          onClick={(event) => {
            event.preventDefault();
            actions.openReader(hit);
          }}
        >
          Read in context
        </a>
        <CopyCitationButton hit={hit} actions={actions} />
        {actions.save && (
          <button type="button" class="card__action" onClick={() => actions.save?.(hit)}>
            Save
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * Reasons shown for a match: the mention's own alias or figure (and its place
 * or operation) come first, then the sentence's words the passage shares; a
 * card on a page quoting the corpus would otherwise list twenty of them.
 */
export const MATCHED_SHOWN = 6;

function matchedSummary(matched: readonly string[]): string {
  const shown = matched.slice(0, MATCHED_SHOWN).join(', ');
  return matched.length > MATCHED_SHOWN ? `${shown} and ${matched.length - MATCHED_SHOWN} more` : shown;
}

/** Passages shown before "Show N more": enough to compare accounts without a wall of text. */
export const INITIAL_PASSAGES = 3;

/** The best passages first; the rest behind a disclosure button. */
export function PassageList({ hits, actions }: { hits: readonly PassageHit[]; actions: CardActions }) {
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  const hidden = hits.length - INITIAL_PASSAGES;
  const shown = expanded ? hits : hits.slice(0, INITIAL_PASSAGES);

  return (
    <>
      <ol id={listId} class="card__passages">
        {shown.map((hit) => (
          <PassageItem key={hit.passage.id} hit={hit} actions={actions} />
        ))}
      </ol>
      {hidden > 0 && (
        <button
          type="button"
          class="card__more"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer' : `Show ${hidden} more`}
        </button>
      )}
    </>
  );
}
