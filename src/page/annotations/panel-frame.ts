import { encodePanelRequest, isPanelEvent, type PanelRequest } from '../../annotation-panel/panel-request';
import type { PrivateUi } from './private-ui';

export const PANEL_CSS = `
.panel {
  position: fixed; z-index: 2147483647; border: 0; border-radius: 8px; background: transparent;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.3); color-scheme: normal;
}
`;

const WIDTH = 360;
const INITIAL_HEIGHT = 260;
const GAP = 6;

/**
 * The annotation panel: an extension page in an iframe inside our closed
 * shadow root, placed beside the text it is about. One at a time.
 */
export class PanelFrame {
  private frame: HTMLIFrameElement | undefined;
  private anchorRect: DOMRect | undefined;
  private height = INITIAL_HEIGHT;
  private listeners: AbortController | undefined;
  private returnFocus: Element | null = null;
  /** The pointer is over the panel (the hover logic keeps it open then). */
  pointerInside = false;
  /** Editing: only Save, Cancel or Escape close the panel. */
  pinned = false;
  request: PanelRequest | undefined;

  constructor(
    private readonly doc: Document,
    private readonly ui: PrivateUi,
    private readonly pageUrl: (path: string) => string,
    private readonly onClose: () => void,
  ) {}

  get isOpen(): boolean {
    return this.frame !== undefined;
  }

  open(request: PanelRequest, anchorRect: DOMRect, { focus }: { focus: boolean }): void {
    this.close();
    this.request = request;
    this.pinned = request.mode === 'create';
    this.anchorRect = anchorRect;
    this.height = INITIAL_HEIGHT;
    this.returnFocus = focus ? this.doc.activeElement : null;
    const frame = this.doc.createElement('iframe');
    frame.className = 'panel';
    frame.title = request.mode === 'create' ? 'Footnote: new annotation' : 'Footnote: annotation';
    frame.src = this.pageUrl('/annotation-panel.html') + encodePanelRequest(request);
    frame.addEventListener('pointerenter', () => (this.pointerInside = true));
    frame.addEventListener('pointerleave', () => (this.pointerInside = false));
    if (focus) frame.addEventListener('load', () => frame.focus(), { once: true });
    this.frame = frame;
    this.position();
    this.ui.root.append(frame);

    this.listeners = new AbortController();
    const { signal } = this.listeners;
    const view = this.doc.defaultView!;
    view.addEventListener(
      'message',
      (event) => {
        // Only our own frame speaks for the panel: the page cannot forge `source`.
        if (event.source !== frame.contentWindow || !isPanelEvent(event.data)) return;
        if (event.data.type === 'height') {
          this.height = Math.max(80, Math.ceil(event.data.height));
          this.position();
        } else if (event.data.type === 'pin') {
          this.pinned = true;
        } else {
          this.close();
        }
      },
      { signal },
    );
    view.addEventListener('resize', () => this.position(), { signal });
  }

  /** The text it is about moved (scroll): follow it. */
  follow(anchorRect: DOMRect): void {
    this.anchorRect = anchorRect;
    this.position();
  }

  close(): void {
    if (!this.frame) return;
    this.listeners?.abort();
    this.frame.remove();
    this.frame = undefined;
    this.request = undefined;
    this.pointerInside = false;
    this.pinned = false;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back instanceof HTMLElement) back.focus({ preventScroll: true });
    this.onClose();
  }

  /** Below the text if it fits, else above; always inside the viewport. */
  private position(): void {
    const frame = this.frame;
    const rect = this.anchorRect;
    const view = this.doc.defaultView;
    if (!frame || !rect || !view) return;
    const width = Math.min(WIDTH, view.innerWidth - 2 * GAP);
    const height = Math.min(this.height, view.innerHeight - 2 * GAP);
    const roomBelow = view.innerHeight - rect.bottom - GAP;
    const top = height <= roomBelow ? rect.bottom + GAP : Math.max(GAP, rect.top - GAP - height);
    const left = Math.min(Math.max(GAP, rect.left), view.innerWidth - width - GAP);
    frame.style.cssText = `top: ${top}px; left: ${left}px; width: ${width}px; height: ${height}px;`;
  }
}
