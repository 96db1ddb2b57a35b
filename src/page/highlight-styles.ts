import { DEFAULT_HIGHLIGHT } from '../settings/highlight-default';
import type { Settings } from '../settings/schema';

/**
 * The ::highlight() rules. The first rule clears what any look sets, so these
 * rules replace whole a default look that came before them.
 *
 * `scope` ':root' puts them on the root element only: with highlight
 * inheritance (Chromium) every element, shadow trees included, inherits them,
 * and the page's later restyles stay as cheap as without them. Without it ('')
 * they are on every element.
 */
export function highlightCss(highlight: Settings['highlight'], scope: '' | ':root' = ''): string {
  const { style, color } = highlight;
  const mark =
    style === 'underline'
      ? `text-decoration: underline 2px ${color}; text-underline-offset: 3px;`
      : `background-color: color-mix(in srgb, ${color} 35%, transparent);`;
  const figure =
    style === 'underline'
      ? `text-decoration: underline dotted 2px ${color}; text-underline-offset: 3px;`
      : `background-color: color-mix(in srgb, ${color} 20%, transparent);`;
  return [
    `${scope}::highlight(footnote-entity), ${scope}::highlight(footnote-figure) { background-color: transparent; text-decoration: none; }`,
    `${scope}::highlight(footnote-entity) { ${mark} }`,
    `${scope}::highlight(footnote-figure) { ${figure} }`,
    `${scope}::highlight(footnote-focus) { background-color: ${color}; color: #000; }`,
  ].join('\n');
}

/** How the rules reach a page. */
export interface HighlightCssDelivery {
  /** The engine has highlight inheritance: rules on :root reach every element and shadow tree. */
  inherited: boolean;
  /** Rules the browser put in the page before it first rendered (the manifest's CSS), if any. */
  injected?: string;
}

/**
 * Chromium: the default look comes with the manifest (wxt.config.ts), in the
 * page from its first render, so switching Footnote on costs no restyle of
 * the whole page; only a reader's own colour or style is adopted.
 */
export const INJECTED_HIGHLIGHT_CSS = highlightCss(DEFAULT_HIGHLIGHT, ':root');
export const CHROMIUM_DELIVERY: HighlightCssDelivery = { inherited: true, injected: INJECTED_HIGHLIGHT_CSS };
/** Engines without highlight inheritance: rules on every element, adopted by the document and each shadow root. */
export const UNIVERSAL_DELIVERY: HighlightCssDelivery = { inherited: false };

/**
 * Adopts the rules as constructed stylesheets (the page's DOM gets no <style>
 * element), where the page lacks them, and restyles every mark at once when
 * the settings change. Adopting a sheet restyles the whole document or
 * shadow tree it is adopted by.
 */
export class HighlightStyles {
  private readonly sheets = new Map<Document | ShadowRoot, CSSStyleSheet>();
  private readonly targets: (Document | ShadowRoot)[] = [];
  private css: string;

  constructor(
    highlight: Settings['highlight'],
    private readonly delivery: HighlightCssDelivery,
  ) {
    this.css = highlightCss(highlight, delivery.inherited ? ':root' : '');
  }

  adopt(target: Document | ShadowRoot): void {
    // A shadow tree inherits the rules from its host where highlights inherit.
    if (this.delivery.inherited && !(target instanceof Document)) return;
    if (this.targets.includes(target)) return;
    this.targets.push(target);
    this.apply(target);
  }

  update(highlight: Settings['highlight']): void {
    this.css = highlightCss(highlight, this.delivery.inherited ? ':root' : '');
    for (const target of this.targets) this.apply(target);
  }

  dispose(): void {
    for (const target of this.targets) this.remove(target);
    this.targets.length = 0;
  }

  private apply(target: Document | ShadowRoot): void {
    const sheet = this.sheets.get(target);
    if (target instanceof Document && this.css === this.delivery.injected) {
      this.remove(target);
    } else if (sheet) {
      sheet.replaceSync(this.css);
    } else {
      const win = (target instanceof Document ? target : target.ownerDocument).defaultView ?? window;
      const created = new win.CSSStyleSheet();
      created.replaceSync(this.css);
      this.sheets.set(target, created);
      target.adoptedStyleSheets = [...target.adoptedStyleSheets, created];
    }
  }

  private remove(target: Document | ShadowRoot): void {
    const sheet = this.sheets.get(target);
    if (!sheet) return;
    target.adoptedStyleSheets = target.adoptedStyleSheets.filter((s) => s !== sheet);
    this.sheets.delete(target);
  }
}
