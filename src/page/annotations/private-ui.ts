import { OWN_UI_ATTRIBUTE } from '../text-blocks';

/**
 * Footnote's private layer in the page: a closed shadow root, so page scripts
 * cannot reach what is inside (the Annotate button and the annotation panel's
 * frame). Like the card's layer it is out of flow and sizeless, so it never
 * shifts the page; created only when first needed.
 */
export class PrivateUi {
  private host: HTMLElement | undefined;
  private shadow: ShadowRoot | undefined;

  constructor(
    private readonly doc: Document,
    private readonly css: string,
  ) {}

  get root(): ShadowRoot {
    if (!this.shadow) {
      const host = this.doc.createElement('footnote-private');
      host.setAttribute(OWN_UI_ATTRIBUTE, '');
      host.style.cssText = 'all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;';
      const shadow = host.attachShadow({ mode: 'closed' });
      const style = this.doc.createElement('style');
      style.textContent = this.css;
      shadow.append(style);
      this.doc.documentElement.append(host);
      this.host = host;
      this.shadow = shadow;
    }
    return this.shadow;
  }

  dispose(): void {
    this.host?.remove();
    this.host = this.shadow = undefined;
  }
}
