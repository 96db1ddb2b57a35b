/**
 * The page's text as one string, for annotations: every text node under
 * <body> in document order, except inside elements that hold no reading text
 * (script, style, noscript, template) and our own UI. The same text the core
 * anchoring tests read from saved pages, so describing a quote and finding it
 * again agree. Offsets map both ways between the string and DOM positions.
 */
import { OWN_UI_ATTRIBUTE } from './text-blocks';

const NO_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
const NODES_PER_CHECK = 500;

/** Text nodes under <body> in document order, skipping elements that hold no reading text and our UI. */
function* textNodes(doc: Document): Generator<Text> {
  const body = doc.body;
  if (!body) return;
  let node: Node | null = body.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === Node.TEXT_NODE) {
      if ((node as Text).data !== '') yield node as Text;
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      descend = !NO_TEXT_TAGS.has(element.tagName.toUpperCase()) && !element.hasAttribute(OWN_UI_ATTRIBUTE);
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== body && !node.nextSibling) node = node.parentNode;
    node = node && node !== body ? node.nextSibling : null;
  }
}

class PageTextBuilder {
  private readonly nodes: Text[] = [];
  private readonly starts: number[] = [];
  private readonly parts: string[] = [];
  private length = 0;

  add(node: Text): void {
    this.nodes.push(node);
    this.starts.push(this.length);
    this.parts.push(node.data);
    this.length += node.data.length;
  }

  build(): PageText {
    return PageText.from(this.parts.join(''), this.nodes, this.starts);
  }
}

export class PageText {
  /** For the readers above; callers use `read` or `readInSlices`. */
  static from(text: string, nodes: Text[], starts: number[]): PageText {
    return new PageText(text, nodes, starts);
  }

  private constructor(
    readonly text: string,
    private readonly nodes: Text[],
    /** starts[i] = offset of nodes[i] in `text`. */
    private readonly starts: number[],
  ) {}

  static read(doc: Document): PageText {
    const builder = new PageTextBuilder();
    for (const node of textNodes(doc)) builder.add(node);
    return builder.build();
  }

  /**
   * The same text, read in slices: `breathe` is awaited every few hundred
   * nodes and may hand the main thread back to the page (a large page takes
   * tens of milliseconds to read the first time).
   */
  static async readInSlices(doc: Document, breathe: () => Promise<void>): Promise<PageText> {
    const builder = new PageTextBuilder();
    let count = 0;
    for (const node of textNodes(doc)) {
      builder.add(node);
      if (++count % NODES_PER_CHECK === 0) await breathe();
    }
    return builder.build();
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
