import type { MarkedMention, PageScanner } from './scanner';

/** Both caret lookups, each missing in some browser, and the shadow-root option newer typings lack. */
type CaretDocument = Omit<Document, 'caretPositionFromPoint' | 'caretRangeFromPoint'> & {
  caretPositionFromPoint?(x: number, y: number, options?: { shadowRoots?: ShadowRoot[] }): CaretPosition | null;
  caretRangeFromPoint?(x: number, y: number): Range | null;
};

/** The text position under viewport point (x, y). */
export function caretAt(page: Document, x: number, y: number, shadowRoots: ShadowRoot[] = []) {
  const doc = page as CaretDocument;
  if (doc.caretPositionFromPoint) {
    const position = doc.caretPositionFromPoint(x, y, { shadowRoots });
    return position && { node: position.offsetNode, offset: position.offset };
  }
  const range = doc.caretRangeFromPoint?.(x, y);
  return range && { node: range.startContainer, offset: range.startOffset };
}

function contains(rect: DOMRect, x: number, y: number): boolean {
  return x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
}

/**
 * The mention under viewport point (x, y). The caret lookup names the text
 * node cheaply; the client rects then confirm the point is on the mention's
 * text and not in the margin beside it (where the caret also snaps).
 */
export function mentionAtPoint(
  scanner: PageScanner,
  doc: Document,
  x: number,
  y: number,
  shadowRoots: ShadowRoot[] = [],
): MarkedMention | undefined {
  const caret = caretAt(doc, x, y, shadowRoots);
  if (!caret || caret.node.nodeType !== Node.TEXT_NODE) return undefined;
  // The caret may sit just after a mention's last char (the point is on its right half).
  const mark = scanner.mentionAt(caret.node, caret.offset) ?? scanner.mentionAt(caret.node, caret.offset - 1);
  if (!mark) return undefined;
  for (const rect of mark.range.getClientRects()) if (contains(rect, x, y)) return mark;
  return undefined;
}

/** Reports the mention under the pointer as it changes, at most once per frame. */
export function watchPointer(
  doc: Document,
  scanner: PageScanner,
  shadowRoots: () => ShadowRoot[],
  onChange: (mark: MarkedMention | undefined, event: PointerEvent) => void,
  signal: AbortSignal,
): void {
  let frame = 0;
  let last: PointerEvent | undefined;
  let current: MarkedMention | undefined;
  const check = () => {
    frame = 0;
    if (!last) return;
    const mark = mentionAtPoint(scanner, doc, last.clientX, last.clientY, shadowRoots());
    if (mark !== current) {
      current = mark;
      onChange(mark, last);
    }
  };
  doc.addEventListener(
    'pointermove',
    (event) => {
      if (event.pointerType === 'touch') return;
      last = event;
      if (!frame) frame = requestAnimationFrame(check);
    },
    { passive: true, capture: true, signal },
  );
  signal.addEventListener('abort', () => cancelAnimationFrame(frame));
}
