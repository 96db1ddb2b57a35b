import { OWN_UI_ATTRIBUTE } from './text-blocks';

/**
 * A host element for one of our layers, appended to <html>: out of flow and
 * sizeless so it never shifts the page's layout, skipped by the scanner, with
 * its own styles in a shadow root of the given mode.
 */
export function attachUiLayer(doc: Document, tagName: string, css: string, mode: ShadowRootMode): { host: HTMLElement; shadow: ShadowRoot } {
  const host = doc.createElement(tagName);
  host.setAttribute(OWN_UI_ATTRIBUTE, '');
  host.style.cssText = 'all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;';
  const shadow = host.attachShadow({ mode });
  const style = doc.createElement('style');
  style.textContent = css;
  shadow.append(style);
  doc.documentElement.append(host);
  return { host, shadow };
}

/**
 * Footnote's own layer in the page: one element with an open shadow root
 * (reachable by tests and assistive tech, closed to the page's CSS), placed
 * out of flow with no size so it can never shift the page's layout. Created
 * only when first needed.
 */
export class UiHost {
  private host: HTMLElement | undefined;
  private shadow: ShadowRoot | undefined;
  private liveRegion: HTMLElement | undefined;
  private overlay: HTMLElement | undefined;
  private readonly styles = new Set<string>();

  constructor(
    private readonly doc: Document,
    private readonly css: string,
  ) {}

  get root(): ShadowRoot {
    if (!this.shadow) {
      const { host, shadow } = attachUiLayer(this.doc, 'footnote-ui', this.css, 'open');
      this.host = host;
      this.shadow = shadow;
    }
    return this.shadow;
  }

  /** Adds a stylesheet to the layer, once (the card's styles come with its rendering, loaded apart). */
  addStyles(css: string): void {
    if (this.styles.has(css)) return;
    this.styles.add(css);
    const style = this.doc.createElement('style');
    style.textContent = css;
    this.root.append(style);
  }

  /** Polite announcements for screen readers (which mention is focused). */
  announce(message: string): void {
    if (!this.liveRegion) {
      this.liveRegion = this.doc.createElement('div');
      this.liveRegion.className = 'visually-hidden';
      this.liveRegion.setAttribute('role', 'status');
      this.liveRegion.setAttribute('aria-live', 'polite');
      this.root.append(this.liveRegion);
    }
    this.liveRegion.textContent = message;
  }

  /** Layer for the highlight fallback's boxes. */
  overlayLayer(): HTMLElement {
    if (!this.overlay) {
      this.overlay = this.doc.createElement('div');
      this.overlay.className = 'overlay';
      this.root.append(this.overlay);
    }
    return this.overlay;
  }

  dispose(): void {
    this.host?.remove();
    this.host = this.shadow = this.liveRegion = this.overlay = undefined;
    this.styles.clear();
  }
}
