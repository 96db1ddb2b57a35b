import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { countMentions, entityMatcher } from '../../../src/core/match/entity-mentions';
import { passagesForEntity } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { foldString } from '../../../src/core/text/normalize';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

const cbp = { id: 'agency:cbp', aliases: [{ text: 'CBP', caseSensitive: true }, { text: 'Customs and Border Protection', caseSensitive: false }] };

describe('countMentions', () => {
  it.each([
    ['a name and its acronym in brackets, once', 'Customs and Border Protection (CBP) agents came.', 1],
    ['the acronym twice', 'CBP said CBP agents came.', 2],
    ['the name, later the acronym', 'Customs and Border Protection agents came; CBP said so.', 2],
    ['none', 'Border agents came.', 0],
  ])('%s', (_name, text, expected) => {
    expect(countMentions(entityMatcher(cbp), foldString(text))).toBe(expected);
  });
});

describe('compiled mention counts', () => {
  it('count every entity passage as the card would count it', () => {
    for (const entity of index.entities) {
      const matcher = entityMatcher(entity);
      const counted = entity.passages.map((p) => countMentions(matcher, foldString(index.passages[p]!.text)));
      expect(entity.mentions, entity.id).toEqual(counted);
      expect(counted.every((n) => n > 0), entity.id).toBe(true);
    }
    expect(index.entities.some((entity) => entity.mentions!.some((n) => n > 1))).toBe(true);
  });

  it.each([
    ['agency:ice', 'ICE agents arrested hundreds in sanctuary cities'],
    ['unit:bortac', 'Trump is sending BORTAC teams to sanctuary cities such as Chicago and New York'],
    ['agency:cbp', undefined],
  ])('rank %s as an index compiled without them does', async (entityId, context) => {
    const withoutCounts: CorpusIndex = { ...index, entities: index.entities.map(({ mentions: _mentions, ...entity }) => entity) };
    const request = { entityId, ...(context ? { context } : {}), limit: 100 };
    const answer = await passagesForEntity(memorySource(index), request);
    expect(answer.hits.length).toBeGreaterThan(1);
    expect(answer).toEqual(await passagesForEntity(memorySource(withoutCounts), request));
  });
});
