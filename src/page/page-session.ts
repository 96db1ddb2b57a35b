import type { MentionDictionary, PageSetup } from '../messaging/protocol';
import { createHighlighter, type Highlighter } from './highlighter';
import { HighlightStyles, UNIVERSAL_DELIVERY, type HighlightCssDelivery } from './highlight-styles';
import { watchPointer } from './hit-test';
import { MentionFocus, type FocusDirection } from './mention-focus';
import { watchContent } from './mutations';
import { intersectionWatcher } from './near-viewport';
import { PageScanner, type MarkedMention } from './scanner';
import { CardController, type CardRequests } from './card-controller';
import type { CardActions } from '../card/card-state';
import type { CardView } from '../card/card-view';
import { figureKindLabel } from '../card/format';
import type { MentionGroup } from '../messaging/tab-protocol';
import { UiHost } from './ui-host';
import type { MentionFinder } from './mention-finder';

export interface SessionHooks {
  /** The frame's mention count changed. */
  onCount(count: number): void;
  /** The page's content changed (after the marks were brought up to date). */
  onContentChange?(): void;
  /** Finds the mentions in the page's text (the worker, for pages). */
  finder: MentionFinder;
  /** Where the context card gets its answers and its rendering, and what its buttons do. */
  card: { requests: CardRequests; actions: Omit<CardActions, 'close'>; view: () => Promise<CardView> };
}

const UI_CSS = `
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.overlay { position: absolute; top: 0; left: 0; pointer-events: none; }
.overlay > div { pointer-events: none; }
.overlay > .footnote-entity { border-bottom: 2px solid var(--footnote-color, #f5b700); }
.overlay > .footnote-figure { border-bottom: 2px dotted var(--footnote-color, #f5b700); }
.overlay > .footnote-focus { outline: 2px solid var(--footnote-color, #f5b700); }
`;

/** The card's rendering loads this long after the first mark at the latest, even on a page that is never idle. */
const CARD_PRELOAD_TIMEOUT_MS = 2000;

function groupKey(mark: MarkedMention): string {
  const mention = mark.mention;
  return mention.type === 'entity' ? mention.entityId : `figure:${mention.figure.kind}`;
}

function describeMark(dictionary: MentionDictionary, mark: MarkedMention): string {
  const mention = mark.mention;
  if (mention.type === 'figure') return `Figure: ${mention.figure.text}`;
  const entity = dictionary.entities[mention.entityId];
  return entity ? `${entity.name} (${entity.type})` : mention.entityId;
}

/**
 * Everything Footnote does in one document while it is switched on: scan,
 * mark, follow changes, hit-test the pointer, keyboard focus. `stop()` undoes
 * all of it, leaving the page as it was. `styles` says how the highlight
 * rules reach this browser's pages.
 */
export class PageSession {
  readonly dictionaryKey: string;
  readonly markEvery: PageSetup['display']['markEvery'];
  readonly scanner: PageScanner;
  readonly ui: UiHost;
  readonly focus: MentionFocus;
  readonly card: CardController;
  private readonly highlighter: Highlighter;
  private readonly styles: HighlightStyles;
  private readonly shadowRoots: ShadowRoot[] = [];
  private readonly abort = new AbortController();
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly lastRevealed = new Map<string, number>();
  private reported = -1;
  private cardPreload: number | undefined;

  constructor(
    private readonly doc: Document,
    private readonly dictionary: MentionDictionary,
    display: PageSetup['display'],
    private readonly hooks: SessionHooks,
    styles: HighlightCssDelivery = UNIVERSAL_DELIVERY,
  ) {
    this.dictionaryKey = dictionary.key;
    this.markEvery = display.markEvery;
    this.ui = new UiHost(doc, UI_CSS);
    this.highlighter = createHighlighter(doc, () => this.ui.overlayLayer());
    this.styles = new HighlightStyles(display.highlight, styles);
    this.styles.adopt(doc);
    let content: { observe(root: Node): void } | undefined;
    this.scanner = new PageScanner({
      finder: hooks.finder,
      highlighter: this.highlighter,
      nearViewport: doc.defaultView ? intersectionWatcher(doc.defaultView as Window & typeof globalThis) : undefined,
      onChange: () => this.scheduleCount(),
      onShadowRoot: (root) => {
        this.shadowRoots.push(root);
        this.styles.adopt(root);
        content?.observe(root);
      },
    });
    this.card = new CardController(doc, this.ui, dictionary, hooks.card.requests, hooks.card.actions, hooks.card.view);
    this.focus = new MentionFocus(
      doc,
      this.scanner,
      this.highlighter,
      (mark) => describeMark(dictionary, mark),
      (message) => this.ui.announce(message),
      // Enter opens the card with focus inside it; closing it returns to the mention.
      (mark) => void this.card.open(mark, { focus: true, onClose: () => this.focus.focus(mark) }),
      () => this.card.close(),
    );
    content = watchContent(
      doc.documentElement,
      (change) => {
        if (change.removed) this.scanner.sweepDetached();
        if (change.dirty.length > 0) void this.scanner.rescan(change.dirty);
        this.highlighter.refresh();
        this.hooks.onContentChange?.();
      },
      this.abort.signal,
    );
    watchPointer(doc, this.scanner, () => this.shadowRoots, (mark) => this.card.hover(mark), this.abort.signal);
    doc.defaultView?.addEventListener('resize', () => this.highlighter.refresh(), { signal: this.abort.signal });
  }

  /** Scans the whole document; resolves when the first pass is done and the worker has answered for all of it. */
  start(): Promise<void> {
    return this.scanner.scan(this.doc.body ?? this.doc.documentElement);
  }

  describe(mark: MarkedMention): string {
    return describeMark(this.dictionary, mark);
  }

  moveFocus(direction: FocusDirection): MarkedMention | undefined {
    return this.focus.move(direction);
  }

  /** The page's mentions grouped by entity, and figures by kind, most frequent first. */
  groups(): MentionGroup[] {
    const groups = new Map<string, MentionGroup>();
    for (const mark of this.scanner.marks()) {
      const key = groupKey(mark);
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { key, ...this.groupLabel(mark), count: 1 });
    }
    return [...groups.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }

  /** Scrolls to the next occurrence of a group's mention and opens its card. */
  reveal(key: string): MarkedMention | undefined {
    const marks = this.scanner.marks().filter((mark) => groupKey(mark) === key);
    if (marks.length === 0) return undefined;
    const after = this.lastRevealed.get(key);
    const index = after ? (marks.findIndex((m) => m.id === after) + 1) % marks.length : 0;
    const mark = marks[index]!;
    this.lastRevealed.set(key, mark.id);
    this.focus.focus(mark, index, marks.length);
    void this.card.open(mark, { focus: true, onClose: () => this.focus.focus(mark) });
    return mark;
  }

  private groupLabel(mark: MarkedMention): Pick<MentionGroup, 'label' | 'kind' | 'type'> {
    const mention = mark.mention;
    if (mention.type === 'figure') {
      return { label: figureKindLabel(mention.figure.kind), kind: 'figure', type: mention.figure.kind };
    }
    const entity = this.dictionary.entities[mention.entityId];
    return { label: entity?.name ?? mention.entityId, kind: 'entity', type: entity?.type ?? 'entity' };
  }

  restyle(highlight: PageSetup['display']['highlight']): void {
    this.styles.update(highlight);
  }

  /** Once the page shows a mark, the card's rendering loads while the page is idle: the first card does not wait for it. */
  private preloadCard(): void {
    const view = this.doc.defaultView;
    if (this.cardPreload !== undefined || !view) return;
    this.cardPreload = view.requestIdleCallback(() => this.card.preload(), { timeout: CARD_PRELOAD_TIMEOUT_MS });
  }

  stop(): void {
    this.abort.abort();
    clearTimeout(this.countTimer);
    if (this.cardPreload !== undefined) this.doc.defaultView?.cancelIdleCallback(this.cardPreload);
    this.focus.leave();
    this.card.dispose();
    this.scanner.stop();
    this.highlighter.dispose();
    this.styles.dispose();
    this.ui.dispose();
    this.hooks.onCount(0);
  }

  private scheduleCount(): void {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => {
      if (this.scanner.count === this.reported) return;
      this.reported = this.scanner.count;
      this.hooks.onCount(this.reported);
      if (this.reported > 0) this.preloadCard();
    }, 100);
  }
}
