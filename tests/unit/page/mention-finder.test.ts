import { describe, expect, it } from 'vitest';
import type { RequestChannel } from '../../../src/messaging/port';
import { ProtocolError } from '../../../src/messaging/protocol';
import { workerMentionFinder } from '../../../src/page/mention-finder';

/** A request channel whose answers the test scripts, recording what was asked. */
function scriptedChannel(answer: (texts: string[]) => Promise<unknown>) {
  const sent: unknown[] = [];
  const channel = {
    send: (type: string, payload: { texts: string[] }) => {
      sent.push({ type, ...payload });
      return answer(payload.texts);
    },
  } as unknown as RequestChannel;
  return { channel, sent };
}

describe('workerMentionFinder', () => {
  it('asks the worker with the page’s dictionary key and marking choice', async () => {
    const { channel, sent } = scriptedChannel(async (texts) => texts.map(() => []));
    const finder = workerMentionFinder(channel, { key: 'hash:[]', firstPerBlock: true }, () => undefined);
    expect(await finder.find(['ICE raids', 'Weather'])).toEqual([[], []]);
    expect(sent).toEqual([{ type: 'mentions.find', key: 'hash:[]', firstPerBlock: true, texts: ['ICE raids', 'Weather'] }]);
  });

  it('gives up on a request the worker never answers', async () => {
    const { channel } = scriptedChannel(() => new Promise(() => undefined));
    const finder = workerMentionFinder(channel, { key: 'k', firstPerBlock: false }, () => undefined, 30);
    await expect(finder.find(['ICE'])).rejects.toThrow(/did not answer in time/);
  });

  it('asks for a new setup once when the worker holds a newer dictionary, however many requests it refuses', async () => {
    const { channel } = scriptedChannel(() => Promise.reject(new ProtocolError('not-found', 'the page holds an older dictionary')));
    let setups = 0;
    const finder = workerMentionFinder(channel, { key: 'old', firstPerBlock: false }, () => setups++);
    const results = await Promise.allSettled([finder.find(['a']), finder.find(['b']), finder.find(['c'])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(setups).toBe(1);
  });

  it('does not ask for a new setup when the worker fails otherwise', async () => {
    const { channel } = scriptedChannel(() => Promise.reject(new ProtocolError('internal', 'the background worker did not answer')));
    let setups = 0;
    const finder = workerMentionFinder(channel, { key: 'k', firstPerBlock: false }, () => setups++);
    await expect(finder.find(['a'])).rejects.toBeInstanceOf(ProtocolError);
    expect(setups).toBe(0);
  });
});
