/**
 * Page-side measurements, bundled with our real page code by page-entry.ts.
 * Each function does one timed piece of work in the page and returns plain
 * numbers; the runner in Node repeats them on fresh pages and takes medians.
 */
import { AliasMatcher, type SerializedMatcher } from '../../src/core/match/alias-matcher';
import { foldText } from '../../src/core/text/normalize';
import type { PageSetup } from '../../src/messaging/protocol';
import { markableFilter } from '../../src/core/match/dictionary';
import type { DictionaryWithMatcher } from './fixtures';
import type { FinderWorkerMessage } from './finder-worker-entry';
import { CHROMIUM_DELIVERY } from '../../src/page/highlight-styles';
import { createHighlighter } from '../../src/page/highlighter';
import { intersectionWatcher } from '../../src/page/near-viewport';
import { PageSession, type SessionHooks } from '../../src/page/page-session';
import { PageScanner } from '../../src/page/scanner';
import { localMentionFinder, type MentionFinder } from '../../src/page/mention-finder';
import type { MentionFilter, PageMention } from '../../src/core/match/find-mentions';

/** The globals mark.js (dist/mark.min.js) defines. */
interface MarkJs {
  markRegExp(regexp: RegExp, options: { acrossElements: boolean; done: (matches: number) => void }): void;
}
declare const Mark: new (context: Element) => MarkJs;

export interface RegexPass {
  source: string;
  flags: string;
}

export interface LongTasks {
  count: number;
  maxMs: number;
}

export interface ScanResult {
  /** From the first line of our work (or the peer's) until every mark is in place (ours: counted, and painted near the viewport). */
  ms: number;
  /** The same, until the next rendered frame has run. */
  msToFrame: number;
  longTasks: LongTasks;
  entityMarks: number;
  figureMarks: number;
}

export interface OursScanResult extends ScanResult {
  longestSlice: number;
  /** Marks registered with CSS.highlights: those near the viewport. */
  registeredMarks: number;
  asked: FinderAsked;
}

/** Batches sent to the finder, characters in them, mentions in its answers, time a worker spent finding them. */
export interface FinderAsked {
  batches: number;
  chars: number;
  mentions: number;
  workerMs: number;
}

export interface PeerScanResult extends ScanResult {
  markElements: number;
}

const BENCH_START = 'footnote-bench:start';
const BENCH_END = 'footnote-bench:end';

let session: PageSession | undefined;
/** Where this page's mentions are found: in a worker (as the product does), or in the page when unset. */
let finderPort: Worker | MessagePort | undefined;

function setUpFinder(port: Worker | MessagePort): Promise<void> {
  if (!dictionary) throw new Error('load a dictionary first');
  const message: FinderWorkerMessage = { setup: { key: dictionary.key, dictionary } };
  return new Promise<void>((resolve) => {
    port.onmessage = () => resolve();
    port.postMessage(message);
  });
}

/**
 * A dedicated worker running the finder bundle, its matcher loaded before it
 * answers: as the background worker is once it has set up the page. Its
 * finding code has never run (cold), as after the background worker started.
 */
export async function startFinderWorker(source: string): Promise<void> {
  if (finderPort instanceof Worker) finderPort.terminate();
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  await setUpFinder(worker);
  finderPort = worker;
}

/**
 * Connects to the finder bundle as a SharedWorker at `url`: every page of the
 * browser context that connects shares one worker, which keeps its matcher
 * and its compiled code from page to page, as the background worker does.
 */
export async function connectSharedFinder(url: string): Promise<void> {
  const port = new SharedWorker(url, { name: 'footnote-bench-finder' }).port;
  port.start();
  await setUpFinder(port);
  finderPort = port;
}

/** Finds in the page from now on (the design before the worker). */
export function findInPage(): void {
  if (finderPort instanceof Worker) finderPort.terminate();
  finderPort = undefined;
}

function workerFinder(port: Worker | MessagePort, firstPerBlock: boolean): MentionFinder {
  let nextId = 0;
  const waiting = new Map<number, (lists: PageMention[][]) => void>();
  port.onmessage = (event: MessageEvent) => {
    const { id, lists, ms } = event.data as { id: number; lists: PageMention[][]; ms: number };
    asked.workerMs += ms;
    waiting.get(id)?.(lists);
    waiting.delete(id);
  };
  return {
    find: (texts) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        const message: FinderWorkerMessage = { id, texts: [...texts], firstPerBlock };
        port.postMessage(message);
      }),
  };
}

/** The finder this page scans with, for `display`. */
function finderFor(dictionary: DictionaryWithMatcher, display: PageSetup['display']): MentionFinder {
  return finderPort
    ? workerFinder(finderPort, display.markEvery === 'first-per-paragraph')
    : localMentionFinder(AliasMatcher.fromJSON(dictionary.matcher), filterFor(dictionary, display));
}

/** What the last scan (or rescan) asked its finder. */
const noneAsked: FinderAsked = { batches: 0, chars: 0, mentions: 0, workerMs: 0 };
const asked = { ...noneAsked };

function counted(finder: MentionFinder): MentionFinder {
  return {
    find: async (texts) => {
      asked.batches++;
      for (const text of texts) asked.chars += text.length;
      const lists = await finder.find(texts);
      for (const list of lists) asked.mentions += list.length;
      return lists;
    },
  };
}
let bareScanner: PageScanner | undefined;
let dictionary: DictionaryWithMatcher | undefined;
let regexPasses: readonly RegexPass[] = [];

function filterFor(dictionary: DictionaryWithMatcher, display: PageSetup['display']): MentionFilter {
  return { ...markableFilter(dictionary), firstPerBlock: display.markEvery === 'first-per-paragraph' };
}

/**
 * Hands the page its inputs ahead of a timed scan, in a task of their own:
 * the bench driver's argument passing is not our work (the content script
 * gets its dictionary in a message, parsed before it starts a session).
 */
export function load(inputs: { dictionary?: DictionaryWithMatcher; passes?: readonly RegexPass[] }): void {
  dictionary = inputs.dictionary ?? dictionary;
  regexPasses = inputs.passes ?? regexPasses;
}

/**
 * Hooks for a session that only scans: the count is ignored, and anything
 * else a hook group offers (the card's requests and actions) is never used
 * by a scan, so calling it is an error.
 */
function scanOnlyHooks(finder: MentionFinder): SessionHooks {
  const unused = new Proxy(
    {},
    {
      get: (_target, name) =>
        // Not a thenable: `await` on it must not call into the trap.
        name === 'then'
          ? undefined
          : () => {
              throw new Error(`bench: a scan called ${String(name)}`);
            },
    },
  );
  // The card's rendering is preloaded once marks show: here it never arrives, as no card is drawn.
  const view = () => new Promise(() => undefined);
  return { onCount: () => undefined, finder, card: { requests: unused, actions: unused, view } } as unknown as SessionHooks;
}

function nextMessage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Resolves in the first task after the next frame was produced. */
async function nextFrame(): Promise<void> {
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  await nextMessage();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Long tasks (≥ 50 ms, the browser's threshold) that overlap a measured stretch. */
function watchLongTasks(): (from: number, to: number) => Promise<LongTasks> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  return async (from, to) => {
    // Entries are delivered after their task ends, asynchronously.
    await sleep(100);
    entries.push(...observer.takeRecords());
    observer.disconnect();
    const ours = entries.filter((entry) => entry.startTime < to && entry.startTime + entry.duration > from);
    return { count: ours.length, maxMs: ours.reduce((max, entry) => Math.max(max, entry.duration), 0) };
  };
}

function highlightSize(name: string): number {
  return CSS.highlights.get(name)?.size ?? 0;
}

/** Marks the scanner counts, by kind (only those near the viewport are registered with CSS.highlights). */
function countedMarks(scanner: PageScanner): { entityMarks: number; figureMarks: number } {
  const marks = scanner.marks();
  const entityMarks = marks.filter((mark) => mark.mention.type === 'entity').length;
  return { entityMarks, figureMarks: marks.length - entityMarks };
}

/** Starts a PageSession on this document, as the content script does, and waits for its first pass. */
export async function scanOurs(display: PageSetup['display']): Promise<OursScanResult> {
  if (!dictionary) throw new Error('load a dictionary first');
  const longTasks = watchLongTasks();
  performance.mark(BENCH_START);
  const start = performance.now();
  Object.assign(asked, noneAsked);
  session = new PageSession(document, dictionary, display, scanOnlyHooks(counted(finderFor(dictionary, display))), CHROMIUM_DELIVERY);
  await session.start();
  await session.scanner.settled();
  const end = performance.now();
  performance.mark(BENCH_END);
  await nextFrame();
  const framed = performance.now();
  return {
    ms: end - start,
    msToFrame: framed - start,
    longTasks: await longTasks(start, framed),
    longestSlice: session.scanner.longestSlice,
    registeredMarks: highlightSize('footnote-entity') + highlightSize('footnote-figure'),
    ...countedMarks(session.scanner),
    asked: { ...asked },
  };
}

/** Stops the last session: its marks go, and the page is as before it (for a second scan in the same page). */
export function stopOurs(): void {
  session?.stop();
  session = undefined;
}

/** The peer: mark.js with one alternation per pass, matching across inline elements as we do. */
export async function scanMarkJs(): Promise<PeerScanResult> {
  const longTasks = watchLongTasks();
  performance.mark(BENCH_START);
  const start = performance.now();
  const marker = new Mark(document.body);
  let matches = 0;
  for (const pass of regexPasses) {
    const regexp = new RegExp(pass.source, pass.flags);
    await new Promise<void>((resolve) =>
      marker.markRegExp(regexp, {
        acrossElements: true,
        done: (count) => {
          matches += count;
          resolve();
        },
      }),
    );
  }
  const end = performance.now();
  performance.mark(BENCH_END);
  await nextFrame();
  const framed = performance.now();
  return {
    ms: end - start,
    msToFrame: framed - start,
    longTasks: await longTasks(start, framed),
    entityMarks: matches,
    figureMarks: 0,
    markElements: document.querySelectorAll('mark[data-markjs]').length,
  };
}

function appendBlock(html: string): HTMLElement {
  const block = document.createElement('section');
  block.innerHTML = html;
  (document.querySelector('main .stories') ?? document.body).append(block);
  return block;
}

/**
 * Scans the document with a PageScanner set up as PageSession sets it up, but
 * with no MutationObserver behind it: a direct rescan then runs alone, not
 * raced by the session's own debounced rescan of the same block.
 */
export async function scanBare(display: PageSetup['display']): Promise<void> {
  if (!dictionary) throw new Error('load a dictionary first');
  bareScanner = new PageScanner({
    finder: finderFor(dictionary, display),
    highlighter: createHighlighter(document, () => {
      throw new Error('Chromium has CSS.highlights: no overlay');
    }),
    nearViewport: intersectionWatcher(window),
    onChange: () => undefined,
    onShadowRoot: () => undefined,
  });
  await bareScanner.scan(document.body);
  await bareScanner.settled();
}

/**
 * Appends a block and times `scanner.rescan` of it, called directly (no
 * debounce): reading and matching the block. Its marks are counted when the
 * viewport watcher reports its containers, at the next frame (`settledMs`).
 */
export async function rescanDirect(html: string): Promise<{ ms: number; busyMs: number; settledMs: number; added: number; workerMs: number }> {
  if (!bareScanner) throw new Error('scanBare first');
  const before = bareScanner.count;
  const block = appendBlock(html);
  Object.assign(asked, noneAsked);
  const start = performance.now();
  // Our main-thread work: the call itself (dropping the block's marks, reading it: the scan's first slice runs
  // in it) and the slices after it, which mark the answer.
  const rescanning = bareScanner.rescan([block]);
  const callMs = performance.now() - start;
  const busyAfterCall = bareScanner.busyMs;
  await rescanning;
  const ms = performance.now() - start;
  const busyMs = callMs + bareScanner.busyMs - busyAfterCall;
  await bareScanner.settled();
  return { ms, busyMs, settledMs: performance.now() - start, added: bareScanner.count - before, workerMs: asked.workerMs };
}

/**
 * Appends a block and waits, polling after every task, until the session
 * counts `expected` new marks: the MutationObserver path, debounce included.
 */
export async function rescanObserved(html: string, expected: number, timeoutMs = 5000): Promise<{ ms: number; added: number }> {
  if (!session) throw new Error('scanOurs first');
  const { scanner } = session;
  const target = scanner.count + expected;
  const start = performance.now();
  appendBlock(html);
  while (scanner.count < target) {
    if (performance.now() - start > timeoutMs) break;
    await nextMessage();
  }
  return { ms: performance.now() - start, added: scanner.count - (target - expected) };
}

/**
 * One empty batch to the page's worker finder and back: the per-message cost,
 * no finding. With `html`, a block is appended just before (and removed
 * after), as a rescan's batch follows a change to the page. Last on a page:
 * it takes the worker's answers from the page's scanner.
 */
export async function finderRoundTrip(html?: string): Promise<number> {
  if (!finderPort) throw new Error('start a worker finder first');
  // Takes the port's answers over: the page's scanner gets none after this.
  const finder = workerFinder(finderPort, true);
  const block = html === undefined ? undefined : appendBlock(html);
  const start = performance.now();
  await finder.find([]);
  const ms = performance.now() - start;
  block?.remove();
  return ms;
}

export interface ConstructionResult {
  /** Loading (ours) or compiling (peer) the matcher. */
  buildMs: number;
  /** The first match over one paragraph after that. */
  firstMatchMs: number;
  hits: number;
}

/** `AliasMatcher.fromJSON` of the serialized dictionary, then its first use on `text`. */
export function constructOurs(json: SerializedMatcher, text: string): ConstructionResult {
  const start = performance.now();
  const matcher = AliasMatcher.fromJSON(json);
  const built = performance.now();
  const hits = matcher.match(foldText(text).text).length;
  return { buildMs: built - start, firstMatchMs: performance.now() - built, hits };
}

/** One alternation RegExp of the same aliases, then its first use on `text` (V8 compiles on first exec). */
export function constructRegExp(passes: readonly RegexPass[], text: string): ConstructionResult {
  const start = performance.now();
  const regexps = passes.map((pass) => new RegExp(pass.source, pass.flags));
  const built = performance.now();
  let hits = 0;
  for (const regexp of regexps) hits += [...text.matchAll(regexp)].length;
  return { buildMs: built - start, firstMatchMs: performance.now() - built, hits };
}

/** Whether this engine takes `(?i:…)` modifier groups, so one pattern can mix case rules. */
export function supportsRegExpModifiers(): boolean {
  try {
    return new RegExp('(?i:a)').test('A');
  } catch {
    return false;
  }
}

/**
 * The last session's counted marks in document order, as a count and a hash
 * of each mark's kind, offsets and text: two builds that mark alike give the
 * same signature.
 */
export function markSignature(): { marks: number; hash: string } {
  if (!session) throw new Error('scanOurs first');
  let hash = 0x811c9dc5;
  const mix = (value: string) => {
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  };
  const marks = session.scanner.marks();
  for (const { mention, block } of marks) {
    const what = mention.type === 'entity' ? mention.entityId : `${mention.figure.kind}:${mention.figure.value}`;
    mix(`${what}|${mention.start}|${mention.end}|${block.text.slice(mention.start, mention.end)}\n`);
  }
  return { marks: marks.length, hash: (hash >>> 0).toString(16) };
}
