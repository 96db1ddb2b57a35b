import { describeQuote } from '../../core/annotations/anchoring';
import type { Annotation } from '../../core/annotations/model';
import type { PassageDraft } from '../../annotation-panel/panel-request';
import { caretAt } from '../hit-test';
import { PageText } from '../page-text';
import { sliceTimer } from '../time-slices';
import { OWN_UI_ATTRIBUTE } from '../text-blocks';
import { AnnotationLayer, type AnnotationStatus, type PlacedAnnotation } from './annotation-layer';
import { PanelFrame } from './panel-frame';
import type { PrivateUi } from './private-ui';

/** Same rhythm as the context card: a resting pointer opens, a passing one does not. */
export const ANNOTATION_HOVER_MS = 250;
export const ANNOTATION_LEAVE_MS = 300;
/** Page edits come in bursts: look for lost or late text once they settle. */
const REPLACE_DELAY_MS = 800;

/** The annotations of a page, and one the reader asked to be shown. */
export interface PageAnnotationList {
  annotations: Annotation[];
  reveal?: string;
}

export interface AnnotationServices {
  forPage(url: string): Promise<PageAnnotationList>;
  /** URL of a page packaged with the extension. */
  extensionUrl(path: string): string;
}

/**
 * A reader's annotations on one document: found again and marked, shown on
 * hover, and made from a range (a selection or a context card's mention).
 * Drawn in `ui`, which its owner disposes.
 */
export class PageAnnotations {
  readonly layer: AnnotationLayer;
  private readonly panel: PanelFrame;
  private readonly abort = new AbortController();
  private readonly observer: MutationObserver;
  private hovered: PlacedAnnotation | undefined;
  private shown: PlacedAnnotation | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private placeTimer: ReturnType<typeof setTimeout> | undefined;
  private frame = 0;
  private generation = 0;

  constructor(
    private readonly doc: Document,
    private readonly services: AnnotationServices,
    ui: PrivateUi,
  ) {
    this.layer = new AnnotationLayer(doc);
    this.panel = new PanelFrame(doc, ui, services.extensionUrl, () => (this.shown = undefined));
    this.observer = new MutationObserver((records) => {
      if (records.every((record) => (record.target as Element).closest?.(`[${OWN_UI_ATTRIBUTE}]`))) return;
      clearTimeout(this.placeTimer);
      this.placeTimer = setTimeout(() => {
        if (this.layer.needsPlacing()) void this.layer.place(this.layer.annotations());
      }, REPLACE_DELAY_MS);
    });
    this.watchPointer();
  }

  /** Marks `annotations` (this page's, as the worker just sent them); shows the one the reader asked for. */
  async mark({ annotations, reveal }: PageAnnotationList): Promise<void> {
    const generation = ++this.generation;
    await this.layer.place(annotations);
    if (generation !== this.generation) return;
    if (annotations.length > 0 && this.doc.body) {
      this.observer.observe(this.doc.body, { childList: true, subtree: true, characterData: true });
    } else {
      this.observer.disconnect();
    }
    if (reveal !== undefined) this.reveal(reveal);
  }

  status(): AnnotationStatus {
    return this.layer.status();
  }

  /** Scrolls to an annotation and opens it; false for an orphan or an unknown id. */
  reveal(id: string): boolean {
    const placed = this.layer.find(id);
    const range = placed?.range;
    if (!placed || !range || range.collapsed) return false;
    const target = range.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center' });
    this.show(placed, { focus: true });
    return true;
  }

  /** Opens the editor for `range` with `passages` offered for linking; the page's text is read in slices. */
  async annotateRange(range: Range, passages: PassageDraft[]): Promise<boolean> {
    const text = await PageText.readInSlices(this.doc, sliceTimer());
    const offsets = text.offsetsOf(range);
    if (!offsets) return false;
    // Whitespace at either end of a selection is not part of the quote.
    let { start, end } = offsets;
    while (start < end && /\s/.test(text.text[start]!)) start++;
    while (end > start && /\s/.test(text.text[end - 1]!)) end--;
    if (end <= start) return false;
    this.closePanel();
    this.panel.open(
      {
        mode: 'create',
        pageUrl: this.doc.location.href,
        pageTitle: this.doc.title,
        selectors: describeQuote(text.text, start, end),
        passages,
      },
      range.getBoundingClientRect(),
      { focus: true },
    );
    return true;
  }

  private show(placed: PlacedAnnotation, { focus }: { focus: boolean }): void {
    this.cancelClose();
    if (this.shown === placed && this.panel.isOpen) return;
    if (this.panel.pinned) return;
    this.shown = placed;
    this.panel.open(
      { mode: 'view', pageUrl: this.doc.location.href, id: placed.annotation.id, changed: placed.method === 'fuzzy' },
      placed.range!.getBoundingClientRect(),
      { focus },
    );
  }

  private closePanel(): void {
    clearTimeout(this.openTimer);
    this.cancelClose();
    this.panel.close();
  }

  private watchPointer(): void {
    const { signal } = this.abort;
    let last: PointerEvent | undefined;
    const check = () => {
      this.frame = 0;
      if (!last) return;
      const caret = caretAt(this.doc, last.clientX, last.clientY);
      const placed = caret ? this.layer.at(caret.node, caret.offset, last.clientX, last.clientY) : undefined;
      if (placed !== this.hovered) {
        this.hovered = placed;
        clearTimeout(this.openTimer);
        if (placed) {
          this.cancelClose();
          this.openTimer = setTimeout(() => this.show(placed, { focus: false }), ANNOTATION_HOVER_MS);
        }
      }
      if (!placed && this.shown && this.closeTimer === undefined) this.scheduleClose();
    };
    this.doc.addEventListener(
      'pointermove',
      (event) => {
        if (event.pointerType === 'touch' || this.layer.status().total === 0) return;
        last = event;
        if (!this.frame) this.frame = requestAnimationFrame(check);
      },
      { passive: true, capture: true, signal },
    );
    this.doc.defaultView?.addEventListener(
      'scroll',
      () => {
        const range = this.shown?.range;
        if (range && this.panel.isOpen) this.panel.follow(range.getBoundingClientRect());
      },
      { capture: true, passive: true, signal },
    );
  }

  /** Closes a shown (not edited) panel once the pointer has been off the annotation and the panel for a moment. */
  private scheduleClose(): void {
    this.closeTimer = setTimeout(() => {
      this.closeTimer = undefined;
      if (this.panel.pointerInside || this.panel.pinned || this.hovered) return;
      this.panel.close();
    }, ANNOTATION_LEAVE_MS);
  }

  private cancelClose(): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }

  dispose(): void {
    this.generation++;
    this.abort.abort();
    this.observer.disconnect();
    cancelAnimationFrame(this.frame);
    clearTimeout(this.openTimer);
    this.cancelClose();
    clearTimeout(this.placeTimer);
    this.panel.close();
    this.layer.dispose();
  }
}
