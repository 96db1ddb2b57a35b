import { render } from 'preact';
import type { CardActions, CardState } from './card-state';
import { ContextCard } from './ContextCard';
import cardCss from './card.css?inline';
import { WARM_UP_STATES } from './warm-up';

/** The context card's rendering, apart from the content script's logic that decides when and where it shows. */
export interface CardView {
  /** The card's styles, for the shadow root it is drawn in. */
  readonly css: string;
  draw(container: HTMLElement, state: CardState, actions: CardActions, scheme: 'light' | 'dark'): void;
  /** Unmounts the card drawn in `container`. */
  clear(container: HTMLElement): void;
  /** Draws a sample card (the `step`-th, in turn) into a detached element of `doc` and unmounts it: nothing reaches the page. */
  warm(doc: Document, step: number): void;
}

const NO_ACTIONS: CardActions = {
  close: () => undefined,
  readerHref: () => '#',
  openReader: () => undefined,
  copyCitation: async () => undefined,
  save: () => undefined,
};

export const cardView: CardView = {
  css: cardCss,
  draw: (container, state, actions, scheme) => render(<ContextCard state={state} actions={actions} scheme={scheme} />, container),
  clear: (container) => render(null, container),
  warm: (doc, step) => {
    const detached = doc.createElement('div');
    cardView.draw(detached, WARM_UP_STATES[step % WARM_UP_STATES.length]!, NO_ACTIONS, 'light');
    cardView.clear(detached);
  },
};
