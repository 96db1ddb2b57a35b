/**
 * Paints mention ranges without touching the page's DOM: the CSS Custom
 * Highlight API where the browser has it, otherwise an overlay of boxes
 * drawn in our own layer. Either way the page's text and layout stay as
 * they were.
 */

export type HighlightName = 'footnote-entity' | 'footnote-figure' | 'footnote-focus';
const NAMES: readonly HighlightName[] = ['footnote-entity', 'footnote-figure', 'footnote-focus'];

export interface Highlighter {
  /** Queues a mark; it is painted at the next `flush()` (focus marks at once). */
  add(name: HighlightName, range: Range): void;
  delete(name: HighlightName, range: Range): void;
  clear(name?: HighlightName): void;
  /**
   * Paints queued marks. While highlights are registered, every frame after a
   * highlight change costs time in proportion to the ranges registered, so a
   * scan adds its marks in a few large batches rather than one per slice.
   */
  flush(): void;
  /** Overlay only: layout changed, redraw boxes. */
  refresh(): void;
  dispose(): void;
}

type PageWindow = Window & typeof globalThis;

export function supportsCustomHighlights(win: PageWindow = window): boolean {
  return typeof win.CSS !== 'undefined' && 'highlights' in win.CSS && typeof win.Highlight === 'function';
}

export function createHighlighter(doc: Document, overlayLayer: () => HTMLElement): Highlighter {
  const win = (doc.defaultView ?? window) as PageWindow;
  return supportsCustomHighlights(win) ? customHighlighter(win) : overlayHighlighter(doc, overlayLayer);
}

function customHighlighter(win: PageWindow): Highlighter {
  const registry = win.CSS.highlights;
  const highlights = new Map<HighlightName, Highlight>();
  for (const name of NAMES) {
    const highlight = new win.Highlight();
    // The focused mention paints over the others.
    highlight.priority = name === 'footnote-focus' ? 2 : name === 'footnote-entity' ? 1 : 0;
    highlights.set(name, highlight);
    registry.set(name, highlight);
  }
  const queued = new Map<HighlightName, Set<Range>>(NAMES.map((name) => [name, new Set()]));
  return {
    add: (name, range) => {
      if (name === 'footnote-focus') highlights.get(name)!.add(range);
      else queued.get(name)!.add(range);
    },
    delete: (name, range) => {
      if (!queued.get(name)!.delete(range)) highlights.get(name)!.delete(range);
    },
    flush: () => {
      for (const [name, ranges] of queued) {
        const highlight = highlights.get(name)!;
        for (const range of ranges) highlight.add(range);
        ranges.clear();
      }
    },
    clear: (name) => {
      for (const [key, highlight] of highlights) {
        if (name && key !== name) continue;
        highlight.clear();
        queued.get(key)!.clear();
      }
    },
    refresh: () => undefined,
    dispose: () => {
      for (const name of NAMES) {
        if (registry.get(name) === highlights.get(name)) registry.delete(name);
      }
    },
  };
}

/** Fallback for browsers without `CSS.highlights` (Firefox before 140). */
function overlayHighlighter(doc: Document, layer: () => HTMLElement): Highlighter {
  const ranges = new Map<HighlightName, Set<Range>>(NAMES.map((name) => [name, new Set()]));
  let frame = 0;
  const draw = () => {
    frame = 0;
    const root = layer();
    root.replaceChildren();
    const { scrollX, scrollY } = doc.defaultView ?? window;
    for (const [name, set] of ranges) {
      for (const range of set) {
        for (const rect of range.getClientRects()) {
          const box = doc.createElement('div');
          box.className = name;
          box.style.cssText = `position:absolute;left:${rect.left + scrollX}px;top:${rect.top + scrollY}px;width:${rect.width}px;height:${rect.height}px`;
          root.append(box);
        }
      }
    }
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  return {
    add: (name, range) => {
      ranges.get(name)!.add(range);
      schedule();
    },
    delete: (name, range) => {
      ranges.get(name)!.delete(range);
      schedule();
    },
    clear: (name) => {
      for (const [key, set] of ranges) if (!name || key === name) set.clear();
      schedule();
    },
    // Boxes are drawn once per frame already.
    flush: schedule,
    refresh: schedule,
    dispose: () => {
      if (frame) cancelAnimationFrame(frame);
      for (const set of ranges.values()) set.clear();
      layer().replaceChildren();
    },
  };
}
