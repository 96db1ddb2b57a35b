import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { FigureMention } from '../core/index/types';
import type { Discrepancy } from '../core/query/discrepancies';
import type { EntityAnswer, FigureAnswer } from '../core/query/queries';
import type { CardActions, CardState } from './card-state';
import { FigureChart } from './FigureChart';
import { FigureTable } from './FigureTable';
import { passagesOfFigures } from './figure-hits';
import { entityTypeLabel, figureKindLabel, formatCount, formatFigure } from './format';
import { PassageList } from './PassageItem';

export interface ContextCardProps {
  state: CardState;
  actions: CardActions;
  /** Forces a colour scheme (the content script reads the page's background); otherwise the system's. */
  scheme?: 'light' | 'dark';
}

function titleOf(state: CardState): string {
  switch (state.kind) {
    case 'loading':
    case 'error':
      return state.title;
    case 'entity':
      return state.answer.entity.name;
    case 'figure':
      return formatFigure(state.figure);
  }
}

function NothingMore({ about }: { about: string }) {
  return <p class="card__empty">The corpus says nothing more about {about}.</p>;
}

function EntityBody({ answer, actions }: { answer: EntityAnswer; actions: CardActions }) {
  const { entity, hits, total, documentCount } = answer;
  return (
    <>
      {entity.description && <p class="card__description">{entity.description}</p>}
      {hits.length === 0 ? (
        <NothingMore about={entity.name} />
      ) : (
        <>
          <p class="card__counts">
            {formatCount(total, 'passage')} in {formatCount(documentCount, 'article')}
          </p>
          <PassageList hits={hits} actions={actions} />
          {total > hits.length && (
            <p class="card__more-note">
              Showing the best {hits.length} of {formatCount(total, 'passage')}.
            </p>
          )}
        </>
      )}
    </>
  );
}

/** Each summary is a whole sentence ("Accounts differ: …"), so the note needs no heading of its own. */
function DiscrepancyNote({ discrepancies }: { discrepancies: readonly Discrepancy[] }) {
  return (
    <ul class="card__note" role="note" aria-label="Discrepancies">
      {discrepancies.map((d) => (
        <li key={d.summary}>{d.summary}</li>
      ))}
    </ul>
  );
}

function FigureBody(props: { figure: FigureMention; answer: FigureAnswer; actions: CardActions }) {
  const { figure, answer, actions } = props;
  const { discrepancies } = answer;
  return (
    <>
      <dl class="card__facts">
        <dt>Kind</dt>
        <dd>{figureKindLabel(figure.kind)}</dd>
        {figure.place && (
          <>
            <dt>Place</dt>
            <dd>{figure.place}</dd>
          </>
        )}
        {figure.operation && (
          <>
            <dt>Operation</dt>
            <dd>{figure.operation}</dd>
          </>
        )}
      </dl>
      {answer.hits.length === 0 ? (
        <NothingMore about={formatFigure(figure)} />
      ) : (
        <>
          {discrepancies.length > 0 && <DiscrepancyNote discrepancies={discrepancies} />}
          <FigureTable hits={answer.hits} />
          {/* One bar compares with nothing; the table says it all. */}
          {answer.hits.length > 1 && <FigureChart hits={answer.hits} />}
          <h3 class="card__subheading">Where these figures come from</h3>
          <PassageList hits={passagesOfFigures(answer.hits)} actions={actions} />
        </>
      )}
    </>
  );
}

function Body({ state, actions }: { state: CardState; actions: CardActions }): ComponentChildren {
  switch (state.kind) {
    case 'loading':
      return (
        <p class="card__loading" role="status">
          Looking in the corpus…
        </p>
      );
    case 'error':
      return <p class="card__error">{state.message}</p>;
    case 'entity':
      return <EntityBody answer={state.answer} actions={actions} />;
    case 'figure':
      return (
        <FigureBody figure={state.figure} answer={state.answer} actions={actions} />
      );
  }
}

/**
 * What the corpus says about the entity or figure under the reader's pointer.
 * A non-modal dialog beside the text: Escape or the Close button dismisses it.
 */
export function ContextCard({ state, actions, scheme }: ContextCardProps) {
  const headingId = useId();
  return (
    <section
      class="card"
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      // Focusable by script, so a card opened from the keyboard can take focus.
      tabIndex={-1}
      aria-busy={state.kind === 'loading'}
      data-scheme={scheme}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          actions.close();
        }
      }}
    >
      <header class="card__header">
        <div class="card__heading">
          {state.kind === 'entity' && <p class="card__type">{entityTypeLabel(state.answer.entity.type)}</p>}
          <h2 id={headingId} class="card__title">
            {titleOf(state)}
          </h2>
        </div>
        <button type="button" class="card__close" aria-label="Close" onClick={() => actions.close()}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div class="card__body">
        <Body state={state} actions={actions} />
      </div>
    </section>
  );
}
