import { AliasMatcher } from '../core/match/alias-matcher';
import type { MentionDictionary, PageSetup } from '../messaging/protocol';
import { createHighlighter, type Highlighter } from './highlighter';
import { HighlightStyles, highlightCss } from './highlight-styles';
import { watchPointer } from './hit-test';
import { MentionFocus, type FocusDirection } from './mention-focus';
import { watchContent } from './mutations';
import { PageScanner, type MarkedMention } from './scanner';
import { UiHost } from './ui-host';

export interface SessionHooks {
  /** The frame's mention count changed. */
  onCount(count: number): void;
  /** The pointer moved onto a mention, or off one (undefined). */
  onHover?(mark: MarkedMention | undefined, event: PointerEvent): void;
  /** The reader asked for a mention's context with the keyboard. */
  onOpen?(mark: MarkedMention): void;
  /** Keyboard navigation ended. */
  onLeave?(): void;
}

const UI_CSS = `
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.overlay { position: absolute; top: 0; left: 0; pointer-events: none; }
.overlay > div { pointer-events: none; }
.overlay > .footnote-entity { border-bottom: 2px solid var(--footnote-color, #f5b700); }
.overlay > .footnote-figure { border-bottom: 2px dotted var(--footnote-color, #f5b700); }
.overlay > .footnote-focus { outline: 2px solid var(--footnote-color, #f5b700); }
`;

function describeMark(dictionary: MentionDictionary, mark: MarkedMention): string {
  const mention = mark.mention;
  if (mention.type === 'figure') return `Figure: ${mention.figure.text}`;
  const entity = dictionary.entities[mention.entityId];
  return entity ? `${entity.name} (${entity.type})` : mention.entityId;
}

/**
 * Everything Footnote does in one document while it is switched on: scan,
 * mark, follow changes, hit-test the pointer, keyboard focus. `stop()` undoes
 * all of it, leaving the page as it was.
 */
export class PageSession {
  readonly dictionaryKey: string;
  readonly markEvery: PageSetup['display']['markEvery'];
  readonly scanner: PageScanner;
  readonly ui: UiHost;
  readonly focus: MentionFocus;
  private readonly highlighter: Highlighter;
  private readonly styles: HighlightStyles;
  private readonly shadowRoots: ShadowRoot[] = [];
  private readonly abort = new AbortController();
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private reported = -1;

  constructor(
    private readonly doc: Document,
    private readonly dictionary: MentionDictionary,
    display: PageSetup['display'],
    private readonly hooks: SessionHooks,
  ) {
    this.dictionaryKey = dictionary.key;
    this.markEvery = display.markEvery;
    this.ui = new UiHost(doc, UI_CSS);
    this.highlighter = createHighlighter(doc, () => this.ui.overlayLayer());
    this.styles = new HighlightStyles(highlightCss(display.highlight));
    this.styles.adopt(doc);
    let content: { observe(root: Node): void } | undefined;
    this.scanner = new PageScanner({
      matcher: AliasMatcher.fromJSON(dictionary.matcher),
      filter: {
        entityIds: new Set(Object.keys(dictionary.entities)),
        figureKinds: new Set(dictionary.figureKinds),
        firstPerBlock: display.markEvery === 'first-per-paragraph',
      },
      highlighter: this.highlighter,
      onChange: () => this.scheduleCount(),
      onShadowRoot: (root) => {
        this.shadowRoots.push(root);
        this.styles.adopt(root);
        content?.observe(root);
      },
    });
    this.focus = new MentionFocus(
      doc,
      this.scanner,
      this.highlighter,
      (mark) => describeMark(dictionary, mark),
      (message) => this.ui.announce(message),
      (mark) => hooks.onOpen?.(mark),
      () => hooks.onLeave?.(),
    );
    content = watchContent(
      doc.documentElement,
      (change) => {
        if (change.removed) this.scanner.sweepDetached();
        if (change.dirty.length > 0) void this.scanner.rescan(change.dirty);
        this.highlighter.refresh();
      },
      this.abort.signal,
    );
    watchPointer(doc, this.scanner, () => this.shadowRoots, (mark, event) => hooks.onHover?.(mark, event), this.abort.signal);
    doc.defaultView?.addEventListener('resize', () => this.highlighter.refresh(), { signal: this.abort.signal });
  }

  /** Scans the whole document; resolves when the first pass is done. */
  start(): Promise<void> {
    return this.scanner.scan(this.doc.body ?? this.doc.documentElement);
  }

  describe(mark: MarkedMention): string {
    return describeMark(this.dictionary, mark);
  }

  moveFocus(direction: FocusDirection): MarkedMention | undefined {
    return this.focus.move(direction);
  }

  restyle(highlight: PageSetup['display']['highlight']): void {
    this.styles.update(highlightCss(highlight));
  }

  stop(): void {
    this.abort.abort();
    clearTimeout(this.countTimer);
    this.focus.leave();
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
    }, 100);
  }
}
