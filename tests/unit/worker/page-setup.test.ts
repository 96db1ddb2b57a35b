import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { AliasMatcher } from '../../../src/core/match/alias-matcher';
import { findMentions } from '../../../src/core/match/find-mentions';
import { createIndexService } from '../../../src/db/index-service';
import { ProtocolError } from '../../../src/messaging/protocol';
import { defaultSettings, type Settings } from '../../../src/settings/schema';
import { createPageSetup } from '../../../src/worker/page-setup';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const TEXTS = [
  'ICE arrested 498 individuals in sanctuary cities, ICE said.',
  'Nothing here to mark.',
  'CBP and BORTAC agents joined more than 2,000 people.',
];

/** A worker's page setup over the bundled index; a second call is the same worker after a restart. */
function workerSetup(settings: () => Settings = defaultSettings) {
  const service = createIndexService({ bundledHash: index.hash, fetchIndex: async () => index });
  return createPageSetup(service, async () => settings());
}

describe('page setup and mention finding in the worker', () => {
  it('gives pages the dictionary without the matcher, and finds their mentions as the page once did', async () => {
    const pages = workerSetup();
    const setup = await pages.setup('https://example.org/story');
    expect(setup.enabled).toBe(true);
    const dictionary = setup.dictionary!;
    expect(dictionary).not.toHaveProperty('matcher');
    expect(dictionary.entities['agency:ice']).toBeDefined();

    const found = await pages.findMentions({ key: dictionary.key, texts: TEXTS, firstPerBlock: false });
    const matcher = AliasMatcher.fromJSON(index.matcher);
    const filter = { entityIds: new Set(Object.keys(dictionary.entities)), figureKinds: new Set(dictionary.figureKinds) };
    expect(found).toEqual(TEXTS.map((text) => findMentions(text, matcher, filter)));
    expect(found[0]!.filter((m) => m.type === 'entity').map((m) => TEXTS[0]!.slice(m.start, m.end))).toEqual(['ICE', 'sanctuary cities', 'ICE']);
    expect(found[0]!.some((m) => m.type === 'figure' && m.figure.value === 498)).toBe(true);
    expect(found[1]).toEqual([]);
  });

  it('marks only the first mention of an entity per text when the page asks so', async () => {
    const pages = workerSetup();
    const { dictionary } = await pages.setup('https://example.org/');
    const [first] = await pages.findMentions({ key: dictionary!.key, texts: [TEXTS[0]!], firstPerBlock: true });
    expect(first!.filter((m) => m.type === 'entity' && m.entityId === 'agency:ice')).toHaveLength(1);
  });

  it('answers a page set up before the worker restarted, as long as its dictionary is current', async () => {
    const { dictionary } = await workerSetup().setup('https://example.org/');
    const restarted = workerSetup();
    const found = await restarted.findMentions({ key: dictionary!.key, texts: TEXTS, firstPerBlock: false });
    expect(found[0]!.length).toBeGreaterThan(0);
  });

  it('refuses a page whose dictionary the reader’s choices have replaced', async () => {
    let settings = defaultSettings();
    const pages = workerSetup(() => settings);
    const { dictionary: before } = await pages.setup('https://example.org/');
    settings = { ...settings, entityTypes: { ...settings.entityTypes, agency: false } };
    // Another page is set up with the new choices: the worker now holds their dictionary.
    const { dictionary: current } = await pages.setup('https://example.org/other');
    expect(current!.key).not.toBe(before!.key);
    const stale = pages.findMentions({ key: before!.key, texts: TEXTS, firstPerBlock: false });
    await expect(stale).rejects.toBeInstanceOf(ProtocolError);
    await expect(stale).rejects.toMatchObject({ code: 'not-found' });
    const found = await pages.findMentions({ key: current!.key, texts: TEXTS, firstPerBlock: false });
    expect(found[0]!.some((m) => m.type === 'entity' && m.entityId === 'agency:ice')).toBe(false);
    expect(found[0]!.some((m) => m.type === 'figure')).toBe(true);
  });
});
