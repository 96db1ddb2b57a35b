/**
 * Bundled by esbuild for the context-card bench, on `window.footnoteCardBench`.
 * `measureLookups` runs in a page's main world and times the keyboard path to
 * the card (Enter on a focused mention → `CardController.open` → card content
 * in the shadow root), whether the card is drawn by the built extension's
 * content script or by `startSession`: our real PageSession in the page, with
 * answers handed over ready, so only the card's own work is timed.
 */
import type { EntityAnswer, FigureAnswer } from '../../src/core/query/queries';
import type { MentionDictionary, PageSetup } from '../../src/messaging/protocol';
import type { PageMention } from '../../src/core/match/find-mentions';
import { cardView } from '../../src/card/card-view';
import type { CardRequests } from '../../src/page/card-controller';
import { PageSession } from '../../src/page/page-session';
import { PAGE_CLOCK_MARK } from './card-trace';

export type CardRequest =
  | { type: 'entity'; request: Parameters<CardRequests['entity']>[0] }
  | { type: 'figure'; request: Parameters<CardRequests['figure']>[0] };

export type CardAnswer = EntityAnswer | FigureAnswer;

export interface LookupTiming {
  /** From the Enter key's dispatch until the card's final content is in the DOM (laid out: the card is positioned from its height). */
  ms: number;
  /** The same, until the next frame has been produced. */
  msToFrame: number;
  /** When the Enter key was dispatched and the card's content was in the DOM, in ms since the epoch (to set beside the worker's clock). */
  startedAt: number;
  shownAt: number;
  /** The card's heading: the entity's name or the figure. */
  title: string;
  /** Passages the card lists. */
  passages: number;
  /** The card's error message, when it shows one. */
  error?: string;
}

export interface RecordedLookup {
  /** The mention as written on the page. */
  mention: string;
  request: CardRequest;
}

function press(key: string): void {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

function cardRoot(): ShadowRoot {
  const root = document.querySelector('footnote-ui')?.shadowRoot;
  if (!root) throw new Error('no footnote-ui shadow root: is a mention focused?');
  return root;
}

/** Resolves with the dialog once it shows an answer (not the loading state), as seen right after the change. */
function finalCard(root: ShadowRoot, timeoutMs: number): Promise<{ at: number; dialog: Element }> {
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      const dialog = root.querySelector('[role=dialog]');
      if (!dialog || dialog.getAttribute('aria-busy') === 'true') return;
      const at = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve({ at, dialog });
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no card within ${timeoutMs} ms`));
    }, timeoutMs);
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

export interface MeasureOptions {
  /** Stop early once this much time has passed. */
  budgetMs: number;
  /** Longest wait for one card. */
  timeoutMs: number;
  /** Tab to the next mention after each card (otherwise the same mention is asked again). */
  advance: boolean;
  /** After each Tab, wait for the page to settle (see `settled`) before the next Enter. */
  settle: boolean;
}

/** Two frames, then the page's next idle moment (or 300 ms). */
function settled(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 300 }))),
  );
}

/**
 * With a mention focused (keyboard mode), `count` times: Enter opens its card,
 * timed until the answer is in the DOM; the Close button closes it (focus goes
 * back to the mention) and Tab moves to the next mention.
 */
export async function measureLookups(count: number, { budgetMs, timeoutMs, advance, settle }: MeasureOptions): Promise<LookupTiming[]> {
  const root = cardRoot();
  const timings: LookupTiming[] = [];
  const started = performance.now();
  // Marks the page's thread, and its clock, in a Chrome trace (see card-trace.ts).
  performance.mark(`${PAGE_CLOCK_MARK}${performance.timeOrigin + started}`);
  for (let i = 0; i < count && performance.now() - started < budgetMs; i++) {
    const shown = finalCard(root, timeoutMs);
    const start = performance.now();
    press('Enter');
    const { at, dialog } = await shown;
    const framed = await nextFrame();
    const error = dialog.querySelector('.card__error')?.textContent ?? undefined;
    timings.push({
      ms: at - start,
      msToFrame: framed - start,
      startedAt: performance.timeOrigin + start,
      shownAt: performance.timeOrigin + at,
      title: dialog.querySelector('.card__title')?.textContent ?? '',
      passages: dialog.querySelectorAll('.card__passage').length,
      ...(error !== undefined && { error }),
    });
    root.querySelector<HTMLElement>('.card__close')?.click();
    if (advance) press('Tab');
    // A reader's Enter comes after the page has drawn the Tab's move (and scrolled to it), not in
    // the same task: what the move starts (the scroll, scanning the text it brings into view) is done.
    if (advance && settle) await settled();
  }
  return timings;
}

function markCount(): number {
  return (CSS.highlights.get('footnote-entity')?.size ?? 0) + (CSS.highlights.get('footnote-figure')?.size ?? 0);
}

/** Waits until the page's marks (whoever made them) stop changing for `quietMs`; returns how many there are. */
export async function settledMarks(quietMs: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = markCount();
  let stableSince = performance.now();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = markCount();
    if (now !== last) {
      last = now;
      stableSince = performance.now();
    } else if (now > 0 && performance.now() - stableSince >= quietMs) {
      return now;
    }
  }
  throw new Error(`marks did not settle within ${timeoutMs} ms (${last} so far)`);
}

let session: PageSession | undefined;
let recorded: RecordedLookup[] = [];
let answers: readonly CardAnswer[] | undefined;
let asked = 0;

/**
 * Answers the card's requests: while recording, notes each one and fails it
 * (the card shows an error); otherwise hands over the prepared answer for the
 * n-th request, which must be the request recorded n-th.
 */
function answer(request: CardRequest): Promise<CardAnswer> {
  if (!answers) {
    recorded.push({ mention: session?.focus.focused?.range.toString() ?? '', request });
    return Promise.reject(new Error('recording'));
  }
  const n = asked++;
  const expected = recorded[n];
  if (!expected || JSON.stringify(expected.request) !== JSON.stringify(request)) {
    return Promise.reject(new Error(`request ${n} differs from the one recorded: ${JSON.stringify(request)}`));
  }
  return Promise.resolve(answers[n]!);
}

/** Marks this document as the content script would, and focuses its first mention; returns the mark count. */
export async function startSession(dictionary: MentionDictionary, display: PageSetup['display']): Promise<number> {
  session = new PageSession(document, dictionary, display, {
    onCount: () => undefined,
    // The extension's worker finds the mentions, asked through the bench (see card.bench.ts).
    finder: { find: (texts) => window.footnoteFindMentions([...texts]) },
    card: {
      requests: {
        entity: (request) => answer({ type: 'entity', request }) as Promise<EntityAnswer>,
        figure: (request) => answer({ type: 'figure', request }) as Promise<FigureAnswer>,
      },
      actions: { readerHref: () => '#', openReader: () => undefined, copyCitation: async () => undefined },
      view: async () => cardView,
    },
  });
  await session.start();
  // Marks are counted once the viewport watcher has seen their containers.
  await session.scanner.settled();
  window.scrollTo(0, 0);
  session.moveFocus('next');
  return session.scanner.count;
}

/** The requests the card sends for the next `count` mentions, in keyboard order (then back to the first mention). */
export async function recordLookups(count: number): Promise<RecordedLookup[]> {
  if (!session) throw new Error('startSession first');
  recorded = [];
  answers = undefined;
  const timings = await measureLookups(count, { budgetMs: Infinity, timeoutMs: 10_000, advance: true, settle: false });
  if (recorded.length !== timings.length) throw new Error(`${timings.length} cards opened, ${recorded.length} requests recorded`);
  rewind();
  return recorded;
}

/** From now on the card gets these answers, in the order recorded. */
export function provideAnswers(list: readonly CardAnswer[]): void {
  answers = list;
  asked = 0;
}

/** Focus back on the first mention (keyboard mode starts at the first one in view), so a run repeats the same requests. */
function rewind(): void {
  if (!session) return;
  session.focus.leave();
  window.scrollTo(0, 0);
  session.moveFocus('next');
}

export function restart(): void {
  asked = 0;
  rewind();
}

const api = { measureLookups, settledMarks, startSession, recordLookups, provideAnswers, restart };

export type FootnoteCardBench = typeof api;

declare global {
  interface Window {
    footnoteCardBench: FootnoteCardBench;
    /** Exposed by the bench: `mentions.find` answered by the extension's worker. */
    footnoteFindMentions(texts: string[]): Promise<PageMention[][]>;
  }
}

window.footnoteCardBench = api;
