import type { AliasMatcher } from '../core/match/alias-matcher';
import { findMentions, type MentionFilter, type PageMention } from '../core/match/find-mentions';
import type { Highlighter, HighlightName } from './highlighter';
import { BlockWalker, isBlockRendered, nodeIndexAt, rangeFor, type TextBlock } from './text-blocks';

export interface MarkedMention {
  id: number;
  mention: PageMention;
  range: Range;
  block: TextBlock;
}

export interface ScannerOptions {
  matcher: AliasMatcher;
  filter: MentionFilter;
  highlighter: Highlighter;
  /** Called after each slice that changed the marks. */
  onChange: () => void;
  /** Called for every open shadow root found, so its styles and mutations can be handled. */
  onShadowRoot: (root: ShadowRoot) => void;
  /** Longest stretch of work before giving the page its main thread back. */
  sliceMs?: number;
  now?: () => number;
}

/**
 * Gives the main thread back between slices. A normal-priority task, not
 * `scheduler.yield()`: a yield continuation jumps the queue, so the page's own
 * timers would wait for the whole scan.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void, options: { priority: string }) => Promise<void> } }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => undefined, { priority: 'user-visible' });
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Most blocks read in one slice; the time budget usually ends a slice first. */
const BATCH_BLOCKS = 256;
/** How often a long scan paints what it has marked so far. */
const FLUSH_MS = 250;

function highlightName(mention: PageMention): HighlightName {
  return mention.type === 'entity' ? 'footnote-entity' : 'footnote-figure';
}

/**
 * Finds and marks mentions under the roots it is given, in time slices, and
 * keeps an index of them by block container (to drop them when content
 * changes) and by text node (to find the one under the pointer).
 */
export class PageScanner {
  private readonly byContainer = new Map<Node, MarkedMention[]>();
  private readonly byNode = new Map<Text, MarkedMention[]>();
  private readonly pending: Node[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;
  private nextId = 1;
  private total = 0;
  /** Longest slice so far, in ms: a check on our share of the main thread. */
  longestSlice = 0;
  private lastFlush = 0;

  constructor(private readonly options: ScannerOptions) {}

  get count(): number {
    return this.total;
  }

  /** Queues roots to scan; resolves when the queue is empty. */
  scan(...roots: Node[]): Promise<void> {
    this.pending.push(...roots);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Content under `roots` changed: drop its marks and read it again. */
  rescan(roots: readonly Node[]): Promise<void> {
    const dirty = new Set(roots);
    for (const [container, marks] of this.byContainer) {
      for (let node: Node | null = container; node; node = node.parentNode) {
        if (dirty.has(node)) {
          this.unmark(container, marks);
          break;
        }
      }
    }
    this.options.onChange();
    return this.scan(...roots.filter((root) => root.isConnected));
  }

  /** Drops marks whose text left the document. */
  sweepDetached(): void {
    let changed = false;
    for (const [container, marks] of this.byContainer) {
      if (!container.isConnected || marks.some((m) => !m.block.nodes.every((n) => n.isConnected))) {
        this.unmark(container, marks);
        changed = true;
      }
    }
    if (changed) this.options.onChange();
  }

  /** The mention covering character `offset` of text node `node`, innermost first. */
  mentionAt(node: Node, offset: number): MarkedMention | undefined {
    const candidates = this.byNode.get(node as Text);
    if (!candidates) return undefined;
    let best: MarkedMention | undefined;
    for (const mark of candidates) {
      if (mark.range.comparePoint(node, offset) !== 0) continue;
      const length = mark.mention.end - mark.mention.start;
      if (!best || length < best.mention.end - best.mention.start) best = mark;
    }
    return best;
  }

  /** All marks in document order. */
  marks(): MarkedMention[] {
    const all = [...this.byContainer.values()].flat();
    return all.sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range) || a.id - b.id);
  }

  stop(): void {
    this.stopped = true;
    this.pending.length = 0;
    this.byContainer.clear();
    this.byNode.clear();
    this.total = 0;
    this.options.highlighter.clear();
  }

  private flush(at: number): void {
    this.options.highlighter.flush();
    this.lastFlush = at;
  }

  private async drain(): Promise<void> {
    const now = this.options.now ?? (() => performance.now());
    const sliceMs = this.options.sliceMs ?? 8;
    while (this.pending.length > 0 && !this.stopped) {
      const root = this.pending.shift()!;
      if (!root.isConnected) continue;
      const walker = new BlockWalker(root);
      let reportedShadows = 0;
      while (!walker.done && !this.stopped) {
        const sliceStart = now();
        let marked = false;
        const batch: TextBlock[] = [];
        for (let n = 0; !walker.done && n < BATCH_BLOCKS; n++) {
          const block = walker.next();
          if (block) batch.push(block);
          if ((n & 15) === 15 && now() - sliceStart >= sliceMs / 2) break;
        }
        for (const block of batch) if (this.markBlock(block)) marked = true;
        for (; reportedShadows < walker.shadowRoots.length; reportedShadows++) {
          const shadow = walker.shadowRoots[reportedShadows]!;
          this.options.onShadowRoot(shadow);
          this.pending.push(shadow);
        }
        this.longestSlice = Math.max(this.longestSlice, now() - sliceStart);
        if (now() - this.lastFlush >= FLUSH_MS) this.flush(now());
        if (marked) this.options.onChange();
        if (!walker.done || this.pending.length > 0) await yieldToMain();
      }
    }
    this.flush(now());
  }

  private markBlock(block: TextBlock): boolean {
    const mentions = findMentions(block.text, this.options.matcher, this.options.filter);
    // Visibility costs a style lookup: only blocks with something to mark pay it.
    if (mentions.length === 0 || !isBlockRendered(block)) return false;
    let marks = this.byContainer.get(block.container) ?? [];
    // A block read twice (a rescan overlapping the scan still reading it) is marked once.
    const earlier = marks.filter((mark) => mark.block.nodes[0] === block.nodes[0]);
    if (earlier.length > 0) {
      this.unmark(block.container, earlier);
      marks = marks.filter((mark) => !earlier.includes(mark));
    }
    for (const mention of mentions) {
      const range = rangeFor(block, mention.start, mention.end);
      const mark: MarkedMention = { id: this.nextId++, mention, range, block };
      marks.push(mark);
      this.options.highlighter.add(highlightName(mention), range);
      const last = nodeIndexAt(block, mention.end - 1);
      for (let i = nodeIndexAt(block, mention.start); i <= last; i++) {
        const node = block.nodes[i]!;
        const list = this.byNode.get(node);
        if (list) list.push(mark);
        else this.byNode.set(node, [mark]);
      }
    }
    this.byContainer.set(block.container, marks);
    this.total += mentions.length;
    return true;
  }

  private unmark(container: Node, marks: readonly MarkedMention[]): void {
    this.byContainer.delete(container);
    this.total -= marks.length;
    for (const mark of marks) {
      this.options.highlighter.delete(highlightName(mark.mention), mark.range);
      for (const node of mark.block.nodes) {
        const list = this.byNode.get(node);
        if (!list) continue;
        const rest = list.filter((m) => m !== mark);
        if (rest.length > 0) this.byNode.set(node, rest);
        else this.byNode.delete(node);
      }
    }
  }
}
