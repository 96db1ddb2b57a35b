import { describe, expect, it } from 'vitest';
import type { EntityAnswer } from '../../src/core/query/queries';
import type { IndexStatus, Reply } from '../../src/messaging/protocol';
import { useExtensionHarness } from './harness';

const harness = useExtensionHarness();

describe('the bundled index in the built extension', () => {
  it('fills IndexedDB from the packaged index when installed', async () => {
    const h = harness();
    const status = await h.sendMessage<Reply<IndexStatus>>({ type: 'index.status' });
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    expect(status.value.counts).toMatchObject({ documents: 5 });
    expect(status.value.counts.passages).toBeGreaterThan(50);
    // The records are really in the worker's IndexedDB, not only in memory.
    const stored = await (await h.worker()).evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('footnote');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('indexParts').objectStore('indexParts').get('documents');
            read.onsuccess = () => resolve((read.result as { documents: unknown[] }).documents.length);
          };
        }),
    );
    expect(stored).toBe(5);
  });

  it('answers "Operation Safe City" with the 2017 article', async () => {
    const h = harness();
    const reply = await h.sendMessage<Reply<EntityAnswer>>({ type: 'entity.passages', entityId: 'operation:safe-city' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value.hits.length).toBeGreaterThan(0);
    expect(reply.value.hits.every((hit) => hit.document.date === '2017-09-30')).toBe(true);
    expect(reply.value.hits[0]!.passage.text).toMatch(/Operation .?Safe City/);
  });

  it('answers "BORTAC" with the February 2020 and September 2020 articles', async () => {
    const h = harness();
    const reply = await h.sendMessage<Reply<EntityAnswer>>({
      type: 'entity.passages',
      entityId: 'unit:bortac',
      context: 'BORTAC teams were sent to sanctuary cities',
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(new Set(reply.value.hits.map((hit) => hit.document.date))).toEqual(new Set(['2020-02-17', '2020-09-04']));
  });

  it('answers a malformed request with an error, and keeps answering', async () => {
    const h = harness();
    const bad = await h.sendMessage<Reply<unknown>>({ type: 'entity.passages', entityId: 12 });
    expect(bad).toEqual({ ok: false, error: { code: 'bad-request', message: '"entity.passages" needs a valid "entityId"' } });
    const good = await h.sendMessage<Reply<IndexStatus>>({ type: 'index.status' });
    expect(good.ok).toBe(true);
  });

  it('answers from IndexedDB after the worker is stopped and restarted', async () => {
    const h = harness();
    const first = await h.sendMessage<Reply<IndexStatus>>({ type: 'index.status' });
    await h.reopen();
    const second = await h.sendMessage<Reply<IndexStatus>>({ type: 'index.status' });
    expect(first.ok && second.ok).toBe(true);
    // Same load time: the restarted worker used the stored index instead of loading it again.
    if (first.ok && second.ok) expect(second.value.loadedAt).toBe(first.value.loadedAt);
  });
});
