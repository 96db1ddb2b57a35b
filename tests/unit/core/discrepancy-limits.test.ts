import { describe, expect, it } from 'vitest';
import { sealIndex } from '../../../src/core/index/format';
import type { DocumentRecord, FigureRecord, PassageRecord } from '../../../src/core/index/types';
import { buildAliasMatcher } from '../../../src/core/match/alias-matcher';
import { findDiscrepancies, searchDiscrepancies, type FigureSource, type TermRarity } from '../../../src/core/query/discrepancies';
import { MAX_DISCREPANCIES, passagesForFigure } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { buildBm25 } from '../../../src/core/search/bm25';
import { tokenize } from '../../../src/core/text/tokenize';

/** One count told again and again: a document a day, each with its own number. */
const RETELLINGS = [300, 340, 310, 370, 320, 390, 330, 360, 350, 380, 410, 305];
/** Passages about something else, so the retellings' words are rare in the corpus. */
const FILLER = 300;

function retellingCorpus() {
  const documents: DocumentRecord[] = [];
  const passages: PassageRecord[] = [];
  const figures: FigureRecord[] = [];
  RETELLINGS.forEach((value, doc) => {
    const date = `2020-05-${String(doc + 1).padStart(2, '0')}`;
    const text = `Agents arrested ${value} people at a Fresno almond packing plant.`;
    const figureText = `${value} people`;
    const start = text.indexOf(figureText);
    documents.push({ id: doc, source: `${doc}.txt`, title: `Report ${doc}`, date, passageStart: doc, passageEnd: doc + 1 });
    passages.push({ id: doc, doc, text, start: 0, end: text.length });
    figures.push({
      id: doc,
      passage: doc,
      doc,
      date,
      start,
      end: start + figureText.length,
      text: figureText,
      value,
      qualifier: 'exact',
      kind: 'people',
      noun: 'person',
      place: 'Fresno',
    });
  });
  const fillerDoc = RETELLINGS.length;
  documents.push({ id: fillerDoc, source: 'filler.txt', title: 'Filler', passageStart: passages.length, passageEnd: passages.length + FILLER });
  for (let n = 0; n < FILLER; n++) {
    const text = `Council minutes, item ${n}: the library opens later on Sundays.`;
    passages.push({ id: passages.length, doc: fillerDoc, text, start: 0, end: text.length });
  }
  return sealIndex({
    documents,
    passages,
    entities: [],
    figures,
    bm25: buildBm25(passages.map((p) => tokenize(p.text))),
    matcher: buildAliasMatcher([]).toJSON(),
  });
}

describe('discrepancy limits', () => {
  const index = retellingCorpus();
  const hits: FigureSource[] = index.figures.map((figure) => ({
    figure,
    passage: index.passages[figure.passage]!,
    document: index.documents[figure.doc]!,
  }));
  const rarity: TermRarity = {
    passageCount: index.passages.length,
    documentFrequency: (term) => (index.bm25.postings[term]?.length ?? 0) / 2,
  };

  it('writes out only the strongest discrepancies when asked for a few', () => {
    const all = findDiscrepancies(hits, rarity);
    expect(all.length).toBeGreaterThan(MAX_DISCREPANCIES);
    expect(searchDiscrepancies(hits).find(rarity, MAX_DISCREPANCIES)).toEqual(all.slice(0, MAX_DISCREPANCIES));
  });

  it('notes at most MAX_DISCREPANCIES on a figure card, each involving the leading figure or one of its value', async () => {
    const answer = await passagesForFigure(memorySource(index), {
      kind: 'people',
      value: 300,
      place: 'Fresno',
      // Not the corpus sentence word for word: a card leaves out the passage that holds the page's own sentence.
      context: 'Agents arrested 300 people at a Fresno almond packing plant on Tuesday.',
    });
    expect(answer.hits[0]!.figure.value).toBe(300);
    expect(answer.discrepancies).toHaveLength(MAX_DISCREPANCIES);
    for (const { figures, summary } of answer.discrepancies) {
      expect(summary).toMatch(/^Accounts differ: /);
      expect(figures.some((hit) => hit.figure.value >= 300 && hit.figure.value <= 330)).toBe(true);
    }
  });
});
