import { anchorInSteps, type Anchor, type AnchorMethod } from '../../core/annotations/anchoring';
import { annotationQuote, type Annotation } from '../../core/annotations/model';
import { PageText } from '../page-text';
import { sliceTimer } from '../time-slices';

export const ANNOTATION_HIGHLIGHT = 'footnote-annotation';

/** Distinct from mentions (an underline or a light tint in the reader's colour): a violet wash with a dotted edge. */
export const ANNOTATION_CSS = `::highlight(${ANNOTATION_HIGHLIGHT}) { background-color: rgba(167, 139, 250, 0.35); text-decoration: underline dotted 1px #6d28d9; text-underline-offset: 4px; }`;

export interface PlacedAnnotation {
  annotation: Annotation;
  /** Absent for an orphan: kept and listed, never dropped. */
  range?: Range;
  method?: AnchorMethod;
}

export interface AnnotationStatus {
  total: number;
  anchored: number;
  /** Those found again, in the page's order: the popup lists them to open from the keyboard. */
  found: { id: string; quote: string }[];
  orphans: { id: string; quote: string }[];
}

type PageWindow = Window & typeof globalThis;

/**
 * The page's annotations found again and painted: by stored position, then
 * by quote with its context, then approximately (core `anchor`). Ranges are
 * live, so they follow the page's edits; ones the page destroyed are anchored
 * again on the next `place`.
 */
export class AnnotationLayer {
  private placed: PlacedAnnotation[] = [];
  private generation = 0;
  private readonly highlight: Highlight | undefined;
  private sheet: CSSStyleSheet | undefined;

  constructor(private readonly doc: Document) {
    const win = (doc.defaultView ?? window) as PageWindow;
    if (typeof win.Highlight === 'function' && win.CSS && 'highlights' in win.CSS) {
      this.highlight = new win.Highlight();
      // Over the mention marks: the reader's own notes matter more here.
      this.highlight.priority = 3;
      win.CSS.highlights.set(ANNOTATION_HIGHLIGHT, this.highlight);
    }
  }

  /**
   * Anchors `annotations` on the page as it is now and paints them, in
   * slices: `pause` hands the main thread back to the page between them (a
   * large page's first read, or approximate matches, take tens of
   * milliseconds). A newer call supersedes one still running.
   */
  async place(annotations: readonly Annotation[], pause?: () => Promise<void>): Promise<void> {
    const generation = ++this.generation;
    const breathe = sliceTimer(pause);
    const text = annotations.length > 0 ? await PageText.readInSlices(this.doc, breathe) : undefined;
    const placed: PlacedAnnotation[] = [];
    for (const annotation of annotations) {
      if (generation !== this.generation) return;
      let found: Anchor = { orphan: true };
      if (text) {
        const steps = anchorInSteps(text.text, annotation.target.selector);
        for (let step = steps.next(); ; step = steps.next()) {
          if (step.done) {
            found = step.value;
            break;
          }
          await breathe();
          if (generation !== this.generation) return;
        }
      }
      const range = 'orphan' in found ? undefined : text!.rangeFor(found.start, found.end);
      placed.push(range && !('orphan' in found) ? { annotation, range, method: found.method } : { annotation });
      await breathe();
    }
    if (generation !== this.generation) return;
    this.placed = placed;
    this.paint();
  }

  /** Whether a page edit took the text away from an anchored annotation, or an orphan may now be found. */
  needsPlacing(): boolean {
    return this.placed.some(({ range }) => !range || range.collapsed);
  }

  annotations(): Annotation[] {
    return this.placed.map(({ annotation }) => annotation);
  }

  find(id: string): PlacedAnnotation | undefined {
    return this.placed.find(({ annotation }) => annotation.id === id);
  }

  status(): AnnotationStatus {
    const listed = ({ annotation }: PlacedAnnotation) => ({ id: annotation.id, quote: annotationQuote(annotation).exact });
    const isFound = (placed: PlacedAnnotation): placed is PlacedAnnotation & { range: Range } => !!placed.range && !placed.range.collapsed;
    const found = this.placed.filter(isFound).sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
    const orphans = this.placed.filter((placed) => !isFound(placed)).map(listed);
    return { total: this.placed.length, anchored: found.length, found: found.map(listed), orphans };
  }

  /** The annotation whose text is under the DOM position (node, offset) and whose box holds (x, y). */
  at(node: Node, offset: number, x: number, y: number): PlacedAnnotation | undefined {
    for (const placed of this.placed) {
      const range = placed.range;
      if (!range || range.collapsed || !range.isPointInRange(node, offset)) continue;
      for (const rect of range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return placed;
      }
    }
    return undefined;
  }

  private paint(): void {
    if (!this.highlight) return;
    // The rule joins the page's styles only once there is something to paint: a stylesheet change restyles the page.
    if (!this.sheet && this.placed.length > 0) {
      const win = (this.doc.defaultView ?? window) as PageWindow;
      this.sheet = new win.CSSStyleSheet();
      this.sheet.replaceSync(ANNOTATION_CSS);
      this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, this.sheet];
    }
    this.highlight.clear();
    for (const { range } of this.placed) if (range) this.highlight.add(range);
  }

  dispose(): void {
    this.generation++;
    this.highlight?.clear();
    const win = (this.doc.defaultView ?? window) as PageWindow;
    if (this.highlight && win.CSS.highlights.get(ANNOTATION_HIGHLIGHT) === this.highlight) {
      win.CSS.highlights.delete(ANNOTATION_HIGHLIGHT);
    }
    this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((sheet) => sheet !== this.sheet);
    this.placed = [];
  }
}
