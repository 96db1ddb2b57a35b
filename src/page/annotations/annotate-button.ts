import type { PrivateUi } from './private-ui';

export const ANNOTATE_BUTTON_CSS = `
.annotate {
  position: fixed; z-index: 2147483647; margin: 0; padding: 4px 10px; border: 1px solid #4c1d95; border-radius: 6px;
  background: #6d28d9; color: #fff; font: 600 13px/1.2 system-ui, sans-serif; cursor: pointer;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
}
.annotate:hover { background: #5b21b6; }
.annotate:focus-visible { outline: 2px solid #f5b700; outline-offset: 2px; }
`;

const GAP = 6;

/** Selections in form fields and editors are the page's business, not a quote to annotate. */
function isEditable(node: Node | null): boolean {
  const element = node?.nodeType === Node.ELEMENT_NODE ? (node as HTMLElement) : node?.parentElement;
  if (!element) return false;
  return element.isContentEditable || !!element.closest('input, textarea, select');
}

/**
 * The small "Annotate" button that appears next to a text selection. It
 * keeps the selection when pressed (the press does not move focus) and hands
 * the selected range over.
 */
export class AnnotateButton {
  private button: HTMLButtonElement | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly doc: Document,
    private readonly ui: PrivateUi,
    private readonly onAnnotate: (range: Range) => void,
  ) {
    const { signal } = this.abort;
    // After the selection settles: a drag fires selectionchange on every move.
    doc.addEventListener('selectionchange', () => this.schedule(), { signal });
    doc.defaultView?.addEventListener('scroll', () => this.hide(), { capture: true, passive: true, signal });
  }

  /** The page's current selection as one range, when it is text we can quote. */
  selectedRange(): Range | undefined {
    const selection = this.doc.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
    const range = selection.getRangeAt(0);
    if (isEditable(range.commonAncestorContainer) || selection.toString().trim() === '') return undefined;
    return range.cloneRange();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 200);
  }

  private update(): void {
    const range = this.selectedRange();
    if (!range) {
      this.hide();
      return;
    }
    const rects = range.getClientRects();
    const last = rects[rects.length - 1];
    if (!last) {
      this.hide();
      return;
    }
    const button = this.mount();
    const view = this.doc.defaultView!;
    const left = Math.min(Math.max(GAP, last.right - 40), view.innerWidth - 110);
    const below = last.bottom + GAP;
    const top = below + 30 > view.innerHeight ? Math.max(GAP, last.top - 30 - GAP) : below;
    button.style.left = `${left}px`;
    button.style.top = `${top}px`;
    button.hidden = false;
  }

  private mount(): HTMLButtonElement {
    if (this.button) return this.button;
    const button = this.doc.createElement('button');
    button.type = 'button';
    button.className = 'annotate';
    button.textContent = 'Annotate';
    button.title = 'Footnote: annotate the selected text';
    // Pressing must not clear the page's selection.
    button.addEventListener('pointerdown', (event) => event.preventDefault());
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      const range = this.selectedRange();
      this.hide();
      if (range) this.onAnnotate(range);
    });
    this.ui.root.append(button);
    this.button = button;
    return button;
  }

  hide(): void {
    clearTimeout(this.timer);
    if (this.button) this.button.hidden = true;
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    this.button?.remove();
    this.button = undefined;
  }
}
