import { describe, expect, it } from 'vitest';
import { buildBm25, scoreBm25 } from '../../../src/core/search/bm25';
import { stem, tokenize } from '../../../src/core/text/tokenize';

describe('tokenize', () => {
  it.each([
    ['More than 2,000 people were arrested', ['2000', 'people', 'arrested']],
    ['ICE’s agents raided sanctuary cities', ['ice', 'agent', 'raided', 'sanctuary', 'city']],
    ['Philadelphia (107), Denver (63)', ['philadelphia', '107', 'denver', '63']],
    ['The U.S. and the CBP', ['u.s', 'cbp']],
  ])('%j', (text, terms) => {
    expect(tokenize(text)).toEqual(terms);
  });

  it.each([
    ['arrests', 'arrest'],
    ['cities', 'city'],
    ['status', 'status'],
    ['process', 'process'],
    ['bus', 'bus'],
    ['ice', 'ice'],
  ])('stem(%j) = %j', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('BM25', () => {
  const passages = [
    'ICE arrested 498 individuals in Operation Safe City',
    'BORTAC agents were deployed to sanctuary cities',
    'The weather was fine and the city was calm',
    'BORTAC BORTAC BORTAC tactical unit of the Border Patrol deployed in Portland during protests against police',
  ].map(tokenize);
  const index = buildBm25(passages);
  const query = (text: string) =>
    [...scoreBm25(index, new Map(Object.entries(index.postings)), new Map(tokenize(text).map((t) => [t, 1]))).values()]
      .sort((a, b) => b.score - a.score)
      .map((s) => s.passage);

  it('ranks the passage with the rare term first', () => {
    expect(query('Operation Safe City')[0]).toBe(0);
  });

  it('only returns passages that share a term', () => {
    expect(query('tactical Portland')).toEqual([3]);
    expect(query('nothing matches this')).toEqual([]);
  });

  it('saturates term frequency and normalises length', () => {
    // Passage 3 says BORTAC three times but is much longer; the short passage 1 stays close.
    const scores = scoreBm25(index, new Map(Object.entries(index.postings)), new Map([['bortac', 1]]));
    const short = scores.get(1)!.score;
    const long = scores.get(3)!.score;
    expect(long).toBeGreaterThan(short);
    expect(long).toBeLessThan(short * 2);
  });

  it('limits scoring to the given passages and reports the shared terms', () => {
    const scores = scoreBm25(
      index,
      new Map(Object.entries(index.postings)),
      new Map([
        ['deployed', 1],
        ['sanctuary', 1],
      ]),
      new Set([1]),
    );
    expect([...scores.keys()]).toEqual([1]);
    expect(scores.get(1)!.terms.sort()).toEqual(['deployed', 'sanctuary']);
  });

  it('weights scale a term’s contribution', () => {
    const postings = new Map(Object.entries(index.postings));
    const full = scoreBm25(index, postings, new Map([['deployed', 1]])).get(1)!.score;
    const light = scoreBm25(index, postings, new Map([['deployed', 0.4]])).get(1)!.score;
    expect(light).toBeCloseTo(full * 0.4);
  });
});
