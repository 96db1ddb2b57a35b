import type { CardActions, CardState } from '../card/card-state';
import type { CardView } from '../card/card-view';
import type { EntityAnswer, EntityRequest, FigureAnswer, FigureRequest, PassageHit } from '../core/query/queries';
import type { MentionDictionary } from '../messaging/protocol';
import { describeFigure } from '../core/match/find-mentions';
import type { MarkedMention } from './scanner';
import type { UiHost } from './ui-host';
import { messageOf } from '../core/text/error-message';
import { sentenceContext } from '../core/text/sentences';

/** How long the pointer must rest on a mention before its card opens. */
export const HOVER_INTENT_MS = 250;
/** How long the card stays after the pointer leaves, so it can be reached. */
export const LEAVE_GRACE_MS = 300;
/**
 * How long an answer may take before the card shows that it is loading. Most
 * answers come within a frame or two: a loading state drawn first would cost a
 * render, a layout and a paint, and flash by unread.
 */
export const LOADING_DELAY_MS = 100;
const GAP = 6;
/**
 * V8 optimises code only once it has run many times: the card's is run this
 * often on sample cards while the page is idle (the first card drawn cold took
 * 17-56 ms to draw, 4-14 ms after this warm-up; layout not included).
 */
export const WARM_UP_STEPS = 40;
/**
 * A warm-up step starts only when the idle period has room for twice the last
 * step (samples of two sizes take turns), and for the first, cold step, for
 * this much: a step must end within the idle period, not delay the page.
 */
const FIRST_WARM_UP_STEP_MS = 20;
/** The longest idle period a browser grants (requestIdleCallback's deadline). */
const MAX_IDLE_PERIOD_MS = 50;

export interface CardRequests {
  entity(request: EntityRequest): Promise<EntityAnswer>;
  figure(request: FigureRequest): Promise<FigureAnswer>;
}

/** Light or dark, from the page's own background rather than the OS setting. */
function pageScheme(doc: Document): 'light' | 'dark' {
  for (let el: Element | null = doc.body; el; el = el.parentElement) {
    const color = getComputedStyle(el).backgroundColor;
    const rgb = color.match(/[\d.]+/g)?.map(Number);
    if (!rgb || rgb.length < 3 || rgb[3] === 0) continue;
    const [r, g, b] = rgb as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
  }
  return doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Opens one context card at a time beside a mention: after a short hover
 * intent, or at once from the keyboard; closes on Escape, on pointer leave
 * (after a grace period), or when the mention scrolls out of view. The card's
 * rendering (`view`) is loaded apart, once: `preload` asks for it early, and a
 * hover starts it at the latest, while the hover intent runs.
 */
export class CardController {
  private container: HTMLElement | undefined;
  private current: MarkedMention | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private loadingTimer: ReturnType<typeof setTimeout> | undefined;
  private pointerInCard = false;
  private listeners: AbortController | undefined;
  private returnFocus: (() => void) | undefined;
  private generation = 0;
  private scheme: 'light' | 'dark' = 'light';
  private hits: readonly PassageHit[] = [];
  /** The card's rendering, once loaded (a card on screen implies it). */
  private loaded: CardView | undefined;
  /** The idle callback that warms the rendering, once requested. */
  private warmUp: number | undefined;
  /** Set once a card is asked for (real cards warm the rendering from then on) or the controller is disposed. */
  private warmUpOver = false;
  private lastWarmUpStepMs = FIRST_WARM_UP_STEP_MS;

  constructor(
    private readonly doc: Document,
    private readonly ui: UiHost,
    private readonly dictionary: MentionDictionary,
    private readonly requests: CardRequests,
    private readonly actions: Omit<CardActions, 'close'>,
    private readonly view: () => Promise<CardView>,
  ) {}

  /** Starts loading the card's rendering, then warms it while the page is idle, so the first card waits for neither. */
  preload(): void {
    this.loadView()
      .then((view) => {
        if (this.warmUp === undefined) this.warm(view, 0);
      })
      .catch((error: unknown) => console.debug('Footnote: card view', error));
  }

  /** Draws sample cards, detached, in the page's idle periods, until a card is asked for. */
  private warm(view: CardView, step: number): void {
    const window = this.doc.defaultView;
    if (!window || this.warmUpOver || step >= WARM_UP_STEPS) return;
    this.warmUp = window.requestIdleCallback((deadline) => {
      try {
        while (step < WARM_UP_STEPS && !this.warmUpOver && deadline.timeRemaining() > 2 * this.lastWarmUpStepMs) {
          const started = performance.now();
          view.warm(this.doc, step++);
          this.lastWarmUpStepMs = performance.now() - started;
        }
      } catch (error) {
        // Only a head start is lost: the first real card draws as it would have anyway.
        console.debug('Footnote: card warm-up', error);
        return;
      }
      // A step too long for any idle period would never start again: on so slow (or busy) a machine, give up.
      if (2 * this.lastWarmUpStepMs >= MAX_IDLE_PERIOD_MS) return;
      this.warm(view, step);
    });
  }

  private loadView(): Promise<CardView> {
    return this.view().then((view) => (this.loaded = view));
  }

  get openMention(): MarkedMention | undefined {
    return this.current;
  }

  /** Pointer moved onto a mention (or off one). */
  hover(mark: MarkedMention | undefined): void {
    clearTimeout(this.openTimer);
    if (mark && mark === this.current) {
      clearTimeout(this.closeTimer);
      return;
    }
    if (mark) {
      this.preload();
      this.openTimer = setTimeout(() => void this.open(mark), HOVER_INTENT_MS);
    } else if (this.current) {
      this.scheduleClose();
    }
  }

  /** Opens the card for `mark` now; from the keyboard, focus moves into the card. */
  async open(mark: MarkedMention, options: { focus?: boolean; onClose?: () => void } = {}): Promise<void> {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    clearTimeout(this.loadingTimer);
    this.current = mark;
    this.returnFocus = options.onClose;
    const generation = ++this.generation;
    this.warmUpOver = true;
    const focus = options.focus ?? false;
    this.listen();
    const title = this.titleOf(mark);
    // The rendering loads (when not loaded yet) while the answer is asked for.
    const view = this.loaded ? Promise.resolve(this.loaded) : this.loadView();
    // Awaited once the answer is in; a failure is handled there.
    view.catch(() => undefined);
    let answered = false;
    const showLoading = (loaded: CardView) => {
      if (!answered && generation === this.generation) this.present(loaded, mark, { kind: 'loading', title }, focus);
    };
    this.loadingTimer = setTimeout(() => {
      if (this.loaded) showLoading(this.loaded);
      else view.then(showLoading, () => undefined);
    }, LOADING_DELAY_MS);
    let state: CardState;
    try {
      state = await this.load(mark);
    } catch (error) {
      state = { kind: 'error', title, message: messageOf(error) };
    }
    let loaded: CardView;
    try {
      loaded = this.loaded ?? (await view);
    } catch (error) {
      // Nothing can be drawn (the extension was updated or removed under this page).
      console.debug('Footnote: card view', error);
      if (generation === this.generation) this.close();
      return;
    }
    answered = true;
    // The reader may have moved on to another mention while this one loaded.
    if (generation !== this.generation) return;
    clearTimeout(this.loadingTimer);
    this.present(loaded, mark, state, focus);
  }

  close(): void {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    clearTimeout(this.loadingTimer);
    this.generation++;
    if (!this.current) return;
    this.current = undefined;
    this.listeners?.abort();
    this.listeners = undefined;
    if (this.container) {
      // Out of the page first: unmounting a detached tree touches nothing the page lays out.
      this.container.remove();
      this.loaded?.clear(this.container);
      this.container = undefined;
    }
    const back = this.returnFocus;
    this.returnFocus = undefined;
    back?.();
  }

  dispose(): void {
    this.close();
    this.warmUpOver = true;
    if (this.warmUp !== undefined) this.doc.defaultView?.cancelIdleCallback(this.warmUp);
  }

  private scheduleClose(): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      if (!this.pointerInCard) this.close();
    }, LEAVE_GRACE_MS);
  }

  private titleOf(mark: MarkedMention): string {
    const mention = mark.mention;
    if (mention.type === 'figure') return mention.figure.text;
    return this.dictionary.entities[mention.entityId]?.name ?? mention.entityId;
  }

  private async load(mark: MarkedMention): Promise<CardState> {
    const mention = mark.mention;
    const context = sentenceContext(mark.block.text, mention);
    if (mention.type === 'entity') {
      return { kind: 'entity', answer: await this.requests.entity({ entityId: mention.entityId, context }) };
    }
    const figure = describeFigure(mark.block.text, mention.figure);
    const answer = await this.requests.figure({
      kind: figure.kind,
      value: figure.value,
      text: figure.text,
      ...(figure.place ? { place: figure.place } : {}),
      ...(figure.operation ? { operation: figure.operation } : {}),
      context,
    });
    return { kind: 'figure', figure, answer };
  }

  /** The open card's mention and the passages it shows, for saving an annotation from it. */
  shown(): { mark: MarkedMention; hits: readonly PassageHit[] } | undefined {
    return this.current && { mark: this.current, hits: this.hits };
  }

  /** Draws `state` beside `mark`, and from the keyboard moves focus into it. */
  private present(view: CardView, mark: MarkedMention, state: CardState, focus: boolean): void {
    this.hits = state.kind === 'entity' || state.kind === 'figure' ? state.answer.hits : [];
    const actions: CardActions = { ...this.actions, close: () => this.close() };
    this.ui.addStyles(view.css);
    const container = this.mount();
    view.draw(container, state, actions, this.scheme);
    // Focus first: it lays the card out, and placing it then reads that layout instead of
    // changing the card's style (and so its layout) before focus. No scrolling: the card
    // goes beside the mention, in view.
    const dialog = container.querySelector<HTMLElement>('[role=dialog]');
    if (focus && dialog && this.ui.root.activeElement !== dialog) dialog.focus({ preventScroll: true });
    this.position(mark);
  }

  private mount(): HTMLElement {
    if (this.container) return this.container;
    const container = this.doc.createElement('div');
    container.className = 'card-anchor';
    this.scheme = pageScheme(this.doc);
    container.addEventListener('pointerenter', () => {
      this.pointerInCard = true;
      clearTimeout(this.closeTimer);
    });
    container.addEventListener('pointerleave', () => {
      this.pointerInCard = false;
      this.scheduleClose();
    });
    this.ui.root.append(container);
    this.container = container;
    return container;
  }

  /** Escape closes the card, and scrolling keeps it beside its mention, from the moment it is asked for. */
  private listen(): void {
    if (this.listeners) return;
    this.listeners = new AbortController();
    const { signal } = this.listeners;
    this.doc.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        this.close();
      },
      { capture: true, signal },
    );
    const view = this.doc.defaultView;
    view?.addEventListener(
      'scroll',
      () => {
        if (this.current) this.position(this.current);
      },
      { capture: true, passive: true, signal },
    );
  }

  /** Beside the mention, below if it fits, else above; always inside the viewport. */
  private position(mark: MarkedMention): void {
    const container = this.container;
    const view = this.doc.defaultView;
    if (!container || !view) return;
    const rect = mark.range.getBoundingClientRect();
    if (rect.bottom < 0 || rect.top > view.innerHeight || (rect.width === 0 && rect.height === 0)) {
      this.close();
      return;
    }
    const width = Math.min(380, view.innerWidth - 2 * GAP);
    const height = container.scrollHeight || 200;
    const roomBelow = view.innerHeight - rect.bottom - 2 * GAP;
    const roomAbove = rect.top - 2 * GAP;
    // Below if it fits, else above if it fits, else the roomier side with the card scrolling inside.
    const placeBelow = height <= roomBelow || (height > roomAbove && roomBelow >= roomAbove);
    const maxHeight = Math.max(120, placeBelow ? roomBelow : roomAbove);
    const shown = Math.min(height, maxHeight);
    const top = placeBelow ? rect.bottom + GAP : rect.top - GAP - shown;
    const left = Math.min(Math.max(GAP, rect.left), view.innerWidth - width - GAP);
    container.style.cssText = `position: fixed; top: ${Math.max(GAP, top)}px; left: ${left}px; width: ${width}px; --card-room: ${maxHeight}px;`;
  }
}
