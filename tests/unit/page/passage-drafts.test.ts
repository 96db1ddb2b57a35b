import { beforeAll, describe, expect, it } from 'vitest';
import { passagesOfFigures } from '../../../src/card/figure-hits';
import { passagesForFigure, type FigureAnswer } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { passageDrafts } from '../../../src/page/annotations/passage-drafts';
import { bundledCorpusIndex } from '../helpers/corpus';

let arrests: FigureAnswer;
beforeAll(async () => {
  const source = memorySource(await bundledCorpusIndex());
  arrests = await passagesForFigure(source, { kind: 'arrests', value: 167, place: 'Los Angeles County', limit: 30 });
});

describe('passageDrafts', () => {
  it("offers a figure card's passages once each, in the card's order, with the chosen one ticked", () => {
    const shownOnCard = passagesOfFigures(arrests.hits);
    // The 2017 city list holds several of the figures, so the answer repeats it.
    expect(arrests.hits.length).toBeGreaterThan(shownOnCard.length);
    const chosen = shownOnCard[1]!;
    const drafts = passageDrafts(arrests.hits, chosen);
    expect(drafts.map((draft) => draft.passageId)).toEqual(shownOnCard.map((hit) => hit.passage.id));
    expect(drafts.map((draft) => draft.text)).toEqual(shownOnCard.map((hit) => hit.passage.text));
    expect(drafts.filter((draft) => draft.checked).map((draft) => draft.passageId)).toEqual([chosen.passage.id]);
    expect(drafts[1]).toMatchObject({ title: chosen.document.title, checked: true });
  });
});
