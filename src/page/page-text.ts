/**
 * The page's text as one string, for annotations: every text node under
 * <body> in document order, except inside elements that hold no reading text
 * (script, style, noscript, template) and our own UI. The same text the core
 * anchoring tests read from saved pages, so describing a quote and finding it
 * again agree. Offsets map both ways between the string and DOM positions.
 */
import { OWN_UI_ATTRIBUTE } from './text-blocks';

const NO_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

export class PageText {
  private constructor(
    readonly text: string,
    private readonly nodes: Text[],
    /** starts[i] = offset of nodes[i] in `text`. */
    private readonly starts: number[],
  ) {}

  static read(doc: Document): PageText {
    const nodes: Text[] = [];
    const starts: number[] = [];
    const parts: string[] = [];
    let length = 0;
    const visit = (parent: Node) => {
      for (let node = parent.firstChild; node; node = node.nextSibling) {
        if (node.nodeType === Node.TEXT_NODE) {
          const data = (node as Text).data;
          if (data === '') continue;
          nodes.push(node as Text);
          starts.push(length);
          parts.push(data);
          length += data.length;
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          const element = node as Element;
          if (NO_TEXT_TAGS.has(element.tagName.toUpperCase()) || element.hasAttribute(OWN_UI_ATTRIBUTE)) continue;
          visit(element);
        }
      }
    };
    if (doc.body) visit(doc.body);
    return new PageText(parts.join(''), nodes, starts);
  }

  /** The node holding `offset` (the later node when it falls between two). */
  private nodeIndexAt(offset: number): number {
    let low = 0;
    let high = this.nodes.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** A live Range over text[start, end), or undefined when the text is empty. */
  rangeFor(start: number, end: number): Range | undefined {
    if (this.nodes.length === 0) return undefined;
    const range = this.nodes[0]!.ownerDocument.createRange();
    const from = this.nodeIndexAt(start);
    // An end on a node boundary belongs to the node before it, so the range does not reach into the next one.
    const to = end > 0 ? this.nodeIndexAt(end - 1) : from;
    range.setStart(this.nodes[from]!, start - this.starts[from]!);
    range.setEnd(this.nodes[to]!, end - this.starts[to]!);
    return range;
  }

  /** Offset in `text` of a DOM boundary point: its text node's offset, or the first text after it. */
  offsetOf(container: Node, offset: number): number {
    if (container.nodeType === Node.TEXT_NODE) {
      const index = this.indexOfNode(container as Text);
      if (index !== undefined) return this.starts[index]! + Math.min(offset, (container as Text).data.length);
    }
    // An element boundary (or text we do not read): the first of our text nodes at or after it.
    const probe = container.ownerDocument!.createRange();
    probe.setStart(container, offset);
    let low = 0;
    let high = this.nodes.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (probe.comparePoint(this.nodes[mid]!, 0) >= 0) high = mid;
      else low = mid + 1;
    }
    return low < this.nodes.length ? this.starts[low]! : this.text.length;
  }

  /** Offsets of a DOM range in `text`, or undefined when it covers none of our text. */
  offsetsOf(range: Range): { start: number; end: number } | undefined {
    const start = this.offsetOf(range.startContainer, range.startOffset);
    const end = this.offsetOf(range.endContainer, range.endOffset);
    return end > start ? { start, end } : undefined;
  }

  private indexCache: Map<Text, number> | undefined;

  private indexOfNode(node: Text): number | undefined {
    this.indexCache ??= new Map(this.nodes.map((n, i) => [n, i]));
    return this.indexCache.get(node);
  }
}
