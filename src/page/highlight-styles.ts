import type { Settings } from '../settings/schema';

/**
 * The ::highlight() rules live in a constructed stylesheet adopted by the
 * document (and each open shadow root we mark in): the page's DOM gets no
 * <style> element, and a settings change restyles every mark at once.
 */
export function highlightCss(highlight: Settings['highlight']): string {
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
    `::highlight(footnote-entity) { ${mark} }`,
    `::highlight(footnote-figure) { ${figure} }`,
    `::highlight(footnote-focus) { background-color: ${color}; color: #000; }`,
  ].join('\n');
}

export class HighlightStyles {
  private readonly sheets = new Map<Document | ShadowRoot, CSSStyleSheet>();

  constructor(private css: string) {}

  adopt(target: Document | ShadowRoot): void {
    if (this.sheets.has(target)) return;
    const win = (target instanceof Document ? target : target.ownerDocument).defaultView ?? window;
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(this.css);
    this.sheets.set(target, sheet);
    target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
  }

  update(css: string): void {
    this.css = css;
    for (const sheet of this.sheets.values()) sheet.replaceSync(css);
  }

  dispose(): void {
    for (const [target, sheet] of this.sheets) {
      target.adoptedStyleSheets = target.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    this.sheets.clear();
  }
}
