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

/** Elements that never hold reading text (local names: HTML's are lower case, as are svg and math). */
const SKIPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'textarea',
  'input',
  'select',
  'option',
  'button',
  'template',
  'iframe',
  'object',
  'embed',
  'canvas',
  'svg',
  'math',
  'head',
  'title',
  'code',
  'pre',
  'kbd',
  'samp',
]);

/** Inline elements: their text belongs to the enclosing block. Anything else starts a new block. */
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'label',
  'mark',
  'q',
  'ruby',
  'rt',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'wbr',
  'var',
  'nobr',
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
  readonly container: Element | ShadowRoot | Document;
  /**
   * Tells one read of a block from another: its first text node, or its
   * container when the block is all of the container's text.
   */
  readonly key: Node;
  readonly nodes: readonly Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`. */
  readonly starts: readonly number[];
  /** The nodes' data in order, with SOFT_BOUNDARY where a letter and a digit meet across an element boundary. */
  readonly text: string;
  /** Whether the block's text is still in the document, as far as can be told without reading it again. */
  isAttached(): boolean;
}

/** A block read node by node. */
class WalkedBlock implements TextBlock {
  readonly nodes: Text[];
  readonly starts: number[] = [0];
  text: string;

  constructor(
    readonly container: Element | ShadowRoot | Document,
    first: Text,
  ) {
    this.nodes = [first];
    this.text = first.data;
  }

  get key(): Node {
    return this.nodes[0]!;
  }

  isAttached(): boolean {
    return this.nodes.every((node) => node.isConnected);
  }
}

/**
 * A container holding only inline text (no block, skipped or line-break
 * element under it): its text is read in one call, and its text nodes are
 * looked up only when a mark there needs a Range. Most blocks of a page are
 * such paragraphs, and most of their marks are never painted.
 */
class ContainerBlock implements TextBlock {
  private walked: TextBlock | undefined;

  constructor(
    readonly container: Element,
    readonly text: string,
  ) {}

  get key(): Node {
    return this.container;
  }

  get nodes(): readonly Text[] {
    return this.walk()?.nodes ?? [];
  }

  get starts(): readonly number[] {
    return this.walk()?.starts ?? [];
  }

  /** Until its nodes are read, a removal inside the container makes the watcher read the container again. */
  isAttached(): boolean {
    return this.walked ? this.walked.isAttached() : this.container.isConnected;
  }

  /**
   * The container walked node by node: one block, as its elements are all
   * inline. Its text was read already, so what the page has since done around
   * it (hiding the page behind a dialog with `aria-hidden`) does not matter.
   */
  private walk(): TextBlock | undefined {
    this.walked ??= new BlockWalker(this.container, { readAlready: true }).next();
    return this.walked;
  }
}

/** Editable by its own `contenteditable` attribute ("", "true", "plaintext-only"; not "false"). */
function isEditingHost(element: Element): boolean {
  const value = element.getAttribute('contenteditable');
  return value !== null && value.toLowerCase() !== 'false';
}

/**
 * Attributes and tag names only: `isContentEditable` or a style lookup would
 * bring the page's style up to date for every element read.
 */
export function isSkippedElement(element: Element): boolean {
  return SKIPPED_TAGS.has(element.localName) || hasSkippingAttribute(element);
}

function hasSkippingAttribute(element: Element): boolean {
  if (!element.hasAttributes()) return false;
  if (element.hasAttribute(OWN_UI_ATTRIBUTE) || element.hasAttribute('hidden')) return true;
  return isEditingHost(element) || element.getAttribute('aria-hidden') === 'true';
}

export function isInline(element: Element): boolean {
  return INLINE_TAGS.has(element.localName);
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
 * Cheap while the page's style is up to date; right after a style change it
 * brings style up to date first. `checkVisibility` is missing in older browsers.
 */
export function isBlockRendered(block: TextBlock): boolean {
  const { container } = block;
  return container.nodeType !== Node.ELEMENT_NODE || isRendered(container as Element);
}

export function isRendered(element: Element): boolean {
  if (typeof element.checkVisibility !== 'function') return true;
  return element.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions);
}

/** Elements that can have a shadow root (besides custom elements), per the DOM standard's attachShadow. */
const SHADOW_HOSTS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);


/** Elements a container's text must be walked around: blocks (anything not inline, <br> too), skipped elements. */
const WALKED_AROUND = `:not(${[...INLINE_TAGS].join()}),[hidden],[aria-hidden],[contenteditable],[${OWN_UI_ATTRIBUTE}]`;
/**
 * Code units past ASCII that may be letters or digits: all but Latin-1's
 * symbols and the General Punctuation block (curly quotes, dashes, spaces),
 * the usual non-ASCII text of a page.
 */
// Escapes for the RegExp, not characters in the string: Chromium refuses a content script whose file holds U+FFFF.
const MAYBE_ALNUM = String.raw`\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2070-\uffff`;
/**
 * A letter and a digit side by side, or code units that may be: a
 * SOFT_BOUNDARY may belong between them. No `u` flag and no Unicode
 * properties, so it scans as fast as plain character classes do.
 */
const LETTER_DIGIT_RE = new RegExp(`[A-Za-z${MAYBE_ALNUM}][0-9${MAYBE_ALNUM}]|[0-9${MAYBE_ALNUM}][A-Za-z${MAYBE_ALNUM}]`);

/**
 * `element`'s text in one call when everything under it is inline text (one
 * call instead of several per node), exactly as the walk would read it;
 * undefined when the walk must read it node by node.
 */
function wholeText(element: Element): string | undefined {
  if (element.querySelector(WALKED_AROUND)) return undefined;
  const text = element.textContent ?? '';
  return LETTER_DIGIT_RE.test(text) ? undefined : text;
}

/**
 * Spans under `root` that host a shadow root (usually none). Spans are the
 * only inline elements that can, and the walk does not enter containers it
 * reads whole: asking each span there for its shadow root would cost more
 * than reading its text.
 */
function spanHosts(root: Node): Element[] {
  if (!('querySelectorAll' in root)) return [];
  const spans = (root as ParentNode).querySelectorAll('span');
  const hosts: Element[] = [];
  for (let i = 0; i < spans.length; i++) if (spans[i]!.shadowRoot) hosts.push(spans[i]!);
  return hosts;
}

/** Whether `root` is inside something never read: a skipped element, or a document in design mode. */
function isInSkippedSubtree(root: Node): boolean {
  const doc = root.ownerDocument ?? (root as Document);
  if (doc.designMode === 'on') return true;
  for (let node: Node | null = root; node; node = node.parentNode) {
    if (node.nodeType === Node.ELEMENT_NODE && isSkippedElement(node as Element)) return true;
  }
  return false;
}

/**
 * Walks the reading text under `root` block by block, resumably, so a large
 * page can be read in slices between which the page keeps running. Open
 * shadow roots met on the way are collected in `shadowRoots` for the caller
 * to walk as roots of their own (their styles are separate).
 *
 * A plain firstChild/nextSibling walk: a TreeWalker's filter callback costs a
 * call into script per element, and tracking the enclosing block on the way
 * down saves looking it up for every text node.
 */
export class BlockWalker {
  readonly shadowRoots: ShadowRoot[] = [];
  /** The last node visited; the walk goes on from it. */
  private node: Node;
  /** Whether to enter `node`'s children next. */
  private descend = true;
  /** Whether `node` is a non-inline element (not the root), so entering it starts its own blocks. */
  private entersBlock = false;
  /** Non-inline elements entered and not yet left: the innermost is the block being read. */
  private readonly containers: Element[] = [];
  private current: WalkedBlock | undefined;
  /** A block found together with the one `next` returned, returned next. */
  private waiting: TextBlock | undefined;
  // A <br> separates lines as a block boundary would: "ICE<br>agents" is not "ICEagents".
  private lineBreak = false;
  /** Last code unit of the block's text so far: read from the text itself, it would flatten a growing string each time. */
  private lastCode = Number.NaN;
  done: boolean;

  private readonly spanHosts: Element[];

  /** `readAlready`: the root's text was found readable before, so its ancestors are not looked at again. */
  constructor(
    private readonly root: Node,
    { readAlready = false }: { readAlready?: boolean } = {},
  ) {
    this.node = root;
    // A root inside something we never read (a <script> added to the page, our own UI) yields nothing.
    this.done = !readAlready && isInSkippedSubtree(root);
    this.spanHosts = this.done ? [] : spanHosts(root);
  }

  /** The next block with text (rendered or not: see `isBlockRendered`), or undefined when the walk is over. */
  next(): TextBlock | undefined {
    if (this.waiting) {
      const block = this.waiting;
      this.waiting = undefined;
      return block;
    }
    while (!this.done) {
      const node = this.advance();
      if (!node) {
        this.done = true;
        return this.take();
      }
      if (node.nodeType === Node.ELEMENT_NODE) {
        const whole = this.entersBlock ? wholeText(node as Element) : undefined;
        if (whole === undefined) continue;
        this.descend = false;
        for (const host of this.spanHosts) if (node.contains(host)) this.shadowRoots.push(host.shadowRoot!);
        // No text at all: nothing was read, as when an empty element is walked.
        if (whole === '') continue;
        this.lineBreak = false;
        const finished = this.take();
        const block = /\S/.test(whole) ? new ContainerBlock(node as Element, whole) : undefined;
        if (!finished) {
          if (block) return block;
          continue;
        }
        this.waiting = block;
        return finished;
      }
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const text = node as Text;
      const data = text.data;
      if (data.length === 0) continue;
      const container = this.containers[this.containers.length - 1] ?? (this.root as Element | ShadowRoot | Document);
      const block = this.current;
      if (!block || block.container !== container || this.lineBreak) {
        this.lineBreak = false;
        const finished = this.take();
        this.current = new WalkedBlock(container, text);
        this.lastCode = data.charCodeAt(data.length - 1);
        if (finished) return finished;
        continue;
      }
      const previous = block.nodes[block.nodes.length - 1]!;
      if (isSoftBoundary(this.lastCode, data.charCodeAt(0)) && elementBetween(previous, text)) {
        block.text += SOFT_BOUNDARY;
      }
      block.nodes.push(text);
      block.starts.push(block.text.length);
      block.text += data;
      this.lastCode = data.charCodeAt(data.length - 1);
    }
    return undefined;
  }

  /**
   * Moves to the next node in document order, not entering skipped elements,
   * and returns it (null at the end). Elements are dealt with here; text
   * nodes and others are left to the caller.
   */
  private advance(): Node | null {
    let node: Node | null = this.node;
    for (;;) {
      const child: Node | null = this.descend ? node.firstChild : null;
      if (child) {
        if (this.entersBlock) this.containers.push(node as Element);
        node = child;
      } else {
        node = this.nextOutside(node);
        if (!node) return null;
      }
      this.descend = true;
      this.entersBlock = false;
      if (node.nodeType !== Node.ELEMENT_NODE) break;
      // Each property read is a call into the browser: the name is read once.
      const element = node as Element;
      const name = element.localName;
      if (name === 'br') this.lineBreak = true;
      if (SKIPPED_TAGS.has(name) || hasSkippingAttribute(element)) {
        this.descend = false;
        continue;
      }
      this.entersBlock = !INLINE_TAGS.has(name);
      // Other elements cannot have a shadow root: asking each link or emphasis would be a call for nothing.
      if (SHADOW_HOSTS.has(name) || name.includes('-')) {
        const shadow = element.shadowRoot;
        if (shadow) this.shadowRoots.push(shadow);
      }
      break;
    }
    this.node = node;
    return node;
  }

  /** The node after `node` and its subtree, leaving the blocks it climbs out of; null past the root. */
  private nextOutside(node: Node): Node | null {
    let at: Node = node;
    while (at !== this.root) {
      const sibling = at.nextSibling;
      if (sibling) return sibling;
      const parent = at.parentNode;
      if (!parent) return null;
      if (parent === this.containers[this.containers.length - 1]) this.containers.pop();
      at = parent;
    }
    return null;
  }

  private take(): WalkedBlock | undefined {
    const block = this.current;
    this.current = undefined;
    return block && /\S/.test(block.text) ? block : undefined;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return code < 128 ? isAsciiLetter(code) : LETTER_RE.test(String.fromCharCode(code));
}

function isDigit(code: number): boolean {
  return code < 128 ? isAsciiDigit(code) : DIGIT_RE.test(String.fromCharCode(code));
}

/** A letter next to a digit, either way round (UTF-16 code units). */
function isSoftBoundary(before: number, after: number): boolean {
  return (isLetter(before) && isDigit(after)) || (isDigit(before) && isLetter(after));
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
