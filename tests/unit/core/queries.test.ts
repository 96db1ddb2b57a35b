import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { FIGURE_KINDS } from '../../../src/core/index/types';
import { comparableKinds, HIGHLIGHTED_TERMS, passagesForEntity, passagesForFigure, passagesForText, prepareQueries, QueryError } from '../../../src/core/query/queries';
import { memorySource, type IndexSource } from '../../../src/core/query/source';
import { tokenize } from '../../../src/core/text/tokenize';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
let source: IndexSource;
beforeAll(async () => {
  index = await bundledCorpusIndex();
  source = memorySource(index);
});

const highlighted = (hit: { passage: { text: string }; highlights: [number, number][] }) =>
  hit.highlights.map(([s, e]) => hit.passage.text.slice(s, e));

describe('passagesForEntity', () => {
  it('finds Operation Safe City in the 2017 article', async () => {
    const answer = await passagesForEntity(source, { entityId: 'operation:safe-city' });
    expect(answer.entity.name).toBe('Operation Safe City');
    expect(answer.hits.map((h) => h.document.date)).toEqual(['2017-09-30', '2017-09-30']);
    expect(answer.documentCount).toBe(1);
    expect(answer.hits.flatMap(highlighted)).toEqual(expect.arrayContaining(['Operation Safe City', 'Operation ‘Safe City’']));
  });

  it('finds BORTAC in the February and September 2020 articles, ranked by the page sentence', async () => {
    const deployment = await passagesForEntity(source, {
      entityId: 'unit:bortac',
      context: 'Trump is sending BORTAC teams to sanctuary cities such as Chicago and New York',
    });
    expect(new Set(deployment.hits.map((h) => h.document.date))).toEqual(new Set(['2020-02-17', '2020-09-04']));
    expect(deployment.hits[0]!.document.date).toBe('2020-02-17');
    expect(deployment.hits[0]!.matched).toEqual(expect.arrayContaining(['BORTAC', 'sanctuary']));

    const portland = await passagesForEntity(source, {
      entityId: 'unit:bortac',
      context: 'BORTAC agents suppressed protests in Portland, Oregon',
    });
    expect(portland.hits[0]!.document.date).toBe('2020-09-04');
  });

  it('counts passages and documents and honours the limit', async () => {
    const answer = await passagesForEntity(source, { entityId: 'agency:ice', limit: 3 });
    expect(answer.hits).toHaveLength(3);
    expect(answer.total).toBe(index.entities.find((e) => e.id === 'agency:ice')!.passages.length);
    expect(answer.documentCount).toBe(5);
    for (const hit of answer.hits) expect(highlighted(hit).some((h) => /^(ICE|Immigration and Customs Enforcement)$/.test(h))).toBe(true);
  });

  it('throws not-found for an unknown entity', async () => {
    await expect(passagesForEntity(source, { entityId: 'agency:none' })).rejects.toBeInstanceOf(QueryError);
  });
});

describe('passagesForFigure', () => {
  it('compares "498 individuals" with the arrest counts of the 2019 and 2020 operations', async () => {
    const answer = await passagesForFigure(source, {
      kind: 'people',
      value: 498,
      context: 'ICE arrested 498 individuals in sanctuary cities',
      limit: 20,
    });
    const texts = answer.hits.map((h) => `${h.document.date} ${h.figure.text}`);
    expect(texts).toEqual(expect.arrayContaining(['2019-10-07 597 immigrants', '2020-09-04 more than 2,000 people']));
    // Same kind ranks above a merely comparable kind.
    const firstPeople = answer.hits.findIndex((h) => h.figure.kind === 'people');
    const firstOther = answer.hits.findIndex((h) => h.figure.kind !== 'people');
    expect(firstPeople).toBeLessThan(firstOther);
    expect(answer.hits.every((h) => h.figure.kind !== 'percent' && h.figure.kind !== 'money')).toBe(true);
  });

  it('compares a refugee cap only with other refugee figures, not with arrest counts', async () => {
    const answer = await passagesForFigure(source, {
      kind: 'refugees',
      value: 45000,
      context: 'the administration capped refugee admissions at 45,000',
      limit: 20,
    });
    expect(answer.hits.map((h) => `${h.document.date} ${h.figure.text}`)).toEqual(expect.arrayContaining(['2019-10-07 18,000']));
    expect(answer.hits.every((h) => h.figure.kind === 'refugees')).toBe(true);
  });

  it.each([
    ['countries', ['countries']],
    ['states', ['states']],
    ['weeks', ['weeks']],
    ['percent', ['percent']],
  ] as const)('compares %s only with %j: other places and other units of time are unlike', (kind, kinds) => {
    expect(comparableKinds(kind)).toEqual(kinds);
  });

  it('compares a share only with shares said of something the page sentence names', async () => {
    const request = { kind: 'percent' as const, value: 85, text: 'approximately 85 percent' };
    const onArrests = await passagesForFigure(source, { ...request, context: 'ICE said approximately 85 percent of those it arrested faced criminal charges' });
    const values = onArrests.hits.map((h) => h.figure.value);
    expect(values).toEqual(expect.arrayContaining([85, 70]));
    // The visa figures ("fell by 44 percent") share no word with the sentence.
    expect(values.filter((v) => [44, 16, 8].includes(v))).toEqual([]);
    const withoutSentence = await passagesForFigure(source, { ...request, limit: 20 });
    expect(withoutSentence.hits.map((h) => h.figure.value)).toEqual(expect.arrayContaining([85, 70, 44, 16, 8]));
  });

  it('puts figures of the same place first', async () => {
    const answer = await passagesForFigure(source, { kind: 'arrests', value: 200, place: 'Los Angeles County' });
    expect(answer.hits[0]!.figure).toMatchObject({ place: 'Los Angeles County', value: 167 });
    expect(answer.hits[0]!.matched).toContain('Los Angeles County');
  });
});

describe('a card opened on a page that is one of the corpus articles', () => {
  // The page's sentences as a browser renders them: straight quotes, no emphasis marks, its own spacing.
  const BORTAC_SENTENCE = 'Trump is deploying teams from the SWAT-like unit known as BORTAC to "sanctuary cities," where local governments have ordered police not to fully comply with federal immigration agents.';
  const SAFE_CITY_SENTENCE = 'The campaign, dubbed "Operation Safe City," involved the arrests of 498  individuals over a four-day period ending Wednesday.';
  const holding = (fragment: string) => index.passages.find((p) => p.text.includes(fragment))!;

  it('leaves out the paragraph being read, and shows the next passages in its place', async () => {
    const own = holding('SWAT-like unit known as BORTAC');
    const total = index.entities.find((e) => e.id === 'unit:bortac')!.passages.length;
    const onPage = await passagesForEntity(source, { entityId: 'unit:bortac', context: BORTAC_SENTENCE, limit: total });
    expect(onPage.hits.map((h) => h.passage.id)).not.toContain(own.id);
    expect(onPage.hits).toHaveLength(total - 1);
    // A sentence only about the same thing keeps the paragraph, first.
    const elsewhere = await passagesForEntity(source, { entityId: 'unit:bortac', context: 'Trump is deploying BORTAC teams to sanctuary cities', limit: total });
    expect(elsewhere.hits[0]!.passage.id).toBe(own.id);
  });

  it('keeps a passage that merely shares a short sentence', async () => {
    const own = holding('SWAT-like unit known as BORTAC');
    const answer = await passagesForEntity(source, { entityId: 'unit:bortac', context: 'the SWAT-like unit known as BORTAC' });
    expect(answer.hits.map((h) => h.passage.id)).toContain(own.id);
  });

  it('compares a figure with figures elsewhere, not with itself in the paragraph being read', async () => {
    const own = holding('498 individuals');
    const request = { kind: 'people' as const, value: 498, text: '498 individuals', limit: 20 };
    const onPage = await passagesForFigure(source, { ...request, context: SAFE_CITY_SENTENCE });
    expect(onPage.hits.map((h) => h.passage.id)).not.toContain(own.id);
    expect(onPage.discrepancies.flatMap((d) => d.figures.map((f) => f.passage.id))).not.toContain(own.id);
    expect(onPage.hits.map((h) => `${h.document.date} ${h.figure.text}`)).toEqual(
      expect.arrayContaining(['2019-10-07 597 immigrants', '2020-09-04 more than 2,000 people']),
    );
    const elsewhere = await passagesForFigure(source, { ...request, context: 'ICE arrested 498 individuals in sanctuary cities over four days' });
    expect(elsewhere.hits[0]!.passage.id).toBe(own.id);
  });
});

describe('why a passage matched', () => {
  it('names the shared words as the passage writes them, the rarest first, and highlights only the first few', async () => {
    // A page sentence with many of a passage's words (in another order, so not the passage's own sentence).
    const passage = index.passages.find((p) => p.text.includes('SWAT-like unit known as BORTAC'))!;
    const context = passage.text.split('. ')[0]!.split(' ').reverse().join(' ');
    const answer = await passagesForEntity(source, { entityId: 'unit:bortac', context, limit: 10 });
    const hit = answer.hits.find((h) => h.passage.id === passage.id)!;
    const words = hit.matched.filter((word) => word !== 'BORTAC');
    expect(words.length).toBeGreaterThan(HIGHLIGHTED_TERMS);
    for (const word of words) expect(passage.text).toContain(word);
    expect(words).toContain('cities');
    const documentFrequency = (word: string) => (index.bm25.postings[tokenize(word)[0]!]?.length ?? 0) / 2;
    const frequencies = words.map(documentFrequency);
    expect(frequencies).toEqual([...frequencies].sort((a, b) => a - b));
    const highlightedTerms = new Set(highlighted(hit).filter((text) => text !== 'BORTAC').map((text) => tokenize(text)[0]));
    expect(highlightedTerms).toEqual(new Set(words.slice(0, HIGHLIGHTED_TERMS).map((word) => tokenize(word)[0])));
  });
});

describe('passagesForText', () => {
  it('finds the Mississippi raids in both articles that report them', async () => {
    const answer = await passagesForText(source, { text: 'Mississippi poultry processing plants' });
    expect(answer.hits.slice(0, 2).map((h) => h.document.date).sort()).toEqual(['2019-10-07', '2020-09-04']);
    // As the passage writes them, not as search terms ("plant", "mississippi").
    expect(answer.hits[0]!.matched).toEqual(expect.arrayContaining(['Mississippi', 'poultry', 'processing', 'plants']));
  });

  it('returns nothing for stopwords alone or unknown words', async () => {
    expect((await passagesForText(source, { text: 'the of and' })).hits).toEqual([]);
    expect((await passagesForText(source, { text: 'xylophone' })).hits).toEqual([]);
  });

  it('highlights a passage shown again with the words of the new query, not those of the last', async () => {
    const limit = index.passages.length;
    const sanctuary = await passagesForText(source, { text: 'sanctuary', limit });
    const agents = await passagesForText(source, { text: 'agents', limit });
    const [first, again] = [sanctuary, agents].map((answer) => new Map(answer.hits.map((hit) => [hit.passage.id, hit])));
    const both = [...first!.keys()].filter((id) => again!.has(id));
    expect(both.length).toBeGreaterThan(0);
    for (const id of both) {
      expect(highlighted(first!.get(id)!).map((word) => word.toLowerCase())).toEqual(expect.arrayContaining(['sanctuary']));
      expect(highlighted(first!.get(id)!).every((word) => /^sanctuary$/i.test(word))).toBe(true);
      expect(highlighted(again!.get(id)!).length).toBeGreaterThan(0);
      expect(highlighted(again!.get(id)!).every((word) => /^agents?$/i.test(word))).toBe(true);
    }
  });
});

describe('prepareQueries', () => {
  /** The bundled index's source, counting the passages asked of it. */
  function countingSource() {
    const inner = memorySource(structuredClone(index));
    const asked = { passages: 0 };
    const counting: IndexSource = {
      ...inner,
      passages: (ids) => {
        asked.passages += ids.length;
        return inner.passages(ids);
      },
    };
    return { counting, asked };
  }

  it('reads every entity’s passages ahead, so that its first card reads none', async () => {
    const { counting, asked } = countingSource();
    await prepareQueries(counting);
    const prepared = asked.passages;
    expect(prepared).toBe(index.entities.reduce((n, entity) => n + entity.passages.length, 0));
    const answer = await passagesForEntity(counting, { entityId: 'agency:ice', context: 'ICE raids in sanctuary cities' });
    expect(asked.passages).toBe(prepared);
    expect(answer).toEqual(await passagesForEntity(source, { entityId: 'agency:ice', context: 'ICE raids in sanctuary cities' }));
  });

  it('pauses after each family and entity, and a card asked during a pause is answered before it resumes', async () => {
    const fresh = memorySource(structuredClone(index));
    const waiting: (() => void)[] = [];
    let finished = false;
    const preparing = prepareQueries(fresh, () => new Promise<void>((resume) => waiting.push(resume))).then(() => {
      finished = true;
    });
    await vi.waitFor(() => expect(waiting).toHaveLength(1));
    const answer = await passagesForEntity(fresh, { entityId: 'agency:ice', context: 'ICE raids in sanctuary cities' });
    expect(answer).toEqual(await passagesForEntity(source, { entityId: 'agency:ice', context: 'ICE raids in sanctuary cities' }));
    expect(waiting).toHaveLength(1);
    let pauses = 0;
    while (!finished) {
      const resume = waiting.shift();
      if (resume) {
        pauses++;
        resume();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await preparing;
    const families = new Set(FIGURE_KINDS.map((kind) => comparableKinds(kind)[0])).size;
    expect(pauses).toBe(families + index.entities.length);
  });

  it('leaves a source unprepared answering the same, reading the passages on its first card', async () => {
    const { counting, asked } = countingSource();
    const answer = await passagesForEntity(counting, { entityId: 'agency:ice' });
    expect(asked.passages).toBe(index.entities.find((e) => e.id === 'agency:ice')!.passages.length);
    expect(answer).toEqual(await passagesForEntity(source, { entityId: 'agency:ice' }));
  });
});

describe('cards asked one after another', () => {
  const contexts = ['ICE raids in sanctuary cities', 'Border Patrol agents deployed to Portland protests'];

  it('answer as each would on a source of its own: what one card reads of a passage serves the next only as it would read it', async () => {
    const shared = memorySource(structuredClone(index));
    for (const context of contexts) {
      for (const entity of index.entities) {
        const alone = await passagesForEntity(memorySource(structuredClone(index)), { entityId: entity.id, context });
        expect(await passagesForEntity(shared, { entityId: entity.id, context })).toEqual(alone);
      }
    }
  });

  it.each([
    { kind: 'people', value: 498, context: 'ICE arrested 498 individuals in sanctuary cities' },
    { kind: 'workers', value: 680, context: 'ICE raids in Mississippi poultry processing plants arrested 680 workers' },
    { kind: 'arrests', value: 200, place: 'Los Angeles County', context: 'arrests in Los Angeles County' },
  ] as const)('figure card $value $kind answers the same after the entity cards', async (request) => {
    const alone = await passagesForFigure(memorySource(structuredClone(index)), request);
    const shared = memorySource(structuredClone(index));
    for (const entity of index.entities) await passagesForEntity(shared, { entityId: entity.id, context: request.context });
    expect(await passagesForFigure(shared, request)).toEqual(alone);
  });
});
