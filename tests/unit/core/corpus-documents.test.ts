import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { corpusDocuments } from '../../../src/core/query/corpus-documents';
import { memorySource } from '../../../src/core/query/source';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

describe('corpusDocuments', () => {
  it('lists the five articles of the bundled corpus, oldest first', async () => {
    const listed = await corpusDocuments(memorySource(index), index.documents.length);
    expect(listed.map((d) => d.date)).toEqual(['2017-09-30', '2019-10-07', '2020-02-17', '2020-09-04', '2020-10-01']);
    expect(listed[0]).toMatchObject({
      title: 'ICE arrests nearly 500 immigrants in raids on “sanctuary cities” across US',
      author: 'Evan Blake',
    });
  });

  it('counts each document’s passages and figures as the index records them', async () => {
    const listed = await corpusDocuments(memorySource(index), index.documents.length);
    for (const doc of listed) {
      expect(doc.passages).toBe(index.passages.filter((p) => p.doc === doc.id).length);
      expect(doc.figures).toBe(index.figures.filter((f) => f.doc === doc.id).length);
      expect(doc.passages).toBeGreaterThan(0);
    }
    expect(listed.reduce((sum, d) => sum + d.passages, 0)).toBe(index.passages.length);
    expect(listed.reduce((sum, d) => sum + d.figures, 0)).toBe(index.figures.length);
  });

  it('puts undated documents last and leaves out fields a document does not have', async () => {
    const [first, second] = index.documents;
    const undated = { ...first!, date: undefined, author: undefined };
    const source = memorySource({ ...index, documents: [undated, second!] });
    const listed = await corpusDocuments(source, 2);
    expect(listed.map((d) => d.id)).toEqual([second!.id, undated.id]);
    expect(listed[1]).not.toHaveProperty('date');
    expect(listed[1]).not.toHaveProperty('author');
  });

  it('asks only for the ids the count covers', async () => {
    expect(await corpusDocuments(memorySource(index), 0)).toEqual([]);
    expect(await corpusDocuments(memorySource(index), 2)).toHaveLength(2);
  });
});
