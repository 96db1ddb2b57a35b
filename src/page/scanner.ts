import type { PageMention } from '../core/match/find-mentions';
import type { Highlighter, HighlightName } from './highlighter';
import type { MentionFinder } from './mention-finder';
import type { NearChange, NearViewport, NearViewportFactory } from './near-viewport';
import { BlockWalker, isBlockRendered, isInline, isRendered, nodeIndexAt, rangeFor, type TextBlock } from './text-blocks';
import { yieldToMain } from './time-slices';

export interface MarkedMention {
  id: number;
  mention: PageMention;
  readonly range: Range;
  block: TextBlock;
}

/**
 * A mark whose DOM Range is made when first asked for (to paint it, hit-test
 * it, focus it): most marks of a long page are never near the reader, and
 * the browser updates every live Range on each DOM change anywhere in the
 * page (with 5,000 of them, an element added and removed cost 0.5 ms
 * instead of 5 µs).
 */
class Mark implements MarkedMention {
  private made: Range | undefined;

  constructor(
    readonly id: number,
    readonly mention: PageMention,
    readonly block: TextBlock,
  ) {}

  get range(): Range {
    this.made ??= rangeFor(this.block, this.mention.start, this.mention.end);
    return this.made;
  }
}

export interface ScannerOptions {
  finder: MentionFinder;
  highlighter: Highlighter;
  /** Called after each slice that changed the marks. */
  onChange: () => void;
  /** Called for every open shadow root found, so its styles and mutations can be handled. */
  onShadowRoot: (root: ShadowRoot) => void;
  /**
   * Reports block containers near the viewport. With it, only marks near the
   * viewport are registered with the highlighter, and whether a container is
   * rendered is read when it is first reported. Without it, marks are
   * registered at once, and rendering is checked as each block is read.
   */
  nearViewport?: NearViewportFactory;
  /** Longest stretch of work before giving the page its main thread back. */
  sliceMs?: number;
  now?: () => number;
}

/**
 * Work before the scanner gives the main thread back. Long enough that the
 * gaps between slices (a task hop, often a frame) add little to a scan, short
 * enough that a slice with its overrun stays well under the 50 ms of a long
 * task: the clock is read every CLOCK_EVERY units (reading a block, or
 * marking one the finder answered for: well under 1 ms for most), and the end
 * of a slice adds at most a highlight flush.
 */
const SLICE_MS = 25;
/** Units between two looks at the clock: `performance.now()` costs 0.4-1 µs, a watched container about as much. */
const CLOCK_EVERY = 4;
/**
 * The first slice reads the top of the page, where the reader is, and sends
 * it to the finder at once: it is kept short.
 */
const FIRST_SLICE_MS = 8;
/**
 * Text read before it is sent to the finder. Small enough that the worker
 * starts on the top of the page while the rest is read, and that each reply is
 * marked within a slice; large enough that a 1 MB page is a few dozen messages.
 */
const FINDER_BATCH_CHARS = 32_000;
/** Blocks in one request at most (a table of numbers is thousands of tiny blocks); the worker takes up to MAX_MENTION_TEXTS. */
const FINDER_BATCH_BLOCKS = 2_000;
/** Containers found that make the viewport watcher a batch of its own while a scan runs (see `runSlice`). */
const FLUSH_CONTAINERS = 1000;
/**
 * Least time between two changes to which containers' marks are registered:
 * any change to a highlight costs the next frame work over the whole page,
 * however few ranges change, so while the reader scrolls they are applied in
 * batches (a viewport height of margin leaves time for that), and while a
 * scan runs they wait for its end.
 */
const REGISTER_EVERY_MS = 150;

function highlightName(mention: PageMention): HighlightName {
  return mention.type === 'entity' ? 'footnote-entity' : 'footnote-figure';
}

function inDocumentOrder(a: MarkedMention, b: MarkedMention): number {
  if (a.block !== b.block) {
    const position = a.block.key.compareDocumentPosition(b.block.key);
    if (position & Node.DOCUMENT_POSITION_FOLLOWING) return -1;
    if (position & Node.DOCUMENT_POSITION_PRECEDING) return 1;
  }
  return a.mention.start - b.mention.start || a.id - b.id;
}

/** A block read, numbered in the order of reading. */
interface ReadBlock {
  block: TextBlock;
  read: number;
}

function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}

/**
 * Finds and marks mentions under the roots it is given, in time slices, and
 * keeps an index of them by block container (to drop them when content
 * changes, and to find the one under the pointer).
 *
 * A mark is counted once its container is known to be rendered, and painted
 * (registered with the highlighter) while its container is near the viewport.
 */
export class PageScanner {
  /** Counted marks by container. */
  private readonly byContainer = new Map<Node, MarkedMention[]>();
  /** Marks in containers the viewport watcher has not reported yet. */
  private readonly unreported = new Map<Element, MarkedMention[]>();
  /** Reported containers that are rendered; they stay observed while they hold marks. */
  private readonly rendered = new Set<Element>();
  /** Rendered containers near the viewport: their marks are registered. */
  private readonly near = new Set<Element>();
  /** Containers reported to have come near or gone away since marks were last registered or unregistered. */
  private readonly nearChanges = new Map<Element, boolean>();
  private registerTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRegister = Number.NEGATIVE_INFINITY;
  private draining = false;
  private readonly now: () => number;
  private readonly viewport: NearViewport | undefined;
  /** Containers found since the last flush, to be watched from it. */
  private found: Element[] = [];
  /** Containers handed over at a flush, watched a few at a time within slices (each costs the browser some work). */
  private toObserve: Element[] = [];
  private observed = 0;
  private readonly pending: Node[] = [];
  /** The root being read, and how many of its shadow roots were queued. */
  private walker: BlockWalker | undefined;
  private reportedShadows = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Blocks read and not yet sent to the finder, with their length in chars. */
  private batch: ReadBlock[] = [];
  private batchChars = 0;
  /** Blocks whose mentions have come back, marked one per unit of work from `nextAnswered`. */
  private answered: { read: ReadBlock; mentions: PageMention[] }[] = [];
  private nextAnswered = 0;
  /** Batches sent and not yet answered; their answers are taken in the order they were sent. */
  private unanswered = 0;
  private answers: Promise<void> = Promise.resolve();
  private wakeDrain: (() => void) | undefined;
  /** Reads so far; a rescan after a block's read makes its answer stale (see `isStale`). */
  private reads = 0;
  private rescans: { root: Node; afterRead: number }[] = [];
  private nextId = 1;
  private total = 0;
  /** Longest slice so far, and all slices together, in ms: a check on our share of the main thread. */
  longestSlice = 0;
  busyMs = 0;
  /** Whether the first slice has run (it is short: see FIRST_SLICE_MS). */
  private ranFirst = false;
  /** Whether the first marks found have been handed to the viewport watcher (see `runSlice`). */
  private flushedFirst = false;
  private settledWaiters: (() => void)[] = [];

  constructor(private readonly options: ScannerOptions) {
    this.now = options.now ?? (() => performance.now());
    this.viewport = options.nearViewport?.((changes) => this.onViewportChanges(changes));
  }

  get count(): number {
    return this.total;
  }

  /** Queues roots to scan; resolves when the queue is empty. */
  scan(...roots: Node[]): Promise<void> {
    this.pending.push(...roots);
    // A scan waiting for the finder's answers takes the new roots in meanwhile.
    this.wakeDrain?.();
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Resolves once every mark found so far is counted or dropped: the viewport
   * watcher has reported all their containers (at the next rendered frame).
   * Blocks still with the finder are not found yet: `scan` resolves once they are.
   */
  settled(): Promise<void> {
    if (this.unreported.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Content under `roots` changed: drop its marks and read it again. */
  async rescan(roots: readonly Node[]): Promise<void> {
    if (this.awaitingAnswers()) for (const root of roots) this.rescans.push({ root, afterRead: this.reads });
    const cleared: Node[] = [];
    for (const container of this.containersUnder(roots)) {
      const marks = this.byContainer.get(container);
      if (marks) {
        this.byContainer.delete(container);
        this.removeMarks(marks);
        cleared.push(container);
      }
      if (this.unreported.has(container as Element)) this.unreported.set(container as Element, []);
    }
    this.options.onChange();
    await this.scan(...roots.filter((root) => root.isConnected));
    // Containers that lost all their marks need no more watching.
    for (const container of cleared) if (!this.byContainer.has(container) && isElement(container)) this.forget(container);
  }

  /**
   * Containers with marks at or under `roots`, found from the roots' own
   * elements: a rescan of new content costs what that content does, not what
   * the page holds.
   */
  private containersUnder(roots: readonly Node[]): Set<Node> {
    const found = new Set<Node>();
    const check = (node: Node) => {
      if (this.byContainer.has(node) || this.unreported.has(node as Element)) found.add(node);
    };
    for (const root of roots) {
      check(root);
      if ('querySelectorAll' in root) for (const element of (root as ParentNode).querySelectorAll('*')) check(element);
    }
    return found;
  }

  /** Drops marks whose text left the document. */
  sweepDetached(): void {
    const attached = (mark: MarkedMention) => mark.block.isAttached();
    let changed = false;
    for (const [container, marks] of this.byContainer) {
      if (container.isConnected && marks.every(attached)) continue;
      this.byContainer.delete(container);
      this.removeMarks(marks);
      if (isElement(container)) this.forget(container);
      changed = true;
    }
    for (const [container, marks] of this.unreported) this.unreported.set(container, marks.filter(attached));
    if (changed) this.options.onChange();
  }

  /** The mention covering character `offset` of text node `node`, innermost first; none for an offset outside it. */
  mentionAt(node: Node, offset: number): MarkedMention | undefined {
    if (offset < 0 || offset > (node.nodeValue?.length ?? 0)) return undefined;
    let best: MarkedMention | undefined;
    for (const mark of this.marksOver(node)) {
      if (mark.range.comparePoint(node, offset) !== 0) continue;
      const length = mark.mention.end - mark.mention.start;
      if (!best || length < best.mention.end - best.mention.start) best = mark;
    }
    return best;
  }

  /**
   * Counted marks whose text runs through text node `node`: those of its
   * block's container, the nearest ancestor that is not an inline element.
   */
  private marksOver(node: Node): MarkedMention[] {
    let container = node.parentNode;
    while (container && container.nodeType === Node.ELEMENT_NODE && isInline(container as Element) && !this.byContainer.has(container)) {
      container = container.parentNode;
    }
    const marks = container ? this.byContainer.get(container) : undefined;
    if (!marks) return [];
    return marks.filter((mark) => {
      const index = mark.block.nodes.indexOf(node as Text);
      return index >= 0 && index >= nodeIndexAt(mark.block, mark.mention.start) && index <= nodeIndexAt(mark.block, mark.mention.end - 1);
    });
  }

  /** All counted marks in document order (ordered by their blocks, so no Range is made for it). */
  marks(): MarkedMention[] {
    return [...this.byContainer.values()].flat().sort(inDocumentOrder);
  }

  stop(): void {
    this.stopped = true;
    this.pending.length = 0;
    this.walker = undefined;
    this.viewport?.disconnect();
    this.byContainer.clear();
    this.unreported.clear();
    this.rendered.clear();
    this.near.clear();
    this.nearChanges.clear();
    clearTimeout(this.registerTimer);
    this.found = [];
    this.toObserve = [];
    this.batch = [];
    this.answered = [];
    this.rescans = [];
    this.total = 0;
    this.options.highlighter.clear();
    this.wakeDrain?.();
    this.resolveSettled();
  }

  /** Paints marks registered so far and hands the containers found so far to the viewport watcher. */
  private flush(): void {
    this.options.highlighter.flush();
    this.toObserve = this.toObserve.slice(this.observed).concat(this.found);
    this.observed = 0;
    this.found = [];
  }

  /** Reads the queued roots and watches the containers found, in slices. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      // The first scan is started by the task that set the session up (the dictionary read): it has had its
      // share, so the first slice gets a task of its own.
      if (!this.ranFirst) await yieldToMain();
      while (!this.stopped) {
        if (this.runSlice()) await yieldToMain();
        else if (this.unanswered > 0) await this.answersToCome();
        else break;
      }
    } finally {
      this.draining = false;
    }
    this.options.highlighter.flush();
    this.scheduleRegister();
  }

  /** Waits for the finder with nothing else to do: marks that came near meanwhile are painted. */
  private async answersToCome(): Promise<void> {
    this.draining = false;
    this.scheduleRegister();
    await new Promise<void>((resolve) => (this.wakeDrain = resolve));
    this.draining = true;
  }

  /** One slice of work; returns whether any is left. */
  private runSlice(): boolean {
    const sliceStart = this.now();
    let counted = false;
    let more = true;
    const budget = this.options.sliceMs ?? (this.ranFirst ? SLICE_MS : FIRST_SLICE_MS);
    this.ranFirst = true;
    for (let n = 1; ; n++) {
      const unit = this.nextUnit();
      if (unit === 'none') {
        more = false;
        break;
      }
      if (unit === 'counted') counted = true;
      if (n % CLOCK_EVERY === 0 && this.now() - sliceStart >= budget) break;
    }
    if (this.batch.length > 0) this.sendBatch();
    const slice = this.now() - sliceStart;
    this.longestSlice = Math.max(this.longestSlice, slice);
    this.busyMs += slice;
    // The first marks found (the top of the page, where the reader usually is) are handed over at once, the
    // rest in batches of a bounded size and when the walk is done: each batch costs a frame and a viewport report
    // in proportion to its size, so many small batches cost frames, and one large one a long task.
    if ((!this.flushedFirst && this.found.length > 0) || this.found.length >= FLUSH_CONTAINERS) {
      this.flushedFirst = true;
      this.flush();
    }
    if (counted) this.options.onChange();
    return more;
  }

  /** One unit of work: watch a container, mark a block the finder answered for, read a block, or start on a root. */
  private nextUnit(): 'counted' | 'done' | 'none' {
    const walker = this.walker;
    if (this.observed < this.toObserve.length) {
      const container = this.toObserve[this.observed++]!;
      if (this.unreported.has(container)) this.viewport?.observe(container);
    } else if (this.nextAnswered < this.answered.length) {
      const { read, mentions } = this.answered[this.nextAnswered++]!;
      const counted = !this.isStale(read) && this.markBlock(read.block, mentions);
      if (this.nextAnswered === this.answered.length) {
        this.answered = [];
        this.nextAnswered = 0;
        if (!this.awaitingAnswers()) this.rescans = [];
      }
      if (counted) return 'counted';
    } else if (walker && !walker.done) {
      const block = walker.next();
      for (; this.reportedShadows < walker.shadowRoots.length; this.reportedShadows++) {
        const shadow = walker.shadowRoots[this.reportedShadows]!;
        this.options.onShadowRoot(shadow);
        this.pending.push(shadow);
      }
      if (block) this.queue(block);
    } else if (this.pending.length > 0) {
      const root = this.pending.shift()!;
      this.walker = root.isConnected ? new BlockWalker(root) : undefined;
      this.reportedShadows = 0;
    } else if (this.found.length > 0) {
      this.flush();
    } else {
      return 'none';
    }
    return 'done';
  }

  private queue(block: TextBlock): void {
    this.batch.push({ block, read: ++this.reads });
    this.batchChars += block.text.length;
    if (this.batchChars >= FINDER_BATCH_CHARS || this.batch.length >= FINDER_BATCH_BLOCKS) this.sendBatch();
  }

  /** Sends the blocks read to the finder; their answer is marked in the order batches were sent. */
  private sendBatch(): void {
    const reads = this.batch;
    this.batch = [];
    this.batchChars = 0;
    this.unanswered++;
    const found = this.options.finder.find(reads.map((read) => read.block.text));
    // Handled in its turn below; a failure before then must not count as unhandled.
    found.catch(() => undefined);
    this.answers = this.answers
      .then(() => found)
      .then((lists) => {
        if (this.stopped) return;
        if (!Array.isArray(lists) || lists.length !== reads.length) throw new Error('the finder answered for other texts');
        reads.forEach((read, i) => {
          const mentions = lists[i];
          if (Array.isArray(mentions) && mentions.length > 0) this.answered.push({ read, mentions });
        });
      })
      .catch((error: unknown) => console.debug('Footnote: finding mentions', error))
      .finally(() => {
        this.unanswered--;
        this.wakeDrain?.();
        this.wakeDrain = undefined;
        if (!this.awaitingAnswers()) this.rescans = [];
      });
  }

  /** Whether answers are still to come or to be marked: until then, a rescan may make one stale. */
  private awaitingAnswers(): boolean {
    return this.unanswered > 0 || this.nextAnswered < this.answered.length;
  }

  /**
   * Whether the block's text may have changed since it was read: a later
   * rescan read its container again (a change to a block's own text makes its
   * container, or a root above it, dirty: see `summarise`).
   */
  private isStale({ block, read }: ReadBlock): boolean {
    if (!block.isAttached()) return true;
    const { container } = block;
    return this.rescans.some(({ root, afterRead }) => afterRead >= read && root.contains(container));
  }

  /** Marks a block's mentions; true when they were counted at once. */
  private markBlock(block: TextBlock, mentions: readonly PageMention[]): boolean {
    const { container } = block;
    this.dropEarlierRead(block);
    const marks = mentions.map((mention) => new Mark(this.nextId++, mention, block));
    if (!this.viewport || !isElement(container)) {
      if (!isBlockRendered(block)) return false;
      this.countMarks(container, marks, true);
      return true;
    }
    if (this.rendered.has(container)) {
      this.countMarks(container, marks, this.near.has(container));
      return true;
    }
    const waiting = this.unreported.get(container);
    if (waiting) waiting.push(...marks);
    else {
      this.unreported.set(container, marks);
      this.found.push(container);
    }
    return false;
  }

  /**
   * A block read twice (a rescan overlapping the scan still reading it) is
   * marked once. A read of a container's whole text covers any of its blocks.
   */
  private dropEarlierRead(block: TextBlock): void {
    const { key, container } = block;
    const sameRead = (mark: MarkedMention) => mark.block.key === key || mark.block.key === container || key === container;
    const counted = this.byContainer.get(block.container);
    if (counted?.some(sameRead)) {
      this.removeMarks(counted.filter(sameRead));
      const rest = counted.filter((mark) => !sameRead(mark));
      if (rest.length > 0) this.byContainer.set(block.container, rest);
      else this.byContainer.delete(block.container);
    }
    const waiting = isElement(block.container) ? this.unreported.get(block.container) : undefined;
    if (waiting?.some(sameRead)) this.unreported.set(block.container as Element, waiting.filter((mark) => !sameRead(mark)));
  }

  /** Counts marks of a rendered container, indexes them, and registers them if asked. */
  private countMarks(container: Node, marks: readonly MarkedMention[], register: boolean): void {
    const list = this.byContainer.get(container);
    if (list) list.push(...marks);
    else this.byContainer.set(container, [...marks]);
    if (register) for (const mark of marks) this.options.highlighter.add(highlightName(mark.mention), mark.range);
    this.total += marks.length;
  }

  private isRegistered(container: Node): boolean {
    return !this.viewport || !isElement(container) || this.near.has(container);
  }

  /** Uncounts marks and unregisters them; their container's entry is the caller's to update. */
  private removeMarks(marks: readonly MarkedMention[]): void {
    this.total -= marks.length;
    for (const mark of marks) {
      if (this.isRegistered(mark.block.container)) this.options.highlighter.delete(highlightName(mark.mention), mark.range);
    }
  }

  /** Stops watching a container that holds no marks. */
  private forget(container: Element): void {
    this.viewport?.unobserve(container);
    this.rendered.delete(container);
    this.near.delete(container);
    this.nearChanges.delete(container);
  }

  /**
   * The watcher's reports, after a layout: first reports settle whether a
   * container is rendered and in sight (cheap now, with style and layout
   * fresh) and count its marks;
   * then marks are registered or unregistered as containers come near or go.
   */
  private onViewportChanges(changes: readonly NearChange[]): void {
    if (this.stopped) return;
    for (const { container, near, outOfSight } of changes) {
      const waiting = this.unreported.get(container);
      if (waiting) {
        this.unreported.delete(container);
        if (waiting.length > 0 && container.isConnected && !outOfSight && isRendered(container)) {
          this.rendered.add(container);
          this.countMarks(container, waiting, false);
        }
      }
      if (!this.byContainer.has(container)) this.forget(container);
      else if (near === this.near.has(container)) this.nearChanges.delete(container);
      else this.nearChanges.set(container, near);
    }
    this.scheduleRegister();
    this.options.onChange();
    if (this.unreported.size === 0) this.resolveSettled();
  }

  /** Applies the reported changes now if none were applied lately, else once REGISTER_EVERY_MS has passed. */
  private scheduleRegister(): void {
    if (this.draining || this.registerTimer !== undefined || this.nearChanges.size === 0) return;
    const wait = this.lastRegister + REGISTER_EVERY_MS - this.now();
    if (wait <= 0) this.register();
    else {
      this.registerTimer = setTimeout(() => {
        this.registerTimer = undefined;
        this.register();
      }, wait);
    }
  }

  /** Registers the marks of containers that came near, and unregisters those of containers that went away. */
  private register(): void {
    if (this.stopped) return;
    this.lastRegister = this.now();
    for (const [container, near] of this.nearChanges) {
      const marks = this.byContainer.get(container);
      if (!marks || near === this.near.has(container)) continue;
      if (near) this.near.add(container);
      else this.near.delete(container);
      for (const mark of marks) {
        const name = highlightName(mark.mention);
        if (near) this.options.highlighter.add(name, mark.range);
        else this.options.highlighter.delete(name, mark.range);
      }
    }
    this.nearChanges.clear();
    this.options.highlighter.flush();
  }

  private resolveSettled(): void {
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }
}
