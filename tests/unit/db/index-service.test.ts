import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { HOLD_OFF_MS } from '../../../src/core/query/warm-up';
import { createIndexService } from '../../../src/db/index-service';
import { bundledCorpusIndex } from '../helpers/corpus';

/** When each sample card started: after the pause the service gave the warm-up. */
const sampleStarts: number[] = [];

vi.mock('../../../src/core/query/warm-up', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/query/warm-up')>();
  return {
    ...original,
    warmUpQueries: (...[source, pause, rounds]: Parameters<typeof original.warmUpQueries>) =>
      original.warmUpQueries(
        source,
        async () => {
          await pause();
          sampleStarts.push(performance.now());
        },
        rounds,
      ),
  };
});

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  sampleStarts.length = 0;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createIndexService sample cards', () => {
  it('starts no sample card within HOLD_OFF_MS of a request, and answers them once requests stop', async () => {
    const service = createIndexService({ bundledHash: index.hash, fetchIndex: async () => structuredClone(index) });
    const asked: number[] = [];
    const ask = async () => {
      asked.push(performance.now());
      await service.ready();
    };
    await ask();
    // A reader asking for cards every 40 ms for a second: longer than reading the index and preparing the queries.
    const until = performance.now() + 1000;
    while (performance.now() < until) {
      await ask();
      await sleep(40);
    }
    const lastAsk = asked.at(-1)!;
    await vi.waitUntil(() => sampleStarts.length > 0, { timeout: 10_000, interval: 20 });
    for (const start of sampleStarts) {
      const latestAskBefore = Math.max(...asked.filter((time) => time <= start));
      expect(start - latestAskBefore).toBeGreaterThanOrEqual(HOLD_OFF_MS);
    }
    expect(sampleStarts[0]! - lastAsk).toBeGreaterThanOrEqual(HOLD_OFF_MS);
  });
});
