/**
 * Bundled by esbuild and evaluated in the built extension's service worker
 * through DevTools (it is never packaged), on `globalThis.footnoteCardBench`:
 * puts another index into the extension's own IndexedDB, and times the card's
 * queries over that database with the worker's own reader (`idbSource`).
 */
import { parseIndex } from '../../src/core/index/format';
import { passagesForEntity, passagesForFigure, prepareQueries } from '../../src/core/query/queries';
import type { IndexSource } from '../../src/core/query/source';
import { idbSource } from '../../src/db/idb-source';
import { loadIndex, readIndexMeta } from '../../src/db/load-index';
import { openFootnoteDb } from '../../src/db/schema';
import { REQUEST_PORT } from '../../src/messaging/port';
import type { CardAnswer, CardRequest } from './card-page-entry';
import { WORKER_CLOCK_MARK } from './card-trace';

/**
 * Stores the index (JSON text) in place of the shipped one, under the shipped
 * one's hash: a restarted worker keeps whatever is stored under the hash it
 * ships, and reinstalls its own index otherwise.
 */
async function replaceIndex(indexJson: string): Promise<{ passages: number; loadMs: number }> {
  const db = await openFootnoteDb();
  try {
    const shipped = await readIndexMeta(db);
    if (!shipped) throw new Error('the shipped index is not in IndexedDB yet');
    const outcome = await loadIndex(db, parseIndex(JSON.parse(indexJson)));
    if (!outcome.loaded) throw new Error('the index was already stored');
    await db.put('meta', { ...outcome.meta, hash: shipped.hash });
    return { passages: outcome.meta.counts.passages, loadMs: outcome.millis };
  } finally {
    db.close();
  }
}

function ask(source: IndexSource, { type, request }: CardRequest): Promise<CardAnswer> {
  return type === 'entity' ? passagesForEntity(source, request) : passagesForFigure(source, request);
}

export interface QueryTimings {
  /** Each of the first requests alone on a new reader: nothing of the index read yet. */
  coldMs: number[];
  /** The same requests again on that reader, right after. */
  againMs: number[];
  /** All requests in order on one new reader, read and prepared first as the worker's own is once it wakes. */
  ms: number[];
  answers: CardAnswer[];
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/**
 * Times `requests` in order (stopping once `budgetMs` has passed), and the
 * first `coldCount` of them each on an empty reader, then again.
 */
async function timeQueries(requests: readonly CardRequest[], coldCount: number, budgetMs: number): Promise<QueryTimings> {
  const db = await openFootnoteDb();
  try {
    const coldMs: number[] = [];
    const againMs: number[] = [];
    for (const request of requests.slice(0, coldCount)) {
      const fresh = idbSource(db);
      coldMs.push((await timed(() => ask(fresh, request))).ms);
      againMs.push((await timed(() => ask(fresh, request))).ms);
    }
    const source = idbSource(db);
    // Untimed, as in the worker: its reader reads the index and prepares every entity and figure family
    // while the page is being marked, before the reader can ask for a card.
    await source.warm();
    await prepareQueries(source);
    const ms: number[] = [];
    const answers: CardAnswer[] = [];
    const started = performance.now();
    for (const request of requests) {
      if (performance.now() - started >= budgetMs) break;
      const { ms: took, value } = await timed(() => ask(source, request));
      ms.push(took);
      answers.push(value);
    }
    return { coldMs, againMs, ms, answers };
  } finally {
    db.close();
  }
}

/** When each card request reached the worker and when the worker was free again, in ms since the epoch (comparable with the page's clock). */
export interface RequestTrace {
  arrived: number[];
  /**
   * When the task that received the request ended: with the index in memory the
   * query runs in that task's microtasks and posts its reply at their end, so
   * this is when the reply left (the worker's own port object is out of reach).
   */
  freed: number[];
}

interface TracedPort {
  name: string;
  onMessage: { addListener(listener: (message: unknown) => void): void };
}

const epochNow = () => performance.timeOrigin + performance.now();
const emptyTrace = (): RequestTrace => ({ arrived: [], freed: [] });

let trace: RequestTrace | undefined;

/**
 * From now on, notes the arrival of every request on the card's request port,
 * with a second listener on the same ports as the worker's own, and the end of
 * the task it arrived in (a message to itself runs in the next task).
 */
function traceRequests(): void {
  const wasTracing = trace !== undefined;
  trace = emptyTrace();
  // Marks the worker's thread, and its clock, in a Chrome trace (see card-trace.ts).
  performance.mark(`${WORKER_CLOCK_MARK}${epochNow()}`);
  if (wasTracing) return;
  const { runtime } = (globalThis as unknown as { chrome: { runtime: { onConnect: { addListener(listener: (port: TracedPort) => void): void } } } }).chrome;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => trace?.freed.push(epochNow());
  runtime.onConnect.addListener((port) => {
    if (port.name !== REQUEST_PORT) return;
    port.onMessage.addListener(() => {
      trace?.arrived.push(epochNow());
      channel.port2.postMessage(null);
    });
  });
}

function takeTrace(): RequestTrace {
  const taken = trace ?? emptyTrace();
  trace = emptyTrace();
  return taken;
}

/** A thread whose next task starts later than this after it is queued is busy. */
const IDLE_TASK_LAG_MS = 8;

/**
 * Waits until the worker's thread has been free for `quietMs` (each task it
 * queues runs within a few ms): once it has read its index into memory and
 * prepared the queries. Resolves with how long that took.
 */
async function idle(quietMs: number, timeoutMs: number): Promise<number> {
  const start = performance.now();
  let quietSince = start;
  while (performance.now() - quietSince < quietMs) {
    if (performance.now() - start > timeoutMs) throw new Error(`the worker was not idle within ${timeoutMs} ms`);
    const asked = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (performance.now() - asked > IDLE_TASK_LAG_MS) quietSince = performance.now();
  }
  return quietSince - start;
}

const api = { replaceIndex, timeQueries, traceRequests, takeTrace, idle };

export type FootnoteCardWorkerBench = typeof api;

(globalThis as unknown as { footnoteCardBench: FootnoteCardWorkerBench }).footnoteCardBench = api;
