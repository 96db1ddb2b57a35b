import { blockOf, isInline, OWN_UI_ATTRIBUTE } from './text-blocks';

export interface ContentChange {
  /** Roots whose text must be read again (new blocks, or blocks whose own text changed). */
  dirty: Node[];
  /** Something was removed: marks on detached text must go. */
  removed: boolean;
}

function isOwnUi(node: Node): boolean {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return !!element?.closest(`[${OWN_UI_ATTRIBUTE}]`);
}

function isBlockElement(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && !isInline(node as Element);
}

/** Reduces mutation records to the smallest set of roots to read again. */
export function summarise(records: readonly MutationRecord[], root: Node): ContentChange {
  const dirty = new Set<Node>();
  let removed = false;
  for (const record of records) {
    if (isOwnUi(record.target)) continue;
    if (record.type === 'characterData') {
      dirty.add(blockOf(record.target, root));
      continue;
    }
    for (const node of record.addedNodes) {
      if (isOwnUi(node)) continue;
      // A new block is read on its own; new inline content changes its block's text.
      dirty.add(isBlockElement(node) ? node : blockOf(node, root));
    }
    if (record.removedNodes.length > 0) {
      removed = true;
      const inlineRemoved = [...record.removedNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE || !isBlockElement(node),
      );
      if (inlineRemoved) dirty.add(isBlockElement(record.target) ? record.target : blockOf(record.target, root));
    }
  }
  // Drop roots inside other roots, and roots no longer in the document.
  const roots = [...dirty].filter((node) => {
    if (!node.isConnected) return false;
    for (let parent = node.parentNode; parent; parent = parent.parentNode) if (dirty.has(parent)) return false;
    return true;
  });
  return { dirty: roots, removed };
}

/**
 * Watches `root` for content changes and reports them in debounced batches,
 * so a burst of DOM updates (infinite scroll, a SPA render) costs one rescan.
 * A page that never stops changing (a ticker, a live counter) is reported at
 * least every `maxWaitMs`: else its changes would wait, and pile up, forever.
 */
export function watchContent(
  root: Node,
  onChange: (change: ContentChange) => void,
  signal: AbortSignal,
  debounceMs = 150,
  maxWaitMs = 1000,
): { observe(root: Node): void } {
  let queued: MutationRecord[] = [];
  let firstQueuedAt: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    const batch = queued;
    queued = [];
    firstQueuedAt = undefined;
    const change = summarise(batch, root);
    if (change.dirty.length > 0 || change.removed) onChange(change);
  };
  const observer = new MutationObserver((records) => {
    queued.push(...records);
    const now = performance.now();
    firstQueuedAt ??= now;
    clearTimeout(timer);
    timer = setTimeout(report, Math.max(0, Math.min(debounceMs, firstQueuedAt + maxWaitMs - now)));
  });
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true };
  observer.observe(root, options);
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
  });
  return { observe: (extra) => observer.observe(extra, options) };
}
