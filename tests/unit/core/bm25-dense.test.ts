import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { scoreBm25, scoreBm25Dense, type DenseBm25, type ScoredPassage } from '../../../src/core/search/bm25';
import { tokenize } from '../../../src/core/text/tokenize';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

/** Every passage's dense score and terms are exactly the sparse ones (0 and none where it has no entry). */
function expectSameAsSparse(dense: DenseBm25, sparse: ReadonlyMap<number, ScoredPassage>): void {
  expect(dense.scores).toHaveLength(index.passages.length);
  for (let passage = 0; passage < index.passages.length; passage++) {
    expect(dense.scores[passage]).toBe(sparse.get(passage)?.score ?? 0);
    expect(dense.termsOf(passage)).toEqual(sparse.get(passage)?.terms ?? []);
  }
}

describe('scoreBm25Dense', () => {
  it.each([
    ['a page sentence', 'Trump is sending BORTAC teams to sanctuary cities such as Chicago and New York', undefined, true],
    ['a page sentence, among the passages of one entity', 'ICE agents arrested hundreds in sanctuary cities', 'agency:ice', true],
    ['words found nowhere', 'zzyzx qwerty', undefined, false],
  ])('scores %s exactly as scoreBm25 does', (_name, sentence, entityId, matches) => {
    const weights = new Map(tokenize(sentence).map((term, at) => [term, at % 2 === 0 ? 1 : 0.4]));
    const postings = new Map(Object.entries(index.bm25.postings));
    const only = entityId === undefined ? undefined : new Set(index.entities.find((e) => e.id === entityId)!.passages);
    const sparse = scoreBm25(index.bm25, postings, weights, only);
    const dense = scoreBm25Dense(index.bm25, postings, weights, only);
    expect(sparse.size > 0).toBe(matches);
    // `only` leaves out passages that match elsewhere.
    if (only) expect(sparse.size).toBeLessThan(scoreBm25(index.bm25, postings, weights).size);
    expectSameAsSparse(dense, sparse);
  });

  it('scores passages given as a mask exactly as given as a set, a mask shorter than the index included', () => {
    const weights = new Map(tokenize('ICE agents arrested hundreds in sanctuary cities').map((term) => [term, 1]));
    const postings = new Map(Object.entries(index.bm25.postings));
    // Every other passage of the first half: the mask ends before the last passages that match.
    const only = new Set(index.passages.slice(0, index.passages.length >> 1).filter((_, at) => at % 2 === 0).map((p) => p.id));
    const mask = new Uint8Array(Math.max(...only) + 1);
    for (const passage of only) mask[passage] = 1;
    const bySet = scoreBm25Dense(index.bm25, postings, weights, only);
    const byMask = scoreBm25Dense(index.bm25, postings, weights, mask);
    const sparse = scoreBm25(index.bm25, postings, weights, only);
    expect(sparse.size).toBeGreaterThan(0);
    expect([...scoreBm25(index.bm25, postings, weights).keys()].some((passage) => passage >= mask.length)).toBe(true);
    expect(byMask.scores).toEqual(bySet.scores);
    expectSameAsSparse(byMask, sparse);
  });

  it('sums the given term values by passage over the query terms each scored passage holds', () => {
    const weights = new Map(tokenize('ICE agents arrested hundreds in sanctuary cities such as Chicago').map((term) => [term, 1]));
    const postings = new Map(Object.entries(index.bm25.postings));
    // Every query term but one has a value: a term without one adds nothing.
    const [unvalued, ...valued] = [...weights.keys()];
    const values = new Map(valued.map((term, at) => [term, 0.1 * (at + 1)]));
    const only = new Set(index.entities.find((e) => e.id === 'agency:ice')!.passages);
    const dense = scoreBm25Dense(index.bm25, postings, weights, only, values);
    expect(dense.termSums).toHaveLength(index.passages.length);
    let summed = 0;
    for (let passage = 0; passage < index.passages.length; passage++) {
      const held = dense.termsOf(passage);
      const expected = held.reduce((sum, term) => sum + (values.get(term) ?? 0), 0);
      expect(dense.termSums[passage]).toBe(expected);
      if (held.some((term) => term !== unvalued)) summed++;
    }
    expect(summed).toBeGreaterThan(0);
    expect(scoreBm25Dense(index.bm25, postings, weights, only).termSums).toHaveLength(0);
  });
});
