import { parseIndex } from '../core/index/format';
import { prepareQueries } from '../core/query/queries';
import { holdingOff, warmUpQueries } from '../core/query/warm-up';
import type { IndexSource } from '../core/query/source';
import type { QueryBackend } from '../messaging/handler';
import { ProtocolError, type IndexStatus } from '../messaging/protocol';
import { idbSource } from './idb-source';
import { loadIndex, readIndexMeta } from './load-index';
import { footnoteDbOpener, type FootnoteDb, type IndexMeta } from './schema';
import { messageOf } from '../core/text/error-message';
import { sliceTimer } from '../page/time-slices';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface IndexServiceOptions {
  /** Hash of the index this build ships; a stored index with another hash is replaced. */
  bundledHash: string;
  /** Reads the packaged index file (only called when the stored one is missing or stale). */
  fetchIndex: () => Promise<unknown>;
  /** The worker's shared connection: the same one until the browser closes it (see `footnoteDbOpener`). */
  openDb?: () => Promise<FootnoteDb>;
  now?: () => number;
}

export interface ReadyIndex {
  db: FootnoteDb;
  source: IndexSource;
  status: IndexStatus;
}

export interface IndexService extends QueryBackend {
  ready(): Promise<ReadyIndex>;
}

function statusOf(meta: IndexMeta): IndexStatus {
  return { hash: meta.hash, version: meta.version, loadedAt: meta.loadedAt, counts: meta.counts };
}

/**
 * Keeps the bundled index in IndexedDB and hands out a query source. The
 * worker may be stopped at any moment, so every wake-up checks the stored
 * hash (one small read) and finishes an interrupted load.
 */
export function createIndexService({
  bundledHash,
  fetchIndex,
  openDb = footnoteDbOpener(),
  now = Date.now,
}: IndexServiceOptions): IndexService {
  let pending: Promise<ReadyIndex> | undefined;
  /** The connection `pending` was prepared on. */
  let preparedOn: FootnoteDb | undefined;
  let lastAsked = Number.NEGATIVE_INFINITY;

  async function prepare(db: FootnoteDb): Promise<ReadyIndex> {
    let meta = await readIndexMeta(db);
    if (!meta || meta.hash !== bundledHash) {
      const index = parseIndex(await fetchIndex());
      meta = (await loadIndex(db, index, now())).meta;
    }
    const source = idbSource(db);
    // Read the index into memory while the page is still being marked, prepare what cards
    // start from, and answer sample cards while no card is asked: the first cards then find
    // the index there and their code compiled. A failed read is retried by the first query,
    // which reports it.
    source
      .warm()
      // After the current task: a card waiting for the index is answered first.
      .then(nextTask)
      // In slices ending at a task boundary: a card asked meanwhile is answered between them.
      .then(() => prepareQueries(source, sliceTimer(nextTask)))
      .then(
        // Each sample in a task of its own, so a card waits for one at most.
        () =>
          warmUpQueries(source, holdingOff(nextTask, () => lastAsked)).catch((error: unknown) =>
            // Only a head start is lost: the first cards run as they would have anyway.
            console.debug('Footnote: sample cards', error),
          ),
        () => undefined,
      );
    return { db, source, status: statusOf(meta) };
  }

  const notReady = (error: unknown): never => {
    throw new ProtocolError('not-ready', `the corpus index could not be loaded: ${messageOf(error)}`);
  };

  return {
    async ready() {
      // Every request for a card (or a page's setup) starts here: sample cards hold off after it.
      lastAsked = performance.now();
      const db = await openDb().catch(notReady);
      // A connection the browser closed (site data cleared, a disk error) is replaced by the opener: what was
      // prepared on the old one is prepared again, else the worker failed every request until it restarted.
      if (!pending || preparedOn !== db) {
        preparedOn = db;
        const attempt: Promise<ReadyIndex> = prepare(db).catch((error: unknown) => {
          if (pending === attempt) pending = undefined;
          return notReady(error);
        });
        pending = attempt;
      }
      return pending;
    },
  };
}
