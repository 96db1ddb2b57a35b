import { attachUiLayer } from '../ui-host';

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
      const { host, shadow } = attachUiLayer(this.doc, 'footnote-private', this.css, 'closed');
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
