import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { passagesForEntity } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { servePort, type Services } from '../../../src/messaging/handler';
import { createPortChannel, type RequestPort } from '../../../src/messaging/port';
import { ProtocolError } from '../../../src/messaging/protocol';
import { bundledCorpusIndex } from '../helpers/corpus';

/** One end of a runtime port: messages arrive a task later as JSON copies, as the browser delivers them. */
class FakePort implements RequestPort {
  peer!: FakePort;
  connected = true;
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  readonly onMessage = { addListener: (listener: (message: unknown) => void) => void this.messageListeners.push(listener) };
  readonly onDisconnect = { addListener: (listener: () => void) => void this.disconnectListeners.push(listener) };

  postMessage(message: unknown): void {
    if (!this.connected) throw new Error('Attempting to use a disconnected port object');
    const copy: unknown = JSON.parse(JSON.stringify(message));
    setTimeout(() => {
      if (this.peer.connected) for (const listener of this.peer.messageListeners) listener(copy);
    });
  }

  /** Closes both ends; only the other end hears of it, as with runtime ports. */
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.peer.connected = false;
    setTimeout(() => {
      for (const listener of this.peer.disconnectListeners) listener();
    });
  }
}

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

/** A worker answering from the bundled index; `stall` holds its queries until the test lets them go. */
function worker() {
  const ports: FakePort[] = [];
  let gate = Promise.resolve();
  let release = () => undefined as void;
  const status = { hash: index.hash, version: index.version, loadedAt: 0, counts: { documents: 5, passages: 0, entities: 0, figures: 0, terms: 0 } };
  const services = {
    index: {
      ready: async () => {
        await gate;
        return { source: memorySource(index), status };
      },
    },
  } as unknown as Services;
  const connect = (): RequestPort => {
    const page = new FakePort();
    const background = new FakePort();
    page.peer = background;
    background.peer = page;
    servePort(background, services, { extensionPage: false });
    ports.push(background);
    return page;
  };
  return {
    connect,
    ports,
    stall: (value: boolean) => {
      if (value) gate = new Promise((resolve) => (release = resolve));
      else release();
    },
    /** The worker stops, as Chrome stops an idle one: every port to it disconnects. */
    stop: () => ports.forEach((port) => port.disconnect()),
  };
}

describe('createPortChannel', () => {
  it('sends requests over one port and gives each its own answer', async () => {
    const background = worker();
    const channel = createPortChannel(background.connect);
    const [bortac, safeCity] = await Promise.all([
      channel.send('entity.passages', { entityId: 'unit:bortac', context: 'sanctuary cities' }),
      channel.send('entity.passages', { entityId: 'operation:safe-city' }),
    ]);
    expect(bortac).toEqual(
      JSON.parse(JSON.stringify(await passagesForEntity(memorySource(index), { entityId: 'unit:bortac', context: 'sanctuary cities' }))),
    );
    expect(safeCity.entity.id).toBe('operation:safe-city');
    expect(background.ports).toHaveLength(1);
  });

  it('rejects with the worker’s error', async () => {
    const channel = createPortChannel(worker().connect);
    const failure = channel.send('entity.passages', { entityId: 'agency:nope' });
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toMatchObject({ code: 'not-found' });
  });

  it('connects again after the worker stopped, and sends a waiting request once more', async () => {
    const background = worker();
    const channel = createPortChannel(background.connect);
    await channel.send('index.status', {});
    background.stall(true);
    const waiting = channel.send('entity.passages', { entityId: 'unit:bortac' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    background.stall(false);
    background.stop();
    expect((await waiting).entity.id).toBe('unit:bortac');
    expect(background.ports).toHaveLength(2);
    // Later requests use the new port.
    await channel.send('index.status', {});
    expect(background.ports).toHaveLength(2);
  });

  it('gives up on a request whose worker went away twice', async () => {
    const background = worker();
    const channel = createPortChannel(background.connect);
    background.stall(true);
    const waiting = channel.send('entity.passages', { entityId: 'unit:bortac' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    background.stop();
    await new Promise((resolve) => setTimeout(resolve, 5));
    background.stop();
    await expect(waiting).rejects.toMatchObject({ code: 'internal', message: /did not answer/ });
  });

  it('rejects when the extension cannot be reached at all', async () => {
    const channel = createPortChannel(() => {
      throw new Error('Extension context invalidated.');
    });
    await expect(channel.send('index.status', {})).rejects.toThrow('Extension context invalidated.');
  });
});

describe('servePort', () => {
  it('drops the answer of a page that went away while its query ran', async () => {
    const background = worker();
    background.stall(true);
    const page = background.connect() as FakePort;
    const answers: unknown[] = [];
    page.onMessage.addListener((message) => answers.push(message));
    page.postMessage({ id: 1, message: { type: 'index.status' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    page.disconnect();
    background.stall(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answers).toEqual([]);
  });

  it('ignores messages that are not requests', async () => {
    const background = worker();
    const page = background.connect() as FakePort;
    const answers: unknown[] = [];
    page.onMessage.addListener((message) => answers.push(message));
    page.postMessage({ message: { type: 'index.status' } });
    page.postMessage('index.status');
    page.postMessage({ id: 7, message: { type: 'index.status' } });
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toMatchObject({ id: 7, reply: { ok: true } });
  });
});
