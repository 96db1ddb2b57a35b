import { beforeAll, describe, expect, it } from 'vitest';
import { memorySource } from '../../../src/core/query/source';
import { createAnnotationStore } from '../../../src/db/annotation-store';
import { openFootnoteDb } from '../../../src/db/schema';
import { createAnnotationBackend } from '../../../src/worker/annotations';
import { handleMessage, type MessageSender, type QueryBackend, type Services } from '../../../src/messaging/handler';
import { MAX_MENTION_TEXTS, ProtocolError, parseRequest } from '../../../src/messaging/protocol';
import { bundledCorpusIndex } from '../helpers/corpus';

describe('parseRequest', () => {
  it.each([
    ['a string', 'entity.passages', /must be an object/],
    ['null', null, /must be an object/],
    ['an array', [{ type: 'index.status' }], /must be an object/],
    ['no type', { entityId: 'agency:ice' }, /unknown message type/],
    ['an unknown type', { type: 'drop.tables' }, /unknown message type "drop.tables"/],
    ['a prototype key as type', { type: 'constructor' }, /unknown message type/],
    ['a missing entity id', { type: 'entity.passages' }, /valid "entityId"/],
    ['an empty entity id', { type: 'entity.passages', entityId: '  ' }, /valid "entityId"/],
    ['a numeric entity id', { type: 'entity.passages', entityId: 7 }, /valid "entityId"/],
    ['a zero limit', { type: 'entity.passages', entityId: 'x', limit: 0 }, /invalid "limit"/],
    ['a huge limit', { type: 'text.passages', text: 'ICE', limit: 10_000 }, /invalid "limit"/],
    ['a fractional limit', { type: 'text.passages', text: 'ICE', limit: 2.5 }, /invalid "limit"/],
    ['an unknown field', { type: 'text.passages', text: 'ICE', sql: '1=1' }, /unknown field "sql"/],
    ['a too long context', { type: 'text.passages', text: 'ICE', context: 'x'.repeat(5000) }, /invalid "context"/],
    ['an unknown figure kind', { type: 'figure.passages', kind: 'bananas', value: 3 }, /valid "kind"/],
    ['a NaN figure value', { type: 'figure.passages', kind: 'arrests', value: Number.NaN }, /valid "value"/],
    ['a string figure value', { type: 'figure.passages', kind: 'arrests', value: '498' }, /valid "value"/],
    ['a non-string place', { type: 'figure.passages', kind: 'arrests', value: 1, place: 3 }, /invalid "place"/],
    ['a page without a url', { type: 'annotations.forPage' }, /"annotations.forPage" needs a valid "url"/],
    ['a save without an annotation', { type: 'annotations.save' }, /valid "annotation"/],
    ['an annotation that is a string', { type: 'annotations.save', annotation: '{"id":"x"}' }, /valid "annotation"/],
    ['an annotation that is an array', { type: 'annotations.save', annotation: [] }, /valid "annotation"/],
    ['a non-boolean keepModified', { type: 'annotations.save', annotation: {}, keepModified: 'yes' }, /invalid "keepModified"/],
    ['a delete with an empty id', { type: 'annotations.delete', id: ' ' }, /valid "id"/],
    ['an import without text', { type: 'annotations.import', file: 'a.json' }, /valid "text"/],
    ['an open with a numeric id', { type: 'annotations.open', id: 1 }, /valid "id"/],
    ['a list with a filter', { type: 'annotations.list', tag: 'ICE' }, /unknown field "tag"/],
    ['mentions.find without a key', { type: 'mentions.find', texts: ['ICE'], firstPerBlock: true }, /valid "key"/],
    ['mentions.find with one text', { type: 'mentions.find', key: 'k', texts: 'ICE', firstPerBlock: true }, /valid "texts"/],
    ['mentions.find with a number', { type: 'mentions.find', key: 'k', texts: ['ICE', 3], firstPerBlock: true }, /valid "texts"/],
    ['mentions.find with too many texts', { type: 'mentions.find', key: 'k', texts: Array(MAX_MENTION_TEXTS + 1).fill('a'), firstPerBlock: true }, /valid "texts"/],
    ['mentions.find without firstPerBlock', { type: 'mentions.find', key: 'k', texts: [] }, /valid "firstPerBlock"/],
  ])('rejects %s', (_label, message, reason) => {
    expect(() => parseRequest(message)).toThrowError(reason);
    try {
      parseRequest(message);
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe('bad-request');
    }
  });

  it.each([
    { type: 'index.status' },
    { type: 'entity.passages', entityId: 'agency:ice', context: 'ICE raids', limit: 3 },
    { type: 'figure.passages', kind: 'people', value: 498, place: 'Los Angeles' },
    { type: 'text.passages', text: 'sanctuary cities', context: undefined },
    { type: 'mentions.find', key: 'hash:[]', texts: ['ICE raids', ''], firstPerBlock: false },
  ])('accepts %j', (message) => {
    expect(parseRequest(message)).toBe(message);
  });
});

describe('handleMessage', () => {
  let backend: QueryBackend;
  let services: Services;
  const reports: [MessageSender, number][] = [];
  beforeAll(async () => {
    const index = await bundledCorpusIndex();
    const status = { hash: index.hash, version: index.version, loadedAt: 0, counts: { documents: 5, passages: 0, entities: 0, figures: 0, terms: 0 } };
    backend = { ready: async () => ({ source: memorySource(index), status }) };
    services = {
      index: backend,
      pages: {
        setup: async (url) => ({ enabled: url.startsWith('https:'), reason: 'test', display: { markEvery: 'every', highlight: { style: 'underline', color: '#000000' } } }),
        openReader: async () => ({ opened: true }),
        findMentions: async (request) => request.texts.map((text) => (text.includes('ICE') ? [{ type: 'entity', start: text.indexOf('ICE'), end: text.indexOf('ICE') + 3, entityId: 'agency:ice' }] : [])),
        reportMentions: async (sender, count) => {
          reports.push([sender, count]);
          return { total: count };
        },
      },
      annotations: createAnnotationBackend(createAnnotationStore(() => openFootnoteDb())),
    };
  });

  it('routes page messages with the sender the browser named', async () => {
    const sender = { tabId: 3, frameId: 0, url: 'https://example.org/', extensionPage: false };
    const reply = await handleMessage({ type: 'page.mentions', count: 7 }, services, sender);
    expect(reply).toEqual({ ok: true, value: { total: 7 } });
    expect(reports).toEqual([[sender, 7]]);
    const bad = await handleMessage({ type: 'page.mentions', count: -1 }, services, sender);
    expect(bad.ok).toBe(false);
    expect(reports).toHaveLength(1);
  });

  it('routes a page\'s texts to the mention finder, one answer per text', async () => {
    const reply = await handleMessage({ type: 'mentions.find', key: 'k', texts: ['No one.', 'The ICE raids.'], firstPerBlock: true }, services);
    expect(reply).toEqual({ ok: true, value: [[], [{ type: 'entity', start: 4, end: 7, entityId: 'agency:ice' }]] });
  });

  it('answers a malformed message with an error reply instead of throwing', async () => {
    const reply = await handleMessage({ type: 'entity.passages', entityId: 42 }, services);
    expect(reply).toEqual({ ok: false, error: { code: 'bad-request', message: '"entity.passages" needs a valid "entityId"' } });
  });

  it('answers an unknown entity with not-found', async () => {
    const reply = await handleMessage({ type: 'entity.passages', entityId: 'agency:nope' }, services);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('not-found');
  });

  it('answers a well-formed query', async () => {
    const reply = await handleMessage({ type: 'text.passages', text: 'BORTAC' }, services);
    expect(reply.ok).toBe(true);
  });

  it('turns a backend that cannot load into a not-ready reply', async () => {
    const broken: QueryBackend = { ready: () => Promise.reject(new ProtocolError('not-ready', 'disk full')) };
    const reply = await handleMessage({ type: 'index.status' }, { ...services, index: broken });
    expect(reply).toEqual({ ok: false, error: { code: 'not-ready', message: 'disk full' } });
  });
});
