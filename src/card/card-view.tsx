import { render } from 'preact';
import type { CardActions, CardState } from './card-state';
import { ContextCard } from './ContextCard';
import cardCss from './card.css?inline';

/** The context card's rendering, apart from the content script's logic that decides when and where it shows. */
export interface CardView {
  /** The card's styles, for the shadow root it is drawn in. */
  readonly css: string;
  draw(container: HTMLElement, state: CardState, actions: CardActions, scheme: 'light' | 'dark'): void;
  /** Unmounts the card drawn in `container`. */
  clear(container: HTMLElement): void;
}

export const cardView: CardView = {
  css: cardCss,
  draw: (container, state, actions, scheme) => render(<ContextCard state={state} actions={actions} scheme={scheme} />, container),
  clear: (container) => render(null, container),
};
