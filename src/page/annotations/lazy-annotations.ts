import type { PassageDraft } from '../../annotation-panel/panel-request';
import type { Chunks } from '../chunks';
import { ANNOTATE_BUTTON_CSS, AnnotateButton } from './annotate-button';
import type { AnnotationStatus } from './annotation-layer';
import type { AnnotationServices, PageAnnotations } from './page-annotations';
import { PANEL_CSS } from './panel-frame';
import { PrivateUi } from './private-ui';

export const NO_ANNOTATIONS: AnnotationStatus = { total: 0, anchored: 0, found: [], orphans: [] };

/**
 * Annotations in one document, with the annotation layer (anchoring, marks,
 * panel) loaded only when needed: when the worker has annotations for this
 * page, or when the reader makes one. The Annotate button beside a selection
 * is here from the start.
 */
export class LazyAnnotations {
  private readonly ui: PrivateUi;
  private readonly button: AnnotateButton;
  private layer: Promise<PageAnnotations> | undefined;
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly doc: Document,
    private readonly services: AnnotationServices,
    private readonly load: () => Promise<Chunks['page-annotations']>,
  ) {
    this.ui = new PrivateUi(doc, ANNOTATE_BUTTON_CSS + PANEL_CSS);
    this.button = new AnnotateButton(doc, this.ui, (range) => void this.annotateRange(range, []));
  }

  /** Fetches this page's annotations and marks them, loading the layer only when there are any. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const list = await this.services.forPage(this.doc.location.href);
    if (generation !== this.generation) return;
    if (!this.layer && list.annotations.length === 0 && list.reveal === undefined) return;
    const layer = await this.pageAnnotations();
    if (generation === this.generation) await layer.mark(list);
  }

  async status(): Promise<AnnotationStatus> {
    const layer = await this.layer?.catch(() => undefined);
    return layer?.status() ?? NO_ANNOTATIONS;
  }

  /** Scrolls to a found annotation and opens it with focus in its note (the popup's list); false when it is not here. */
  async reveal(id: string): Promise<boolean> {
    const layer = await this.layer?.catch(() => undefined);
    return layer?.reveal(id) ?? false;
  }

  /** Opens the editor for the current selection (the context-menu item); false when nothing quotable is selected. */
  async annotateSelection(): Promise<boolean> {
    const range = this.button.selectedRange();
    if (!range) return false;
    this.button.hide();
    return this.annotateRange(range, []);
  }

  /**
   * Opens the editor for `range` with `passages` offered for linking; false
   * when the layer cannot be loaded (the extension was updated under the page)
   * or Footnote was switched off here meanwhile.
   */
  async annotateRange(range: Range, passages: PassageDraft[]): Promise<boolean> {
    let layer: PageAnnotations;
    try {
      layer = await this.pageAnnotations();
    } catch (error) {
      console.debug('Footnote: annotations', error);
      return false;
    }
    return this.disposed ? false : layer.annotateRange(range, passages);
  }

  private pageAnnotations(): Promise<PageAnnotations> {
    this.layer ??= this.load().then(
      ({ PageAnnotations }) => {
        const layer = new PageAnnotations(this.doc, this.services, this.ui);
        if (this.disposed) layer.dispose();
        return layer;
      },
      (error: unknown) => {
        // Tried again on the next need.
        this.layer = undefined;
        throw error;
      },
    );
    return this.layer;
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    void this.layer?.then((layer) => layer.dispose(), () => undefined);
    this.button.dispose();
    this.ui.dispose();
  }
}
