import type { Highlighter } from './highlighter';
import type { MarkedMention, PageScanner } from './scanner';
import { OWN_UI_ATTRIBUTE } from './text-blocks';

export type FocusDirection = 'next' | 'previous';

/**
 * Keyboard access to mentions, which are not elements and so cannot take
 * focus themselves. The extension's shortcut enters focus mode on the next
 * mention; while in it, Tab and Shift+Tab move, Enter opens the card, and
 * Escape leaves. Outside focus mode no key is intercepted, nor are Tab and
 * Enter while focus is in the card.
 */
export class MentionFocus {
  private current: MarkedMention | undefined;
  private listening: AbortController | undefined;

  constructor(
    private readonly doc: Document,
    private readonly scanner: PageScanner,
    private readonly highlighter: Highlighter,
    private readonly describe: (mark: MarkedMention) => string,
    private readonly announce: (message: string) => void,
    private readonly onOpen: (mark: MarkedMention) => void,
    private readonly onLeave: () => void,
  ) {}

  get focused(): MarkedMention | undefined {
    return this.current;
  }

  move(direction: FocusDirection): MarkedMention | undefined {
    const marks = this.scanner.marks();
    if (marks.length === 0) {
      this.announce('Footnote found no mentions on this page.');
      return undefined;
    }
    const index = this.current ? marks.findIndex((m) => m.id === this.current!.id) : -1;
    let nextIndex: number;
    if (index < 0) nextIndex = direction === 'next' ? this.firstInView(marks) : marks.length - 1;
    else nextIndex = (index + (direction === 'next' ? 1 : -1) + marks.length) % marks.length;
    return this.focus(marks[nextIndex]!, nextIndex, marks.length);
  }

  focus(mark: MarkedMention, position?: number, total?: number): MarkedMention {
    if (this.current) this.highlighter.delete('footnote-focus', this.current.range);
    this.current = mark;
    this.highlighter.add('footnote-focus', mark.range);
    scrollIntoView(this.doc, mark.range);
    const where = position !== undefined && total ? ` (${position + 1} of ${total})` : '';
    this.announce(`${this.describe(mark)}${where}. Enter opens its context, Tab moves on, Escape leaves.`);
    this.listen();
    return mark;
  }

  leave(): void {
    if (this.current) this.highlighter.delete('footnote-focus', this.current.range);
    this.current = undefined;
    this.listening?.abort();
    this.listening = undefined;
    this.onLeave();
  }

  private firstInView(marks: readonly MarkedMention[]): number {
    // A container wholly above the viewport rules out its marks without making a Range for each.
    const above = (mark: MarkedMention) => {
      const { container } = mark.block;
      return container.nodeType === Node.ELEMENT_NODE && (container as Element).getBoundingClientRect().bottom < 0;
    };
    const index = marks.findIndex((m) => !above(m) && m.range.getBoundingClientRect().bottom >= 0);
    return index < 0 ? 0 : index;
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = new AbortController();
    this.doc.addEventListener(
      'keydown',
      (event) => {
        if (!this.current || event.altKey || event.ctrlKey || event.metaKey) return;
        // In an open card (our UI, seen here as its host) Tab and Enter are the card's: they reach its links and buttons.
        if (event.key !== 'Escape' && (event.target as Element | null)?.hasAttribute?.(OWN_UI_ATTRIBUTE)) return;
        if (event.key === 'Tab') this.move(event.shiftKey ? 'previous' : 'next');
        else if (event.key === 'Enter') this.onOpen(this.current);
        else if (event.key === 'Escape') this.leave();
        else return;
        event.preventDefault();
        event.stopPropagation();
      },
      { capture: true, signal: this.listening.signal },
    );
    // A click elsewhere ends keyboard navigation, as it would move focus.
    this.doc.addEventListener('pointerdown', () => this.leave(), { capture: true, signal: this.listening.signal });
  }
}

/** Scrolls the mention's element into view (through nested scrollers too) when it is off screen. */
function scrollIntoView(doc: Document, range: Range): void {
  const rect = range.getBoundingClientRect();
  const height = doc.defaultView?.innerHeight ?? 0;
  if (rect.top >= 0 && rect.bottom <= height) return;
  range.startContainer.parentElement?.scrollIntoView({ block: 'center', inline: 'nearest' });
}
