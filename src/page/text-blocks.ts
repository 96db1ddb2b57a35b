/**
 * Reading text as blocks: the text nodes under one block-level element read
 * as one string, so a name split by inline markup (`<a>Immigration and</a>
 * <em>Customs</em> Enforcement`) is matched whole and mapped back to nodes.
 *
 * Where a letter and a digit meet across an element boundary
 * (`<a>Sanctuary Cities</a><span><a>3,930</a> comments`), the block text gets
 * SOFT_BOUNDARY between them: two separate things the markup glued together.
 * Letters meeting letters stay joined (`BOR<span>TAC</span>` is one word).
 */

/** Elements that never hold reading text. */
const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'SVG',
  'MATH',
  'HEAD',
  'TITLE',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
]);

/** Inline elements: their text belongs to the enclosing block. Anything else starts a new block. */
const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'DATA',
  'DEL',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'LABEL',
  'MARK',
  'Q',
  'RUBY',
  'RT',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'WBR',
  'VAR',
  'NOBR',
]);

/**
 * U+2063 INVISIBLE SEPARATOR: neither a word character nor a space, so it ends
 * a word without letting a multi-word name or a figure's noun run across it.
 * It belongs to no text node.
 */
export const SOFT_BOUNDARY = '\u2063';

const LETTER_RE = /\p{L}/u;
const DIGIT_RE = /\p{N}/u;

/** Marks our own UI so the scanner never reads it. */
export const OWN_UI_ATTRIBUTE = 'data-footnote-ui';

export interface TextBlock {
  /** The nearest non-inline ancestor shared by the block's text nodes. */
  container: Element | ShadowRoot | Document;
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  starts: number[];
  /** The nodes' data in order, with SOFT_BOUNDARY where a letter and a digit meet across an element boundary. */
  text: string;
}

export function isSkippedElement(element: Element): boolean {
  if (SKIPPED_TAGS.has(element.tagName.toUpperCase())) return true;
  if (element.hasAttribute(OWN_UI_ATTRIBUTE) || element.hasAttribute('hidden')) return true;
  if ((element as HTMLElement).isContentEditable) return true;
  return element.getAttribute('aria-hidden') === 'true';
}

export function isInline(element: Element): boolean {
  return INLINE_TAGS.has(element.tagName.toUpperCase());
}

export function blockOf(node: Node, root: Node): Element | ShadowRoot | Document {
  let current = node.parentNode;
  while (current && current !== root) {
    if (current.nodeType === Node.ELEMENT_NODE && !isInline(current as Element)) return current as Element;
    current = current.parentNode;
  }
  return root as Element | ShadowRoot | Document;
}

/**
 * Whether a block's container is rendered (not display:none, visibility:hidden…).
 * Check a batch of blocks before marking any of them: a highlight added between
 * two checks invalidates style, and each check would then recompute it.
 * `checkVisibility` is missing in older browsers.
 */
export function isBlockRendered(block: TextBlock): boolean {
  const { container } = block;
  if (!(container instanceof Element) || typeof container.checkVisibility !== 'function') return true;
  return container.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions);
}

/**
 * Walks the reading text under `root` block by block, resumably, so a large
 * page can be read in slices between which the page keeps running. Open
 * shadow roots met on the way are collected in `shadowRoots` for the caller
 * to walk as roots of their own (their styles are separate).
 */
export class BlockWalker {
  readonly shadowRoots: ShadowRoot[] = [];
  private readonly walker: TreeWalker;
  private current: TextBlock | undefined;
  // A <br> separates lines as a block boundary would: "ICE<br>agents" is not "ICEagents".
  private lineBreak = false;
  done = false;

  constructor(private readonly root: Node) {
    // A root inside something we never read (a <script> added to the page, our own UI) yields nothing.
    for (let node: Node | null = root; node; node = node.parentNode) {
      if (node.nodeType === Node.ELEMENT_NODE && isSkippedElement(node as Element)) this.done = true;
    }
    const doc = root.ownerDocument ?? (root as Document);
    this.walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        const element = node as Element;
        if (element.tagName === 'BR') this.lineBreak = true;
        if (isSkippedElement(element)) return NodeFilter.FILTER_REJECT;
        if (element.shadowRoot) this.shadowRoots.push(element.shadowRoot);
        return NodeFilter.FILTER_SKIP;
      },
    });
  }

  /** The next block with text (rendered or not: see `isBlockRendered`), or undefined when the walk is over. */
  next(): TextBlock | undefined {
    while (!this.done) {
      const node = this.walker.nextNode() as Text | null;
      if (!node) {
        this.done = true;
        return this.take();
      }
      if (node.data.length === 0) continue;
      const container = blockOf(node, this.root);
      let finished: TextBlock | undefined;
      if (!this.current || this.current.container !== container || this.lineBreak) {
        this.lineBreak = false;
        finished = this.take();
        this.current = { container, nodes: [], starts: [], text: '' };
      }
      const block = this.current!;
      const previous = block.nodes[block.nodes.length - 1];
      if (previous && isSoftBoundary(block.text[block.text.length - 1], node.data[0]) && elementBetween(previous, node)) {
        block.text += SOFT_BOUNDARY;
      }
      block.nodes.push(node);
      block.starts.push(block.text.length);
      block.text += node.data;
      if (finished) return finished;
    }
    return undefined;
  }

  private take(): TextBlock | undefined {
    const block = this.current;
    this.current = undefined;
    return block && /\S/.test(block.text) ? block : undefined;
  }
}

/** A letter next to a digit, either way round. */
function isSoftBoundary(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  return (LETTER_RE.test(before) && DIGIT_RE.test(after)) || (DIGIT_RE.test(before) && LETTER_RE.test(after));
}

/** An element starts or ends between two text nodes of one block (comments do not count). */
function elementBetween(before: Text, after: Text): boolean {
  if (before.parentNode !== after.parentNode) return true;
  for (let node = before.nextSibling; node && node !== after; node = node.nextSibling) {
    if (node.nodeType === Node.ELEMENT_NODE) return true;
  }
  return false;
}

/** Every block under `root` at once; for small roots and tests. */
export function collectTextBlocks(root: Node): { blocks: TextBlock[]; shadowRoots: ShadowRoot[] } {
  const walker = new BlockWalker(root);
  const blocks: TextBlock[] = [];
  while (!walker.done) {
    const block = walker.next();
    if (block && isBlockRendered(block)) blocks.push(block);
  }
  return { blocks, shadowRoots: walker.shadowRoots };
}

/** Index in `block.nodes` of the node holding character `offset` of `block.text` (binary search). */
export function nodeIndexAt(block: TextBlock, offset: number): number {
  let low = 0;
  let high = block.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (block.starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * The text node and offset inside it for a character offset in `block.text`;
 * a SOFT_BOUNDARY offset maps to the end of the node before it.
 */
export function locate(block: TextBlock, offset: number): { node: Text; offset: number } {
  const index = nodeIndexAt(block, offset);
  const node = block.nodes[index]!;
  return { node, offset: Math.min(offset - block.starts[index]!, node.length) };
}

/** A DOM Range over `[start, end)` of the block's text, crossing inline markup as needed. */
export function rangeFor(block: TextBlock, start: number, end: number): Range {
  const from = locate(block, start);
  // End in the node holding the last character, so the range never ends at the start of the next node.
  const last = nodeIndexAt(block, end - 1);
  const to = block.nodes[last]!;
  const range = from.node.ownerDocument.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to, Math.min(end - block.starts[last]!, to.length));
  return range;
}
